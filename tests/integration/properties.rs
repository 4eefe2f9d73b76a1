//! Property tests over generated models, driven through the library in
//! memory: a small statement of operations (revenue, expense lines into a
//! total, other income, income before taxes, a subtracted income-tax line,
//! net income) for 9M and FY of one year, with totals that foot, and up to
//! six exclude-line / exclude-amounts adjustments taxed nil, at a rate, or
//! by stated amounts. Q4 is derived (FY less 9M).
//!
//! Each property runs `RECONCILE_PROPTEST_CASES` cases (64 by default, so CI
//! stays fast). For a longer hunt, 10,000 cases each:
//!
//! ```text
//! RECONCILE_PROPTEST_CASES=10000 cargo test --release --test integration properties
//! ```
//!
//! Every generated model is meant to be valid: a load error is a failure.

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use reconcile::cli::choose_periods;
use reconcile::diagnostic::render_all;
use reconcile::engine::{self, AdjustedStatement};
use reconcile::load;
use reconcile::model::{Adjustment, NonGaapMeasure, Statement};
use reconcile::report::{self, Cell, Format, RowStyle, Scale, number};
use reconcile::source::SourceFile;
use reconcile::view;
use rust_decimal::Decimal;

/// Cases per property: `RECONCILE_PROPTEST_CASES`, else 64.
pub(crate) fn config() -> ProptestConfig {
    let cases = std::env::var("RECONCILE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

const MAX_EXPENSES: usize = 4;
const MAX_ADJUSTMENTS: usize = 6;

/// The reported figures of one period: the leaves; totals are computed.
#[derive(Debug, Clone)]
struct Figures {
    revenue: i64,
    /// `MAX_EXPENSES` of them; the model uses the first `expense_lines`.
    expenses: Vec<i64>,
    other_income: i64,
    income_tax: i64,
    basic: u32,
    extra_diluted: u32,
}

/// How an adjustment is taxed. `Amounts` holds, per period (9M, FY), the
/// percentage of the pre-tax effect stated as the tax effect, opposite in
/// sign and smaller (0..100).
#[derive(Debug, Clone, Copy)]
enum Tax {
    Nil,
    Rate,
    Amounts([i64; 2]),
}

/// An adjustment as generated, before overlaps are resolved.
#[derive(Debug, Clone)]
struct AdjustmentSpec {
    whole: bool,
    line: usize,
    parts: Vec<(usize, [i64; 2])>,
    tax: Tax,
}

#[derive(Debug, Clone)]
enum Rule {
    /// Exclude a leaf line in full.
    Line(usize),
    /// Exclude stated amounts (9M, FY) inside distinct leaf lines.
    Amounts(Vec<(usize, [i64; 2])>),
}

#[derive(Debug, Clone)]
struct Planned {
    rule: Rule,
    tax: Tax,
}

/// A valid model: no amount is excluded twice.
#[derive(Debug, Clone)]
struct Model {
    year: u16,
    expense_lines: usize,
    /// 9M, then FY.
    periods: [Figures; 2],
    adjustments: Vec<Planned>,
}

fn amount(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = i64> {
    prop_oneof![1 => Just(0i64), 6 => range]
}

fn figures() -> impl Strategy<Value = Figures> {
    (
        amount(0..=5_000_000),
        prop::collection::vec(amount(-100_000..=2_000_000), MAX_EXPENSES),
        amount(-200_000..=200_000),
        amount(-300_000..=600_000),
        1u32..=1_000_000,
        0u32..=50_000,
    )
        .prop_map(
            |(revenue, expenses, other_income, income_tax, basic, extra_diluted)| Figures {
                revenue,
                expenses,
                other_income,
                income_tax,
                basic,
                extra_diluted,
            },
        )
}

fn tax() -> impl Strategy<Value = Tax> {
    prop_oneof![
        Just(Tax::Nil),
        Just(Tax::Rate),
        (0i64..100, 0i64..100).prop_map(|(a, b)| Tax::Amounts([a, b])),
    ]
}

fn adjustment_spec() -> impl Strategy<Value = AdjustmentSpec> {
    (
        any::<bool>(),
        0usize..16,
        prop::collection::vec(
            (
                0usize..16,
                amount(-500_000..=500_000),
                amount(-500_000..=500_000),
            )
                .prop_map(|(line, a, b)| (line, [a, b])),
            1..=3,
        ),
        tax(),
    )
        .prop_map(|(whole, line, parts, tax)| AdjustmentSpec {
            whole,
            line,
            parts,
            tax,
        })
}

fn model_with(adjustments: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Model> {
    (
        2001u16..=2030,
        1usize..=MAX_EXPENSES,
        figures(),
        figures(),
        prop::collection::vec(adjustment_spec(), adjustments),
    )
        .prop_map(|(year, expense_lines, nine, fy, specs)| Model {
            year,
            expense_lines,
            periods: [nine, fy],
            adjustments: plan(expense_lines, specs),
        })
}

fn model() -> impl Strategy<Value = Model> {
    model_with(0..=MAX_ADJUSTMENTS)
}

/// Resolves the generated adjustments into valid ones: a line excluded in
/// full is touched by no other adjustment (double exclusion is refused by
/// design); an exclude-amounts adjustment names each line once.
fn plan(expense_lines: usize, specs: Vec<AdjustmentSpec>) -> Vec<Planned> {
    let leaves = expense_lines + 2;
    let mut whole = vec![false; leaves];
    let mut used = vec![false; leaves];
    let mut planned = Vec::new();
    for spec in specs {
        if spec.whole {
            let start = spec.line % leaves;
            if let Some(l) = (0..leaves)
                .map(|k| (start + k) % leaves)
                .find(|&l| !used[l])
            {
                whole[l] = true;
                used[l] = true;
                planned.push(Planned {
                    rule: Rule::Line(l),
                    tax: spec.tax,
                });
                continue;
            }
        }
        let mut parts: Vec<(usize, [i64; 2])> = Vec::new();
        for (line, amounts) in spec.parts {
            let l = line % leaves;
            if !whole[l] && !parts.iter().any(|(p, _)| *p == l) {
                parts.push((l, amounts));
            }
        }
        if parts.is_empty() {
            continue;
        }
        for (l, _) in &parts {
            used[*l] = true;
        }
        planned.push(Planned {
            rule: Rule::Amounts(parts),
            tax: spec.tax,
        });
    }
    planned
}

impl Model {
    /// Leaf ids: revenue, the expenses, other income.
    fn leaf_id(&self, leaf: usize) -> String {
        match leaf {
            0 => "revenue".to_string(),
            l if l <= self.expense_lines => format!("expense_{l}"),
            _ => "other_income".to_string(),
        }
    }

    /// How one unit of a leaf enters income before taxes.
    fn leaf_sign(&self, leaf: usize) -> i64 {
        if leaf == 0 || leaf > self.expense_lines {
            1
        } else {
            -1
        }
    }

    fn leaf_value(&self, leaf: usize, period: usize) -> i64 {
        let f = &self.periods[period];
        match leaf {
            0 => f.revenue,
            l if l <= self.expense_lines => f.expenses[l - 1],
            _ => f.other_income,
        }
    }

    fn period_ids(&self) -> [String; 2] {
        [format!("9M-{}", self.year), format!("FY-{}", self.year)]
    }

    fn q4(&self) -> String {
        format!("Q4-{}", self.year)
    }

    /// An adjustment's effect on income before taxes in a period.
    fn pretax_effect(&self, adjustment: &Planned, period: usize) -> i64 {
        match &adjustment.rule {
            Rule::Line(l) => -self.leaf_value(*l, period) * self.leaf_sign(*l),
            Rule::Amounts(parts) => parts
                .iter()
                .map(|(l, amounts)| -amounts[period] * self.leaf_sign(*l))
                .sum(),
        }
    }

    fn statement_toml(&self) -> String {
        let mut out = String::from(
            "[entity]\nname = \"Generated Corp.\"\nfiscal_year_end = \"12-31\"\nunits = \"thousands\"\n",
        );
        let mut line = |id: &str, label: &str, extra: &str| {
            out.push_str(&format!(
                "\n[[line_item]]\nid = \"{id}\"\nlabel = \"{label}\"\nstatement = \"operations\"\n{extra}"
            ));
        };
        line(
            "revenue",
            "Revenue",
            "rolls_up_to = \"operating_income\"\nmeasure = \"revenue\"\n",
        );
        for k in 1..=self.expense_lines {
            line(
                &format!("expense_{k}"),
                &format!("Expense {k}"),
                "rolls_up_to = \"total_expenses\"\n",
            );
        }
        line(
            "total_expenses",
            "Total operating expenses",
            "rolls_up_to = \"operating_income\"\nsign = \"subtract\"\nmeasure = \"operating-expenses\"\n",
        );
        line(
            "operating_income",
            "Operating income (loss)",
            "rolls_up_to = \"pretax_income\"\nmeasure = \"operating-income\"\n",
        );
        line(
            "other_income",
            "Other income (expense), net",
            "rolls_up_to = \"pretax_income\"\n",
        );
        line(
            "pretax_income",
            "Income (loss) before income taxes",
            "rolls_up_to = \"net_income\"\nmeasure = \"pretax-income\"\n",
        );
        line(
            "income_tax",
            "Provision for (benefit from) income taxes",
            "rolls_up_to = \"net_income\"\nsign = \"subtract\"\nmeasure = \"income-tax\"\n",
        );
        line(
            "net_income",
            "Net income (loss)",
            "measure = \"net-income\"\n",
        );
        let y = self.year;
        for (p, (id, end)) in self
            .period_ids()
            .iter()
            .zip([format!("{y}-09-30"), format!("{y}-12-31")])
            .enumerate()
        {
            let f = &self.periods[p];
            let expenses = &f.expenses[..self.expense_lines];
            let total_expenses: i64 = expenses.iter().sum();
            let operating = f.revenue - total_expenses;
            let pretax = operating + f.other_income;
            let net = pretax - f.income_tax;
            out.push_str(&format!(
                "\n[[period]]\nid = \"{id}\"\nkind = \"duration\"\nstart = {y}-01-01\nend = {end}\n\n[period.values]\nrevenue = {}\n",
                f.revenue
            ));
            for (k, e) in expenses.iter().enumerate() {
                out.push_str(&format!("expense_{} = {e}\n", k + 1));
            }
            out.push_str(&format!(
                "total_expenses = {total_expenses}\noperating_income = {operating}\nother_income = {}\npretax_income = {pretax}\nincome_tax = {}\nnet_income = {net}\n",
                f.other_income, f.income_tax
            ));
            out.push_str(&format!(
                "\n[period.shares]\nbasic = {}\ndiluted = {}\n",
                f.basic,
                f.basic + f.extra_diluted
            ));
        }
        out
    }

    fn adjustment_toml(&self, i: usize) -> String {
        let adjustment = &self.adjustments[i];
        let ids = self.period_ids();
        let mut out = format!("id = \"adj_{i}\"\nlabel = \"Adjustment {i}\"\n");
        match &adjustment.rule {
            Rule::Line(l) => out.push_str(&format!(
                "kind = \"exclude-line\"\nline = \"{}\"\nrationale = \"Generated: excludes a line.\"\n",
                self.leaf_id(*l)
            )),
            Rule::Amounts(parts) => {
                out.push_str(
                    "kind = \"exclude-amounts\"\nrationale = \"Generated: excludes amounts.\"\n",
                );
                for (l, amounts) in parts {
                    out.push_str(&format!(
                        "\n[[exclude]]\nline = \"{}\"\namounts = {{ \"{}\" = {}, \"{}\" = {} }}\n",
                        self.leaf_id(*l),
                        ids[0],
                        amounts[0],
                        ids[1],
                        amounts[1]
                    ));
                }
            }
        }
        match adjustment.tax {
            Tax::Nil => out.push_str(
                "\n[tax]\ntreatment = \"nil\"\nreason = \"Generated: not deductible.\"\n",
            ),
            Tax::Rate => out.push_str("\n[tax]\ntreatment = \"rate\"\nrate = \"0.25\"\n"),
            Tax::Amounts(percent) => {
                out.push_str("\n[tax]\ntreatment = \"amounts\"\n\n[tax.amounts]\n");
                for p in 0..2 {
                    // Opposite in sign to the pre-tax effect, and smaller.
                    let tax = -(self.pretax_effect(adjustment, p) * percent[p] / 100);
                    out.push_str(&format!("\"{}\" = {tax}\n", ids[p]));
                }
            }
        }
        out
    }
}

/// Loads the model through the library; the adjustment files are given in
/// file order, or reversed.
fn load(model: &Model, reversed: bool) -> (Statement, Vec<Adjustment>) {
    let text = model.statement_toml();
    let file = SourceFile::new("statements/generated.toml", text.as_str());
    let statement = load::statement_from_source(&file).unwrap_or_else(|e| {
        panic!(
            "the generated statement is refused:\n{}\n--- file ---\n{text}",
            render_all(&e, "errors")
        )
    });
    let mut order: Vec<usize> = (0..model.adjustments.len()).collect();
    if reversed {
        order.reverse();
    }
    let parsed: Vec<_> = order
        .iter()
        .map(|&i| {
            let text = model.adjustment_toml(i);
            load::parse_adjustment(SourceFile::new(
                format!("adjustments/adj_{i}.toml"),
                text.as_str(),
            ))
            .unwrap_or_else(|d| panic!("adjustment {i} does not parse:\n{d}\n--- file ---\n{text}"))
        })
        .collect();
    let adjustments = load::validate_adjustments(parsed, &statement).unwrap_or_else(|e| {
        let files: Vec<String> = order.iter().map(|&i| model.adjustment_toml(i)).collect();
        panic!(
            "the generated adjustments are refused:\n{}\n--- files ---\n{}",
            render_all(&e, "errors"),
            files.join("\n---\n")
        )
    });
    (statement, adjustments)
}

/// Indices of 9M, FY and the derived Q4.
fn periods(model: &Model, statement: &mut Statement) -> [usize; 3] {
    let [nine, fy] = model.period_ids();
    let spec = format!("{nine},{fy},{}", model.q4());
    let chosen = choose_periods(statement, Some(&spec))
        .unwrap_or_else(|d| panic!("periods {spec} are not chosen:\n{d}"));
    assert_eq!(chosen.len(), 3, "{spec}");
    [chosen[0], chosen[1], chosen[2]]
}

fn adjusted(model: &Model, reversed: bool) -> (Statement, Vec<Adjustment>, AdjustedStatement) {
    let (mut statement, adjustments) = load(model, reversed);
    let chosen = periods(model, &mut statement);
    let adjusted = engine::adjust(&statement, &adjustments, &chosen)
        .unwrap_or_else(|d| panic!("the engine refuses a valid model:\n{d}"));
    (statement, adjustments, adjusted)
}

/// One CSV record: fields split on commas outside quotes, quotes undone.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

proptest! {
    #![proptest_config(config())]

    /// Every line of every period foots: non-GAAP = GAAP + effects + taxes.
    #[test]
    fn every_line_is_gaap_plus_effects_plus_taxes(model in model()) {
        let (statement, adjustments, adjusted) = adjusted(&model, false);
        prop_assert_eq!(adjusted.columns.len(), 3);
        for (c, column) in adjusted.columns.iter().enumerate() {
            prop_assert_eq!(column.len(), statement.line_items.len());
            for (l, figures) in column.iter().enumerate() {
                let id = &statement.line_items[l].id;
                prop_assert_eq!(figures.effects.len(), adjustments.len());
                prop_assert_eq!(figures.taxes.len(), adjustments.len());
                // Every line of the generated model has a value.
                let gaap = figures.gaap;
                prop_assert!(gaap.is_some(), "{} has no GAAP value in column {}", id, c);
                let Some(gaap) = gaap else { continue };
                let expected = gaap
                    + figures.effects.iter().sum::<Decimal>()
                    + figures.taxes.iter().sum::<Decimal>();
                prop_assert_eq!(figures.non_gaap, Some(expected), "line {} column {}", id, c);
            }
        }
    }

    /// The order of the adjustment files changes no non-GAAP figure.
    #[test]
    fn the_order_of_the_adjustment_files_changes_no_figure(model in model_with(2..=MAX_ADJUSTMENTS)) {
        let (statement, _, forward) = adjusted(&model, false);
        let (_, _, backward) = adjusted(&model, true);
        for c in 0..forward.columns.len() {
            for (l, (f, b)) in forward.columns[c].iter().zip(&backward.columns[c]).enumerate() {
                let id = &statement.line_items[l].id;
                prop_assert_eq!(f.gaap, b.gaap, "GAAP of {} in column {}", id, c);
                prop_assert_eq!(f.non_gaap, b.non_gaap, "non-GAAP of {} in column {}", id, c);
            }
        }
    }

    /// Without adjustments, non-GAAP is GAAP on every line.
    #[test]
    fn without_adjustments_non_gaap_is_gaap(model in model_with(0..=0)) {
        prop_assert!(model.adjustments.is_empty());
        let (statement, _, adjusted) = adjusted(&model, false);
        for (c, column) in adjusted.columns.iter().enumerate() {
            for (l, figures) in column.iter().enumerate() {
                let id = &statement.line_items[l].id;
                prop_assert!(figures.gaap.is_some(), "{} has no GAAP value", id);
                prop_assert_eq!(figures.non_gaap, figures.gaap, "line {} column {}", id, c);
                prop_assert!(figures.effects.is_empty() && figures.taxes.is_empty());
            }
        }
    }

    /// The derived Q4 is FY less 9M on every line, GAAP and non-GAAP.
    #[test]
    fn derived_q4_is_fy_less_nine_months(model in model()) {
        let (statement, _, adjusted) = adjusted(&model, false);
        prop_assert!(adjusted.periods[2].derived.is_some(), "Q4 is not derived");
        let [nine, fy, q4] = [&adjusted.columns[0], &adjusted.columns[1], &adjusted.columns[2]];
        for l in 0..statement.line_items.len() {
            let id = &statement.line_items[l].id;
            let less = |a: Option<Decimal>, b: Option<Decimal>| a.zip(b).map(|(a, b)| a - b);
            prop_assert!(fy[l].gaap.is_some() && nine[l].gaap.is_some());
            prop_assert_eq!(q4[l].gaap, less(fy[l].gaap, nine[l].gaap), "GAAP of {}", id);
            prop_assert_eq!(
                q4[l].non_gaap,
                less(fy[l].non_gaap, nine[l].non_gaap),
                "non-GAAP of {}",
                id
            );
        }
    }

    /// The net-income reconciliation as CSV reads back, row by row, as the
    /// figures rounded as printed.
    #[test]
    fn csv_reads_back_as_the_rounded_figures(model in model()) {
        let (mut statement, adjustments) = load(&model, false);
        let chosen = periods(&model, &mut statement);
        let rec = view::reconcile(&statement, &adjustments, &chosen, &[NonGaapMeasure::NetIncome])
            .unwrap_or_else(|d| panic!("no reconciliation of a valid model:\n{d}"));
        let scale = Scale::model(statement.entity.units);
        let table = report::reconciliation_table(&rec, scale);
        let csv = report::render(std::slice::from_ref(&table), Format::Csv);
        let records: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
        let rows: Vec<&report::Row> =
            table.rows.iter().filter(|r| r.style != RowStyle::Blank).collect();
        prop_assert_eq!(records.len(), rows.len() + 1, "{}", csv);
        prop_assert_eq!(records[0].len(), chosen.len() + 1, "header: {}", csv);
        let block = rec.amount(NonGaapMeasure::NetIncome).expect("net income block");
        // Parsed figures, by row; a money figure is a plain number.
        let mut parsed: Vec<(String, Vec<Decimal>)> = Vec::new();
        for (record, row) in records[1..].iter().zip(&rows) {
            prop_assert_eq!(record.len(), chosen.len() + 1, "row: {:?}", record);
            prop_assert_eq!(&record[0], &row.label);
            let mut values = Vec::new();
            for (text, cell) in record[1..].iter().zip(&row.cells) {
                let Cell::Money(exact) = cell else {
                    prop_assert!(false, "a cell that is not money in {:?}: {:?}", row.label, cell);
                    unreachable!();
                };
                prop_assert!(
                    text.chars().all(|c| c.is_ascii_digit() || c == '-'),
                    "not a plain number: {:?} in {:?}", text, row.label
                );
                let value: Decimal = text.parse().map_err(|e| {
                    TestCaseError::fail(format!("{text:?} in {:?} is not a number: {e}", row.label))
                })?;
                let rounded = number::round(*exact, 0);
                prop_assert_eq!(value, rounded, "{:?}: {} printed for {}", row.label, text, exact);
                // A negative figure that rounds to zero keeps its sign.
                let negative_zero = rounded.is_zero() && exact.is_sign_negative() && !exact.is_zero();
                prop_assert_eq!(text.starts_with('-'), rounded.is_sign_negative() || negative_zero,
                    "sign of {} printed for {}", text, exact);
                values.push(value);
            }
            parsed.push((record[0].clone(), values));
        }
        // The rows are the block's figures: GAAP first, each adjustment that
        // moves net income, the combined tax effect, non-GAAP last.
        let round = |v: Decimal| number::round(v, 0);
        let column = |f: &dyn Fn(&view::AmountColumn) -> Decimal| -> Vec<Decimal> {
            block.columns.iter().map(|c| round(f(c))).collect()
        };
        let (first, rest) = parsed.split_first().expect("a GAAP row");
        let (last, middle) = rest.split_last().expect("a non-GAAP row");
        prop_assert!(first.0.starts_with(&block.gaap_label), "{}", first.0);
        prop_assert_eq!(&first.1, &column(&|c| c.gaap));
        prop_assert!(last.0.starts_with(&block.non_gaap_label), "{}", last.0);
        prop_assert_eq!(&last.1, &column(&|c| c.non_gaap));
        let mut expected: Vec<(String, Vec<Decimal>)> = Vec::new();
        for (a, summary) in rec.adjustments.iter().enumerate() {
            if block.moves[a] && !summary.tax_only {
                expected.push((summary.label.clone(), column(&|c| c.effects[a])));
            }
        }
        // Every adjustment here is taxed (nil, rate or amounts), none on a
        // row of its own: one combined income-tax row.
        if !model.adjustments.is_empty() {
            expected.push((
                "Income tax effect of adjustments".to_string(),
                column(&|c| c.tax),
            ));
        }
        prop_assert_eq!(middle.len(), expected.len(), "rows: {:?}", parsed);
        for ((label, values), (want_label, want)) in middle.iter().zip(&expected) {
            let marked = label == want_label
                || label
                    .strip_prefix(want_label.as_str())
                    .is_some_and(|mark| mark.starts_with(" ("));
            prop_assert!(marked, "row {:?} where {:?} was expected", label, want_label);
            prop_assert_eq!(values, want, "{}", label);
        }
        // Every adjustment of the model moves net income.
        prop_assert_eq!(
            expected.iter().filter(|(l, _)| l.starts_with("Adjustment ")).count(),
            model.adjustments.len()
        );
    }
}

//! Property tests of declared measures over generated models, through the
//! library in memory: the noncontrolling interests' share of adjustments,
//! balances at a date and on average, and annualized ratios. Cases per
//! property: `RECONCILE_PROPTEST_CASES` (64 by default), as in
//! `properties.rs`.

use proptest::prelude::*;
use reconcile::diagnostic::render_all;
use reconcile::load;
use reconcile::model::{LineId, NonGaapMeasure, Statement};
use reconcile::source::SourceFile;
use reconcile::{engine, view};
use rust_decimal::Decimal;

use crate::properties::config;

/// A year of flows, an opening and a closing balance sheet, and a
/// noncontrolling interest in the consolidated result.
#[derive(Debug, Clone)]
struct Company {
    revenue: i64,
    expenses: i64,
    nci: i64,
    /// Opening, then closing: equity, goodwill.
    equity: [i64; 2],
    goodwill: [i64; 2],
    /// Stated average equity, if the release gives one.
    stated_average: Option<i64>,
    /// Amounts excluded from expenses, each taxed at `rate` percent.
    exclusions: Vec<(i64, u8)>,
    /// The noncontrolling share, in hundredths.
    share: u8,
    /// Day-count convention, or a stated factor.
    annualize: usize,
}

fn company() -> impl Strategy<Value = Company> {
    (
        (0i64..=1_000_000, 0i64..=1_000_000, -50_000i64..=50_000),
        (
            [1i64..=900_000, 1i64..=900_000],
            [0i64..=100_000, 0i64..=100_000],
            prop::option::of(1i64..=900_000),
        ),
        prop::collection::vec((-50_000i64..=50_000, 0u8..=40), 0..=4),
        0u8..=100,
        0usize..5,
    )
        .prop_map(
            |(
                (revenue, expenses, nci),
                (equity, goodwill, stated_average),
                exclusions,
                share,
                annualize,
            )| {
                Company {
                    revenue,
                    expenses,
                    nci,
                    equity,
                    goodwill,
                    stated_average,
                    exclusions,
                    share,
                    annualize,
                }
            },
        )
}

const CONVENTIONS: [&str; 4] = ["months", "actual/365", "actual/360", "actual/actual"];

impl Company {
    fn statement(&self) -> String {
        let consolidated = self.revenue - self.expenses;
        let annualize = match self.annualize {
            4 => "annualize_factor = 4".to_string(),
            i => format!("annualize = \"{}\"", CONVENTIONS[i]),
        };
        let average = self
            .stated_average
            .map(|a| format!("[period.averages]\nequity = {a}\n"))
            .unwrap_or_default();
        format!(
            r#"[entity]
name = "Generated"
fiscal_year_end = "12-31"
units = "thousands"

[[line_item]]
id = "revenue"
label = "Revenue"
statement = "operations"
rolls_up_to = "net_income"
measure = "revenue"

[[line_item]]
id = "expenses"
label = "Expenses"
statement = "operations"
rolls_up_to = "net_income"
sign = "subtract"

[[line_item]]
id = "income_tax"
label = "Income tax expense"
statement = "operations"
rolls_up_to = "net_income"
sign = "subtract"
measure = "income-tax"

[[line_item]]
id = "net_income"
label = "Net income"
statement = "operations"
rolls_up_to = "net_income_parent"

[[line_item]]
id = "nci"
label = "Net income attributable to noncontrolling interests"
statement = "operations"
rolls_up_to = "net_income_parent"
sign = "subtract"

[[line_item]]
id = "net_income_parent"
label = "Net income attributable to the parent"
statement = "operations"
measure = "net-income"

[[line_item]]
id = "equity"
label = "Equity"
statement = "balance-sheet"

[[line_item]]
id = "goodwill"
label = "Goodwill"
statement = "balance-sheet"

[[measure]]
id = "average_tangible_equity"
label = "Average tangible equity"
kind = "performance"
start = "equity"
subtract = ["goodwill"]
balance = "average"

[[measure]]
id = "adjusted_income"
label = "Adjusted net income attributable to the parent"
kind = "performance"
start = "net_income_parent"

[[ratio]]
id = "return"
label = "Return on average tangible equity"
numerator = "adjusted_income"
denominator = "average_tangible_equity"
{annualize}

[[period]]
id = "Q2-2024"
kind = "duration"
start = 2024-04-01
end = 2024-06-30

[period.values]
revenue = {revenue}
expenses = {expenses}
income_tax = 0
net_income = {consolidated}
nci = {nci}
net_income_parent = {parent}

{average}
[[period]]
id = "2024-03-31"
kind = "instant"
date = 2024-03-31

[period.values]
equity = {e0}
goodwill = {g0}

[[period]]
id = "2024-06-30"
kind = "instant"
date = 2024-06-30

[period.values]
equity = {e1}
goodwill = {g1}
"#,
            revenue = self.revenue,
            expenses = self.expenses,
            nci = self.nci,
            parent = consolidated - self.nci,
            e0 = self.equity[0],
            e1 = self.equity[1],
            g0 = self.goodwill[0],
            g1 = self.goodwill[1],
        )
    }

    fn adjustments(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .exclusions
            .iter()
            .enumerate()
            .map(|(i, (amount, rate))| {
                format!(
                    "id = \"a{i}\"\nlabel = \"Adjustment {i}\"\nkind = \"exclude-amounts\"\nrationale = \"Generated.\"\n\n\
                     [[exclude]]\nline = \"expenses\"\namounts = {{ \"Q2-2024\" = {amount} }}\n\n\
                     [tax]\ntreatment = \"rate\"\nrate = \"0.{rate:02}\"\n"
                )
            })
            .collect();
        files.push(format!(
            "id = \"nci_share\"\nlabel = \"Noncontrolling share\"\nkind = \"noncontrolling-share\"\nline = \"nci\"\n\
             share = \"{}\"\nrationale = \"Generated.\"\n",
            Decimal::new(i64::from(self.share), 2)
        ));
        files
    }
}

fn loaded(c: &Company) -> (Statement, Vec<reconcile::model::Adjustment>) {
    let text = c.statement();
    let file = SourceFile::new("statements/generated.toml", text.as_str());
    let statement = load::statement_from_source(&file)
        .unwrap_or_else(|e| panic!("refused:\n{}\n{text}", render_all(&e, "errors")));
    let parsed: Vec<_> = c
        .adjustments()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            load::parse_adjustment(SourceFile::new(format!("adjustments/{i}.toml"), t.as_str()))
                .unwrap_or_else(|d| panic!("{d}\n{t}"))
        })
        .collect();
    let adjustments = load::validate_adjustments(parsed, &statement)
        .unwrap_or_else(|e| panic!("refused:\n{}", render_all(&e, "errors")));
    (statement, adjustments)
}

proptest! {
    #![proptest_config(config())]

    /// The noncontrolling row is minus the share of the other adjustments'
    /// after-tax effect, exactly; it reaches the parent's result and not the
    /// consolidated one; every line still foots: GAAP + effects + taxes.
    #[test]
    fn the_noncontrolling_share_is_the_share_of_the_after_tax_adjustments(c in company()) {
        let (statement, adjustments) = loaded(&c);
        let adjusted = engine::adjust(&statement, &adjustments, &[0]).unwrap();
        let share = adjusted.adjustments.iter().position(|a| a.id == "nci_share").unwrap();
        let parent = view::reconciliation(&statement, &adjusted, &[NonGaapMeasure::NetIncome]).unwrap();
        let block = parent.amount(NonGaapMeasure::NetIncome).unwrap();
        let column = &block.columns[0];
        let others: Decimal = (0..adjusted.adjustments.len())
            .filter(|&a| a != share)
            .map(|a| column.effects[a] + column.taxes[a])
            .sum();
        let fraction = Decimal::new(i64::from(c.share), 2);
        prop_assert_eq!(column.effects[share], -(fraction * others));
        let sum: Decimal = column.effects.iter().chain(&column.taxes).sum();
        prop_assert_eq!(column.gaap + sum, column.non_gaap);
        let consolidated = view::reconciliation(&statement, &adjusted, &[NonGaapMeasure::Line(LineId(3))]).unwrap();
        let block = consolidated.amount(NonGaapMeasure::Line(LineId(3))).unwrap();
        prop_assert!(!block.moves[share]);
        prop_assert_eq!(block.columns[0].non_gaap, block.columns[0].gaap + others);
        for line in &adjusted.columns[0] {
            if let (Some(g), Some(n)) = (line.gaap, line.non_gaap) {
                let s: Decimal = line.effects.iter().chain(&line.taxes).sum();
                prop_assert_eq!(g + s, n);
            }
        }
    }

    /// An average balance is the stated one, or the mean of the opening and
    /// closing balances; the annualized return is the quarter's income times
    /// the convention's factor over it.
    #[test]
    fn averages_and_annualized_returns_follow_their_definitions(c in company()) {
        let (statement, adjustments) = loaded(&c);
        let adjusted = engine::adjust(&statement, &adjustments, &[0]).unwrap();
        let measures = [NonGaapMeasure::Declared(0), NonGaapMeasure::Declared(1), NonGaapMeasure::Ratio(0)];
        let rec = view::reconciliation(&statement, &adjusted, &measures).unwrap();
        let average = &rec.amount(NonGaapMeasure::Declared(0)).unwrap().columns[0];
        let equity = match c.stated_average {
            Some(a) => Decimal::from(a),
            None => Decimal::from(c.equity[0] + c.equity[1]) / Decimal::TWO,
        };
        let goodwill = Decimal::from(c.goodwill[0] + c.goodwill[1]) / Decimal::TWO;
        prop_assert_eq!(average.gaap, equity);
        prop_assert_eq!(average.non_gaap, equity - goodwill);
        let income = rec.amount(NonGaapMeasure::Declared(1)).unwrap().columns[0].non_gaap;
        // April to June 2024: 91 days, 3 months; the year to June 30, 2024
        // holds Feb. 29: 366 days.
        let factor = match c.annualize {
            0 => Decimal::from(4),
            1 => Decimal::from(365) / Decimal::from(91),
            2 => Decimal::from(360) / Decimal::from(91),
            3 => Decimal::from(366) / Decimal::from(91),
            _ => Decimal::from(4),
        };
        let ratio = rec.ratio(NonGaapMeasure::Ratio(0)).unwrap();
        let expected = reconcile::model::percent(income * factor, equity - goodwill);
        prop_assert_eq!(ratio.columns[0].and_then(|m| m.non_gaap), expected);
    }
}

//! The adjusted statement and its views on synthetic fixtures: any line as a
//! measure, margins, the matrix, components of either sign, add-ins, a
//! continuing-operations bottom line, free cash flow, reconciliation-only
//! periods. Figures are asserted; each table is also snapshotted.

use std::path::PathBuf;

use crate::snapshot;
use crate::support::{fixture_args, money, per_share, root, run};
use reconcile::engine::{self, AdjustedStatement};
use reconcile::load;
use reconcile::model::{NonGaapMeasure, Statement};
use reconcile::view::{self, MatrixColumn, Reconciliation};
use rust_decimal::Decimal;

/// A fixture's statement model and adjustments, loaded through the library.
fn load_fixture(case: &str) -> (Statement, Vec<reconcile::model::Adjustment>) {
    let base = root().join("tests/fixtures").join(case);
    let path = load::find_statement(&base.join("statements"), None).expect("statements");
    let statement = load::load_statement(&path).expect("valid statements");
    let adjustments =
        load::load_adjustments(&[base.join("adjustments")], &statement).expect("valid adjustments");
    (statement, adjustments)
}

fn adjusted(case: &str, period: &str) -> (Statement, AdjustedStatement) {
    let (mut statement, adjustments) = load_fixture(case);
    let chosen = reconcile::cli::choose_periods(&mut statement, Some(period)).expect("period");
    let adjusted = engine::adjust(&statement, &adjustments, &chosen).expect("adjusts");
    (statement, adjusted)
}

fn measures(case: &str, periods: Option<&str>, measures: &[&str]) -> Reconciliation {
    let (mut statement, adjustments) = load_fixture(case);
    let chosen = reconcile::cli::choose_periods(&mut statement, periods).expect("periods");
    let specs: Vec<String> = measures.iter().map(|m| m.to_string()).collect();
    let measures = NonGaapMeasure::parse_list(&specs, &statement).expect("known measures");
    view::reconcile(&statement, &adjustments, &chosen, &measures).expect("reconciles")
}

/// GAAP and non-GAAP of a line in the first column, as printed.
fn line(statement: &Statement, adjusted: &AdjustedStatement, id: &str) -> (String, String) {
    let l = statement.line_id(id).expect("line");
    let f = &adjusted.columns[0][l.0];
    (
        money(f.gaap.expect("gaap")),
        money(f.non_gaap.expect("non-GAAP")),
    )
}

fn snapshot_run(case: &str, name: &str, extra: &[&str]) -> String {
    let mut args = fixture_args(case);
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{case}: {}", out.stderr);
    snapshot!(name, out.stdout.clone());
    out.stdout
}

#[test]
fn every_line_holds_non_gaap_equal_to_gaap_plus_effects_plus_taxes() {
    let (statement, adjusted) = adjusted("matrix_seven_adjustments", "FY-2024");
    let mut checked = 0;
    for figures in &adjusted.columns[0] {
        let Some(gaap) = figures.gaap else { continue };
        let sum: Decimal =
            gaap + figures.effects.iter().sum::<Decimal>() + figures.taxes.iter().sum::<Decimal>();
        assert_eq!(Some(sum), figures.non_gaap);
        checked += 1;
    }
    assert_eq!(checked, statement.line_items.len());
    assert_eq!(
        line(&statement, &adjusted, "revenue"),
        ("10,000".into(), "10,100".into())
    );
    assert_eq!(
        line(&statement, &adjusted, "research_and_development"),
        ("1,500".into(), "1,350".into())
    );
    assert_eq!(
        line(&statement, &adjusted, "general_and_administrative"),
        ("1,000".into(), "700".into())
    );
    assert_eq!(
        line(&statement, &adjusted, "operating_income"),
        ("1,000".into(), "2,200".into())
    );
    assert_eq!(
        line(&statement, &adjusted, "other_income"),
        ("100".into(), "40".into())
    );
    assert_eq!(
        line(&statement, &adjusted, "income_tax"),
        ("275".into(), "530".into())
    );
    assert_eq!(
        line(&statement, &adjusted, "net_income"),
        ("825".into(), "1,710".into())
    );
}

#[test]
fn a_matrix_has_seven_adjustment_columns_in_the_release_order_and_a_tax_column() {
    let (statement, adjusted) = adjusted("matrix_seven_adjustments", "FY-2024");
    let ids: Vec<&str> = adjusted.adjustments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "deferred_revenue",
            "stock_based_compensation",
            "amortization",
            "restructuring",
            "acquisition_costs",
            "litigation",
            "gain_on_investment"
        ]
    );
    let matrix = view::matrix(&statement, &adjusted).unwrap();
    assert_eq!(matrix.columns.len(), 10);
    assert_eq!(matrix.columns[0], MatrixColumn::Gaap);
    assert!(matches!(matrix.columns[8], MatrixColumn::Tax(ref list) if list.len() == 7));
    assert_eq!(matrix.columns[9], MatrixColumn::NonGaap);
    let row = |label: &str| {
        matrix
            .rows
            .iter()
            .find(|r| r.label == label)
            .unwrap()
            .dense(matrix.columns.len())
            .iter()
            .map(|&(v, _)| money(v))
            .collect::<Vec<_>>()
    };
    // A row holds the figures of the adjustments that move its line, and
    // GAAP, the tax column and non-GAAP: not a zero per adjustment.
    let general = matrix
        .rows
        .iter()
        .find(|r| r.label == "General and administrative")
        .unwrap();
    let held: Vec<usize> = general.figures.iter().map(|f| f.column).collect();
    assert_eq!(held, [0, 2, 5, 6, 8, 9]);
    assert_eq!(
        row("General and administrative"),
        [
            "1,000", "-", "(100)", "-", "-", "(80)", "(120)", "-", "-", "700"
        ]
    );
    assert_eq!(
        row("Net income"),
        [
            "825", "100", "400", "300", "200", "80", "120", "(60)", "(255)", "1,710"
        ]
    );
    // Every row adds across.
    for r in matrix.rows.iter().filter(|r| r.per_share.is_none()) {
        let values: Vec<Decimal> = r
            .dense(matrix.columns.len())
            .iter()
            .map(|&(v, _)| v)
            .collect();
        let (last, parts) = values.split_last().unwrap();
        assert_eq!(parts.iter().sum::<Decimal>(), *last, "{}", r.label);
    }
    let diluted = matrix
        .rows
        .iter()
        .find(|r| r.label == "Per diluted share")
        .unwrap();
    let diluted = diluted.dense(matrix.columns.len());
    assert_eq!(per_share(diluted[0].0), "0.75");
    assert_eq!(per_share(diluted[9].0), "1.55");
    let text = snapshot_run(
        "matrix_seven_adjustments",
        "matrix_seven_adjustments",
        &["matrix"],
    );
    assert!(text.contains("Gain on sale of an"), "{text}");
}

#[test]
fn any_line_and_a_declared_ratio_are_measures_and_measure_repeats() {
    let rec = measures(
        "matrix_seven_adjustments",
        None,
        &[
            "research_and_development",
            "operating_margin",
            "net-income,eps",
        ],
    );
    let rd = rec
        .amount(NonGaapMeasure::Line(rd_line()))
        .expect("R&D block");
    assert_eq!(rd.gaap_label, "GAAP research and development");
    assert_eq!(money(rd.columns[0].gaap), "1,500");
    assert_eq!(money(rd.columns[0].non_gaap), "1,350");
    assert_eq!(
        rd.moves.iter().filter(|m| **m).count(),
        1,
        "only SBC is in R&D"
    );
    let margin = rec
        .ratio(NonGaapMeasure::Ratio(0))
        .expect("operating margin");
    assert_eq!(margin.places, 1);
    let m = margin.columns[0].unwrap();
    assert_eq!(
        reconcile::report::number::round(m.gaap.unwrap(), 1).to_string(),
        "10.0"
    );
    assert_eq!(
        reconcile::report::number::round(m.non_gaap.unwrap(), 1).to_string(),
        "21.8"
    );
    let text = snapshot_run(
        "matrix_seven_adjustments",
        "fixture_line_and_ratio_measures",
        &[
            "--measure",
            "research_and_development",
            "--measure",
            "operating_margin,eps",
        ],
    );
    assert!(text.contains("Non-GAAP operating margin"), "{text}");
    assert!(text.contains("21.8%"), "{text}");
}

fn rd_line() -> reconcile::model::LineId {
    load_fixture("matrix_seven_adjustments")
        .0
        .line_id("research_and_development")
        .unwrap()
}

#[test]
fn a_credit_inside_an_expense_and_a_loss_larger_than_its_net_line_are_accepted_and_noted() {
    let rec = measures(
        "exclusions_of_either_sign",
        None,
        &["net-income", "other_income_net", "cost_of_revenue"],
    );
    let blocks: Vec<_> = rec
        .blocks
        .iter()
        .filter_map(|b| match b {
            view::Block::Amount(a) => Some(a),
            _ => None,
        })
        .collect();
    let [ni, other, cost] = blocks[..] else {
        panic!("three blocks")
    };
    assert_eq!(money(ni.columns[0].non_gaap), "320");
    // (40) with a loss of (90) inside: non-GAAP crosses zero to 50, noted.
    assert_eq!(money(other.columns[0].gaap), "(40)");
    assert_eq!(money(other.columns[0].non_gaap), "50");
    assert_eq!(other.crossings.len(), 1);
    // A credit of (30) inside cost of revenue: the non-GAAP cost is higher.
    assert_eq!(money(cost.columns[0].gaap), "400");
    assert_eq!(money(cost.columns[0].non_gaap), "430");
    assert!(cost.crossings.is_empty());
    let text = snapshot_run(
        "exclusions_of_either_sign",
        "fixture_exclusions_of_either_sign",
        &["--measure", "net-income,other_income_net,cost_of_revenue"],
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("the adjustments exclude (90) from Interest and other income, net, which is (40): more than the line itself, so its non-GAAP amount is 50."),
        "{text}"
    );
}

#[test]
fn an_add_in_and_a_continuing_operations_bottom_line_use_the_model_captions() {
    let rec = measures(
        "add_in_continuing_operations",
        None,
        &["net-income", "revenue", "eps-diluted"],
    );
    let bottom = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    assert_eq!(bottom.gaap_label, "GAAP income from continuing operations");
    assert_eq!(money(bottom.columns[0].gaap), "80");
    assert_eq!(money(bottom.columns[0].effects[0]), "50");
    assert_eq!(money(bottom.columns[0].tax), "(10)");
    assert_eq!(money(bottom.columns[0].non_gaap), "120");
    let revenue = rec.amount(NonGaapMeasure::Revenue).unwrap();
    assert_eq!(money(revenue.columns[0].non_gaap), "550");
    let eps = rec.per_share(view::ShareBasis::Diluted).unwrap();
    assert_eq!(
        eps.non_gaap_label,
        "Non-GAAP income from continuing operations per diluted share"
    );
    let c = eps.columns[0].as_ref().unwrap();
    assert_eq!(
        (per_share(c.gaap), per_share(c.non_gaap)),
        ("0.80".into(), "1.20".into())
    );
    snapshot_run(
        "add_in_continuing_operations",
        "fixture_add_in_continuing_operations",
        &["--measure", "net-income,revenue,eps-diluted"],
    );
}

#[test]
fn free_cash_flow_is_declared_from_the_cash_flow_statement() {
    let rec = measures(
        "free_cash_flow",
        None,
        &["free_cash_flow", "adjusted_free_cash_flow", "net-income"],
    );
    let fcf = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(fcf.gaap_label, "Net cash provided by operating activities");
    assert_eq!(fcf.non_gaap_label, "Free cash flow");
    let c = &fcf.columns[0];
    assert_eq!(money(c.gaap), "1,200");
    assert_eq!(
        c.terms.iter().map(|&t| money(t)).collect::<Vec<_>>(),
        ["(350)", "(50)"]
    );
    assert_eq!(money(c.non_gaap), "800");
    assert!(
        fcf.moves.iter().all(|m| !m),
        "free cash flow excludes no adjustment"
    );
    let adjusted = rec.amount(NonGaapMeasure::Declared(1)).unwrap();
    assert_eq!(money(adjusted.columns[0].non_gaap), "840");
    // The cash-flow adjustment does not reach net income.
    let ni = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    assert_eq!(money(ni.columns[0].non_gaap), "600");
    assert_eq!(ni.moves, [true, false]);
    snapshot_run(
        "free_cash_flow",
        "fixture_free_cash_flow",
        &[
            "--measure",
            "free_cash_flow,adjusted_free_cash_flow,net-income",
        ],
    );
}

#[test]
fn a_reconciliation_only_period_reconciles_and_check_names_the_totals_it_did_not_tie() {
    let rec = measures(
        "reconciliation_only_period",
        None,
        &["operating-income", "net-income", "eps-diluted"],
    );
    assert_eq!(rec.periods[1].id, "Q2-2024");
    let op = rec.amount(NonGaapMeasure::OperatingIncome).unwrap();
    assert_eq!(
        op.columns
            .iter()
            .map(|c| money(c.non_gaap))
            .collect::<Vec<_>>(),
        ["280", "250"]
    );
    let ni = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    assert_eq!(
        ni.columns
            .iter()
            .map(|c| money(c.non_gaap))
            .collect::<Vec<_>>(),
        ["224", "200"]
    );
    let mut args = fixture_args("reconciliation_only_period");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "2 reported totals not tied out (reconciliation-only periods give only some of their components): Q2-2024 gross_profit, Q2-2024 total_operating_expenses"
        ),
        "{}",
        out.stdout
    );
    snapshot_run(
        "reconciliation_only_period",
        "fixture_reconciliation_only_period",
        &["--measure", "operating-income,net-income,eps-diluted"],
    );
}

#[test]
fn a_missing_period_amount_is_an_error_naming_the_period() {
    // Severance states FY-2024 and FY-2023; a second [[exclude]] with only
    // FY-2024 would leave FY-2023 without an amount.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("missing_period_amount");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    std::fs::write(
        dir.join("adjustments/severance.toml"),
        "id = \"severance\"\nlabel = \"Severance\"\nkind = \"exclude-amounts\"\nrationale = \"x\"\n\
         [[exclude]]\nline = \"general_and_administrative\"\namounts = { \"FY-2024\" = 30, \"FY-2023\" = 10 }\n\
         [[exclude]]\nline = \"operating_costs\"\namounts = { \"FY-2024\" = 5 }\n\
         [tax]\ntreatment = \"nil\"\nreason = \"Full valuation allowance\"\n",
    )
    .unwrap();
    let out = run(&[
        "--statements",
        "tests/fixtures/two_adjustments_one_line/statements",
        "--adjustments",
        dir.join("adjustments").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "adjustment `severance` applies to FY-2023 but the amounts for `operating_costs` state nothing for it"
        ),
        "{}",
        out.stderr
    );
}

/// A statement of `quarters` quarters from Q1-2000 on, in date order, with
/// the few lines an adjustment needs.
fn quarters_statement(dir: &std::path::Path, quarters: usize) {
    let mut s = String::from(
        "[entity]\nname = \"Long\"\nfiscal_year_end = \"12-31\"\nunits = \"thousands\"\nrelease_date = 2024-01-31\n\n",
    );
    for (id, parent, sign, measure) in [
        ("revenue", "pretax_income", "add", "revenue"),
        ("expenses", "pretax_income", "subtract", ""),
        ("pretax_income", "net_income", "add", "pretax-income"),
        ("income_tax", "net_income", "subtract", "income-tax"),
        ("net_income", "", "", "net-income"),
    ] {
        s.push_str(&format!(
            "[[line_item]]\nid = \"{id}\"\nlabel = \"{id}\"\nstatement = \"operations\"\n"
        ));
        if !parent.is_empty() {
            s.push_str(&format!("rolls_up_to = \"{parent}\"\nsign = \"{sign}\"\n"));
        }
        if !measure.is_empty() {
            s.push_str(&format!("measure = \"{measure}\"\n"));
        }
        s.push('\n');
    }
    for i in 0..quarters {
        let year = 2000 + i / 4;
        let (start, end) = [
            ("01-01", "03-31"),
            ("04-01", "06-30"),
            ("07-01", "09-30"),
            ("10-01", "12-31"),
        ][i % 4];
        s.push_str(&format!(
            "[[period]]\nid = \"Q{}-{year}\"\nkind = \"duration\"\nstart = {year}-{start}\nend = {year}-{end}\n\n\
             [period.values]\nrevenue = 1000\nexpenses = 600\npretax_income = 400\nincome_tax = 100\nnet_income = 300\n\n\
             [period.shares]\nbasic = 100\ndiluted = 100\n\n",
            i % 4 + 1
        ));
    }
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    std::fs::write(dir.join("statements/long.toml"), s).unwrap();
}

#[test]
fn a_period_spelled_twice_is_refused_in_short_and_long_tables_in_file_order() {
    // Forty quarters: the short table's keys are sorted to find a period
    // named twice, the long one's go through a slot per period; either
    // way each later spelling is refused where it is written, in the
    // order of the file, and the periods listed follow the statement.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("period_spelled_twice");
    let _ = std::fs::remove_dir_all(&dir);
    quarters_statement(&dir, 40);
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    let all: Vec<String> = (0..40)
        .map(|i| format!("\"Q{}-{}\" = 1", i % 4 + 1, 2000 + i / 4))
        .collect();
    std::fs::write(
        dir.join("adjustments/long.toml"),
        format!(
            "id = \"long\"\nlabel = \"Long\"\nkind = \"exclude-amounts\"\nrationale = \"x\"\n\
             [[exclude]]\nline = \"expenses\"\namounts = {{ {}, \"q3-2005\" = 2, \"q1-2001\" = 3 }}\n\
             [tax]\ntreatment = \"nil\"\nreason = \"x\"\n",
            all.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("adjustments/short.toml"),
        "id = \"short\"\nlabel = \"Short\"\nkind = \"exclude-amounts\"\nrationale = \"x\"\n\
         periods = [\"Q3-2001\", \"Q2-2000\", \"Q1-2000\"]\n\
         [[exclude]]\nline = \"expenses\"\namounts = { \"Q2-2000\" = 1, \"q1-2000\" = 1, \"Q4-2001\" = 1, \"Q1-2000\" = 2 }\n\
         [tax]\ntreatment = \"nil\"\nreason = \"x\"\n",
    )
    .unwrap();
    let out = run(&[
        "--statements",
        dir.join("statements").to_str().unwrap(),
        "--adjustments",
        dir.join("adjustments").to_str().unwrap(),
        "check",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // In the order the keys are written, each later spelling refused.
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("  = note: `periods`"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: period Q3-2005 has two amounts here",
            "error: period Q1-2001 has two amounts here",
            "error: period Q4-2001 is not one this adjustment applies to",
            "  = note: `periods` lists Q1-2000, Q2-2000, Q3-2001",
            "error: period Q1-2000 has two amounts here",
        ],
        "{}",
        out.stderr
    );
    for (spelling, first) in [
        ("q1-2001", "Q1-2001"),
        ("q3-2005", "Q3-2005"),
        ("Q1-2000", "q1-2000"),
    ] {
        let file = if spelling == "Q1-2000" {
            "short"
        } else {
            "long"
        };
        let text = std::fs::read_to_string(dir.join(format!("adjustments/{file}.toml"))).unwrap();
        let line = text
            .lines()
            .position(|l| l.starts_with("amounts") && l.contains(spelling))
            .unwrap()
            + 1;
        let column = |id: &str| {
            text.lines()
                .nth(line - 1)
                .unwrap()
                .find(&format!("\"{id}\""))
                .unwrap()
                + 1
        };
        let here = format!("adjustments/{file}.toml:{line}:{}\n", column(spelling));
        let there = format!(
            "= note: first at {}",
            dir.join(format!("adjustments/{file}.toml:{line}:{}", column(first)))
                .display()
        );
        assert!(out.stderr.contains(&here), "{here}\n{}", out.stderr);
        assert!(out.stderr.contains(&there), "{there}\n{}", out.stderr);
    }
}

#[test]
fn amounts_keyed_by_period_load_in_any_order_and_any_spelling() {
    // Keys out of the statement's order and spelled another way load to
    // the same figures as the ids themselves.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("amounts_any_order");
    let _ = std::fs::remove_dir_all(&dir);
    quarters_statement(&dir, 12);
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    std::fs::write(
        dir.join("adjustments/a.toml"),
        "id = \"a\"\nlabel = \"A\"\nkind = \"exclude-amounts\"\nrationale = \"x\"\n\
         [[exclude]]\nline = \"expenses\"\namounts = { \"q4-2001\" = 40, \"Q2-2000\" = 20, \"2001Q1\" = 10 }\n\
         [tax]\ntreatment = \"amounts\"\n[tax.amounts]\n\"Q4-2001\" = -4\n\"2000Q2\" = -2\n\"Q1-2001\" = -1\n",
    )
    .unwrap();
    let statement =
        load::load_statement(&dir.join("statements/long.toml")).expect("valid statements");
    let adjustments =
        load::load_adjustments(&[dir.join("adjustments")], &statement).expect("valid adjustments");
    let ix = |id: &str| statement.period_by_id(id).unwrap();
    let a = &adjustments[0];
    let applied: Vec<usize> = a.periods.iter().flatten().copied().collect();
    assert_eq!(applied, [ix("Q2-2000"), ix("Q1-2001"), ix("Q4-2001")]);
    assert!(a.applies_to(ix("Q1-2001")) && !a.applies_to(ix("Q1-2000")));
    let reconcile::model::TaxEffect::Amounts(tax) = &a.tax else {
        panic!("stated tax amounts")
    };
    assert_eq!(tax.get(&ix("Q4-2001")), Some(&Decimal::new(-4, 0)));
    let periods: Vec<usize> = (0..statement.periods.len()).collect();
    let adjusted = engine::adjust(&statement, &adjustments, &periods).unwrap();
    let rec = view::reconciliation(&statement, &adjusted, &[NonGaapMeasure::NetIncome]).unwrap();
    let non_gaap: Vec<String> = rec
        .amount(NonGaapMeasure::NetIncome)
        .unwrap()
        .columns
        .iter()
        .map(|c| money(c.non_gaap))
        .collect();
    let mut want = vec!["300".to_string(); 12];
    want[ix("Q2-2000")] = "318".into();
    want[ix("Q1-2001")] = "309".into();
    want[ix("Q4-2001")] = "336".into();
    assert_eq!(non_gaap, want);
}

#[test]
fn a_matrix_taken_for_its_figures_holds_the_printed_matrix_cells_where_they_are_not_zero() {
    // Every fixture that loads, every period: the matrix built for its
    // figures (sparse) has the printed matrix's labels, and each cell it
    // holds is the printed one; a cell it leaves out is a zero of an
    // adjustment's column.
    let mut periods = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures")).unwrap() {
        let base = entry.unwrap().path();
        let case = base.file_name().unwrap().to_string_lossy().to_string();
        let Ok(path) = load::find_statement(&base.join("statements"), None) else {
            continue;
        };
        let Ok((statement, adjustments)) = load::load_model(&path, &[base.join("adjustments")])
        else {
            continue;
        };
        let scale = reconcile::report::Scale {
            model: statement.entity.units,
            shown: statement.entity.units,
            shares: statement.entity.share_units,
            decimals: Some(statement.money_decimals()),
        };
        let adjuster = engine::Adjuster::new(&statement, &adjustments);
        for p in reconcile::periods::all_durations(&statement) {
            let Ok(adjusted) = adjuster.adjust(&[p]) else {
                continue;
            };
            let Ok(matrix) = view::matrix(&statement, &adjusted) else {
                continue;
            };
            periods += 1;
            // Each line's figures as the engine wrote them, column by column.
            let lines = &adjusted.columns[0];
            for row in &matrix.rows {
                let Some(line) = row.line else { continue };
                let f = &lines[line.0];
                let expected: Vec<Decimal> = matrix
                    .columns
                    .iter()
                    .map(|c| match c {
                        MatrixColumn::Gaap => f.gaap.unwrap(),
                        MatrixColumn::Effect(a) => f.effects[*a],
                        MatrixColumn::Tax(list) => list.iter().map(|&a| f.taxes[a]).sum(),
                        MatrixColumn::OwnTax(a) => f.taxes[*a],
                        MatrixColumn::NonGaap => f.non_gaap.unwrap(),
                    })
                    .collect();
                let values: Vec<Decimal> = row
                    .dense(matrix.columns.len())
                    .iter()
                    .map(|&(v, _)| v)
                    .collect();
                assert_eq!(values, expected, "{case} {}", row.label);
            }
            let printed = reconcile::report::matrix_table(&matrix, scale);
            let sparse = reconcile::report::matrix_figures(&matrix, scale);
            let labels = |t: &reconcile::report::Table| {
                t.rows.iter().map(|r| r.label.clone()).collect::<Vec<_>>()
            };
            assert_eq!(labels(&sparse.table), labels(&printed), "{case}");
            assert_eq!(sparse.cells.len(), printed.rows.len(), "{case}");
            for (row, cells) in printed.rows.iter().zip(&sparse.cells) {
                let mut held = cells.iter().peekable();
                for (c, cell) in row.cells.iter().enumerate() {
                    match held.next_if(|(at, _)| *at == c) {
                        Some((_, kept)) => assert_eq!(kept, cell, "{case} {}", row.label),
                        None => {
                            assert!(
                                matches!(matrix.columns[c], MatrixColumn::Effect(_)),
                                "{case} {} column {c}",
                                row.label
                            );
                            assert!(
                                cell.exact().is_some_and(|v| v.is_zero()),
                                "{case} {} column {c}: {cell:?}",
                                row.label
                            );
                        }
                    }
                }
                assert!(held.next().is_none(), "{case} {}", row.label);
            }
        }
    }
    assert!(periods > 100, "{periods} periods");
}

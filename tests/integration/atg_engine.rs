//! The engine on ATG's release, from the frozen copy of its data
//! (`tests/fixtures/atg`): measures, period spellings, columns, the matrix.
//! The shipped `statements/` and `adjustments/` may change without failing
//! these.

use crate::snapshot;
use crate::support::{
    ATG_ADJUSTMENTS, ATG_STATEMENTS, diluted, money, net_income, per_share, reconcile,
    reconcile_measures, run,
};
use reconcile::model::NonGaapMeasure;

fn atg(periods: Option<&str>) -> reconcile::view::Reconciliation {
    reconcile(ATG_STATEMENTS, ATG_ADJUSTMENTS, periods)
}

#[test]
fn third_quarter_2003_has_no_restructuring_so_non_gaap_equals_gaap() {
    let rec = atg(Some("Q3-2003"));
    let c = &net_income(&rec)[0];
    assert_eq!(money(c.effects[0]), "-");
    assert_eq!(c.non_gaap, c.gaap);
    assert_eq!(money(c.non_gaap), "(3,195)");
    assert_eq!(per_share(diluted(&rec)[0].non_gaap), "(0.04)");
}

#[test]
fn nine_months_2002_excludes_a_small_benefit() {
    let rec = atg(Some("9M2002"));
    let c = &net_income(&rec)[0];
    assert_eq!(money(c.gaap), "(8,657)");
    assert_eq!(money(c.effects[0]), "(89)");
    assert_eq!(money(c.non_gaap), "(8,746)");
    assert_eq!(per_share(diluted(&rec)[0].non_gaap), "(0.13)");
}

#[test]
fn every_period_reconciles_and_foots_exactly_before_rounding() {
    let rec = atg(None);
    let ids: Vec<&str> = rec.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["Q3-2003", "Q3-2002", "9M-2003", "9M-2002"]);
    for (c, id) in net_income(&rec).iter().zip(ids) {
        let sum: rust_decimal::Decimal = c.effects.iter().chain(&c.taxes).sum();
        assert_eq!(c.gaap + sum, c.non_gaap, "{id}");
    }
}

#[test]
fn costs_and_expenses_tie_to_the_release() {
    let rec = reconcile_measures(
        ATG_STATEMENTS,
        ATG_ADJUSTMENTS,
        Some("Q3-2003,9M-2003"),
        Some("costs-and-expenses"),
    );
    let block = rec.amount(NonGaapMeasure::CostsAndExpenses).unwrap();
    // 5,128 + 14,093: the release's "$19.2 million" for the third quarter.
    assert_eq!(money(block.columns[0].gaap), "19,221");
    assert_eq!(money(block.columns[0].non_gaap), "19,221");
    // 16,883 + 40,624, plus the 5,273 benefit excluded.
    assert_eq!(money(block.columns[1].gaap), "57,507");
    assert_eq!(money(block.columns[1].effects[0]), "5,273");
    assert_eq!(money(block.columns[1].non_gaap), "62,780");
    let out = run(&[
        "--period",
        "Q3-2003,9M2003",
        "--measure",
        "gross-profit,costs-and-expenses,operating-expenses,operating-income,pretax-income,net-income,eps",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("$62,780"));
    snapshot!("atg_all_measures", out.stdout);
}

#[test]
fn each_measure_moves_by_where_the_excluded_line_sits() {
    let rec = reconcile_measures(
        ATG_STATEMENTS,
        ATG_ADJUSTMENTS,
        Some("9M2003"),
        Some("gross-profit,operating-expenses,operating-income,pretax-income"),
    );
    let effect = |m| money(rec.amount(m).unwrap().columns[0].effects[0]);
    // Restructuring is an operating expense: not in gross profit.
    assert_eq!(effect(NonGaapMeasure::GrossProfit), "-");
    assert!(!rec.amount(NonGaapMeasure::GrossProfit).unwrap().moves[0]);
    // Excluding a benefit raises expenses and lowers income.
    assert_eq!(effect(NonGaapMeasure::OperatingExpenses), "5,273");
    assert_eq!(effect(NonGaapMeasure::OperatingIncome), "(5,273)");
    assert_eq!(effect(NonGaapMeasure::PretaxIncome), "(5,273)");
    let gp = &rec.amount(NonGaapMeasure::GrossProfit).unwrap().columns[0];
    assert_eq!(money(gp.margin.unwrap().gaap.unwrap()), "70");
}

#[test]
fn period_spellings_are_interchangeable() {
    let expected = run(&["--period", "9M-2003"]).stdout;
    for spelling in ["9M2003", "9m2003", "2003-9M", "9M-FY2003", " 9M 2003 "] {
        let out = run(&["--period", spelling]);
        assert_eq!(out.code, 0, "{spelling}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{spelling}");
    }
    let q3 = run(&["--period", "Q3-2003"]).stdout;
    for spelling in ["q3-2003", "3Q2003", "2003Q3", "Q3 2003", "Q3-03"] {
        assert_eq!(run(&["--period", spelling]).stdout, q3, "{spelling}");
    }
}

#[test]
fn comparative_columns_follow_the_order_given() {
    let rec = atg(Some("Q3-2002,Q3-2003"));
    let ids: Vec<&str> = rec.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["Q3-2002", "Q3-2003"]);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(run(&[]).stdout, run(&[]).stdout);
}

#[test]
fn any_line_of_the_statement_is_a_measure_total_operating_expenses() {
    let rec = reconcile_measures(
        ATG_STATEMENTS,
        ATG_ADJUSTMENTS,
        Some("9M2003"),
        Some("total_operating_expenses,operating-margin"),
    );
    let line = rec.blocks.iter().find_map(|b| match b {
        reconcile::view::Block::Amount(a) => Some(a),
        _ => None,
    });
    let c = &line.expect("a block for the line").columns[0];
    assert_eq!(money(c.gaap), "40,624");
    assert_eq!(money(c.effects[0]), "5,273");
    assert_eq!(money(c.non_gaap), "45,897");
    let margin = rec
        .ratio(NonGaapMeasure::OperatingMargin)
        .expect("operating margin")
        .columns[0]
        .expect("revenue is not zero");
    // (767) and (6,040) on revenue of 56,740.
    assert_eq!(
        reconcile::report::number::round(margin.gaap.unwrap(), 1).to_string(),
        "-1.4"
    );
    assert_eq!(
        reconcile::report::number::round(margin.non_gaap.unwrap(), 1).to_string(),
        "-10.6"
    );
    let out = run(&[
        "--period",
        "9M2003",
        "--measure",
        "total_operating_expenses",
        "--measure",
        "operating-margin",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!(
        "atg_total_operating_expenses_and_operating_margin",
        out.stdout
    );
}

#[test]
fn the_matrix_prints_every_line_of_the_statement_of_operations() {
    let out = run(&["matrix", "--period", "9M2003"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = |label: &str| {
        out.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}:\n{}", out.stdout))
            .split_whitespace()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
    };
    // Non-GAAP, tax, restructuring, GAAP, read from the right.
    assert_eq!(
        row("Loss from Operations"),
        ["$(6,040)", "-", "$(5,273)", "$(767)"]
    );
    assert_eq!(
        row("Net income/(loss)"),
        ["$(5,172)", "-", "$(5,273)", "$101"]
    );
    assert_eq!(
        row("Total Operating Expenses"),
        ["$45,897", "-", "$5,273", "$40,624"]
    );
    snapshot!("atg_matrix_9m_2003", out.stdout);
}

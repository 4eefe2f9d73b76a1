//! Figures a release computes beside its printed hierarchy: a subtotal
//! computed from lines that roll up elsewhere (gross profit where the
//! statement prints only total costs and expenses).

use crate::support::{fixture_rec, money, run};
use reconcile::model::{LineId, NonGaapMeasure};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn a_computed_subtotal_is_a_measure_a_margin_base_and_a_measure_start() {
    let rec = fixture_rec(
        "computed_subtotal",
        None,
        "gross-profit,gross_profit,gross_margin,contribution,net-income",
    );
    // Named by its tag and by its id: revenue 1,000 less cost of revenue 400,
    // and the amounts excluded from cost of revenue (30 + 10) reach it.
    for measure in [NonGaapMeasure::GrossProfit, NonGaapMeasure::Line(LineId(9))] {
        let block = rec.amount(measure).expect("gross profit reconciled");
        let column = &block.columns[0];
        assert_eq!(column.gaap, d("600"));
        assert_eq!(column.effects, [d("30"), d("10")]);
        assert_eq!(column.non_gaap, d("640"));
        assert!(!block.after_tax, "income taxes do not reach gross profit");
    }
    let margin = rec.amount(NonGaapMeasure::GrossProfit).unwrap().columns[0]
        .margin
        .expect("gross margin beside gross profit");
    assert_eq!(
        (margin.gaap, margin.non_gaap),
        (Some(d("60")), Some(d("64")))
    );
    // The declared ratio over it: GAAP 600 / 1,000, non-GAAP 640 / 1,000.
    let ratio = rec.ratio(NonGaapMeasure::Ratio(0)).expect("gross margin");
    let m = ratio.columns[0].unwrap();
    assert_eq!((m.gaap, m.non_gaap), (Some(d("60")), Some(d("64"))));
    // A declared measure starting from it: 600 - 150 + (30 + 20) + (10 + 50).
    let contribution = rec.amount(NonGaapMeasure::Declared(0)).unwrap();
    assert_eq!(contribution.columns[0].gaap, d("600"));
    assert_eq!(contribution.columns[0].terms, [d("-150")]);
    assert_eq!(contribution.columns[0].non_gaap, d("560"));
    // Net income is untouched by the subtotal: 200 + 150 - 25% of 150.
    let net = rec.amount(NonGaapMeasure::NetIncome).unwrap();
    assert_eq!(money(net.columns[0].non_gaap), "313");
    assert_eq!(net.columns[0].non_gaap, d("312.5"));
}

#[test]
fn check_ties_a_percentage_over_a_computed_subtotal() {
    let out = run(&[
        "check",
        "--statements",
        "tests/fixtures/computed_subtotal/statements",
        "--adjustments",
        "tests/fixtures/computed_subtotal/adjustments",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("1 reported percentage recompute"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 published non-GAAP figures tie"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_computed_subtotal_is_not_printed_in_the_statement_and_no_total_foots_on_it() {
    let out = run(&[
        "statements",
        "--statements",
        "tests/fixtures/computed_subtotal/statements",
        "--adjustments",
        "tests/fixtures/computed_subtotal/adjustments",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("Gross profit"), "{}", out.stdout);
    assert!(out.stdout.contains("Total costs and expenses"));
}

//! Adjusted net income in three versions (`tests/fixtures/nci_versions`):
//! including noncontrolling interests, the shareholders' share and the
//! noncontrolling interests' share, each reconciled, the two shares adding
//! up to the consolidated figure row by row. Figures by hand in the
//! fixture's header.

use reconcile::view::Reconciliation;
use rust_decimal::Decimal;

use crate::support::{fixture_args, fixture_rec, run};

const MEASURES: &str =
    "adjusted_net_income_consolidated,adjusted_net_income_shareholders,adjusted_net_income_nci";

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// (GAAP, each adjustment's pre-tax effect by id, non-GAAP) of a declared
/// measure, and its income-tax row.
fn version(rec: &Reconciliation, id: &str) -> (Decimal, Vec<(String, Decimal)>, Decimal, Decimal) {
    let block = rec
        .blocks
        .iter()
        .find_map(|b| match b {
            reconcile::view::Block::Amount(a) if a.id == id => Some(a),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no block {id}"));
    let column = &block.columns[0];
    let effects = rec
        .adjustments
        .iter()
        .zip(&column.effects)
        .filter(|(_, e)| !e.is_zero())
        .map(|(a, e)| (a.id.clone(), *e))
        .collect();
    (column.gaap, effects, column.non_gaap, column.tax)
}

#[test]
fn three_versions_of_adjusted_net_income_each_reconciled_and_consistent() {
    let rec = fixture_rec("nci_versions", None, MEASURES);
    let (gaap, effects, non_gaap, tax) = version(&rec, "adjusted_net_income_consolidated");
    assert_eq!((gaap, tax, non_gaap), (d(100), d(-6), d(124))); // 100 + 30 - 6
    assert_eq!(effects, vec![("impairment".to_string(), d(30))]);
    let (gaap, effects, non_gaap, tax) = version(&rec, "adjusted_net_income_shareholders");
    assert_eq!((gaap, tax, non_gaap), (d(80), d(-6), d(98))); // 80 + 30 - 6 - 6
    assert_eq!(
        effects,
        vec![
            ("impairment".to_string(), d(30)),
            ("noncontrolling_share".to_string(), d(-6))
        ]
    );
    let (gaap, effects, non_gaap, tax) = version(&rec, "adjusted_net_income_nci");
    assert_eq!((gaap, tax, non_gaap), (d(20), d(0), d(26))); // 20 + 6
    assert_eq!(effects, vec![("noncontrolling_share".to_string(), d(6))]);
    // The shareholders' and the noncontrolling interests' shares add up to
    // the consolidated figure, GAAP and non-GAAP.
    let parts = |id| version(&rec, id);
    let (c, s, n) = (
        parts("adjusted_net_income_consolidated"),
        parts("adjusted_net_income_shareholders"),
        parts("adjusted_net_income_nci"),
    );
    assert_eq!(s.0 + n.0, c.0);
    assert_eq!(s.3 + n.3, c.3);
    assert_eq!(s.2 + n.2, c.2);
}

#[test]
fn the_published_versions_tie_in_check() {
    let mut args = vec!["check".to_string()];
    args.extend(fixture_args("nci_versions"));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("3 published non-GAAP figures tie to the model"),
        "{}",
        out.stdout
    );
}

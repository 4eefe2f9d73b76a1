//! The shipped data: `statements/atg.toml` and `adjustments/`, reconciled for
//! every period and for the all-periods table. An edit to an adjustment file
//! shows up here as a snapshot diff.

use crate::snapshot;
use crate::support::{money, per_share, reconcile, run};
use reconcile::engine::ShareBasis;

fn shipped(periods: Option<&str>) -> reconcile::engine::Reconciliation {
    reconcile("statements", "adjustments", periods)
}

#[test]
fn nine_months_2003_excludes_the_restructuring_benefit() {
    let rec = shipped(Some("9M2003"));
    let c = &rec.columns[0];
    assert_eq!(c.period_id, "9M-2003");
    assert_eq!(money(c.gaap), "101");
    assert_eq!(money(c.adjustments[0]), "(5,273)");
    assert_eq!(money(c.tax), "-");
    assert_eq!(money(c.non_gaap), "(5,172)");
    let p = c.per_share.as_ref().unwrap();
    assert_eq!(per_share(p.gaap), "0.00");
    assert_eq!(per_share(p.non_gaap), "(0.07)");
    assert_eq!(money(p.gaap_shares.count), "73,398");
    assert_eq!(p.gaap_shares.basis, ShareBasis::Diluted);
    assert_eq!(money(p.non_gaap_shares.count), "71,503");
    assert_eq!(p.non_gaap_shares.basis, ShareBasis::Basic);
}

#[test]
fn third_quarter_2003_has_no_restructuring_so_non_gaap_equals_gaap() {
    let c = &shipped(Some("Q3-2003")).columns[0];
    assert_eq!(money(c.adjustments[0]), "-");
    assert_eq!(c.non_gaap, c.gaap);
    assert_eq!(money(c.non_gaap), "(3,195)");
    assert_eq!(per_share(c.per_share.as_ref().unwrap().non_gaap), "(0.04)");
}

#[test]
fn nine_months_2002_excludes_a_small_benefit() {
    let c = &shipped(Some("9M2002")).columns[0];
    assert_eq!(money(c.gaap), "(8,657)");
    assert_eq!(money(c.adjustments[0]), "(89)");
    assert_eq!(money(c.non_gaap), "(8,746)");
    assert_eq!(per_share(c.per_share.as_ref().unwrap().non_gaap), "(0.13)");
}

#[test]
fn every_period_reconciles_and_foots_exactly_before_rounding() {
    let rec = shipped(None);
    let ids: Vec<&str> = rec.columns.iter().map(|c| c.period_id.as_str()).collect();
    assert_eq!(ids, ["Q3-2003", "Q3-2002", "9M-2003", "9M-2002"]);
    for c in &rec.columns {
        let sum: rust_decimal::Decimal = c.adjustments.iter().sum();
        assert_eq!(c.gaap + sum + c.tax, c.non_gaap, "{}", c.period_id);
    }
}

#[test]
fn each_shipped_period_matches_its_snapshot() {
    for (period, name) in [
        ("Q3-2003", "atg_q3_2003"),
        ("Q3-2002", "atg_q3_2002"),
        ("9M2003", "atg_9m_2003"),
        ("9M2002", "atg_9m_2002"),
    ] {
        let out = run(&["--period", period]);
        assert_eq!(out.code, 0, "{period}: {}", out.stderr);
        assert_eq!(out.stderr, "");
        snapshot!(name, out.stdout);
    }
}

#[test]
fn all_periods_table_matches_its_snapshot() {
    let out = run(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("$(5,172)"));
    assert_eq!(run(&["--period", "all"]).stdout, out.stdout);
    snapshot!("atg_all_periods", out.stdout);
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
    let rec = shipped(Some("Q3-2002,Q3-2003"));
    let ids: Vec<&str> = rec.columns.iter().map(|c| c.period_id.as_str()).collect();
    assert_eq!(ids, ["Q3-2002", "Q3-2003"]);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(run(&[]).stdout, run(&[]).stdout);
}

#[test]
fn check_passes_on_the_shipped_data() {
    let out = run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    // 7 totals in each of 4 durations, 4 in each of 2 full balance sheets.
    assert!(
        out.stdout.contains("36 reported totals foot"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 balance sheets balance"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("8 reported EPS figures tie"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("12 reported percentages recompute"),
        "{}",
        out.stdout
    );
    snapshot!("atg_check", out.stdout);
}

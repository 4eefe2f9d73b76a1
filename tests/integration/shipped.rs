//! The shipped data: `statements/atg.toml` and `adjustments/`, as a user
//! runs them. Its snapshots (every period, the all-periods table, `check`)
//! and a few key figures of the release. Editing a shipped file fails here,
//! with the figure diff, and in the README's examples; the engine's own
//! tests run on a frozen copy (`tests/fixtures/atg`, see `atg_engine.rs`).

use crate::snapshot;
use crate::support::{basic, diluted, money, net_income, per_share, reconcile, run_shipped};
use reconcile::view::ShareBasis;

fn shipped(periods: Option<&str>) -> reconcile::view::Reconciliation {
    reconcile("statements", "adjustments", periods)
}

#[test]
fn nine_months_2003_excludes_the_restructuring_benefit() {
    let rec = shipped(Some("9M2003"));
    assert_eq!(rec.periods[0].id, "9M-2003");
    let c = &net_income(&rec)[0];
    assert_eq!(money(c.gaap), "101");
    assert_eq!(money(c.effects[0]), "(5,273)");
    assert_eq!(money(c.tax), "-");
    assert_eq!(money(c.non_gaap), "(5,172)");
    let p = diluted(&rec)[0];
    assert_eq!(per_share(p.gaap), "0.00");
    assert_eq!(per_share(p.non_gaap), "(0.07)");
    assert_eq!(money(p.gaap_shares.count), "73,398");
    assert_eq!(p.gaap_shares.basis, ShareBasis::Diluted);
    assert_eq!(money(p.non_gaap_shares.count), "71,503");
    assert_eq!(p.non_gaap_shares.basis, ShareBasis::Basic);
    let b = basic(&rec)[0];
    assert_eq!(
        (per_share(b.gaap), per_share(b.non_gaap)),
        ("0.00".into(), "(0.07)".into())
    );
    assert_eq!(money(b.gaap_shares.count), "71,503");
}

#[test]
fn each_shipped_period_matches_its_snapshot() {
    for (period, name) in [
        ("Q3-2003", "atg_q3_2003"),
        ("Q3-2002", "atg_q3_2002"),
        ("9M2003", "atg_9m_2003"),
        ("9M2002", "atg_9m_2002"),
    ] {
        let out = run_shipped(&["--period", period]);
        assert_eq!(out.code, 0, "{period}: {}", out.stderr);
        assert_eq!(out.stderr, "");
        snapshot!(name, out.stdout);
    }
}

#[test]
fn all_periods_table_matches_its_snapshot() {
    let out = run_shipped(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("$(5,172)"));
    assert_eq!(run_shipped(&["--period", "all"]).stdout, out.stdout);
    snapshot!("atg_all_periods", out.stdout);
}

#[test]
fn check_passes_on_the_shipped_data() {
    let out = run_shipped(&["check"]);
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

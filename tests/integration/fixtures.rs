//! Cases the real data does not reach, each a fixture folder with a snapshot
//! and explicit assertions on its key figures.

use crate::snapshot;
use crate::support::{fixture_args, money, per_share, reconcile_fixture, run};
use reconcile::engine::ShareBasis;

fn snapshot_fixture(case: &str) {
    let args = fixture_args(case);
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{case}: {}", out.stderr);
    snapshot!(format!("fixture_{case}"), out.stdout);
}

#[test]
fn gaap_loss_non_gaap_income_switches_to_diluted_shares() {
    let c = &reconcile_fixture("loss_to_income", None).columns[0];
    assert_eq!(money(c.gaap), "(200)");
    assert_eq!(money(c.non_gaap), "100");
    let p = c.per_share.as_ref().unwrap();
    assert_eq!(
        (p.gaap_shares.basis, money(p.gaap_shares.count)),
        (ShareBasis::Basic, "100".into())
    );
    assert_eq!(
        (p.non_gaap_shares.basis, money(p.non_gaap_shares.count)),
        (ShareBasis::Diluted, "120".into())
    );
    assert_eq!(per_share(p.gaap), "(2.00)");
    assert_eq!(per_share(p.share_count_effect), "0.33");
    assert_eq!(per_share(p.adjustments[0]), "2.50");
    assert_eq!(per_share(p.non_gaap), "0.83");
    snapshot_fixture("loss_to_income");
}

#[test]
fn excluding_a_gain_turns_gaap_income_into_a_non_gaap_loss_on_basic_shares() {
    let c = &reconcile_fixture("income_to_loss", None).columns[0];
    assert_eq!(money(c.gaap), "30");
    assert_eq!(money(c.adjustments[0]), "(80)");
    assert_eq!(money(c.tax), "20");
    assert_eq!(money(c.non_gaap), "(30)");
    let p = c.per_share.as_ref().unwrap();
    assert_eq!(p.gaap_shares.basis, ShareBasis::Diluted);
    assert_eq!(per_share(p.gaap), "0.27");
    assert_eq!(p.non_gaap_shares.basis, ShareBasis::Basic);
    assert_eq!(per_share(p.non_gaap), "(0.30)");
    snapshot_fixture("income_to_loss");
}

#[test]
fn two_adjustments_inside_one_line_each_get_a_row() {
    let rec = reconcile_fixture("two_adjustments_one_line", None);
    let ids: Vec<&str> = rec.adjustments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["litigation", "severance"]);
    let fy2024 = &rec.columns[0];
    assert_eq!(fy2024.period_id, "FY-2024");
    assert_eq!(
        fy2024
            .adjustments
            .iter()
            .map(|&a| money(a))
            .collect::<Vec<_>>(),
        ["50", "30"]
    );
    assert_eq!(money(fy2024.non_gaap), "180");
    assert_eq!(
        per_share(fy2024.per_share.as_ref().unwrap().non_gaap),
        "0.90"
    );
    let fy2023 = &rec.columns[1];
    assert_eq!(fy2023.adjustments[0].to_string(), "0");
    assert_eq!(fy2023.non_gaap.to_string(), "112.5");
    assert_eq!(money(fy2023.non_gaap), "113");
    snapshot_fixture("two_adjustments_one_line");
}

#[test]
fn an_adjustment_changes_sign_with_the_line_it_excludes() {
    let rec = reconcile_fixture("sign_flip", None);
    let (benefit, charge) = (&rec.columns[0], &rec.columns[1]);
    assert_eq!(money(benefit.adjustments[0]), "(60)");
    assert_eq!(money(benefit.gaap), "80");
    assert_eq!(money(charge.adjustments[0]), "40");
    assert_eq!(money(charge.gaap), "(20)");
    assert_eq!(money(benefit.non_gaap), "20");
    assert_eq!(money(charge.non_gaap), "20");
    snapshot_fixture("sign_flip");
}

#[test]
fn per_share_midpoints_round_half_away_from_zero() {
    let rec = reconcile_fixture("rounding_midpoint", None);
    let income = rec.columns[0].per_share.as_ref().unwrap();
    let loss = rec.columns[1].per_share.as_ref().unwrap();
    assert_eq!(income.gaap.to_string(), "0.125");
    assert_eq!(per_share(income.gaap), "0.13");
    assert_eq!(loss.gaap.to_string(), "-0.125");
    assert_eq!(per_share(loss.gaap), "(0.13)");
    assert_eq!(per_share(loss.non_gaap), "0.13");
    let out = run(&fixture_args("rounding_midpoint")
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    assert!(
        out.stdout.contains("may not sum to the totals"),
        "{}",
        out.stdout
    );
    snapshot_fixture("rounding_midpoint");
}

//! Cases the real data does not reach, each a fixture folder with a snapshot
//! and explicit assertions on its key figures.

use crate::snapshot;
use crate::support::{
    basic, diluted, fixture_args, money, net_income, per_share, reconcile_fixture,
    reconcile_measures, run,
};
use reconcile::model::NonGaapMeasure;
use reconcile::view::ShareBasis;

/// Runs a fixture through the binary with extra arguments and snapshots it.
fn snapshot_fixture_with(case: &str, name: &str, extra: &[&str]) -> String {
    let mut args = fixture_args(case);
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{case}: {}", out.stderr);
    assert_eq!(out.stderr, "", "{case}");
    snapshot!(name, out.stdout.clone());
    out.stdout
}

fn snapshot_fixture(case: &str) -> String {
    snapshot_fixture_with(case, &format!("fixture_{case}"), &[])
}

fn fixture_measures(
    case: &str,
    periods: Option<&str>,
    measures: &str,
) -> reconcile::view::Reconciliation {
    crate::support::fixture_rec(case, periods, measures)
}

#[test]
fn gaap_loss_non_gaap_income_uses_the_diluted_count_gaap_left_out() {
    let rec = reconcile_fixture("loss_to_income", None);
    let c = &net_income(&rec)[0];
    assert_eq!(money(c.gaap), "(200)");
    assert_eq!(money(c.non_gaap), "100");
    let p = diluted(&rec)[0];
    assert_eq!(
        (p.gaap_shares.basis, money(p.gaap_shares.count)),
        (ShareBasis::Basic, "100".into())
    );
    // The release prints diluted = basic for the GAAP loss; the non-GAAP
    // income uses the count with the potential shares GAAP left out.
    assert_eq!(
        (p.non_gaap_shares.basis, money(p.non_gaap_shares.count)),
        (ShareBasis::Diluted, "120".into())
    );
    assert!(!p.diluted_count_missing);
    assert_eq!(per_share(p.gaap), "(2.00)");
    assert_eq!(per_share(p.share_count_effect), "0.33");
    assert_eq!(per_share(p.effects[0]), "2.50");
    assert_eq!(per_share(p.non_gaap), "0.83");
    snapshot_fixture("loss_to_income");
}

#[test]
fn excluding_a_gain_turns_gaap_income_into_a_non_gaap_loss_on_basic_shares() {
    let rec = reconcile_fixture("income_to_loss", None);
    let c = &net_income(&rec)[0];
    assert_eq!(money(c.gaap), "30");
    // A gain in other income: excluding it lowers the result.
    assert_eq!(money(c.effects[0]), "(80)");
    assert_eq!(money(c.tax), "20");
    assert_eq!(money(c.non_gaap), "(30)");
    let p = diluted(&rec)[0];
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
    assert_eq!(rec.periods[0].id, "FY-2024");
    let fy2024 = &net_income(&rec)[0];
    let effects: Vec<String> = fy2024.effects.iter().map(|&a| money(a)).collect();
    assert_eq!(effects, ["50", "30"]);
    assert_eq!(money(fy2024.non_gaap), "180");
    assert_eq!(per_share(diluted(&rec)[0].non_gaap), "0.90");
    let fy2023 = &net_income(&rec)[1];
    assert_eq!(fy2023.effects[0].to_string(), "0");
    assert_eq!(fy2023.non_gaap.to_string(), "112.5");
    assert_eq!(money(fy2023.non_gaap), "113");
    snapshot_fixture("two_adjustments_one_line");
}

#[test]
fn an_adjustment_changes_sign_with_the_line_it_excludes() {
    let rec = reconcile_fixture("sign_flip", None);
    let (benefit, charge) = (&net_income(&rec)[0], &net_income(&rec)[1]);
    assert_eq!(money(benefit.effects[0]), "(60)");
    assert_eq!(money(benefit.gaap), "80");
    assert_eq!(money(charge.effects[0]), "40");
    assert_eq!(money(charge.gaap), "(20)");
    assert_eq!(money(benefit.non_gaap), "20");
    assert_eq!(money(charge.non_gaap), "20");
    snapshot_fixture("sign_flip");
}

#[test]
fn per_share_midpoints_round_half_away_from_zero() {
    let rec = reconcile_fixture("rounding_midpoint", None);
    let income = diluted(&rec)[0];
    let loss = diluted(&rec)[1];
    assert_eq!(income.gaap.to_string(), "0.125");
    assert_eq!(per_share(income.gaap), "0.13");
    assert_eq!(loss.gaap.to_string(), "-0.125");
    assert_eq!(per_share(loss.gaap), "(0.13)");
    assert_eq!(per_share(loss.non_gaap), "0.13");
    let out = snapshot_fixture("rounding_midpoint");
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "Year Ended Dec. 31, 2023, non-GAAP net income (loss) per diluted share: \
             the figures shown sum to 0.12, the total shown is 0.13"
        ),
        "{out}"
    );
}

#[test]
fn stock_based_compensation_across_four_lines_moves_each_measure_by_where_it_sits() {
    let rec = fixture_measures(
        "sbc_four_lines_tax_rate",
        Some("FY-2024"),
        "gross-profit,costs-and-expenses,operating-expenses,operating-income,net-income,eps",
    );
    let column = |m| &rec.amount(m).unwrap().columns[0];
    // 40 sits in cost of revenues: only that part moves gross profit.
    let gp = column(NonGaapMeasure::GrossProfit);
    assert_eq!(
        (money(gp.gaap), money(gp.effects[0]), money(gp.non_gaap)),
        ("6,000".into(), "40".into(), "6,040".into())
    );
    assert_eq!(money(gp.margin.unwrap().non_gaap.unwrap()), "60");
    assert_eq!(
        money(column(NonGaapMeasure::CostsAndExpenses).non_gaap),
        "8,200"
    );
    // 120 + 80 + 60 in operating expenses.
    assert_eq!(
        money(column(NonGaapMeasure::OperatingExpenses).effects[0]),
        "(260)"
    );
    assert_eq!(
        money(column(NonGaapMeasure::OperatingIncome).non_gaap),
        "1,800"
    );
    // Taxed at 25%, on its own line: 1,200 + 300 - 75.
    let ni = column(NonGaapMeasure::NetIncome);
    assert_eq!(
        (money(ni.effects[0]), money(ni.taxes[0]), money(ni.tax)),
        ("300".into(), "(75)".into(), "-".into())
    );
    assert_eq!(money(ni.non_gaap), "1,425");
    assert_eq!(per_share(diluted(&rec)[0].non_gaap), "1.36");
    assert_eq!(per_share(basic(&rec)[0].non_gaap), "1.43");
    let out = snapshot_fixture_with(
        "sbc_four_lines_tax_rate",
        "fixture_sbc_four_lines_tax_rate",
        &[
            "--measure",
            "gross-profit,costs-and-expenses,operating-expenses,operating-income,net-income,eps",
        ],
    );
    assert!(
        out.contains("Income tax effect of stock-based compensation"),
        "{out}"
    );
}

#[test]
fn a_tax_only_adjustment_moves_net_income_and_no_pre_tax_measure() {
    let rec = fixture_measures("tax_only", None, "pretax-income,net-income,eps-diluted");
    let pretax = rec.amount(NonGaapMeasure::PretaxIncome).unwrap();
    assert_eq!(pretax.moves, [true, false]);
    assert_eq!(money(pretax.columns[0].non_gaap), "700");
    let ni = &net_income(&rec)[0];
    assert_eq!(money(ni.gaap), "1,400");
    assert_eq!(money(ni.effects[0]), "200");
    assert_eq!(money(ni.taxes[0]), "(50)");
    assert_eq!(money(ni.taxes[1]), "(1,000)");
    assert_eq!(money(ni.non_gaap), "550");
    assert_eq!(per_share(diluted(&rec)[0].non_gaap), "0.55");
    // The adjustment names FY-2024 only: nil for FY-2023.
    assert_eq!(money(net_income(&rec)[1].non_gaap), "375");
    snapshot_fixture("tax_only");
}

#[test]
fn a_fiscal_year_ending_april_30_resolves_fiscal_periods_and_prints_real_dates() {
    let rec = reconcile_fixture("fiscal_year_april", Some("1Q FY24"));
    assert_eq!(rec.periods[0].id, "Q1-FY2024");
    assert_eq!(rec.periods[0].header, "Three Months Ended July 31, 2023");
    let ni = &net_income(&rec)[0];
    assert_eq!(
        (money(ni.gaap), money(ni.non_gaap)),
        ("(50)".into(), "100".into())
    );
    let p = diluted(&rec)[0];
    assert_eq!(money(p.non_gaap_shares.count), "520");
    assert_eq!(per_share(p.non_gaap), "0.19");
    let year = reconcile_fixture("fiscal_year_april", Some("FY2023"));
    assert_eq!(year.periods[0].header, "Year Ended April 30, 2023");
    let out = snapshot_fixture("fiscal_year_april");
    assert!(out.contains("July 31, 2022"), "{out}");
    for spelling in ["Q1-FY2024", "q1 fy2024", "1QFY24", "Q1-2024"] {
        let args: Vec<String> = fixture_args("fiscal_year_april")
            .into_iter()
            .chain(["--period".to_string(), spelling.to_string()])
            .collect();
        let one = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(one.code, 0, "{spelling}: {}", one.stderr);
        assert!(
            one.stdout.contains("July 31, 2023") && !one.stdout.contains("2022"),
            "{spelling}"
        );
    }
}

#[test]
fn preferred_dividends_come_off_eps_and_continuing_operations_reconcile() {
    let rec = fixture_measures(
        "preferred_and_discontinued",
        None,
        "continuing-income,net-income,eps-diluted",
    );
    let continuing = &rec
        .amount(NonGaapMeasure::ContinuingIncome)
        .unwrap()
        .columns[0];
    assert_eq!(
        (money(continuing.gaap), money(continuing.non_gaap)),
        ("225".into(), "300".into())
    );
    let ni = &net_income(&rec)[0];
    assert_eq!(
        (money(ni.gaap), money(ni.non_gaap)),
        ("175".into(), "250".into())
    );
    // (175 - 25) / 100 and (250 - 25) / 100.
    let p = diluted(&rec)[0];
    assert_eq!(
        (per_share(p.gaap), per_share(p.non_gaap)),
        ("1.50".into(), "2.25".into())
    );
    let out = snapshot_fixture_with(
        "preferred_and_discontinued",
        "fixture_preferred_and_discontinued",
        &["--measure", "continuing-income,net-income,eps-diluted"],
    );
    assert!(out.contains("available to common shareholders"), "{out}");
}

#[test]
fn the_atg_stock_compensation_example_adds_to_the_shipped_adjustment() {
    let rec = reconcile_measures(
        "tests/fixtures/atg/statements",
        "tests/fixtures/atg/adjustments,tests/fixtures/atg/adjustments/examples",
        Some("9M2003"),
        None,
    );
    let ni = &net_income(&rec)[0];
    assert_eq!(money(ni.effects[1]), "117");
    assert_eq!(money(ni.non_gaap), "(5,055)");
    assert_eq!(per_share(diluted(&rec)[0].non_gaap), "(0.07)");
    let out = run(&[
        "--adjustments",
        "tests/fixtures/atg/adjustments",
        "--adjustments",
        "tests/fixtures/atg/adjustments/examples",
        "--period",
        "9M2003",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    snapshot!("atg_example_stock_based_compensation", out.stdout);
}

#[test]
fn a_tax_rate_applies_only_above_the_tax_line() {
    let rec = fixture_measures("tax_below_the_line", None, "continuing-income,net-income");
    let continuing = &rec
        .amount(NonGaapMeasure::ContinuingIncome)
        .unwrap()
        .columns[0];
    assert_eq!(
        (money(continuing.effects[0]), money(continuing.tax)),
        ("40".into(), "(10)".into())
    );
    assert_eq!(money(continuing.non_gaap), "255");
    let ni = &net_income(&rec)[0];
    // 40 of restructuring and 40 of a loss already net of tax: 25% of 40 only.
    assert_eq!(
        (money(ni.effects[0]), money(ni.tax)),
        ("80".into(), "(10)".into())
    );
    assert_eq!(money(ni.non_gaap), "245");
    snapshot_fixture_with(
        "tax_below_the_line",
        "fixture_tax_below_the_line",
        &["--measure", "pretax-income,continuing-income,net-income"],
    );
}

/// Fixtures whose purpose is a finding of `check`: each with the exact rules
/// its findings carry and why. Every other fixture not named `err_*` must
/// pass `check` (exit 0): its reported figures are consistent.
const FIXTURES_WITH_FINDINGS: &[(&str, &[&str], &str)] = &[
    (
        "add_in_continuing_operations",
        &["NG010"],
        "an add-in, which lint NG010 refuses under today's rules",
    ),
    (
        "lint_ebitda_spelled_out",
        &["NG004"],
        "EBITDA spelled out and shown per share",
    ),
    (
        "lint_everything",
        &[
            "NG001",
            "NG003",
            "NG004",
            "NG005",
            "NG006",
            "NG007",
            "NG010",
            "NG011",
            "NG013",
            "published",
        ],
        "every lint at once",
    ),
    (
        "lint_excluded_both_years",
        &["NG003"],
        "a non-recurring item excluded in two years",
    ),
    (
        "lint_invisible_characters",
        &["NG003"],
        "\"non-recurring\" written with invisible characters",
    ),
    (
        "lint_release_date_typo",
        &["release-date"],
        "a release date before its periods end",
    ),
    (
        "lint_outlook_without_gaap",
        &["NG018"],
        "guidance without its GAAP side and without the unreasonable-efforts statement",
    ),
    (
        "matrix_seven_adjustments",
        &["NG010"],
        "the matrix's deferred-revenue add-in, which lint NG010 refuses",
    ),
    (
        "net_of_tax",
        &["NG011"],
        "an adjustment presented net of tax, which lint NG011 refuses",
    ),
    (
        "one_period_does_not_tie",
        &["footing"],
        "a total that does not foot in one period",
    ),
];

/// `check` passes on every fixture not named `err_*`, except those whose
/// purpose is a finding, which find exactly what they are for.
#[test]
fn check_passes_on_every_fixture_that_is_not_an_error_case() {
    let dir = crate::support::root().join("tests/fixtures");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with("err_"))
        .collect();
    cases.sort();
    let (models, other): (Vec<String>, Vec<String>) = cases
        .into_iter()
        .partition(|c| dir.join(c).join("statements").exists());
    // The seed is the release's text, not a model; `entities` is a folder of
    // models, one per subfolder, for `--entities` (tests/integration/cli.rs).
    assert_eq!(
        other,
        ["entities", "seed"],
        "fixtures without a statements folder"
    );
    let mut failures = Vec::new();
    for case in &models {
        // A fixture without adjustments is checked without any (not with
        // the frozen ATG ones).
        let statements = format!("tests/fixtures/{case}/statements");
        let adjustments = format!("tests/fixtures/{case}/adjustments");
        let out = run(&[
            "check",
            "--format",
            "json",
            "--statements",
            &statements,
            "--adjustments",
            &adjustments,
        ]);
        let expected = FIXTURES_WITH_FINDINGS.iter().find(|(c, _, _)| c == case);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{case}: check --format json is not JSON ({e}): {out:?}",
                out = out.stderr
            )
        });
        let mut rules: Vec<String> = json["diagnostics"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter(|d| d["severity"] == "error")
                    .map(|d| d["rule"].as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default();
        rules.sort();
        match expected {
            None if out.code != 0 => failures.push(format!(
                "{case}: exit {}, findings {rules:?}\n{}",
                out.code, out.stdout
            )),
            Some((_, want, why)) if out.code != 1 || rules != *want => failures.push(format!(
                "{case} ({why}): exit {} with findings {rules:?}, expected exit 1 with {want:?}",
                out.code
            )),
            _ => {}
        }
    }
    for (case, _, _) in FIXTURES_WITH_FINDINGS {
        assert!(models.iter().any(|c| c == case), "{case} is not a fixture");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

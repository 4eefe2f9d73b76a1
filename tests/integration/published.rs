//! The release's own non-GAAP figures and the rounding-aware tie-out:
//! published figures recorded beside the GAAP ones, compared at the
//! precision printed; figures computed from rounded inputs tie within the
//! range those inputs allow; a finding withholds only its period; money
//! prints at the precision the model writes; `check --format json`.

use crate::snapshot;
use crate::support::{fixture_args, run};

fn run_fixture(case: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = fixture_args(case);
    args.extend(extra.iter().map(|a| a.to_string()));
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn published_figures_tie_and_an_eps_from_unrounded_inputs_ties_within_rounding() {
    let out = run_fixture("published_figures", &["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "2 reported EPS figures tie to income available to common / weighted shares (1 within rounding)"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("4 published non-GAAP figures tie to the model"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "FY-2024 diluted EPS 2.08: net income (loss) 1,000 / 482 shares is 2.0747; rounded as printed, the inputs allow 2.0715 to 2.0779"
        ),
        "{}",
        out.stdout
    );
    // Whole millions print without a decimal; the published EPS is shown.
    let table = run_fixture(
        "published_figures",
        &[
            "--measure",
            "net-income,pretax-income,pretax_margin,eps-diluted",
        ],
    );
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("$1,250"), "{}", table.stdout);
    assert!(!table.stdout.contains("1,250.0"), "{}", table.stdout);
    assert!(table.stdout.contains("$2.08"), "{}", table.stdout);
    assert!(table.stdout.contains("26.2%"), "{}", table.stdout);
    snapshot!("fixture_published_figures", table.stdout);
}

#[test]
fn an_eps_outside_the_range_of_its_rounded_inputs_is_a_finding_with_the_range() {
    let out = run_fixture("err_eps_outside_rounding", &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "rounded as printed, the inputs allow 2.0715 to 2.0779: the reported figure is outside it"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_printed_total_one_off_its_items_is_a_finding_naming_them() {
    let out = run_fixture("err_published_total_off_by_one", &["check"]);
    assert_eq!(out.code, 1);
    let words = out.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("published 1,199"), "{}", out.stderr);
    assert!(
        words.contains("Litigation settlement 120 = 1,200"),
        "{}",
        out.stderr
    );
    assert!(
        words.contains("difference (published - computed): -1"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_period_that_does_not_tie_is_withheld_and_the_others_print() {
    let out = run_fixture("one_period_does_not_tie", &[]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("Sept. 30, 2024"), "{}", out.stdout);
    assert!(!out.stdout.contains("June 30, 2024"), "{}", out.stdout);
    assert!(out.stdout.contains("$224"), "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "note: period withheld because of the findings above: Q2-2024; the other periods are printed"
        ),
        "{}",
        out.stderr
    );
    // `check` still reports the finding and prints no table.
    let check = run_fixture("one_period_does_not_tie", &["check"]);
    assert_eq!(check.code, 1);
    assert_eq!(check.stdout, "");
}

#[test]
fn check_gives_its_findings_as_json_and_refuses_a_table_format() {
    let out = run_fixture(
        "err_published_total_off_by_one",
        &["check", "--format", "json"],
    );
    assert_eq!(out.code, 1);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["status"], "findings");
    let finding = &value["diagnostics"][0];
    assert_eq!(
        finding["file"],
        "tests/fixtures/err_published_total_off_by_one/statements/company.toml"
    );
    assert_eq!(finding["line"], 162);
    assert_eq!(finding["column"], 20);
    assert_eq!(finding["rule"], "published");
    assert_eq!(finding["period"], "FY-2024");
    let clean = run(&["check", "--format", "json"]);
    assert_eq!(clean.code, 0);
    let value: serde_json::Value = serde_json::from_str(&clean.stdout).expect("JSON");
    assert_eq!(value["status"], "ties out");
    assert_eq!(value["diagnostics"].as_array().map(Vec::len), Some(0));
    let refused = run(&["check", "--format", "csv"]);
    assert_eq!(refused.code, 2);
    assert_eq!(refused.stdout, "");
    assert!(
        refused
            .stderr
            .contains("`check` and `lint` print text or json")
    );
}

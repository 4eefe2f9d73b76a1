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

/// Figures a release prints that do not tie, recorded with the release's
/// reason (`[period.known_differences]`): `check` lists each with its
/// reason and passes, and counts what ties without them (3 totals less the
/// one known: 2). A recorded difference whose figure ties is a finding.
#[test]
fn known_differences_are_listed_with_their_reason_and_pass() {
    let base = "tests/fixtures/known_differences";
    let args = |statements: &str| {
        vec![
            "--statements".to_string(),
            statements.to_string(),
            "--adjustments".to_string(),
            format!("{base}/adjustments"),
            "check".to_string(),
        ]
    };
    let a = args(&format!("{base}/statements"));
    let out = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("  2 reported totals foot\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("  known difference, as the release prints it: FY2023 values.total_costs 690: The release restated operating expenses to 300"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("  known difference, as the release prints it: FY2023 non_gaap.net-income 350: The release's footnote 4"),
        "{}",
        out.stdout
    );

    // The same entry on a figure that ties: stale, named where it is written.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("known_stale");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(
        crate::support::root().join(format!("{base}/statements/company.toml")),
    )
    .unwrap()
    .replace("net-income = 350 ", "net-income = 360 ");
    std::fs::write(dir.join("company.toml"), text).unwrap();
    let a = args(dir.join("company.toml").to_str().unwrap());
    let out = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: `non_gaap.net-income` of period FY2023 is recorded as a known difference, but it ties"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("company.toml:69:1"), "{}", out.stderr);
}

/// A published figure's precision is what it prints, however written:
/// "1046" and "1046.0" against a computed 1,045 (net income 1,000 + 60
/// restructuring - 15 tax, each input within half a unit: 1,043.9 to
/// 1,046.1) both tie within rounding; 1047 is outside and a finding.
#[test]
fn a_published_figure_ties_the_same_however_its_precision_is_written() {
    let base = "tests/fixtures/published_figures";
    let text = std::fs::read_to_string(
        crate::support::root().join(format!("{base}/statements/company.toml")),
    )
    .unwrap();
    let check = |written: &str| {
        let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "published_precision_{}",
            written.replace(['"', '.'], "_")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let edited = text.replace("net-income = 1045\n", &format!("net-income = {written}\n"));
        assert_ne!(edited, text);
        std::fs::write(dir.join("company.toml"), edited).unwrap();
        run(&[
            "--statements",
            dir.join("company.toml").to_str().unwrap(),
            "--adjustments",
            &format!("{base}/adjustments"),
            "check",
        ])
    };
    for written in ["1046", "\"1046.0\""] {
        let out = check(written);
        assert_eq!(out.code, 0, "{written}: {}", out.stderr);
        assert!(
            out.stdout
                .contains("published Non-GAAP net income (loss) 1,046"),
            "{written}: {}",
            out.stdout
        );
    }
    let out = check("1047");
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("published Non-GAAP net income (loss) does not tie"),
        "{}",
        out.stderr
    );
}

/// A published ratio is accepted where its inputs allow it: return on
/// average tangible common equity computes to 16.243% (3,132 x 365 / 92
/// over the average of 75,000 and 78,000, each within half a unit), and
/// the inputs allow 16.240 to 16.246, so a printed 16.25 (16.245 to 16.255)
/// ties within rounding, and 16.26 is a finding.
#[test]
fn a_published_ratio_ties_where_its_inputs_allow_it() {
    let base = "tests/fixtures/bank_tangible";
    let path = std::fs::read_dir(crate::support::root().join(format!("{base}/statements")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let check = |printed: &str| {
        let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("published_ratio_{}", printed.replace('.', "_")));
        std::fs::create_dir_all(&dir).unwrap();
        let edited = text.replacen(
            "roatce = \"16.24\"\n",
            &format!("roatce = \"{printed}\"\n"),
            1,
        );
        assert_ne!(edited, text);
        std::fs::write(dir.join("company.toml"), edited).unwrap();
        run(&[
            "--statements",
            dir.join("company.toml").to_str().unwrap(),
            "--adjustments",
            &format!("{base}/adjustments"),
            "check",
        ])
    };
    let out = check("16.25");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("return on average tangible common equity 16.25: computed 16.243; rounded as printed, the inputs allow 16.24 to 16.246"),
        "{}",
        out.stdout
    );
    let out = check("16.26");
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("the inputs allow 16.24 to 16.246: the published figure is outside it"),
        "{}",
        out.stderr
    );
}

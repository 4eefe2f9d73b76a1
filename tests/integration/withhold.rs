//! What a finding withholds from a reconciliation: the figures that depend
//! on the failing fact, shown as "withheld" with a note naming the finding;
//! every other figure prints (`tests/fixtures/err_withhold_*`).

use crate::support::run;

const MEASURES: &str = "gross-profit,operating-income,net-income,eps,gross_margin_pct";

fn reconcile(case: &str) -> crate::support::Run {
    let statements = format!("tests/fixtures/{case}/statements");
    let adjustments = format!("tests/fixtures/{case}/adjustments");
    run(&[
        "--statements",
        &statements,
        "--adjustments",
        &adjustments,
        "--measure",
        MEASURES,
    ])
}

/// The non-GAAP figure of a block in the one column: its last figure row's
/// cell, as printed.
fn figure(stdout: &str, label: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with(label))
        .map(|l| l[label.len()..].trim().to_string())
        .unwrap_or_else(|| panic!("no row {label}: {stdout}"))
}

/// The same, of the last row with that label (a ratio's, after a
/// margin's of the same name).
fn last_figure(stdout: &str, label: &str) -> String {
    stdout
        .lines()
        .rfind(|l| l.starts_with(label))
        .map(|l| l[label.len()..].trim().to_string())
        .unwrap_or_else(|| panic!("no row {label}: {stdout}"))
}

#[test]
fn a_total_that_does_not_foot_withholds_the_blocks_that_read_it_and_nothing_else() {
    let out = reconcile("err_withhold_total_does_not_foot");
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, EXPECTED_TOTAL);
    assert!(out.stderr.ends_with(
        "note: withheld because of the findings above: Q3-2024 operating-income, net-income, eps-basic, eps-diluted; every other figure is printed\n"
    ), "{}", out.stderr);
}

#[test]
fn a_reported_eps_that_does_not_tie_withholds_the_per_share_blocks_of_its_basis() {
    let out = reconcile("err_withhold_eps_does_not_tie");
    assert_eq!(out.code, 1);
    assert_eq!(
        figure(&out.stdout, "Non-GAAP net income (loss) per basic share"),
        "$2.16"
    );
    assert_eq!(
        figure(&out.stdout, "Non-GAAP net income (loss) per diluted share"),
        "withheld"
    );
    assert_eq!(
        figure(&out.stdout, "GAAP net income (loss) per diluted share"),
        "withheld"
    );
    assert_eq!(figure(&out.stdout, "Non-GAAP net income (loss) "), "$216");
    assert_eq!(last_figure(&out.stdout, "Non-GAAP gross margin "), "60.0%");
    // The release's 2.10 is not shown, nor spoken of.
    assert!(!out.stdout.contains("2.10"), "{}", out.stdout);
    let words = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Withheld (Q3-2024 eps-diluted): the finding at tests/fixtures/err_withhold_eps_does_not_tie/statements/company.toml:125: reported diluted EPS does not tie in period Q3-2024."), "{words}");
}

#[test]
fn a_percentage_that_does_not_recompute_withholds_that_ratio() {
    let out = reconcile("err_withhold_percentage_does_not_tie");
    assert_eq!(out.code, 1);
    assert_eq!(last_figure(&out.stdout, "Gross margin "), "withheld");
    assert_eq!(
        last_figure(&out.stdout, "Non-GAAP gross margin "),
        "withheld"
    );
    assert_eq!(
        figure(&out.stdout, "Non-GAAP net income (loss) per diluted share"),
        "$2.16"
    );
    assert_eq!(
        figure(&out.stdout, "Non-GAAP operating income (loss)"),
        "$250"
    );
    assert!(!out.stdout.contains("61.0"), "{}", out.stdout);
}

#[test]
fn a_published_figure_that_does_not_tie_withholds_nothing_and_is_noted() {
    let out = reconcile("err_withhold_published_does_not_tie");
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains("withheld"), "{}", out.stdout);
    // The computed 216 is shown, not the release's 224.
    assert_eq!(figure(&out.stdout, "Non-GAAP net income (loss) "), "$216");
    let words = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.ends_with("Not tied: the release's figure at tests/fixtures/err_withhold_published_does_not_tie/statements/company.toml:131: published Non-GAAP net income (loss) does not tie in period Q3-2024; the computed figure is shown."), "{words}");
}

#[test]
fn a_lint_of_an_adjustment_withholds_the_blocks_it_moves() {
    let out = reconcile("err_withhold_lint_of_an_adjustment");
    assert_eq!(out.code, 1);
    // Restructuring is an operating expense: gross profit and its margin
    // are not moved by it.
    assert_eq!(figure(&out.stdout, "Non-GAAP gross profit"), "$600");
    assert_eq!(last_figure(&out.stdout, "Non-GAAP gross margin "), "60.0%");
    assert_eq!(
        figure(&out.stdout, "Non-GAAP operating income (loss)"),
        "withheld"
    );
    assert_eq!(
        figure(&out.stdout, "Non-GAAP net income (loss) per basic share"),
        "withheld"
    );
    assert!(out.stderr.starts_with("error[NG003]"), "{}", out.stderr);
}

#[test]
fn the_model_without_the_slips_prints_every_figure() {
    let out = reconcile("withhold_base");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("withheld"), "{}", out.stdout);
}

const EXPECTED_TOTAL: &str = r#"                         Withhold Inc.
          Reconciliation of GAAP to Non-GAAP Measures
             (In thousands, except per share data)

                                              Three Months Ended
                                                  Sept. 30, 2024

GAAP gross profit                                           $600
Non-GAAP gross profit                                       $600
GAAP gross margin                                            60%
Non-GAAP gross margin                                        60%

GAAP operating income (loss)                            withheld
  Restructuring (1)                                     withheld
Non-GAAP operating income (loss)                        withheld

GAAP net income (loss)                                  withheld
  Restructuring (1)                                     withheld
  Income tax effect of adjustments (2)                  withheld
Non-GAAP net income (loss)                              withheld

GAAP net income (loss) per basic share                  withheld
  Restructuring                                         withheld
  Income tax effect of adjustments                      withheld
Non-GAAP net income (loss) per basic share              withheld

GAAP net income (loss) per diluted share                withheld
  Restructuring                                         withheld
  Income tax effect of adjustments                      withheld
Non-GAAP net income (loss) per diluted share            withheld

Gross margin                                               60.0%
Non-GAAP gross margin                                      60.0%

Weighted average shares used (3)
  Basic, GAAP and non-GAAP                              withheld
  GAAP                                                  withheld
    basis                                               withheld
  Non-GAAP                                              withheld
    basis                                               withheld

(1) Restructuring: Costs of a reorganisation.
(2) Income tax effect of the adjustments, shown on its own line. Restructuring: 20% of the pre-tax
amount, with the opposite sign.
(3) Per-share figures divide by diluted weighted average shares when the result is income, and by
basic shares when it is a loss, because potential common shares are then anti-dilutive.
Withheld (Q3-2024 operating-income, net-income, eps-basic, eps-diluted): the finding at
tests/fixtures/err_withhold_total_does_not_foot/statements/company.toml:112:
`total_operating_expenses` (Total operating expenses) does not foot in period Q3-2024.
"#;

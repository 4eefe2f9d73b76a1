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

#[test]
fn check_as_json_lists_every_figure_it_tied_with_its_verdict() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "--statements",
        "tests/fixtures/check_json_figures/statements",
        "--adjustments",
        "tests/fixtures/check_json_figures/adjustments",
    ]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(value["schema_version"], 2);
    assert_eq!(value["status"], "ties out");
    let rows: Vec<String> = value["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| {
            assert_eq!(
                f["file"],
                "tests/fixtures/check_json_figures/statements/company.toml"
                    .replace("statements/company.toml", "")
                    + if f["kind"] == "per_share_amount" {
                        "adjustments/restructuring.toml"
                    } else {
                        "statements/company.toml"
                    }
            );
            let s = |k: &str| f[k].as_str().unwrap_or("null").to_string();
            format!(
                "{} {} {} {} {} {} {} | {} @{}",
                s("period"),
                s("kind"),
                s("what"),
                s("computed"),
                s("published"),
                s("lo"),
                s("hi"),
                s("verdict"),
                f["line"]
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "Q3-2024 total gross_profit 600 600 599 601 | ties @109",
            "Q3-2024 total total_operating_expenses 370 371 368.5 371.5 | ties within rounding @113",
            "Q3-2024 total operating_income 229 230 228 230 | ties within rounding @114",
            "Q3-2024 total pretax_income 240 240 239 241 | ties @116",
            "Q3-2024 total net_income 200 200 199 201 | ties @118",
            "Q3-2024 count_total counts.diluted_total 102 102 101 103 | ties @133",
            "Q3-2024 eps eps-basic 2 2.00 1.9850746268656716417910447761 2.0150753768844221105527638191 | ties @125",
            "Q3-2024 eps eps-diluted 2 2.00 1.9850746268656716417910447761 2.0150753768844221105527638191 | ties @126",
            "Q3-2024 percentage gross_margin_pct 60 60.0 59.92003998000999500249875062 60.08004002001000500250125063 | ties @129",
            "Q3-2024 non_gaap eps-diluted 2.16 2.16 2.1442786069651741293532338308 2.1758793969849246231155778894 | ties @137",
            "Q3-2024 non_gaap net-income 216 216 215.1 216.9 | ties @136",
            "Q3-2024 non_gaap_adjustments net-income 16 17 16 16 | known difference @140",
            "Q3-2024 per_share_amount restructuring.eps-diluted 0.2 0.20 0.1940298507462686567164179104 0.2060301507537688442211055276 | ties @13",
        ]
    );
}

#[test]
fn check_as_json_marks_the_figure_of_a_finding() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "--statements",
        "tests/fixtures/err_withhold_eps_does_not_tie/statements",
        "--adjustments",
        "tests/fixtures/err_withhold_eps_does_not_tie/adjustments",
    ]);
    assert_eq!(out.code, 1);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let findings: Vec<&serde_json::Value> = value["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter(|f| f["verdict"] == "finding")
        .collect();
    assert_eq!(findings.len(), 1, "{value}");
    assert_eq!(findings[0]["what"], "eps-diluted");
    assert_eq!(findings[0]["computed"], "2");
    assert_eq!(findings[0]["published"], "2.10");
    assert_eq!(findings[0]["line"], 125);
    assert_eq!(value["diagnostics"][0]["line"], 125);
}

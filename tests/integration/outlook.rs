//! Outlook (guidance): forward periods reconciled from a GAAP range to a
//! non-GAAP range, low and high, GAAP first. Every figure asserted here is
//! computed by hand from tests/fixtures/outlook*.

use crate::snapshot;
use crate::support::{fixture_args, run};

fn outlook(case: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = fixture_args(case);
    args.push("outlook".into());
    args.extend(extra.iter().map(|a| a.to_string()));
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The rows of one measure in `outlook --format json`: (kind, label, low
/// value, high value), exact.
fn rows(json: &serde_json::Value, measure: &str) -> Vec<(String, String, String, String)> {
    json["tables"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["measure"] == measure)
        .map(|r| {
            let cell = |i: usize| r["cells"][i]["value"].as_str().unwrap_or("").to_string();
            (
                r["kind"].as_str().unwrap().to_string(),
                r["label"].as_str().unwrap().to_string(),
                cell(0),
                cell(1),
            )
        })
        .collect()
}

#[test]
fn eps_guidance_reconciles_the_same_items_at_both_ends() {
    let out = outlook("outlook", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 1.20 + 0.45 + 0.10 - 0.12 = 1.63; 1.30 + 0.45 + 0.10 - 0.12 = 1.73.
    assert!(out.stdout.contains(
        "GAAP diluted EPS                                           $1.20               $1.30\n"
    ));
    assert!(out.stdout.contains(
        "  Income tax effect of the adjustments                    (0.12)              (0.12)\n"
    ));
    assert!(out.stdout.contains(
        "Non-GAAP diluted EPS                                       $1.63               $1.73\n"
    ));
    snapshot!("fixture_outlook", out.stdout);
}

#[test]
fn items_with_their_own_low_and_high_and_margins_of_the_revenue_midpoint() {
    let out = outlook("outlook", &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let oi = rows(&json, "operating-income");
    // 1,900 + 500 + 100 = 2,500; 2,100 + 500 + 120 = 2,720.
    assert_eq!(oi[0].2, "1900");
    assert_eq!(oi[2].0, "adjustment");
    assert_eq!((oi[2].2.as_str(), oi[2].3.as_str()), ("100", "120"));
    assert_eq!((oi[3].2.as_str(), oi[3].3.as_str()), ("2500", "2720"));
    // Revenue guidance 10,800 to 11,200: midpoint 11,000. GAAP operating
    // margin 1,900 / 11,000 = 17.27% and 2,100 / 11,000 = 19.09%; the
    // release's non-GAAP 22.7% and 24.7% (2,500 / 11,000 = 22.73%).
    let text = outlook("outlook", &[]).stdout;
    assert!(text.contains(
        "GAAP operating margin                                      17.3%               19.1%\n"
    ));
    assert!(text.contains(
        "  Amortization of acquired intangible assets                0.9%                1.1%\n"
    ));
    assert!(text.contains(
        "Non-GAAP operating margin                                  22.7%               24.7%\n"
    ));
    assert!(
        text.contains("Margins are in percent of the midpoint of the revenue guidance, $11,000.")
    );
    // Approximately 650 + 500 + 110 - 150 = 1,110, one figure at both ends.
    assert!(text.contains(
        "Non-GAAP net income (loss), approximately                 $1,110              $1,110\n"
    ));
}

#[test]
fn every_format_renders_the_outlook() {
    for format in ["markdown", "csv"] {
        let out = outlook("outlook", &["--format", format]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        snapshot!(format!("fixture_outlook_{format}"), out.stdout);
    }
    let out = outlook("outlook", &["--period", "fy2026"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("the model has no outlook for `fy2026`"),
        "{}",
        out.stderr
    );
    let none = run(&["outlook"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("the model has no outlook"),
        "{}",
        none.stderr
    );
}

#[test]
fn check_ties_the_guidance_out_within_rounding() {
    let mut args = fixture_args("outlook");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    // EPS and operating income at both ends, the margin at both ends (22.73
    // prints as 22.7), net income once: 7 figures, all as computed.
    assert!(
        out.stdout.contains(
            "outlook: 1 forward period (FY2025), 4 measures guided\n  7 printed non-GAAP figures tie to GAAP plus the items (7 exactly, 0 within rounding)\n"
        ),
        "{}",
        out.stdout
    );
    // A high end of 1.83 where the items give 1.73 is a finding.
    let mut args = fixture_args("err_outlook_does_not_tie");
    args.push("check".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("does not tie at its high end"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("GAAP + items = 1.73"), "{}", out.stderr);
}

#[test]
fn gaap_may_be_omitted_only_with_the_unreasonable_efforts_statement() {
    let out = outlook("outlook_unreasonable_efforts", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(
        "GAAP net income (loss) per diluted share                     n/a                 n/a\n"
    ));
    assert!(
        out.stdout
            .contains("cannot predict,\nwithout unreasonable effort")
    );
    let mut args = fixture_args("lint_outlook_without_gaap");
    args.push("lint".into());
    let lint = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(lint.code, 1, "{}", lint.stdout);
    assert!(
        lint.stderr.contains(
            "error[NG018]: outlook Q1-2025 gives non-GAAP `eps-diluted` without its GAAP counterpart"
        ),
        "{}",
        lint.stderr
    );
    // Before Regulation G, the rule did not apply.
    args.extend(["--rules-as-of".to_string(), "2003-01-01".to_string()]);
    let old = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!old.stderr.contains("NG018"), "{}", old.stderr);
}

//! `reconcile prose`: the release's narrative tied to the model, figure by
//! figure, on the shipped ATG data (whose statements file records the memo
//! facts the narrative states and the tables do not hold).

use crate::support::run_shipped;

const SEED: &str = "tests/fixtures/seed/prose/atg_q3_2003.txt";

#[test]
fn every_figure_of_the_seed_narrative_ties_or_is_recorded() {
    let out = run_shipped(&["prose", SEED]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(out.stderr, "", "no findings, no prominence warnings");
    assert!(
        out.stdout
            .ends_with("29 figures: 15 tied to the tables, 14 to memo facts, 0 not tied\n"),
        "{}",
        out.stdout
    );
    for line in [
        "line 11: $3.2 million ties Third-Quarter Financial Highlights, Net income/(loss) (GAAP), Three Months Ended Sept. 30, 2003: (3.2)",
        "line 12: $3.1 million ties Third-Quarter Financial Highlights, Net income/(loss) (GAAP), Three Months Ended Sept. 30, 2002: (3.1)",
        "line 22: $5.2 million ties Reconciliation of GAAP to Non-GAAP Net Income (Loss), Non-GAAP net income (loss), Nine Months Ended Sept. 30, 2003: (5,172)",
        "line 23: ($0.07) per share ties Reconciliation of GAAP to Non-GAAP Net Income (Loss), Non-GAAP net income (loss) per diluted share",
        "line 21: $5.3 million ties Condensed Consolidated Statements of Operations, Restructuring expense/(benefit), Nine Months Ended Sept. 30, 2003: (5,273)",
        "line 69: $52 million ties memo \"Accrued restructuring liability, short and long term\" (2002-12-31)",
        "line 75: $19.2 million ties memo \"Total cost of revenues and total operating expenses\" (Q3-2003)",
        "line 90: $40 million ties memo \"Cash, cash equivalents and marketable securities, outlook low\" (2003-12-31)",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
}

#[test]
fn a_mistyped_figure_exits_one_naming_it_with_the_nearest_candidates() {
    let out = run_shipped(&[
        "prose",
        "tests/fixtures/seed/prose/atg_q3_2003_mistyped.txt",
    ]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("  line 22: $5.4 million does not tie\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with("1 not tied\n"), "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "line 22: $5.4 million does not tie to any figure of the model (Nine Months Ended Sept. 30, 2003)"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nearest: Reconciliation of GAAP to Non-GAAP Net Income (Loss), Non-GAAP net income (loss), Nine Months Ended Sept. 30, 2003: (5,172)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_non_gaap_figure_before_its_gaap_counterpart_is_a_prominence_warning() {
    let text = "tests/fixtures/seed/prose/non_gaap_first.md";
    let out = run_shipped(&["prose", text]);
    assert_eq!(out.code, 0, "a warning: {}", out.stderr);
    assert!(out.stdout.ends_with("0 not tied\n"), "{}", out.stdout);
    for figure in ["$5.2 million", "($0.07) per share"] {
        assert!(
            out.stderr.contains(&format!("non-GAAP figure {figure} ("))
                && out.stderr.contains("with no GAAP counterpart before it"),
            "{figure}: {}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("C&DI 102.10"), "{}", out.stderr);
    let denied = run_shipped(&["prose", text, "--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
}

#[test]
fn prose_takes_no_format() {
    let out = run_shipped(&["prose", SEED, "--format", "json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`prose` prints text only"),
        "{}",
        out.stderr
    );
}

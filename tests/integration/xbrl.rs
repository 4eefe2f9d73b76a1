//! XBRL: a concept per line, `check --against` a companyfacts file, and
//! `import` from one. The facts are a real excerpt of NVIDIA's companyfacts
//! JSON (tests/fixtures/xbrl_nvidia/facts, with its README); the model is a
//! copy of the NVIDIA release case with each line's concept.

use crate::support::{root, run, run_in};

const FACTS: &str = "tests/fixtures/xbrl_nvidia/facts/nvidia-companyfacts-excerpt.json";
const STATEMENTS: &str = "tests/fixtures/xbrl_nvidia/statements";
const ADJUSTMENTS: &str = "tests/fixtures/xbrl_nvidia/adjustments";

fn check_against(statements: &str) -> crate::support::Run {
    run(&[
        "check",
        "--statements",
        statements,
        "--adjustments",
        ADJUSTMENTS,
        "--against",
        FACTS,
    ])
}

#[test]
fn the_nvidia_release_ties_to_its_filed_facts() {
    let out = check_against(STATEMENTS);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let stdout = out.stdout;
    assert!(
        stdout.contains("(NVIDIA CORP, CIK 1045810): 72 figures tie to the filed facts"),
        "{stdout}"
    );
    // The fourth quarter is in no 10-Q: the year less nine months.
    assert!(
        stdout.contains(
            "Q4-FY2023: FY2023 (2022-01-31 to 2023-01-29) less 9M-FY2023 (2022-01-31 to 2022-10-30) (14 figures)"
        ),
        "{stdout}"
    );
    // The 2025 10-K restates fiscal 2023 for the 10-for-1 split of 2024.
    assert!(
        stdout.contains("diluted EPS FY2023: 1.74 as filed in accession 0001045810-24-000029 (10-K filed 2024-02-21); accession 0001045810-25-000023 (10-K filed 2025-02-26) restates it as 0.17 (a 10-for-1 split)"),
        "{stdout}"
    );
    assert!(stdout.contains("`interest_expense` FY2023 (us-gaap:InterestExpense)"));
    assert!(
        stdout.contains("`acquisition_termination_cost` FY2023 (nvda:AcquisitionTerminationCost)")
    );
}

/// A copy of the model with one figure changed.
fn planted(from: &str, to: &str) -> tempdir::Dir {
    let dir = tempdir::Dir::new("xbrl-planted");
    let text = std::fs::read_to_string(root().join(STATEMENTS).join("nvidia.toml")).unwrap();
    assert!(text.contains(from));
    std::fs::write(dir.path().join("nvidia.toml"), text.replacen(from, to, 1)).unwrap();
    dir
}

#[test]
fn a_planted_difference_is_found_and_named() {
    // FY2023 revenue, filed as 26,974 million in three 10-Ks, transposed,
    // and cost of revenue moved with it so that the model still foots.
    let dir = planted("revenue = 26974", "revenue = 26947");
    let text = std::fs::read_to_string(dir.path().join("nvidia.toml")).unwrap();
    let text = text.replacen("cost_of_revenue = 11618", "cost_of_revenue = 11591", 1);
    std::fs::write(dir.path().join("nvidia.toml"), text).unwrap();
    let out = check_against(dir.path().to_str().unwrap());
    assert_eq!(out.code, 1, "{}", out.stdout);
    let err = out.stderr;
    assert!(
        err.contains("error: `revenue` in period FY2023 differs from the filed `us-gaap:Revenues`"),
        "{err}"
    );
    assert!(err.contains("nvidia.toml:"), "{err}");
    assert!(err.contains("revenue = 26947"), "{err}");
    assert!(
        err.contains("filed: 26974000000 USD, 26974 in the model's units"),
        "{err}"
    );
    assert!(
        err.contains("filed in accession 0001045810-25-000023 (10-K filed 2025-02-26)"),
        "{err}"
    );
    assert!(
        err.contains("`cost_of_revenue` in period FY2023 differs"),
        "{err}"
    );
    assert!(err.contains("2 findings"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_difference_in_a_derived_quarter_names_both_filings() {
    // Q4 interest income up 10 and other, net down 10: the model still
    // foots; the filed year less the filed nine months finds both.
    let dir = planted("interest_income = 115", "interest_income = 125");
    let text = std::fs::read_to_string(dir.path().join("nvidia.toml")).unwrap();
    let text = text.replacen("other_net = -18", "other_net = -28", 1);
    std::fs::write(dir.path().join("nvidia.toml"), text).unwrap();
    let out = check_against(dir.path().to_str().unwrap());
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let err = out.stderr;
    assert!(
        err.contains("`interest_income` in period Q4-FY2023 differs"),
        "{err}"
    );
    assert!(
        err.contains("`other_net` in period Q4-FY2023 differs"),
        "{err}"
    );
    assert!(err.contains("2 findings"), "{err}");
    assert!(
        err.contains("no filing reports the period: derived as FY2023"),
        "{err}"
    );
    assert!(
        err.contains("accession 0001045810-23-000227 (10-Q filed 2023-11-21)"),
        "{err}"
    );
}

#[test]
fn a_concept_named_twice_is_a_warning() {
    let dir = planted(
        "concept = \"us-gaap:GrossProfit\"",
        "concept = \"us-gaap:Revenues\"",
    );
    let out = run(&[
        "check",
        "--statements",
        dir.path().to_str().unwrap(),
        "--adjustments",
        ADJUSTMENTS,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "warning: `gross_profit` names concept `us-gaap:Revenues`, which `revenue` names too"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_concept_must_be_prefix_and_name() {
    let dir = planted("concept = \"us-gaap:Revenues\"", "concept = \"Revenues\"");
    let out = run(&[
        "check",
        "--statements",
        dir.path().to_str().unwrap(),
        "--adjustments",
        ADJUSTMENTS,
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("`Revenues` is not an XBRL concept name"),
        "{}",
        out.stderr
    );
}

#[test]
fn against_is_for_check_only() {
    let out = run_in(root(), &["--against", FACTS, "--statements", STATEMENTS]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("in `check` only"), "{}", out.stderr);
}

/// A scratch folder removed when dropped.
pub mod tempdir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new(name: &str) -> Dir {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "reconcile-{name}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

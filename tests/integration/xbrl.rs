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

fn check_dir(dir: &std::path::Path) -> crate::support::Run {
    run(&[
        "check",
        "--statements",
        dir.to_str().unwrap(),
        "--adjustments",
        ADJUSTMENTS,
    ])
}

#[test]
fn a_standard_line_without_a_concept_is_a_warning_whose_help_clears_it() {
    // Net income (measure = "net-income", line 157 of the copy) loses its concept.
    let dir = planted("concept = \"us-gaap:NetIncomeLoss\"\n", "");
    let out = check_dir(dir.path());
    assert_eq!(out.code, 0, "a warning, not a finding: {}", out.stderr);
    assert!(
        out.stderr.contains(
            "warning: `net_income` is a standard line (measure = \"net-income\") and names no concept: `check --against` cannot tie it to the filing"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("nvidia.toml:156:"),
        "located at the line item: {}",
        out.stderr
    );
    let help =
        "name the concept the filing tags it with, usually concept = \"us-gaap:NetIncomeLoss\"";
    assert!(out.stderr.contains(help), "{}", out.stderr);
    // The help, applied as written, loads and clears the warning.
    let text = std::fs::read_to_string(dir.path().join("nvidia.toml")).unwrap();
    let fixed = text.replacen(
        "id = \"net_income\"\n",
        "id = \"net_income\"\nconcept = \"us-gaap:NetIncomeLoss\"\n",
        1,
    );
    assert_ne!(fixed, text);
    std::fs::write(dir.path().join("nvidia.toml"), fixed).unwrap();
    let out = check_dir(dir.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("names no concept"), "{}", out.stderr);
}

#[test]
fn a_statement_naming_no_concepts_is_not_asked_for_them() {
    let out = run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("names no concept"), "{}", out.stderr);
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

fn import(statements: &std::path::Path, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "import",
        FACTS,
        "--entity",
        "nvidia",
        "--statements",
        statements.to_str().unwrap(),
    ];
    args.extend(extra);
    run_in(root(), &args)
}

fn check_file(file: &std::path::Path, adjustments: &str) -> crate::support::Run {
    run_in(
        root(),
        &[
            "check",
            "--statements",
            file.to_str().unwrap(),
            "--adjustments",
            adjustments,
            "--against",
            FACTS,
        ],
    )
}

#[test]
fn import_writes_eight_quarters_that_tie_to_the_filings() {
    let dir = tempdir::Dir::new("xbrl-import");
    let statements = dir.path().join("statements");
    let out = import(&statements, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = statements.join("nvidia.toml");
    assert!(
        out.stdout.starts_with(&format!(
            "wrote {}: 14 line items, 10 periods (8 quarters, 2 fiscal years) of NVIDIA CORP\n",
            file.display()
        )),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(&file).unwrap();
    for id in [
        "Q4-FY2025",
        "Q3-FY2025",
        "Q2-FY2025",
        "Q1-FY2025",
        "Q4-FY2024",
        "Q3-FY2024",
        "Q2-FY2024",
        "Q1-FY2024",
        "FY2025",
        "FY2024",
    ] {
        assert!(text.contains(&format!("id = \"{id}\"\n")), "{id}");
    }
    assert!(text.contains("fiscal_year_end = \"01-31\"\nunits = \"millions\"\n"));
    // The interest expense tag of the latest filings.
    assert!(text.contains("concept = \"us-gaap:InterestExpenseNonoperating\""));
    // Each value's source; the fourth quarter as the year less nine months.
    assert!(
        text.contains("revenue = 26044  # 10-Q 0001045810-25-000116 filed 2025-05-28\n"),
        "{text}"
    );
    assert!(text.contains("net_income = 22091  # 10-K 0001045810-26-000021 filed 2026-02-25 less 10-Q 0001045810-25-000230 filed 2025-11-19\n"), "{text}");
    let checked = check_file(&file, dir.path().join("adjustments").to_str().unwrap());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked.stdout.contains(": ties out\n"),
        "{}",
        checked.stdout
    );
    assert!(
        checked
            .stdout
            .contains("(NVIDIA CORP, CIK 1045810): 172 figures tie to the filed facts\n"),
        "{}",
        checked.stdout
    );
    // A second import finds nothing to add and changes nothing.
    let again = import(&statements, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("nothing to fill"), "{}", again.stdout);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn import_fills_what_a_file_lacks_and_refuses_a_differing_value() {
    let dir = tempdir::Dir::new("xbrl-fill");
    let statements = dir.path().join("statements");
    assert_eq!(import(&statements, &[]).code, 0);
    let file = statements.join("nvidia.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let interest = "interest_income = 511  # 10-K 0001045810-26-000021 filed 2026-02-25 less 10-Q 0001045810-25-000230 filed 2025-11-19\n";
    assert!(original.contains(interest));
    let edited =
        original
            .replacen(interest, "", 1)
            .replacen("revenue = 26044  #", "revenue = 26404  #", 1);
    std::fs::write(&file, &edited).unwrap();
    // A differing value stops the import: both figures, nothing written.
    let out = import(&statements, &[]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("1 value of the file differs from the filed facts; nothing written"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Q1-FY2025 revenue: the file has 26404, the filing 26044 (10-Q 0001045810-25-000116 filed 2025-05-28)"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    // --prefer file keeps the file's figure and fills the missing one.
    let out = import(&statements, &["--prefer", "file"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("  added Q4-FY2025 interest_income\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("differs, kept the file's: Q1-FY2025 revenue"),
        "{}",
        out.stdout
    );
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(kept.contains("revenue = 26404  #") && kept.contains(interest));
    // --prefer filed takes the filing's.
    let out = import(&statements, &["--prefer", "filed"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("revenue = 26044  #")
    );
}

#[test]
fn import_leaves_a_total_its_filed_components_miss_as_separate_lines() {
    // Sixteen quarters reach fiscal 2023, whose operating expenses include a
    // 1,353 acquisition termination cost under NVIDIA's own tag, which
    // companyfacts omits.
    let dir = tempdir::Dir::new("xbrl-sixteen");
    let out = import(dir.path(), &["--quarters", "16"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("20 periods (16 quarters, 4 fiscal years)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("`operating_expenses`'s components are separate lines: in Q1-FY2023 the filed us-gaap:ResearchAndDevelopmentExpense, us-gaap:SellingGeneralAndAdministrativeExpense add up to 2210 and us-gaap:OperatingExpenses is 3563"),
        "{}",
        out.stdout
    );
    let file = dir.path().join("nvidia.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("# Not rolled up into `operating_expenses`"));
    // Counts and EPS filed before the 2024 split, on the latest basis.
    assert!(text.contains("diluted = \"0.082\"  # 10-Q 0001045810-24-000124 filed 2024-05-29, 0.82 / 10 for the 10-for-1 split first filed 2024-08-28\n"), "{text}");
    let checked = check_file(&file, dir.path().join("adjustments").to_str().unwrap());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
}

#[test]
fn import_fills_a_release_s_prior_periods_in_its_own_lines_and_signs() {
    let dir = tempdir::Dir::new("xbrl-release");
    std::fs::copy(
        root().join(STATEMENTS).join("nvidia.toml"),
        dir.path().join("nvidia.toml"),
    )
    .unwrap();
    let out = import(dir.path(), &["--quarters", "16"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let stdout = out.stdout;
    // The release's own line for a cost the facts do not hold: its total
    // less the filed components.
    assert!(stdout.contains("added Q1-FY2023 acquisition_termination_cost = 1353 (the total `total_operating_expenses` less its filed components; nvda:AcquisitionTerminationCost is not in the filed facts)"), "{stdout}");
    assert!(
        stdout.contains("added Q3-FY2023 cost_of_revenue\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("not added, after the release date: Q4-FY2025"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(dir.path().join("nvidia.toml")).unwrap();
    // Interest expense as the release stores it: negative, added.
    assert!(
        text.contains("interest_expense = -68  # 10-Q 0001045810-23-000093"),
        "{text}"
    );
    let checked = check_file(&dir.path().join("nvidia.toml"), ADJUSTMENTS);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
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

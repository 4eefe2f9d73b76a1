//! XBRL instance documents: `check --against` and `import` read the
//! filing's own instance (`.xml`) and inline XBRL (`.htm`) as they read
//! companyfacts. The two documents in tests/fixtures/xbrl_nvidia/instance
//! are synthetic 10-Ks for NVIDIA's fiscal 2023 whose facts are the real
//! companyfacts excerpt's entries of that 10-K (accession
//! 0001045810-23-000017); the model is the NVIDIA release case with concepts,
//! as in xbrl.rs. Every figure asserted below is the one the excerpt (and the
//! 10-K) gives, checked by hand against it.

use crate::support::{root, run_in};
use crate::xbrl::tempdir;

const INSTANCE: &str = "tests/fixtures/xbrl_nvidia/instance/nvda-20230129.xml";
const INLINE: &str = "tests/fixtures/xbrl_nvidia/instance/nvda-20230129.htm";
const STATEMENTS: &str = "tests/fixtures/xbrl_nvidia/statements";
const ADJUSTMENTS: &str = "tests/fixtures/xbrl_nvidia/adjustments";

fn check_against(statements: &str, facts: &str) -> crate::support::Run {
    run_in(
        root(),
        &[
            "check",
            "--statements",
            statements,
            "--adjustments",
            ADJUSTMENTS,
            "--against",
            facts,
        ],
    )
}

/// A copy of a fixture document with one piece of text replaced.
fn edited(fixture: &str, name: &str, from: &str, to: &str) -> (tempdir::Dir, String) {
    let dir = tempdir::Dir::new("xbrl-instance");
    let text = std::fs::read_to_string(root().join(fixture)).unwrap();
    assert!(text.contains(from), "{from}");
    let path = dir.path().join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    (dir, path.to_str().unwrap().to_string())
}

#[test]
fn the_nvidia_release_ties_to_the_10k_instance_document() {
    let out = check_against(STATEMENTS, INSTANCE);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let stdout = out.stdout;
    // FY2023 and FY2022: 14 lines naming us-gaap concepts, both years, plus
    // basic and diluted shares and EPS (4 x 2), plus the acquisition
    // termination cost of FY2023 (1,353) under NVIDIA's own tag, which an
    // instance holds and companyfacts omits: 14 x 2 + 8 + 1 = 37.
    assert!(
        stdout.contains("(NVIDIA CORPORATION, CIK 1045810): 37 figures tie to the filed facts\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("facts of dimensional contexts ignored (segments and members, not the consolidated figures): 2\n"),
        "{stdout}"
    );
    // The segments' revenue is not a second filed revenue.
    assert!(!stdout.contains("filed more than once"), "{stdout}");
    // A 10-K reports no quarter; the FY2022 termination cost is not tagged.
    assert!(stdout.contains("`revenue` Q4-FY2023 (us-gaap:Revenues)"));
    assert!(
        stdout.contains("`acquisition_termination_cost` FY2022 (nvda:AcquisitionTerminationCost)")
    );
    assert!(
        !stdout.contains("`acquisition_termination_cost` FY2023"),
        "{stdout}"
    );
    assert!(!stdout.contains("`revenue` FY2023"), "{stdout}");
}

#[test]
fn a_planted_difference_is_found_and_named_with_the_document() {
    // As in xbrl.rs: FY2023 revenue transposed (26,974 filed), cost of
    // revenue moved with it so that the model still foots.
    let dir = tempdir::Dir::new("xbrl-instance-planted");
    let text = std::fs::read_to_string(root().join(STATEMENTS).join("nvidia.toml")).unwrap();
    let text = text
        .replacen("revenue = 26974", "revenue = 26947", 1)
        .replacen("cost_of_revenue = 11618", "cost_of_revenue = 11591", 1);
    std::fs::write(dir.path().join("nvidia.toml"), text).unwrap();
    let out = check_against(dir.path().to_str().unwrap(), INSTANCE);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let err = out.stderr;
    assert!(
        err.contains("error: `revenue` in period FY2023 differs from the filed `us-gaap:Revenues`"),
        "{err}"
    );
    assert!(err.contains("revenue = 26947"), "{err}");
    assert!(
        err.contains("filed: 26974000000 USD, 26974 in the model's units"),
        "{err}"
    );
    assert!(
        err.contains("filed: 11618000000 USD, 11618 in the model's units"),
        "{err}"
    );
    assert!(
        err.contains("filed in nvda-20230129.xml (10-K, FY 2023, period ended 2023-01-29)"),
        "{err}"
    );
    assert!(err.contains("2 findings"), "{err}");
}

#[test]
fn a_dimensional_fact_is_ignored_because_of_its_segment() {
    // The same document with the Compute & Networking context's segment
    // removed: its 15,068 becomes a second consolidated FY2023 revenue.
    let segment = "\n      <xbrli:segment><xbrldi:explicitMember dimension=\"us-gaap:StatementBusinessSegmentsAxis\">nvda:ComputeAndNetworkingMember</xbrldi:explicitMember></xbrli:segment>";
    let (_dir, path) = edited(INSTANCE, "nvda-20230129.xml", segment, "");
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("not the consolidated figures): 1\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("filed more than once with different figures"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("15068000000"), "{}", out.stdout);
}

#[test]
fn malformed_xml_is_bad_input_located_where_the_parser_stopped() {
    let good = "26974000000</us-gaap:Revenues>";
    let (_dir, path) = edited(
        INSTANCE,
        "nvda-20230129.xml",
        good,
        "26974000000</us-gaap:Revenue>",
    );
    let text = std::fs::read_to_string(&path).unwrap();
    // The mismatched closing tag, found by hand: its line and column.
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("</us-gaap:Revenue>").map(|c| (i + 1, c + 1)))
        .unwrap();
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let err = out.stderr;
    assert!(
        err.contains(
            "error: not well-formed XML: expected 'us-gaap:Revenues' tag, not 'us-gaap:Revenue'"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!("nvda-20230129.xml:{line}:{col}\n")),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // `import` says the same, and writes nothing.
    let dir = tempdir::Dir::new("xbrl-instance-bad");
    let statements = dir.path().join("statements");
    let out = run_in(
        root(),
        &[
            "import",
            &path,
            "--entity",
            "nvidia",
            "--statements",
            statements.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(":{line}:{col}\n")),
        "{}",
        out.stderr
    );
    assert!(!statements.exists());
}

#[test]
fn a_fact_naming_no_context_the_document_defines_is_located() {
    let (_dir, path) = edited(
        INSTANCE,
        "nvda-20230129.xml",
        "<us-gaap:NetIncomeLoss contextRef=\"c-1\"",
        "<us-gaap:NetIncomeLoss contextRef=\"c-99\"",
    );
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: `us-gaap:NetIncomeLoss` names context `c-99`, which the document does not define"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("expected the id of an xbrli:context"));
}

#[test]
fn the_format_is_told_by_the_content_not_the_name() {
    // The instance named .json, and companyfacts named .xml.
    let (_dir, path) = edited(INSTANCE, "facts.json", "<?xml", "<?xml");
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(": 37 figures tie"), "{}", out.stdout);
    let (_dir2, path) = edited(
        "tests/fixtures/xbrl_nvidia/facts/nvidia-companyfacts-excerpt.json",
        "facts.xml",
        "{",
        "{",
    );
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(": 72 figures tie"), "{}", out.stdout);
    // Neither.
    let (_dir3, path) = edited(INSTANCE, "facts.xml", "<?xml", "hello <?xml");
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("neither a companyfacts JSON file nor an XBRL instance document"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("facts.xml:1:1"), "{}", out.stderr);
}

fn import(facts: &str, statements: &std::path::Path) -> crate::support::Run {
    run_in(
        root(),
        &[
            "import",
            facts,
            "--entity",
            "nvidia",
            "--statements",
            statements.to_str().unwrap(),
        ],
    )
}

#[test]
fn import_from_the_instance_writes_the_10k_s_years_with_their_source() {
    let dir = tempdir::Dir::new("xbrl-instance-import");
    let statements = dir.path().join("statements");
    let out = import(INSTANCE, &statements);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = statements.join("nvidia.toml");
    assert!(
        out.stdout.starts_with(&format!(
            "wrote {}: 14 line items, 2 periods (0 quarters, 2 fiscal years) of NVIDIA CORPORATION\n",
            file.display()
        )),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("  2 facts of dimensional contexts ignored")
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("fiscal_year_end = \"01-31\"\nunits = \"millions\"\n"));
    assert!(text.contains(
        "source = \"XBRL instance document nvda-20230129.xml (10-K for the period ended 2023-01-29), CIK 1045810\"\n"
    ));
    assert!(
        text.contains(
            "id = \"FY2023\"\nkind = \"duration\"\nstart = 2022-01-31\nend = 2023-01-29\n"
        )
    );
    assert!(
        text.contains(
            "id = \"FY2022\"\nkind = \"duration\"\nstart = 2021-02-01\nend = 2022-01-30\n"
        )
    );
    let source = "  # nvda-20230129.xml (10-K, FY 2023, period ended 2023-01-29)\n";
    // Fiscal 2023, as the 10-K (and the excerpt) gives it, in millions.
    for figure in [
        "revenue = 26974",
        "cost_of_revenue = 11618",
        "operating_expenses = 11132",
        "operating_income = 4224",
        "other_nonoperating = -48",
        "income_tax = -187",
        "net_income = 4368",
        "basic = 2487",
        "diluted = \"1.74\"",
        // Fiscal 2022, the 10-K's comparative.
        "revenue = 26914",
        "income_tax = 189",
        "net_income = 9752",
        "diluted = 2535",
        "basic = \"3.91\"",
    ] {
        assert!(
            text.contains(&format!("\n{figure}{source}")),
            "{figure}\n{text}"
        );
    }
    // The imported file ties to the document: 14 lines and 4 share and
    // EPS figures in each of the two years.
    let checked = run_in(
        root(),
        &[
            "check",
            "--statements",
            file.to_str().unwrap(),
            "--adjustments",
            dir.path().join("adjustments").to_str().unwrap(),
            "--against",
            INSTANCE,
        ],
    );
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked
            .stdout
            .contains("(NVIDIA CORPORATION, CIK 1045810): 36 figures tie to the filed facts\n"),
        "{}",
        checked.stdout
    );
}

#[test]
fn the_inline_document_ties_and_imports_the_same_figures() {
    let out = check_against(STATEMENTS, INLINE);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 37 as from the instance, plus the FY2022 termination cost the inline
    // document shows as a dash (ixt:fixed-zero), which the model has as 0.
    assert!(
        out.stdout
            .contains("(NVIDIA CORPORATION, CIK 1045810): 38 figures tie to the filed facts\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("not the consolidated figures): 1\n"));
    // Revenue shown again as "$26.97 billion" is the same fact, rounded.
    assert!(
        !out.stdout.contains("filed more than once"),
        "{}",
        out.stdout
    );
    // Imported, its figures are the instance's: scale 6 and sign="-"
    // applied (other, net (48) and the tax benefit (187) are negative).
    let dir = tempdir::Dir::new("xbrl-inline-import");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(import(INSTANCE, &a).code, 0);
    let out = import(INLINE, &b);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let values = |path: std::path::PathBuf| -> Vec<String> {
        let text = std::fs::read_to_string(path.join("nvidia.toml")).unwrap();
        let start = text.find("[[period]]").unwrap();
        text[start..]
            .lines()
            .map(|l| l.split("  #").next().unwrap().to_string())
            .collect()
    };
    let inline = values(b);
    assert_eq!(values(a), inline);
    for figure in [
        "other_nonoperating = -48",
        "income_tax = -187",
        "revenue = 26974",
        "basic = \"1.76\"",
    ] {
        assert!(inline.contains(&figure.to_string()), "{figure}");
    }
}

#[test]
fn an_inline_figure_its_format_cannot_read_is_located() {
    let (_dir, path) = edited(
        INLINE,
        "nvda-20230129.htm",
        "format=\"ixt:num-dot-decimal\">4,368<",
        "format=\"ixt:num-dot-decimal\">4,36B<",
    );
    let out = check_against(STATEMENTS, &path);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: `us-gaap:NetIncomeLoss` shows `4,36B`, which cannot be read as a number"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nvda-20230129.htm:"), "{}", out.stderr);
}

/// A folder with the fiscal 2023 10-K's and the third quarter's 10-Q's
/// instance documents, and a linkbase of the filing's package (no facts).
fn filings_folder() -> tempdir::Dir {
    let dir = tempdir::Dir::new("xbrl-instance-folder");
    for name in ["nvda-20230129.xml", "nvda-20221030.xml"] {
        std::fs::copy(
            root()
                .join("tests/fixtures/xbrl_nvidia/instance")
                .join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("nvda-20230129_cal.xml"),
        "<link:linkbase xmlns:link=\"http://www.xbrl.org/2003/linkbase\"/>\n",
    )
    .unwrap();
    dir
}

#[test]
fn the_10q_instance_ties_the_release_s_third_quarter() {
    let out = check_against(
        STATEMENTS,
        "tests/fixtures/xbrl_nvidia/instance/nvda-20221030.xml",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Q3-FY2023 as the release's reconciliation prints it: revenue 5,931,
    // gross profit 3,177, operating expenses 2,576, operating income 601,
    // other income 12, net income 680, diluted shares 2,499, EPS 0.27.
    assert!(
        out.stdout
            .contains("(NVIDIA CORPORATION, CIK 1045810): 8 figures tie to the filed facts\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_folder_of_a_10k_and_a_10q_derives_the_fourth_quarter() {
    let dir = filings_folder();
    let folder = dir.path().to_str().unwrap();
    let out = check_against(STATEMENTS, folder);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 37 from the 10-K, 8 from the 10-Q, and each fourth quarter's 14 lines
    // as the 10-K's year less the 10-Q's nine months.
    assert!(
        out.stdout
            .contains("(NVIDIA CORPORATION, CIK 1045810): 73 figures tie to the filed facts"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "Q4-FY2023: FY2023 (2022-01-31 to 2023-01-29) less 9M-FY2023 (2022-01-31 to 2022-10-30) (14 figures)"
        ),
        "{}",
        out.stdout
    );
    // Imported: the fourth quarters by hand, FY less nine months (the
    // excerpt's README): revenue 26,974 - 20,923 = 6,051, net income
    // 4,368 - 2,954 = 1,414; fiscal 2022: 26,914 - 19,271 = 7,643 and
    // 9,752 - 6,749 = 3,003.
    let out_dir = tempdir::Dir::new("xbrl-instance-folder-import");
    let out = import(folder, out_dir.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("6 periods (4 quarters, 2 fiscal years) of NVIDIA CORPORATION"),
        "{}",
        out.stdout
    );
    let text = std::fs::read_to_string(out_dir.path().join("nvidia.toml")).unwrap();
    let derived = "  # nvda-20230129.xml (10-K, FY 2023, period ended 2023-01-29) less nvda-20221030.xml (10-Q, Q3 2023, period ended 2022-10-30)\n";
    for figure in [
        "revenue = 6051",
        "net_income = 1414",
        "revenue = 7643",
        "net_income = 3003",
    ] {
        assert!(
            text.contains(&format!("\n{figure}{derived}")),
            "{figure}\n{text}"
        );
    }
    assert!(text.contains(
        "\nrevenue = 5931  # nvda-20221030.xml (10-Q, Q3 2023, period ended 2022-10-30)\n"
    ));
}

//! The review loop without a Rust toolchain: `snapshot` writes the figures a
//! data repository commits, `snapshot --check` says when they are stale, and
//! `diff` compares two revisions through git and names the changed lines
//! that moved each figure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::root;

fn in_dir(dir: &Path, args: &[&str]) -> crate::support::Run {
    crate::support::run_in(dir, args)
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.email=ci@example.com", "-c", "user.name=CI"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A throwaway data repository holding the shipped data.
fn repository(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    for file in ["statements/atg.toml", "adjustments/restructuring.toml"] {
        std::fs::copy(root().join("tests/fixtures/atg").join(file), dir.join(file)).unwrap();
    }
    dir
}

/// The shipped statements with nine months 2003's restructuring benefit
/// 3 smaller, and its totals with it.
fn smaller_benefit(dir: &Path) {
    let path = dir.join("statements/atg.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut text = text.replacen("restructuring = -5273 ", "restructuring = -5270 ", 1);
    for (from, to) in [
        (
            "total_operating_expenses = 40624",
            "total_operating_expenses = 40627",
        ),
        ("operating_income = -767", "operating_income = -770"),
        ("pretax_income = 101", "pretax_income = 98"),
        ("net_income = 101", "net_income = 98"),
    ] {
        assert!(text.contains(from));
        text = text.replacen(from, to, 1);
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn snapshot_writes_one_figure_per_line_and_check_names_the_figures_that_moved() {
    let dir = repository("review_snapshot");
    let out = in_dir(&dir, &["snapshot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figures = std::fs::read_to_string(dir.join("reconciled/figures.txt")).unwrap();
    assert!(
        figures.contains(
            "Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | Non-GAAP net income (loss) | 9M-2003 | -5172"
        ),
        "{figures}"
    );
    // Every figure has its own key.
    let keys: Vec<&str> = figures
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.rsplit_once(" | ").unwrap().0)
        .collect();
    let unique: std::collections::HashSet<&&str> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len());
    assert_eq!(in_dir(&dir, &["snapshot", "--check"]).code, 0);
    smaller_benefit(&dir);
    let stale = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(stale.code, 1);
    assert!(
        stale
            .stderr
            .contains("reconciled/figures.txt is stale: 17 figures moved"),
        "{}",
        stale.stderr
    );
    assert!(
        stale
            .stderr
            .contains("| GAAP net income (loss) | 9M-2003: 101 -> 98 (-3)"),
        "{}",
        stale.stderr
    );
}

#[test]
fn diff_compares_two_commits_and_names_the_lines_that_moved_each_figure() {
    let dir = repository("review_diff");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "the release as filed"]);
    assert_eq!(in_dir(&dir, &["diff", "HEAD"]).code, 0);
    smaller_benefit(&dir);
    git(&dir, &["commit", "-qam", "restructuring corrected"]);
    let out = in_dir(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // Each changed region once, then the figures it moved as the release
    // prints them, by table; a figure several regions moved under each.
    assert_eq!(out.stdout, GROUPED_TEXT, "{}", out.stdout);
    let markdown = in_dir(&dir, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(markdown.code, 1, "{}", markdown.stderr);
    // A summary, then the list folded: it is long.
    assert_eq!(markdown.stdout, GROUPED_MARKDOWN, "{}", markdown.stdout);
    let json = in_dir(&dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["moved"].as_array().map(Vec::len), Some(17));
    // The fields of schema 1 stay; schema 2 adds the printed figures, the
    // regions and the versions.
    assert_eq!(value["schema_version"], 2);
    assert_eq!(value["reconcile"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        value["reconcile"]["file_format"],
        reconcile::version::FILE_FORMAT
    );
    let first = &value["moved"][0];
    assert_eq!(
        first["figure"],
        "Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited) | Operating Expenses: / Research & development / Restructuring expense/(benefit) | 9M-2003"
    );
    assert_eq!(first["change"], "-5273 -> -5270 (+3)");
    assert_eq!(first["moved_by"][0]["line"], 440);
    assert_eq!(first["printed"], "(5,273) -> (5,270)");
    assert_eq!(first["old"], "-5273");
    assert_eq!(first["changes"], serde_json::json!([0]));
    let changes = value["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[2]["line"], 446);
    assert_eq!(changes[2]["old"], serde_json::json!(["net_income = 101"]));
    assert_eq!(changes[2]["moved"].as_array().map(Vec::len), Some(5));
    assert_eq!(value["not_attributed"], serde_json::json!([]));
    let missing = in_dir(&dir, &["diff", "no-such-revision"]);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stdout, "");
    assert!(
        missing.stderr.contains("name a revision that exists"),
        "{}",
        missing.stderr
    );
}

/// `diff HEAD~1 HEAD` after `smaller_benefit`: three regions of the
/// statements file, the first of three lines.
const GROUPED_TEXT: &str = r#"17 figures moved by 3 changes to statements/atg.toml

statements/atg.toml:440
  - restructuring = -5273              # net restructuring benefit (excess lease settlements)
  - total_operating_expenses = 40624
  - operating_income = -767
  + restructuring = -5270              # net restructuring benefit (excess lease settlements)
  + total_operating_expenses = 40627
  + operating_income = -770
  moved 17 figures:
  Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited)
    Operating Expenses: / Research & development / Restructuring expense/(benefit)  9M-2003        (5,273) -> (5,270)
    Operating Expenses: / Research & development / Total Operating Expenses         9M-2003        40,624 -> 40,627
    Loss from Operations                                                            9M-2003        (767) -> (770)
    Income/(loss) before provision for income taxes                                 9M-2003        101 -> 98
    Net income/(loss)                                                               9M-2003        101 -> 98
  Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss)
    GAAP net income (loss)                                                          9M-2003        101 -> 98
    GAAP net income (loss) / Net restructuring benefit                              9M-2003        (5,273) -> (5,270)
  Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003
    Operating Expenses / Gross Profit / Restructuring expense/(benefit)             gaap           (5,273) -> (5,270)
    Operating Expenses / Gross Profit / Restructuring expense/(benefit)             restructuring  5,273 -> 5,270
    Total Operating Expenses                                                        gaap           40,624 -> 40,627
    Total Operating Expenses                                                        restructuring  5,273 -> 5,270
    Loss from Operations                                                            gaap           (767) -> (770)
    Loss from Operations                                                            restructuring  (5,273) -> (5,270)
    Income/(loss) before provision for income taxes                                 gaap           101 -> 98
    Income/(loss) before provision for income taxes                                 restructuring  (5,273) -> (5,270)
    Net income/(loss)                                                               gaap           101 -> 98
    Net income/(loss)                                                               restructuring  (5,273) -> (5,270)

statements/atg.toml:444
  - pretax_income = 101
  + pretax_income = 98
  moved 8 figures:
  Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited)
    Income/(loss) before provision for income taxes     9M-2003        101 -> 98
    Net income/(loss)                                   9M-2003        101 -> 98
  Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss)
    GAAP net income (loss)                              9M-2003        101 -> 98
    GAAP net income (loss) / Net restructuring benefit  9M-2003        (5,273) -> (5,270)
  Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003
    Income/(loss) before provision for income taxes     gaap           101 -> 98
    Income/(loss) before provision for income taxes     restructuring  (5,273) -> (5,270)
    Net income/(loss)                                   gaap           101 -> 98
    Net income/(loss)                                   restructuring  (5,273) -> (5,270)

statements/atg.toml:446
  - net_income = 101
  + net_income = 98
  moved 5 figures:
  Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited)
    Net income/(loss)                                   9M-2003        101 -> 98
  Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss)
    GAAP net income (loss)                              9M-2003        101 -> 98
    GAAP net income (loss) / Net restructuring benefit  9M-2003        (5,273) -> (5,270)
  Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003
    Net income/(loss)                                   gaap           101 -> 98
    Net income/(loss)                                   restructuring  (5,273) -> (5,270)
"#;

/// The same as a pull-request comment.
const GROUPED_MARKDOWN: &str = r#"**17 figures moved** by 3 changes to `statements/atg.toml`. `HEAD~1` ties out; `HEAD` ties out.

<details><summary>The 17 figures, by the change that moved them</summary>

#### `statements/atg.toml:440`

```diff
- restructuring = -5273              # net restructuring benefit (excess lease settlements)
- total_operating_expenses = 40624
- operating_income = -767
+ restructuring = -5270              # net restructuring benefit (excess lease settlements)
+ total_operating_expenses = 40627
+ operating_income = -770
```

| table | row | period | figure |
|---|---|---|---:|
| Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited) | Operating Expenses: / Research & development / Restructuring expense/(benefit) | 9M-2003 | (5,273) -> (5,270) |
|  | Operating Expenses: / Research & development / Total Operating Expenses | 9M-2003 | 40,624 -> 40,627 |
|  | Loss from Operations | 9M-2003 | (767) -> (770) |
|  | Income/(loss) before provision for income taxes | 9M-2003 | 101 -> 98 |
|  | Net income/(loss) | 9M-2003 | 101 -> 98 |
| Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | GAAP net income (loss) | 9M-2003 | 101 -> 98 |
|  | GAAP net income (loss) / Net restructuring benefit | 9M-2003 | (5,273) -> (5,270) |
| Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003 | Operating Expenses / Gross Profit / Restructuring expense/(benefit) | gaap | (5,273) -> (5,270) |
|  | Operating Expenses / Gross Profit / Restructuring expense/(benefit) | restructuring | 5,273 -> 5,270 |
|  | Total Operating Expenses | gaap | 40,624 -> 40,627 |
|  | Total Operating Expenses | restructuring | 5,273 -> 5,270 |
|  | Loss from Operations | gaap | (767) -> (770) |
|  | Loss from Operations | restructuring | (5,273) -> (5,270) |
|  | Income/(loss) before provision for income taxes | gaap | 101 -> 98 |
|  | Income/(loss) before provision for income taxes | restructuring | (5,273) -> (5,270) |
|  | Net income/(loss) | gaap | 101 -> 98 |
|  | Net income/(loss) | restructuring | (5,273) -> (5,270) |

#### `statements/atg.toml:444`

```diff
- pretax_income = 101
+ pretax_income = 98
```

| table | row | period | figure |
|---|---|---|---:|
| Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited) | Income/(loss) before provision for income taxes | 9M-2003 | 101 -> 98 |
|  | Net income/(loss) | 9M-2003 | 101 -> 98 |
| Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | GAAP net income (loss) | 9M-2003 | 101 -> 98 |
|  | GAAP net income (loss) / Net restructuring benefit | 9M-2003 | (5,273) -> (5,270) |
| Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003 | Income/(loss) before provision for income taxes | gaap | 101 -> 98 |
|  | Income/(loss) before provision for income taxes | restructuring | (5,273) -> (5,270) |
|  | Net income/(loss) | gaap | 101 -> 98 |
|  | Net income/(loss) | restructuring | (5,273) -> (5,270) |

#### `statements/atg.toml:446`

```diff
- net_income = 101
+ net_income = 98
```

| table | row | period | figure |
|---|---|---|---:|
| Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited) | Net income/(loss) | 9M-2003 | 101 -> 98 |
| Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | GAAP net income (loss) | 9M-2003 | 101 -> 98 |
|  | GAAP net income (loss) / Net restructuring benefit | 9M-2003 | (5,273) -> (5,270) |
| Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003 | Net income/(loss) | gaap | 101 -> 98 |
|  | Net income/(loss) | restructuring | (5,273) -> (5,270) |

</details>
"#;

/// `diff HEAD HEAD~1 --format markdown` undoing the two slips: both sides'
/// tie-out first, as `check` gives it, then the summary and the short list.
const UNFOLDED_MARKDOWN: &str = r#"**Tie-out**

- `HEAD` does not tie out: 2 findings
  - statements/atg.toml:454:11: reported diluted EPS does not tie in period 9M-2003
  - statements/atg.toml:457:14: published Non-GAAP net income (loss) does not tie in period 9M-2003
- `HEAD~1` ties out

**6 figures moved** by 2 changes to `statements/atg.toml`. `HEAD` does not tie out: 2 findings; `HEAD~1` ties out.

#### `statements/atg.toml:454`

```diff
- diluted = "0.01"
+ diluted = "0.00"
```

| table | row | period | figure |
|---|---|---|---:|
| Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited) | Diluted net income/(loss) per share | 9M-2003 | 0.01 -> 0.00 |
| Art Technology Group, Inc. / Third-Quarter Financial Highlights | Net income/(loss) per share (GAAP) | 9M-2003 | 0.01 -> 0.00 |
| Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | Non-GAAP net income (loss) | 9M-2003 | (5,170) -> (5,172) |
|  | GAAP net income (loss) per diluted share | 9M-2003 | 0.01 -> 0.00 |
| Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003 | Net income/(loss) | non_gaap | (5,170) -> (5,172) |
|  | Net income (loss) / Per basic share / Per diluted share | gaap | 0.01 -> 0.00 |

#### `statements/atg.toml:457`

```diff
- net-income = -5170
+ net-income = -5172
```

| table | row | period | figure |
|---|---|---|---:|
| Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited) | Diluted net income/(loss) per share | 9M-2003 | 0.01 -> 0.00 |
| Art Technology Group, Inc. / Third-Quarter Financial Highlights | Net income/(loss) per share (GAAP) | 9M-2003 | 0.01 -> 0.00 |
| Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | Non-GAAP net income (loss) | 9M-2003 | (5,170) -> (5,172) |
|  | GAAP net income (loss) per diluted share | 9M-2003 | 0.01 -> 0.00 |
| Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003 | Net income/(loss) | non_gaap | (5,170) -> (5,172) |
|  | Net income (loss) / Per basic share / Per diluted share | gaap | 0.01 -> 0.00 |
"#;

/// Replaces `from` (which must be there) with `to` in a file of `dir`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn diff_says_first_that_the_working_tree_does_not_tie_out() {
    let dir = repository("review_diff_untied_tree");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "the release as filed"]);
    // 9M-2003 total revenues 10 above its components (21,971 + 34,769).
    edit(
        &dir,
        "statements/atg.toml",
        "total_revenues = 56740",
        "total_revenues = 56750",
    );
    let out = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "HEAD ties out\n\
         the working tree does not tie out: 1 finding\n\
         \x20 statements/atg.toml:431:18: `total_revenues` (Total Revenues) does not foot in period 9M-2003\n\
         \n\
         4 figures moved by 1 change to statements/atg.toml\n\
         \n\
         statements/atg.toml:431\n\
         \x20 - total_revenues = 56740\n\
         \x20 + total_revenues = 56750\n\
         \x20 moved 4 figures:\n\
         \x20 Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited)\n\
         \x20   Revenues: / Product license / Total Revenues  9M-2003   56,740 -> 56,750\n\
         \x20 Art Technology Group, Inc. / Third-Quarter Financial Highlights\n\
         \x20   Total revenues                                9M-2003   56.7 -> 56.8\n\
         \x20 Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003\n\
         \x20   Total Revenues                                gaap      56,740 -> 56,750\n\
         \x20   Total Revenues                                non_gaap  56,740 -> 56,750\n"
    );
    // A side that cannot be read at all is bad input, as before.
    edit(&dir, "statements/atg.toml", "[entity]", "[entity\n");
    let broken = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(broken.code, 2, "{}", broken.stdout);
    assert_eq!(broken.stdout, "");
}

#[test]
fn diff_reports_the_findings_of_each_revision_in_every_format() {
    let dir = repository("review_diff_untied_revision");
    // The release's own non-GAAP net income for nine months, which ties.
    edit(
        &dir,
        "statements/atg.toml",
        "[period.eps]\nbasic = \"0.00\"\ndiluted = \"0.00\"\n",
        "[period.eps]\nbasic = \"0.00\"\ndiluted = \"0.00\"\n\n[period.non_gaap]\nnet-income = -5172\n",
    );
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "the release as filed"]);
    // Diluted EPS 0.01 where 101 / 73,398 is 0.0014; non-GAAP net income
    // (5,170) where 101 - 5,273 is (5,172). Every table that shows the
    // release's figures moves with them: the statements, the highlights,
    // the reconciliation and the matrix.
    edit(
        &dir,
        "statements/atg.toml",
        "diluted = \"0.00\"\n\n[period.non_gaap]\nnet-income = -5172\n",
        "diluted = \"0.01\"\n\n[period.non_gaap]\nnet-income = -5170\n",
    );
    git(&dir, &["commit", "-qam", "two slips"]);
    let findings = "  statements/atg.toml:454:11: reported diluted EPS does not tie in period 9M-2003\n\
                    \x20 statements/atg.toml:457:14: published Non-GAAP net income (loss) does not tie in period 9M-2003\n";
    let out = in_dir(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "HEAD~1 ties out\n\
             HEAD does not tie out: 2 findings\n\
             {findings}\n\
             6 figures moved by 2 changes to statements/atg.toml\n\
             \n\
             statements/atg.toml:454\n\
             \x20 - diluted = \"0.00\"\n\
             \x20 + diluted = \"0.01\"\n\
             \x20 moved 6 figures:\n\
             \x20 Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited)\n\
             \x20   Diluted net income/(loss) per share                      9M-2003   0.00 -> 0.01\n\
             \x20 Art Technology Group, Inc. / Third-Quarter Financial Highlights\n\
             \x20   Net income/(loss) per share (GAAP)                       9M-2003   0.00 -> 0.01\n\
             \x20 Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss)\n\
             \x20   Non-GAAP net income (loss)                               9M-2003   (5,172) -> (5,170)\n\
             \x20   GAAP net income (loss) per diluted share                 9M-2003   0.00 -> 0.01\n\
             \x20 Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003\n\
             \x20   Net income/(loss)                                        non_gaap  (5,172) -> (5,170)\n\
             \x20   Net income (loss) / Per basic share / Per diluted share  gaap      0.00 -> 0.01\n\
             \n\
             statements/atg.toml:457\n\
             \x20 - net-income = -5172\n\
             \x20 + net-income = -5170\n\
             \x20 moved 6 figures:\n\
             \x20 Art Technology Group, Inc. / Condensed Consolidated Statements of Operations / (Unaudited)\n\
             \x20   Diluted net income/(loss) per share                      9M-2003   0.00 -> 0.01\n\
             \x20 Art Technology Group, Inc. / Third-Quarter Financial Highlights\n\
             \x20   Net income/(loss) per share (GAAP)                       9M-2003   0.00 -> 0.01\n\
             \x20 Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss)\n\
             \x20   Non-GAAP net income (loss)                               9M-2003   (5,172) -> (5,170)\n\
             \x20   GAAP net income (loss) per diluted share                 9M-2003   0.00 -> 0.01\n\
             \x20 Art Technology Group, Inc. / GAAP to Non-GAAP Statement of Operations / Nine Months Ended Sept. 30, 2003\n\
             \x20   Net income/(loss)                                        non_gaap  (5,172) -> (5,170)\n\
             \x20   Net income (loss) / Per basic share / Per diluted share  gaap      0.00 -> 0.01\n"
        )
    );
    // Nothing moved, but neither side ties out: still exit 1.
    let same = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(same.code, 1, "{}", same.stderr);
    assert_eq!(
        same.stdout,
        format!(
            "HEAD does not tie out: 2 findings\n{findings}\
             the working tree does not tie out: 2 findings\n{findings}\n\
             no figure moved\n"
        )
    );
    let markdown = in_dir(&dir, &["diff", "HEAD", "HEAD~1", "--format", "markdown"]);
    assert_eq!(markdown.code, 1, "{}", markdown.stderr);
    // Short: the list is not folded.
    assert_eq!(markdown.stdout, UNFOLDED_MARKDOWN, "{}", markdown.stdout);
    let json = in_dir(&dir, &["diff", "HEAD", "HEAD~1", "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.stderr);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let side = |s: &str| &value["tie_out"][s];
    assert_eq!(side("from")["revision"], "HEAD");
    assert_eq!(side("from")["ties_out"], false);
    let found: Vec<(String, u64, u64, String, String)> = side("from")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "statements/atg.toml".to_string(),
                454,
                11,
                "eps".to_string(),
                "reported diluted EPS does not tie in period 9M-2003".to_string()
            ),
            (
                "statements/atg.toml".to_string(),
                457,
                14,
                "published".to_string(),
                "published Non-GAAP net income (loss) does not tie in period 9M-2003".to_string()
            ),
        ]
    );
    assert_eq!(
        value["tie_out"]["to"],
        serde_json::json!({"revision": "HEAD~1", "ties_out": true, "findings": []})
    );
    assert_eq!(value["moved"].as_array().map(Vec::len), Some(6));
    // The working tree has no revision.
    let tree = in_dir(&dir, &["diff", "HEAD~1", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&tree.stdout).unwrap();
    assert_eq!(value["tie_out"]["to"]["revision"], serde_json::Value::Null);
    assert_eq!(value["tie_out"]["to"]["ties_out"], false);
}

#[test]
fn snapshot_check_refuses_a_figures_file_a_merge_left_with_both_sides() {
    let dir = repository("review_snapshot_merged");
    assert_eq!(in_dir(&dir, &["snapshot"]).code, 0);
    let path = dir.join("reconciled/figures.txt");
    let current = std::fs::read_to_string(&path).unwrap();
    let key = "Art Technology Group, Inc. / Reconciliation of GAAP to Non-GAAP Net Income (Loss) | GAAP net income (loss) | 9M-2003";
    // The figure is line 163: two comment lines, then figure 161.
    assert_eq!(
        current.lines().nth(162),
        Some(format!("{key} | 101").as_str())
    );
    let merged = |with: &str| current.replacen(&format!("{key} | 101\n"), with, 1);
    // Both sides kept, the current figure last: the last of a key used to
    // win, so this passed.
    std::fs::write(&path, merged(&format!("{key} | 98\n{key} | 101\n"))).unwrap();
    let both = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(both.code, 1);
    assert_eq!(both.stdout, "");
    assert_eq!(
        both.stderr,
        format!(
            "error: reconciled/figures.txt is not as `reconcile snapshot` wrote it: 1 figure written twice\n\
             \x20 reconciled/figures.txt:164: `{key}` is written a second time (first at line 163)\n\
             \x20= help: run `reconcile snapshot` to write the figures afresh, and commit the file\n"
        )
    );
    // The conflict as git leaves it, in a folder of its own.
    let conflicted = merged(&format!(
        "<<<<<<< HEAD\n{key} | 98\n=======\n{key} | 101\n>>>>>>> restructuring-fix\n"
    ));
    std::fs::create_dir_all(dir.join("merged")).unwrap();
    std::fs::write(dir.join("merged/figures.txt"), conflicted).unwrap();
    let markers = in_dir(&dir, &["snapshot", "--check", "--out", "merged"]);
    assert_eq!(markers.code, 1);
    assert_eq!(markers.stdout, "");
    assert_eq!(
        markers.stderr,
        format!(
            "error: merged/figures.txt is not as `reconcile snapshot` wrote it: 3 conflict markers and 1 figure written twice\n\
             \x20 merged/figures.txt:163: a conflict marker, `<<<<<<< HEAD`\n\
             \x20 merged/figures.txt:165: a conflict marker, `=======`\n\
             \x20 merged/figures.txt:166: `{key}` is written a second time (first at line 164)\n\
             \x20 merged/figures.txt:167: a conflict marker, `>>>>>>> restructuring-fix`\n\
             \x20= help: run `reconcile snapshot --out merged` to write the figures afresh, and commit the file\n"
        )
    );
    // The help's command is accepted and mends the file.
    let rerun = in_dir(&dir, &["snapshot", "--out", "merged"]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert_eq!(
        in_dir(&dir, &["snapshot", "--check", "--out", "merged"]).code,
        0
    );
    // A file merely stale is listed as before.
    std::fs::write(&path, merged(&format!("{key} | 98\n"))).unwrap();
    let stale = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(stale.code, 1);
    assert_eq!(
        stale.stderr,
        format!(
            "error: reconciled/figures.txt is stale: 1 figure moved\n\
             \x20 {key}: 98 -> 101 (+3)\n\
             \x20= help: run `reconcile snapshot` and commit the file with the change that moved them\n"
        )
    );
}

#[test]
fn explain_follows_a_figure_to_the_lines_it_is_computed_from() {
    let out = crate::support::run(&["explain", "--period", "9M2003", "net-income"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for expected in [
        "Non-GAAP net income (loss) 9M-2003: (5,172)",
        "`net_income` 101 at tests/fixtures/atg/statements/atg.toml:",
        "Net restructuring benefit (5,273): adjustment `restructuring` at tests/fixtures/atg/adjustments/restructuring.toml:",
        "`restructuring` (5,273) at tests/fixtures/atg/statements/atg.toml:",
        "income-tax effect of `restructuring` -: Net restructuring benefit: nil.",
    ] {
        assert!(out.stdout.contains(expected), "{expected}:\n{}", out.stdout);
    }
}

/// A folder outside any git repository, holding the shipped data.
fn outside_git(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("reconcile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    for file in ["statements/atg.toml", "adjustments/restructuring.toml"] {
        std::fs::copy(root().join("tests/fixtures/atg").join(file), dir.join(file)).unwrap();
    }
    dir.canonicalize().unwrap()
}

const DIFF_NEEDS_GIT: &str = " = help: `reconcile diff` compares revisions committed with git: \
     run it in the data repository, or create one (`git init`, `git add -A`, `git commit`)\n";

const DIFF_NEEDS_A_COMMIT: &str = " = help: commit the statements and adjustments first \
     (`git add -A`, `git commit`), then run `reconcile diff HEAD`\n";

#[test]
fn diff_outside_a_repository_says_so() {
    let dir = outside_git("no_git");
    for args in [&["diff", "HEAD"][..], &["diff", "main", "HEAD"]] {
        let out = in_dir(&dir, args);
        assert_eq!(out.code, 2);
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!(
                "error: not inside a git repository: {}\n{DIFF_NEEDS_GIT}",
                dir.display()
            )
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_in_a_repository_without_commits_says_there_are_none_yet() {
    let dir = outside_git("no_commits");
    git(&dir, &["init", "-q"]);
    // Files staged but not committed: still nothing to compare with.
    for stage in [false, true] {
        if stage {
            git(&dir, &["add", "-A"]);
        }
        let out = in_dir(&dir, &["diff", "HEAD"]);
        assert_eq!(out.code, 2);
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!(
                "error: the git repository at {} has no commits yet: there is no revision to compare with\n\
                 {DIFF_NEEDS_A_COMMIT}",
                dir.display()
            )
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_names_a_revision_that_is_not_there() {
    let dir = repository("review_diff_no_such_revision");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "the release as filed"]);
    let out = in_dir(&dir, &["diff", "HEAD", "v2003-q3"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: no revision `v2003-q3` in this repository\n \
         = help: name a revision that exists: a commit, a branch or a tag (see `git log`)\n"
    );
}

/// The data kept in a folder of a larger repository, `diff` run from that
/// folder: each revision's files are read where the working tree has them.
#[test]
fn diff_from_a_folder_of_the_repository_reads_each_revision_there() {
    let dir = repository("review_diff_subfolder");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for folder in ["statements", "adjustments"] {
        std::fs::rename(dir.join(folder), data.join(folder)).unwrap();
    }
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "the release as filed"]);
    smaller_benefit(&data);
    git(&dir, &["commit", "-qam", "restructuring corrected"]);
    let out = in_dir(&data, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, GROUPED_TEXT, "{}", out.stdout);
}

/// The two-adjustment fixture as a repository, committed.
fn two_adjustments(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let from = root().join("tests/fixtures/two_adjustments_one_line");
    for folder in ["statements", "adjustments"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(from.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(folder).join(path.file_name().unwrap())).unwrap();
        }
    }
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "two adjustments"]);
    dir
}

/// The text `diff` prints for one region: its header and the figures under
/// it, up to the next region.
fn region_text<'a>(stdout: &'a str, header: &str) -> &'a str {
    let start = stdout
        .find(&format!("\n{header}\n"))
        .unwrap_or_else(|| panic!("no region {header}:\n{stdout}"));
    let rest = &stdout[start + 1..];
    rest.find("\n\n").map_or(rest, |end| &rest[..end + 1])
}

/// Whether a region lists a figure's row, its columns separated by any
/// run of spaces.
fn has_row(region: &str, row: &str) -> bool {
    region
        .lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == row)
}

#[test]
fn a_deleted_adjustment_file_is_named_with_the_figures_it_moved() {
    let dir = two_adjustments("review_diff_deleted_adjustment");
    // Severance excluded 30 (2024) and 12.5 (2023) of G&A; without it the
    // non-GAAP figures fall by as much: 180 -> 150, 112.5 -> 100.
    std::fs::remove_file(dir.join("adjustments/severance.toml")).unwrap();
    git(&dir, &["commit", "-qam", "severance dropped"]);
    let out = in_dir(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("32 figures moved by 1 change to adjustments/severance.toml\n"),
        "{}",
        out.stdout
    );
    let region = region_text(&out.stdout, "adjustments/severance.toml (deleted)");
    assert!(region.starts_with(
        "adjustments/severance.toml (deleted)\n  - id = \"severance\"\n  - label = \"Severance\"\n"
    ));
    for row in [
        "  moved 32 figures:\n",
        "    Non-GAAP net income (loss)                               FY-2024    180 -> 150\n",
        "    Non-GAAP net income (loss)                               FY-2023    113 -> 100\n",
        "    GAAP net income (loss) / Severance                       FY-2024    30 -> gone\n",
        "    GAAP net income (loss) / Severance                       FY-2023    13 -> gone\n",
        "    General and administrative                               severance  (30) -> gone\n",
    ] {
        assert!(region.contains(row), "{row}\n{region}");
    }
    // The lines severance left alone held no figure of its: nothing of
    // theirs is gone (revenue and operating costs, two years).
    assert!(!has_row(region, "Revenue severance - -> gone"), "{region}");
    assert!(
        !has_row(region, "Operating costs severance - -> gone"),
        "{region}"
    );
    let json = in_dir(&dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["changes"][0]["file"], "adjustments/severance.toml");
    assert_eq!(value["changes"][0]["status"], "deleted");
    assert_eq!(value["changes"][0]["line"], 1);
    assert_eq!(value["not_attributed"], serde_json::json!([]));
    let gone = value["moved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["row"] == "GAAP net income (loss) / Severance" && m["period"] == "FY-2024")
        .unwrap();
    assert_eq!(gone["moved_by"][0]["file"], "adjustments/severance.toml");
    assert_eq!(gone["moved_by"][0]["old"], "id = \"severance\"");
}

#[test]
fn a_new_adjustment_file_is_named_with_the_figures_it_moved() {
    let dir = two_adjustments("review_diff_new_adjustment");
    // A third exclusion of 20 from 2024's G&A: non-GAAP net income 180 -> 200.
    std::fs::write(
        dir.join("adjustments/relocation.toml"),
        "id = \"relocation\"\nlabel = \"Office relocation\"\nkind = \"exclude-amounts\"\n\
         nature = \"charge\"\nrationale = \"Moving the head office.\"\n\n[[exclude]]\n\
         line = \"general_and_administrative\"\namounts = { \"FY-2024\" = 20 }\n\n\
         [tax]\ntreatment = \"nil\"\nreason = \"Full valuation allowance\"\n",
    )
    .unwrap();
    // And, in the same commit, severance's 2024 amount 30 -> 35: each
    // figure under the change that moved it, no header line taken for one.
    edit(
        &dir,
        "adjustments/severance.toml",
        "\"FY-2024\" = 30",
        "\"FY-2024\" = 35",
    );
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "relocation"]);
    let out = in_dir(&dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stdout.contains("/dev/null"), "{}", out.stdout);
    let added = region_text(&out.stdout, "adjustments/relocation.toml (added)");
    assert!(added.contains("\n  + id = \"relocation\"\n"), "{added}");
    for row in [
        "GAAP net income (loss) / Office relocation FY-2024 new: 20",
        "General and administrative relocation new: (20)",
        "Non-GAAP net income (loss) FY-2024 180 -> 205",
    ] {
        assert!(has_row(added, row), "{row}\n{added}");
    }
    let changed = region_text(&out.stdout, "adjustments/severance.toml:8");
    assert!(
        has_row(
            changed,
            "GAAP net income (loss) / Severance FY-2024 30 -> 35"
        ),
        "{changed}"
    );
    // Each adjustment's own row only under its own change: the other
    // adjustment's row did not move because of it.
    assert!(!added.contains("/ Severance"), "{added}");
    assert!(!changed.contains("/ Office relocation"), "{changed}");
    let json = in_dir(&dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let status: Vec<_> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["file"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            ("adjustments/relocation.toml", "added"),
            ("adjustments/severance.toml", "modified")
        ]
    );
}

#[test]
fn binary_junk_in_an_old_revision_is_not_text_named_by_revision_and_path() {
    let dir = two_adjustments("review_diff_binary_junk");
    // A NUL byte in an adjustment file; bytes that are not UTF-8 in the
    // statements file. Each committed, then the working tree restored.
    std::fs::write(
        dir.join("adjustments/severance.toml"),
        b"id = \"severance\"\x00\x01\x02\n",
    )
    .unwrap();
    git(&dir, &["commit", "-qam", "junk"]);
    git(&dir, &["checkout", "-q", "HEAD~1", "--", "."]);
    let out = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    let help = "  = help: a statements or adjustment file is TOML text in UTF-8; restore the \
                file's text at that revision, or compare with a revision that has it\n";
    assert_eq!(
        out.stderr,
        format!(
            "error: HEAD:adjustments/severance.toml is not text: it holds a NUL byte at byte 16\n \
             --> HEAD:adjustments/severance.toml\n  |\n{help}"
        )
    );
    let statements = dir.join("statements/company.toml");
    let mut bytes = std::fs::read(&statements).unwrap();
    bytes.splice(0..0, b"# caf\xe9\n".iter().copied());
    std::fs::write(&statements, bytes).unwrap();
    git(&dir, &["commit", "-qam", "latin-1"]);
    git(&dir, &["checkout", "-q", "HEAD~2", "--", "."]);
    let out = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(
        out.stderr,
        format!(
            "error: HEAD:statements/company.toml is not text: it is not UTF-8 from byte 5\n \
             --> HEAD:statements/company.toml\n  |\n{help}"
        )
    );
}

#[test]
fn an_error_in_an_old_revision_names_the_revision_and_its_line() {
    let dir = two_adjustments("review_diff_old_error");
    edit(
        &dir,
        "adjustments/severance.toml",
        "kind = \"exclude-amounts\"",
        "kind = \"exclude-amount\"",
    );
    git(&dir, &["commit", "-qam", "a slip"]);
    git(&dir, &["checkout", "-q", "HEAD~1", "--", "."]);
    let out = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .contains(" --> HEAD:adjustments/severance.toml:3:8\n"),
        "{}",
        out.stderr
    );
    // The working tree's own errors keep their plain path.
    edit(
        &dir,
        "adjustments/severance.toml",
        "kind = \"exclude-amounts\"",
        "kind = \"exclude-amount\"",
    );
    let out = in_dir(&dir, &["diff", "HEAD~1"]);
    assert!(
        out.stderr.contains(" --> adjustments/severance.toml:3:8\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn snapshot_writes_a_matrix_cell_only_where_an_adjustment_moves_the_line() {
    let dir = two_adjustments("review_snapshot_sparse_matrix");
    let out = in_dir(&dir, &["snapshot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = dir.join("reconciled/figures.txt");
    let figures = std::fs::read_to_string(&path).unwrap();
    let matrix = "Two Adjustments Corp. / GAAP to Non-GAAP Statement of Operations / Year Ended Dec. 31, 2024";
    // Severance excludes 30 of G&A in 2024: its cells on G&A, the total and
    // the bottom line (30 over 200 weighted shares, 0.15 a share).
    for line in [
        "| General and administrative | severance | -30",
        "| Total expenses | severance | -30",
        "| Net income (loss) | severance | 30",
        "| Net income (loss) / Per basic share | severance | 0.15",
    ] {
        assert!(
            figures.contains(&format!("{matrix} {line}\n")),
            "{line}\n{figures}"
        );
    }
    // It leaves revenue and operating costs alone: no figure of its there.
    for row in ["Revenue", "Operating costs"] {
        for adjustment in ["severance", "litigation"] {
            let key = format!("{matrix} | {row} | {adjustment} |");
            assert!(!figures.contains(&key), "{key}\n{figures}");
        }
    }
    // A figures file written by an earlier version holds those zeros: it is
    // still up to date; a figure other than zero that is gone is not.
    let earlier = format!(
        "{figures}{matrix} | Revenue | severance | 0\n{matrix} | Operating costs | litigation | 0\n"
    );
    std::fs::write(&path, &earlier).unwrap();
    let check = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    std::fs::write(
        &path,
        format!("{earlier}{matrix} | Revenue | litigation | 7\n"),
    )
    .unwrap();
    let stale = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(stale.code, 1, "{}", stale.stderr);
    assert!(
        stale.stderr.contains("is stale: 1 figure moved"),
        "{}",
        stale.stderr
    );
    assert!(
        stale
            .stderr
            .contains(&format!("{matrix} | Revenue | litigation: 7 -> gone")),
        "{}",
        stale.stderr
    );
    // Only an adjustment's column: a zero of a line that is gone (here one
    // of the statement of operations) is a move.
    let gone = "Two Adjustments Corp. / Statements of Operations | Other income | FY-2024";
    std::fs::write(&path, format!("{earlier}{gone} | 0\n")).unwrap();
    let stale = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(stale.code, 1, "{}", stale.stderr);
    assert!(
        stale.stderr.contains(&format!("{gone}: 0 -> gone")),
        "{}",
        stale.stderr
    );
}

#[test]
fn diff_reads_an_adjustment_file_whose_name_git_would_quote() {
    // git quotes a name with an accent ("r\303\251structuring.toml") unless
    // asked not to; the file is read at the revision as in the tree, and
    // named as it is.
    let dir = repository("review_diff_accented_name");
    std::fs::rename(
        dir.join("adjustments/restructuring.toml"),
        dir.join("adjustments/réstructuring.toml"),
    )
    .unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "the release as filed"]);
    let same = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(same.code, 0, "{}{}", same.stdout, same.stderr);
    // A change in it is found there: its label, which its rows carry.
    let path = dir.join("adjustments/réstructuring.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let label = "label = \"Net restructuring benefit\"";
    assert!(text.contains(label), "{text}");
    std::fs::write(
        &path,
        text.replacen(label, "label = \"Restructuring benefit\"", 1),
    )
    .unwrap();
    let moved = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(moved.code, 1, "{}{}", moved.stdout, moved.stderr);
    assert!(
        moved
            .stdout
            .contains("1 change to adjustments/réstructuring.toml\n"),
        "{}",
        moved.stdout
    );
}

#[test]
fn an_adjustment_whose_id_spells_a_matrix_column_keeps_its_zeros_in_the_figures() {
    // An adjustment named `gaap` shares its column's id with GAAP's; its
    // zeros have always been written, and still are, beside GAAP's own
    // figure.
    let dir = two_adjustments("review_snapshot_adjustment_named_gaap");
    edit(
        &dir,
        "adjustments/litigation.toml",
        "id = \"litigation\"",
        "id = \"gaap\"",
    );
    std::fs::rename(
        dir.join("adjustments/litigation.toml"),
        dir.join("adjustments/gaap.toml"),
    )
    .unwrap();
    let out = in_dir(&dir, &["snapshot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figures = std::fs::read_to_string(dir.join("reconciled/figures.txt")).unwrap();
    let matrix = "Two Adjustments Corp. / GAAP to Non-GAAP Statement of Operations / Year Ended Dec. 31, 2024";
    // Its column is told apart from GAAP's by its order.
    for line in [
        format!("{matrix} | Revenue | gaap | 1000\n"),
        format!("{matrix} | Revenue | gaap #2 | 0\n"),
    ] {
        assert_eq!(figures.matches(&line).count(), 1, "{line}{figures}");
    }
    // So no key is written twice, and the file is up to date.
    let check = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Severance, named as ever, writes no zero for revenue.
    assert!(
        !figures.contains(&format!("{matrix} | Revenue | severance |")),
        "{figures}"
    );
}

#[test]
fn two_periods_under_one_heading_write_figures_their_own_check_accepts() {
    // The matrix of each period is titled by its heading: the second of
    // two alike is told apart by its order, and diff compares each with
    // its own.
    let dir = two_adjustments("review_snapshot_one_heading_twice");
    edit(
        &dir,
        "statements/company.toml",
        "header = \"Year Ended Dec. 31, 2023\"",
        "header = \"Year Ended Dec. 31, 2024\"",
    );
    git(&dir, &["commit", "-qam", "one heading"]);
    let out = in_dir(&dir, &["snapshot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let figures = std::fs::read_to_string(dir.join("reconciled/figures.txt")).unwrap();
    let matrix = "Two Adjustments Corp. / GAAP to Non-GAAP Statement of Operations / Year Ended Dec. 31, 2024";
    assert!(
        figures.contains(&format!("{matrix} | Revenue | gaap | 1000\n")),
        "{figures}"
    );
    assert!(
        figures.contains(&format!("{matrix} #2 | Revenue | gaap | 900\n")),
        "{figures}"
    );
    let check = in_dir(&dir, &["snapshot", "--check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Nothing changed: nothing moved (it reported the two periods' figures
    // as moves between each other).
    let diff = in_dir(&dir, &["diff", "HEAD"]);
    assert_eq!(diff.code, 0, "{}{}", diff.stdout, diff.stderr);
}

//! The command line as a user meets it: help, exit codes, and the promise
//! that the tool never writes to its input files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{root, run};

#[test]
fn help_lists_the_options_and_exits_zero() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0);
    for option in [
        "--period",
        "--statements",
        "--adjustments",
        "--entity",
        "check",
    ] {
        assert!(
            out.stdout.contains(option),
            "{option} missing from --help:\n{}",
            out.stdout
        );
    }
}

#[test]
fn a_usage_error_exits_two_with_nothing_on_stdout() {
    let out = run(&["--perod", "9M2003"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("--period"),
        "clap suggests the flag: {}",
        out.stderr
    );
}

fn contents(dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            contents(&path, into);
        } else if let Ok(bytes) = std::fs::read(&path) {
            into.insert(path, bytes);
        }
    }
}

#[test]
fn no_command_writes_to_its_input_files() {
    let snapshot = || {
        let mut files = BTreeMap::new();
        for dir in ["statements", "adjustments", "tests/fixtures"] {
            contents(&root().join(dir), &mut files);
        }
        files
    };
    let before = snapshot();
    for args in [
        &[][..],
        &["check"],
        &["--period", "9M2003"],
        &["--period", "nonsense"],
    ] {
        run(args);
    }
    for case in ["loss_to_income", "err_unknown_line_in_adjustment"] {
        let base = format!("tests/fixtures/{case}");
        let adjustments = if root().join(&base).join("adjustments").exists() {
            format!("{base}/adjustments")
        } else {
            crate::support::ATG_ADJUSTMENTS.into()
        };
        run(&["check", "--adjustments", &adjustments]);
    }
    assert!(before == snapshot(), "an input file changed");
}

#[test]
fn the_readme_shows_the_output_the_main_command_prints() {
    // The README shows the shipped data: after editing it, refresh the
    // examples as the messages say.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let out = crate::support::run_shipped(&["--period", "9M2003"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        readme.contains(&out.stdout),
        "README.md's example is stale (the shipped data changed?): replace the example under \"Two commands\" with the output of `cargo run --release -- --period 9M2003`"
    );
}

#[test]
fn the_guide_shows_the_output_check_prints() {
    let guide = std::fs::read_to_string(root().join("docs/published-and-check.md")).unwrap();
    let check = crate::support::run_shipped(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        guide.contains(&check.stdout),
        "docs/published-and-check.md's `reconcile check` example is stale: replace it with the output of `cargo run --release -- check`"
    );
}

#[test]
fn the_guide_shows_the_finding_a_slip_in_total_revenues_gives() {
    let dir = std::env::temp_dir().join(format!("reconcile-readme-{}", std::process::id()));
    let statements = dir.join("statements");
    std::fs::create_dir_all(&statements).unwrap();
    let atg = std::fs::read_to_string(root().join("statements/atg.toml")).unwrap();
    assert!(atg.contains("\ntotal_revenues = 56740\n"));
    std::fs::write(
        statements.join("atg.toml"),
        atg.replace("\ntotal_revenues = 56740\n", "\ntotal_revenues = 56750\n"),
    )
    .unwrap();
    let out = crate::support::run_shipped(&["check", "--statements", statements.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    let shown = out.stderr.replace(&format!("{}/", dir.display()), "");
    let guide = std::fs::read_to_string(root().join("docs/published-and-check.md")).unwrap();
    assert!(
        guide.contains(&shown),
        "docs/published-and-check.md's 56,750 example is stale (the shipped data changed?): replace it with what this test printed:\n{shown}"
    );
}

/// A throwaway copy of the frozen ATG data whose statements `edit` changes.
fn edited_atg(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["statements", "adjustments"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for file in ["statements/atg.toml", "adjustments/restructuring.toml"] {
        std::fs::copy(root().join("tests/fixtures/atg").join(file), dir.join(file)).unwrap();
    }
    let path = dir.join("statements/atg.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(path, text).unwrap();
    dir
}

/// The `= help:` line of a run's errors.
fn help_of(out: &crate::support::Run) -> &str {
    out.stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= help: "))
        .unwrap_or_else(|| panic!("no help in:\n{}", out.stderr))
}

/// Nine months 2003 without its diluted count and EPS: a release that
/// prints basic EPS only for the period.
const NO_DILUTED: [(&str, &str); 2] = [
    ("basic = 71503\ndiluted = 73398\n", "basic = 71503\n"),
    (
        "basic = \"0.00\"\ndiluted = \"0.00\"\n",
        "basic = \"0.00\"\n",
    ),
];

#[test]
fn a_help_that_names_a_measure_to_use_instead_says_it_as_its_command_takes_it() {
    let dir = edited_atg("help_other_basis", &NO_DILUTED);
    let run = |args: &[&str]| crate::support::run_in(&dir, args);
    // The reconciliation takes --measure.
    let out = run(&["--measure", "eps-diluted", "--period", "9M2003"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        help_of(&out),
        "add the diluted count the release prints to [period.shares], or reconcile the per-share basis it prints (--measure eps-basic)"
    );
    assert_eq!(
        run(&["--measure", "eps-basic", "--period", "9M2003"]).code,
        0
    );
    // `explain` takes the measure as its argument, and no --measure.
    let out = run(&["explain", "--period", "9M2003", "eps-diluted"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        help_of(&out),
        "add the diluted count the release prints to [period.shares], or explain the per-share basis it prints (`reconcile explain --period 9M2003 eps-basic`)"
    );
    let suggested = run(&["explain", "--period", "9M2003", "eps-basic"]);
    assert_eq!(suggested.code, 0, "{}", suggested.stderr);
    assert_eq!(
        run(&["explain", "--period", "9M2003", "--measure", "eps-basic"]).code,
        2,
        "explain rejects --measure"
    );
}

#[test]
fn a_published_figure_that_cannot_be_recomputed_names_no_flag_under_check() {
    let mut edits = NO_DILUTED.to_vec();
    edits[1].1 = "basic = \"0.00\"\n\n[period.non_gaap]\neps-diluted = \"-0.07\"\n";
    let dir = edited_atg("help_published_basis", &edits);
    let out = crate::support::run_in(&dir, &["check"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        help_of(&out),
        "add the diluted count the release prints to [period.shares]"
    );
    // Done: the non-GAAP loss of (5,172) per basic share (71,503) is (0.07).
    let mut mended = edits.clone();
    mended[0].1 = "basic = 71503\ndiluted = 73398\n";
    let dir = edited_atg("help_published_basis_mended", &mended);
    let out = crate::support::run_in(&dir, &["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_empty_measure_name_is_told_as_its_command_takes_measures() {
    let dir = edited_atg(
        "help_empty_measure",
        &[(
            "basic = \"0.00\"\ndiluted = \"0.00\"\n",
            "basic = \"0.00\"\ndiluted = \"0.00\"\n\n[period.non_gaap]\n\"eps-basic,\" = \"0.00\"\n",
        )],
    );
    // A published figure's key is a name in a file.
    let out = crate::support::run_in(&dir, &["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: empty measure name in `eps-basic,`\n"),
        "{}",
        out.stderr
    );
    assert_eq!(
        help_of(&out),
        "record each figure under the one measure it is, such as eps-diluted = \"0.47\""
    );
    // `explain` takes a list as its argument.
    let out = run(&["explain", "eps,"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: empty measure name in `eps,`\n \
         = help: separate measure names with single commas, such as `reconcile explain net-income,eps`\n"
    );
    let suggested = run(&["explain", "net-income,eps"]);
    assert_eq!(suggested.code, 0, "{}", suggested.stderr);
}

#[test]
fn measures_without_declared_ones_points_to_the_help_that_lists_the_named_ones() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("help_measures");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(crate::support::run_in(&dir, &["init"]).code, 0);
    let out = crate::support::run_in(&dir, &["measures"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "the model declares no [[measure]]; named measures: net-income, eps, gross-profit, operating-margin, ... (see `reconcile --help`)\n"
    );
    let help = crate::support::run_in(&dir, &["--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout.contains("gross-profit") && help.stdout.contains("operating-margin"),
        "{}",
        help.stdout
    );
}

#[test]
fn the_version_names_the_tool_and_the_file_format_and_a_file_may_pin_it() {
    let version = env!("CARGO_PKG_VERSION");
    let format = reconcile::version::FILE_FORMAT;
    let out = run(&["--version"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        format!("reconcile {version} (file format {format})\n")
    );
    // Every JSON output names both.
    let versions = serde_json::json!({"version": version, "file_format": format});
    for args in [
        &["--period", "9M2003", "--format", "json"][..],
        &["statements", "--format", "json"],
        &[
            "explain",
            "--period",
            "9M2003",
            "net-income",
            "--format",
            "json",
        ],
        &["check", "--format", "json"],
    ] {
        let out = run(args);
        let value: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", out.stdout));
        assert_eq!(value["reconcile"], versions, "{args:?}");
    }
    // A statements file pinned to a newer tool stops at the pin, before a
    // key this tool does not know.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_requires");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/atg/statements/atg.toml")).unwrap();
    let pinned = |requires: &str| {
        let text = text.replacen(
            "[entity]\n",
            &format!("[entity]\nrequires = {requires}\nkey_of_a_later_release = true\n"),
            1,
        );
        std::fs::write(dir.join("statements/atg.toml"), text).unwrap();
        let statements = dir.join("statements");
        run(&[
            "--statements",
            statements.to_str().unwrap(),
            "--adjustments",
            "tests/fixtures/atg/adjustments",
            "check",
        ])
    };
    let newer = pinned("\"99.1\"");
    assert_eq!(newer.code, 2, "{}", newer.stderr);
    assert_eq!(newer.stdout, "");
    let path = dir.join("statements/atg.toml");
    assert_eq!(
        newer.stderr,
        format!(
            "error: this file requires reconcile 99.1 or later; this is reconcile {version}\n  \
             --> {}:11:12\n   |\n11 | requires = \"99.1\"\n   |            ^^^^^^ requires 99.1\n   |\n   \
             = help: install reconcile 99.1 or later (`reconcile --version` names the one on the PATH), or ask whoever pinned it\n",
            path.display()
        )
    );
    let garbled = pinned("\"0.2-beta\"");
    assert_eq!(garbled.code, 2);
    assert!(
        garbled
            .stderr
            .starts_with("error: `requires = \"0.2-beta\"` is not a version\n"),
        "{}",
        garbled.stderr
    );
    let number = pinned("0.2");
    assert_eq!(number.code, 2);
    assert!(
        number
            .stderr
            .starts_with("error: `requires` is not a version\n"),
        "{}",
        number.stderr
    );
    // A file that reads, pinned to a newer tool, stops at the pin too, ahead
    // of a text problem (a bidirectional control character in a label).
    let readable = text.replacen("[entity]\n", "[entity]\nrequires = \"99.1\"\n", 1);
    let readable = readable.replacen("label = \"", "label = \"\u{202e}", 1);
    std::fs::write(dir.join("statements/atg.toml"), &readable).unwrap();
    let statements = dir.join("statements");
    let readable = run(&[
        "--statements",
        statements.to_str().unwrap(),
        "--adjustments",
        "tests/fixtures/atg/adjustments",
        "check",
    ]);
    assert_eq!(readable.code, 2, "{}", readable.stderr);
    assert_eq!(
        readable.stderr,
        format!(
            "error: this file requires reconcile 99.1 or later; this is reconcile {version}\n  \
             --> {}:11:12\n   |\n11 | requires = \"99.1\"\n   |            ^^^^^^ requires 99.1\n   |\n   \
             = help: install reconcile 99.1 or later (`reconcile --version` names the one on the PATH), or ask whoever pinned it\n",
            path.display()
        )
    );
    // Pinned to this tool, the file is read as usual: here it then stops at
    // the key it does not know.
    let current = pinned(&format!("\"{format}\""));
    assert_eq!(current.code, 2);
    assert!(
        current.stderr.contains("key_of_a_later_release"),
        "{}",
        current.stderr
    );
}

#[test]
fn entities_run_in_one_process_each_as_if_alone_in_name_order_with_the_worst_exit() {
    let alone = |entity: &str| {
        let statements = format!("tests/fixtures/entities/{entity}/statements");
        let adjustments = format!("tests/fixtures/entities/{entity}/adjustments");
        crate::support::run_shipped(&[
            "check",
            "--statements",
            &statements,
            "--adjustments",
            &adjustments,
        ])
    };
    let (clean, finding) = (alone("clean"), alone("with_finding"));
    assert_eq!((clean.code, finding.code), (0, 1));
    assert!(clean.stdout.contains("ties out"), "{}", clean.stdout);
    assert!(
        finding
            .stderr
            .contains("reported basic EPS does not tie in period 9M-2002"),
        "{}",
        finding.stderr
    );
    let all = crate::support::run_shipped(&["check", "--entities", "tests/fixtures/entities"]);
    assert_eq!(all.code, 1, "the worst of 0 and 1");
    assert_eq!(
        all.stdout,
        format!(
            "== clean ==\n{}== with_finding ==\n{}",
            clean.stdout, finding.stdout
        )
    );
    assert_eq!(
        all.stderr,
        format!("== with_finding ==\n{}", finding.stderr)
    );
}

#[test]
fn entities_refuses_a_folder_without_entities_and_a_command_for_one() {
    let none = crate::support::run_shipped(&["check", "--entities", "tests/fixtures/atg"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("no subfolder here holds `statements`"),
        "{}",
        none.stderr
    );
    let diff =
        crate::support::run_shipped(&["diff", "HEAD", "--entities", "tests/fixtures/entities"]);
    assert_eq!(diff.code, 2);
    assert!(
        diff.stderr.contains("`diff` works on one entity"),
        "{}",
        diff.stderr
    );
}

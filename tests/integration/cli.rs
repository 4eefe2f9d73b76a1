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
        "README.md's example is stale (the shipped data changed?): replace the example under \"The main job\" with the output of `cargo run --release -- --period 9M2003`"
    );
    let check = crate::support::run_shipped(&["check"]);
    assert!(
        readme.contains(&check.stdout),
        "README.md's `reconcile check` example is stale: replace it with the output of `cargo run --release -- check`"
    );
}

#[test]
fn the_readme_shows_the_finding_a_slip_in_total_revenues_gives() {
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
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&shown),
        "README.md's 56,750 example is stale (the shipped data changed?): replace it with what this test printed:\n{shown}"
    );
}

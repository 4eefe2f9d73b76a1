//! A new reporting team's first hour: `reconcile init` writes a data
//! repository whose skeleton passes `check` as written; `check` works on a
//! statements file alone; the example adjustment reconciles once copied; the
//! CI files are valid YAML and call only commands that exist.

use std::path::{Path, PathBuf};

use crate::support::run;

fn in_dir(dir: &Path, args: &[&str]) -> crate::support::Run {
    crate::support::run_in(dir, args)
}

fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn init_writes_a_skeleton_that_checks_and_reconciles_once_an_adjustment_is_added() {
    let dir = fresh("init_acme");
    let out = in_dir(
        &dir,
        &["init", "--entity", "acme", "--fiscal-year-end", "06-30"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    for file in [
        "statements/acme.toml",
        "adjustments/example.toml.example",
        "schemas/statements.schema.json",
        "schemas/adjustment.schema.json",
        "README.md",
        ".gitignore",
        ".github/workflows/reconcile.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(dir.join(file).is_file(), "{file} written");
        assert!(
            out.stdout.contains(&format!("created ./{file}")),
            "{}",
            out.stdout
        );
    }
    let statements = std::fs::read_to_string(dir.join("statements/acme.toml")).unwrap();
    assert!(statements.contains("fiscal_year_end = \"06-30\""));
    // An editor finds each file's schema from its first line, beside it.
    for (file, schema) in [
        ("statements/acme.toml", reconcile::schema::statements()),
        (
            "adjustments/example.toml.example",
            reconcile::schema::adjustment(),
        ),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let named = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#:schema "))
            .unwrap_or_else(|| panic!("{file} names no schema on its first line"));
        let path = dir.join(file).parent().unwrap().join(named);
        assert_eq!(std::fs::read_to_string(&path).ok(), Some(schema), "{file}");
    }
    // Every key of the skeleton is explained by a comment.
    let keys = statements
        .lines()
        .filter(|l| l.contains(" = ") && !l.trim_start().starts_with('#'))
        .count();
    assert!(keys > 20);
    for key in [
        "rolls_up_to",
        "sign = \"subtract\"",
        "measure = \"net-income\"",
        "units =",
    ] {
        assert!(
            statements
                .lines()
                .any(|l| l.contains(key) && l.contains('#')),
            "{key} has no comment"
        );
    }
    let check = in_dir(&dir, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("statements/acme.toml: ties out"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("no adjustments yet"),
        "{}",
        check.stdout
    );
    // A reconciliation needs an adjustment, and says how to add one.
    let none = in_dir(&dir, &[]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("needs at least one adjustment"),
        "{}",
        none.stderr
    );
    std::fs::copy(
        dir.join("adjustments/example.toml.example"),
        dir.join("adjustments/restructuring.toml"),
    )
    .unwrap();
    let period = statements
        .lines()
        .find_map(|l| l.strip_prefix("id = \"Q"))
        .map(|rest| format!("Q{}", rest.split('"').next().unwrap()))
        .expect("the skeleton's period");
    let table = in_dir(&dir, &["--period", &period]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains("GAAP net income (loss)"),
        "{}",
        table.stdout
    );
    // 120 + 40 excluded - 10 of tax at 25%.
    assert!(table.stdout.contains("$150"), "{}", table.stdout);
    // Never overwrites: a second init leaves every file alone.
    std::fs::write(dir.join("README.md"), "ours").unwrap();
    let again = in_dir(&dir, &["init", "--entity", "acme"]);
    assert_eq!(again.code, 0);
    assert!(
        again.stdout.contains("left alone ./README.md (it exists)"),
        "{}",
        again.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "ours"
    );
}

#[test]
fn the_ci_files_are_valid_yaml_and_call_only_commands_that_exist() {
    let dir = fresh("init_ci");
    assert_eq!(in_dir(&dir, &["init", "--entity", "acme"]).code, 0);
    for file in [".github/workflows/reconcile.yml", ".gitlab-ci.yml"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let docs = yaml_rust2::YamlLoader::load_from_str(&text)
            .unwrap_or_else(|e| panic!("{file} is not valid YAML: {e}"));
        assert_eq!(docs.len(), 1, "{file}");
        for line in text.lines() {
            let Some(at) = line.find("reconcile ") else {
                continue;
            };
            let command = line[at + "reconcile ".len()..].split_whitespace().next();
            if let Some(command) = command.filter(|c| !c.starts_with('"') && !c.starts_with('-')) {
                if line.contains("cargo install") {
                    continue;
                }
                let help = run(&[command, "--help"]);
                assert_eq!(help.code, 0, "{file}: `reconcile {command}` does not exist");
            }
        }
    }
}

#[test]
fn check_works_on_a_statements_file_alone() {
    let out = run(&[
        "--statements",
        "tests/fixtures/statements_only/statements",
        "--adjustments",
        "tests/fixtures/statements_only/adjustments",
        "check",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("ties out"), "{}", out.stdout);
    assert!(
        out.stdout.contains("2 reported totals foot"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("2 reported EPS figures tie"),
        "{}",
        out.stdout
    );
}

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

/// Every shell script of a CI file: GitHub's `steps[].run`, GitLab's
/// `script`, `before_script` and `after_script`, wherever they are.
fn scripts(yaml: &yaml_rust2::Yaml, out: &mut Vec<String>) {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::Hash(map) => {
            for (key, value) in map {
                let key = key.as_str().unwrap_or("");
                match (key, value) {
                    ("run", Yaml::String(script)) => out.push(script.clone()),
                    ("script" | "before_script" | "after_script", Yaml::Array(lines)) => {
                        out.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_string)));
                    }
                    _ => scripts(value, out),
                }
            }
        }
        Yaml::Array(items) => items.iter().for_each(|i| scripts(i, out)),
        _ => {}
    }
}

/// Each `reconcile` a script runs, as its words after `reconcile`: quoted
/// text is one word (never a command), and `;`, `&&`, `||`, `|`, braces and
/// parentheses end a command.
fn reconcile_calls(script: &str) -> Vec<Vec<String>> {
    let mut unquoted = String::new();
    let mut quote = None;
    for c in script.replace("\\\n", " ").chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                unquoted.push_str("QUOTED");
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c) => unquoted.push(c),
        }
    }
    let mut calls = Vec::new();
    for segment in unquoted.split(['\n', ';', '&', '|', '{', '}', '(', ')']) {
        let mut words = segment
            .split_whitespace()
            .skip_while(|w| ["then", "else", "do", "!", "$"].contains(w));
        if words.next() == Some("reconcile") {
            calls.push(
                words
                    .take_while(|w| !w.starts_with('>') && !w.starts_with("2>"))
                    .map(str::to_string)
                    .collect(),
            );
        }
    }
    calls
}

#[test]
fn the_ci_files_are_valid_yaml_and_call_only_commands_and_flags_that_exist() {
    let dir = fresh("init_ci");
    assert_eq!(in_dir(&dir, &["init", "--entity", "acme"]).code, 0);
    for file in [".github/workflows/reconcile.yml", ".gitlab-ci.yml"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let docs = yaml_rust2::YamlLoader::load_from_str(&text)
            .unwrap_or_else(|e| panic!("{file} is not valid YAML: {e}"));
        assert_eq!(docs.len(), 1, "{file}");
        let mut found = Vec::new();
        scripts(&docs[0], &mut found);
        let calls: Vec<Vec<String>> = found.iter().flat_map(|s| reconcile_calls(s)).collect();
        let mut commands: Vec<&str> = Vec::new();
        for call in &calls {
            let command = call.first().filter(|w| !w.starts_with('-'));
            let flags: Vec<&String> = call.iter().filter(|w| w.starts_with("--")).collect();
            let help = match command {
                Some(command) => {
                    commands.push(command);
                    run(&[command, "--help"])
                }
                None => run(&["--help"]),
            };
            assert_eq!(
                help.code,
                0,
                "{file}: `reconcile {}` does not exist",
                call.join(" ")
            );
            for flag in flags {
                assert!(
                    help.stdout.contains(&format!("{flag} "))
                        || help.stdout.contains(&format!("{flag}\n")),
                    "{file}: `reconcile {}`: no flag {flag}:\n{}",
                    call.join(" "),
                    help.stdout
                );
            }
        }
        // The scan found what the file is for: the checks and the comment.
        for expected in ["check", "lint", "snapshot", "diff"] {
            assert!(
                commands.contains(&expected),
                "{file}: no `reconcile {expected}` found in {commands:?}"
            );
        }
        assert!(
            calls
                .iter()
                .any(|c| c.join(" ") == "diff QUOTED HEAD --format markdown"),
            "{file}: {calls:?}"
        );
        // The comment starts with the marker the job finds it by, and is
        // posted with the platform's token.
        assert!(
            text.contains(&format!("echo '{}'", reconcile::init::COMMENT_MARKER)),
            "{file}"
        );
        assert!(
            text.contains(&format!(
                "startswith(\"{}\")",
                reconcile::init::COMMENT_MARKER
            )),
            "{file}"
        );
    }
    let github = std::fs::read_to_string(dir.join(".github/workflows/reconcile.yml")).unwrap();
    let github = &yaml_rust2::YamlLoader::load_from_str(&github).unwrap()[0];
    assert_eq!(
        github["permissions"]["pull-requests"].as_str(),
        Some("write")
    );
    let steps = github["jobs"]["check"]["steps"].as_vec().unwrap();
    let comment = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Comment the figures that moved"))
        .expect("the comment step");
    assert_eq!(
        comment["env"]["GH_TOKEN"].as_str(),
        Some("${{ secrets.GITHUB_TOKEN }}")
    );
    assert_eq!(steps[0]["with"]["fetch-depth"].as_i64(), Some(0));
    let gitlab = std::fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    // CI_JOB_TOKEN may not write notes: a project access token does.
    assert!(gitlab.contains("PRIVATE-TOKEN: $RECONCILE_NOTE_TOKEN"));
    assert!(!gitlab.contains("JOB-TOKEN"));
    let gitlab = &yaml_rust2::YamlLoader::load_from_str(&gitlab).unwrap()[0];
    assert_eq!(
        gitlab["reconcile"]["variables"]["GIT_DEPTH"].as_i64(),
        Some(0)
    );
}

#[test]
fn the_scan_of_ci_scripts_finds_each_reconcile_with_its_words() {
    assert_eq!(
        reconcile_calls(
            "set -eu\n{\n  echo '<!-- reconcile diff -->'\n  reconcile diff \"$BASE\" HEAD --format markdown || [ $? -eq 1 ]\n} > out.md\nif x; then reconcile check; fi\ncargo install --git \"$G\" reconcile"
        ),
        [
            vec!["diff", "QUOTED", "HEAD", "--format", "markdown"],
            vec!["check"],
        ]
    );
}

/// The release archive cargo-dist publishes for `target`, and the binary's
/// path inside it, from Cargo.toml's `cargo binstall` metadata and dist's
/// archive format: what `cargo binstall` downloads.
fn binstall_archive(target: &str) -> (String, String) {
    let manifest: toml::Table = std::fs::read_to_string("Cargo.toml")
        .unwrap()
        .parse()
        .unwrap();
    let package = &manifest["package"];
    let binstall = &package["metadata"]["binstall"];
    let dist = &manifest["workspace"]["metadata"]["dist"];
    assert!(
        dist["targets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str() == Some(target)),
        "{target} is not released"
    );
    // The archive format binstall expects is the one dist writes.
    let suffix = dist["unix-archive"].as_str().unwrap();
    assert!(
        binstall["pkg-url"].as_str().unwrap().ends_with(suffix),
        "{binstall:?}"
    );
    let fill = |template: &str| {
        template
            .replace("{ repo }", package["repository"].as_str().unwrap())
            .replace("{ version }", env!("CARGO_PKG_VERSION"))
            .replace("{ name }", "reconcile")
            .replace("{ target }", target)
            .replace("{ bin }", "reconcile")
            .replace("{ binary-ext }", "")
    };
    (
        fill(binstall["pkg-url"].as_str().unwrap()),
        fill(binstall["bin-dir"].as_str().unwrap()),
    )
}

#[test]
fn the_ci_files_install_the_release_that_wrote_them_prebuilt() {
    let dir = fresh("init_ci_release");
    assert_eq!(in_dir(&dir, &["init", "--entity", "acme"]).code, 0);
    let version = env!("CARGO_PKG_VERSION");
    // The archive a Linux x86_64 runner needs, written out by hand.
    let expected = format!(
        "https://github.com/your-org/reconcile/releases/download/v{version}/reconcile-x86_64-unknown-linux-gnu.tar.gz"
    );
    let (binstall_url, binstall_bin) = binstall_archive("x86_64-unknown-linux-gnu");
    assert_eq!(binstall_url, expected);
    assert_eq!(binstall_bin, "reconcile-x86_64-unknown-linux-gnu/reconcile");

    let github = std::fs::read_to_string(dir.join(".github/workflows/reconcile.yml")).unwrap();
    let gitlab = std::fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    let github_yaml = &yaml_rust2::YamlLoader::load_from_str(&github).unwrap()[0];
    let gitlab_yaml = &yaml_rust2::YamlLoader::load_from_str(&gitlab).unwrap()[0];
    // Pinned to the version that wrote them, as a string (0.10 is not 0.1).
    assert_eq!(
        github_yaml["jobs"]["check"]["env"]["RECONCILE_VERSION"].as_str(),
        Some(version)
    );
    assert_eq!(
        gitlab_yaml["reconcile"]["variables"]["RECONCILE_VERSION"].as_str(),
        Some(version)
    );
    assert_eq!(
        gitlab_yaml["reconcile"]["image"].as_str(),
        Some("debian:stable-slim")
    );
    for (file, yaml, text) in [
        ("github", github_yaml, &github),
        ("gitlab", gitlab_yaml, &gitlab),
    ] {
        let mut found = Vec::new();
        scripts(yaml, &mut found);
        let script = found.join("\n");
        // Each downloads the archive, unpacks the binary from where it is in
        // it, and compiles nothing.
        let urls: Vec<String> = script
            .split(['"', ' ', '\n'])
            .filter(|w| w.starts_with("https://"))
            .map(|w| w.replace("$RECONCILE_VERSION", version))
            .collect();
        assert_eq!(urls, std::slice::from_ref(&expected), "{file}");
        assert!(
            script.contains(&format!(
                "| tar -xz -C {} --strip-components=1 {binstall_bin}",
                if file == "github" {
                    "\"$HOME/.local/bin\""
                } else {
                    "/usr/local/bin"
                }
            )),
            "{file}: {script}"
        );
        assert!(!script.contains("cargo"), "{file}: {script}");
        assert!(!text.contains("rust-toolchain"), "{file}");
        // How to build from source instead, at the same version, in a comment.
        assert!(
            text.lines().any(|l| l.trim_start().starts_with('#')
                && l.contains(
                    "cargo install --locked --git https://github.com/your-org/reconcile --tag v$RECONCILE_VERSION reconcile"
                )),
            "{file}"
        );
        for placeholder in ["@VERSION@", "@REPOSITORY@"] {
            assert!(!text.contains(placeholder), "{file}: {placeholder} left");
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

/// The files in a folder and below it, sorted, as relative paths.
fn listing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn init_that_meets_a_file_where_a_folder_should_be_writes_nothing_and_says_where() {
    let dir = fresh("init_file_for_folder");
    std::fs::write(dir.join("adjustments"), "notes").unwrap();
    let out = in_dir(&dir, &["init", "--entity", "acme"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: a file is where `reconcile init` needs a folder\n \
         --> ./adjustments\n  |\n  \
         = note: init writes ./adjustments/example.toml.example inside it\n  \
         = help: move or rename ./adjustments and run `reconcile init` again; nothing has been written\n"
    );
    // Nothing written: not the statements, not the README.
    assert_eq!(listing(&dir), ["adjustments"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("adjustments")).unwrap(),
        "notes"
    );
}

/// Our own second example: a folder where a file goes, and a file where a
/// deeper folder goes, both reported at once; still nothing written.
#[test]
fn init_reports_every_conflict_before_writing_anything() {
    let dir = fresh("init_every_conflict");
    std::fs::create_dir_all(dir.join("README.md")).unwrap();
    std::fs::create_dir_all(dir.join(".github")).unwrap();
    std::fs::write(dir.join(".github/workflows"), "").unwrap();
    let out = in_dir(&dir, &["init", "--entity", "acme"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: a folder is where `reconcile init` writes a file\n \
         --> ./README.md\n  |\n  \
         = help: move or rename the folder ./README.md and run `reconcile init` again; nothing has been written\n\
         \n\
         error: a file is where `reconcile init` needs a folder\n \
         --> ./.github/workflows\n  |\n  \
         = note: init writes ./.github/workflows/reconcile.yml inside it\n  \
         = help: move or rename ./.github/workflows and run `reconcile init` again; nothing has been written\n\
         \n\
         2 errors\n"
    );
    assert_eq!(listing(&dir), [".github", ".github/workflows", "README.md"]);
}

#[test]
fn init_lists_every_file_it_leaves_alone_the_figures_file_too() {
    let dir = fresh("init_left_alone");
    std::fs::create_dir_all(dir.join("reconciled")).unwrap();
    std::fs::write(dir.join("reconciled/figures.txt"), "ours\n").unwrap();
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    std::fs::write(dir.join("statements/acme.toml"), "# ours\n").unwrap();
    let out = in_dir(&dir, &["init", "--entity", "acme"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "created ./adjustments/example.toml.example\n\
         created ./schemas/statements.schema.json\n\
         created ./schemas/adjustment.schema.json\n\
         created ./README.md\n\
         created ./.gitignore\n\
         created ./.github/workflows/reconcile.yml\n\
         created ./.gitlab-ci.yml\n\
         left alone ./statements/acme.toml (it exists)\n\
         left alone ./reconciled/figures.txt (it exists)\n\
         next: transcribe the release into statements/acme.toml and run `reconcile check`\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("reconciled/figures.txt")).unwrap(),
        "ours\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("statements/acme.toml")).unwrap(),
        "# ours\n"
    );
}

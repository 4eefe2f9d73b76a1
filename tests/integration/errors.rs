//! The catalogue of bad input: each `tests/fixtures/err_<what>/` holds the
//! files (or only the one that differs from the shipped data) and an optional
//! `args` file; its snapshot is the exact stderr and exit code. Bad input
//! (exit 2) writes nothing on stdout; a finding (exit 1) withholds only the
//! periods it concerns, so the periods that tie may be printed.

use crate::snapshot;
use crate::support::{fixture_args, root, run};

#[test]
fn every_bad_input_gets_a_located_error_and_nothing_on_stdout() {
    let mut cases: Vec<String> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("err_"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "the catalogue of bad inputs is missing");
    for case in &cases {
        let case = case.as_str();
        let extra: Vec<String> =
            std::fs::read_to_string(root().join("tests/fixtures").join(case).join("args"))
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
        // The args file may name its own inputs; otherwise the fixture's folders.
        let mut args: Vec<String> = fixture_args(case)
            .chunks(2)
            .filter(|pair| !extra.contains(&pair[0]))
            .flatten()
            .cloned()
            .collect();
        args.extend(extra);
        let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.code == 1 || out.code == 2, "{case}: exit {}", out.code);
        // Bad input writes nothing on stdout; a finding withholds only its
        // periods, and the others are printed.
        if out.code == 2 || !out.stderr.contains("\nnote: ") {
            assert_eq!(out.stdout, "", "{case}: nothing on stdout");
        }
        assert!(out.stderr.starts_with("error"), "{case}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{case}");
        snapshot!(
            case,
            format!(
                "args: {}\nexit: {}\n{}",
                args.join(" "),
                out.code,
                out.stderr
            )
        );
    }
}

//! Inputs a careless script or an attacker could produce: files that are
//! not the user's, wide and pasted text, spreadsheet formulas in labels.
//! Each is refused with its location, skipped with a word, or rendered
//! safely; never a wrong figure with no word said.

use std::path::PathBuf;

use unicode_width::UnicodeWidthStr;

use crate::snapshot;
use crate::support::{fixture_args, root, run};

#[test]
fn wide_characters_keep_the_text_table_aligned() {
    let mut args = fixture_args("wide_labels");
    args.push("statements".into());
    let out = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Every row with a figure ends in the same display column.
    let ends: Vec<usize> = out
        .stdout
        .lines()
        .take_while(|l| !l.starts_with("Basic"))
        .filter(|l| !l.starts_with(' ') && l.ends_with(|c: char| c.is_ascii_digit() || c == ')'))
        .map(UnicodeWidthStr::width)
        .collect();
    assert!(ends.len() >= 5, "{}", out.stdout);
    assert!(
        ends.windows(2).all(|w| w[0] == w[1]),
        "{ends:?}\n{}",
        out.stdout
    );
    snapshot!("fixture_wide_labels", out.stdout);
}

#[test]
fn hidden_and_upper_case_files_are_skipped_and_check_says_so() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hidden_files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let shipped =
        std::fs::read_to_string(root().join("tests/fixtures/atg/adjustments/restructuring.toml"))
            .unwrap();
    std::fs::write(dir.join("restructuring.toml"), &shipped).unwrap();
    // An editor's lock file, macOS metadata, and an upper-case extension:
    // none is read, so none doubles the adjustment.
    std::fs::write(dir.join(".#restructuring.toml"), &shipped).unwrap();
    std::fs::write(dir.join("._restructuring.toml"), [0u8, 5, 22, 7]).unwrap();
    std::fs::write(dir.join("COPY.TOML"), &shipped).unwrap();
    let adjustments = dir.to_str().unwrap();
    let out = run(&["--adjustments", adjustments, "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("1 adjustment (restructuring)"),
        "{}",
        out.stdout
    );
    for (name, why) in [
        (".#restructuring.toml", "a hidden file"),
        ("._restructuring.toml", "a hidden file"),
        (
            "COPY.TOML",
            "only files ending in .toml (lower case) are read",
        ),
    ] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.contains("skipped") && l.contains(name) && l.contains(why)),
            "{name}:\n{}",
            out.stdout
        );
    }
    let table = run(&["--adjustments", adjustments, "--period", "9M2003"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("$(5,172)"), "{}", table.stdout);
}

#[test]
fn a_label_a_spreadsheet_would_run_is_written_as_text_in_csv() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("formula_label");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let shipped =
        std::fs::read_to_string(root().join("tests/fixtures/atg/adjustments/restructuring.toml"))
            .unwrap()
            .replace(
                "label = \"Net restructuring benefit\"",
                "label = \"=HYPERLINK(\\\"http://x\\\",\\\"benefit\\\")\"",
            );
    std::fs::write(dir.join("restructuring.toml"), shipped).unwrap();
    let out = run(&[
        "--adjustments",
        dir.to_str().unwrap(),
        "--period",
        "9M2003",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"'=HYPERLINK("), "{}", out.stdout);
    assert!(
        !out.stdout
            .lines()
            .any(|l| l.starts_with("=") || l.starts_with("\"="))
    );
    // Figures stay numbers: a negative amount is not defused.
    assert!(out.stdout.contains(",-5172"), "{}", out.stdout);
}

/// Runs the binary through a shell with one redirection of stdout.
#[cfg(target_os = "linux")]
fn with_stdout(redirect: &str, args: &str) -> (i32, String) {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" {args} {redirect}"))
        .arg(env!("CARGO_BIN_EXE_reconcile"))
        .current_dir(crate::support::root())
        .output()
        .expect("sh runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_or_closed_stdout_is_an_error_but_a_reader_that_stops_is_not() {
    let (code, stderr) = with_stdout("> /dev/full", "--period 9M2003");
    assert_eq!(code, 2, "/dev/full: {stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    // Discarding the report on purpose is not an error.
    let (code, stderr) = with_stdout("> /dev/null", "--period 9M2003");
    assert_eq!((code, stderr.as_str()), (0, ""));
    // Nor is a reader that has read enough: `reconcile | head -1`.
    let (code, stderr) = with_stdout("| head -1 > /dev/null", "--period all");
    assert_eq!((code, stderr.as_str()), (0, ""));
    // A stdout closed before the program starts (`>&-`) is not /dev/null,
    // although Rust's runtime opens /dev/null in its place.
    for args in ["--period 9M2003", "check", "--help"] {
        let (code, stderr) = with_stdout(">&-", args);
        assert_eq!(code, 2, "{args}: {stderr}");
        assert!(
            stderr.contains("error: standard output is closed"),
            "{args}: {stderr}"
        );
    }
}

/// Nothing is done for a report with nowhere to go: `init` writes no file.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_stops_a_command_before_it_writes_files() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("init_closed_stdout");
    let _ = std::fs::remove_dir_all(&dir);
    let (code, stderr) = with_stdout(">&-", &format!("init {}", dir.display()));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        !dir.exists(),
        "init wrote {} with stdout closed",
        dir.display()
    );
}

/// Where the threads cannot be started (here, too little address space
/// for 500 thread stacks), the work runs on the main thread: the same
/// report, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn the_report_is_made_where_no_thread_can_be_started() {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 400000 && exec \"$0\" --period 9M2003")
        .arg(env!("CARGO_BIN_EXE_reconcile"))
        .env("RAYON_NUM_THREADS", "500")
        .current_dir(crate::support::root())
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The threads that did start hold address space until they exit, so
    // under this limit an allocation may still fail: an abort, or the
    // standard library's own failure to set up a thread's alternate signal
    // stack (`std/src/sys/pal/unix/stack_overflow.rs`), which it reports as
    // a panic of its own. Neither is the program's; a run that gets
    // through prints the report.
    let out_of_memory =
        stderr.contains("memory allocation") || stderr.contains("sys/pal/unix/stack_overflow.rs");
    if output.status.code() != Some(0) && out_of_memory {
        return;
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("(5,172)"), "{stdout}");
}

/// A caller that opens /dev/null itself, read-write, as Python's
/// `subprocess.DEVNULL` does, discards the report on purpose.
#[cfg(target_os = "linux")]
#[test]
fn a_devnull_opened_read_write_by_the_caller_is_not_a_closed_stdout() {
    let devnull = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .expect("/dev/null opens");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(["--period", "9M2003"])
        .current_dir(crate::support::root())
        .stdout(devnull)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

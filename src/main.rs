//! The `reconcile` binary: parse the arguments, run the library, write its
//! outcome. A reader that stops reading (a closed pipe, `| head`) is not an
//! error; a standard output that is closed or cannot be written (`>&-`,
//! `/dev/full`) is, with exit 2: the report was not delivered.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use reconcile::cli::{Cli, Outcome, run};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let outcome = run(&cli);
    match write(&outcome) {
        Ok(()) => ExitCode::from(outcome.code),
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe) =>
        {
            ExitCode::from(outcome.code)
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Diagnostics to stderr, the report to stdout; each written whole.
fn write(outcome: &Outcome) -> anyhow::Result<()> {
    std::io::stderr()
        .write_all(outcome.stderr.as_bytes())
        .context("cannot write to stderr")?;
    if !outcome.stdout.is_empty() && stdout_was_closed() {
        anyhow::bail!("cannot write the report: standard output is closed");
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write the report to stdout")?;
    Ok(())
}

/// Whether the program started with descriptor 1 closed (`reconcile >&-`).
/// Rust's runtime then opens /dev/null read-write in its place, so writes
/// would vanish; a shell's `> /dev/null` opens it write-only. Linux only
/// (it reads /proc); elsewhere a closed stdout is not detected.
fn stdout_was_closed() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let null = std::fs::read_link("/proc/self/fd/1")
        .is_ok_and(|target| target == std::path::Path::new("/dev/null"));
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    null && read_write
}

//! The `reconcile` binary: parse the arguments, run the library, write its
//! outcome. A reader that stops reading (a closed pipe, `| head`) is not an
//! error; a standard output that cannot be written (`/dev/full`) is, with
//! exit 2: the report was not delivered. A descriptor 1 closed before the
//! program starts (`>&-`) cannot be told apart from `/dev/null` without
//! `unsafe`: Rust's runtime opens /dev/null in its place before `main`.

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
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write the report to stdout")?;
    Ok(())
}

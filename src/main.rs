//! The `reconcile` binary: parse the arguments, run the library, write its
//! outcome. A reader that stops reading (a closed pipe, `| head`) is not an
//! error; a standard output that cannot be written (`/dev/full`) or that was
//! closed before the program started (`>&-`) is, with exit 2: the report was
//! not delivered.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use reconcile::cli::{Cli, Outcome, run};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() && stdout_probe::closed_at_start() => {
            return stdout_closed();
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // Nothing is run, and no file written, for a report with nowhere to go.
    if stdout_probe::closed_at_start() {
        return stdout_closed();
    }
    let outcome = match threads() {
        Some(pool) => pool.install(|| run(&cli)),
        None => run(&cli),
    };
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

/// The threads the library spreads its work over: the machine's cores, or
/// where they cannot be started (a process limit, little memory), this
/// thread alone; the output is the same either way.
fn threads() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .build()
        .or_else(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .use_current_thread()
                .build()
        })
        .ok()
}

/// A report (or help text) with nowhere to go: exit 2, as for `/dev/full`.
fn stdout_closed() -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "error: standard output is closed, so the report was not delivered\n  \
         = help: redirect it to a file, or to /dev/null to discard it"
    );
    ExitCode::from(2)
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

/// Whether descriptor 1 was closed when the process started (`>&-`).
///
/// Rust's runtime replaces a closed standard descriptor with `/dev/null`
/// before `main`, after which a closed stdout looks exactly like a
/// deliberate `> /dev/null`. So the probe runs earlier, as a constructor
/// the loader calls before the runtime starts, and records what it saw.
/// This is the project's only `unsafe`: one `fcntl(1, F_GETFD)` call,
/// which reads a descriptor's flags and changes nothing. On platforms
/// without such constructors the probe reports "open".
#[allow(unsafe_code)]
mod stdout_probe {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    pub fn closed_at_start() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }

    #[cfg(any(target_os = "linux", target_os = "macos"))]
    unsafe extern "C" {
        fn fcntl(fd: i32, cmd: i32, ...) -> i32;
    }

    #[cfg(any(target_os = "linux", target_os = "macos"))]
    extern "C" fn probe() {
        /// `F_GETFD` is 1 on Linux and macOS alike.
        const F_GETFD: i32 = 1;
        // SAFETY: F_GETFD takes no third argument, reads the descriptor
        // table only, and returns -1 (EBADF) for a descriptor not open.
        let flags = unsafe { fcntl(1, F_GETFD) };
        if flags == -1 {
            CLOSED.store(true, Ordering::Relaxed);
        }
    }

    #[cfg(target_os = "linux")]
    #[used]
    #[unsafe(link_section = ".init_array")]
    static PROBE: extern "C" fn() = probe;

    #[cfg(target_os = "macos")]
    #[used]
    #[unsafe(link_section = "__DATA,__mod_init_func")]
    static PROBE: extern "C" fn() = probe;
}

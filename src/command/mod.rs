//! The commands: each one's run on the library, from parsed options to an
//! `Outcome` (stdout, stderr, exit code) that the binary writes out. One
//! module per command; `pipeline` holds the steps the model-reading
//! commands share (load, adjust once, tie out, stop on findings), `tables`
//! the run of the commands that print tables. Nothing here prints, and
//! nothing here reads the command line: `cli` parses it into `Options`.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, render_all};
use crate::model::{Statement, Units};
use crate::report::{Format, Scale};

pub mod check;
pub mod diff;
pub mod entities;
pub mod explain;
pub mod import;
pub mod init;
pub mod lint;
pub mod matrix;
pub mod measures;
pub mod outlook;
pub(crate) mod pipeline;
pub mod prose;
pub mod reconcile;
pub mod schema;
pub mod segments;
pub mod snapshot;
pub mod statements;
pub(crate) mod tables;

/// The options every command may read, parsed from the command line: the
/// files, the periods and measures chosen, how figures are shown, and the
/// rules' date.
#[derive(Debug, Clone)]
pub struct Options {
    /// The statements file, or a folder of them (one per entity).
    pub statements: PathBuf,
    /// The folders of adjustment files.
    pub adjustments: Vec<PathBuf>,
    /// The entity, when the statements folder holds several.
    pub entity: Option<String>,
    /// `--period`, as written.
    pub period: Option<String>,
    /// `--measure`, each as written.
    pub measure: Vec<String>,
    pub format: Format,
    /// The units money is shown in; the model's own when `None`.
    pub units: Option<Units>,
    /// `--rules-as-of`, as written.
    pub rules_as_of: Option<String>,
    pub deny_warnings: bool,
    /// `check --against`: the filed facts to tie to.
    pub against: Option<PathBuf>,
}

/// What a run produced: text for stdout (only on success), text for stderr,
/// and the exit status: 0 success, 1 findings (a failed tie-out), 2 bad input.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
    /// The diagnostics behind `stderr`, for the JSON form of `check`.
    pub diagnostics: Vec<Diagnostic>,
    /// Every figure `check` compared, with its verdict, for its JSON form.
    pub figures: Vec<crate::tieout::Checked>,
}

impl Outcome {
    pub(crate) fn success(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            code: 0,
            diagnostics: Vec::new(),
            figures: Vec::new(),
        }
    }

    pub(crate) fn bad_input(diagnostics: &[Diagnostic]) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: render_all(diagnostics, "errors"),
            code: 2,
            diagnostics: diagnostics.to_vec(),
            figures: Vec::new(),
        }
    }

    pub(crate) fn findings(diagnostics: &[Diagnostic]) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: render_all(diagnostics, "findings"),
            code: 1,
            diagnostics: diagnostics.to_vec(),
            figures: Vec::new(),
        }
    }
}

/// The date whose rules apply: `--rules-as-of`, else the release's date,
/// else today (and a note says so).
pub(crate) fn rules_date(
    opts: &Options,
    statement: &Statement,
) -> Result<(crate::model::Date, String), Diagnostic> {
    match opts.rules_as_of.as_deref().map(str::trim) {
        Some("today") => Ok((today(), "today, as --rules-as-of asks".to_string())),
        Some(text) => crate::model::Date::parse(text)
            .map(|d| (d, format!("{d}, as --rules-as-of asks")))
            .map_err(|(message, help)| {
                Diagnostic::new(format!("--rules-as-of: {message}")).help(help)
            }),
        None => match statement.entity.release_date {
            Some(d) => Ok((d, format!("{d}, the release's date"))),
            None => Ok((
                today(),
                "today: the statements file gives no [entity] release_date".to_string(),
            )),
        },
    }
}

/// Today's date, from the system clock (UTC).
pub(crate) fn today() -> crate::model::Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    crate::model::period::from_day_number(
        crate::model::period::day_number(crate::model::Date {
            year: 1970,
            month: 1,
            day: 1,
        }) + days as i64,
    )
}

/// A word of a suggested command line, quoted for the shell where needed.
pub(crate) fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./,:".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The output format, the units asked for and the scale money is shown at.
pub(crate) fn presentation(
    opts: &Options,
    statement: &Statement,
) -> (Format, Option<Units>, Scale) {
    let format = opts.format;
    let units = opts.units;
    let scale = Scale {
        model: statement.entity.units,
        shown: units.unwrap_or(statement.entity.units),
        shares: statement.entity.share_units,
        decimals: Some(statement.money_decimals()),
    };
    (format, units, scale)
}

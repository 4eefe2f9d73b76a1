//! The command line: arguments, the choice of periods, and the run of the
//! pipeline (load, tie out, reconcile, render) into an `Outcome` that the
//! binary writes out. Nothing here prints.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostic, render_all};
use crate::engine;
use crate::load;
use crate::model::{Adjustment, Period, Statement};
use crate::report;
use crate::tieout::{self, TieOut};

/// Reconciles non-GAAP measures to GAAP from declarative statement and
/// adjustment files.
#[derive(Debug, Parser)]
#[command(name = "reconcile", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Periods to reconcile, comma-separated, in column order: 9M2003,
    /// Q3-2003, 3Q2003, 2003Q3, ... or `all`. Default: every duration period,
    /// most recent first.
    #[arg(long, value_name = "PERIODS")]
    pub period: Option<String>,

    /// The statements file, or a folder of them (one per entity).
    #[arg(long, global = true, default_value = "statements", value_name = "PATH")]
    pub statements: PathBuf,

    /// The folder of adjustment files.
    #[arg(long, global = true, default_value = "adjustments", value_name = "DIR")]
    pub adjustments: PathBuf,

    /// The entity (statements file name without .toml) when the statements
    /// folder holds several.
    #[arg(long, global = true)]
    pub entity: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the statements and adjustments and tie the statements out,
    /// without printing a reconciliation.
    Check,
}

/// What a run produced: text for stdout (only on success), text for stderr,
/// and the exit status: 0 success, 1 findings (a failed tie-out), 2 bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Outcome {
    fn success(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            code: 0,
        }
    }

    fn bad_input(diagnostics: &[Diagnostic]) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: render_all(diagnostics, "errors"),
            code: 2,
        }
    }

    fn findings(diagnostics: &[Diagnostic]) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: render_all(diagnostics, "findings"),
            code: 1,
        }
    }
}

/// Runs the command the arguments describe.
pub fn run(cli: &Cli) -> Outcome {
    let (path, statement, adjustments) = match load_inputs(cli) {
        Ok(inputs) => inputs,
        Err(diagnostics) => return Outcome::bad_input(&diagnostics),
    };
    let tie_out = tieout::tie_out(&statement);
    if !tie_out.findings.is_empty() {
        return Outcome::findings(&tie_out.findings);
    }
    match cli.command {
        Some(Command::Check) => check(&path, &statement, &adjustments, &tie_out),
        None => {
            let periods = match choose_periods(&statement, cli.period.as_deref()) {
                Ok(periods) => periods,
                Err(d) => return Outcome::bad_input(&[d]),
            };
            match engine::reconcile(&statement, &adjustments, &periods) {
                Ok(rec) => {
                    Outcome::success(report::render_text(&report::reconciliation_table(&rec)))
                }
                Err(d) => Outcome::bad_input(&[d]),
            }
        }
    }
}

/// The statements file, its model and the adjustments; or every problem
/// found in them, adjustment syntax errors included when the statements
/// file is broken too.
fn load_inputs(cli: &Cli) -> Result<(PathBuf, Statement, Vec<Adjustment>), Vec<Diagnostic>> {
    let path = load::find_statement(&cli.statements, cli.entity.as_deref()).map_err(|d| vec![d])?;
    match load::load_statement(&path) {
        Ok(statement) => {
            let adjustments = load::load_adjustments(&cli.adjustments, &statement)?;
            Ok((path, statement, adjustments))
        }
        Err(mut errors) => {
            errors.extend(load::parse_adjustments(&cli.adjustments).1);
            Err(errors)
        }
    }
}

/// `reconcile check`: the model ties out (the caller has made sure) and every
/// duration period reconciles; says what was checked.
fn check(
    path: &std::path::Path,
    statement: &Statement,
    adjustments: &[Adjustment],
    tie_out: &TieOut,
) -> Outcome {
    let durations: Vec<&Period> = statement
        .periods
        .iter()
        .filter(|p| p.is_duration())
        .collect();
    if let Err(d) = engine::reconcile(statement, adjustments, &durations) {
        return Outcome::bad_input(&[d]);
    }
    let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    Outcome::success(format!(
        "{path}: ties out\n\
         \x20 {lines} line items, {periods} periods ({durations} durations, {instants} instants)\n\
         \x20 {totals} reported totals foot\n\
         \x20 {balances} balance sheets balance\n\
         \x20 {eps} reported EPS figures tie to net income (loss) / weighted shares\n\
         \x20 {percentages} reported percentages recompute\n\
         {dir}: {count} adjustments ({ids}) reconcile in every duration period\n",
        path = path.display(),
        lines = statement.line_items.len(),
        periods = statement.periods.len(),
        durations = durations.len(),
        instants = statement.periods.len() - durations.len(),
        totals = tie_out.totals,
        balances = tie_out.balance_sheets,
        eps = tie_out.eps,
        percentages = tie_out.percentages,
        dir = cli_dir(adjustments),
        count = adjustments.len(),
        ids = ids.join(", "),
    ))
}

/// The folder the adjustments were read from, as the user named it.
fn cli_dir(adjustments: &[Adjustment]) -> String {
    adjustments
        .first()
        .and_then(|a| a.site.file.path().parent())
        .map_or_else(|| "adjustments".to_string(), |p| p.display().to_string())
}

/// The periods named on the command line, in that order, or every duration
/// period: shortest first (quarters, then year-to-date), most recent first.
pub fn choose_periods<'a>(
    statement: &'a Statement,
    spec: Option<&str>,
) -> Result<Vec<&'a Period>, Diagnostic> {
    let all = || {
        let mut periods: Vec<&Period> = statement
            .periods
            .iter()
            .filter(|p| p.is_duration())
            .collect();
        periods.sort_by(|a, b| {
            a.span
                .months()
                .cmp(&b.span.months())
                .then(b.span.end().cmp(&a.span.end()))
        });
        periods
    };
    let Some(spec) = spec else { return Ok(all()) };
    if spec.trim().eq_ignore_ascii_case("all") {
        return Ok(all());
    }
    let mut chosen: Vec<&Period> = Vec::new();
    for name in spec.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(
                Diagnostic::new(format!("empty period name in `--period {spec}`")).help(
                    "separate period names with single commas, such as --period Q3-2003,Q3-2002",
                ),
            );
        }
        if name.eq_ignore_ascii_case("all") {
            return Err(Diagnostic::new(format!(
                "`all` cannot be combined with other periods in `--period {spec}`"
            ))
            .help("use --period all on its own, or list the periods you want"));
        }
        let period = statement.resolve_period(name)?;
        if !period.is_duration() {
            return Err(Diagnostic::new(format!(
                "period {} is an instant (a balance sheet date)",
                period.id
            ))
            .help(format!(
                "a reconciliation of net income needs a duration period: {}",
                statement
                    .periods
                    .iter()
                    .filter(|p| p.is_duration())
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if !chosen.iter().any(|p| p.id == period.id) {
            chosen.push(period);
        }
    }
    if chosen.is_empty() {
        return Ok(all());
    }
    Ok(chosen)
}

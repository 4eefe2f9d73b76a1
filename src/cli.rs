//! The command line: arguments, the choice of periods, and the run of the
//! pipeline (load, tie out, reconcile, render) into an `Outcome` that the
//! binary writes out. Nothing here prints.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostic, render_all};
use crate::engine;
use crate::load;
use crate::model::{Adjustment, DEFAULT_MEASURES, NonGaapMeasure, Period, Statement};
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

    /// Measures to reconcile, comma-separated, in block order: revenue,
    /// gross-profit, costs-and-expenses, operating-expenses,
    /// operating-income, pretax-income, continuing-income, net-income, eps
    /// (basic and diluted), eps-basic, eps-diluted. Default: net-income,
    /// eps-diluted.
    #[arg(long, value_name = "MEASURES")]
    pub measure: Option<String>,

    /// The statements file, or a folder of them (one per entity).
    #[arg(long, global = true, default_value = "statements", value_name = "PATH")]
    pub statements: PathBuf,

    /// A folder of adjustment files; repeat it to add the adjustments of
    /// another folder (an example, say).
    #[arg(long, global = true, default_value = "adjustments", value_name = "DIR")]
    pub adjustments: Vec<PathBuf>,

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
        Some(Command::Check) => check(&path, &cli.adjustments, &statement, &adjustments, &tie_out),
        None => {
            let periods = match choose_periods(&statement, cli.period.as_deref()) {
                Ok(periods) => periods,
                Err(d) => return Outcome::bad_input(&[d]),
            };
            let measures = match cli.measure.as_deref() {
                Some(spec) => match NonGaapMeasure::parse_list(spec) {
                    Ok(measures) => measures,
                    Err(d) => return Outcome::bad_input(&[d]),
                },
                None => DEFAULT_MEASURES.to_vec(),
            };
            match engine::reconcile(&statement, &adjustments, &periods, &measures) {
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
            errors.extend(load::parse_adjustment_dirs(&cli.adjustments).1);
            Err(errors)
        }
    }
}

/// `reconcile check`: the model ties out (the caller has made sure) and every
/// duration period reconciles; says what was checked.
fn check(
    path: &std::path::Path,
    dirs: &[PathBuf],
    statement: &Statement,
    adjustments: &[Adjustment],
    tie_out: &TieOut,
) -> Outcome {
    let durations: Vec<&Period> = statement
        .periods
        .iter()
        .filter(|p| p.is_duration())
        .collect();
    let measures = [
        NonGaapMeasure::NetIncome,
        NonGaapMeasure::EpsBasic,
        NonGaapMeasure::EpsDiluted,
    ];
    if let Err(d) = engine::reconcile(statement, adjustments, &durations, &measures) {
        return Outcome::bad_input(&[d]);
    }
    let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let dirs: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    Outcome::success(format!(
        "{path}: ties out\n\
         \x20 {lines}, {periods} ({durations}, {instants})\n\
         \x20 {totals} foot\n\
         \x20 {balances} balance\n\
         \x20 {eps} tie to income available to common / weighted shares\n\
         \x20 {percentages} recompute\n\
         {dir}: {count} ({ids}) {verb} in every duration period\n",
        path = path.display(),
        lines = n(statement.line_items.len(), "line item", "line items"),
        periods = n(statement.periods.len(), "period", "periods"),
        durations = n(durations.len(), "duration", "durations"),
        instants = n(
            statement.periods.len() - durations.len(),
            "instant",
            "instants"
        ),
        totals = n(tie_out.totals, "reported total", "reported totals"),
        balances = n(tie_out.balance_sheets, "balance sheet", "balance sheets"),
        eps = n(tie_out.eps, "reported EPS figure", "reported EPS figures"),
        percentages = n(
            tie_out.percentages,
            "reported percentage",
            "reported percentages"
        ),
        dir = dirs.join(", "),
        count = n(adjustments.len(), "adjustment", "adjustments"),
        verb = if adjustments.len() == 1 {
            "reconciles"
        } else {
            "reconcile"
        },
        ids = ids.join(", "),
    ))
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

//! The command line: the arguments (clap), their checks, and the dispatch
//! of each command to its module in `command`, whose `Outcome` carries the
//! exit-code contract: 0 success, 1 findings, 2 bad input or usage.
//! Nothing here prints, and nothing in the library imports this module.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::command::{self, Options};
use crate::diagnostic::Diagnostic;
use crate::model::Units;
use crate::report::Format;

pub use crate::command::Outcome;
pub use crate::command::schema::SchemaFile;
/// Kept here for the callers that chose periods through the command line's
/// module before it moved to `periods`.
pub use crate::periods::choose_periods;

/// Reconciles non-GAAP measures to GAAP from declarative statement and
/// adjustment files.
#[derive(Debug, Clone, Parser)]
#[command(name = "reconcile", version = crate::version::LONG, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Periods, comma-separated, in column order: 9M2003, Q3-2003, 3Q2003,
    /// 2003Q3, Q1-FY2024, TTM-Q3-2003, ... or `all`. A duration the model
    /// does not report is derived from those it does (Q4 = year less nine
    /// months). Default: every duration period, most recent first.
    #[arg(long, global = true, value_name = "PERIODS")]
    pub period: Option<String>,

    /// Measures to reconcile, in block order; repeat the flag or separate
    /// with commas. Named: revenue, gross-profit, costs-and-expenses,
    /// operating-expenses, operating-income, pretax-income,
    /// continuing-income, net-income, eps (basic and diluted), eps-basic,
    /// eps-diluted, gross-margin, operating-margin, net-margin. Also any line
    /// item, ratio or declared measure id of the statements file, and
    /// `<measure id>-per-share` for a declared measure's per-share figure
    /// alone. Default: net-income, eps-diluted.
    #[arg(long, value_name = "MEASURES")]
    pub measure: Vec<String>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Units money is shown in; per-share figures and share counts are never
    /// scaled. Default: the statement model's own units.
    #[arg(long, global = true, value_enum)]
    pub units: Option<ShownUnits>,

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

    /// Run the command for every entity in DIR, in one process: each
    /// subfolder that holds --statements (a path inside the subfolder), with
    /// its --adjustments. Entities run in parallel; each one's output and
    /// errors are as if run alone, under its folder's name, in name order;
    /// the exit code is the worst of all.
    #[arg(long, global = true, value_name = "DIR")]
    pub entities: Option<PathBuf>,

    /// Judge by the SEC's rules as of this date (YYYY-MM-DD, or `today`)
    /// rather than the release's date (`lint` and `check`).
    #[arg(long, global = true, value_name = "DATE")]
    pub rules_as_of: Option<String>,

    /// Lint warnings fail the run (exit 1), for CI.
    #[arg(long, global = true)]
    pub deny_warnings: bool,

    /// `check` only: companyfacts JSON (data.sec.gov), a filing's XBRL
    /// instance or inline XBRL, or a folder of them, to tie every
    /// line that names a concept, the share counts and EPS to, each with
    /// the filed fact of the same period and units.
    #[arg(long, global = true, value_name = "FACTS")]
    pub against: Option<PathBuf>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Validate the statements and adjustments and tie the statements out,
    /// without printing a reconciliation.
    Check,
    /// Print the release's own tables from the statement model: statement
    /// of operations, balance sheet and highlights.
    Statements,
    /// Print the adjusted statement of operations of each period as a
    /// matrix: lines down; GAAP, each adjustment, income tax and non-GAAP
    /// across; per-share rows below.
    Matrix,
    /// Reconcile a measure reported by segment: for each segment its GAAP
    /// figure, the adjustments allocated to it and its non-GAAP figure; then
    /// the consolidated total, which the segments sum to.
    Segments,
    /// Create a data repository for a new company in DIR (default: here):
    /// a commented statements skeleton that passes `check`, an example
    /// adjustment, a README, a .gitignore and CI jobs. Never overwrites a file.
    Init {
        /// The folder to create the files in.
        dir: Option<PathBuf>,
        /// The entity's file name (statements/<entity>.toml).
        #[arg(long = "entity-name", default_value = "company")]
        name: String,
        /// Month and day the fiscal year ends, MM-DD.
        #[arg(long, default_value = "12-31")]
        fiscal_year_end: String,
    },
    /// Write every figure the model produces (reconciliations, measures,
    /// the matrix and the statement tables of every period), one per line,
    /// to reconciled/figures.txt, to be committed: a pull request's diff then
    /// shows each figure that moved. With --check, exit 1 when the committed
    /// figures are stale, listing those that moved, or hold a merge's
    /// conflict markers or a figure written twice.
    Snapshot {
        /// Compare with the committed figures instead of writing them.
        #[arg(long)]
        check: bool,
        /// The folder the figures are written to.
        #[arg(long, default_value = "reconciled", value_name = "DIR")]
        out: PathBuf,
    },
    /// Compare the figures of two revisions of the data repository (git):
    /// REV against the working tree, or REV against REV2. Every figure that
    /// moved, old -> new, with the changed lines of the files that moved it;
    /// first, when either side does not tie out, each side's findings.
    /// Exit 0 when nothing moved and both tie out, 1 when figures moved or a
    /// side does not tie out, 2 when a side cannot be read.
    Diff {
        /// The revision to compare from (a commit, branch or tag).
        rev: String,
        /// The revision to compare to; the working tree when absent.
        rev2: Option<String>,
    },
    /// List the measures the model declares, with their definitions.
    Measures,
    /// Print the release's outlook: each forward period's guidance
    /// reconciled from GAAP to non-GAAP, a low and a high column (`--period`
    /// chooses forward periods by id).
    Outlook,
    /// How a measure's figures are computed in each chosen period, every
    /// input with the file and line it is written at: `reconcile explain
    /// --period 9M2003 net-income`.
    Explain {
        /// The measure, as --measure names it (net-income, a line id, a
        /// declared measure).
        measure: String,
    },
    /// Tie every figure of the release's narrative (plain text or
    /// Markdown) to the model at the text's own rounding: "$3.2 million"
    /// ties 3,195 thousand. Figures the tables do not hold tie to memo facts
    /// (`[[memo]]` in the statements file). Lists each figure that does not
    /// tie with the nearest candidates (exit 1), and warns of a non-GAAP
    /// figure with no GAAP counterpart before it (C&DI 102.10).
    Prose {
        /// The narrative: plain text or Markdown.
        file: PathBuf,
    },
    /// Check the SEC's non-GAAP rules as they stood on the release's date
    /// (`[entity] release_date`): located, cited findings. Warnings print
    /// and exit 0; errors exit 1.
    Lint,
    /// Write a statements file from a company's filed XBRL facts (the SEC's
    /// companyfacts JSON, or the filings' instance documents): the income statement's lines with their
    /// concepts, the last quarters filed and their fiscal years, share
    /// counts and EPS, each value's filing beside it. An existing file is
    /// never overwritten: the values it lacks are filled, and a value that
    /// differs stops the import unless --prefer says which to keep.
    Import {
        /// companyfacts JSON (data.sec.gov/api/xbrl/companyfacts/CIK##########.json), a
        /// filing's XBRL instance (.xml) or inline XBRL (.htm), or a folder of them.
        facts: PathBuf,
        /// How many quarters, the most recent filed (a fourth quarter is
        /// the fiscal year less nine months), with the fiscal years they close.
        #[arg(long, default_value_t = 8)]
        quarters: usize,
        /// Where the file and the filing differ: keep the `filed` figure or
        /// the `file`'s.
        #[arg(long, value_enum)]
        prefer: Option<crate::import::Prefer>,
    },
    /// Print the JSON Schema of a statements or an adjustment file, for an
    /// editor's completion and hover docs (taplo, Even Better TOML): the
    /// files in schemas/ are its output. With `--format markdown`, the
    /// file-format reference written from it (docs/reference/).
    Schema {
        /// Which file's schema.
        #[arg(value_enum)]
        file: SchemaFile,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned like the release.
    Text,
    /// A pipe table for a pull request.
    Markdown,
    /// Plain numbers for a spreadsheet.
    Csv,
    /// Exact and rounded figures for programs (see README.md).
    Json,
    /// One self-contained HTML document for an EDGAR exhibit (see README.md).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShownUnits {
    Thousands,
    Millions,
}

/// Runs the command the arguments describe.
pub fn run(cli: &Cli) -> Outcome {
    if let Some(dir) = &cli.entities {
        return run_entities(cli, dir);
    }
    let checking = matches!(cli.command, Some(Command::Check | Command::Lint));
    if checking
        && matches!(
            cli.format,
            OutputFormat::Markdown | OutputFormat::Csv | OutputFormat::Html
        )
    {
        return Outcome::bad_input(&[Diagnostic::new(
            "`check` and `lint` print text or json, not a table",
        )
        .help("use --format text (the default) or --format json")]);
    }
    // Commands whose output is not a table take no --format.
    let plain = match &cli.command {
        Some(Command::Init { .. }) => Some(("init", "text")),
        Some(Command::Snapshot { .. }) => Some(("snapshot", "text")),
        Some(Command::Measures) => Some(("measures", "text")),
        Some(Command::Prose { .. }) => Some(("prose", "text")),
        Some(Command::Schema { .. })
            if !matches!(cli.format, OutputFormat::Text | OutputFormat::Markdown) =>
        {
            return Outcome::bad_input(&[Diagnostic::new(
                "`schema` prints a JSON Schema, or with --format markdown the file-format reference",
            )
            .help("leave out --format, or write --format markdown")]);
        }
        Some(Command::Import { .. }) => Some(("import", "text")),
        _ => None,
    };
    if let Some((command, output)) = plain
        && cli.format != OutputFormat::Text
    {
        return Outcome::bad_input(&[Diagnostic::new(format!(
            "`{command}` prints {output} only; it has no --format"
        ))
        .help("leave out --format")]);
    }
    if cli.against.is_some() && !matches!(cli.command, Some(Command::Check)) {
        return Outcome::bad_input(&[Diagnostic::new(
            "--against ties a model to filed facts in `check` only",
        )
        .help("run `reconcile check --against FACTS`")]);
    }
    let outcome = run_command(cli);
    if checking && cli.format == OutputFormat::Json {
        return command::check::json(outcome);
    }
    outcome
}

/// `--entities DIR`: the command run for each entity folder in DIR, as if
/// run alone with its statements and adjustments; in parallel on the
/// run's threads, reported in name order under a `== name ==` line (its
/// errors on standard error under the same line); the worst exit code.
fn run_entities(cli: &Cli, dir: &std::path::Path) -> Outcome {
    let one = match &cli.command {
        Some(Command::Init { .. }) => Some("init"),
        Some(Command::Import { .. }) => Some("import"),
        Some(Command::Schema { .. }) => Some("schema"),
        Some(Command::Diff { .. }) => Some("diff"),
        Some(Command::Prose { .. }) => Some("prose"),
        _ => None,
    };
    if let Some(command) = one {
        return Outcome::bad_input(&[Diagnostic::new(format!(
            "`{command}` works on one entity; --entities runs check, lint, snapshot and the tables"
        ))
        .help(format!(
            "run `reconcile {command}` in the entity's folder, without --entities"
        ))]);
    }
    if cli.format != OutputFormat::Text {
        return Outcome::bad_input(&[Diagnostic::new(
            "--entities prints each entity's text under its name; it takes no --format",
        )
        .help("leave out --format, or run each entity alone for another format")]);
    }
    command::entities::run(dir, &cli.statements, |folder| {
        let mut alone = cli.clone();
        alone.entities = None;
        alone.statements = folder.join(&cli.statements);
        alone.adjustments = cli.adjustments.iter().map(|a| folder.join(a)).collect();
        if let Some(Command::Snapshot { out, .. }) = &mut alone.command {
            *out = folder.join(&*out);
        }
        // Text only: the figures compared serve `--format json`, so each
        // entity's are let go rather than held until all have run.
        let mut outcome = run(&alone);
        outcome.figures = Vec::new();
        outcome
    })
}

/// The options every command may read, from the arguments.
fn options(cli: &Cli) -> Options {
    Options {
        statements: cli.statements.clone(),
        adjustments: cli.adjustments.clone(),
        entity: cli.entity.clone(),
        period: cli.period.clone(),
        measure: cli.measure.clone(),
        format: match cli.format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Json => Format::Json,
            OutputFormat::Html => Format::Html,
        },
        units: cli.units.map(|u| match u {
            ShownUnits::Thousands => Units::Thousands,
            ShownUnits::Millions => Units::Millions,
        }),
        rules_as_of: cli.rules_as_of.clone(),
        deny_warnings: cli.deny_warnings,
        against: cli.against.clone(),
    }
}

/// Each command to its module.
fn run_command(cli: &Cli) -> Outcome {
    let opts = &options(cli);
    match &cli.command {
        None => command::reconcile::run(opts),
        Some(Command::Check) => command::check::run(opts),
        Some(Command::Statements) => command::statements::run(opts),
        Some(Command::Matrix) => command::matrix::run(opts),
        Some(Command::Segments) => command::segments::run(opts),
        Some(Command::Init {
            dir,
            name,
            fiscal_year_end,
        }) => command::init::run(opts, dir.as_deref(), name, fiscal_year_end),
        Some(Command::Snapshot { check, out }) => command::snapshot::run(opts, *check, out),
        Some(Command::Diff { rev, rev2 }) => command::diff::run(opts, rev, rev2.as_deref()),
        Some(Command::Measures) => command::measures::run(opts),
        Some(Command::Outlook) => command::outlook::run(opts),
        Some(Command::Explain { measure }) => command::explain::run(opts, measure),
        Some(Command::Prose { file }) => command::prose::run(opts, file),
        Some(Command::Lint) => command::lint::run(opts),
        Some(Command::Import {
            facts,
            quarters,
            prefer,
        }) => command::import::run(opts, facts, *quarters, *prefer),
        Some(Command::Schema { file }) => {
            command::schema::run(*file, cli.format == OutputFormat::Markdown)
        }
    }
}

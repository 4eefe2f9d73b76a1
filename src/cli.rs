//! The command line: arguments, the choice of periods, and the run of the
//! pipeline (load, tie out, reconcile, render) into an `Outcome` that the
//! binary writes out. Nothing here prints.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, render_all};
use crate::engine;
use crate::lint;
use crate::load;
use crate::model::{Adjustment, DEFAULT_MEASURES, NonGaapMeasure, Period, Statement, Units};
use crate::published;
use crate::report::{self, Format, Scale};
use crate::tieout::{self, TieOut};
use crate::view;

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

/// The files `reconcile schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// statements/<entity>.toml
    Statements,
    /// adjustments/<id>.toml
    Adjustment,
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
    fn success(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            code: 0,
            diagnostics: Vec::new(),
            figures: Vec::new(),
        }
    }

    fn bad_input(diagnostics: &[Diagnostic]) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: render_all(diagnostics, "errors"),
            code: 2,
            diagnostics: diagnostics.to_vec(),
            figures: Vec::new(),
        }
    }

    fn findings(diagnostics: &[Diagnostic]) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: render_all(diagnostics, "findings"),
            code: 1,
            diagnostics: diagnostics.to_vec(),
            figures: Vec::new(),
        }
    }
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
        return check_json(outcome);
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
    let mut entities: Vec<(String, PathBuf)> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.join(&cli.statements).exists())
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?.to_string();
                (!name.starts_with('.')).then_some((name, p))
            })
            .collect(),
        Err(e) => {
            return Outcome::bad_input(&[Diagnostic::in_file(
                dir,
                format!("cannot read the entities folder: {}", load::io_reason(&e)),
            )
            .help("--entities names a folder with one subfolder per entity")]);
        }
    };
    if entities.is_empty() {
        return Outcome::bad_input(&[Diagnostic::in_file(
            dir,
            format!(
                "no subfolder here holds `{}`: no entity to run",
                cli.statements.display()
            ),
        )
        .help("give each entity a folder of its own with its statements and adjustments in it")]);
    }
    entities.sort();
    // Each entity's run is independent: spread over the run's threads
    // (one where no thread can be started), kept in name order.
    use rayon::prelude::*;
    let outcomes: Vec<Outcome> = entities
        .par_iter()
        .map(|(_, folder)| {
            let mut alone = cli.clone();
            alone.entities = None;
            alone.statements = folder.join(&cli.statements);
            alone.adjustments = cli.adjustments.iter().map(|a| folder.join(a)).collect();
            if let Some(Command::Snapshot { out, .. }) = &mut alone.command {
                *out = folder.join(&*out);
            }
            run(&alone)
        })
        .collect();
    let mut all = Outcome::success(String::new());
    for ((name, _), outcome) in entities.iter().zip(outcomes) {
        // Every entity's name on standard output; on standard error, those
        // with something to say.
        for (into, text, always) in [
            (&mut all.stdout, &outcome.stdout, true),
            (&mut all.stderr, &outcome.stderr, false),
        ] {
            if text.is_empty() && !always {
                continue;
            }
            into.push_str(&format!("== {name} ==\n{text}"));
            if !text.is_empty() && !text.ends_with('\n') {
                into.push('\n');
            }
        }
        all.code = all.code.max(outcome.code);
        all.diagnostics.extend(outcome.diagnostics);
        all.figures.extend(outcome.figures);
    }
    all
}

/// `check --format json`: every diagnostic with its file, line, column,
/// rule and period, for a CI system to annotate a pull request.
fn check_json(outcome: Outcome) -> Outcome {
    let status = match outcome.code {
        0 => "ties out",
        1 => "findings",
        _ => "errors",
    };
    let value = serde_json::json!({
        "schema_version": 2,
        "reconcile": crate::version::json(),
        "status": status,
        "exit": outcome.code,
        "report": if outcome.code == 0 { Some(outcome.stdout.clone()) } else { None },
        "diagnostics": outcome.diagnostics.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        "figures": outcome.figures.iter().map(crate::tieout::Checked::to_json).collect::<Vec<_>>(),
    });
    Outcome {
        stdout: format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ),
        stderr: String::new(),
        code: outcome.code,
        diagnostics: Vec::new(),
        figures: Vec::new(),
    }
}

/// `reconcile init`: writes the skeleton's files that do not exist yet.
fn init(cli: &Cli, dir: Option<&std::path::Path>, name: &str, fiscal_year_end: &str) -> Outcome {
    let entity = cli.entity.as_deref().unwrap_or(name).trim().to_string();
    if entity.is_empty()
        || !entity
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Outcome::bad_input(&[Diagnostic::new(format!(
            "--entity `{entity}` is not a file name"
        ))
        .help("use letters, digits, `_` and `-`, such as --entity acme")]);
    }
    let fiscal_year_end = fiscal_year_end
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
        .filter(|&(m, d)| {
            (1..=12).contains(&m) && d >= 1 && d <= crate::raw::days_in_month(2001, m)
        });
    let Some(fiscal_year_end) = fiscal_year_end else {
        return Outcome::bad_input(&[Diagnostic::new(
            "--fiscal-year-end is not a month and day",
        )
        .help("write the last day of the fiscal year as MM-DD, such as --fiscal-year-end 06-30")]);
    };
    let units = match cli.units {
        Some(ShownUnits::Millions) => Units::Millions,
        Some(ShownUnits::Thousands) | None => Units::Thousands,
    };
    let options = crate::init::Options {
        entity,
        fiscal_year_end,
        units,
        today: today(),
    };
    let root = dir.unwrap_or(std::path::Path::new("."));
    let files = crate::init::files(&options);
    // The committed figures of the skeleton, so `snapshot --check` passes
    // from the first commit.
    let figures_path = std::path::PathBuf::from("reconciled/figures.txt");
    let mut planned: Vec<&std::path::Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    planned.push(&figures_path);
    // Every conflict found before anything is written: init writes all it
    // can, or nothing.
    let (fresh, kept) = match init_plan(root, &planned) {
        Ok(plan) => plan,
        Err(conflicts) => return Outcome::bad_input(&conflicts),
    };
    let mut written = Vec::new();
    for (path, text) in &files {
        let target = root.join(path);
        if !fresh.contains(&target) {
            continue;
        }
        let made = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
            })
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
        if let Err(e) = made {
            return Outcome::bad_input(&[Diagnostic::in_file(
                &target,
                format!("cannot write this file: {e}"),
            )
            .note(init_written_so_far(&written))]);
        }
        written.push(target);
    }
    let figures_path = root.join(&figures_path);
    if fresh.contains(&figures_path) {
        let statements = root
            .join("statements")
            .join(format!("{}.toml", options.entity));
        if let Ok(statement) = load::load_statement(&statements) {
            let out = snapshot(
                &statement,
                &[],
                &engine::Adjuster::new(&statement, &[]),
                false,
                &root.join("reconciled"),
                "reconcile snapshot",
            );
            if out.code == 0 {
                written.push(figures_path);
            }
        }
    }
    let mut stdout = String::new();
    for path in &written {
        stdout.push_str(&format!("created {}\n", path.display()));
    }
    for path in &kept {
        stdout.push_str(&format!("left alone {} (it exists)\n", path.display()));
    }
    stdout.push_str(&format!(
        "next: transcribe the release into statements/{}.toml and run `reconcile check`\n",
        options.entity
    ));
    Outcome::success(stdout)
}

/// What `init` will write under `root` and what it leaves alone (a file
/// already there), or every conflict that stops it: a file where one of
/// its folders should be, a folder where one of its files should be. Only
/// looks: nothing is written.
type InitPlan = (Vec<std::path::PathBuf>, Vec<std::path::PathBuf>);

fn init_plan(
    root: &std::path::Path,
    paths: &[&std::path::Path],
) -> Result<InitPlan, Vec<Diagnostic>> {
    let mut fresh = Vec::new();
    let mut kept = Vec::new();
    let mut conflicts: Vec<Diagnostic> = Vec::new();
    let mut blocked: Vec<std::path::PathBuf> = Vec::new();
    for path in paths {
        let target = root.join(path);
        // Each folder on the way, the root first: a file in its place
        // blocks every file init would write inside it (reported once).
        let folders: Vec<std::path::PathBuf> = std::iter::once(root.to_path_buf())
            .chain(
                path.ancestors()
                    .skip(1)
                    .filter(|a| !a.as_os_str().is_empty())
                    .map(|a| root.join(a))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev(),
            )
            .collect();
        let in_the_way = folders
            .into_iter()
            .find(|f| (f.exists() || f.is_symlink()) && !f.is_dir());
        if let Some(folder) = in_the_way {
            if !blocked.contains(&folder) {
                conflicts.push(
                    Diagnostic::in_file(&folder, "a file is where `reconcile init` needs a folder")
                        .note(format!("init writes {} inside it", target.display()))
                        .help(format!(
                            "move or rename {} and run `reconcile init` again; nothing has been written",
                            folder.display()
                        )),
                );
                blocked.push(folder);
            }
        } else if target.is_dir() {
            conflicts.push(
                Diagnostic::in_file(&target, "a folder is where `reconcile init` writes a file")
                    .help(format!(
                        "move or rename the folder {} and run `reconcile init` again; nothing has been written",
                        target.display()
                    )),
            );
        } else if target.exists() || target.is_symlink() {
            kept.push(target);
        } else {
            fresh.push(target);
        }
    }
    if conflicts.is_empty() {
        Ok((fresh, kept))
    } else {
        Err(conflicts)
    }
}

/// The note of a write that failed part way: what was written before it.
fn init_written_so_far(written: &[std::path::PathBuf]) -> String {
    if written.is_empty() {
        "nothing was written".to_string()
    } else {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        format!("written before it: {}", names.join(", "))
    }
}

fn run_command(cli: &Cli) -> Outcome {
    if let Some(Command::Diff { rev, rev2 }) = &cli.command {
        return crate::diff::run(cli, rev, rev2.as_deref());
    }
    if let Some(Command::Schema { file }) = cli.command {
        let markdown = cli.format == OutputFormat::Markdown;
        return Outcome::success(match (file, markdown) {
            (SchemaFile::Statements, false) => crate::schema::statements(),
            (SchemaFile::Adjustment, false) => crate::schema::adjustment(),
            (SchemaFile::Statements, true) => crate::reference::statements(),
            (SchemaFile::Adjustment, true) => crate::reference::adjustment(),
        });
    }
    if let Some(Command::Init {
        dir,
        name,
        fiscal_year_end,
    }) = &cli.command
    {
        return init(cli, dir.as_deref(), name, fiscal_year_end);
    }
    if let Some(Command::Import {
        facts,
        quarters,
        prefer,
    }) = &cli.command
    {
        let done = crate::import::run(
            facts,
            &cli.statements,
            cli.entity.as_deref(),
            *quarters,
            *prefer,
        );
        if !done.errors.is_empty() {
            return Outcome::bad_input(&done.errors);
        }
        if !done.findings.is_empty() {
            return Outcome::findings(&done.findings);
        }
        return Outcome::success(done.stdout);
    }
    let (path, mut statement, adjustments) = match load_inputs(cli) {
        Ok(inputs) => inputs,
        Err(diagnostics) => return Outcome::bad_input(&diagnostics),
    };
    if let Some(Command::Lint) = cli.command {
        return lint_command(cli, &path, &statement, &adjustments);
    }
    if let Some(Command::Prose { file }) = &cli.command {
        return prose_command(cli, &path, &statement, &adjustments, file);
    }
    // The adjusted statement of this model, built once for all that reads it.
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    let TieOutReport {
        tie_out,
        published,
        findings,
        warnings,
        allowed,
        known,
        checked,
    } = match tie_out_model(
        cli,
        &statement,
        &adjustments,
        &adjuster,
        matches!(cli.command, Some(Command::Check)),
        // The release's own tables are GAAP only: the published non-GAAP
        // figures need the adjustments, which that command does not load.
        !matches!(cli.command, Some(Command::Statements)),
    ) {
        Ok(report) => report,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    // `check` and the release's own tables report every finding at once; a
    // reconciliation withholds only what the findings touch (the matrix:
    // the periods with findings).
    let reconciling = matches!(cli.command, None | Some(Command::Matrix));
    let unplaced = |f: &Diagnostic| {
        f.period().is_none()
            && !(cli.command.is_none()
                && matches!(
                    f.subject(),
                    Some(crate::diagnostic::Subject::Adjustments(_))
                ))
    };
    if !findings.is_empty() && (!reconciling || findings.iter().any(unplaced)) {
        let mut outcome = Outcome::findings(&findings);
        if let Some(Command::Check) = cli.command {
            outcome.figures = checked;
        }
        return outcome;
    }
    if let Some(Command::Explain { measure }) = &cli.command {
        let chosen = match choose_periods(&mut statement, cli.period.as_deref()) {
            Ok(chosen) => chosen,
            Err(d) => return Outcome::bad_input(&[d]),
        };
        let explained = match cli.format {
            OutputFormat::Json => {
                crate::explain::explain_json(&statement, &adjustments, &chosen, measure)
            }
            OutputFormat::Text => {
                crate::explain::explain(&statement, &adjustments, &chosen, measure)
            }
            OutputFormat::Markdown | OutputFormat::Csv | OutputFormat::Html => {
                return Outcome::bad_input(&[Diagnostic::new(
                    "`explain` prints text or json, not a table",
                )
                .help("use --format text (the default) or --format json")]);
            }
        };
        return match explained {
            Ok(text) => Outcome::success(text),
            Err(d) => Outcome::bad_input(&[d.with_instead(|m| {
                let period = cli
                    .period
                    .as_deref()
                    .map(|p| format!("--period {} ", shell_word(p)))
                    .unwrap_or_default();
                format!("explain the per-share basis it prints (`reconcile explain {period}{m}`)")
            })]),
        };
    }
    if let Some(Command::Measures) = cli.command {
        return Outcome::success(list_measures(&statement));
    }
    if let Some(Command::Outlook) = cli.command {
        return outlook_command(cli, &statement, &adjustments);
    }
    if let Some(Command::Snapshot { check, out }) = &cli.command {
        return snapshot(
            &statement,
            &adjustments,
            &adjuster,
            *check,
            out,
            &snapshot_command(cli, out),
        );
    }
    if let Some(Command::Check) = cli.command {
        let mut outcome = check(
            &path,
            &cli.adjustments,
            &statement,
            &adjustments,
            &adjuster,
            &tie_out,
            &published,
        );
        if outcome.code == 0 {
            outcome.figures = checked;
            for known in &known {
                outcome.stdout.push_str(&format!(
                    "  known difference, as the release prints it: {known}\n"
                ));
            }
            for allowed in &allowed {
                outcome.stdout.push_str(&format!("  allowed: {allowed}\n"));
            }
            outcome
                .stdout
                .push_str(&outlook_summary(&statement, &adjustments));
            let mut warnings = warnings;
            warnings.extend(crate::xbrl::duplicate_concepts(&statement));
            warnings.extend(crate::xbrl::standard_lines_without_concepts(&statement));
            if let Some(facts) = &cli.against {
                match crate::xbrl::read_facts(facts) {
                    Err(d) => return Outcome::bad_input(&[d]),
                    Ok(filed) => {
                        let against = crate::xbrl::check_against(&statement, &filed);
                        if !against.differences.is_empty() {
                            return Outcome::findings(&against.differences);
                        }
                        outcome.stdout.push_str(&against.summary(facts));
                    }
                }
            }
            if !warnings.is_empty() {
                outcome.stderr = render_all(&warnings, "warnings");
                outcome.diagnostics = warnings;
            }
        }
        return outcome;
    }
    let chosen = match choose_periods(&mut statement, cli.period.as_deref()) {
        Ok(chosen) => chosen,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    // Naming a period may derive one: the model's adjusted statement anew.
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    // The matrix and the release's statement tables are of flows: a
    // balance-sheet date is a column only of a reconciliation.
    if matches!(
        cli.command,
        Some(Command::Matrix | Command::Statements | Command::Segments)
    ) && let Some(&instant) = chosen
        .iter()
        .find(|&&p| !statement.periods[p].is_duration())
    {
        let durations: Vec<&str> = statement
            .periods
            .iter()
            .filter(|p| p.is_duration())
            .map(|p| p.id.as_str())
            .collect();
        return Outcome::bad_input(&[Diagnostic::at(
            &statement.periods[instant].site,
            format!(
                "period {} is an instant (a balance sheet date)",
                statement.periods[instant].id
            ),
        )
        .help(format!(
            "this table's columns are duration periods: {}",
            durations.join(", ")
        ))]);
    }
    // The matrix withholds every period a finding reaches; a reconciliation
    // the periods a finding about the whole period reaches, and below, the
    // blocks the others touch.
    let mut withheld: Vec<usize> = match cli.command {
        None => crate::withhold::whole_periods(&statement, &chosen, &findings),
        _ => chosen
            .iter()
            .copied()
            .filter(|&p| {
                findings
                    .iter()
                    .any(|f| crate::withhold::reaches(&statement, p, f))
            })
            .collect(),
    };
    let mut chosen: Vec<usize> = chosen
        .into_iter()
        .filter(|i| !withheld.contains(i))
        .collect();
    if !findings.is_empty() && chosen.is_empty() {
        return Outcome::findings(&findings);
    }
    // A reconciliation shows no published figure that does not tie, and
    // withholds the blocks the findings touch; a period all of whose blocks
    // are withheld is withheld whole.
    let (shown_statement, shown_adjustments) =
        crate::withhold::without_untied(&statement, &adjustments, &findings);
    let mut withheld_blocks: Vec<(usize, String, Vec<usize>)> = Vec::new();
    let periods: Vec<&Period> = chosen.iter().map(|&i| &statement.periods[i]).collect();
    if !cli.measure.is_empty() && matches!(cli.command, Some(Command::Matrix)) {
        return Outcome::bad_input(&[Diagnostic::new(
            "--measure chooses the blocks of a reconciliation; the matrix shows every line",
        )
        .help("leave out --measure, or run `reconcile --measure ...` without `matrix`")]);
    }
    let (format, units, scale) = presentation(cli, &statement);
    let tables = match cli.command {
        Some(Command::Statements) => report::statement_tables(&statement, &periods, units),
        Some(Command::Segments) => segment_tables(cli, &statement, &adjustments, &chosen, scale),
        Some(Command::Matrix) => chosen
            .iter()
            .map(|&p| {
                let adjusted = adjuster.adjust(&[p])?;
                let matrix = view::matrix(&statement, &adjusted)?;
                Ok(report::matrix_table(&matrix, scale))
            })
            .collect::<Result<Vec<_>, Diagnostic>>(),
        _ => {
            let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
            let covers: Vec<Vec<String>> = adjustments.iter().map(covered_ids).collect();
            let covers: Vec<&[String]> = covers.iter().map(Vec::as_slice).collect();
            let claimed = crate::model::claimed(&statement, &ids, &covers);
            let release = crate::model::release_measures(&statement, &claimed);
            let measures = if let (true, Ok(Some(release))) = (cli.measure.is_empty(), &release) {
                // The measures the release publishes, in its order.
                Ok(release.clone())
            } else if let (true, Err(d)) = (cli.measure.is_empty(), &release) {
                Err(d.clone())
            } else if cli.measure.is_empty() {
                // A release that prints basic EPS only reconciles basic EPS.
                let diluted = chosen.iter().any(|&i| {
                    statement.periods[i]
                        .shares
                        .as_ref()
                        .is_some_and(|s| s.diluted.is_some())
                });
                let basic = chosen.iter().any(|&i| {
                    statement.periods[i]
                        .shares
                        .as_ref()
                        .is_some_and(|s| s.basic.is_some())
                });
                Ok(if !diluted && basic {
                    vec![NonGaapMeasure::NetIncome, NonGaapMeasure::EpsBasic]
                } else {
                    DEFAULT_MEASURES.to_vec()
                })
            } else {
                NonGaapMeasure::parse_list(&cli.measure, &statement)
            };
            measures
                .and_then(|measures| {
                    if adjustments.is_empty() {
                        return Err(no_adjustments(&cli.adjustments));
                    }
                    let rec = |chosen: &[usize]| {
                        view::reconcile(&shown_statement, &shown_adjustments, chosen, &measures)
                            .map_err(|d| {
                                d.with_instead(|m| {
                                    format!(
                                        "reconcile the per-share basis it prints (--measure {m})"
                                    )
                                })
                            })
                    };
                    let mut reconciled = rec(&chosen)?;
                    if !findings.is_empty() {
                        withheld_blocks = crate::withhold::blocks(
                            &statement,
                            &adjustments,
                            &adjuster,
                            &reconciled,
                            &chosen,
                            &findings,
                        );
                        let whole: Vec<usize> = chosen
                            .iter()
                            .copied()
                            .filter(|&p| {
                                withheld_blocks.iter().filter(|(q, _, _)| *q == p).count()
                                    == reconciled.blocks.len()
                            })
                            .collect();
                        if !whole.is_empty() {
                            withheld_blocks.retain(|(p, _, _)| !whole.contains(p));
                            chosen.retain(|p| !whole.contains(p));
                            withheld.extend(whole);
                            if chosen.is_empty() {
                                return Ok(None);
                            }
                            reconciled = rec(&chosen)?;
                        }
                    }
                    Ok(Some(reconciled))
                })
                .map(|rec| match rec {
                    Some(rec) => {
                        let mut table = report::reconciliation_table(&rec, scale);
                        crate::withhold::mark(
                            &mut table,
                            &statement,
                            &withheld_blocks,
                            &chosen,
                            &findings,
                        );
                        vec![table]
                    }
                    None => Vec::new(),
                })
        }
    };
    // An exception to the SEC's rules that the files allow is printed with
    // the tables, never silent.
    let tables = tables.map(|mut tables| {
        if let Ok((as_of, _)) = rules_date(cli, &statement) {
            let allowed = lint::run_with(&statement, &adjustments, as_of, &adjuster).allowed;
            for table in &mut tables {
                table.notes.extend(allowed.iter().map(|a| {
                    format!(
                        "Allowed under the {}'s rules: {a}.",
                        statement.entity.regulator.name()
                    )
                }));
            }
        }
        tables
    });
    if matches!(&tables, Ok(t) if t.is_empty()) && !findings.is_empty() {
        return Outcome::findings(&findings);
    }
    // The exhibit in HTML: the release's own tables, then the
    // reconciliation.
    let tables = if cli.command.is_none() && format == Format::Html {
        tables
            .and_then(|reconciliation| exhibit_tables(&statement, &periods, units, reconciliation))
    } else {
        tables
    };
    let outcome = match tables.and_then(|tables| report::check_scale(&tables).map(|()| tables)) {
        Ok(tables) => Outcome::success(report::render(&tables, format)),
        Err(d) => Outcome::bad_input(&[d]),
    };
    if findings.is_empty() || outcome.code != 0 {
        return outcome;
    }
    // What ties is printed; what the findings touch is named, with why.
    let ids: Vec<&str> = withheld
        .iter()
        .map(|&i| statement.periods[i].id.as_str())
        .collect();
    let mut stderr = render_all(&findings, "findings");
    if !ids.is_empty() {
        stderr.push_str(&format!(
            "\nnote: {} withheld because of the findings above: {}; the other periods are printed\n",
            if ids.len() == 1 { "period" } else { "periods" },
            ids.join(", ")
        ));
    }
    if !withheld_blocks.is_empty() {
        let mut by_period: Vec<(usize, Vec<&str>)> = Vec::new();
        for (p, id, _) in &withheld_blocks {
            match by_period.iter_mut().find(|(q, _)| q == p) {
                Some((_, ids)) => ids.push(id),
                None => by_period.push((*p, vec![id])),
            }
        }
        let list: Vec<String> = by_period
            .iter()
            .map(|(p, ids)| format!("{} {}", statement.periods[*p].id, ids.join(", ")))
            .collect();
        stderr.push_str(&format!(
            "\nnote: withheld because of the findings above: {}; every other figure is printed\n",
            list.join("; ")
        ));
    }
    // A finding of a printed period (or a derived period's source), not
    // of a balance-sheet date an average reads.
    let printed = |f: &Diagnostic| {
        chosen.iter().any(|&p| {
            crate::withhold::reaches(&statement, p, f)
                && (f.period().is_none()
                    || f.period() == Some(statement.periods[p].id.as_str())
                    || statement.periods[p].derived.is_some())
        })
    };
    let published = |f: &Diagnostic| f.subject() == Some(&crate::diagnostic::Subject::Published);
    if ids.is_empty() && withheld_blocks.is_empty() {
        stderr.push_str(if findings.iter().any(|f| printed(f) && published(f)) {
            "\nnote: the findings above withhold no figure printed (a published figure that does not tie leaves the computed one standing, noted under the table); every figure printed ties\n"
        } else if findings.iter().any(printed) {
            "\nnote: the findings above touch no figure printed; every figure printed ties\n"
        } else {
            "\nnote: the findings above concern periods that are not printed; every period printed ties\n"
        });
    }
    Outcome {
        stdout: outcome.stdout,
        stderr,
        code: 1,
        diagnostics: findings,
        figures: Vec::new(),
    }
}

/// The tables of an exhibit: the statements of the chosen duration
/// periods, then `reconciliation`.
fn exhibit_tables(
    statement: &Statement,
    periods: &[&Period],
    units: Option<Units>,
    reconciliation: Vec<report::Table>,
) -> Result<Vec<report::Table>, Diagnostic> {
    let durations: Vec<&Period> = periods
        .iter()
        .copied()
        .filter(|p| p.is_duration())
        .collect();
    let mut tables = if durations.is_empty() {
        Vec::new()
    } else {
        report::statement_tables(statement, &durations, units)?
    };
    tables.extend(reconciliation);
    Ok(tables)
}

/// `reconcile prose FILE`: each figure of the narrative tied, or listed
/// with the nearest candidates (exit 1); prominence warnings.
fn prose_command(
    cli: &Cli,
    path: &std::path::Path,
    statement: &Statement,
    adjustments: &[Adjustment],
    file: &std::path::Path,
) -> Outcome {
    match crate::prose::run(path, statement, adjustments, file, cli.deny_warnings) {
        Ok((stdout, findings, warnings)) => {
            let mut stderr = String::new();
            if !findings.is_empty() {
                stderr.push_str(&render_all(&findings, "findings"));
            }
            if !warnings.is_empty() {
                if !stderr.is_empty() {
                    stderr.push('\n');
                }
                stderr.push_str(&render_all(&warnings, "warnings"));
            }
            let failed = !findings.is_empty() || (cli.deny_warnings && !warnings.is_empty());
            let mut diagnostics = findings;
            diagnostics.extend(warnings);
            Outcome {
                stdout,
                stderr,
                code: u8::from(failed),
                diagnostics,
                figures: Vec::new(),
            }
        }
        Err(diagnostics) => Outcome::bad_input(&diagnostics),
    }
}

/// What the tie-out of a loaded model found.
pub(crate) struct TieOutReport {
    pub tie_out: TieOut,
    pub published: published::PublishedTieOut,
    /// The findings that fail a run (exit 1), in order: the statements'
    /// totals, EPS and percentages, the published non-GAAP figures, the
    /// lints.
    pub findings: Vec<Diagnostic>,
    /// Lint warnings (with `every_lint`), printed without failing.
    pub warnings: Vec<Diagnostic>,
    /// The lints the files allow, with their reasons.
    pub allowed: Vec<String>,
    /// Findings at figures the model records as known differences, one
    /// line each with the release's reason: accepted, not failing.
    pub known: Vec<String>,
    /// Every figure compared (totals, EPS, percentages, published figures,
    /// per-share amounts, count totals), with its verdict.
    pub checked: Vec<crate::tieout::Checked>,
}

/// Ties a loaded model out: the statements (`tieout`), the non-GAAP figures
/// the release publishes (`published`, unless `published` is false) and
/// the lints. `every_lint` applies every lint in force on the rules' date
/// (`check`, `diff`); otherwise only the wording check (NG003) that always
/// applied. An unreadable `--rules-as-of` is an error.
pub(crate) fn tie_out_model(
    cli: &Cli,
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    every_lint: bool,
    published: bool,
) -> Result<TieOutReport, Diagnostic> {
    let mut tie_out = tieout::tie_out(statement);
    let mut findings = tie_out.findings.clone();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut allowed: Vec<String> = Vec::new();
    let mut lint_findings: Vec<Diagnostic> = Vec::new();
    if every_lint {
        let (as_of, _) = rules_date(cli, statement)?;
        let lints = lint::run_with(statement, adjustments, as_of, adjuster);
        allowed = lints.allowed;
        for finding in lints.findings {
            match (finding.is_warning(), cli.deny_warnings) {
                (true, false) => warnings.push(finding),
                (true, true) => lint_findings.push(finding.denied()),
                (false, _) => lint_findings.push(finding),
            }
        }
        lint_findings.extend(lint::duplicate_labels(adjustments));
    } else {
        lint_findings.extend(lint::lint(adjustments));
    }
    let mut published = if published {
        published::tie_out_with(statement, adjustments, adjuster)
    } else {
        published::PublishedTieOut::default()
    };
    findings.extend(published.findings.iter().cloned());
    // A figure the release prints that does not tie, recorded with its
    // reason, is listed, not failed; what ties is counted without it.
    let known = crate::known::apply(statement, findings);
    let mut findings = known.findings.clone();
    let less = |count: &mut usize, rule: &str| {
        *count = count.saturating_sub(crate::known::count(&known, rule));
    };
    less(&mut tie_out.totals, "footing");
    less(&mut tie_out.eps, "eps");
    less(&mut tie_out.percentages, "percentage");
    less(&mut published.compared, "published");
    findings.extend(lint_findings);
    findings.extend(crate::outlook::tie_out(statement, adjustments).findings);
    // A figure that does not tie, recorded as a known difference.
    let mut checked: Vec<crate::tieout::Checked> = tie_out
        .checked
        .iter()
        .chain(&published.checked)
        .cloned()
        .collect();
    for figure in &mut checked {
        let recorded = statement.periods.iter().any(|p| {
            p.known_differences
                .iter()
                .any(|k| crate::withhold::same_place(&k.figure, &figure.site))
        });
        if recorded && figure.verdict == "finding" {
            figure.verdict = "known difference";
        }
    }
    Ok(TieOutReport {
        tie_out,
        published,
        findings,
        warnings,
        allowed,
        known: known.accepted,
        checked,
    })
}

/// The statements file, its model and the adjustments; or every problem
/// found in them, adjustment syntax errors included when the statements
/// file is broken too.
fn load_inputs(cli: &Cli) -> Result<(PathBuf, Statement, Vec<Adjustment>), Vec<Diagnostic>> {
    let path = load::find_statement(&cli.statements, cli.entity.as_deref()).map_err(|d| vec![d])?;
    // The release's own tables are GAAP only: adjustments play no part.
    if let Some(Command::Statements) = cli.command {
        return load::load_statement(&path).map(|statement| (path, statement, Vec::new()));
    }
    let (statement, adjustments) = load::load_model(&path, &cli.adjustments)?;
    Ok((path, statement, adjustments))
}

/// `reconcile check`: the model ties out (the caller has made sure) and every
/// duration period reconciles; says what was checked.
fn check(
    path: &std::path::Path,
    dirs: &[PathBuf],
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    tie_out: &TieOut,
    published: &published::PublishedTieOut,
) -> Outcome {
    let durations: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration())
        .collect();
    // Every period the adjustments apply to has what they need, and the
    // bottom line reconciles wherever the period gives it (a
    // reconciliation-only period may give only operating subtotals); so
    // does EPS on each basis a period prints a count for (a release may
    // print basic EPS only, or a column may print a diluted count only).
    let reconciled = adjuster.adjust(&durations).and_then(|adjusted| {
        let bottom = adjusted.bottom_line;
        let with_bottom: Vec<usize> = (0..durations.len())
            .filter(|&c| {
                adjusted.columns[c][bottom.0].gaap.is_some()
                    || !statement.periods[durations[c]].reconciliation_only
            })
            .map(|c| durations[c])
            .collect();
        let adjusted = adjuster.adjust(&with_bottom)?;
        view::reconciliation(statement, &adjusted, &[NonGaapMeasure::NetIncome])?;
        let prints_basic =
            |s: &crate::model::Shares| s.basic.is_some() || s.non_gaap_basic.is_some();
        let prints_diluted =
            |s: &crate::model::Shares| s.diluted.is_some() || s.non_gaap_diluted.is_some();
        for (measure, prints) in [
            (
                NonGaapMeasure::EpsBasic,
                &prints_basic as &dyn Fn(&crate::model::Shares) -> bool,
            ),
            (NonGaapMeasure::EpsDiluted, &prints_diluted),
        ] {
            let on: Vec<usize> = with_bottom
                .iter()
                .copied()
                .filter(|&p| statement.periods[p].shares.as_ref().is_none_or(prints))
                .collect();
            if !on.is_empty() {
                let adjusted = adjuster.adjust(&on)?;
                view::reconciliation(statement, &adjusted, &[measure])?;
            }
        }
        Ok(())
    });
    if let Err(d) = reconciled {
        return Outcome::bad_input(&[d]);
    }
    // Every declared measure and ratio is computed in every reported
    // duration: one that computes in none is an error in its definition; one
    // a period cannot give is listed.
    let reported: Vec<usize> = durations
        .iter()
        .copied()
        .filter(|&p| statement.periods[p].derived.is_none())
        .collect();
    let declared: Vec<(NonGaapMeasure, &str)> = statement
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| (NonGaapMeasure::Declared(i), m.id.as_str()))
        .chain(
            statement
                .ratios_over_measures()
                .map(|i| (NonGaapMeasure::Ratio(i), statement.ratios[i].id.as_str())),
        )
        .collect();
    let mut not_computed = String::new();
    // Each period adjusted once; every declared measure reconciled on it.
    let mut failures: Vec<Vec<(usize, Diagnostic)>> = vec![Vec::new(); declared.len()];
    for &p in &reported {
        match adjuster.adjust(&[p]) {
            Ok(adjusted) => {
                for (m, (measure, _)) in declared.iter().enumerate() {
                    if let Err(d) = view::reconciliation(statement, &adjusted, &[*measure]) {
                        failures[m].push((p, d));
                    }
                }
            }
            Err(d) => return Outcome::bad_input(&[d]),
        }
    }
    for ((measure, id), mut failures) in declared.iter().zip(failures) {
        if !reported.is_empty() && failures.len() == reported.len() {
            let (_, cause) = failures.swap_remove(0);
            // An error in the definition itself is reported where it is.
            if cause.rule() == Some(view::DEFINITION) {
                return Outcome::bad_input(&[cause]);
            }
            let site = match *measure {
                NonGaapMeasure::Declared(i) => Some(&statement.measures[i].site),
                NonGaapMeasure::Ratio(i) => Some(&statement.ratios[i].site),
                _ => None,
            };
            let error = match site {
                Some(site) => Diagnostic::at(
                    site,
                    format!("`{id}` cannot be computed in any reported period"),
                )
                .note(cause.message().to_string())
                .maybe_help(cause.help_text().map(str::to_string)),
                None => cause,
            };
            return Outcome::bad_input(&[error]);
        }
        for (p, d) in failures {
            not_computed.push_str(&format!(
                "  `{id}` is not computed in {}: {}\n",
                statement.periods[p].id,
                d.message()
            ));
        }
    }
    let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let skipped_paths = load::skipped_files(dirs);
    let dirs: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    Outcome::success(format!(
        "{path}: ties out\n\
         \x20 {lines}, {periods} ({durations}, {instants})\n\
         \x20 {totals}\n\
         \x20 {balances} balance\n\
         \x20 {eps}\n\
         \x20 {percentages}\n\
         {untied}\
         {not_computed}\
         {published}\
         {within}\
         {adjustments_line}\n{skipped}",
        skipped = skipped_paths
            .iter()
            .map(|p| {
                let hidden = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
                format!(
                    "  skipped {}: {}\n",
                    p.display(),
                    if hidden {
                        "a hidden file (an editor's or the system's, not an adjustment)"
                    } else {
                        "only files ending in .toml (lower case) are read; rename it to read it"
                    }
                )
            })
            .collect::<String>(),
        adjustments_line = if adjustments.is_empty() {
            format!(
                "{}: no adjustments yet (a reconciliation needs one; see README.md, \"Start a new company\")",
                dirs.join(", ")
            )
        } else {
            format!(
                "{}: {} ({}) {} in every duration period",
                dirs.join(", "),
                n(adjustments.len(), "adjustment", "adjustments"),
                ids.join(", "),
                if adjustments.len() == 1 {
                    "reconciles"
                } else {
                    "reconcile"
                }
            )
        },
        published = if published.compared == 0 {
            String::new()
        } else {
            format!(
                "  {}\n",
                with_rounding(
                    format!(
                        "{} tie to the model",
                        n(
                            published.compared,
                            "published non-GAAP figure",
                            "published non-GAAP figures"
                        )
                    ),
                    published.within_rounding.len()
                )
            )
        },
        within = if tie_out.within_rounding.is_empty() && published.within_rounding.is_empty() {
            String::new()
        } else {
            format!(
                "  {} within rounding (each lies in the range its rounded inputs allow):\n{}",
                n(
                    tie_out.within_rounding.len() + published.within_rounding.len(),
                    "figure ties",
                    "figures tie"
                ),
                tie_out
                    .within_rounding
                    .iter()
                    .chain(&published.within_rounding)
                    .map(|w| format!("    {w}\n"))
                    .collect::<String>()
            )
        },
        untied = if tie_out.untied.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = tie_out
                .untied
                .iter()
                .map(|(period, line)| format!("{period} {line}"))
                .collect();
            format!(
                "  {} not tied out (reconciliation-only periods give only some of their components): {}\n",
                n(tie_out.untied.len(), "reported total", "reported totals"),
                list.join(", ")
            )
        } + &tie_out
            .ytd_missing
            .iter()
            .map(|p| {
                format!(
                    "  {p}: EPS is year to date less the prior year to date (ytd_difference), but the model lacks a year to date; tied to its own shares instead\n"
                )
            })
            .collect::<String>(),
        path = path.display(),
        lines = n(statement.line_items.len(), "line item", "line items"),
        periods = n(statement.periods.len(), "period", "periods"),
        durations = n(durations.len(), "duration", "durations"),
        instants = n(
            statement.periods.len() - durations.len(),
            "instant",
            "instants"
        ),
        totals = with_rounding(
            format!(
                "{} foot",
                n(tie_out.totals, "reported total", "reported totals")
            ),
            tie_out.totals_within
        ),
        balances = n(tie_out.balance_sheets, "balance sheet", "balance sheets"),
        eps = with_rounding(
            format!(
                "{} tie to income available to common / weighted shares",
                n(tie_out.eps, "reported EPS figure", "reported EPS figures")
            ),
            tie_out.eps_within
        ),
        percentages = with_rounding(
            format!(
                "{} recompute",
                n(
                    tie_out.percentages,
                    "reported percentage",
                    "reported percentages"
                )
            ),
            tie_out.percentages_within
        ),
    ))
}

/// The periods named on the command line, in that order, as indices into
/// `statement.periods`, or every reported duration period: shortest first
/// (quarters, then year-to-date), most recent first. A duration the model
/// does not report is derived and added to it.
/// Every duration period, shortest first, latest first among equals: the
/// periods chosen when none are named.
fn all_durations(statement: &Statement) -> Vec<usize> {
    let mut periods: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration())
        .collect();
    let span = |i: usize| statement.periods[i].span;
    periods.sort_by(|&a, &b| {
        span(a)
            .months()
            .cmp(&span(b).months())
            .then(span(b).end().cmp(&span(a).end()))
    });
    periods
}

pub fn choose_periods(
    statement: &mut Statement,
    spec: Option<&str>,
) -> Result<Vec<usize>, Diagnostic> {
    let all = all_durations;
    let Some(spec) = spec else {
        return Ok(all(statement));
    };
    if spec.trim().eq_ignore_ascii_case("all") {
        return Ok(all(statement));
    }
    let mut chosen: Vec<usize> = Vec::new();
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
        // A balance-sheet date is a column too: for measures over balances
        // (tangible book value at Dec. 31); a flow asked of it is an error
        // where the view needs it.
        let index = statement.resolve_or_derive(name)?;
        if !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    Ok(chosen)
}

/// "36 reported totals" and, when some tie only within rounding, how many.
fn with_rounding(counted: String, within: usize) -> String {
    if within == 0 {
        counted
    } else {
        format!("{counted} ({within} within rounding)")
    }
}

/// The date whose rules apply: `--rules-as-of`, else the release's date,
/// else today (and a note says so).
fn rules_date(
    cli: &Cli,
    statement: &Statement,
) -> Result<(crate::model::Date, String), Diagnostic> {
    match cli.rules_as_of.as_deref().map(str::trim) {
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
fn today() -> crate::model::Date {
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

/// `reconcile lint`: the rules in force on the date, as located findings.
fn lint_command(
    cli: &Cli,
    path: &std::path::Path,
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Outcome {
    let (as_of, why) = match rules_date(cli, statement) {
        Ok(date) => date,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    let mut report = lint::run(statement, adjustments, as_of);
    if cli.deny_warnings {
        report.findings = report
            .findings
            .into_iter()
            .map(Diagnostic::denied)
            .collect();
    }
    let errors = report.findings.iter().filter(|f| !f.is_warning()).count();
    let warnings = report.findings.len() - errors;
    let mut stdout = format!(
        "{}: the {}'s non-GAAP rules as of {why}\n  {} lints in force, {} not yet\n  {errors} {}, {warnings} {}\n",
        path.display(),
        statement.entity.regulator.name(),
        report.in_force,
        report.not_yet,
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" },
    );
    for allowed in &report.allowed {
        stdout.push_str(&format!("  allowed: {allowed}\n"));
    }
    Outcome {
        stdout,
        stderr: if report.findings.is_empty() {
            String::new()
        } else {
            render_all(&report.findings, "lint findings")
        },
        code: u8::from(errors > 0),
        diagnostics: report.findings,
        figures: Vec::new(),
    }
}

/// Every figure the model produces, one per line: the statement tables,
/// the reconciliation of the bottom line and EPS, each declared measure and
/// ratio, and the matrix of each period.
pub fn figures(
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Result<Vec<String>, Diagnostic> {
    figures_with(
        statement,
        adjustments,
        &engine::Adjuster::new(statement, adjustments),
    )
}

/// `figures`, reading the adjusted statement of a run's `Adjuster` of the
/// same model, so it is not built again.
pub fn figures_with(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
) -> Result<Vec<String>, Diagnostic> {
    let chosen = all_durations(statement);
    let periods: Vec<&Period> = chosen.iter().map(|&i| &statement.periods[i]).collect();
    let scale = Scale {
        model: statement.entity.units,
        shown: statement.entity.units,
        shares: statement.entity.share_units,
        decimals: Some(statement.money_decimals()),
    };
    let mut tables = report::statement_tables(statement, &periods, None)?;
    if !adjustments.is_empty() && !chosen.is_empty() {
        let adjusted = adjuster.adjust(&chosen)?;
        let mut measures = vec![NonGaapMeasure::NetIncome];
        for (basis, measure) in [
            (true, NonGaapMeasure::EpsBasic),
            (false, NonGaapMeasure::EpsDiluted),
        ] {
            let counted = chosen.iter().any(|&i| {
                statement.periods[i].shares.as_ref().is_some_and(|s| {
                    if basis {
                        s.basic.is_some()
                    } else {
                        s.diluted.is_some()
                    }
                })
            });
            if counted {
                measures.push(measure);
            }
        }
        match view::reconciliation(statement, &adjusted, &measures) {
            Ok(rec) => tables.push(report::reconciliation_table(&rec, scale)),
            // A period without one of the counts: the bottom line everywhere,
            // and each period with the per-share figures it can give.
            Err(_) => {
                let rec = view::reconciliation(statement, &adjusted, &[NonGaapMeasure::NetIncome])?;
                tables.push(report::reconciliation_table(&rec, scale));
                for &p in &chosen {
                    let one = adjuster.adjust(&[p])?;
                    let per_share: Vec<NonGaapMeasure> = measures[1..]
                        .iter()
                        .copied()
                        .filter(|&m| view::reconciliation(statement, &one, &[m]).is_ok())
                        .collect();
                    if !per_share.is_empty() {
                        let rec = view::reconciliation(statement, &one, &per_share)?;
                        tables.push(report::reconciliation_table(&rec, scale));
                    }
                }
            }
        }
        // Each declared measure and ratio over every period; where a period
        // cannot give one (an average without its opening balance sheet),
        // period by period, so the others are still recorded. Measures over
        // balances also at each balance-sheet date.
        let instants: Vec<usize> = (0..statement.periods.len())
            .filter(|&i| !statement.periods[i].is_duration())
            .collect();
        let over_balances = |measure: NonGaapMeasure| match measure {
            NonGaapMeasure::Declared(i) => {
                statement.measures[i].balance == Some(crate::model::BalanceBasis::End)
            }
            NonGaapMeasure::Ratio(i) => {
                let r = &statement.ratios[i];
                let balance = |t: crate::model::RatioTerm| match t {
                    crate::model::RatioTerm::Line(l) => {
                        statement.line(l).statement == crate::model::StatementKind::BalanceSheet
                    }
                    crate::model::RatioTerm::Measure(m) => {
                        statement.measures[m].balance == Some(crate::model::BalanceBasis::End)
                    }
                };
                r.annualize.is_none() && balance(r.numerator) && balance(r.denominator)
            }
            _ => false,
        };
        let declared = (0..statement.measures.len())
            .map(NonGaapMeasure::Declared)
            .chain((0..statement.ratios.len()).map(NonGaapMeasure::Ratio));
        for measure in declared {
            // Each measure's table is named by its id too, so two measures
            // with a row of the same label never share a figure's key.
            let id = match measure {
                NonGaapMeasure::Declared(i) => statement.measures[i].id.clone(),
                NonGaapMeasure::Ratio(i) => statement.ratios[i].id.clone(),
                _ => String::new(),
            };
            let table = |rec: &view::Reconciliation| {
                let mut table = report::reconciliation_table(rec, scale);
                table.title.push(id.clone());
                table
            };
            let mut groups: Vec<Vec<usize>> = vec![chosen.clone()];
            if over_balances(measure) && !instants.is_empty() {
                groups.push(instants.clone());
            }
            for group in groups {
                let whole = adjuster
                    .adjust(&group)
                    .and_then(|a| view::reconciliation(statement, &a, &[measure]));
                match whole {
                    Ok(rec) => tables.push(table(&rec)),
                    Err(_) => {
                        for &p in &group {
                            if let Ok(rec) = adjuster
                                .adjust(&[p])
                                .and_then(|a| view::reconciliation(statement, &a, &[measure]))
                            {
                                tables.push(table(&rec));
                            }
                        }
                    }
                }
            }
        }
        for &p in &chosen {
            let adjusted = adjuster.adjust(&[p])?;
            tables.push(report::matrix_table(
                &view::matrix(statement, &adjusted)?,
                scale,
            ));
        }
    }
    Ok(report::figure_lines(&tables))
}

/// A word of a suggested command line, quoted for the shell where needed.
fn shell_word(text: &str) -> String {
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

/// The command line that writes the figures of the same files afresh:
/// `reconcile snapshot`, with the options that differ from the defaults.
fn snapshot_command(cli: &Cli, out: &std::path::Path) -> String {
    let quoted = |path: &std::path::Path| shell_word(&path.display().to_string());
    let mut command = String::from("reconcile snapshot");
    if cli.statements != std::path::Path::new("statements") {
        command.push_str(&format!(" --statements {}", quoted(&cli.statements)));
    }
    if cli.adjustments != [PathBuf::from("adjustments")] {
        for dir in &cli.adjustments {
            command.push_str(&format!(" --adjustments {}", quoted(dir)));
        }
    }
    if let Some(entity) = &cli.entity {
        command.push_str(&format!(
            " --entity {}",
            quoted(std::path::Path::new(entity))
        ));
    }
    if out != std::path::Path::new("reconciled") {
        command.push_str(&format!(" --out {}", quoted(out)));
    }
    command
}

/// Lines of a committed figures file that `reconcile snapshot` never
/// writes, as a merge leaves them: git's conflict markers, and a figure
/// whose key (`table | row | column`) is written a second time. Each is
/// `path:line: what`.
fn merge_leftovers(path: &std::path::Path, committed: &str) -> (usize, usize, Vec<String>) {
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let (mut markers, mut twice) = (0, 0);
    let mut found = Vec::new();
    for (n, line) in committed.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        let marker = ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
            .iter()
            .any(|m| {
                line.strip_prefix(m)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            });
        if marker {
            markers += 1;
            found.push(format!(
                "  {}:{n}: a conflict marker, `{}`",
                path.display(),
                line.trim_end()
            ));
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let Some((key, _)) = line.rsplit_once(" | ") else {
            continue;
        };
        match first.get(key) {
            Some(at) => {
                twice += 1;
                found.push(format!(
                    "  {}:{n}: `{key}` is written a second time (first at line {at})",
                    path.display()
                ));
            }
            None => {
                first.insert(key, n);
            }
        }
    }
    (markers, twice, found)
}

/// `reconcile snapshot`: writes the figures, or compares them; `rerun` is
/// the command line that writes them afresh.
fn snapshot(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    check: bool,
    out: &std::path::Path,
    rerun: &str,
) -> Outcome {
    let lines = match figures_with(statement, adjustments, adjuster) {
        Ok(lines) => lines,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    let path = out.join("figures.txt");
    let text = format!(
        "# Figures reconciled from the statements and adjustments, one per line:\n# table | row | column | figure. Written by `reconcile snapshot`; do not edit.\n{}\n",
        lines.join("\n")
    );
    if !check {
        let written = std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, &text));
        return match written {
            Ok(()) => Outcome::success(format!("{}: {} figures\n", path.display(), lines.len())),
            Err(e) => Outcome::bad_input(&[Diagnostic::in_file(
                &path,
                format!("cannot write the figures: {e}"),
            )]),
        };
    }
    let Ok(committed) = std::fs::read_to_string(&path) else {
        return Outcome {
            stdout: String::new(),
            stderr: format!(
                "error: {} holds no figures yet\n = help: run `{rerun}` and commit the file\n",
                path.display()
            ),
            code: 1,
            diagnostics: Vec::new(),
            figures: Vec::new(),
        };
    };
    // A merge that kept both sides' figures, or its conflict markers, is
    // never compared: the last of two figures would pass unseen.
    let (markers, twice, found) = merge_leftovers(&path, &committed);
    if !found.is_empty() {
        let mut what = Vec::new();
        match markers {
            0 => {}
            1 => what.push("1 conflict marker".to_string()),
            n => what.push(format!("{n} conflict markers")),
        }
        match twice {
            0 => {}
            1 => what.push("1 figure written twice".to_string()),
            n => what.push(format!("{n} figures written twice")),
        }
        return Outcome {
            stdout: String::new(),
            stderr: format!(
                "error: {} is not as `reconcile snapshot` wrote it: {}\n{}\n = help: run `{rerun}` to write the figures afresh, and commit the file\n",
                path.display(),
                what.join(" and "),
                found.join("\n")
            ),
            code: 1,
            diagnostics: Vec::new(),
            figures: Vec::new(),
        };
    }
    let moved = compare_figures(&committed, &text);
    if moved.is_empty() {
        return Outcome::success(format!(
            "{}: {} figures, up to date\n",
            path.display(),
            lines.len()
        ));
    }
    Outcome {
        stdout: String::new(),
        stderr: format!(
            "error: {} is stale: {} figures moved\n{}\n = help: run `{rerun}` and commit the file with the change that moved them\n",
            path.display(),
            moved.len(),
            moved.join("\n")
        ),
        code: 1,
        diagnostics: Vec::new(),
        figures: Vec::new(),
    }
}

/// The figures that differ between two figure files: moved (old -> new),
/// added, removed; one line each, in the new file's order.
pub fn compare_figures(old: &str, new: &str) -> Vec<String> {
    let split = |text: &str| -> Vec<(String, String)> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                l.rsplit_once(" | ")
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect()
    };
    let old_figures: std::collections::HashMap<String, String> = split(old).into_iter().collect();
    let new_figures = split(new);
    let new_keys: std::collections::HashSet<&String> = new_figures.iter().map(|(k, _)| k).collect();
    let mut moved = Vec::new();
    for (key, value) in &new_figures {
        match old_figures.get(key) {
            Some(was) if was == value => {}
            Some(was) => {
                let change = match (
                    was.parse::<rust_decimal::Decimal>(),
                    value.parse::<rust_decimal::Decimal>(),
                ) {
                    (Ok(a), Ok(b)) => format!(" ({:+})", b - a),
                    _ => String::new(),
                };
                moved.push(format!("  {key}: {was} -> {value}{change}"));
            }
            None => moved.push(format!("  {key}: new, {value}")),
        }
    }
    for line in split(old) {
        if !new_keys.contains(&line.0) {
            moved.push(format!("  {}: {} -> gone", line.0, line.1));
        }
    }
    moved
}

/// `reconcile measures`: each declared measure and how it is defined.
fn list_measures(statement: &Statement) -> String {
    if statement.measures.is_empty() {
        return "the model declares no [[measure]]; named measures: net-income, eps, gross-profit, operating-margin, ... (see `reconcile --help`)\n".to_string();
    }
    let mut out = String::new();
    for m in &statement.measures {
        let kind = match m.kind {
            crate::model::MeasureKind::Performance => "performance",
            crate::model::MeasureKind::Liquidity => "liquidity",
        };
        out.push_str(&format!("{}: {} ({kind})\n", m.id, m.label));
        out.push_str(&format!(
            "  from `{}` ({})\n",
            statement.line(m.start).id,
            statement.line(m.start).label
        ));
        for (line, sign) in &m.terms {
            let word = if sign.is_sign_negative() {
                "less"
            } else {
                "plus"
            };
            out.push_str(&format!("  {word} `{}`\n", statement.line(*line).id));
        }
        match m.balance {
            Some(crate::model::BalanceBasis::End) => {
                out.push_str("  balances at each period's end date\n")
            }
            Some(crate::model::BalanceBasis::Average) => out.push_str(
                "  average balances over each period (as stated, else the mean of opening and closing)\n",
            ),
            None => {}
        }
        match &m.adjustments {
            _ if m.balance.is_some() => {
                out.push_str("  no adjustments (they move flows, not balances)\n")
            }
            Some(ids) if ids.is_empty() => out.push_str("  no adjustments\n"),
            Some(ids) => out.push_str(&format!(
                "  adjustments: {}\n",
                ids.iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => out.push_str("  adjustments: every adjustment that reaches its lines\n"),
        }
        match (&m.per_share_count, m.per_share || m.per_share_basic) {
            (Some((count, _)), _) => {
                let adds: Vec<&str> = m
                    .per_share_add
                    .iter()
                    .map(|l| statement.line(*l).id.as_str())
                    .collect();
                out.push_str(&format!(
                    "  per share on `{count}`{}\n",
                    if adds.is_empty() {
                        String::new()
                    } else {
                        format!(", adding back {}", adds.join(", "))
                    }
                ));
            }
            (None, true) => out.push_str(match (m.per_share_basic, m.per_share) {
                (true, true) => "  per basic and diluted share\n",
                (true, false) => "  per basic share\n",
                _ => "  per diluted share\n",
            }),
            (None, false) => {}
        }
    }
    for r in &statement.ratios {
        out.push_str(&format!(
            "{}: {} (ratio)\n  {} / {} x 100{}\n",
            r.id,
            r.label,
            statement.term_id(r.numerator),
            statement.term_id(r.denominator),
            r.annualize
                .map(|a| format!(", the numerator annualized ({})", a.describe()))
                .unwrap_or_default()
        ));
    }
    out
}

/// A reconciliation with nothing to reconcile.
fn no_adjustments(dirs: &[PathBuf]) -> Diagnostic {
    let first = dirs.first().cloned();
    let dirs: Vec<String> = dirs
        .iter()
        .map(|d| {
            if d.exists() {
                d.display().to_string()
            } else {
                format!("{} (no such folder)", d.display())
            }
        })
        .collect();
    let message = format!(
        "a reconciliation needs at least one adjustment, and {} holds none",
        dirs.join(", ")
    );
    match first {
        Some(dir) => Diagnostic::in_file(&dir, message),
        None => Diagnostic::new(message),
    }
    .note("`reconcile check` and `reconcile statements` work on the statements alone")
    .help("add an adjustment file such as adjustments/restructuring.toml (id, label, kind, rationale and [tax]); `reconcile init` writes a commented example")
}

/// The ids an adjustment is computed from: a group's tax effect's or a
/// noncontrolling share's `covers` (every other adjustment when absent).
fn covered_ids(adjustment: &Adjustment) -> Vec<String> {
    match &adjustment.rule {
        crate::model::AdjustmentRule::TaxEffect { covers }
        | crate::model::AdjustmentRule::NoncontrollingShare { covers, .. } => covers.clone(),
        _ => Vec::new(),
    }
}

/// `check`'s lines on the outlook: the forward periods, the measures
/// guided, and the printed non-GAAP figures tied to GAAP plus the items.
fn outlook_summary(statement: &Statement, adjustments: &[Adjustment]) -> String {
    if statement.outlooks.is_empty() {
        return String::new();
    }
    let ids: Vec<&str> = statement.outlooks.iter().map(|o| o.id.as_str()).collect();
    let measures: usize = statement.outlooks.iter().map(|o| o.guidance.len()).sum();
    let tied = crate::outlook::tie_out(statement, adjustments);
    let mut out = format!(
        "outlook: {} ({}), {} guided\n",
        if ids.len() == 1 {
            "1 forward period".to_string()
        } else {
            format!("{} forward periods", ids.len())
        },
        ids.join(", "),
        if measures == 1 {
            "1 measure".to_string()
        } else {
            format!("{measures} measures")
        },
    );
    if tied.compared > 0 {
        out.push_str(&format!(
            "  {} printed non-GAAP {} tie to GAAP plus the items ({} exactly, {} within rounding)\n",
            tied.compared,
            if tied.compared == 1 { "figure" } else { "figures" },
            tied.compared - tied.within_rounding.len(),
            tied.within_rounding.len()
        ));
        for line in &tied.within_rounding {
            out.push_str(&format!("    within rounding: {line}\n"));
        }
    }
    out
}

/// `reconcile outlook`: each forward period's guidance, low and high.
fn outlook_command(cli: &Cli, statement: &Statement, adjustments: &[Adjustment]) -> Outcome {
    if statement.outlooks.is_empty() {
        return Outcome::bad_input(&[Diagnostic::at(
            &statement.site,
            "the model has no outlook",
        )
        .help("record the release's guidance in an [[outlook]] block (see README.md, \"Outlook\")")]);
    }
    let chosen: Vec<&crate::outlook::Outlook> = match cli.period.as_deref() {
        None => statement.outlooks.iter().collect(),
        Some(spec) => {
            let mut chosen = Vec::new();
            for name in spec.split(',').map(str::trim) {
                match statement
                    .outlooks
                    .iter()
                    .find(|o| o.id.eq_ignore_ascii_case(name))
                {
                    Some(o) => chosen.push(o),
                    None => {
                        let ids: Vec<&str> =
                            statement.outlooks.iter().map(|o| o.id.as_str()).collect();
                        return Outcome::bad_input(&[Diagnostic::new(format!(
                            "the model has no outlook for `{name}`"
                        ))
                        .note(format!("forward periods with guidance: {}", ids.join(", ")))
                        .maybe_help(crate::suggest::did_you_mean(name, ids.iter().copied()))]);
                    }
                }
            }
            chosen
        }
    };
    let (format, _, scale) = presentation(cli, statement);
    let tables: Vec<report::Table> = chosen
        .iter()
        .map(|o| report::outlook_table(o, statement, adjustments, scale))
        .collect();
    match report::check_scale(&tables) {
        Ok(()) => Outcome::success(report::render(&tables, format)),
        Err(d) => Outcome::bad_input(&[d]),
    }
}

/// The output format, the units asked for and the scale money is shown at.
fn presentation(cli: &Cli, statement: &Statement) -> (Format, Option<Units>, Scale) {
    let format = match cli.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Json => Format::Json,
        OutputFormat::Html => Format::Html,
    };
    let units = cli.units.map(|u| match u {
        ShownUnits::Thousands => Units::Thousands,
        ShownUnits::Millions => Units::Millions,
    });
    let scale = Scale {
        model: statement.entity.units,
        shown: units.unwrap_or(statement.entity.units),
        shares: statement.entity.share_units,
        decimals: Some(statement.money_decimals()),
    };
    (format, units, scale)
}

/// `reconcile segments`: one table per segment total, the chosen periods
/// across.
fn segment_tables(
    cli: &Cli,
    statement: &Statement,
    adjustments: &[crate::model::Adjustment],
    chosen: &[usize],
    scale: report::Scale,
) -> Result<Vec<report::Table>, Diagnostic> {
    if !cli.measure.is_empty() {
        return Err(Diagnostic::new(
            "--measure chooses the blocks of a reconciliation; `segments` shows every segment total",
        )
        .help("leave out --measure"));
    }
    let adjusted = engine::adjust(statement, adjustments, chosen)?;
    Ok(view::segments(statement, adjustments, &adjusted)?
        .iter()
        .map(|rec| report::segment_table(rec, &statement.entity.name, scale))
        .collect())
}

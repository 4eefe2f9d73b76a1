//! `reconcile diff`: the figures of two revisions of a data repository,
//! read through git (`git show REV:path`, no checkout), compared figure by
//! figure; each moved figure listed with the changed lines that moved it: a
//! change to a period's figures moves that period's figures, a change to an
//! adjustment file moves the figures of its rows and columns.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;

use crate::cli::{Cli, Outcome, OutputFormat, compare_figures, figures, tie_out_model};
use crate::diagnostic::{Diagnostic, render_all};
use crate::load;
use crate::model::{Adjustment, Statement};
use crate::source::SourceFile;

/// One changed line of a model file between the two revisions.
#[derive(Debug, Clone)]
struct Change {
    file: String,
    line: usize,
    old: String,
    new: String,
    /// The period block the line is in, for a statements file.
    period: Option<String>,
    /// The adjustment's id and label, for an adjustment file.
    adjustment: Option<(String, String)>,
    /// For a changed figure of the statements file: the labels of its line
    /// and of every total it rolls into, the rows whose figures it moves.
    labels: Vec<String>,
    /// For a balance-sheet date: the duration periods that take a balance
    /// from it (ending on it, or starting the day after it).
    related: Vec<String>,
}

pub fn run(cli: &Cli, rev: &str, rev2: Option<&str>) -> Outcome {
    match compare(cli, rev, rev2) {
        Ok(outcome) => outcome,
        Err(diagnostics) => Outcome {
            stdout: String::new(),
            stderr: render_all(&diagnostics, "errors"),
            code: 2,
            diagnostics,
            figures: Vec::new(),
        },
    }
}

fn git(args: &[&str]) -> Result<String, Diagnostic> {
    let out = Process::new("git").args(args).output().map_err(|e| {
        Diagnostic::new(format!("cannot run git: {e}"))
            .help("install git; `reconcile diff` reads revisions through it")
    })?;
    if !out.status.success() {
        return Err(Diagnostic::new(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .help("name a revision that exists: a commit, a branch or a tag (see `git log`)"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The model at a revision (`None`: the working tree).
fn model_at(cli: &Cli, rev: Option<&str>) -> Result<(Statement, Vec<Adjustment>), Vec<Diagnostic>> {
    let statements_path =
        load::find_statement(&cli.statements, cli.entity.as_deref()).map_err(|d| vec![d])?;
    let Some(rev) = rev else {
        let (statement, adjustments) = load::load_model(&statements_path, &cli.adjustments)?;
        return Ok((statement, adjustments));
    };
    let show = |path: &Path| git(&["show", &format!("{rev}:{}", path.display())]);
    let text = show(&statements_path).map_err(|d| vec![d])?;
    let statement = load::statement_from_source(&SourceFile::new(&statements_path, text))?;
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for dir in &cli.adjustments {
        let listing = git(&[
            "ls-tree",
            "--name-only",
            rev,
            &format!("{}/", dir.display()),
        ])
        .unwrap_or_default();
        let mut names: Vec<&str> = listing.lines().filter(|n| n.ends_with(".toml")).collect();
        names.sort();
        for name in names {
            let path = PathBuf::from(name);
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            let file: Arc<SourceFile> = match show(&path) {
                Ok(text) => SourceFile::new(&path, text),
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            };
            match load::parse_adjustment(file) {
                Ok(p) => parsed.push(p),
                Err(d) => errors.push(d),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let adjustments = load::validate_adjustments(parsed, &statement)?;
    Ok((statement, adjustments))
}

/// One side of the comparison and what its tie-out found.
struct Side {
    /// The revision; `None` for the working tree.
    rev: Option<String>,
    findings: Vec<Diagnostic>,
}

impl Side {
    /// "HEAD ties out", or "... does not tie out: 2 findings"; a revision
    /// in backticks for markdown.
    fn summary(&self, markdown: bool) -> String {
        let name = match &self.rev {
            Some(rev) if markdown => format!("`{rev}`"),
            Some(rev) => rev.clone(),
            None => "the working tree".to_string(),
        };
        match self.findings.len() {
            0 => format!("{name} ties out"),
            1 => format!("{name} does not tie out: 1 finding"),
            n => format!("{name} does not tie out: {n} findings"),
        }
    }
}

/// A finding on one line: where it is, and what.
fn finding_line(d: &Diagnostic) -> String {
    let message = match d.rule() {
        Some(rule) if rule.starts_with("NG") => format!("{} ({rule})", d.message()),
        _ => d.message().to_string(),
    };
    match d.location() {
        Some(at) => format!("{at}: {message}"),
        None => message,
    }
}

fn compare(cli: &Cli, rev: &str, rev2: Option<&str>) -> Result<Outcome, Vec<Diagnostic>> {
    let (old_statement, old_adjustments) = model_at(cli, Some(rev))?;
    let (new_statement, new_adjustments) = model_at(cli, rev2)?;
    // Each side tied out as `reconcile check` ties it out; figures are
    // compared whatever it finds.
    let side = |rev: Option<&str>, statement: &Statement, adjustments: &[Adjustment]| {
        tie_out_model(cli, statement, adjustments, true, true).map(|report| Side {
            rev: rev.map(str::to_string),
            findings: report.findings,
        })
    };
    let sides = [
        side(Some(rev), &old_statement, &old_adjustments).map_err(|d| vec![d])?,
        side(rev2, &new_statement, &new_adjustments).map_err(|d| vec![d])?,
    ];
    let old = figures(&old_statement, &old_adjustments).map_err(|d| vec![d])?;
    let new = figures(&new_statement, &new_adjustments).map_err(|d| vec![d])?;
    let moved = compare_figures(&old.join("\n"), &new.join("\n"));
    let changes = changes(cli, rev, rev2, &new_statement, &new_adjustments);
    let untied = sides.iter().any(|s| !s.findings.is_empty());
    let stdout = match cli.format {
        OutputFormat::Json => json(&sides, &moved, &changes),
        OutputFormat::Markdown => markdown(&sides, &moved, &changes),
        _ => text(&sides, &moved, &changes),
    };
    Ok(Outcome {
        stdout,
        stderr: String::new(),
        code: u8::from(!moved.is_empty() || untied),
        diagnostics: Vec::new(),
        figures: Vec::new(),
    })
}

/// "1 figure moved", "17 figures moved".
fn figures_moved(n: usize) -> String {
    if n == 1 {
        "1 figure moved".to_string()
    } else {
        format!("{n} figures moved")
    }
}

/// The changed lines of the model's files between the revisions, each with
/// the period block or adjustment it belongs to.
fn changes(
    cli: &Cli,
    rev: &str,
    rev2: Option<&str>,
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Vec<Change> {
    let mut args: Vec<String> = vec!["diff".into(), "-U0".into(), "--no-color".into(), rev.into()];
    if let Some(rev2) = rev2 {
        args.push(rev2.into());
    }
    args.push("--".into());
    args.push(cli.statements.display().to_string());
    args.extend(cli.adjustments.iter().map(|d| d.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let Ok(patch) = git(&refs) else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    let mut file = String::new();
    let mut line = 0usize;
    let mut removed: Vec<String> = Vec::new();
    for row in patch.lines() {
        if let Some(name) = row.strip_prefix("+++ b/") {
            file = name.to_string();
        } else if row.starts_with("@@") {
            // @@ -a,b +c,d @@
            line = row
                .split_whitespace()
                .nth(2)
                .and_then(|c| c.trim_start_matches('+').split(',').next()?.parse().ok())
                .unwrap_or(0);
            removed.clear();
        } else if let Some(old) = row.strip_prefix('-').filter(|_| !row.starts_with("---")) {
            removed.push(old.to_string());
        } else if let Some(new) = row.strip_prefix('+').filter(|_| !row.starts_with("+++")) {
            let old = if removed.is_empty() {
                String::new()
            } else {
                removed.remove(0)
            };
            changes.push(context(
                &file,
                line,
                old,
                new.to_string(),
                statement,
                adjustments,
            ));
            line += 1;
        }
    }
    changes
}

fn context(
    file: &str,
    line: usize,
    old: String,
    new: String,
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Change {
    let path = Path::new(file);
    let adjustment = adjustments
        .iter()
        .find(|a| a.site.file.path().ends_with(path) || path.ends_with(a.site.file.path()))
        .map(|a| (a.id.clone(), a.label.clone()));
    let period = if adjustment.is_none() {
        // The [[period]] block the line is in: the last `id = ` above it
        // after a `[[period]]` header.
        let text = statement.site.file.text();
        let mut current = None;
        let mut in_period = false;
        for (n, l) in text.lines().enumerate() {
            if n + 1 > line {
                break;
            }
            let t = l.trim();
            if t.starts_with("[[") {
                in_period = t == "[[period]]";
                current = None;
            } else if in_period && let Some(v) = t.strip_prefix("id = ") {
                current = Some(v.trim_matches('"').to_string());
            }
        }
        current
    } else {
        None
    };
    // The line item a `key = value` line gives a figure for, and the totals
    // it rolls into.
    let mut labels = Vec::new();
    if period.is_some()
        && let Some(id) = new.split('=').next().map(str::trim)
        && let Some(mut at) = statement.line_id(id)
    {
        for _ in 0..=statement.line_items.len() {
            labels.push(statement.line(at).label.clone());
            match statement.line(at).parent {
                Some((parent, _)) => at = parent,
                None => break,
            }
        }
    }
    let related = period
        .as_deref()
        .and_then(|id| statement.period_by_id(id))
        .map(|i| &statement.periods[i])
        .filter(|p| !p.is_duration())
        .map(|instant| {
            let date = crate::model::period::day_number(instant.span.end());
            statement
                .periods
                .iter()
                .filter(|p| match p.span {
                    crate::model::PeriodSpan::Duration { start, end } => {
                        crate::model::period::day_number(end) == date
                            || crate::model::period::day_number(start) == date + 1
                    }
                    crate::model::PeriodSpan::Instant { .. } => false,
                })
                .map(|p| p.id.clone())
                .collect()
        })
        .unwrap_or_default();
    Change {
        file: file.to_string(),
        line,
        old,
        new,
        period,
        adjustment,
        labels,
        related,
    }
}

/// The changes behind one moved figure (`table | row | column: ...`).
fn behind<'a>(figure: &str, changes: &'a [Change]) -> Vec<&'a Change> {
    let column = figure
        .rsplit_once(" | ")
        .map(|(_, c)| c.split(':').next().unwrap_or(""))
        .unwrap_or("");
    changes
        .iter()
        .filter(|c| match (&c.period, &c.adjustment) {
            (Some(period), _) => {
                let in_period = column == period
                    || figure.contains(period.as_str())
                    || c.related.iter().any(|r| r == column);
                // The rows of the changed line and its totals; and every
                // reconciliation, which starts from those totals.
                let row = figure.split(" | ").nth(1).unwrap_or("");
                let reconciled = figure.contains("Reconciliation") || figure.contains("Non-GAAP");
                in_period
                    && (c.labels.is_empty()
                        || reconciled
                        || c.labels.iter().any(|l| row.contains(l.as_str())))
            }
            (None, Some((id, label))) => {
                figure.contains(label.as_str())
                    || column == id
                    || figure.contains("Non-GAAP")
                    || figure.contains("non_gaap")
            }
            (None, None) => true,
        })
        .collect()
}

fn change_line(c: &Change) -> String {
    format!(
        "{}:{}: `{}` -> `{}`",
        c.file,
        c.line,
        c.old.trim(),
        c.new.trim()
    )
}

fn text(sides: &[Side], moved: &[String], changes: &[Change]) -> String {
    let mut out = String::new();
    if sides.iter().any(|s| !s.findings.is_empty()) {
        for side in sides {
            out.push_str(&format!("{}\n", side.summary(false)));
            for d in &side.findings {
                out.push_str(&format!("  {}\n", finding_line(d)));
            }
        }
        out.push('\n');
    }
    if moved.is_empty() {
        out.push_str("no figure moved\n");
        return out;
    }
    out.push_str(&format!("{}\n", figures_moved(moved.len())));
    for figure in moved {
        out.push_str(&format!("{}\n", figure.trim()));
        for c in behind(figure, changes) {
            out.push_str(&format!("    moved by {}\n", change_line(c)));
        }
    }
    out
}

fn markdown(sides: &[Side], moved: &[String], changes: &[Change]) -> String {
    let mut out = String::new();
    if sides.iter().any(|s| !s.findings.is_empty()) {
        out.push_str("**Tie-out**\n\n");
        for side in sides {
            out.push_str(&format!("- {}\n", side.summary(true)));
            for d in &side.findings {
                out.push_str(&format!("  - {}\n", finding_line(d)));
            }
        }
        out.push('\n');
    }
    if moved.is_empty() {
        out.push_str("No figure moved.\n");
        return out;
    }
    out.push_str(&format!(
        "**{}**\n\n| figure | change | moved by |\n|---|---|---|\n",
        figures_moved(moved.len())
    ));
    for figure in moved {
        let (what, change) = figure
            .trim()
            .rsplit_once(": ")
            .unwrap_or((figure.trim(), ""));
        let by: Vec<String> = behind(figure, changes)
            .iter()
            .map(|c| change_line(c))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            what.replace('|', "\\|"),
            change,
            by.join("<br>").replace('|', "\\|")
        ));
    }
    out
}

fn json(sides: &[Side], moved: &[String], changes: &[Change]) -> String {
    let figures: Vec<serde_json::Value> = moved
        .iter()
        .map(|figure| {
            let (what, change) = figure
                .trim()
                .rsplit_once(": ")
                .unwrap_or((figure.trim(), ""));
            serde_json::json!({
                "figure": what,
                "change": change,
                "moved_by": behind(figure, changes).iter().map(|c| serde_json::json!({
                    "file": c.file, "line": c.line, "old": c.old, "new": c.new,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let side = |s: &Side| {
        serde_json::json!({
            "revision": s.rev,
            "ties_out": s.findings.is_empty(),
            "findings": s.findings.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        })
    };
    format!(
        "{}\n",
        serde_json::to_string_pretty(&serde_json::json!({
            "schema_version": 1,
            "tie_out": {"from": side(&sides[0]), "to": side(&sides[1])},
            "moved": figures,
        }))
        .unwrap_or_default()
    )
}

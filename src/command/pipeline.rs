//! The steps every model-reading command shares: find and load the files,
//! tie the model out (statements, published figures, lints), and stop on
//! the findings a command cannot print around.

use std::path::PathBuf;

use super::{Options, Outcome, rules_date};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::lint;
use crate::load;
use crate::model::{Adjustment, Statement};
use crate::published;
use crate::tieout::{self, TieOut};

/// Which command reads the model, for the few steps that differ by command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The reconciliation (no subcommand).
    Reconcile,
    Matrix,
    /// The release's own tables: GAAP only, no adjustments loaded.
    Statements,
    Segments,
    Check,
    /// explain, measures, outlook, snapshot, lint and prose.
    Other,
}

/// The statements file's path, its model and the adjustments.
pub(crate) type Inputs = (PathBuf, Statement, Vec<Adjustment>);

/// The statements file, its model and the adjustments; or every problem
/// found in them, adjustment syntax errors included when the statements
/// file is broken too.
pub(crate) fn load_inputs(opts: &Options, kind: Kind) -> Result<Inputs, Outcome> {
    load_files(opts, kind).map_err(|diagnostics| Outcome::bad_input(&diagnostics))
}

fn load_files(opts: &Options, kind: Kind) -> Result<Inputs, Vec<Diagnostic>> {
    let path =
        load::find_statement(&opts.statements, opts.entity.as_deref()).map_err(|d| vec![d])?;
    // The release's own tables are GAAP only: adjustments play no part.
    if kind == Kind::Statements {
        return load::load_statement(&path).map(|statement| (path, statement, Vec::new()));
    }
    let (statement, adjustments) = load::load_model(&path, &opts.adjustments)?;
    Ok((path, statement, adjustments))
}

/// The model tied out as `kind` ties it out; or, when the findings stop
/// the command, the outcome that lists them. `check` and the release's own
/// tables report every finding at once; a reconciliation withholds only
/// what the findings touch (the matrix: the periods with findings).
pub(crate) fn tie_out_or_stop(
    opts: &Options,
    kind: Kind,
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
) -> Result<TieOutReport, Outcome> {
    let report = tie_out_model(
        opts,
        statement,
        adjustments,
        adjuster,
        kind == Kind::Check,
        // The release's own tables are GAAP only: the published non-GAAP
        // figures need the adjustments, which that command does not load.
        kind != Kind::Statements,
    )
    .map_err(|d| Outcome::bad_input(&[d]))?;
    let reconciling = matches!(kind, Kind::Reconcile | Kind::Matrix);
    let unplaced = |f: &Diagnostic| {
        f.period().is_none()
            && !(kind == Kind::Reconcile
                && matches!(
                    f.subject(),
                    Some(crate::diagnostic::Subject::Adjustments(_))
                ))
    };
    let findings = &report.findings;
    if !findings.is_empty() && (!reconciling || findings.iter().any(unplaced)) {
        let mut outcome = Outcome::findings(findings);
        if kind == Kind::Check {
            outcome.figures = report.checked;
        }
        return Err(outcome);
    }
    Ok(report)
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
    opts: &Options,
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
        let (as_of, _) = rules_date(opts, statement)?;
        let lints = lint::run_with(statement, adjustments, as_of, adjuster);
        allowed = lints.allowed;
        for finding in lints.findings {
            match (finding.is_warning(), opts.deny_warnings) {
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
    // Gathered once: a scan of every period per figure is quadratic.
    let recorded: Vec<&crate::source::Site> = statement
        .periods
        .iter()
        .flat_map(|p| p.known_differences.iter().map(|k| &k.figure))
        .collect();
    for figure in &mut checked {
        let recorded = recorded
            .iter()
            .any(|k| crate::withhold::same_place(k, &figure.site));
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

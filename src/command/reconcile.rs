//! `reconcile` (no subcommand): the measures reconciled from GAAP to
//! non-GAAP in the chosen periods, one block per measure; what the
//! findings touch is withheld.

use std::path::PathBuf;

use super::pipeline::Kind;
use super::tables::{self, Shown};
use super::{Options, Outcome};
use crate::diagnostic::Diagnostic;
use crate::model::{Adjustment, DEFAULT_MEASURES, NonGaapMeasure, Statement};
use crate::report;
use crate::view;

/// Loads and ties out the model, then prints the reconciliation.
pub fn run(opts: &Options) -> Outcome {
    tables::run(opts, Kind::Reconcile, reconciliation_tables)
}

/// The reconciliation of the chosen measures; a period all of whose blocks
/// the findings withhold is withheld whole.
fn reconciliation_tables(shown: &mut Shown) -> Result<Vec<report::Table>, Diagnostic> {
    let (opts, statement, adjustments, adjuster, findings, scale) = (
        shown.opts,
        shown.statement,
        shown.adjustments,
        shown.adjuster,
        shown.findings,
        shown.scale,
    );
    let Shown {
        chosen,
        withheld,
        withheld_blocks,
        ..
    } = shown;
    // A reconciliation shows no published figure that does not tie, and
    // withholds the blocks the findings touch. Where none is withheld, the
    // model's own adjusted statement is shown, not built again.
    let shown_model = crate::withhold::without_untied(statement, adjustments, findings);
    let measures = chosen_measures(opts, statement, adjustments, chosen);
    measures
        .and_then(|measures| {
            if adjustments.is_empty() {
                return Err(no_adjustments(&opts.adjustments));
            }
            let rec = |chosen: &[usize]| {
                reconcile_shown(statement, adjuster, shown_model.as_ref(), chosen, &measures)
            };
            let mut reconciled = rec(chosen.as_slice())?;
            if !findings.is_empty() {
                *withheld_blocks = crate::withhold::blocks(
                    statement,
                    adjustments,
                    adjuster,
                    &reconciled,
                    chosen.as_slice(),
                    findings,
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
                    reconciled = rec(chosen.as_slice())?;
                }
            }
            Ok(Some(reconciled))
        })
        .map(|rec| match rec {
            Some(rec) => {
                let mut table = report::reconciliation_table(&rec, scale);
                crate::withhold::mark(
                    &mut table,
                    statement,
                    withheld_blocks.as_slice(),
                    chosen.as_slice(),
                    findings,
                );
                vec![table]
            }
            None => Vec::new(),
        })
}

/// The reconciliation of the chosen periods, of the model as shown: the
/// copy without untied published figures where there is one, else the
/// model's own adjusted statement.
fn reconcile_shown(
    statement: &Statement,
    adjuster: &crate::engine::Adjuster,
    shown_model: Option<&(Statement, Vec<Adjustment>)>,
    chosen: &[usize],
    measures: &[NonGaapMeasure],
) -> Result<view::Reconciliation, Diagnostic> {
    match shown_model {
        Some((shown, shown_adjustments)) => {
            view::reconcile(shown, shown_adjustments, chosen, measures)
        }
        None => adjuster
            .adjust(chosen)
            .and_then(|adjusted| view::reconciliation(statement, &adjusted, measures)),
    }
    .map_err(|d| {
        d.with_instead(|m| format!("reconcile the per-share basis it prints (--measure {m})"))
    })
}

/// The measures to reconcile: `--measure`, else the measures the release
/// publishes, else net income and EPS on the bases the periods print.
fn chosen_measures(
    opts: &Options,
    statement: &Statement,
    adjustments: &[Adjustment],
    chosen: &[usize],
) -> Result<Vec<NonGaapMeasure>, Diagnostic> {
    let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let covers: Vec<Vec<String>> = adjustments.iter().map(covered_ids).collect();
    let covers: Vec<&[String]> = covers.iter().map(Vec::as_slice).collect();
    let claimed = crate::model::claimed(statement, &ids, &covers);
    let release = crate::model::release_measures(statement, &claimed);
    if let (true, Ok(Some(release))) = (opts.measure.is_empty(), &release) {
        // The measures the release publishes, in its order.
        Ok(release.clone())
    } else if let (true, Err(d)) = (opts.measure.is_empty(), &release) {
        Err(d.clone())
    } else if opts.measure.is_empty() {
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
        NonGaapMeasure::parse_list(&opts.measure, statement)
    }
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

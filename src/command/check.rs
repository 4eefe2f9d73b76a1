//! `reconcile check`: the statements and adjustments validated, the model
//! tied out and every duration period reconciled; says what was checked.
//! With `--format json`, every diagnostic and figure for a CI system.

use std::path::{Path, PathBuf};

use super::pipeline::{self, Kind, TieOutReport};
use super::{Options, Outcome};
use crate::diagnostic::{Diagnostic, render_all};
use crate::engine;
use crate::load;
use crate::model::{Adjustment, NonGaapMeasure, Statement};
use crate::published;
use crate::tieout::TieOut;
use crate::view;

/// Loads the model, ties it out with every lint in force, and checks that
/// it reconciles.
pub fn run(opts: &Options) -> Outcome {
    let (path, statement, adjustments) = match pipeline::load_inputs(opts, Kind::Check) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    let report =
        match pipeline::tie_out_or_stop(opts, Kind::Check, &statement, &adjustments, &adjuster) {
            Ok(report) => report,
            Err(outcome) => return outcome,
        };
    let outcome = check(
        &path,
        &opts.adjustments,
        &statement,
        &adjustments,
        &adjuster,
        &report.tie_out,
        &report.published,
    );
    if outcome.code != 0 {
        return outcome;
    }
    passed(opts, &statement, &adjustments, outcome, report)
}

/// A model that ties out and reconciles: the figures compared, the known
/// differences and allowed exceptions, the outlook, the warnings, and the
/// tie to the filed facts (`--against`).
fn passed(
    opts: &Options,
    statement: &Statement,
    adjustments: &[Adjustment],
    mut outcome: Outcome,
    report: TieOutReport,
) -> Outcome {
    let TieOutReport {
        warnings,
        allowed,
        known,
        checked,
        ..
    } = report;
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
        .push_str(&outlook_summary(statement, adjustments));
    let mut warnings = warnings;
    warnings.extend(crate::xbrl::duplicate_concepts(statement));
    warnings.extend(crate::xbrl::standard_lines_without_concepts(statement));
    if let Some(facts) = &opts.against {
        match crate::xbrl::read_facts(facts) {
            Err(d) => return Outcome::bad_input(&[d]),
            Ok(filed) => {
                let against = crate::xbrl::check_against(statement, &filed);
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
    outcome
}

/// `check --format json`: every diagnostic with its file, line, column,
/// rule and period, for a CI system to annotate a pull request.
pub fn json(outcome: Outcome) -> Outcome {
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

/// `reconcile check`: the model ties out (the caller has made sure) and every
/// duration period reconciles; says what was checked.
fn check(
    path: &Path,
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
    if let Err(d) = reconciles(statement, adjuster, &durations) {
        return Outcome::bad_input(&[d]);
    }
    let not_computed = match declared_computed(statement, adjuster, &durations) {
        Ok(not_computed) => not_computed,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    Outcome::success(format!(
        "{}{not_computed}{}",
        counted(path, statement, tie_out, durations.len()),
        published_and_adjustments(dirs, adjustments, tie_out, published),
    ))
}

/// Every period the adjustments apply to has what they need, and the
/// bottom line reconciles wherever the period gives it (a
/// reconciliation-only period may give only operating subtotals); so
/// does EPS on each basis a period prints a count for (a release may
/// print basic EPS only, or a column may print a diluted count only).
fn reconciles(
    statement: &Statement,
    adjuster: &engine::Adjuster,
    durations: &[usize],
) -> Result<(), Diagnostic> {
    let adjusted = adjuster.adjust(durations)?;
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
    let prints_basic = |s: &crate::model::Shares| s.basic.is_some() || s.non_gaap_basic.is_some();
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
}

/// Every declared measure and ratio is computed in every reported
/// duration: one that computes in none is an error in its definition; one
/// a period cannot give is listed.
/// Returns the lines that list what a period cannot give, or the error of
/// a measure that computes in no period.
fn declared_computed(
    statement: &Statement,
    adjuster: &engine::Adjuster,
    durations: &[usize],
) -> Result<String, Diagnostic> {
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
            Err(d) => return Err(d),
        }
    }
    for ((measure, id), mut failures) in declared.iter().zip(failures) {
        if !reported.is_empty() && failures.len() == reported.len() {
            let (_, cause) = failures.swap_remove(0);
            // An error in the definition itself is reported where it is.
            if cause.rule() == Some(view::DEFINITION) {
                return Err(cause);
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
            return Err(error);
        }
        for (p, d) in failures {
            not_computed.push_str(&format!(
                "  `{id}` is not computed in {}: {}\n",
                statement.periods[p].id,
                d.message()
            ));
        }
    }
    Ok(not_computed)
}

/// "3 line items", "1 line item".
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The first lines of the summary: the file, what the model holds, and
/// what was tied out in the statements.
fn counted(path: &Path, statement: &Statement, tie_out: &TieOut, durations: usize) -> String {
    let n = plural;
    let untied = untied_lines(tie_out);
    format!(
        "{path}: ties out\n\
         \x20 {lines}, {periods} ({durations}, {instants})\n\
         \x20 {totals}\n\
         \x20 {balances} balance\n\
         \x20 {eps}\n\
         \x20 {percentages}\n\
         {untied}",
        path = path.display(),
        lines = n(statement.line_items.len(), "line item", "line items"),
        periods = n(statement.periods.len(), "period", "periods"),
        durations = n(durations, "duration", "durations"),
        instants = n(statement.periods.len() - durations, "instant", "instants"),
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
    )
}

/// The totals not tied out (a reconciliation-only period's), and the
/// periods whose EPS is a year-to-date difference without the year to date.
fn untied_lines(tie_out: &TieOut) -> String {
    let untied = if tie_out.untied.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = tie_out
            .untied
            .iter()
            .map(|(period, line)| format!("{period} {line}"))
            .collect();
        format!(
            "  {} not tied out (reconciliation-only periods give only some of their components): {}\n",
            plural(tie_out.untied.len(), "reported total", "reported totals"),
            list.join(", ")
        )
    };
    untied
        + &tie_out
            .ytd_missing
            .iter()
            .map(|p| {
                format!(
                    "  {p}: EPS is year to date less the prior year to date (ytd_difference), but the model lacks a year to date; tied to its own shares instead\n"
                )
            })
            .collect::<String>()
}

/// A line for each file in the adjustment folders that is not read, with why.
fn skipped_lines(paths: &[PathBuf]) -> String {
    paths
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
        .collect::<String>()
}

/// The last lines of the summary: the published non-GAAP figures, the
/// figures that tie within rounding, the adjustments, the files skipped.
fn published_and_adjustments(
    dirs: &[PathBuf],
    adjustments: &[Adjustment],
    tie_out: &TieOut,
    published: &published::PublishedTieOut,
) -> String {
    let n = plural;
    let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let skipped_paths = load::skipped_files(dirs);
    let dirs: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    format!(
        "{published}\
         {within}\
         {adjustments_line}\n{skipped}",
        skipped = skipped_lines(&skipped_paths),
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
    )
}

/// "36 reported totals" and, when some tie only within rounding, how many.
fn with_rounding(counted: String, within: usize) -> String {
    if within == 0 {
        counted
    } else {
        format!("{counted} ({within} within rounding)")
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

//! The run of the commands that print tables (the reconciliation, the
//! matrix, the release's statements, the segments): choose the periods,
//! withhold what the findings touch, build the command's tables, render
//! them, and say what was withheld and why.

use super::pipeline::{self, Kind};
use super::{Options, Outcome, presentation, rules_date};
use crate::diagnostic::{Diagnostic, render_all};
use crate::engine;
use crate::lint;
use crate::model::{Adjustment, Period, Statement, Units};
use crate::report::{self, Format, Scale};

/// What a command's tables are built from: the model, its adjusted
/// statement, the findings, the chosen periods and how money is shown. A
/// builder may withhold more (`chosen`, `withheld`, `withheld_blocks`).
pub(crate) struct Shown<'a> {
    pub opts: &'a Options,
    pub statement: &'a Statement,
    pub adjustments: &'a [Adjustment],
    pub adjuster: &'a engine::Adjuster<'a>,
    pub findings: &'a [Diagnostic],
    /// The chosen periods before a builder withholds any.
    pub periods: &'a [&'a Period],
    pub units: Option<Units>,
    pub scale: Scale,
    /// The periods printed, as indices into `statement.periods`.
    pub chosen: Vec<usize>,
    /// The periods withheld whole because of the findings.
    pub withheld: Vec<usize>,
    /// The blocks withheld: period, block id, and the rows of the block.
    pub withheld_blocks: Vec<(usize, String, Vec<usize>)>,
}

/// Builds a command's tables from what is shown.
pub(crate) type Build = fn(&mut Shown) -> Result<Vec<report::Table>, Diagnostic>;

/// Loads the model, ties it out, and prints the tables `build` makes of the
/// chosen periods, withholding what the findings touch.
pub(crate) fn run(opts: &Options, kind: Kind, build: Build) -> Outcome {
    let (_, mut statement, adjustments) = match pipeline::load_inputs(opts, kind) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let findings = {
        let adjuster = engine::Adjuster::new(&statement, &adjustments);
        match pipeline::tie_out_or_stop(opts, kind, &statement, &adjustments, &adjuster) {
            Ok(report) => report.findings,
            Err(outcome) => return outcome,
        }
    };
    let chosen = match crate::periods::choose_periods(&mut statement, opts.period.as_deref()) {
        Ok(chosen) => chosen,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    // Naming a period may derive one: the model's adjusted statement anew.
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    if let Err(d) = durations_only(kind, &statement, &chosen) {
        return Outcome::bad_input(&[d]);
    }
    let withheld = withheld_periods(kind, &statement, &chosen, &findings);
    let chosen: Vec<usize> = chosen
        .into_iter()
        .filter(|i| !withheld.contains(i))
        .collect();
    if !findings.is_empty() && chosen.is_empty() {
        return Outcome::findings(&findings);
    }
    let periods: Vec<&Period> = chosen.iter().map(|&i| &statement.periods[i]).collect();
    if !opts.measure.is_empty() && kind == Kind::Matrix {
        return Outcome::bad_input(&[Diagnostic::new(
            "--measure chooses the blocks of a reconciliation; the matrix shows every line",
        )
        .help("leave out --measure, or run `reconcile --measure ...` without `matrix`")]);
    }
    let (format, units, scale) = presentation(opts, &statement);
    let mut shown = Shown {
        opts,
        statement: &statement,
        adjustments: &adjustments,
        adjuster: &adjuster,
        findings: &findings,
        periods: &periods,
        units,
        scale,
        chosen,
        withheld,
        withheld_blocks: Vec::new(),
    };
    let tables = build(&mut shown);
    let Shown {
        chosen,
        withheld,
        withheld_blocks,
        ..
    } = shown;
    // An exception to the SEC's rules that the files allow is printed with
    // the tables, never silent.
    let tables =
        tables.map(|tables| with_allowed(opts, &statement, &adjustments, &adjuster, tables));
    if matches!(&tables, Ok(t) if t.is_empty()) && !findings.is_empty() {
        return Outcome::findings(&findings);
    }
    let outcome = render(kind, format, &statement, &periods, units, tables);
    if findings.is_empty() || outcome.code != 0 {
        return outcome;
    }
    with_findings(
        &statement,
        outcome,
        findings,
        &chosen,
        &withheld,
        &withheld_blocks,
    )
}

/// The tables rendered in the format asked for; in HTML, a reconciliation
/// is an exhibit, the release's own tables first.
fn render(
    kind: Kind,
    format: Format,
    statement: &Statement,
    periods: &[&Period],
    units: Option<Units>,
    tables: Result<Vec<report::Table>, Diagnostic>,
) -> Outcome {
    // The exhibit in HTML: the release's own tables, then the
    // reconciliation.
    let tables = if kind == Kind::Reconcile && format == Format::Html {
        tables.and_then(|reconciliation| exhibit_tables(statement, periods, units, reconciliation))
    } else {
        tables
    };
    match tables.and_then(|tables| report::check_scale(&tables).map(|()| tables)) {
        Ok(tables) => Outcome::success(report::render(&tables, format)),
        Err(d) => Outcome::bad_input(&[d]),
    }
}

/// The matrix and the release's statement tables are of flows: a
/// balance-sheet date is a column only of a reconciliation.
fn durations_only(kind: Kind, statement: &Statement, chosen: &[usize]) -> Result<(), Diagnostic> {
    if matches!(kind, Kind::Matrix | Kind::Statements | Kind::Segments)
        && let Some(&instant) = chosen
            .iter()
            .find(|&&p| !statement.periods[p].is_duration())
    {
        let durations: Vec<&str> = statement
            .periods
            .iter()
            .filter(|p| p.is_duration())
            .map(|p| p.id.as_str())
            .collect();
        return Err(Diagnostic::at(
            &statement.periods[instant].site,
            format!(
                "period {} is an instant (a balance sheet date)",
                statement.periods[instant].id
            ),
        )
        .help(format!(
            "this table's columns are duration periods: {}",
            durations.join(", ")
        )));
    }
    Ok(())
}

/// The matrix withholds every period a finding reaches; a reconciliation
/// the periods a finding about the whole period reaches, and (its builder)
/// the blocks the others touch.
fn withheld_periods(
    kind: Kind,
    statement: &Statement,
    chosen: &[usize],
    findings: &[Diagnostic],
) -> Vec<usize> {
    match kind {
        Kind::Reconcile => crate::withhold::whole_periods(statement, chosen, findings),
        _ => chosen
            .iter()
            .copied()
            .filter(|&p| {
                findings
                    .iter()
                    .any(|f| crate::withhold::reaches(statement, p, f))
            })
            .collect(),
    }
}

/// Each table noted with the exceptions to the SEC's rules the files allow.
fn with_allowed(
    opts: &Options,
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    mut tables: Vec<report::Table>,
) -> Vec<report::Table> {
    // Only an `allow` the files write can be noted: no lint run without one.
    let allows = !statement.allow.is_empty() || adjustments.iter().any(|a| !a.allow.is_empty());
    if let (true, Ok((as_of, _))) = (allows, rules_date(opts, statement)) {
        let allowed = lint::run_with(statement, adjustments, as_of, adjuster).allowed;
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
}

/// A run with findings whose tables printed: the findings on standard
/// error, and what they withheld (periods, blocks) or that they withheld
/// nothing printed. Exit 1.
fn with_findings(
    statement: &Statement,
    outcome: Outcome,
    findings: Vec<Diagnostic>,
    chosen: &[usize],
    withheld: &[usize],
    withheld_blocks: &[(usize, String, Vec<usize>)],
) -> Outcome {
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
        for (p, id, _) in withheld_blocks {
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
            crate::withhold::reaches(statement, p, f)
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

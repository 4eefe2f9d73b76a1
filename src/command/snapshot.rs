//! `reconcile snapshot`: every figure the model produces, one per line, to
//! reconciled/figures.txt; with `--check`, compared with the committed file.

use std::path::{Path, PathBuf};

use super::pipeline::{self, Kind};
use super::{Options, Outcome, shell_word};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::model::{Adjustment, NonGaapMeasure, Period, Statement};
use crate::periods::all_durations;
use crate::report::{self, FigureLines, Scale};
use crate::view;

/// Loads and ties out the model, then writes its figures to `out`, or
/// compares them with those committed there.
pub fn run(opts: &Options, check: bool, out: &Path) -> Outcome {
    let (_, statement, adjustments) = match pipeline::load_inputs(opts, Kind::Other) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    if let Err(outcome) =
        pipeline::tie_out_or_stop(opts, Kind::Other, &statement, &adjustments, &adjuster)
    {
        return outcome;
    }
    snapshot(
        &statement,
        &adjustments,
        &adjuster,
        check,
        out,
        &snapshot_command(opts, out),
    )
}

/// Every figure the model produces, one per line: the statement tables,
/// the reconciliation of the bottom line and EPS, each declared measure and
/// ratio, and the matrix of each period.
pub fn figures(
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Result<FigureLines, Diagnostic> {
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
) -> Result<FigureLines, Diagnostic> {
    let mut out = FigureLines::default();
    figures_into(statement, adjustments, adjuster, &mut out)?;
    Ok(out)
}

/// `figures_with`, written after what `out` holds.
fn figures_into(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    out: &mut FigureLines,
) -> Result<(), Diagnostic> {
    let chosen = all_durations(statement);
    let periods: Vec<&Period> = chosen.iter().map(|&i| &statement.periods[i]).collect();
    let scale = Scale {
        model: statement.entity.units,
        shown: statement.entity.units,
        shares: statement.entity.share_units,
        decimals: Some(statement.money_decimals()),
    };
    let mut tables = report::statement_tables(statement, &periods, None)?;
    if adjustments.is_empty() || chosen.is_empty() {
        report::figure_lines(&tables, out);
        return Ok(());
    }
    bottom_line_tables(statement, adjuster, &chosen, scale, &mut tables)?;
    declared_tables(statement, adjuster, &chosen, scale, &mut tables);
    report::figure_lines(&tables, out);
    drop(tables);
    let ids: std::collections::HashSet<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let mut titles = std::collections::HashMap::new();
    for &p in &chosen {
        let adjusted = adjuster.adjust(&[p])?;
        let mut matrix = view::matrix(statement, &adjusted)?;
        // Two periods under one heading: the second's matrix is told apart
        // by its order, so no two figures share a key.
        let count = titles.entry(matrix.period.header.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            matrix.period.header = format!("{} #{count}", matrix.period.header);
        }
        matrix_lines(&matrix, scale, &ids, out);
    }
    Ok(())
}

/// A period's matrix as figures: an adjustment's column holds one only
/// where the adjustment moves the line, so the figures are taken from the
/// cells it has (as many as the adjustments that reach each line), not
/// from a table of lines times adjustments.
fn matrix_lines(
    matrix: &view::Matrix,
    scale: Scale,
    adjustments: &std::collections::HashSet<&str>,
    lines: &mut FigureLines,
) {
    // An adjustment whose id spells a column of the matrix's own (`gaap`)
    // keeps its zeros, as it always has: from the full table.
    let reserved = matrix.columns.iter().any(|c| match c {
        view::MatrixColumn::Effect(a) => {
            !is_adjustment_column(&matrix.adjustments[*a].id, adjustments)
        }
        _ => false,
    });
    if reserved {
        let mut table = report::matrix_table(matrix, scale);
        without_unmoved_cells(&mut table, adjustments);
        report::figure_lines(std::slice::from_ref(&table), lines);
        return;
    }
    let mut sparse = report::matrix_figures(matrix, scale);
    let columns: Vec<bool> = sparse
        .table
        .columns
        .iter()
        .map(|c| is_adjustment_column(&c.id, adjustments))
        .collect();
    for row in &mut sparse.cells {
        row.retain(|(c, cell)| !(columns.get(*c).copied().unwrap_or(false) && is_zero(cell)));
    }
    report::sparse_figure_lines(&sparse, lines);
}

/// A figure cell that holds zero.
fn is_zero(cell: &report::Cell) -> bool {
    matches!(
        cell,
        report::Cell::Money(d) | report::Cell::PerShare(d) | report::Cell::Shares(d) if d.is_zero()
    )
}

/// A matrix column that holds one adjustment's effect: named by its id,
/// and not the GAAP, tax or non-GAAP column (an id may spell one of those).
fn is_adjustment_column(column: &str, adjustments: &std::collections::HashSet<&str>) -> bool {
    adjustments.contains(column) && !matches!(column, "gaap" | "income_tax" | "non_gaap")
}

/// A matrix's adjustment columns as figures: each adjustment's effect where
/// it moves a line, not the zero of every line it leaves alone (lines times
/// adjustments in every period, most of them zero).
fn without_unmoved_cells(
    matrix: &mut report::Table,
    adjustments: &std::collections::HashSet<&str>,
) {
    let columns: Vec<bool> = matrix
        .columns
        .iter()
        .map(|c| is_adjustment_column(&c.id, adjustments))
        .collect();
    for row in &mut matrix.rows {
        for (cell, &adjustment) in row.cells.iter_mut().zip(&columns) {
            if adjustment && is_zero(cell) {
                *cell = report::Cell::Empty;
            }
        }
    }
}

/// The reconciliation of the bottom line and EPS on each basis the periods
/// print a count for.
fn bottom_line_tables(
    statement: &Statement,
    adjuster: &engine::Adjuster,
    chosen: &[usize],
    scale: Scale,
    tables: &mut Vec<report::Table>,
) -> Result<(), Diagnostic> {
    let adjusted = adjuster.adjust(chosen)?;
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
            for &p in chosen {
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
    Ok(())
}

/// Each declared measure and ratio, its table named by its id.
fn declared_tables(
    statement: &Statement,
    adjuster: &engine::Adjuster,
    chosen: &[usize],
    scale: Scale,
    tables: &mut Vec<report::Table>,
) {
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
        let mut groups: Vec<Vec<usize>> = vec![chosen.to_vec()];
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
}

/// The command line that writes the figures of the same files afresh:
/// `reconcile snapshot`, with the options that differ from the defaults.
fn snapshot_command(opts: &Options, out: &Path) -> String {
    let quoted = |path: &Path| shell_word(&path.display().to_string());
    let mut command = String::from("reconcile snapshot");
    if opts.statements != Path::new("statements") {
        command.push_str(&format!(" --statements {}", quoted(&opts.statements)));
    }
    if opts.adjustments != [PathBuf::from("adjustments")] {
        for dir in &opts.adjustments {
            command.push_str(&format!(" --adjustments {}", quoted(dir)));
        }
    }
    if let Some(entity) = &opts.entity {
        command.push_str(&format!(" --entity {}", quoted(Path::new(entity))));
    }
    if out != Path::new("reconciled") {
        command.push_str(&format!(" --out {}", quoted(out)));
    }
    command
}

/// Lines of a committed figures file that `reconcile snapshot` never
/// writes, as a merge leaves them: git's conflict markers, and a figure
/// whose key (`table | row | column`) is written a second time. Each is
/// `path:line: what`.
fn merge_leftovers(path: &Path, committed: &str) -> (usize, usize, Vec<String>) {
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
pub(crate) fn snapshot(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    check: bool,
    out: &Path,
    rerun: &str,
) -> Outcome {
    let mut figures = FigureLines::after(HEADER);
    if let Err(d) = figures_into(statement, adjustments, adjuster, &mut figures) {
        return Outcome::bad_input(&[d]);
    }
    if figures.count == 0 {
        // The header and an empty line, as the file has always been.
        figures.text.push('\n');
    }
    let path = out.join("figures.txt");
    let FigureLines { text, count } = figures;
    if !check {
        let written = std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, &text));
        return match written {
            Ok(()) => Outcome::success(format!("{}: {count} figures\n", path.display())),
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
        return not_as_written(&path, markers, twice, &found, rerun);
    }
    // A zero the figures no longer hold was a matrix cell an adjustment
    // leaves alone, which earlier versions wrote: not a move.
    let ids: std::collections::HashSet<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let moved: Vec<String> = compare_figures(&committed, &text)
        .into_iter()
        .filter(|m| !is_zero_gone(m, &ids))
        .collect();
    if moved.is_empty() {
        return Outcome::success(format!("{}: {count} figures, up to date\n", path.display()));
    }
    Outcome {
        stdout: String::new(),
        stderr: format!(
            "error: {} is stale: {}\n{}\n = help: run `{rerun}` and commit the file with the change that moved them\n",
            path.display(),
            super::diff::figures_moved(moved.len()),
            moved.join("\n")
        ),
        code: 1,
        diagnostics: Vec::new(),
        figures: Vec::new(),
    }
}

/// The figures file's header; one figure per line follows.
const HEADER: &str = "# Figures reconciled from the statements and adjustments, one per line:\n# table | row | column | figure. Written by `reconcile snapshot`; do not edit.\n";

/// A committed figures file a merge left conflict markers or a figure
/// written twice in: exit 1, each line named.
fn not_as_written(
    path: &Path,
    markers: usize,
    twice: usize,
    found: &[String],
    rerun: &str,
) -> Outcome {
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
    Outcome {
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
    }
}

/// "  table | row | column: 0 -> gone": a committed zero the figures no
/// longer hold, in a matrix's adjustment column (one the figures now leave
/// out where the adjustment does not move the line).
fn is_zero_gone(moved: &str, adjustments: &std::collections::HashSet<&str>) -> bool {
    let Some((key, was)) = moved
        .strip_suffix(" -> gone")
        .and_then(|m| m.rsplit_once(": "))
    else {
        return false;
    };
    let column = key.rsplit_once(" | ").map_or("", |(_, c)| c);
    is_adjustment_column(column, adjustments)
        && was
            .parse::<rust_decimal::Decimal>()
            .is_ok_and(|was| was.is_zero())
}

/// The figures that differ between two figure files: moved (old -> new),
/// added, removed; one line each, in the new file's order.
pub fn compare_figures(old: &str, new: &str) -> Vec<String> {
    compare_figure_lines(old.lines(), new.lines())
}

/// `compare_figures` over the lines themselves, borrowed: the figures of a
/// long history are millions of lines, not to be copied to be compared.
pub fn compare_figure_lines<'a>(
    old: impl Iterator<Item = &'a str>,
    new: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let split = |l: &'a str| -> Option<(&'a str, &'a str)> {
        if l.starts_with('#') || l.is_empty() {
            return None;
        }
        l.rsplit_once(" | ")
    };
    let old_figures: Vec<(&str, &str)> = old.filter_map(split).collect();
    let new_figures: Vec<(&str, &str)> = new.filter_map(split).collect();
    // A key written twice on a side (two periods with one heading, an
    // adjustment whose id is a matrix column's) is told apart by its order:
    // the first figure of a key is compared with the first, the second with
    // the second. Both sides mostly list the same keys in the same order:
    // they are compared in step, and only those after the first key that
    // differs are looked up.
    let same = old_figures
        .iter()
        .zip(&new_figures)
        .take_while(|(o, n)| o.0 == n.0)
        .count();
    let mut moved = Vec::new();
    for ((key, was), (_, value)) in old_figures.iter().zip(&new_figures).take(same) {
        if was != value {
            moved.push(figure_moved(key, was, value));
        }
    }
    // After the step, each key's figures in their order on each side (the
    // keys of the step are alike on both sides, so are their counts).
    let by_key = |figures: &[(&'a str, &'a str)]| {
        let mut seen: std::collections::HashMap<&'a str, usize> = std::collections::HashMap::new();
        figures
            .iter()
            .map(|&(key, value)| {
                let n = seen.entry(key).or_insert(0);
                *n += 1;
                ((key, *n), value)
            })
            .collect::<Vec<_>>()
    };
    let (old_rest, new_rest) = (by_key(&old_figures[same..]), by_key(&new_figures[same..]));
    let old_by_key: std::collections::HashMap<(&str, usize), &str> =
        old_rest.iter().copied().collect();
    let new_keys: std::collections::HashSet<(&str, usize)> =
        new_rest.iter().map(|(k, _)| *k).collect();
    for ((key, n), value) in &new_rest {
        match old_by_key.get(&(*key, *n)) {
            Some(was) if was == value => {}
            Some(was) => moved.push(figure_moved(key, was, value)),
            None => moved.push(format!("  {key}: new, {value}")),
        }
    }
    for ((key, n), value) in &old_rest {
        if !new_keys.contains(&(*key, *n)) {
            moved.push(format!("  {key}: {value} -> gone"));
        }
    }
    moved
}

/// "  key: was -> value (+change)", the change where both are numbers.
fn figure_moved(key: &str, was: &str, value: &str) -> String {
    let change = match (
        was.parse::<rust_decimal::Decimal>(),
        value.parse::<rust_decimal::Decimal>(),
    ) {
        (Ok(a), Ok(b)) => b
            .checked_sub(a)
            .map_or_else(String::new, |d| format!(" ({d:+})")),
        _ => String::new(),
    };
    format!("  {key}: {was} -> {value}{change}")
}

#[cfg(test)]
mod tests {
    use super::compare_figures;

    #[test]
    fn figures_compared_in_step_then_by_key_after_the_first_that_differs() {
        let old = "# header\nT | a | c | 1\nT | b | c | 2\nT | c | c | 3\nT | d | c | 4\n";
        let new = "T | a | c | 1\nT | b | c | 5\nT | x | c | 9\nT | c | c | 3\n";
        assert_eq!(
            compare_figures(old, new),
            [
                "  T | b | c: 2 -> 5 (+3)",
                "  T | x | c: new, 9",
                "  T | d | c: 4 -> gone",
            ]
        );
        // Keys in another order: the same figures, nothing moved.
        let reordered = "T | d | c | 4\nT | c | c | 3\nT | b | c | 2\nT | a | c | 1\n";
        assert!(compare_figures(old, reordered).is_empty());
        // A key written twice: its figures compared in order, wherever the
        // first difference falls.
        let twice = "T | a | c | 1\nT | a | c | 2\n";
        assert!(compare_figures(twice, twice).is_empty());
        assert_eq!(
            compare_figures(
                "T | y | c | 0\nT | a | c | 1\nT | a | c | 2\n",
                "T | z | c | 0\nT | a | c | 1\nT | a | c | 2\n"
            ),
            ["  T | z | c: new, 0", "  T | y | c: 0 -> gone"]
        );
        assert_eq!(
            compare_figures(twice, "T | a | c | 1\nT | a | c | 3\n"),
            ["  T | a | c: 2 -> 3 (+1)"]
        );
        assert_eq!(
            compare_figures(
                "T | q | c | 5\nT | a | c | 1\nT | a | c | 2\n",
                "T | a | c | 1\n"
            ),
            ["  T | q | c: 5 -> gone", "  T | a | c: 2 -> gone"]
        );
        // A change too large for a decimal is shown without its difference.
        let huge = "T | a | c | -79228162514264337593543950335\n";
        let other = "T | a | c | 79228162514264337593543950335\n";
        assert_eq!(
            compare_figures(huge, other),
            ["  T | a | c: -79228162514264337593543950335 -> 79228162514264337593543950335"]
        );
    }
}

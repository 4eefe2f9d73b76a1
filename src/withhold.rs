//! What a finding withholds from a reconciliation: the figures that depend
//! on the fact it concerns (the provenance `explain` follows), and nothing
//! else. A total that does not foot withholds the blocks that read it, its
//! components or a total it rolls into; a reported EPS that does not tie,
//! the per-share blocks of its basis; a percentage, its ratio; a lint of an
//! adjustment, the blocks the adjustment moves. A published non-GAAP figure
//! that does not tie withholds nothing computed: the computed figure is
//! shown, and noted. A finding about anything else withholds its whole
//! period: when in doubt, withhold.

use crate::diagnostic::{Diagnostic, Subject};
use crate::model::{
    Adjustment, AdjustmentRule, LineId, Measure, NonGaapMeasure, PeriodSpan, RatioTerm, Statement,
    TaxEffect,
};
use crate::view::{Block, Reconciliation};

/// The ids of the periods whose findings reach a period's figures: the
/// period, the periods a derived one is computed from, and for a duration
/// the balance-sheet dates at its start and end (an average balance).
pub fn sources(statement: &Statement, period: usize) -> Vec<&str> {
    let p = &statement.periods[period];
    // A derived period's findings: its own (a published figure recorded in
    // it) and those of the periods it comes from.
    let mut ids: Vec<&str> = match &p.derived {
        Some(d) => d
            .terms
            .iter()
            .map(|&(s, _)| statement.periods[s].id.as_str())
            .chain([p.id.as_str()])
            .collect(),
        None => vec![p.id.as_str()],
    };
    if let PeriodSpan::Duration { start, end } = p.span {
        let opening =
            crate::model::period::from_day_number(crate::model::period::day_number(start) - 1);
        for date in [opening, end] {
            if let Some(instant) = statement.instant_at(date) {
                ids.push(instant.id.as_str());
            }
        }
    }
    ids
}

/// Whether a finding concerns a period's figures at all.
pub fn reaches(statement: &Statement, period: usize, finding: &Diagnostic) -> bool {
    match finding.period() {
        Some(p) => sources(statement, period).contains(&p),
        // A lint of adjustments concerns every period they apply to.
        None => matches!(finding.subject(), Some(Subject::Adjustments(_))),
    }
}

/// Whether a finding that reaches a period withholds the whole of it.
pub fn whole_period(finding: &Diagnostic) -> bool {
    finding.subject().is_none()
}

/// The lines a measure reads (its terms, a ratio's numerator and
/// denominator, the preferred dividends an EPS deducts); `None` where they
/// cannot be told, which withholds.
fn lines_of(statement: &Statement, measure: NonGaapMeasure) -> Option<Vec<LineId>> {
    let terms = |m: NonGaapMeasure| -> Option<Vec<LineId>> {
        m.terms(statement)
            .ok()
            .map(|t| t.into_iter().map(|(l, _)| l).collect())
    };
    let term = |t: RatioTerm| match t {
        RatioTerm::Line(l) => Some(vec![l]),
        RatioTerm::Measure(i) => terms(NonGaapMeasure::Declared(i)),
    };
    let mut lines = match measure {
        NonGaapMeasure::Ratio(i) => {
            let r = &statement.ratios[i];
            let mut lines = term(r.numerator)?;
            lines.extend(term(r.denominator)?);
            lines
        }
        NonGaapMeasure::GrossMargin => {
            let mut lines = terms(NonGaapMeasure::GrossProfit)?;
            lines.extend(terms(NonGaapMeasure::Revenue)?);
            lines
        }
        NonGaapMeasure::OperatingMargin => {
            let mut lines = terms(NonGaapMeasure::OperatingIncome)?;
            lines.extend(terms(NonGaapMeasure::Revenue)?);
            lines
        }
        NonGaapMeasure::NetMargin => {
            let mut lines = terms(NonGaapMeasure::NetIncome)?;
            lines.extend(terms(NonGaapMeasure::Revenue)?);
            lines
        }
        other => terms(other)?,
    };
    if measure.is_per_share()
        && let Some(preferred) = statement.measure_line(Measure::PreferredDividends)
    {
        lines.push(preferred);
    }
    Some(lines)
}

/// The lines a total's footing involves: the totals, every component
/// below them, and every total any of those rolls into.
fn family(statement: &Statement, ids: &[String]) -> Option<Vec<LineId>> {
    let mut family: Vec<LineId> = Vec::new();
    let mut stack: Vec<LineId> = Vec::new();
    for id in ids {
        stack.push(statement.line_id(id)?);
    }
    // Down: the components, to the bottom.
    while let Some(line) = stack.pop() {
        if !family.contains(&line) {
            family.push(line);
            stack.extend(statement.components(line).map(|(c, _)| c));
        }
    }
    // Up: every total a line of the family rolls into.
    let count = statement.line_items.len();
    let mut grew = true;
    while grew {
        grew = false;
        for total in (0..count).map(LineId) {
            if !family.contains(&total)
                && statement
                    .components(total)
                    .any(|(c, _)| family.contains(&c))
            {
                family.push(total);
                grew = true;
            }
        }
    }
    Some(family)
}

/// The lines an adjustment's amount is read from, where it is read from the
/// statement; `None` where it may be read from any (a tax at an effective
/// rate on non-GAAP income, the noncontrolling interests' share).
fn read_by(adjustment: &Adjustment) -> Option<Vec<LineId>> {
    if matches!(adjustment.tax, TaxEffect::EffectiveRate(_)) {
        return None;
    }
    match &adjustment.rule {
        AdjustmentRule::ExcludeLine { line } => Some(vec![*line]),
        AdjustmentRule::NoncontrollingShare { .. } => None,
        _ => Some(Vec::new()),
    }
}

/// The measure, the adjustments it moves and its basis, of a block.
fn parts(block: &Block) -> (NonGaapMeasure, Option<Vec<bool>>, Option<&'static str>) {
    match block {
        Block::Amount(b) => (
            b.measure,
            Some(
                b.moves
                    .iter()
                    .zip(&b.taxed)
                    .map(|(m, t)| *m || *t)
                    .collect(),
            ),
            None,
        ),
        Block::PerShare(b) => (
            b.measure,
            Some(
                b.moves
                    .iter()
                    .zip(&b.taxed)
                    .map(|(m, t)| *m || *t)
                    .collect(),
            ),
            Some(match b.basis {
                crate::view::ShareBasis::Basic => "basic",
                crate::view::ShareBasis::Diluted => "diluted",
            }),
        ),
        // A ratio's adjustments are those of its terms: not told here.
        Block::Ratio(b) => (b.measure, None, None),
    }
}

/// The adjustments that move a ratio in a period: those with an effect on
/// a line it reads; `None` where that cannot be told.
fn ratio_moves(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjusted: Option<&crate::engine::AdjustedStatement>,
    measure: NonGaapMeasure,
) -> Option<Vec<bool>> {
    let column = adjusted?.columns.first()?;
    let lines = lines_of(statement, measure)?;
    Some(
        (0..adjustments.len())
            .map(|a| {
                lines.iter().any(|l| {
                    column.get(l.0).is_none_or(|figures| {
                        !figures.effects[a].is_zero() || !figures.taxes[a].is_zero()
                    })
                })
            })
            .collect(),
    )
}

/// The block's id, as its rows are keyed.
pub fn block_id(block: &Block) -> &str {
    match block {
        Block::Amount(b) => &b.id,
        Block::PerShare(b) => &b.id,
        Block::Ratio(b) => &b.id,
    }
}

/// Whether a finding that reaches a period withholds a block of it.
pub fn touches(
    statement: &Statement,
    adjustments: &[Adjustment],
    block: &Block,
    ratio_moves: Option<&[bool]>,
    finding: &Diagnostic,
) -> bool {
    let (measure, moves, basis) = parts(block);
    let moves = moves.or(ratio_moves.map(<[bool]>::to_vec));
    let moved = |a: usize| {
        moves
            .as_ref()
            .is_none_or(|m| m.get(a).copied().unwrap_or(true))
    };
    match finding.subject() {
        None => true,
        Some(Subject::Published) => false,
        Some(Subject::Ratio(id)) => match measure {
            NonGaapMeasure::Ratio(i) => statement.ratios[i].id == *id,
            _ => false,
        },
        Some(Subject::PerShare(of)) => basis.is_some_and(|b| of.is_none_or(|of| of == b)),
        Some(Subject::Adjustments(ids)) => adjustments
            .iter()
            .enumerate()
            .any(|(a, adjustment)| ids.contains(&adjustment.id) && moved(a)),
        Some(Subject::Lines(ids)) => {
            let (Some(family), Some(read)) = (family(statement, ids), lines_of(statement, measure))
            else {
                return true;
            };
            read.iter().any(|l| family.contains(l))
                || adjustments.iter().enumerate().any(|(a, adjustment)| {
                    moved(a)
                        && read_by(adjustment)
                            .is_none_or(|lines| lines.iter().any(|l| family.contains(l)))
                })
        }
    }
}

/// What the findings withhold from a reconciliation of `chosen` periods.
#[derive(Debug, Default)]
pub struct Withheld {
    /// Periods withheld whole (indices into the statement's periods).
    pub periods: Vec<usize>,
    /// Blocks withheld in a period: (period index, block id, the indices
    /// of the findings that withhold it).
    pub blocks: Vec<(usize, String, Vec<usize>)>,
}

/// The periods withheld whole: those a finding about the whole period
/// reaches.
pub fn whole_periods(
    statement: &Statement,
    chosen: &[usize],
    findings: &[Diagnostic],
) -> Vec<usize> {
    chosen
        .iter()
        .copied()
        .filter(|&p| {
            findings
                .iter()
                .any(|f| reaches(statement, p, f) && whole_period(f))
        })
        .collect()
}

/// The blocks of a reconciliation each finding withholds, period by period.
pub fn blocks(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &crate::engine::Adjuster,
    rec: &Reconciliation,
    chosen: &[usize],
    findings: &[Diagnostic],
) -> Vec<(usize, String, Vec<usize>)> {
    let mut out = Vec::new();
    for &p in chosen {
        let adjusted = adjuster.adjust(&[p]).ok();
        for block in &rec.blocks {
            let moves = match block {
                Block::Ratio(b) => {
                    ratio_moves(statement, adjustments, adjusted.as_ref(), b.measure)
                }
                _ => None,
            };
            let by: Vec<usize> = findings
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    reaches(statement, p, f)
                        && touches(statement, adjustments, block, moves.as_deref(), f)
                })
                .map(|(i, _)| i)
                .collect();
            if !by.is_empty() {
                out.push((p, block_id(block).to_string(), by));
            }
        }
    }
    out
}

/// Whether two sites are the same place in the same file.
pub fn same_place(a: &crate::source::Site, b: &crate::source::Site) -> bool {
    a.span == b.span && a.file.path() == b.file.path()
}

/// The model as a reconciliation shows it under these findings: a
/// published figure (or an adjustment's per-share amount) that does not
/// tie is not shown in place of the computed one. `None` when no finding
/// is about a published figure: the model is shown as it is.
pub fn without_untied(
    statement: &Statement,
    adjustments: &[Adjustment],
    findings: &[Diagnostic],
) -> Option<(Statement, Vec<Adjustment>)> {
    // A reported EPS or percentage that does not tie is withheld; the
    // figures behind it are computed, so no note speaks of it.
    let untied: Vec<&crate::source::Site> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.subject(),
                Some(Subject::Published | Subject::PerShare(_) | Subject::Ratio(_))
            )
        })
        .filter_map(Diagnostic::site)
        .collect();
    if untied.is_empty() {
        return None;
    }
    let tied = |site: &crate::source::Site| !untied.iter().any(|u| same_place(u, site));
    let mut statement = statement.clone();
    for period in &mut statement.periods {
        period.published.retain(|p| tied(&p.fact.site));
        period.percentages.retain(|_, f| tied(&f.site));
        // Only where a count computes it: a period without one shows the
        // release's EPS.
        let counted = period
            .shares
            .as_ref()
            .is_some_and(|s| s.basic.is_some() && s.diluted.is_some());
        if let (true, Some(eps)) = (counted, period.eps.as_mut()) {
            for fact in [&mut eps.basic, &mut eps.diluted] {
                if fact.as_ref().is_some_and(|f| !tied(&f.site)) {
                    *fact = None;
                }
            }
        }
    }
    let mut adjustments = adjustments.to_vec();
    for adjustment in &mut adjustments {
        adjustment.per_share.basic.retain(|_, (_, site)| tied(site));
        adjustment
            .per_share
            .diluted
            .retain(|_, (_, site)| tied(site));
    }
    Some((statement, adjustments))
}

/// The table with each withheld figure shown as "withheld", and a note per
/// finding naming what it withholds and where it is; a published figure
/// that does not tie is noted.
pub fn mark(
    table: &mut crate::report::Table,
    statement: &Statement,
    blocks: &[(usize, String, Vec<usize>)],
    shown: &[usize],
    findings: &[Diagnostic],
) {
    use crate::report::{Cell, Source};
    for (p, id, _) in blocks {
        let period = &statement.periods[*p].id;
        let Some(j) = table.columns.iter().position(|c| c.id == *period) else {
            continue;
        };
        for row in &mut table.rows {
            if row.key.measure.as_deref() != Some(id.as_str()) {
                continue;
            }
            if let Some(cell) = row.cells.get_mut(j)
                && *cell != Cell::Empty
            {
                *cell = Cell::Text("withheld".to_string());
                if let Some(source) = row.sources.get_mut(j) {
                    *source = Source::default();
                }
            }
        }
    }
    for (i, finding) in findings.iter().enumerate() {
        let at = finding.file_line().unwrap_or_default();
        let message = finding.message().trim_end_matches('.');
        let mut by_period: Vec<(usize, Vec<&str>)> = Vec::new();
        for (p, id, by) in blocks {
            if !by.contains(&i) {
                continue;
            }
            match by_period.iter_mut().find(|(q, _)| q == p) {
                Some((_, ids)) => ids.push(id),
                None => by_period.push((*p, vec![id])),
            }
        }
        if !by_period.is_empty() {
            let list: Vec<String> = by_period
                .iter()
                .map(|(p, ids)| format!("{} {}", statement.periods[*p].id, ids.join(", ")))
                .collect();
            table.notes.push(format!(
                "Withheld ({}): the finding at {at}: {message}.",
                list.join("; ")
            ));
        } else if finding.subject() == Some(&Subject::Published)
            && shown.iter().any(|&p| reaches(statement, p, finding))
        {
            table.notes.push(format!(
                "Not tied: the release's figure at {at}: {message}; the computed figure is shown."
            ));
        }
    }
}

//! The segment view: a measure reconciled per segment and in total. For each
//! segment (each line rolling into a segment total): its GAAP figure, each
//! adjustment's allocated effect, its adjusted figure; then the total, whose
//! GAAP figure is the consolidated line and whose adjusted figure is the
//! consolidated non-GAAP measure. Exact; nothing rounded.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::engine::AdjustedStatement;
use crate::model::{LineId, PeriodHeading, Statement, allocated, segment_totals};

/// One segment total reconciled, every chosen period.
#[derive(Debug, Clone)]
pub struct SegmentReconciliation {
    /// The segment total's id (`segment_operating_income`).
    pub id: String,
    /// The consolidated line it ties to, its id and its caption
    /// ("operating income").
    pub consolidated_id: String,
    pub caption: String,
    pub periods: Vec<PeriodHeading>,
    /// US GAAP or IFRS: the words of the labels.
    pub standard: crate::raw::Standard,
    /// Each segment, in the order declared, then the total.
    pub segments: Vec<SegmentBlock>,
    pub total: SegmentBlock,
}

/// A segment's reconciliation: GAAP + the effects = adjusted, per column.
#[derive(Debug, Clone)]
pub struct SegmentBlock {
    pub line: String,
    pub label: String,
    pub gaap: Vec<Decimal>,
    /// Each adjustment with an effect in some column: (id, label, effects).
    pub effects: Vec<(String, String, Vec<Decimal>)>,
    pub adjusted: Vec<Decimal>,
}

/// Reconciles every segment total that ties to a consolidated line and to
/// which some adjustment allocates; `adjusted` holds the columns.
pub fn segments(
    statement: &Statement,
    adjustments: &[crate::model::Adjustment],
    adjusted: &AdjustedStatement,
) -> Result<Vec<SegmentReconciliation>, Diagnostic> {
    let mut out = Vec::new();
    for (total, consolidated) in segment_totals(statement) {
        out.push(one(statement, adjustments, adjusted, total, consolidated)?);
    }
    if out.is_empty() {
        return Err(Diagnostic::at(&statement.site, "the statements file reports no measure by segment")
            .help("declare the segment lines with statement = \"segments\", rolling up into a segment total with ties_to = \"<consolidated line id>\""));
    }
    Ok(out)
}

fn one(
    statement: &Statement,
    adjustments: &[crate::model::Adjustment],
    adjusted: &AdjustedStatement,
    total: LineId,
    consolidated: LineId,
) -> Result<SegmentReconciliation, Diagnostic> {
    let columns = adjusted.period_index.len();
    let value = |line: LineId, column: usize| -> Result<Decimal, Diagnostic> {
        let period = &statement.periods[adjusted.period_index[column]];
        statement.value(period, line)?.ok_or_else(|| {
            Diagnostic::at(
                &statement.line(line).site,
                format!(
                    "`{}` has no value in period {}",
                    statement.line(line).id,
                    period.id
                ),
            )
            .help("add it to the period's [period.values], as the release prints it")
        })
    };
    let effect = |a: usize, column: usize| adjusted.columns[column][consolidated.0].effects[a];
    let allocating = adjustments.iter().any(|a| {
        a.segments
            .iter()
            .any(|s| crate::model::segment_root(statement, s.line) == total)
    });
    if !allocating
        && let Some(a) =
            (0..adjustments.len()).find(|&a| (0..columns).any(|c| !effect(a, c).is_zero()))
    {
        return Err(Diagnostic::at(
            &adjustments[a].site,
            format!(
                "adjustment `{}` moves `{}`, but no adjustment says where its effect sits among the segments of `{}`",
                adjustments[a].id,
                statement.line(consolidated).id,
                statement.line(total).id
            ),
        )
        .help("add a [[segment]] table with line = \"<segment line id>\" to each adjustment (without amounts: its whole effect there)"));
    }
    let block = |line: LineId,
                 label: String,
                 share: &dyn Fn(usize, usize) -> Result<Decimal, Diagnostic>|
     -> Result<SegmentBlock, Diagnostic> {
        let gaap: Vec<Decimal> = (0..columns)
            .map(|c| value(line, c))
            .collect::<Result<_, _>>()?;
        let mut adjusted_figures = gaap.clone();
        let mut effects = Vec::new();
        for (a, adjustment) in adjustments.iter().enumerate() {
            let row: Vec<Decimal> = (0..columns)
                .map(|c| share(a, c))
                .collect::<Result<_, _>>()?;
            if row.iter().all(Decimal::is_zero) {
                continue;
            }
            for (figure, amount) in adjusted_figures.iter_mut().zip(&row) {
                *figure = figure.checked_add(*amount).ok_or_else(overflow)?;
            }
            effects.push((adjustment.id.clone(), adjustment.label.clone(), row));
        }
        Ok(SegmentBlock {
            line: statement.line(line).id.clone(),
            label,
            gaap,
            effects,
            adjusted: adjusted_figures,
        })
    };
    let mut segments = Vec::new();
    for (segment, _) in statement
        .line_items
        .iter()
        .enumerate()
        .filter(|(_, l)| l.parent.is_some_and(|(p, _)| p == LineId(total.0)))
        .map(|(i, _)| (LineId(i), ()))
    {
        let share = |a: usize, c: usize| -> Result<Decimal, Diagnostic> {
            let period = adjusted.period_index[c];
            Ok(
                allocated(statement, &adjustments[a], segment, period, effect(a, c))
                    .unwrap_or_default(),
            )
        };
        segments.push(block(
            segment,
            statement.line(segment).label.clone(),
            &share,
        )?);
    }
    let whole = |a: usize, c: usize| Ok(effect(a, c));
    let total_block = block(consolidated, statement.line(total).label.clone(), &whole)?;
    // The segments' adjusted figures sum to the consolidated non-GAAP one.
    for c in 0..columns {
        let sum = segments
            .iter()
            .try_fold(Decimal::ZERO, |s, b| s.checked_add(b.adjusted[c]))
            .ok_or_else(overflow)?;
        let non_gaap = adjusted.columns[c][consolidated.0].non_gaap;
        if non_gaap != Some(sum) || total_block.adjusted[c] != sum {
            return Err(Diagnostic::at(
                &statement.line(total).site,
                format!(
                    "the segments' adjusted figures sum to {} in {}, but the consolidated non-GAAP `{}` is {}",
                    sum.normalize(),
                    adjusted.periods[c].id,
                    statement.line(consolidated).id,
                    non_gaap.map_or("not computed".to_string(), |v| v.normalize().to_string())
                ),
            )
            .help("check the segments' GAAP figures against the total, and each adjustment's [[segment]] amounts"));
        }
    }
    let line = statement.line(consolidated);
    Ok(SegmentReconciliation {
        id: statement.line(total).id.clone(),
        consolidated_id: line.id.clone(),
        caption: line
            .caption
            .clone()
            .unwrap_or_else(|| crate::model::caption_case(&line.label)),
        periods: adjusted.periods.clone(),
        standard: statement.entity.standard,
        segments,
        total: total_block,
    })
}

fn overflow() -> Diagnostic {
    Diagnostic::new("a segment figure is too large to add up")
        .help("check the amounts' units: the figures are in the model's units")
}

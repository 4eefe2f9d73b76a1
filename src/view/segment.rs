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

/// One segment total reconciled: checked that its segments are allocated
/// to, a block per segment and one for the total, checked that they add up.
fn one(
    statement: &Statement,
    adjustments: &[crate::model::Adjustment],
    adjusted: &AdjustedStatement,
    total: LineId,
    consolidated: LineId,
) -> Result<SegmentReconciliation, Diagnostic> {
    let reconciling = SegmentTotal {
        statement,
        adjustments,
        adjusted,
        total,
        consolidated,
    };
    reconciling.allocated_to()?;
    let segments = reconciling.segment_blocks()?;
    let whole = |a: usize, c: usize| Ok(reconciling.effect(a, c));
    let total_block =
        reconciling.block(consolidated, statement.line(total).label.clone(), &whole)?;
    reconciling.segments_sum_to_total(&segments, &total_block)?;
    Ok(reconciling.reconciliation(segments, total_block))
}

/// A segment total being reconciled: the model, the adjusted columns, the
/// total and the consolidated line it ties to.
struct SegmentTotal<'a> {
    statement: &'a Statement,
    adjustments: &'a [crate::model::Adjustment],
    adjusted: &'a AdjustedStatement,
    total: LineId,
    consolidated: LineId,
}

impl SegmentTotal<'_> {
    /// How many columns (chosen periods) there are.
    fn columns(&self) -> usize {
        self.adjusted.period_index.len()
    }

    /// A line's GAAP value in a column; an error where the period has none.
    fn value(&self, line: LineId, column: usize) -> Result<Decimal, Diagnostic> {
        let statement = self.statement;
        let period = &statement.periods[self.adjusted.period_index[column]];
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
    }

    /// An adjustment's effect on the consolidated line in a column.
    fn effect(&self, a: usize, column: usize) -> Decimal {
        self.adjusted.columns[column][self.consolidated.0].effects[a]
    }

    /// Where no adjustment allocates to this total's segments, none moves
    /// the consolidated line: else the error at the first that does.
    fn allocated_to(&self) -> Result<(), Diagnostic> {
        let (statement, adjustments) = (self.statement, self.adjustments);
        let allocating = adjustments.iter().any(|a| {
            a.segments
                .iter()
                .any(|s| crate::model::segment_root(statement, s.line) == self.total)
        });
        if !allocating
            && let Some(a) = (0..adjustments.len())
                .find(|&a| (0..self.columns()).any(|c| !self.effect(a, c).is_zero()))
        {
            return Err(Diagnostic::at(
                &adjustments[a].site,
                format!(
                    "adjustment `{}` moves `{}`, but no adjustment says where its effect sits among the segments of `{}`",
                    adjustments[a].id,
                    statement.line(self.consolidated).id,
                    statement.line(self.total).id
                ),
            )
            .help("add a [[segment]] table with line = \"<segment line id>\" to each adjustment (without amounts: its whole effect there)"));
        }
        Ok(())
    }

    /// A line's block: its GAAP figures, each adjustment's share of it that
    /// is not zero everywhere, and the sum, adjusted.
    fn block(
        &self,
        line: LineId,
        label: String,
        share: &dyn Fn(usize, usize) -> Result<Decimal, Diagnostic>,
    ) -> Result<SegmentBlock, Diagnostic> {
        let columns = self.columns();
        let gaap: Vec<Decimal> = (0..columns)
            .map(|c| self.value(line, c))
            .collect::<Result<_, _>>()?;
        let mut adjusted_figures = gaap.clone();
        let mut effects = Vec::new();
        for (a, adjustment) in self.adjustments.iter().enumerate() {
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
            line: self.statement.line(line).id.clone(),
            label,
            gaap,
            effects,
            adjusted: adjusted_figures,
        })
    }

    /// A block per segment (each line rolling into the total), in the order
    /// declared, with the effects allocated to it.
    fn segment_blocks(&self) -> Result<Vec<SegmentBlock>, Diagnostic> {
        let statement = self.statement;
        let mut segments = Vec::new();
        for (segment, _) in statement
            .line_items
            .iter()
            .enumerate()
            .filter(|(_, l)| l.parent.is_some_and(|(p, _)| p == LineId(self.total.0)))
            .map(|(i, _)| (LineId(i), ()))
        {
            let share = |a: usize, c: usize| -> Result<Decimal, Diagnostic> {
                let period = self.adjusted.period_index[c];
                Ok(allocated(
                    statement,
                    &self.adjustments[a],
                    segment,
                    period,
                    self.effect(a, c),
                )
                .unwrap_or_default())
            };
            segments.push(self.block(segment, statement.line(segment).label.clone(), &share)?);
        }
        Ok(segments)
    }

    /// The segments' adjusted figures sum to the consolidated non-GAAP one,
    /// and to the total's, in every column.
    fn segments_sum_to_total(
        &self,
        segments: &[SegmentBlock],
        total_block: &SegmentBlock,
    ) -> Result<(), Diagnostic> {
        let (statement, adjusted) = (self.statement, self.adjusted);
        for c in 0..self.columns() {
            let sum = segments
                .iter()
                .try_fold(Decimal::ZERO, |s, b| s.checked_add(b.adjusted[c]))
                .ok_or_else(overflow)?;
            let non_gaap = adjusted.columns[c][self.consolidated.0].non_gaap;
            if non_gaap != Some(sum) || total_block.adjusted[c] != sum {
                return Err(Diagnostic::at(
                    &statement.line(self.total).site,
                    format!(
                        "the segments' adjusted figures sum to {} in {}, but the consolidated non-GAAP `{}` is {}",
                        sum.normalize(),
                        adjusted.periods[c].id,
                        statement.line(self.consolidated).id,
                        non_gaap.map_or("not computed".to_string(), |v| v.normalize().to_string())
                    ),
                )
                .help("check the segments' GAAP figures against the total, and each adjustment's [[segment]] amounts"));
            }
        }
        Ok(())
    }

    /// The reconciliation of the blocks, named for the consolidated line.
    fn reconciliation(
        &self,
        segments: Vec<SegmentBlock>,
        total_block: SegmentBlock,
    ) -> SegmentReconciliation {
        let statement = self.statement;
        let line = statement.line(self.consolidated);
        SegmentReconciliation {
            id: statement.line(self.total).id.clone(),
            consolidated_id: line.id.clone(),
            caption: line
                .caption
                .clone()
                .unwrap_or_else(|| crate::model::caption_case(&line.label)),
            periods: self.adjusted.periods.clone(),
            standard: statement.entity.standard,
            segments,
            total: total_block,
        }
    }
}

fn overflow() -> Diagnostic {
    Diagnostic::new("a segment figure is too large to add up")
        .help("check the amounts' units: the figures are in the model's units")
}

//! The matrix: the adjusted statement of operations of one period as a
//! release prints it in full. Rows are the statement's printed lines in
//! order; columns are GAAP, one per adjustment, the income-tax effects, and
//! non-GAAP; per-share rows (basic and diluted) follow. Every row adds
//! across: GAAP + the adjustment columns = non-GAAP.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;

use crate::engine::{AdjustedStatement, AdjustmentSummary, ByAdjustment, LineFigures};
use crate::model::{
    LineId, NonGaapMeasure, Period, PeriodHeading, Statement, StatementKind, TaxEffect, Units,
};

use super::{MeasureFigures, PerShareColumn, ShareBasis, SharesUsed, per_share};

#[derive(Debug, Clone)]
pub struct Matrix {
    pub entity: String,
    pub units: Units,
    pub period: PeriodHeading,
    pub adjustments: std::sync::Arc<[AdjustmentSummary]>,
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow>,
    /// Per-share rows divide by different counts for GAAP and non-GAAP:
    /// (basis of the block, GAAP count, non-GAAP count, the effect of the
    /// switch per share). The row then adds across only with that effect.
    /// Per basis where GAAP and non-GAAP divide differently: the counts,
    /// the effect of the share count and the preferred dividends added
    /// back under the if-converted method, per share.
    pub share_switches: Vec<(ShareBasis, SharesUsed, SharesUsed, Decimal, Decimal)>,
    /// What the per-share rows divide: "Net income (loss)", or the bottom
    /// line's caption, available to common shareholders where the statement
    /// deducts preferred dividends.
    pub per_share_subject: String,
    /// US GAAP or IFRS: the words of the generated labels and titles.
    pub standard: crate::raw::Standard,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixColumn {
    Gaap,
    /// An adjustment's pre-tax effect.
    Effect(usize),
    /// The combined income-tax effect of these adjustments.
    Tax(Vec<usize>),
    /// One adjustment's income-tax effect in a column of its own (its file
    /// asks for its own row, or it is a tax-only adjustment).
    OwnTax(usize),
    NonGaap,
}

#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub label: String,
    /// The statement section the line is printed under ("Revenues").
    pub section: Option<String>,
    /// The line item, or `None` for a per-share row.
    pub line: Option<LineId>,
    /// The line's id, or the per-share measure's name (`eps-basic`).
    pub id: String,
    /// A total (a line with components) or a per-share figure.
    pub total: bool,
    pub per_share: Option<ShareBasis>,
    /// The row's figures in column order: every column but an adjustment's
    /// that leaves the line alone (a zero, and nothing the release states),
    /// so a row holds as many figures as the adjustments that reach it.
    pub figures: Vec<MatrixFigure>,
    /// The per-share row is the release's own bridge (no share counts):
    /// GAAP EPS as stated plus each adjustment's amount as stated.
    pub bridge: bool,
    /// The exclusions on this line exceed it or turn its sign.
    pub crossing: bool,
}

/// One figure of a row: its column, as computed, and as the release
/// states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatrixFigure {
    pub column: usize,
    /// As computed: the row adds across exactly.
    pub value: Decimal,
    /// The figure the release states: GAAP EPS (`[period.eps]`), an
    /// adjustment's per-share amount (`[per_share]`), a non-GAAP figure
    /// (`[period.non_gaap]`).
    pub published: Option<Decimal>,
}

impl MatrixRow {
    /// Every column's figure in order, a zero (nothing stated) where an
    /// adjustment leaves the line alone: (as computed, as stated).
    pub fn dense(&self, columns: usize) -> Vec<(Decimal, Option<Decimal>)> {
        let mut all = vec![(Decimal::ZERO, None); columns];
        for f in &self.figures {
            if let Some(cell) = all.get_mut(f.column) {
                *cell = (f.value, f.published);
            }
        }
        all
    }
}

/// The matrix of the adjusted statement's first column.
pub fn matrix(statement: &Statement, adjusted: &AdjustedStatement) -> Result<Matrix, Diagnostic> {
    let Some(lines) = adjusted.columns.first() else {
        return Err(Diagnostic::new("the matrix needs a period").help("name one with --period"));
    };
    let period = &statement.periods[adjusted.period_index[0]];
    let view = super::View {
        statement,
        adjusted,
    };
    let columns = columns(statement, adjusted);
    let mut rows = line_rows(&view, lines, &columns, period)?;
    let numerator = common_numerator(statement, adjusted, lines, period)?;
    let mut share_switches = Vec::new();
    for basis in [ShareBasis::Basic, ShareBasis::Diluted] {
        let Some(numerator) = &numerator else {
            continue;
        };
        let Some(p) = per_share_column(&view, period, numerator, basis)? else {
            continue;
        };
        if p.share_count_effect != Decimal::ZERO
            || p.gaap_shares != p.non_gaap_shares
            || !p.if_converted.is_zero()
        {
            share_switches.push((
                basis,
                p.gaap_shares,
                p.non_gaap_shares,
                p.share_count_effect,
                p.if_converted,
            ));
        }
        rows.push(per_share_row(&view, period, &columns, &p, basis)?);
    }
    Ok(Matrix {
        standard: statement.entity.standard,
        entity: adjusted.entity.clone(),
        units: adjusted.units,
        period: adjusted.periods[0].clone(),
        adjustments: adjusted.adjustments.clone(),
        columns,
        rows,
        share_switches,
        per_share_subject: view.per_share_subject(),
    })
}

/// The columns: GAAP, each adjustment that moves a line of operations, the
/// combined tax, each tax in a column of its own, non-GAAP.
fn columns(statement: &Statement, adjusted: &AdjustedStatement) -> Vec<MatrixColumn> {
    let operations = |line: LineId| statement.line(line).statement == StatementKind::Operations;
    let mut columns = vec![MatrixColumn::Gaap];
    let mut combined = Vec::new();
    let mut own = Vec::new();
    for (a, adjustment) in adjusted.adjustments.iter().enumerate() {
        if adjustment.tax_only {
            own.push(a);
            continue;
        }
        if !adjustment.targets.iter().any(|&t| operations(t)) {
            continue;
        }
        columns.push(MatrixColumn::Effect(a));
        if adjustment.tax_own_line {
            own.push(a);
        } else if !matches!(
            adjustment.tax,
            TaxEffect::NetOfTax | TaxEffect::Covered { .. }
        ) {
            combined.push(a);
        }
    }
    if !combined.is_empty() {
        columns.push(MatrixColumn::Tax(combined));
    }
    columns.extend(own.into_iter().map(MatrixColumn::OwnTax));
    columns.push(MatrixColumn::NonGaap);
    columns
}

/// Where each adjustment's figures go: its effect column, and whether its
/// tax is in the combined column.
struct ColumnIndex {
    effect: Vec<Option<usize>>,
    gaap: usize,
    /// The first column after GAAP and the effects: the tax columns and
    /// non-GAAP, every one of which a row holds.
    tail: usize,
    in_combined: Vec<bool>,
}

impl ColumnIndex {
    fn new(columns: &[MatrixColumn], adjustments: usize) -> ColumnIndex {
        let mut index = ColumnIndex {
            effect: vec![None; adjustments],
            gaap: 0,
            tail: columns.len(),
            in_combined: vec![false; adjustments],
        };
        for (c, column) in columns.iter().enumerate() {
            match column {
                MatrixColumn::Effect(a) => index.effect[*a] = Some(c),
                MatrixColumn::Tax(list) => {
                    index.tail = index.tail.min(c);
                    for &a in list {
                        index.in_combined[a] = true;
                    }
                }
                MatrixColumn::OwnTax(_) | MatrixColumn::NonGaap => index.tail = index.tail.min(c),
                MatrixColumn::Gaap => index.gaap = c,
            }
        }
        index
    }

    /// A line's figures: GAAP, each effect the engine wrote on the line,
    /// the combined tax, each own tax, non-GAAP; `None` on overflow.
    fn line_figures(
        &self,
        columns: &[MatrixColumn],
        figures: &LineFigures,
        gaap: Decimal,
        non_gaap: Decimal,
    ) -> Option<Vec<MatrixFigure>> {
        let mut out =
            Vec::with_capacity(figures.effects.stated().len() + columns.len() - self.tail + 1);
        let mut push = |column: usize, value: Decimal| {
            out.push(MatrixFigure {
                column,
                value,
                published: None,
            });
        };
        let combined_tax = figures
            .taxes
            .stated()
            .filter(|&(a, _)| self.in_combined.get(a).copied().unwrap_or(false))
            .try_fold(Decimal::ZERO, |s, (_, v)| s.checked_add(v))?;
        // GAAP, then the effect columns (in adjustment order), then the
        // tax and non-GAAP columns: only the effects on the line are read.
        push(self.gaap, gaap);
        for (a, v) in figures.effects.stated() {
            if let Some(c) = self.effect.get(a).copied().flatten() {
                push(c, v);
            }
        }
        for (c, column) in columns.iter().enumerate().skip(self.tail) {
            match column {
                MatrixColumn::Tax(_) => push(c, combined_tax),
                MatrixColumn::OwnTax(a) => push(c, figures.taxes[*a]),
                MatrixColumn::NonGaap => push(c, non_gaap),
                MatrixColumn::Gaap | MatrixColumn::Effect(_) => {}
            }
        }
        // In column order, as `columns` lays them out; were it ever to lay
        // them out otherwise, put in order here.
        if !out.windows(2).all(|w| w[0].column < w[1].column) {
            out.sort_by_key(|f| f.column);
        }
        Some(out)
    }
}

/// Every column's figure of a per-share row, dense (a row of each basis),
/// from its GAAP figure, its effects and taxes by adjustment, and its
/// non-GAAP figure; `None` on overflow.
fn per_share_figures(
    columns: &[MatrixColumn],
    p: &PerShareColumn,
    published: impl Fn(&MatrixColumn) -> Option<Decimal>,
) -> Option<Vec<MatrixFigure>> {
    columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let value = match column {
                MatrixColumn::Gaap => Some(p.gaap),
                MatrixColumn::Effect(a) => Some(p.effects[*a]),
                MatrixColumn::Tax(list) => checked_sum(list.iter().map(|&a| p.taxes[a])),
                MatrixColumn::OwnTax(a) => Some(p.taxes[*a]),
                MatrixColumn::NonGaap => Some(p.non_gaap),
            }?;
            Some(MatrixFigure {
                column: c,
                value,
                published: published(column),
            })
        })
        .collect()
}

/// A row per printed line of operations that has GAAP and non-GAAP
/// figures, in the statement's order.
fn line_rows(
    view: &super::View,
    lines: &[LineFigures],
    columns: &[MatrixColumn],
    period: &Period,
) -> Result<Vec<MatrixRow>, Diagnostic> {
    let statement = view.statement;
    let index = ColumnIndex::new(columns, view.adjusted.adjustments.len());
    let mut rows = Vec::new();
    for (i, item) in statement.line_items.iter().enumerate() {
        if item.statement != StatementKind::Operations || !item.printed {
            continue;
        }
        let figures = &lines[i];
        let (Some(gaap), Some(non_gaap)) = (figures.gaap, figures.non_gaap) else {
            continue;
        };
        let mut row_figures = index
            .line_figures(columns, figures, gaap, non_gaap)
            .ok_or_else(|| overflow(period))?;
        if let Some(f) = row_figures
            .iter_mut()
            .rev()
            .find(|f| matches!(columns.get(f.column), Some(MatrixColumn::NonGaap)))
        {
            f.published = printed_line(view, LineId(i));
        }
        rows.push(MatrixRow {
            label: item.label.clone(),
            section: item.section.clone(),
            line: Some(LineId(i)),
            id: item.id.clone(),
            total: statement.is_total(LineId(i)),
            per_share: None,
            figures: row_figures,
            bridge: false,
            crossing: figures.exclusion_exceeds_line(),
        });
    }
    Ok(rows)
}

/// The release's non-GAAP figure for a line, by its id, or for the bottom
/// line as `net-income`.
fn printed_line(view: &super::View, line: LineId) -> Option<Decimal> {
    view.printed(0, NonGaapMeasure::Line(line)).or_else(|| {
        (line == view.adjusted.bottom_line)
            .then(|| view.printed(0, NonGaapMeasure::NetIncome))
            .flatten()
    })
}

/// Income available to common shareholders, what per share divides: GAAP,
/// non-GAAP, and the effects and taxes by adjustment.
type Numerator = (Decimal, Decimal, Vec<Decimal>, Vec<Decimal>);

/// The numerator of the per-share rows: the bottom line less preferred
/// dividends, each adjusted; `None` where the bottom line has no figures.
fn common_numerator(
    statement: &Statement,
    adjusted: &AdjustedStatement,
    lines: &[LineFigures],
    period: &Period,
) -> Result<Option<Numerator>, Diagnostic> {
    let bottom = &lines[adjusted.bottom_line.0];
    let preferred = statement
        .measure_line(crate::model::Measure::PreferredDividends)
        .map(|line| {
            let figures = &lines[line.0];
            figures.gaap.map(|_| figures).ok_or_else(|| {
                statement
                    .preferred_dividends(period)
                    .err()
                    .unwrap_or_else(|| overflow(period))
            })
        })
        .transpose()?;
    let less = |a: Decimal, b: Option<Decimal>| a.checked_sub(b.unwrap_or_default());
    let (Some(gaap), Some(non_gaap)) = (bottom.gaap, bottom.non_gaap) else {
        return Ok(None);
    };
    let pref = |f: fn(&LineFigures) -> Option<Decimal>| preferred.and_then(f);
    let k = adjusted.adjustments.len();
    let each = |mine: &ByAdjustment, theirs: Option<&ByAdjustment>| -> Option<Vec<Decimal>> {
        (0..k)
            .map(|a| less(mine[a], theirs.map(|t| t[a])))
            .collect()
    };
    Ok(Some((
        less(gaap, pref(|f| f.gaap)).ok_or_else(|| overflow(period))?,
        less(non_gaap, pref(|f| f.non_gaap)).ok_or_else(|| overflow(period))?,
        each(&bottom.effects, preferred.map(|f| &f.effects)).ok_or_else(|| overflow(period))?,
        each(&bottom.taxes, preferred.map(|f| &f.taxes)).ok_or_else(|| overflow(period))?,
    )))
}

/// GAAP EPS as the release states it (`[period.eps]`) on a basis.
fn stated_eps(period: &Period, basis: ShareBasis) -> Option<Decimal> {
    period.eps.as_ref().and_then(|e| match basis {
        ShareBasis::Basic => e.basic.as_ref().map(|f| f.value),
        ShareBasis::Diluted => e.diluted.as_ref().map(|f| f.value),
    })
}

/// The per-share figures on a basis: divided by the count the release
/// gives, or, with no counts, the release's own bridge; `None` where
/// neither is there.
fn per_share_column(
    view: &super::View,
    period: &Period,
    (gaap, non_gaap, effects, taxes): &Numerator,
    basis: ShareBasis,
) -> Result<Option<PerShareColumn>, Diagnostic> {
    let adjusted = view.adjusted;
    let figures = MeasureFigures {
        gaap: *gaap,
        terms: &[],
        effects,
        taxes,
        tax: Decimal::ZERO,
        non_gaap: *non_gaap,
    };
    // A release may print one count only: the matrix shows the per-share
    // rows of the counts it gives (a loss divides either by basic).
    let given = period.shares.as_ref().is_some_and(|s| match basis {
        ShareBasis::Basic => s.basic.is_some(),
        ShareBasis::Diluted => s.diluted.is_some(),
    });
    if given {
        per_share(view.statement, period, &figures, basis)
    } else if period.shares.is_none() {
        // No share counts: the release's own per-share bridge, where it
        // states GAAP EPS and every moving adjustment's amount.
        let tax_only: Vec<bool> = adjusted.adjustments.iter().map(|a| a.tax_only).collect();
        let amounts = view.published_per_share(0, basis);
        Ok(super::printed_bridge(
            &figures,
            stated_eps(period, basis),
            &amounts,
            &tax_only,
            basis,
        ))
    } else {
        Ok(None)
    }
}

/// The per-share row of a basis, with the figures the release states.
fn per_share_row(
    view: &super::View,
    period: &Period,
    columns: &[MatrixColumn],
    p: &PerShareColumn,
    basis: ShareBasis,
) -> Result<MatrixRow, Diagnostic> {
    let adjusted = view.adjusted;
    let (measure, non_gaap_measure) = match basis {
        ShareBasis::Basic => ("eps-basic", NonGaapMeasure::EpsBasic),
        ShareBasis::Diluted => ("eps-diluted", NonGaapMeasure::EpsDiluted),
    };
    let stated = stated_eps(period, basis);
    let amounts = view.published_per_share(0, basis);
    let printed = view.printed(0, non_gaap_measure);
    let figures = per_share_figures(columns, p, |c| match c {
        MatrixColumn::Gaap => stated,
        MatrixColumn::Effect(a) => amounts[*a],
        MatrixColumn::OwnTax(a) if adjusted.adjustments[*a].tax_only => amounts[*a],
        MatrixColumn::Tax(_) | MatrixColumn::OwnTax(_) => None,
        MatrixColumn::NonGaap => printed,
    })
    .ok_or_else(|| overflow(period))?;
    Ok(MatrixRow {
        label: match basis {
            ShareBasis::Basic => "Per basic share".to_string(),
            ShareBasis::Diluted => "Per diluted share".to_string(),
        },
        section: None,
        line: None,
        id: measure.to_string(),
        total: true,
        per_share: Some(basis),
        figures,
        bridge: p.bridge,
        crossing: false,
    })
}

fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |s, v| s.checked_add(v))
}

fn overflow(period: &Period) -> Diagnostic {
    Diagnostic::at(
        &period.site,
        format!("the matrix of period {} overflows a decimal", period.id),
    )
    .help("check the amounts of this period for a misplaced digit")
}

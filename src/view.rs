//! Views: small functions from the adjusted statement to what a release
//! presents. A reconciliation of any measure (a line, a subtotal, a defined
//! measure, a margin, per share), and the matrix of the whole statement.
//! Each is exact (no rounding) and keeps the invariant of the adjusted
//! statement: non-GAAP = GAAP + definition terms + effects + taxes.

mod matrix;
mod per_share;
mod segment;

use std::collections::HashMap;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::engine::{self, AdjustedStatement, AdjustmentSummary, LineFigures};
use crate::model::{
    Adjustment, BalanceBasis, DeclaredMeasure, LineId, Measure, NonGaapMeasure, Period,
    PeriodHeading, Ratio, RatioTerm, Statement, StatementKind, Units, caption_case, percent,
};
use crate::source::Site;

pub use matrix::{Matrix, MatrixColumn, MatrixRow, matrix};
use per_share::printed_bridge;
pub(crate) use per_share::{MeasureFigures, per_share};
pub use segment::{SegmentBlock, SegmentReconciliation, segments};

/// GAAP to non-GAAP, for each chosen measure and period.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    pub entity: String,
    /// Units of money and share counts; per-share figures are dollars.
    pub units: Units,
    pub adjustments: std::sync::Arc<[AdjustmentSummary]>,
    /// The columns, in the order chosen.
    pub periods: Vec<PeriodHeading>,
    /// One block per measure, in the order chosen.
    pub blocks: Vec<Block>,
    /// The statement deducts preferred dividends from net income for EPS.
    pub preferred_dividends: bool,
    /// What per-share figures divide, as a caption: "net income (loss)".
    pub per_share_subject: String,
    /// The non-GAAP measures the release publishes, where the model says
    /// (`model::release_measures`): a block of another is marked as not
    /// published by the release.
    pub release_measures: Option<Vec<NonGaapMeasure>>,
    /// US GAAP or IFRS: the words of the generated labels and titles.
    pub standard: crate::raw::Standard,
    /// The release prints the bridge from the non-GAAP figure to GAAP.
    pub non_gaap_first: bool,
}

#[derive(Debug, Clone)]
pub enum Block {
    Amount(AmountBlock),
    PerShare(PerShareBlock),
    Ratio(RatioBlock),
}

/// A money measure reconciled, in the entity's units.
#[derive(Debug, Clone)]
pub struct AmountBlock {
    pub measure: NonGaapMeasure,
    /// The measure as `--measure` names it: the key of its rows in JSON.
    pub id: String,
    /// "GAAP net income (loss)", "Net cash provided by operating activities".
    pub gaap_label: String,
    /// "Non-GAAP net income (loss)", "Free cash flow".
    pub non_gaap_label: String,
    /// The lines a defined measure adds or subtracts, each a row, labelled.
    pub term_labels: Vec<String>,
    /// Their line ids, in the same order.
    pub term_ids: Vec<String>,
    /// Why management finds a declared measure useful.
    pub rationale: Option<String>,
    /// Per adjustment: whether it is shown in this block (it belongs to the
    /// measure and reaches its lines).
    pub moves: Vec<bool>,
    /// Per adjustment: its income-tax effect is on a tax row of this block.
    pub taxed: Vec<bool>,
    /// The income-tax effects reach the measure.
    pub after_tax: bool,
    /// Adjustment indices in the order this block shows them: a declared
    /// measure's own list first, in its order; the others as loaded.
    pub order: Vec<usize>,
    pub columns: Vec<AmountColumn>,
    /// Lines of the measure whose exclusions exceed the line or turn its
    /// sign, with the column: the table notes them.
    pub crossings: Vec<Crossing>,
}

/// Invariant: `non_gaap == gaap + sum(terms) + sum(effects) + sum(taxes)`.
#[derive(Debug, Clone)]
pub struct AmountColumn {
    pub gaap: Decimal,
    /// Each definition term's GAAP amount, signed as it enters the measure.
    pub terms: Vec<Decimal>,
    /// Each adjustment's pre-tax effect, in adjustment order; zero where it
    /// does not apply or does not belong to the measure.
    pub effects: Vec<Decimal>,
    /// Each adjustment's income-tax effect; zero for pre-tax measures.
    pub taxes: Vec<Decimal>,
    /// The one combined income-tax row: the taxes of the adjustments that
    /// move the measure, are not tax-only and ask for no row of their own.
    pub tax: Decimal,
    pub non_gaap: Decimal,
    /// Gross margin, for gross profit: percent of revenue, GAAP and
    /// non-GAAP, each side n/a (`None`) where its revenue is zero; `None`
    /// for every other measure.
    pub margin: Option<Margin>,
    /// The non-GAAP figure the release prints, if recorded.
    pub printed: Option<Decimal>,
}

/// An exclusion larger than its line, or one that turns its sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossing {
    pub column: usize,
    pub line_label: String,
    /// What the adjustments take out of the line, with the line's sign.
    pub removed: Decimal,
    pub gaap: Decimal,
    pub non_gaap: Decimal,
}

/// A percentage on each side: `None` on the side whose own denominator is
/// zero (a GAAP revenue of nil with a non-GAAP one, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margin {
    pub gaap: Option<Decimal>,
    pub non_gaap: Option<Decimal>,
}

impl Margin {
    /// Each side where its division can be made; `None` where neither can.
    fn of(gaap: Option<Decimal>, non_gaap: Option<Decimal>) -> Option<Margin> {
        (gaap.is_some() || non_gaap.is_some()).then_some(Margin { gaap, non_gaap })
    }
}

/// The rule of an error in a measure's definition, the same in every
/// period: `check` reports it where it is written.
pub const DEFINITION: &str = "measure-definition";

/// A percentage, GAAP and non-GAAP: a margin or a declared ratio.
#[derive(Debug, Clone)]
pub struct RatioBlock {
    pub measure: NonGaapMeasure,
    /// The ratio as `--measure` names it.
    pub id: String,
    /// "operating margin".
    pub label: String,
    /// The rows' labels where the file names the GAAP percentage: GAAP,
    /// then non-GAAP, as written.
    pub row_labels: Option<(String, String)>,
    /// Decimals printed.
    pub places: u32,
    /// A percentage, or a figure per unit of a statistic.
    pub unit: crate::model::RatioUnit,
    /// `None` where both denominators are zero; a side `None` where its own is.
    pub columns: Vec<Option<Margin>>,
    /// The non-GAAP numerator and denominator behind each column.
    pub parts: Vec<(Decimal, Decimal)>,
    /// The GAAP numerator and denominator behind each column.
    pub gaap_parts: Vec<(Decimal, Decimal)>,
    /// The non-GAAP percentage the release prints, if recorded.
    pub printed: Vec<Option<Decimal>>,
}

/// A measure per share: net income (loss) available to common
/// shareholders, or a declared performance measure.
#[derive(Debug, Clone)]
pub struct PerShareBlock {
    pub measure: NonGaapMeasure,
    /// The per-share figure as `--measure` names it: `eps-diluted`,
    /// `eps-basic`, `<id>-per-share`.
    pub id: String,
    pub basis: ShareBasis,
    /// "GAAP net income (loss) per diluted share".
    pub gaap_label: String,
    /// "Non-GAAP net income (loss) per diluted share".
    pub non_gaap_label: String,
    /// A declared measure's definition rows.
    pub term_labels: Vec<String>,
    /// Their line ids, in the same order.
    pub term_ids: Vec<String>,
    /// The named count (`[period.counts]`) both GAAP and non-GAAP divide
    /// by, for a balance per share (book value): no weighted shares.
    pub stated_count: Option<String>,
    pub moves: Vec<bool>,
    /// Per adjustment: its income-tax effect is on a tax row of this block.
    pub taxed: Vec<bool>,
    /// The income-tax effects reach the measure.
    pub after_tax: bool,
    /// Adjustment indices in the order this block shows them.
    pub order: Vec<usize>,
    /// `None` where the period records no weighted shares.
    pub columns: Vec<Option<PerShareColumn>>,
}

/// Per-share figures, unrounded, in dollars. Invariant: `gaap +
/// share_count_effect + sum(effects) + sum(taxes) == non_gaap` up to the
/// last of 28 digits, so the column foots before rounding.
#[derive(Debug, Clone)]
pub struct PerShareColumn {
    pub gaap_shares: SharesUsed,
    pub non_gaap_shares: SharesUsed,
    /// GAAP income available to common / GAAP shares.
    pub gaap: Decimal,
    /// The GAAP figure restated on the non-GAAP share count, less `gaap`:
    /// nonzero only when the two use different counts.
    pub share_count_effect: Decimal,
    /// A declared measure's definition terms, per share.
    pub terms: Vec<Decimal>,
    /// Preferred dividends added back under the if-converted method.
    pub if_converted: Decimal,
    /// Per adjustment: the per-share amount the release prints, if recorded.
    pub published: Vec<Option<Decimal>>,
    /// The non-GAAP per-share figure the release prints, if recorded.
    pub printed: Option<Decimal>,
    /// The GAAP per-share figure the release prints (`[period.eps]`).
    pub gaap_printed: Option<Decimal>,
    /// The company computes this quarter's GAAP EPS as year to date less the
    /// prior year to date (`ytd_difference`): the printed GAAP figure is not
    /// the quarter's own, and the rows below are computed from the latter.
    pub gaap_ytd_difference: bool,
    pub effects: Vec<Decimal>,
    pub taxes: Vec<Decimal>,
    /// The combined income-tax row, per share.
    pub tax: Decimal,
    pub non_gaap: Decimal,
    /// The non-GAAP result is income and the GAAP one a loss, but the model
    /// records no `non_gaap_diluted` count: the reported diluted count was
    /// used, which may leave out potential shares.
    pub diluted_count_missing: bool,
    /// The period prints no share counts: the column is the release's own
    /// per-share bridge, GAAP EPS as printed plus each adjustment's
    /// per-share amount as printed (`[per_share]`), summed. The share
    /// fields are then zero and unused.
    pub bridge: bool,
    /// The period gives only a non-GAAP count (the release prints no GAAP
    /// count): the non-GAAP figure divides by it, and the GAAP figure is
    /// not shown (it would be GAAP on a non-GAAP count). `gaap` and
    /// `share_count_effect` are then zero and unused, `gaap_shares` is the
    /// non-GAAP count, and the column is not expected to foot.
    pub gaap_missing: bool,
}

/// The weighted share count a per-share figure divides by, and which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharesUsed {
    pub count: Decimal,
    pub basis: ShareBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareBasis {
    /// Diluted shares, potential shares included: for income.
    Diluted,
    /// Basic shares: always for basic EPS; for a loss in diluted EPS,
    /// because potential shares are then anti-dilutive.
    Basic,
}

impl ShareBasis {
    /// The basis as labels and messages name it: "basic", "diluted".
    fn word(self) -> &'static str {
        match self {
            ShareBasis::Basic => "basic",
            ShareBasis::Diluted => "diluted",
        }
    }
}

impl Reconciliation {
    /// The block reconciling a money measure, if it was chosen.
    pub fn amount(&self, measure: NonGaapMeasure) -> Option<&AmountBlock> {
        self.blocks.iter().find_map(|b| match b {
            Block::Amount(a) if a.measure == measure => Some(a),
            _ => None,
        })
    }

    /// The EPS block on a basis (net income (loss) per share), if chosen;
    /// a declared measure's per-share block is found by its measure.
    pub fn per_share(&self, basis: ShareBasis) -> Option<&PerShareBlock> {
        self.blocks.iter().find_map(|b| match b {
            Block::PerShare(p) if p.basis == basis && p.measure == NonGaapMeasure::NetIncome => {
                Some(p)
            }
            _ => None,
        })
    }

    /// The block of a ratio or margin, if it was chosen.
    pub fn ratio(&self, measure: NonGaapMeasure) -> Option<&RatioBlock> {
        self.blocks.iter().find_map(|b| match b {
            Block::Ratio(r) if r.measure == measure => Some(r),
            _ => None,
        })
    }
}

/// Adjusts the statement for the chosen periods and reconciles each measure.
pub fn reconcile(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    measures: &[NonGaapMeasure],
) -> Result<Reconciliation, Diagnostic> {
    let adjusted = engine::adjust(statement, adjustments, periods)?;
    reconciliation(statement, &adjusted, measures)
}

/// The reconciliation of each measure, a view on the adjusted statement.
pub fn reconciliation(
    statement: &Statement,
    adjusted: &AdjustedStatement,
    measures: &[NonGaapMeasure],
) -> Result<Reconciliation, Diagnostic> {
    let view = View {
        statement,
        adjusted,
    };
    let mut blocks = Vec::with_capacity(measures.len());
    for &measure in measures {
        let Some(block) = view.measure_block(measure, measures, &blocks)? else {
            continue;
        };
        blocks.push(block);
        view.declared_per_share_blocks(measure, &mut blocks)?;
    }
    let preferred_dividends = statement
        .measure_line(Measure::PreferredDividends)
        .is_some();
    let per_share_subject = view.per_share_subject();
    let release_measures = crate::model::release_measures(statement, &view.claimed())?;
    Ok(Reconciliation {
        entity: adjusted.entity.clone(),
        units: adjusted.units,
        adjustments: adjusted.adjustments.clone(),
        periods: adjusted.periods.clone(),
        blocks,
        preferred_dividends,
        per_share_subject,
        release_measures,
        standard: statement.entity.standard,
        non_gaap_first: statement.presentation.labels.bridge
            == Some(crate::raw::BridgeDirection::NonGaapFirst),
    })
}

pub(crate) struct View<'a> {
    pub(crate) statement: &'a Statement,
    pub(crate) adjusted: &'a AdjustedStatement,
}

impl View<'_> {
    /// A measure's block, reading the blocks before it (a per-share block
    /// divides its amount block); `None` for a declared measure's per-share
    /// figure that its amount's block already shows.
    fn measure_block(
        &self,
        measure: NonGaapMeasure,
        measures: &[NonGaapMeasure],
        blocks: &[Block],
    ) -> Result<Option<Block>, Diagnostic> {
        Ok(Some(match measure {
            NonGaapMeasure::EpsBasic => Block::PerShare(self.per_share_block(
                NonGaapMeasure::NetIncome,
                ShareBasis::Basic,
                blocks,
            )?),
            NonGaapMeasure::EpsDiluted => Block::PerShare(self.per_share_block(
                NonGaapMeasure::NetIncome,
                ShareBasis::Diluted,
                blocks,
            )?),
            // Already shown with its amount.
            NonGaapMeasure::DeclaredPerShare(i) | NonGaapMeasure::DeclaredPerBasicShare(i)
                if measures.contains(&NonGaapMeasure::Declared(i)) =>
            {
                return Ok(None);
            }
            NonGaapMeasure::DeclaredPerShare(i) => Block::PerShare(self.per_share_block(
                NonGaapMeasure::Declared(i),
                ShareBasis::Diluted,
                blocks,
            )?),
            NonGaapMeasure::DeclaredPerBasicShare(i) => Block::PerShare(self.per_share_block(
                NonGaapMeasure::Declared(i),
                ShareBasis::Basic,
                blocks,
            )?),
            m if m.is_ratio() => Block::Ratio(self.ratio_block(m)?),
            m => Block::Amount(self.amount_block(m)?),
        }))
    }

    /// A declared measure's per-share blocks after its amount: basic, then
    /// diluted, as releases print them.
    fn declared_per_share_blocks(
        &self,
        measure: NonGaapMeasure,
        blocks: &mut Vec<Block>,
    ) -> Result<(), Diagnostic> {
        let NonGaapMeasure::Declared(i) = measure else {
            return Ok(());
        };
        let declared = &self.statement.measures[i];
        if declared.per_share_basic {
            let block = self.per_share_block(measure, ShareBasis::Basic, blocks)?;
            blocks.push(Block::PerShare(block));
        }
        if declared.per_share || declared.per_share_count.is_some() {
            let block = self.per_share_block(measure, ShareBasis::Diluted, blocks)?;
            blocks.push(Block::PerShare(block));
        }
        Ok(())
    }
}

/// How a measure is computed from lines of the adjusted statement.
struct Spec {
    gaap_label: String,
    non_gaap_label: String,
    /// Summed for the GAAP figure.
    gaap: Vec<(LineId, Decimal)>,
    /// Definition rows: line, sign, label.
    terms: Vec<(LineId, Decimal, String)>,
    /// Per adjustment: whether the measure includes it.
    included: Vec<bool>,
    /// Adjustment indices in the order the measure lists them, then the rest.
    order: Vec<usize>,
}

impl View<'_> {
    /// Per adjustment: a declared measure's list names it, so it reaches
    /// only the measures that take it.
    fn claimed(&self) -> Vec<bool> {
        let summaries = &self.adjusted.adjustments;
        let ids: Vec<&str> = summaries.iter().map(|a| a.id.as_str()).collect();
        let covers: Vec<&[String]> = summaries.iter().map(|a| a.covers.as_slice()).collect();
        crate::model::claimed(self.statement, &ids, &covers)
    }

    fn line_caption(&self, line: LineId) -> String {
        let item = self.statement.line(line);
        item.caption
            .clone()
            .unwrap_or_else(|| caption_case(&item.label))
    }

    /// The bottom line as a caption: the model's, or the generic one.
    fn bottom_caption(&self) -> String {
        let bottom = self.adjusted.bottom_line;
        let item = self.statement.line(bottom);
        item.caption.clone().unwrap_or_else(|| {
            if item.measure == Some(Measure::NetIncome) {
                NonGaapMeasure::NetIncome.generic_label().to_string()
            } else {
                NonGaapMeasure::ContinuingIncome.generic_label().to_string()
            }
        })
    }

    /// How a measure is computed: a declared measure from its definition;
    /// any other from its lines, taking every adjustment no declared
    /// measure claims.
    fn spec(&self, measure: NonGaapMeasure) -> Result<Spec, Diagnostic> {
        if let NonGaapMeasure::Declared(i) = measure {
            return self.declared_spec(&self.statement.measures[i]);
        }
        let caption = match measure {
            NonGaapMeasure::NetIncome => self.bottom_caption(),
            NonGaapMeasure::IncomeAvailableToCommon => {
                format!("{} available to common shareholders", self.bottom_caption())
            }
            NonGaapMeasure::Line(line) => self.line_caption(line),
            other => other
                .tag()
                .and_then(|tag| self.statement.measure_line(tag))
                .and_then(|line| self.statement.line(line).caption.clone())
                .unwrap_or_else(|| other.generic_label().to_string()),
        };
        let standard = self.statement.entity.standard;
        Ok(Spec {
            gaap_label: format!("{} {caption}", standard.gaap()),
            non_gaap_label: format!("{} {caption}", standard.non_gaap()),
            gaap: measure.terms(self.statement)?,
            terms: Vec::new(),
            included: self.claimed().iter().map(|c| !c).collect(),
            order: (0..self.adjusted.adjustments.len()).collect(),
        })
    }

    /// A declared measure's spec: its start line and definition terms, the
    /// adjustments it lists (in its order, then the others as loaded), each
    /// checked for the adjustments it covers and for reaching the measure.
    fn declared_spec(&self, m: &DeclaredMeasure) -> Result<Spec, Diagnostic> {
        let index = self.adjustment_index();
        let (included, mut order) = self.listed(m, &index)?;
        self.check_covered_taken(m, &index, &included)?;
        let mut placed = vec![false; included.len()];
        for &a in &order {
            placed[a] = true;
        }
        for (a, placed) in placed.iter().enumerate() {
            if !placed {
                order.push(a);
            }
        }
        let spec = Spec {
            gaap_label: self.statement.line(m.start).label.clone(),
            non_gaap_label: m.label.clone(),
            gaap: vec![(m.start, Decimal::ONE)],
            terms: m
                .terms
                .iter()
                .map(|&(line, sign)| (line, sign, self.statement.line(line).label.clone()))
                .collect(),
            included,
            order,
        };
        self.check_listed_reach(m, &index, &spec)?;
        Ok(spec)
    }

    /// Each loaded adjustment's index, by its id.
    fn adjustment_index(&self) -> HashMap<&str, usize> {
        self.adjusted
            .adjustments
            .iter()
            .enumerate()
            .map(|(a, s)| (s.id.as_str(), a))
            .collect()
    }

    /// Per adjustment: whether a declared measure takes it (all, where it
    /// lists none); and those it lists, in its order. An id not loaded is
    /// an error.
    fn listed(
        &self,
        m: &DeclaredMeasure,
        index: &HashMap<&str, usize>,
    ) -> Result<(Vec<bool>, Vec<usize>), Diagnostic> {
        let k = self.adjusted.adjustments.len();
        let mut order: Vec<usize> = Vec::with_capacity(k);
        let Some(ids) = &m.adjustments else {
            return Ok((vec![true; k], order));
        };
        let mut included = vec![false; k];
        for (id, site) in ids {
            let Some(&a) = index.get(id.as_str()) else {
                return Err(Diagnostic::at(
                    site,
                    format!(
                        "measure `{}` names adjustment `{id}`, which is not loaded",
                        m.id
                    ),
                )
                .maybe_help(crate::suggest::did_you_mean(
                    id,
                    self.adjusted.adjustments.iter().map(|a| a.id.as_str()),
                )));
            };
            if !included[a] {
                order.push(a);
            }
            included[a] = true;
        }
        Ok((included, order))
    }

    /// A noncontrolling share, or a group's one tax effect, is computed from
    /// the adjustments it covers: a measure that takes it takes them too.
    fn check_covered_taken(
        &self,
        m: &DeclaredMeasure,
        index: &HashMap<&str, usize>,
        included: &[bool],
    ) -> Result<(), Diagnostic> {
        for (id, site) in m.adjustments.iter().flatten() {
            let Some(&s) = index.get(id.as_str()) else {
                continue;
            };
            let share = &self.adjusted.adjustments[s];
            // The noncontrolling interests' own share: a measure
            // starting from the line the share sits on, which
            // the adjustments it covers do not reach.
            if share.after_taxes && share.targets.contains(&m.start) {
                continue;
            }
            for covered in &share.covers {
                let taken = index.get(covered.as_str()).is_some_and(|&c| included[c]);
                if !taken {
                    let what = if share.after_taxes {
                        "the noncontrolling interests' share"
                    } else {
                        "the income-tax effect"
                    };
                    return Err(Diagnostic::at(
                        site,
                        format!(
                            "measure `{}` takes `{id}`, {what} of `{covered}` among others, but not `{covered}`",
                            m.id
                        ),
                    )
                    .help(format!(
                        "add `{covered}` to the measure's adjustments, or remove `{covered}` from the `covers` of `{id}`{}",
                        if share.after_taxes {
                            ""
                        } else {
                            " (it then states its own income-tax effect in a [tax] table)"
                        }
                    )));
                }
            }
        }
        Ok(())
    }

    /// An adjustment the measure lists moves it: one whose lines reach
    /// neither its start nor its terms would be dropped.
    fn check_listed_reach(
        &self,
        m: &DeclaredMeasure,
        index: &HashMap<&str, usize>,
        spec: &Spec,
    ) -> Result<(), Diagnostic> {
        let moves = self.moves(spec);
        for (id, site) in m.adjustments.iter().flatten() {
            let Some(&a) = index.get(id.as_str()) else {
                continue;
            };
            if !moves[a] {
                return Err(self.unreached(m, id, site, &self.adjusted.adjustments[a]));
            }
        }
        Ok(())
    }

    /// Lines' ids, listed: "revenue, cost_of_revenue".
    fn line_ids(&self, lines: impl Iterator<Item = LineId>) -> String {
        lines
            .map(|l| self.statement.line(l).id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The error for a listed adjustment that does not reach the measure:
    /// where the measure starts and where the adjustment lands.
    fn unreached(
        &self,
        m: &DeclaredMeasure,
        id: &str,
        site: &Site,
        summary: &AdjustmentSummary,
    ) -> Diagnostic {
        let reached = if summary.tax_only {
            "its income-tax effect lands on the income-tax line".to_string()
        } else {
            format!(
                "its lines ({}) {}",
                self.line_ids(summary.targets.iter().copied()),
                if m.terms.is_empty() {
                    "do not roll into it"
                } else {
                    "roll into none of them"
                }
            )
        };
        let takes = if m.terms.is_empty() {
            String::new()
        } else {
            format!(
                " and takes {}",
                self.line_ids(m.terms.iter().map(|&(l, _)| l))
            )
        };
        Diagnostic::at(
            site,
            format!(
                "measure `{}` lists adjustment `{id}`, which does not reach it",
                m.id
            ),
        )
        .label("would be dropped")
        .note(format!(
            "`{}` starts from `{}`{takes}; {reached}",
            m.id,
            self.statement.line(m.start).id,
        ))
        .help(format!(
            "remove `{id}` from the measure's adjustments, or start the measure from a line its amounts roll into"
        ))
        .code(DEFINITION)
    }

    /// The lines of a spec with their signs: the GAAP lines, then the terms.
    fn lines(spec: &Spec) -> impl Iterator<Item = (LineId, Decimal)> + '_ {
        spec.gaap
            .iter()
            .copied()
            .chain(spec.terms.iter().map(|&(l, s, _)| (l, s)))
    }

    /// Per adjustment: whether it reaches the measure's lines, structurally
    /// (from the roll-ups, whatever its amounts in a period).
    /// A tax-only adjustment moves the measures the income-tax effects reach.
    fn moves(&self, spec: &Spec) -> Vec<bool> {
        let after_tax = self.after_tax(spec);
        self.adjusted
            .adjustments
            .iter()
            .zip(&spec.included)
            .map(|(a, &included)| {
                included
                    && if a.tax_only {
                        after_tax
                    } else {
                        a.targets
                            .iter()
                            .any(|&t| !self.coefficient(spec, t).is_zero())
                    }
            })
            .collect()
    }

    /// The income-tax effects of the adjustments reach the measure.
    fn after_tax(&self, spec: &Spec) -> bool {
        !self.coefficient(spec, self.adjusted.tax_line).is_zero()
    }

    /// How one unit placed on `line` moves the measure.
    fn coefficient(&self, spec: &Spec, line: LineId) -> Decimal {
        Self::lines(spec)
            .filter_map(|(l, sign)| self.statement.sign_into(line, l).map(|s| s * sign))
            .sum()
    }

    /// A money measure reconciled: its columns built in parallel, then the
    /// tax rows judged over all of them.
    fn amount_block(&self, measure: NonGaapMeasure) -> Result<AmountBlock, Diagnostic> {
        let spec = self.spec(measure)?;
        let moves = self.moves(&spec);
        let after_tax = self.after_tax(&spec);
        let builder = AmountColumns {
            view: self,
            spec: &spec,
            measure,
            moves: &moves,
            // A measure over balances takes each line's balance for the
            // column (at its end, or its average); adjustments do not move
            // balances.
            balance: match measure {
                NonGaapMeasure::Declared(i) => self.statement.measures[i].balance,
                _ => None,
            },
        };
        // Columns are independent: built in parallel, kept in order.
        let built: Vec<Result<(AmountColumn, Vec<Crossing>), Diagnostic>> = self
            .adjusted
            .columns
            .par_iter()
            .enumerate()
            .map(|(c, lines)| builder.column(c, lines))
            .collect();
        let mut columns = Vec::with_capacity(self.adjusted.columns.len());
        let mut crossings = Vec::new();
        for result in built {
            let (column, more) = result?;
            columns.push(column);
            crossings.extend(more);
        }
        let taxed = self.taxed(&spec, &moves, after_tax, &columns);
        self.combine_taxes(&mut columns, &taxed)?;
        Ok(AmountBlock {
            measure,
            id: measure.name(self.statement),
            gaap_label: spec.gaap_label,
            non_gaap_label: spec.non_gaap_label,
            term_ids: spec
                .terms
                .iter()
                .map(|(l, _, _)| self.statement.line(*l).id.clone())
                .collect(),
            term_labels: spec.terms.into_iter().map(|(_, _, l)| l).collect(),
            rationale: match measure {
                NonGaapMeasure::Declared(i) => self.statement.measures[i].rationale.clone(),
                _ => None,
            },
            moves,
            taxed,
            after_tax,
            order: spec.order,
            columns,
            crossings,
        })
    }

    /// The tax rows: every tax effect that reaches the measure has a row,
    /// so the rows always add up to the non-GAAP figure.
    fn taxed(
        &self,
        spec: &Spec,
        moves: &[bool],
        after_tax: bool,
        columns: &[AmountColumn],
    ) -> Vec<bool> {
        (0..self.adjusted.adjustments.len())
            .map(|a| {
                let summary = &self.adjusted.adjustments[a];
                spec.included[a]
                    && after_tax
                    && !summary.tax_only
                    && !summary.after_taxes
                    && (moves[a] || columns.iter().any(|c| !c.taxes[a].is_zero()))
            })
            .collect()
    }

    /// Each column's one combined income-tax row: the taxed adjustments
    /// that ask for no row of their own.
    fn combine_taxes(
        &self,
        columns: &mut [AmountColumn],
        taxed: &[bool],
    ) -> Result<(), Diagnostic> {
        for column in columns {
            column.tax = self
                .adjusted
                .adjustments
                .iter()
                .zip(&column.taxes)
                .zip(taxed)
                .filter(|((a, _), t)| **t && !a.tax_own_line)
                .try_fold(Decimal::ZERO, |s, ((_, t), _)| s.checked_add(*t))
                .ok_or_else(|| Diagnostic::new("an income-tax row overflows a decimal"))?;
        }
        Ok(())
    }

    fn revenue(&self) -> Result<LineId, Diagnostic> {
        crate::model::tagged(self.statement, Measure::Revenue, NonGaapMeasure::Revenue)
    }

    /// A ratio or margin: GAAP and non-GAAP, each column's numerator
    /// annualized where the ratio says, over its denominator.
    fn ratio_block(&self, measure: NonGaapMeasure) -> Result<RatioBlock, Diagnostic> {
        let RatioDefinition {
            numerator,
            denominator,
            label,
            places,
            ratio,
        } = self.ratio_definition(measure)?;
        let numerators = self.term_columns(numerator)?;
        let denominators = self.term_columns(denominator)?;
        let mut columns = Vec::with_capacity(self.adjusted.columns.len());
        let mut parts = Vec::with_capacity(self.adjusted.columns.len());
        let mut gaap_parts = Vec::with_capacity(self.adjusted.columns.len());
        let mut printed = Vec::with_capacity(self.adjusted.columns.len());
        for (c, (&(n_gaap, n_non), &(d_gaap, d_non))) in
            numerators.iter().zip(&denominators).enumerate()
        {
            let period = &self.statement.periods[self.adjusted.period_index[c]];
            let factor = match ratio {
                Some(r) => self.statement.annualization(period, r)?,
                None => None,
            }
            .unwrap_or(Decimal::ONE);
            let (n_gaap, n_non) = n_gaap
                .checked_mul(factor)
                .zip(n_non.checked_mul(factor))
                .ok_or_else(|| overflow(period))?;
            parts.push((n_non, d_non));
            gaap_parts.push((n_gaap, d_gaap));
            printed.push(self.printed(c, measure));
            let value = |n: Decimal, d: Decimal| match ratio {
                Some(r) => r.value(n, d),
                None => percent(n, d),
            };
            columns.push(Margin::of(value(n_gaap, d_gaap), value(n_non, d_non)));
        }
        Ok(RatioBlock {
            measure,
            id: measure.name(self.statement),
            label,
            row_labels: ratio
                .and_then(|r| r.gaap_label.clone().map(|gaap| (gaap, r.label.clone()))),
            places,
            unit: ratio.map_or_else(Default::default, |r| r.unit),
            columns,
            parts,
            gaap_parts,
            printed,
        })
    }

    /// What a ratio block divides: a declared ratio's terms, or a margin's
    /// line over revenue.
    fn ratio_definition(&self, measure: NonGaapMeasure) -> Result<RatioDefinition<'_>, Diagnostic> {
        if let NonGaapMeasure::Ratio(i) = measure {
            let r = &self.statement.ratios[i];
            return Ok(RatioDefinition {
                numerator: r.numerator,
                denominator: r.denominator,
                label: caption_case(&r.label),
                places: r.places,
                ratio: Some(r),
            });
        }
        let numerator = match measure {
            NonGaapMeasure::GrossMargin => NonGaapMeasure::GrossProfit.terms(self.statement)?,
            NonGaapMeasure::OperatingMargin => {
                NonGaapMeasure::OperatingIncome.terms(self.statement)?
            }
            _ => NonGaapMeasure::NetIncome.terms(self.statement)?,
        }[0]
        .0;
        let (numerator, denominator) =
            (RatioTerm::Line(numerator), RatioTerm::Line(self.revenue()?));
        // A ratio the model declares over the same lines sets the
        // precision; whole percent otherwise.
        let places = self
            .statement
            .ratios
            .iter()
            .find(|r| r.numerator == numerator && r.denominator == denominator)
            .map_or(0, |r| r.places);
        Ok(RatioDefinition {
            numerator,
            denominator,
            label: measure.generic_label().to_string(),
            places,
            ratio: None,
        })
    }

    /// A ratio term's GAAP and non-GAAP figures in each column: a flow
    /// line's from the adjusted statement; a balance-sheet line's balance at
    /// the column's end (adjustments move flows only); a declared measure's
    /// from its reconciliation.
    fn term_columns(&self, term: RatioTerm) -> Result<Vec<(Decimal, Decimal)>, Diagnostic> {
        match term {
            RatioTerm::Measure(i) => Ok(self
                .amount_block(NonGaapMeasure::Declared(i))?
                .columns
                .iter()
                .map(|c| (c.gaap, c.non_gaap))
                .collect()),
            RatioTerm::Line(line) => self
                .adjusted
                .columns
                .iter()
                .enumerate()
                .map(|(c, lines)| {
                    let period = &self.statement.periods[self.adjusted.period_index[c]];
                    if self.statement.line(line).statement == StatementKind::BalanceSheet {
                        let b = self.statement.balance(period, line, BalanceBasis::End)?;
                        return Ok((b, b));
                    }
                    let f = &lines[line.0];
                    f.gaap
                        .zip(f.non_gaap)
                        .ok_or_else(|| required(self.statement, period, line))
                })
                .collect(),
        }
    }

    /// A measure per share on a basis: its amounts divided column by
    /// column, or (a declared measure naming a count) by the stated count.
    /// The amounts are those of the amount block `built` already holds for
    /// the numerator (the same figures, built once), else built here.
    fn per_share_block(
        &self,
        measure: NonGaapMeasure,
        basis: ShareBasis,
        built: &[Block],
    ) -> Result<PerShareBlock, Diagnostic> {
        let numerator = self.per_share_numerator(measure);
        let shown = built.iter().find_map(|block| match block {
            Block::Amount(amounts) if amounts.measure == numerator => Some(amounts),
            _ => None,
        });
        let amounts = match shown {
            Some(amounts) => amounts.clone(),
            None => self.amount_block(numerator)?,
        };
        let (gaap_label, non_gaap_label) = self.per_share_labels(measure, basis, &amounts);
        if let NonGaapMeasure::Declared(i) = measure
            && basis == ShareBasis::Diluted
            && self.statement.measures[i].per_share_count.is_some()
        {
            return self.per_stated_count(i, amounts, gaap_label, non_gaap_label);
        }
        let columns = amounts
            .columns
            .par_iter()
            .enumerate()
            .map(|(c, column)| self.per_share_column(measure, basis, c, column))
            .collect::<Vec<_>>()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let taxed = self.bridge_taxed(amounts.taxed, &columns);
        Ok(PerShareBlock {
            measure,
            basis,
            gaap_label,
            non_gaap_label,
            id: match measure {
                NonGaapMeasure::Declared(i) => declared_per_share(i, basis),
                _ => eps(basis),
            }
            .name(self.statement),
            term_labels: amounts.term_labels,
            term_ids: amounts.term_ids,
            stated_count: None,
            moves: amounts.moves,
            taxed,
            after_tax: amounts.after_tax,
            order: amounts.order.clone(),
            columns,
        })
    }

    /// What per share divides: income available to common shareholders
    /// (the bottom line less preferred dividends, each adjusted) for net
    /// income; the measure itself otherwise.
    fn per_share_numerator(&self, measure: NonGaapMeasure) -> NonGaapMeasure {
        match measure {
            NonGaapMeasure::NetIncome
                if self
                    .statement
                    .measure_line(Measure::PreferredDividends)
                    .is_some() =>
            {
                NonGaapMeasure::IncomeAvailableToCommon
            }
            other => other,
        }
    }

    /// The GAAP and non-GAAP labels of a per-share block: a declared
    /// measure's own where written, else the amounts' labels per share.
    fn per_share_labels(
        &self,
        measure: NonGaapMeasure,
        basis: ShareBasis,
        amounts: &AmountBlock,
    ) -> (String, String) {
        let basis_word = basis.word();
        let per_share = |label: &str| format!("{label} per {basis_word} share");
        match measure {
            NonGaapMeasure::NetIncome => {
                let subject = self.per_share_subject();
                let standard = self.statement.entity.standard;
                (
                    per_share(&format!("{} {subject}", standard.gaap())),
                    per_share(&format!("{} {subject}", standard.non_gaap())),
                )
            }
            NonGaapMeasure::Declared(i) => {
                let m = &self.statement.measures[i];
                let (gaap, non_gaap) = match basis {
                    ShareBasis::Diluted => (&m.gaap_per_share_label, &m.per_share_label),
                    ShareBasis::Basic => (&m.gaap_per_basic_share_label, &m.per_basic_share_label),
                };
                (
                    gaap.clone()
                        .unwrap_or_else(|| per_share(&amounts.gaap_label)),
                    non_gaap
                        .clone()
                        .unwrap_or_else(|| per_share(&amounts.non_gaap_label)),
                )
            }
            _ => (
                per_share(&amounts.gaap_label),
                per_share(&amounts.non_gaap_label),
            ),
        }
    }

    /// One column of a per-share block: the amounts divided by the period's
    /// shares, or the release's own per-share bridge where it prints no
    /// counts; with the figures the release prints. `None` where neither.
    fn per_share_column(
        &self,
        measure: NonGaapMeasure,
        basis: ShareBasis,
        c: usize,
        column: &AmountColumn,
    ) -> Result<Option<PerShareColumn>, Diagnostic> {
        let period = &self.statement.periods[self.adjusted.period_index[c]];
        let figures = MeasureFigures {
            gaap: column.gaap,
            terms: &column.terms,
            effects: &column.effects,
            taxes: &column.taxes,
            tax: column.tax,
            non_gaap: column.non_gaap,
        };
        let mut column = per_share(self.statement, period, &figures, basis)?;
        let gaap_printed = period.eps.as_ref().and_then(|e| match basis {
            ShareBasis::Basic => e.basic.as_ref(),
            ShareBasis::Diluted => e.diluted.as_ref(),
        });
        let published = self.published_per_share(c, basis);
        // No share counts: the release's own per-share bridge.
        if column.is_none() && period.shares.is_none() && measure == NonGaapMeasure::NetIncome {
            let tax_only: Vec<bool> = self
                .adjusted
                .adjustments
                .iter()
                .map(|a| a.tax_only)
                .collect();
            column = printed_bridge(
                &figures,
                gaap_printed.map(|f| f.value),
                &published,
                &tax_only,
                basis,
            );
        }
        let printed = self.printed(c, eps(basis));
        Ok(column.map(|mut column| {
            column.printed = match measure {
                NonGaapMeasure::NetIncome => printed,
                NonGaapMeasure::Declared(i) => self.printed(c, declared_per_share(i, basis)),
                _ => None,
            };
            column.gaap_printed = gaap_printed
                .filter(|_| measure == NonGaapMeasure::NetIncome)
                .map(|f| f.value);
            column.gaap_ytd_difference = column.gaap_printed.is_some()
                && period.eps.as_ref().is_some_and(|e| e.ytd_difference);
            column.published = published;
            column
        }))
    }

    /// Per adjustment: the per-share amount the release prints for it in a
    /// column on a basis, if recorded.
    fn published_per_share(&self, c: usize, basis: ShareBasis) -> Vec<Option<Decimal>> {
        self.adjusted
            .adjustments
            .iter()
            .map(|a| {
                let table = match basis {
                    ShareBasis::Basic => &a.per_share.basic,
                    ShareBasis::Diluted => &a.per_share.diluted,
                };
                table.get(&self.adjusted.period_index[c]).map(|(v, _)| *v)
            })
            .collect()
    }

    /// The release's own per-share bridge prints each adjustment's amount
    /// as it affects net income: no tax row of the tool's beside it.
    fn bridge_taxed(&self, mut taxed: Vec<bool>, columns: &[Option<PerShareColumn>]) -> Vec<bool> {
        if columns.iter().flatten().next().is_some()
            && columns.iter().flatten().all(|c: &PerShareColumn| c.bridge)
        {
            for (a, summary) in self.adjusted.adjustments.iter().enumerate() {
                if !summary.tax_only {
                    taxed[a] = false;
                }
            }
        }
        taxed
    }

    /// A declared measure per share on the count it names (diluted shares
    /// and operating-partnership units, say), with the lines its numerator
    /// adds back for the securities in that count; no anti-dilution test:
    /// the count is the release's.
    fn per_stated_count(
        &self,
        i: usize,
        amounts: AmountBlock,
        gaap_label: String,
        non_gaap_label: String,
    ) -> Result<PerShareBlock, Diagnostic> {
        let measure = &self.statement.measures[i];
        let Some((name, site)) = &measure.per_share_count else {
            return Err(Diagnostic::new(
                "a measure without a per-share count was asked for one",
            ));
        };
        let stated = StatedCount {
            view: self,
            i,
            measure,
            name,
            site,
            factor: self.statement.entity.per_share_factor(),
        };
        let mut term_labels = amounts.term_labels.clone();
        let mut term_ids = amounts.term_ids.clone();
        term_ids.extend(
            measure
                .per_share_add
                .iter()
                .map(|&l| self.statement.line(l).id.clone()),
        );
        term_labels.extend(
            measure
                .per_share_add
                .iter()
                .map(|&l| self.statement.line(l).label.clone()),
        );
        let mut columns = Vec::with_capacity(amounts.columns.len());
        for (c, column) in amounts.columns.iter().enumerate() {
            columns.push(Some(stated.column(c, column)?));
        }
        Ok(PerShareBlock {
            measure: NonGaapMeasure::Declared(i),
            id: NonGaapMeasure::DeclaredPerShare(i).name(self.statement),
            basis: ShareBasis::Diluted,
            gaap_label,
            non_gaap_label,
            term_labels,
            term_ids,
            stated_count: measure.balance.map(|_| name.clone()),
            moves: amounts.moves,
            taxed: amounts.taxed,
            after_tax: amounts.after_tax,
            order: amounts.order.clone(),
            columns,
        })
    }

    /// The non-GAAP figure the release prints for a measure in a column.
    fn printed(&self, column: usize, measure: NonGaapMeasure) -> Option<Decimal> {
        let period = &self.statement.periods[self.adjusted.period_index[column]];
        period
            .published
            .iter()
            .filter(|p| p.what == crate::model::PublishedFigure::NonGaap)
            .find(|p| {
                NonGaapMeasure::parse_key(&p.key, self.statement).is_ok_and(|m| m == [measure])
            })
            .map(|p| p.fact.value)
    }

    pub(crate) fn per_share_subject(&self) -> String {
        let bottom = self.bottom_caption();
        if self
            .statement
            .measure_line(Measure::PreferredDividends)
            .is_some()
        {
            format!("{bottom} available to common shareholders")
        } else {
            bottom
        }
    }
}

/// What a ratio block divides, and how it is shown.
struct RatioDefinition<'s> {
    numerator: RatioTerm,
    denominator: RatioTerm,
    /// "operating margin".
    label: String,
    /// Decimals printed.
    places: u32,
    /// The ratio the model declares; `None` for a margin.
    ratio: Option<&'s Ratio>,
}

/// What every column of an amount block is built from: the measure's spec
/// and which adjustments move it.
struct AmountColumns<'v> {
    view: &'v View<'v>,
    spec: &'v Spec,
    measure: NonGaapMeasure,
    moves: &'v [bool],
    /// For a measure over balances: which balance each line takes.
    balance: Option<BalanceBasis>,
}

/// The figures of the lines of one column a measure reads.
struct ColumnLines<'c> {
    statement: &'c Statement,
    period: &'c Period,
    lines: &'c [LineFigures],
    /// For a measure over balances: each of its lines' balance, unadjusted,
    /// in place of the line's figures.
    balances: Vec<(LineId, LineFigures)>,
}

impl ColumnLines<'_> {
    /// A line's figures; an error where the period gives no GAAP figure.
    fn get(&self, line: LineId) -> Result<&LineFigures, Diagnostic> {
        if let Some((_, figures)) = self.balances.iter().find(|(l, _)| *l == line) {
            return Ok(figures);
        }
        let figures = &self.lines[line.0];
        figures
            .gaap
            .map(|_| figures)
            .ok_or_else(|| required(self.statement, self.period, line))
    }
}

impl AmountColumns<'_> {
    /// One column of the block and the crossings of its lines.
    fn column(
        &self,
        c: usize,
        lines: &[LineFigures],
    ) -> Result<(AmountColumn, Vec<Crossing>), Diagnostic> {
        let statement = self.view.statement;
        let period = &statement.periods[self.view.adjusted.period_index[c]];
        let figures = ColumnLines {
            statement,
            period,
            lines,
            balances: self.balances(period)?,
        };
        let gaap = self.gaap(&figures)?;
        let terms = self.terms(&figures)?;
        let (effects, taxes) = self.effects_and_taxes(&figures)?;
        let crossings = self.crossings(c, lines);
        // Adding zero leaves a decimal as it is, bit for bit.
        let non_gaap = terms
            .iter()
            .chain(&effects)
            .chain(&taxes)
            .filter(|v| !v.is_zero())
            .try_fold(gaap, |s, v| s.checked_add(*v))
            .ok_or_else(|| overflow(period))?;
        let margin = self.margin(&figures, gaap, non_gaap)?;
        let column = AmountColumn {
            gaap,
            terms,
            effects,
            taxes,
            tax: Decimal::ZERO,
            non_gaap,
            margin,
            printed: self.view.printed(c, self.measure),
        };
        Ok((column, crossings))
    }

    /// For a measure over balances, each of its lines' balance in the
    /// period, as figures no adjustment moves; none otherwise.
    fn balances(&self, period: &Period) -> Result<Vec<(LineId, LineFigures)>, Diagnostic> {
        let Some(basis) = self.balance else {
            return Ok(Vec::new());
        };
        let k = self.view.adjusted.adjustments.len();
        let mut balances = Vec::new();
        for (line, _) in View::lines(self.spec) {
            let value = self.view.statement.balance(period, line, basis)?;
            balances.push((
                line,
                LineFigures {
                    gaap: Some(value),
                    effects: engine::ByAdjustment::new(k),
                    taxes: engine::ByAdjustment::new(k),
                    non_gaap: Some(value),
                    direct: Decimal::ZERO,
                },
            ));
        }
        Ok(balances)
    }

    /// The GAAP figure: the GAAP lines, signed and summed.
    fn gaap(&self, figures: &ColumnLines) -> Result<Decimal, Diagnostic> {
        let mut gaap = Decimal::ZERO;
        for &(line, sign) in &self.spec.gaap {
            gaap = gaap
                .checked_add(figures.get(line)?.gaap.unwrap_or_default() * sign)
                .ok_or_else(|| overflow(figures.period))?;
        }
        Ok(gaap)
    }

    /// Each definition term's GAAP amount, signed as it enters the measure.
    fn terms(&self, figures: &ColumnLines) -> Result<Vec<Decimal>, Diagnostic> {
        let mut terms = Vec::with_capacity(self.spec.terms.len());
        for &(line, sign, _) in &self.spec.terms {
            terms.push(figures.get(line)?.gaap.unwrap_or_default() * sign);
        }
        Ok(terms)
    }

    /// Each included adjustment's pre-tax and income-tax effects on the
    /// measure's lines, signed and summed.
    fn effects_and_taxes(
        &self,
        figures: &ColumnLines,
    ) -> Result<(Vec<Decimal>, Vec<Decimal>), Diagnostic> {
        let k = self.view.adjusted.adjustments.len();
        let mut effects = vec![Decimal::ZERO; k];
        let mut taxes = vec![Decimal::ZERO; k];
        for (line, sign) in View::lines(self.spec) {
            let line_figures = figures.get(line)?;
            // Adding zero leaves a decimal as it is, bit for bit: the
            // zeros (most of a line's cells) are skipped.
            // Only the adjustments that reach the line have a figure.
            for (into, from) in [
                (&mut effects, &line_figures.effects),
                (&mut taxes, &line_figures.taxes),
            ] {
                for (a, v) in from.stated() {
                    if self.spec.included[a] && !v.is_zero() {
                        into[a] = into[a]
                            .checked_add(v * sign)
                            .ok_or_else(|| overflow(figures.period))?;
                    }
                }
            }
        }
        Ok((effects, taxes))
    }

    /// A line of the measure, or a line an adjustment of it excludes from,
    /// whose exclusions exceed it or turn its sign.
    fn crossings(&self, c: usize, lines: &[LineFigures]) -> Vec<Crossing> {
        let adjustments = &self.view.adjusted.adjustments;
        let excluded_from = (0..adjustments.len())
            .filter(|&a| self.moves[a])
            .flat_map(|a| adjustments[a].targets.iter().copied());
        // The line a noncontrolling share lands on is added to, not
        // excluded from: no note.
        let shares_land_on: Vec<LineId> = adjustments
            .iter()
            .filter(|a| a.after_taxes)
            .flat_map(|a| a.targets.iter().copied())
            .collect();
        let mut crossings = Vec::new();
        // Each line judged once, however many adjustments target it.
        let mut seen = vec![false; lines.len()];
        for line in View::lines(self.spec).map(|(l, _)| l).chain(excluded_from) {
            let figures = &lines[line.0];
            if std::mem::replace(&mut seen[line.0], true)
                || shares_land_on.contains(&line)
                || !figures.exclusion_exceeds_line()
            {
                continue;
            }
            crossings.push(Crossing {
                column: c,
                line_label: self.view.statement.line(line).label.clone(),
                removed: -figures.direct,
                gaap: figures.gaap.unwrap_or_default(),
                non_gaap: figures.non_gaap.unwrap_or_default(),
            });
        }
        crossings
    }

    /// Gross margin, for gross profit: always a margin, a side whose
    /// revenue is zero n/a (as `statements` prints it), not dropped.
    fn margin(
        &self,
        figures: &ColumnLines,
        gaap: Decimal,
        non_gaap: Decimal,
    ) -> Result<Option<Margin>, Diagnostic> {
        if self.measure != NonGaapMeasure::GrossProfit {
            return Ok(None);
        }
        let r = figures.get(self.view.revenue()?)?;
        Ok(Some(Margin {
            gaap: percent(gaap, r.gaap.unwrap_or_default()),
            non_gaap: percent(non_gaap, r.non_gaap.unwrap_or_default()),
        }))
    }
}

/// What every column of a declared measure per stated count shares: the
/// measure and the count it names.
struct StatedCount<'v> {
    view: &'v View<'v>,
    /// The measure's index among the declared measures.
    i: usize,
    measure: &'v DeclaredMeasure,
    /// The count's name in `[period.counts]`, and where the measure names it.
    name: &'v str,
    site: &'v Site,
    /// Money units per share unit.
    factor: Decimal,
}

impl StatedCount<'_> {
    /// One column: the amounts, and the lines the numerator adds back,
    /// divided by the stated count; the GAAP figure as GAAP EPS divides it.
    fn column(&self, c: usize, column: &AmountColumn) -> Result<PerShareColumn, Diagnostic> {
        let period = &self.view.statement.periods[self.view.adjusted.period_index[c]];
        let too_large = || overflow(period);
        let count = self.count(period)?;
        let (added, add_terms) = self.added(c, period)?;
        let per = |v: Decimal| {
            v.checked_mul(self.factor)
                .and_then(|v| v.checked_div(count))
                .ok_or_else(too_large)
        };
        let shares = SharesUsed {
            count,
            basis: ShareBasis::Diluted,
        };
        let gaap_shares = self.gaap_shares(period, column.gaap, shares);
        let gaap = column
            .gaap
            .checked_mul(self.factor)
            .and_then(|v| v.checked_div(gaap_shares.count))
            .ok_or_else(too_large)?;
        let mut terms: Vec<Decimal> = column
            .terms
            .iter()
            .map(|&t| per(t))
            .collect::<Result<_, _>>()?;
        for t in add_terms {
            terms.push(per(t)?);
        }
        Ok(PerShareColumn {
            gaap_shares,
            non_gaap_shares: shares,
            gaap,
            share_count_effect: per(column.gaap)?.checked_sub(gaap).ok_or_else(too_large)?,
            terms,
            effects: column
                .effects
                .iter()
                .map(|&v| per(v))
                .collect::<Result<_, _>>()?,
            taxes: column
                .taxes
                .iter()
                .map(|&v| per(v))
                .collect::<Result<_, _>>()?,
            tax: per(column.tax)?,
            if_converted: Decimal::ZERO,
            published: Vec::new(),
            printed: self
                .view
                .printed(c, NonGaapMeasure::DeclaredPerShare(self.i)),
            gaap_printed: None,
            gaap_ytd_difference: false,
            non_gaap: per(column.non_gaap.checked_add(added).ok_or_else(too_large)?)?,
            diluted_count_missing: false,
            bridge: false,
            gaap_missing: false,
        })
    }

    /// The stated count of a period: its own, or (for a count at a date,
    /// such as shares outstanding) the one of the instant at its end, which
    /// a balance measure may take. An error where none is given or it is
    /// not positive.
    fn count(&self, period: &Period) -> Result<Decimal, Diagnostic> {
        let (name, measure) = (self.name, self.measure);
        let at_end = measure
            .balance
            .and_then(|_| self.view.statement.instant_at(period.span.end()));
        let stated = period
            .counts
            .get(name)
            .or_else(|| at_end.and_then(|p| p.counts.get(name)));
        let count = stated.map(|f| f.value).ok_or_else(|| {
            Diagnostic::at(
                self.site,
                format!(
                    "measure `{}` divides by the count `{name}`, which period {} does not give",
                    measure.id, period.id
                ),
            )
            .help(format!(
                "add {name} = <count> to the period's [period.counts]{}",
                if measure.balance.is_some() {
                    format!(
                        ", or to those of the instant period dated {}",
                        period.span.end()
                    )
                } else {
                    String::new()
                }
            ))
        })?;
        if count <= Decimal::ZERO {
            let at = stated.map_or(self.site, |f| &f.site);
            return Err(Diagnostic::at(
                at,
                format!("the count `{name}` of period {} is not positive", period.id),
            )
            .help("a per-share figure divides by this count; copy it from the release"));
        }
        Ok(count)
    }

    /// The GAAP amounts of the lines the numerator adds back for the
    /// securities in the count: their sum, and each.
    fn added(&self, c: usize, period: &Period) -> Result<(Decimal, Vec<Decimal>), Diagnostic> {
        let lines = &self.view.adjusted.columns[c];
        let mut added = Decimal::ZERO;
        let mut add_terms = Vec::new();
        for &l in &self.measure.per_share_add {
            let value = lines[l.0]
                .gaap
                .ok_or_else(|| required(self.view.statement, period, l))?;
            added = added.checked_add(value).ok_or_else(|| overflow(period))?;
            add_terms.push(value);
        }
        Ok((added, add_terms))
    }

    /// The count the GAAP figure divides by: as GAAP EPS divides it (basic
    /// for a loss, where given), so the column starts where the release
    /// does and the change of count is a row; the stated count for a
    /// balance per share (book value), or where the period gives none.
    fn gaap_shares(&self, period: &Period, gaap: Decimal, stated: SharesUsed) -> SharesUsed {
        let gaap_count = period.shares.as_ref().and_then(|s| {
            if gaap < Decimal::ZERO {
                s.basic.as_ref().or(s.diluted.as_ref())
            } else {
                s.diluted.as_ref().or(s.basic.as_ref())
            }
        });
        let gaap_count = gaap_count.filter(|_| self.measure.balance.is_none());
        gaap_count.map_or(stated, |f| SharesUsed {
            count: f.value,
            basis: if gaap < Decimal::ZERO
                && period.shares.as_ref().is_some_and(|s| s.basic.is_some())
            {
                ShareBasis::Basic
            } else {
                ShareBasis::Diluted
            },
        })
    }
}

/// Net income (loss) per share on a basis, as `--measure` names it.
fn eps(basis: ShareBasis) -> NonGaapMeasure {
    match basis {
        ShareBasis::Basic => NonGaapMeasure::EpsBasic,
        ShareBasis::Diluted => NonGaapMeasure::EpsDiluted,
    }
}

/// A declared measure's per-share figure on a basis, as `--measure` names it.
fn declared_per_share(i: usize, basis: ShareBasis) -> NonGaapMeasure {
    match basis {
        ShareBasis::Diluted => NonGaapMeasure::DeclaredPerShare(i),
        ShareBasis::Basic => NonGaapMeasure::DeclaredPerBasicShare(i),
    }
}

/// An error for a figure a view needs that the period does not give.
fn required(statement: &Statement, period: &Period, line: LineId) -> Diagnostic {
    let id = &statement.line(line).id;
    if !period.is_duration() && statement.line(line).statement != StatementKind::BalanceSheet {
        return Diagnostic::at(
            &period.site,
            format!(
                "period {} is a balance-sheet date, and `{id}` is a flow over a period",
                period.id
            ),
        )
        .help({
            let durations: Vec<&str> = statement
                .periods
                .iter()
                .filter(|p| p.is_duration() && p.derived.is_none())
                .map(|p| p.id.as_str())
                .take(8)
                .collect();
            format!(
                "a balance-sheet date reconciles measures over balance-sheet lines; choose a duration period for this one: {}",
                durations.join(", ")
            )
        });
    }
    Diagnostic::at(
        &period.site,
        format!("period {} has no value for `{id}`", period.id),
    )
    .help(format!(
        "add {id} = <amount> to this period's [period.values], or the components it is the total of"
    ))
}

fn overflow(period: &Period) -> Diagnostic {
    Diagnostic::at(
        &period.site,
        format!(
            "the reconciliation of period {} overflows a decimal",
            period.id
        ),
    )
    .help("check the amounts of this period for a misplaced digit")
}

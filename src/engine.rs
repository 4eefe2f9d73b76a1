//! The engine: a pure transform of the GAAP statement by the adjustments into
//! the *adjusted statement*. For every line (and every subtotal, recomputed
//! through the roll-ups) of every chosen period it holds the GAAP amount,
//! each adjustment's pre-tax effect, each adjustment's income-tax effect and
//! the non-GAAP amount. Nothing is rounded or formatted here; every
//! reconciliation, measure, margin and matrix is a view on it (`crate::view`).

use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::model::{
    Adjustment, AdjustmentRule, Derivation, LineId, Measure, NoncontrollingShare, Period,
    PeriodHeading, PeriodIx, Sign, Statement, TaxEffect, Units,
};

/// The GAAP statement with the adjustments applied, for the chosen periods.
#[derive(Debug, Clone)]
pub struct AdjustedStatement {
    pub entity: String,
    /// Units of money and share counts; per-share figures are dollars.
    pub units: Units,
    /// The adjustments, in presentation order; every per-adjustment vector
    /// below follows this order.
    pub adjustments: Arc<[AdjustmentSummary]>,
    /// The columns, in the order chosen.
    pub periods: Vec<PeriodHeading>,
    /// Index into `Statement::periods` of each column.
    pub period_index: Vec<usize>,
    /// One per column: the figures of every line item, by `LineId` (shared
    /// with the `Adjuster` that computed them).
    pub columns: Vec<Lines>,
    /// One per column: each adjustment's effect before tax, which its tax
    /// effect is judged against (for a group's tax effect, the group's sum).
    pub taxable: Vec<Vec<Decimal>>,
    /// The result the release ends on: net income (loss), or income from
    /// continuing operations when the model has no net income line.
    pub bottom_line: LineId,
    /// The line the adjustments' income-tax effects land on: the income-tax
    /// line, or else the first line after tax.
    pub tax_line: LineId,
    /// How one unit of tax effect on the bottom line enters `tax_line`: -1
    /// for a provision that is subtracted.
    pub tax_sign: Decimal,
    /// Where adjustments stated net of tax land: the first line after tax.
    pub after_tax_line: LineId,
}

/// The figures of every line item in one column, by `LineId`: shared, not
/// copied, by every adjusted statement of the same model that has the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines(Arc<Vec<LineFigures>>);

impl std::ops::Deref for Lines {
    type Target = Vec<LineFigures>;

    fn deref(&self) -> &Vec<LineFigures> {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Lines {
    type Item = &'a LineFigures;
    type IntoIter = std::slice::Iter<'a, LineFigures>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// What the tables say about an adjustment besides its figures.
#[derive(Debug, Clone)]
pub struct AdjustmentSummary {
    pub id: String,
    pub label: String,
    pub rationale: String,
    pub tax: TaxEffect,
    /// Its tax effect has a row of its own.
    pub tax_own_line: bool,
    /// It changes income tax only (a tax-only adjustment, or the tax effect
    /// of a group of adjustments); its row is its tax effect.
    pub tax_only: bool,
    /// The noncontrolling interests' share of other adjustments: taken
    /// after income taxes, so its row follows the tax rows.
    pub after_taxes: bool,
    /// The ids of the adjustments it is computed from: a noncontrolling
    /// share's, or a tax-effect group's members.
    pub covers: Vec<String>,
    /// The lines it moves directly (before the roll-ups).
    pub targets: Vec<LineId>,
    /// The per-share amounts the release prints for it.
    pub per_share: crate::model::PublishedPerShare,
    /// For a tax rate by fiscal year: each column's header and its rate
    /// (`None` for a derived column whose periods have different rates).
    pub column_rates: Vec<(String, Option<Decimal>)>,
}

/// One line in one period. Invariant: where `gaap` is known,
/// `non_gaap == gaap + sum(effects) + sum(taxes)` exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFigures {
    /// As reported, or the sum of its components; `None` when the period
    /// gives neither.
    pub gaap: Option<Decimal>,
    /// Each adjustment's pre-tax effect on this line, through the roll-ups.
    pub effects: ByAdjustment,
    /// Each adjustment's income-tax effect on this line (zero above the tax
    /// line).
    pub taxes: ByAdjustment,
    pub non_gaap: Option<Decimal>,
    /// The sum of the effects placed on this very line (not its components):
    /// what the adjustments take out of it, with the opposite sign.
    pub direct: Decimal,
}

impl LineFigures {
    /// The exclusions placed on this line take out more than the line
    /// holds, or turn it to the other sign: the table says so in a note.
    /// Taking out an amount of the other sign (a charge inside a profit
    /// subtotal, a gain inside an expense) only makes the line larger.
    pub fn exclusion_exceeds_line(&self) -> bool {
        let Some(gaap) = self.gaap else { return false };
        if self.direct.is_zero() {
            return false;
        }
        let removed = -self.direct;
        let opposite = |a: Decimal, b: Decimal| {
            !a.is_zero() && !b.is_zero() && a.is_sign_negative() != b.is_sign_negative()
        };
        let same_direction = gaap.is_zero() || !opposite(removed, gaap);
        (same_direction && removed.abs() > gaap.abs())
            || self
                .non_gaap
                .is_some_and(|n| opposite(n, gaap) && gaap.abs() > Decimal::ZERO)
    }
}

/// Figures by adjustment, kept only for the adjustments that put one
/// there (a line holds the effects of the few adjustments that reach it,
/// not a zero for every other): any other adjustment reads zero. A figure
/// written is kept as written, a zero included, so every sum and every
/// figure shown is what a full row of zeros would give, bit for bit.
#[derive(Debug, Clone)]
pub struct ByAdjustment {
    /// How many adjustments there are.
    len: u32,
    /// (adjustment index, figure), in adjustment order.
    entries: Vec<(u32, Decimal)>,
}

/// Every adjustment's figure in order, zero where it has none.
pub struct Iter<'a> {
    by: &'a ByAdjustment,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Decimal;

    fn next(&mut self) -> Option<&'a Decimal> {
        if self.next >= self.by.len() {
            return None;
        }
        self.next += 1;
        Some(&self.by[self.next - 1])
    }
}

impl<'a> IntoIterator for &'a ByAdjustment {
    type Item = &'a Decimal;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

static ZERO: Decimal = Decimal::ZERO;

impl std::ops::Index<usize> for ByAdjustment {
    type Output = Decimal;

    fn index(&self, a: usize) -> &Decimal {
        match self.find(a) {
            Ok(i) => &self.entries[i].1,
            Err(_) => &ZERO,
        }
    }
}

impl PartialEq for ByAdjustment {
    /// Equal when every adjustment reads the same figure.
    fn eq(&self, other: &Self) -> bool {
        let nonzero = |b: &ByAdjustment| {
            b.entries
                .iter()
                .filter(|(_, v)| !v.is_zero())
                .map(|&(a, v)| (a, v))
                .collect::<Vec<_>>()
        };
        self.len == other.len && nonzero(self) == nonzero(other)
    }
}

impl Eq for ByAdjustment {}

impl ByAdjustment {
    /// No figure yet for any of `len` adjustments.
    pub fn new(len: usize) -> ByAdjustment {
        ByAdjustment {
            len: u32::try_from(len).unwrap_or(u32::MAX),
            entries: Vec::new(),
        }
    }

    /// How many adjustments there are (not how many have a figure).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every adjustment's figure in order, zero where it has none.
    pub fn iter(&self) -> Iter<'_> {
        Iter { by: self, next: 0 }
    }

    fn find(&self, a: usize) -> Result<usize, usize> {
        let a = u32::try_from(a).unwrap_or(u32::MAX);
        // Figures are mostly written in adjustment order: the last first.
        match self.entries.last() {
            Some(&(last, _)) if last < a => Err(self.entries.len()),
            _ => self.entries.binary_search_by_key(&a, |&(k, _)| k),
        }
    }

    /// The figures written, in adjustment order: (adjustment, figure); every
    /// other adjustment's is zero.
    pub fn stated(&self) -> impl ExactSizeIterator<Item = (usize, Decimal)> + '_ {
        self.entries.iter().map(|&(a, v)| (a as usize, v))
    }

    /// The figure of adjustment `a`, written as zero where there is none.
    fn cell(&mut self, a: usize) -> &mut Decimal {
        let i = match self.find(a) {
            Ok(i) => i,
            Err(i) => {
                // Adjustments are counted in u32 on load's limits; a guard.
                let key = u32::try_from(a).unwrap_or(u32::MAX);
                self.entries.insert(i, (key, Decimal::ZERO));
                i
            }
        };
        &mut self.entries[i].1
    }

    fn set(&mut self, a: usize, value: Decimal) {
        *self.cell(a) = value;
    }

    fn remove(&mut self, a: usize) {
        if let Ok(i) = self.find(a) {
            self.entries.remove(i);
        }
    }

    /// `start` plus every figure, or `None` on an overflow.
    fn sum_onto(&self, start: Decimal) -> Option<Decimal> {
        self.entries
            .iter()
            .filter(|(_, v)| !v.is_zero())
            .try_fold(start, |s, (_, v)| s.checked_add(*v))
    }

    /// Every figure times `sign`; zero times anything is zero.
    fn scaled(&self, sign: Decimal) -> ByAdjustment {
        ByAdjustment {
            len: self.len,
            entries: self.entries.iter().map(|&(a, v)| (a, v * sign)).collect(),
        }
    }

    /// The figures of both added, adjustment by adjustment, as a full row
    /// would add them (an adjustment with no figure on one side adds zero).
    fn plus(&self, other: &ByAdjustment) -> Option<ByAdjustment> {
        let mut entries = Vec::with_capacity(self.entries.len().max(other.entries.len()));
        let (mut i, mut j) = (0, 0);
        while i < self.entries.len() || j < other.entries.len() {
            let left = self.entries.get(i);
            let right = other.entries.get(j);
            let entry = match (left, right) {
                (Some(&(a, p)), Some(&(b, q))) if a == b => {
                    i += 1;
                    j += 1;
                    (a, p.checked_add(q)?)
                }
                (Some(&(a, p)), Some(&(b, _))) if a < b => {
                    i += 1;
                    (a, p.checked_add(Decimal::ZERO)?)
                }
                (Some(&(a, p)), None) => {
                    i += 1;
                    (a, p.checked_add(Decimal::ZERO)?)
                }
                (_, Some(&(b, q))) => {
                    j += 1;
                    (b, Decimal::ZERO.checked_add(q)?)
                }
                (None, None) => break,
            };
            entries.push(entry);
        }
        Some(ByAdjustment {
            len: self.len.max(other.len),
            entries,
        })
    }
}

/// Applies the adjustments to every line of the statement in each period.
pub fn adjust(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
) -> Result<AdjustedStatement, Diagnostic> {
    Adjuster::new(statement, adjustments).adjust(periods)
}

/// One column of the adjusted statement: every line's figures, and each
/// adjustment's effect before tax.
type Column = (Lines, Vec<Decimal>);

/// The adjusted statement of one model, each period's column computed once
/// however many views ask for it: a command that checks a model period by
/// period, measure by measure, builds it once. Columns are independent of
/// one another, so an adjusted statement of any periods is the columns of
/// those periods, the same as `adjust` gives.
pub struct Adjuster<'a> {
    statement: &'a Statement,
    adjustments: &'a [Adjustment],
    /// The lines the adjustments land on, or why there are none.
    shape: Result<Landing, Diagnostic>,
    order: Vec<usize>,
    /// What the tables say about each adjustment, shared by every
    /// adjusted statement without rates by fiscal year.
    summaries: Option<Arc<[AdjustmentSummary]>>,
    /// By index into `Statement::periods`: the column, or the error of that
    /// period.
    computed: Mutex<HashMap<usize, Result<Column, Diagnostic>>>,
}

#[derive(Clone, Copy)]
struct Landing {
    bottom_line: LineId,
    tax_line: LineId,
    tax_sign: Decimal,
    after_tax_line: LineId,
}

impl<'a> Adjuster<'a> {
    pub fn new(statement: &'a Statement, adjustments: &'a [Adjustment]) -> Adjuster<'a> {
        let shape = bottom_line(statement).map(|bottom_line| {
            let (tax_line, tax_sign) = tax_landing(statement, bottom_line);
            Landing {
                bottom_line,
                tax_line,
                tax_sign,
                after_tax_line: after_tax(statement, tax_line, bottom_line),
            }
        });
        let mut adjuster = Adjuster {
            statement,
            adjustments,
            shape,
            order: children_first(statement),
            summaries: None,
            computed: Mutex::new(HashMap::new()),
        };
        // A rate by fiscal year names each column's rate: those summaries
        // follow the columns chosen.
        let by_year = adjustments.iter().any(|a| {
            matches!(&a.tax, TaxEffect::Rate(r) | TaxEffect::EffectiveRate(r)
                if !matches!(r, crate::model::TaxRate::Flat(_)))
        });
        if let (Ok(landing), false) = (&adjuster.shape, by_year) {
            let landing = *landing;
            adjuster.summaries = Some(adjuster.summaries(landing, &[]).into());
        }
        adjuster
    }

    fn summaries(&self, landing: Landing, periods: &[usize]) -> Vec<AdjustmentSummary> {
        self.adjustments
            .iter()
            .map(|a| AdjustmentSummary {
                id: a.id.clone(),
                label: a.label.clone(),
                rationale: a.rationale.clone(),
                tax: a.tax.clone(),
                tax_own_line: a.tax_own_line,
                tax_only: matches!(
                    a.rule,
                    AdjustmentRule::TaxOnly | AdjustmentRule::TaxEffect { .. }
                ),
                after_taxes: matches!(a.rule, AdjustmentRule::NoncontrollingShare { .. }),
                covers: match &a.rule {
                    AdjustmentRule::NoncontrollingShare { covers, .. }
                    | AdjustmentRule::TaxEffect { covers } => covers.clone(),
                    _ => Vec::new(),
                },
                targets: targets(a, landing.tax_line, landing.after_tax_line),
                per_share: a.per_share.clone(),
                column_rates: column_rates(self.statement, a, periods),
            })
            .collect()
    }

    /// The adjusted statement of the chosen periods (indices into
    /// `Statement::periods`), in that order; the first error in that order.
    pub fn adjust(&self, periods: &[usize]) -> Result<AdjustedStatement, Diagnostic> {
        let landing = self.shape.clone()?;
        let statement = self.statement;
        let lock = || {
            self.computed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        // Not held while the columns are computed: a task the computing
        // thread takes up meanwhile may ask for columns too.
        let mut missing: Vec<usize> = {
            let computed = lock();
            periods
                .iter()
                .copied()
                .filter(|p| !computed.contains_key(p))
                .collect()
        };
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let inputs = Inputs::new(statement, self.adjustments, &missing);
            let shape = Shape {
                statement,
                adjustments: self.adjustments,
                inputs: &inputs,
                order: &self.order,
                bottom_line: landing.bottom_line,
                tax_line: landing.tax_line,
                tax_sign: landing.tax_sign,
                after_tax_line: landing.after_tax_line,
                pretax_line: statement.measure_line(Measure::PretaxIncome),
            };
            // Columns are independent: computed in parallel.
            let columns: Vec<Result<Column, Diagnostic>> = missing
                .par_iter()
                .map(|&p| {
                    shape
                        .column(p)
                        .map(|(lines, taxable)| (Lines(Arc::new(lines)), taxable))
                })
                .collect();
            lock().extend(missing.into_iter().zip(columns));
        }
        let computed = lock();
        // The first error in period order is reported.
        let mut columns = Vec::with_capacity(periods.len());
        let mut taxable = Vec::with_capacity(periods.len());
        for p in periods {
            let (lines, bases) = computed[p].clone()?;
            columns.push(lines);
            taxable.push(bases);
        }
        drop(computed);
        Ok(AdjustedStatement {
            entity: statement.entity.name.clone(),
            units: statement.entity.units,
            adjustments: match &self.summaries {
                Some(shared) => Arc::clone(shared),
                None => self.summaries(landing, periods).into(),
            },
            periods: periods
                .iter()
                .map(|&p| statement.heading(&statement.periods[p]))
                .collect(),
            period_index: periods.to_vec(),
            columns,
            taxable,
            bottom_line: landing.bottom_line,
            tax_line: landing.tax_line,
            tax_sign: landing.tax_sign,
            after_tax_line: landing.after_tax_line,
        })
    }
}

/// Each column's rate, for a tax rate by fiscal year: a derived column's
/// where the periods it is derived from share one.
fn column_rates(
    statement: &Statement,
    adjustment: &Adjustment,
    periods: &[usize],
) -> Vec<(String, Option<Decimal>)> {
    let (TaxEffect::Rate(rate) | TaxEffect::EffectiveRate(rate)) = &adjustment.tax else {
        return Vec::new();
    };
    if matches!(rate, crate::model::TaxRate::Flat(_)) {
        return Vec::new();
    }
    periods
        .iter()
        .filter(|&&p| adjustment.applies_to(p) || statement.periods[p].derived.is_some())
        .map(|&p| {
            let period = &statement.periods[p];
            let rate = match &period.derived {
                None => rate.of(p),
                Some(derivation) => {
                    let rates: Vec<Option<Decimal>> =
                        derivation.terms.iter().map(|&(i, _)| rate.of(i)).collect();
                    rates
                        .first()
                        .copied()
                        .flatten()
                        .filter(|first| rates.iter().all(|r| *r == Some(*first)))
                }
            };
            (period.header.clone(), rate)
        })
        .collect()
}

/// The first line after tax: the total the income-tax line rolls into, or
/// the landing line itself when there is no income-tax line.
fn after_tax(statement: &Statement, tax_line: LineId, bottom: LineId) -> LineId {
    if statement.line(tax_line).measure == Some(Measure::IncomeTax) {
        statement
            .line(tax_line)
            .parent
            .map(|(parent, _)| parent)
            .filter(|&p| statement.sign_into(p, bottom).is_some())
            .unwrap_or(bottom)
    } else {
        tax_line
    }
}

/// The line a reconciliation ends on: `Statement::bottom_line`, kept here
/// for the engine's callers.
pub fn bottom_line(statement: &Statement) -> Result<LineId, Diagnostic> {
    statement.bottom_line()
}

/// Where income-tax effects land, and with which sign: the income-tax line
/// when it rolls into the bottom line; otherwise the first line after tax
/// (the total that income before taxes rolls into, continuing income, or the
/// bottom line itself).
fn tax_landing(statement: &Statement, bottom: LineId) -> (LineId, Decimal) {
    let into_bottom = |line: LineId| statement.sign_into(line, bottom).map(|s| (line, s));
    statement
        .measure_line(Measure::IncomeTax)
        .and_then(into_bottom)
        .or_else(|| {
            statement
                .measure_line(Measure::PretaxIncome)
                .and_then(|p| statement.line(p).parent)
                .and_then(|(parent, _)| into_bottom(parent))
        })
        .or_else(|| {
            statement
                .measure_line(Measure::ContinuingIncome)
                .and_then(into_bottom)
        })
        .unwrap_or((bottom, Decimal::ONE))
}

/// The lines an adjustment moves directly.
fn targets(adjustment: &Adjustment, tax_line: LineId, after_tax_line: LineId) -> Vec<LineId> {
    if adjustment.tax == TaxEffect::NetOfTax {
        return vec![after_tax_line];
    }
    match &adjustment.rule {
        AdjustmentRule::ExcludeLine { line } => vec![*line],
        AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } => {
            parts.iter().map(|p| p.line).collect()
        }
        AdjustmentRule::TaxOnly | AdjustmentRule::TaxEffect { .. } => vec![tax_line],
        AdjustmentRule::NoncontrollingShare { line, .. } => vec![*line],
    }
}

/// Line indices with every component before its total, so one pass
/// computes the roll-ups. Linear: depths are bounded on load.
fn children_first(statement: &Statement) -> Vec<usize> {
    let n = statement.line_items.len();
    let mut depth = vec![0usize; n];
    for (i, d) in depth.iter_mut().enumerate() {
        let mut at = LineId(i);
        // Validation refuses cycles and caps the depth; the bound is a guard.
        for _ in 0..n {
            match statement.line(at).parent {
                Some((parent, _)) => {
                    *d += 1;
                    at = parent;
                }
                None => break,
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| depth[b].cmp(&depth[a]).then(a.cmp(&b)));
    order
}

impl Shape<'_> {
    /// The noncontrolling interests' share of their group of adjustments:
    /// the group's effect on the bottom line after income taxes, times the
    /// fraction (or as stated), placed on the line attributable to them and
    /// rolled up, so the bottom line moves by minus that share.
    fn noncontrolling_shares(
        &self,
        effects: &mut [ByAdjustment],
        taxes: &[ByAdjustment],
        direct: &mut [Decimal],
        period: &Period,
        slot: usize,
    ) -> Result<(), Diagnostic> {
        let too_large = || overflow(period);
        let bottom = self.bottom_line.0;
        for (a, adjustment) in self.adjustments.iter().enumerate() {
            let resolved = &self.inputs.adjustments[a];
            let AdjustmentRule::NoncontrollingShare { line, share, .. } = &adjustment.rule else {
                continue;
            };
            // Adjustments move flows; a balance-sheet date has none.
            if !period.is_duration() || !resolved.applies[slot] {
                continue;
            }
            // The row: its effect on the bottom line.
            let row = match share {
                NoncontrollingShare::Amounts(_) => resolved.share[slot].ok_or_else(|| {
                    missing_amount(adjustment, &self.statement.line(*line).id, period)
                })?,
                NoncontrollingShare::Fraction(fraction) => {
                    let mut group = Decimal::ZERO;
                    for &c in &resolved.covers {
                        group = group
                            .checked_add(effects[bottom][c])
                            .and_then(|g| g.checked_add(taxes[bottom][c]))
                            .ok_or_else(too_large)?;
                    }
                    -fraction.checked_mul(group).ok_or_else(too_large)?
                }
            };
            // One unit on the line moves the bottom line by `sign`.
            let sign = self
                .statement
                .sign_into(*line, self.bottom_line)
                .unwrap_or(Decimal::NEGATIVE_ONE);
            let effect = row * sign;
            direct[line.0] = direct[line.0].checked_add(effect).ok_or_else(too_large)?;
            let mut at = *line;
            let mut through = Decimal::ONE;
            loop {
                let cell = effects[at.0].cell(a);
                *cell = cell.checked_add(effect * through).ok_or_else(too_large)?;
                match self.statement.line(at).parent {
                    Some((parent, how)) => {
                        if how == Sign::Subtract {
                            through = -through;
                        }
                        at = parent;
                    }
                    None => break,
                }
            }
        }
        Ok(())
    }
}

struct Shape<'a> {
    statement: &'a Statement,
    adjustments: &'a [Adjustment],
    inputs: &'a Inputs,
    order: &'a [usize],
    bottom_line: LineId,
    tax_line: LineId,
    tax_sign: Decimal,
    after_tax_line: LineId,
    pretax_line: Option<LineId>,
}

/// The adjustments' periods and amounts resolved once to the periods the
/// columns need, so the work of a column compares no period ids.
struct Inputs {
    /// The slot of each period of `Statement::periods` a column needs (the
    /// columns and the periods derived ones come from); `usize::MAX` for
    /// the others.
    slot: Vec<usize>,
    /// By adjustment, in the order given.
    adjustments: Vec<Resolved>,
}

/// One adjustment's inputs, each by slot.
struct Resolved {
    /// It applies to the period.
    applies: Vec<bool>,
    /// The amount of each of its parts (`exclude-amounts`, `add-in`).
    parts: Vec<Vec<Option<Decimal>>>,
    /// Its stated tax effects, where it states them.
    tax: Vec<Option<Decimal>>,
    /// The noncontrolling interests' share, where stated per period.
    share: Vec<Option<Decimal>>,
    /// The adjustments its `covers` names that are loaded, in its order.
    covers: Vec<usize>,
}

/// Looks up tables keyed by period for the needed periods: through the
/// slot of each key of a table no larger than a few times the periods
/// needed, otherwise by looking up each needed period in the table (a
/// column or two of a long history).
struct Resolver<'a> {
    /// The slot of each period of `Statement::periods`, as in `Inputs`.
    slot: &'a [usize],
    needed: &'a [usize],
}

impl Resolver<'_> {
    fn by_key(&self, len: usize) -> bool {
        len <= 8 * self.needed.len()
    }

    /// The needed slot of a period, if it is one.
    fn slot(&self, period: PeriodIx) -> Option<usize> {
        self.slot
            .get(period)
            .copied()
            .filter(|&s| s < self.needed.len())
    }

    fn set(&self, set: &BTreeSet<PeriodIx>) -> Vec<bool> {
        let mut out = vec![false; self.needed.len()];
        if self.by_key(set.len()) {
            for &p in set {
                if let Some(s) = self.slot(p) {
                    out[s] = true;
                }
            }
        } else {
            for (out, p) in out.iter_mut().zip(self.needed) {
                *out = set.contains(p);
            }
        }
        out
    }

    fn map(&self, map: &BTreeMap<PeriodIx, Decimal>) -> Vec<Option<Decimal>> {
        let mut out = vec![None; self.needed.len()];
        if self.by_key(map.len()) {
            for (&p, v) in map {
                if let Some(s) = self.slot(p) {
                    out[s] = Some(*v);
                }
            }
        } else {
            for (out, p) in out.iter_mut().zip(self.needed) {
                *out = map.get(p).copied();
            }
        }
        out
    }
}

impl Inputs {
    fn new(statement: &Statement, adjustments: &[Adjustment], periods: &[usize]) -> Inputs {
        let mut slot = vec![usize::MAX; statement.periods.len()];
        let mut needed: Vec<usize> = Vec::new();
        for &p in periods {
            let terms = statement.periods[p]
                .derived
                .iter()
                .flat_map(|d| d.terms.iter().map(|&(i, _)| i));
            for q in std::iter::once(p).chain(terms) {
                if slot[q] == usize::MAX {
                    slot[q] = needed.len();
                    needed.push(q);
                }
            }
        }
        let resolver = Resolver {
            slot: &slot,
            needed: &needed,
        };
        // The first adjustment with an id, as a scan would find it.
        let mut by_id = std::collections::HashMap::with_capacity(adjustments.len());
        for (i, a) in adjustments.iter().enumerate() {
            by_id.entry(a.id.as_str()).or_insert(i);
        }
        let resolved = adjustments
            .iter()
            .map(|a| Resolved {
                applies: match &a.periods {
                    None => vec![true; needed.len()],
                    Some(set) => resolver.set(set),
                },
                parts: match &a.rule {
                    AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } => {
                        parts.iter().map(|p| resolver.map(&p.amounts)).collect()
                    }
                    _ => Vec::new(),
                },
                tax: match &a.tax {
                    TaxEffect::Amounts(amounts) | TaxEffect::AfterTax(amounts) => {
                        resolver.map(amounts)
                    }
                    _ => Vec::new(),
                },
                share: match &a.rule {
                    AdjustmentRule::NoncontrollingShare {
                        share: NoncontrollingShare::Amounts(amounts),
                        ..
                    } => resolver.map(amounts),
                    _ => Vec::new(),
                },
                covers: match &a.rule {
                    AdjustmentRule::TaxEffect { covers }
                    | AdjustmentRule::NoncontrollingShare { covers, .. } => covers
                        .iter()
                        .filter_map(|id| by_id.get(id.as_str()).copied())
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect();
        Inputs {
            slot,
            adjustments: resolved,
        }
    }
}

impl Shape<'_> {
    fn column(&self, index: usize) -> Result<(Vec<LineFigures>, Vec<Decimal>), Diagnostic> {
        let period = &self.statement.periods[index];
        match &period.derived {
            Some(derivation) => self.derived_column(period, derivation),
            None => self.reported_column(index),
        }
    }

    /// A reported period: its GAAP figures, the adjustments' pre-tax
    /// effects, their tax effects, and the non-GAAP figures they make, with
    /// each adjustment's taxable base.
    fn reported_column(
        &self,
        index: usize,
    ) -> Result<(Vec<LineFigures>, Vec<Decimal>), Diagnostic> {
        let period = &self.statement.periods[index];
        let mut column = ReportedColumn::new(self, index, self.gaap_figures(period)?);
        column.direct_effects()?;
        column.sum_direct()?;
        self.roll_up(&mut column.effects, period)?;
        let effective = column.stated_taxes()?;
        column.effective_rate_taxes(effective)?;
        self.roll_up(&mut column.taxes, period)?;
        self.noncontrolling_shares(
            &mut column.effects,
            &column.taxes,
            &mut column.direct,
            period,
            column.slot,
        )?;
        self.computed_subtotals(
            &mut column.gaap,
            &mut column.effects,
            &mut column.taxes,
            period,
        )?;
        column.into_lines()
    }

    /// GAAP of each line: as reported, or the sum of its components where
    /// all of them have a value.
    fn gaap_figures(&self, period: &Period) -> Result<Vec<Option<Decimal>>, Diagnostic> {
        let statement = self.statement;
        let n = statement.line_items.len();
        let mut gaap: Vec<Option<Decimal>> = vec![None; n];
        let mut sums: Vec<Option<Decimal>> = vec![Some(Decimal::ZERO); n];
        let mut has_components = vec![false; n];
        for &i in self.order {
            let value = match period.values.get(&LineId(i)) {
                Some(fact) => Some(fact.value),
                None if has_components[i] => sums[i],
                None => None,
            };
            gaap[i] = value;
            if let Some((parent, sign)) = statement.line_items[i].parent {
                has_components[parent.0] = true;
                sums[parent.0] = match (sums[parent.0], value) {
                    (Some(sum), Some(v)) => Some(
                        sum.checked_add(signed(v, sign))
                            .ok_or_else(|| overflow(period))?,
                    ),
                    _ => None,
                };
            }
        }
        Ok(gaap)
    }

    /// Moves an adjustment stated net of tax from the lines it names to the
    /// first line after tax, with the effect it has on the bottom line, so it
    /// moves the after-tax measures only.
    fn net_of_tax(
        &self,
        effects: &mut [ByAdjustment],
        a: usize,
        period: &Period,
    ) -> Result<(), Diagnostic> {
        let mut on_bottom = Decimal::ZERO;
        for (i, row) in effects.iter_mut().enumerate() {
            if row[a].is_zero() {
                continue;
            }
            // A line below the bottom line (preferred dividends) is after
            // tax already: its effect stays where it is.
            if let Some(sign) = self.statement.sign_into(LineId(i), self.bottom_line) {
                on_bottom = on_bottom
                    .checked_add(row[a] * sign)
                    .ok_or_else(|| overflow(period))?;
                row.remove(a);
            }
        }
        let sign = self
            .statement
            .sign_into(self.after_tax_line, self.bottom_line)
            .unwrap_or(Decimal::ONE);
        let cell = effects[self.after_tax_line.0].cell(a);
        *cell = cell
            .checked_add(on_bottom * sign)
            .ok_or_else(|| overflow(period))?;
        Ok(())
    }

    /// Computed subtotals beside the roll-ups (gross profit where the
    /// release prints only total costs and expenses): each the signed sum of
    /// its lines' GAAP figures (unless the period reports it), effects and
    /// taxes, in declaration order, so one may build on an earlier one.
    fn computed_subtotals(
        &self,
        gaap: &mut [Option<Decimal>],
        effects: &mut [ByAdjustment],
        taxes: &mut [ByAdjustment],
        period: &Period,
    ) -> Result<(), Diagnostic> {
        for (i, item) in self.statement.line_items.iter().enumerate() {
            if item.terms.is_empty() {
                continue;
            }
            let mut total = Some(Decimal::ZERO);
            let mut moved = ByAdjustment::new(effects[i].len());
            let mut taxed = ByAdjustment::new(taxes[i].len());
            for &(line, sign) in &item.terms {
                total = match (total, gaap[line.0]) {
                    (Some(t), Some(v)) => Some(
                        t.checked_add(signed(v, sign))
                            .ok_or_else(|| overflow(period))?,
                    ),
                    _ => None,
                };
                for (into, from) in [(&mut moved, &effects[line.0]), (&mut taxed, &taxes[line.0])] {
                    for (a, v) in from.stated() {
                        if !v.is_zero() {
                            let t = into.cell(a);
                            *t = t
                                .checked_add(signed(v, sign))
                                .ok_or_else(|| overflow(period))?;
                        }
                    }
                }
            }
            if !period.values.contains_key(&LineId(i)) {
                gaap[i] = total;
            }
            effects[i] = moved;
            taxes[i] = taxed;
        }
        Ok(())
    }

    /// Adds each line's values into its total, components first.
    fn roll_up(&self, values: &mut [ByAdjustment], period: &Period) -> Result<(), Diagnostic> {
        for &i in self.order {
            let Some((parent, sign)) = self.statement.line_items[i].parent else {
                continue;
            };
            // Disjoint: a line is never its own total.
            let (child, total) = if i < parent.0 {
                let (low, high) = values.split_at_mut(parent.0);
                (&low[i], &mut high[0])
            } else {
                let (low, high) = values.split_at_mut(i);
                (&high[0], &mut low[parent.0])
            };
            for (a, v) in child.stated() {
                // Adding zero leaves a decimal as it is, bit for bit.
                if v.is_zero() {
                    continue;
                }
                let cell = total.cell(a);
                *cell = cell
                    .checked_add(signed(v, sign))
                    .ok_or_else(|| overflow(period))?;
            }
        }
        Ok(())
    }

    /// A derived period: the same signed sum of the columns it comes from.
    /// An adjustment must apply to all of those periods or to none, and state
    /// amounts for all or none, so the sum is the adjustment of the sum.
    fn derived_column(
        &self,
        period: &Period,
        derivation: &Derivation,
    ) -> Result<(Vec<LineFigures>, Vec<Decimal>), Diagnostic> {
        let statement = self.statement;
        for (adjustment, resolved) in self.adjustments.iter().zip(&self.inputs.adjustments) {
            let applies: Vec<&str> = derivation
                .terms
                .iter()
                .filter(|&&(i, _)| resolved.applies[self.inputs.slot[i]])
                .map(|&(i, _)| statement.periods[i].id.as_str())
                .collect();
            if !applies.is_empty() && applies.len() < derivation.terms.len() {
                return Err(Diagnostic::at(
                    &adjustment.site,
                    format!(
                        "adjustment `{}` applies to {} but not to every period {} is derived from ({})",
                        adjustment.id,
                        applies.join(", "),
                        period.id,
                        derivation.describe(&statement.periods)
                    ),
                )
                .help("list all of those periods in its `periods`, or none of them"));
            }
        }
        let mut total: Option<Vec<LineFigures>> = None;
        let mut taxable = vec![Decimal::ZERO; self.adjustments.len()];
        for &(index, sign) in &derivation.terms {
            let (part, bases) = self.reported_column(index)?;
            for (t, b) in taxable.iter_mut().zip(bases) {
                *t = t.checked_add(b * sign).ok_or_else(|| overflow(period))?;
            }
            total = Some(match total {
                None => part.iter().map(|l| scale(l, sign)).collect(),
                Some(t) => t
                    .iter()
                    .zip(&part)
                    .map(|(a, b)| add(a, &scale(b, sign)))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| overflow(period))?,
            });
        }
        Ok((total.ok_or_else(|| overflow(period))?, taxable))
    }
}

/// The accumulators of one reported column while its figures are computed:
/// GAAP, the adjustments' pre-tax effects and tax effects by line, the
/// effects each line carries before the roll-ups, and each adjustment's
/// taxable base.
struct ReportedColumn<'s, 'a> {
    shape: &'s Shape<'a>,
    /// Index into `Statement::periods`.
    index: usize,
    period: &'a Period,
    /// The period's slot in `Inputs`.
    slot: usize,
    gaap: Vec<Option<Decimal>>,
    effects: Vec<ByAdjustment>,
    taxes: Vec<ByAdjustment>,
    /// The effects each line carries itself, before the roll-ups.
    direct: Vec<Decimal>,
    /// What each adjustment's tax rate taxes.
    taxable: Vec<Decimal>,
}

impl<'s, 'a> ReportedColumn<'s, 'a> {
    /// A column with its GAAP figures and no effects yet.
    fn new(shape: &'s Shape<'a>, index: usize, gaap: Vec<Option<Decimal>>) -> Self {
        let n = shape.statement.line_items.len();
        let k = shape.adjustments.len();
        ReportedColumn {
            shape,
            index,
            period: &shape.statement.periods[index],
            slot: shape.inputs.slot[index],
            gaap,
            effects: vec![ByAdjustment::new(k); n],
            taxes: vec![ByAdjustment::new(k); n],
            direct: Vec::new(),
            taxable: vec![Decimal::ZERO; k],
        }
    }

    /// Whether adjustment `a` moves this column: adjustments move flows (a
    /// balance-sheet date has none), in the periods they apply to.
    fn applies(&self, a: usize) -> bool {
        self.period.is_duration() && self.shape.inputs.adjustments[a].applies[self.slot]
    }

    /// The pre-tax effects each adjustment places on the lines it names,
    /// moved to the first line after tax where stated net of tax.
    fn direct_effects(&mut self) -> Result<(), Diagnostic> {
        let shape = self.shape;
        for (a, adjustment) in shape.adjustments.iter().enumerate() {
            if !self.applies(a) {
                continue;
            }
            match &adjustment.rule {
                AdjustmentRule::ExcludeLine { line } => self.exclude_line(a, adjustment, *line)?,
                AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } => {
                    let add = matches!(adjustment.rule, AdjustmentRule::AddIn { .. });
                    let amounts = &shape.inputs.adjustments[a].parts;
                    for (part, amounts) in parts.iter().zip(amounts) {
                        let amount = amounts[self.slot].ok_or_else(|| {
                            missing_amount(
                                adjustment,
                                &shape.statement.line(part.line).id,
                                self.period,
                            )
                        })?;
                        let effect = if add { amount } else { -amount };
                        let cell = self.effects[part.line.0].cell(a);
                        *cell = cell
                            .checked_add(effect)
                            .ok_or_else(|| overflow(self.period))?;
                    }
                }
                AdjustmentRule::TaxOnly
                | AdjustmentRule::TaxEffect { .. }
                | AdjustmentRule::NoncontrollingShare { .. } => {}
            }
            if adjustment.tax == TaxEffect::NetOfTax {
                shape.net_of_tax(&mut self.effects, a, self.period)?;
            }
        }
        Ok(())
    }

    /// Adjustment `a` excludes the whole GAAP figure of `line`, which must
    /// have one in the period.
    fn exclude_line(
        &mut self,
        a: usize,
        adjustment: &Adjustment,
        line: LineId,
    ) -> Result<(), Diagnostic> {
        let statement = self.shape.statement;
        let period = self.period;
        let value = self.gaap[line.0].ok_or_else(|| {
            Diagnostic::at(
                &adjustment.site,
                format!(
                    "adjustment `{}` excludes `{}`, which has no value in period {}",
                    adjustment.id,
                    statement.line(line).id,
                    period.id
                ),
            )
            .note(format!("period {} is declared at {}", period.id, period.site.position()))
            .help(format!(
                "add {} = <amount> to the period's [period.values], or list the periods the adjustment applies to in `periods`",
                statement.line(line).id
            ))
        })?;
        let cell = self.effects[line.0].cell(a);
        *cell = cell.checked_sub(value).ok_or_else(|| overflow(period))?;
        Ok(())
    }

    /// The effects each line carries itself, before they are rolled up.
    fn sum_direct(&mut self) -> Result<(), Diagnostic> {
        self.direct = self
            .effects
            .iter()
            .map(|row| row.sum_onto(Decimal::ZERO))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| overflow(self.period))?;
        Ok(())
    }

    /// The effect of adjustment `a` before taxes: on income before taxes
    /// where tagged; otherwise on the first line after tax less what the
    /// income-tax line itself carries, so amounts below it are not taxed
    /// again.
    fn before_tax(&self, a: usize) -> Decimal {
        let shape = self.shape;
        if let Some(pretax) = shape.pretax_line {
            return self.effects[pretax.0][a];
        }
        let after = self.effects[shape.after_tax_line.0][a];
        if shape.tax_line == shape.after_tax_line {
            return after;
        }
        let through_tax = shape
            .statement
            .sign_into(shape.tax_line, shape.after_tax_line)
            .unwrap_or(Decimal::ZERO);
        self.effects[shape.tax_line.0][a]
            .checked_mul(through_tax)
            .and_then(|t| after.checked_sub(t))
            .unwrap_or(after)
    }

    /// What adjustment `a`'s rate taxes: its effect on income before taxes,
    /// so amounts excluded below the tax line are not taxed again; for a
    /// group's tax effect, the sum of the effects of the group.
    fn taxable_base(&self, a: usize, adjustment: &Adjustment) -> Result<Decimal, Diagnostic> {
        match &adjustment.rule {
            AdjustmentRule::TaxEffect { .. } => self.shape.inputs.adjustments[a]
                .covers
                .iter()
                .try_fold(Decimal::ZERO, |s, &c| s.checked_add(self.before_tax(c)))
                .ok_or_else(|| overflow(self.period)),
            _ => Ok(self.before_tax(a)),
        }
    }

    /// The income-tax effect of each adjustment on the tax line, as stated
    /// or at its rate; returns the effective rates, which come after every
    /// other tax effect.
    fn stated_taxes(&mut self) -> Result<Vec<(usize, Decimal)>, Diagnostic> {
        let shape = self.shape;
        let (period, slot) = (self.period, self.slot);
        let too_large = || overflow(period);
        let mut effective: Vec<(usize, Decimal)> = Vec::new();
        for (a, adjustment) in shape.adjustments.iter().enumerate() {
            if !self.applies(a) {
                continue;
            }
            let resolved = &shape.inputs.adjustments[a];
            let base = self.taxable_base(a, adjustment)?;
            self.taxable[a] = base;
            let tax = match &adjustment.tax {
                TaxEffect::Nil { .. } | TaxEffect::NetOfTax | TaxEffect::Covered { .. } => {
                    Decimal::ZERO
                }
                TaxEffect::Rate(rate) => {
                    let rate = rate
                        .of(self.index)
                        .ok_or_else(|| missing_rate(adjustment, period))?;
                    -(rate.checked_mul(base).ok_or_else(too_large)?)
                }
                TaxEffect::Amounts(_) => {
                    resolved.tax[slot].ok_or_else(|| missing_tax(adjustment, period))?
                }
                // Stated after tax: the tax effect is what lies between.
                TaxEffect::AfterTax(_) => resolved.tax[slot]
                    .ok_or_else(|| missing_tax(adjustment, period))?
                    .checked_sub(base)
                    .ok_or_else(too_large)?,
                TaxEffect::EffectiveRate(rate) => {
                    let rate = rate
                        .of(self.index)
                        .ok_or_else(|| missing_rate(adjustment, period))?;
                    effective.push((a, rate));
                    continue;
                }
            };
            self.taxes[shape.tax_line.0].set(a, tax * shape.tax_sign);
        }
        Ok(effective)
    }

    /// An effective rate on non-GAAP income before taxes: each row makes the
    /// non-GAAP provision that rate, after every other tax effect.
    fn effective_rate_taxes(&mut self, effective: Vec<(usize, Decimal)>) -> Result<(), Diagnostic> {
        let shape = self.shape;
        for (a, rate) in effective {
            let tax = self.effective_rate_tax(&shape.adjustments[a], rate)?;
            self.taxes[shape.tax_line.0].set(a, tax * shape.tax_sign);
        }
        Ok(())
    }

    /// The tax effect that makes the non-GAAP provision `rate` times
    /// non-GAAP income before taxes, given the tax effects so far.
    fn effective_rate_tax(
        &self,
        adjustment: &Adjustment,
        rate: Decimal,
    ) -> Result<Decimal, Diagnostic> {
        let shape = self.shape;
        let period = self.period;
        let too_large = || overflow(period);
        let tax_line = shape.statement.line(shape.tax_line);
        let (Some(provision), true) = (
            self.gaap[shape.tax_line.0],
            tax_line.measure == Some(Measure::IncomeTax),
        ) else {
            return Err(Diagnostic::at(
                &adjustment.site,
                format!(
                    "adjustment `{}` applies an effective rate, which needs the income-tax provision of period {}",
                    adjustment.id, period.id
                ),
            )
            .help("tag the income tax line with measure = \"income-tax\" and give its value in the period"));
        };
        let pretax = shape.pretax_line.unwrap_or(shape.bottom_line);
        let pretax_gaap = self.gaap[pretax.0].filter(|_| shape.pretax_line.is_some()).ok_or_else(|| {
            Diagnostic::at(
                &adjustment.site,
                format!(
                    "adjustment `{}` applies an effective rate, but period {} has no income before taxes",
                    adjustment.id, period.id
                ),
            )
            .help("tag income before taxes with measure = \"pretax-income\" and give its value")
        })?;
        let pretax_non_gaap = self.effects[pretax.0]
            .sum_onto(pretax_gaap)
            .ok_or_else(too_large)?;
        let current = self.taxes[shape.tax_line.0]
            .sum_onto(provision)
            .ok_or_else(too_large)?;
        let target = -shape.tax_sign * rate.checked_mul(pretax_non_gaap).ok_or_else(too_large)?;
        Ok(target.checked_sub(current).ok_or_else(too_large)? * shape.tax_sign)
    }

    /// Each line's figures, non-GAAP being GAAP plus its effects and taxes,
    /// and each adjustment's taxable base.
    fn into_lines(self) -> Result<(Vec<LineFigures>, Vec<Decimal>), Diagnostic> {
        let period = self.period;
        let mut lines = Vec::with_capacity(self.gaap.len());
        let rows = self.gaap.into_iter().zip(self.effects).zip(self.taxes);
        for (i, ((gaap, effects), taxes)) in rows.enumerate() {
            let non_gaap = match gaap {
                Some(g) => Some(
                    effects
                        .sum_onto(g)
                        .and_then(|s| taxes.sum_onto(s))
                        .ok_or_else(|| overflow(period))?,
                ),
                None => None,
            };
            lines.push(LineFigures {
                gaap,
                effects,
                taxes,
                non_gaap,
                direct: self.direct[i],
            });
        }
        Ok((lines, self.taxable))
    }
}

fn signed(value: Decimal, sign: Sign) -> Decimal {
    if sign == Sign::Subtract {
        -value
    } else {
        value
    }
}

fn scale(l: &LineFigures, sign: Decimal) -> LineFigures {
    LineFigures {
        gaap: l.gaap.map(|g| g * sign),
        effects: l.effects.scaled(sign),
        taxes: l.taxes.scaled(sign),
        non_gaap: l.non_gaap.map(|g| g * sign),
        direct: l.direct * sign,
    }
}

fn add(a: &LineFigures, b: &LineFigures) -> Option<LineFigures> {
    let both = |x: Option<Decimal>, y: Option<Decimal>| -> Option<Option<Decimal>> {
        match (x, y) {
            (Some(x), Some(y)) => Some(Some(x.checked_add(y)?)),
            _ => Some(None),
        }
    };
    Some(LineFigures {
        gaap: both(a.gaap, b.gaap)?,
        effects: a.effects.plus(&b.effects)?,
        taxes: a.taxes.plus(&b.taxes)?,
        non_gaap: both(a.non_gaap, b.non_gaap)?,
        direct: a.direct.checked_add(b.direct)?,
    })
}

fn missing_amount(adjustment: &Adjustment, line: &str, period: &Period) -> Diagnostic {
    Diagnostic::at(
        &adjustment.site,
        format!(
            "adjustment `{}` applies to period {} but states no amount for it in `{line}`",
            adjustment.id, period.id
        ),
    )
    .help(format!(
        "add \"{}\" = <amount> to its amounts (0 where it is nil)",
        period.id
    ))
}

fn missing_tax(adjustment: &Adjustment, period: &Period) -> Diagnostic {
    Diagnostic::at(
        &adjustment.site,
        format!(
            "adjustment `{}` applies to period {} but [tax.amounts] states no tax effect for it",
            adjustment.id, period.id
        ),
    )
    .help(format!(
        "add \"{}\" = <amount> to [tax.amounts] (0 where it is nil)",
        period.id
    ))
}

/// Rates by fiscal year are resolved on load for every period the
/// adjustment applies to; a guard all the same.
fn missing_rate(adjustment: &Adjustment, period: &Period) -> Diagnostic {
    Diagnostic::at(
        &adjustment.site,
        format!(
            "adjustment `{}` applies to period {} but its `rates` give no rate for it",
            adjustment.id, period.id
        ),
    )
    .help(format!(
        "add the rate of the fiscal year that contains {} to `rates`",
        period.id
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

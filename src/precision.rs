//! How far a computed non-GAAP figure may lie from the true one, given that
//! every figure it is computed from is printed rounded: each input anywhere
//! within half a unit of its last written digit (`1,045` within 0.5,
//! `41.7` within 0.05), propagated through the measure's own formula
//! (interval arithmetic; over a sum the half-widths add, a rate scales
//! them). A figure the release prints on the way (non-GAAP net income under
//! its EPS) narrows the range to what it allows. The tie-out accepts a
//! published figure within rounding only inside this range, so the range
//! is sound (true values always land in it) and no wider than the inputs
//! make it.

use rust_decimal::Decimal;

use crate::engine::AdjustedStatement;
use crate::model::{
    Adjustment, AdjustmentRule, LineId, NonGaapMeasure, NoncontrollingShare, Period, RatioTerm,
    Statement, TaxEffect,
};
use crate::rounding::{Interval, half_unit};

/// The inputs of one period, for the half-widths of its figures.
pub struct Precision<'a> {
    pub statement: &'a Statement,
    pub adjustments: &'a [Adjustment],
    /// The period's index in `Statement::periods`.
    pub period: usize,
    /// The adjusted statement of this one period.
    pub adjusted: &'a AdjustedStatement,
}

/// Half a unit of a stated amount; a stated zero (a printed dash) is exact.
fn stated(value: Option<&Decimal>) -> Decimal {
    match value {
        Some(v) if !v.is_zero() => half_unit(*v),
        _ => Decimal::ZERO,
    }
}

impl Precision<'_> {
    fn period(&self) -> &Period {
        &self.statement.periods[self.period]
    }

    /// A line's half-width: as printed, or the sum of its components'.
    pub fn line(&self, line: LineId) -> Decimal {
        self.statement
            .interval(self.period(), line)
            .map_or(Decimal::ZERO, half)
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.adjustments.iter().position(|a| a.id == id)
    }

    /// An adjustment's pre-tax effect: each amount it states, or the line
    /// it excludes whole.
    fn effect(&self, a: usize) -> Decimal {
        let p = self.period;
        match &self.adjustments[a].rule {
            AdjustmentRule::ExcludeLine { line } => self.line(*line),
            AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } => parts
                .iter()
                .map(|part| stated(part.amounts.get(&p)))
                .fold(Decimal::ZERO, |s, w| s.saturating_add(w)),
            _ => Decimal::ZERO,
        }
    }

    /// The adjustments a group or a share is computed from.
    fn covered(&self, a: usize) -> Vec<usize> {
        match &self.adjustments[a].rule {
            AdjustmentRule::TaxEffect { covers }
            | AdjustmentRule::NoncontrollingShare { covers, .. } => {
                covers.iter().filter_map(|id| self.index(id)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// An adjustment's income-tax effect.
    fn tax(&self, a: usize) -> Decimal {
        let p = self.period;
        let base = || match &self.adjustments[a].rule {
            AdjustmentRule::TaxEffect { .. } => self
                .covered(a)
                .into_iter()
                .map(|c| self.effect(c))
                .fold(Decimal::ZERO, Decimal::saturating_add),
            _ => self.effect(a),
        };
        match &self.adjustments[a].tax {
            TaxEffect::Nil { .. } | TaxEffect::NetOfTax | TaxEffect::Covered { .. } => {
                Decimal::ZERO
            }
            TaxEffect::Rate(rate) => rate.of(p).unwrap_or(Decimal::ONE).saturating_mul(base()),
            TaxEffect::Amounts(amounts) => stated(amounts.get(&p)),
            // Stated after tax: the tax is what lies between the two.
            TaxEffect::AfterTax(amounts) => stated(amounts.get(&p)).saturating_add(base()),
            // A rate on non-GAAP income before taxes: every effect on it.
            TaxEffect::EffectiveRate(rate) => rate.of(p).unwrap_or(Decimal::ONE).saturating_mul(
                (0..self.adjustments.len())
                    .filter(|&c| c != a)
                    .map(|c| self.effect(c))
                    .fold(Decimal::ZERO, Decimal::saturating_add),
            ),
        }
    }

    /// The rate a group's tax effect applies to the adjustments it covers.
    fn group_rate(&self, by: &str) -> Option<Decimal> {
        match &self.adjustments[self.index(by)?].tax {
            TaxEffect::Rate(rate) => rate.of(self.period),
            _ => None,
        }
    }

    /// An adjustment's row in an after-tax measure: its effect and its tax;
    /// one stated after tax is that one figure. A tax at a rate moves with
    /// the amount it taxes (the two are one input), so together they stand
    /// within the amount's half-width times one less the rate; a group's
    /// rate is counted with each adjustment it covers.
    fn after_tax(&self, a: usize) -> Decimal {
        let p = self.period;
        let less = |rate: Decimal| (Decimal::ONE - rate).abs();
        match (&self.adjustments[a].tax, &self.adjustments[a].rule) {
            (TaxEffect::AfterTax(amounts), _) => stated(amounts.get(&p)),
            (TaxEffect::Rate(_), AdjustmentRule::TaxEffect { .. }) => Decimal::ZERO,
            (TaxEffect::Rate(rate), _) => match rate.of(p) {
                Some(rate) => self.effect(a).saturating_mul(less(rate)),
                None => self.effect(a).saturating_add(self.tax(a)),
            },
            (TaxEffect::Covered { by }, _) => match self.group_rate(by) {
                Some(rate) => self.effect(a).saturating_mul(less(rate)),
                None => self.effect(a),
            },
            (
                _,
                AdjustmentRule::NoncontrollingShare {
                    share: NoncontrollingShare::Amounts(amounts),
                    ..
                },
            ) => stated(amounts.get(&p)),
            (
                _,
                AdjustmentRule::NoncontrollingShare {
                    share: NoncontrollingShare::Fraction(f),
                    ..
                },
            ) => f.saturating_mul(
                self.covered(a)
                    .into_iter()
                    .map(|c| self.after_tax(c))
                    .fold(Decimal::ZERO, Decimal::saturating_add),
            ),
            _ => self.effect(a).saturating_add(self.tax(a)),
        }
    }

    /// The half-width of a measure over `lines` (its GAAP figure) with the
    /// adjustments `moves` selects, before or after tax.
    pub fn measure(&self, lines: &[LineId], moves: &[bool], after_tax: bool) -> Decimal {
        let gaap = lines
            .iter()
            .map(|&l| self.line(l))
            .fold(Decimal::ZERO, Decimal::saturating_add);
        let moved = |a: usize| moves.get(a).copied().unwrap_or(false);
        let sum = (0..self.adjustments.len())
            .filter(|&a| moved(a))
            .map(|a| {
                if after_tax {
                    self.after_tax(a)
                } else {
                    self.effect(a)
                }
            })
            .fold(gaap, Decimal::saturating_add);
        if !after_tax {
            return sum;
        }
        (0..self.adjustments.len())
            .filter(|&a| moved(a))
            .flat_map(|a| self.followed(a).into_iter().filter(|&(c, _)| moved(c)))
            .map(|(c, weight)| self.moved_together(self.after_tax(c), weight))
            .fold(sum, Decimal::saturating_sub)
    }

    /// The adjustments whose figures a row follows, each with the weight
    /// it follows them by: a noncontrolling share by fraction follows the
    /// after-tax rows it covers (by the fraction, against them), and an
    /// effective-rate tax the effects it taxes (by the rate, against
    /// them). Empty for every other row.
    fn followed(&self, a: usize) -> Vec<(usize, Decimal)> {
        let adjustment = &self.adjustments[a];
        match (&adjustment.rule, &adjustment.tax) {
            (
                AdjustmentRule::NoncontrollingShare {
                    share: NoncontrollingShare::Fraction(f),
                    ..
                },
                _,
            ) => self.covered(a).into_iter().map(|c| (c, *f)).collect(),
            (_, TaxEffect::EffectiveRate(rate)) => match rate.of(self.period) {
                Some(rate) => (0..self.adjustments.len())
                    .filter(|&c| {
                        matches!(&self.adjustments[c].tax, TaxEffect::Covered { by } if *by == adjustment.id)
                    })
                    .map(|c| (c, rate))
                    .collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// What a row and a row following it by `weight` count apart, less
    /// what they move together: `width` x (1 + |weight|) counted, `width` x
    /// |1 - weight| reached, since the follower moves against the row.
    fn moved_together(&self, width: Decimal, weight: Decimal) -> Decimal {
        let apart = width.saturating_mul(Decimal::ONE.saturating_add(weight.abs()));
        let together = width.saturating_mul((Decimal::ONE - weight).abs());
        apart.saturating_sub(together).max(Decimal::ZERO)
    }

    /// The GAAP lines of an amount measure.
    pub fn lines(&self, measure: NonGaapMeasure) -> Vec<LineId> {
        measure
            .terms(self.statement)
            .map(|t| t.into_iter().map(|(l, _)| l).collect())
            .unwrap_or_default()
    }

    /// A ratio term's half-width, non-GAAP: its lines and every adjustment
    /// that moves them (a declared measure: the ones it takes).
    pub fn term(&self, term: RatioTerm) -> Decimal {
        let (lines, taken): (Vec<LineId>, Option<&Taken>) = match term {
            RatioTerm::Line(l) => (vec![l], None),
            RatioTerm::Measure(i) => (
                self.lines(NonGaapMeasure::Declared(i)),
                self.statement.measures[i].adjustments.as_ref(),
            ),
        };
        let column = match self.adjusted.columns.first() {
            Some(column) => column,
            None => return self.measure(&lines, &[], false),
        };
        let k = self.adjustments.len();
        let mut moves = vec![false; k];
        let mut after_tax = false;
        for &l in &lines {
            let figures = &column[l.0];
            for (a, moved) in moves.iter_mut().enumerate() {
                let effect = !figures.effects[a].is_zero();
                let tax = !figures.taxes[a].is_zero();
                after_tax |= tax;
                let included =
                    taken.is_none_or(|ids| ids.iter().any(|(id, _)| *id == self.adjustments[a].id));
                *moved |= (effect || tax) && included;
            }
        }
        self.measure(&lines, &moves, after_tax)
    }
}

/// The adjustments a declared measure lists, with where each is written.
type Taken = Vec<(String, crate::source::Site)>;

/// Half an interval's width.
fn half(i: Interval) -> Decimal {
    i.hi.saturating_sub(i.lo) / Decimal::TWO
}

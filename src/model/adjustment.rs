//! Adjustments: what a non-GAAP measure excludes from its GAAP counterpart,
//! with the label, the rationale and the income-tax effect, validated against
//! the statement model they apply to.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::model::figure::LineId;
use crate::raw::Nature;
use crate::source::Site;

/// A period as the adjustments name it: its index in `Statement::periods`.
/// Ordered maps and sets keyed by it list periods in the statement's order.
pub type PeriodIx = usize;

#[derive(Debug, Clone)]
pub struct Adjustment {
    pub id: String,
    /// Row label in the reconciliation.
    pub label: String,
    /// Why it is excluded; printed as a footnote.
    pub rationale: String,
    pub rule: AdjustmentRule,
    /// The reported periods it applies to; `None` for every period.
    /// Invariant (checked on load): every stated amounts table has an amount
    /// for each of them.
    pub periods: Option<BTreeSet<PeriodIx>>,
    /// Where `periods` is written, if it is.
    pub periods_site: Option<Site>,
    pub tax: TaxEffect,
    /// Its tax effect gets a row of its own instead of joining the one
    /// combined income-tax row.
    pub tax_own_line: bool,
    /// Charge, gain or both, for checks that compare like with like.
    pub nature: Option<Nature>,
    /// Where `nature` is written, if anywhere.
    pub nature_site: Option<Site>,
    /// Whether similar items occurred in the prior two years or are likely
    /// to recur within two: such an item may not be called non-recurring.
    pub recurring: Option<bool>,
    /// Settled in cash, where the file says.
    pub cash: Option<bool>,
    /// Lints allowed for it, with their reasons.
    pub allow: Vec<crate::model::Allow>,
    /// Where each stated tax amount is written, by period.
    pub tax_sites: BTreeMap<PeriodIx, Site>,
    /// The per-share amounts the release prints for it.
    pub per_share: PublishedPerShare,
    /// Where its pre-tax effect sits by segment (`[[segment]]` tables);
    /// empty where the file allocates nothing.
    pub segments: Vec<SegmentAllocation>,
    pub site: Site,
}

/// Per-share amounts as the release prints them, by period, in dollars,
/// each with where it is written.
#[derive(Debug, Clone, Default)]
pub struct PublishedPerShare {
    pub basic: BTreeMap<PeriodIx, (Decimal, Site)>,
    pub diluted: BTreeMap<PeriodIx, (Decimal, Site)>,
}

/// What the adjustment removes from the GAAP figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdjustmentRule {
    /// The whole amount of a line item. Its effect on a measure is the line's
    /// contribution to that measure, with the sign reversed.
    ExcludeLine { line: LineId },
    /// Stated amounts inside line items. Effect on a measure: the opposite of
    /// what the amounts contribute to it.
    ExcludeAmounts { parts: Vec<Exclusion> },
    /// Stated amounts GAAP does not report, added to line items (an
    /// add-in). Effect on a line: the amount itself.
    AddIn { parts: Vec<Exclusion> },
    /// Income tax only: the stated tax amounts are the whole adjustment.
    TaxOnly,
    /// The one income-tax effect of a group of adjustments (their ids).
    TaxEffect { covers: Vec<String> },
    /// The noncontrolling interests' share of a group of adjustments (their
    /// ids; every other adjustment when loaded without `covers`), after
    /// their income-tax effects, placed on the line of income attributable
    /// to the noncontrolling interests: by a fraction, or stated per period
    /// (the amount attributed to them).
    NoncontrollingShare {
        line: LineId,
        covers: Vec<String>,
        share: NoncontrollingShare,
    },
}

/// How the noncontrolling interests' share of adjustments is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoncontrollingShare {
    /// A fraction of the group's effect on the bottom line (0.2 for 20%).
    Fraction(Decimal),
    /// The row as printed, by period: the effect on income attributable
    /// to the parent ("(138)" is -138).
    Amounts(BTreeMap<PeriodIx, Decimal>),
}

/// Amounts inside one line item by period, with the line's sign (an
/// expense positive, a credit inside it negative). Either sign is allowed:
/// a component may be larger than its net line or of the other sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub line: LineId,
    pub amounts: BTreeMap<PeriodIx, Decimal>,
}

/// The income-tax effect of an adjustment, always explicit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxEffect {
    /// No tax effect, with the reason printed under the table.
    Nil { reason: String },
    /// A rate (a fraction, 0.35) of the pre-tax adjustment; the effect on net
    /// income has the opposite sign of the adjustment.
    Rate(TaxRate),
    /// Stated effects on net income, by period (one for every period the
    /// adjustment applies to).
    Amounts(BTreeMap<PeriodIx, Decimal>),
    /// Stated effects of the adjustment on net income after tax, by period:
    /// the tax effect is each less the pre-tax effect.
    AfterTax(BTreeMap<PeriodIx, Decimal>),
    /// The adjustment is stated after tax: no tax row of its own, and it
    /// moves only the after-tax measures.
    NetOfTax,
    /// Stated, with the others of its group, by the `tax-effect` adjustment
    /// with this id.
    Covered { by: String },
    /// For a `tax-effect` adjustment: an estimated annual non-GAAP effective
    /// rate applied to non-GAAP income before taxes.
    EffectiveRate(TaxRate),
}

/// A tax rate: one for every period, or one by fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxRate {
    /// `rate = "0.25"`: every period.
    Flat(Decimal),
    /// `rates = { "FY2024" = "0.22", "FY2025" = "0.235" }`: each reported
    /// period at the rate of the fiscal year that contains it, or at its
    /// own where a key names the period.
    ByYear {
        /// The keys as written with their rates, in the file's order.
        written: Vec<(String, Decimal)>,
        /// The rate of each reported period the adjustment applies to,
        /// resolved on load.
        periods: BTreeMap<PeriodIx, Decimal>,
    },
}

impl TaxRate {
    /// The rate of a reported period, if it has one.
    pub fn of(&self, period: PeriodIx) -> Option<Decimal> {
        match self {
            TaxRate::Flat(rate) => Some(*rate),
            TaxRate::ByYear { periods, .. } => periods.get(&period).copied(),
        }
    }
}

impl Adjustment {
    /// Whether it applies to the period with this index in
    /// `Statement::periods`.
    pub fn applies_to(&self, period: PeriodIx) -> bool {
        self.periods
            .as_ref()
            .is_none_or(|periods| periods.contains(&period))
    }
}

/// An adjustment's effect on one segment's figure: by period, with the sign
/// of the effect (a charge excluded raises segment income), or its whole
/// consolidated effect (`amounts` absent).
#[derive(Debug, Clone)]
pub struct SegmentAllocation {
    /// A line of a `segments` statement below a segment total.
    pub line: LineId,
    /// By reported period; `None` for the adjustment's whole effect.
    pub amounts: Option<BTreeMap<PeriodIx, Decimal>>,
    /// Where its `line` is written.
    pub site: Site,
}

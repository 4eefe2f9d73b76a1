//! Raw form of an adjustment file (`adjustments/<id>.toml`): what a non-GAAP
//! measure excludes, how it is labelled and explained, and its tax effect.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{RawAmount, RawAmounts, RawFraction};

/// An adjustment file (`adjustments/<id>.toml`): one item the non-GAAP
/// measures exclude, why, and its income-tax effect.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAdjustment {
    /// A stable id without spaces (`restructuring`): how measures, `covers`
    /// and `adjustment_order` name the adjustment.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The row label in the reconciliation table.
    pub label: String,
    /// What the adjustment does: `exclude-line`, `exclude-amounts`,
    /// `add-in`, `tax-effect`, `tax-only` or `noncontrolling-share`.
    #[schemars(with = "AdjustmentKind")]
    pub kind: Spanned<AdjustmentKind>,
    /// The line item excluded, for `exclude-line`.
    #[schemars(with = "Option<String>")]
    pub line: Option<Spanned<String>>,
    /// Stated amounts inside line items, for `exclude-amounts`.
    #[serde(default, rename = "exclude")]
    pub exclusions: Vec<RawExclusion>,
    /// Stated amounts GAAP does not report, for `add-in`.
    #[serde(default, rename = "add")]
    pub additions: Vec<RawExclusion>,
    /// Periods the adjustment applies to; all periods when absent.
    #[schemars(with = "Option<Vec<String>>")]
    pub periods: Option<Spanned<Vec<Spanned<String>>>>,
    /// Why management excludes it: the footnote under the table.
    pub rationale: String,
    /// Charge, gain or both: for checks such as excluding charges while
    /// keeping similar gains.
    #[schemars(with = "Option<Nature>")]
    pub nature: Option<Spanned<Nature>>,
    /// Whether similar items occurred in the prior two years or are likely
    /// to recur: such an item may not be called non-recurring.
    pub recurring: Option<bool>,
    /// Whether the item is settled in cash (a liquidity measure may not
    /// exclude a cash-settled charge; excluding a normal, recurring cash
    /// operating expense can mislead).
    pub cash: Option<bool>,
    /// Lints allowed for this adjustment, each with a written reason.
    #[serde(default)]
    pub allow: Vec<super::RawAllow>,
    /// For `noncontrolling-share`: the noncontrolling interests' share of
    /// the adjustments it covers, a fraction ("0.20" for 20%).
    #[schemars(with = "Option<RawAmount>")]
    pub share: Option<Spanned<RawFraction>>,
    /// For `noncontrolling-share`: the row as the release prints it, by
    /// period id: the effect on income attributable to the parent (negative
    /// where the adjustments add to income, as "(138)" reads).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub amounts: RawAmounts,
    /// For `tax-effect`: the adjustments whose income-tax effect it is, in
    /// any order; absent, every adjustment without a [tax] table of its own.
    /// For `noncontrolling-share`: the adjustments it is a share of; absent,
    /// every other adjustment.
    #[schemars(with = "Option<Vec<String>>")]
    pub covers: Option<Spanned<Vec<Spanned<String>>>>,
    /// Required, except for an adjustment whose tax effect a `tax-effect`
    /// adjustment states for it.
    #[schemars(with = "Option<RawTax>")]
    pub tax: Option<Spanned<RawTax>>,
    /// The per-share amounts the release prints for this adjustment, by
    /// period: kept as printed and compared with the computed ones.
    pub per_share: Option<RawPerShare>,
    /// Where the adjustment's pre-tax effect sits by segment: one table per
    /// segment line (of a `segments` statement), with its effect on that
    /// segment's figure by period; or one table without `amounts` for the
    /// whole effect. The tables sum to the effect on the consolidated line
    /// the segment total ties to.
    #[serde(default, rename = "segment")]
    pub segments: Vec<RawSegmentAllocation>,
}

/// An adjustment's effect on one segment's figure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSegmentAllocation {
    /// The segment line (of a `segments` statement) the effect sits in.
    #[schemars(with = "String")]
    pub line: Spanned<String>,
    /// The effect on the segment's figure by period id, with the sign of
    /// the effect (a charge excluded raises segment income: positive).
    /// Absent: the adjustment's whole effect, in every period; then this is
    /// its only `[[segment]]` table.
    #[schemars(with = "Option<BTreeMap<String, RawAmount>>")]
    pub amounts: Option<RawAmounts>,
}

/// Per-share amounts as printed, by period id, in dollars.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPerShare {
    /// The amounts per basic share, by period id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub basic: RawAmounts,
    /// The amounts per diluted share, by period id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub diluted: RawAmounts,
}

/// What an adjustment does to the GAAP figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AdjustmentKind {
    /// Remove a line item's whole amount from the non-GAAP result.
    ExcludeLine,
    /// Remove stated amounts, per period, that sit inside line items.
    ExcludeAmounts,
    /// Add amounts GAAP does not report (revenue written down in an
    /// acquisition and added back): individually tailored, C&DI 100.04.
    AddIn,
    /// The one income-tax effect of a group of adjustments, as most releases
    /// print it ("Income tax effect of non-GAAP adjustments"): a row of its
    /// own, by `rate`, `amounts` or `effective-rate`.
    TaxEffect,
    /// Change income tax only (the release of a valuation allowance, say):
    /// the stated `[tax.amounts]` are the whole adjustment.
    TaxOnly,
    /// The noncontrolling interests' share of other adjustments (after their
    /// income-tax effects), on the line of income attributable to them
    /// (`line`): it moves only the measures attributable to the parent. By
    /// `share` (a fraction) or stated `amounts`.
    NoncontrollingShare,
}

/// Whether an adjustment removes charges, gains, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Nature {
    /// It removes charges: expenses or losses.
    Charge,
    /// It removes gains.
    Gain,
    /// It removes charges and gains together (settlement gains netted
    /// against restructuring charges, say).
    Mixed,
}

/// Amounts inside one line item, by period id, with the line's own sign
/// (an expense positive, a gain in other income positive).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExclusion {
    /// The line item id the amounts sit in.
    #[schemars(with = "String")]
    pub line: Spanned<String>,
    /// The amounts by period id, in the model's units.
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub amounts: RawAmounts,
}

/// An adjustment's income-tax effect.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTax {
    /// How the effect is stated: `nil`, `rate`, `amounts`, `net-of-tax` or
    /// `effective-rate`.
    #[schemars(with = "TaxTreatment")]
    pub treatment: Spanned<TaxTreatment>,
    /// Required for `nil`: why there is no tax effect.
    #[schemars(with = "Option<String>")]
    pub reason: Option<Spanned<String>>,
    /// For `rate` and `effective-rate`: a decimal fraction ("0.35").
    #[schemars(with = "Option<RawAmount>")]
    pub rate: Option<Spanned<RawFraction>>,
    /// For `rate` and `effective-rate`, instead of `rate`: a rate by fiscal
    /// year (`{ "FY2024" = "0.22", "FY2025" = "0.235" }`), each period taxed
    /// at the rate of the fiscal year that contains it. A key may also name
    /// a reported period, whose own rate it then is (a trailing twelve
    /// months spanning two fiscal years, say).
    #[schemars(with = "Option<BTreeMap<String, RawAmount>>")]
    pub rates: Option<Spanned<RawAmounts<RawFraction>>>,
    /// For `amounts`: the tax effect on net income per period id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub amounts: RawAmounts,
    /// Show this adjustment's tax effect on a line of its own rather than in
    /// the one combined income-tax line.
    #[serde(default)]
    pub own_line: bool,
}

/// How an adjustment's income-tax effect is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TaxTreatment {
    /// No tax effect; `reason` says why (a valuation allowance, say).
    Nil,
    /// The pre-tax amount times `rate`.
    Rate,
    /// Stated per period id in `[tax.amounts]`.
    Amounts,
    /// `[tax.amounts]` states the adjustment's effect on net income after
    /// tax, as the release prints it in its net income column; the income
    /// tax effect is the difference from its pre-tax effect, derived and
    /// shown on the tax row.
    AfterTax,
    /// The amounts are stated after tax, as releases before 2016 often
    /// presented them: no tax row of its own; moves after-tax measures only.
    NetOfTax,
    /// For `tax-effect`: an estimated annual non-GAAP effective rate applied
    /// to non-GAAP income before taxes; the row is the difference from the
    /// provision otherwise shown.
    EffectiveRate,
}

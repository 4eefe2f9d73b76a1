//! Raw form of an adjustment file (`adjustments/<id>.toml`): what a non-GAAP
//! measure excludes, how it is labelled and explained, and its tax effect.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::RawAmount;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdjustment {
    pub id: Spanned<String>,
    /// The row label in the reconciliation table.
    pub label: String,
    pub kind: Spanned<AdjustmentKind>,
    /// The line item excluded, for `exclude-line`.
    pub line: Option<Spanned<String>>,
    /// Stated amounts inside line items, for `exclude-amounts`.
    #[serde(default, rename = "exclude")]
    pub exclusions: Vec<RawExclusion>,
    /// Stated amounts GAAP does not report, for `add-in`.
    #[serde(default, rename = "add")]
    pub additions: Vec<RawExclusion>,
    /// Periods the adjustment applies to; all periods when absent.
    pub periods: Option<Spanned<Vec<Spanned<String>>>>,
    /// Why management excludes it: the footnote under the table.
    pub rationale: String,
    /// Charge, gain or both: for checks such as excluding charges while
    /// keeping similar gains.
    pub nature: Option<Nature>,
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
    pub share: Option<Spanned<RawAmount>>,
    /// For `noncontrolling-share`: the row as the release prints it, by
    /// period id: the effect on income attributable to the parent (negative
    /// where the adjustments add to income, as "(138)" reads).
    #[serde(default)]
    pub amounts: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// For `tax-effect`: the adjustments whose income-tax effect it is, in
    /// any order; absent, every adjustment without a [tax] table of its own.
    /// For `noncontrolling-share`: the adjustments it is a share of; absent,
    /// every other adjustment.
    pub covers: Option<Spanned<Vec<Spanned<String>>>>,
    /// Required, except for an adjustment whose tax effect a `tax-effect`
    /// adjustment states for it.
    pub tax: Option<Spanned<RawTax>>,
    /// The per-share amounts the release prints for this adjustment, by
    /// period: kept as printed and compared with the computed ones.
    pub per_share: Option<RawPerShare>,
}

/// Per-share amounts as printed, by period id, in dollars.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerShare {
    #[serde(default)]
    pub basic: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    #[serde(default)]
    pub diluted: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nature {
    Charge,
    Gain,
    Mixed,
}

/// Amounts inside one line item, by period id, with the line's own sign
/// (an expense positive, a gain in other income positive).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExclusion {
    pub line: Spanned<String>,
    pub amounts: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTax {
    pub treatment: Spanned<TaxTreatment>,
    /// Required for `nil`: why there is no tax effect.
    pub reason: Option<String>,
    /// For `rate` and `effective-rate`: a decimal fraction ("0.35").
    pub rate: Option<Spanned<RawAmount>>,
    /// For `amounts`: the tax effect on net income per period id.
    #[serde(default)]
    pub amounts: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// Show this adjustment's tax effect on a line of its own rather than in
    /// the one combined income-tax line.
    #[serde(default)]
    pub own_line: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaxTreatment {
    Nil,
    Rate,
    Amounts,
    /// The amounts are stated after tax, as releases before 2016 often
    /// presented them: no tax row of its own; moves after-tax measures only.
    NetOfTax,
    /// For `tax-effect`: an estimated annual non-GAAP effective rate applied
    /// to non-GAAP income before taxes; the row is the difference from the
    /// provision otherwise shown.
    EffectiveRate,
}

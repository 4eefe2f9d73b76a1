//! Raw form of a statements file (`statements/<entity>.toml`): entity
//! metadata, line items declared once, derived percentages, and one block of
//! values per period.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{RawAmount, RawDate};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatement {
    pub entity: RawEntity,
    #[serde(default, rename = "line_item")]
    pub line_items: Vec<RawLineItem>,
    #[serde(default, rename = "ratio")]
    pub ratios: Vec<RawRatio>,
    #[serde(default, rename = "period")]
    pub periods: Vec<RawPeriod>,
    #[serde(default)]
    pub presentation: Labels,
    /// Rows of the release's highlights table, in order.
    #[serde(default, rename = "highlight")]
    pub highlights: Vec<RawHighlight>,
}

/// Titles and labels the release prints that are not line items. The model
/// keeps them as written: there is nothing to validate.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub operations_title: Option<String>,
    pub balance_sheet_title: Option<String>,
    pub highlights_title: Option<String>,
    /// Units of the highlights table's money figures; millions when absent.
    pub highlights_units: Option<Units>,
    /// The statements are unaudited: their titles say "(Unaudited)".
    #[serde(default)]
    pub unaudited: bool,
    pub basic_eps_label: Option<String>,
    pub diluted_eps_label: Option<String>,
    pub basic_shares_label: Option<String>,
    pub diluted_shares_label: Option<String>,
}

/// One row of the highlights table: a line item (a balance-sheet line shows
/// its balance at each column's end date), a ratio, or EPS.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHighlight {
    pub line: Option<Spanned<String>>,
    pub ratio: Option<Spanned<String>>,
    /// `basic` or `diluted`.
    pub eps: Option<Spanned<EpsBasis>>,
    pub label: String,
    #[serde(default)]
    pub indent: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EpsBasis {
    Basic,
    Diluted,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    pub name: String,
    pub ticker: Option<String>,
    /// Month and day, `MM-DD`.
    pub fiscal_year_end: Spanned<String>,
    pub units: Units,
    pub source: Option<String>,
}

/// The units of money and share counts in a statements file. Per-share
/// figures are always in dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Units {
    Units,
    Thousands,
    Millions,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLineItem {
    pub id: Spanned<String>,
    pub label: String,
    pub statement: StatementKind,
    pub section: Option<String>,
    /// A heading printed above this line ("Assets").
    pub heading: Option<String>,
    pub rolls_up_to: Option<Spanned<String>>,
    pub sign: Option<Spanned<Sign>>,
    pub measure: Option<Spanned<Measure>>,
}

/// Which statement a line item belongs to: flows over a period (operations)
/// or balances at an instant (balance sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatementKind {
    Operations,
    BalanceSheet,
}

/// How a component enters its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    Add,
    Subtract,
}

/// A tag naming the role of a key line item, so the engine can find, say,
/// net income without knowing any company's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    Revenue,
    CostOfRevenues,
    GrossProfit,
    OperatingExpenses,
    /// Cost of revenues plus operating expenses, where a statement prints it.
    CostsAndExpenses,
    OperatingIncome,
    PretaxIncome,
    IncomeTax,
    /// Income (loss) from continuing operations, after tax.
    ContinuingIncome,
    NetIncome,
    /// Preferred dividends, deducted from net income for EPS (positive).
    PreferredDividends,
    Cash,
    TotalAssets,
    TotalLiabilitiesAndEquity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    pub id: Spanned<String>,
    pub label: String,
    pub numerator: Spanned<String>,
    pub denominator: Spanned<String>,
    /// Printed in the statement of operations under its numerator line.
    #[serde(default)]
    pub in_statement: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub id: Spanned<String>,
    pub kind: Spanned<PeriodKind>,
    pub start: Option<Spanned<RawDate>>,
    pub end: Option<Spanned<RawDate>>,
    pub date: Option<Spanned<RawDate>>,
    /// As the release prints it; derived from the dates when absent.
    pub header: Option<String>,
    /// Values come from other periods (Q4 = fiscal year less nine months);
    /// the block may state the period's share counts, never its values.
    #[serde(default)]
    pub derived: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub values: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    pub shares: Option<Spanned<RawShares>>,
    pub eps: Option<Spanned<RawEps>>,
    #[serde(default)]
    pub percentages: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
}

/// A duration (a flow from start to end) or an instant (a balance at a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodKind {
    Duration,
    Instant,
}

/// Weighted average common shares outstanding, in the statement's units.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShares {
    pub basic: Spanned<RawAmount>,
    pub diluted: Spanned<RawAmount>,
    /// When GAAP is a loss (so diluted = basic) but non-GAAP is income: the
    /// diluted count with the potential shares GAAP left out as anti-dilutive,
    /// as the release prints it beside the non-GAAP figure.
    pub non_gaap_diluted: Option<Spanned<RawAmount>>,
}

/// Net income (loss) per share as reported, in dollars.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEps {
    pub basic: Spanned<RawAmount>,
    pub diluted: Spanned<RawAmount>,
}

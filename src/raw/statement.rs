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
    /// Non-GAAP measures the release defines (free cash flow, Adjusted
    /// EBITDA): a GAAP starting point, definition terms and adjustments.
    #[serde(default, rename = "measure")]
    pub measures: Vec<RawMeasure>,
    #[serde(default, rename = "period")]
    pub periods: Vec<RawPeriod>,
    #[serde(default)]
    pub presentation: Labels,
    /// Rows of the release's highlights table, in order.
    #[serde(default, rename = "highlight")]
    pub highlights: Vec<Spanned<RawHighlight>>,
    /// Lints of the SEC's rules the model allows, each with a written reason
    /// that is printed with the output.
    #[serde(default)]
    pub allow: Vec<RawAllow>,
}

/// A lint allowed, and why: `{ lint = "NG009", reason = "..." }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllow {
    pub lint: Spanned<String>,
    pub reason: String,
}

/// Titles and labels the release prints that are not line items. The model
/// keeps them as written: there is nothing to validate.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub operations_title: Option<String>,
    pub balance_sheet_title: Option<String>,
    pub cash_flow_title: Option<String>,
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
    /// The release prints a full non-GAAP income statement (most GAAP lines
    /// re-presented as non-GAAP in one table, as `reconcile matrix` does).
    #[serde(default)]
    pub non_gaap_statement: bool,
    /// Decimals money is printed with in the model's units (0 for "$1,250",
    /// 1 for "$1,250.4"). Default: for a model in millions the most its
    /// values are written with; none for thousands and units.
    pub money_decimals: Option<u32>,
    /// Adjustment ids in the order the release prints them; adjustments not
    /// listed follow in file-name order.
    #[serde(default)]
    pub adjustment_order: Vec<Spanned<String>>,
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
    /// Units of share counts when they differ from money's: a release in
    /// thousands of dollars with shares in whole shares, say. Default: `units`.
    pub share_units: Option<Units>,
    pub source: Option<String>,
    /// The date of the release (or filing): the SEC's rules of that date
    /// are the ones `reconcile lint` applies.
    pub release_date: Option<Spanned<RawDate>>,
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
    /// How a reconciliation names the line after "GAAP" and "Non-GAAP"
    /// ("operating loss"); the named measures keep their generic names
    /// without it, a line chosen by id uses its label.
    pub caption: Option<String>,
    /// Printed in the statement tables and the matrix; `false` for a
    /// subtotal the release does not print (gross profit computed from
    /// revenue less cost of revenue, say). Default true.
    #[serde(default = "yes")]
    pub printed: bool,
}

fn yes() -> bool {
    true
}

/// Which statement a line item belongs to: flows over a period (operations)
/// or balances at an instant (balance sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatementKind {
    Operations,
    BalanceSheet,
    /// The statement of cash flows: flows over a period, like operations.
    CashFlow,
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
    /// A line item id, or a declared measure id (`[[measure]]`): the
    /// measure's GAAP starting line gives the GAAP percentage, the measure
    /// the non-GAAP one.
    pub numerator: Spanned<String>,
    /// A line item id or a declared measure id, as for `numerator`.
    pub denominator: Spanned<String>,
    /// Printed in the statement of operations under its numerator line.
    #[serde(default)]
    pub in_statement: bool,
    /// The GAAP percentage's label as the release prints it ("Return on
    /// average common equity"), where it is not "GAAP" and the label; the
    /// non-GAAP row then prints `label` as written.
    pub gaap_label: Option<String>,
    /// Annualize the numerator, a flow, by the period's length: `months`
    /// (12 / months: x4 for a quarter), `actual/365`, `actual/360` or
    /// `actual/actual` (days in the year ending on the period's end date
    /// over days in the period). For a return on a balance: return on
    /// average tangible common equity, say.
    pub annualize: Option<Spanned<Annualize>>,
    /// Annualize the numerator by this stated factor instead ("4" for every
    /// quarter), as some releases do; exclusive with `annualize`.
    pub annualize_factor: Option<Spanned<RawAmount>>,
    /// Decimals the release prints the percentage with: 0 for "76%", 1 for
    /// "75.8%". Default 0.
    pub places: Option<Spanned<u32>>,
}

/// A non-GAAP measure the release defines: its GAAP starting point (the most
/// directly comparable GAAP measure), the lines its definition adds or
/// subtracts (capital expenditure for free cash flow; interest, taxes,
/// depreciation for EBITDA), and the adjustments it excludes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub id: Spanned<String>,
    /// As the release prints it: "Free cash flow", "Adjusted EBITDA".
    pub label: String,
    /// `performance` or `liquidity`: a liquidity measure has no per-share
    /// figure (C&DI 102.05).
    pub kind: Spanned<MeasureKind>,
    /// The line the reconciliation starts from: a flow (operations, cash
    /// flows) or a balance (balance sheet: tangible common equity starts
    /// from total equity).
    pub start: Spanned<String>,
    /// For a measure over balance-sheet lines: `end` (the balance at each
    /// period's end date, the default) or `average` (the period's average
    /// balance).
    pub balance: Option<Spanned<BalanceBasis>>,
    /// Lines the definition adds, each shown as a row (of the starting
    /// line's kind: flows, or balances).
    #[serde(default)]
    pub add: Vec<Spanned<String>>,
    /// Lines the definition subtracts, each shown as a row.
    #[serde(default)]
    pub subtract: Vec<Spanned<String>>,
    /// The adjustments it excludes, in the release's order; every adjustment
    /// that reaches its lines when absent; none for `[]` (a measure defined
    /// by its lines alone, such as free cash flow).
    pub adjustments: Option<Spanned<Vec<Spanned<String>>>>,
    /// Why management finds the measure useful.
    pub rationale: Option<String>,
    /// Reconcile it per diluted share as well (refused for a liquidity
    /// measure: C&DI 102.05). Default false.
    pub per_share: Option<Spanned<bool>>,
    /// The count the per-share figure divides by, named in each period's
    /// `[period.counts]` (diluted shares and operating-partnership units, say);
    /// the weighted diluted shares when absent.
    pub per_share_count: Option<Spanned<String>>,
    /// Lines added to the numerator of the per-share figure: what the
    /// securities in that count earn (distributions on units, say).
    #[serde(default)]
    pub per_share_add: Vec<Spanned<String>>,
    /// The per-share figure's label as the release prints it ("Tangible
    /// book value per share"); the measure's label and "per diluted share"
    /// when absent.
    pub per_share_label: Option<String>,
    /// The GAAP per-share figure's label ("Book value per share"); the
    /// starting line's label and "per diluted share" when absent.
    pub gaap_per_share_label: Option<String>,
}

/// A day-count convention for annualizing a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Annualize {
    /// 12 / the period's length in months.
    #[serde(rename = "months")]
    Months,
    /// 365 / the days in the period.
    #[serde(rename = "actual/365")]
    Actual365,
    /// 360 / the days in the period.
    #[serde(rename = "actual/360")]
    Actual360,
    /// The days in the year ending on the period's end date (365 or 366) /
    /// the days in the period.
    #[serde(rename = "actual/actual")]
    ActualActual,
}

/// How a measure over balance-sheet lines takes a balance for a column (a
/// duration period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BalanceBasis {
    /// The balance at the period's end date (an instant period of that date).
    End,
    /// The average balance over the period: as the period states it in
    /// `[period.averages]`, else the mean of the opening balance (the day
    /// before the period starts) and the closing balance.
    Average,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureKind {
    Performance,
    Liquidity,
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
    /// The release prints only what its reconciliation needs for this
    /// period (a prior quarter it does not otherwise show): totals whose
    /// components are absent are not tied out, and `check` lists them.
    #[serde(default)]
    pub reconciliation_only: bool,
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
    /// Average balances the release states for this duration period, by
    /// balance-sheet line id (`total_equity = 10250`): a measure with
    /// `balance = "average"` uses them instead of the mean of the opening
    /// and closing balances.
    #[serde(default)]
    pub averages: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// Share counts a declared measure's per-share figure may name, by name
    /// (`ffo_diluted = 10500`), in share units.
    #[serde(default)]
    pub counts: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// The non-GAAP figures the release prints for this period, by measure
    /// (as `--measure` names it: `net-income`, `eps-diluted`, a line, ratio
    /// or declared measure id), at the precision printed.
    #[serde(default)]
    pub non_gaap: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// The total of the adjustments the release prints in a measure's
    /// reconciliation (every row between GAAP and non-GAAP), by measure.
    #[serde(default)]
    pub non_gaap_adjustments: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
}

/// A duration (a flow from start to end) or an instant (a balance at a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodKind {
    Duration,
    Instant,
}

/// Weighted average common shares outstanding, in the share units, at the
/// precision printed ("41.7"). A release may print only one of basic and
/// diluted; at least one is needed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShares {
    pub basic: Option<Spanned<RawAmount>>,
    pub diluted: Option<Spanned<RawAmount>>,
    /// The basic count non-GAAP per-share figures divide by, where the
    /// release uses one different from GAAP's.
    pub non_gaap_basic: Option<Spanned<RawAmount>>,
    /// The diluted count non-GAAP income divides by, where it differs from
    /// GAAP's: when GAAP is a loss (so diluted = basic) but non-GAAP is
    /// income, the count with the potential shares GAAP left out.
    pub non_gaap_diluted: Option<Spanned<RawAmount>>,
    /// The if-converted method for non-GAAP diluted EPS: convertible
    /// preferred stock treated as converted.
    pub if_converted: Option<Spanned<RawIfConverted>>,
}

/// Convertible preferred stock treated as converted for non-GAAP diluted EPS:
/// the shares it converts into join the count, and the preferred dividends
/// it would no longer be paid are added back to the numerator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIfConverted {
    pub shares: Spanned<RawAmount>,
    pub dividends: Spanned<RawAmount>,
}

/// Net income (loss) per share as reported, in dollars.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEps {
    pub basic: Option<Spanned<RawAmount>>,
    pub diluted: Option<Spanned<RawAmount>>,
    /// The company computes this quarter's EPS as year-to-date EPS less the
    /// prior year-to-date EPS (Q3 = nine months less six months), so the
    /// tie-out checks it that way.
    #[serde(default)]
    pub ytd_difference: bool,
}

//! Raw form of a statements file (`statements/<entity>.toml`): entity
//! metadata, line items declared once, derived percentages, and one block of
//! values per period.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{RawAmount, RawCount, RawDate};

/// A statements file (`statements/<entity>.toml`): the GAAP statements of one
/// entity, transcribed from its earnings release.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStatement {
    /// The company whose release the file transcribes: its name, fiscal
    /// calendar and units.
    pub entity: RawEntity,
    /// The statements' lines, each declared once, in the order the release
    /// prints them.
    #[serde(default, rename = "line_item")]
    pub line_items: Vec<RawLineItem>,
    /// Percentages of one line or measure to another (gross margin,
    /// operating margin).
    #[serde(default, rename = "ratio")]
    pub ratios: Vec<RawRatio>,
    /// Non-GAAP measures the release defines (free cash flow, Adjusted
    /// EBITDA): a GAAP starting point, definition terms and adjustments.
    #[serde(default, rename = "measure")]
    pub measures: Vec<RawMeasure>,
    /// The periods the release reports, one block each: a duration (a
    /// quarter, nine months) or an instant (a balance sheet date), with its
    /// figures as printed.
    #[serde(default, rename = "period")]
    pub periods: Vec<RawPeriod>,
    /// Titles and labels the release prints that are not line items.
    #[serde(default)]
    pub presentation: Labels,
    /// Rows of the release's highlights table, in order.
    #[serde(default, rename = "highlight")]
    #[schemars(with = "Vec<RawHighlight>")]
    pub highlights: Vec<Spanned<RawHighlight>>,
    /// Lints of the SEC's rules the model allows, each with a written reason
    /// that is printed with the output.
    #[serde(default)]
    pub allow: Vec<RawAllow>,
    /// The release's outlook: guidance for forward periods, each measure's
    /// GAAP range reconciled to its non-GAAP range.
    #[serde(default, rename = "outlook")]
    pub outlooks: Vec<super::RawOutlook>,
    /// Facts the release's narrative states that its tables do not hold,
    /// each with its source, so `reconcile prose` ties the text
    /// completely. Only `reconcile prose` reads them.
    #[serde(default, rename = "memo")]
    pub memos: Vec<RawMemo>,
}

/// A fact of the narrative that no table holds ("Settled an $11.8 million
/// excess lease obligation ... for $6.4 million"): its figure, or the line
/// items of a model period that add up to it, and where it comes from.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMemo {
    /// What the figure is, in a few words.
    pub label: String,
    /// The figure: money in the model's units, per-share figures in
    /// dollars, percentages in percent. Absent when `sum` gives it.
    pub value: Option<RawAmount>,
    /// Line items whose values in `period` (a period of the model) add up
    /// to the figure; with `value` too, the two must agree.
    #[serde(default)]
    pub sum: Vec<String>,
    /// The period, as `--period` names one (`Q2-2003`, `9M2003`, `FY2002`),
    /// or a date for a balance (`2002-12-31`); it need not be a period of
    /// the model.
    pub period: String,
    /// `money` (the default), `per-share` or `percent`.
    pub kind: Option<String>,
    /// Where the figure comes from: a filing, a schedule, the sentence.
    pub source: String,
}

/// A lint allowed, and why: `{ lint = "NG009", reason = "..." }`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a lint allowed with its reason, such as { lint = \"NG012\", reason = \"...\" }"
)]
pub struct RawAllow {
    /// The lint's code, as `reconcile lint` prints it (`NG009`).
    #[schemars(with = "String")]
    pub lint: Spanned<String>,
    /// Why the release may do what the lint flags: printed with the output.
    pub reason: String,
}

/// Titles and labels the release prints that are not line items. The model
/// keeps them as written: there is nothing to validate.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The statement of operations' title as the release prints it;
    /// "Statements of Operations" when absent.
    pub operations_title: Option<String>,
    /// The balance sheet's title as the release prints it; "Balance Sheets"
    /// when absent.
    pub balance_sheet_title: Option<String>,
    /// The statement of cash flows' title as the release prints it;
    /// "Statements of Cash Flows" when absent.
    pub cash_flow_title: Option<String>,
    /// The highlights table's title as the release prints it; "Financial
    /// Highlights" when absent.
    pub highlights_title: Option<String>,
    /// Units of the highlights table's money figures; millions when absent.
    pub highlights_units: Option<Units>,
    /// The statements are unaudited: their titles say "(Unaudited)".
    #[serde(default)]
    pub unaudited: bool,
    /// The basic EPS row's label in the statement of operations; "Basic net
    /// income (loss) per share" when absent.
    pub basic_eps_label: Option<String>,
    /// The diluted EPS row's label in the statement of operations; "Diluted
    /// net income (loss) per share" when absent.
    pub diluted_eps_label: Option<String>,
    /// The basic share count's label in the statement of operations; "Basic
    /// weighted average common shares outstanding" when absent.
    pub basic_shares_label: Option<String>,
    /// The diluted share count's label in the statement of operations;
    /// "Diluted weighted average common shares outstanding" when absent.
    pub diluted_shares_label: Option<String>,
    /// The release prints a full non-GAAP income statement (most GAAP lines
    /// re-presented as non-GAAP in one table, as `reconcile matrix` does).
    #[serde(default)]
    pub non_gaap_statement: bool,
    /// Decimals money is printed with in the model's units (0 for "$1,250",
    /// 1 for "$1,250.4"). Default: for a model in millions the most its
    /// values are written with; none for thousands and units.
    pub money_decimals: Option<u32>,
    /// Which way the release prints each reconciliation: `gaap-first` (the
    /// default: the GAAP figure, the adjustments, the non-GAAP figure) or
    /// `non-gaap-first` (from the non-GAAP figure to GAAP, as some older
    /// releases print it: rows reversed, adjustments with the opposite
    /// sign; lint NG017).
    #[schemars(with = "Option<BridgeDirection>")]
    pub bridge: Option<BridgeDirection>,
    /// Adjustment ids in the order the release prints them; adjustments not
    /// listed follow in file-name order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub adjustment_order: Vec<Spanned<String>>,
    /// The non-GAAP measures the release publishes, in its order, as
    /// `--measure` names them (`adjusted_ebitda`, `net-income`, `eps-diluted`,
    /// a ratio id): the default reconciliation prints these, and a measure
    /// asked for by name that is not among them is marked as not published
    /// by the release. Absent: the declared measures, where their
    /// `adjustments` lists take every adjustment; otherwise net income and EPS.
    #[serde(default, deserialize_with = "non_empty_measures")]
    #[schemars(with = "Vec<String>")]
    pub measures: Vec<Spanned<String>>,
}

/// `[presentation] measures`, refused when empty: an empty list would fall
/// back, without a word, to what the model prints when the key is absent.
fn non_empty_measures<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Spanned<String>>, D::Error> {
    let list = Vec::<Spanned<String>>::deserialize(deserializer)?;
    if list.is_empty() {
        return Err(serde::de::Error::custom(format!(
            "[presentation] measures is empty{}list the measures the release publishes, as --measure names them, such as measures = [\"net-income\", \"eps\"], or remove the key",
            super::HELP_SEPARATOR
        )));
    }
    Ok(list)
}

/// One row of the highlights table: a line item (a balance-sheet line shows
/// its balance at each column's end date), a ratio, or EPS.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHighlight {
    /// The row shows this line item: one of `line`, `ratio` and `eps`.
    #[schemars(with = "Option<String>")]
    pub line: Option<Spanned<String>>,
    /// The row shows this ratio's percentage: one of `line`, `ratio` and
    /// `eps`.
    #[schemars(with = "Option<String>")]
    pub ratio: Option<Spanned<String>>,
    /// `basic` or `diluted`.
    #[schemars(with = "Option<EpsBasis>")]
    pub eps: Option<Spanned<EpsBasis>>,
    /// The row's label as the release prints it.
    pub label: String,
    /// How far the row's label is indented, in levels (at most 4). Default 0.
    #[serde(default)]
    pub indent: usize,
}

/// Which earnings per share: basic or diluted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EpsBasis {
    /// Basic net income (loss) per share.
    Basic,
    /// Diluted net income (loss) per share.
    Diluted,
}

/// The company the statements belong to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    /// The company's name as the release prints it.
    pub name: String,
    /// The company's ticker symbol ("ARTG"), kept for the reader.
    pub ticker: Option<String>,
    /// Month and day, `MM-DD`.
    #[schemars(with = "String")]
    pub fiscal_year_end: Spanned<String>,
    /// Units of money amounts, and of share counts unless `share_units`
    /// says otherwise: `units`, `thousands` or `millions`.
    pub units: Units,
    /// Units of share counts when they differ from money's: a release in
    /// thousands of dollars with shares in whole shares, say. Default: `units`.
    pub share_units: Option<Units>,
    /// Where the figures come from ("Exhibit 99.1 of the Form 8-K of ...");
    /// `reconcile explain` prints it.
    pub source: Option<String>,
    /// The date of the release (or filing): the SEC's rules of that date
    /// are the ones `reconcile lint` applies.
    #[schemars(with = "Option<RawDate>")]
    pub release_date: Option<Spanned<RawDate>>,
    /// The accounting standard the statements follow: `US GAAP` (the
    /// default) or `IFRS`. Under IFRS every generated label and title says
    /// IFRS and non-IFRS instead of GAAP and non-GAAP.
    pub standard: Option<Standard>,
    /// The securities regulator whose non-GAAP rules `reconcile lint`
    /// applies: `SEC` (the default; Regulation G, Item 10(e), the staff's
    /// C&DIs) or `CSA` (Canada's NI 52-112).
    pub regulator: Option<Regulator>,
    /// The oldest `reconcile` that reads this file as written: `"0.2"` or
    /// `"0.2.1"`. An older tool stops with an error at this key rather than
    /// misreading a key it does not know; `reconcile --version` names the
    /// version installed.
    #[schemars(with = "Option<String>")]
    pub requires: Option<Spanned<String>>,
}

/// The accounting standard of the statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
pub enum Standard {
    /// US generally accepted accounting principles: "GAAP", "non-GAAP".
    #[default]
    #[serde(rename = "US GAAP")]
    UsGaap,
    /// International Financial Reporting Standards: "IFRS", "non-IFRS".
    #[serde(rename = "IFRS")]
    Ifrs,
}

impl Standard {
    /// The standard's short name in a label: "GAAP" or "IFRS".
    pub fn gaap(self) -> &'static str {
        match self {
            Standard::UsGaap => "GAAP",
            Standard::Ifrs => "IFRS",
        }
    }

    /// "Non-GAAP" or "Non-IFRS", at the start of a label.
    pub fn non_gaap(self) -> &'static str {
        match self {
            Standard::UsGaap => "Non-GAAP",
            Standard::Ifrs => "Non-IFRS",
        }
    }

    /// "non-GAAP" or "non-IFRS", inside a sentence.
    pub fn non_gaap_lower(self) -> &'static str {
        match self {
            Standard::UsGaap => "non-GAAP",
            Standard::Ifrs => "non-IFRS",
        }
    }

    /// Says a text generated in GAAP's words in this standard's: "GAAP" is
    /// "IFRS", "Non-GAAP" "Non-IFRS". For the tool's own words only, never
    /// for a label or text the release prints.
    pub fn say(self, text: &str) -> String {
        match self {
            Standard::UsGaap => text.to_string(),
            Standard::Ifrs => text.replace("GAAP", "IFRS"),
        }
    }
}

/// Which way a reconciliation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BridgeDirection {
    /// From the GAAP figure to the non-GAAP figure (the default).
    GaapFirst,
    /// From the non-GAAP figure to the GAAP figure, as printed.
    NonGaapFirst,
}

/// The securities regulator whose non-GAAP rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
pub enum Regulator {
    /// The US Securities and Exchange Commission: Regulation G, Item 10(e)
    /// of Regulation S-K and the staff's C&DIs.
    #[default]
    #[serde(rename = "SEC")]
    Sec,
    /// The Canadian Securities Administrators: National Instrument 52-112,
    /// Non-GAAP and Other Financial Measures Disclosure.
    #[serde(rename = "CSA")]
    Csa,
}

impl Regulator {
    pub fn name(self) -> &'static str {
        match self {
            Regulator::Sec => "SEC",
            Regulator::Csa => "CSA",
        }
    }
}

/// The units of money and share counts in a statements file. Per-share
/// figures are always in dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Units {
    /// As written: 1250 means 1,250.
    Units,
    /// In thousands: 1250 means 1,250,000.
    Thousands,
    /// In millions: 1250 means 1,250,000,000.
    Millions,
}

/// One line of a statement, declared once; its figures are in each period's
/// `[period.values]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLineItem {
    /// A stable id without spaces (`cost_of_revenue`): how adjustments,
    /// ratios, measures and `[period.values]` name the line.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The line's label as the release prints it.
    pub label: String,
    /// The statement the line is on: `operations`, `balance-sheet` or
    /// `cash-flow`.
    pub statement: StatementKind,
    /// The group the line is printed under ("Revenues", "Current assets"):
    /// a heading where the group starts, its lines indented.
    pub section: Option<String>,
    /// A heading printed above this line ("Assets").
    pub heading: Option<String>,
    /// The id of the total this line is a component of; the tie-out checks
    /// that every total foots.
    #[schemars(with = "Option<String>")]
    pub rolls_up_to: Option<Spanned<String>>,
    /// How the line enters its total: `add` (the default) or `subtract`.
    #[schemars(with = "Option<Sign>")]
    pub sign: Option<Spanned<Sign>>,
    /// The line's role (`revenue`, `net-income`, ...), so the tool finds it
    /// without knowing the company's ids; each tag names one line at most.
    #[schemars(with = "Option<Measure>")]
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
    /// A computed subtotal beside the roll-ups: the lines added to make it
    /// (gross profit: `add = ["revenue"]`, `subtract = ["cost_of_revenue"]`)
    /// where the release prints no such total in its hierarchy. Its GAAP and
    /// non-GAAP figures are the signed sums of its lines' (every adjustment
    /// that reaches them reaches it); it rolls up into nothing.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub add: Vec<Spanned<String>>,
    /// The lines subtracted to make a computed subtotal (see `add`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub subtract: Vec<Spanned<String>>,
    /// The XBRL concept the filings tag this line with, prefix and name:
    /// `us-gaap:Revenues`, `ifrs-full:Revenue`, a company extension such as
    /// `nvda:AcquisitionTerminationCost`. `check --against` compares the
    /// line with the filed facts of that concept; `import` writes it.
    #[schemars(with = "Option<String>")]
    pub concept: Option<Spanned<String>>,
    /// For the total of a `segments` statement: the consolidated line it
    /// equals (`operating_income`), checked in every period where both are
    /// stated.
    #[schemars(with = "Option<String>")]
    pub ties_to: Option<Spanned<String>>,
}

fn yes() -> bool {
    true
}

/// Which statement a line item belongs to: flows over a period (operations)
/// or balances at an instant (balance sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StatementKind {
    /// The statement of operations: flows over a period.
    Operations,
    /// The balance sheet: balances at an instant.
    BalanceSheet,
    /// The statement of cash flows: flows over a period, like operations.
    CashFlow,
    /// Operating statistics the release prints for a period (available seat
    /// miles, available room nights, barrels of oil equivalent), in their own
    /// units: a `[[ratio]]` may divide by one (cost per available seat mile);
    /// no adjustment reaches them and no statement table prints them.
    Statistics,
    /// A measure reported by segment (operating income of each segment,
    /// corporate and unallocated): flows over a period, outside the
    /// consolidated roll-ups. The segment lines roll up into a segment total
    /// that names the consolidated line it equals (`ties_to`); adjustments
    /// allocate their effect across the segments with `[[segment]]` tables,
    /// and `reconcile segments` reconciles each segment.
    Segments,
}

/// How a component enters its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    /// Added to its total.
    Add,
    /// Subtracted from its total (a cost, an expense, a tax provision).
    Subtract,
}

/// A tag naming the role of a key line item, so the engine can find, say,
/// net income without knowing any company's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Total revenue.
    Revenue,
    /// Total cost of revenues.
    CostOfRevenues,
    /// Gross profit: revenue less cost of revenues.
    GrossProfit,
    /// Total operating expenses.
    OperatingExpenses,
    /// Cost of revenues plus operating expenses, where a statement prints it.
    CostsAndExpenses,
    /// Income (loss) from operations.
    OperatingIncome,
    /// Income (loss) before income taxes.
    PretaxIncome,
    /// The provision for (benefit from) income taxes: the line the
    /// adjustments' income-tax effects land on.
    IncomeTax,
    /// Income (loss) from continuing operations, after tax.
    ContinuingIncome,
    /// Net income (loss): the bottom line, and the numerator of EPS.
    NetIncome,
    /// Preferred dividends, deducted from net income for EPS (positive).
    PreferredDividends,
    /// Cash and cash equivalents.
    Cash,
    /// Total assets.
    TotalAssets,
    /// Total liabilities and stockholders' equity: equal to total assets.
    TotalLiabilitiesAndEquity,
}

/// A percentage of one line or measure to another, as the release prints
/// it: gross margin is gross profit over revenue.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    /// A stable id without spaces (`gross_margin`): how `--measure`, the
    /// highlights and `[period.percentages]` name the ratio.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The ratio's label as the release prints it ("Gross margin").
    pub label: String,
    /// A line item id, or a declared measure id (`[[measure]]`): the
    /// measure's GAAP starting line gives the GAAP percentage, the measure
    /// the non-GAAP one.
    #[schemars(with = "String")]
    pub numerator: Spanned<String>,
    /// A line item id or a declared measure id, as for `numerator`.
    #[schemars(with = "String")]
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
    #[schemars(with = "Option<Annualize>")]
    pub annualize: Option<Spanned<Annualize>>,
    /// Annualize the numerator by this stated factor instead ("4" for every
    /// quarter), as some releases do; exclusive with `annualize`.
    #[schemars(with = "Option<RawAmount>")]
    pub annualize_factor: Option<Spanned<RawAmount>>,
    /// Decimals the release prints the percentage with: 0 for "76%", 1 for
    /// "75.8%". Default 0.
    #[schemars(with = "Option<u32>")]
    pub places: Option<Spanned<u32>>,
    /// What the ratio is: `percent` (the default: numerator / denominator x
    /// 100, printed "21.8%"), `cents` (x 100, printed as a number: cost per
    /// available seat mile in cents, money and statistic in the same units)
    /// or `dollars` (x 1, printed as a number: cost per barrel of oil
    /// equivalent).
    #[schemars(with = "Option<RatioUnit>")]
    pub unit: Option<Spanned<RatioUnit>>,
}

/// What a ratio's figure is, and how it prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RatioUnit {
    /// x 100, printed with a percent sign.
    #[default]
    Percent,
    /// x 100, printed as a plain number (cents per unit).
    Cents,
    /// x 1, printed as a plain number (dollars per unit).
    Dollars,
}

impl RatioUnit {
    /// What numerator / denominator is multiplied by.
    pub fn multiplier(self) -> rust_decimal::Decimal {
        match self {
            RatioUnit::Percent | RatioUnit::Cents => rust_decimal::Decimal::ONE_HUNDRED,
            RatioUnit::Dollars => rust_decimal::Decimal::ONE,
        }
    }
}

/// A non-GAAP measure the release defines: its GAAP starting point (the most
/// directly comparable GAAP measure), the lines its definition adds or
/// subtracts (capital expenditure for free cash flow; interest, taxes,
/// depreciation for EBITDA), and the adjustments it excludes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    /// A stable id without spaces (`free_cash_flow`): how `--measure` and
    /// `[period.non_gaap]` name the measure.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// As the release prints it: "Free cash flow", "Adjusted EBITDA".
    pub label: String,
    /// `performance` or `liquidity`: a liquidity measure has no per-share
    /// figure (C&DI 102.05).
    #[schemars(with = "MeasureKind")]
    pub kind: Spanned<MeasureKind>,
    /// The line the reconciliation starts from: a flow (operations, cash
    /// flows) or a balance (balance sheet: tangible common equity starts
    /// from total equity).
    #[schemars(with = "String")]
    pub start: Spanned<String>,
    /// For a measure over balance-sheet lines: `end` (the balance at each
    /// period's end date, the default) or `average` (the period's average
    /// balance).
    #[schemars(with = "Option<BalanceBasis>")]
    pub balance: Option<Spanned<BalanceBasis>>,
    /// Lines the definition adds, each shown as a row (of the starting
    /// line's kind: flows, or balances).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub add: Vec<Spanned<String>>,
    /// Lines the definition subtracts, each shown as a row.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub subtract: Vec<Spanned<String>>,
    /// The adjustments it excludes, in the release's order; every adjustment
    /// that reaches its lines when absent; none for `[]` (a measure defined
    /// by its lines alone, such as free cash flow).
    #[schemars(with = "Option<Vec<String>>")]
    pub adjustments: Option<Spanned<Vec<Spanned<String>>>>,
    /// Why management finds the measure useful.
    pub rationale: Option<String>,
    /// Reconcile it per share as well: `true` per diluted share, or the
    /// bases the release prints it on, `["basic", "diluted"]` (refused for
    /// a liquidity measure: C&DI 102.05). Default false.
    #[schemars(with = "Option<super::count::RawPerShare>")]
    pub per_share: Option<Spanned<super::count::RawPerShare>>,
    /// The count the per-share figure divides by, named in each period's
    /// `[period.counts]` (diluted shares and operating-partnership units, say);
    /// the weighted diluted shares when absent.
    #[schemars(with = "Option<String>")]
    pub per_share_count: Option<Spanned<String>>,
    /// Lines added to the numerator of the per-share figure: what the
    /// securities in that count earn (distributions on units, say).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub per_share_add: Vec<Spanned<String>>,
    /// The per-share figure's label as the release prints it ("Tangible
    /// book value per share"); the measure's label and "per diluted share"
    /// when absent.
    pub per_share_label: Option<String>,
    /// The GAAP per-share figure's label ("Book value per share"); the
    /// starting line's label and "per diluted share" when absent.
    pub gaap_per_share_label: Option<String>,
    /// With `per_share = ["basic", ...]`: the per-basic-share figure's
    /// label as printed; the measure's label and "per basic share" when
    /// absent (`per_share_label` is the diluted figure's).
    pub per_basic_share_label: Option<String>,
    /// The GAAP per-basic-share figure's label; the starting line's label
    /// and "per basic share" when absent.
    pub gaap_per_basic_share_label: Option<String>,
}

/// A day-count convention for annualizing a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BalanceBasis {
    /// The balance at the period's end date (an instant period of that date).
    End,
    /// The average balance over the period: as the period states it in
    /// `[period.averages]`, else the mean of the opening balance (the day
    /// before the period starts) and the closing balance.
    Average,
}

/// What a declared measure measures: C&DI 102.05 prohibits a per-share
/// liquidity measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureKind {
    /// A measure of performance (Adjusted EBITDA, non-GAAP net income): may
    /// be reconciled per share.
    Performance,
    /// A measure of liquidity (free cash flow): never per share.
    Liquidity,
}

/// One period the release reports, with its figures as printed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    /// The period's id, which must agree with its dates in the fiscal
    /// calendar: `Q3-2003`, `9M-2003`, `FY2003` for a duration (`Q1-FY2024`
    /// when the fiscal year does not end in December); the date
    /// (`2003-09-30`) for an instant.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// `duration` (a flow from `start` to `end`) or `instant` (a balance at
    /// `date`).
    #[schemars(with = "PeriodKind")]
    pub kind: Spanned<PeriodKind>,
    /// A duration's first day, YYYY-MM-DD.
    #[schemars(with = "Option<RawDate>")]
    pub start: Option<Spanned<RawDate>>,
    /// A duration's last day, YYYY-MM-DD.
    #[schemars(with = "Option<RawDate>")]
    pub end: Option<Spanned<RawDate>>,
    /// An instant's date (a balance sheet date), YYYY-MM-DD.
    #[schemars(with = "Option<RawDate>")]
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
    /// A note for the file's readers (where a figure comes from, say); not
    /// printed.
    pub note: Option<String>,
    /// Each line's figure as printed, by line item id, in the model's units:
    /// totals included, so the tie-out can check that they foot.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub values: super::RawAmounts,
    /// Weighted average common shares outstanding, in the share units, at
    /// the precision printed.
    #[schemars(with = "Option<RawShares>")]
    pub shares: Option<Spanned<RawShares>>,
    /// Net income (loss) per share as reported, in dollars.
    #[schemars(with = "Option<RawEps>")]
    pub eps: Option<Spanned<RawEps>>,
    /// The ratios' percentages as printed, by ratio id, in percent (68 for
    /// "68%"): the tie-out recomputes them.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub percentages: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// Average balances the release states for this duration period, by
    /// balance-sheet line id (`total_equity = 10250`): a measure with
    /// `balance = "average"` uses them instead of the mean of the opening
    /// and closing balances.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub averages: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// Share counts a declared measure's per-share figure may name, by name
    /// (`ffo_diluted = 10500`), in share units; a count may be the sum of
    /// others the period prints (`ffo_diluted = { sum = ["basic",
    /// "op_units"] }`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawCount>")]
    pub counts: BTreeMap<Spanned<String>, Spanned<RawCount>>,
    /// The non-GAAP figures the release prints for this period, by measure
    /// (as `--measure` names it: `net-income`, `eps-diluted`, a line, ratio
    /// or declared measure id), at the precision printed.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub non_gaap: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// The total of the adjustments the release prints in a measure's
    /// reconciliation (every row between GAAP and non-GAAP), by measure.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawAmount>")]
    pub non_gaap_adjustments: BTreeMap<Spanned<String>, Spanned<RawAmount>>,
    /// Figures of this period the release prints that do not tie (a total
    /// one off its items, an EPS computed from unrounded figures), each with
    /// the reason: keyed `<table>.<key>` (`values.total_revenues`,
    /// `eps.basic`, `shares.diluted`, `counts.ffo_diluted`, `percentages.gross_margin`,
    /// `non_gaap.eps-diluted`, `non_gaap_adjustments.pretax-income`). `check`
    /// lists each with its reason and passes; one that ties is reported.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub known_differences: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A duration (a flow from start to end) or an instant (a balance at a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodKind {
    /// A flow over time, from `start` to `end`: a quarter, nine months, a
    /// fiscal year.
    Duration,
    /// A balance at one `date`: a balance sheet date.
    Instant,
}

/// Weighted average common shares outstanding, in the share units, at the
/// precision printed ("41.7"). A release may print only one of basic and
/// diluted; at least one is needed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShares {
    /// The basic weighted average count, as printed (or a sum of named
    /// counts: `{ sum = [...] }`).
    #[schemars(with = "Option<RawCount>")]
    pub basic: Option<Spanned<RawCount>>,
    /// The diluted weighted average count, as printed (or a sum of named
    /// counts: `{ sum = ["basic", "equity_awards"] }`).
    #[schemars(with = "Option<RawCount>")]
    pub diluted: Option<Spanned<RawCount>>,
    /// The basic count non-GAAP per-share figures divide by, where the
    /// release uses one different from GAAP's.
    #[schemars(with = "Option<RawCount>")]
    pub non_gaap_basic: Option<Spanned<RawCount>>,
    /// The diluted count non-GAAP income divides by, where it differs from
    /// GAAP's: when GAAP is a loss (so diluted = basic) but non-GAAP is
    /// income, the count with the potential shares GAAP left out. An "as
    /// adjusted" count is a sum: `{ sum = ["diluted", "share_adjustment"] }`.
    #[schemars(with = "Option<RawCount>")]
    pub non_gaap_diluted: Option<Spanned<RawCount>>,
    /// The if-converted method for non-GAAP diluted EPS: convertible
    /// preferred stock treated as converted.
    #[schemars(with = "Option<RawIfConverted>")]
    pub if_converted: Option<Spanned<RawIfConverted>>,
}

/// Convertible preferred stock treated as converted for non-GAAP diluted EPS:
/// the shares it converts into join the count, and the preferred dividends
/// it would no longer be paid are added back to the numerator.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIfConverted {
    /// The common shares the preferred stock converts into, in the share
    /// units.
    #[schemars(with = "RawAmount")]
    pub shares: Spanned<RawAmount>,
    /// The preferred dividends added back to the numerator, in the model's
    /// units.
    #[schemars(with = "RawAmount")]
    pub dividends: Spanned<RawAmount>,
}

/// Net income (loss) per share as reported, in dollars.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEps {
    /// Basic EPS as printed, in dollars ("-0.04").
    #[schemars(with = "Option<RawAmount>")]
    pub basic: Option<Spanned<RawAmount>>,
    /// Diluted EPS as printed, in dollars ("-0.04").
    #[schemars(with = "Option<RawAmount>")]
    pub diluted: Option<Spanned<RawAmount>>,
    /// The company computes this quarter's EPS as year-to-date EPS less the
    /// prior year-to-date EPS (Q3 = nine months less six months), so the
    /// tie-out checks it that way.
    #[serde(default)]
    pub ytd_difference: bool,
}

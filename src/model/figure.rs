//! The figures a period reports: a line item's fact, the share counts and
//! EPS; and the ids that name figures: a line item's, a measure's. Below
//! the period, the statement and the outlook, which hold them.

use rust_decimal::Decimal;

use crate::source::Site;

/// Index of a line item in `Statement::line_items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineId(pub usize);

/// A reported figure and where it was written.
#[derive(Debug, Clone)]
pub struct Fact {
    pub value: Decimal,
    pub site: Site,
}

/// Weighted average common shares outstanding, in the entity's share
/// units, at the precision written. Not additive across periods. At least
/// one of basic and diluted is given.
#[derive(Debug, Clone)]
pub struct Shares {
    pub basic: Option<Fact>,
    pub diluted: Option<Fact>,
    /// The basic count of non-GAAP per-share figures, where it differs.
    pub non_gaap_basic: Option<Fact>,
    /// The diluted count non-GAAP income divides by, where it differs (a
    /// GAAP loss with a non-GAAP income: the potential shares GAAP left out).
    pub non_gaap_diluted: Option<Fact>,
    /// Convertible preferred treated as converted for non-GAAP diluted EPS.
    pub if_converted: Option<IfConverted>,
}

/// The if-converted method: `shares` join the non-GAAP diluted count and
/// `dividends` (money units) are added back to its numerator.
#[derive(Debug, Clone)]
pub struct IfConverted {
    pub shares: Fact,
    pub dividends: Fact,
}

/// Reported net income (loss) per share, in dollars, at the precision
/// printed; a release may print only one of the two.
#[derive(Debug, Clone)]
pub struct Eps {
    pub basic: Option<Fact>,
    pub diluted: Option<Fact>,
    /// Computed by the company as year-to-date EPS less the prior
    /// year-to-date EPS.
    pub ytd_difference: bool,
}

impl Shares {
    /// The count diluted EPS divides by: basic for a loss, because potential
    /// shares are then anti-dilutive; diluted otherwise. `None` when the
    /// release does not print that count.
    pub fn diluted_for(&self, result: Decimal) -> Option<Decimal> {
        let fact = if result < Decimal::ZERO {
            self.basic.as_ref()
        } else {
            self.diluted.as_ref()
        };
        fact.map(|f| f.value)
    }
}

/// A figure reconciled from GAAP to non-GAAP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NonGaapMeasure {
    Revenue,
    /// Gross profit, with gross margin as a percentage of revenue.
    GrossProfit,
    /// Total cost of revenues and operating expenses.
    CostsAndExpenses,
    OperatingExpenses,
    OperatingIncome,
    PretaxIncome,
    /// Income (loss) from continuing operations, after tax.
    ContinuingIncome,
    /// The bottom line: net income (loss), or income from continuing
    /// operations for a model without a net income line.
    NetIncome,
    /// The bottom line less preferred dividends: what EPS divides.
    IncomeAvailableToCommon,
    EpsBasic,
    EpsDiluted,
    /// Gross profit as a percent of revenue.
    GrossMargin,
    /// Operating income (loss) as a percent of revenue.
    OperatingMargin,
    /// The bottom line as a percent of revenue.
    NetMargin,
    /// Any line item, by id.
    Line(LineId),
    /// A ratio the model declares, by index.
    Ratio(usize),
    /// A measure the model defines, by index.
    Declared(usize),
    /// A declared measure's per-share figure alone (`<id>-per-share`).
    DeclaredPerShare(usize),
    /// A declared measure's per-basic-share figure alone
    /// (`<id>-per-basic-share`), where `per_share` names `basic`.
    DeclaredPerBasicShare(usize),
}

//! Outlook (guidance) as the model holds it: each forward period's GAAP
//! and non-GAAP ranges and the items between, as written. Checked and
//! reconciled in `crate::outlook`.

use rust_decimal::Decimal;

use crate::model::figure::NonGaapMeasure;
use crate::model::period::PeriodSpan;
use crate::source::Site;

/// Guidance for one forward period.
#[derive(Debug, Clone)]
pub struct Outlook {
    pub id: String,
    pub header: String,
    pub span: PeriodSpan,
    pub revenue: Option<Range>,
    /// The statement that the GAAP side cannot be estimated without
    /// unreasonable effort.
    pub unreasonable_efforts: Option<String>,
    pub guidance: Vec<Guidance>,
    pub site: Site,
}

/// A low and a high figure, each as printed; equal for one approximate
/// figure.
#[derive(Debug, Clone)]
pub struct Range {
    pub low: Decimal,
    pub high: Decimal,
    /// Given as "approximately": one figure.
    pub approximate: bool,
    pub site: Site,
    /// Where each end is written.
    pub ends_at: [Site; 2],
}

impl Range {
    pub(crate) fn ends(&self) -> [Decimal; 2] {
        [self.low, self.high]
    }
}

/// One measure's guidance.
#[derive(Debug, Clone)]
pub struct Guidance {
    /// As `--measure` names it.
    pub key: String,
    pub measure: NonGaapMeasure,
    pub label: Option<String>,
    pub gaap: Option<Range>,
    pub non_gaap: Option<Range>,
    pub items: Vec<Item>,
    pub site: Site,
}

/// An item between GAAP and non-GAAP.
#[derive(Debug, Clone)]
pub struct Item {
    pub adjustment: Option<(String, Site)>,
    pub label: Option<String>,
    pub range: Range,
}

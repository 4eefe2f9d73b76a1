//! Raw form of a release's outlook (`[[outlook]]` in a statements file):
//! forward-looking guidance for a period after the reported ones, each
//! measure's GAAP range reconciled to its non-GAAP range.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{RawAmount, RawDate};

/// Guidance for one forward period (a fiscal quarter or year after the
/// model's reported periods), as the release's outlook reconciles it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOutlook {
    /// The forward period's id (`Q4-2024`, `FY2025`), as for `[[period]]`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Its first day, YYYY-MM-DD.
    #[schemars(with = "RawDate")]
    pub start: Spanned<RawDate>,
    /// Its last day, YYYY-MM-DD: after every reported period.
    #[schemars(with = "RawDate")]
    pub end: Spanned<RawDate>,
    /// The column heading as the release prints it ("Fiscal Year Ending
    /// Dec. 31, 2025"); derived from the dates when absent.
    pub header: Option<String>,
    /// Revenue guidance, in the model's units: a margin's percentages are of
    /// its midpoint.
    #[schemars(with = "Option<RawRange>")]
    pub revenue: Option<Spanned<RawRange>>,
    /// The release's statement that the GAAP side of a forward-looking
    /// measure cannot be estimated without unreasonable effort (Item
    /// 10(e)(1)(i)(B)): printed under the table, and it lets guidance give a
    /// non-GAAP figure without its GAAP counterpart.
    pub unreasonable_efforts: Option<String>,
    /// A note for the file's readers; not printed.
    pub note: Option<String>,
    /// Each measure's guidance, in the release's order.
    #[serde(default)]
    pub guidance: Vec<RawGuidance>,
}

/// One measure's guidance: its GAAP range, the items between, and the
/// non-GAAP range the release prints.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGuidance {
    /// The measure, as `--measure` names it: `eps-diluted`,
    /// `operating-income`, a declared measure's id; a margin
    /// (`operating-margin`, `gross-margin`, `net-margin`) is computed from
    /// its amount's guidance in percent of the revenue guidance's midpoint.
    #[schemars(with = "String")]
    pub measure: Spanned<String>,
    /// The measure's name after "GAAP" and "Non-GAAP" in the rows ("diluted
    /// earnings per share"); the measure's generic name when absent.
    pub label: Option<String>,
    /// The GAAP figure's guidance: `{ low = "1.20", high = "1.30" }` or
    /// `{ approximately = "1.25" }`. Absent only with the outlook's
    /// `unreasonable_efforts` statement (a lint otherwise).
    #[schemars(with = "Option<RawRange>")]
    pub gaap: Option<Spanned<RawRange>>,
    /// The non-GAAP figure as the release prints it, tied to GAAP plus the
    /// items at each end within rounding; computed when absent.
    #[schemars(with = "Option<RawRange>")]
    pub non_gaap: Option<Spanned<RawRange>>,
    /// The items between GAAP and non-GAAP, in the release's order.
    #[serde(default)]
    #[schemars(with = "Vec<RawGuidanceItem>")]
    pub items: Vec<Spanned<RawGuidanceItem>>,
}

/// A low and a high figure, or one approximate figure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    /// The low end of the range, as printed.
    #[schemars(with = "Option<RawAmount>")]
    pub low: Option<Spanned<RawAmount>>,
    /// The high end of the range, as printed.
    #[schemars(with = "Option<RawAmount>")]
    pub high: Option<Spanned<RawAmount>>,
    /// A single figure the release gives as "approximately": both ends.
    #[schemars(with = "Option<RawAmount>")]
    pub approximately: Option<Spanned<RawAmount>>,
}

/// One item between a guided GAAP figure and its non-GAAP figure: an
/// adjustment's amount for the measure (one figure for both ends, or its
/// own low and high).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGuidanceItem {
    /// The adjustment's id (an adjustment file of `--adjustments`); its
    /// label is the row's unless `label` is given.
    #[schemars(with = "Option<String>")]
    pub adjustment: Option<Spanned<String>>,
    /// The row's label as the release prints it ("Income tax effect"):
    /// needed for an item no adjustment file describes.
    pub label: Option<String>,
    /// The item's amount at both ends of the range.
    #[schemars(with = "Option<RawAmount>")]
    pub amount: Option<Spanned<RawAmount>>,
    /// The item's amount at the low end, with `high`.
    #[schemars(with = "Option<RawAmount>")]
    pub low: Option<Spanned<RawAmount>>,
    /// The item's amount at the high end, with `low`.
    #[schemars(with = "Option<RawAmount>")]
    pub high: Option<Spanned<RawAmount>>,
}

//! Raw serde mirrors of the files a user edits. They keep the span of every
//! name and amount (`Spanned`) so validation can point at the text; nothing
//! here checks meaning, only shape. See `crate::model` for the checked form.

mod adjustment;
mod amount;
mod count;
mod date;
mod outlook;
mod statement;

pub use adjustment::{
    AdjustmentKind, Nature, RawAdjustment, RawExclusion, RawPerShare, RawSegmentAllocation, RawTax,
    TaxTreatment,
};
pub use amount::{
    HELP_SEPARATOR, RawAmount, RawAmounts, RawFraction, Reading, parse_amount, parse_as,
    parse_fraction, percent_as_fraction, percent_fix, rewrite,
};
pub use count::{RawCount, RawCountSum, RawPerShare as RawMeasurePerShare};
pub use date::{RawDate, days_in_month};
pub use outlook::{RawGuidance, RawGuidanceItem, RawOutlook, RawRange};
pub use statement::{
    Annualize, BalanceBasis, BridgeDirection, EpsBasis, Labels, Measure, MeasureKind, PeriodKind,
    RatioUnit, RawAllow, RawEntity, RawEps, RawHighlight, RawIfConverted, RawLineItem, RawMeasure,
    RawPeriod, RawRatio, RawShares, RawStatement, Regulator, Sign, Standard, StatementKind, Units,
};

pub use statement::RawMemo;
pub use toml::Spanned;

//! The validated statement model of one entity: line items declared once with
//! their roll-ups, periods with their facts, and adjustments. No serde here:
//! everything in this module has passed validation in `crate::load`.

mod adjustment;
mod derive;
mod figure;
mod measure;
pub mod outlook;
pub mod period;
mod segment;
mod statement;

pub use adjustment::{
    Adjustment, AdjustmentRule, Exclusion, NoncontrollingShare, PeriodIx, PublishedPerShare,
    SegmentAllocation, TaxEffect, TaxRate,
};
pub use derive::derive;
pub use figure::{Eps, Fact, IfConverted, LineId, NonGaapMeasure, Shares};
pub use measure::{
    DEFAULT_MEASURES, caption_case, claimed, is_published, release_measures, tag_name, tagged,
};
pub use period::{
    CountSum, Date, Derivation, KnownDifference, Period, PeriodHeading, PeriodKey, PeriodSpan,
    Published, PublishedFigure,
};
pub use segment::{allocated, segment_root, segment_ties, segment_totals};
pub use statement::{
    Allow, Annualization, DeclaredMeasure, Entity, Highlight, HighlightRow, LineItem, PeriodIndex,
    Presentation, Ratio, RatioTerm, RollUps, Statement, percent,
};

pub use crate::raw::{
    AdjustmentKind, Annualize, BalanceBasis, EpsBasis, Measure, MeasureKind, Nature, PeriodKind,
    RatioUnit, Sign, StatementKind, TaxTreatment, Units,
};

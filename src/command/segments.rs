//! `reconcile segments`: a measure reported by segment reconciled segment
//! by segment, then the consolidated total the segments sum to.

use super::pipeline::Kind;
use super::tables::{self, Shown};
use super::{Options, Outcome};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::model::Statement;
use crate::report;
use crate::view;

/// Loads and ties out the model, then prints the segment tables.
pub fn run(opts: &Options) -> Outcome {
    tables::run(opts, Kind::Segments, |shown: &mut Shown| {
        segment_tables(
            shown.opts,
            shown.statement,
            shown.adjustments,
            &shown.chosen,
            shown.scale,
        )
    })
}

/// `reconcile segments`: one table per segment total, the chosen periods
/// across.
fn segment_tables(
    opts: &Options,
    statement: &Statement,
    adjustments: &[crate::model::Adjustment],
    chosen: &[usize],
    scale: report::Scale,
) -> Result<Vec<report::Table>, Diagnostic> {
    if !opts.measure.is_empty() {
        return Err(Diagnostic::new(
            "--measure chooses the blocks of a reconciliation; `segments` shows every segment total",
        )
        .help("leave out --measure"));
    }
    let adjusted = engine::adjust(statement, adjustments, chosen)?;
    Ok(view::segments(statement, adjustments, &adjusted)?
        .iter()
        .map(|rec| report::segment_table(rec, &statement.entity.name, scale))
        .collect())
}

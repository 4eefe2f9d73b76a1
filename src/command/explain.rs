//! `reconcile explain MEASURE`: how a measure's figures are computed in
//! each chosen period, every input with the file and line it is written at.

use super::pipeline::{self, Kind};
use super::{Options, Outcome, shell_word};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::report::Format;

/// Loads and ties out the model, then explains `measure` in the chosen
/// periods, as text or JSON.
pub fn run(opts: &Options, measure: &str) -> Outcome {
    let (_, mut statement, adjustments) = match pipeline::load_inputs(opts, Kind::Other) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    if let Err(outcome) =
        pipeline::tie_out_or_stop(opts, Kind::Other, &statement, &adjustments, &adjuster)
    {
        return outcome;
    }
    let chosen = match crate::periods::choose_periods(&mut statement, opts.period.as_deref()) {
        Ok(chosen) => chosen,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    let explained = match opts.format {
        Format::Json => crate::explain::explain_json(&statement, &adjustments, &chosen, measure),
        Format::Text => crate::explain::explain(&statement, &adjustments, &chosen, measure),
        Format::Markdown | Format::Csv | Format::Html => {
            return Outcome::bad_input(&[Diagnostic::new(
                "`explain` prints text or json, not a table",
            )
            .help("use --format text (the default) or --format json")]);
        }
    };
    match explained {
        Ok(text) => Outcome::success(text),
        Err(d) => Outcome::bad_input(&[d.with_instead(|m| {
            let period = opts
                .period
                .as_deref()
                .map(|p| format!("--period {} ", shell_word(p)))
                .unwrap_or_default();
            format!("explain the per-share basis it prints (`reconcile explain {period}{m}`)")
        })]),
    }
}

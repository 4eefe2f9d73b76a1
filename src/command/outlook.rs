//! `reconcile outlook`: each forward period's guidance reconciled from
//! GAAP to non-GAAP, a low and a high column.

use super::pipeline::{self, Kind};
use super::{Options, Outcome, presentation};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::model::{Adjustment, Statement};
use crate::report;

/// Loads and ties out the model, then prints the outlook of the chosen
/// forward periods.
pub fn run(opts: &Options) -> Outcome {
    let (_, statement, adjustments) = match pipeline::load_inputs(opts, Kind::Other) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    if let Err(outcome) =
        pipeline::tie_out_or_stop(opts, Kind::Other, &statement, &adjustments, &adjuster)
    {
        return outcome;
    }
    outlook_tables(opts, &statement, &adjustments)
}

/// `reconcile outlook`: each forward period's guidance, low and high.
fn outlook_tables(opts: &Options, statement: &Statement, adjustments: &[Adjustment]) -> Outcome {
    if statement.outlooks.is_empty() {
        return Outcome::bad_input(&[Diagnostic::at(
            &statement.site,
            "the model has no outlook",
        )
        .help("record the release's guidance in an [[outlook]] block (see README.md, \"Outlook\")")]);
    }
    let chosen: Vec<&crate::outlook::Outlook> = match opts.period.as_deref() {
        None => statement.outlooks.iter().collect(),
        Some(spec) => {
            let mut chosen = Vec::new();
            for name in spec.split(',').map(str::trim) {
                match statement
                    .outlooks
                    .iter()
                    .find(|o| o.id.eq_ignore_ascii_case(name))
                {
                    Some(o) => chosen.push(o),
                    None => {
                        let ids: Vec<&str> =
                            statement.outlooks.iter().map(|o| o.id.as_str()).collect();
                        return Outcome::bad_input(&[Diagnostic::new(format!(
                            "the model has no outlook for `{name}`"
                        ))
                        .note(format!("forward periods with guidance: {}", ids.join(", ")))
                        .maybe_help(crate::suggest::did_you_mean(name, ids.iter().copied()))]);
                    }
                }
            }
            chosen
        }
    };
    let (format, _, scale) = presentation(opts, statement);
    let tables: Vec<report::Table> = chosen
        .iter()
        .map(|o| report::outlook_table(o, statement, adjustments, scale))
        .collect();
    match report::check_scale(&tables) {
        Ok(()) => Outcome::success(report::render(&tables, format)),
        Err(d) => Outcome::bad_input(&[d]),
    }
}

//! `reconcile prose FILE`: every figure of the release's narrative tied to
//! the model at the text's own rounding.

use std::path::Path;

use super::pipeline::{self, Kind};
use super::{Options, Outcome};
use crate::diagnostic::render_all;
use crate::model::{Adjustment, Statement};

/// Loads the model and ties the narrative in `file` to it.
pub fn run(opts: &Options, file: &Path) -> Outcome {
    let (path, statement, adjustments) = match pipeline::load_inputs(opts, Kind::Other) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    prose_model(opts, &path, &statement, &adjustments, file)
}

/// `reconcile prose FILE`: each figure of the narrative tied, or listed
/// with the nearest candidates (exit 1); prominence warnings.
fn prose_model(
    opts: &Options,
    path: &Path,
    statement: &Statement,
    adjustments: &[Adjustment],
    file: &Path,
) -> Outcome {
    match crate::prose::run(path, statement, adjustments, file, opts.deny_warnings) {
        Ok((stdout, findings, warnings)) => {
            let mut stderr = String::new();
            if !findings.is_empty() {
                stderr.push_str(&render_all(&findings, "findings"));
            }
            if !warnings.is_empty() {
                if !stderr.is_empty() {
                    stderr.push('\n');
                }
                stderr.push_str(&render_all(&warnings, "warnings"));
            }
            let failed = !findings.is_empty() || (opts.deny_warnings && !warnings.is_empty());
            let mut diagnostics = findings;
            diagnostics.extend(warnings);
            Outcome {
                stdout,
                stderr,
                code: u8::from(failed),
                diagnostics,
                figures: Vec::new(),
            }
        }
        Err(diagnostics) => Outcome::bad_input(&diagnostics),
    }
}

//! `reconcile import FACTS`: a statements file written (or filled) from a
//! company's filed XBRL facts.

use std::path::Path;

use super::{Options, Outcome};

/// Imports `quarters` quarters of `facts` into the statements file.
pub fn run(
    opts: &Options,
    facts: &Path,
    quarters: usize,
    prefer: Option<crate::import::Prefer>,
) -> Outcome {
    let done = crate::import::run(
        facts,
        &opts.statements,
        opts.entity.as_deref(),
        quarters,
        prefer,
    );
    if !done.errors.is_empty() {
        return Outcome::bad_input(&done.errors);
    }
    if !done.findings.is_empty() {
        return Outcome::findings(&done.findings);
    }
    Outcome::success(done.stdout)
}

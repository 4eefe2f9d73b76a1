//! `reconcile statements`: the release's own tables (statement of
//! operations, balance sheet, highlights) from the statement model, GAAP
//! only.

use super::pipeline::Kind;
use super::tables::{self, Shown};
use super::{Options, Outcome};
use crate::diagnostic::Diagnostic;
use crate::report;

/// Loads and ties out the statements, then prints their tables.
pub fn run(opts: &Options) -> Outcome {
    tables::run(opts, Kind::Statements, statement_tables)
}

/// The statement tables of the chosen periods.
fn statement_tables(shown: &mut Shown) -> Result<Vec<report::Table>, Diagnostic> {
    report::statement_tables(shown.statement, shown.periods, shown.units)
}

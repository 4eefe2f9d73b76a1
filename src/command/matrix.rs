//! `reconcile matrix`: the adjusted statement of operations of each
//! period, lines down; GAAP, each adjustment, income tax and non-GAAP
//! across.

use super::pipeline::Kind;
use super::tables::{self, Shown};
use super::{Options, Outcome};
use crate::diagnostic::Diagnostic;
use crate::report;
use crate::view;

/// Loads and ties out the model, then prints the matrix of each chosen
/// period.
pub fn run(opts: &Options) -> Outcome {
    tables::run(opts, Kind::Matrix, matrix_tables)
}

/// One matrix table per chosen period.
fn matrix_tables(shown: &mut Shown) -> Result<Vec<report::Table>, Diagnostic> {
    shown
        .chosen
        .iter()
        .map(|&p| {
            let adjusted = shown.adjuster.adjust(&[p])?;
            let matrix = view::matrix(shown.statement, &adjusted)?;
            Ok(report::matrix_table(&matrix, shown.scale))
        })
        .collect::<Result<Vec<_>, Diagnostic>>()
}

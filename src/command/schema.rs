//! `reconcile schema`: the JSON Schema of a statements or an adjustment
//! file, or with `--format markdown` the file-format reference written
//! from it.

use clap::ValueEnum;

use super::Outcome;

/// The files `reconcile schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// statements/<entity>.toml
    Statements,
    /// adjustments/<id>.toml
    Adjustment,
}

/// The schema of `file`, or its reference in Markdown.
pub fn run(file: SchemaFile, markdown: bool) -> Outcome {
    Outcome::success(match (file, markdown) {
        (SchemaFile::Statements, false) => crate::schema::statements(),
        (SchemaFile::Adjustment, false) => crate::schema::adjustment(),
        (SchemaFile::Statements, true) => crate::reference::statements(),
        (SchemaFile::Adjustment, true) => crate::reference::adjustment(),
    })
}

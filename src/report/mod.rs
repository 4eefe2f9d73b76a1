//! Rendering: one table model (rows and columns, figures unrounded) built
//! once from a reconciliation, then drawn by a renderer. Units and precision
//! belong here, not to the model.

pub mod number;
mod reconciliation;
mod text;

use rust_decimal::Decimal;

pub use reconciliation::reconciliation_table;
pub use text::render_text;

/// A table as an earnings release prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Centered lines above the table: entity, title, units.
    pub title: Vec<String>,
    /// One header per column, as the release prints it.
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Footnotes, printed in order under the table.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    /// Indentation level of the label.
    pub indent: usize,
    pub style: RowStyle,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    /// An empty line between blocks.
    Blank,
    /// A label with no figures.
    Heading,
    Detail,
    /// The first row of a block: money figures carry a dollar sign.
    First,
    /// A total: money figures carry a dollar sign.
    Total,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Money in the table's units, shown with `places` decimals.
    Money(Decimal),
    /// Dollars per share, two decimals.
    PerShare(Decimal),
    /// A share count, whole units.
    Shares(Decimal),
    /// A percentage in whole percent, as releases print margins: "68%".
    Percent(Decimal),
    Text(String),
    Empty,
}

impl Row {
    pub fn blank() -> Row {
        Row {
            label: String::new(),
            indent: 0,
            style: RowStyle::Blank,
            cells: Vec::new(),
        }
    }

    pub fn heading(label: impl Into<String>) -> Row {
        Row {
            label: label.into(),
            indent: 0,
            style: RowStyle::Heading,
            cells: Vec::new(),
        }
    }

    pub fn figures(
        label: impl Into<String>,
        indent: usize,
        style: RowStyle,
        cells: Vec<Cell>,
    ) -> Row {
        Row {
            label: label.into(),
            indent,
            style,
            cells,
        }
    }
}

impl Cell {
    /// The figure as printed: rounded half away from zero for presentation.
    pub fn shown(&self, dollar: bool) -> String {
        match self {
            Cell::Money(v) => number::format(*v, 0, dollar),
            Cell::PerShare(v) => number::format(*v, 2, dollar),
            Cell::Shares(v) => number::format(*v, 0, false),
            Cell::Percent(v) => format!("{}%", number::format(*v, 0, false)),
            Cell::Text(text) => text.clone(),
            Cell::Empty => String::new(),
        }
    }
}

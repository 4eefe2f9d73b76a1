//! Markdown rendering: a pipe table with right-aligned figure columns,
//! readable in a pull request comment, then the notes.

use super::{RowStyle, Table};

pub fn render(table: &Table) -> String {
    let mut out = String::new();
    for line in &table.title {
        out.push_str(&format!("**{}**  \n", escape(line)));
    }
    out.push_str(&format!("{}\n\n", escape(&table.units_line())));
    out.push('|');
    out.push_str(" |");
    for column in &table.columns {
        let derived = if column.derived.is_some() {
            " (derived)"
        } else {
            ""
        };
        out.push_str(&format!(" {}{derived} |", escape(&column.header)));
    }
    out.push_str("\n|:---|");
    for _ in &table.columns {
        out.push_str("---:|");
    }
    out.push('\n');
    for row in &table.rows {
        let indent = "&nbsp;&nbsp;".repeat(row.indent);
        let label = match row.style {
            // Totals stay plain: a non-GAAP total may not outshine the
            // GAAP figure it is reconciled from.
            RowStyle::Heading => format!("**{}**", escape(&row.label)),
            _ => escape(&row.label),
        };
        out.push_str(&format!("| {indent}{label} |"));
        for col in 0..table.columns.len() {
            let shown = row
                .cells
                .get(col)
                .map(|c| c.shown(row.dollar(), &table.scale))
                .unwrap_or_default();
            out.push_str(&format!(" {} |", escape(&shown)));
        }
        out.push('\n');
    }
    if !table.notes.is_empty() {
        out.push('\n');
        for note in &table.notes {
            out.push_str(&format!("{}\n\n", escape(note)));
        }
        out.pop();
    }
    out
}

/// Keeps a table cell a cell: pipes are escaped, and characters Markdown
/// would read as emphasis, a link or math (`$`) are escaped too.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '[' | ']' | '<' | '>' | '\\' | '`' | '$'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

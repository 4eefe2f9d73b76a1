//! CSV rendering for a spreadsheet: a header row, then one row per line of
//! the table and one column per period. Figures are plain numbers, rounded
//! as printed: no thousands separators, parentheses or dollar signs, and a
//! minus sign for negatives.

use super::{RowStyle, Table};

pub fn render(table: &Table) -> String {
    let mut out = String::new();
    // The units line heads the label column: "(In thousands, except per
    // share data)", so tables in different units stay apart.
    let mut header = vec![field(&table.units_line())];
    for column in &table.columns {
        let derived = if column.derived.is_some() {
            " (derived)"
        } else {
            ""
        };
        header.push(field(&format!("{}{derived}", column.header)));
    }
    out.push_str(&header.join(","));
    out.push('\n');
    for row in &table.rows {
        if row.style == RowStyle::Blank {
            continue;
        }
        let mut fields = vec![field(&row.label)];
        for col in 0..table.columns.len() {
            let value = match row.cells.get(col) {
                Some(cell) => cell
                    .plain_text(&table.scale)
                    .unwrap_or_else(|| cell.shown(false, &table.scale)),
                None => String::new(),
            };
            fields.push(field(&value));
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(field("Sept. 30, 2003"), "\"Sept. 30, 2003\"");
        assert_eq!(field("a \"b\""), "\"a \"\"b\"\"\"");
        assert_eq!(field("-5172"), "-5172");
    }
}

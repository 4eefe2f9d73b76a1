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

/// A CSV field, quoted when it holds a comma, a quote or a line break. Text
/// a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return and is not a number) gets a leading `'`, so a
/// label from a file can never execute.
fn field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && rust_decimal::Decimal::from_str_exact(text).is_err();
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
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

    #[test]
    fn text_a_spreadsheet_would_run_is_defused_but_numbers_are_not() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("+1+1"), "'+1+1");
        assert_eq!(field("-0.07"), "-0.07");
        assert_eq!(field("-"), "'-");
    }
}

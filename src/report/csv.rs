//! CSV rendering for a spreadsheet: a header row, then one row per line of
//! the table and one column per period. Figures are plain numbers, rounded
//! as printed: no thousands separators, parentheses or dollar signs, and a
//! minus sign for negatives. The `csv` crate writes the records, quoting a
//! field only when RFC 4180 needs it (a comma, a quote or a line break),
//! with `\n` between records.

use std::borrow::Cow;

use super::{RowStyle, Table};

pub fn render(table: &Table) -> String {
    // The units line heads the label column: "(In thousands, except per
    // share data)", so tables in different units stay apart.
    let mut header = vec![table.units_line()];
    for column in &table.columns {
        let derived = if column.derived.is_some() {
            " (derived)"
        } else {
            ""
        };
        header.push(format!("{}{derived}", column.header));
    }
    let mut records = vec![header];
    for row in &table.rows {
        if row.style == RowStyle::Blank {
            continue;
        }
        let mut fields = vec![row.label.clone()];
        for col in 0..table.columns.len() {
            fields.push(match row.cells.get(col) {
                Some(cell) => cell
                    .plain_text(&table.scale)
                    .unwrap_or_else(|| cell.shown(false, &table.scale)),
                None => String::new(),
            });
        }
        records.push(fields);
    }
    write(&records)
}

/// The records as CSV, each field defused, each record ending in `\n`.
fn write(records: &[Vec<String>]) -> String {
    // Writing `&str` fields into memory fails only on a record of another
    // length, which `flexible` allows (every record here has the label and
    // one field per column anyway); the bytes are UTF-8.
    try_write(records)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

fn try_write(records: &[Vec<String>]) -> ::csv::Result<Vec<u8>> {
    let mut writer = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Necessary)
        .terminator(::csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    for record in records {
        writer.write_record(record.iter().map(|field| defuse(field).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))
}

/// Text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return and is not a number) gets a leading `'`,
/// so a label from a file can never execute.
fn defuse(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && rust_decimal::Decimal::from_str_exact(text).is_err();
    if formula {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One field as a record of its own, without the terminator.
    fn field(text: &str) -> String {
        let line = write(&[vec![text.to_string()]]);
        line.strip_suffix('\n').unwrap_or(&line).to_string()
    }

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(field("Sept. 30, 2003"), "\"Sept. 30, 2003\"");
        assert_eq!(field("a \"b\""), "\"a \"\"b\"\"\"");
        assert_eq!(field("-5172"), "-5172");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("a\rb"), "\"a\rb\"");
        assert_eq!(field("plain text"), "plain text");
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_defused_but_numbers_are_not() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("+1+1"), "'+1+1");
        assert_eq!(field("-0.07"), "-0.07");
        assert_eq!(field("-"), "'-");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
    }

    #[test]
    fn records_end_in_a_newline_not_crlf() {
        let out = write(&[
            vec!["(In thousands)".to_string(), "Q3, 2003".to_string()],
            vec!["Net income".to_string(), "-5172".to_string()],
            vec!["Empty".to_string(), String::new()],
        ]);
        assert_eq!(
            out,
            "(In thousands),\"Q3, 2003\"\nNet income,-5172\nEmpty,\n"
        );
    }
}

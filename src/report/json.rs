//! JSON rendering for programs. Keys come in a fixed order, so the same
//! input gives the same bytes. Every figure carries its exact value in model
//! units as a decimal string (`value`), the value rounded as printed
//! (`rounded`) and the printed text (`shown`). `schema_version` changes
//! whenever the shape does; README.md documents the shape.

use super::{Cell, RowStyle, Table};
use crate::model::{PeriodSpan, Units};

/// The version of the JSON shape.
pub const SCHEMA_VERSION: u32 = 1;

pub fn render(tables: &[Table]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tables\": ["
    ));
    for (t, table) in tables.iter().enumerate() {
        out.push_str(if t == 0 { "\n" } else { ",\n" });
        table_json(table, &mut out);
    }
    out.push_str(if tables.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

fn table_json(table: &Table, out: &mut String) {
    let list = |items: &[String]| {
        items
            .iter()
            .map(|s| string(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str("    {\n");
    out.push_str(&format!("      \"title\": [{}],\n", list(&table.title)));
    out.push_str(&format!(
        "      \"units\": {{\"model\": {}, \"shown\": {}, \"line\": {}, \"per_share\": \"dollars\", \"shares\": {}}},\n",
        string(units(table.scale.model)),
        string(units(table.scale.shown)),
        string(&table.units_line()),
        string(units(table.scale.shares)),
    ));
    out.push_str("      \"periods\": [");
    for (i, column) in table.columns.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let (kind, dates) = match column.span {
            None => ("figure", String::new()),
            Some(PeriodSpan::Duration { start, end }) => (
                "duration",
                format!(
                    "\"start\": {}, \"end\": {}, ",
                    string(&start.to_string()),
                    string(&end.to_string())
                ),
            ),
            Some(PeriodSpan::Instant { date }) => (
                "instant",
                format!("\"date\": {}, ", string(&date.to_string())),
            ),
        };
        out.push_str(&format!(
            "        {{\"id\": {}, \"kind\": \"{kind}\", {dates}\"header\": {}, \"derived\": {}}}",
            string(&column.id),
            string(&column.header),
            column.derived.as_deref().map_or("null".to_string(), string)
        ));
    }
    out.push_str(if table.columns.is_empty() {
        "],\n"
    } else {
        "\n      ],\n"
    });
    out.push_str("      \"rows\": [");
    let rows: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.style != RowStyle::Blank)
        .collect();
    for (i, row) in rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let style = match row.style {
            RowStyle::Blank => "blank",
            RowStyle::Heading => "heading",
            RowStyle::Detail => "detail",
            RowStyle::First => "first",
            RowStyle::Total => "total",
        };
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| {
                let shown = string(&cell.shown(row.dollar(), &table.scale));
                match (kind(cell), cell.exact(), cell.plain_text(&table.scale)) {
                    (kind, Some(value), Some(rounded)) => format!(
                        "{{\"type\": \"{kind}\", \"value\": {}, \"rounded\": {}, \"shown\": {shown}}}",
                        string(&value.to_string()),
                        string(&rounded)
                    ),
                    (kind, _, _) => format!("{{\"type\": \"{kind}\", \"shown\": {shown}}}"),
                }
            })
            .collect();
        out.push_str(&format!(
            "        {{\"label\": {}, \"style\": \"{style}\", \"indent\": {}, \"cells\": [{}]}}",
            string(&row.label),
            row.indent,
            cells.join(", ")
        ));
    }
    out.push_str(if rows.is_empty() {
        "],\n"
    } else {
        "\n      ],\n"
    });
    out.push_str(&format!("      \"notes\": [{}]\n", list(&table.notes)));
    out.push_str("    }");
}

fn kind(cell: &Cell) -> &'static str {
    match cell {
        Cell::Money(_) => "money",
        Cell::PerShare(_) => "per_share",
        Cell::Shares(_) => "shares",
        Cell::Percent(..) => "percent",
        Cell::Text(_) => "text",
        Cell::Empty => "empty",
    }
}

fn units(units: Units) -> &'static str {
    match units {
        Units::Units => "units",
        Units::Thousands => "thousands",
        Units::Millions => "millions",
    }
}

/// A JSON string literal.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a \"b\"\\\n\u{1}"), "\"a \\\"b\\\"\\\\\\n\\u0001\"");
    }
}

//! JSON rendering for programs. The document is built from `Serialize`
//! structs and written by `serde_json`, so escaping and structure are valid
//! JSON by construction. Keys come in a fixed order (the order of each
//! struct's fields), so the same input gives the same bytes; the layout is
//! `serde_json`'s pretty form (two-space indent), then a newline. Every
//! figure carries the exact figure computed from the model in model units
//! as a decimal string (`value`, and again as `computed`), never a JSON
//! number; the release's own figure where the model records one
//! (`published`, else `null`); the figure shown rounded as printed
//! (`rounded`) and the printed text (`shown`). Rows carry stable keys
//! (`measure`, `kind`, `adjustment`, `line`, `side`) and cells their
//! `period`. `schema_version` changes whenever the
//! shape (keys, their order, types or meaning) does; a change of layout
//! alone, such as the move to `serde_json`'s pretty form, leaves it as it
//! is. README.md documents the shape.

use serde::Serialize;

use super::{Cell, ColumnHead, Row, RowStyle, Table};
use crate::model::{PeriodSpan, Units};

/// The version of the JSON shape.
pub const SCHEMA_VERSION: u32 = 3;

pub fn render(tables: &[Table]) -> String {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        reconcile: crate::version::VERSIONS,
        tables: tables.iter().map(table_json).collect(),
    };
    // Serializing structs of strings, numbers and options into memory has
    // no way to fail.
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    /// The tool's version and the file format's.
    reconcile: crate::version::Versions,
    tables: Vec<TableJson<'a>>,
}

#[derive(Serialize)]
struct TableJson<'a> {
    title: &'a [String],
    units: UnitsJson,
    periods: Vec<PeriodJson<'a>>,
    rows: Vec<RowJson<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct UnitsJson {
    model: &'static str,
    shown: &'static str,
    line: String,
    per_share: &'static str,
    shares: &'static str,
}

/// A column: `start` and `end` for a duration, `date` for an instant,
/// neither for a matrix figure.
#[derive(Serialize)]
struct PeriodJson<'a> {
    id: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    header: &'a str,
    derived: Option<&'a str>,
}

/// A row: its label and layout, then the stable keys of what it is.
#[derive(Serialize)]
struct RowJson<'a> {
    label: &'a str,
    style: &'static str,
    indent: usize,
    measure: Option<&'a str>,
    kind: &'static str,
    adjustment: Option<&'a str>,
    line: Option<&'a str>,
    side: Option<&'static str>,
    cells: Vec<CellJson<'a>>,
}

/// A cell: figures carry `value` and `rounded`, text cells `shown` only;
/// every cell its `period` (and, in a matrix, its `column`); figures the
/// computed figure and the release's. Decimals are strings, exactly as
/// `Decimal` writes them.
#[derive(Serialize)]
struct CellJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounded: Option<String>,
    shown: String,
    period: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'a str>,
    /// Figures only: the computed figure (as `value`; `null` where the
    /// model cannot compute it) and the release's, `null` when none is
    /// recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    computed: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<Option<String>>,
}

/// A table as its JSON object: title, units, periods, rows, notes.
fn table_json(table: &Table) -> TableJson<'_> {
    TableJson {
        title: &table.title,
        units: UnitsJson {
            model: units(table.scale.model),
            shown: units(table.scale.shown),
            line: table.units_line(),
            per_share: "dollars",
            shares: units(table.scale.shares),
        },
        periods: table.columns.iter().map(period_json).collect(),
        rows: table
            .rows
            .iter()
            .filter(|r| r.style != RowStyle::Blank)
            .map(|row| row_json(table, row))
            .collect(),
        notes: &table.notes,
    }
}

/// A column as a period: a figure column, a duration or an instant.
fn period_json(column: &ColumnHead) -> PeriodJson<'_> {
    let (kind, start, end, date) = match column.span {
        None => ("figure", None, None, None),
        Some(PeriodSpan::Duration { start, end }) => (
            "duration",
            Some(start.to_string()),
            Some(end.to_string()),
            None,
        ),
        Some(PeriodSpan::Instant { date }) => ("instant", None, None, Some(date.to_string())),
    };
    PeriodJson {
        id: &column.id,
        kind,
        start,
        end,
        date,
        header: &column.header,
        derived: column.derived.as_deref(),
    }
}

/// A row as JSON: its label, style, key and cells.
fn row_json<'a>(table: &'a Table, row: &'a Row) -> RowJson<'a> {
    RowJson {
        label: &row.label,
        style: match row.style {
            RowStyle::Blank => "blank",
            RowStyle::Heading => "heading",
            RowStyle::Detail => "detail",
            RowStyle::First => "first",
            RowStyle::Total => "total",
        },
        indent: row.indent,
        measure: row.key.measure.as_deref(),
        kind: row.key.kind,
        adjustment: row.key.adjustment.as_deref(),
        line: row.key.line.as_deref(),
        side: row.key.side,
        cells: row
            .cells
            .iter()
            .enumerate()
            .map(|(i, cell)| cell_json(table, row, i, cell))
            .collect(),
    }
}

/// The `i`th cell of a row as JSON: figures carry the computed figure
/// (`None` inside where the model cannot compute it), rounded as shown, and
/// the release's.
fn cell_json<'a>(table: &'a Table, row: &Row, i: usize, cell: &Cell) -> CellJson<'a> {
    let source = row.sources.get(i).copied().unwrap_or_default();
    let (computed, rounded) = match (cell.exact(), cell.plain_text(&table.scale)) {
        (Some(shown), Some(rounded)) => {
            let computed = source.computed.map_or(shown, zero);
            (
                Some((!source.uncomputed).then(|| computed.to_string())),
                Some(rounded),
            )
        }
        _ => (None, None),
    };
    let column = table.columns.get(i).map(|c| c.id.as_str());
    let (period, column) = match &table.period {
        Some(period) => (period.as_str(), column),
        None => (column.unwrap_or_default(), None),
    };
    CellJson {
        kind: kind(cell),
        value: computed.clone(),
        rounded,
        shown: cell.shown(row.dollar(), &table.scale),
        period,
        column,
        published: computed
            .as_ref()
            .map(|_| source.published.map(|p| p.to_string())),
        computed,
    }
}

/// A zero is "0", never "-0".
fn zero(value: rust_decimal::Decimal) -> rust_decimal::Decimal {
    if value.is_zero() {
        rust_decimal::Decimal::ZERO
    } else {
        value
    }
}

fn kind(cell: &Cell) -> &'static str {
    match cell {
        Cell::Money(_) => "money",
        Cell::PerShare(_) => "per_share",
        Cell::Shares(_) => "shares",
        Cell::Percent(..) => "percent",
        Cell::Number(..) => "number",
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

#[cfg(test)]
mod tests {
    use super::super::{ColumnHead, Row, Scale};
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn table(label: &str) -> Table {
        Table {
            title: vec!["a \"quoted\" title".to_string()],
            scale: Scale::model(Units::Thousands),
            columns: vec![ColumnHead {
                id: "GAAP".to_string(),
                header: "GAAP".to_string(),
                derived: None,
                span: None,
            }],
            period: Some("Q1-2024".to_string()),
            per_share: false,
            rows: vec![
                Row::blank(),
                Row::figures(
                    label,
                    1,
                    RowStyle::Total,
                    vec![Cell::Money(Decimal::from_str("-5172.000").unwrap())],
                ),
            ],
            notes: Vec::new(),
        }
    }

    #[test]
    fn text_round_trips_through_a_json_parser() {
        let label = "a \"b\"\\\n\r\t\u{1}\u{8}\u{c}\u{1f}\u{7f} é ∑";
        let out = render(&[table(label)]);
        assert!(out.ends_with("}\n"), "{out}");
        let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let row = &value["tables"][0]["rows"][0];
        assert_eq!(row["label"], label);
        assert_eq!(value["tables"][0]["title"][0], "a \"quoted\" title");
        assert!(
            out.contains(r#""label": "a \"b\"\\\n\r\t\u0001\b\f\u001f"#),
            "{out}"
        );
    }

    #[test]
    fn decimals_stay_exact_strings_and_keys_keep_their_order() {
        let out = render(&[table("Non-GAAP")]);
        let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let cell = &value["tables"][0]["rows"][0]["cells"][0];
        assert_eq!(cell["value"], "-5172.000");
        assert_eq!(cell["rounded"], "-5172");
        assert_eq!(cell["shown"], "$(5,172)");
        let at = |key: &str| out.find(&format!("\"{key}\":")).expect(key);
        assert!(at("schema_version") < at("tables"));
        assert!(at("title") < at("units") && at("units") < at("periods"));
        assert!(at("periods") < at("rows") && at("rows") < at("notes"));
        // "shown" first appears in "units"; the cell's keys follow "cells".
        let cell = &out[at("cells")..];
        let at = |key: &str| cell.find(&format!("\"{key}\":")).expect(key);
        assert!(at("type") < at("value") && at("value") < at("rounded"));
        assert!(at("rounded") < at("shown"));
        assert!(out.contains("\"derived\": null"), "{out}");
        assert!(
            !out.contains("\"start\""),
            "a matrix column has no dates: {out}"
        );
    }

    #[test]
    fn no_tables_is_an_empty_list() {
        assert_eq!(
            render(&[]),
            format!(
                "{{\n  \"schema_version\": 3,\n  \"reconcile\": {{\n    \"version\": \"{}\",\n    \"file_format\": \"{}\"\n  }},\n  \"tables\": []\n}}\n",
                crate::version::TOOL,
                crate::version::FILE_FORMAT
            )
        );
    }
}

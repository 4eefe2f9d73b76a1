//! HTML rendering: the tables as one self-contained document within what
//! EDGAR accepts for an exhibit. HTML 4.01 tags with inline styles only; no
//! scripts, links, images or fonts of its own; ASCII only, every other
//! character written as an entity. Laid out as a release prints: figures
//! right-aligned, a closing parenthesis hanging in a cell of its own (so
//! negatives and positives line up), dollar signs in a cell of their own on
//! first and total rows, a single rule over subtotals and totals, a double
//! rule under totals, each period's heading over its three cells.

use super::{Row, RowStyle, Table};

const RULE: &str = "1px solid #000000";
const DOUBLE: &str = "3px double #000000";

/// The tables as one HTML document, ending with a newline.
pub fn render(tables: &[Table]) -> String {
    let title = tables
        .first()
        .and_then(|t| t.title.first())
        .map_or("Exhibit", String::as_str);
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n",
    );
    out.push_str(&format!("<title>{}</title>\n</head>\n", escape(title)));
    out.push_str(
        "<body style=\"font-family: 'Times New Roman', Times, serif; font-size: 10pt; color: #000000; background-color: #ffffff\">\n",
    );
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            out.push_str("<div style=\"height: 24pt\">&nbsp;</div>\n");
        }
        write_table(&mut out, table);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn write_table(out: &mut String, table: &Table) {
    out.push_str("<div>\n");
    for (i, line) in table.title.iter().enumerate() {
        let weight = if i < 2 { "; font-weight: bold" } else { "" };
        out.push_str(&format!(
            "<p style=\"margin: 0; text-align: center{weight}\">{}</p>\n",
            escape(line)
        ));
    }
    out.push_str(&format!(
        "<p style=\"margin: 0 0 8pt 0; text-align: center\">{}</p>\n",
        escape(&table.units_line())
    ));
    out.push_str(
        "<table cellspacing=\"0\" cellpadding=\"0\" border=\"0\" style=\"width: 100%; border-collapse: collapse; font-size: 10pt\">\n",
    );
    let columns = table.columns.len();
    // The headings: each period over its dollar, figure and parenthesis
    // cells, its closing date on a line of its own. The labels take what the
    // columns leave, so with few columns a dollar sign stays near its figure
    // (about 15% of the width a column, the labels at least 46%).
    let label_width = 100usize.saturating_sub(15 * columns).max(46);
    out.push_str(&format!(
        "<tr>\n<td style=\"width: {label_width}%; vertical-align: bottom\">&nbsp;</td>\n"
    ));
    for column in &table.columns {
        let mut lines: Vec<String> = match super::text::split_date(&column.header) {
            Some((prefix, date)) => vec![prefix, date],
            None => vec![column.header.clone()],
        };
        if column.derived.is_some() {
            lines.push("(derived)".to_string());
        }
        let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
        out.push_str(&format!(
            "<td colspan=\"3\" style=\"padding-left: 12pt; text-align: center; vertical-align: bottom; font-weight: bold; border-bottom: {RULE}\">{}</td>\n",
            lines.join("<br>")
        ));
    }
    out.push_str("</tr>\n");
    for (i, row) in table.rows.iter().enumerate() {
        match row.style {
            RowStyle::Blank => out.push_str(&format!(
                "<tr>\n<td colspan=\"{}\" style=\"height: 10pt\">&nbsp;</td>\n</tr>\n",
                1 + 3 * columns
            )),
            RowStyle::Heading => out.push_str(&format!(
                "<tr>\n<td colspan=\"{}\" style=\"vertical-align: bottom; padding-left: {}pt\">{}</td>\n</tr>\n",
                1 + 3 * columns,
                10 * row.indent,
                escape(&row.label)
            )),
            _ => write_row(out, table, row, ruled_over(table, i), ruled_under(row)),
        }
    }
    out.push_str("</table>\n");
    for note in &table.notes {
        out.push_str(&format!(
            "<p style=\"margin: 6pt 0 0 0; font-size: 8pt; text-align: left\">{}</p>\n",
            escape(note)
        ));
    }
    out.push_str("</div>\n");
}

/// A subtotal or total: a single rule over its figures. A total, or a
/// "Total ..." row below figures of its block.
fn ruled_over(table: &Table, i: usize) -> bool {
    let row = &table.rows[i];
    if row.cells.is_empty() || i == 0 {
        return false;
    }
    let above = &table.rows[i - 1];
    let figures_above = !above.cells.is_empty() && above.style != RowStyle::Blank;
    match row.style {
        RowStyle::Total => figures_above,
        RowStyle::Detail => figures_above && row.label.trim_start().starts_with("Total"),
        _ => false,
    }
}

/// A total: a double rule under its figures.
fn ruled_under(row: &Row) -> bool {
    row.style == RowStyle::Total && !row.cells.is_empty()
}

fn write_row(out: &mut String, table: &Table, row: &Row, over: bool, under: bool) {
    let indent = 10 * row.indent;
    // A long label hangs: its second line indented under the first.
    out.push_str(&format!(
        "<tr>\n<td style=\"vertical-align: bottom; padding-left: {}pt; text-indent: -10pt\">{}</td>\n",
        indent + 10,
        escape(&row.label)
    ));
    let mut borders = String::new();
    if over {
        borders.push_str(&format!("; border-top: {RULE}"));
    }
    if under {
        borders.push_str(&format!("; border-bottom: {DOUBLE}"));
    }
    for col in 0..table.columns.len() {
        let shown = row
            .cells
            .get(col)
            .map(|c| c.shown(row.dollar(), &table.scale))
            .unwrap_or_default();
        let (dollar, figure, hang) = split_figure(&shown);
        out.push_str(&format!(
            "<td style=\"padding-left: 12pt; text-align: left; vertical-align: bottom{borders}\">{}</td>\n",
            or_space(&escape(dollar))
        ));
        out.push_str(&format!(
            "<td style=\"text-align: right; vertical-align: bottom; white-space: nowrap{borders}\">{}</td>\n",
            or_space(&escape(figure))
        ));
        out.push_str(&format!(
            "<td style=\"width: 8pt; text-align: left; vertical-align: bottom{borders}\">{}</td>\n",
            or_space(&escape(hang))
        ));
    }
    out.push_str("</tr>\n");
}

fn or_space(text: &str) -> &str {
    if text.is_empty() { "&nbsp;" } else { text }
}

/// A printed figure in its three cells: the dollar sign, the figure, and
/// what hangs to its right (a closing parenthesis or a percent sign), so
/// every figure of a column ends on the same edge.
pub fn split_figure(shown: &str) -> (&str, &str, &str) {
    let (dollar, rest) = match shown.strip_prefix('$') {
        Some(rest) => ("$", rest),
        None => ("", shown),
    };
    let looks_figure =
        rest.starts_with('(') || rest.bytes().next().is_some_and(|b| b.is_ascii_digit());
    if looks_figure {
        for hang in [")", "%)", "%"] {
            if let Some(figure) = rest.strip_suffix(hang) {
                return (dollar, figure, hang);
            }
        }
    }
    (dollar, rest, "")
}

/// Text as ASCII HTML: markup characters and every character outside
/// printable ASCII as entities; control characters dropped, line breaks
/// as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' | '\r' => out.push(' '),
            ' '..='~' => out.push(c),
            c if c.is_control() => {}
            // The tool's own note marks never reach a renderer settled;
            // anything else is an entity.
            c => out.push_str(&format!("&#{};", c as u32)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_split_into_dollar_figure_and_hanging_parenthesis() {
        assert_eq!(split_figure("$(5,172)"), ("$", "(5,172", ")"));
        assert_eq!(split_figure("$101"), ("$", "101", ""));
        assert_eq!(split_figure("(0.07)"), ("", "(0.07", ")"));
        assert_eq!(split_figure("68%"), ("", "68", "%"));
        assert_eq!(split_figure("-"), ("", "-", ""));
        assert_eq!(split_figure("n/a (see note)"), ("", "n/a (see note)", ""));
    }

    #[test]
    fn escape_is_ascii_with_entities() {
        assert_eq!(
            escape("R&D <net> \"x\""),
            "R&amp;D &lt;net&gt; &quot;x&quot;"
        );
        assert_eq!(
            escape("Caf\u{e9} \u{2014} \u{20ac}"),
            "Caf&#233; &#8212; &#8364;"
        );
        assert!(escape("a\u{7}b").is_ascii());
    }
}

//! Text rendering of a table, aligned like an earnings release: labels on the
//! left, figures right-aligned in columns, headers wrapped above them, notes
//! below. No trailing spaces; ends with a newline.

use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::Table;

/// Display width: CJK characters take two columns, combining accents none.
fn width(text: &str) -> usize {
    // Printable ASCII, as figures are: one column a byte.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    UnicodeWidthStr::width(text)
}

/// Appends `n` spaces.
fn pad(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > 0 {
        let step = n.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        n -= step;
    }
}

/// Columns are at least this wide, so headers wrap to two lines like
/// "Nine Months Ended" / "Sept. 30, 2003".
const MIN_COLUMN: usize = 18;
const GAP: usize = 2;
const NOTE_WIDTH: usize = 100;

/// A table as aligned text: title, wrapped column headers, rows, notes.
pub fn render_text(table: &Table) -> String {
    let shown = shown_cells(table);
    // Each header split before its closing date once, for its width and
    // for its lines.
    let dated: Vec<Option<(String, String)>> = table
        .columns
        .iter()
        .map(|head| split_date(&head.header))
        .collect();
    let widths = column_widths(table, &shown, &dated);
    let label_width = table
        .rows
        .iter()
        .map(|r| r.indent * 2 + width(&r.label))
        .max()
        .unwrap_or(0);
    let layout = Layout {
        total: label_width + widths.iter().map(|w| w + GAP).sum::<usize>(),
        label: label_width,
        columns: widths,
    };
    let mut out = String::new();
    write_title(&mut out, table, &layout);
    write_headers(&mut out, table, dated, &layout);
    let lines = row_lines(table, &shown, &layout);
    out.reserve(lines.iter().map(|l| l.len() + 1).sum());
    for line in &lines {
        push_line(&mut out, line);
    }
    if !table.notes.is_empty() {
        out.push('\n');
        for note in &table.notes {
            for line in wrap(note, NOTE_WIDTH.max(layout.total)) {
                push_line(&mut out, &line);
            }
        }
    }
    out
}

/// One row's cells written into one string, each cell kept as where it ends
/// and its display width.
type ShownRow = (String, Vec<(usize, usize)>);

/// The widths the text is laid out in.
struct Layout {
    /// The whole line: labels and every column with its gap.
    total: usize,
    /// The label column.
    label: usize,
    /// Each figure column.
    columns: Vec<usize>,
}

/// Each row's cells as shown, so a cell costs no allocation of its own.
/// Rows are independent: written in parallel, kept in order.
fn shown_cells(table: &Table) -> Vec<ShownRow> {
    table
        .rows
        .par_iter()
        .map(|row| {
            // Most figures fit in 16 bytes: one allocation for the row.
            let mut text = String::with_capacity(row.cells.len() * 16);
            let mut cells = Vec::with_capacity(row.cells.len());
            for cell in &row.cells {
                let start = text.len();
                cell.write_shown(&mut text, row.dollar(), &table.scale);
                cells.push((text.len(), width(&text[start..])));
            }
            (text, cells)
        })
        .collect()
}

/// Each column's width: its widest cell, its header's longest word, room
/// for the words before its date on one line, and at least `MIN_COLUMN`.
fn column_widths(
    table: &Table,
    shown: &[ShownRow],
    dated: &[Option<(String, String)>],
) -> Vec<usize> {
    let mut widest = vec![0; table.columns.len()];
    for (_, cells) in shown {
        for (widest, &(_, w)) in widest.iter_mut().zip(cells) {
            *widest = (*widest).max(w);
        }
    }
    table
        .columns
        .iter()
        .zip(&widest)
        .zip(dated)
        .map(|((head, &cells), dated)| {
            let longest_word = head.header.split(' ').map(width);
            // Room for "Twelve Months Ended" on one line above its date.
            let prefix = dated.as_ref().map(|(p, _)| width(p)).filter(|&n| n <= 24);
            std::iter::once(cells)
                .chain(longest_word)
                .chain(prefix)
                .max()
                .unwrap_or(0)
                .max(MIN_COLUMN)
        })
        .collect()
}

/// The title lines and the units line, centred, then a blank line.
fn write_title(out: &mut String, table: &Table, layout: &Layout) {
    let units = table.units_line();
    for line in table.title.iter().chain(std::iter::once(&units)) {
        let pad = layout.total.saturating_sub(width(line)) / 2;
        push_line(out, &format!("{}{line}", " ".repeat(pad)));
    }
    out.push('\n');
}

/// The column headers, wrapped and aligned to the bottom, then a blank line.
fn write_headers(
    out: &mut String,
    table: &Table,
    dated: Vec<Option<(String, String)>>,
    layout: &Layout,
) {
    let headers: Vec<Vec<String>> = table
        .columns
        .iter()
        .zip(&layout.columns)
        .zip(dated)
        .map(|((head, &w), dated)| {
            let mut lines = wrap_header(&head.header, dated, w);
            if head.derived.is_some() {
                lines.push("(derived)".to_string());
            }
            lines
        })
        .collect();
    let depth = headers.iter().map(Vec::len).max().unwrap_or(0);
    for line in 0..depth {
        let mut text = " ".repeat(layout.label);
        for (lines, &width) in headers.iter().zip(&layout.columns) {
            let offset = depth - lines.len();
            let cell = if line >= offset {
                lines[line - offset].as_str()
            } else {
                ""
            };
            pad(&mut text, GAP + width.saturating_sub(self::width(cell)));
            text.push_str(cell);
        }
        push_line(out, &text);
    }
    out.push('\n');
}

/// Each row as a line: its label indented, its cells right-aligned in their
/// columns. Written in parallel, kept in order.
fn row_lines(table: &Table, shown: &[ShownRow], layout: &Layout) -> Vec<String> {
    table
        .rows
        .par_iter()
        .zip(shown)
        .map(|(row, shown)| {
            let mut text = String::with_capacity(layout.total + row.label.len());
            pad(&mut text, row.indent * 2);
            text.push_str(&row.label);
            let (cells, ends) = shown;
            if !ends.is_empty() {
                let used = width(&text);
                pad(&mut text, layout.label.saturating_sub(used));
                let mut start = 0;
                for (&(end, used), &columns) in ends.iter().zip(&layout.columns) {
                    pad(&mut text, GAP + columns.saturating_sub(used));
                    text.push_str(&cells[start..end]);
                    start = end;
                }
            }
            text
        })
        .collect()
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

/// A header split before its closing date: ("Twelve Months Ended",
/// "Sept. 30, 2003"); `None` when it does not end with a date.
pub(super) fn split_date(text: &str) -> Option<(String, String)> {
    // The last three words, read from the end without collecting the rest.
    let mut last = text.split_whitespace().rev();
    let (year, day) = (last.next()?, last.next()?);
    let ends_with_date = year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && day.ends_with(',')
        && last.nth(1).is_some();
    if !ends_with_date {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let split = words.len() - 3;
    Some((words[..split].join(" "), words[split..].join(" ")))
}

/// A column header, with a closing date such as "Dec. 31, 2024" kept whole
/// on the last line: "Year Ended" / "Dec. 31, 2024".
fn wrap_header(text: &str, dated: Option<(String, String)>, width: usize) -> Vec<String> {
    match dated {
        Some((prefix, date)) => {
            let mut lines = wrap(&prefix, width);
            lines.push(date);
            lines
        }
        None => wrap(text, width),
    }
}

/// Greedy word wrap; a word longer than `width` gets a line of its own.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::with_capacity(width.min(paragraph.len()));
        // The line's display width, kept as words are added: linear in the
        // text however wide the table.
        let mut used = 0;
        // Byte by byte where the text is ASCII (a vertical tab is the one
        // ASCII space that only the Unicode split knows).
        let words: Box<dyn Iterator<Item = &str>> =
            if paragraph.is_ascii() && !paragraph.contains('\x0B') {
                Box::new(paragraph.split_ascii_whitespace())
            } else {
                Box::new(paragraph.split_whitespace())
            };
        for word in words {
            let w = self::width(word);
            if !line.is_empty() && used + 1 + w > width {
                let next = String::with_capacity(line.capacity());
                lines.push(std::mem::replace(&mut line, next));
                used = 0;
            }
            if !line.is_empty() {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += w;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_keep_the_closing_date_on_one_line() {
        assert_eq!(
            wrap_header(
                "Year Ended Dec. 31, 2024",
                split_date("Year Ended Dec. 31, 2024"),
                18
            ),
            ["Year Ended", "Dec. 31, 2024"]
        );
        assert_eq!(
            wrap_header(
                "As of Sept. 30, 2003",
                split_date("As of Sept. 30, 2003"),
                18
            ),
            ["As of", "Sept. 30, 2003"]
        );
        assert_eq!(
            wrap_header(
                "Nine Months Ended Sept. 30, 2003",
                split_date("Nine Months Ended Sept. 30, 2003"),
                18
            ),
            ["Nine Months Ended", "Sept. 30, 2003"]
        );
        assert_eq!(
            wrap_header("Fiscal 2024", split_date("Fiscal 2024"), 18),
            ["Fiscal 2024"]
        );
    }

    #[test]
    fn headers_wrap_after_the_period_length() {
        assert_eq!(
            wrap("Nine Months Ended Sept. 30, 2003", 18),
            ["Nine Months Ended", "Sept. 30, 2003"]
        );
        assert_eq!(
            wrap("Three Months Ended Sept. 30, 2003", 18),
            ["Three Months Ended", "Sept. 30, 2003"]
        );
    }
}

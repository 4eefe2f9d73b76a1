//! Text rendering of a table, aligned like an earnings release: labels on the
//! left, figures right-aligned in columns, headers wrapped above them, notes
//! below. No trailing spaces; ends with a newline.

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
    out.extend(std::iter::repeat_n(' ', n));
}

/// Columns are at least this wide, so headers wrap to two lines like
/// "Nine Months Ended" / "Sept. 30, 2003".
const MIN_COLUMN: usize = 18;
const GAP: usize = 2;
const NOTE_WIDTH: usize = 100;

pub fn render_text(table: &Table) -> String {
    // Every cell's text in one string, each with where it ends and its
    // display width, so a cell costs no allocation of its own.
    let mut text_of_cells = String::new();
    let mut cells: Vec<(usize, usize)> = Vec::new();
    let mut row_ends: Vec<usize> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        for cell in &row.cells {
            let start = text_of_cells.len();
            cell.write_shown(&mut text_of_cells, row.dollar(), &table.scale);
            cells.push((text_of_cells.len(), width(&text_of_cells[start..])));
        }
        row_ends.push(cells.len());
    }
    let shown: Vec<Vec<(&str, usize)>> = {
        let mut start_cell = 0;
        let mut start_text = 0;
        row_ends
            .iter()
            .map(|&end| {
                let row = cells[start_cell..end]
                    .iter()
                    .map(|&(text_end, w)| {
                        let text = &text_of_cells[start_text..text_end];
                        start_text = text_end;
                        (text, w)
                    })
                    .collect();
                start_cell = end;
                row
            })
            .collect()
    };
    let widths: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(col, head)| {
            let cells = shown.iter().filter_map(|r| r.get(col)).map(|&(_, w)| w);
            let longest_word = head.header.split(' ').map(width);
            // Room for "Twelve Months Ended" on one line above its date.
            let prefix = header_prefix(&head.header)
                .map(|p| width(&p))
                .filter(|&n| n <= 24);
            cells
                .chain(longest_word)
                .chain(prefix)
                .max()
                .unwrap_or(0)
                .max(MIN_COLUMN)
        })
        .collect();
    let label_width = table
        .rows
        .iter()
        .map(|r| r.indent * 2 + width(&r.label))
        .max()
        .unwrap_or(0);
    let total_width = label_width + widths.iter().map(|w| w + GAP).sum::<usize>();

    let mut out = String::new();
    let units = table.units_line();
    for line in table.title.iter().chain(std::iter::once(&units)) {
        let pad = total_width.saturating_sub(width(line)) / 2;
        push_line(&mut out, &format!("{}{line}", " ".repeat(pad)));
    }
    out.push('\n');
    let headers: Vec<Vec<String>> = table
        .columns
        .iter()
        .zip(&widths)
        .map(|(head, &w)| {
            let mut lines = wrap_header(&head.header, w);
            if head.derived.is_some() {
                lines.push("(derived)".to_string());
            }
            lines
        })
        .collect();
    let depth = headers.iter().map(Vec::len).max().unwrap_or(0);
    for line in 0..depth {
        let mut text = " ".repeat(label_width);
        for (lines, &width) in headers.iter().zip(&widths) {
            let offset = depth - lines.len();
            let cell = if line >= offset {
                lines[line - offset].as_str()
            } else {
                ""
            };
            pad(&mut text, GAP + width.saturating_sub(self::width(cell)));
            text.push_str(cell);
        }
        push_line(&mut out, &text);
    }
    out.push('\n');
    let mut text = String::new();
    for (row, cells) in table.rows.iter().zip(&shown) {
        text.clear();
        pad(&mut text, row.indent * 2);
        text.push_str(&row.label);
        if !cells.is_empty() {
            let used = width(&text);
            pad(&mut text, label_width.saturating_sub(used));
            for (&(cell, used), &columns) in cells.iter().zip(&widths) {
                pad(&mut text, GAP + columns.saturating_sub(used));
                text.push_str(cell);
            }
        }
        push_line(&mut out, &text);
    }
    if !table.notes.is_empty() {
        out.push('\n');
        for note in &table.notes {
            for line in wrap(note, NOTE_WIDTH.max(total_width)) {
                push_line(&mut out, &line);
            }
        }
    }
    out
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

/// A header split before its closing date: ("Twelve Months Ended",
/// "Sept. 30, 2003"); `None` when it does not end with a date.
fn split_date(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let ends_with_date = words.len() >= 4
        && words[words.len() - 1].len() == 4
        && words[words.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && words[words.len() - 2].ends_with(',');
    let split = words.len().saturating_sub(3);
    ends_with_date.then(|| (words[..split].join(" "), words[split..].join(" ")))
}

fn header_prefix(text: &str) -> Option<String> {
    split_date(text).map(|(prefix, _)| prefix)
}

/// A column header, with a closing date such as "Dec. 31, 2024" kept whole
/// on the last line: "Year Ended" / "Dec. 31, 2024".
fn wrap_header(text: &str, width: usize) -> Vec<String> {
    match split_date(text) {
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
        let mut line = String::new();
        // The line's display width, kept as words are added: linear in the
        // text however wide the table.
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let w = self::width(word);
            if !line.is_empty() && used + 1 + w > width {
                lines.push(std::mem::take(&mut line));
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
            wrap_header("Year Ended Dec. 31, 2024", 18),
            ["Year Ended", "Dec. 31, 2024"]
        );
        assert_eq!(
            wrap_header("As of Sept. 30, 2003", 18),
            ["As of", "Sept. 30, 2003"]
        );
        assert_eq!(
            wrap_header("Nine Months Ended Sept. 30, 2003", 18),
            ["Nine Months Ended", "Sept. 30, 2003"]
        );
        assert_eq!(wrap_header("Fiscal 2024", 18), ["Fiscal 2024"]);
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

//! Figures as lines: every figure of a set of tables on a line of its own,
//! with its table, row and column, rounded as printed. The form `snapshot`
//! commits to a data repository, so a pull request's diff shows each figure
//! that moved, one per line, in any code host.

use super::{Cell, RowStyle, SparseTable, Table};

/// Figures as lines, each ended by a line break, in one text (a long
/// history's figures are millions of lines), and how many there are.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FigureLines {
    pub text: String,
    pub count: usize,
}

impl FigureLines {
    /// Figures written after `text` (a file's header, say).
    pub fn after(text: &str) -> FigureLines {
        FigureLines {
            text: text.to_string(),
            count: 0,
        }
    }

    pub fn lines(&self) -> std::str::Lines<'_> {
        self.text.lines()
    }

    /// `table | row | column | figure`, ended by a line break.
    fn push(&mut self, title: &str, key: &str, column: &str, figure: &str) {
        for part in [title, " | ", key, " | ", column, " | ", figure, "\n"] {
            self.text.push_str(part);
        }
        self.count += 1;
    }
}

/// One line per figure: `table | row | column | figure`. Footnote marks are
/// left out of labels, so renumbered notes move no figure.
pub fn figure_lines(tables: &[Table], out: &mut FigureLines) {
    for table in tables {
        table_lines(table, |r| table.rows[r].cells.iter().enumerate(), out);
    }
}

/// `figure_lines` of a table whose cells are kept apart from its rows.
pub fn sparse_figure_lines(sparse: &SparseTable, out: &mut FigureLines) {
    let cells = |r: usize| {
        sparse
            .cells
            .get(r)
            .into_iter()
            .flatten()
            .map(|(c, cell)| (*c, cell))
    };
    table_lines(&sparse.table, cells, out);
}

/// The figure lines of one table, each row's cells (column, cell) given by
/// `cells_of` its index.
fn table_lines<'a, I>(table: &Table, cells_of: impl Fn(usize) -> I, out: &mut FigureLines)
where
    I: Iterator<Item = (usize, &'a Cell)>,
{
    let title = table.title.join(" / ");
    let columns = column_names(table);
    let mut keys = RowKeys::default();
    for (r, row) in table.rows.iter().enumerate() {
        let Some(key) = keys.key(row) else {
            continue;
        };
        for (c, cell) in cells_of(r) {
            let (Some(column), Some(figure)) = (columns.get(c), cell.plain_text(&table.scale))
            else {
                continue;
            };
            out.push(&title, &key, column, &figure);
        }
    }
}

/// Each column's name in the figures: its id, told apart from a column of
/// the same id before it by its order (`gaap #2`: an adjustment whose id is
/// `gaap`), so no two figures share a key.
fn column_names(table: &Table) -> Vec<std::borrow::Cow<'_, str>> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    table
        .columns
        .iter()
        .map(|c| {
            let count = seen.entry(c.id.as_str()).or_insert(0);
            *count += 1;
            if *count > 1 {
                std::borrow::Cow::Owned(format!("{} #{count}", c.id))
            } else {
                std::borrow::Cow::Borrowed(c.id.as_str())
            }
        })
        .collect()
}

/// Each row's name in its table, from its label, its section and the row
/// it sits under, told apart from a row alike by its order.
#[derive(Default)]
struct RowKeys {
    section: String,
    /// The row a detail row belongs under: the block's first row, or the
    /// last row of a lower indent (a highlight's line above its share).
    parents: Vec<String>,
    seen: std::collections::HashMap<String, usize>,
}

impl RowKeys {
    /// The name of a row with figures; `None` for a blank row or a heading
    /// (which names the section of the rows below it).
    fn key(&mut self, row: &super::Row) -> Option<String> {
        match row.style {
            RowStyle::Blank => {
                self.parents.clear();
                return None;
            }
            RowStyle::Heading => {
                self.section = without_marks(&row.label);
                return None;
            }
            _ => {}
        }
        let label = without_marks(&row.label);
        self.parents.truncate(row.indent);
        let mut path: Vec<String> = Vec::new();
        if row.indent > 0 && !self.section.is_empty() {
            path.push(self.section.clone());
        }
        if row.indent > 0
            && let Some(parent) = self.parents.last().or(self.parents.first())
        {
            path.push(parent.clone());
        }
        path.push(label.clone());
        if row.style == RowStyle::First && row.indent == 0 {
            self.parents.clear();
        }
        while self.parents.len() <= row.indent {
            self.parents.push(label.clone());
        }
        let mut key = path.join(" / ");
        // Two rows alike in one table are told apart by their order.
        let count = self.seen.entry(key.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            key = format!("{key} #{count}");
        }
        Some(key)
    }
}

/// "Non-GAAP net income (loss) (3)" -> "Non-GAAP net income (loss)".
fn without_marks(label: &str) -> String {
    let mut label = label.trim_end();
    while let Some(open) = label.rfind(" (") {
        let mark = &label[open + 2..];
        if mark.ends_with(')')
            && mark[..mark.len() - 1].bytes().all(|b| b.is_ascii_digit())
            && mark.len() > 1
        {
            label = label[..open].trim_end();
        } else {
            break;
        }
    }
    label.replace(" (*)", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_marks_are_not_part_of_a_label() {
        assert_eq!(
            without_marks("Non-GAAP net income (loss) (3)"),
            "Non-GAAP net income (loss)"
        );
        assert_eq!(without_marks("Restructuring (1) (4)"), "Restructuring");
        assert_eq!(without_marks("Net income (loss)"), "Net income (loss)");
    }
}

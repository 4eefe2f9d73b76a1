//! Figures as lines: every figure of a set of tables on a line of its own,
//! with its table, row and column, rounded as printed. The form `snapshot`
//! commits to a data repository, so a pull request's diff shows each figure
//! that moved, one per line, in any code host.

use super::{RowStyle, Table};

/// One line per figure: `table | row | column | figure`. Footnote marks are
/// left out of labels, so renumbered notes move no figure.
pub fn figure_lines(tables: &[Table]) -> Vec<String> {
    let mut lines = Vec::new();
    for table in tables {
        let title = table.title.join(" / ");
        let mut section = String::new();
        // The row a detail row belongs under: the block's first row, or the
        // last row of a lower indent (a highlight's line above its share).
        let mut parents: Vec<String> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for row in &table.rows {
            match row.style {
                RowStyle::Blank => {
                    parents.clear();
                    continue;
                }
                RowStyle::Heading => {
                    section = without_marks(&row.label);
                    continue;
                }
                _ => {}
            }
            let label = without_marks(&row.label);
            parents.truncate(row.indent);
            let mut path: Vec<String> = Vec::new();
            if row.indent > 0 && !section.is_empty() {
                path.push(section.clone());
            }
            if row.indent > 0
                && let Some(parent) = parents.last().or(parents.first())
            {
                path.push(parent.clone());
            }
            path.push(label.clone());
            if row.style == RowStyle::First && row.indent == 0 {
                parents.clear();
            }
            while parents.len() <= row.indent {
                parents.push(label.clone());
            }
            let mut key = path.join(" / ");
            // Two rows alike in one table are told apart by their order.
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                key = format!("{key} #{count}");
            }
            for (cell, column) in row.cells.iter().zip(&table.columns) {
                let Some(figure) = cell.plain_text(&table.scale) else {
                    continue;
                };
                lines.push(format!("{title} | {key} | {} | {figure}", column.id));
            }
        }
    }
    lines
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

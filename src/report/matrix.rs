//! The matrix table: the adjusted statement of operations of one period,
//! lines down, GAAP / each adjustment / income tax / non-GAAP across, with
//! per-share rows below and notes for the adjustments and taxes.

use super::reconciliation::lower_first;
use super::{
    Cell, ColumnHead, Mark, Row, RowKey, RowStyle, Scale, Source, Table, as_stated, number,
    one_line, tax_sentence,
};
use rust_decimal::Decimal;

use crate::view::{Matrix, MatrixColumn, MatrixRow, ShareBasis};

/// The matrix of one period as a table: a column head per column, a row per
/// line, and the notes the heads and rows refer to.
pub fn matrix_table(matrix: &Matrix, scale: Scale) -> Table {
    build(matrix, scale, None).0
}

/// The matrix of one period as its figures, for `snapshot`: the table
/// (titles, columns, labels, notes) with rows that hold no cells, and each
/// row's cells where it has a figure, by column. An adjustment's column
/// has one only where the adjustment moves the line, so a period costs the
/// figures it has, not lines times adjustments.
pub fn matrix_figures(matrix: &Matrix, scale: Scale) -> SparseTable {
    let (table, cells) = build(matrix, scale, Some(Vec::new()));
    SparseTable {
        table,
        cells: cells.unwrap_or_default(),
    }
}

/// A row's cells where it has a figure: (column, cell), in column order.
pub type RowCells = Vec<(usize, Cell)>;

/// A table whose rows hold no cells, and each row's cells by column (row
/// by row, empty for a heading): figures where most columns of a row are
/// empty. Read for its figures only: its column heads and notes hold marks
/// without their words, and it is never printed.
pub struct SparseTable {
    pub table: Table,
    pub cells: Vec<RowCells>,
}

/// The table, and with `sparse` each row's cells kept apart from it.
fn build(
    matrix: &Matrix,
    scale: Scale,
    sparse: Option<Vec<RowCells>>,
) -> (Table, Option<Vec<RowCells>>) {
    let mut builder = MatrixRows {
        matrix,
        scale,
        notes: Vec::new(),
        rows: Vec::with_capacity(matrix.rows.len() + 1),
        per_share_started: false,
        figures_pushed: false,
        section: None,
        switch_mark: None,
        not_adding: Vec::new(),
        sparse,
    };
    let columns: Vec<ColumnHead> = matrix
        .columns
        .iter()
        .map(|c| builder.column_head(c))
        .collect();
    for row in &matrix.rows {
        builder.row(row);
    }
    let MatrixRows {
        mut notes,
        rows,
        not_adding,
        mut sparse,
        ..
    } = builder;
    if let Some(cells) = &mut sparse {
        cells.resize_with(rows.len(), Vec::new);
    }
    if !not_adding.is_empty() {
        notes.push(format!(
            "(*) Figures are rounded one by one, as published, so these rows do not add across: {}.",
            not_adding.join(", ")
        ));
    }
    let mut table = Table {
        title: vec![
            matrix.entity.clone(),
            matrix
                .standard
                .say("GAAP to Non-GAAP Statement of Operations"),
            matrix.period.header.clone(),
        ],
        scale,
        columns,
        period: Some(matrix.period.id.clone()),
        per_share: matrix.rows.iter().any(|r| r.per_share.is_some()),
        rows,
        notes,
    };
    if sparse.is_some() {
        super::settle_label_marks(&mut table);
    } else {
        super::settle_marks(&mut table, false);
    }
    (table, sparse)
}

/// The matrix's rows under construction, with the notes they refer to.
struct MatrixRows<'a> {
    matrix: &'a Matrix,
    scale: Scale,
    notes: Vec<String>,
    rows: Vec<Row>,
    /// The per-share heading is printed.
    per_share_started: bool,
    /// A row of figures is pushed (the first has the dollar signs).
    figures_pushed: bool,
    /// The section of the rows last printed.
    section: Option<&'a str>,
    /// The one note on a switch of share count, once written.
    switch_mark: Option<Mark>,
    /// The rows that do not add across after rounding.
    not_adding: Vec<String>,
    /// Each row's cells by column, kept apart from its rows (which then
    /// hold none), where only the figures are wanted.
    sparse: Option<Vec<RowCells>>,
}

impl<'a> MatrixRows<'a> {
    /// A column's head: GAAP, an adjustment or a tax column with the mark of
    /// its note, or non-GAAP.
    fn column_head(&mut self, column: &MatrixColumn) -> ColumnHead {
        let matrix = self.matrix;
        let (id, header) = match column {
            MatrixColumn::Gaap => ("gaap".to_string(), matrix.standard.say("GAAP")),
            MatrixColumn::Effect(a) => {
                let adj = &matrix.adjustments[*a];
                let mark = self.head_note(|| {
                    let net = if adj.tax == crate::model::TaxEffect::NetOfTax {
                        format!(" {}", tax_sentence(adj, &matrix.adjustments))
                    } else {
                        String::new()
                    };
                    format!("{}: {}{net}", adj.label, one_line(&adj.rationale))
                });
                (adj.id.clone(), format!("{} ({mark})", adj.label))
            }
            MatrixColumn::Tax(list) => {
                let mark = self.head_note(|| {
                    let parts: Vec<String> = list
                        .iter()
                        .map(|&a| tax_sentence(&matrix.adjustments[a], &matrix.adjustments))
                        .collect();
                    format!("Income tax effect of the adjustments. {}", parts.join(" "))
                });
                (
                    "income_tax".to_string(),
                    format!("Income tax effect ({mark})"),
                )
            }
            MatrixColumn::OwnTax(a) => self.own_tax_head(*a),
            MatrixColumn::NonGaap => ("non_gaap".to_string(), matrix.standard.say("Non-GAAP")),
        };
        ColumnHead {
            id,
            header,
            derived: None,
            span: None,
        }
    }

    /// The note of a column's head; where only the figures are wanted,
    /// its mark alone (a note's words are never a figure).
    fn head_note(&mut self, text: impl FnOnce() -> String) -> Mark {
        if self.sparse.is_some() {
            self.notes.push(format!("({})", Mark(self.notes.len() + 1)));
            return Mark(self.notes.len());
        }
        note(&mut self.notes, text())
    }

    /// A column of one adjustment's own tax (id, header): a tax-only
    /// adjustment, or the income tax effect of one adjustment.
    fn own_tax_head(&mut self, a: usize) -> (String, String) {
        let matrix = self.matrix;
        let adj = &matrix.adjustments[a];
        let sentence = || tax_sentence(adj, &matrix.adjustments);
        if adj.tax_only {
            let mark = self.head_note(|| {
                let sentence = sentence();
                let own = upper_first(
                    sentence
                        .strip_prefix(&format!("{}: ", adj.label))
                        .unwrap_or(&sentence),
                );
                format!("{}: {} {own}", adj.label, one_line(&adj.rationale))
            });
            (adj.id.clone(), format!("{} ({mark})", adj.label))
        } else {
            let mark = self.head_note(sentence);
            (
                format!("{}_tax", adj.id),
                format!("Income tax effect of {} ({mark})", lower_first(&adj.label)),
            )
        }
    }

    /// One line of the statement: its headings if it opens a section or the
    /// per-share rows, its figures and the marks of its notes.
    fn row(&mut self, row: &'a MatrixRow) {
        self.headings(row);
        let indent = usize::from(self.section.is_some() && !row.total || row.per_share.is_some());
        let mut label = row.label.clone();
        if let Some(mark) = self.switch_mark(row) {
            label.push_str(&format!(" ({mark})"));
        }
        if row.crossing {
            let mark = note(
                &mut self.notes,
                format!(
                    "{}: the amounts excluded are larger than the line itself, or turn it to the other sign; the non-GAAP figure is shown as computed.",
                    row.label
                ),
            );
            label.push_str(&format!(" ({mark})"));
        }
        let (shown, check) = self.figures(row, &mut label);
        if row.bridge {
            let mark = note(
                &mut self.notes,
                format!(
                    "{}: the release prints no share counts; the row is the release's own per-share bridge, {} \
                     as printed plus each adjustment's per-share amount as printed.",
                    row.label,
                    self.matrix.standard.gaap()
                ),
            );
            label.push_str(&format!(" ({mark})"));
        }
        if !self.adds_across(row, &shown, &check) {
            self.not_adding.push(row.label.clone());
            label.push_str(" (*)");
        }
        self.push_row(row, label, indent, &shown);
    }

    /// The heading of a new section, and the blank row and heading before
    /// the first per-share row.
    fn headings(&mut self, row: &'a MatrixRow) {
        if row.section.as_deref() != self.section {
            self.section = row.section.as_deref();
            if let Some(heading) = self.section.filter(|_| !row.total) {
                self.rows.push(Row::heading(heading));
            }
        }
        if row.per_share.is_some() && !self.per_share_started {
            self.per_share_started = true;
            self.rows.push(Row::blank());
            self.rows
                .push(Row::heading(upper_first(&self.matrix.per_share_subject)));
        }
    }

    /// The mark of the note on a per-share row whose GAAP and non-GAAP
    /// figures divide by different counts (one note for every such row).
    fn switch_mark(&mut self, row: &MatrixRow) -> Option<Mark> {
        let basis = row.per_share?;
        let (_, gaap, non_gaap, effect, added_back) =
            self.matrix.share_switches.iter().find(|s| s.0 == basis)?;
        if let Some(mark) = self.switch_mark {
            return Some(mark);
        }
        // Why the counts differ: a loss on one side only, the convertible
        // preferred treated as converted, or the count the release prints
        // for non-GAAP.
        let why = if gaap.basis != non_gaap.basis {
            "because potential common shares are anti-dilutive for a loss"
        } else if !added_back.is_zero() {
            "because the convertible preferred stock is treated as converted for non-GAAP, where it dilutes"
        } else {
            "the count the release prints for non-GAAP"
        };
        let adds = if added_back.is_zero() {
            format!(
                "the effect of the share count, {} per {} share",
                number::format(*effect, 2, false),
                basis_name(basis)
            )
        } else {
            format!(
                "the effect of the share count, {}, and the preferred dividends added back, {}, per {} share",
                number::format(*effect, 2, false),
                number::format(*added_back, 2, false),
                basis_name(basis)
            )
        };
        let mark = note(
            &mut self.notes,
            self.matrix.standard.say(&format!(
                "Per-share rows: GAAP divides by {} {} shares and non-GAAP by {} {} shares, {why}; the \
                 adjustment columns use the non-GAAP count, so the row adds across only with {adds}.",
                number::format(gaap.count, gaap.count.scale(), false),
                basis_name(gaap.basis),
                number::format(non_gaap.count, non_gaap.count.scale(), false),
                basis_name(non_gaap.basis),
            )),
        );
        self.switch_mark = Some(mark);
        Some(mark)
    }

    /// The figures shown (the release's where it states one, GAAP EPS as
    /// stated where the computed one rounds otherwise), each difference from
    /// the computed figure noted on `label`; and the figures the sum across
    /// is checked on, those the notes name. Both follow the row's figures
    /// (an adjustment that leaves the line alone adds a zero: none).
    fn figures(&mut self, row: &MatrixRow, label: &mut String) -> (Vec<Decimal>, Vec<Decimal>) {
        let mut shown = Vec::with_capacity(row.figures.len());
        let mut check = Vec::with_capacity(row.figures.len());
        for f in &row.figures {
            let (column, computed, published) =
                (&self.matrix.columns[f.column], f.value, f.published);
            let figure = match column {
                MatrixColumn::Gaap => as_stated(computed, published),
                _ => published.unwrap_or(computed),
            };
            let places = published.map_or(0, |p| p.scale());
            let differs = published.is_some_and(|p| {
                let rounded = match row.per_share {
                    Some(_) => number::round(computed, p.scale().max(2)),
                    None => number::round(computed, p.scale()),
                };
                rounded != p
            });
            if differs && !row.bridge {
                let what = self.printed_otherwise(row, column, figure, computed, places);
                let mark = note(&mut self.notes, format!("{}: {what}", row.label));
                label.push_str(&format!(" ({mark})"));
            }
            shown.push(figure);
            check.push(if differs { computed } else { figure });
        }
        (shown, check)
    }

    /// Why a figure the release prints is shown in place of the computed one.
    fn printed_otherwise(
        &self,
        row: &MatrixRow,
        column: &MatrixColumn,
        figure: Decimal,
        computed: Decimal,
        places: u32,
    ) -> String {
        let matrix = self.matrix;
        let text = |v: Decimal, places: u32| match row.per_share {
            Some(_) => number::format(v, places.max(2), false),
            None => Cell::Money(v).shown(false, &self.scale),
        };
        match column {
            MatrixColumn::Gaap => matrix.standard.say(&format!(
                "GAAP is shown as the release states it, {}, which the company computes from unrounded \
                 figures; from the figures as printed it is {}, from which the non-GAAP figure is computed.",
                text(figure, places),
                text(computed, 2),
            )),
            MatrixColumn::NonGaap => matrix.standard.say(&format!(
                "the release prints non-GAAP {}; computed from the model it is {}, to which the row adds \
                 across.",
                text(figure, places),
                text(computed, 2),
            )),
            MatrixColumn::Effect(a) | MatrixColumn::OwnTax(a) => format!(
                "the release prints {} for {}; the amount divided by the shares gives {}, and the row adds \
                 across with that figure.",
                text(figure, places),
                lower_first(&matrix.adjustments[*a].label),
                text(computed, 2),
            ),
            MatrixColumn::Tax(_) => String::new(),
        }
    }

    /// Whether a row adds across, each figure rounded on its own as
    /// published: the figures shown do, or the figures its notes name (the
    /// computed ones) do. A per-share row with a switch of count is
    /// explained by its note instead.
    fn adds_across(&self, row: &MatrixRow, shown: &[Decimal], check: &[Decimal]) -> bool {
        let scale = self.scale;
        let round = |v: Decimal| match row.per_share {
            Some(_) => number::round(v, 2),
            None => scale.round(v),
        };
        let adds = |figures: &[Decimal]| {
            let Some((last, parts)) = figures.split_last() else {
                return true;
            };
            parts
                .iter()
                .try_fold(Decimal::ZERO, |s, v| s.checked_add(round(*v)))
                .is_none_or(|sum| sum == round(*last))
        };
        let switched = row
            .per_share
            .is_some_and(|b| self.matrix.share_switches.iter().any(|s| s.0 == b));
        switched || adds(shown) || adds(check)
    }

    /// Adds a line's row: its label, the figures shown, and where each
    /// comes from; its cells kept apart where only figures are wanted.
    fn push_row(&mut self, row: &MatrixRow, label: String, indent: usize, shown: &[Decimal]) {
        let style = if !self.figures_pushed {
            self.figures_pushed = true;
            RowStyle::First
        } else if row.total {
            RowStyle::Total
        } else {
            RowStyle::Detail
        };
        let (key, cell): (RowKey, fn(Decimal) -> Cell) = match row.per_share {
            Some(_) => (RowKey::kind("per_share").measure(&row.id), Cell::PerShare),
            None => (RowKey::kind("line").line(&row.id), Cell::Money),
        };
        if let Some(sparse) = &mut self.sparse {
            sparse.resize_with(self.rows.len(), Vec::new);
            sparse.push(
                row.figures
                    .iter()
                    .zip(shown)
                    .map(|(f, &v)| (f.column, cell(v)))
                    .collect(),
            );
            self.rows
                .push(Row::figures(label, indent, style, Vec::new()).keyed(key));
            return;
        }
        let columns = self.matrix.columns.len();
        let mut cells = vec![cell(Decimal::ZERO); columns];
        for (f, &v) in row.figures.iter().zip(shown) {
            if let Some(at) = cells.get_mut(f.column) {
                *at = cell(v);
            }
        }
        let sources = row
            .dense(columns)
            .into_iter()
            .map(|(c, p)| Source::new(c, p))
            .collect();
        self.rows.push(
            Row::figures(label, indent, style, cells)
                .keyed(key)
                .sourced(sources),
        );
    }
}

/// Adds a numbered note and returns its number.
fn note(notes: &mut Vec<String>, text: String) -> Mark {
    notes.push(format!("({}) {text}", Mark(notes.len() + 1)));
    Mark(notes.len())
}

fn basis_name(basis: ShareBasis) -> &'static str {
    match basis {
        ShareBasis::Basic => "basic",
        ShareBasis::Diluted => "diluted",
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! Rendering: a table model (rows and columns, figures unrounded) built once
//! from a reconciliation or the statement model, then drawn by a renderer:
//! text like the release, Markdown for a pull request, CSV for a
//! spreadsheet, JSON for programs. Units and precision belong here.

mod csv;
mod figures;
pub mod html;
mod json;
mod markdown;
mod matrix;
/// Number formatting lives in the base module `crate::number`, below the
/// checks that use it too; re-exported here for the renderers.
pub use crate::number;
mod outlook;
mod reconciliation;
mod segment;
mod statements;
mod text;

use rust_decimal::Decimal;

use crate::model::{PeriodHeading, PeriodSpan, Units};

pub use figures::{FigureLines, figure_lines, sparse_figure_lines};
pub use json::SCHEMA_VERSION as JSON_SCHEMA_VERSION;
pub use matrix::{SparseTable, matrix_figures, matrix_table};
pub use outlook::outlook_table;
pub use reconciliation::reconciliation_table;
pub use segment::segment_table;
pub use statements::statement_tables;
pub use text::render_text;

/// A table as an earnings release prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Centered lines above the table: entity and title.
    pub title: Vec<String>,
    /// How money is presented: units, rounding, and the line that says so.
    pub scale: Scale,
    pub columns: Vec<ColumnHead>,
    /// The one period every column belongs to, when columns are not
    /// periods (a matrix: GAAP, each adjustment, non-GAAP).
    pub period: Option<String>,
    /// The table has per-share rows (even if every figure in them is "n/a").
    pub per_share: bool,
    pub rows: Vec<Row>,
    /// Footnotes, printed in order under the table.
    pub notes: Vec<String>,
}

/// One column: a period, as reported or derived, or a figure of a matrix
/// ("GAAP", an adjustment, "Non-GAAP").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnHead {
    pub id: String,
    pub header: String,
    /// For a derived period, how it is derived.
    pub derived: Option<String>,
    /// The period's dates; `None` for a matrix column.
    pub span: Option<PeriodSpan>,
}

impl From<PeriodHeading> for ColumnHead {
    fn from(p: PeriodHeading) -> ColumnHead {
        ColumnHead {
            id: p.id,
            header: p.header,
            derived: p.derived,
            span: Some(p.span),
        }
    }
}

/// Money as presented: model units divided into display units, rounded half
/// away from zero to `places`, each figure on its own. Per-share figures and
/// share counts are never scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// The units of the figures in the model.
    pub model: Units,
    /// The units they are shown in.
    pub shown: Units,
    /// The units of share counts, never scaled.
    pub shares: Units,
    /// Decimals of money shown in the model's own units, as the model
    /// declares or writes them; `None` for the default of the units.
    pub decimals: Option<u32>,
}

impl Scale {
    /// Figures shown in the model's own units.
    pub fn model(units: Units) -> Scale {
        Scale {
            model: units,
            shown: units,
            shares: units,
            decimals: None,
        }
    }

    /// Model units per shown unit: 1000 from thousands to millions.
    pub fn divisor(&self) -> Decimal {
        factor(self.shown) / factor(self.model)
    }

    /// Decimals shown: in the model's own units, the precision it declares
    /// or writes; otherwise one for millions (16.0), none for thousands
    /// (16,009).
    pub fn places(&self) -> u32 {
        match (self.decimals, self.shown) {
            (Some(places), _) if self.shown == self.model => places,
            (_, Units::Millions) => 1,
            (_, Units::Units | Units::Thousands) => 0,
        }
    }

    /// A money figure in shown units, unrounded.
    pub fn apply(&self, value: Decimal) -> Decimal {
        if self.shown == self.model {
            return value;
        }
        value.checked_div(self.divisor()).unwrap_or(value)
    }

    /// A money figure in shown units, rounded as printed.
    pub fn round(&self, value: Decimal) -> Decimal {
        number::round(self.apply(value), self.places())
    }

    /// The units word for money: "thousands".
    fn money_word(&self) -> &'static str {
        match self.shown {
            Units::Units => "dollars",
            Units::Thousands => "thousands",
            Units::Millions => "millions",
        }
    }
}

impl Table {
    /// "(In thousands, except per share data)": what the money figures are
    /// in, and which figures are not (per share in dollars; share counts and
    /// percentages when money is scaled away from the model's units).
    pub fn units_line(&self) -> String {
        let has = |f: fn(&Cell) -> bool| self.rows.iter().flat_map(|r| &r.cells).any(f);
        let per_share = self.per_share || has(|c| matches!(c, Cell::PerShare(_)));
        let shares = has(|c| matches!(c, Cell::Shares(_)));
        let percent = has(|c| matches!(c, Cell::Percent(..)));
        let scaled = self.scale.shown != self.scale.model;
        let mut except = Vec::new();
        if per_share {
            except.push("per share data");
        }
        if percent && scaled {
            except.push("percentages");
        }
        let mut line = format!("(In {}", self.scale.money_word());
        if !except.is_empty() {
            line.push_str(&format!(", except {}", except.join(" and ")));
        }
        if shares && (scaled || self.scale.shares != self.scale.model) {
            let count = match self.scale.shares {
                Units::Units => "units",
                Units::Thousands => "thousands",
                Units::Millions => "millions",
            };
            line.push_str(&format!("; shares in {count}"));
        }
        line.push(')');
        line
    }
}

fn factor(units: Units) -> Decimal {
    match units {
        Units::Units => Decimal::ONE,
        Units::Thousands => Decimal::ONE_THOUSAND,
        Units::Millions => Decimal::from(1_000_000),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    /// Indentation level of the label.
    pub indent: usize,
    pub style: RowStyle,
    pub cells: Vec<Cell>,
    /// What the row is, in ids a program can rely on (never the label).
    pub key: RowKey,
    /// Per cell, where its figure comes from; empty when every figure is
    /// the computed one and the release records none.
    pub sources: Vec<Source>,
}

/// What a row is: the measure, the kind of row, the adjustment or line it
/// belongs to. JSON gives these so programs never parse labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowKey {
    /// The measure as `--measure` names it: `net-income`, `eps-diluted`,
    /// a declared measure's or ratio's id, a line's id.
    pub measure: Option<String>,
    /// `gaap`, `term`, `adjustment`, `tax`, `share_count_effect`,
    /// `if_converted`, `non_gaap`, `gaap_margin`, `non_gaap_margin`,
    /// `shares`, `share_basis`, `line`, `per_share`, `ratio`, `heading`.
    pub kind: &'static str,
    /// The adjustment's id, on its rows and on its own tax row.
    pub adjustment: Option<String>,
    /// The line item's id: a statement line, or a measure's definition term.
    pub line: Option<String>,
    /// GAAP or non-GAAP, where the kind applies to both (share counts).
    pub side: Option<&'static str>,
}

impl RowKey {
    pub fn kind(kind: &'static str) -> RowKey {
        RowKey {
            kind,
            ..RowKey::default()
        }
    }

    pub fn measure(mut self, measure: impl Into<String>) -> RowKey {
        self.measure = Some(measure.into());
        self
    }

    pub fn adjustment(mut self, adjustment: impl Into<String>) -> RowKey {
        self.adjustment = Some(adjustment.into());
        self
    }

    pub fn line(mut self, line: impl Into<String>) -> RowKey {
        self.line = Some(line.into());
        self
    }

    pub fn side(mut self, side: &'static str) -> RowKey {
        self.side = Some(side);
        self
    }
}

/// Where a cell's figure comes from. The cell holds the figure shown; the
/// computed figure is kept here when it differs (the release's figure is
/// shown), and the release's own figure wherever the model records one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Source {
    /// The figure computed from the model, where the cell shows another.
    pub computed: Option<Decimal>,
    /// The figure the release prints, as recorded (`[period.non_gaap]`,
    /// `[per_share]`, `[period.eps]`).
    pub published: Option<Decimal>,
    /// The model cannot compute the figure (GAAP EPS of a period without
    /// share counts): the cell shows the release's, and JSON's `value` and
    /// `computed` are `null`.
    pub uncomputed: bool,
}

impl Source {
    /// A computed figure and the release's, if recorded.
    pub fn new(computed: Decimal, published: Option<Decimal>) -> Source {
        Source {
            computed: Some(computed),
            published,
            uncomputed: false,
        }
    }

    /// A figure computed where `computed` is given, else the release's
    /// alone.
    pub fn maybe(computed: Option<Decimal>, published: Option<Decimal>) -> Source {
        match computed {
            Some(c) => Source::new(c, published),
            None => Source {
                computed: None,
                published,
                uncomputed: true,
            },
        }
    }
}

/// The figure a table shows for one the release states at a precision:
/// the stated figure where the computed one rounds to something else, so
/// no table prints a figure other than the release's; otherwise the
/// computed one (a zero stated "0.00" keeps the computed tiny figure's
/// sign).
pub fn as_stated(computed: Decimal, stated: Option<Decimal>) -> Decimal {
    as_stated_at(computed, stated, 2)
}

/// `as_stated` for a figure printed at no fewer than `places` decimals.
pub(crate) fn as_stated_at(computed: Decimal, stated: Option<Decimal>, places: u32) -> Decimal {
    match stated {
        Some(s) if number::round(computed, s.scale().max(places)) != s => s,
        _ => computed,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    /// An empty line between blocks.
    Blank,
    /// A label with no figures.
    Heading,
    Detail,
    /// The first row of a block: money figures carry a dollar sign.
    First,
    /// A total: money figures carry a dollar sign.
    Total,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Money in the model's units; scaled and rounded when shown.
    Money(Decimal),
    /// Dollars per share, two decimals.
    PerShare(Decimal),
    /// A share count, whole units.
    Shares(Decimal),
    /// A percentage, at the decimals given: "68%", "75.8%".
    Percent(Decimal, u32),
    /// A figure per unit of an operating statistic, at the decimals given
    /// and without a percent sign: cost per available seat mile in cents.
    Number(Decimal, u32),
    Text(String),
    Empty,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
    /// One self-contained HTML document, as EDGAR takes an exhibit.
    Html,
}

impl Row {
    pub fn blank() -> Row {
        Row {
            label: String::new(),
            indent: 0,
            style: RowStyle::Blank,
            cells: Vec::new(),
            key: RowKey::kind("blank"),
            sources: Vec::new(),
        }
    }

    pub fn heading(label: impl Into<String>) -> Row {
        Row {
            label: label.into(),
            indent: 0,
            style: RowStyle::Heading,
            cells: Vec::new(),
            key: RowKey::kind("heading"),
            sources: Vec::new(),
        }
    }

    pub fn figures(
        label: impl Into<String>,
        indent: usize,
        style: RowStyle,
        cells: Vec<Cell>,
    ) -> Row {
        Row {
            label: label.into(),
            indent,
            style,
            cells,
            key: RowKey::default(),
            sources: Vec::new(),
        }
    }

    /// The row with its key.
    pub fn keyed(mut self, key: RowKey) -> Row {
        self.key = key;
        self
    }

    /// The row with the sources of its figures, one per cell.
    pub fn sourced(mut self, sources: Vec<Source>) -> Row {
        self.sources = sources;
        self
    }

    /// First rows and totals carry the dollar sign on money.
    pub fn dollar(&self) -> bool {
        matches!(self.style, RowStyle::First | RowStyle::Total)
    }
}

impl Cell {
    /// The figure as an earnings release prints it: scaled, rounded half away
    /// from zero, separators, parentheses, a dash for nil.
    pub fn shown(&self, dollar: bool, scale: &Scale) -> String {
        let mut shown = String::new();
        self.write_shown(&mut shown, dollar, scale);
        shown
    }

    /// `shown`, appended to `out`.
    pub fn write_shown(&self, out: &mut String, dollar: bool, scale: &Scale) {
        match self {
            Cell::Money(v) => number::write(out, scale.apply(*v), scale.places(), dollar),
            Cell::PerShare(v) => number::write(out, *v, 2, dollar),
            // At the precision written: 41.7 million shares stay 41.7.
            Cell::Shares(v) => number::write(out, *v, v.scale(), false),
            Cell::Percent(v, places) => {
                let start = out.len();
                number::write(out, *v, *places, false);
                if &out[start..] != "-" {
                    out.push('%');
                }
            }
            Cell::Number(v, places) => number::write(out, *v, *places, false),
            Cell::Text(text) => out.push_str(text),
            Cell::Empty => {}
        }
    }

    /// The figure as a plain number, rounded as printed: no separators,
    /// parentheses or dollar signs; a minus sign. Empty for text and nil cells.
    pub fn plain(&self, scale: &Scale) -> Option<Decimal> {
        match self {
            Cell::Money(v) => Some(scale.round(*v)),
            Cell::PerShare(v) => Some(number::round(*v, 2)),
            Cell::Shares(v) => Some(number::round(*v, v.scale())),
            Cell::Percent(v, places) | Cell::Number(v, places) => Some(number::round(*v, *places)),
            Cell::Text(_) | Cell::Empty => None,
        }
    }

    /// `plain` as text, keeping the sign of a negative figure that rounds to
    /// zero ("-0.00"), as the printed "(0.00)" does.
    pub fn plain_text(&self, scale: &Scale) -> Option<String> {
        let rounded = self.plain(scale)?;
        let negative = self
            .exact()
            .is_some_and(|v| v.is_sign_negative() && !v.is_zero());
        Some(if rounded.is_zero() && negative {
            format!("-{rounded}")
        } else {
            rounded.to_string()
        })
    }

    /// The exact figure in model units (dollars per share, whole percent).
    pub fn exact(&self) -> Option<Decimal> {
        match self {
            // A zero is "0", never "-0".
            Cell::Money(v)
            | Cell::PerShare(v)
            | Cell::Shares(v)
            | Cell::Percent(v, _)
            | Cell::Number(v, _) => Some(if v.is_zero() { Decimal::ZERO } else { *v }),
            Cell::Text(_) | Cell::Empty => None,
        }
    }
}

/// The tool's own note mark while a table is built: a placeholder that no
/// label can hold, settled into its printed form once the table is
/// complete (`settle_marks`), so the tool's marks never collide with the
/// release's own footnote markers in a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark(pub usize);

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{MARK_OPEN}{}{MARK_CLOSE}", self.0)
    }
}

/// How the tool prints its note marks in one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkForm {
    /// "(1)": the default, where no label carries a numbered marker.
    Digits,
    /// "(a)": where a label carries the release's own numbered marker.
    Letters,
    /// "[1]": where labels carry both numbered and lettered markers.
    Brackets,
}

/// The release's own footnote marker at the end of a label, if any: a
/// parenthesised number ("(1)") or letters ("(a)"), or a symbol.
fn release_marker(label: &str) -> Option<MarkForm> {
    let label = label.trim_end();
    if label.ends_with(['*', '†', '‡', '§']) {
        return Some(MarkForm::Brackets);
    }
    let inner = label.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let mark = &inner[open + 1..];
    if mark.is_empty() || mark.len() > 4 {
        return None;
    }
    if mark.bytes().all(|b| b.is_ascii_digit()) {
        Some(MarkForm::Digits)
    } else if mark.bytes().all(|b| b.is_ascii_lowercase()) && open > 0 {
        // "(loss)" is a word, not a marker: letters only up to two.
        (mark.len() <= 2 || mark.bytes().all(|b| b"ivx".contains(&b))).then_some(MarkForm::Letters)
    } else {
        None
    }
}

fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Settles the tool's note marks of a finished table into their printed
/// form. Where no label carries a numbered marker of the release's own,
/// marks are "(1)", "(2)", as always; where one does ("Amortization of
/// purchased intangibles (1)"), the tool's marks are letters, "(a)", so a
/// reader never takes the tool's note for the release's footnote 1; where
/// labels carry both numbers and letters, "[1]". With `in_order` (a
/// bridge printed in reverse), marks are renumbered in the order the rows
/// show them, and the notes reordered to match.
pub(crate) fn settle_marks(table: &mut Table, in_order: bool) {
    let form = mark_form(table);
    // The new number of each old one.
    let count = table
        .notes
        .iter()
        .flat_map(|n| mark_numbers(n))
        .chain(table.rows.iter().flat_map(|r| mark_numbers(&r.label)))
        .max()
        .unwrap_or(0);
    let new: Vec<usize> = if in_order {
        let new = numbers_in_row_order(table, count);
        reorder_notes(table, &new);
        new
    } else {
        (0..=count).collect()
    };
    for row in &mut table.rows {
        if row.label.contains(MARK_OPEN) {
            row.label = print_marks(&row.label, form, &new);
        }
    }
    for column in &mut table.columns {
        if column.header.contains(MARK_OPEN) {
            column.header = print_marks(&column.header, form, &new);
        }
    }
    for note in &mut table.notes {
        if note.contains(MARK_OPEN) {
            *note = print_marks(note, form, &new);
        }
    }
}

/// `settle_marks` where only the rows' labels are read (a table taken for
/// its figures): the marks in labels printed as `settle_marks` prints
/// them; column heads and notes keep their placeholders.
pub(crate) fn settle_label_marks(table: &mut Table) {
    let form = mark_form(table);
    let count = table
        .rows
        .iter()
        .flat_map(|r| mark_numbers(&r.label))
        .max()
        .unwrap_or(0);
    let new: Vec<usize> = (0..=count).collect();
    for row in &mut table.rows {
        if row.label.contains(MARK_OPEN) {
            row.label = print_marks(&row.label, form, &new);
        }
    }
}

/// A label's own text, without the tool's marks (nor the " ()" they leave).
fn unmarked(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut inside = false;
    for c in label.chars() {
        match c {
            MARK_OPEN => inside = true,
            MARK_CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace(" ()", "")
}

/// How the tool's marks print in a table, from the release's own markers
/// its labels carry.
fn mark_form(table: &Table) -> MarkForm {
    let mut digits = false;
    let mut lettered = false;
    let labels = table
        .rows
        .iter()
        .map(|r| &r.label)
        .chain(table.columns.iter().map(|c| &c.header));
    for label in labels {
        // A label without the tool's marks (most) is its own text.
        let marker = if label.contains([MARK_OPEN, MARK_CLOSE]) || label.contains(" ()") {
            release_marker(&unmarked(label))
        } else {
            release_marker(label)
        };
        match marker {
            Some(MarkForm::Digits) => digits = true,
            Some(MarkForm::Letters) => lettered = true,
            _ => {}
        }
    }
    match (digits, lettered) {
        (false, _) => MarkForm::Digits,
        (true, false) => MarkForm::Letters,
        (true, true) => MarkForm::Brackets,
    }
}

/// The numbers of the tool's marks in a text, in order.
fn mark_numbers(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(MARK_OPEN) {
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let Some(close) = after.find(MARK_CLOSE) else {
            break;
        };
        if let Ok(n) = after[..close].parse() {
            out.push(n);
        }
        rest = &after[close + MARK_CLOSE.len_utf8()..];
    }
    out
}

/// The new number of each old one (marks `1..=count`), numbered in the
/// order the rows show them, then those no row shows.
fn numbers_in_row_order(table: &Table, count: usize) -> Vec<usize> {
    let mut new: Vec<usize> = (0..=count).collect();
    let mut seen: Vec<usize> = Vec::new();
    for n in table.rows.iter().flat_map(|r| mark_numbers(&r.label)) {
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    for n in 1..=count {
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    for (i, n) in seen.iter().enumerate() {
        new[*n] = i + 1;
    }
    new
}

/// The notes that begin with a mark, in their new order, in the places
/// those notes held.
fn reorder_notes(table: &mut Table, new: &[usize]) {
    let slots: Vec<usize> = (0..table.notes.len())
        .filter(|&i| table.notes[i].starts_with(&format!("({MARK_OPEN}")))
        .collect();
    let mut marked: Vec<String> = slots.iter().map(|&i| table.notes[i].clone()).collect();
    marked.sort_by_key(|n| mark_numbers(n).first().map_or(usize::MAX, |&o| new[o]));
    for (slot, note) in slots.into_iter().zip(marked) {
        table.notes[slot] = note;
    }
}

/// A text with each of the tool's marks printed in `form`, renumbered.
fn print_marks(text: &str, form: MarkForm, new: &[usize]) -> String {
    let mut out = text.to_string();
    for n in mark_numbers(text) {
        let placeholder = format!("({})", Mark(n));
        let shown = match form {
            MarkForm::Digits => format!("({})", new[n]),
            MarkForm::Letters => format!("({})", letters(new[n])),
            MarkForm::Brackets => format!("[{}]", new[n]),
        };
        out = out.replacen(&placeholder, &shown, 1);
    }
    out
}

/// One sentence on an adjustment's income-tax effect, for the notes.
pub(crate) fn tax_sentence(
    a: &crate::engine::AdjustmentSummary,
    all: &[crate::engine::AdjustmentSummary],
) -> String {
    use crate::model::TaxEffect;
    let label = &a.label;
    let covered: Vec<&str> = all
        .iter()
        .filter(|c| matches!(&c.tax, TaxEffect::Covered { by } if *by == a.id))
        .map(|c| c.label.as_str())
        .collect();
    let group = covered.join(", ");
    if let Some(sentence) = by_year_tax_sentence(a, &group, covered.is_empty()) {
        return sentence;
    }
    match &a.tax {
        TaxEffect::Nil { reason } if covered.is_empty() => {
            format!("{label}: nil. {}", end_sentence(reason))
        }
        TaxEffect::Nil { reason } => format!("{label}: nil for {group}. {}", end_sentence(reason)),
        TaxEffect::Rate(rate) if covered.is_empty() => format!(
            "{label}: {}% of the pre-tax amount, with the opposite sign.",
            percent(&flat_rate(rate))
        ),
        TaxEffect::Rate(rate) => format!(
            "{label}: {}% of the sum of the pre-tax adjustments ({group}), with the opposite sign.",
            percent(&flat_rate(rate))
        ),
        TaxEffect::Amounts(_) if a.tax_only && covered.is_empty() => {
            format!("{label}: changes income tax only, as stated for each period.")
        }
        TaxEffect::Amounts(_) if covered.is_empty() => {
            format!("{label}: as stated for each period.")
        }
        TaxEffect::Amounts(_) => {
            format!("{label}: as stated for each period, for {group} together.")
        }
        TaxEffect::AfterTax(_) => format!(
            "{label}: the difference between its pre-tax amount and its effect after tax, as stated for each period."
        ),
        TaxEffect::EffectiveRate(rate) => format!(
            "{label}: an estimated annual non-GAAP effective tax rate of {}% applied to non-GAAP income \
             before income taxes, less the provision otherwise shown; it covers {group}.",
            percent(&flat_rate(rate))
        ),
        TaxEffect::NetOfTax => {
            format!("{label}: stated net of income tax, so it has no income tax row of its own.")
        }
        TaxEffect::Covered { by } => {
            let by = all
                .iter()
                .find(|b| &b.id == by)
                .map_or(by.as_str(), |b| b.label.as_str());
            format!("{label}: included in {by}.")
        }
    }
}

/// The tax sentence of an adjustment taxed at a rate by fiscal year (a
/// rate, or an effective rate covering `group`); none for any other.
fn by_year_tax_sentence(
    a: &crate::engine::AdjustmentSummary,
    group: &str,
    alone: bool,
) -> Option<String> {
    use crate::model::TaxEffect;
    let label = &a.label;
    match &a.tax {
        TaxEffect::Rate(rate) if alone => Some(format!(
            "{label}: the rate of the fiscal year that contains each column times the pre-tax amount, with the opposite sign: {}.",
            rates_by_year(a, rate)?
        )),
        TaxEffect::Rate(rate) => Some(format!(
            "{label}: the rate of the fiscal year that contains each column times the sum of the pre-tax adjustments ({group}), with the opposite sign: {}.",
            rates_by_year(a, rate)?
        )),
        TaxEffect::EffectiveRate(rate) => Some(format!(
            "{label}: the estimated annual non-GAAP effective tax rate of the fiscal year that contains each column applied to non-GAAP income \
             before income taxes, less the provision otherwise shown; it covers {group}. The rates: {}.",
            rates_by_year(a, rate)?
        )),
        _ => None,
    }
}

/// A rate by fiscal year as the rate of each column (or of each year
/// written, without columns); none for a flat rate.
fn rates_by_year(
    a: &crate::engine::AdjustmentSummary,
    rate: &crate::model::TaxRate,
) -> Option<String> {
    let crate::model::TaxRate::ByYear { written, .. } = rate else {
        return None;
    };
    let each: Vec<String> = if a.column_rates.is_empty() {
        written
            .iter()
            .map(|(key, r)| format!("{}% for {key}", percent(r)))
            .collect()
    } else {
        a.column_rates
            .iter()
            .map(|(header, r)| match r {
                Some(r) => format!("{}% for {header}", percent(r)),
                None => format!("for {header}, the rate of each period it is derived from"),
            })
            .collect()
    };
    Some(each.join("; "))
}

/// A flat rate; zero for a rate by fiscal year.
fn flat_rate(rate: &crate::model::TaxRate) -> Decimal {
    match rate {
        crate::model::TaxRate::Flat(r) => *r,
        crate::model::TaxRate::ByYear { .. } => Decimal::ZERO,
    }
}

/// A rate as a percentage: 0.21 -> 21.
fn percent(r: &Decimal) -> Decimal {
    r.checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or_default()
        .normalize()
}

pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn end_sentence(text: &str) -> String {
    let text = one_line(text);
    if text.ends_with('.') {
        text
    } else {
        format!("{text}.")
    }
}

/// Whether every money figure can be shown in its table's units: scaling
/// up (millions in the model shown in thousands) can exceed a decimal.
pub fn check_scale(tables: &[Table]) -> Result<(), crate::diagnostic::Diagnostic> {
    for table in tables {
        let divisor = table.scale.divisor();
        let too_large = table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| matches!(c, Cell::Money(v) if v.checked_div(divisor).is_none()));
        if too_large {
            return Err(crate::diagnostic::Diagnostic::new(format!(
                "a figure is too large to show in {}",
                table.scale.money_word()
            ))
            .help("show it in the model's own units (leave out --units)"));
        }
    }
    Ok(())
}

/// Renders tables in a format; several tables follow one another.
pub fn render(tables: &[Table], format: Format) -> String {
    match format {
        Format::Text => tables
            .iter()
            .map(render_text)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => tables
            .iter()
            .map(markdown::render)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Csv => tables
            .iter()
            .map(csv::render)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => json::render(tables),
        Format::Html => html::render(tables),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn marks_settled_in_labels_alone_print_as_in_the_whole_table() {
        // A table with the tool's marks (1 and 2) in labels, a head and the
        // notes; its labels carry the release's own markers or not.
        let table = |(own, total): (&str, &str)| Table {
            title: Vec::new(),
            scale: Scale {
                model: Units::Units,
                shown: Units::Units,
                shares: Units::Units,
                decimals: None,
            },
            columns: vec![ColumnHead {
                id: "a".to_string(),
                header: format!("Severance ({})", Mark(1)),
                derived: None,
                span: None,
            }],
            period: None,
            per_share: false,
            rows: vec![
                Row::heading(format!("Expenses{own}")),
                Row::figures(
                    format!("Revenue ({}) (*)", Mark(2)),
                    0,
                    RowStyle::First,
                    Vec::new(),
                ),
                Row::figures(format!("Net income{total}"), 0, RowStyle::Total, Vec::new()),
            ],
            notes: vec![
                format!("({}) Severance: one.", Mark(1)),
                format!("({}) Revenue: two.", Mark(2)),
            ],
        };
        let labels = |t: &Table| t.rows.iter().map(|r| r.label.clone()).collect::<Vec<_>>();
        for (own, shown) in [
            (("", ""), "Revenue (2) (*)"),
            ((" (1)", ""), "Revenue (b) (*)"),
            ((" (1)", " (a)"), "Revenue [2] (*)"),
        ] {
            let mut whole = table(own);
            settle_marks(&mut whole, false);
            let mut alone = table(own);
            settle_label_marks(&mut alone);
            assert_eq!(labels(&alone), labels(&whole), "{own:?}");
            assert_eq!(alone.rows[1].label, shown, "{own:?}");
        }
    }

    #[test]
    fn millions_round_each_figure_on_its_own_to_one_decimal() {
        let scale = Scale {
            model: Units::Thousands,
            shown: Units::Millions,
            shares: Units::Thousands,
            decimals: None,
        };
        let shown = |v: &str| Cell::Money(Decimal::from_str(v).unwrap()).shown(false, &scale);
        assert_eq!(shown("21971"), "22.0");
        assert_eq!(shown("34769"), "34.8");
        assert_eq!(shown("56740"), "56.7");
        assert_eq!(shown("-3195"), "(3.2)");
        assert_eq!(shown("72450"), "72.5");
        let table = Table {
            title: Vec::new(),
            scale,
            columns: Vec::new(),
            period: None,
            per_share: true,
            rows: vec![Row::figures(
                "x",
                0,
                RowStyle::Detail,
                vec![Cell::PerShare(Decimal::ONE), Cell::Shares(Decimal::ONE)],
            )],
            notes: Vec::new(),
        };
        assert_eq!(
            table.units_line(),
            "(In millions, except per share data; shares in thousands)"
        );
    }

    #[test]
    fn per_share_figures_and_share_counts_are_never_scaled() {
        let scale = Scale {
            model: Units::Thousands,
            shown: Units::Millions,
            shares: Units::Thousands,
            decimals: None,
        };
        assert_eq!(
            Cell::PerShare(Decimal::from_str("-0.0723").unwrap()).shown(false, &scale),
            "(0.07)"
        );
        assert_eq!(
            Cell::Shares(Decimal::from(71503)).shown(false, &scale),
            "71,503"
        );
    }
}

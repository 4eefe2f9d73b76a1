//! `reconcile prose FILE`: the release's narrative tied to the model. Every
//! figure of the text (a dollar amount with its scale word, a per-share
//! amount, a percentage, each end of a range, "approximately") is tied to a
//! figure of the model's tables, or to a memo fact the statements file
//! records with its source, at the text's own rounding: "$3.2 million" ties
//! 3,195 thousand. Each figure is read in the period its clause names ("for
//! the third quarter of 2003", "nine months ended September 30, 2002", "at
//! December 31, 2002"), or else the period the text last named. A
//! non-GAAP figure with no GAAP counterpart before it in the text is a
//! prominence warning (C&DI 102.10).

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::model::{Adjustment, NonGaapMeasure, PeriodKey, PeriodSpan, Statement, Units};
use crate::raw::{RawDate, RawMemo};
use crate::report::{self, Cell, number};

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Dollars.
    Money,
    /// Dollars per share.
    PerShare,
    /// Percent.
    Percent,
}

/// A figure as the text writes it.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Where it starts in the one-line text.
    pub at: usize,
    /// The line of the file it is on, from 1.
    pub line: usize,
    /// As written: "$3.2 million", "($0.04) per share".
    pub written: String,
    pub kind: Kind,
    /// The number as written, unsigned, before its scale word.
    pub number: Decimal,
    /// Its decimals as written.
    pub places: u32,
    /// Dollars per unit of `number`: 1_000_000 for "million".
    pub scale: Decimal,
    pub approximate: bool,
    /// The period its clause names, if any.
    pub period: Option<PeriodKey>,
    /// Its sentence says "non-GAAP".
    pub non_gaap: bool,
    /// It is in the headline.
    pub headline: bool,
    /// The words of its clause before it, for choosing among ties.
    context: Vec<String>,
}

/// Which side of the reconciliation a figure of the model is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Gaap,
    NonGaap,
    /// An adjustment, a tax effect, a share count's effect.
    Bridge,
    Memo,
}

/// A figure of the model a text figure may tie to.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The table's title, or "memo".
    pub table: String,
    pub row: String,
    /// The period's header, or the memo's period as written.
    pub period: String,
    pub key: Option<PeriodKey>,
    pub kind: Kind,
    /// In dollars, dollars per share or percent.
    pub value: Decimal,
    /// As the table shows it.
    pub shown: String,
    pub side: Side,
    /// For a non-GAAP figure: the GAAP figure its block starts from.
    pub counterpart: Option<Decimal>,
    /// A memo fact's source.
    pub source: Option<String>,
}

/// One figure of the text and what it ties to.
#[derive(Debug, Clone)]
pub struct Tie {
    pub figure: Figure,
    /// Every figure of the model it ties to, the best first.
    pub ties: Vec<Candidate>,
    /// Where it ties nothing, the closest figures of its period and kind.
    pub nearest: Vec<Candidate>,
}

/// Memo facts as the statements file records them (`[[memo]]`).
#[derive(Deserialize)]
struct MemoFile {
    #[serde(default)]
    memo: Vec<RawMemo>,
}

/// `reconcile prose FILE`: the report (stdout), the findings and warnings
/// (stderr) and the exit code.
pub fn run(
    statements_path: &Path,
    statement: &Statement,
    adjustments: &[Adjustment],
    file: &Path,
    deny_warnings: bool,
) -> Result<(String, Vec<Diagnostic>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        vec![Diagnostic::in_file(
            file,
            format!("cannot read the text: {e}"),
        )]
    })?;
    let memos = read_memos(statements_path, statement)?;
    let mut candidates = model_candidates(statement, adjustments).map_err(|d| vec![d])?;
    candidates.extend(memos);
    let ties = tie(&text, statement, &candidates);
    let mut out = format!("{}\n", file.display());
    let mut findings = Vec::new();
    let (mut to_tables, mut to_memos) = (0, 0);
    for t in &ties {
        let f = &t.figure;
        match t.ties.first() {
            Some(c) if c.side == Side::Memo => {
                to_memos += 1;
                out.push_str(&format!(
                    "  line {}: {} ties memo \"{}\" ({}): {}\n",
                    f.line,
                    f.written,
                    c.row,
                    c.period,
                    c.source.as_deref().unwrap_or_default()
                ));
            }
            Some(c) => {
                to_tables += 1;
                out.push_str(&format!(
                    "  line {}: {} ties {}, {}, {}: {}\n",
                    f.line, f.written, c.table, c.row, c.period, c.shown
                ));
            }
            None => {
                out.push_str(&format!("  line {}: {} does not tie\n", f.line, f.written));
                findings.push(untied(t, statement));
            }
        }
    }
    out.push_str(&format!(
        "{} figures: {to_tables} tied to the tables, {to_memos} to memo facts, {} not tied\n",
        ties.len(),
        findings.len()
    ));
    let mut warnings = prominence(&ties);
    if deny_warnings {
        warnings = warnings.into_iter().map(Diagnostic::denied).collect();
    }
    Ok((out, findings, warnings))
}

fn untied(t: &Tie, statement: &Statement) -> Diagnostic {
    let f = &t.figure;
    let period = f
        .period
        .map(|k| describe(k, statement))
        .unwrap_or_else(|| "any period".to_string());
    let mut d = Diagnostic::new(format!(
        "line {}: {} does not tie to any figure of the model ({period})",
        f.line, f.written
    ));
    if t.nearest.is_empty() {
        d = d.note(format!(
            "the model has no {} figure for {period}",
            kind_word(f.kind)
        ));
    }
    for c in &t.nearest {
        d = d.note(format!(
            "nearest: {}, {}, {}: {}",
            c.table, c.row, c.period, c.shown
        ));
    }
    d.help(
        "correct the text, or record the fact in the statements file as a [[memo]] with its source",
    )
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "money",
        Kind::PerShare => "per-share",
        Kind::Percent => "percentage",
    }
}

/// A period key as a person reads it: the model's header where it has
/// the period, else its id.
fn describe(key: PeriodKey, statement: &Statement) -> String {
    let fye = statement.entity.fiscal_year_end;
    statement
        .periods
        .iter()
        .find(|p| p.span.key(fye) == key)
        .map(|p| p.header.clone())
        .unwrap_or_else(|| key.describe(fye))
}

/// The prominence lint: a non-GAAP figure in the headline, or with no GAAP
/// counterpart (the GAAP figure its reconciliation starts from, same
/// period) earlier in the text (Regulation G; C&DI 102.10).
fn prominence(ties: &[Tie]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, t) in ties.iter().enumerate() {
        let Some(best) = t.ties.first() else { continue };
        if best.side != Side::NonGaap {
            continue;
        }
        let f = &t.figure;
        let preceded = best.counterpart.is_some_and(|gaap| {
            ties[..i].iter().any(|e| {
                !e.figure.headline
                    && e.ties
                        .iter()
                        .any(|c| c.side == Side::Gaap && c.key == best.key && c.value == gaap)
            })
        });
        if f.headline || !preceded {
            let place = if f.headline {
                "in the headline"
            } else {
                "with no GAAP counterpart before it"
            };
            found.push(
                Diagnostic::new(format!(
                    "line {}: non-GAAP figure {} ({}, {}) {place}",
                    f.line, f.written, best.row, best.period
                ))
                .note("C&DI 102.10: a non-GAAP measure may not precede, or be more prominent than, the most directly comparable GAAP measure")
                .help("state the GAAP figure first, with equal or greater prominence")
                .warning(),
            );
        }
    }
    found
}

fn factor(units: Units) -> Decimal {
    match units {
        Units::Units => Decimal::ONE,
        Units::Thousands => Decimal::ONE_THOUSAND,
        Units::Millions => Decimal::from(1_000_000),
    }
}

/// The memo facts of the statements file, each checked: its period read,
/// its sum's lines known and added up in a period of the model, and its
/// value, where also written, equal to that sum.
fn read_memos(path: &Path, statement: &Statement) -> Result<Vec<Candidate>, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![Diagnostic::in_file(path, format!("cannot read: {e}"))])?;
    let file: MemoFile = toml::from_str(&text)
        .map_err(|e| vec![Diagnostic::in_file(path, format!("memo facts: {e}"))])?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for memo in &file.memo {
        match memo_fact(path, memo, statement) {
            Ok(candidate) => out.push(candidate),
            Err(found) => errors.extend(found),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One memo fact checked and made a figure the text may tie to: its period
/// and kind read, its value as written or summed.
fn memo_fact(
    path: &Path,
    memo: &RawMemo,
    statement: &Statement,
) -> Result<Candidate, Vec<Diagnostic>> {
    let at =
        |message: String| Diagnostic::in_file(path, format!("memo \"{}\": {message}", memo.label));
    let Some(key) = PeriodKey::parse(&memo.period) else {
        return Err(vec![at(format!(
            "cannot read the period `{}`",
            memo.period
        ))]);
    };
    let kind = match memo.kind.as_deref() {
        None | Some("money") => Kind::Money,
        Some("per-share") => Kind::PerShare,
        Some("percent") => Kind::Percent,
        Some(other) => {
            return Err(vec![at(format!(
                "kind `{other}` is not money, per-share or percent"
            ))]);
        }
    };
    let value = memo_value(memo, key, statement, &at)?;
    let dollars = if kind == Kind::Money {
        value * factor(statement.entity.units)
    } else {
        value
    };
    Ok(Candidate {
        table: "memo".to_string(),
        row: memo.label.clone(),
        period: memo.period.clone(),
        key: Some(key),
        kind,
        value: dollars,
        shown: number::format(value, value.scale(), kind == Kind::Money),
        side: Side::Memo,
        counterpart: None,
        source: Some(memo.source.clone()),
    })
}

/// A memo fact's value: as written, or the sum of its lines, which a value
/// also written must equal.
fn memo_value(
    memo: &RawMemo,
    key: PeriodKey,
    statement: &Statement,
    at: &impl Fn(String) -> Diagnostic,
) -> Result<Decimal, Vec<Diagnostic>> {
    let mut value = memo.value.as_ref().map(|v| v.0);
    if !memo.sum.is_empty() {
        let sum = memo_sum(memo, key, statement, at)?;
        if let Some(v) = value
            && v != sum
        {
            return Err(vec![at(format!(
                "value {v} is not the sum of its lines, {sum}"
            ))]);
        }
        value = Some(sum);
    }
    value.ok_or_else(|| vec![at("has neither a value nor a sum".to_string())])
}

/// The sum of a memo fact's lines in its period, which must be a period of
/// the model where every line has a value.
fn memo_sum(
    memo: &RawMemo,
    key: PeriodKey,
    statement: &Statement,
    at: &impl Fn(String) -> Diagnostic,
) -> Result<Decimal, Vec<Diagnostic>> {
    let fye = statement.entity.fiscal_year_end;
    let Some(period) = statement.periods.iter().find(|p| p.span.key(fye) == key) else {
        return Err(vec![at(format!(
            "a sum needs a period of the model; `{}` is not one",
            memo.period
        ))]);
    };
    let mut sum = Decimal::ZERO;
    let mut errors = Vec::new();
    for id in &memo.sum {
        let figure = statement
            .line_id(id)
            .and_then(|l| statement.value(period, l).ok().flatten());
        match figure {
            Some(v) => sum += v,
            None => errors.push(at(format!("line `{id}` has no value in {}", period.id))),
        }
    }
    if errors.is_empty() {
        Ok(sum)
    } else {
        Err(errors)
    }
}

/// Every figure of the model's tables: the statements of every duration
/// period, and each reconciliation (net income and EPS, and each declared
/// measure and ratio).
fn model_candidates(
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Result<Vec<Candidate>, Diagnostic> {
    let mut statement = statement.clone();
    let chosen = crate::periods::choose_periods(&mut statement, None)?;
    let periods: Vec<&crate::model::Period> =
        chosen.iter().map(|&i| &statement.periods[i]).collect();
    let mut tables = report::statement_tables(&statement, &periods, None)?;
    if !adjustments.is_empty() {
        tables.extend(reconciliation_tables(&statement, adjustments, &chosen));
    }
    let fye = statement.entity.fiscal_year_end;
    let money = factor(statement.entity.units);
    Ok(tables
        .iter()
        .flat_map(|table| table_candidates(table, fye, money))
        .collect())
}

/// The reconciliation tables the text may quote: net income and EPS
/// together (or, where that cannot be had, each apart), and each declared
/// measure and ratio.
fn reconciliation_tables(
    statement: &Statement,
    adjustments: &[Adjustment],
    chosen: &[usize],
) -> Vec<report::Table> {
    let scale = report::Scale {
        model: statement.entity.units,
        shown: statement.entity.units,
        shares: statement.entity.share_units,
        decimals: Some(statement.money_decimals()),
    };
    let mut blocks = vec![vec![
        NonGaapMeasure::NetIncome,
        NonGaapMeasure::EpsDiluted,
        NonGaapMeasure::EpsBasic,
    ]];
    blocks.push(vec![NonGaapMeasure::NetIncome]);
    blocks.push(vec![NonGaapMeasure::EpsDiluted]);
    blocks.extend((0..statement.measures.len()).map(|i| vec![NonGaapMeasure::Declared(i)]));
    blocks.extend((0..statement.ratios.len()).map(|i| vec![NonGaapMeasure::Ratio(i)]));
    let mut tables = Vec::new();
    let mut net_income = false;
    for (i, measures) in blocks.iter().enumerate() {
        // The first block, or net income and diluted EPS apart where
        // it cannot be had.
        if (i == 1 || i == 2) && net_income {
            continue;
        }
        if let Ok(rec) = crate::view::reconcile(statement, adjustments, chosen, measures) {
            net_income |= i == 0;
            tables.push(report::reconciliation_table(&rec, scale));
        }
    }
    tables
}

/// The figures of one table, each on its side of the reconciliation; a
/// non-GAAP figure with the GAAP figure of its column that comes before it.
fn table_candidates(table: &report::Table, fye: (u32, u32), money: Decimal) -> Vec<Candidate> {
    let title = table
        .title
        .iter()
        .skip(1)
        .find(|t| !t.starts_with('('))
        .or(table.title.first())
        .cloned()
        .unwrap_or_default();
    let mut gaap: Vec<Option<Decimal>> = vec![None; table.columns.len()];
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(side) = row_side(row.key.kind) else {
            continue;
        };
        for (col, cell) in row.cells.iter().enumerate() {
            let Some(head) = table.columns.get(col) else {
                continue;
            };
            let (kind, value) = match cell {
                Cell::Money(v) => (Kind::Money, *v * money),
                Cell::PerShare(v) => (Kind::PerShare, *v),
                Cell::Percent(v, _) => (Kind::Percent, *v),
                _ => continue,
            };
            if row.key.kind == "gaap" {
                gaap[col] = Some(value);
            }
            out.push(Candidate {
                table: title.clone(),
                row: row.label.clone(),
                period: head.header.clone(),
                key: head.span.map(|s: PeriodSpan| s.key(fye)),
                kind,
                value,
                shown: cell.shown(false, &table.scale),
                side,
                counterpart: if side == Side::NonGaap {
                    gaap[col]
                } else {
                    None
                },
                source: None,
            });
        }
    }
    out
}

/// The side of the reconciliation a row of this kind is on; none for
/// share counts, headings and blanks.
fn row_side(kind: &str) -> Option<Side> {
    match kind {
        "non_gaap" | "non_gaap_margin" => Some(Side::NonGaap),
        "adjustment" | "tax" | "share_count_effect" | "if_converted" | "term" => Some(Side::Bridge),
        "shares" | "share_basis" | "heading" | "blank" => None,
        _ => Some(Side::Gaap),
    }
}

/// Ties every figure of `text` to `candidates`.
pub fn tie(text: &str, statement: &Statement, candidates: &[Candidate]) -> Vec<Tie> {
    let doc = Doc::read(text);
    let mentions = periods(&doc.flat, statement);
    let figures = figures(&doc, &mentions);
    figures
        .into_iter()
        .map(|figure| {
            let same = |c: &&Candidate| {
                c.kind == figure.kind && (figure.period.is_none() || c.key == figure.period)
            };
            let mut ties: Vec<Candidate> = candidates
                .iter()
                .filter(same)
                .filter(|c| ties_at(&figure, c.value))
                .cloned()
                .collect();
            ties.sort_by_key(|c| std::cmp::Reverse(score(&figure, c)));
            let nearest = if ties.is_empty() {
                let mut near: Vec<&Candidate> = candidates.iter().filter(same).collect();
                let wanted = figure.number * figure.scale;
                near.sort_by_key(|c| (c.value.abs() - wanted).abs());
                near.into_iter().take(3).cloned().collect()
            } else {
                Vec::new()
            };
            Tie {
                figure,
                ties,
                nearest,
            }
        })
        .collect()
}

/// Whether a figure of the model reads as the text's figure at the text's
/// rounding: half away from zero to the written decimals (one unit of the
/// last written digit either way for "approximately"). Signs are not
/// compared: a narrative says "a net loss of $3.2 million".
fn ties_at(figure: &Figure, value: Decimal) -> bool {
    let Some(scaled) = value.abs().checked_div(figure.scale) else {
        return false;
    };
    if figure.approximate {
        let unit = Decimal::new(1, figure.places);
        (scaled - figure.number).abs() <= unit
    } else {
        number::round(scaled, figure.places) == figure.number
    }
}

/// How well a tie fits its sentence: non-GAAP where the sentence says so,
/// GAAP otherwise, then the words its clause shares with the row's label.
fn score(figure: &Figure, c: &Candidate) -> i64 {
    let side = match (c.side, figure.non_gaap) {
        (Side::NonGaap, true) | (Side::Gaap, false) => 20,
        (Side::Memo, _) => 5,
        (Side::NonGaap, false) => -20,
        _ => 0,
    };
    let label = words(&format!("{} {}", c.row, c.table));
    let shared = figure.context.iter().filter(|w| label.contains(w)).count() as i64;
    side + 3 * shared
}

fn words(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "was", "were", "with", "from", "per", "its", "company", "that",
        "this", "have", "has", "had", "would", "been", "share", "months", "ended", "quarter",
    ];
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_ascii_lowercase())
        .filter(|w| {
            w.len() >= 3
                && !STOP.contains(&w.as_str())
                && !w.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect()
}

/// The text on one line, whitespace runs as one space, with where each
/// sentence and paragraph starts and each byte's line in the file.
struct Doc {
    flat: String,
    /// The file's line of each byte of `flat`.
    lines: Vec<usize>,
    /// Start of each paragraph in `flat`, and whether it is a headline.
    paragraphs: Vec<(usize, bool)>,
    /// Start of each sentence in `flat`.
    sentences: Vec<usize>,
}

impl Doc {
    /// The text as one line of words, with its paragraphs (the headline
    /// marked) and sentences.
    fn read(text: &str) -> Doc {
        let (flat, lines, mut paragraphs) = flatten(text);
        mark_headline(&mut paragraphs, &flat);
        let sentences = sentence_starts(&flat, &paragraphs);
        Doc {
            flat,
            lines,
            paragraphs,
            sentences,
        }
    }

    fn sentence(&self, at: usize) -> (usize, usize) {
        let i = self
            .sentences
            .partition_point(|&s| s <= at)
            .saturating_sub(1);
        let start = self.sentences.get(i).copied().unwrap_or(0);
        let end = self
            .sentences
            .get(i + 1)
            .copied()
            .unwrap_or(self.flat.len());
        (start, end)
    }

    fn paragraph(&self, at: usize) -> (usize, bool) {
        let i = self
            .paragraphs
            .partition_point(|&(s, _)| s <= at)
            .saturating_sub(1);
        self.paragraphs.get(i).copied().unwrap_or((0, false))
    }
}

/// The text's words on one line, single-spaced: the line of the file each
/// byte is on, and where each paragraph (after a blank line, a bullet, a
/// heading or an indent) starts.
fn flatten(text: &str) -> (String, Vec<usize>, Vec<(usize, bool)>) {
    let mut flat = String::new();
    let mut lines = Vec::new();
    let mut paragraphs: Vec<(usize, bool)> = Vec::new();
    let mut previous_blank = true;
    let mut previous_indented = false;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            previous_blank = true;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let bullet = ["--", "- ", "* ", "\u{2022}"]
            .iter()
            .any(|b| trimmed.starts_with(b));
        let heading = trimmed.starts_with('#');
        let starts = previous_blank || bullet || heading || (indented && !previous_indented);
        if starts {
            if !flat.is_empty() {
                flat.push(' ');
                lines.push(n + 1);
            }
            paragraphs.push((flat.len(), false));
        } else {
            flat.push(' ');
            lines.push(n + 1);
        }
        let body = trimmed.trim_start_matches('#').trim_start();
        for word in body.split_whitespace() {
            if !flat.ends_with(' ') && paragraphs.last().is_some_and(|p| p.0 != flat.len()) {
                flat.push(' ');
                lines.push(n + 1);
            }
            flat.push_str(word);
            lines.extend(std::iter::repeat_n(n + 1, word.len()));
        }
        previous_blank = false;
        previous_indented = indented;
    }
    (flat, lines, paragraphs)
}

/// The headline: the first paragraph of the text that is a short line with
/// no figure-free sentence end ("ATG Announces ...").
fn mark_headline(paragraphs: &mut [(usize, bool)], flat: &str) {
    for i in 0..paragraphs.len() {
        let end = paragraphs.get(i + 1).map_or(flat.len(), |p| p.0);
        let body = flat[paragraphs[i].0..end].trim();
        if body.len() < 120 && !body.ends_with('.') && !body.starts_with("Exhibit") {
            paragraphs[i].1 = true;
            break;
        }
        if body.len() >= 120 {
            break;
        }
    }
}

/// Where each sentence starts: each paragraph, and after each sentence end
/// that is not an abbreviation's period.
fn sentence_starts(flat: &str, paragraphs: &[(usize, bool)]) -> Vec<usize> {
    let mut sentences = vec![0];
    for &(p, _) in paragraphs {
        if p > 0 {
            sentences.push(p);
        }
    }
    let bytes = flat.as_bytes();
    for i in 1..bytes.len().saturating_sub(1) {
        if matches!(bytes[i], b'.' | b'?' | b'!')
            && bytes[i + 1] == b' '
            && bytes
                .get(i + 2)
                .is_some_and(|b| b.is_ascii_uppercase() || *b == b'"')
            && !abbreviation(&flat[..i])
        {
            sentences.push(i + 2);
        }
    }
    sentences.sort_unstable();
    sentences.dedup();
    sentences
}

fn abbreviation(before: &str) -> bool {
    const SHORT: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Inc", "Corp", "Co", "Ltd", "Jan", "Feb", "Mar", "Apr", "Jun",
        "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mass", "U.S", "p.m", "a.m", "vs", "e.g",
        "i.e", "No", "St",
    ];
    let word = before.rsplit(' ').next().unwrap_or_default();
    SHORT.contains(&word)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Every period the text names, where it names it.
fn periods(flat: &str, statement: &Statement) -> Vec<(usize, PeriodKey)> {
    let lower = flat.to_ascii_lowercase();
    let mut reader = PeriodReader {
        lower: &lower,
        fye: statement.entity.fiscal_year_end,
        found: Vec::new(),
        taken: Vec::new(),
    };
    reader.spans_ended();
    reader.ordinal_quarters();
    reader.fiscal_years();
    reader.instants();
    reader.year_to_date(statement);
    let mut found = reader.found;
    found.sort_by_key(|&(at, _)| at);
    found
}

/// The periods a text names, read one form at a time: each form reads only
/// where an earlier form has not.
struct PeriodReader<'a> {
    /// The text, in lowercase.
    lower: &'a str,
    /// The model's fiscal year end (month, day).
    fye: (u32, u32),
    /// Each period named, where it is named.
    found: Vec<(usize, PeriodKey)>,
    /// The stretches of text a period already reads.
    taken: Vec<(usize, usize)>,
}

impl PeriodReader<'_> {
    /// Whether a period already read covers `at`.
    fn is_taken(&self, at: usize) -> bool {
        self.taken.iter().any(|&(s, e)| at >= s && at < e)
    }

    /// The fiscal period of `months` ending on `end`.
    fn fiscal(&self, months: u32, end: RawDate) -> PeriodKey {
        let last = self.fye.0;
        PeriodKey::Duration {
            months,
            ending_month: (end.month + 12 - last - 1) % 12 + 1,
            year: if end.month <= last {
                end.year
            } else {
                end.year + 1
            },
        }
    }

    /// "nine months ended September 30, 2003"; "year ended December 31,
    /// 2002".
    fn spans_ended(&mut self) {
        let lower = self.lower;
        for (word, months) in [
            ("three months ended ", 3),
            ("six months ended ", 6),
            ("nine months ended ", 9),
            ("twelve months ended ", 12),
            ("year ended ", 12),
            ("quarter ended ", 3),
        ] {
            for (at, _) in lower.match_indices(word) {
                if self.is_taken(at) {
                    continue;
                }
                if let Some((date, len)) = date_at(&lower[at + word.len()..]) {
                    // "third quarter ended ...": the ordinal form reads it.
                    if word == "quarter ended " && ordinal_before(&lower[..at]).is_some() {
                        continue;
                    }
                    self.found.push((at, self.fiscal(months, date)));
                    self.taken.push((at, at + word.len() + len));
                }
            }
        }
    }

    /// "third quarter of 2003", "third-quarter 2003", "third quarter ended
    /// September 30, 2003".
    fn ordinal_quarters(&mut self) {
        let lower = self.lower;
        for (at, _) in lower.match_indices("quarter") {
            let Some((n, start)) = ordinal_before(&lower[..at]) else {
                continue;
            };
            let rest = &lower[at + "quarter".len()..];
            let year = rest
                .strip_prefix(" of fiscal ")
                .or_else(|| rest.strip_prefix(" of "))
                .or_else(|| rest.strip_prefix(" fiscal "))
                .or_else(|| rest.strip_prefix(' '))
                .and_then(year_at)
                .or_else(|| {
                    let ended = rest.strip_prefix(" ended ")?;
                    let (date, _) = date_at(ended)?;
                    match self.fiscal(3, date) {
                        PeriodKey::Duration { year, .. } => Some(year),
                        PeriodKey::Instant(_) => None,
                    }
                });
            if let Some(year) = year {
                self.found.push((
                    start,
                    PeriodKey::Duration {
                        months: 3,
                        ending_month: n * 3,
                        year,
                    },
                ));
                self.taken.push((start, at + 7));
            }
        }
    }

    /// "fiscal 2003", "fiscal year 2003", "full year 2003".
    fn fiscal_years(&mut self) {
        let lower = self.lower;
        for word in ["fiscal year ", "fiscal ", "full year "] {
            for (at, _) in lower.match_indices(word) {
                if self.is_taken(at) {
                    continue;
                }
                if let Some(year) = year_at(&lower[at + word.len()..]) {
                    self.found.push((
                        at,
                        PeriodKey::Duration {
                            months: 12,
                            ending_month: 12,
                            year,
                        },
                    ));
                    self.taken.push((at, at + word.len() + 4));
                }
            }
        }
    }

    /// "at December 31, 2002", "as of September 30, 2003".
    fn instants(&mut self) {
        let lower = self.lower;
        for word in ["as of ", "at ", "on "] {
            for (at, _) in lower.match_indices(word) {
                if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
                    continue;
                }
                if self.is_taken(at) {
                    continue;
                }
                if let Some((date, len)) = date_at(&lower[at + word.len()..]) {
                    self.found.push((at, PeriodKey::Instant(date)));
                    self.taken.push((at, at + word.len() + len));
                }
            }
        }
    }

    /// "year to date": the fiscal year to the end of the latest period the
    /// model reports.
    fn year_to_date(&mut self, statement: &Statement) {
        let latest = statement
            .periods
            .iter()
            .filter(|p| p.is_duration())
            .max_by_key(|p| {
                let e = p.span.end();
                (e.year, e.month, e.day)
            });
        let Some(latest) = latest else { return };
        let PeriodKey::Duration {
            ending_month, year, ..
        } = latest.span.key(self.fye)
        else {
            return;
        };
        for word in ["year to date", "year-to-date"] {
            for (at, _) in self.lower.match_indices(word) {
                self.found.push((
                    at,
                    PeriodKey::Duration {
                        months: ending_month,
                        ending_month,
                        year,
                    },
                ));
            }
        }
    }
}

/// The year of four digits `s` starts with.
fn year_at(s: &str) -> Option<i32> {
    let digits: String = s.chars().take(4).collect();
    (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// "MONTH DAY, YEAR" at the start of `s`: the date and its length.
fn date_at(s: &str) -> Option<(RawDate, usize)> {
    let month = MONTHS.iter().position(|m| s.starts_with(m))? as u32 + 1;
    let rest = &s[MONTHS[month as usize - 1].len()..];
    let rest_trim = rest.strip_prefix(' ')?;
    let digits: String = rest_trim.chars().take_while(char::is_ascii_digit).collect();
    let day: u32 = digits.parse().ok()?;
    let after = rest_trim[digits.len()..].strip_prefix(", ")?;
    let year = year_at(after)?;
    let len = s.len() - after.len() + 4;
    Some((RawDate { year, month, day }, len))
}

/// The quarter an ordinal just before `before`'s end names: ("third ", 3).
fn ordinal_before(before: &str) -> Option<(u32, usize)> {
    let trimmed = before.trim_end_matches([' ', '-']);
    for (word, n) in [("first", 1), ("second", 2), ("third", 3), ("fourth", 4)] {
        if trimmed.ends_with(word) {
            let start = trimmed.len() - word.len();
            if start == 0 || !trimmed.as_bytes()[start - 1].is_ascii_alphanumeric() {
                return Some((n, start));
            }
        }
    }
    None
}

/// Every figure of the text, each with its period.
fn figures(doc: &Doc, mentions: &[(usize, PeriodKey)]) -> Vec<Figure> {
    let lower = doc.flat.to_ascii_lowercase();
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < doc.flat.len() {
        let (figure, next) = figure_at(doc, &lower, i);
        out.extend(figure);
        i = next;
    }
    share_range_scale(&mut out, &lower);
    for f in &mut out {
        place_figure(f, doc, &lower, mentions);
    }
    out
}

/// The figure written at byte `i` of the text, if one starts there, and
/// where to read on from.
fn figure_at(doc: &Doc, lower: &str, i: usize) -> (Option<Figure>, usize) {
    let flat = &doc.flat;
    let bytes = flat.as_bytes();
    let dollar = bytes[i] == b'$';
    if !dollar && !number_starts(bytes, i) {
        return (None, i + 1);
    }
    let open = i > 0 && bytes[i - 1] == b'(';
    let inner_open = dollar && bytes.get(i + 1) == Some(&b'(');
    let number_start = i + usize::from(dollar) + usize::from(inner_open);
    let j = number_end(bytes, number_start);
    if j == number_start {
        return (None, i + 1);
    }
    let number_text: String = flat[number_start..j]
        .chars()
        .filter(|&c| c != ',')
        .collect();
    let Ok(number) = number_text.parse::<Decimal>() else {
        return (None, j);
    };
    let places = number_text.split('.').nth(1).map_or(0, |d| d.len() as u32);
    let Some((mut kind, scale, mut end)) = unit_after(flat, lower, j, dollar) else {
        return (None, j);
    };
    if (inner_open || open) && flat[end..].starts_with(')') {
        end += 1;
    }
    let start = if open { i - 1 } else { i };
    if kind == Kind::Money
        && scale == Decimal::ONE
        && let Some(after) = per_share_end(flat, end)
    {
        kind = Kind::PerShare;
        end = after;
    }
    let figure = Figure {
        at: start,
        line: doc.lines.get(start).copied().unwrap_or(1),
        written: flat[start..end].to_string(),
        kind,
        number,
        places,
        scale,
        approximate: approximate_before(lower, start),
        period: None,
        non_gaap: false,
        headline: false,
        context: Vec::new(),
    };
    (Some(figure), end)
}

/// Whether a bare number starts at byte `i`: a digit that does not go on a
/// word, a number, an amount or a range.
fn number_starts(bytes: &[u8], i: usize) -> bool {
    bytes[i].is_ascii_digit()
        && (i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || matches!(bytes[i - 1], b'.' | b',' | b'$' | b'-' | b':')))
}

/// Where the digits (with their thousands commas and decimal point) that
/// start at byte `j` end.
fn number_end(bytes: &[u8], mut j: usize) -> usize {
    while j < bytes.len()
        && (bytes[j].is_ascii_digit()
            || (matches!(bytes[j], b',' | b'.')
                && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)))
    {
        j += 1;
    }
    j
}

/// What the words after a number at `end` make it: money with its scale
/// word, or a percentage; with where the figure ends. A bare number that is
/// neither is no figure.
fn unit_after(flat: &str, lower: &str, end: usize, dollar: bool) -> Option<(Kind, Decimal, usize)> {
    if dollar {
        for (word, s) in [
            (" thousand", 1_000i64),
            (" million", 1_000_000),
            (" billion", 1_000_000_000),
        ] {
            if lower[end..].starts_with(word) {
                return Some((Kind::Money, Decimal::from(s), end + word.len()));
            }
        }
        Some((Kind::Money, Decimal::ONE, end))
    } else if flat[end..].starts_with('%') {
        Some((Kind::Percent, Decimal::ONE, end + 1))
    } else if lower[end..].starts_with(" percent") {
        Some((Kind::Percent, Decimal::ONE, end + " percent".len()))
    } else {
        None
    }
}

/// Where a "per diluted share" (or basic, or plain) after an amount ending
/// at `end` ends, if one follows.
fn per_share_end(flat: &str, end: usize) -> Option<usize> {
    let after = flat[end..].trim_start_matches(',');
    [" per diluted share", " per basic share", " per share"]
        .into_iter()
        .find(|phrase| after.to_ascii_lowercase().starts_with(phrase))
        .map(|phrase| flat.len() - after.len() + phrase.len())
}

/// Whether the words just before `start` say the figure is approximate.
fn approximate_before(lower: &str, start: usize) -> bool {
    let before = &lower[start.saturating_sub(24)..start];
    [
        "approximately ",
        "about ",
        "roughly ",
        "nearly ",
        "approx. ",
        "some ",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// "$40 to $43 million": the first end of a range takes the second's scale
/// word.
fn share_range_scale(out: &mut [Figure], lower: &str) {
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        let between = &lower[a.at + a.written.len()..b.at];
        if a.kind == Kind::Money
            && a.scale == Decimal::ONE
            && b.scale != Decimal::ONE
            && [" to ", " and ", "-", " - ", " to approximately "].contains(&between)
        {
            out[k - 1].scale = out[k].scale;
        }
    }
}

/// A figure read in its place: headline or not, non-GAAP or not, the words
/// of its clause, and the period its clause (or sentence, or the text
/// before) names.
fn place_figure(f: &mut Figure, doc: &Doc, lower: &str, mentions: &[(usize, PeriodKey)]) {
    let (s_start, s_end) = doc.sentence(f.at);
    let (_, headline) = doc.paragraph(f.at);
    f.headline = headline;
    let sentence = &lower[s_start..s_end];
    f.non_gaap = sentence.contains("non-gaap") || sentence.contains("non gaap");
    let (c_start, c_end) = clause(lower, (s_start, s_end), f.at);
    f.context = words(&doc.flat[c_start..f.at]);
    let in_range =
        |lo: usize, hi: usize| mentions.iter().filter(move |(at, _)| *at >= lo && *at < hi);
    f.period = in_range(c_start, f.at)
        .next_back()
        .or_else(|| in_range(f.at, c_end).next())
        .or_else(|| in_range(s_start, f.at).next_back())
        .or_else(|| in_range(f.at, s_end).next())
        .or_else(|| in_range(0, s_start).next_back())
        .map(|&(_, k)| k);
}

/// The clause of the sentence `(s_start, s_end)` a figure at `at` is in:
/// from the last "compared with" (or "; ", or "to $") before it to the next
/// after it.
fn clause(lower: &str, (s_start, s_end): (usize, usize), at: usize) -> (usize, usize) {
    let boundaries: Vec<usize> = ["compared with", "compared to", "versus", "; ", " to $"]
        .iter()
        .flat_map(|b| {
            lower[s_start..s_end]
                .match_indices(b)
                .map(|(k, _)| s_start + k)
        })
        .collect();
    let c_start = boundaries
        .iter()
        .copied()
        .filter(|&b| b < at)
        .max()
        .unwrap_or(s_start);
    let c_end = boundaries
        .iter()
        .copied()
        .filter(|&b| b > at)
        .min()
        .unwrap_or(s_end);
    (c_start, c_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement() -> Statement {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/atg/statements/atg.toml");
        crate::load::load_statement(&path).expect("the ATG model loads")
    }

    #[test]
    fn figures_with_scale_words_per_share_and_percent() {
        let s = statement();
        let doc = Doc::read(
            "Net loss for the third quarter of 2003 was $3.2 million, or ($0.04) per share, \
             compared with $3.1 million in the third quarter of 2002. Margins were 68%. \
             Cash will be approximately $40 to $43 million at December 31, 2003.",
        );
        let mentions = periods(&doc.flat, &s);
        let figures = figures(&doc, &mentions);
        let written: Vec<&str> = figures.iter().map(|f| f.written.as_str()).collect();
        assert_eq!(
            written,
            [
                "$3.2 million",
                "($0.04) per share",
                "$3.1 million",
                "68%",
                "$40",
                "$43 million"
            ]
        );
        assert_eq!(figures[1].kind, Kind::PerShare);
        assert_eq!(figures[3].kind, Kind::Percent);
        assert_eq!(
            figures[4].scale,
            Decimal::from(1_000_000),
            "a range's scale word"
        );
        assert!(figures[4].approximate);
        let q3 = |year| PeriodKey::Duration {
            months: 3,
            ending_month: 9,
            year,
        };
        assert_eq!(figures[0].period, Some(q3(2003)));
        assert_eq!(
            figures[2].period,
            Some(q3(2002)),
            "the clause after 'compared with'"
        );
        assert_eq!(
            figures[5].period,
            Some(PeriodKey::Instant(RawDate {
                year: 2003,
                month: 12,
                day: 31
            }))
        );
    }

    #[test]
    fn a_figure_ties_at_the_texts_own_rounding() {
        let f = |number: &str, scale: i64, approximate: bool| Figure {
            at: 0,
            line: 1,
            written: String::new(),
            kind: Kind::Money,
            number: number.parse().unwrap(),
            places: number.split('.').nth(1).map_or(0, |d| d.len() as u32),
            scale: Decimal::from(scale),
            approximate,
            period: None,
            non_gaap: false,
            headline: false,
            context: Vec::new(),
        };
        let thousand = |v: i64| Decimal::from(v * 1000);
        assert!(ties_at(&f("3.2", 1_000_000, false), thousand(-3195)));
        assert!(ties_at(&f("16.0", 1_000_000, false), thousand(16009)));
        assert!(!ties_at(&f("3.1", 1_000_000, false), thousand(-3195)));
        assert!(ties_at(&f("52", 1_000_000, false), thousand(52356)));
        assert!(!ties_at(&f("51", 1_000_000, false), thousand(52356)));
        assert!(ties_at(&f("53", 1_000_000, true), thousand(52356)));
        assert!(!ties_at(&f("54", 1_000_000, true), thousand(52356)));
    }
}

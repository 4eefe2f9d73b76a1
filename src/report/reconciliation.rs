//! The reconciliation table: for each measure, the GAAP figure first, each
//! adjustment that moves it, the income-tax effect on its own line (after-tax
//! measures), the non-GAAP figure; per-share blocks the same way; then the
//! share counts used and why, and numbered notes.

use rust_decimal::Decimal;

use super::{Cell, ColumnHead, Mark, Row, RowKey, RowStyle, Scale, Source, Table, number};
use crate::engine::AdjustmentSummary;
use crate::model::{NonGaapMeasure, TaxEffect};
use crate::view::{
    AmountBlock, AmountColumn, Block, Crossing, Margin, PerShareBlock, PerShareColumn, RatioBlock,
    Reconciliation, ShareBasis,
};

/// The reconciliation as a table: each block's rows, the share counts used,
/// and the numbered notes the rows refer to.
pub fn reconciliation_table(rec: &Reconciliation, scale: Scale) -> Table {
    let has_per_share = rec.blocks.iter().any(|b| matches!(b, Block::PerShare(_)));
    let mut table = Builder {
        rec,
        scale,
        notes: Notes::default(),
        taxed: vec![false; rec.adjustments.len()],
        rounding_details: Vec::new(),
        rows: Vec::new(),
    };
    for (i, block) in rec.blocks.iter().enumerate() {
        if i > 0 {
            table.rows.push(Row::blank());
        }
        table.block(block);
    }
    if has_per_share {
        table.shares_used();
    }
    let Builder {
        mut notes,
        rows,
        rounding_details,
        taxed,
        ..
    } = table;
    fill_notes(rec, &mut notes, &rounding_details, &taxed);
    let mut notes = notes.finish();
    diluted_count_notes(rec, &mut notes);
    period_notes(rec, &mut notes);
    let mut table = Table {
        title: vec![rec.entity.clone(), reconciliation_title(rec)],
        scale,
        columns: rec.periods.iter().cloned().map(ColumnHead::from).collect(),
        period: None,
        per_share: has_per_share,
        rows,
        notes,
    };
    super::settle_marks(&mut table, rec.non_gaap_first);
    table
}

/// Writes the notes whose text is known only once every row is built: on
/// rounding, on the income-tax effect, and on the per-share basis.
fn fill_notes(
    rec: &Reconciliation,
    notes: &mut Notes,
    rounding_details: &[String],
    taxed: &[bool],
) {
    notes.fill(NoteKey::Rounding, || {
        format!(
            "Figures are rounded one by one, as published, so some columns do not sum: {}.",
            rounding_details.join("; ")
        )
    });
    notes.fill(NoteKey::Tax, || tax_note(rec, taxed));
    notes.fill(NoteKey::Basis, || {
        format!(
            "{}Per-share figures divide by diluted weighted average shares when the result is income, and by basic \
             shares when it is a loss, because potential common shares are then anti-dilutive.{}",
            if rec.preferred_dividends {
                format!(
                    "{} is {} less preferred dividends. ",
                    upper_first(&rec.per_share_subject),
                    rec.per_share_subject.replace(" available to common shareholders", "")
                )
            } else {
                String::new()
            },
            basis_differences(rec)
        ) + &rec.standard.say(if_converted_sentence(rec))
    });
}

/// A numbered note per period whose non-GAAP diluted figure had no count
/// of its own.
fn diluted_count_notes(rec: &Reconciliation, notes: &mut Vec<String>) {
    for (period, missing) in rec.periods.iter().zip(diluted_counts_missing(rec)) {
        if missing {
            let mark = Mark(notes.len() + 1);
            notes.push(rec.standard.say(&format!(
                "({mark}) {}: the GAAP result is a loss, so the release's diluted count equals basic shares, but the \
                 non-GAAP result is income; the statement model records no shares.non_gaap_diluted, so the \
                 non-GAAP per-share figure uses the reported diluted count.",
                period.header
            )));
        }
    }
}

/// A note per period that is derived or has no per-share figures, saying
/// why. Not referred to by a mark: the column header says "(derived)".
fn period_notes(rec: &Reconciliation, notes: &mut Vec<String>) {
    for (period, missing) in rec.periods.iter().zip(shares_missing(rec)) {
        let shares = match (&period.derived, missing) {
            (Some(_), true) => {
                " Weighted average shares are not additive, and the statement model states none \
                                for this period, so it has no per-share figures."
            }
            (None, true) => {
                " The statement model states no weighted average shares for this period, and no \
                 complete per-share bridge (the GAAP figure in [period.eps] and a [per_share] \
                 amount for every adjustment that moves it), so it has no per-share figures."
            }
            (_, false) => "",
        };
        match &period.derived {
            Some(how) => notes.push(format!(
                "Note: {} is derived: {how}.{shares}",
                period.header
            )),
            None if missing => notes.push(format!("Note: {}.{shares}", period.header)),
            None => {}
        }
    }
}

/// The table's title: of net income alone where every block reconciles
/// net income (loss), else of measures; in the order the bridge runs.
fn reconciliation_title(rec: &Reconciliation) -> String {
    let only_net_income = rec.blocks.iter().all(|b| match b {
        Block::Amount(a) => a.measure == NonGaapMeasure::NetIncome,
        Block::PerShare(p) => p.measure == NonGaapMeasure::NetIncome,
        Block::Ratio(_) => false,
    });
    if only_net_income && rec.per_share_subject.starts_with("net income (loss)") {
        rec.standard.say(if rec.non_gaap_first {
            "Reconciliation of Non-GAAP to GAAP Net Income (Loss)"
        } else {
            "Reconciliation of GAAP to Non-GAAP Net Income (Loss)"
        })
    } else {
        rec.standard.say(if rec.non_gaap_first {
            "Reconciliation of Non-GAAP to GAAP Measures"
        } else {
            "Reconciliation of GAAP to Non-GAAP Measures"
        })
    }
}

/// A block's bridge as a release prints it from the non-GAAP figure to
/// GAAP: the rows from the GAAP row to the non-GAAP row reversed, each row
/// between them with the opposite sign, the non-GAAP figure first and the
/// GAAP figure its total. The figures are the same; only their order and
/// the adjustments' signs change.
fn non_gaap_first(rows: &mut [Row]) {
    let mut at = 0;
    while at < rows.len() {
        let Some(first) = rows[at..].iter().position(|r| r.key.kind == "gaap") else {
            return;
        };
        let first = at + first;
        let Some(last) = rows[first..].iter().position(|r| r.key.kind == "non_gaap") else {
            return;
        };
        let last = first + last;
        rows[first..=last].reverse();
        for row in &mut rows[first + 1..last] {
            for cell in &mut row.cells {
                if let Cell::Money(v) | Cell::PerShare(v) = cell {
                    *v = -*v;
                }
            }
        }
        rows[first].style = RowStyle::First;
        rows[last].style = RowStyle::Total;
        at = last + 1;
    }
}

/// Rows under construction, with the note marks they refer to.
struct Builder<'a> {
    rec: &'a Reconciliation,
    scale: Scale,
    notes: Notes,
    /// Per adjustment: its tax effect is on a row of this table, so the tax
    /// note explains it.
    taxed: Vec<bool>,
    /// One entry per column that does not sum after rounding.
    rounding_details: Vec<String>,
    rows: Vec<Row>,
}

/// One figure row before it becomes cells: label, and a value per column.
struct Line {
    label: String,
    values: Vec<Decimal>,
    key: RowKey,
}

impl Builder<'_> {
    /// One block's rows, keyed to its measure, in the order the bridge runs.
    fn block(&mut self, block: &Block) {
        let start = self.rows.len();
        let id = match block {
            Block::Amount(block) => {
                self.amount_block(block);
                &block.id
            }
            Block::PerShare(block) => {
                self.per_share_block(block);
                &block.id
            }
            Block::Ratio(block) => {
                self.ratio_block(block);
                &block.id
            }
        };
        for row in &mut self.rows[start..] {
            row.key.measure = Some(id.clone());
        }
        if self.rec.non_gaap_first {
            non_gaap_first(&mut self.rows[start..]);
        }
    }

    /// An amount block: the GAAP figure, the rows that move it, the non-GAAP
    /// figure with its notes, and the gross margins where the measure has
    /// them.
    fn amount_block(&mut self, block: &AmountBlock) {
        let lines = self.amount_lines(block);
        let gaap: Vec<Decimal> = block.columns.iter().map(|c| c.gaap).collect();
        // The figure the release prints, where recorded; a difference from
        // the computed one is noted on the row.
        let non_gaap: Vec<Decimal> = block
            .columns
            .iter()
            .map(|c| c.printed.unwrap_or(c.non_gaap))
            .collect();
        self.rows.push(
            Row::figures(block.gaap_label.clone(), 0, RowStyle::First, money(&gaap))
                .keyed(RowKey::kind("gaap")),
        );
        for line in &lines {
            self.rows.push(
                Row::figures(line.label.clone(), 1, RowStyle::Detail, money(&line.values))
                    .keyed(line.key.clone()),
            );
        }
        let total = self.amount_total_label(block, &gaap, &lines, &non_gaap);
        self.rows.push(
            Row::figures(total, 0, RowStyle::Total, money(&non_gaap))
                .keyed(RowKey::kind("non_gaap"))
                .sourced(
                    block
                        .columns
                        .iter()
                        .map(|c| Source::new(c.non_gaap, c.printed))
                        .collect(),
                ),
        );
        if block.columns.iter().any(|c| c.margin.is_some()) {
            self.margin_rows(block);
        }
    }

    /// The rows between an amount block's GAAP and non-GAAP figures: the
    /// definition's terms, then each adjustment and tax row.
    fn amount_lines(&mut self, block: &AmountBlock) -> Vec<Line> {
        let mut lines: Vec<Line> = block
            .term_labels
            .iter()
            .enumerate()
            .map(|(t, label)| Line {
                label: label.clone(),
                values: block.columns.iter().map(|c| c.terms[t]).collect(),
                key: term_key(&block.term_ids, t),
            })
            .collect();
        lines.extend(
            self.adjustment_lines(
                &block.order,
                &block.moves,
                &block.taxed,
                block.after_tax,
                &block
                    .columns
                    .iter()
                    .map(|c| (&c.effects[..], &c.taxes[..], c.tax))
                    .collect::<Vec<_>>(),
                true,
            ),
        );
        lines
    }

    /// An amount block's non-GAAP label, with its notes: not a published
    /// measure, its rationale, not footing after rounding, a line the
    /// adjustments cross, and a figure printed otherwise than computed.
    fn amount_total_label(
        &mut self,
        block: &AmountBlock,
        gaap: &[Decimal],
        lines: &[Line],
        non_gaap: &[Decimal],
    ) -> String {
        let mut total = block.non_gaap_label.clone();
        if let Some(mark) = self.unpublished(block.measure, None, &block.non_gaap_label) {
            total.push_str(&format!(" ({mark})"));
        }
        if let Some(rationale) = &block.rationale {
            let text = format!("{}: {}", block.non_gaap_label, one_line(rationale));
            self.note_on(&mut total, text);
        }
        let scale = self.scale;
        let off = not_footing(gaap, lines, non_gaap, |v| scale.round(v));
        if !off.is_empty() {
            let places = scale.places();
            let off: Vec<_> = off
                .into_iter()
                .map(|(col, sum, total)| {
                    (
                        col,
                        figure(sum, places),
                        Cell::Money(total).shown(false, &scale),
                    )
                })
                .collect();
            let mark = self.rounding(&off, &lower_first(&block.non_gaap_label));
            total.push_str(&format!(" ({mark})"));
        }
        for crossing in &block.crossings {
            let text = self.crossing_note(crossing);
            self.note_on(&mut total, text);
        }
        for text in self.amount_printed_notes(block) {
            self.note_on(&mut total, text);
        }
        total
    }

    /// The note on a line the adjustments exclude more of than it holds, or
    /// turn to the other sign.
    fn crossing_note(&self, crossing: &Crossing) -> String {
        let scale = self.scale;
        let shown = |v: Decimal| Cell::Money(v).shown(false, &scale);
        let header = &self.rec.periods[crossing.column].header;
        let what = if crossing.removed.abs() > crossing.gaap.abs() {
            "more than the line itself"
        } else {
            "which turns the line to the other sign"
        };
        format!(
            "{header}: the adjustments exclude {} from {}, which is {}: {what}, so its {} amount is {}.",
            shown(crossing.removed),
            crossing.line_label,
            shown(crossing.gaap),
            self.rec.standard.non_gaap_lower(),
            shown(crossing.non_gaap),
        )
    }

    /// Per column whose non-GAAP amount the release prints other than the
    /// computed one: the two figures.
    fn amount_printed_notes(&self, block: &AmountBlock) -> Vec<String> {
        let scale = self.scale;
        block
            .columns
            .iter()
            .enumerate()
            .filter_map(|(col, c)| {
                let printed = c.printed?;
                (number::round(c.non_gaap, printed.scale()) != printed).then(|| {
                    format!(
                        "{}: the release prints {} {}; computed from the model it is {}.",
                        self.rec.periods[col].header,
                        lower_first(&block.non_gaap_label),
                        Cell::Money(printed).shown(false, &scale),
                        Cell::Money(c.non_gaap).shown(false, &scale),
                    )
                })
            })
            .collect()
    }

    /// The GAAP and non-GAAP gross margin rows under an amount block.
    fn margin_rows(&mut self, block: &AmountBlock) {
        let percent = |f: fn(&AmountColumn) -> Option<Decimal>| {
            block
                .columns
                .iter()
                .map(|c| f(c).map_or(Cell::Text("n/a".into()), |v| Cell::Percent(v, 0)))
                .collect()
        };
        self.rows.push(
            Row::figures(
                self.rec.standard.say("GAAP gross margin"),
                0,
                RowStyle::Detail,
                percent(|c| c.margin.and_then(|m| m.gaap)),
            )
            .keyed(RowKey::kind("gaap_margin")),
        );
        self.rows.push(
            Row::figures(
                self.rec.standard.say("Non-GAAP gross margin"),
                0,
                RowStyle::Detail,
                percent(|c| c.margin.and_then(|m| m.non_gaap)),
            )
            .keyed(RowKey::kind("non_gaap_margin")),
        );
    }

    fn ratio_block(&mut self, block: &RatioBlock) {
        // A percentage prints its sign; a figure per unit of a statistic
        // (cents per available seat mile) is a plain number.
        let figure = |v: Decimal, places: u32| match block.unit {
            crate::model::RatioUnit::Percent => Cell::Percent(v, places),
            _ => Cell::Number(v, places),
        };
        // Each side n/a only where its own division cannot be made.
        let cells = |f: fn(&Margin) -> Option<Decimal>| -> Vec<Cell> {
            block
                .columns
                .iter()
                .map(|c| {
                    c.as_ref()
                        .and_then(f)
                        .map_or(Cell::Text("n/a".into()), |v| figure(v, block.places))
                })
                .collect()
        };
        let (gaap_label, mut label) = match &block.row_labels {
            Some((gaap, non_gaap)) => (gaap.clone(), non_gaap.clone()),
            None => (
                format!("{} {}", self.rec.standard.gaap(), block.label),
                format!("{} {}", self.rec.standard.non_gaap(), block.label),
            ),
        };
        self.rows.push(
            Row::figures(gaap_label, 0, RowStyle::First, cells(|m| m.gaap))
                .keyed(RowKey::kind("gaap")),
        );
        if let Some(mark) = self.unpublished(block.measure, None, &label) {
            label.push_str(&format!(" ({mark})"));
        }
        let mut shown = cells(|m| m.non_gaap);
        for (col, printed) in block.printed.iter().enumerate() {
            let (Some(printed), Some(computed)) =
                (printed, block.columns[col].and_then(|m| m.non_gaap))
            else {
                continue;
            };
            shown[col] = figure(*printed, printed.scale());
            if number::round(computed, printed.scale()) != *printed {
                let text = format!(
                    "{}: the release prints {} {} of {}%; computed from the model it is {}%.",
                    self.rec.periods[col].header,
                    self.rec.standard.non_gaap_lower(),
                    block.label,
                    number::format(*printed, printed.scale(), false),
                    number::format(computed, printed.scale() + 1, false),
                );
                let mark = self.notes.mark(NoteKey::Text(text.clone()), text);
                label.push_str(&format!(" ({mark})"));
            }
        }
        let sources = block
            .columns
            .iter()
            .zip(&block.printed)
            .map(|(m, printed)| match m.and_then(|m| m.non_gaap) {
                Some(computed) => Source::new(computed, *printed),
                None => Source::default(),
            })
            .collect();
        self.rows.push(
            Row::figures(label, 0, RowStyle::Total, shown)
                .keyed(RowKey::kind("non_gaap"))
                .sourced(sources),
        );
    }

    /// A per-share block: the GAAP figure, the rows that move it, and the
    /// non-GAAP figure, each with its notes.
    fn per_share_block(&mut self, block: &PerShareBlock) {
        let (shown, published_differs) = self.published_per_share(block);
        let lines = self.per_share_lines(block, &shown);
        let (gaap, gaap_missing) = gaap_per_share(block);
        let figures = PerShareFigures {
            gaap,
            gaap_missing,
            non_gaap: per_share_figures(block, &|c| c.printed.unwrap_or(c.non_gaap)),
            lines,
            published_differs,
        };
        let gaap_label = self.per_share_gaap_label(block);
        self.per_share_rows(block, gaap_label, &figures);
        let total = self.per_share_total_label(block, &figures);
        self.rows.push(
            Row::figures(
                total,
                0,
                RowStyle::Total,
                per_share_cells(&figures.non_gaap),
            )
            .keyed(RowKey::kind("non_gaap"))
            .sourced(per_share_sources(block, &|c| {
                Source::new(c.non_gaap, c.printed)
            })),
        );
    }

    /// Per column, the adjustments' per-share amounts (effects, taxes) with
    /// those the release prints in place of the computed ones; a difference
    /// after rounding is noted, not hidden, and the flag says there was one.
    fn published_per_share(&mut self, block: &PerShareBlock) -> (Vec<ShownAmounts>, bool) {
        let mut published_differs = false;
        let mut shown = Vec::new();
        for (col, column) in block.columns.iter().enumerate() {
            let Some(c) = column else {
                shown.push((Vec::new(), Vec::new()));
                continue;
            };
            let mut effects = c.effects.clone();
            let mut taxes = c.taxes.clone();
            for (a, published) in c.published.iter().enumerate() {
                let Some(printed) = *published else { continue };
                let amount = if self.rec.adjustments[a].tax_only {
                    &mut taxes[a]
                } else {
                    &mut effects[a]
                };
                if self.published_differs(block, col, a, *amount, printed) {
                    published_differs = true;
                }
                *amount = printed;
            }
            shown.push((effects, taxes));
        }
        (shown, published_differs)
    }

    /// Whether an adjustment's per-share amount the release prints differs
    /// from the computed one after rounding; if so, the rounding note says so.
    fn published_differs(
        &mut self,
        block: &PerShareBlock,
        col: usize,
        a: usize,
        computed: Decimal,
        printed: Decimal,
    ) -> bool {
        if number::round(computed, 2) == number::round(printed, 2) {
            return false;
        }
        let summary = &self.rec.adjustments[a];
        let text = format!(
            "{}, {}: the release prints {} per {} share; the amount divided by the shares gives {} ({})",
            self.rec.periods[col].header,
            summary.label,
            number::format(printed, printed.scale().max(2), false),
            basis_name(block.basis),
            number::format(computed, 2, false),
            computed.round_dp(6).normalize(),
        );
        self.rounding_details.push(text);
        true
    }

    /// The rows between a per-share block's GAAP and non-GAAP figures: the
    /// definition's terms, the effect of a switch of share count, each
    /// adjustment (amounts as `shown`), and preferred dividends added back.
    fn per_share_lines(&mut self, block: &PerShareBlock, shown: &[ShownAmounts]) -> Vec<Line> {
        let present: Vec<&PerShareColumn> = block.columns.iter().flatten().collect();
        let mut lines: Vec<Line> = block
            .term_labels
            .iter()
            .enumerate()
            .map(|(t, label)| Line {
                label: label.clone(),
                values: per_share_values(block, &|c| c.terms[t]),
                key: term_key(&block.term_ids, t),
            })
            .collect();
        if present
            .iter()
            .any(|c| c.gaap_shares.count != c.non_gaap_shares.count)
        {
            let mark = self.notes.mark(NoteKey::Basis, String::new());
            lines.push(Line {
                label: format!(
                    "Effect of the share count used for {} ({mark})",
                    self.rec.standard.non_gaap_lower()
                ),
                values: per_share_values(block, &|c| c.share_count_effect),
                key: RowKey::kind("share_count_effect"),
            });
        }
        let columns: Vec<(&[Decimal], &[Decimal], Decimal)> = block
            .columns
            .iter()
            .zip(shown)
            .map(|(c, (effects, taxes))| {
                c.as_ref().map_or((&[][..], &[][..], Decimal::ZERO), |c| {
                    (&effects[..], &taxes[..], c.tax)
                })
            })
            .collect();
        lines.extend(self.adjustment_lines(
            &block.order,
            &block.moves,
            &block.taxed,
            block.after_tax,
            &columns,
            false,
        ));
        if present.iter().any(|c| !c.if_converted.is_zero()) {
            lines.push(Line {
                label: "Preferred dividends added back, if converted".to_string(),
                values: per_share_values(block, &|c| c.if_converted),
                key: RowKey::kind("if_converted"),
            });
        }
        lines
    }

    /// A per-share block's GAAP label, with the notes on a GAAP figure the
    /// release prints otherwise and on columns with no GAAP share count.
    fn per_share_gaap_label(&mut self, block: &PerShareBlock) -> String {
        let mut label = block.gaap_label.clone();
        for text in self.gaap_printed_notes(block) {
            self.note_on(&mut label, text);
        }
        if let Some(text) = self.non_gaap_count_only_note(block) {
            self.note_on(&mut label, text);
        }
        label
    }

    /// Per column whose GAAP figure per share the release prints other than
    /// the one computed from the printed figures: why it differs.
    fn gaap_printed_notes(&self, block: &PerShareBlock) -> Vec<String> {
        let mut notes = Vec::new();
        for (col, c) in block.columns.iter().enumerate() {
            let Some(c) = c.as_ref().filter(|c| !c.gaap_missing) else {
                continue;
            };
            let Some(printed) = c.gaap_printed else {
                continue;
            };
            if number::round(c.gaap, printed.scale().max(2)) != printed {
                notes.push(if c.gaap_ytd_difference {
                    format!(
                        "{}: the release computes {} as year to date less the prior year to date, {}; the period's own figures give {}, from which the rows below it are computed.",
                        self.rec.periods[col].header,
                        lower_first(&block.gaap_label),
                        number::format(printed, printed.scale().max(2), false),
                        number::format(c.gaap, 2, false),
                    )
                } else {
                    format!(
                        "{}: the release prints {} {}, computed from unrounded figures; from the figures as printed it is {}.",
                        self.rec.periods[col].header,
                        lower_first(&block.gaap_label),
                        number::format(printed, printed.scale().max(2), false),
                        number::format(c.gaap, 2, false),
                    )
                });
            }
        }
        notes
    }

    /// The note on the columns that give only a non-GAAP share count, if any.
    fn non_gaap_count_only_note(&self, block: &PerShareBlock) -> Option<String> {
        let alone: Vec<(String, String)> = block
            .columns
            .iter()
            .zip(&self.rec.periods)
            .filter_map(|(c, p)| {
                let c = c.as_ref().filter(|c| c.gaap_missing)?;
                Some((
                    p.header.clone(),
                    format!(
                        "{} {}",
                        number::format(
                            c.non_gaap_shares.count,
                            c.non_gaap_shares.count.scale(),
                            false
                        ),
                        basis_name(c.non_gaap_shares.basis),
                    ),
                ))
            })
            .collect();
        if alone.is_empty() {
            return None;
        }
        let (headers, counts): (Vec<String>, Vec<String>) = alone.into_iter().unzip();
        Some(format!(
            "{}: the release prints no GAAP share count; the {} divides the non-GAAP numerator by the non-GAAP count the release prints ({}), and no GAAP figure per share is computed on a non-GAAP count (one the release prints is shown as printed).",
            headers.join("; "),
            lower_first(&block.non_gaap_label),
            counts.join("; "),
        ))
    }

    /// A per-share block's GAAP row and the rows under it.
    fn per_share_rows(&mut self, block: &PerShareBlock, label: String, figures: &PerShareFigures) {
        self.rows.push(
            Row::figures(label, 0, RowStyle::First, per_share_cells(&figures.gaap))
                .keyed(RowKey::kind("gaap"))
                .sourced(per_share_sources(block, &|c| {
                    if c.gaap_missing {
                        c.gaap_printed
                            .map_or_else(Source::default, |p| Source::new(p, Some(p)))
                    } else {
                        Source::new(c.gaap, c.gaap_printed)
                    }
                })),
        );
        for line in &figures.lines {
            let row = self.per_share_line_row(block, line);
            self.rows.push(row);
        }
    }

    /// One row between a per-share block's GAAP and non-GAAP figures, empty
    /// in a column with no GAAP figure. An adjustment's row shows the amount
    /// the release prints where recorded; the computed one is kept beside it.
    fn per_share_line_row(&self, block: &PerShareBlock, line: &Line) -> Row {
        let values: Vec<Option<Decimal>> = line
            .values
            .iter()
            .zip(&block.columns)
            .map(|(&v, c)| c.as_ref().filter(|c| !c.gaap_missing).map(|_| v))
            .collect();
        let adjustment = (line.key.kind == "adjustment")
            .then(|| {
                let id = line.key.adjustment.as_deref()?;
                self.rec.adjustments.iter().position(|a| a.id == id)
            })
            .flatten();
        let row = Row::figures(
            line.label.clone(),
            1,
            RowStyle::Detail,
            per_share_cells(&values),
        )
        .keyed(line.key.clone());
        let Some(a) = adjustment else {
            return row;
        };
        let tax_only = self.rec.adjustments[a].tax_only;
        row.sourced(per_share_sources(block, &|c| {
            let computed = if tax_only { c.taxes[a] } else { c.effects[a] };
            Source::new(computed, c.published.get(a).copied().flatten())
        }))
    }

    /// A per-share block's non-GAAP label, with its notes: not a published
    /// measure, not footing after rounding, printed otherwise than computed,
    /// and the release's own per-share bridge.
    fn per_share_total_label(
        &mut self,
        block: &PerShareBlock,
        figures: &PerShareFigures,
    ) -> String {
        let mut total = block.non_gaap_label.clone();
        if let Some(mark) = self.unpublished(
            block.measure,
            Some(block.basis == ShareBasis::Diluted),
            &block.non_gaap_label,
        ) {
            total.push_str(&format!(" ({mark})"));
        }
        if let Some(mark) = self.per_share_footing(block, figures) {
            total.push_str(&format!(" ({mark})"));
        }
        for text in self.non_gaap_printed_notes(block) {
            self.note_on(&mut total, text);
        }
        if let Some(text) = self.bridge_note(block) {
            self.note_on(&mut total, text);
        }
        total
    }

    /// The rounding note's mark where a per-share block's columns do not sum
    /// after rounding, or where a printed per-share amount differs. Columns
    /// without a GAAP figure have nothing to foot; a year-to-date difference
    /// is not the quarter's own figure: the rows add to the non-GAAP figure
    /// from the latter, which its note gives, so the column is footed from
    /// it, not called rounding.
    fn per_share_footing(
        &mut self,
        block: &PerShareBlock,
        figures: &PerShareFigures,
    ) -> Option<Mark> {
        let missing = &figures.gaap_missing;
        let footed: Vec<Option<Decimal>> = figures
            .non_gaap
            .iter()
            .zip(missing)
            .map(|(v, &missing)| if missing { None } else { *v })
            .collect();
        let footed_lines: Vec<Line> = figures
            .lines
            .iter()
            .map(|l| Line {
                label: l.label.clone(),
                values: l
                    .values
                    .iter()
                    .zip(missing)
                    .map(|(&v, &missing)| if missing { Decimal::ZERO } else { v })
                    .collect(),
                key: l.key.clone(),
            })
            .collect();
        let footed_gaap: Vec<Option<Decimal>> = figures
            .gaap
            .iter()
            .zip(missing)
            .zip(&block.columns)
            .map(|((v, &missing), c)| match c {
                _ if missing => None,
                Some(c) if c.gaap_ytd_difference => Some(c.gaap),
                _ => *v,
            })
            .collect();
        let off = not_footing(&flat(&footed_gaap), &footed_lines, &flat(&footed), |v| {
            number::round(v, 2)
        });
        if !off.is_empty() {
            let what = lower_first(&block.non_gaap_label);
            let off: Vec<_> = off
                .into_iter()
                .map(|(col, sum, total)| (col, figure(sum, 2), number::format(total, 2, false)))
                .collect();
            Some(self.rounding(&off, &what))
        } else if figures.published_differs {
            Some(self.notes.mark(NoteKey::Rounding, String::new()))
        } else {
            None
        }
    }

    /// Per column whose non-GAAP figure per share the release prints other
    /// than the computed one: the two figures.
    fn non_gaap_printed_notes(&self, block: &PerShareBlock) -> Vec<String> {
        block
            .columns
            .iter()
            .enumerate()
            .filter_map(|(col, c)| {
                let c = c.as_ref()?;
                let printed = c.printed?;
                (number::round(c.non_gaap, printed.scale().max(2)) != printed).then(|| {
                    format!(
                        "{}: the release prints {} {}; computed from the model it is {}.",
                        self.rec.periods[col].header,
                        lower_first(&block.non_gaap_label),
                        number::format(printed, printed.scale().max(2), false),
                        number::format(c.non_gaap, 2, false),
                    )
                })
            })
            .collect()
    }

    /// The note on the columns that are the release's own per-share bridge
    /// (no share counts printed), if any.
    fn bridge_note(&self, block: &PerShareBlock) -> Option<String> {
        let bridged: Vec<&str> = block
            .columns
            .iter()
            .zip(&self.rec.periods)
            .filter(|(c, _)| c.as_ref().is_some_and(|c| c.bridge))
            .map(|(_, p)| p.header.as_str())
            .collect();
        if bridged.is_empty() {
            return None;
        }
        Some(format!(
            "{}: the release prints no share counts; the {} is the release's own per-share bridge, {} as printed plus each adjustment's per-share amount as printed.",
            bridged.join("; "),
            lower_first(&block.non_gaap_label),
            lower_first(&block.gaap_label),
        ))
    }

    /// Adds the note `text` (once per text) and its mark to `label`.
    fn note_on(&mut self, label: &mut String, text: String) {
        let mark = self.notes.mark(NoteKey::Text(text.clone()), text);
        label.push_str(&format!(" ({mark})"));
    }

    /// The note on a measure the release does not publish (the model says
    /// which it does), shown because it was asked for by name.
    fn unpublished(
        &mut self,
        measure: NonGaapMeasure,
        per_share: Option<bool>,
        label: &str,
    ) -> Option<Mark> {
        let list = self.rec.release_measures.as_ref()?;
        if crate::model::is_published(list, measure, per_share) {
            return None;
        }
        let text = format!(
            "{label}: not a measure the release publishes; shown because it was asked for by name. Adjustments that a declared measure takes reach only that measure."
        );
        Some(self.notes.mark(NoteKey::Text(text.clone()), text))
    }

    /// A label with the mark of its note. Amount blocks mark every row;
    /// per-share blocks only a row whose note no earlier row refers to.
    fn marked(
        &mut self,
        label: String,
        key: NoteKey,
        text: impl FnOnce() -> String,
        always: bool,
    ) -> String {
        if !always && self.notes.has(&key) {
            return label;
        }
        let mark = self.notes.mark(key, text());
        format!("{label} ({mark})")
    }

    /// The rows between GAAP and non-GAAP: each adjustment that moves the
    /// measure; for after-tax measures the combined income-tax row, a row
    /// per adjustment whose file asks for one, and tax-only adjustments.
    fn adjustment_lines(
        &mut self,
        order: &[usize],
        moves: &[bool],
        taxed: &[bool],
        after_tax: bool,
        columns: &[(&[Decimal], &[Decimal], Decimal)],
        always: bool,
    ) -> Vec<Line> {
        let bridge = Bridge {
            order,
            moves,
            columns,
            always,
        };
        let mut lines = Vec::new();
        self.effect_lines(&mut lines, &bridge, &|a| !a.tax_only && !a.after_taxes);
        if after_tax {
            self.tax_lines(&mut lines, &bridge, taxed);
            self.tax_only_lines(&mut lines, &bridge);
        }
        self.effect_lines(&mut lines, &bridge, &|a| a.after_taxes);
        lines
    }

    /// Each adjustment's own row, for those `pick` selects, in order.
    fn effect_lines(
        &mut self,
        lines: &mut Vec<Line>,
        bridge: &Bridge,
        pick: &dyn Fn(&AdjustmentSummary) -> bool,
    ) {
        let rec = self.rec;
        for &i in bridge.order {
            let adjustment = &rec.adjustments[i];
            if bridge.moves[i] && pick(adjustment) {
                let line = self.adjustment_line(i, bridge, bridge.effects(i));
                lines.push(line);
            }
        }
    }

    /// The income-tax rows of an after-tax measure: the combined row, then a
    /// row per adjustment whose file asks for one; adjustments stated net of
    /// tax or covered by another have none.
    fn tax_lines(&mut self, lines: &mut Vec<Line>, bridge: &Bridge, taxed: &[bool]) {
        let adjustments = &self.rec.adjustments;
        let stated_apart = |i: usize| {
            matches!(
                adjustments[i].tax,
                TaxEffect::NetOfTax | TaxEffect::Covered { .. }
            )
        };
        let combined: Vec<usize> = (0..adjustments.len())
            .filter(|&i| taxed[i] && !adjustments[i].tax_own_line && !stated_apart(i))
            .collect();
        let own: Vec<usize> = (0..adjustments.len())
            .filter(|&i| taxed[i] && adjustments[i].tax_own_line && !stated_apart(i))
            .collect();
        for &i in combined.iter().chain(&own) {
            self.taxed[i] = true;
        }
        if !combined.is_empty() {
            lines.push(Line {
                label: self.marked(
                    "Income tax effect of adjustments".to_string(),
                    NoteKey::Tax,
                    String::new,
                    bridge.always,
                ),
                values: bridge.columns.iter().map(|&(_, _, tax)| tax).collect(),
                key: RowKey::kind("tax"),
            });
        }
        let rec = self.rec;
        for i in own {
            lines.push(Line {
                label: self.marked(
                    format!(
                        "Income tax effect of {}",
                        lower_first(&rec.adjustments[i].label)
                    ),
                    NoteKey::Tax,
                    String::new,
                    bridge.always,
                ),
                values: bridge.taxes(i),
                key: RowKey::kind("tax").adjustment(&rec.adjustments[i].id),
            });
        }
    }

    /// The rows of adjustments that change income tax only, in order.
    fn tax_only_lines(&mut self, lines: &mut Vec<Line>, bridge: &Bridge) {
        let rec = self.rec;
        for &i in bridge.order {
            let adjustment = &rec.adjustments[i];
            if bridge.moves[i] && adjustment.tax_only {
                self.taxed[i] = true;
                let line = self.adjustment_line(i, bridge, bridge.taxes(i));
                lines.push(line);
            }
        }
    }

    /// An adjustment's row: its label, marked with its note, and its figures.
    fn adjustment_line(&mut self, i: usize, bridge: &Bridge, values: Vec<Decimal>) -> Line {
        let rec = self.rec;
        let adjustment = &rec.adjustments[i];
        Line {
            label: self.marked(
                adjustment.label.clone(),
                NoteKey::Adjustment(i),
                || adjustment_note(&rec.adjustments, i),
                bridge.always,
            ),
            values,
            key: RowKey::kind("adjustment").adjustment(&adjustment.id),
        }
    }

    /// The share counts each per-share block used, and on which basis.
    fn shares_used(&mut self) {
        let blocks: Vec<&PerShareBlock> = self
            .rec
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::PerShare(p) => Some(p),
                _ => None,
            })
            // A block that is the release's own per-share bridge in every
            // column used no counts.
            .filter(|p| {
                p.columns.iter().flatten().next().is_none()
                    || p.columns.iter().flatten().any(|c| !c.bridge)
            })
            .collect();
        if blocks.is_empty() {
            return;
        }
        self.rows.push(Row::blank());
        let weighted = blocks.iter().any(|b| b.stated_count.is_none());
        self.rows.push(Row::heading(if weighted {
            let mark = self.notes.mark(NoteKey::Basis, String::new());
            format!("Weighted average shares used ({mark})")
        } else {
            "Shares used".to_string()
        }));
        for block in blocks {
            match (&block.stated_count, block.basis) {
                (Some(name), _) => self.stated_count_row(block, name),
                (None, ShareBasis::Basic) => self.basic_share_rows(block),
                (None, ShareBasis::Diluted) => self.diluted_share_rows(block),
            }
        }
    }

    /// The one count row of a block that divides by a count it names.
    fn stated_count_row(&mut self, block: &PerShareBlock, name: &str) {
        let counts = block
            .columns
            .iter()
            .map(|c| {
                c.as_ref().map_or(Cell::Text("n/a".into()), |c| {
                    Cell::Shares(c.non_gaap_shares.count)
                })
            })
            .collect();
        self.rows.push(
            Row::figures(
                format!(
                    "{}: {name}, {} and {}",
                    block.non_gaap_label,
                    self.rec.standard.gaap(),
                    self.rec.standard.non_gaap_lower()
                ),
                1,
                RowStyle::Detail,
                counts,
            )
            .keyed(RowKey::kind("shares").measure(&block.id)),
        );
    }

    /// A basic block's counts: one row where GAAP and non-GAAP use the same
    /// count in every column, else a row each.
    fn basic_share_rows(&mut self, block: &PerShareBlock) {
        let same = block
            .columns
            .iter()
            .flatten()
            .all(|c| c.gaap_shares.count == c.non_gaap_shares.count);
        if same {
            self.rows.push(
                Row::figures(
                    self.rec.standard.say("Basic, GAAP and non-GAAP"),
                    1,
                    RowStyle::Detail,
                    share_counts(block, true),
                )
                .keyed(RowKey::kind("shares").measure(&block.id)),
            );
            return;
        }
        self.rows.push(
            Row::figures(
                self.rec.standard.say("Basic, GAAP"),
                1,
                RowStyle::Detail,
                share_counts(block, true),
            )
            .keyed(shares_key(&block.id, "gaap")),
        );
        self.rows.push(
            Row::figures(
                self.rec.standard.say("Basic, non-GAAP"),
                1,
                RowStyle::Detail,
                share_counts(block, false),
            )
            .keyed(shares_key(&block.id, "non_gaap")),
        );
    }

    /// A diluted block's counts, GAAP and non-GAAP, each with the basis it
    /// is on (basic for a loss).
    fn diluted_share_rows(&mut self, block: &PerShareBlock) {
        let standard = &self.rec.standard;
        self.rows.push(
            Row::figures(
                standard.gaap(),
                1,
                RowStyle::Detail,
                share_counts(block, true),
            )
            .keyed(shares_key(&block.id, "gaap")),
        );
        self.rows.push(
            Row::figures("basis", 2, RowStyle::Detail, share_bases(block, true))
                .keyed(RowKey::kind("share_basis").measure(&block.id).side("gaap")),
        );
        self.rows.push(
            Row::figures(
                standard.non_gaap(),
                1,
                RowStyle::Detail,
                share_counts(block, false),
            )
            .keyed(shares_key(&block.id, "non_gaap")),
        );
        self.rows.push(
            Row::figures("basis", 2, RowStyle::Detail, share_bases(block, false)).keyed(
                RowKey::kind("share_basis")
                    .measure(&block.id)
                    .side("non_gaap"),
            ),
        );
    }

    /// The one note on rounding, added the first time a total needs it;
    /// each column that does not sum is named with the two figures.
    fn rounding(&mut self, off: &[(usize, String, String)], what: &str) -> Mark {
        for (col, sum, total) in off {
            self.rounding_details.push(format!(
                "{}, {what}: the figures shown sum to {sum}, the total shown is {total}",
                self.rec.periods[*col].header,
            ));
        }
        self.notes.mark(NoteKey::Rounding, String::new())
    }
}

/// One column's per-share amounts of each adjustment as shown: effects and
/// own taxes.
type ShownAmounts = (Vec<Decimal>, Vec<Decimal>);

/// A per-share block's figures per column, as its rows show them.
struct PerShareFigures {
    /// The GAAP figure, as the release prints it where it does.
    gaap: Vec<Option<Decimal>>,
    /// Per column: only a non-GAAP count, so no GAAP figure and no rows.
    gaap_missing: Vec<bool>,
    /// The non-GAAP figure, as the release prints it where recorded.
    non_gaap: Vec<Option<Decimal>>,
    /// The rows between the two.
    lines: Vec<Line>,
    /// A per-share amount the release prints differs after rounding.
    published_differs: bool,
}

/// A per-share block's GAAP figure per column, and per column whether it
/// gives only a non-GAAP count. The figure is the one the release prints
/// where that differs from the one computed from the rounded figures (a zero
/// printed "0.00" stays the computed tiny figure, so it still prints 0.00);
/// a column with only a non-GAAP count has no GAAP figure computed, and
/// shows the one the release prints, if any (it is not computed).
fn gaap_per_share(block: &PerShareBlock) -> (Vec<Option<Decimal>>, Vec<bool>) {
    let mut gaap = per_share_figures(block, &|c| super::as_stated(c.gaap, c.gaap_printed));
    let gaap_missing: Vec<bool> = block
        .columns
        .iter()
        .map(|c| c.as_ref().is_some_and(|c| c.gaap_missing))
        .collect();
    for ((g, &missing), c) in gaap.iter_mut().zip(&gaap_missing).zip(&block.columns) {
        if missing {
            *g = c.as_ref().and_then(|c| c.gaap_printed);
        }
    }
    (gaap, gaap_missing)
}

/// One figure per column of a per-share block, none where it has no column.
fn per_share_figures(
    block: &PerShareBlock,
    f: &dyn Fn(&PerShareColumn) -> Decimal,
) -> Vec<Option<Decimal>> {
    block.columns.iter().map(|c| c.as_ref().map(f)).collect()
}

/// One figure per column of a per-share block, zero where it has no column.
fn per_share_values(block: &PerShareBlock, f: &dyn Fn(&PerShareColumn) -> Decimal) -> Vec<Decimal> {
    block
        .columns
        .iter()
        .map(|c| c.as_ref().map_or(Decimal::ZERO, f))
        .collect()
}

/// Where each of a per-share block's figures comes from, per column.
fn per_share_sources(block: &PerShareBlock, f: &dyn Fn(&PerShareColumn) -> Source) -> Vec<Source> {
    block
        .columns
        .iter()
        .map(|c| c.as_ref().map(f).unwrap_or_default())
        .collect()
}

/// Per-share cells: "n/a" where there is no figure.
fn per_share_cells(values: &[Option<Decimal>]) -> Vec<Cell> {
    values
        .iter()
        .map(|v| v.map_or(Cell::Text("n/a".into()), Cell::PerShare))
        .collect()
}

/// Money cells, one per figure.
fn money(values: &[Decimal]) -> Vec<Cell> {
    values.iter().map(|&v| Cell::Money(v)).collect()
}

/// Figures with none as zero, to foot.
fn flat(values: &[Option<Decimal>]) -> Vec<Decimal> {
    values.iter().map(|x| x.unwrap_or_default()).collect()
}

/// The adjustments of one block as its rows between GAAP and non-GAAP need
/// them.
struct Bridge<'c> {
    /// The adjustments in the order their rows print.
    order: &'c [usize],
    /// Per adjustment: it moves the measure.
    moves: &'c [bool],
    /// Per column: each adjustment's effect, each one's own tax, and the
    /// combined tax.
    columns: &'c [(&'c [Decimal], &'c [Decimal], Decimal)],
    /// Mark every row with its note, not only the first to refer to it.
    always: bool,
}

impl Bridge<'_> {
    /// Adjustment `i`'s effect per column (zero where a column has none).
    fn effects(&self, i: usize) -> Vec<Decimal> {
        self.columns
            .iter()
            .map(|(effects, _, _)| effects.get(i).copied().unwrap_or_default())
            .collect()
    }

    /// Adjustment `i`'s own tax per column (zero where a column has none).
    fn taxes(&self, i: usize) -> Vec<Decimal> {
        self.columns
            .iter()
            .map(|(_, taxes, _)| taxes.get(i).copied().unwrap_or_default())
            .collect()
    }
}

/// The note on an adjustment: its rationale, and for a tax row of its own
/// or an adjustment stated net of tax, its tax sentence too.
fn adjustment_note(adjustments: &[AdjustmentSummary], i: usize) -> String {
    let a = &adjustments[i];
    let tax = if a.tax_only || a.tax == TaxEffect::NetOfTax {
        let sentence = super::tax_sentence(a, adjustments);
        let own = sentence
            .strip_prefix(&format!("{}: ", a.label))
            .unwrap_or(&sentence);
        format!(" {}", upper_first(own))
    } else {
        String::new()
    };
    format!("{}: {}{tax}", a.label, one_line(&a.rationale))
}

/// A measure's definition row: its line.
fn term_key(ids: &[String], t: usize) -> RowKey {
    let key = RowKey::kind("term");
    match ids.get(t) {
        Some(id) => key.line(id),
        None => key,
    }
}

/// A per-share block's GAAP or non-GAAP share count per column: empty for
/// the release's own bridge, n/a where there is none.
fn share_counts(block: &PerShareBlock, gaap: bool) -> Vec<Cell> {
    block
        .columns
        .iter()
        .map(|c| match c {
            Some(c) if c.bridge => Cell::Empty,
            Some(c) if gaap && c.gaap_missing => Cell::Text("n/a".into()),
            Some(c) => Cell::Shares(if gaap {
                c.gaap_shares.count
            } else {
                c.non_gaap_shares.count
            }),
            None => Cell::Text("n/a".into()),
        })
        .collect()
}

/// The basis ("diluted", "basic") of each of a per-share block's GAAP or
/// non-GAAP counts, empty where there is no count.
fn share_bases(block: &PerShareBlock, gaap: bool) -> Vec<Cell> {
    block
        .columns
        .iter()
        .map(|c| match c {
            Some(c) if c.bridge => Cell::Empty,
            Some(c) if gaap && c.gaap_missing => Cell::Empty,
            Some(c) => Cell::Text(
                basis_name(if gaap {
                    c.gaap_shares.basis
                } else {
                    c.non_gaap_shares.basis
                })
                .into(),
            ),
            None => Cell::Empty,
        })
        .collect()
}

/// A share count row of a per-share block, GAAP or non-GAAP.
fn shares_key(measure: &str, side: &'static str) -> RowKey {
    RowKey::kind("shares").measure(measure).side(side)
}

/// What a numbered note is about, so a second reference reuses its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NoteKey {
    Adjustment(usize),
    Tax,
    Basis,
    Rounding,
    Text(String),
}

/// Numbered footnotes, numbered in the order rows first refer to them.
#[derive(Default)]
pub(super) struct Notes(Vec<(NoteKey, String)>);

impl Notes {
    pub(super) fn has(&self, key: &NoteKey) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// The mark of the note about `key`, adding it with `text` if new.
    pub(super) fn mark(&mut self, key: NoteKey, text: String) -> Mark {
        if let Some(i) = self.0.iter().position(|(k, _)| *k == key) {
            return Mark(i + 1);
        }
        self.0.push((key, text));
        Mark(self.0.len())
    }

    /// Writes the text of a note whose content is known only at the end.
    pub(super) fn fill(&mut self, key: NoteKey, text: impl FnOnce() -> String) {
        if let Some((_, t)) = self.0.iter_mut().find(|(k, _)| *k == key) {
            *t = text();
        }
    }

    /// The notes as printed: "(1) ...".
    pub(super) fn finish(self) -> Vec<String> {
        self.0
            .into_iter()
            .enumerate()
            .map(|(i, (_, text))| format!("({}) {text}", Mark(i + 1)))
            .collect()
    }
}

/// The columns that, rounded figure by figure as printed, do not add up to
/// their rounded total: (column, sum of the figures shown, the total
/// unrounded, to be shown as the table shows it).
fn not_footing(
    gaap: &[Decimal],
    lines: &[Line],
    total: &[Decimal],
    round: impl Fn(Decimal) -> Decimal,
) -> Vec<(usize, Decimal, Decimal)> {
    (0..gaap.len())
        .filter_map(|col| {
            let parts = std::iter::once(gaap[col]).chain(lines.iter().map(|l| l.values[col]));
            let sum = parts
                .into_iter()
                .try_fold(Decimal::ZERO, |sum, v| sum.checked_add(round(v)))?;
            (sum != round(total[col])).then_some((col, sum, total[col]))
        })
        .collect()
}

/// A sum of rounded figures as text: zero is "0.00", not a dash.
fn figure(value: Decimal, places: u32) -> String {
    if value.is_zero() {
        number::round(value, places).to_string()
    } else {
        number::format(value, places, false)
    }
}

fn tax_note(rec: &Reconciliation, taxed: &[bool]) -> String {
    let parts: Vec<String> = rec
        .adjustments
        .iter()
        .zip(taxed)
        .filter(|(a, t)| **t && !a.tax_only)
        .map(|(a, _)| super::tax_sentence(a, &rec.adjustments))
        .collect();
    format!(
        "Income tax effect of the adjustments, shown on its own line. {}",
        parts.join(" ")
    )
}

/// A sentence per column where GAAP and non-GAAP diluted figures use
/// different share counts.
fn basis_differences(rec: &Reconciliation) -> String {
    let Some(block) = rec.per_share(ShareBasis::Diluted) else {
        return String::new();
    };
    let mut text = String::new();
    for (period, column) in rec.periods.iter().zip(&block.columns) {
        let Some(p) = column else { continue };
        if p.gaap_shares.basis == p.non_gaap_shares.basis {
            continue;
        }
        let result = |basis| match basis {
            ShareBasis::Diluted => "income",
            ShareBasis::Basic => "a loss",
        };
        text.push_str(&rec.standard.say(&format!(
            " {}: the GAAP result is {} ({} {} shares) and the non-GAAP result is {} ({} {} shares).",
            period.header,
            result(p.gaap_shares.basis),
            number::format(p.gaap_shares.count, p.gaap_shares.count.scale(), false),
            basis_name(p.gaap_shares.basis),
            result(p.non_gaap_shares.basis),
            number::format(p.non_gaap_shares.count, p.non_gaap_shares.count.scale(), false),
            basis_name(p.non_gaap_shares.basis),
        )));
    }
    text
}

/// Per period: whether a non-GAAP diluted figure had no count of its own.
fn diluted_counts_missing(rec: &Reconciliation) -> Vec<bool> {
    match rec.per_share(ShareBasis::Diluted) {
        Some(block) => block
            .columns
            .iter()
            .map(|c| c.as_ref().is_some_and(|c| c.diluted_count_missing))
            .collect(),
        None => vec![false; rec.periods.len()],
    }
}

/// Per period: whether a chosen per-share block has no shares for it.
fn shares_missing(rec: &Reconciliation) -> Vec<bool> {
    (0..rec.periods.len())
        .map(|i| {
            rec.blocks.iter().any(|b| match b {
                Block::PerShare(p) => p.columns[i].is_none(),
                Block::Amount(_) | Block::Ratio(_) => false,
            })
        })
        .collect()
}

fn basis_name(basis: ShareBasis) -> &'static str {
    match basis {
        ShareBasis::Diluted => "diluted",
        ShareBasis::Basic => "basic",
    }
}

use super::one_line;

/// "Stock-based compensation" -> "stock-based compensation", for a label
/// inside a sentence; an acronym ("GAAP") is left alone.
pub(super) fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(std::iter::once(second))
            .chain(chars)
            .collect(),
        _ => label.to_string(),
    }
}

/// "net income (loss)" -> "Net income (loss)", to open a sentence.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a non-GAAP diluted figure uses the if-converted method, says so.
fn if_converted_sentence(rec: &Reconciliation) -> &'static str {
    let used = rec.blocks.iter().any(|b| match b {
        Block::PerShare(p) => p
            .columns
            .iter()
            .flatten()
            .any(|c| !c.if_converted.is_zero()),
        _ => false,
    });
    if used {
        " Non-GAAP diluted figures treat the convertible preferred stock as converted (the if-converted method): \
         the shares it converts into join the count and its dividends are added back to the numerator."
    } else {
        ""
    }
}

//! The reconciliation table: GAAP net income (loss) first, each adjustment,
//! the income-tax effect on its own line, non-GAAP net income (loss); then the
//! same per share; then the share counts used and why.

use rust_decimal::Decimal;

use super::{Cell, Row, RowStyle, Table, number};
use crate::engine::{Column, PerShare, Reconciliation, ShareBasis};
use crate::model::{TaxEffect, Units};

pub fn reconciliation_table(rec: &Reconciliation) -> Table {
    let mut notes = Notes::default();
    let adjustment_marks: Vec<usize> = rec
        .adjustments
        .iter()
        .map(|a| notes.add(format!("{}: {}", a.label, one_line(&a.rationale))))
        .collect();
    let tax_mark = notes.add(tax_note(rec));
    let money = |f: fn(&Column) -> Decimal| {
        rec.columns
            .iter()
            .map(|c| Cell::Money(f(c)))
            .collect::<Vec<_>>()
    };

    let mut rows = vec![Row::figures(
        "GAAP net income (loss)",
        0,
        RowStyle::First,
        money(|c| c.gaap),
    )];
    for (i, adjustment) in rec.adjustments.iter().enumerate() {
        let cells = rec
            .columns
            .iter()
            .map(|c| Cell::Money(c.adjustments[i]))
            .collect();
        rows.push(Row::figures(
            format!("{} ({})", adjustment.label, adjustment_marks[i]),
            1,
            RowStyle::Detail,
            cells,
        ));
    }
    rows.push(Row::figures(
        format!("Income tax effect of adjustments ({tax_mark})"),
        1,
        RowStyle::Detail,
        money(|c| c.tax),
    ));
    let mut total_label = "Non-GAAP net income (loss)".to_string();
    let mut rounding_mark = None;
    if rec.columns.iter().any(|c| !money_foots(c)) {
        total_label.push_str(&format!(" ({})", notes.rounding(&mut rounding_mark)));
    }
    rows.push(Row::figures(
        total_label,
        0,
        RowStyle::Total,
        money(|c| c.non_gaap),
    ));

    if rec.columns.iter().any(|c| c.per_share.is_some()) {
        let per_share = |f: &dyn Fn(&PerShare) -> Decimal| -> Vec<Cell> {
            rec.columns
                .iter()
                .map(|c| {
                    c.per_share
                        .as_ref()
                        .map_or(Cell::Text("n/a".into()), |p| Cell::PerShare(f(p)))
                })
                .collect()
        };
        let basis_mark = notes.add(
            "Per-share figures divide by diluted weighted average shares when the result is income, and by basic \
             shares when it is a loss, because potential common shares are then anti-dilutive."
                .to_string()
                + &basis_differences(rec),
        );
        rows.push(Row::blank());
        rows.push(Row::figures(
            "GAAP net income (loss) per diluted share",
            0,
            RowStyle::First,
            per_share(&|p| p.gaap),
        ));
        let share_switch = rec.columns.iter().any(|c| {
            c.per_share
                .as_ref()
                .is_some_and(|p| p.gaap_shares.count != p.non_gaap_shares.count)
        });
        if share_switch {
            rows.push(Row::figures(
                format!("Effect of the share count used for non-GAAP ({basis_mark})"),
                1,
                RowStyle::Detail,
                per_share(&|p| p.share_count_effect),
            ));
        }
        for (i, adjustment) in rec.adjustments.iter().enumerate() {
            rows.push(Row::figures(
                adjustment.label.clone(),
                1,
                RowStyle::Detail,
                per_share(&|p| p.adjustments[i]),
            ));
        }
        rows.push(Row::figures(
            "Income tax effect of adjustments",
            1,
            RowStyle::Detail,
            per_share(&|p| p.tax),
        ));
        let mut total_label = "Non-GAAP net income (loss) per diluted share".to_string();
        if rec
            .columns
            .iter()
            .any(|c| c.per_share.as_ref().is_some_and(|p| !foots(p)))
        {
            total_label.push_str(&format!(" ({})", notes.rounding(&mut rounding_mark)));
        }
        rows.push(Row::figures(
            total_label,
            0,
            RowStyle::Total,
            per_share(&|p| p.non_gaap),
        ));

        rows.push(Row::blank());
        rows.push(Row::heading(format!(
            "Weighted average shares used ({basis_mark})"
        )));
        let shares = |gaap: bool| -> Vec<Cell> {
            rec.columns
                .iter()
                .map(|c| match &c.per_share {
                    Some(p) => Cell::Shares(if gaap {
                        p.gaap_shares.count
                    } else {
                        p.non_gaap_shares.count
                    }),
                    None => Cell::Text("n/a".into()),
                })
                .collect()
        };
        let basis = |gaap: bool| -> Vec<Cell> {
            rec.columns
                .iter()
                .map(|c| match &c.per_share {
                    Some(p) => Cell::Text(
                        basis_name(if gaap {
                            p.gaap_shares.basis
                        } else {
                            p.non_gaap_shares.basis
                        })
                        .into(),
                    ),
                    None => Cell::Empty,
                })
                .collect()
        };
        rows.push(Row::figures("GAAP", 1, RowStyle::Detail, shares(true)));
        rows.push(Row::figures("basis", 2, RowStyle::Detail, basis(true)));
        rows.push(Row::figures("Non-GAAP", 1, RowStyle::Detail, shares(false)));
        rows.push(Row::figures("basis", 2, RowStyle::Detail, basis(false)));
        for column in rec.columns.iter().filter(|c| c.per_share.is_none()) {
            notes.add(format!(
                "{}: the statement model records no weighted average shares, so there are no per-share figures.",
                column.header
            ));
        }
    }

    Table {
        title: vec![
            rec.entity.clone(),
            "Reconciliation of GAAP to Non-GAAP Net Income (Loss)".to_string(),
            units_line(rec.units).to_string(),
        ],
        headers: rec.columns.iter().map(|c| c.header.clone()).collect(),
        rows,
        notes: notes.0,
    }
}

/// Numbered footnotes; `add` returns the number to print beside a label.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, text: String) -> usize {
        let mark = self.0.len() + 1;
        self.0.push(format!("({mark}) {text}"));
        mark
    }

    /// The one note on rounding, added the first time a total needs it.
    fn rounding(&mut self, mark: &mut Option<usize>) -> usize {
        *mark.get_or_insert_with(|| {
            self.add(
                "Figures are rounded one by one, as published, and may not sum to the totals."
                    .to_string(),
            )
        })
    }
}

fn tax_note(rec: &Reconciliation) -> String {
    let parts: Vec<String> = rec
        .adjustments
        .iter()
        .map(|a| match &a.tax {
            TaxEffect::Nil { reason } => format!("{}: nil. {}", a.label, end_sentence(reason)),
            TaxEffect::Rate(rate) => format!(
                "{}: {}% of the pre-tax amount, with the opposite sign.",
                a.label,
                (rate * Decimal::ONE_HUNDRED).normalize()
            ),
            TaxEffect::Amounts(_) => format!("{}: as stated for each period.", a.label),
        })
        .collect();
    format!(
        "Income tax effect of the adjustments, shown on its own line. {}",
        parts.join(" ")
    )
}

/// A sentence per column where GAAP and non-GAAP use different share counts.
fn basis_differences(rec: &Reconciliation) -> String {
    let mut text = String::new();
    for column in &rec.columns {
        let Some(p) = &column.per_share else { continue };
        if p.gaap_shares.basis == p.non_gaap_shares.basis {
            continue;
        }
        let result = |basis| match basis {
            ShareBasis::Diluted => "income",
            ShareBasis::Basic => "a loss",
        };
        text.push_str(&format!(
            " {}: the GAAP result is {} ({} {} shares) and the non-GAAP result is {} ({} {} shares).",
            column.header,
            result(p.gaap_shares.basis),
            number::format(p.gaap_shares.count, 0, false),
            basis_name(p.gaap_shares.basis),
            result(p.non_gaap_shares.basis),
            number::format(p.non_gaap_shares.count, 0, false),
            basis_name(p.non_gaap_shares.basis),
        ));
    }
    text
}

/// Whether the money column, rounded figure by figure, still adds up.
fn money_foots(c: &Column) -> bool {
    let mut parts = [c.gaap, c.tax]
        .into_iter()
        .chain(c.adjustments.iter().copied());
    let sum = parts.try_fold(Decimal::ZERO, |sum, v| sum.checked_add(number::round(v, 0)));
    sum == Some(number::round(c.non_gaap, 0))
}

/// Whether the per-share column, rounded figure by figure, still adds up.
fn foots(p: &PerShare) -> bool {
    let mut parts = [p.gaap, p.share_count_effect, p.tax]
        .into_iter()
        .chain(p.adjustments.iter().copied());
    let sum = parts.try_fold(Decimal::ZERO, |sum, v| sum.checked_add(number::round(v, 2)));
    sum == Some(number::round(p.non_gaap, 2))
}

fn basis_name(basis: ShareBasis) -> &'static str {
    match basis {
        ShareBasis::Diluted => "diluted",
        ShareBasis::Basic => "basic",
    }
}

fn units_line(units: Units) -> &'static str {
    match units {
        Units::Units => "(In dollars, except share counts)",
        Units::Thousands => "(In thousands, except per share data)",
        Units::Millions => "(In millions, except per share data)",
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn end_sentence(text: &str) -> String {
    let text = one_line(text);
    if text.ends_with('.') {
        text
    } else {
        format!("{text}.")
    }
}

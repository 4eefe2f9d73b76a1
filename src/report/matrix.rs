//! The matrix table: the adjusted statement of operations of one period,
//! lines down, GAAP / each adjustment / income tax / non-GAAP across, with
//! per-share rows below and notes for the adjustments and taxes.

use super::reconciliation::lower_first;
use super::{
    Cell, ColumnHead, Mark, Row, RowKey, RowStyle, Scale, Source, Table, as_stated, number,
    one_line, tax_sentence,
};
use crate::view::{Matrix, MatrixColumn, ShareBasis};

// Long (issue 25): the matrix's rows, the figures shown, their notes and the sum-across check share one set of per-column figures (no mechanical split).
pub fn matrix_table(matrix: &Matrix, scale: Scale) -> Table {
    let mut notes: Vec<String> = Vec::new();
    let columns: Vec<ColumnHead> = matrix
        .columns
        .iter()
        .map(|c| {
            let (id, header) = match c {
                MatrixColumn::Gaap => ("gaap".to_string(), matrix.standard.say("GAAP")),
                MatrixColumn::Effect(a) => {
                    let adj = &matrix.adjustments[*a];
                    let net = if adj.tax == crate::model::TaxEffect::NetOfTax {
                        format!(" {}", tax_sentence(adj, &matrix.adjustments))
                    } else {
                        String::new()
                    };
                    let mark = note(
                        &mut notes,
                        format!("{}: {}{net}", adj.label, one_line(&adj.rationale)),
                    );
                    (adj.id.clone(), format!("{} ({mark})", adj.label))
                }
                MatrixColumn::Tax(list) => {
                    let parts: Vec<String> = list
                        .iter()
                        .map(|&a| tax_sentence(&matrix.adjustments[a], &matrix.adjustments))
                        .collect();
                    let mark = note(
                        &mut notes,
                        format!("Income tax effect of the adjustments. {}", parts.join(" ")),
                    );
                    (
                        "income_tax".to_string(),
                        format!("Income tax effect ({mark})"),
                    )
                }
                MatrixColumn::OwnTax(a) => {
                    let adj = &matrix.adjustments[*a];
                    if adj.tax_only {
                        let mark = note(
                            &mut notes,
                            format!("{}: {} {}", adj.label, one_line(&adj.rationale), {
                                let sentence = tax_sentence(adj, &matrix.adjustments);
                                upper_first(
                                    sentence
                                        .strip_prefix(&format!("{}: ", adj.label))
                                        .unwrap_or(&sentence),
                                )
                            }),
                        );
                        (adj.id.clone(), format!("{} ({mark})", adj.label))
                    } else {
                        let mark = note(&mut notes, tax_sentence(adj, &matrix.adjustments));
                        (
                            format!("{}_tax", adj.id),
                            format!("Income tax effect of {} ({mark})", lower_first(&adj.label)),
                        )
                    }
                }
                MatrixColumn::NonGaap => ("non_gaap".to_string(), matrix.standard.say("Non-GAAP")),
            };
            ColumnHead {
                id,
                header,
                derived: None,
                span: None,
            }
        })
        .collect();
    let mut rows = Vec::with_capacity(matrix.rows.len() + 1);
    let mut per_share_started = false;
    let mut section: Option<&str> = None;
    let mut switch_mark: Option<Mark> = None;
    let mut not_adding: Vec<String> = Vec::new();
    for row in &matrix.rows {
        if row.section.as_deref() != section {
            section = row.section.as_deref();
            if let Some(heading) = section.filter(|_| !row.total) {
                rows.push(Row::heading(heading));
            }
        }
        let indent = usize::from(section.is_some() && !row.total || row.per_share.is_some());
        let cell = |v| match row.per_share {
            Some(_) => Cell::PerShare(v),
            None => Cell::Money(v),
        };
        if row.per_share.is_some() && !per_share_started {
            per_share_started = true;
            rows.push(Row::blank());
            rows.push(Row::heading(upper_first(&matrix.per_share_subject)));
        }
        let mut label = row.label.clone();
        if let Some(basis) = row.per_share
            && let Some((_, gaap, non_gaap, effect, added_back)) =
                matrix.share_switches.iter().find(|s| s.0 == basis)
        {
            let mark = *switch_mark.get_or_insert_with(|| {
                // Why the counts differ: a loss on one side only, the
                // convertible preferred treated as converted, or the count
                // the release prints for non-GAAP.
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
                note(
                    &mut notes,
                    matrix.standard.say(&format!(
                        "Per-share rows: GAAP divides by {} {} shares and non-GAAP by {} {} shares, {why}; the \
                         adjustment columns use the non-GAAP count, so the row adds across only with {adds}.",
                        number::format(gaap.count, gaap.count.scale(), false),
                        basis_name(gaap.basis),
                        number::format(non_gaap.count, non_gaap.count.scale(), false),
                        basis_name(non_gaap.basis),
                    )),
                )
            });
            label.push_str(&format!(" ({mark})"));
        }
        if row.crossing {
            let mark = note(
                &mut notes,
                format!(
                    "{}: the amounts excluded are larger than the line itself, or turn it to the other sign; the non-GAAP figure is shown as computed.",
                    row.label
                ),
            );
            label.push_str(&format!(" ({mark})"));
        }
        // The figures shown: the release's where it states one (GAAP EPS
        // as stated where the computed one rounds otherwise), each
        // difference from the computed figure noted; the sum across is
        // checked on the figures the notes name.
        let text = |v: rust_decimal::Decimal, places: u32| match row.per_share {
            Some(_) => number::format(v, places.max(2), false),
            None => Cell::Money(v).shown(false, &scale),
        };
        let mut shown = Vec::with_capacity(row.values.len());
        let mut check = Vec::with_capacity(row.values.len());
        for ((column, &computed), &published) in
            matrix.columns.iter().zip(&row.values).zip(&row.published)
        {
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
                let what = match column {
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
                };
                let mark = note(&mut notes, format!("{}: {what}", row.label));
                label.push_str(&format!(" ({mark})"));
            }
            shown.push(figure);
            check.push(if differs { computed } else { figure });
        }
        if row.bridge {
            let mark = note(
                &mut notes,
                format!(
                    "{}: the release prints no share counts; the row is the release's own per-share bridge, {} \
                     as printed plus each adjustment's per-share amount as printed.",
                    row.label,
                    matrix.standard.gaap()
                ),
            );
            label.push_str(&format!(" ({mark})"));
        }
        // Each figure is rounded on its own, as published: say where a row
        // then does not add across.
        let round = |v: rust_decimal::Decimal| match row.per_share {
            Some(_) => number::round(v, 2),
            None => scale.round(v),
        };
        // A row adds across when the figures shown do, or the figures its
        // notes name (the computed ones) do.
        let adds = |figures: &[rust_decimal::Decimal]| {
            let Some((last, parts)) = figures.split_last() else {
                return true;
            };
            parts
                .iter()
                .try_fold(rust_decimal::Decimal::ZERO, |s, v| s.checked_add(round(*v)))
                .is_none_or(|sum| sum == round(*last))
        };
        if row
            .per_share
            .is_none_or(|b| !matrix.share_switches.iter().any(|s| s.0 == b))
            && !adds(&shown)
            && !adds(&check)
        {
            not_adding.push(row.label.clone());
            label.push_str(" (*)");
        }
        let style = if !rows.iter().any(|r: &Row| !r.cells.is_empty()) {
            RowStyle::First
        } else if row.total {
            RowStyle::Total
        } else {
            RowStyle::Detail
        };
        let key = match row.per_share {
            Some(_) => RowKey::kind("per_share").measure(&row.id),
            None => RowKey::kind("line").line(&row.id),
        };
        rows.push(
            Row::figures(
                label,
                indent,
                style,
                shown.iter().map(|&v| cell(v)).collect(),
            )
            .keyed(key)
            .sourced(
                row.values
                    .iter()
                    .zip(&row.published)
                    .map(|(&c, &p)| Source::new(c, p))
                    .collect(),
            ),
        );
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
    super::settle_marks(&mut table, false);
    table
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

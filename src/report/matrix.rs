//! The matrix table: the adjusted statement of operations of one period,
//! lines down, GAAP / each adjustment / income tax / non-GAAP across, with
//! per-share rows below and notes for the adjustments and taxes.

use super::reconciliation::lower_first;
use super::{Cell, ColumnHead, Row, RowStyle, Scale, Table, number, one_line, tax_sentence};
use crate::view::{Matrix, MatrixColumn, ShareBasis};

pub fn matrix_table(matrix: &Matrix, scale: Scale) -> Table {
    let mut notes: Vec<String> = Vec::new();
    let columns: Vec<ColumnHead> = matrix
        .columns
        .iter()
        .map(|c| {
            let (id, header) = match c {
                MatrixColumn::Gaap => ("gaap".to_string(), "GAAP".to_string()),
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
                            format!(
                                "{}: {} {}",
                                adj.label,
                                one_line(&adj.rationale),
                                tax_sentence(adj, &matrix.adjustments)
                            ),
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
                MatrixColumn::NonGaap => ("non_gaap".to_string(), "Non-GAAP".to_string()),
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
    let switch_mark = (!matrix.share_switches.is_empty()).then(|| notes.len() + 1);
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
            rows.push(Row::heading(if matrix.preferred_dividends {
                "Net income (loss) available to common shareholders"
            } else {
                "Net income (loss)"
            }));
        }
        let mut label = row.label.clone();
        if let (Some(mark), Some(basis)) = (switch_mark, row.per_share)
            && matrix.share_switches.iter().any(|s| s.0 == basis)
        {
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
        let style = if !rows.iter().any(|r: &Row| !r.cells.is_empty()) {
            RowStyle::First
        } else if row.total {
            RowStyle::Total
        } else {
            RowStyle::Detail
        };
        rows.push(Row::figures(
            label,
            indent,
            style,
            row.values.iter().map(|&v| cell(v)).collect(),
        ));
    }
    for (basis, gaap, non_gaap, effect) in &matrix.share_switches {
        let basis_word = match basis {
            ShareBasis::Basic => "basic",
            ShareBasis::Diluted => "diluted",
        };
        let name = |b: ShareBasis| match b {
            ShareBasis::Basic => "basic",
            ShareBasis::Diluted => "diluted",
        };
        note(
            &mut notes,
            format!(
                "Per {basis_word} share: GAAP divides by {} {} shares and non-GAAP by {} {} shares, because potential \
             common shares are anti-dilutive for a loss; the adjustment columns use the non-GAAP count, so the row \
             adds across only with the effect of the share count, {}.",
                number::format(gaap.count, 0, false),
                name(gaap.basis),
                number::format(non_gaap.count, 0, false),
                name(non_gaap.basis),
                number::format(*effect, 2, false),
            ),
        );
    }
    Table {
        title: vec![
            matrix.entity.clone(),
            "GAAP to Non-GAAP Statement of Operations".to_string(),
            matrix.period.header.clone(),
        ],
        scale,
        columns,
        per_share: matrix.rows.iter().any(|r| r.per_share.is_some()),
        rows,
        notes,
    }
}

/// Adds a numbered note and returns its number.
fn note(notes: &mut Vec<String>, text: String) -> usize {
    notes.push(format!("({}) {text}", notes.len() + 1));
    notes.len()
}

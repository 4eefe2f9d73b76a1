//! The segment table: a measure reconciled per segment and in total, periods
//! across; for each segment its GAAP figure, the adjustments allocated to it
//! and its non-GAAP figure, then the consolidated total.

use super::{Cell, ColumnHead, Row, RowKey, RowStyle, Scale, Table};
use crate::view::{SegmentBlock, SegmentReconciliation};

/// One table per segment total.
pub fn segment_table(rec: &SegmentReconciliation, entity: &str, scale: Scale) -> Table {
    let say = |text: &str| rec.standard.say(text);
    let mut rows = Vec::new();
    let block = |rows: &mut Vec<Row>, b: &SegmentBlock, measure: &str| {
        if !rows.is_empty() {
            rows.push(Row::blank());
        }
        rows.push(Row::heading(b.label.clone()));
        let money = |v: &[rust_decimal::Decimal]| v.iter().map(|&v| Cell::Money(v)).collect();
        rows.push(
            Row::figures(
                say(&format!("GAAP {}", rec.caption)),
                1,
                RowStyle::First,
                money(&b.gaap),
            )
            .keyed(RowKey::kind("gaap").measure(measure).line(b.line.clone())),
        );
        for (id, label, effects) in &b.effects {
            rows.push(
                Row::figures(label.clone(), 1, RowStyle::Detail, money(effects)).keyed(
                    RowKey::kind("adjustment")
                        .measure(measure)
                        .line(b.line.clone())
                        .adjustment(id.clone()),
                ),
            );
        }
        rows.push(
            Row::figures(
                say(&format!("Non-GAAP {}", rec.caption)),
                1,
                RowStyle::Total,
                money(&b.adjusted),
            )
            .keyed(
                RowKey::kind("non_gaap")
                    .measure(measure)
                    .line(b.line.clone()),
            ),
        );
    };
    for segment in &rec.segments {
        block(&mut rows, segment, &rec.id);
    }
    block(&mut rows, &rec.total, &rec.id);
    Table {
        title: vec![
            entity.to_string(),
            say(&format!(
                "Reconciliation of GAAP to Non-GAAP {} by Segment",
                title_case(&rec.caption)
            )),
        ],
        scale,
        columns: rec.periods.iter().cloned().map(ColumnHead::from).collect(),
        period: None,
        per_share: false,
        rows,
        notes: Vec::new(),
    }
}

/// "operating income" -> "Operating Income".
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

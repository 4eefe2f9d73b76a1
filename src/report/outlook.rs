//! The outlook table: one forward period's guidance reconciled as releases
//! print it, a low and a high column, each measure's GAAP figure first, its
//! items, its non-GAAP figure last; the unreasonable-efforts statement,
//! where the release makes one, under the table.

use super::{Cell, ColumnHead, Row, RowKey, RowStyle, Scale, Source, Table, one_line};
use crate::model::{Adjustment, Statement};
use crate::outlook::{Block, Outlook, Unit, blocks};

/// One forward period's guidance as a table: a block of rows per measure,
/// low and high columns, and the notes under it.
pub fn outlook_table(
    outlook: &Outlook,
    statement: &Statement,
    adjustments: &[Adjustment],
    scale: Scale,
) -> Table {
    let column = |id: &str, header: &str| ColumnHead {
        id: id.to_string(),
        header: header.to_string(),
        derived: None,
        span: None,
    };
    let mut rows = Vec::new();
    let blocks = blocks(outlook, statement, adjustments);
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 {
            rows.push(Row::blank());
        }
        block_rows(&mut rows, block);
    }
    Table {
        title: vec![
            statement.entity.name.clone(),
            "Reconciliation of GAAP to Non-GAAP Outlook".to_string(),
            outlook.header.clone(),
        ],
        scale,
        columns: vec![column("low", "Low"), column("high", "High")],
        period: Some(outlook.id.clone()),
        per_share: blocks.iter().any(|b| b.unit == Unit::PerShare),
        rows,
        notes: outlook_notes(outlook, &blocks, scale),
    }
}

/// A label, with ", approximately" where the guidance says so.
fn approximately(on: bool, label: &str) -> String {
    if on {
        format!("{label}, approximately")
    } else {
        label.to_string()
    }
}

/// One measure's guidance: its GAAP figure, its items, its non-GAAP figure.
fn block_rows(rows: &mut Vec<Row>, block: &Block) {
    let cell = |v| match block.unit {
        Unit::Money => Cell::Money(v),
        Unit::PerShare => Cell::PerShare(v),
        Unit::Percent(places) => Cell::Percent(v, places),
    };
    let gaap_cells = match block.gaap {
        Some(ends) => ends.map(cell).to_vec(),
        None => vec![Cell::Text("n/a".into()), Cell::Text("n/a".into())],
    };
    rows.push(
        Row::figures(
            approximately(block.gaap_approximate, &block.gaap_label),
            0,
            RowStyle::First,
            gaap_cells,
        )
        .keyed(RowKey::kind("gaap").measure(&block.key)),
    );
    for (label, adjustment, ends) in &block.items {
        let mut key = RowKey::kind("adjustment").measure(&block.key);
        if let Some(id) = adjustment {
            key = key.adjustment(id);
        }
        rows.push(Row::figures(label, 1, RowStyle::Detail, ends.map(cell).to_vec()).keyed(key));
    }
    let sources = match (block.computed, &block.printed) {
        (Some(computed), Some(printed)) => vec![
            Source::new(computed[0], Some(printed.low)),
            Source::new(computed[1], Some(printed.high)),
        ],
        (None, Some(printed)) => vec![
            Source::maybe(None, Some(printed.low)),
            Source::maybe(None, Some(printed.high)),
        ],
        _ => Vec::new(),
    };
    rows.push(
        Row::figures(
            approximately(block.non_gaap_approximate, &block.non_gaap_label),
            0,
            RowStyle::Total,
            block.non_gaap.map(cell).to_vec(),
        )
        .keyed(RowKey::kind("non_gaap").measure(&block.key))
        .sourced(sources),
    );
}

/// The notes under the outlook: what margins are in percent of, and the
/// unreasonable-efforts statement where the release makes one.
fn outlook_notes(outlook: &Outlook, blocks: &[Block], scale: Scale) -> Vec<String> {
    let mut notes = Vec::new();
    if blocks.iter().any(|b| matches!(b.unit, Unit::Percent(_)))
        && let Some(revenue) = &outlook.revenue
    {
        let mid = (revenue.low + revenue.high) / rust_decimal::Decimal::TWO;
        notes.push(format!(
            "Margins are in percent of the midpoint of the revenue guidance, {}.",
            super::number::format(
                scale.apply(mid),
                scale.places().max(mid.normalize().scale()),
                true
            )
        ));
    }
    if let Some(statement_text) = &outlook.unreasonable_efforts {
        notes.push(one_line(statement_text));
    }
    notes
}

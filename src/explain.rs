//! `reconcile explain`: how a measure's figures are computed, each input
//! with the file and line it is written at, down to the source the model
//! names. The provenance a reviewer follows from a figure to the text.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::model::{Adjustment, AdjustmentRule, LineId, NonGaapMeasure, Period, Statement};
use crate::report::number;
use crate::view::{self, Block};

fn shown(v: Decimal) -> String {
    number::format(v, v.scale().min(4), false)
}

/// Where a line's figure in a period comes from: the fact as written, or
/// the sum of its components, each with theirs.
fn source_of(statement: &Statement, period: &Period, line: LineId, depth: usize, out: &mut String) {
    let item = statement.line(line);
    let pad = "  ".repeat(depth + 2);
    match period.values.get(&line) {
        Some(fact) => out.push_str(&format!(
            "{pad}`{}` {} at {}\n",
            item.id,
            shown(fact.value),
            fact.site.position()
        )),
        None => {
            let value = statement.value(period, line).ok().flatten();
            out.push_str(&format!(
                "{pad}`{}` {}, the sum of its components:\n",
                item.id,
                value.map_or("(no value)".to_string(), shown)
            ));
            if depth < 4 {
                for (component, _) in statement.components(line) {
                    source_of(statement, period, component, depth + 1, out);
                }
            }
        }
    }
}

pub fn explain(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    name: &str,
) -> Result<String, Diagnostic> {
    let measures = NonGaapMeasure::parse_list(&[name.to_string()], statement)?;
    let adjusted = engine::adjust(statement, adjustments, periods)?;
    let rec = view::reconciliation(statement, &adjusted, &measures)?;
    let mut out = String::new();
    if let Some(source) = &statement.entity.source {
        out.push_str(&format!("{}: {source}\n", statement.entity.name));
    }
    for block in &rec.blocks {
        let Block::Amount(block) = block else {
            out.push_str(&format!(
                "{name}: per-share figures and ratios divide the figures below; explain the amount (net-income, a line or a measure)\n"
            ));
            continue;
        };
        let terms = block_lines(statement, block.measure)?;
        for (c, &p) in periods.iter().enumerate() {
            let period = &statement.periods[p];
            let column = &block.columns[c];
            out.push_str(&format!(
                "{} {}: {}\n",
                block.non_gaap_label,
                period.id,
                shown(column.non_gaap)
            ));
            out.push_str(&format!(
                "  {} {}, from\n",
                block.gaap_label,
                shown(column.gaap)
            ));
            for &(line, _) in &terms {
                source_of(statement, period, line, 0, &mut out);
            }
            for (label, value) in block.term_labels.iter().zip(&column.terms) {
                out.push_str(&format!("  {label} {}\n", shown(*value)));
            }
            for (a, adjustment) in adjustments.iter().enumerate() {
                if !block.moves[a] || column.effects[a].is_zero() {
                    continue;
                }
                out.push_str(&format!(
                    "  {} {}: adjustment `{}` at {}\n",
                    adjustment.label,
                    shown(column.effects[a]),
                    adjustment.id,
                    adjustment.site.position()
                ));
                if let AdjustmentRule::ExcludeLine { line } = &adjustment.rule {
                    out.push_str("    excludes the whole of\n");
                    source_of(statement, period, *line, 1, &mut out);
                }
            }
            for (a, adjustment) in adjustments.iter().enumerate() {
                let shown_tax = block.taxed[a] || (block.moves[a] && rec.adjustments[a].tax_only);
                if !shown_tax {
                    continue;
                }
                let tax = column.taxes[a];
                let at = adjustment
                    .tax_sites
                    .get(&period.id)
                    .unwrap_or(&adjustment.site)
                    .position();
                out.push_str(&format!(
                    "  income-tax effect of `{}` {}: {} ({at})\n",
                    adjustment.id,
                    shown(tax),
                    crate::report::tax_sentence(&rec.adjustments[a], &rec.adjustments)
                ));
            }
        }
    }
    Ok(out)
}

/// The lines whose sum is a measure's GAAP figure.
fn block_lines(
    statement: &Statement,
    measure: NonGaapMeasure,
) -> Result<Vec<(LineId, Decimal)>, Diagnostic> {
    match measure {
        NonGaapMeasure::Declared(i) | NonGaapMeasure::DeclaredPerShare(i) => {
            Ok(vec![(statement.measures[i].start, Decimal::ONE)])
        }
        other => other.terms(statement),
    }
}

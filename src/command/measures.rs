//! `reconcile measures`: each measure and ratio the model declares, with
//! its definition.

use super::pipeline::{self, Kind};
use super::{Options, Outcome};
use crate::engine;
use crate::model::Statement;

/// Loads and ties out the model, then lists its measures.
pub fn run(opts: &Options) -> Outcome {
    let (_, statement, adjustments) = match pipeline::load_inputs(opts, Kind::Other) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let adjuster = engine::Adjuster::new(&statement, &adjustments);
    if let Err(outcome) =
        pipeline::tie_out_or_stop(opts, Kind::Other, &statement, &adjustments, &adjuster)
    {
        return outcome;
    }
    Outcome::success(list_measures(&statement))
}

/// `reconcile measures`: each declared measure and how it is defined.
fn list_measures(statement: &Statement) -> String {
    if statement.measures.is_empty() {
        return "the model declares no [[measure]]; named measures: net-income, eps, gross-profit, operating-margin, ... (see `reconcile --help`)\n".to_string();
    }
    let mut out = String::new();
    for m in &statement.measures {
        describe(statement, m, &mut out);
    }
    for r in &statement.ratios {
        out.push_str(&format!(
            "{}: {} (ratio)\n  {} / {} x 100{}\n",
            r.id,
            r.label,
            statement.term_id(r.numerator),
            statement.term_id(r.denominator),
            r.annualize
                .map(|a| format!(", the numerator annualized ({})", a.describe()))
                .unwrap_or_default()
        ));
    }
    out
}

/// How one declared measure is defined: its kind, its start and terms,
/// its balances, its adjustments and its per-share basis.
fn describe(statement: &Statement, m: &crate::model::DeclaredMeasure, out: &mut String) {
    let kind = match m.kind {
        crate::model::MeasureKind::Performance => "performance",
        crate::model::MeasureKind::Liquidity => "liquidity",
    };
    out.push_str(&format!("{}: {} ({kind})\n", m.id, m.label));
    out.push_str(&format!(
        "  from `{}` ({})\n",
        statement.line(m.start).id,
        statement.line(m.start).label
    ));
    for (line, sign) in &m.terms {
        let word = if sign.is_sign_negative() {
            "less"
        } else {
            "plus"
        };
        out.push_str(&format!("  {word} `{}`\n", statement.line(*line).id));
    }
    match m.balance {
        Some(crate::model::BalanceBasis::End) => {
            out.push_str("  balances at each period's end date\n")
        }
        Some(crate::model::BalanceBasis::Average) => out.push_str(
            "  average balances over each period (as stated, else the mean of opening and closing)\n",
        ),
        None => {}
    }
    match &m.adjustments {
        _ if m.balance.is_some() => {
            out.push_str("  no adjustments (they move flows, not balances)\n")
        }
        Some(ids) if ids.is_empty() => out.push_str("  no adjustments\n"),
        Some(ids) => out.push_str(&format!(
            "  adjustments: {}\n",
            ids.iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => out.push_str("  adjustments: every adjustment that reaches its lines\n"),
    }
    match (&m.per_share_count, m.per_share || m.per_share_basic) {
        (Some((count, _)), _) => {
            let adds: Vec<&str> = m
                .per_share_add
                .iter()
                .map(|l| statement.line(*l).id.as_str())
                .collect();
            out.push_str(&format!(
                "  per share on `{count}`{}\n",
                if adds.is_empty() {
                    String::new()
                } else {
                    format!(", adding back {}", adds.join(", "))
                }
            ));
        }
        (None, true) => out.push_str(match (m.per_share_basic, m.per_share) {
            (true, true) => "  per basic and diluted share\n",
            (true, false) => "  per basic share\n",
            _ => "  per diluted share\n",
        }),
        (None, false) => {}
    }
}

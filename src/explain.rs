//! `reconcile explain`: how a measure's figures are computed, each input
//! with the file and line it is written at, down to the source the model
//! names. The provenance a reviewer follows from a figure to the text.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::model::{
    Adjustment, AdjustmentRule, BalanceBasis, LineId, NonGaapMeasure, Period, PeriodSpan, Statement,
};
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
    if let Some(derivation) = &period.derived {
        let value = statement.value(period, line).ok().flatten();
        out.push_str(&format!(
            "{pad}`{}` {}, derived: {}\n",
            item.id,
            value.map_or("(no value)".to_string(), shown),
            derivation.describe(&statement.periods)
        ));
        if depth < 4 {
            for &(index, _) in &derivation.terms {
                if let Some(source) = statement.periods.get(index) {
                    source_of(statement, source, line, depth + 1, out);
                }
            }
        }
        return;
    }
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

/// Where a balance a duration column takes comes from: the instant at its
/// end, the average the period states, or the opening and closing instants.
fn balance_source(
    statement: &Statement,
    period: &Period,
    line: LineId,
    basis: BalanceBasis,
    out: &mut String,
) {
    let id = &statement.line(line).id;
    if basis == BalanceBasis::Average {
        if let Some(fact) = period.averages.get(&line) {
            out.push_str(&format!(
                "    `{id}` average {} as stated at {}\n",
                shown(fact.value),
                fact.site.position()
            ));
            return;
        }
        out.push_str(&format!(
            "    `{id}` the mean of the opening and closing balances:\n"
        ));
        if let PeriodSpan::Duration { start, .. } = period.span {
            let opening =
                crate::model::period::from_day_number(crate::model::period::day_number(start) - 1);
            if let Some(instant) = statement.instant_at(opening) {
                out.push_str(&format!("      opening, {}:\n", instant.id));
                source_of(statement, instant, line, 2, out);
            }
        }
    }
    if let Some(instant) = statement.instant_at(period.span.end()) {
        out.push_str(&format!("      closing, {}:\n", instant.id));
        source_of(statement, instant, line, 2, out);
    }
}

pub fn explain(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    name: &str,
) -> Result<String, Diagnostic> {
    let mut out = String::new();
    if let Some(source) = &statement.entity.source {
        out.push_str(&format!("{}: {source}\n", statement.entity.name));
    }
    out.push_str(&figures(statement, adjustments, periods, name)?);
    Ok(out)
}

/// How a measure's figures are computed, without the source line.
fn figures(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[usize],
    name: &str,
) -> Result<String, Diagnostic> {
    let measures = NonGaapMeasure::parse_names(&[name.to_string()], statement, |spec| {
        Diagnostic::new(format!("empty measure name in `{spec}`")).help(
            "separate measure names with single commas, such as `reconcile explain net-income,eps`",
        )
    })?;
    // A declared ratio: its figures, then each of its terms explained.
    if let [NonGaapMeasure::Ratio(i)] = measures[..] {
        let ratio = &statement.ratios[i];
        let adjusted = engine::adjust(statement, adjustments, periods)?;
        let rec = view::reconciliation(statement, &adjusted, &measures)?;
        let mut out = String::new();
        if let Some(view::Block::Ratio(block)) = rec.blocks.first() {
            for (c, &p) in periods.iter().enumerate() {
                let (n, d) = block.parts[c];
                out.push_str(&format!(
                    "{} {}: {}% = {} / {} x 100{}\n",
                    ratio.label,
                    statement.periods[p].id,
                    block.columns[c].map_or("undefined".to_string(), |m| shown(m.non_gaap)),
                    shown(n),
                    shown(d),
                    match (
                        ratio.annualize,
                        statement.annualization(&statement.periods[p], ratio)?
                    ) {
                        (Some(a), Some(f)) => format!(
                            ", the numerator annualized ({}: x {})",
                            a.describe(),
                            shown(f.round_dp(4).normalize())
                        ),
                        _ => String::new(),
                    }
                ));
            }
        }
        for term in [ratio.numerator, ratio.denominator] {
            match term {
                crate::model::RatioTerm::Line(line)
                    if statement.line(line).statement
                        == crate::model::StatementKind::BalanceSheet =>
                {
                    // A balance line: its balance at each column's end.
                    for &p in periods {
                        let period = &statement.periods[p];
                        out.push_str(&format!(
                            "{} {}: {}\n",
                            statement.line(line).label,
                            period.id,
                            shown(statement.balance(period, line, BalanceBasis::End)?)
                        ));
                        if period.is_duration() {
                            balance_source(statement, period, line, BalanceBasis::End, &mut out);
                        } else {
                            source_of(statement, period, line, 0, &mut out);
                        }
                    }
                }
                _ => out.push_str(&figures(
                    statement,
                    adjustments,
                    periods,
                    statement.term_id(term),
                )?),
            }
        }
        return Ok(out);
    }
    let adjusted = engine::adjust(statement, adjustments, periods)?;
    let rec = view::reconciliation(statement, &adjusted, &measures)?;
    let mut out = String::new();
    for block in &rec.blocks {
        let block = match block {
            Block::Amount(block) => block,
            Block::PerShare(block) => {
                // The figure, its numerator and its count; the numerator
                // is explained below, as an amount.
                for (c, &p) in periods.iter().enumerate() {
                    let Some(column) = &block.columns[c] else {
                        continue;
                    };
                    if column.bridge {
                        // The release's own per-share bridge: its printed
                        // figures, each where it is written.
                        let period = &statement.periods[p];
                        out.push_str(&format!(
                            "{} {}: {} = the release's per-share bridge (no share counts printed)\n",
                            block.non_gaap_label,
                            period.id,
                            shown(column.non_gaap),
                        ));
                        if let Some(eps) = period.eps.as_ref().and_then(|e| match block.basis {
                            view::ShareBasis::Basic => e.basic.as_ref(),
                            view::ShareBasis::Diluted => e.diluted.as_ref(),
                        }) {
                            out.push_str(&format!(
                                "  {} {} at {}\n",
                                block.gaap_label,
                                shown(eps.value),
                                eps.site.position()
                            ));
                        }
                        for (a, adjustment) in adjustments.iter().enumerate() {
                            let table = match block.basis {
                                view::ShareBasis::Basic => &adjustment.per_share.basic,
                                view::ShareBasis::Diluted => &adjustment.per_share.diluted,
                            };
                            let moved = !column.effects[a].is_zero() || !column.taxes[a].is_zero();
                            if let (true, Some((value, site))) = (moved, table.get(&p)) {
                                out.push_str(&format!(
                                    "  {} {} at {}\n",
                                    adjustment.label,
                                    shown(*value),
                                    site.position()
                                ));
                            }
                        }
                        continue;
                    }
                    out.push_str(&format!(
                        "{} {}: {} = non-GAAP numerator / {} {}\n",
                        block.non_gaap_label,
                        statement.periods[p].id,
                        shown(column.non_gaap),
                        shown(column.non_gaap_shares.count),
                        match (&block.stated_count, column.non_gaap_shares.basis) {
                            (Some(count), _) => format!("shares (`{count}`)"),
                            (None, view::ShareBasis::Basic) => "basic shares".to_string(),
                            (None, view::ShareBasis::Diluted) => "diluted shares".to_string(),
                        }
                    ));
                }
                let amount = match block.measure {
                    NonGaapMeasure::Declared(i) | NonGaapMeasure::DeclaredPerShare(i) => {
                        statement.measures[i].id.clone()
                    }
                    _ => "net-income".to_string(),
                };
                // A declared measure asked for by its id has its amount
                // explained in this output already.
                let amount_shown = rec
                    .blocks
                    .iter()
                    .any(|b| matches!(b, Block::Amount(a) if a.measure == block.measure));
                if !amount_shown {
                    out.push_str(&figures(statement, adjustments, periods, &amount)?);
                }
                continue;
            }
            Block::Ratio(_) => continue,
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
            let balance = match block.measure {
                NonGaapMeasure::Declared(i) => statement.measures[i].balance,
                _ => None,
            };
            for &(line, _) in &terms {
                match balance {
                    Some(basis) => balance_source(statement, period, line, basis, &mut out),
                    None => source_of(statement, period, line, 0, &mut out),
                }
            }
            let term_lines: Vec<LineId> = match block.measure {
                NonGaapMeasure::Declared(i) => statement.measures[i]
                    .terms
                    .iter()
                    .map(|&(l, _)| l)
                    .collect(),
                _ => Vec::new(),
            };
            for (t, (label, value)) in block.term_labels.iter().zip(&column.terms).enumerate() {
                out.push_str(&format!("  {label} {}\n", shown(*value)));
                match (balance, term_lines.get(t)) {
                    (Some(basis), Some(&line)) => {
                        balance_source(statement, period, line, basis, &mut out)
                    }
                    (None, Some(&line)) => source_of(statement, period, line, 1, &mut out),
                    _ => {}
                }
            }
            for &a in &block.order {
                let adjustment = &adjustments[a];
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
                    .get(&p)
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

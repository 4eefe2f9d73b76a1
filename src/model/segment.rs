//! Segments: a measure reported per segment (`statement = "segments"`
//! lines), their total tied to a consolidated line (`ties_to`), and the
//! adjustments' allocations across the segments (`[[segment]]` tables).
//! Segment lines stand outside the consolidated roll-ups: no adjustment
//! moves them, and they move no consolidated figure.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Subject};
use crate::model::{Adjustment, LineId, Period, PeriodIx, Statement, StatementKind};
use crate::rounding::Interval;

/// The total a segment line rolls up into, through every level: the line
/// itself for a total.
pub fn segment_root(statement: &Statement, line: LineId) -> LineId {
    let mut at = line;
    // The roll-ups are a forest (validated): the walk ends.
    while let Some((parent, _)) = statement.line(at).parent {
        at = parent;
    }
    at
}

/// Every segment total that names the consolidated line it equals, in the
/// order declared: (segment total, consolidated line).
pub fn segment_totals(statement: &Statement) -> Vec<(LineId, LineId)> {
    statement
        .line_items
        .iter()
        .enumerate()
        .filter(|(_, l)| l.statement == StatementKind::Segments)
        .filter_map(|(i, l)| l.ties_to.as_ref().map(|(c, _)| (LineId(i), *c)))
        .collect()
}

/// Whether `line` is `ancestor` or rolls up into it.
fn within(statement: &Statement, line: LineId, ancestor: LineId) -> bool {
    let mut at = Some(line);
    while let Some(l) = at {
        if l == ancestor {
            return true;
        }
        at = statement.line(l).parent.map(|(p, _)| p);
    }
    false
}

/// What `adjustment` allocates to the segment line `under` (its own
/// allocations and those to lines rolling up into it) in `period`, whose
/// consolidated effect is `whole`. `None` where it allocates nothing there,
/// or where an amount of a period a derived one is made of is absent.
pub fn allocated(
    statement: &Statement,
    adjustment: &Adjustment,
    under: LineId,
    period: PeriodIx,
    whole: Decimal,
) -> Option<Decimal> {
    let mut any = false;
    let mut sum = Decimal::ZERO;
    for allocation in &adjustment.segments {
        if !within(statement, allocation.line, under) {
            continue;
        }
        any = true;
        let amount = match &allocation.amounts {
            None => whole,
            Some(amounts) => amount_in(statement, adjustment, amounts, period)?,
        };
        sum = sum.checked_add(amount)?;
    }
    any.then_some(sum)
}

/// A stated allocation in a period: as stated in a reported one (nil where
/// the adjustment does not apply), the signed sum of its terms' in a
/// derived one.
fn amount_in(
    statement: &Statement,
    adjustment: &Adjustment,
    amounts: &BTreeMap<PeriodIx, Decimal>,
    period: PeriodIx,
) -> Option<Decimal> {
    match &statement.periods.get(period)?.derived {
        None if !adjustment.applies_to(period) => Some(Decimal::ZERO),
        None => amounts.get(&period).copied(),
        Some(derivation) => {
            derivation
                .terms
                .iter()
                .try_fold(Decimal::ZERO, |sum, &(term, sign)| {
                    let amount = amount_in(statement, adjustment, amounts, term)?;
                    sum.checked_add(amount.checked_mul(sign)?)
                })
        }
    }
}

/// Each segment total against the consolidated line it ties to, in a period
/// where both are stated: equal, or within the rounding of the two figures
/// as printed. A finding names both figures and the difference.
pub fn segment_ties(statement: &Statement, period: &Period) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (total, consolidated) in segment_totals(statement) {
        let (Some(segments), Some(whole)) =
            (period.values.get(&total), period.values.get(&consolidated))
        else {
            continue;
        };
        if segments.value == whole.value
            || Interval::printed(segments.value).intersects(Interval::printed(whole.value))
        {
            continue;
        }
        let (total_id, consolidated_id) =
            (&statement.line(total).id, &statement.line(consolidated).id);
        let tie_site = statement
            .line(total)
            .ties_to
            .as_ref()
            .map(|(_, s)| s.clone());
        let mut finding = Diagnostic::at(
            &segments.site,
            format!(
                "segment total `{total_id}` is {} in period {}, but `{consolidated_id}`, which it ties to, is {}: a difference of {}",
                segments.value.normalize(),
                period.id,
                whole.value.normalize(),
                (segments.value - whole.value).normalize()
            ),
        )
        .note(format!("`{consolidated_id}` is stated at {}", whole.site.position()))
        .help(format!(
            "check both figures against the release: the segments and corporate sum to the consolidated `{consolidated_id}`"
        ))
        .about(Subject::Lines(vec![total_id.clone(), consolidated_id.clone()]));
        if let Some(site) = tie_site {
            finding = finding.note(format!("`ties_to` is written at {}", site.position()));
        }
        findings.push(finding);
    }
    findings
}

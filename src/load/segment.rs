//! Loading segments: a segment total's `ties_to` (statements file), an
//! adjustment's `[[segment]]` tables, and across the adjustments, that each
//! one's allocations sum to its consolidated effect and that none reaching a
//! segmented measure leaves its allocation out.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Adjustment, LineId, LineItem, PeriodIx, SegmentAllocation, Statement, StatementKind, allocated,
    segment_root, segment_totals,
};
use crate::raw::{RawLineItem, RawSegmentAllocation};
use crate::source::{Site, SourceFile};
use crate::suggest;

use super::period_keys::keyed_periods;

/// Resolves each `ties_to`: written on the total of a `segments` statement
/// (a line that rolls up into nothing), naming a consolidated flow.
pub(super) fn ties(
    raw: &[RawLineItem],
    line_items: &mut [LineItem],
    site: &impl Fn(Range<usize>) -> Site,
    errors: &mut Vec<Diagnostic>,
) {
    for (i, item) in raw.iter().enumerate() {
        if let (StatementKind::Segments, Some(tag)) = (item.statement, &item.measure) {
            errors.push(
                Diagnostic::at(&site(tag.span()), format!("segment line `{}` carries a measure tag", item.id.get_ref()))
                    .help("a measure tags a consolidated line; segment lines stand outside the consolidated roll-ups: remove `measure`"),
            );
        }
        let Some(target) = &item.ties_to else {
            continue;
        };
        let at = site(target.span());
        let id = item.id.get_ref();
        if item.statement != StatementKind::Segments {
            errors.push(
                Diagnostic::at(&at, format!("`ties_to` on `{id}`, which is not a segment total"))
                    .help("`ties_to` belongs to the total of the lines of statement = \"segments\": move it there, or remove it"),
            );
            continue;
        }
        if let Some(parent) = &item.rolls_up_to {
            errors.push(
                Diagnostic::at(&at, format!("`{id}` ties to a consolidated line but also rolls up into `{}`", parent.get_ref()))
                    .help("`ties_to` belongs to the segment total, which rolls up into nothing: move it to the top of the segments' roll-ups"),
            );
            continue;
        }
        let found = line_items.iter().position(|l| &l.id == target.get_ref());
        let Some(found) = found else {
            let flows = line_items
                .iter()
                .filter(|l| l.statement == StatementKind::Operations)
                .map(|l| l.id.as_str());
            errors.push(
                Diagnostic::at(
                    &at,
                    format!(
                        "`ties_to` names `{}`, which is not a line item",
                        target.get_ref()
                    ),
                )
                .maybe_help(suggest::did_you_mean(target.get_ref(), flows)),
            );
            continue;
        };
        if !matches!(
            line_items[found].statement,
            StatementKind::Operations | StatementKind::CashFlow
        ) {
            errors.push(
                Diagnostic::at(&at, format!("`ties_to` names `{}`, which is not a consolidated flow", target.get_ref()))
                    .help("name the line of the statement of operations (or of cash flows) the segments sum to, such as ties_to = \"operating_income\""),
            );
            continue;
        }
        line_items[i].ties_to = Some((LineId(found), at));
    }
}

/// An adjustment's `[[segment]]` tables: each names a segment line below a
/// segment total that ties to a consolidated line, once; with `amounts` for
/// every period the adjustment applies to, or, alone, without `amounts` for
/// its whole effect.
pub(super) fn allocations(
    raw: &[RawSegmentAllocation],
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    durations: &[PeriodIx],
    errors: &mut Vec<Diagnostic>,
) -> Vec<SegmentAllocation> {
    let mut out: Vec<SegmentAllocation> = Vec::with_capacity(raw.len());
    for table in raw {
        let at = Site::new(file, table.line.span());
        let name = table.line.get_ref();
        let line = segment_line(name, &at, statement)
            .and_then(|line| allocated_once(line, name, &at, &out));
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        let amounts = table.amounts.as_ref().map(|amounts| {
            stated(
                amounts, name, &at, file, statement, applies, durations, errors,
            )
        });
        out.push(SegmentAllocation {
            line,
            amounts,
            site: at,
        });
    }
    if let Some(error) = whole_effect_not_alone(&out) {
        errors.push(error);
    }
    out
}

/// The line a `[[segment]]` table names: a segment (not the total) of a
/// segment total that ties to a consolidated line.
fn segment_line(name: &str, at: &Site, statement: &Statement) -> Result<LineId, Diagnostic> {
    let segment_lines = || {
        statement
            .line_items
            .iter()
            .filter(|l| l.statement == StatementKind::Segments && l.parent.is_some())
            .map(|l| l.id.as_str())
    };
    let Some(line) = statement
        .line_id(name)
        .filter(|&l| statement.line(l).statement == StatementKind::Segments)
    else {
        return Err(
            Diagnostic::at(at, format!("`{name}` is not a segment line"))
                .label("[[segment]] names a line of statement = \"segments\"")
                .help(
                    suggest::did_you_mean(name, segment_lines()).unwrap_or_else(|| {
                        format!(
                            "the segment lines are: {}",
                            segment_lines().collect::<Vec<_>>().join(", ")
                        )
                    }),
                ),
        );
    };
    let root = segment_root(statement, line);
    if root == line {
        return Err(Diagnostic::at(
            at,
            format!("`{name}` is the segments' total, not a segment"),
        )
        .help(format!(
            "name the segment the effect sits in, one of: {}",
            segment_lines().collect::<Vec<_>>().join(", ")
        )));
    }
    if statement.line(root).ties_to.is_none() {
        return Err(Diagnostic::at(at, format!("`{name}` is not a segment below a total that ties to a consolidated line"))
            .help("name a segment line that rolls up into the segment total, and give that total `ties_to = \"<consolidated line id>\"`"));
    }
    Ok(line)
}

/// A segment is allocated by one `[[segment]]` table of an adjustment.
fn allocated_once(
    line: LineId,
    name: &str,
    at: &Site,
    earlier: &[SegmentAllocation],
) -> Result<LineId, Diagnostic> {
    match earlier.iter().find(|a| a.line == line) {
        Some(first) => Err(
            Diagnostic::at(at, format!("segment `{name}` is allocated twice"))
                .note(format!("first allocated at {}", first.site.position()))
                .help("give each segment one [[segment]] table, its amounts summed"),
        ),
        None => Ok(line),
    }
}

/// A table without `amounts` takes the adjustment's whole effect, so it is
/// the adjustment's only one: the error at it when there are others.
fn whole_effect_not_alone(allocations: &[SegmentAllocation]) -> Option<Diagnostic> {
    if allocations.len() < 2 {
        return None;
    }
    let whole = allocations.iter().find(|a| a.amounts.is_none())?;
    Some(
        Diagnostic::at(&whole.site, "a [[segment]] table without `amounts` takes the adjustment's whole effect, so it is the only one")
            .help("give this table amounts = { \"<period id>\" = <amount> }, as the others have"),
    )
}

/// A `[[segment]]` table's amounts, one for every period the adjustment
/// applies to.
#[allow(clippy::too_many_arguments)]
fn stated(
    amounts: &crate::raw::RawAmounts,
    name: &str,
    at: &Site,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    durations: &[PeriodIx],
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<PeriodIx, Decimal> {
    let keyed: BTreeMap<PeriodIx, Decimal> =
        keyed_periods(amounts, file, statement, applies, errors)
            .into_iter()
            .map(|(period, amount)| (period, amount.get_ref().0))
            .collect();
    let needed: Vec<PeriodIx> = match applies {
        Some(list) => list.iter().copied().collect(),
        None => durations.to_vec(),
    };
    let missing: Vec<&str> = needed
        .iter()
        .filter(|p| !keyed.contains_key(p))
        .map(|&p| statement.periods[p].id.as_str())
        .collect();
    if let Some(first) = missing.first() {
        errors.push(
            Diagnostic::at(
                at,
                format!(
                    "the [[segment]] amounts for `{name}` state nothing for {}",
                    missing.join(", ")
                ),
            )
            .note("the adjustment applies to those periods")
            .help(format!(
                "add \"{first}\" = <amount> (0 where the segment has none of it)"
            )),
        );
    }
    keyed
}

/// Across the adjustments: where one allocates its effect to the segments of
/// a total, every adjustment that moves the consolidated line the total ties
/// to allocates its effect there too, and each one's allocations sum to that
/// effect in every reported period.
pub(super) fn check_allocations(
    adjustments: &[Adjustment],
    statement: &Statement,
) -> Vec<Diagnostic> {
    if adjustments.iter().all(|a| a.segments.is_empty()) {
        return Vec::new();
    }
    let periods: Vec<PeriodIx> = statement
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_duration() && p.derived.is_none())
        .map(|(i, _)| i)
        .collect();
    let adjusted = match crate::engine::adjust(statement, adjustments, &periods) {
        Ok(adjusted) => adjusted,
        Err(d) => return vec![d],
    };
    let mut errors = Vec::new();
    for (total, consolidated) in segment_totals(statement) {
        let segmented = |a: &Adjustment| {
            a.segments
                .iter()
                .any(|s| segment_root(statement, s.line) == total)
        };
        let Some(example) = adjustments.iter().find(|a| segmented(a)) else {
            continue;
        };
        let target = &statement.line(consolidated).id;
        for (i, adjustment) in adjustments.iter().enumerate() {
            let mut reported = false;
            for (column, &period) in periods.iter().enumerate() {
                if reported {
                    break;
                }
                let effect = adjusted.columns[column][consolidated.0].effects[i];
                let period_id = &statement.periods[period].id;
                match allocated(statement, adjustment, total, period, effect) {
                    None if effect.is_zero() => {}
                    None => {
                        reported = true;
                        let corporate = example
                            .segments
                            .first()
                            .map_or("<segment line id>", |s| statement.line(s.line).id.as_str());
                        errors.push(
                            Diagnostic::at(&adjustment.site, format!(
                                "adjustment `{}` moves `{target}` by {} in {period_id} but says nothing of the segments, as `{}` does",
                                adjustment.id, effect.normalize(), example.id
                            ))
                            .note("the segments and corporate must sum to the consolidated figure, so each adjustment says where its effect sits")
                            .help(format!(
                                "add a [[segment]] table with line = \"{corporate}\" (without amounts: its whole effect there), or one per segment with amounts"
                            )),
                        );
                    }
                    Some(sum) if sum != effect => {
                        reported = true;
                        let at = adjustment
                            .segments
                            .iter()
                            .find(|s| segment_root(statement, s.line) == total)
                            .map_or(&adjustment.site, |s| &s.site);
                        errors.push(
                            Diagnostic::at(at, format!(
                                "adjustment `{}` allocates {} to the segments in {period_id}, but its effect on `{target}` is {}: a difference of {}",
                                adjustment.id, sum.normalize(), effect.normalize(), (sum - effect).normalize()
                            ))
                            .help("make the [[segment]] amounts of that period sum to the adjustment's effect on the consolidated line"),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }
    errors
}

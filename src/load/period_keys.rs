//! Loading amounts keyed by period: an amounts table's keys resolved to
//! the statement's reported periods, each once, and the period ids that
//! messages name. Shared by the adjustments, their tax and their segments.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::model::{PeriodIx, Statement};
use crate::raw::{RawAmount, RawAmounts, Spanned};
use crate::source::{Site, SourceFile};

/// The id of a period, for a message.
pub(super) fn period_id(statement: &Statement, period: PeriodIx) -> &str {
    statement.periods.get(period).map_or("", |p| p.id.as_str())
}

/// The ids of periods, joined for a message.
pub(super) fn period_ids(
    statement: &Statement,
    periods: impl IntoIterator<Item = PeriodIx>,
) -> String {
    periods
        .into_iter()
        .map(|p| period_id(statement, p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The index in `Statement::periods` of the period a text names: a
/// reported duration (neither an instant nor derived).
pub(super) fn resolve_period_index(
    text: &Spanned<String>,
    file: &Arc<SourceFile>,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    // Only a problem needs the site.
    let site = || Site::new(file, text.span());
    let resolved = statement
        .resolve_period_index(text.get_ref())
        .map(|i| (i, &statement.periods[i]));
    match resolved {
        Ok((_, period)) if period.derived.is_some() => {
            let how = period
                .derived
                .as_ref()
                .map(|d| d.describe(&statement.periods))
                .unwrap_or_default();
            errors.push(
                Diagnostic::at(&site(), format!("period {} is derived ({how})", period.id))
                    .help("state an adjustment in the reported periods it is derived from; the derived column follows"),
            );
            None
        }
        Ok((i, period)) if period.is_duration() => Some(i),
        Ok((_, period)) => {
            errors.push(
                Diagnostic::at(
                    &site(),
                    format!("period {} is an instant (a balance sheet date)", period.id),
                )
                .help("adjustments apply to duration periods, such as a quarter or nine months"),
            );
            None
        }
        Err(unknown) => {
            errors.push(
                unknown
                    .relocated(&site())
                    .label("not a period of the statement"),
            );
            None
        }
    }
}

/// A key naming a period a key before it names: (key, period, first key).
type RepeatedKey = (usize, PeriodIx, usize);

/// The periods keys name, in period order, each once with its first key;
/// and the later keys naming one again.
/// `periods` is the number of the statement's periods.
fn first_key_per_period(
    mut named: Vec<(PeriodIx, usize)>,
    periods: usize,
) -> (Vec<(PeriodIx, usize)>, Vec<RepeatedKey>) {
    let mut twice: Vec<RepeatedKey> = Vec::new();
    if named.is_sorted_by(|a, b| a.0 < b.0) {
        return (named, twice);
    }
    if named.len().saturating_mul(8) >= periods {
        let mut first = vec![usize::MAX; periods];
        for &(period, k) in &named {
            match first.get_mut(period) {
                Some(f) if *f == usize::MAX => *f = k,
                Some(f) => twice.push((k, period, *f)),
                None => {}
            }
        }
        named = first
            .iter()
            .enumerate()
            .filter(|(_, k)| **k != usize::MAX)
            .map(|(period, &k)| (period, k))
            .collect();
    } else {
        named.sort_unstable();
        named.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                twice.push((later.1, later.0, first.1));
            }
            same
        });
    }
    (named, twice)
}

/// The keys of an amounts table resolved to the periods they name, with
/// their amounts, in the statement's order of periods: each names a
/// reported duration, once, that the adjustment applies to. A key that does
/// not is left out with one error; the errors are in the table's order.
///
/// Two spellings can name one period (`9M2003` and `9M-2003`, or
/// `q3-2003`): the keys are put in period order to find those, through a
/// slot per period for a table that names a good share of the statement's
/// periods, by sorting for a short one.
pub(super) fn keyed_periods<'a>(
    table: &'a RawAmounts,
    file: &Arc<SourceFile>,
    statement: &Statement,
    applies: Option<&BTreeSet<PeriodIx>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(PeriodIx, &'a Spanned<RawAmount>)> {
    let entries: Vec<(&Spanned<String>, &Spanned<RawAmount>)> = table.iter().collect();
    // Each refused key's error, by the key's place in the table.
    let mut refused: Vec<(usize, Diagnostic)> = Vec::new();
    // The period each key names, with the key's place.
    let mut named: Vec<(PeriodIx, usize)> = Vec::with_capacity(entries.len());
    for (k, (text, _)) in entries.iter().enumerate() {
        let mut own = Vec::new();
        match resolve_period_index(text, file, statement, &mut own) {
            Some(period) => named.push((period, k)),
            None => refused.extend(own.into_iter().map(|d| (k, d))),
        }
    }
    let (named, twice) = first_key_per_period(named, statement.periods.len());
    for (k, period, f) in twice {
        let (Some((text, _)), Some((first, _))) = (entries.get(k), entries.get(f)) else {
            continue;
        };
        refused.push((
            k,
            Diagnostic::at(
                &Site::new(file, text.span()),
                format!(
                    "period {} has two amounts here",
                    period_id(statement, period)
                ),
            )
            .note(format!(
                "first at {}",
                Site::new(file, first.span()).position()
            ))
            .help("keep one amount per period"),
        ));
    }
    let mut accepted = Vec::with_capacity(named.len());
    for (period, k) in named {
        let Some(&(text, amount)) = entries.get(k) else {
            continue;
        };
        if let Some(list) = applies.filter(|list| !list.contains(&period)) {
            refused.push((
                k,
                Diagnostic::at(
                    &Site::new(file, text.span()),
                    format!(
                        "period {} is not one this adjustment applies to",
                        period_id(statement, period)
                    ),
                )
                .note(if list.is_empty() {
                    "`periods` is empty".to_string()
                } else {
                    format!(
                        "`periods` lists {}",
                        period_ids(statement, list.iter().copied())
                    )
                })
                .help("add the period to `periods`, or remove the amount"),
            ));
            continue;
        }
        accepted.push((period, amount));
    }
    if !refused.is_empty() {
        refused.sort_by_key(|(k, _)| *k);
        errors.extend(refused.into_iter().map(|(_, d)| d));
    }
    accepted
}

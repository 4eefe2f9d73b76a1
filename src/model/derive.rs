//! Derived periods: flows for a period the release does not report, from the
//! periods it does. Q4 is the fiscal year less nine months; the first half is
//! nine months less the third quarter; trailing twelve months is the prior
//! year less its year-to-date plus this year-to-date. Only flows are
//! derived: weighted shares are not additive.

use rust_decimal::Decimal;

use crate::model::period::{
    Derivation, Period, PeriodKey, PeriodSpan, day_number, from_day_number,
};

/// A stretch of days, inclusive, with the terms that make it up.
#[derive(Debug, Clone)]
struct Piece {
    first: i64,
    last: i64,
    terms: Vec<(usize, Decimal)>,
}

/// The simplest way to build the period `wanted` (in the fiscal calendar
/// ending `fiscal_year_end`) from the reported duration periods: the fewest
/// terms, then the earliest periods in file order. `None` when no sum or
/// difference of up to three periods covers exactly its days.
pub fn derive(
    periods: &[Period],
    wanted: PeriodKey,
    fiscal_year_end: (u32, u32),
) -> Option<(PeriodSpan, Derivation)> {
    let reported: Vec<Piece> = periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.derived.is_none())
        .filter_map(|(i, p)| match p.span {
            PeriodSpan::Duration { start, end } => Some(Piece {
                first: day_number(start),
                last: day_number(end),
                terms: vec![(i, Decimal::ONE)],
            }),
            PeriodSpan::Instant { .. } => None,
        })
        .collect();
    let matches = |piece: &Piece| -> Option<PeriodSpan> {
        let span = PeriodSpan::Duration {
            start: from_day_number(piece.first),
            end: from_day_number(piece.last),
        };
        (span.key(fiscal_year_end) == wanted).then_some(span)
    };
    let mut layer: Vec<Piece> = reported.clone();
    for _ in 0..2 {
        let mut next = Vec::new();
        for piece in &layer {
            for other in &reported {
                if piece.terms.iter().any(|(i, _)| *i == other.terms[0].0) {
                    continue;
                }
                next.extend(combine(piece, other));
            }
        }
        for piece in &next {
            if let Some(span) = matches(piece) {
                return Some((
                    span,
                    Derivation {
                        terms: piece.terms.clone(),
                    },
                ));
            }
        }
        layer = next;
    }
    None
}

/// The contiguous stretches `piece ± other` can make: other cut off its start
/// or end, or other added right before or after it.
fn combine(piece: &Piece, other: &Piece) -> Vec<Piece> {
    let with = |first: i64, last: i64, sign: Decimal| {
        let mut terms = piece.terms.clone();
        terms.push((other.terms[0].0, sign));
        Piece { first, last, terms }
    };
    let mut out = Vec::new();
    if other.first == piece.first && other.last < piece.last {
        out.push(with(other.last + 1, piece.last, -Decimal::ONE));
    }
    if other.last == piece.last && other.first > piece.first {
        out.push(with(piece.first, other.first - 1, -Decimal::ONE));
    }
    if other.first == piece.last + 1 {
        out.push(with(piece.first, other.last, Decimal::ONE));
    }
    if other.last + 1 == piece.first {
        out.push(with(other.first, piece.last, Decimal::ONE));
    }
    out
}

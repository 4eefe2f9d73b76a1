//! Loading the published figures' keys: each key a statements file records
//! under `[period.non_gaap]` or `[period.non_gaap_adjustments]` names one
//! measure of the model, one that has a figure in its period.

use crate::diagnostic::Diagnostic;
use crate::model::{NonGaapMeasure, PublishedFigure, Statement};

/// Every recorded key names one measure of the model.
pub(super) fn check_keys(statement: &Statement) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for period in &statement.periods {
        for published in &period.published {
            match NonGaapMeasure::parse_key(&published.key, statement) {
                Ok(measures) if measures.len() == 1 && !period.is_duration() && !at_a_date(statement, measures[0]) => {
                    errors.push(
                        Diagnostic::at(&published.key_site, format!("`{}` is not a measure over balances, but period {} is a balance-sheet date", published.key, period.id))
                            .help("record it in the duration period it is for; a balance-sheet date records measures over balance-sheet lines at that date"),
                    );
                }
                Ok(measures) if measures.len() == 1 => {
                    if published.what == PublishedFigure::Adjustments
                        && (measures[0].is_per_share() || measures[0].is_ratio())
                    {
                        errors.push(
                            Diagnostic::at(&published.key_site, format!("[period.non_gaap_adjustments] records totals of money reconciliations; `{}` is not one", published.key))
                                .help("record per-share and percentage figures in [period.non_gaap]"),
                        );
                    }
                }
                Ok(_) => errors.push(
                    Diagnostic::at(&published.key_site, format!("`{}` names more than one measure", published.key))
                        .help("record basic and diluted separately: eps-basic = \"...\", eps-diluted = \"...\""),
                ),
                Err(d) => errors.push(d.relocated(&published.key_site).label("not a measure of the model")),
            }
        }
    }
    errors
}

/// Whether a measure has a figure at a balance-sheet date: a balance line,
/// a measure over balances at the date, or a ratio of two such.
fn at_a_date(statement: &Statement, measure: NonGaapMeasure) -> bool {
    use crate::model::{BalanceBasis, RatioTerm, StatementKind};
    let balance_line =
        |l: crate::model::LineId| statement.line(l).statement == StatementKind::BalanceSheet;
    let at_end = |i: usize| statement.measures[i].balance == Some(BalanceBasis::End);
    match measure {
        NonGaapMeasure::Line(l) => balance_line(l),
        NonGaapMeasure::Declared(i)
        | NonGaapMeasure::DeclaredPerShare(i)
        | NonGaapMeasure::DeclaredPerBasicShare(i) => at_end(i),
        NonGaapMeasure::Ratio(i) => {
            let r = &statement.ratios[i];
            let term = |t: RatioTerm| match t {
                RatioTerm::Line(l) => balance_line(l),
                RatioTerm::Measure(m) => at_end(m),
            };
            r.annualize.is_none() && term(r.numerator) && term(r.denominator)
        }
        _ => false,
    }
}

//! The periods a command reads: those named (`--period`), derived where the
//! model does not report them, or every duration period.

use crate::diagnostic::Diagnostic;
use crate::model::Statement;

/// Every duration period, shortest first, latest first among equals: the
/// periods chosen when none are named.
pub fn all_durations(statement: &Statement) -> Vec<usize> {
    let mut periods: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration())
        .collect();
    let span = |i: usize| statement.periods[i].span;
    periods.sort_by(|&a, &b| {
        span(a)
            .months()
            .cmp(&span(b).months())
            .then(span(b).end().cmp(&span(a).end()))
    });
    periods
}

/// The periods named on the command line, in that order, as indices into
/// `statement.periods`, or every reported duration period: shortest first
/// (quarters, then year-to-date), most recent first. A duration the model
/// does not report is derived and added to it.
pub fn choose_periods(
    statement: &mut Statement,
    spec: Option<&str>,
) -> Result<Vec<usize>, Diagnostic> {
    let all = all_durations;
    let Some(spec) = spec else {
        return Ok(all(statement));
    };
    if spec.trim().eq_ignore_ascii_case("all") {
        return Ok(all(statement));
    }
    let mut chosen: Vec<usize> = Vec::new();
    for name in spec.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(
                Diagnostic::new(format!("empty period name in `--period {spec}`")).help(
                    "separate period names with single commas, such as --period Q3-2003,Q3-2002",
                ),
            );
        }
        if name.eq_ignore_ascii_case("all") {
            return Err(Diagnostic::new(format!(
                "`all` cannot be combined with other periods in `--period {spec}`"
            ))
            .help("use --period all on its own, or list the periods you want"));
        }
        // A balance-sheet date is a column too: for measures over balances
        // (tangible book value at Dec. 31); a flow asked of it is an error
        // where the view needs it.
        let index = statement.resolve_or_derive(name)?;
        if !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    Ok(chosen)
}

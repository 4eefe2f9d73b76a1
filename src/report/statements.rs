//! The release's own tables, regenerated from the statement model: the
//! statement of operations (one column per duration period), the balance
//! sheet (one column per full balance-sheet date) and the highlights table
//! (in millions by default, with percentages), so every figure of the
//! document ties to one source.

use rust_decimal::Decimal;

use super::{Cell, Row, RowStyle, Scale, Table};
use crate::diagnostic::Diagnostic;
use crate::model::{
    EpsBasis, HighlightRow, LineId, Period, PeriodSpan, Statement, StatementKind, Units,
};

/// The statement of operations, the balance sheet and the highlights table
/// for the chosen duration periods. `units` overrides the units money is
/// shown in (the model's own for the statements, millions for highlights).
pub fn statement_tables(
    statement: &Statement,
    durations: &[&Period],
    units: Option<Units>,
) -> Result<Vec<Table>, Diagnostic> {
    let model = statement.entity.units;
    let scale = Scale {
        model,
        shown: units.unwrap_or(model),
        shares: statement.entity.share_units,
        decimals: Some(statement.money_decimals()),
    };
    let mut tables = vec![operations(statement, durations, scale)?];
    if statement
        .line_items
        .iter()
        .any(|l| l.statement == StatementKind::CashFlow)
    {
        let rows = line_rows(statement, durations, StatementKind::CashFlow)?;
        tables.push(table(
            statement,
            false,
            title(
                &statement.presentation.labels.cash_flow_title,
                "Statements of Cash Flows",
            ),
            durations,
            scale,
            rows,
            Vec::new(),
        ));
    }
    let instants = balance_sheet_dates(statement);
    if !instants.is_empty() {
        tables.push(balance_sheet(statement, &instants, scale)?);
    }
    if !statement.presentation.highlights.is_empty() {
        let shown = units
            .or(statement.presentation.labels.highlights_units)
            .unwrap_or(Units::Millions);
        tables.push(highlights(
            statement,
            durations,
            Scale {
                model,
                shown,
                shares: statement.entity.share_units,
                decimals: None,
            },
        )?);
    }
    Ok(tables)
}

fn operations(
    statement: &Statement,
    periods: &[&Period],
    scale: Scale,
) -> Result<Table, Diagnostic> {
    let presentation = &statement.presentation.labels;
    let mut rows = line_rows(statement, periods, StatementKind::Operations)?;
    let mut notes = Vec::new();
    if rows.is_empty() {
        return Ok(table(
            statement,
            false,
            title(&presentation.operations_title, "Statements of Operations"),
            periods,
            scale,
            rows,
            notes,
        ));
    }
    let per_share = periods
        .iter()
        .map(|p| eps(statement, p))
        .collect::<Result<Vec<_>, _>>()?;
    if per_share.iter().any(Option::is_some) {
        let label = |given: &Option<String>, default: &str| {
            given.clone().unwrap_or_else(|| default.to_string())
        };
        let eps_cells = |basic: bool| -> Vec<Cell> {
            per_share
                .iter()
                .map(|e| match e {
                    Some(e) => match if basic { e.basic } else { e.diluted } {
                        Some(v) => Cell::PerShare(v),
                        None => Cell::Text("n/a".into()),
                    },
                    None => Cell::Text("n/a".into()),
                })
                .collect()
        };
        let share_cells = |basic: bool| -> Vec<Cell> {
            periods
                .iter()
                .map(|p| {
                    let count = p.shares.as_ref().and_then(|s| {
                        if basic {
                            s.basic.as_ref()
                        } else {
                            s.diluted.as_ref()
                        }
                    });
                    count.map_or(Cell::Text("n/a".into()), |c| Cell::Shares(c.value))
                })
                .collect()
        };
        rows.push(Row::blank());
        rows.push(Row::figures(
            label(
                &presentation.basic_eps_label,
                "Basic net income (loss) per share",
            ),
            0,
            RowStyle::First,
            eps_cells(true),
        ));
        rows.push(Row::figures(
            label(
                &presentation.diluted_eps_label,
                "Diluted net income (loss) per share",
            ),
            0,
            RowStyle::First,
            eps_cells(false),
        ));
        rows.push(Row::blank());
        rows.push(Row::figures(
            label(
                &presentation.basic_shares_label,
                "Basic weighted average common shares outstanding",
            ),
            0,
            RowStyle::Detail,
            share_cells(true),
        ));
        rows.push(Row::figures(
            label(
                &presentation.diluted_shares_label,
                "Diluted weighted average common shares outstanding",
            ),
            0,
            RowStyle::Detail,
            share_cells(false),
        ));
    }
    for (period, figures) in periods.iter().zip(&per_share) {
        let derived = period
            .derived
            .as_ref()
            .map(|d| d.describe(&statement.periods));
        let shares = match (&derived, figures.is_none()) {
            (Some(_), true) => {
                " Weighted average shares are not additive, and the statement model states none for \
                                this period, so it has no per-share figures."
            }
            (None, true) => {
                " The statement model states no weighted average shares for this period, so it has \
                             no per-share figures."
            }
            (_, false) => "",
        };
        match derived {
            Some(how) => notes.push(format!(
                "Note: {} is derived: {how}.{shares}",
                period.header
            )),
            None if figures.is_none() => notes.push(format!("Note: {}.{shares}", period.header)),
            None => {}
        }
    }
    Ok(table(
        statement,
        false,
        title(&presentation.operations_title, "Statements of Operations"),
        periods,
        scale,
        rows,
        notes,
    ))
}

fn balance_sheet(
    statement: &Statement,
    instants: &[&Period],
    scale: Scale,
) -> Result<Table, Diagnostic> {
    let rows = line_rows(statement, instants, StatementKind::BalanceSheet)?;
    Ok(table(
        statement,
        false,
        title(
            &statement.presentation.labels.balance_sheet_title,
            "Balance Sheets",
        ),
        instants,
        scale,
        rows,
        Vec::new(),
    ))
}

/// One row per line item of a statement, in declaration order: headings
/// where a line asks for one, a "Section:" heading where the section
/// changes, section members indented. Dollar signs on the first line of each
/// total's tree and on the grand totals, as a release prints them.
fn line_rows(
    statement: &Statement,
    periods: &[&Period],
    kind: StatementKind,
) -> Result<Vec<Row>, Diagnostic> {
    let mut rows: Vec<Row> = Vec::new();
    let mut section: Option<&str> = None;
    let mut roots_seen: Vec<LineId> = Vec::new();
    for (i, item) in statement.line_items.iter().enumerate() {
        if item.statement != kind || !item.printed {
            continue;
        }
        let line = LineId(i);
        let blank = |rows: &mut Vec<Row>| {
            if rows.last().is_some_and(|r| r.style != RowStyle::Blank) {
                rows.push(Row::blank());
            }
        };
        if let Some(heading) = &item.heading {
            blank(&mut rows);
            rows.push(Row::heading(heading.clone()));
        }
        if item.section.as_deref() != section {
            blank(&mut rows);
            if let Some(name) = &item.section {
                rows.push(Row::heading(format!("{name}:")));
            }
            section = item.section.as_deref();
        }
        let root = root_of(statement, line);
        let style = if item.parent.is_none() {
            RowStyle::Total
        } else if !roots_seen.contains(&root) {
            RowStyle::First
        } else {
            RowStyle::Detail
        };
        if !roots_seen.contains(&root) {
            roots_seen.push(root);
        }
        let cells = column_cells(periods, |p| statement.value(p, line), Cell::Money)?;
        let indent = usize::from(item.section.is_some());
        rows.push(Row::figures(item.label.clone(), indent, style, cells));
        for ratio in statement
            .ratios
            .iter()
            .filter(|r| r.in_statement && r.numerator == crate::model::RatioTerm::Line(line))
        {
            let cells = column_cells(
                periods,
                |p| statement.ratio(p, ratio),
                |v| Cell::Percent(v, ratio.places),
            )?;
            rows.push(Row::figures(
                ratio.label.clone(),
                indent + 1,
                RowStyle::Detail,
                cells,
            ));
        }
    }
    Ok(rows)
}

/// One cell per period: the figure, or "n/a" where the period has none.
fn column_cells(
    periods: &[&Period],
    figure: impl Fn(&Period) -> Result<Option<Decimal>, Diagnostic>,
    cell: impl Fn(Decimal) -> Cell,
) -> Result<Vec<Cell>, Diagnostic> {
    periods
        .iter()
        .map(|p| Ok(figure(p)?.map_or_else(|| Cell::Text("n/a".into()), &cell)))
        .collect()
}

/// The highlights table: the rows the statements file lists, for the
/// duration columns; a balance-sheet line shows its balance at each
/// column's end date.
fn highlights(
    statement: &Statement,
    periods: &[&Period],
    scale: Scale,
) -> Result<Table, Diagnostic> {
    let mut rows = Vec::new();
    for (n, highlight) in statement.presentation.highlights.iter().enumerate() {
        let mut style = if n == 0 {
            RowStyle::First
        } else {
            RowStyle::Detail
        };
        let cells = periods
            .iter()
            .map(|p| {
                Ok(match highlight.row {
                    HighlightRow::Line(line) => {
                        let at = if statement.line(line).statement == StatementKind::BalanceSheet {
                            style = RowStyle::First;
                            instant_at(statement, p.span.end())
                        } else {
                            Some(*p)
                        };
                        match at
                            .map(|at| statement.value(at, line))
                            .transpose()?
                            .flatten()
                        {
                            Some(v) => Cell::Money(v),
                            None => Cell::Text("n/a".into()),
                        }
                    }
                    HighlightRow::Ratio(index) => {
                        let ratio = &statement.ratios[index];
                        match statement.ratio(p, ratio)? {
                            Some(v) => Cell::Percent(v, ratio.places),
                            None => Cell::Text("n/a".into()),
                        }
                    }
                    HighlightRow::Eps(basis) => {
                        let figure = eps(statement, p)?.and_then(|e| match basis {
                            EpsBasis::Basic => e.basic,
                            EpsBasis::Diluted => e.diluted,
                        });
                        figure.map_or(Cell::Text("n/a".into()), Cell::PerShare)
                    }
                })
            })
            .collect::<Result<Vec<_>, Diagnostic>>()?;
        rows.push(Row::figures(
            highlight.label.clone(),
            highlight.indent,
            style,
            cells,
        ));
    }
    let mut notes = Vec::new();
    if scale.shown != scale.model {
        notes.push(
            "Each figure is rounded on its own, as published, so figures may not sum to the totals shown."
                .to_string(),
        );
    }
    Ok(table(
        statement,
        true,
        title(
            &statement.presentation.labels.highlights_title,
            "Financial Highlights",
        ),
        periods,
        scale,
        rows,
        notes,
    ))
}

/// Per-share figures computed from income available to common and the
/// stated shares; `None` where the period states no shares, or not the
/// count a figure needs.
struct PerShare {
    basic: Option<Decimal>,
    diluted: Option<Decimal>,
}

fn eps(statement: &Statement, period: &Period) -> Result<Option<PerShare>, Diagnostic> {
    let (Some(shares), Ok(net_income)) = (&period.shares, crate::engine::bottom_line(statement))
    else {
        return Ok(None);
    };
    let Some(net) = statement.value(period, net_income)? else {
        return Ok(None);
    };
    let too_large = || {
        Diagnostic::at(
            &period.site,
            format!(
                "per-share figures of period {} overflow a decimal",
                period.id
            ),
        )
    };
    let income = net
        .checked_sub(statement.preferred_dividends(period)?)
        .and_then(|i| i.checked_mul(statement.entity.per_share_factor()))
        .ok_or_else(too_large)?;
    let per = |count: Option<Decimal>| {
        count
            .map(|c| income.checked_div(c).ok_or_else(too_large))
            .transpose()
    };
    Ok(Some(PerShare {
        basic: per(shares.basic.as_ref().map(|f| f.value))?,
        diluted: per(shares.diluted_for(income))?,
    }))
}

/// Instants with a full balance sheet (a value for every grand total),
/// most recent first.
fn balance_sheet_dates(statement: &Statement) -> Vec<&Period> {
    let roots: Vec<LineId> = statement
        .line_items
        .iter()
        .enumerate()
        .filter(|(_, l)| l.statement == StatementKind::BalanceSheet && l.parent.is_none())
        .map(|(i, _)| LineId(i))
        .collect();
    if roots.is_empty() {
        return Vec::new();
    }
    let mut dates: Vec<&Period> = statement
        .periods
        .iter()
        .filter(|p| matches!(p.span, PeriodSpan::Instant { .. }))
        .filter(|p| {
            roots
                .iter()
                .all(|&r| matches!(statement.value(p, r), Ok(Some(_))))
        })
        .collect();
    dates.sort_by_key(|p| std::cmp::Reverse(p.span.end()));
    dates
}

fn instant_at(statement: &Statement, date: crate::model::Date) -> Option<&Period> {
    statement
        .periods
        .iter()
        .find(|p| p.span == PeriodSpan::Instant { date })
}

fn root_of(statement: &Statement, line: LineId) -> LineId {
    let mut at = line;
    for _ in 0..=statement.line_items.len() {
        match statement.line(at).parent {
            Some((parent, _)) => at = parent,
            None => break,
        }
    }
    at
}

fn title(given: &Option<String>, default: &str) -> String {
    given.clone().unwrap_or_else(|| default.to_string())
}

fn table(
    statement: &Statement,
    is_highlights: bool,
    title: String,
    periods: &[&Period],
    scale: Scale,
    rows: Vec<Row>,
    notes: Vec<String>,
) -> Table {
    // Per-share rows exist here only where some column has a figure.
    let per_share = rows
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| matches!(c, Cell::PerShare(_)));
    let mut titles = vec![statement.entity.name.clone(), title];
    if statement.presentation.labels.unaudited && !is_highlights {
        titles.push("(Unaudited)".to_string());
    }
    Table {
        title: titles,
        scale,
        columns: periods
            .iter()
            .map(|p| statement.heading(p).into())
            .collect(),
        period: None,
        per_share,
        rows,
        notes,
    }
}

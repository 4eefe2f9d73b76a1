//! The release's own tables, regenerated from the statement model: the
//! statement of operations (one column per duration period), the balance
//! sheet (one column per full balance-sheet date) and the highlights table
//! (in millions by default, with percentages), so every figure of the
//! document ties to one source.

use rust_decimal::Decimal;

use super::{Cell, Row, RowKey, RowStyle, Scale, Source, Table, as_stated_at, number};
use crate::diagnostic::Diagnostic;
use crate::model::{
    EpsBasis, Highlight, HighlightRow, LineId, Period, PeriodSpan, Statement, StatementKind, Units,
};
use crate::raw::Labels;

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

/// The statement of operations: its lines in release order, then the GAAP
/// per-share figures and share counts, with the notes on them.
fn operations(
    statement: &Statement,
    periods: &[&Period],
    scale: Scale,
) -> Result<Table, Diagnostic> {
    let presentation = &statement.presentation.labels;
    let mut rows = line_rows(statement, periods, StatementKind::Operations)?;
    let mut notes = Vec::new();
    if !rows.is_empty() {
        let per_share = periods
            .iter()
            .map(|p| eps(statement, p))
            .collect::<Result<Vec<_>, _>>()?;
        if per_share.iter().any(Option::is_some) {
            notes.extend(eps_stated_notes(periods, &per_share));
            rows.extend(eps_rows(presentation, &per_share));
            rows.extend(share_rows(presentation, periods));
        }
        notes.extend(period_notes(statement, periods, &per_share));
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

/// One GAAP EPS figure of a period, basic or diluted; none without one.
fn eps_figure(per_share: &Option<PerShare>, basic: bool) -> EpsFigure {
    per_share
        .as_ref()
        .map(|e| if basic { e.basic } else { e.diluted })
        .unwrap_or_default()
}

/// The release's EPS figure is shown; a note per figure where the one
/// computed from the figures as printed rounds otherwise.
fn eps_stated_notes(periods: &[&Period], per_share: &[Option<PerShare>]) -> Vec<String> {
    let mut notes = Vec::new();
    for (period, e) in periods.iter().zip(per_share) {
        for basic in [true, false] {
            let f = eps_figure(e, basic);
            if let (Some(c), Some(s)) = (f.computed, f.stated)
                && as_stated_at(c, Some(s), 2) != c
            {
                notes.push(format!(
                    "Note: {}, {} per share: the release states {}, which the company computes from unrounded \
                     figures; from the figures as printed it is {}.",
                    period.header,
                    if basic { "basic" } else { "diluted" },
                    number::format(s, s.scale().max(2), false),
                    number::format(c, 2, false),
                ));
            }
        }
    }
    notes
}

/// A label the presentation gives, or the default.
fn label_or(given: &Option<String>, default: &str) -> String {
    given.clone().unwrap_or_else(|| default.to_string())
}

/// The basic and diluted EPS rows, after a blank row.
fn eps_rows(presentation: &Labels, per_share: &[Option<PerShare>]) -> Vec<Row> {
    let eps_row = |label: String, basic: bool, measure: &str| {
        let cells = per_share
            .iter()
            .map(|e| {
                eps_figure(e, basic)
                    .shown()
                    .map_or(Cell::Text("n/a".into()), Cell::PerShare)
            })
            .collect();
        let sources = per_share
            .iter()
            .map(|e| eps_figure(e, basic).source())
            .collect();
        Row::figures(label, 0, RowStyle::First, cells)
            .keyed(RowKey::kind("per_share").measure(measure))
            .sourced(sources)
    };
    vec![
        Row::blank(),
        eps_row(
            label_or(
                &presentation.basic_eps_label,
                "Basic net income (loss) per share",
            ),
            true,
            "eps-basic",
        ),
        eps_row(
            label_or(
                &presentation.diluted_eps_label,
                "Diluted net income (loss) per share",
            ),
            false,
            "eps-diluted",
        ),
    ]
}

/// The basic and diluted weighted average share rows, after a blank row.
fn share_rows(presentation: &Labels, periods: &[&Period]) -> Vec<Row> {
    let share_row = |label: String, basic: bool, measure: &str| {
        let cells = periods
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
            .collect();
        Row::figures(label, 0, RowStyle::Detail, cells)
            .keyed(RowKey::kind("shares").measure(measure))
    };
    vec![
        Row::blank(),
        share_row(
            label_or(
                &presentation.basic_shares_label,
                "Basic weighted average common shares outstanding",
            ),
            true,
            "eps-basic",
        ),
        share_row(
            label_or(
                &presentation.diluted_shares_label,
                "Diluted weighted average common shares outstanding",
            ),
            false,
            "eps-diluted",
        ),
    ]
}

/// A note per period that is derived, or whose per-share figures are the
/// release's alone or missing, saying why.
fn period_notes(
    statement: &Statement,
    periods: &[&Period],
    per_share: &[Option<PerShare>],
) -> Vec<String> {
    let mut notes = Vec::new();
    for (period, figures) in periods.iter().zip(per_share) {
        let derived = period
            .derived
            .as_ref()
            .map(|d| d.describe(&statement.periods));
        let stated_only = figures.is_some() && period.shares.is_none();
        let shares = match (&derived, figures.is_none()) {
            (_, false) if stated_only => {
                " The statement model states no weighted average shares for this period; its per-share \
                 figures are the release's, as stated."
            }
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
            None if figures.is_none() || stated_only => {
                notes.push(format!("Note: {}.{shares}", period.header))
            }
            None => {}
        }
    }
    notes
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
        rows.push(
            Row::figures(item.label.clone(), indent, style, cells)
                .keyed(RowKey::kind("line").line(&item.id)),
        );
        for (index, ratio) in
            statement.ratios.iter().enumerate().filter(|(_, r)| {
                r.in_statement && r.numerator == crate::model::RatioTerm::Line(line)
            })
        {
            let (cells, sources) = percent_cells(statement, periods, index)?;
            rows.push(
                Row::figures(ratio.label.clone(), indent + 1, RowStyle::Detail, cells)
                    .keyed(RowKey::kind("ratio").measure(&ratio.id))
                    .sourced(sources),
            );
        }
    }
    Ok(rows)
}

/// A ratio's cells, one per period: the percentage the release states
/// where the computed one rounds otherwise (GAAP facts as reported), and
/// the sources of each.
fn percent_cells(
    statement: &Statement,
    periods: &[&Period],
    index: usize,
) -> Result<(Vec<Cell>, Vec<Source>), Diagnostic> {
    let ratio = &statement.ratios[index];
    let mut cells = Vec::with_capacity(periods.len());
    let mut sources = Vec::with_capacity(periods.len());
    for p in periods {
        let computed = statement.ratio(p, ratio)?;
        let stated = p.percentages.get(&index).map(|f| f.value);
        let shown = match computed {
            Some(c) => Some(as_stated_at(c, stated, 0)),
            None => stated,
        };
        let places = match (shown, stated) {
            (Some(v), Some(s)) if v == s => s.scale(),
            _ => ratio.places,
        };
        cells.push(shown.map_or(Cell::Text("n/a".into()), |v| Cell::Percent(v, places)));
        sources.push(Source::maybe(computed, stated));
    }
    Ok((cells, sources))
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
/// The highlights table: a row per highlight the presentation lists.
fn highlights(
    statement: &Statement,
    periods: &[&Period],
    scale: Scale,
) -> Result<Table, Diagnostic> {
    let rows = statement
        .presentation
        .highlights
        .iter()
        .enumerate()
        .map(|(n, highlight)| highlight_row(statement, periods, n, highlight))
        .collect::<Result<Vec<_>, Diagnostic>>()?;
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

/// The `n`th highlight's row: a line (a balance-sheet line at the period's
/// end, styled as a first row), a ratio or an EPS figure, per period.
fn highlight_row(
    statement: &Statement,
    periods: &[&Period],
    n: usize,
    highlight: &Highlight,
) -> Result<Row, Diagnostic> {
    let mut style = if n == 0 {
        RowStyle::First
    } else {
        RowStyle::Detail
    };
    let mut sources = Vec::new();
    let cells = periods
        .iter()
        .map(|p| {
            Ok(match highlight.row {
                HighlightRow::Line(line) => {
                    if statement.line(line).statement == StatementKind::BalanceSheet {
                        style = RowStyle::First;
                    }
                    highlight_line_cell(statement, p, line)?
                }
                HighlightRow::Ratio(index) => {
                    let (mut cells, mut source) = percent_cells(statement, &[*p], index)?;
                    sources.append(&mut source);
                    cells.pop().unwrap_or(Cell::Empty)
                }
                HighlightRow::Eps(basis) => {
                    let figure = eps_figure(&eps(statement, p)?, matches!(basis, EpsBasis::Basic));
                    sources.push(figure.source());
                    figure
                        .shown()
                        .map_or(Cell::Text("n/a".into()), Cell::PerShare)
                }
            })
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    Ok(
        Row::figures(highlight.label.clone(), highlight.indent, style, cells)
            .keyed(highlight_key(statement, highlight.row))
            .sourced(sources),
    )
}

/// A line's figure for a period: a balance-sheet line at the period's end.
fn highlight_line_cell(
    statement: &Statement,
    p: &Period,
    line: LineId,
) -> Result<Cell, Diagnostic> {
    let at = if statement.line(line).statement == StatementKind::BalanceSheet {
        instant_at(statement, p.span.end())
    } else {
        Some(p)
    };
    Ok(
        match at
            .map(|at| statement.value(at, line))
            .transpose()?
            .flatten()
        {
            Some(v) => Cell::Money(v),
            None => Cell::Text("n/a".into()),
        },
    )
}

/// The key of a highlight's row.
fn highlight_key(statement: &Statement, row: HighlightRow) -> RowKey {
    match row {
        HighlightRow::Line(line) => RowKey::kind("line").line(&statement.line(line).id),
        HighlightRow::Ratio(index) => RowKey::kind("ratio").measure(&statement.ratios[index].id),
        HighlightRow::Eps(EpsBasis::Basic) => RowKey::kind("per_share").measure("eps-basic"),
        HighlightRow::Eps(EpsBasis::Diluted) => RowKey::kind("per_share").measure("eps-diluted"),
    }
}

/// GAAP per-share figures of a period: computed from income available to
/// common and the stated shares, and as the release states them
/// (`[period.eps]`); `None` where the period has neither.
struct PerShare {
    basic: EpsFigure,
    diluted: EpsFigure,
}

/// One GAAP EPS figure: computed (`None` without the count it needs) and
/// stated (`None` where the model records none).
#[derive(Debug, Clone, Copy, Default)]
struct EpsFigure {
    computed: Option<Decimal>,
    stated: Option<Decimal>,
}

impl EpsFigure {
    /// The figure shown: the release's where the computed one rounds
    /// otherwise, or where nothing is computed.
    fn shown(self) -> Option<Decimal> {
        match self.computed {
            Some(c) => Some(as_stated_at(c, self.stated, 2)),
            None => self.stated,
        }
    }

    fn source(self) -> Source {
        Source::maybe(self.computed, self.stated)
    }
}

fn eps(statement: &Statement, period: &Period) -> Result<Option<PerShare>, Diagnostic> {
    let stated = |f: Option<&crate::model::Fact>| f.map(|f| f.value);
    let stated_basic = stated(period.eps.as_ref().and_then(|e| e.basic.as_ref()));
    let stated_diluted = stated(period.eps.as_ref().and_then(|e| e.diluted.as_ref()));
    let only_stated = || {
        (stated_basic.is_some() || stated_diluted.is_some()).then_some(PerShare {
            basic: EpsFigure {
                computed: None,
                stated: stated_basic,
            },
            diluted: EpsFigure {
                computed: None,
                stated: stated_diluted,
            },
        })
    };
    let (Some(shares), Ok(net_income)) = (&period.shares, statement.bottom_line()) else {
        return Ok(only_stated());
    };
    let Some(net) = statement.value(period, net_income)? else {
        return Ok(only_stated());
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
        basic: EpsFigure {
            computed: per(shares.basic.as_ref().map(|f| f.value))?,
            stated: stated_basic,
        },
        diluted: EpsFigure {
            computed: per(shares.diluted_for(income))?,
            stated: stated_diluted,
        },
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

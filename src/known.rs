//! Known differences: figures a release prints that do not tie (a total one
//! off its items, an EPS computed from unrounded figures), recorded in the
//! model with the release's reason (`[period.known_differences]`). A
//! finding at such a figure is accepted and listed with its reason; a
//! recorded difference whose figure ties after all is a finding, so the
//! list stays true.

use crate::diagnostic::Diagnostic;
use crate::model::{LineItem, Period, PublishedFigure, Ratio, Statement};
use crate::source::Site;

/// The tables of figures a known difference may name, for help messages.
const TABLES: &str = "values, eps, shares, counts, percentages, non_gaap or non_gaap_adjustments";

/// The site of the figure `key` (`<table>.<key>`) names in `period`, or a
/// help saying what it may name.
pub fn figure_site(
    period: &Period,
    key: &str,
    line_items: &[LineItem],
    ratios: &[Ratio],
) -> Result<Site, String> {
    let Some((table, name)) = key.split_once('.') else {
        return Err(format!(
            "write the table and the key of the figure, such as \"values.total_revenues\" or \"eps.basic\"; the tables are {TABLES}"
        ));
    };
    recorded_site(period, table, name, line_items, ratios)?.ok_or_else(|| {
        let said = format!(
            "period {} records no `{name}` in [period.{table}]",
            period.id
        );
        match crate::suggest::did_you_mean(
            key,
            keys(period, line_items, ratios).iter().map(String::as_str),
        ) {
            Some(hint) => format!("{said}; {hint}"),
            None => said,
        }
    })
}

/// The site of the figure `name` in the period's `table`, if the period
/// records it; a help if `table` is not a table of figures.
fn recorded_site(
    period: &Period,
    table: &str,
    name: &str,
    line_items: &[LineItem],
    ratios: &[Ratio],
) -> Result<Option<Site>, String> {
    let site = match table {
        "values" => line_items
            .iter()
            .position(|l| l.id == name)
            .and_then(|i| period.values.get(&crate::model::LineId(i)))
            .map(|f| f.site.clone()),
        "eps" => period
            .eps
            .as_ref()
            .and_then(|e| match name {
                "basic" => e.basic.as_ref(),
                "diluted" => e.diluted.as_ref(),
                _ => None,
            })
            .map(|f| f.site.clone()),
        "shares" => period
            .shares
            .as_ref()
            .and_then(|s| match name {
                "basic" => s.basic.as_ref(),
                "diluted" => s.diluted.as_ref(),
                "non_gaap_basic" => s.non_gaap_basic.as_ref(),
                "non_gaap_diluted" => s.non_gaap_diluted.as_ref(),
                _ => None,
            })
            .map(|f| f.site.clone()),
        "counts" => period.counts.get(name).map(|f| f.site.clone()),
        "percentages" => ratios
            .iter()
            .position(|r| r.id == name)
            .and_then(|i| period.percentages.get(&i))
            .map(|f| f.site.clone()),
        "non_gaap" | "non_gaap_adjustments" => {
            let what = if table == "non_gaap" {
                PublishedFigure::NonGaap
            } else {
                PublishedFigure::Adjustments
            };
            period
                .published
                .iter()
                .find(|p| p.what == what && p.key == name)
                .map(|p| p.fact.site.clone())
        }
        _ => {
            return Err(format!(
                "`{table}` is not a table of figures; the tables are {TABLES}"
            ));
        }
    };
    Ok(site)
}

/// Every figure a period records, as `<table>.<key>`.
fn keys(period: &Period, line_items: &[LineItem], ratios: &[Ratio]) -> Vec<String> {
    let mut keys: Vec<String> = period
        .values
        .keys()
        .map(|l| format!("values.{}", line_items[l.0].id))
        .collect();
    if let Some(e) = &period.eps {
        keys.extend(e.basic.as_ref().map(|_| "eps.basic".to_string()));
        keys.extend(e.diluted.as_ref().map(|_| "eps.diluted".to_string()));
    }
    if let Some(s) = &period.shares {
        for (name, fact) in [
            ("basic", &s.basic),
            ("diluted", &s.diluted),
            ("non_gaap_basic", &s.non_gaap_basic),
            ("non_gaap_diluted", &s.non_gaap_diluted),
        ] {
            keys.extend(fact.as_ref().map(|_| format!("shares.{name}")));
        }
    }
    keys.extend(period.counts.keys().map(|name| format!("counts.{name}")));
    keys.extend(
        period
            .percentages
            .keys()
            .map(|&r| format!("percentages.{}", ratios[r].id)),
    );
    keys.extend(period.published.iter().map(|p| match p.what {
        PublishedFigure::NonGaap => format!("non_gaap.{}", p.key),
        PublishedFigure::Adjustments => format!("non_gaap_adjustments.{}", p.key),
    }));
    keys
}

/// What recorded known differences make of the findings.
#[derive(Debug, Default)]
pub struct Accepted {
    /// The findings no known difference covers.
    pub findings: Vec<Diagnostic>,
    /// One line per accepted finding: period, key, figure and reason.
    pub accepted: Vec<String>,
    /// Of the accepted findings, how many by rule (`footing`, `eps`,
    /// `percentage`, `published`), so the counts of what ties stay true.
    pub by_rule: Vec<(&'static str, usize)>,
}

fn same_place(a: &Site, b: &Site) -> bool {
    a.span == b.span && a.file.path() == b.file.path()
}

/// Accepts the findings at a figure the model records as a known
/// difference; a recorded difference with no finding at its figure is a
/// finding of its own.
pub fn apply(statement: &Statement, findings: Vec<Diagnostic>) -> Accepted {
    let known: Vec<(&Period, &crate::model::KnownDifference)> = statement
        .periods
        .iter()
        .flat_map(|p| p.known_differences.iter().map(move |k| (p, k)))
        .collect();
    let mut out = Accepted::default();
    let mut used = vec![false; known.len()];
    for finding in findings {
        let at = finding
            .site()
            .and_then(|site| known.iter().position(|(_, k)| same_place(&k.figure, site)));
        match at {
            Some(i) => {
                let (period, k) = known[i];
                if !used[i] {
                    used[i] = true;
                    let figure = k
                        .figure
                        .file
                        .slice(&k.figure.span)
                        .unwrap_or_default()
                        .trim_matches('"');
                    out.accepted
                        .push(format!("{} {} {figure}: {}", period.id, k.key, k.reason));
                }
                let rule = finding.rule().unwrap_or("other");
                match out.by_rule.iter_mut().find(|(r, _)| *r == rule) {
                    Some((_, n)) => *n += 1,
                    None => out.by_rule.push((rule, 1)),
                }
            }
            None => out.findings.push(finding),
        }
    }
    for (i, (period, k)) in known.iter().enumerate() {
        if !used[i] {
            out.findings.push(
                Diagnostic::at(
                    &k.site,
                    format!(
                        "`{}` of period {} is recorded as a known difference, but it ties",
                        k.key, period.id
                    ),
                )
                .help("remove it from [period.known_differences]: the list names only figures that do not tie")
                .code("known-difference")
                .in_period(period.id.clone()),
            );
        }
    }
    out
}

/// How many accepted findings of `rule`.
pub fn count(accepted: &Accepted, rule: &str) -> usize {
    accepted
        .by_rule
        .iter()
        .find(|(r, _)| *r == rule)
        .map_or(0, |(_, n)| *n)
}

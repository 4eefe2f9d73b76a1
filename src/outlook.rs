//! Outlook (guidance): forward-looking figures a release reconciles. Each
//! forward period holds, per measure, a GAAP low and high (or one
//! approximate figure), the items between (one figure for both ends, or
//! each end's own), and the non-GAAP low and high the release prints; a
//! margin is a percentage of the revenue guidance's midpoint. `check` ties
//! non-GAAP = GAAP + items at each end within rounding of the printed
//! figures; lint NG018 (Item 10(e)(1)(i)(B)) refuses a non-GAAP figure whose
//! GAAP counterpart is omitted without the statement that it cannot be
//! estimated without unreasonable effort.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
pub use crate::model::outlook::{Guidance, Item, Outlook, Range};
use crate::model::{Adjustment, Date, NonGaapMeasure, PeriodSpan, Statement};
use crate::raw::{RawAmount, RawGuidance, RawGuidanceItem, RawOutlook, RawRange, Spanned};
use crate::source::{Site, SourceFile};

/// What a figure of a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Money,
    PerShare,
    /// Percent of the revenue guidance's midpoint, at the decimals given.
    Percent(u32),
}

/// One measure's reconciliation, figures at the low and the high end.
#[derive(Debug, Clone)]
pub struct Block {
    pub key: String,
    pub unit: Unit,
    pub gaap_label: String,
    pub non_gaap_label: String,
    /// `None`: the GAAP figure is omitted (unreasonable efforts).
    pub gaap: Option<[Decimal; 2]>,
    pub gaap_approximate: bool,
    /// Label, adjustment id, figures.
    pub items: Vec<(String, Option<String>, [Decimal; 2])>,
    /// The non-GAAP figures shown: the release's where recorded.
    pub non_gaap: [Decimal; 2],
    pub non_gaap_approximate: bool,
    /// GAAP + items, where GAAP is given.
    pub computed: Option<[Decimal; 2]>,
    /// Half a unit of the last digit of every input, summed: how far the
    /// computed figure may lie from the unrounded one.
    pub slack: [Decimal; 2],
    pub printed: Option<Range>,
}

/// The amount measure a margin is a percentage of revenue of.
fn margin_of(measure: NonGaapMeasure) -> Option<NonGaapMeasure> {
    match measure {
        NonGaapMeasure::GrossMargin => Some(NonGaapMeasure::GrossProfit),
        NonGaapMeasure::OperatingMargin => Some(NonGaapMeasure::OperatingIncome),
        NonGaapMeasure::NetMargin => Some(NonGaapMeasure::NetIncome),
        _ => None,
    }
}

/// Half a unit of the last digit written: what a printed figure stands for.
fn half_unit(value: Decimal) -> Decimal {
    Decimal::new(5, value.scale() + 1)
}

fn range(
    raw: &Spanned<RawRange>,
    what: &str,
    ordered: bool,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Range> {
    let site = Site::new(file, raw.span());
    let r = raw.get_ref();
    let value = |a: &Spanned<RawAmount>| a.get_ref().0;
    match (&r.low, &r.high, &r.approximately) {
        (None, None, Some(a)) => Some(Range {
            low: value(a),
            high: value(a),
            approximate: true,
            ends_at: [Site::new(file, a.span()), Site::new(file, a.span())],
            site,
        }),
        (Some(low), Some(high), None) => {
            if ordered && value(low) > value(high) {
                errors.push(
                    Diagnostic::at(
                        &Site::new(file, low.span()),
                        format!(
                            "{what} has its low end ({}) above its high end ({})",
                            value(low),
                            value(high)
                        ),
                    )
                    .label("the low end")
                    .help("a range runs from `low` to `high`: swap the two figures"),
                );
                return None;
            }
            Some(Range {
                low: value(low),
                high: value(high),
                approximate: false,
                ends_at: [Site::new(file, low.span()), Site::new(file, high.span())],
                site,
            })
        }
        (_, _, Some(a)) => {
            errors.push(
                Diagnostic::at(
                    &Site::new(file, a.span()),
                    format!("{what} gives `approximately` and a range"),
                )
                .help("give `low` and `high`, or one `approximately` figure"),
            );
            None
        }
        (Some(one), None, None) | (None, Some(one), None) => {
            let (given, missing) = if r.low.is_some() {
                ("low", "high")
            } else {
                ("high", "low")
            };
            errors.push(
                Diagnostic::at(
                    &Site::new(file, one.span()),
                    format!("{what} gives `{given}` without `{missing}`"),
                )
                .help(format!(
                    "add `{missing}`, or write one `approximately` figure for a single point"
                )),
            );
            None
        }
        (None, None, None) => {
            errors.push(
                Diagnostic::at(&site, format!("{what} gives no figure"))
                    .help("give `low` and `high`, or one `approximately` figure"),
            );
            None
        }
    }
}

/// Validates the `[[outlook]]` blocks against the statement they follow.
pub fn validate(
    raw: Vec<RawOutlook>,
    statement: &Statement,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Outlook> {
    let site = |span: std::ops::Range<usize>| Site::new(file, span);
    let latest = statement.periods.iter().map(|p| p.span.end()).max();
    let mut outlooks: Vec<Outlook> = Vec::new();
    let mut seen: HashMap<String, Site> = HashMap::new();
    for o in raw {
        let id = o.id.get_ref().clone();
        let id_site = site(o.id.span());
        if let Some(first) = seen.get(&id.to_ascii_lowercase()) {
            errors.push(
                Diagnostic::at(&id_site, format!("outlook {id} is given twice"))
                    .note(format!("first given at {}", first.position()))
                    .help("give each forward period one [[outlook]] block"),
            );
            continue;
        }
        seen.insert(id.to_ascii_lowercase(), id_site.clone());
        let span = match forward_span(&o, &id, latest, file) {
            Ok(span) => span,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let header = o.header.clone().unwrap_or_else(|| {
            span.header(statement.entity.fiscal_year_end)
                .replace("Ended", "Ending")
        });
        let revenue = o.revenue.as_ref().and_then(|r| {
            range(
                r,
                &format!("the revenue guidance of outlook {id}"),
                true,
                file,
                errors,
            )
        });
        let mut guidance: Vec<Guidance> = Vec::new();
        for g in &o.guidance {
            let has_revenue = revenue.is_some();
            if let Some(one) = guidance_of(g, &id, has_revenue, &guidance, statement, file, errors)
            {
                guidance.push(one);
            }
        }
        margins_follow_amounts(&guidance, &id, statement, errors);
        outlooks.push(Outlook {
            id,
            header,
            span,
            revenue,
            unreasonable_efforts: o.unreasonable_efforts,
            guidance,
            site: id_site,
        });
    }
    outlooks
}

/// The outlook's period: it ends after it starts, starts after the
/// reported periods end, and is a fiscal quarter or year long.
fn forward_span(
    o: &RawOutlook,
    id: &str,
    latest: Option<Date>,
    file: &Arc<SourceFile>,
) -> Result<PeriodSpan, Diagnostic> {
    let site = |span: std::ops::Range<usize>| Site::new(file, span);
    let (start, end) = (*o.start.get_ref(), *o.end.get_ref());
    let span = PeriodSpan::Duration { start, end };
    if end < start {
        return Err(Diagnostic::at(
            &site(o.end.span()),
            format!("outlook {id} ends ({end}) before it starts ({start})"),
        )
        .help("check the two dates; the end date is the last day of the period"));
    }
    if let Some(latest) = latest.filter(|&l| start <= l) {
        return Err(Diagnostic::at(
                &site(o.start.span()),
                format!("outlook {id} starts ({start}) before the reported periods end ({latest})"),
            )
            .note("guidance is for a period after the ones the release reports")
            .help("check the dates: a forward quarter or fiscal year starts after the last reported period"));
    }
    if !matches!(span.months(), 3 | 12) {
        return Err(Diagnostic::at(
            &site(o.start.span()),
            format!(
                "outlook {id} is {} months long; guidance is for a fiscal quarter or year",
                span.months()
            ),
        )
        .help("check the dates: a quarter is about three months, a fiscal year twelve"));
    }
    Ok(span)
}

/// One `[[outlook.guidance]]` entry: one measure, not guided before in the
/// outlook, its ranges and items, and the figures it needs.
fn guidance_of(
    g: &RawGuidance,
    id: &str,
    has_revenue: bool,
    guidance: &[Guidance],
    statement: &Statement,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Guidance> {
    let key = g.measure.get_ref().clone();
    let key_site = Site::new(file, g.measure.span());
    let measure = match NonGaapMeasure::parse_key(&key, statement) {
        Ok(m) if m.len() == 1 => m[0],
        Ok(_) => {
            errors.push(
                Diagnostic::at(&key_site, format!("`{key}` names more than one measure"))
                    .help("guide each measure on its own, such as `eps-diluted`"),
            );
            return None;
        }
        Err(d) => {
            errors.push(d.relocated(&key_site));
            return None;
        }
    };
    if let Some(first) = guidance.iter().find(|x| x.measure == measure) {
        errors.push(
            Diagnostic::at(&key_site, format!("outlook {id} guides `{key}` twice"))
                .note(format!("first at {}", first.site.position()))
                .help("give each measure one [[outlook.guidance]] entry"),
        );
        return None;
    }
    let what = |side: &str| format!("the {side} guidance for `{key}` in outlook {id}");
    let gaap = g
        .gaap
        .as_ref()
        .and_then(|r| range(r, &what("GAAP"), true, file, errors));
    let non_gaap = g
        .non_gaap
        .as_ref()
        .and_then(|r| range(r, &what("non-GAAP"), true, file, errors));
    let items = g
        .items
        .iter()
        .filter_map(|item| item_of(item, &key, id, file, errors))
        .collect();
    if let Some(amount) = margin_of(measure) {
        let lists_items = !g.items.is_empty();
        errors.extend(margin_needs(
            lists_items,
            has_revenue,
            &key,
            id,
            amount,
            &key_site,
            statement,
        ));
    } else if gaap.is_none() && non_gaap.is_none() && errors.is_empty() {
        errors.push(
            Diagnostic::at(&key_site, format!("the guidance for `{key}` in outlook {id} gives neither a GAAP nor a non-GAAP figure"))
                .help("add gaap = { low = \"...\", high = \"...\" } and the items, or the non-GAAP figure the release prints"),
        );
    }
    Some(Guidance {
        key,
        measure,
        label: g.label.clone(),
        gaap,
        non_gaap,
        items,
        site: key_site,
    })
}

/// A margin's guidance lists no items (its amount's are its own) and needs
/// the outlook's revenue guidance.
fn margin_needs(
    lists_items: bool,
    has_revenue: bool,
    key: &str,
    id: &str,
    amount: NonGaapMeasure,
    key_site: &Site,
    statement: &Statement,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if lists_items {
        errors.push(
            Diagnostic::at(key_site, format!("`{key}` in outlook {id} lists items"))
                .note("a margin's items are its amount's, in percent of the revenue guidance's midpoint")
                .help(format!("move the items to the guidance for `{}`", amount.name(statement))),
        );
    }
    if !has_revenue {
        errors.push(
            Diagnostic::at(
                key_site,
                format!("`{key}` in outlook {id} needs revenue guidance"),
            )
            .note("a margin's guidance is a percentage of the revenue guidance's midpoint")
            .help(format!(
                "add revenue = {{ low = \"...\", high = \"...\" }} to outlook {id}"
            )),
        );
    }
    errors
}

/// One item of a measure's guidance: it names an adjustment or has a
/// label, and gives one amount or both ends.
fn item_of(
    item: &Spanned<RawGuidanceItem>,
    key: &str,
    id: &str,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let site = |span: std::ops::Range<usize>| Site::new(file, span);
    let i = item.get_ref();
    let name = i
        .adjustment
        .as_ref()
        .map(|a| format!("`{}`", a.get_ref()))
        .or_else(|| i.label.as_ref().map(|l| format!("\"{l}\"")))
        .unwrap_or_else(|| "an item".to_string());
    let item_site = site(item.span());
    if i.adjustment.is_none() && i.label.is_none() {
        errors.push(
            Diagnostic::at(&item_site, format!("an item of `{key}` in outlook {id} names no adjustment and has no label"))
                .help("write adjustment = \"<an adjustment's id>\", or label = \"...\" as the release prints the row"),
        );
        return None;
    }
    let what = format!("item {name} of `{key}` in outlook {id}");
    let (low, high) = item_figures(i, &what, &item_site, file, errors)?;
    Some(Item {
        adjustment: i
            .adjustment
            .as_ref()
            .map(|a| (a.get_ref().clone(), site(a.span()))),
        label: i.label.clone(),
        range: Range {
            low,
            high,
            approximate: false,
            ends_at: [item_site.clone(), item_site.clone()],
            site: item_site,
        },
    })
}

/// An item's low and high ends: one `amount` for both, or `low` and `high`.
fn item_figures(
    i: &RawGuidanceItem,
    what: &str,
    item_site: &Site,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Decimal, Decimal)> {
    let site = |span: std::ops::Range<usize>| Site::new(file, span);
    let value = |a: &Spanned<RawAmount>| a.get_ref().0;
    match (&i.amount, &i.low, &i.high) {
        (Some(a), None, None) => Some((value(a), value(a))),
        (None, Some(l), Some(h)) => Some((value(l), value(h))),
        (Some(a), _, _) => {
            errors.push(
                Diagnostic::at(
                    &site(a.span()),
                    format!("{what} gives `amount` and `low`/`high`"),
                )
                .help("give one `amount` for both ends, or `low` and `high`"),
            );
            None
        }
        (None, Some(one), None) | (None, None, Some(one)) => {
            let (given, missing) = if i.low.is_some() {
                ("low", "high")
            } else {
                ("high", "low")
            };
            errors.push(
                Diagnostic::at(&site(one.span()), format!("{what} gives `{given}` without `{missing}`"))
                    .label(format!("the {given} end only"))
                    .note("every item is shown at both ends of the range, so non-GAAP = GAAP + items at each end")
                    .help(format!("add `{missing}`, or write one `amount` for both ends")),
            );
            None
        }
        (None, None, None) => {
            errors.push(
                Diagnostic::at(item_site, format!("{what} gives no amount"))
                    .help("give one `amount` for both ends, or `low` and `high`"),
            );
            None
        }
    }
}

/// A margin follows its amount's guidance: each margin guided has its
/// amount guided in the same outlook.
fn margins_follow_amounts(
    guidance: &[Guidance],
    id: &str,
    statement: &Statement,
    errors: &mut Vec<Diagnostic>,
) {
    for g in guidance {
        if let Some(amount) = margin_of(g.measure)
            && !guidance.iter().any(|x| x.measure == amount)
        {
            errors.push(
                Diagnostic::at(
                    &g.site,
                    format!(
                        "`{}` in outlook {id} has no guidance for `{}` to be a margin of",
                        g.key,
                        amount.name(statement)
                    ),
                )
                .help(format!(
                    "add an [[outlook.guidance]] entry for `{}` in amounts",
                    amount.name(statement)
                )),
            );
        }
    }
}

/// Every adjustment an outlook item names is one of the adjustments read.
pub fn check_adjustments(statement: &Statement, adjustments: &[Adjustment]) -> Vec<Diagnostic> {
    let ids: Vec<&str> = adjustments.iter().map(|a| a.id.as_str()).collect();
    let mut errors = Vec::new();
    for o in &statement.outlooks {
        for g in &o.guidance {
            for item in &g.items {
                if let Some((id, site)) = &item.adjustment
                    && !ids.contains(&id.as_str())
                {
                    errors.push(
                        Diagnostic::at(site, format!("outlook {} names adjustment `{id}`, which is not one of the adjustments read", o.id))
                            .label("no adjustment file has this id")
                            .maybe_help(crate::suggest::did_you_mean(id, ids.iter().copied()))
                            .note("an item no adjustment file describes takes label = \"...\" instead of adjustment"),
                    );
                }
            }
        }
    }
    errors
}

/// The row labels of a guided measure: "GAAP x" and "Non-GAAP x".
fn labels(g: &Guidance, statement: &Statement) -> (String, String) {
    use crate::model::caption_case;
    if let Some(label) = &g.label {
        return (format!("GAAP {label}"), format!("Non-GAAP {label}"));
    }
    match g.measure {
        NonGaapMeasure::Declared(i) => {
            let m = &statement.measures[i];
            (
                format!("GAAP {}", caption_case(&statement.line(m.start).label)),
                m.label.clone(),
            )
        }
        NonGaapMeasure::DeclaredPerShare(i) => {
            let m = &statement.measures[i];
            (
                format!(
                    "GAAP {} per diluted share",
                    caption_case(&statement.line(m.start).label)
                ),
                format!("{} per diluted share", m.label),
            )
        }
        m => {
            let name = match m {
                NonGaapMeasure::EpsDiluted => "net income (loss) per diluted share".to_string(),
                NonGaapMeasure::EpsBasic => "net income (loss) per basic share".to_string(),
                NonGaapMeasure::Line(l) => caption_case(&statement.line(l).label),
                NonGaapMeasure::Ratio(i) => caption_case(&statement.ratios[i].label),
                other => other.generic_label().to_string(),
            };
            (format!("GAAP {name}"), format!("Non-GAAP {name}"))
        }
    }
}

/// The item's row label: as written, else its adjustment's.
fn item_label(item: &Item, adjustments: &[Adjustment]) -> String {
    item.label.clone().unwrap_or_else(|| {
        let id = item.adjustment.as_ref().map_or("", |(id, _)| id.as_str());
        adjustments
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.label.clone())
    })
}

fn sum_ends(gaap: &Range, items: &[Item]) -> ([Decimal; 2], [Decimal; 2]) {
    let mut sum = gaap.ends();
    let mut slack = [half_unit(gaap.low), half_unit(gaap.high)];
    for item in items {
        for (end, v) in item.range.ends().into_iter().enumerate() {
            sum[end] += v;
            slack[end] += half_unit(v);
        }
    }
    (sum, slack)
}

/// The reconciliation blocks of one outlook, in the release's order.
pub fn blocks(outlook: &Outlook, statement: &Statement, adjustments: &[Adjustment]) -> Vec<Block> {
    let mid = outlook.revenue.as_ref().map(|r| Midpoint {
        value: (r.low + r.high) / Decimal::TWO,
        slack: half_unit(r.low).max(half_unit(r.high)),
    });
    let mut blocks = Vec::new();
    for g in &outlook.guidance {
        let labels = labels(g, statement);
        let block = match margin_of(g.measure) {
            Some(amount) => {
                let base = outlook.guidance.iter().find(|x| x.measure == amount);
                margin_block(g, base, mid, labels, adjustments)
            }
            None => amount_block(g, labels, adjustments),
        };
        blocks.extend(block);
    }
    blocks
}

/// The revenue guidance's midpoint, which a margin is a percentage of, and
/// how far it may lie from the unrounded one.
#[derive(Debug, Clone, Copy)]
struct Midpoint {
    value: Decimal,
    slack: Decimal,
}

impl Midpoint {
    /// `v` as a percentage of the midpoint.
    fn percent(self, v: Decimal) -> Decimal {
        crate::model::percent(v, self.value).unwrap_or_default()
    }

    /// The slack of `v` (whose own slack is `s`) as a percentage: the
    /// amount's and the midpoint's.
    fn percent_slack(self, v: Decimal, s: Decimal) -> Decimal {
        let mid = self.value;
        (s * Decimal::ONE_HUNDRED / mid.abs())
            + (v.abs() * self.slack * Decimal::ONE_HUNDRED / (mid * mid))
    }
}

/// A margin's block: each figure of its amount measure (`base`) as a
/// percentage of the revenue midpoint, the margin's own figures where
/// given. None without the amount's guidance, a revenue midpoint other than
/// zero, or a non-GAAP amount.
fn margin_block(
    g: &Guidance,
    base: Option<&Guidance>,
    mid: Option<Midpoint>,
    (gaap_label, non_gaap_label): (String, String),
    adjustments: &[Adjustment],
) -> Option<Block> {
    let (Some(base), Some(mid)) = (base, mid) else {
        return None;
    };
    if mid.value.is_zero() {
        return None;
    }
    let amount_gaap = base.gaap.as_ref().map(Range::ends);
    let (amount, amount_slack) = non_gaap_ends(base)?;
    let computed = [mid.percent(amount[0]), mid.percent(amount[1])];
    let gaap = match (&g.gaap, amount_gaap) {
        (Some(r), _) => Some(r.ends()),
        (None, Some(a)) => Some([mid.percent(a[0]), mid.percent(a[1])]),
        (None, None) => None,
    };
    Some(Block {
        key: g.key.clone(),
        unit: Unit::Percent(guided_places(g, 1)),
        gaap_label,
        non_gaap_label,
        gaap,
        gaap_approximate: g
            .gaap
            .as_ref()
            .or(base.gaap.as_ref())
            .is_some_and(|r| r.approximate),
        items: base
            .items
            .iter()
            .map(|i| {
                let ends = [mid.percent(i.range.low), mid.percent(i.range.high)];
                item_row(i, adjustments, ends)
            })
            .collect(),
        non_gaap: g.non_gaap.as_ref().map_or(computed, Range::ends),
        non_gaap_approximate: g
            .non_gaap
            .as_ref()
            .or(base.non_gaap.as_ref())
            .is_some_and(|r| r.approximate),
        computed: Some(computed),
        slack: [
            mid.percent_slack(amount[0], amount_slack[0]),
            mid.percent_slack(amount[1], amount_slack[1]),
        ],
        printed: g.non_gaap.clone(),
    })
}

/// An amount's (or per-share figure's, or ratio's) block: GAAP + items
/// computed where GAAP is given. None with neither GAAP nor non-GAAP
/// figures.
fn amount_block(
    g: &Guidance,
    (gaap_label, non_gaap_label): (String, String),
    adjustments: &[Adjustment],
) -> Option<Block> {
    let unit = if g.measure.is_per_share() {
        Unit::PerShare
    } else if g.measure.is_ratio() {
        Unit::Percent(guided_places(g, 0))
    } else {
        Unit::Money
    };
    let (computed, slack) = match &g.gaap {
        Some(r) => {
            let (sum, slack) = sum_ends(r, &g.items);
            (Some(sum), slack)
        }
        None => (None, [Decimal::ZERO; 2]),
    };
    let non_gaap = g.non_gaap.as_ref().map(Range::ends).or(computed)?;
    Some(Block {
        key: g.key.clone(),
        unit,
        gaap_label,
        non_gaap_label,
        gaap: g.gaap.as_ref().map(Range::ends),
        gaap_approximate: g.gaap.as_ref().is_some_and(|r| r.approximate),
        items: g
            .items
            .iter()
            .map(|i| item_row(i, adjustments, i.range.ends()))
            .collect(),
        non_gaap,
        non_gaap_approximate: g.non_gaap.as_ref().is_some_and(|r| r.approximate),
        computed,
        slack,
        printed: g.non_gaap.clone(),
    })
}

/// The non-GAAP ends of an amount's guidance and their slack: GAAP + items
/// where GAAP is given, else as printed.
fn non_gaap_ends(base: &Guidance) -> Option<([Decimal; 2], [Decimal; 2])> {
    match &base.gaap {
        Some(r) => Some(sum_ends(r, &base.items)),
        None => base
            .non_gaap
            .as_ref()
            .map(|r| (r.ends(), [half_unit(r.low), half_unit(r.high)])),
    }
}

/// The most decimals a guided percentage's figures are written with, or
/// `default` without figures.
fn guided_places(g: &Guidance, default: u32) -> u32 {
    [&g.gaap, &g.non_gaap]
        .into_iter()
        .flatten()
        .flat_map(|r| [r.low.scale(), r.high.scale()])
        .max()
        .unwrap_or(default)
}

/// An item's row of a block: its label, its adjustment's id, its figures.
fn item_row(
    item: &Item,
    adjustments: &[Adjustment],
    ends: [Decimal; 2],
) -> (String, Option<String>, [Decimal; 2]) {
    (
        item_label(item, adjustments),
        item.adjustment.as_ref().map(|a| a.0.clone()),
        ends,
    )
}

/// What `check` found in the guidance.
#[derive(Debug, Default)]
pub struct OutlookTieOut {
    pub findings: Vec<Diagnostic>,
    /// Printed non-GAAP figures compared with GAAP + items.
    pub compared: usize,
    /// Those that tie only within rounding, each described.
    pub within_rounding: Vec<String>,
}

/// Ties each printed non-GAAP guidance figure to GAAP plus the items, at
/// each end: exactly, or within rounding (the printed figure and the
/// computed one overlap once each printed input stands for anything within
/// half a unit of its last digit).
pub fn tie_out(statement: &Statement, adjustments: &[Adjustment]) -> OutlookTieOut {
    let mut report = OutlookTieOut::default();
    for o in &statement.outlooks {
        for block in blocks(o, statement, adjustments) {
            let (Some(computed), Some(printed)) = (block.computed, &block.printed) else {
                continue;
            };
            for (end, name) in [(0, "low"), (1, "high")] {
                if printed.approximate && end == 1 {
                    continue;
                }
                let p = printed.ends()[end];
                let c = computed[end];
                let diff = p - c;
                let allowed = half_unit(p) + block.slack[end];
                report.compared += 1;
                let shown = |v: Decimal| crate::number::format(v, v.scale().min(4), false);
                let c_shown = crate::number::format(
                    crate::number::round(c, 4),
                    crate::number::round(c, 4).normalize().scale(),
                    false,
                );
                // Printed as the computed figure rounds: exact.
                if diff.is_zero() || crate::number::round(c, p.scale()) == p {
                    continue;
                }
                let at = if printed.approximate {
                    String::new()
                } else {
                    format!(" at its {name} end")
                };
                if diff.abs() <= allowed {
                    report.within_rounding.push(format!(
                        "outlook {} `{}` non-GAAP{at}: printed {}, GAAP + items {c_shown}",
                        o.id,
                        block.key,
                        shown(p)
                    ));
                } else {
                    report.findings.push(
                        Diagnostic::at(
                            &printed.ends_at[end],
                            format!(
                                "the non-GAAP guidance for `{}` in outlook {} does not tie{at}",
                                block.key, o.id
                            ),
                        )
                        .label(format!("printed {}", shown(p)))
                        .note(format!("GAAP + items = {c_shown}; difference (printed - computed): {}", diff.normalize()))
                        .note(format!(
                            "rounded as printed, the figures allow a difference of at most {}",
                            allowed.normalize()
                        ))
                        .help("check the GAAP figure, each item and the non-GAAP figure against the release"),
                    );
                }
            }
        }
    }
    report
}

/// NG018: guidance that gives a non-GAAP figure without its GAAP
/// counterpart, in an outlook without the unreasonable-efforts statement.
pub fn omitted_gaap(statement: &Statement) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for o in &statement.outlooks {
        if o.unreasonable_efforts.is_some() {
            continue;
        }
        for g in &o.guidance {
            let gaap_omitted = if let Some(amount) = margin_of(g.measure) {
                g.gaap.is_none()
                    && o.guidance
                        .iter()
                        .find(|x| x.measure == amount)
                        .is_some_and(|x| x.gaap.is_none())
            } else {
                g.gaap.is_none()
            };
            if gaap_omitted {
                found.push(
                    Diagnostic::at(
                        &g.site,
                        format!(
                            "outlook {} gives non-GAAP `{}` without its GAAP counterpart",
                            o.id, g.key
                        ),
                    )
                    .note("Item 10(e)(1)(i)(B): the GAAP side of forward-looking guidance may be omitted only with a statement that it cannot be estimated without unreasonable effort")
                    .help(format!(
                        "add the GAAP guidance (gaap = {{ low = \"...\", high = \"...\" }}), or the release's statement: unreasonable_efforts = \"...\" in outlook {}",
                        o.id
                    )),
                );
            }
        }
    }
    found
}

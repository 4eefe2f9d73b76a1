//! Validation of a statements file: unique ids, roll-ups that name real lines
//! and form no cycle, periods whose kind matches their dates and facts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::CountSum;
use crate::model::{
    Annualization, BalanceBasis, DeclaredMeasure, Entity, Eps, Fact, Highlight, HighlightRow,
    IfConverted, LineId, LineItem, Period, PeriodKey, PeriodKind, PeriodSpan, Presentation,
    Published, PublishedFigure, Ratio, RatioTerm, Shares, Sign, Statement, StatementKind,
};
use crate::raw::{
    EpsBasis, Labels, RawAmount, RawCount, RawHighlight, RawLineItem, RawMeasurePerShare,
    RawPeriod, RawStatement, Spanned, days_in_month,
};
use crate::source::{Site, SourceFile};
use crate::suggest;

use super::names::{allows, bad_id, check_concept_name};

/// Roll-ups deeper than this are refused (a real statement nests four or five).
const MAX_ROLL_UP_DEPTH: usize = 64;

/// Validates a statements file: a sequence of named checks, one per rule
/// family, in the order their diagnostics are reported.
pub fn validate_statement(
    raw: RawStatement,
    file: &Arc<SourceFile>,
) -> Result<Statement, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let entity = check_entity(raw.entity, file, &mut errors);
    let fiscal_year_end = entity.fiscal_year_end;
    let lines = LineNames::new(&raw.line_items, file, &mut errors);
    let mut line_items = check_line_items(&raw.line_items, &lines, &mut errors);
    let site = |span| lines.site(span);
    super::segment::ties(&raw.line_items, &mut line_items, &site, &mut errors);
    check_no_roll_up_into_computed(&raw.line_items, &lines, &line_items, &mut errors);
    check_roll_ups(&mut line_items, &mut errors);

    let raw_ratio_ids: HashSet<&str> = raw.ratios.iter().map(|r| r.id.get_ref().as_str()).collect();
    let measures = declared_measures(
        &raw.measures,
        &lines.index,
        &raw_ratio_ids,
        &line_items,
        file,
        &mut errors,
    );
    let (mut ratios, ratio_index) = check_ratios(
        &raw.ratios,
        &lines.index,
        &line_items,
        &measures,
        file,
        &mut errors,
    );
    check_ratio_places(&raw.ratios, file, &mut errors);

    let ratio_ids: Vec<&str> = raw.ratios.iter().map(|r| r.id.get_ref().as_str()).collect();
    let rules = PeriodRules {
        file,
        fiscal_year_end,
        lines: &lines,
        line_items: &line_items,
        ratios: &ratios,
        ratio_index: &ratio_index,
        raw_ratio_ids: &raw_ratio_ids,
        ratio_ids: &ratio_ids,
    };
    let (mut periods, derived) = check_periods(&raw.periods, &rules, &mut errors);
    derive_periods(&mut periods, &derived, fiscal_year_end, &mut errors);
    default_ratio_places(&mut ratios, &raw.ratios, &periods);
    let presentation = presentation(
        raw.presentation,
        &raw.highlights,
        &lines.index,
        &ratio_index,
        file,
        &mut errors,
    );
    check_has_periods(&periods, file, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let index = crate::model::PeriodIndex::new(&periods, fiscal_year_end);
    let mut statement = Statement {
        entity,
        roll_ups: crate::model::RollUps::new(&line_items),
        line_items,
        ratios,
        measures,
        periods,
        presentation,
        allow: allows(&raw.allow, file, &mut errors),
        site: Site::new(file, 0..0),
        index,
        outlooks: Vec::new(),
    };
    statement.outlooks = crate::outlook::validate(raw.outlooks, &statement, file, &mut errors);
    if errors.is_empty() {
        Ok(statement)
    } else {
        Err(errors)
    }
}

/// A file with no periods has nothing to reconcile (said only when nothing
/// else is wrong: a period with errors is left out).
fn check_has_periods(periods: &[Period], file: &Arc<SourceFile>, errors: &mut Vec<Diagnostic>) {
    if periods.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::in_file(file.path(), "the statements file has no periods")
                .help("add a [[period]] block with its [period.values]"),
        );
    }
}

/// `[entity]`: the fiscal year end must be a month and day.
fn check_entity(
    raw: crate::raw::RawEntity,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Entity {
    let site = |span: std::ops::Range<usize>| Site::new(file, span);
    let fiscal_year_end = match parse_month_day(raw.fiscal_year_end.get_ref()) {
        Some(md) => md,
        None => {
            errors.push(
                Diagnostic::at(&site(raw.fiscal_year_end.span()), "fiscal_year_end is not a month and day")
                    .label("expected MM-DD")
                    .help("write the last day of the fiscal year as month-day, such as \"12-31\" or \"04-30\""),
            );
            (12, 31)
        }
    };
    Entity {
        name: raw.name,
        ticker: raw.ticker,
        fiscal_year_end,
        units: raw.units,
        share_units: raw.share_units.unwrap_or(raw.units),
        release_date: raw.release_date.as_ref().map(|d| *d.get_ref()),
        release_date_site: raw.release_date.as_ref().map(|d| site(d.span())),
        source: raw.source,
        standard: raw.standard.unwrap_or_default(),
        regulator: raw.regulator.unwrap_or_default(),
    }
}

/// The line item ids of a file: each well formed and unique, indexed first
/// so roll-ups can refer forward.
struct LineNames<'a> {
    index: HashMap<String, LineId>,
    /// The well-formed ids, for "did you mean".
    ids: Vec<&'a str>,
    file: &'a Arc<SourceFile>,
}

impl<'a> LineNames<'a> {
    fn new(
        items: &'a [RawLineItem],
        file: &'a Arc<SourceFile>,
        errors: &mut Vec<Diagnostic>,
    ) -> Self {
        let site = |span: std::ops::Range<usize>| Site::new(file, span);
        let mut index: HashMap<String, LineId> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let id = item.id.get_ref();
            if let Some(message) = bad_id(id) {
                errors.push(Diagnostic::at(
                    &site(item.id.span()),
                    format!("line item id {message}"),
                ));
            }
            if let Some(first) = index.get(id) {
                let first_site = site(items[first.0].id.span());
                errors.push(
                    Diagnostic::at(
                        &site(item.id.span()),
                        format!("duplicate line item id `{id}`"),
                    )
                    .label("declared again here")
                    .note(format!("first declared at {}", first_site.position()))
                    .help("give each line item its own id"),
                );
            } else {
                index.insert(id.clone(), LineId(i));
            }
        }
        let ids = items
            .iter()
            .map(|l| l.id.get_ref().as_str())
            .filter(|id| bad_id(id).is_none())
            .collect();
        LineNames { index, ids, file }
    }

    fn site(&self, span: std::ops::Range<usize>) -> Site {
        Site::new(self.file, span)
    }

    /// `name`, given as `what`, names no line item.
    fn unknown(&self, name: &Spanned<String>, what: &str) -> Diagnostic {
        Diagnostic::at(
            &self.site(name.span()),
            format!("{what} `{}` is not a line item", name.get_ref()),
        )
        .label("no line item has this id")
        .maybe_help(suggest::did_you_mean(
            name.get_ref(),
            self.ids.iter().copied(),
        ))
    }
}

/// Each line item: its parent, its measure tag, its label, its computed
/// terms and its XBRL concept.
fn check_line_items(
    items: &[RawLineItem],
    lines: &LineNames,
    errors: &mut Vec<Diagnostic>,
) -> Vec<LineItem> {
    let site = |span: std::ops::Range<usize>| lines.site(span);
    let unknown_line = |name: &Spanned<String>, what: &str| lines.unknown(name, what);
    let mut line_items = Vec::with_capacity(items.len());
    let mut measures: BTreeMap<_, &Spanned<_>> = BTreeMap::new();
    for item in items {
        let parent = line_parent(item, items, lines, errors);
        check_measure_tag(item, &mut measures, lines, errors);
        if item.label.trim().is_empty() {
            errors.push(
                Diagnostic::at(&site(item.id.span()), format!("line item `{}` has an empty label", item.id.get_ref()))
                    .help("write the line's caption as the release prints it, such as label = \"Revenue\""),
            );
        }
        let terms = computed_terms(item, items, &lines.index, &unknown_line, &site, errors);
        line_items.push(LineItem {
            id: item.id.get_ref().clone(),
            label: item.label.clone(),
            statement: item.statement,
            section: item.section.clone(),
            heading: item.heading.clone(),
            parent,
            measure: item.measure.as_ref().map(|m| *m.get_ref()),
            caption: item.caption.clone(),
            printed: item.printed,
            site: site(item.id.span()),
            roll_up_site: item.rolls_up_to.as_ref().map(|r| site(r.span())),
            terms,
            concept: item.concept.as_ref().and_then(|c| {
                let checked = check_concept_name(c.get_ref(), &site(c.span()));
                checked.map_err(|d| errors.push(d)).ok()
            }),
            ties_to: None,
        });
    }
    line_items
}

/// `rolls_up_to`: a line item on the same statement, not the line itself;
/// `sign` only with it.
fn line_parent(
    item: &RawLineItem,
    items: &[RawLineItem],
    lines: &LineNames,
    errors: &mut Vec<Diagnostic>,
) -> Option<(LineId, Sign)> {
    let Some(target) = &item.rolls_up_to else {
        if let Some(sign) = &item.sign {
            errors.push(
                Diagnostic::at(&lines.site(sign.span()), "`sign` without `rolls_up_to`")
                    .help("a sign says how this line enters its total: add `rolls_up_to = \"<total id>\"` or remove `sign`"),
            );
        }
        return None;
    };
    match lines.index.get(target.get_ref()) {
        None => {
            errors.push(lines.unknown(target, "rolls_up_to"));
            None
        }
        Some(_) if target.get_ref() == item.id.get_ref() => {
            errors.push(
                Diagnostic::at(
                    &lines.site(target.span()),
                    format!("line item `{}` rolls up into itself", item.id.get_ref()),
                )
                .help("name the total this line is a component of"),
            );
            None
        }
        Some(&parent) => {
            if items[parent.0].statement != item.statement {
                errors.push(
                    Diagnostic::at(
                        &lines.site(target.span()),
                        format!(
                            "`{}` rolls up into `{}`, which is on another statement",
                            item.id.get_ref(),
                            target.get_ref()
                        ),
                    )
                    .help("a line can only be a component of a total on its own statement"),
                );
            }
            Some((
                parent,
                item.sign.as_ref().map_or(Sign::Add, |s| *s.get_ref()),
            ))
        }
    }
}

/// A measure tags exactly one line item.
fn check_measure_tag<'a>(
    item: &'a RawLineItem,
    tagged: &mut BTreeMap<crate::raw::Measure, &'a Spanned<crate::raw::Measure>>,
    lines: &LineNames,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(measure) = &item.measure else {
        return;
    };
    if let Some(first) = tagged.get(measure.get_ref()) {
        errors.push(
            Diagnostic::at(
                &lines.site(measure.span()),
                format!(
                    "`{}` carries a measure that another line item already carries",
                    item.id.get_ref()
                ),
            )
            .note(format!(
                "first tagged at {}",
                lines.site(first.span()).position()
            ))
            .help("a measure tags exactly one line item: remove one of the two `measure` keys"),
        );
    } else {
        tagged.insert(*measure.get_ref(), measure);
    }
}

/// Nothing rolls up into a computed subtotal: its lines are its terms.
fn check_no_roll_up_into_computed(
    items: &[RawLineItem],
    lines: &LineNames,
    line_items: &[LineItem],
    errors: &mut Vec<Diagnostic>,
) {
    for item in items {
        if let (Some(target), Some(&parent)) = (
            &item.rolls_up_to,
            item.rolls_up_to
                .as_ref()
                .and_then(|t| lines.index.get(t.get_ref())),
        ) && !line_items[parent.0].terms.is_empty()
        {
            errors.push(
                Diagnostic::at(
                    &lines.site(target.span()),
                    format!(
                        "`{}` rolls up into `{}`, a computed subtotal",
                        item.id.get_ref(),
                        target.get_ref()
                    ),
                )
                .label("computed from its `add` and `subtract` lines")
                .help(format!(
                    "a computed subtotal takes its lines from `add` and `subtract`: list `{}` there, and let it roll up into its printed total",
                    item.id.get_ref()
                )),
            );
        }
    }
}

/// `[[ratio]]` blocks: ids unique, terms that exist, one annualization, no
/// balance divided by a flow. Returns the ratios kept and their index by id.
fn check_ratios(
    raw: &[crate::raw::RawRatio],
    index: &HashMap<String, LineId>,
    line_items: &[LineItem],
    measures: &[DeclaredMeasure],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Ratio>, HashMap<String, usize>) {
    let mut ratios = Vec::new();
    let mut ratio_index: HashMap<String, usize> = HashMap::new();
    for ratio in raw {
        let id = ratio.id.get_ref();
        if ratio_index.contains_key(id) || index.contains_key(id) {
            errors.push(
                Diagnostic::at(
                    &Site::new(file, ratio.id.span()),
                    format!("duplicate id `{id}`"),
                )
                .help("ratio ids must differ from each other and from line item ids"),
            );
            continue;
        }
        if let Some(kept) = check_ratio(ratio, index, line_items, measures, file, errors) {
            ratio_index.insert(id.clone(), ratios.len());
            ratios.push(kept);
        }
    }
    (ratios, ratio_index)
}

/// One ratio whose id is new: kept when both its terms exist.
fn check_ratio(
    ratio: &crate::raw::RawRatio,
    index: &HashMap<String, LineId>,
    line_items: &[LineItem],
    measures: &[DeclaredMeasure],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Ratio> {
    let site = |span: std::ops::Range<usize>| Site::new(file, span);
    let id = ratio.id.get_ref();
    let term = |name: &Spanned<String>| {
        index
            .get(name.get_ref())
            .map(|&l| RatioTerm::Line(l))
            .or_else(|| {
                measures
                    .iter()
                    .position(|m| &m.id == name.get_ref())
                    .map(RatioTerm::Measure)
            })
    };
    let numerator = term(&ratio.numerator);
    let denominator = term(&ratio.denominator);
    for (found, name, what) in [
        (numerator, &ratio.numerator, "numerator"),
        (denominator, &ratio.denominator, "denominator"),
    ] {
        if found.is_none() {
            errors.push(unknown_term(
                &site(name.span()),
                name.get_ref(),
                what,
                line_items,
                measures,
            ));
        }
    }
    let annualize = ratio_annualization(ratio, file, errors);
    let is_balance = |t: RatioTerm| match t {
        RatioTerm::Line(l) => line_items[l.0].statement == StatementKind::BalanceSheet,
        RatioTerm::Measure(i) => measures[i].balance.is_some(),
    };
    if let (Some(n), Some(_)) = (numerator, &annualize)
        && is_balance(n)
    {
        let span = ratio
            .annualize
            .as_ref()
            .map(|a| a.span())
            .or_else(|| ratio.annualize_factor.as_ref().map(|f| f.span()))
            .unwrap_or_else(|| ratio.id.span());
        errors.push(
            Diagnostic::at(&site(span), format!("ratio `{id}` annualizes its numerator, `{}`, which is a balance at a date, not a flow over a period", ratio.numerator.get_ref()))
                .help("annualize a return's numerator (income over a period); remove annualize from a ratio of balances"),
        );
    }
    let (numerator, denominator) = (numerator?, denominator?);
    check_balance_over_flow(ratio, numerator, denominator, line_items, file, errors);
    Some(Ratio {
        id: id.clone(),
        label: ratio.label.clone(),
        numerator,
        denominator,
        annualize,
        gaap_label: ratio.gaap_label.clone(),
        in_statement: ratio.in_statement,
        places: ratio.places.as_ref().map_or(0, |p| *p.get_ref()),
        unit: ratio
            .unit
            .as_ref()
            .map_or_else(Default::default, |u| *u.get_ref()),
        site: site(ratio.id.span()),
    })
}

/// `annualize` (a day-count convention) or `annualize_factor` (positive),
/// not both.
fn ratio_annualization(
    ratio: &crate::raw::RawRatio,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Annualization> {
    let id = ratio.id.get_ref();
    match (&ratio.annualize, &ratio.annualize_factor) {
        (Some(_), Some(factor)) => {
            errors.push(
                Diagnostic::at(&Site::new(file, factor.span()), format!("ratio `{id}` gives both `annualize` and `annualize_factor`"))
                    .help("keep one: a day-count convention such as annualize = \"actual/365\", or a stated factor such as annualize_factor = 4"),
            );
            None
        }
        (Some(a), None) => Some(Annualization::Convention(*a.get_ref())),
        (None, Some(factor)) => {
            if factor.get_ref().0 <= Decimal::ZERO {
                errors.push(
                    Diagnostic::at(&Site::new(file, factor.span()), "an annualization factor must be positive")
                        .help("write the factor the release multiplies by, such as annualize_factor = 4 for a quarter"),
                );
            }
            Some(Annualization::Factor(factor.get_ref().0))
        }
        (None, None) => None,
    }
}

/// A balance at a date over a flow for a period, both lines: no period holds
/// both, so the ratio could never be computed. One error, here; the ratio is
/// still declared, so its percentages and highlights raise no second error of
/// the same cause. A declared balance measure has a date for every period
/// (the period's end, or its average).
fn check_balance_over_flow(
    ratio: &crate::raw::RawRatio,
    numerator: RatioTerm,
    denominator: RatioTerm,
    line_items: &[LineItem],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let instant = |t: RatioTerm| match t {
        RatioTerm::Line(l) => Some(line_items[l.0].statement == StatementKind::BalanceSheet),
        RatioTerm::Measure(_) => None,
    };
    if let (Some(n), Some(d)) = (instant(numerator), instant(denominator))
        && n != d
    {
        let (balance, flow) = if n {
            (&ratio.numerator, &ratio.denominator)
        } else {
            (&ratio.denominator, &ratio.numerator)
        };
        errors.push(
            Diagnostic::at(&Site::new(file, ratio.id.span()), format!(
                "ratio `{}` divides a balance-sheet line by a flow, or a flow by a balance-sheet line: `{}` is a balance at a date, `{}` a flow over a period",
                ratio.id.get_ref(),
                balance.get_ref(),
                flow.get_ref()
            ))
            .note("no period holds both, so the ratio could never be computed")
            .help("use two lines of the same kind, or divide by a measure over the balance: [[measure]] with start = the balance-sheet line and balance = \"average\" (or \"end\")"),
        );
    }
}

/// A percentage is printed with at most four decimals.
fn check_ratio_places(
    raw: &[crate::raw::RawRatio],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) {
    for ratio in raw {
        if let Some(places) = ratio.places.as_ref().filter(|p| *p.get_ref() > 4) {
            errors.push(
                Diagnostic::at(
                    &Site::new(file, places.span()),
                    format!(
                        "{} decimals is more than a percentage is printed with",
                        places.get_ref()
                    ),
                )
                .help("write places = 0 for \"76%\" or places = 1 for \"75.8%\""),
            );
        }
    }
}

/// What the checks of a `[[period]]` block need from the rest of the file.
struct PeriodRules<'a> {
    file: &'a Arc<SourceFile>,
    fiscal_year_end: (u32, u32),
    lines: &'a LineNames<'a>,
    line_items: &'a [LineItem],
    ratios: &'a [Ratio],
    ratio_index: &'a HashMap<String, usize>,
    /// Every ratio id written, including those refused with an error.
    raw_ratio_ids: &'a HashSet<&'a str>,
    /// The same, in file order, for "did you mean".
    ratio_ids: &'a [&'a str],
}

impl PeriodRules<'_> {
    fn site(&self, span: std::ops::Range<usize>) -> Site {
        Site::new(self.file, span)
    }
}

/// The periods declared so far: by position, by dates and by id.
#[derive(Default)]
struct SeenPeriods {
    periods: Vec<Period>,
    keys: HashMap<PeriodKey, usize>,
    ids: HashMap<String, usize>,
    /// Positions of the periods marked `derived = true`.
    derived: Vec<usize>,
}

/// `[[period]]` blocks, in file order. Returns the periods and the
/// positions of the derived ones.
fn check_periods(
    raw: &[RawPeriod],
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Period>, Vec<usize>) {
    let mut seen = SeenPeriods::default();
    for raw_period in raw {
        let Some((span, key)) = check_period_identity(raw_period, rules, &seen, errors) else {
            continue;
        };
        seen.keys.insert(key, seen.periods.len());
        seen.ids.insert(
            raw_period.id.get_ref().to_ascii_lowercase(),
            seen.periods.len(),
        );
        let period = check_period(raw_period, span, rules, errors);
        seen.periods.push(period);
        if raw_period.derived {
            seen.derived.push(seen.periods.len() - 1);
            check_derived_has_no_values(raw_period, rules, errors);
        }
    }
    (seen.periods, seen.derived)
}

/// A period's id and dates: a well-formed id, not used before, dates that
/// parse, an id that reads as those dates, and dates not covered before.
/// None when the period is skipped.
fn check_period_identity(
    raw_period: &RawPeriod,
    rules: &PeriodRules,
    seen: &SeenPeriods,
    errors: &mut Vec<Diagnostic>,
) -> Option<(PeriodSpan, PeriodKey)> {
    let fiscal_year_end = rules.fiscal_year_end;
    let id = raw_period.id.get_ref();
    let id_site = rules.site(raw_period.id.span());
    if let Some(message) = bad_id(id) {
        errors.push(Diagnostic::at(&id_site, format!("period id {message}")));
    }
    if let Some(first) = seen
        .ids
        .get(&id.to_ascii_lowercase())
        .map(|&i| &seen.periods[i])
    {
        errors.push(
            Diagnostic::at(&id_site, format!("duplicate period id `{id}`"))
                .note(format!("first declared at {}", first.site.position()))
                .help(
                    "each period appears once: edit the first block, or give this one its own id",
                ),
        );
        return None;
    }
    let span = period_span(raw_period, rules.file, errors)?;
    // The dates say what the period is; an id that says otherwise is a slip.
    let key = span.key(fiscal_year_end);
    if let Some(named) = PeriodKey::parse(id).filter(|named| *named != key) {
        errors.push(
            Diagnostic::at(&id_site, format!("period id `{id}` does not match its dates"))
                .label(format!("reads as {}", named.describe(fiscal_year_end)))
                .note(format!(
                    "the dates make it {} in a fiscal year ending {}",
                    key.describe(fiscal_year_end),
                    month_day(fiscal_year_end)
                ))
                .help(match key.id(fiscal_year_end) {
                    Some(right) => format!("rename it `{right}`, or correct the dates"),
                    None => "correct the dates: no period id names this span (ids name quarters, halves, years to date, trailing twelve months and years); or give the period an id that reads as no period, such as `stub-2024`".to_string(),
                }),
        );
        return None;
    }
    if let Some(&first) = seen.keys.get(&key) {
        let first = &seen.periods[first];
        errors.push(
            Diagnostic::at(
                &id_site,
                format!("`{id}` covers the same dates as `{}`", first.id),
            )
            .note(format!("first declared at {}", first.site.position()))
            .help("each period appears once"),
        );
        return None;
    }
    Some((span, key))
}

/// One period whose id and dates are sound: its values, shares, EPS,
/// averages, percentages, counts, published figures and known differences.
fn check_period(
    raw_period: &RawPeriod,
    span: PeriodSpan,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> Period {
    let file = rules.file;
    let id = raw_period.id.get_ref().clone();
    let instant = matches!(span, PeriodSpan::Instant { .. });
    let values = period_values(raw_period, instant, rules, errors);
    let mut resolver = CountResolver::new(raw_period, file, &id);
    let shares = period_shares(raw_period, instant, &mut resolver, rules, errors);
    let eps = period_eps(raw_period, instant, rules, errors);
    let averages = period_averages(raw_period, instant, rules, errors);
    let percentages = period_percentages(raw_period, rules, errors);
    let counts = period_counts(raw_period, &mut resolver, errors);
    let mut period = Period {
        id,
        span,
        header: raw_period
            .header
            .clone()
            .unwrap_or_else(|| span.header(rules.fiscal_year_end)),
        note: raw_period.note.clone(),
        reconciliation_only: raw_period.reconciliation_only,
        counts,
        count_sums: std::mem::take(&mut resolver.sums),
        published: published_figures(raw_period, file),
        values,
        averages,
        shares,
        eps,
        percentages,
        derived: None,
        known_differences: Vec::new(),
        site: rules.site(raw_period.id.span()),
    };
    period.known_differences = known_differences(
        &raw_period.known_differences,
        &period,
        rules.line_items,
        rules.ratios,
        file,
        errors,
    );
    period
}

/// `[period.values]`: each key a line item, flows in durations and balances
/// in instants (cash flows and statistics are flows like operations).
fn period_values(
    raw_period: &RawPeriod,
    instant: bool,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<LineId, Fact> {
    let id = raw_period.id.get_ref();
    let mut values = BTreeMap::new();
    for (line, amount) in &raw_period.values {
        let Some(&line_id) = rules.lines.index.get(line.get_ref()) else {
            errors.push(rules.lines.unknown(line, "value for"));
            continue;
        };
        let is_balance = rules.line_items[line_id.0].statement == StatementKind::BalanceSheet;
        if is_balance != instant {
            let (fact, period, help) = if instant {
                (
                    "flow",
                    "an instant",
                    "put flows in a duration period (kind = \"duration\", start = ..., end = ...)",
                )
            } else {
                (
                    "balance-sheet (instant)",
                    "a duration",
                    "put balances in an instant period (kind = \"instant\", date = ...)",
                )
            };
            errors.push(
                Diagnostic::at(
                    &rules.site(line.span()),
                    format!(
                        "`{}` is a {fact} line item, but period {id} is {period}",
                        line.get_ref()
                    ),
                )
                .help(help),
            );
            continue;
        }
        values.insert(line_id, fact(amount, rules.file));
    }
    values
}

/// A table that belongs to a duration period, given in an instant.
fn duration_only(
    name: &str,
    span: std::ops::Range<usize>,
    period: &str,
    rules: &PeriodRules,
) -> Diagnostic {
    Diagnostic::at(
        &rules.site(span),
        format!("`{name}` belongs to a duration period, but period {period} is an instant"),
    )
    .help("weighted shares and per-share figures are reported for a period of time, not at a date")
}

/// `[period.shares]`: in a duration, positive counts, dividends added back
/// not negative, and at least one count. A release may print only the
/// non-GAAP count (a reconciliation exhibit): its per-share figure divides by
/// it, and no GAAP figure per share is computed.
fn period_shares(
    raw_period: &RawPeriod,
    instant: bool,
    resolver: &mut CountResolver,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> Option<Shares> {
    let file = rules.file;
    let raw_shares = raw_period.shares.as_ref()?;
    if instant {
        errors.push(duration_only(
            "shares",
            raw_shares.span(),
            raw_period.id.get_ref(),
            rules,
        ));
        return None;
    }
    let r = raw_shares.get_ref();
    let if_converted = r.if_converted.as_ref().map(|c| c.get_ref());
    let basic = resolver.fact("shares", "basic", errors);
    let diluted = resolver.fact("shares", "diluted", errors);
    let non_gaap_basic = resolver.fact("shares", "non_gaap_basic", errors);
    let non_gaap_diluted = resolver.fact("shares", "non_gaap_diluted", errors);
    let counts = [
        ("basic", basic.clone()),
        ("diluted", diluted.clone()),
        ("non-GAAP basic", non_gaap_basic.clone()),
        ("non-GAAP diluted", non_gaap_diluted.clone()),
        ("if-converted", if_converted.map(|c| fact(&c.shares, file))),
    ];
    for (name, count) in counts.into_iter().filter_map(|(n, c)| c.map(|c| (n, c))) {
        if count.value <= Decimal::ZERO {
            errors.push(
                Diagnostic::at(
                    &count.site,
                    format!("{name} weighted average shares must be positive"),
                )
                .label(format!("{} shares", count.value))
                .help("per-share figures divide by this count; copy it from the release"),
            );
        }
    }
    if let Some(c) = if_converted
        && c.dividends.get_ref().0 < Decimal::ZERO
    {
        errors.push(
            Diagnostic::at(&rules.site(c.dividends.span()), "preferred dividends added back are negative")
                .help("write the dividends the converted shares would no longer receive as a positive amount"),
        );
    }
    if r.basic.is_none()
        && r.diluted.is_none()
        && r.non_gaap_basic.is_none()
        && r.non_gaap_diluted.is_none()
    {
        errors.push(
            Diagnostic::at(&rules.site(raw_shares.span()), format!("[period.shares] of period {} gives neither `basic` nor `diluted`", raw_period.id.get_ref()))
                .help("add the weighted average share count the release prints: basic = <count>, diluted = <count>, or both"),
        );
    }
    Some(Shares {
        basic,
        diluted,
        non_gaap_basic,
        non_gaap_diluted,
        if_converted: if_converted.map(|c| IfConverted {
            shares: fact(&c.shares, file),
            dividends: fact(&c.dividends, file),
        }),
    })
}

/// `[period.eps]`: in a duration, with at least one figure.
fn period_eps(
    raw_period: &RawPeriod,
    instant: bool,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> Option<Eps> {
    let raw_eps = raw_period.eps.as_ref()?;
    if instant {
        errors.push(duration_only(
            "eps",
            raw_eps.span(),
            raw_period.id.get_ref(),
            rules,
        ));
        return None;
    }
    let r = raw_eps.get_ref();
    if r.basic.is_none() && r.diluted.is_none() {
        errors.push(
            Diagnostic::at(&rules.site(raw_eps.span()), format!("[period.eps] of period {} gives neither `basic` nor `diluted`", raw_period.id.get_ref()))
                .help("add the per-share figure the release prints: basic = \"0.12\", diluted = \"0.11\", or both"),
        );
    }
    Some(Eps {
        basic: r.basic.as_ref().map(|c| fact(c, rules.file)),
        diluted: r.diluted.as_ref().map(|c| fact(c, rules.file)),
        ytd_difference: r.ytd_difference,
    })
}

/// `[period.averages]`: average balances of balance-sheet lines, stated in
/// the duration they are the average over.
fn period_averages(
    raw_period: &RawPeriod,
    instant: bool,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<LineId, Fact> {
    let id = raw_period.id.get_ref();
    let mut averages = BTreeMap::new();
    for (line, amount) in &raw_period.averages {
        let Some(&line_id) = rules.lines.index.get(line.get_ref()) else {
            errors.push(unknown_average(raw_period, line, rules));
            continue;
        };
        if instant {
            errors.push(
                Diagnostic::at(&rules.site(line.span()), format!("[period.averages] belongs to a duration period, but period {id} is an instant"))
                    .help("state an average balance in the period it is the average over, such as a quarter"),
            );
            continue;
        }
        if rules.line_items[line_id.0].statement != StatementKind::BalanceSheet {
            errors.push(
                Diagnostic::at(&rules.site(line.span()), format!("`{}` is a flow; [period.averages] holds average balances of balance-sheet lines", line.get_ref()))
                    .help("give the flow in [period.values], or name a balance-sheet line here"),
            );
            continue;
        }
        averages.insert(line_id, fact(amount, rules.file));
    }
    averages
}

/// An average of no line item: suggest a balance-sheet line the table does
/// not name yet.
fn unknown_average(
    raw_period: &RawPeriod,
    line: &Spanned<String>,
    rules: &PeriodRules,
) -> Diagnostic {
    let named: HashSet<&str> = raw_period
        .averages
        .keys()
        .map(|k| k.get_ref().as_str())
        .collect();
    let open: Vec<&str> = rules
        .line_items
        .iter()
        .filter(|l| l.statement == StatementKind::BalanceSheet)
        .map(|l| l.id.as_str())
        .filter(|id| !named.contains(id))
        .collect();
    Diagnostic::at(
        &rules.site(line.span()),
        format!("average of `{}` is not a line item", line.get_ref()),
    )
    .label("no line item has this id")
    .help(
        suggest::did_you_mean(line.get_ref(), open.iter().copied()).unwrap_or_else(|| {
            format!(
                "[period.averages] names balance-sheet lines; those not named here yet: {}",
                open.iter().take(8).copied().collect::<Vec<_>>().join(", ")
            )
        }),
    )
}

/// `[period.percentages]`: each key a declared ratio. A declared ratio with
/// an error of its own is reported there, not here.
fn period_percentages(
    raw_period: &RawPeriod,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<usize, Fact> {
    let mut percentages = BTreeMap::new();
    for (ratio, amount) in &raw_period.percentages {
        if !rules.ratio_index.contains_key(ratio.get_ref())
            && rules.raw_ratio_ids.contains(ratio.get_ref().as_str())
        {
            continue;
        }
        match rules.ratio_index.get(ratio.get_ref()) {
            Some(&r) => {
                percentages.insert(r, fact(amount, rules.file));
            }
            None => errors.push(
                Diagnostic::at(
                    &rules.site(ratio.span()),
                    format!("`{}` is not a declared ratio", ratio.get_ref()),
                )
                .label("no [[ratio]] has this id")
                .help(
                    suggest::did_you_mean(ratio.get_ref(), rules.ratio_ids.iter().copied())
                        .unwrap_or_else(|| {
                            "declare it with a [[ratio]] block: id, label, numerator, denominator"
                                .to_string()
                        }),
                ),
            ),
        }
    }
    percentages
}

/// `[period.counts]`: each named count resolved and positive.
fn period_counts(
    raw_period: &RawPeriod,
    resolver: &mut CountResolver,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Fact> {
    raw_period
        .counts
        .keys()
        .filter_map(|k| {
            let v = resolver.fact("counts", k.get_ref(), errors)?;
            if v.value <= Decimal::ZERO {
                errors.push(
                    Diagnostic::at(
                        &v.site,
                        format!("the count `{}` must be positive", k.get_ref()),
                    )
                    .help("a per-share figure divides by this count; copy it from the release"),
                );
                return None;
            }
            Some((k.get_ref().clone(), v))
        })
        .collect()
}

/// `[period.non_gaap]` and `[period.non_gaap_adjustments]`: the figures the
/// release publishes, kept for the tie-out.
fn published_figures(raw_period: &RawPeriod, file: &Arc<SourceFile>) -> Vec<Published> {
    [
        (&raw_period.non_gaap, PublishedFigure::NonGaap),
        (
            &raw_period.non_gaap_adjustments,
            PublishedFigure::Adjustments,
        ),
    ]
    .into_iter()
    .flat_map(|(table, what)| {
        table.iter().map(move |(key, amount)| Published {
            key: key.get_ref().clone(),
            key_site: Site::new(file, key.span()),
            what,
            fact: fact(amount, file),
        })
    })
    .collect()
}

/// A derived period takes its values from other periods: it reports none.
fn check_derived_has_no_values(
    raw_period: &RawPeriod,
    rules: &PeriodRules,
    errors: &mut Vec<Diagnostic>,
) {
    let stray = raw_period
        .values
        .keys()
        .chain(raw_period.percentages.keys())
        .next();
    if let Some(key) = stray {
        errors.push(
            Diagnostic::at(&rules.site(key.span()), format!("period {} is derived: its values come from other periods", raw_period.id.get_ref()))
                .help("remove its [period.values] and [period.percentages], or remove `derived = true` to report them"),
        );
    }
}

/// Derived periods take their flows from the reported ones.
fn derive_periods(
    periods: &mut [Period],
    derived: &[usize],
    fiscal_year_end: (u32, u32),
    errors: &mut Vec<Diagnostic>,
) {
    for &index in derived {
        let key = periods[index].span.key(fiscal_year_end);
        match crate::model::derive(periods, key, fiscal_year_end) {
            Some((_, derivation)) => periods[index].derived = Some(derivation),
            None => errors.push(
                Diagnostic::at(&periods[index].site, format!("period {} cannot be derived from the reported periods", periods[index].id))
                    .note("a derived period is a sum or difference of up to three reported durations with matching dates")
                    .help("add the periods it comes from (for a fourth quarter: the fiscal year and nine months), or report its values"),
            ),
        }
    }
}

/// A ratio without declared places prints at the precision its recorded
/// percentages are written with (73.6%).
fn default_ratio_places(ratios: &mut [Ratio], raw: &[crate::raw::RawRatio], periods: &[Period]) {
    for (index, ratio) in ratios.iter_mut().enumerate() {
        let declared = raw
            .iter()
            .find(|r| r.id.get_ref() == &ratio.id)
            .is_some_and(|r| r.places.is_some());
        if !declared {
            ratio.places = periods
                .iter()
                .filter_map(|p| p.percentages.get(&index))
                .map(|f| f.value.scale())
                .max()
                .unwrap_or(0)
                .min(4);
        }
    }
}

/// A ratio names a term that is neither a line item nor a declared measure.
fn unknown_term(
    at: &Site,
    name: &str,
    what: &str,
    line_items: &[LineItem],
    measures: &[DeclaredMeasure],
) -> Diagnostic {
    Diagnostic::at(
        at,
        format!("{what} `{name}` is not a line item or declared measure"),
    )
    .label("no line item or [[measure]] has this id")
    .maybe_help(suggest::did_you_mean(
        name,
        line_items
            .iter()
            .map(|l| l.id.as_str())
            .chain(measures.iter().map(|m| m.id.as_str())),
    ))
}

/// The measures the file declares: ids unique among measures, ratios and
/// lines; every line they name exists and is a flow.
fn declared_measures(
    raw: &[crate::raw::RawMeasure],
    index: &HashMap<String, LineId>,
    ratio_ids: &HashSet<&str>,
    line_items: &[LineItem],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<DeclaredMeasure> {
    let rules = MeasureRules {
        all: raw,
        index,
        ratio_ids,
        line_items,
        file,
    };
    let mut measures: Vec<DeclaredMeasure> = Vec::new();
    for m in raw {
        // A measure with an error in its definition is still declared (the
        // load fails anyway), so what names it raises no second error.
        if let Some(measure) = declared_measure(m, &measures, &rules, errors) {
            measures.push(measure);
        }
    }
    measures
}

/// What the checks of a `[[measure]]` need from the rest of the file.
struct MeasureRules<'a> {
    /// Every measure written, for the ids of per-share figures.
    all: &'a [crate::raw::RawMeasure],
    index: &'a HashMap<String, LineId>,
    ratio_ids: &'a HashSet<&'a str>,
    line_items: &'a [LineItem],
    file: &'a Arc<SourceFile>,
}

impl MeasureRules<'_> {
    fn site(&self, span: std::ops::Range<usize>) -> Site {
        Site::new(self.file, span)
    }

    /// The line item `name` names, or an error.
    fn find(&self, name: &Spanned<String>, errors: &mut Vec<Diagnostic>) -> Option<LineId> {
        let Some(&line) = self.index.get(name.get_ref()) else {
            errors.push(
                Diagnostic::at(
                    &self.site(name.span()),
                    format!("`{}` is not a line item", name.get_ref()),
                )
                .label("no line item has this id")
                .maybe_help(suggest::did_you_mean(
                    name.get_ref(),
                    self.line_items.iter().map(|l| l.id.as_str()),
                )),
            );
            return None;
        };
        Some(line)
    }

    /// The line item `name` names in measure `id`, of the kind its start
    /// line is (`over_balances`, where known). A measure is over flows or
    /// over balances, never both: the kind of its starting line decides,
    /// and every line it names must match.
    fn line(
        &self,
        name: &Spanned<String>,
        id: &str,
        over_balances: Option<bool>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<LineId> {
        let found = self.find(name, errors)?;
        let balance = self.line_items[found.0].statement == StatementKind::BalanceSheet;
        match over_balances {
            Some(over) if over != balance => {
                errors.push(
                    Diagnostic::at(
                        &self.site(name.span()),
                        if over {
                            format!("`{}` is a flow, but measure `{id}` starts from a balance-sheet line", name.get_ref())
                        } else {
                            format!("`{}` is a balance-sheet line, but measure `{id}` starts from a flow", name.get_ref())
                        },
                    )
                    .note("a measure adds lines of one kind: flows over a period, or balances at a date")
                    .help("for a return on a balance (net income over average equity), declare a [[ratio]] whose numerator and denominator are the two measures"),
                );
                None
            }
            _ => Some(found),
        }
    }
}

/// One `[[measure]]`: declared when its start line exists.
fn declared_measure(
    m: &crate::raw::RawMeasure,
    earlier: &[DeclaredMeasure],
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) -> Option<DeclaredMeasure> {
    let id = m.id.get_ref();
    let site = |span: std::ops::Range<usize>| rules.site(span);
    check_measure_id_and_label(m, earlier, rules, errors);
    let start = rules.find(&m.start, errors);
    let over_balances =
        start.map(|s| rules.line_items[s.0].statement == StatementKind::BalanceSheet);
    let terms = measure_terms(m, over_balances, rules, errors);
    // An empty list is a measure defined by its lines alone.
    let adjustments = m.adjustments.as_ref().map(|list| {
        list.get_ref()
            .iter()
            .map(|a| (a.get_ref().clone(), site(a.span())))
            .collect::<Vec<_>>()
    });
    check_balance_keys(m, over_balances, rules, errors);
    let (per_share, per_share_basic) = measure_per_share(m, rules, errors);
    let per_share_add: Vec<LineId> = m
        .per_share_add
        .iter()
        .filter_map(|n| rules.line(n, id, over_balances, errors))
        .collect();
    check_per_share_add(m, rules, errors);
    if over_balances == Some(true) {
        check_per_share_over_balances(m, per_share || per_share_basic, rules, errors);
    }
    check_per_share_id(m, rules, errors);
    Some(DeclaredMeasure {
        id: id.clone(),
        label: m.label.clone(),
        kind: *m.kind.get_ref(),
        start: start?,
        terms,
        balance: over_balances.filter(|b| *b).map(|_| {
            m.balance
                .as_ref()
                .map_or(BalanceBasis::End, |b| *b.get_ref())
        }),
        adjustments,
        rationale: m.rationale.clone(),
        per_share,
        per_share_basic,
        per_basic_share_label: m.per_basic_share_label.clone(),
        gaap_per_basic_share_label: m.gaap_per_basic_share_label.clone(),
        per_share_count: m
            .per_share_count
            .as_ref()
            .map(|c| (c.get_ref().clone(), site(c.span()))),
        per_share_add,
        per_share_label: m.per_share_label.clone(),
        gaap_per_share_label: m.gaap_per_share_label.clone(),
        site: site(m.id.span()),
    })
}

/// A well-formed id, unique among line items, ratios, named measures and
/// the measures before it; and a label.
fn check_measure_id_and_label(
    m: &crate::raw::RawMeasure,
    earlier: &[DeclaredMeasure],
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) {
    let id = m.id.get_ref();
    let at = rules.site(m.id.span());
    if let Some(message) = bad_id(id) {
        errors.push(Diagnostic::at(&at, format!("measure id {message}")));
    }
    if rules.index.contains_key(id)
        || rules.ratio_ids.contains(id.as_str())
        || earlier.iter().any(|d| &d.id == id)
        || crate::model::NonGaapMeasure::is_named(id)
    {
        errors.push(
            Diagnostic::at(&at, format!("duplicate id `{id}`"))
                .help("a measure's id must differ from the line item, ratio and named measure ids (net-income, eps, ...)"),
        );
    }
    if m.label.trim().is_empty() {
        errors.push(
            Diagnostic::at(&at, format!("measure `{id}` has an empty label"))
                .help("write the measure's name as the release prints it, such as label = \"Free cash flow\""),
        );
    }
}

/// `add` and `subtract`: each line once, the starting line not added again.
fn measure_terms(
    m: &crate::raw::RawMeasure,
    over_balances: Option<bool>,
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(LineId, Decimal)> {
    let id = m.id.get_ref();
    let mut terms: Vec<(LineId, Decimal)> = Vec::new();
    // Each line once: a line named twice, or the starting line named
    // again in `add`, would be counted twice.
    let mut named: Vec<(&Spanned<String>, &str)> = Vec::new();
    for (names, sign, list) in [
        (&m.add, Decimal::ONE, "add"),
        (&m.subtract, Decimal::NEGATIVE_ONE, "subtract"),
    ] {
        for name in names {
            if let Some(&(_, first)) = named.iter().find(|(n, _)| n.get_ref() == name.get_ref()) {
                errors.push(
                    Diagnostic::at(
                        &rules.site(name.span()),
                        if first == list {
                            format!(
                                "`{}` is named twice in `{list}` of measure `{id}`",
                                name.get_ref()
                            )
                        } else {
                            format!(
                                "`{}` is named in both `{first}` and `{list}` of measure `{id}`",
                                name.get_ref()
                            )
                        },
                    )
                    .label("counted twice")
                    .help(format!(
                        "name each line once: remove this `{}`",
                        name.get_ref()
                    )),
                );
                continue;
            }
            named.push((name, list));
            if list == "add" && name.get_ref() == m.start.get_ref() {
                errors.push(
                    Diagnostic::at(&rules.site(name.span()), format!("`{}` is the starting line of measure `{id}`, and `add` adds it again", name.get_ref()))
                        .label("counted twice")
                        .note("a measure starts from its `start` line's figure; `add` lists what it adds to it")
                        .help(format!("remove `{}` from `add`", name.get_ref())),
                );
                continue;
            }
            if let Some(l) = rules.line(name, id, over_balances, errors) {
                terms.push((l, sign));
            }
        }
    }
    terms
}

/// `balance` only over balance-sheet lines; adjustments only over flows.
fn check_balance_keys(
    m: &crate::raw::RawMeasure,
    over_balances: Option<bool>,
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) {
    let id = m.id.get_ref();
    if let (Some(basis), Some(false)) = (&m.balance, over_balances) {
        errors.push(
            Diagnostic::at(&rules.site(basis.span()), format!("`balance` belongs to a measure over balance-sheet lines, but measure `{id}` starts from a flow"))
                .help("remove `balance`, or start the measure from a balance-sheet line"),
        );
    }
    if let (Some(list), Some(true)) = (&m.adjustments, over_balances)
        && let Some(first) = list.get_ref().first()
    {
        errors.push(
            Diagnostic::at(&rules.site(first.span()), format!("measure `{id}` is over balance-sheet lines, which adjustments do not move"))
                .note("adjustments apply to flows over a period; a balance measure is defined by the lines it adds and subtracts")
                .help("remove the adjustments, or write `adjustments = []`"),
        );
    }
}

/// `per_share`: true (per diluted share) or the bases, each once; no basic
/// basis with a count of the release's own. Returns (diluted, basic).
fn measure_per_share(
    m: &crate::raw::RawMeasure,
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) -> (bool, bool) {
    let id = m.id.get_ref();
    let mut per_share = false;
    let mut per_share_basic = false;
    let Some(p) = &m.per_share else {
        return (per_share, per_share_basic);
    };
    let bases = match p.get_ref() {
        RawMeasurePerShare::Flag(flag) => return (*flag, per_share_basic),
        RawMeasurePerShare::Bases(bases) => bases,
    };
    if bases.is_empty() {
        errors.push(
            Diagnostic::at(&rules.site(p.span()), format!("`per_share` of measure `{id}` names no basis"))
                .help("name the bases the release prints the measure on: per_share = [\"basic\", \"diluted\"], or per_share = [\"diluted\"]; or remove per_share"),
        );
    }
    for (k, basis) in bases.iter().enumerate() {
        let word = match basis.get_ref() {
            EpsBasis::Basic => "basic",
            EpsBasis::Diluted => "diluted",
        };
        if bases[..k].iter().any(|b| b.get_ref() == basis.get_ref()) {
            errors.push(
                Diagnostic::at(
                    &rules.site(basis.span()),
                    format!("`{word}` is named twice in `per_share` of measure `{id}`"),
                )
                .help("name each basis once: per_share = [\"basic\", \"diluted\"]"),
            );
            continue;
        }
        match basis.get_ref() {
            EpsBasis::Diluted => per_share = true,
            EpsBasis::Basic => {
                per_share_basic = true;
                if let Some(count) = &m.per_share_count {
                    errors.push(
                        Diagnostic::at(&rules.site(basis.span()), format!("measure `{id}` divides by `{}` of [period.counts], one count on the diluted basis: it has no figure per basic share", count.get_ref()))
                            .note("a figure per basic share divides by the weighted basic shares; with per_share_count the count is the release's own")
                            .help("remove \"basic\" from per_share, or remove per_share_count to divide by the weighted basic and diluted shares"),
                    );
                }
            }
        }
    }
    (per_share, per_share_basic)
}

/// `per_share_add`: only with a count the release names, each line once and
/// not already in the measure. What a per-share numerator adds back is for
/// the securities in a count the release names; weighted shares have no
/// such add-back.
fn check_per_share_add(
    m: &crate::raw::RawMeasure,
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) {
    let id = m.id.get_ref();
    if m.per_share_count.is_none()
        && let Some(first) = m.per_share_add.first()
    {
        errors.push(
            Diagnostic::at(&rules.site(first.span()), format!("`per_share_add` of measure `{id}` adds to the numerator of a per-share figure on a count the release names, but the measure names none (`per_share_count`)"))
                .label("would be ignored")
                .note("per_share divides the measure by the weighted average shares, with nothing added back")
                .help("remove per_share_add, or name the count its securities are in: per_share_count = \"<a count of [period.counts]>\""),
        );
    }
    for (k, name) in m.per_share_add.iter().enumerate() {
        let at = rules.site(name.span());
        if m.per_share_add[..k]
            .iter()
            .any(|n| n.get_ref() == name.get_ref())
        {
            errors.push(
                Diagnostic::at(
                    &at,
                    format!(
                        "`{}` is named twice in `per_share_add` of measure `{id}`",
                        name.get_ref()
                    ),
                )
                .label("counted twice")
                .help(format!(
                    "name each line once: remove this `{}`",
                    name.get_ref()
                )),
            );
        } else if name.get_ref() == m.start.get_ref()
            || m.add.iter().any(|a| a.get_ref() == name.get_ref())
        {
            errors.push(
                Diagnostic::at(
                    &at,
                    format!(
                        "`{}` is already in measure `{id}`, and `per_share_add` adds it again",
                        name.get_ref()
                    ),
                )
                .label("counted twice")
                .note("the per-share numerator is the measure plus what per_share_add lists")
                .help(format!("remove `{}` from per_share_add", name.get_ref())),
            );
        }
    }
}

/// A measure over balances is divided by a count at the date, and adds no
/// flows per share. (A liquidity measure per share is lint NG004, which
/// `allow` lifts and which the CSA's rules do not have.)
fn check_per_share_over_balances(
    m: &crate::raw::RawMeasure,
    any_per_share: bool,
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) {
    let id = m.id.get_ref();
    if let Some(flag) = m.per_share.as_ref().filter(|_| any_per_share)
        && m.per_share_count.is_none()
    {
        errors.push(
            Diagnostic::at(&rules.site(flag.span()), format!("measure `{id}` is over balances, which are divided by the shares outstanding at the date, not by weighted average shares"))
                .help("name the count instead: per_share_count = \"shares_outstanding\", given in each period's (or instant's) [period.counts]"),
        );
    }
    if let Some(first) = m.per_share_add.first() {
        errors.push(
            Diagnostic::at(&rules.site(first.span()), format!("`per_share_add` adds flows to a per-share numerator, but measure `{id}` is over balances"))
                .help("add the balance to the measure itself (`add`), or remove per_share_add"),
        );
    }
}

/// `<id>-per-share` names a measure's per-share figure: an id that spells
/// another measure's is refused (an id that only ends so, with no such
/// measure, loads as it always did).
fn check_per_share_id(
    m: &crate::raw::RawMeasure,
    rules: &MeasureRules,
    errors: &mut Vec<Diagnostic>,
) {
    let id = m.id.get_ref();
    if let Some(base) = ["-per-share", "-per-basic-share"]
        .iter()
        .filter_map(|suffix| id.strip_suffix(suffix))
        .find(|base| rules.all.iter().any(|other| other.id.get_ref() == *base))
    {
        errors.push(
            Diagnostic::at(
                &rules.site(m.id.span()),
                format!("measure id `{id}` is how `{base}`'s per-share figure is named"),
            )
            .help(format!("choose another id, such as `{base}_per_share`")),
        );
    }
}

/// Titles, labels and the highlights rows, each row naming exactly one line,
/// ratio or EPS basis that exists.
fn presentation(
    labels: Labels,
    highlights: &[Spanned<RawHighlight>],
    lines: &HashMap<String, LineId>,
    ratios: &HashMap<String, usize>,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Presentation {
    let rows = highlights
        .iter()
        .filter_map(|spanned| {
            let highlight = spanned.get_ref();
            Some(Highlight {
                row: highlight_row(spanned, lines, ratios, file, errors)?,
                label: highlight.label.clone(),
                indent: highlight.indent.min(4),
            })
        })
        .collect();
    Presentation {
        labels,
        highlights: rows,
    }
}

/// A highlights row names exactly one line, ratio or EPS basis, which exists.
fn highlight_row(
    spanned: &Spanned<RawHighlight>,
    lines: &HashMap<String, LineId>,
    ratios: &HashMap<String, usize>,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<HighlightRow> {
    let highlight = spanned.get_ref();
    let named = [
        highlight.line.is_some(),
        highlight.ratio.is_some(),
        highlight.eps.is_some(),
    ];
    if named.iter().filter(|n| **n).count() != 1 {
        errors.push(
            Diagnostic::at(
                &Site::new(file, spanned.span()),
                format!(
                    "highlight `{}` must name one of `line`, `ratio` or `eps`",
                    highlight.label
                ),
            )
            .label(if named.iter().any(|n| *n) {
                "names more than one"
            } else {
                "names none"
            })
            .help("write line = \"<line item id>\", ratio = \"<ratio id>\" or eps = \"diluted\""),
        );
        return None;
    }
    let row = if let Some(line) = &highlight.line {
        match lines.get(line.get_ref()) {
            Some(&id) => HighlightRow::Line(id),
            None => {
                errors.push(
                    Diagnostic::at(
                        &Site::new(file, line.span()),
                        format!("highlight line `{}` is not a line item", line.get_ref()),
                    )
                    .maybe_help(suggest::did_you_mean(
                        line.get_ref(),
                        lines.keys().map(String::as_str),
                    )),
                );
                return None;
            }
        }
    } else if let Some(ratio) = &highlight.ratio {
        match ratios.get(ratio.get_ref()) {
            Some(&id) => HighlightRow::Ratio(id),
            None => {
                errors.push(
                    Diagnostic::at(
                        &Site::new(file, ratio.span()),
                        format!(
                            "highlight ratio `{}` is not a declared ratio",
                            ratio.get_ref()
                        ),
                    )
                    .maybe_help(suggest::did_you_mean(
                        ratio.get_ref(),
                        ratios.keys().map(String::as_str),
                    )),
                );
                return None;
            }
        }
    } else if let Some(eps) = &highlight.eps {
        HighlightRow::Eps(*eps.get_ref())
    } else {
        return None;
    };
    Some(row)
}

/// The lines of a computed subtotal (`add`, `subtract`), validated: known
/// lines of its own statement, each once, declared before it (so computed
/// subtotals build on earlier ones, never in a cycle); and the subtotal
/// itself beside the roll-ups, tagged with no role the engine places by.
fn computed_terms(
    item: &RawLineItem,
    items: &[RawLineItem],
    index: &HashMap<String, LineId>,
    unknown_line: &dyn Fn(&Spanned<String>, &str) -> Diagnostic,
    site: &dyn Fn(std::ops::Range<usize>) -> Site,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(LineId, Sign)> {
    let id = item.id.get_ref();
    let mut terms: Vec<(LineId, Sign)> = Vec::new();
    let listed = item.add.iter().map(|t| (t, Sign::Add, "add")).chain(
        item.subtract
            .iter()
            .map(|t| (t, Sign::Subtract, "subtract")),
    );
    for (term, sign, key) in listed {
        let Some(&line) = index.get(term.get_ref()) else {
            errors.push(unknown_line(term, key));
            continue;
        };
        let own = index.get(id).copied();
        if Some(line) >= own {
            errors.push(
                Diagnostic::at(
                    &site(term.span()),
                    format!(
                        "computed subtotal `{id}` takes `{}`, which is declared after it",
                        term.get_ref()
                    ),
                )
                .label("not declared above this line item")
                .help("declare a computed subtotal after the lines it is computed from"),
            );
            continue;
        }
        if items[line.0].statement != item.statement {
            errors.push(
                Diagnostic::at(
                    &site(term.span()),
                    format!(
                        "computed subtotal `{id}` takes `{}`, which is on another statement",
                        term.get_ref()
                    ),
                )
                .help("a computed subtotal sums lines of its own statement"),
            );
            continue;
        }
        if terms.iter().any(|&(l, _)| l == line) {
            errors.push(
                Diagnostic::at(
                    &site(term.span()),
                    format!("computed subtotal `{id}` takes `{}` twice", term.get_ref()),
                )
                .help("list each line once, in `add` or in `subtract`"),
            );
            continue;
        }
        terms.push((line, sign));
    }
    if item.add.is_empty() && item.subtract.is_empty() {
        return terms;
    }
    check_computed_subtotal_placement(item, site, errors);
    terms
}

/// A computed subtotal sits beside the roll-ups: it rolls up into no total,
/// and carries no measure the roll-ups must place.
fn check_computed_subtotal_placement(
    item: &RawLineItem,
    site: &dyn Fn(std::ops::Range<usize>) -> Site,
    errors: &mut Vec<Diagnostic>,
) {
    use crate::raw::Measure as Tag;
    let id = item.id.get_ref();
    if let Some(target) = &item.rolls_up_to {
        errors.push(
            Diagnostic::at(&site(target.span()), format!("computed subtotal `{id}` also rolls up into `{}`", target.get_ref()))
                .label("its lines already roll up into their printed totals")
                .help("a computed subtotal sits beside the roll-ups: remove `rolls_up_to` (and `sign`), or remove `add` and `subtract` to make it a component"),
        );
    }
    if let Some(tag) = &item.measure
        && !matches!(
            tag.get_ref(),
            Tag::Revenue
                | Tag::CostOfRevenues
                | Tag::GrossProfit
                | Tag::OperatingExpenses
                | Tag::CostsAndExpenses
                | Tag::OperatingIncome
        )
    {
        errors.push(
            Diagnostic::at(&site(tag.span()), format!("computed subtotal `{id}` carries a measure the statement's roll-ups must place"))
                .label("income taxes, pretax, continuing and net income, preferred dividends and the balance-sheet totals are lines of the roll-ups")
                .help("tag the printed line instead, or remove `measure` here"),
        );
    }
}

/// Rejects roll-up cycles and absurd nesting; clears the offending parent
/// links so later steps can walk the roll-ups safely.
fn check_roll_ups(items: &mut [LineItem], errors: &mut Vec<Diagnostic>) {
    // Lines that nest too deep: one error for the lot (one root cause), at
    // the first of them.
    let mut too_deep: Vec<usize> = Vec::new();
    for start in 0..items.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some((parent, _)) = items[at].parent {
            if parent.0 == start {
                let names: Vec<&str> = path
                    .iter()
                    .chain(std::iter::once(&start))
                    .map(|&i| items[i].id.as_str())
                    .collect();
                // Report each cycle once: at its first line in declaration order.
                if path.iter().all(|&i| i >= start) {
                    errors.push(
                        Diagnostic::at(
                            items[at].roll_up_site.as_ref().unwrap_or(&items[at].site),
                            format!("roll-up cycle: {}", names.join(" -> ")),
                        )
                        .label("this closes the cycle")
                        .help("a total cannot be, directly or indirectly, a component of itself"),
                    );
                }
                items[start].parent = None;
                break;
            }
            if path.contains(&parent.0) {
                break; // a cycle further up, reported from its own start
            }
            path.push(parent.0);
            if path.len() > MAX_ROLL_UP_DEPTH {
                too_deep.push(start);
                break;
            }
            at = parent.0;
        }
    }
    if let Some(&first) = too_deep.first() {
        let mut error = Diagnostic::at(
            &items[first].site,
            format!("roll-ups nest more than {MAX_ROLL_UP_DEPTH} levels deep"),
        );
        if too_deep.len() > 1 {
            error = error.note(format!(
                "{} line items start chains of totals deeper than that; this is the first",
                too_deep.len()
            ));
        }
        errors.push(error.help("check rolls_up_to: statements nest a handful of levels"));
        for i in too_deep {
            items[i].parent = None;
        }
    }
}

fn period_span(
    raw: &RawPeriod,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<PeriodSpan> {
    let site = |span| Site::new(file, span);
    let id = raw.id.get_ref();
    let kind = *raw.kind.get_ref();
    let looks_like = match (&raw.start, &raw.end, &raw.date) {
        (Some(_), Some(_), None) => Some(PeriodKind::Duration),
        (None, None, Some(_)) => Some(PeriodKind::Instant),
        _ => None,
    };
    // The dates say one kind and `kind` the other: one mistake, one error.
    if let Some(other) = looks_like.filter(|&k| k != kind) {
        let (dates, name) = match other {
            PeriodKind::Duration => ("`start` and `end` dates", "duration"),
            PeriodKind::Instant => ("one `date`", "instant"),
        };
        errors.push(
            Diagnostic::at(
                &site(raw.kind.span()),
                format!("period {id} has {dates} but is not declared a {name}"),
            )
            .help(format!("write kind = \"{name}\"")),
        );
        return None;
    }
    match kind {
        PeriodKind::Duration => duration_span(raw, file, errors),
        PeriodKind::Instant => instant_span(raw, file, errors),
    }
}

/// A duration: `start` and `end`, in order, and no `date`.
fn duration_span(
    raw: &RawPeriod,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<PeriodSpan> {
    let site = |span| Site::new(file, span);
    let id = raw.id.get_ref();
    let before = errors.len();
    if let Some(date) = &raw.date {
        errors.push(
            Diagnostic::at(
                &site(date.span()),
                format!("period {id} is a duration: it has `start` and `end`, not `date`"),
            )
            .help("remove `date`; use kind = \"instant\" for a balance at a date"),
        );
    }
    let missing: Vec<&str> = [("start", raw.start.is_none()), ("end", raw.end.is_none())]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
    let (Some(start), Some(end)) = (&raw.start, &raw.end) else {
        errors.push(
            Diagnostic::at(
                &site(raw.id.span()),
                format!(
                    "duration period {id} has no `{}` date",
                    missing.join("` or `")
                ),
            )
            .help("a duration needs start = YYYY-MM-DD and end = YYYY-MM-DD (both days included)"),
        );
        return None;
    };
    if end.get_ref() < start.get_ref() {
        errors.push(
            Diagnostic::at(
                &site(end.span()),
                format!(
                    "period {id} ends ({}) before it starts ({})",
                    end.get_ref(),
                    start.get_ref()
                ),
            )
            .help("check the two dates; the end date is the last day of the period"),
        );
    }
    (errors.len() == before).then_some(PeriodSpan::Duration {
        start: *start.get_ref(),
        end: *end.get_ref(),
    })
}

/// An instant: one `date`, and no `start` or `end`.
fn instant_span(
    raw: &RawPeriod,
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Option<PeriodSpan> {
    let site = |span| Site::new(file, span);
    let id = raw.id.get_ref();
    let before = errors.len();
    for extra in [&raw.start, &raw.end].into_iter().flatten() {
        errors.push(
            Diagnostic::at(
                &site(extra.span()),
                format!("period {id} is an instant: it has one `date`, not `start`/`end`"),
            )
            .help("remove it; use kind = \"duration\" for a flow over a period"),
        );
    }
    let Some(date) = &raw.date else {
        errors.push(
            Diagnostic::at(
                &site(raw.id.span()),
                format!("instant period {id} has no `date`"),
            )
            .help("add date = YYYY-MM-DD, the balance sheet date"),
        );
        return None;
    };
    (errors.len() == before).then_some(PeriodSpan::Instant {
        date: *date.get_ref(),
    })
}

fn fact(amount: &Spanned<RawAmount>, file: &Arc<SourceFile>) -> Fact {
    Fact {
        value: amount.get_ref().0,
        site: Site::new(file, amount.span()),
    }
}

/// "April 30": how a fiscal year end reads in a message.
fn month_day((month, day): (u32, u32)) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {day}",
        MONTHS
            .get((month as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    )
}

/// `MM-DD` to (month, day), checked against a leap year so 02-29 is allowed.
fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month: u32 = m.parse().ok()?;
    let day: u32 = d.parse().ok()?;
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(2000, month))
        .then_some((month, day))
}

/// `[period.known_differences]`: each key names a figure of the period as
/// `<table>.<key>`; it must name one the period records.
fn known_differences(
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
    period: &crate::model::Period,
    line_items: &[LineItem],
    ratios: &[crate::model::Ratio],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<crate::model::KnownDifference> {
    let mut known = Vec::new();
    for (key, reason) in raw {
        let site = Site::new(file, key.span());
        let text = key.get_ref().trim();
        let figure = crate::known::figure_site(period, text, line_items, ratios);
        let reason_text = reason.get_ref().trim();
        match figure {
            Ok(_) if reason_text.is_empty() => errors.push(
                Diagnostic::at(&Site::new(file, reason.span()), format!("the known difference `{text}` of period {} needs a reason", period.id))
                    .help("say why the printed figure does not tie, as the release or its footnote explains it"),
            ),
            Ok(figure) => known.push(crate::model::KnownDifference {
                key: text.to_string(),
                reason: reason_text.to_string(),
                site,
                figure,
            }),
            Err(help) => errors.push(
                Diagnostic::at(&site, format!("`{text}` names no figure of period {}", period.id))
                    .help(help),
            ),
        }
    }
    known
}

/// The names by which a sum names the counts of `[period.shares]`; any other
/// name is a count of `[period.counts]`.
const SHARE_COUNT_NAMES: [&str; 4] = ["basic", "diluted", "non_gaap_basic", "non_gaap_diluted"];

/// A count's place: its table (`shares` or `counts`) and its name.
type CountKey = (&'static str, String);

/// Every count a period writes, resolved: a count typed in whole as written,
/// a sum of named counts added up (its printed total, where recorded, is the
/// count used, and is kept with the sum for the tie-out).
struct CountResolver<'a> {
    raw: BTreeMap<CountKey, (&'a Spanned<RawCount>, std::ops::Range<usize>)>,
    resolved: HashMap<CountKey, Option<Fact>>,
    sums: Vec<CountSum>,
    file: &'a Arc<SourceFile>,
    period: String,
}

impl<'a> CountResolver<'a> {
    fn new(raw_period: &'a RawPeriod, file: &'a Arc<SourceFile>, period: &str) -> Self {
        let mut raw = BTreeMap::new();
        if let Some(shares) = &raw_period.shares {
            let r = shares.get_ref();
            for (name, count) in [
                ("basic", &r.basic),
                ("diluted", &r.diluted),
                ("non_gaap_basic", &r.non_gaap_basic),
                ("non_gaap_diluted", &r.non_gaap_diluted),
            ] {
                if let Some(count) = count {
                    raw.insert(("shares", name.to_string()), (count, count.span()));
                }
            }
        }
        for (name, count) in &raw_period.counts {
            raw.insert(("counts", name.get_ref().clone()), (count, name.span()));
        }
        CountResolver {
            raw,
            resolved: HashMap::new(),
            sums: Vec::new(),
            file,
            period: period.to_string(),
        }
    }

    /// Where a sum's name points.
    fn key_of(name: &str) -> CountKey {
        if SHARE_COUNT_NAMES.contains(&name) {
            ("shares", name.to_string())
        } else {
            ("counts", name.to_string())
        }
    }

    /// The names a sum may use in this period, for a suggestion.
    fn names(&self) -> Vec<&str> {
        self.raw
            .keys()
            .filter(|(table, name)| {
                *table == "shares" || !SHARE_COUNT_NAMES.contains(&name.as_str())
            })
            .map(|(_, name)| name.as_str())
            .collect()
    }

    /// The count `key`, resolved once: as stated, or the sum of the counts
    /// it names (`stack`: the sums being resolved, so a cycle is refused).
    fn get(
        &mut self,
        key: &CountKey,
        stack: &mut Vec<CountKey>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Fact> {
        if let Some(done) = self.resolved.get(key) {
            return done.clone();
        }
        let (count, _) = *self.raw.get(key)?;
        let result = match count.get_ref() {
            RawCount::Stated(amount) => Some(Fact {
                value: amount.0,
                site: Site::new(self.file, count.span()),
            }),
            RawCount::Sum(sum) => {
                stack.push(key.clone());
                let parts = self.sum_parts(key, sum, stack, errors);
                stack.pop();
                parts.and_then(|parts| self.sum_total(key, count, sum, parts, errors))
            }
        };
        self.resolved.insert(key.clone(), result.clone());
        result
    }

    /// The counts a sum names, each resolved: not empty, each named once,
    /// none the sum itself, each a count of the period. None when any is
    /// not.
    fn sum_parts(
        &mut self,
        key: &CountKey,
        sum: &crate::raw::RawCountSum,
        stack: &mut Vec<CountKey>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Vec<(String, Fact)>> {
        let site = |span: std::ops::Range<usize>| Site::new(self.file, span);
        let names = sum.sum.get_ref();
        let written = format!("{}.{}", key.0, key.1);
        let mut parts: Vec<(String, Fact)> = Vec::new();
        let mut whole = true;
        if names.is_empty() {
            errors.push(
                Diagnostic::at(&site(sum.sum.span()), format!("`{written}` of period {} is a sum of no counts", self.period))
                    .help("name the counts it adds, as the release lists them, such as sum = [\"basic\", \"op_units\"]; or write the count as printed"),
            );
            whole = false;
        }
        for name in names {
            let text = name.get_ref().as_str();
            let target = Self::key_of(text);
            if parts.iter().any(|(n, _)| n == text) {
                errors.push(
                    Diagnostic::at(
                        &site(name.span()),
                        format!("`{text}` is named twice in the sum of `{written}`"),
                    )
                    .help("a count is added once; remove the second"),
                );
                whole = false;
                continue;
            }
            if stack.contains(&target) {
                errors.push(
                    Diagnostic::at(
                        &site(name.span()),
                        format!(
                            "the sum of `{written}` of period {} includes itself through `{text}`",
                            self.period
                        ),
                    )
                    .help("name the counts the release prints and adds, not the total they make"),
                );
                whole = false;
                continue;
            }
            if !self.raw.contains_key(&target) {
                errors.push(self.unknown_part(key, name, &target, &parts));
                whole = false;
                continue;
            }
            match self.get(&target, stack, errors) {
                Some(fact) => parts.push((text.to_string(), fact)),
                None => whole = false,
            }
        }
        whole.then_some(parts)
    }

    /// A sum names a count the period does not give: the nearest one it
    /// gives, or the count to add.
    fn unknown_part(
        &self,
        key: &CountKey,
        name: &Spanned<String>,
        target: &CountKey,
        parts: &[(String, Fact)],
    ) -> Diagnostic {
        let text = name.get_ref().as_str();
        let table = if target.0 == "shares" {
            "[period.shares]"
        } else {
            "[period.counts]"
        };
        let names = self.names();
        let open: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| *n != key.1 && !parts.iter().any(|(p, _)| p == n))
            .collect();
        Diagnostic::at(
            &Site::new(self.file, name.span()),
            format!("`{text}` is not a count of period {}", self.period),
        )
        .label(format!("no count of {table} has this name"))
        .help(match suggest::nearest(text, open.iter().copied()) {
            Some(near) => format!("rename it `{near}`, a count the period gives"),
            None if open.is_empty() => format!("add {text} = <count> to the period's {table}"),
            None => format!(
                "add {text} = <count> to the period's {table}, or name one it gives: {}",
                open.iter().take(8).copied().collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// The count a sum gives: its printed total where recorded, else the
    /// sum of its parts; the sum is kept for the tie-out.
    fn sum_total(
        &mut self,
        key: &CountKey,
        count: &Spanned<RawCount>,
        sum: &crate::raw::RawCountSum,
        parts: Vec<(String, Fact)>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Fact> {
        let written = format!("{}.{}", key.0, key.1);
        let site = Site::new(self.file, count.span());
        let Some(total_sum) = parts
            .iter()
            .try_fold(Decimal::ZERO, |t, (_, f)| t.checked_add(f.value))
        else {
            errors.push(
                Diagnostic::at(&site, format!("the sum of `{written}` overflows a decimal"))
                    .help("check the counts it names for a misplaced digit"),
            );
            return None;
        };
        let printed = sum.total.as_ref().map(|t| fact(t, self.file));
        let fact = Fact {
            value: printed.as_ref().map_or(total_sum, |p| p.value),
            site: printed.as_ref().map_or(site, |p| p.site.clone()),
        };
        self.sums.push(CountSum {
            key: written,
            parts,
            sum: total_sum,
            total: printed,
        });
        Some(fact)
    }

    /// The count of `table`.`name`, resolved.
    fn fact(
        &mut self,
        table: &'static str,
        name: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Fact> {
        let key = (table, name.to_string());
        let mut stack = Vec::new();
        self.get(&key, &mut stack, errors)
    }
}

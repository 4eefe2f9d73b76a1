//! `reconcile import FACTS --entity NAME`: a statements file from a
//! company's filed XBRL facts (`companyfacts` JSON, or one filing's instance
//! document: its own periods, the fiscal years alone for a 10-K).
//!
//! The statement of operations is built from the concepts an income
//! statement uses (a template of US-GAAP concepts, each found under its
//! alias where a filing changed tags), for the last quarters filed (the
//! fourth quarter, which no 10-Q reports, as the fiscal year less nine
//! months) and the fiscal years they close, with the share counts and EPS
//! the filings give. Each figure is the latest 10-K/10-Q's, its source
//! written beside it. A total whose filed components do not add up to it in
//! every period (a component tagged with a concept the facts omit) is left
//! without its components: they stay separate lines, with a note.
//!
//! An existing file is never overwritten: the values it lacks are filled
//! in place, a value that differs from the filed one is listed with both
//! figures, and nothing is written unless `--prefer filed` (take the filed
//! figures) or `--prefer file` (keep the file's) says which to keep.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::period::{day_number, from_day_number};
use crate::model::{Date, PeriodSpan, Units};
use crate::xbrl::{self, Facts, FiledFact, Kind};

/// Which figure to keep where the file and the filing differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Prefer {
    /// The filed figure replaces the file's.
    Filed,
    /// The file's figure stays; only missing values are filled.
    File,
}

/// A line of the income statement template.
struct Template {
    id: &'static str,
    label: &'static str,
    concept: &'static str,
    parent: Option<&'static str>,
    subtract: bool,
    measure: Option<&'static str>,
}

const fn line(
    id: &'static str,
    label: &'static str,
    concept: &'static str,
    parent: Option<&'static str>,
    subtract: bool,
    measure: Option<&'static str>,
) -> Template {
    Template {
        id,
        label,
        concept,
        parent,
        subtract,
        measure,
    }
}

const TEMPLATE: &[Template] = &[
    line(
        "revenue",
        "Revenue",
        "us-gaap:Revenues",
        Some("gross_profit"),
        false,
        Some("revenue"),
    ),
    line(
        "cost_of_revenue",
        "Cost of revenue",
        "us-gaap:CostOfRevenue",
        Some("gross_profit"),
        true,
        Some("cost-of-revenues"),
    ),
    line(
        "gross_profit",
        "Gross profit",
        "us-gaap:GrossProfit",
        Some("operating_income"),
        false,
        Some("gross-profit"),
    ),
    line(
        "research_and_development",
        "Research and development",
        "us-gaap:ResearchAndDevelopmentExpense",
        Some("operating_expenses"),
        false,
        None,
    ),
    line(
        "selling_general_and_administrative",
        "Selling, general and administrative",
        "us-gaap:SellingGeneralAndAdministrativeExpense",
        Some("operating_expenses"),
        false,
        None,
    ),
    line(
        "operating_expenses",
        "Total operating expenses",
        "us-gaap:OperatingExpenses",
        Some("operating_income"),
        true,
        Some("operating-expenses"),
    ),
    line(
        "operating_income",
        "Operating income (loss)",
        "us-gaap:OperatingIncomeLoss",
        Some("pretax_income"),
        false,
        Some("operating-income"),
    ),
    line(
        "interest_income",
        "Interest income",
        "us-gaap:InvestmentIncomeInterest",
        Some("nonoperating_income"),
        false,
        None,
    ),
    line(
        "interest_expense",
        "Interest expense",
        "us-gaap:InterestExpense",
        Some("nonoperating_income"),
        true,
        None,
    ),
    line(
        "other_nonoperating",
        "Other, net",
        "us-gaap:OtherNonoperatingIncomeExpense",
        Some("nonoperating_income"),
        false,
        None,
    ),
    line(
        "nonoperating_income",
        "Other income (expense), net",
        "us-gaap:NonoperatingIncomeExpense",
        Some("pretax_income"),
        false,
        None,
    ),
    line(
        "pretax_income",
        "Income (loss) before income tax",
        "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
        Some("net_income"),
        false,
        Some("pretax-income"),
    ),
    line(
        "income_tax",
        "Income tax expense (benefit)",
        "us-gaap:IncomeTaxExpenseBenefit",
        Some("net_income"),
        true,
        Some("income-tax"),
    ),
    line(
        "net_income",
        "Net income (loss)",
        "us-gaap:NetIncomeLoss",
        None,
        false,
        Some("net-income"),
    ),
];

/// A figure for the file: the value in the model's units and where it
/// comes from.
#[derive(Debug, Clone)]
struct Sourced {
    value: Decimal,
    source: String,
    /// How far the figure may be from the true one, in its units: nil for
    /// a filed figure, the two rounding halves for a difference of two.
    slack: Decimal,
}

/// One period to write.
#[derive(Debug)]
struct ImportPeriod {
    id: String,
    start: Date,
    end: Date,
    note: Option<String>,
    /// By template line id.
    values: BTreeMap<&'static str, Sourced>,
    shares: BTreeMap<&'static str, Sourced>,
    eps: BTreeMap<&'static str, Sourced>,
}

/// What an import found, before it is written.
struct Imported {
    entity: String,
    /// What the facts were read from (`Facts::described`).
    described: String,
    dimensional_ignored: usize,
    cik: Option<u64>,
    fiscal_year_end: (u32, u32),
    units: Units,
    share_units: Units,
    /// The template lines found, with the concept the latest filing uses.
    lines: Vec<(&'static Template, String)>,
    /// Totals whose components are left unplaced: total id, why.
    unplaced: BTreeMap<&'static str, String>,
    periods: Vec<ImportPeriod>,
}

/// What `import` did, for stdout; or why it wrote nothing.
pub struct ImportOutcome {
    pub stdout: String,
    pub findings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
}

fn add_days(date: Date, days: i64) -> Date {
    from_day_number(day_number(date) + days)
}

fn months(start: Date, end: Date) -> u32 {
    PeriodSpan::Duration { start, end }.months()
}

/// The fiscal year's end, `(month, day)`, from the 10-Ks' own years: the
/// month a 52/53-week year ends in (an end in the first week of a month
/// closes the month before), at its last day.
fn fiscal_year_end(facts: &Facts) -> Option<(u32, u32)> {
    let month_of = |month: u32, day: u32| {
        if day <= 7 {
            (month + 10) % 12 + 1
        } else {
            month
        }
    };
    let mut count: BTreeMap<u32, usize> = BTreeMap::new();
    for fact in facts
        .concepts
        .get("us-gaap:NetIncomeLoss")
        .into_iter()
        .flatten()
    {
        if let Some(start) = fact.start
            && fact.form.starts_with("10-K")
            && months(start, fact.end) == 12
        {
            *count
                .entry(month_of(fact.end.month, fact.end.day))
                .or_default() += 1;
        }
    }
    // An instance document (a 10-Q's) gives it as dei:CurrentFiscalYearEndDate.
    if count.is_empty()
        && let Some((month, day)) = facts.year_end
        && (1..=12).contains(&month)
    {
        count.insert(month_of(month, day), 1);
    }
    let (&month, _) = count.iter().max_by_key(|(_, n)| **n)?;
    let day = crate::raw::days_in_month(2001, month);
    Some((month, day))
}

/// The coarsest of thousands and millions that states every value exactly.
fn units_for(values: impl Iterator<Item = Decimal>) -> Units {
    let mut units = Units::Millions;
    for value in values {
        let exact = |u: Units| (value / xbrl::multiplier(u)).fract().is_zero();
        if units == Units::Millions && !exact(Units::Millions) {
            units = Units::Thousands;
        }
        if units == Units::Thousands && !exact(Units::Thousands) {
            units = Units::Units;
        }
    }
    units
}

fn source_of(fact: &FiledFact) -> String {
    if fact.document {
        // "nvda-20230129.xml (10-K, FY 2023, period ended 2023-01-29)"
        return fact.source();
    }
    format!("{} {} filed {}", fact.form, fact.accn, fact.filed)
}

/// Reads the facts and chooses lines, periods and figures.
fn gather(facts: &Facts, quarters: usize) -> Result<Imported, Diagnostic> {
    let fye = fiscal_year_end(facts).ok_or_else(|| {
        Diagnostic::new("the facts file has no fiscal year's net income (us-gaap:NetIncomeLoss in a 10-K), nor dei:CurrentFiscalYearEndDate, to find the fiscal calendar from")
            .help("import needs a companyfacts file with the company's 10-K facts, or a filing's instance document")
    })?;
    let lines = template_lines(facts);
    if !lines.iter().any(|(t, _)| t.id == "net_income") {
        return Err(Diagnostic::new(
            "the facts file has no us-gaap:NetIncomeLoss: there is no income statement to import",
        ));
    }
    let quarter_spans = quarter_spans(facts, quarters);
    let year_spans = year_spans(facts, &quarter_spans);
    // Every figure, in dollars and shares, with its source.
    let splits = xbrl::splits(facts);
    let mut periods = Vec::new();
    let mut money = Vec::new();
    let mut counts = Vec::new();
    for &span in quarter_spans.iter().chain(&year_spans) {
        let period = import_period(facts, &lines, &splits, fye, span, &mut money, &mut counts);
        if period.values.contains_key("net_income") {
            periods.push(period);
        }
    }
    let units = units_for(money.into_iter());
    let share_units = units_for(counts.into_iter());
    scale_periods(&mut periods, units, share_units);
    let unplaced = unplaced_totals(&lines, &periods);
    Ok(Imported {
        entity: facts.entity_name.clone(),
        described: facts.described.clone(),
        dimensional_ignored: facts.dimensional_ignored,
        cik: facts.cik,
        fiscal_year_end: fye,
        units,
        share_units,
        lines,
        unplaced,
        periods,
    })
}

/// The template lines the facts give, under the concept the latest filing
/// uses.
fn template_lines(facts: &Facts) -> Vec<(&'static Template, String)> {
    let mut lines = Vec::new();
    for t in TEMPLATE {
        let mut latest: Option<&FiledFact> = None;
        for name in xbrl::aliases(t.concept) {
            for fact in facts.concepts.get(name).into_iter().flatten() {
                if fact.unit == "USD" && latest.is_none_or(|l| fact.filed > l.filed) {
                    latest = Some(fact);
                }
            }
        }
        if let Some(latest) = latest {
            lines.push((t, latest.concept.clone()));
        }
    }
    lines
}

/// The latest `quarters` quarters: filed three-month periods, and fourth
/// quarters as the year less nine months; latest first.
fn quarter_spans(facts: &Facts, quarters: usize) -> Vec<(Date, Date)> {
    let net = "us-gaap:NetIncomeLoss";
    let mut spans: BTreeSet<(Date, Date)> = BTreeSet::new();
    for fact in facts.concepts.get(net).into_iter().flatten() {
        if let Some(start) = fact.start
            && fact.unit == "USD"
        {
            let m = months(start, fact.end);
            if m == 3 {
                spans.insert((start, fact.end));
            } else if m == 12 {
                // Q4 starts the day after nine months from the year's start.
                for nine in facts.concepts.get(net).into_iter().flatten() {
                    if nine.start == Some(start) && months(start, nine.end) == 9 {
                        spans.insert((add_days(nine.end, 1), fact.end));
                    }
                }
            }
        }
    }
    let mut quarter_spans: Vec<(Date, Date)> = spans.into_iter().collect();
    quarter_spans.sort_by_key(|q| std::cmp::Reverse(q.1));
    quarter_spans.truncate(quarters);
    quarter_spans
}

/// The fiscal years those quarters close, or with no quarter (a 10-K's
/// instance document) its fiscal years; latest first.
fn year_spans(facts: &Facts, quarter_spans: &[(Date, Date)]) -> Vec<(Date, Date)> {
    let net = "us-gaap:NetIncomeLoss";
    let mut year_spans: Vec<(Date, Date)> = Vec::new();
    for fact in facts.concepts.get(net).into_iter().flatten() {
        if let Some(start) = fact.start
            && months(start, fact.end) == 12
            && quarter_spans.iter().any(|q| q.1 == fact.end)
            && !year_spans.contains(&(start, fact.end))
        {
            year_spans.push((start, fact.end));
        }
    }
    if quarter_spans.is_empty() {
        for fact in facts.concepts.get(net).into_iter().flatten() {
            if let Some(start) = fact.start
                && fact.unit == "USD"
                && months(start, fact.end) == 12
                && !year_spans.contains(&(start, fact.end))
            {
                year_spans.push((start, fact.end));
            }
        }
    }
    year_spans.sort_by_key(|y| std::cmp::Reverse(y.1));
    year_spans
}

/// One period's figures, each with its source; every money figure and
/// share count read is added to `money` and `counts`.
fn import_period(
    facts: &Facts,
    lines: &[(&'static Template, String)],
    splits: &[xbrl::Split],
    fye: (u32, u32),
    (start, end): (Date, Date),
    money: &mut Vec<Decimal>,
    counts: &mut Vec<Decimal>,
) -> ImportPeriod {
    let span = PeriodSpan::Duration { start, end };
    let id = span
        .key(fye)
        .id(fye)
        .unwrap_or_else(|| format!("{start}-{end}"));
    let mut period = ImportPeriod {
        id,
        start,
        end,
        note: None,
        values: BTreeMap::new(),
        shares: BTreeMap::new(),
        eps: BTreeMap::new(),
    };
    let derived_from = line_values(facts, lines, &span, &mut period, money);
    share_figures(facts, splits, &span, &mut period, counts);
    if let Some((long, short)) = derived_from {
        period.note = Some(format!(
            "No filing reports this quarter: each value is the fiscal year ({long}) less the nine months ({short}); no filing gives its share counts or EPS."
        ));
    }
    period
}

/// Each template line's value in the period: filed, or the year less nine
/// months; returns the accessions of the first derived one.
fn line_values(
    facts: &Facts,
    lines: &[(&'static Template, String)],
    span: &PeriodSpan,
    period: &mut ImportPeriod,
    money: &mut Vec<Decimal>,
) -> Option<(String, String)> {
    let mut derived_from: Option<(String, String)> = None;
    for (t, _) in lines {
        let (_, found) = xbrl::filed_for(facts, t.concept, Kind::Money, span);
        if let Some(fact) = found.first() {
            money.push(fact.value);
            period.values.insert(
                t.id,
                Sourced {
                    value: fact.value,
                    source: source_of(fact),
                    slack: Decimal::ZERO,
                },
            );
        } else if let Some((value, long, short)) = xbrl::derived_for(facts, t.concept, span) {
            money.push(value);
            period.values.insert(
                t.id,
                Sourced {
                    value,
                    source: format!("{} less {}", source_of(long), source_of(short)),
                    slack: xbrl::filed_half(long.value, Decimal::from(1_000_000))
                        + xbrl::filed_half(short.value, Decimal::from(1_000_000)),
                },
            );
            derived_from.get_or_insert((long.accn.clone(), short.accn.clone()));
        }
    }
    derived_from
}

/// The period's basic and diluted share counts and EPS, as filed, on the
/// latest filings' basis; each count is added to `counts`.
fn share_figures(
    facts: &Facts,
    splits: &[xbrl::Split],
    span: &PeriodSpan,
    period: &mut ImportPeriod,
    counts: &mut Vec<Decimal>,
) {
    for (key, concept, kind) in [
        ("basic", xbrl::BASIC_SHARES, Kind::Shares),
        ("diluted", xbrl::DILUTED_SHARES, Kind::Shares),
        ("basic", xbrl::BASIC_EPS, Kind::PerShare),
        ("diluted", xbrl::DILUTED_EPS, Kind::PerShare),
    ] {
        let (_, found) = xbrl::filed_for(facts, concept, kind, span);
        if let Some(fact) = found.first() {
            let sourced = split_adjusted(fact, kind, splits);
            if kind == Kind::Shares {
                counts.push(fact.value);
                period.shares.insert(key, sourced);
            } else {
                period.eps.insert(key, sourced);
            }
        }
    }
}

/// An old filing's count or EPS on the latest filings' basis: multiplied
/// (a count) or divided (EPS) by the splits filed after it, each named.
fn split_adjusted(fact: &FiledFact, kind: Kind, splits: &[xbrl::Split]) -> Sourced {
    let (factor, after) = xbrl::splits_after(splits, &fact.filed);
    let mut sourced = Sourced {
        value: fact.value,
        source: source_of(fact),
        slack: Decimal::ZERO,
    };
    if factor != Decimal::ONE {
        let names: Vec<String> = after
            .iter()
            .map(|s| format!("{}-for-1 split first filed {}", s.ratio, s.first_after))
            .collect();
        if kind == Kind::Shares {
            sourced.value *= factor;
            sourced.source.push_str(&format!(
                ", {} x {factor} for the {}",
                fact.value,
                names.join(", ")
            ));
        } else {
            sourced.value = (sourced.value / factor).normalize();
            sourced.source.push_str(&format!(
                ", {} / {factor} for the {}",
                fact.value,
                names.join(", ")
            ));
        }
    }
    sourced
}

/// Scales every period's figures to the model's units.
fn scale_periods(periods: &mut [ImportPeriod], units: Units, share_units: Units) {
    for period in periods {
        for v in period.values.values_mut() {
            v.value = (v.value / xbrl::multiplier(units)).normalize();
            v.slack /= xbrl::multiplier(units);
        }
        for v in period.shares.values_mut() {
            v.value = (v.value / xbrl::multiplier(share_units)).normalize();
        }
    }
}

/// The totals whose components do not add up to them in every period,
/// with why: their components are left as separate lines.
fn unplaced_totals(
    lines: &[(&'static Template, String)],
    periods: &[ImportPeriod],
) -> BTreeMap<&'static str, String> {
    let mut unplaced = BTreeMap::new();
    for (total, _) in lines {
        let components: Vec<&Template> = lines
            .iter()
            .map(|(t, _)| *t)
            .filter(|t| t.parent == Some(total.id))
            .collect();
        if components.is_empty() {
            continue;
        }
        if let Some(why) = periods
            .iter()
            .find_map(|period| why_unplaced(total, &components, period))
        {
            unplaced.insert(total.id, why);
        }
    }
    unplaced
}

/// Why a total's components do not add up to it in the period, if they
/// do not: one is not filed, or their sum differs.
fn why_unplaced(
    total: &Template,
    components: &[&Template],
    period: &ImportPeriod,
) -> Option<String> {
    let reported = period.values.get(total.id)?;
    let mut sum = Decimal::ZERO;
    let mut complete = true;
    for c in components {
        match period.values.get(c.id) {
            Some(v) if c.subtract => sum -= v.value,
            Some(v) => sum += v.value,
            None => complete = false,
        }
    }
    if complete && sum == reported.value {
        return None;
    }
    let names: Vec<&str> = components.iter().map(|c| c.concept).collect();
    Some(if complete {
        format!(
            "in {} the filed {} add up to {} and {} is {}: a component is filed under a concept the facts do not hold, so these lines are left separate",
            period.id,
            names.join(", "),
            sum.normalize(),
            total.concept,
            reported.value
        )
    } else {
        format!(
            "in {} not every component of {} is filed, so its components are left separate",
            period.id, total.concept
        )
    })
}

fn units_name(units: Units) -> &'static str {
    match units {
        Units::Units => "units",
        Units::Thousands => "thousands",
        Units::Millions => "millions",
    }
}

fn figure(value: Decimal) -> String {
    let text = value.normalize().to_string();
    if text.contains('.') {
        format!("\"{text}\"")
    } else {
        text
    }
}

fn eps_figure(value: Decimal) -> String {
    format!("\"{value}\"")
}

/// The `[[line_item]]` block of a template line.
fn line_block(
    t: &Template,
    concept: &str,
    unplaced: &BTreeMap<&str, String>,
    with_parent: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[[line_item]]");
    let _ = writeln!(out, "id = \"{}\"", t.id);
    let _ = writeln!(out, "label = \"{}\"", t.label);
    let _ = writeln!(out, "statement = \"operations\"");
    let _ = writeln!(out, "concept = \"{concept}\"");
    match t.parent {
        Some(parent) if with_parent && !unplaced.contains_key(parent) => {
            let _ = writeln!(out, "rolls_up_to = \"{parent}\"");
            if t.subtract {
                let _ = writeln!(out, "sign = \"subtract\"");
            }
        }
        Some(parent) if unplaced.contains_key(parent) => {
            let _ = writeln!(
                out,
                "# Not rolled up into `{parent}`: {}.",
                unplaced[parent]
            );
        }
        _ => {}
    }
    if let Some(measure) = t.measure {
        let _ = writeln!(out, "measure = \"{measure}\"");
    }
    out.push('\n');
    out
}

fn period_block(p: &ImportPeriod, lines: &[(&'static Template, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[[period]]");
    let _ = writeln!(out, "id = \"{}\"", p.id);
    let _ = writeln!(out, "kind = \"duration\"");
    let _ = writeln!(out, "start = {}", p.start);
    let _ = writeln!(out, "end = {}", p.end);
    if let Some(note) = &p.note {
        let _ = writeln!(out, "note = \"{note}\"");
    }
    let _ = writeln!(out, "\n[period.values]");
    for (t, _) in lines {
        if let Some(v) = p.values.get(t.id) {
            let _ = writeln!(out, "{} = {}  # {}", t.id, figure(v.value), v.source);
        }
    }
    if !p.shares.is_empty() {
        let _ = writeln!(out, "\n[period.shares]");
        for (key, v) in &p.shares {
            let _ = writeln!(out, "{key} = {}  # {}", figure(v.value), v.source);
        }
    }
    if !p.eps.is_empty() {
        let _ = writeln!(out, "\n[period.eps]");
        for (key, v) in &p.eps {
            let _ = writeln!(out, "{key} = {}  # {}", eps_figure(v.value), v.source);
        }
    }
    out.push('\n');
    out
}

fn new_file(imported: &Imported, facts_path: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} -- statements of operations imported by `reconcile import` from the",
        imported.entity
    );
    if imported.described == xbrl::COMPANYFACTS {
        let _ = writeln!(out, "# SEC's XBRL companyfacts ({}).", facts_path.display());
        let _ = writeln!(
            out,
            "# Each value's source is the comment beside it: the form, accession number and filing date"
        );
        let _ = writeln!(
            out,
            "# of the latest 10-K or 10-Q that reports it. Tie the file to the filings with"
        );
    } else {
        let _ = writeln!(out, "# {}.", imported.described);
        let _ = writeln!(
            out,
            "# Each value's source is the comment beside it: the document, its form, fiscal period and"
        );
        let _ = writeln!(
            out,
            "# the end of the period it reports (an instance names no accession number nor filing date)."
        );
        if imported.dimensional_ignored > 0 {
            let _ = writeln!(
                out,
                "# Its {} facts of dimensional contexts (segments) are not the consolidated figures: not read.",
                imported.dimensional_ignored
            );
        }
        let _ = writeln!(out, "# Tie the file to the filing with");
    }
    let _ = writeln!(
        out,
        "# `reconcile check --against {}`.\n",
        facts_path.display()
    );
    let _ = writeln!(out, "[entity]");
    let _ = writeln!(out, "name = \"{}\"", imported.entity);
    let (m, d) = imported.fiscal_year_end;
    let _ = writeln!(out, "fiscal_year_end = \"{m:02}-{d:02}\"");
    let _ = writeln!(out, "units = \"{}\"", units_name(imported.units));
    if imported.share_units != imported.units {
        let _ = writeln!(
            out,
            "share_units = \"{}\"",
            units_name(imported.share_units)
        );
    }
    let cik = imported
        .cik
        .map(|c| format!(", CIK {c}"))
        .unwrap_or_default();
    let source = toml::Value::String(format!("{}{cik}", imported.described));
    let _ = writeln!(out, "source = {source}\n");
    for (t, concept) in &imported.lines {
        out.push_str(&line_block(t, concept, &imported.unplaced, true));
    }
    for p in &imported.periods {
        out.push_str(&period_block(p, &imported.lines));
    }
    out
}

// ---------------------------------------------------------------------------
// An existing file
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct Existing {
    entity: ExistingEntity,
    #[serde(default, rename = "line_item")]
    line_items: Vec<ExistingLine>,
    #[serde(default, rename = "period")]
    periods: Vec<ExistingPeriod>,
}

#[derive(Deserialize)]
struct ExistingEntity {
    units: Units,
    share_units: Option<Units>,
    release_date: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
struct ExistingLine {
    id: String,
    concept: Option<String>,
    rolls_up_to: Option<String>,
    sign: Option<String>,
}

#[derive(Deserialize)]
struct ExistingPeriod {
    id: String,
    #[serde(default)]
    values: BTreeMap<String, Spanned<toml::Value>>,
}

fn decimal(value: &toml::Value) -> Option<Decimal> {
    match value {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) => Decimal::from_str(&f.to_string()).ok(),
        toml::Value::String(s) => Decimal::from_str(s.trim()).ok(),
        _ => None,
    }
}

/// Fills an existing file: returns its new text, the values it filled and
/// the conflicts (line, period, file's figure, filed figure, source).
fn fill(
    text: &str,
    existing: &Existing,
    imported: &Imported,
    prefer: Option<Prefer>,
) -> (String, Vec<String>, Vec<String>, Vec<String>) {
    let money_scale = xbrl::multiplier(imported.units) / xbrl::multiplier(existing.entity.units);
    let mut map = line_map(existing, imported);
    let mut edits: Vec<Edit> = Vec::new();
    let mut filled = Vec::new();
    let mut conflicts = Vec::new();
    let appended_lines = appended_lines(existing, imported, &mut map, &mut filled);
    let mut appended_periods = String::new();
    let mut skipped: Vec<String> = Vec::new();
    for p in &imported.periods {
        let Some(have) = existing
            .periods
            .iter()
            .find(|e| e.id.eq_ignore_ascii_case(&p.id))
        else {
            // A release reports no period that ends after its date.
            if let Some(date) = existing.entity.release_date.as_ref().and_then(|d| d.date)
                && p.end.to_string() > date.to_string()
            {
                skipped.push(p.id.clone());
                continue;
            }
            let scaled = scaled_period(p, existing, imported, &map, money_scale);
            appended_periods.push_str(&new_period_block(
                &scaled,
                existing,
                imported,
                &map,
                &mut filled,
            ));
            filled.push(format!("period {}", scaled.id));
            continue;
        };
        let found = fill_period(text, have, p, imported, &map, money_scale, prefer);
        edits.extend(found.edits);
        filled.extend(found.filled);
        conflicts.extend(found.conflicts);
    }
    let out = edited(text, edits, &appended_lines, &appended_periods);
    (out, filled, conflicts, skipped)
}

/// A replacement of the text's bytes `start..end`.
type Edit = (usize, usize, String);

/// How the imported lines map onto the file's.
struct LineMap {
    /// Template line -> the file's line id.
    ids: BTreeMap<&'static str, String>,
    /// The lines the file stores with the other sign (an expense stored
    /// negative and added).
    negate: BTreeSet<&'static str>,
}

/// Template line -> the file's line id, by concept; and which lines the
/// file stores with the other sign.
fn line_map(existing: &Existing, imported: &Imported) -> LineMap {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut negate: BTreeSet<&str> = BTreeSet::new();
    for (t, concept) in &imported.lines {
        if let Some(line) = existing.line_items.iter().find(|l| {
            l.concept
                .as_deref()
                .is_some_and(|c| xbrl::aliases(t.concept).contains(&c) || c == concept)
        }) {
            ids.insert(t.id, line.id.clone());
            let subtracts = line.sign.as_deref() == Some("subtract");
            if t.subtract && line.rolls_up_to.is_some() && !subtracts {
                negate.insert(t.id);
            }
        }
    }
    LineMap { ids, negate }
}

/// The blocks of the imported lines the file lacks, each beside the
/// file's lines (`_filed` where its id is taken), recorded in `map`.
fn appended_lines(
    existing: &Existing,
    imported: &Imported,
    map: &mut LineMap,
    filled: &mut Vec<String>,
) -> String {
    let mut appended_lines = String::new();
    for (t, concept) in &imported.lines {
        if !map.ids.contains_key(t.id) {
            let taken = existing.line_items.iter().any(|l| l.id == t.id);
            let id = if taken {
                format!("{}_filed", t.id)
            } else {
                t.id.to_string()
            };
            let block = line_block(t, concept, &imported.unplaced, false).replacen(
                &format!("id = \"{}\"", t.id),
                &format!(
                    "id = \"{id}\"\n# imported beside the file's lines: place it with rolls_up_to"
                ),
                1,
            );
            appended_lines.push_str(&block);
            filled.push(format!("line `{id}` ({concept})"));
            map.ids.insert(t.id, id);
        }
    }
    appended_lines
}

/// An imported period in the file's units and signs.
fn scaled_period(
    p: &ImportPeriod,
    existing: &Existing,
    imported: &Imported,
    map: &LineMap,
    money_scale: Decimal,
) -> ImportPeriod {
    let mut p = ImportPeriod {
        id: p.id.clone(),
        start: p.start,
        end: p.end,
        note: p.note.clone(),
        values: p.values.clone(),
        shares: p.shares.clone(),
        eps: p.eps.clone(),
    };
    for (id, v) in p.values.iter_mut() {
        v.value = (v.value * money_scale).normalize();
        if map.negate.contains(id) {
            v.value = -v.value;
        }
    }
    let share_scale = xbrl::multiplier(imported.share_units)
        / xbrl::multiplier(existing.entity.share_units.unwrap_or(existing.entity.units));
    for v in p.shares.values_mut() {
        v.value = (v.value * share_scale).normalize();
    }
    p
}

/// A period the file lacks, as a block under the file's line ids, with
/// the residual lines it can give.
fn new_period_block(
    p: &ImportPeriod,
    existing: &Existing,
    imported: &Imported,
    map: &LineMap,
    filled: &mut Vec<String>,
) -> String {
    let ids = &map.ids;
    let mut block = period_block(p, &imported.lines);
    for (t, _) in &imported.lines {
        if ids[t.id] != t.id {
            block = block.replace(&format!("\n{} = ", t.id), &format!("\n{} = ", ids[t.id]));
        }
    }
    let residuals = residual_lines(p, existing, ids, filled);
    if !residuals.is_empty()
        && let Some(at) = block.find("[period.values]\n")
    {
        let from = at + "[period.values]\n".len();
        let end = block[from..]
            .find("\n\n")
            .map_or(block.len(), |n| from + n + 1);
        block.insert_str(end, &residuals);
    }
    block
}

/// A line of the file no filed fact gives (a company's own tag) that is
/// the one component of its total missing: the total less its filed
/// components, said beside it.
fn residual_lines(
    p: &ImportPeriod,
    existing: &Existing,
    ids: &BTreeMap<&'static str, String>,
    filled: &mut Vec<String>,
) -> String {
    let mut have_values: BTreeMap<String, Decimal> = BTreeMap::new();
    for (tid, v) in &p.values {
        have_values.insert(ids[tid].clone(), v.value);
    }
    let sign = |l: &ExistingLine| {
        if l.sign.as_deref() == Some("subtract") {
            -Decimal::ONE
        } else {
            Decimal::ONE
        }
    };
    let mut residuals = String::new();
    for line in &existing.line_items {
        let Some(parent) = &line.rolls_up_to else {
            continue;
        };
        if have_values.contains_key(&line.id) {
            continue;
        }
        let Some(&total) = have_values.get(parent) else {
            continue;
        };
        let siblings: Vec<&ExistingLine> = existing
            .line_items
            .iter()
            .filter(|l| l.rolls_up_to.as_ref() == Some(parent) && l.id != line.id)
            .collect();
        let Some(others) = siblings
            .iter()
            .map(|l| have_values.get(&l.id).map(|v| sign(l) * v))
            .sum::<Option<Decimal>>()
        else {
            continue;
        };
        let value = ((total - others) * sign(line)).normalize();
        let why = match &line.concept {
            Some(c) => format!("{c} is not in the filed facts"),
            None => "the line names no concept".to_string(),
        };
        let _ = writeln!(
            residuals,
            "{} = {}  # `{parent}` less its filed components: {why}",
            line.id,
            figure(value)
        );
        filled.push(format!(
            "{} {} = {} (the total `{parent}` less its filed components; {why})",
            p.id, line.id, value
        ));
        have_values.insert(line.id.clone(), value);
    }
    residuals
}

/// What filling one of the file's periods found.
struct PeriodFill {
    edits: Vec<Edit>,
    filled: Vec<String>,
    conflicts: Vec<String>,
}

/// Fills a period the file has: a missing value is inserted after its
/// last; a value that differs from the filing's is a conflict, replaced
/// when the filed figure is preferred.
fn fill_period(
    text: &str,
    have: &ExistingPeriod,
    p: &ImportPeriod,
    imported: &Imported,
    map: &LineMap,
    money_scale: Decimal,
    prefer: Option<Prefer>,
) -> PeriodFill {
    let mut found = PeriodFill {
        edits: Vec::new(),
        filled: Vec::new(),
        conflicts: Vec::new(),
    };
    let insert_at = have
        .values
        .values()
        .map(|v| v.span().end)
        .max()
        .map(|end| text[end..].find('\n').map_or(text.len(), |n| end + n + 1));
    for (t, _) in &imported.lines {
        let Some(v) = p.values.get(t.id) else {
            continue;
        };
        let id = &map.ids[t.id];
        let filed_here = if map.negate.contains(t.id) {
            -v.value * money_scale
        } else {
            v.value * money_scale
        };
        match have.values.get(id) {
            Some(current) => {
                let Some(value) = decimal(current.get_ref()) else {
                    continue;
                };
                let half = Decimal::new(5, value.scale() + 1) + v.slack * money_scale;
                if (value - filed_here).abs() > half {
                    found.conflicts.push(format!(
                        "{} {id}: the file has {value}, the filing {} ({})",
                        p.id,
                        filed_here.normalize(),
                        v.source
                    ));
                    if prefer == Some(Prefer::Filed) {
                        let span = current.span();
                        found.edits.push((span.start, span.end, figure(filed_here)));
                    }
                }
            }
            None => match insert_at {
                Some(at) => {
                    found.edits.push((
                        at,
                        at,
                        format!("{id} = {}  # {}\n", figure(filed_here), v.source),
                    ));
                    found.filled.push(format!("{} {id}", p.id));
                }
                None => found.conflicts.push(format!(
                    "{} {id}: the period has no [period.values] to fill",
                    p.id
                )),
            },
        }
    }
    found
}

/// The text with the edits made (last first) and the new lines and
/// periods appended.
fn edited(
    text: &str,
    mut edits: Vec<Edit>,
    appended_lines: &str,
    appended_periods: &str,
) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    if !appended_lines.is_empty() || !appended_periods.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(appended_lines);
        out.push_str(appended_periods);
    }
    out
}

/// The statements file `import` writes: `<statements>/<entity>.toml` for a
/// folder (created if missing), the path itself for a `.toml` path.
pub fn target(statements: &Path, entity: &str) -> PathBuf {
    if statements.extension().is_some_and(|e| e == "toml") {
        statements.to_path_buf()
    } else {
        statements.join(format!("{entity}.toml"))
    }
}

/// `reconcile import`.
pub fn run(
    facts_path: &Path,
    statements: &Path,
    entity: Option<&str>,
    quarters: usize,
    prefer: Option<Prefer>,
) -> ImportOutcome {
    let Some(entity) = entity else {
        return failed(
            Diagnostic::new("`import` needs the entity's file name")
                .help("add --entity NAME: the file written is statements/NAME.toml"),
        );
    };
    let facts = match xbrl::read_facts(facts_path) {
        Ok(f) => f,
        Err(d) => return failed(d),
    };
    let imported = match gather(&facts, quarters) {
        Ok(i) => i,
        Err(d) => return failed(d),
    };
    let path = target(statements, entity);
    let written = if path.exists() {
        fill_existing(&path, &imported, prefer)
    } else {
        write_new(&path, &imported, facts_path)
    };
    let mut stdout = match written {
        Ok(stdout) => stdout,
        Err(outcome) => return outcome,
    };
    stdout.push_str(&closing_notes(&imported, &path, facts_path));
    ImportOutcome {
        stdout,
        findings: Vec::new(),
        errors: Vec::new(),
    }
}

/// The outcome of an import that stopped at an error.
fn failed(d: Diagnostic) -> ImportOutcome {
    ImportOutcome {
        stdout: String::new(),
        findings: Vec::new(),
        errors: vec![d],
    }
}

/// Fills an existing statements file from the filed facts and says what
/// was added and what differs; where values differ and no `--prefer` is
/// given, nothing is written and the outcome is the finding.
fn fill_existing(
    path: &Path,
    imported: &Imported,
    prefer: Option<Prefer>,
) -> Result<String, ImportOutcome> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return Err(failed(Diagnostic::in_file(
                path,
                format!("cannot read it: {e}"),
            )));
        }
    };
    let existing: Existing = match toml::from_str(&text) {
        Ok(e) => e,
        Err(e) => {
            return Err(failed(
                Diagnostic::in_file(
                    path,
                    format!("cannot read the existing statements file: {}", e.message()),
                )
                .help("run `reconcile check` on it and fix it first"),
            ));
        }
    };
    let (new_text, filled, conflicts, skipped) = fill(&text, &existing, imported, prefer);
    if !conflicts.is_empty() && prefer.is_none() {
        return Err(ImportOutcome {
            stdout: String::new(),
            findings: vec![conflicts_finding(path, &conflicts)],
            errors: Vec::new(),
        });
    }
    if let Err(e) = std::fs::write(path, new_text) {
        return Err(failed(Diagnostic::in_file(
            path,
            format!("cannot write it: {e}"),
        )));
    }
    Ok(fill_summary(path, &filled, &conflicts, &skipped, prefer))
}

/// The finding when the file's values differ from the filed facts and no
/// `--prefer` says which to keep.
fn conflicts_finding(path: &Path, conflicts: &[String]) -> Diagnostic {
    let mut d = Diagnostic::in_file(
        path,
        format!(
            "{} {} of the file differ{} from the filed facts; nothing written",
            conflicts.len(),
            if conflicts.len() == 1 {
                "value"
            } else {
                "values"
            },
            if conflicts.len() == 1 { "s" } else { "" }
        ),
    );
    for c in conflicts {
        d = d.note(c.clone());
    }
    d.help("keep the filed figures with --prefer filed, or the file's with --prefer file (the missing values are filled either way)")
}

/// What filling an existing file did: each value added, each left out
/// after the release date, and each that differs with the one kept.
fn fill_summary(
    path: &Path,
    filled: &[String],
    conflicts: &[String],
    skipped: &[String],
    prefer: Option<Prefer>,
) -> String {
    let mut stdout = String::new();
    if filled.is_empty() && conflicts.is_empty() {
        let _ = writeln!(
            stdout,
            "{}: nothing to fill; every filed value is there and ties",
            path.display()
        );
    } else {
        let _ = writeln!(
            stdout,
            "filled {}: {} added, {} differing",
            path.display(),
            filled.len(),
            conflicts.len()
        );
    }
    for f in filled {
        let _ = writeln!(stdout, "  added {f}");
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            stdout,
            "  not added, after the release date: {}",
            skipped.join(", ")
        );
    }
    for c in conflicts {
        let kept = if prefer == Some(Prefer::Filed) {
            "the filing's"
        } else {
            "the file's"
        };
        let _ = writeln!(stdout, "  differs, kept {kept}: {c}");
    }
    stdout
}

/// Writes a new statements file (its folder created if missing) and says
/// what it holds.
fn write_new(path: &Path, imported: &Imported, facts_path: &Path) -> Result<String, ImportOutcome> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(failed(Diagnostic::in_file(
            dir,
            format!("cannot create the folder: {e}"),
        )));
    }
    if let Err(e) = std::fs::write(path, new_file(imported, facts_path)) {
        return Err(failed(Diagnostic::in_file(
            path,
            format!("cannot write it: {e}"),
        )));
    }
    let quarters_n = imported
        .periods
        .iter()
        .filter(|p| months(p.start, p.end) == 3)
        .count();
    let years_n = imported.periods.len() - quarters_n;
    let mut stdout = String::new();
    let _ = writeln!(
        stdout,
        "wrote {}: {} line items, {} periods ({quarters_n} quarters, {years_n} fiscal years) of {}",
        path.display(),
        imported.lines.len(),
        imported.periods.len(),
        imported.entity
    );
    Ok(stdout)
}

/// What every import ends with: the facts left out, the totals whose
/// components stay separate lines, and the command to run next.
fn closing_notes(imported: &Imported, path: &Path, facts_path: &Path) -> String {
    let mut stdout = String::new();
    if imported.dimensional_ignored > 0 {
        let _ = writeln!(
            stdout,
            "  {} facts of dimensional contexts ignored (segments and members, not the consolidated figures)",
            imported.dimensional_ignored
        );
    }
    for (total, why) in &imported.unplaced {
        let _ = writeln!(stdout, "  `{total}`'s components are separate lines: {why}");
    }
    let _ = writeln!(
        stdout,
        "next: reconcile check --statements {} --against {}",
        path.display(),
        facts_path.display()
    );
    stdout
}

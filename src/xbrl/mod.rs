//! XBRL facts as the SEC's `companyfacts` JSON collects them, and the model
//! tied to them: `reconcile check --against FACTS` compares every line that
//! names a concept (`concept = "us-gaap:Revenues"`), and the share counts and
//! EPS, with the filed fact of the same period and units.
//!
//! A period is often filed more than once (a quarter, then as the prior
//! year's comparative): the latest 10-K/10-Q filing is compared, and the
//! others are named where they differ. Share counts and EPS change between
//! filings when the company splits its stock: a figure that ties to an
//! earlier filing, which a later one restates by a whole split ratio, ties
//! "as filed before the split". A quarter no filing reports (the fourth,
//! which is in no 10-Q) is derived from the filed year less the filed nine
//! months, and says so.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{Date, Fact, Measure, PeriodSpan, Statement, Units};
use crate::raw::Standard;
use crate::source::{Site, SourceFile};

pub mod instance;

/// One filed fact: a value of a concept for a period, in a unit, as one
/// filing reports it.
#[derive(Debug, Clone)]
pub struct FiledFact {
    /// `us-gaap:Revenues`.
    pub concept: String,
    /// `USD`, `shares`, `USD/shares`.
    pub unit: String,
    /// A duration's first day; `None` for an instant.
    pub start: Option<Date>,
    /// A duration's last day, or the instant.
    pub end: Date,
    pub value: Decimal,
    /// The filing's accession number.
    pub accn: String,
    pub form: String,
    /// The date filed, `YYYY-MM-DD`.
    pub filed: String,
    /// The fiscal year and period of the filing (not of the fact).
    pub fy: Option<i64>,
    pub fp: Option<String>,
    /// Read from an instance document, which names no accession number nor
    /// filing date: `accn` is then the document's file name and `filed` the
    /// end of the period it reports (`dei:DocumentPeriodEndDate`).
    pub document: bool,
}

impl FiledFact {
    /// "accession 0001045810-23-000017 (10-K filed 2023-02-24)".
    /// From an instance document: "nvda-20230129.xml (10-K, FY 2023,
    /// period ended 2023-01-29)".
    pub fn source(&self) -> String {
        if self.document {
            return format!("{} ({})", self.accn, self.document_period());
        }
        format!(
            "accession {} ({} filed {})",
            self.accn, self.form, self.filed
        )
    }

    /// An instance document's form, fiscal period and period end: "10-K,
    /// FY 2023, period ended 2023-01-29".
    pub fn document_period(&self) -> String {
        let mut out = self.form.clone();
        match (self.fp.as_deref(), self.fy) {
            (Some(fp), Some(fy)) => out.push_str(&format!(", {fp} {fy}")),
            (None, Some(fy)) => out.push_str(&format!(", fiscal {fy}")),
            _ => {}
        }
        if !self.filed.is_empty() {
            out.push_str(&format!(", period ended {}", self.filed));
        }
        out
    }

    fn is_report(&self) -> bool {
        matches!(
            self.form.as_str(),
            "10-K" | "10-Q" | "10-K/A" | "10-Q/A" | "20-F" | "20-F/A" | "40-F" | "40-F/A"
        )
    }
}

/// What [`Facts::described`] says of a `companyfacts` file.
pub const COMPANYFACTS: &str = "SEC XBRL companyfacts";

/// A company's filed facts: `companyfacts` JSON, or one filing's instance
/// document (plain or inline XBRL), read once.
#[derive(Debug, Clone)]
pub struct Facts {
    pub entity_name: String,
    pub cik: Option<u64>,
    /// By concept (`us-gaap:Revenues`), in file order.
    pub concepts: BTreeMap<String, Vec<FiledFact>>,
    /// Each concept's label as the taxonomy gives it, where it gives one.
    pub labels: BTreeMap<String, String>,
    /// What was read: "SEC XBRL companyfacts", "XBRL instance document
    /// nvda-20230129.xml (10-K for the period ended 2023-01-29)".
    pub described: String,
    /// An instance's facts of a dimensional context (a segment, a product
    /// line): not the consolidated figures, so not read.
    pub dimensional_ignored: usize,
    /// An instance's fiscal year end as `dei:CurrentFiscalYearEndDate`
    /// gives it (`--01-29`): `(month, day)`.
    pub year_end: Option<(u32, u32)>,
}

/// Concepts that tag the same line in different filings: a line that names
/// one is compared with the other where its own has no fact.
const ALIASES: &[(&str, &str)] = &[
    (
        "us-gaap:InterestExpense",
        "us-gaap:InterestExpenseNonoperating",
    ),
    (
        "us-gaap:Revenues",
        "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax",
    ),
    (
        "us-gaap:CostOfRevenue",
        "us-gaap:CostOfGoodsAndServicesSold",
    ),
];

/// The concepts that tag the same line as `concept`, itself first.
pub fn aliases(concept: &str) -> Vec<&str> {
    let mut all = vec![concept];
    for &(a, b) in ALIASES {
        if a == concept {
            all.push(b);
        } else if b == concept {
            all.push(a);
        }
    }
    all
}

/// Basic and diluted weighted shares and EPS: the concepts the filings tag
/// them with.
pub const BASIC_SHARES: &str = "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic";
pub const DILUTED_SHARES: &str = "us-gaap:WeightedAverageNumberOfDilutedSharesOutstanding";
pub const BASIC_EPS: &str = "us-gaap:EarningsPerShareBasic";
pub const DILUTED_EPS: &str = "us-gaap:EarningsPerShareDiluted";

/// The concept a filing usually tags a standard line with, by the line's
/// role and the statement's standard; `None` where there is no usual one.
fn usual_concept(role: Measure, standard: Standard) -> Option<&'static str> {
    let (us_gaap, ifrs) = match role {
        Measure::Revenue => ("us-gaap:Revenues", Some("ifrs-full:Revenue")),
        Measure::CostOfRevenues => ("us-gaap:CostOfRevenue", Some("ifrs-full:CostOfSales")),
        Measure::GrossProfit => ("us-gaap:GrossProfit", Some("ifrs-full:GrossProfit")),
        Measure::OperatingExpenses => ("us-gaap:OperatingExpenses", None),
        Measure::CostsAndExpenses => ("us-gaap:CostsAndExpenses", None),
        Measure::OperatingIncome => (
            "us-gaap:OperatingIncomeLoss",
            Some("ifrs-full:ProfitLossFromOperatingActivities"),
        ),
        Measure::PretaxIncome => (
            "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
            Some("ifrs-full:ProfitLossBeforeTax"),
        ),
        Measure::IncomeTax => (
            "us-gaap:IncomeTaxExpenseBenefit",
            Some("ifrs-full:IncomeTaxExpenseContinuingOperations"),
        ),
        Measure::ContinuingIncome => (
            "us-gaap:IncomeLossFromContinuingOperations",
            Some("ifrs-full:ProfitLossFromContinuingOperations"),
        ),
        Measure::NetIncome => ("us-gaap:NetIncomeLoss", Some("ifrs-full:ProfitLoss")),
        Measure::PreferredDividends => {
            ("us-gaap:PreferredStockDividendsIncomeStatementImpact", None)
        }
        Measure::Cash => (
            "us-gaap:CashAndCashEquivalentsAtCarryingValue",
            Some("ifrs-full:CashAndCashEquivalents"),
        ),
        Measure::TotalAssets => ("us-gaap:Assets", Some("ifrs-full:Assets")),
        Measure::TotalLiabilitiesAndEquity => (
            "us-gaap:LiabilitiesAndStockholdersEquity",
            Some("ifrs-full:EquityAndLiabilities"),
        ),
    };
    match standard {
        Standard::UsGaap => Some(us_gaap),
        Standard::Ifrs => ifrs,
    }
}

/// A warning at each standard line (one with a `measure` role: revenue,
/// net income, total assets...) that names no concept, in a statement that
/// names concepts at all: `check --against` cannot tie such a line to the
/// filing. A statement without concepts is not asked for them.
pub fn standard_lines_without_concepts(statement: &Statement) -> Vec<Diagnostic> {
    if statement
        .line_items
        .iter()
        .all(|line| line.concept.is_none())
    {
        return Vec::new();
    }
    let named: BTreeSet<&str> = statement
        .line_items
        .iter()
        .filter_map(|line| line.concept.as_ref().map(|(c, _)| c.as_str()))
        .collect();
    statement
        .line_items
        .iter()
        .filter(|line| line.concept.is_none())
        .filter_map(|line| {
            let role = line.measure?;
            let warning = Diagnostic::at(
                &line.site,
                format!(
                    "`{}` is a standard line (measure = \"{}\") and names no concept: `check --against` cannot tie it to the filing",
                    line.id,
                    crate::model::tag_name(role)
                ),
            )
            .warning();
            Some(match usual_concept(role, statement.entity.standard) {
                Some(usual) if !named.contains(usual) => warning.help(format!(
                    "name the concept the filing tags it with, usually concept = \"{usual}\""
                )),
                _ => warning.help("name the concept the filing tags it with: concept = \"prefix:Name\", as the filing's XBRL writes it"),
            })
        })
        .collect()
}

/// A warning at each concept a second line names (two lines tagged alike
/// cannot both tie to the one filed fact).
pub fn duplicate_concepts(statement: &Statement) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, (&str, &Site)> = BTreeMap::new();
    let mut warnings = Vec::new();
    for line in &statement.line_items {
        let Some((concept, site)) = &line.concept else {
            continue;
        };
        match first.get(concept.as_str()) {
            Some((other, other_site)) => warnings.push(
                Diagnostic::at(
                    site,
                    format!("`{}` names concept `{concept}`, which `{other}` names too", line.id),
                )
                .note(format!("first named at {}", other_site.position()))
                .help("a filed fact tags one line: name the concept on one line only, or the line's own concept on the other")
                .warning(),
            ),
            None => {
                first.insert(concept, (&line.id, site));
            }
        }
    }
    warnings
}

fn parse_date(text: &str) -> Option<Date> {
    crate::raw::RawDate::parse(text).ok()
}

/// Reads a company's filed facts: a `companyfacts` JSON file, or an XBRL
/// instance document (the `.xml` a 10-Q or 10-K files) or an inline XBRL
/// one (`.htm`), told apart by their content, not their names.
///
/// A folder is read whole: every instance, inline XBRL and companyfacts
/// file in it (a filing's schema and linkbases are passed over), as one
/// company's facts, so that a 10-K's year less a 10-Q's nine months gives
/// the fourth quarter.
pub fn read_facts(path: &Path) -> Result<Facts, Diagnostic> {
    if path.is_dir() {
        return read_folder(path);
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::in_file(path, format!("cannot read the facts file: {e}"))
            .help("name a companyfacts JSON file, such as CIK0001045810.json from data.sec.gov/api/xbrl/companyfacts/, or a filing's XBRL instance document")
    })?;
    let file = SourceFile::new(path, text);
    match file.text().trim_start().chars().next() {
        Some('{') => {}
        Some('<') => return instance::parse(&file),
        _ => {
            let start = file.text().len() - file.text().trim_start().len();
            let site = Site::new(&file, start..start + 1);
            return Err(Diagnostic::at(
                &site,
                "neither a companyfacts JSON file nor an XBRL instance document",
            )
            .label("expected `{` (companyfacts JSON) or `<` (an XBRL instance or inline XBRL document)")
            .help("name the company's companyfacts JSON (data.sec.gov/api/xbrl/companyfacts/CIK##########.json) or a filing's instance document (.xml) or inline XBRL (.htm)"));
        }
    }
    let text = file.text();
    parse_facts(text).map_err(|problem| {
        Diagnostic::in_file(path, format!("not a companyfacts JSON file: {problem}"))
            .help("the file is the SEC's companyfacts response: {\"cik\":..., \"entityName\":..., \"facts\":{\"us-gaap\":{...}}}")
    })
}

/// Every facts file of a folder, as one company's facts.
fn read_folder(dir: &Path) -> Result<Facts, Diagnostic> {
    let paths = facts_files(dir)?;
    let mut all: Option<Facts> = None;
    let mut names = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::in_file(path, format!("cannot read the facts file: {e}")))?;
        let file = SourceFile::new(path, text);
        let facts = if file.text().trim_start().starts_with('<') {
            match instance::parse_any(&file)? {
                instance::Parsed::Facts(f) => f,
                // The filing's schema, linkbases, summary: no facts.
                instance::Parsed::Other(_) => continue,
            }
        } else if file.text().trim_start().starts_with('{') {
            read_facts(path)?
        } else {
            continue;
        };
        names.push(match facts.described.as_str() {
            COMPANYFACTS => format!(
                "companyfacts {}",
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
            d => d.to_string(),
        });
        all = Some(match all {
            None => facts,
            Some(merged) => merged_facts(merged, facts, path)?,
        });
    }
    let mut facts = all.ok_or_else(|| {
        Diagnostic::in_file(dir, "the folder holds no companyfacts JSON, XBRL instance nor inline XBRL document")
            .help("put the filings' instance documents (.xml) or inline XBRL (.htm) in it, or name one file")
    })?;
    if names.len() > 1 {
        facts.described = format!("{} XBRL documents: {}", names.len(), names.join(", "));
    }
    Ok(facts)
}

/// The facts files of a folder, sorted: XBRL instances, inline XBRL and
/// JSON, hidden files left out.
fn facts_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::in_file(dir, format!("cannot read the folder: {e}")))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                && p.extension().is_some_and(|e| {
                    ["xml", "htm", "html", "xhtml", "json"]
                        .contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
                })
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Two facts files of one company as one: a second company's file is an
/// error at its path.
fn merged_facts(mut merged: Facts, facts: Facts, path: &Path) -> Result<Facts, Diagnostic> {
    if let (Some(a), Some(b)) = (merged.cik, facts.cik)
        && a != b
    {
        return Err(Diagnostic::in_file(
            path,
            format!("the folder holds facts of two companies: CIK {a} and CIK {b}"),
        )
        .help("keep one company's filings in the folder, or name one file"));
    }
    merged.cik = merged.cik.or(facts.cik);
    if merged.entity_name.is_empty() {
        merged.entity_name = facts.entity_name;
    }
    for (concept, list) in facts.concepts {
        merged.concepts.entry(concept).or_default().extend(list);
    }
    merged.labels.extend(facts.labels);
    merged.dimensional_ignored += facts.dimensional_ignored;
    merged.year_end = merged.year_end.or(facts.year_end);
    Ok(merged)
}

/// Parses `companyfacts` JSON text.
pub fn parse_facts(text: &str) -> Result<Facts, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let facts = json
        .get("facts")
        .and_then(|f| f.as_object())
        .ok_or("it has no `facts` object")?;
    let mut concepts: BTreeMap<String, Vec<FiledFact>> = BTreeMap::new();
    let mut labels = BTreeMap::new();
    for (taxonomy, elements) in facts {
        let Some(elements) = elements.as_object() else {
            continue;
        };
        for (name, element) in elements {
            let concept = format!("{taxonomy}:{name}");
            if let Some(label) = element.get("label").and_then(|l| l.as_str()) {
                labels.insert(concept.clone(), label.to_string());
            }
            let Some(units) = element.get("units").and_then(|u| u.as_object()) else {
                continue;
            };
            let list = concepts.entry(concept.clone()).or_default();
            for (unit, entries) in units {
                for entry in entries.as_array().into_iter().flatten() {
                    let text = |key: &str| entry.get(key).and_then(|v| v.as_str());
                    let (Some(end), Some(value)) = (
                        text("end").and_then(parse_date),
                        entry.get("val").and_then(|v| v.as_number()).and_then(|n| {
                            Decimal::from_str(&n.to_string())
                                .ok()
                                .or_else(|| n.as_f64().and_then(|f| Decimal::try_from(f).ok()))
                        }),
                    ) else {
                        continue;
                    };
                    list.push(FiledFact {
                        concept: concept.clone(),
                        unit: unit.clone(),
                        start: text("start").and_then(parse_date),
                        end,
                        value: value.normalize(),
                        accn: text("accn").unwrap_or("?").to_string(),
                        form: text("form").unwrap_or("?").to_string(),
                        filed: text("filed").unwrap_or("?").to_string(),
                        fy: entry.get("fy").and_then(|v| v.as_i64()),
                        fp: text("fp").map(str::to_string),
                        document: false,
                    });
                }
            }
        }
    }
    Ok(Facts {
        entity_name: json
            .get("entityName")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string(),
        cik: json.get("cik").and_then(|c| c.as_u64()),
        concepts,
        labels,
        described: COMPANYFACTS.to_string(),
        dimensional_ignored: 0,
        year_end: None,
    })
}

/// What kind of figure: money, a share count or a per-share amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Money,
    Shares,
    PerShare,
}

impl Kind {
    fn takes(self, unit: &str) -> bool {
        match self {
            Kind::Shares => unit == "shares",
            Kind::PerShare => unit.contains("/shares"),
            Kind::Money => unit != "shares" && !unit.contains('/') && unit != "pure",
        }
    }
}

/// How many dollars (or shares) one unit of the model's figures is.
pub fn multiplier(units: Units) -> Decimal {
    match units {
        Units::Units => Decimal::ONE,
        Units::Thousands => Decimal::from(1_000),
        Units::Millions => Decimal::from(1_000_000),
    }
}

fn same_span(fact: &FiledFact, span: &PeriodSpan) -> bool {
    match *span {
        PeriodSpan::Duration { start, end } => fact.start == Some(start) && fact.end == end,
        PeriodSpan::Instant { date } => fact.start.is_none() && fact.end == date,
    }
}

/// The filed facts of `concept` (or an alias) for the period, in a unit of
/// `kind`, the preferred first: reports (10-K, 10-Q) before other forms
/// (a proxy statement), then the latest filed.
pub fn filed_for<'f>(
    facts: &'f Facts,
    concept: &str,
    kind: Kind,
    span: &PeriodSpan,
) -> (String, Vec<&'f FiledFact>) {
    for name in aliases(concept) {
        let mut found: Vec<&FiledFact> = facts
            .concepts
            .get(name)
            .into_iter()
            .flatten()
            .filter(|f| kind.takes(&f.unit) && same_span(f, span))
            .collect();
        if !found.is_empty() {
            sort_preferred(&mut found);
            return (name.to_string(), found);
        }
    }
    (concept.to_string(), Vec::new())
}

/// Reports before other forms, then the latest filed (the later accession
/// number on the same day).
pub fn sort_preferred(found: &mut [&FiledFact]) {
    found.sort_by(|a, b| {
        b.is_report()
            .cmp(&a.is_report())
            .then_with(|| b.filed.cmp(&a.filed))
            .then_with(|| b.accn.cmp(&a.accn))
    });
}

/// A quarter no filing reports, as a longer filed period less a filed
/// shorter one that starts with it (the fiscal year less nine months):
/// the value and the two facts.
pub fn derived_for<'f>(
    facts: &'f Facts,
    concept: &str,
    span: &PeriodSpan,
) -> Option<(Decimal, &'f FiledFact, &'f FiledFact)> {
    let PeriodSpan::Duration { start, end } = *span else {
        return None;
    };
    let day_before =
        crate::model::period::from_day_number(crate::model::period::day_number(start) - 1);
    for name in aliases(concept) {
        let all: Vec<&FiledFact> = facts
            .concepts
            .get(name)
            .into_iter()
            .flatten()
            .filter(|f| Kind::Money.takes(&f.unit))
            .collect();
        let mut longs: Vec<&FiledFact> = all
            .iter()
            .copied()
            .filter(|f| f.end == end && f.start.is_some_and(|s| s < start))
            .collect();
        sort_preferred(&mut longs);
        for long in longs {
            let mut shorts: Vec<&FiledFact> = all
                .iter()
                .copied()
                .filter(|f| f.start == long.start && f.end == day_before && f.unit == long.unit)
                .collect();
            sort_preferred(&mut shorts);
            if let Some(short) = shorts.first() {
                return Some((long.value - short.value, long, short));
            }
        }
    }
    None
}

/// Half a unit of the figure's last digit, in dollars (or shares).
fn half_unit(value: Decimal, scale: Decimal) -> Decimal {
    Decimal::new(5, value.scale() + 1) * scale
}

/// Half a unit of the last digit a filed figure is stated to: its last
/// decimal, or for a whole number its last non-zero digit's place up to
/// `unit` (a filing in millions states 26,974,000,000 to the million).
pub fn filed_half(value: Decimal, unit: Decimal) -> Decimal {
    let value = value.normalize();
    if value.scale() > 0 {
        return Decimal::new(5, value.scale() + 1);
    }
    let mut place = Decimal::ONE;
    while place < unit && !value.is_zero() && (value / (place * Decimal::TEN)).fract().is_zero() {
        place *= Decimal::TEN;
    }
    place / Decimal::TWO
}

/// A whole split ratio between two filings' figures of one period (10 for
/// 2,507,000,000 and 25,070,000,000 shares, or EPS of 1.74 and 0.17), if
/// the smaller times the ratio is the larger within their rounding.
fn split_ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (big, small) = if a.abs() >= b.abs() { (a, b) } else { (b, a) };
    if small.is_zero() || big.is_zero() || big.is_sign_negative() != small.is_sign_negative() {
        return None;
    }
    let ratio = (big / small).round();
    let places = Decimal::from(1_000_000_000);
    let slack = ratio * filed_half(small, places) + filed_half(big, places);
    (ratio >= Decimal::TWO && (small * ratio - big).abs() <= slack).then_some(ratio)
}

/// A stock split the facts show: a period's share count filed again,
/// restated by a whole ratio. `last_before` is the latest filing date of a
/// count as first filed: facts filed on or before it predate the split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub ratio: Decimal,
    pub last_before: String,
    /// The first filing that shows a restated count.
    pub first_after: String,
}

/// The stock splits the share counts show, from pairs of filings of one
/// period whose counts differ by a whole ratio.
pub fn splits(facts: &Facts) -> Vec<Split> {
    let mut found: Vec<Split> = Vec::new();
    for concept in [BASIC_SHARES, DILUTED_SHARES] {
        let all: Vec<&FiledFact> = facts
            .concepts
            .get(concept)
            .into_iter()
            .flatten()
            .filter(|f| f.unit == "shares")
            .collect();
        for old in &all {
            for new in &all {
                if old.start != new.start
                    || old.end != new.end
                    || old.filed >= new.filed
                    || new.value <= old.value
                {
                    continue;
                }
                let Some(ratio) = split_ratio(new.value, old.value) else {
                    continue;
                };
                match found.iter_mut().find(|s| s.ratio == ratio) {
                    Some(split) => {
                        if old.filed > split.last_before {
                            split.last_before = old.filed.clone();
                        }
                        if new.filed < split.first_after {
                            split.first_after = new.filed.clone();
                        }
                    }
                    None => found.push(Split {
                        ratio,
                        last_before: old.filed.clone(),
                        first_after: new.filed.clone(),
                    }),
                }
            }
        }
    }
    found.sort_by(|a, b| a.last_before.cmp(&b.last_before));
    found
}

/// The splits after a filing date, and the product of their ratios: what
/// a share count filed then is multiplied by (and EPS divided by) to state
/// it as the latest filings do.
pub fn splits_after<'s>(splits: &'s [Split], filed: &str) -> (Decimal, Vec<&'s Split>) {
    let after: Vec<&Split> = splits
        .iter()
        .filter(|s| filed <= s.last_before.as_str())
        .collect();
    (after.iter().map(|s| s.ratio).product(), after)
}

/// What `check --against` found.
#[derive(Debug, Default)]
pub struct AgainstReport {
    pub entity: String,
    /// Figures that tie to the filed fact.
    pub tied: usize,
    /// Of those, the ones that tie only within rounding (the model's
    /// figure is rounded; the filed one exact).
    pub within_rounding: usize,
    /// Lines stored with the filed figure's opposite sign (an expense
    /// printed in parentheses), one note each.
    pub opposite_sign: Vec<String>,
    /// Figures that tie to a filing before a stock split that a later
    /// filing restates, one note each.
    pub before_split: Vec<String>,
    /// Quarters compared with the filed year less the filed nine months:
    /// how, and how many figures.
    pub derived: Vec<(String, usize)>,
    /// Lines compared under another concept than the one they name.
    pub aliased: BTreeSet<String>,
    /// Figures with no filed fact to compare with.
    pub not_filed: Vec<String>,
    /// Figures compared with the latest of several filings that disagree.
    pub latest_of_several: Vec<String>,
    /// Share counts and EPS that tie to the latest filing, which restates
    /// an earlier one for a stock split.
    pub split_restated: Vec<String>,
    /// Every difference, at the model's figure.
    pub differences: Vec<Diagnostic>,
    /// An instance document's facts of dimensional contexts (segments),
    /// not read.
    pub dimensional_ignored: usize,
}

impl AgainstReport {
    fn add_derived(&mut self, how: String) {
        match self.derived.iter_mut().find(|(h, _)| *h == how) {
            Some((_, n)) => *n += 1,
            None => self.derived.push((how, 1)),
        }
    }

    /// The lines `check` prints under its summary.
    pub fn summary(&self, path: &Path) -> String {
        let mut out = format!(
            "against {} ({}): {} figures tie to the filed facts",
            path.display(),
            self.entity,
            self.tied
        );
        if self.within_rounding > 0 {
            out.push_str(&format!(", {} within rounding", self.within_rounding));
        }
        out.push('\n');
        if self.dimensional_ignored > 0 {
            out.push_str(&format!(
                "  facts of dimensional contexts ignored (segments and members, not the consolidated figures): {}\n",
                self.dimensional_ignored
            ));
        }
        let mut list = |title: &str, items: &[String]| {
            if !items.is_empty() {
                out.push_str(&format!("  {title}: {}\n", items.len()));
                for item in items {
                    out.push_str(&format!("    {item}\n"));
                }
            }
        };
        let derived: Vec<String> = self
            .derived
            .iter()
            .map(|(how, n)| format!("{how} ({n} figures)"))
            .collect();
        list(
            "periods derived from filed ones (no filing reports the quarter)",
            &derived,
        );
        list(
            "stored with the filed figure's opposite sign (printed in parentheses)",
            &self.opposite_sign,
        );
        list(
            "tie to a figure filed before a stock split, stated on the other basis",
            &self.before_split,
        );
        list(
            "tie to the latest filing, which restates an earlier one for a stock split",
            &self.split_restated,
        );
        list(
            "filed more than once with different figures (the latest 10-K/10-Q compared)",
            &self.latest_of_several,
        );
        let aliased: Vec<String> = self.aliased.iter().cloned().collect();
        list("compared under the concept the filing uses", &aliased);
        list("not in the filed facts (not compared)", &self.not_filed);
        out
    }
}

/// One figure of the model to compare: what it is, its concept and kind,
/// the period and the figure.
struct Figure<'a> {
    what: String,
    concept: &'a str,
    kind: Kind,
    period: usize,
    fact: &'a Fact,
}

/// `check --against`: every line that names a concept, and each period's
/// share counts and EPS, against the filed facts.
pub fn check_against(statement: &Statement, facts: &Facts) -> AgainstReport {
    let mut report = AgainstReport {
        entity: match facts.cik {
            Some(cik) => format!("{}, CIK {cik}", facts.entity_name),
            None => facts.entity_name.clone(),
        },
        dimensional_ignored: facts.dimensional_ignored,
        ..AgainstReport::default()
    };
    let mut figures: Vec<Figure> = Vec::new();
    for (p, period) in statement.periods.iter().enumerate() {
        for (line_id, fact) in &period.values {
            let line = statement.line(*line_id);
            if let Some((concept, _)) = &line.concept {
                figures.push(Figure {
                    what: format!("`{}`", line.id),
                    concept,
                    kind: Kind::Money,
                    period: p,
                    fact,
                });
            }
        }
        if let Some(shares) = &period.shares {
            for (what, concept, fact) in [
                ("basic shares", BASIC_SHARES, &shares.basic),
                ("diluted shares", DILUTED_SHARES, &shares.diluted),
            ] {
                if let Some(fact) = fact {
                    figures.push(Figure {
                        what: what.to_string(),
                        concept,
                        kind: Kind::Shares,
                        period: p,
                        fact,
                    });
                }
            }
        }
        if let Some(eps) = &period.eps {
            for (what, concept, fact) in [
                ("basic EPS", BASIC_EPS, &eps.basic),
                ("diluted EPS", DILUTED_EPS, &eps.diluted),
            ] {
                if let Some(fact) = fact {
                    figures.push(Figure {
                        what: what.to_string(),
                        concept,
                        kind: Kind::PerShare,
                        period: p,
                        fact,
                    });
                }
            }
        }
    }
    for figure in figures {
        compare(statement, facts, &figure, &mut report);
    }
    report
}

/// One figure of the model against the filing: tied (as filed, derived
/// from two filed periods, with the opposite sign, before a split) or a
/// difference, each counted in the report.
fn compare(statement: &Statement, facts: &Facts, figure: &Figure, report: &mut AgainstReport) {
    let check = FigureCheck::new(statement, facts, figure);
    if check.used != figure.concept {
        report
            .aliased
            .insert(format!("{} as {}", figure.what, check.used));
    }
    let Some(&latest) = check.found.first() else {
        check.derived_or_not_filed(report);
        return;
    };
    check.against_latest(latest, report);
}

/// One figure of the model in the filing's units, with the facts filed
/// for its period (the preferred first) under the concept used.
struct FigureCheck<'a> {
    statement: &'a Statement,
    facts: &'a Facts,
    figure: &'a Figure<'a>,
    period: &'a crate::model::Period,
    scale: Decimal,
    /// The model's figure in the filing's units.
    model: Decimal,
    /// Half a unit of the model figure's last digit, in the filing's units.
    half: Decimal,
    /// The figure and its period, as the report names them.
    what: String,
    /// The concept the facts were found under (the figure's or an alias).
    used: String,
    found: Vec<&'a FiledFact>,
}

impl<'a> FigureCheck<'a> {
    /// The figure scaled to the filing's units, and the facts filed for it.
    fn new(statement: &'a Statement, facts: &'a Facts, figure: &'a Figure<'a>) -> Self {
        let period = &statement.periods[figure.period];
        let scale = match figure.kind {
            Kind::Money => multiplier(statement.entity.units),
            Kind::Shares => multiplier(statement.entity.share_units),
            Kind::PerShare => Decimal::ONE,
        };
        let (used, found) = filed_for(facts, figure.concept, figure.kind, &period.span);
        FigureCheck {
            statement,
            facts,
            figure,
            period,
            scale,
            model: figure.fact.value * scale,
            half: half_unit(figure.fact.value, scale),
            what: format!("{} {}", figure.what, period.id),
            used,
            found,
        }
    }

    /// Whether a filed value ties to the model's figure within rounding.
    fn ties(&self, filed: Decimal) -> bool {
        (filed - self.model).abs() <= self.half
    }

    /// Whether a filed value is the model's figure exactly.
    fn exact(&self, filed: Decimal) -> bool {
        filed == self.model
    }

    /// No fact filed for the period: a money figure derived as a longer
    /// filed period less a shorter one, or else not filed.
    fn derived_or_not_filed(&self, report: &mut AgainstReport) {
        let figure = self.figure;
        if figure.kind == Kind::Money
            && let Some((value, long, short)) =
                derived_for(self.facts, figure.concept, &self.period.span)
        {
            self.derived(value, long, short, report);
        } else {
            report
                .not_filed
                .push(format!("{} ({})", self.what, figure.concept));
        }
    }

    /// A figure derived from two filed periods, tied within both of their
    /// roundings (or with the opposite sign), or else a difference.
    fn derived(
        &self,
        value: Decimal,
        long: &FiledFact,
        short: &FiledFact,
        report: &mut AgainstReport,
    ) {
        let statement = self.statement;
        let how = format!(
            "{}: {} less {}",
            self.period.id,
            describe_period(long, statement),
            describe_period(short, statement)
        );
        // Each filed figure is rounded where the filing rounds it: the
        // difference of two stands for anything within both halves.
        let slack =
            self.half + filed_half(long.value, self.scale) + filed_half(short.value, self.scale);
        let ties = |filed: Decimal| (filed - self.model).abs() <= slack;
        if ties(value) {
            report.tied += 1;
            report.within_rounding += usize::from(!self.exact(value));
            report.add_derived(how);
        } else if ties(-value) {
            report.tied += 1;
            report.add_derived(how);
            report.opposite_sign.push(self.what.clone());
        } else {
            report.differences.push(
                difference(self.figure, statement, self.model, value, &self.used).note(format!(
                    "no filing reports the period: derived as {} ({}) less {} ({})",
                    describe_period(long, statement),
                    long.source(),
                    describe_period(short, statement),
                    short.source()
                )),
            );
        }
    }

    /// The latest filed fact: tied (noting other filed values), tied with
    /// the opposite sign, tied before a split, or else a difference.
    fn against_latest(&self, latest: &FiledFact, report: &mut AgainstReport) {
        let others: Vec<&&FiledFact> = self.found[1..]
            .iter()
            .filter(|f| f.value != latest.value)
            .collect();
        if self.ties(latest.value) {
            self.tied_latest(latest, &others, report);
            return;
        }
        if self.figure.kind == Kind::Money && self.ties(-latest.value) && !latest.value.is_zero() {
            report.tied += 1;
            report
                .opposite_sign
                .push(format!("{} ({})", self.what, self.used));
            return;
        }
        if self.figure.kind != Kind::Money
            && (self.restated_for_later_split(latest, report)
                || self.earlier_before_split(latest, &others, report))
        {
            return;
        }
        report.differences.push(self.difference(latest, &others));
    }

    /// The latest fact ties: other values filed for the period are noted
    /// as restated for a split or as earlier filings.
    fn tied_latest(&self, latest: &FiledFact, others: &[&&FiledFact], report: &mut AgainstReport) {
        report.tied += 1;
        report.within_rounding += usize::from(!self.exact(latest.value));
        if !others.is_empty() {
            let restated = others.iter().all(|o| {
                self.figure.kind != Kind::Money && split_ratio(latest.value, o.value).is_some()
            });
            if restated {
                report
                    .split_restated
                    .push(several(&self.what, latest, others));
            } else {
                report
                    .latest_of_several
                    .push(several(&self.what, latest, others));
            }
        }
    }

    /// A figure restated for a split the filing predates (as `import`
    /// states an old filing's counts and EPS on the latest basis): whether
    /// it ties so.
    fn restated_for_later_split(&self, latest: &FiledFact, report: &mut AgainstReport) -> bool {
        let splits = splits(self.facts);
        let (factor, after) = splits_after(&splits, &latest.filed);
        let restated = match self.figure.kind {
            Kind::Shares => latest.value * factor,
            _ => latest.value / factor,
        };
        if factor != Decimal::ONE && self.ties(restated) {
            report.tied += 1;
            let names: Vec<String> = after
                .iter()
                .map(|s| format!("{}-for-1, first filed {}", s.ratio, s.first_after))
                .collect();
            report.before_split.push(format!(
                "{}: {} in {} restated for the later split ({})",
                self.what,
                latest.value,
                latest.source(),
                names.join("; ")
            ));
            return true;
        }
        false
    }

    /// An earlier filing's value ties and the latest restates it for a
    /// split: whether it does.
    fn earlier_before_split(
        &self,
        latest: &FiledFact,
        others: &[&&FiledFact],
        report: &mut AgainstReport,
    ) -> bool {
        if let Some(earlier) = others.iter().find(|f| self.ties(f.value))
            && let Some(ratio) = split_ratio(latest.value, earlier.value)
        {
            report.tied += 1;
            report.before_split.push(format!(
                "{}: {} as filed in {}; {} restates it as {} (a {ratio}-for-1 split)",
                self.what,
                earlier.value,
                earlier.source(),
                latest.source(),
                latest.value
            ));
            return true;
        }
        false
    }

    /// The difference from the latest filed fact, with every other value
    /// filed for the period.
    fn difference(&self, latest: &FiledFact, others: &[&&FiledFact]) -> Diagnostic {
        let mut d = difference(
            self.figure,
            self.statement,
            self.model,
            latest.value,
            &self.used,
        )
        .note(format!("filed in {}", latest.source()));
        for other in others {
            d = d.note(format!(
                "also filed as {} in {}{}",
                other.value,
                other.source(),
                if self.ties(other.value) {
                    ", which the model's figure ties to"
                } else {
                    ""
                }
            ));
        }
        if !others.is_empty() {
            d = d.note(
                "the period is filed more than once: the latest 10-K/10-Q filing is compared",
            );
        }
        d
    }
}

fn several(what: &str, latest: &FiledFact, others: &[&&FiledFact]) -> String {
    let earlier: Vec<String> = others
        .iter()
        .map(|o| format!("{} in {}", o.value, o.source()))
        .collect();
    format!(
        "{what}: {} in {} (also {})",
        latest.value,
        latest.source(),
        earlier.join("; ")
    )
}

/// "FY2023 (2022-01-31 to 2023-01-29)".
fn describe_period(fact: &FiledFact, statement: &Statement) -> String {
    let span = match fact.start {
        Some(start) => PeriodSpan::Duration {
            start,
            end: fact.end,
        },
        None => PeriodSpan::Instant { date: fact.end },
    };
    let id = span
        .key(statement.entity.fiscal_year_end)
        .id(statement.entity.fiscal_year_end);
    let dates = match fact.start {
        Some(start) => format!("{start} to {}", fact.end),
        None => fact.end.to_string(),
    };
    match id {
        Some(id) => format!("{id} ({dates})"),
        None => dates,
    }
}

fn difference(
    figure: &Figure,
    statement: &Statement,
    model: Decimal,
    filed: Decimal,
    concept: &str,
) -> Diagnostic {
    let period = &statement.periods[figure.period];
    let (unit, units) = match figure.kind {
        Kind::Money => ("USD", statement.entity.units),
        Kind::Shares => ("shares", statement.entity.share_units),
        Kind::PerShare => ("USD/shares", Units::Units),
    };
    let scale = multiplier(units);
    let filed_in_model = filed / scale;
    Diagnostic::at(
        &figure.fact.site,
        format!(
            "{} in period {} differs from the filed `{concept}`",
            figure.what, period.id
        ),
    )
    .label(format!("the model's {}", figure.fact.value))
    .note(format!(
        "filed: {filed} {unit}, {} in the model's units; the model's figure stands for {model} {unit}",
        filed_in_model.normalize()
    ))
    .note(format!(
        "difference (model - filed): {} {unit}",
        (model - filed).normalize()
    ))
    .in_period(period.id.clone())
    .help("check this figure against the filing, or the filing's figure against the release")
}

//! The statement model of one entity: line items with their roll-ups, the
//! percentages derived from them, and the periods holding reported facts.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::derive::derive;
use crate::model::figure::LineId;
use crate::model::period::{Derivation, Period, PeriodHeading, PeriodKey};
use crate::model::period::{PeriodSpan, day_number, from_day_number};
use crate::raw::{
    Annualize, BalanceBasis, EpsBasis, Labels, Measure, MeasureKind, Sign, StatementKind, Units,
};
use crate::source::Site;
use crate::suggest;

/// `part / whole x 100`, unrounded; `None` for a zero whole or an overflow.
/// Multiplies first, so every percentage in the tool is computed alike.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

impl Entity {
    /// Money units per share unit, to turn money / shares into dollars per
    /// share: 1 when both are in thousands; 1,000 for thousands of dollars
    /// over whole shares.
    pub fn per_share_factor(&self) -> Decimal {
        let factor = |u: Units| match u {
            Units::Units => Decimal::ONE,
            Units::Thousands => Decimal::ONE_THOUSAND,
            Units::Millions => Decimal::from(1_000_000),
        };
        factor(self.units) / factor(self.share_units)
    }
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub name: String,
    pub ticker: Option<String>,
    /// Month and day the fiscal year ends.
    pub fiscal_year_end: (u32, u32),
    /// Units of money amounts; per-share figures are dollars.
    pub units: Units,
    /// Units of share counts (the money units unless the file says).
    pub share_units: Units,
    /// The date of the release, which chooses the SEC's rules that apply.
    pub release_date: Option<crate::model::Date>,
    /// Where `release_date` is written, if anywhere.
    pub release_date_site: Option<Site>,
    pub source: Option<String>,
    /// US GAAP or IFRS: the words of every generated label and title.
    pub standard: crate::raw::Standard,
    /// The regulator whose non-GAAP rules the lints apply.
    pub regulator: crate::raw::Regulator,
}

/// A row of a statement, declared once for all periods.
#[derive(Debug, Clone)]
pub struct LineItem {
    pub id: String,
    pub label: String,
    pub statement: StatementKind,
    pub section: Option<String>,
    /// A heading printed above the line ("Assets").
    pub heading: Option<String>,
    /// The total this line is a component of, and how it enters it. The
    /// roll-ups form a forest: validation rejects cycles.
    pub parent: Option<(LineId, Sign)>,
    pub measure: Option<Measure>,
    /// How a reconciliation names it after "GAAP" and "Non-GAAP", if the
    /// file says.
    pub caption: Option<String>,
    /// Printed in the statement tables and the matrix.
    pub printed: bool,
    /// Where the line's id is written.
    pub site: Site,
    /// Where its `rolls_up_to` is written, if anywhere.
    pub roll_up_site: Option<Site>,
    /// A computed subtotal beside the roll-ups (`add` and `subtract`): the
    /// lines it sums, with their signs. Empty for every other line.
    pub terms: Vec<(LineId, Sign)>,
    /// The XBRL concept the filings tag the line with (`us-gaap:Revenues`),
    /// and where it is written.
    pub concept: Option<(String, Site)>,
    /// The total of a `segments` statement: the consolidated line it
    /// equals, and where `ties_to` is written.
    pub ties_to: Option<(LineId, Site)>,
}

/// A percentage the release prints: numerator / denominator, in whole percent.
#[derive(Debug, Clone)]
pub struct Ratio {
    pub id: String,
    pub label: String,
    pub numerator: RatioTerm,
    pub denominator: RatioTerm,
    /// The GAAP row's label, where the release names the GAAP percentage.
    pub gaap_label: Option<String>,
    /// The numerator is annualized: by a day-count convention, or a factor.
    pub annualize: Option<Annualization>,
    /// Printed in the statement of operations under its numerator.
    pub in_statement: bool,
    /// Decimals printed: 0 for "76%", 1 for "75.8%".
    pub places: u32,
    /// A percentage, or a figure per unit of a statistic (cents, dollars).
    pub unit: crate::raw::RatioUnit,
    pub site: Site,
}

impl Statement {
    /// The ratios with a declared measure for a term, by index: the
    /// measures' own ratios (an efficiency ratio of adjusted expenses over
    /// adjusted revenue).
    pub fn ratios_over_measures(&self) -> impl Iterator<Item = usize> + '_ {
        self.ratios
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                matches!(r.numerator, RatioTerm::Measure(_))
                    || matches!(r.denominator, RatioTerm::Measure(_))
            })
            .map(|(i, _)| i)
    }
}

impl Ratio {
    /// numerator / denominator times the unit's multiplier (100 for a
    /// percentage); `None` where the denominator is zero.
    pub fn value(&self, numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
        numerator
            .checked_mul(self.unit.multiplier())?
            .checked_div(denominator)
    }
}

/// What a ratio divides: a line item, or a measure the file declares
/// (whose GAAP figure is its starting line, and whose non-GAAP figure is the
/// measure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioTerm {
    Line(LineId),
    /// A declared measure, by index.
    Measure(usize),
}

/// How a ratio annualizes its numerator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Annualization {
    Convention(Annualize),
    /// A stated factor, the same for every period.
    Factor(Decimal),
}

impl Annualization {
    /// The factor for a period: 4 for a quarter by `months`, 365 / 92 for
    /// that quarter by `actual/365`; a stated factor only for periods of the
    /// length it implies (4 for a quarter). `None` for an instant or a
    /// period the stated factor does not fit.
    pub fn factor(self, span: PeriodSpan) -> Option<Decimal> {
        let (start, end) = match span {
            PeriodSpan::Duration { start, end } => (start, end),
            PeriodSpan::Instant { .. } => return None,
        };
        let days = Decimal::from(day_number(end) - day_number(start) + 1);
        match self {
            // By months only what is whole months: a day is not a month.
            Annualization::Factor(f) => {
                let year = f.checked_mul(Decimal::from(span.whole_months()?))?;
                ((year - Decimal::from(12)).abs() <= Decimal::new(5, 1)).then_some(f)
            }
            Annualization::Convention(Annualize::Months) => {
                Decimal::from(12).checked_div(Decimal::from(span.whole_months()?))
            }
            Annualization::Convention(Annualize::Actual365) => Decimal::from(365).checked_div(days),
            Annualization::Convention(Annualize::Actual360) => Decimal::from(360).checked_div(days),
            Annualization::Convention(Annualize::ActualActual) => {
                let year_before = crate::model::Date {
                    year: end.year - 1,
                    month: end.month,
                    day: end
                        .day
                        .min(crate::raw::days_in_month(end.year - 1, end.month)),
                };
                let year = day_number(end) - day_number(year_before);
                Decimal::from(year).checked_div(days)
            }
        }
    }

    /// As the file spells it.
    pub fn describe(self) -> String {
        match self {
            Annualization::Factor(f) => format!("x {f}"),
            Annualization::Convention(Annualize::Months) => "12 / months".to_string(),
            Annualization::Convention(Annualize::Actual365) => "actual/365".to_string(),
            Annualization::Convention(Annualize::Actual360) => "actual/360".to_string(),
            Annualization::Convention(Annualize::ActualActual) => "actual/actual".to_string(),
        }
    }
}

/// A non-GAAP measure the statements file defines: the GAAP line it starts
/// from, the lines its definition adds (+1) or subtracts (-1), each a row of
/// its reconciliation, and the adjustments it excludes.
#[derive(Debug, Clone)]
pub struct DeclaredMeasure {
    pub id: String,
    pub label: String,
    pub kind: MeasureKind,
    pub start: LineId,
    pub terms: Vec<(LineId, Decimal)>,
    /// For a measure over balance-sheet lines: which balance a column takes.
    pub balance: Option<BalanceBasis>,
    /// Adjustment ids in the release's order; `None` for every adjustment
    /// that reaches its lines. Checked against the adjustments when they load.
    pub adjustments: Option<Vec<(String, Site)>>,
    pub rationale: Option<String>,
    /// Reconciled per diluted share too (performance measures only).
    pub per_share: bool,
    /// Reconciled per basic share too (`per_share = ["basic", ...]`).
    pub per_share_basic: bool,
    /// Labels of its per-basic-share figure and of the GAAP one, as printed.
    pub per_basic_share_label: Option<String>,
    pub gaap_per_basic_share_label: Option<String>,
    /// The named count of `[period.counts]` it divides by, if not the
    /// weighted diluted shares.
    pub per_share_count: Option<(String, Site)>,
    /// Lines added to the numerator of its per-share figure.
    pub per_share_add: Vec<LineId>,
    /// Labels of its per-share figure and of the GAAP one, as printed.
    pub per_share_label: Option<String>,
    pub gaap_per_share_label: Option<String>,
    pub site: Site,
}

/// Titles and labels the release prints that are not line items, and the
/// rows of its highlights table.
#[derive(Debug, Clone, Default)]
pub struct Presentation {
    pub labels: Labels,
    pub highlights: Vec<Highlight>,
}

/// A row of the highlights table.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub row: HighlightRow,
    pub label: String,
    pub indent: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightRow {
    /// A flow for the column's period, or a balance at its end date.
    Line(LineId),
    /// A ratio index.
    Ratio(usize),
    Eps(EpsBasis),
}

/// A lint allowed, with the reason printed beside the output.
#[derive(Debug, Clone)]
pub struct Allow {
    pub lint: String,
    pub reason: String,
    pub site: Site,
}

/// One entity's GAAP statements, validated.
#[derive(Debug, Clone)]
pub struct Statement {
    pub entity: Entity,
    pub line_items: Vec<LineItem>,
    pub ratios: Vec<Ratio>,
    pub measures: Vec<DeclaredMeasure>,
    pub periods: Vec<Period>,
    pub presentation: Presentation,
    /// Lints the model allows, with their reasons.
    pub allow: Vec<Allow>,
    /// The whole statements file, for diagnostics that concern no one line.
    pub site: Site,
    /// Periods by lower-case id and by key, so finding one is not a scan.
    pub index: PeriodIndex,
    /// The release's outlook: guidance for forward periods.
    pub outlooks: Vec<crate::model::outlook::Outlook>,
    /// What rolls up into each line, so a total's components are not a scan.
    pub roll_ups: RollUps,
}

/// The lines that roll up into each line (`rolls_up_to`), by `LineId`, in
/// declaration order with their signs.
#[derive(Debug, Clone, Default)]
pub struct RollUps(Vec<Vec<(LineId, Sign)>>);

impl RollUps {
    pub fn new(line_items: &[LineItem]) -> RollUps {
        let mut into = vec![Vec::new(); line_items.len()];
        for (i, line) in line_items.iter().enumerate() {
            if let Some((parent, sign)) = line.parent
                && let Some(children) = into.get_mut(parent.0)
            {
                children.push((LineId(i), sign));
            }
        }
        RollUps(into)
    }

    fn of(&self, total: LineId) -> &[(LineId, Sign)] {
        self.0.get(total.0).map_or(&[], Vec::as_slice)
    }
}

/// Where each period is in `Statement::periods`: by lower-case id, and by
/// what its dates make it in the fiscal calendar.
#[derive(Debug, Clone, Default)]
pub struct PeriodIndex {
    ids: std::collections::HashMap<String, usize>,
    keys: std::collections::HashMap<PeriodKey, usize>,
}

impl PeriodIndex {
    pub fn new(periods: &[Period], fiscal_year_end: (u32, u32)) -> PeriodIndex {
        let mut index = PeriodIndex::default();
        for (i, period) in periods.iter().enumerate() {
            index.insert(period, i, fiscal_year_end);
        }
        index
    }

    fn insert(&mut self, period: &Period, i: usize, fiscal_year_end: (u32, u32)) {
        self.ids.entry(period.id.to_ascii_lowercase()).or_insert(i);
        self.keys
            .entry(period.span.key(fiscal_year_end))
            .or_insert(i);
    }
}

impl Statement {
    pub fn line(&self, id: LineId) -> &LineItem {
        &self.line_items[id.0]
    }

    pub fn line_id(&self, id: &str) -> Option<LineId> {
        self.line_items.iter().position(|l| l.id == id).map(LineId)
    }

    /// The line a reconciliation ends on: tagged net income, or else income
    /// (loss) from continuing operations.
    pub fn bottom_line(&self) -> Result<LineId, Diagnostic> {
        self.measure_line(Measure::NetIncome)
            .or_else(|| self.measure_line(Measure::ContinuingIncome))
            .ok_or_else(|| {
                Diagnostic::in_file(
                    self.site.file.path(),
                    "no line item is tagged measure = \"net-income\" (or \"continuing-income\")",
                )
                .help(
                    "tag the line the release ends on with measure = \"net-income\", or with \
                     measure = \"continuing-income\" when it has no net income line",
                )
            })
    }

    /// The line item tagged with a measure, if any.
    pub fn measure_line(&self, measure: Measure) -> Option<LineId> {
        self.line_items
            .iter()
            .position(|l| l.measure == Some(measure))
            .map(LineId)
    }

    /// The components of a total, in declaration order, with their signs.
    /// A computed subtotal's components are the lines it is computed from
    /// (nothing rolls up into it).
    pub fn components(&self, total: LineId) -> impl Iterator<Item = (LineId, Sign)> + '_ {
        self.line(total)
            .terms
            .iter()
            .copied()
            .chain(self.roll_ups.of(total).iter().copied())
    }

    /// A subtotal computed beside the roll-ups (`add` and `subtract`).
    pub fn is_computed(&self, line: LineId) -> bool {
        !self.line(line).terms.is_empty()
    }

    pub fn is_total(&self, line: LineId) -> bool {
        self.components(line).next().is_some()
    }

    /// +1 or -1: how one unit of `line` moves `target` through the roll-ups;
    /// `None` when `line` does not roll up into `target`.
    /// A computed subtotal is reached through each of its lines: the
    /// signed sum of how `line` moves them.
    pub fn sign_into(&self, line: LineId, target: LineId) -> Option<Decimal> {
        if line != target && self.is_computed(target) {
            let mut reached: Option<Decimal> = None;
            for &(term, how) in &self.line(target).terms {
                if let Some(s) = self.sign_into(line, term) {
                    let s = if how == Sign::Subtract { -s } else { s };
                    reached = Some(reached.unwrap_or(Decimal::ZERO) + s);
                }
            }
            return reached;
        }
        let mut sign = Decimal::ONE;
        let mut at = line;
        for _ in 0..=self.line_items.len() {
            if at == target {
                return Some(sign);
            }
            let (parent, how) = self.line(at).parent?;
            if how == Sign::Subtract {
                sign = -sign;
            }
            at = parent;
        }
        None
    }

    /// The value of a line in a period: as reported, or else computed from
    /// its components when every one of them has a value. `Ok(None)` when
    /// neither is possible; an error when the sum overflows.
    pub fn value(&self, period: &Period, line: LineId) -> Result<Option<Decimal>, Diagnostic> {
        if let Some(derivation) = &period.derived {
            return self.derived_value(period, derivation, line);
        }
        if let Some(fact) = period.values.get(&line) {
            return Ok(Some(fact.value));
        }
        self.computed(period, line)
    }

    /// Decimals money is shown with in the model's own units: as declared
    /// (`[presentation] money_decimals`); for a model in millions, the most
    /// the file writes (whole millions print 1,250, not 1,250.0); none for
    /// thousands and units.
    pub fn money_decimals(&self) -> u32 {
        if let Some(places) = self.presentation.labels.money_decimals {
            return places;
        }
        match self.entity.units {
            Units::Millions => self
                .periods
                .iter()
                .flat_map(|p| p.values.values())
                .map(|f| f.value.scale())
                .max()
                .unwrap_or(0),
            Units::Units | Units::Thousands => 0,
        }
    }

    /// The range a line's value may stand for in a period, given that every
    /// figure the model records is rounded to its last written digit: a
    /// reported value within half a unit of it; a computed one the sum of
    /// its components' ranges. `None` where there is no value.
    pub fn interval(&self, period: &Period, line: LineId) -> Option<crate::rounding::Interval> {
        use crate::rounding::Interval;
        if let Some(derivation) = &period.derived {
            let mut sum = Interval::exact(Decimal::ZERO);
            for &(index, sign) in &derivation.terms {
                let source = self.periods.get(index)?;
                let part = self.interval(source, line)?;
                sum = sum.plus(part.scale(sign)?)?;
            }
            return Some(sum);
        }
        if let Some(fact) = period.values.get(&line) {
            return Some(Interval::printed(fact.value));
        }
        let mut sum = Interval::exact(Decimal::ZERO);
        let mut any = false;
        for (component, sign) in self.components(line) {
            any = true;
            let part = self.interval(period, component)?;
            sum = sum.plus(if sign == Sign::Subtract {
                part.negated()
            } else {
                part
            })?;
        }
        any.then_some(sum)
    }

    /// A flow of a derived period: the signed sum of the line's values in
    /// the periods it comes from; `None` when one of them has no value.
    fn derived_value(
        &self,
        period: &Period,
        derivation: &Derivation,
        line: LineId,
    ) -> Result<Option<Decimal>, Diagnostic> {
        let mut sum = Decimal::ZERO;
        for &(index, sign) in &derivation.terms {
            let Some(source) = self.periods.get(index).filter(|p| p.derived.is_none()) else {
                return Ok(None);
            };
            let Some(value) = self.value(source, line)? else {
                return Ok(None);
            };
            sum = sum.checked_add(value * sign).ok_or_else(|| {
                Diagnostic::at(
                    &period.site,
                    format!(
                        "deriving `{}` for period {} overflows a decimal",
                        self.line(line).id,
                        period.id
                    ),
                )
            })?;
        }
        Ok(Some(sum))
    }

    /// The sum of a total's components in a period, ignoring any reported
    /// value of the total itself. `Ok(None)` for a line that is not a total or
    /// a component without a value.
    pub fn computed(&self, period: &Period, total: LineId) -> Result<Option<Decimal>, Diagnostic> {
        let mut sum = Decimal::ZERO;
        let mut any = false;
        for (component, sign) in self.components(total) {
            any = true;
            let Some(value) = self.value(period, component)? else {
                return Ok(None);
            };
            let signed = if sign == Sign::Subtract {
                -value
            } else {
                value
            };
            sum = sum.checked_add(signed).ok_or_else(|| {
                Diagnostic::at(&period.site, format!(
                    "the components of `{}` in period {} add up to more than a decimal can hold",
                    self.line(total).id, period.id
                ))
            })?;
        }
        Ok(any.then_some(sum))
    }

    /// Like `resolve_period`, but a duration the model does not report is
    /// derived from the ones it does (Q4 from the year and nine months) and
    /// added to the model, without share counts. Returns its index.
    pub fn resolve_or_derive(&mut self, text: &str) -> Result<usize, Diagnostic> {
        if let Some(index) = self.period_index(text) {
            return Ok(index);
        }
        let fiscal_year_end = self.entity.fiscal_year_end;
        let Some(key) = PeriodKey::parse(text).filter(|k| matches!(k, PeriodKey::Duration { .. }))
        else {
            return self.resolve_period(text).map(|_| 0);
        };
        let Some((span, derivation)) = derive(&self.periods, key, fiscal_year_end) else {
            let listed: Vec<&str> = self.periods.iter().map(|p| p.id.as_str()).collect();
            let kind = |k: PeriodKey| match k {
                PeriodKey::Duration {
                    months,
                    ending_month,
                    ..
                } => Some((months, ending_month)),
                PeriodKey::Instant(_) => None,
            };
            let same_kind: Vec<&str> = self
                .periods
                .iter()
                .filter(|p| kind(p.span.key(fiscal_year_end)) == kind(key))
                .map(|p| p.id.as_str())
                .collect();
            return Err(Diagnostic::new(format!(
                "period {} is not in the model and cannot be derived from its periods",
                key.describe(fiscal_year_end)
            ))
            .note(format!(
                "{} has these periods: {}",
                self.site.file.path().display(),
                listed.join(", ")
            ))
            .note(
                "a derived period is a sum or difference of reported durations: Q4 = FY - 9M, H1 = 9M - Q3, \
                 TTM = last FY - its 9M + this 9M",
            )
            .help(
                // Only a period of the same kind is a likely slip (9M-2030
                // for 9M-2003); Q3-2003 is no answer to Q4-2003.
                suggest::did_you_mean(text, same_kind.iter().copied())
                    .unwrap_or_else(|| "add the periods it needs".to_string()),
            ));
        };
        self.periods.push(Period {
            header: span.header(fiscal_year_end),
            id: key.describe(fiscal_year_end),
            span,
            note: Some(format!("derived: {}", derivation.describe(&self.periods))),
            reconciliation_only: false,
            published: Vec::new(),
            counts: Default::default(),
            count_sums: Vec::new(),
            values: Default::default(),
            averages: Default::default(),
            shares: None,
            eps: None,
            percentages: Default::default(),
            derived: Some(derivation),
            known_differences: Vec::new(),
            site: self.site.clone(),
        });
        let last = self.periods.len() - 1;
        self.index
            .insert(&self.periods[last], last, self.entity.fiscal_year_end);
        Ok(last)
    }

    /// The index of the period a spelling names, if the model has it.
    fn period_index(&self, text: &str) -> Option<usize> {
        // Lower-cased on the stack: ids are short, and this runs for every
        // amount of every adjustment.
        let trimmed = text.trim();
        let mut buffer = [0u8; 64];
        let found = match buffer.get_mut(..trimmed.len()) {
            Some(lower) => {
                lower.copy_from_slice(trimmed.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower)
                    .ok()
                    .and_then(|l| self.index.ids.get(l))
            }
            None => self.index.ids.get(&trimmed.to_ascii_lowercase()),
        };
        if let Some(&i) = found {
            return Some(i);
        }
        PeriodKey::parse(text).and_then(|key| self.index.keys.get(&key).copied())
    }

    /// The index of the period with this exact id.
    pub fn period_by_id(&self, id: &str) -> Option<usize> {
        self.index
            .ids
            .get(&id.to_ascii_lowercase())
            .copied()
            .filter(|&i| self.periods[i].id == id)
    }

    /// Preferred dividends of a period, deducted from net income (loss) for
    /// EPS; zero where the statement tags no preferred-dividends line, and
    /// an error where it tags one the period gives no value for.
    pub fn preferred_dividends(&self, period: &Period) -> Result<Decimal, Diagnostic> {
        let Some(line) = self.measure_line(Measure::PreferredDividends) else {
            return Ok(Decimal::ZERO);
        };
        self.value(period, line)?.ok_or_else(|| {
            Diagnostic::at(
                &period.site,
                format!(
                    "period {} has no value for `{}`, the preferred dividends EPS deducts",
                    period.id,
                    self.line(line).id
                ),
            )
            .help(format!(
                "add {} = <amount> to this period's [period.values] (0 where there are none)",
                self.line(line).id
            ))
        })
    }

    /// The percentage a ratio stands for in a period, unrounded: its GAAP
    /// figure, where a term is a declared measure.
    pub fn ratio(&self, period: &Period, ratio: &Ratio) -> Result<Option<Decimal>, Diagnostic> {
        let (Some(part), Some(whole)) = (
            self.term_value(period, ratio.numerator)?,
            self.term_value(period, ratio.denominator)?,
        ) else {
            return Ok(None);
        };
        let part = match self.annualization(period, ratio)? {
            Some(factor) => part.checked_mul(factor).ok_or_else(|| {
                Diagnostic::at(
                    &period.site,
                    format!("annualizing `{}` overflows a decimal", ratio.id),
                )
            })?,
            None => part,
        };
        Ok(ratio.value(part, whole))
    }

    /// The factor a ratio's numerator is annualized by in a period, if any.
    pub fn annualization(
        &self,
        period: &Period,
        ratio: &Ratio,
    ) -> Result<Option<Decimal>, Diagnostic> {
        match ratio.annualize {
            None => Ok(None),
            Some(a) => a.factor(period.span).map(Some).ok_or_else(|| {
                if period.is_duration() && period.span.whole_months().is_none() {
                    Diagnostic::at(
                        &ratio.site,
                        format!(
                            "ratio `{}` annualizes by months ({}), but period {} is {}, not whole months",
                            ratio.id,
                            a.describe(),
                            period.id,
                            match period.span.days() {
                                1 => "a single day".to_string(),
                                days => format!("{days} days"),
                            }
                        ),
                    )
                    .help("annualize by days: annualize = \"actual/365\" (or \"actual/360\", \"actual/actual\")")
                } else if period.is_duration() {
                    Diagnostic::at(
                        &ratio.site,
                        format!(
                            "ratio `{}` annualizes by a stated factor ({}), which does not fit period {} ({} months)",
                            ratio.id,
                            a.describe(),
                            period.id,
                            period.span.months()
                        ),
                    )
                    .help("a stated factor fits one length of period (4 for quarters): use annualize = \"months\" or a day count for periods of several lengths")
                } else {
                    Diagnostic::at(
                        &ratio.site,
                        format!(
                            "ratio `{}` annualizes a flow, which period {} (an instant) does not have",
                            ratio.id, period.id
                        ),
                    )
                    .help("annualized ratios are computed for duration periods")
                }
            }),
        }
    }

    /// The GAAP figure of a ratio term in a period: a flow line's value; a
    /// balance-sheet line's balance at the period's end; a declared
    /// measure's starting line (at its balance basis).
    pub fn term_value(
        &self,
        period: &Period,
        term: RatioTerm,
    ) -> Result<Option<Decimal>, Diagnostic> {
        match term {
            RatioTerm::Line(line) => self.flow_or_balance(period, line, BalanceBasis::End),
            RatioTerm::Measure(i) => {
                let m = &self.measures[i];
                self.flow_or_balance(period, m.start, m.balance.unwrap_or(BalanceBasis::End))
            }
        }
    }

    /// The id a term is written with.
    pub fn term_id(&self, term: RatioTerm) -> &str {
        match term {
            RatioTerm::Line(line) => &self.line(line).id,
            RatioTerm::Measure(i) => &self.measures[i].id,
        }
    }

    /// A flow's value in a period, or a balance as `basis` takes it for the
    /// period (an instant period's own value for `End`).
    pub fn flow_or_balance(
        &self,
        period: &Period,
        line: LineId,
        basis: BalanceBasis,
    ) -> Result<Option<Decimal>, Diagnostic> {
        if self.line(line).statement != StatementKind::BalanceSheet
            || (!period.is_duration() && basis == BalanceBasis::End)
        {
            return self.value(period, line);
        }
        self.balance(period, line, basis).map(Some)
    }

    /// The instant period dated `date`, if the model has one.
    pub fn instant_at(&self, date: crate::model::Date) -> Option<&Period> {
        self.index
            .keys
            .get(&PeriodKey::Instant(date))
            .map(|&i| &self.periods[i])
    }

    /// A balance-sheet line's balance for a duration period: at its end
    /// date, or its average (as stated in `[period.averages]`, else the
    /// mean of the opening balance, dated the day before the period starts,
    /// and the closing balance). An error names what is missing: never a
    /// zero.
    pub fn balance(
        &self,
        period: &Period,
        line: LineId,
        basis: BalanceBasis,
    ) -> Result<Decimal, Diagnostic> {
        let id = &self.line(line).id;
        let at = |date: crate::model::Date, which: &str| -> Result<Decimal, Diagnostic> {
            let Some(instant) = self.instant_at(date) else {
                return Err(Diagnostic::at(
                    &period.site,
                    format!(
                        "period {} needs the {which} balance of `{id}` at {date}, and no instant period has that date",
                        period.id
                    ),
                )
                .help(format!(
                    "add the balance sheet of that date: [[period]] with kind = \"instant\", date = {date} and {id} in its [period.values]{}",
                    if basis == BalanceBasis::Average {
                        format!(", or state the average: {id} = <amount> in this period's [period.averages]")
                    } else {
                        String::new()
                    }
                )));
            };
            self.value(instant, line)?.ok_or_else(|| {
                Diagnostic::at(
                    &instant.site,
                    format!(
                        "period {} has no value for `{id}`, the {which} balance period {} needs",
                        instant.id, period.id
                    ),
                )
                .help(format!(
                    "add {id} = <amount> to this period's [period.values]"
                ))
            })
        };
        let end = period.span.end();
        match basis {
            BalanceBasis::End => at(end, "closing"),
            BalanceBasis::Average => {
                if let Some(stated) = period.averages.get(&line) {
                    return Ok(stated.value);
                }
                let PeriodSpan::Duration { start, .. } = period.span else {
                    return Err(Diagnostic::at(
                        &period.site,
                        format!("period {} is a balance-sheet date, which has no average balance of `{id}`", period.id),
                    )
                    .help("an average balance is taken over a duration period: choose the quarter or year it is the average of"));
                };
                let opening = at(from_day_number(day_number(start) - 1), "opening")?;
                let closing = at(end, "closing")?;
                opening
                    .checked_add(closing)
                    .map(|sum| sum / Decimal::TWO)
                    .ok_or_else(|| {
                        Diagnostic::at(
                            &period.site,
                            format!(
                                "the average of `{id}` in period {} overflows a decimal",
                                period.id
                            ),
                        )
                    })
            }
        }
    }

    /// The range a ratio term's GAAP figure may stand for, given that every
    /// figure is rounded to its last written digit.
    pub fn term_interval(
        &self,
        period: &Period,
        term: RatioTerm,
    ) -> Option<crate::rounding::Interval> {
        let (line, basis) = match term {
            RatioTerm::Line(line) => (line, BalanceBasis::End),
            RatioTerm::Measure(i) => {
                let m = &self.measures[i];
                (m.start, m.balance.unwrap_or(BalanceBasis::End))
            }
        };
        if self.line(line).statement != StatementKind::BalanceSheet {
            return self.interval(period, line);
        }
        if !period.is_duration() {
            // A date has a balance, not an average.
            return (basis == BalanceBasis::End)
                .then(|| self.interval(period, line))
                .flatten();
        }
        let closing = self.interval(self.instant_at(period.span.end())?, line)?;
        match basis {
            BalanceBasis::End => Some(closing),
            BalanceBasis::Average => {
                if let Some(stated) = period.averages.get(&line) {
                    return Some(crate::rounding::Interval::printed(stated.value));
                }
                let PeriodSpan::Duration { start, .. } = period.span else {
                    return Some(closing);
                };
                let opening = self.interval(
                    self.instant_at(from_day_number(day_number(start) - 1))?,
                    line,
                )?;
                opening.plus(closing)?.scale(Decimal::new(5, 1))
            }
        }
    }

    /// The period as a column heading shows it, derivation included.
    pub fn heading(&self, period: &Period) -> PeriodHeading {
        PeriodHeading {
            id: period.id.clone(),
            header: period.header.clone(),
            span: period.span,
            derived: period.derived.as_ref().map(|d| d.describe(&self.periods)),
        }
    }

    /// Finds a period by any usual spelling of its id (`9M2003` for
    /// `9M-2003`), or says which periods exist and which was probably meant.
    pub fn resolve_period(&self, text: &str) -> Result<&Period, Diagnostic> {
        self.resolve_period_index(text).map(|i| &self.periods[i])
    }

    /// As `resolve_period`, the period's index in `periods`.
    pub fn resolve_period_index(&self, text: &str) -> Result<usize, Diagnostic> {
        self.period_index(text).ok_or_else(|| {
            let listed: Vec<String> = self.periods.iter().map(|p| p.id.clone()).collect();
            Diagnostic::new(format!("unknown period `{text}`"))
                .note(format!(
                    "{} has these periods: {}",
                    self.site.file.path().display(),
                    listed.join(", ")
                ))
                .maybe_help(suggest::did_you_mean(
                    text,
                    listed.iter().map(String::as_str),
                ))
        })
    }
}

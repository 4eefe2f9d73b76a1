//! Tie-out: the statement model checked against itself, as an auditor foots
//! and cross-foots. In every period: each total recorded as reported equals
//! the sum of its components; the balance sheet balances; reported EPS equals
//! net income (loss) / weighted shares at the reported precision; diluted
//! shares are not below basic; reported percentages recompute. Findings are
//! diagnostics at the fact, with reported, computed and difference.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Subject};
use crate::model::{Eps, Fact, LineId, Measure, Period, Shares, Sign, Statement};
use crate::number;
use crate::rounding::Interval;

/// One figure the tie-out compared: what it is, the figure computed from
/// the model, the figure the release prints, the range the printed inputs
/// allow and the verdict.
#[derive(Debug, Clone)]
pub struct Checked {
    pub period: String,
    /// `total`, `count_total`, `eps`, `percentage`, `non_gaap`,
    /// `non_gaap_adjustments`, `per_share_amount`.
    pub kind: &'static str,
    /// The line id, count, measure key (`eps-basic`), ratio id, or
    /// `<adjustment id>.eps-basic` for an adjustment's per-share amount.
    pub what: String,
    /// `None` where the model cannot compute it (no share count).
    pub computed: Option<Decimal>,
    pub published: Decimal,
    /// The range the printed inputs allow; `None` where none is computed.
    pub range: Option<Interval>,
    /// `ties`, `ties within rounding`, `known difference` or `finding`.
    pub verdict: &'static str,
    pub site: crate::source::Site,
}

impl Checked {
    /// The figure for programs; decimals as strings.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, _) = self.site.file.line_col(self.site.span.start);
        let text = |d: Decimal| d.normalize().to_string();
        serde_json::json!({
            "period": self.period,
            "kind": self.kind,
            "what": self.what,
            "computed": self.computed.map(text),
            // At the precision recorded: "2.10", "60.0".
            "published": self.published.to_string(),
            "lo": self.range.map(|r| text(r.lo)),
            "hi": self.range.map(|r| text(r.hi)),
            "verdict": self.verdict,
            "file": self.site.file.path().display().to_string(),
            "line": line,
        })
    }
}

/// The verdict of a comparison: equal at the precision printed, inside the
/// range, or a finding.
pub fn verdict(equal: bool, within: bool) -> &'static str {
    if equal {
        "ties"
    } else if within {
        "ties within rounding"
    } else {
        "finding"
    }
}

/// What a tie-out found, and how much it checked.
#[derive(Debug, Default)]
pub struct TieOut {
    /// Every failure; empty when the model ties out.
    pub findings: Vec<Diagnostic>,
    /// Reported totals compared with the sum of their components.
    pub totals: usize,
    /// Instants whose balance sheet was checked to balance.
    pub balance_sheets: usize,
    /// Reported EPS figures recomputed.
    pub eps: usize,
    /// Reported percentages recomputed.
    pub percentages: usize,
    /// Reported totals not tied out because the period is reconciliation-only
    /// and some of their components are absent: (period id, line id).
    pub untied: Vec<(String, String)>,
    /// Periods whose EPS is year to date less the prior year to date
    /// (`ytd_difference`) where the model lacks either year to date: their
    /// EPS was tied to their own shares instead.
    pub ytd_missing: Vec<String>,
    /// Figures that tie only within rounding: each lies in the range its
    /// rounded inputs allow, not on their exact result. One line each, with
    /// the range.
    pub within_rounding: Vec<String>,
    /// Of `totals`, `eps` and `percentages`: how many tie within rounding.
    pub totals_within: usize,
    pub eps_within: usize,
    pub percentages_within: usize,
    /// Every figure compared, with its verdict.
    pub checked: Vec<Checked>,
}

/// Ties the statement model out, every period.
pub fn tie_out(statement: &Statement) -> TieOut {
    let mut report = TieOut::default();
    for period in &statement.periods {
        let tag = |report: &mut TieOut, from: usize, rule: &'static str| {
            for finding in &mut report.findings[from..] {
                if finding.rule().is_none() {
                    *finding = finding.clone().code(rule).in_period(period.id.clone());
                }
            }
        };
        let before = report.findings.len();
        footing(statement, period, &mut report);
        report
            .findings
            .extend(crate::model::segment_ties(statement, period));
        tag(&mut report, before, "footing");
        let before = report.findings.len();
        count_sums(period, &mut report);
        tag(&mut report, before, "footing");
        let before = report.findings.len();
        report.balance_sheets += usize::from(balance(statement, period, &mut report.findings));
        tag(&mut report, before, "balance");
        let before = report.findings.len();
        report.eps += per_share(statement, period, &mut report);
        tag(&mut report, before, "eps");
        let before = report.findings.len();
        report.percentages += period.percentages.len();
        percentages(statement, period, &mut report);
        tag(&mut report, before, "percentage");
    }
    report
}

/// Every reported total against the sum of its components. One slip in a
/// reported total also throws out the total above it; when that total foots
/// with the component's computed value, only the component is reported, as
/// the likely slip.
fn footing(statement: &Statement, period: &Period, report: &mut TieOut) {
    let mut footing = Footing {
        statement,
        period,
        off: BTreeMap::new(),
        ranges: BTreeMap::new(),
    };
    for (&line, fact) in &period.values {
        if statement.is_total(line) {
            footing.check_total(line, fact, report);
        }
    }
    footing.report_off(report);
}

/// One period's footing: the totals that do not foot, held until every
/// total is checked, so that a slip below can explain a total above.
struct Footing<'a> {
    statement: &'a Statement,
    period: &'a Period,
    /// Totals that do not foot, outside rounding: (reported, computed).
    off: BTreeMap<LineId, (Decimal, Decimal)>,
    /// Of those, the range each one's rounded components allow.
    ranges: BTreeMap<LineId, Interval>,
}

impl Footing<'_> {
    /// One reported total against the sum of its components: ties, ties
    /// within rounding, held as off, untied or a finding.
    fn check_total(&mut self, line: LineId, fact: &Fact, report: &mut TieOut) {
        let (statement, period) = (self.statement, self.period);
        report.totals += 1;
        let computed = statement.computed(period, line);
        if let Ok(Some(computed)) = computed {
            let range = components_interval(statement, period, line);
            report.checked.push(Checked {
                period: period.id.clone(),
                kind: "total",
                what: statement.line(line).id.clone(),
                computed: Some(computed),
                published: fact.value,
                range,
                verdict: verdict(
                    computed == fact.value,
                    range.is_some_and(|r| r.intersects(Interval::printed(fact.value))),
                ),
                site: fact.site.clone(),
            });
        }
        match computed {
            Err(overflow) => report.findings.push(overflow),
            Ok(Some(computed)) if computed != fact.value => {
                self.differs(line, fact.value, computed, report);
            }
            Ok(Some(_)) => {}
            Ok(None) if period.reconciliation_only => {
                report.totals -= 1;
                report
                    .untied
                    .push((period.id.clone(), statement.line(line).id.clone()));
            }
            Ok(None) => report
                .findings
                .push(missing_components(statement, period, line, fact)),
        }
    }

    /// A total that differs from its components' sum: within the range
    /// their rounding allows, or held as off.
    fn differs(&mut self, line: LineId, reported: Decimal, computed: Decimal, report: &mut TieOut) {
        let (statement, period) = (self.statement, self.period);
        match components_interval(statement, period, line) {
            Some(range) if range.intersects(Interval::printed(reported)) => {
                report.totals_within += 1;
                report.within_rounding.push(format!(
                    "{} `{}` {}: the components sum to {}; rounded as printed they allow {}",
                    period.id,
                    statement.line(line).id,
                    plain(reported),
                    plain(computed),
                    range.describe(reported.scale() + 1)
                ));
            }
            range => {
                self.off.insert(line, (reported, computed));
                if let Some(range) = range {
                    self.ranges.insert(line, range);
                }
            }
        }
    }

    /// The off totals a slip in their off components explains, and for each
    /// such component the totals above it that foot with its computed value.
    fn likely_slips(&self) -> (Vec<LineId>, BTreeMap<LineId, Vec<LineId>>) {
        let mut explained: Vec<LineId> = Vec::new();
        let mut likely_slip: BTreeMap<LineId, Vec<LineId>> = BTreeMap::new();
        for (&line, &(reported, _)) in &self.off {
            let culprits: Vec<LineId> = self
                .statement
                .components(line)
                .map(|(c, _)| c)
                .filter(|c| self.off.contains_key(c))
                .collect();
            if culprits.is_empty() {
                continue;
            }
            if self.corrected_sum(line) == Some(reported) {
                explained.push(line);
                for culprit in culprits {
                    likely_slip.entry(culprit).or_default().push(line);
                }
            }
        }
        (explained, likely_slip)
    }

    /// The sum of a total's components, each off component at its computed
    /// value.
    fn corrected_sum(&self, line: LineId) -> Option<Decimal> {
        self.statement
            .components(line)
            .try_fold(Decimal::ZERO, |sum, (c, sign)| {
                let value = match self.off.get(&c) {
                    Some(&(_, computed)) => Some(computed),
                    None => self.statement.value(self.period, c).ok().flatten(),
                }?;
                sum.checked_add(if sign == Sign::Subtract {
                    -value
                } else {
                    value
                })
            })
    }

    /// A finding for every off total no slip below explains, with its
    /// rounding range and the totals above that it likely throws out.
    fn report_off(&self, report: &mut TieOut) {
        let (statement, period) = (self.statement, self.period);
        let (explained, likely_slip) = self.likely_slips();
        for (&line, &(reported, computed)) in &self.off {
            if explained.contains(&line) {
                continue;
            }
            let mut finding = footing_finding(statement, period, line, reported, computed);
            if let Some(range) = self.ranges.get(&line) {
                finding = finding.note(format!(
                    "rounded as printed, the components allow {}; the reported figure is outside it",
                    range.describe(reported.scale() + 1)
                ));
            }
            if let Some(parents) = likely_slip.get(&line) {
                let names: Vec<String> = parents
                    .iter()
                    .map(|p| format!("`{}`", statement.line(*p).id))
                    .collect();
                finding = finding.note(format!(
                    "{} foots when this total takes its computed value, so this reported figure is the likely slip",
                    names.join(", ")
                ));
            }
            report
                .findings
                .push(finding.about(Subject::Lines(vec![statement.line(line).id.clone()])));
        }
    }
}

/// A total that cannot be tied out: the components without a value.
fn missing_components(
    statement: &Statement,
    period: &Period,
    line: LineId,
    fact: &Fact,
) -> Diagnostic {
    let missing: Vec<&str> = statement
        .components(line)
        .filter(|&(c, _)| matches!(statement.value(period, c), Ok(None)))
        .map(|(c, _)| statement.line(c).id.as_str())
        .collect();
    Diagnostic::at(
        &fact.site,
        format!(
            "`{}` cannot be tied out in period {}: components without a value: {}",
            statement.line(line).id,
            period.id,
            missing.join(", ")
        ),
    )
    .help("add the missing components to this period's [period.values]; if the release prints only what its reconciliation needs for this period, set reconciliation_only = true in the [[period]] block")
    .about(Subject::Lines(vec![statement.line(line).id.clone()]))
}

/// Total assets equal total liabilities and equity at every instant that
/// records both.
fn balance(statement: &Statement, period: &Period, findings: &mut Vec<Diagnostic>) -> bool {
    let (Some(assets), Some(claims)) = (
        statement.measure_line(Measure::TotalAssets),
        statement.measure_line(Measure::TotalLiabilitiesAndEquity),
    ) else {
        return false;
    };
    let (Ok(Some(a)), Ok(Some(c))) = (
        statement.value(period, assets),
        statement.value(period, claims),
    ) else {
        return false;
    };
    if a == c {
        return true;
    }
    let site = period
        .values
        .get(&claims)
        .or(period.values.get(&assets))
        .map_or(&period.site, |f| &f.site);
    findings.push(
        Diagnostic::at(
            site,
            format!("the balance sheet does not balance at {}", period.id),
        )
        .label(format!("{} {}", statement.line(claims).id, plain(c)))
        .note(match period.values.get(&assets) {
            Some(fact) => format!(
                "{} is {}, at {}",
                statement.line(assets).id,
                plain(a),
                fact.site.position()
            ),
            None => format!("{} is {}", statement.line(assets).id, plain(a)),
        })
        .note(format!(
            "difference (assets - liabilities and equity): {}",
            difference(a, c)
        ))
        .help("check the figures of this date against the release")
        .about(Subject::Lines(vec![
            statement.line(assets).id.clone(),
            statement.line(claims).id.clone(),
        ])),
    );
    true
}

/// Reported EPS against net income (loss) / shares, at the precision
/// reported, rounded half away from zero; diluted shares against basic. A
/// quarter the company computes as year-to-date EPS less the prior
/// year-to-date EPS is checked that way.
fn per_share(statement: &Statement, period: &Period, report: &mut TieOut) -> usize {
    let Some(shares) = &period.shares else {
        return 0;
    };
    share_counts_ordered(period, shares, &mut report.findings);
    // Only non-GAAP counts: reported GAAP EPS has no GAAP count to tie to,
    // and is never tied to a non-GAAP one.
    if shares.basic.is_none() && shares.diluted.is_none() {
        return 0;
    }
    let (Some(eps), Ok(net_income)) = (&period.eps, statement.bottom_line()) else {
        return 0;
    };
    if eps.ytd_difference {
        match ytd_difference(
            statement,
            period,
            eps,
            &mut report.findings,
            &mut report.checked,
        ) {
            Some(checked) => return checked,
            // The release does not print the year-to-date EPS the quarter
            // is computed from: the quarter ties to its own shares instead,
            // within rounding, and `check` says so.
            None => report.ytd_missing.push(period.id.clone()),
        }
    }
    let Some(tie) = EpsTie::new(statement, period, net_income, &mut report.findings) else {
        return 0;
    };
    let mut any_off = false;
    let mut checked = 0;
    for basis in tie.bases(eps, shares) {
        let Some(reported) = basis.reported else {
            continue;
        };
        checked += 1;
        any_off |= tie.tie_basis(&basis, reported, report);
    }
    // Only when both figures tie to the shares can their disagreement be the fault.
    if tie.loss() && !any_off {
        report
            .findings
            .extend(diluted_differs_for_loss(period, eps));
    }
    checked
}

/// Diluted counts, GAAP and non-GAAP, are not below the basic count they
/// add potential shares to.
fn share_counts_ordered(period: &Period, shares: &Shares, findings: &mut Vec<Diagnostic>) {
    let basic = shares.basic.as_ref();
    if let (Some(diluted), Some(basic)) = (&shares.diluted, basic)
        && diluted.value < basic.value
    {
        findings.push(
            Diagnostic::at(
                &diluted.site,
                format!(
                    "diluted shares are below basic shares in period {}",
                    period.id
                ),
            )
            .label(format!("diluted {}", plain(diluted.value)))
            .note(format!("basic shares: {}", plain(basic.value)))
            .help("diluted weighted shares add potential shares to basic; they cannot be fewer")
            .about(Subject::PerShare(None)),
        );
    }
    let non_gaap_basic = shares.non_gaap_basic.as_ref().or(basic);
    if let (Some(non_gaap), Some(basic)) = (&shares.non_gaap_diluted, non_gaap_basic)
        && non_gaap.value < basic.value
    {
        findings.push(
            Diagnostic::at(
                &non_gaap.site,
                format!("non-GAAP diluted shares are below basic shares in period {}", period.id),
            )
            .label(format!("non_gaap_diluted {}", plain(non_gaap.value)))
            .note(format!("basic shares: {}", plain(basic.value)))
            .help("the non-GAAP diluted count adds the potential shares GAAP left out; it cannot be below basic")
            .about(Subject::PerShare(None)),
        );
    }
}

/// One period's EPS tie-out: the income available to common shareholders,
/// the factor from money units to per-share units, and the numerator as a
/// note writes it.
struct EpsTie<'a> {
    statement: &'a Statement,
    period: &'a Period,
    net_income: LineId,
    income: Decimal,
    factor: Decimal,
    numerator: String,
}

/// One basis of reported EPS: the figure, the count it divides by and how a
/// note names that count.
struct EpsBasis<'a> {
    name: &'static str,
    reported: Option<&'a Fact>,
    count: Option<&'a Fact>,
    count_name: &'static str,
}

impl<'a> EpsTie<'a> {
    /// Net income less preferred dividends; `None` where the model cannot
    /// give it, with a finding where the preferred dividends are missing.
    fn new(
        statement: &'a Statement,
        period: &'a Period,
        net_income: LineId,
        findings: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let Ok(Some(net)) = statement.value(period, net_income) else {
            return None;
        };
        // EPS divides income available to common shareholders.
        let preferred = match statement.measure_line(Measure::PreferredDividends) {
            None => None,
            Some(_) => match statement.preferred_dividends(period) {
                Ok(dividends) => Some(dividends),
                Err(missing) => {
                    findings.push(missing.about(Subject::PerShare(None)));
                    return None;
                }
            },
        };
        let income = net.checked_sub(preferred.unwrap_or_default())?;
        let factor = statement.entity.per_share_factor();
        Some(EpsTie {
            statement,
            period,
            net_income,
            income,
            factor,
            numerator: numerator_text(net, preferred, factor),
        })
    }

    /// A loss: potential shares are anti-dilutive.
    fn loss(&self) -> bool {
        self.income < Decimal::ZERO
    }

    /// Basic and diluted EPS, each with its count. For a loss, diluted
    /// shares equal basic: one printed count serves both.
    fn bases<'b>(&self, eps: &'b Eps, shares: &'b Shares) -> [EpsBasis<'b>; 2] {
        let loss = self.loss();
        let basic = shares.basic.as_ref();
        let loss_basic = if loss {
            basic.or(shares.diluted.as_ref())
        } else {
            basic
        };
        let diluted_count = if loss {
            loss_basic
        } else {
            shares.diluted.as_ref()
        };
        [
            EpsBasis {
                name: "basic",
                reported: eps.basic.as_ref(),
                count: loss_basic,
                count_name: "basic",
            },
            EpsBasis {
                name: "diluted",
                reported: eps.diluted.as_ref(),
                count: diluted_count,
                count_name: if loss {
                    "basic (a loss: anti-dilutive)"
                } else {
                    "diluted"
                },
            },
        ]
    }

    /// One basis's reported EPS against income / its count: ties, ties
    /// within rounding, or a finding. `true` when it is a finding.
    fn tie_basis(&self, basis: &EpsBasis, reported: &Fact, report: &mut TieOut) -> bool {
        let name = basis.name;
        let Some(count) = basis.count else {
            report
                .checked
                .push(self.checked(name, reported, None, None, "finding"));
            report.findings.push(self.no_count(name, reported));
            return true;
        };
        let Some(computed) = self
            .income
            .checked_mul(self.factor)
            .and_then(|i| i.checked_div(count.value))
        else {
            return false;
        };
        // At least cents: a reported `0` is not a licence to round to dollars.
        let places = reported.value.scale().max(2);
        // Computed from the unrounded inputs, a correct figure may differ from
        // the quotient of the rounded ones: within their range, it ties.
        let range = income_range(self.statement, self.period, self.net_income)
            .and_then(|i| i.scale(self.factor))
            .and_then(|i| i.over(Interval::printed(count.value)));
        let equal = number::round(computed, places) == number::round(reported.value, places);
        let within = range.is_some_and(|r| r.intersects(Interval::printed_at(reported.value, 2)));
        let verdict = verdict(equal, within);
        report
            .checked
            .push(self.checked(name, reported, Some(computed), range, verdict));
        if equal {
            return false;
        }
        if let Some(range) = range
            && within
        {
            report.eps_within += 1;
            report.within_rounding.push(format!(
                "{} {name} EPS {}: {} / {} shares is {}; rounded as printed, the inputs allow {}",
                self.period.id,
                plain(reported.value),
                self.numerator,
                plain(count.value),
                plain(number::round(computed, places + 2)),
                range.describe(places + 2)
            ));
            return false;
        }
        report
            .findings
            .push(self.untied(basis, reported, count, computed, range));
        true
    }

    /// The figure compared, for `check --format json`.
    fn checked(
        &self,
        name: &str,
        reported: &Fact,
        computed: Option<Decimal>,
        range: Option<Interval>,
        verdict: &'static str,
    ) -> Checked {
        Checked {
            period: self.period.id.clone(),
            kind: "eps",
            what: format!("eps-{name}"),
            computed,
            published: reported.value,
            range,
            verdict,
            site: reported.site.clone(),
        }
    }

    /// Reported EPS with no share count to divide by.
    fn no_count(&self, name: &'static str, reported: &Fact) -> Diagnostic {
        Diagnostic::at(
            &reported.site,
            format!(
                "reported {name} EPS in period {} has no share count to tie to",
                self.period.id
            ),
        )
        .help(format!(
            "add the {} weighted average share count the release prints to [period.shares]",
            if name == "diluted" && self.loss() {
                "basic"
            } else {
                name
            }
        ))
        .about(Subject::PerShare(Some(name)))
    }

    /// The finding for reported EPS that neither ties nor lies in the range
    /// its rounded inputs allow.
    fn untied(
        &self,
        basis: &EpsBasis,
        reported: &Fact,
        count: &Fact,
        computed: Decimal,
        range: Option<Interval>,
    ) -> Diagnostic {
        let name = basis.name;
        let places = reported.value.scale().max(2);
        let in_cents = computed
            .checked_mul(Decimal::ONE_HUNDRED)
            .is_some_and(|cents| number::round(cents, places) == reported.value);
        let help = if in_cents {
            format!(
                "per-share figures are in dollars, not cents: write \"{}\"",
                number::round(computed, places.max(2))
            )
        } else {
            "check net income, the share counts and the EPS against the release".to_string()
        };
        Diagnostic::at(
            &reported.site,
            format!(
                "reported {name} EPS does not tie in period {}",
                self.period.id
            ),
        )
        .label(format!("reported {}", plain(reported.value)))
        .note(format!(
            "computed: {} / {} {} shares = {} (rounded half away from zero)",
            self.numerator,
            plain(count.value),
            basis.count_name,
            plain(number::round(computed, places.max(2)))
        ))
        .note(format!(
            "difference (reported - computed): {}",
            difference(reported.value, number::round(computed, places))
        ))
        .note(match range {
            Some(range) => format!(
                "rounded as printed, the inputs allow {}: the reported figure is outside it",
                range.describe(places + 2)
            ),
            None => "the inputs' range cannot be computed".to_string(),
        })
        .help(help)
        .about(Subject::PerShare(Some(name)))
    }
}

/// Net income (loss), less preferred dividends where the model records
/// them, and the money-to-share-unit factor, as an EPS note writes them.
fn numerator_text(net: Decimal, preferred: Option<Decimal>, factor: Decimal) -> String {
    let numerator = match preferred {
        Some(dividends) => format!(
            "net income (loss) {} less preferred dividends {}",
            plain(net),
            plain(dividends)
        ),
        None => format!("net income (loss) {}", plain(net)),
    };
    if factor == Decimal::ONE {
        numerator
    } else {
        format!(
            "{numerator} x {} (money units per share unit)",
            plain(factor)
        )
    }
}

/// For a loss, diluted EPS equals basic EPS: potential shares are
/// anti-dilutive.
fn diluted_differs_for_loss(period: &Period, eps: &Eps) -> Option<Diagnostic> {
    let (Some(basic_eps), Some(diluted_eps)) = (&eps.basic, &eps.diluted) else {
        return None;
    };
    if diluted_eps.value == basic_eps.value {
        return None;
    }
    Some(
        Diagnostic::at(
            &diluted_eps.site,
            format!(
                "diluted EPS differs from basic EPS for a loss in period {}",
                period.id
            ),
        )
        .label(format!("diluted {}", plain(diluted_eps.value)))
        .note(format!("basic EPS: {}", plain(basic_eps.value)))
        .help("for a loss, potential shares are anti-dilutive: diluted EPS equals basic EPS")
        .about(Subject::PerShare(None)),
    )
}

/// The range income available to common shareholders may stand for: net
/// income less preferred dividends, each within half a unit of its last digit.
fn income_range(statement: &Statement, period: &Period, net_income: LineId) -> Option<Interval> {
    let net = statement.interval(period, net_income)?;
    match statement.measure_line(Measure::PreferredDividends) {
        Some(preferred) => net.plus(statement.interval(period, preferred)?.negated()),
        None => Some(net),
    }
}

/// A quarter's EPS computed as year-to-date EPS less the prior
/// year-to-date EPS, both as reported: Q3 = 9M - H1. The first quarter is its
/// own year to date, so it ties to its own shares. `None` when the model
/// lacks either year to date.
fn ytd_difference(
    statement: &Statement,
    period: &Period,
    eps: &Eps,
    findings: &mut Vec<Diagnostic>,
    checked_figures: &mut Vec<Checked>,
) -> Option<usize> {
    let (
        crate::model::PeriodSpan::Duration { start, end },
        crate::model::PeriodKey::Duration { year, .. },
    ) = (
        period.span,
        period.span.key(statement.entity.fiscal_year_end),
    )
    else {
        return Some(0);
    };
    // The year to date ending with this period, and the one ending the day
    // before it starts, in the same fiscal year.
    let day_before =
        crate::model::period::from_day_number(crate::model::period::day_number(start) - 1);
    let (Some(to_date), Some(prior)) = (
        year_to_date(statement, period, year, end),
        year_to_date(statement, period, year, day_before),
    ) else {
        return None;
    };
    let ytd = YearToDate {
        period,
        to_date,
        prior,
    };
    let mut checked = 0;
    for (name, pick) in [
        (
            "basic",
            (|e: &Eps| e.basic.clone()) as fn(&Eps) -> Option<Fact>,
        ),
        ("diluted", |e: &Eps| e.diluted.clone()),
    ] {
        let Some(reported) = pick(eps) else { continue };
        checked += 1;
        ytd.tie(name, &reported, pick, findings, checked_figures);
    }
    Some(checked)
}

/// The longest recorded period of fiscal year `year` ending on `ending`,
/// other than `period` itself: a year to date.
fn year_to_date<'a>(
    statement: &'a Statement,
    period: &Period,
    year: i32,
    ending: crate::model::Date,
) -> Option<&'a Period> {
    let fiscal_year_end = statement.entity.fiscal_year_end;
    let same_year = |p: &&Period| matches!(p.span.key(fiscal_year_end), crate::model::PeriodKey::Duration { year: y, .. } if y == year);
    let year_start = |p: &Period| match p.span {
        crate::model::PeriodSpan::Duration { start, .. } => Some(start),
        crate::model::PeriodSpan::Instant { .. } => None,
    };
    statement
        .periods
        .iter()
        .filter(same_year)
        .filter(|p| p.derived.is_none() && p.span.end() == ending && p.id != period.id)
        .min_by_key(|p| year_start(p))
}

/// A quarter whose EPS is its year to date less the prior year to date.
struct YearToDate<'a> {
    period: &'a Period,
    to_date: &'a Period,
    prior: &'a Period,
}

impl YearToDate<'_> {
    /// One basis's reported EPS against the difference of the two years to
    /// date's reported EPS, `pick` choosing the basis.
    fn tie(
        &self,
        name: &'static str,
        reported: &Fact,
        pick: fn(&Eps) -> Option<Fact>,
        findings: &mut Vec<Diagnostic>,
        checked_figures: &mut Vec<Checked>,
    ) {
        let (period, to_date, prior) = (self.period, self.to_date, self.prior);
        let (Some(a), Some(b)) = (
            to_date.eps.as_ref().and_then(pick),
            prior.eps.as_ref().and_then(pick),
        ) else {
            findings.push(
                Diagnostic::at(&reported.site, format!("{name} EPS of period {} is year to date less the prior year to date, but {} or {} reports no {name} EPS", period.id, to_date.id, prior.id))
                    .help(format!("add the {name} EPS the release prints for those periods"))
                    .about(Subject::PerShare(Some(name))),
            );
            return;
        };
        let Some(computed) = a.value.checked_sub(b.value) else {
            return;
        };
        checked_figures.push(Checked {
            period: period.id.clone(),
            kind: "eps",
            what: format!("eps-{name}"),
            computed: Some(computed),
            published: reported.value,
            range: Some(Interval::exact(computed)),
            verdict: verdict(computed == reported.value, false),
            site: reported.site.clone(),
        });
        if computed != reported.value {
            findings.push(
                Diagnostic::at(
                    &reported.site,
                    format!("reported {name} EPS does not tie in period {}", period.id),
                )
                .label(format!("reported {}", plain(reported.value)))
                .note(format!(
                    "computed as year to date less prior year to date: {} {} - {} {} = {}",
                    to_date.id,
                    plain(a.value),
                    prior.id,
                    plain(b.value),
                    plain(computed)
                ))
                .help("check the EPS of these periods against the release")
                .about(Subject::PerShare(Some(name))),
            );
        }
    }
}

/// Reported percentages against numerator / denominator x 100, at the
/// precision reported.
fn percentages(statement: &Statement, period: &Period, report: &mut TieOut) {
    for (&index, reported) in &period.percentages {
        let ratio = &statement.ratios[index];
        match percentage_terms(statement, period, ratio) {
            Ok(Some((numerator, denominator, factor))) => PercentageTie {
                statement,
                period,
                ratio,
                reported,
                numerator,
                denominator,
                factor,
            }
            .tie(report),
            // The ratio cannot be computed: its period is withheld.
            Ok(None) => report
                .findings
                .push(missing_terms(statement, period, ratio, reported, None)),
            Err(cause) => report.findings.push(missing_terms(
                statement,
                period,
                ratio,
                reported,
                Some(cause),
            )),
        }
    }
}

/// A ratio's numerator, denominator and annualization factor in a period;
/// `None` where either term has no value.
fn percentage_terms(
    statement: &Statement,
    period: &Period,
    ratio: &crate::model::Ratio,
) -> Result<Option<(Decimal, Decimal, Option<Decimal>)>, Diagnostic> {
    let terms = statement
        .term_value(period, ratio.numerator)
        .and_then(|n| Ok((n, statement.term_value(period, ratio.denominator)?)))
        .and_then(|t| Ok((t, statement.annualization(period, ratio)?)));
    Ok(match terms? {
        ((Some(n), Some(d)), factor) => Some((n, d, factor)),
        _ => None,
    })
}

/// One reported percentage and the terms it is recomputed from.
struct PercentageTie<'a> {
    statement: &'a Statement,
    period: &'a Period,
    ratio: &'a crate::model::Ratio,
    reported: &'a Fact,
    numerator: Decimal,
    denominator: Decimal,
    /// The annualization factor of the numerator, where the ratio has one.
    factor: Option<Decimal>,
}

impl PercentageTie<'_> {
    /// The reported percentage against its recomputed figure: ties, ties
    /// within rounding, or a finding.
    fn tie(&self, report: &mut TieOut) {
        let (ratio, reported) = (self.ratio, self.reported);
        let annualized = self
            .numerator
            .checked_mul(self.factor.unwrap_or(Decimal::ONE));
        let exact = annualized.and_then(|n| ratio.value(n, self.denominator));
        let computed = exact.map(|p| number::round(p, reported.value.scale()));
        let range = self.range();
        let equal = computed == Some(number::round(reported.value, reported.value.scale()));
        report.checked.push(Checked {
            period: self.period.id.clone(),
            kind: "percentage",
            what: ratio.id.clone(),
            computed: exact,
            published: reported.value,
            range,
            verdict: verdict(
                equal,
                range.is_some_and(|r| r.intersects(Interval::printed(reported.value))),
            ),
            site: reported.site.clone(),
        });
        if equal {
            return;
        }
        if let Some(range) = range
            && range.intersects(Interval::printed(reported.value))
        {
            report.percentages_within += 1;
            report.within_rounding.push(format!(
                "{} `{}` {}%: rounded as printed, the amounts allow {}%",
                self.period.id,
                ratio.id,
                plain(reported.value),
                range.describe(reported.value.scale() + 2)
            ));
            return;
        }
        report.findings.push(self.finding(computed));
    }

    /// The range the ratio's rounded terms allow, in its unit.
    fn range(&self) -> Option<Interval> {
        let (statement, period, ratio) = (self.statement, self.period, self.ratio);
        statement
            .term_interval(period, ratio.numerator)
            .and_then(|n| n.scale(self.factor.unwrap_or(Decimal::ONE)))
            .zip(statement.term_interval(period, ratio.denominator))
            .and_then(|(n, d)| n.over(d))
            .and_then(|r| r.scale(ratio.unit.multiplier()))
    }

    /// The finding for a percentage that neither ties nor lies in the range
    /// its rounded terms allow; `computed` is `None` where it is undefined.
    fn finding(&self, computed: Option<Decimal>) -> Diagnostic {
        let (statement, ratio, reported) = (self.statement, self.ratio, self.reported);
        let computed_text = computed.map_or_else(
            || {
                if self.denominator.is_zero() {
                    "undefined (the denominator is zero)".to_string()
                } else {
                    "undefined (the quotient is beyond an exact decimal)".to_string()
                }
            },
            plain,
        );
        let percent = if ratio.unit == crate::model::RatioUnit::Percent {
            "%"
        } else {
            ""
        };
        let multiplier = ratio.unit.multiplier();
        let mut finding = Diagnostic::at(
            &reported.site,
            format!(
                "reported `{}` ({}) does not tie in period {}",
                ratio.id,
                ratio.gaap_label.as_deref().unwrap_or(&ratio.label),
                self.period.id
            ),
        )
        .label(format!("reported {}{percent}", plain(reported.value)))
        .note(format!(
            "computed: {} {}{} / {} {} x {multiplier} = {}{percent}",
            gaap_term(statement, ratio.numerator),
            plain(self.numerator),
            match (ratio.annualize, self.factor) {
                (Some(a), Some(f)) => format!(
                    " annualized ({}: x {})",
                    a.describe(),
                    plain(f.round_dp(4).normalize())
                ),
                _ => String::new(),
            },
            gaap_term(statement, ratio.denominator),
            plain(self.denominator),
            computed_text
        ));
        if let Some(computed) = computed {
            finding = finding.note(format!(
                "difference (reported - computed): {}",
                difference(reported.value, computed)
            ));
        }
        finding
            .help("percentages are rounded half away from zero to the precision written")
            .about(Subject::Ratio(ratio.id.clone()))
    }
}

/// A ratio term as its GAAP figure is taken: a line's id, or a declared
/// measure's starting line (its average, for an average balance).
fn gaap_term(statement: &Statement, term: crate::model::RatioTerm) -> String {
    match term {
        crate::model::RatioTerm::Line(line) => statement.line(line).id.clone(),
        crate::model::RatioTerm::Measure(i) => {
            let m = &statement.measures[i];
            let id = &statement.line(m.start).id;
            match m.balance {
                Some(crate::model::BalanceBasis::Average) => format!("average {id}"),
                _ => id.clone(),
            }
        }
    }
}

fn missing_terms(
    statement: &Statement,
    period: &Period,
    ratio: &crate::model::Ratio,
    reported: &Fact,
    cause: Option<Diagnostic>,
) -> Diagnostic {
    let finding = Diagnostic::at(
        &reported.site,
        format!(
            "this percentage cannot be recomputed in period {}",
            period.id
        ),
    );
    match cause {
        Some(cause) => finding
            .note(cause.message().to_string())
            .maybe_help(cause.help_text().map(str::to_string)),
        None => finding
            .note(format!(
                "it needs values for `{}` and `{}`",
                gaap_term(statement, ratio.numerator),
                gaap_term(statement, ratio.denominator)
            ))
            .help(if period.is_duration() {
                "add them to this period's [period.values]"
            } else {
                "a percentage of flows belongs to a duration period: record it in that period's [period.percentages]"
            }),
    }
}

/// The range the sum of a total's components may stand for, each rounded.
fn components_interval(statement: &Statement, period: &Period, total: LineId) -> Option<Interval> {
    let mut sum = Interval::exact(Decimal::ZERO);
    for (component, sign) in statement.components(total) {
        let part = statement.interval(period, component)?;
        sum = sum.plus(if sign == Sign::Subtract {
            part.negated()
        } else {
            part
        })?;
    }
    Some(sum)
}

fn difference(a: Decimal, b: Decimal) -> String {
    a.checked_sub(b)
        .map_or("too large to show".to_string(), plain)
}

fn footing_finding(
    statement: &Statement,
    period: &Period,
    line: LineId,
    reported: Decimal,
    computed: Decimal,
) -> Diagnostic {
    let item = statement.line(line);
    let terms: Vec<String> = statement
        .components(line)
        .map(|(c, sign)| {
            let value = statement
                .value(period, c)
                .ok()
                .flatten()
                .unwrap_or_default();
            let op = if sign == Sign::Subtract { "-" } else { "+" };
            format!("{op} {} {}", statement.line(c).id, plain(value))
        })
        .collect();
    let terms = terms.join(" ");
    let terms = terms.strip_prefix("+ ").unwrap_or(&terms);
    Diagnostic::at(
        &period.values[&line].site,
        format!(
            "`{}` ({}) does not foot in period {}",
            item.id, item.label, period.id
        ),
    )
    .label(format!("reported {}", plain(reported)))
    .note(format!(
        "computed from its components: {terms} = {}",
        plain(computed)
    ))
    .note(format!(
        "difference (reported - computed): {}",
        plain(reported.checked_sub(computed).unwrap_or_default())
    ))
    .help("check this figure and its components against the release")
}

/// Every count written as a sum with its printed total
/// (`{ sum = [...], total = 10500 }`): the named counts, each rounded as
/// printed, must allow the total as printed.
fn count_sums(period: &Period, report: &mut TieOut) {
    for sum in &period.count_sums {
        let Some(total) = &sum.total else { continue };
        report.totals += 1;
        let range = sum
            .parts
            .iter()
            .try_fold(Interval::exact(Decimal::ZERO), |range, (_, f)| {
                range.plus(Interval::printed(f.value))
            });
        report.checked.push(Checked {
            period: period.id.clone(),
            kind: "count_total",
            what: sum.key.clone(),
            computed: Some(sum.sum),
            published: total.value,
            range,
            verdict: verdict(
                sum.sum == total.value,
                range.is_some_and(|r| r.intersects(Interval::printed(total.value))),
            ),
            site: total.site.clone(),
        });
        if sum.sum == total.value {
            continue;
        }
        let terms = sum
            .parts
            .iter()
            .map(|(name, f)| format!("{name} {}", plain(f.value)))
            .collect::<Vec<_>>()
            .join(" + ");
        match range {
            Some(range) if range.intersects(Interval::printed(total.value)) => {
                report.totals_within += 1;
                report.within_rounding.push(format!(
                    "{} `{}` {}: the counts it names sum to {}; rounded as printed they allow {}",
                    period.id,
                    sum.key,
                    plain(total.value),
                    plain(sum.sum),
                    range.describe(total.value.scale() + 1)
                ));
            }
            _ => report.findings.push(
                Diagnostic::at(
                    &total.site,
                    format!(
                        "`{}` of period {}: the counts it sums do not add up to its printed total",
                        sum.key, period.id
                    ),
                )
                .label(format!("total {}", plain(total.value)))
                .note(format!("the counts it names: {terms} = {}", plain(sum.sum)))
                .note(format!(
                    "difference (total - sum): {}",
                    plain(total.value.checked_sub(sum.sum).unwrap_or_default())
                ))
                .help("check the total and each count it names against the release; a count the release adds may be missing from `sum`")
                .about(Subject::PerShare(None)),
            ),
        }
    }
}

/// A figure in model units with separators and a minus sign, unrounded.
fn plain(value: Decimal) -> String {
    let shown = number::format(value.abs(), value.scale(), false);
    let shown = if value.is_zero() {
        "0".to_string()
    } else {
        shown
    };
    if value.is_sign_negative() && !value.is_zero() {
        format!("-{shown}")
    } else {
        shown
    }
}

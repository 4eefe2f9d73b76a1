//! Lint: the SEC's non-GAAP rules (Regulation G, Item 10(e), the staff's
//! C&DIs) as located, cited findings, chosen by the release's date. Each
//! rule has an id, a severity, the rule it cites and the date from which it
//! applies. What the files do not say, a lint does not guess: it names the
//! key to set. An adjustment or the model may allow a lint with a reason,
//! which is printed with the output.

use crate::diagnostic::{Diagnostic, Subject};
use crate::model::{
    Adjustment, AdjustmentRule, Allow, Date, LineId, Measure, MeasureKind, Nature, NonGaapMeasure,
    PeriodSpan, Statement, TaxEffect,
};
use crate::source::Site;

pub use crate::lint_rules::{RULES, Rule, Severity};

/// Words an adjustment marked recurring may not use of itself.
const NOT_FOR_RECURRING: [&str; 4] = ["non-recurring", "nonrecurring", "infrequent", "unusual"];

/// What the lints found under the rules of one date.
#[derive(Debug, Default)]
pub struct LintReport {
    pub findings: Vec<Diagnostic>,
    /// Findings the files allow, each "NG009 for `id`: reason".
    pub allowed: Vec<String>,
    /// Rules in force on the date, and not yet.
    pub in_force: usize,
    pub not_yet: usize,
}

fn rule(id: &str) -> &'static Rule {
    RULES.iter().find(|r| r.id == id).unwrap_or(&RULES[0])
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or(Date {
        year: 2003,
        month: 3,
        day: 28,
    })
}

/// Every lint in force on `as_of`, over the statement and its adjustments.
///
/// The lints run in the order their findings are reported: those over the
/// model, then each adjustment's in turn, then each measure's, then the
/// presentation's.
pub fn run(statement: &Statement, adjustments: &[Adjustment], as_of: Date) -> LintReport {
    run_with(
        statement,
        adjustments,
        as_of,
        &crate::engine::Adjuster::new(statement, adjustments),
    )
}

/// `run`, reading the adjusted statement of a run's `Adjuster` of the same
/// model, so it is not built again.
pub fn run_with(
    statement: &Statement,
    adjustments: &[Adjustment],
    as_of: Date,
    adjuster: &crate::engine::Adjuster,
) -> LintReport {
    let mut report = LintReport::default();
    let regulator = statement.entity.regulator;
    let in_force = |id: &str| {
        rule(id)
            .from_under(regulator)
            .is_some_and(|from| as_of >= date(from))
    };
    report.in_force = RULES.iter().filter(|r| in_force(r.id)).count();
    report.not_yet = RULES
        .iter()
        .filter(|r| r.from_under(regulator).is_some())
        .count()
        - report.in_force;
    // The release's date against its periods: it chooses the rules.
    report.findings.extend(release_date_off(statement));

    let durations: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration() && statement.periods[i].derived.is_none())
        .collect();
    let model = Model {
        statement,
        adjustments,
        adjusted: adjuster.adjust(&durations).ok(),
        as_of,
    };
    let mut found = Found::default();
    for lint in MODEL_LINTS {
        lint(&model, &mut found);
    }
    for (a, adjustment) in adjustments.iter().enumerate() {
        for lint in ADJUSTMENT_LINTS {
            lint(&model, a, adjustment, &mut found);
        }
    }
    for measure in &statement.measures {
        for lint in MEASURE_LINTS {
            lint(&model, measure, &mut found);
        }
    }
    for lint in PRESENTATION_LINTS {
        lint(&model, &mut found);
    }
    report_found(found, in_force, statement, adjustments, &mut report);
    report
}

/// What every lint reads: the model, and its adjusted statement over the
/// reported durations where the engine could compute it.
struct Model<'a> {
    statement: &'a Statement,
    adjustments: &'a [Adjustment],
    adjusted: Option<crate::engine::AdjustedStatement>,
    as_of: Date,
}

/// Findings as the lints raise them: the lint's id, the adjustment it is
/// about, the finding. Rules not in force and allows are applied after.
#[derive(Default)]
struct Found(Vec<(&'static str, Option<usize>, Diagnostic)>);

impl Found {
    fn push(&mut self, id: &'static str, adjustment: Option<usize>, finding: Diagnostic) {
        self.0.push((id, adjustment, finding));
    }
}

/// Lints over the model as a whole, run first.
const MODEL_LINTS: [fn(&Model, &mut Found); 2] =
    [ng001_gaap_counterpart, ng002_reconciliation_foots];

/// Lints over one adjustment, run for each adjustment in turn.
const ADJUSTMENT_LINTS: [fn(&Model, usize, &Adjustment, &mut Found); 8] = [
    ng003_called_non_recurring,
    ng007_adjustment_rationale,
    ng010_add_in,
    ng011_net_of_tax,
    ng016_or_ng008_against_nature_or_one_sided,
    ng009_applied_unevenly,
    ng012_recurring_cash_operating_expense,
    ng014_rate_on_result_of_other_sign,
];

/// Lints over one declared measure, run for each measure in turn.
const MEASURE_LINTS: [fn(&Model, &crate::model::DeclaredMeasure, &mut Found); 4] = [
    ng004_per_share,
    ng005_liquidity_excludes_cash_charge,
    ng006_label,
    ng007_measure_rationale,
];

/// Lints over the presentation and the figures as a whole, run last.
const PRESENTATION_LINTS: [fn(&Model, &mut Found); 4] = [
    ng013_full_non_gaap_statement,
    ng017_bridge_from_non_gaap,
    ng018_guidance_without_gaap,
    ng015_implausible_taxes,
];

/// NG001: a recorded non-GAAP figure needs its GAAP counterpart.
fn ng001_gaap_counterpart(model: &Model, found: &mut Found) {
    let statement = model.statement;
    for period in &statement.periods {
        for published in &period.published {
            let Ok(measures) = NonGaapMeasure::parse_key(&published.key, statement) else {
                continue;
            };
            for measure in measures {
                let basis = match measure {
                    NonGaapMeasure::Declared(i)
                    | NonGaapMeasure::DeclaredPerShare(i)
                    | NonGaapMeasure::DeclaredPerBasicShare(i) => statement.measures[i].balance,
                    _ => None,
                }
                .unwrap_or(crate::model::BalanceBasis::End);
                let has_gaap = match measure.terms(statement) {
                    // A balance the model cannot take is reported where the
                    // figure is tied out, with what it needs.
                    Ok(terms) => terms.iter().all(|&(l, _)| {
                        !matches!(statement.flow_or_balance(period, l, basis), Ok(None))
                    }),
                    Err(_) => true,
                };
                if !has_gaap {
                    found.push("NG001", None, Diagnostic::at(&published.key_site, format!(
                        "the release prints non-GAAP `{}` for period {}, but the model has no GAAP figure to show before it",
                        published.key, period.id
                    )).help("record the GAAP figure of the measure in this period's [period.values]"));
                }
            }
        }
    }
}

/// NG002: every reconciliation foots exactly before rounding.
fn ng002_reconciliation_foots(model: &Model, found: &mut Found) {
    let statement = model.statement;
    let Some(adjusted) = &model.adjusted else {
        return;
    };
    for (c, lines) in adjusted.columns.iter().enumerate() {
        for (i, figures) in lines.iter().enumerate() {
            let Some(gaap) = figures.gaap else { continue };
            // The figures written: every other adjustment's is zero.
            let sum = figures
                .effects
                .stated()
                .chain(figures.taxes.stated())
                .try_fold(gaap, |s, (_, v)| s.checked_add(v));
            if sum != figures.non_gaap {
                let period = &statement.periods[adjusted.period_index[c]];
                found.push(
                    "NG002",
                    None,
                    Diagnostic::at(
                        &statement.line(LineId(i)).site,
                        format!(
                            "the reconciliation of `{}` in period {} does not foot before rounding",
                            statement.line(LineId(i)).id,
                            period.id
                        ),
                    ),
                );
            }
        }
    }
}

/// NG003: described as non-recurring while similar items recur.
fn ng003_called_non_recurring(model: &Model, a: usize, adjustment: &Adjustment, found: &mut Found) {
    let Some((word, at)) = called_non_recurring(adjustment) else {
        return;
    };
    let similar = similar_within_two_years(model.statement, adjustment);
    let message = format!("adjustment `{}` is called {word}", adjustment.id);
    let note = "Item 10(e)(1)(ii)(B): an item may not be called non-recurring, infrequent or unusual when a \
                similar one occurred within the prior two years or is reasonably likely to recur within two";
    if adjustment.recurring == Some(true) {
        found.push("NG003", Some(a), Diagnostic::at(&at, format!("{message} but is marked recurring"))
            .note(note)
            .help("describe the item without that word, or set recurring = false if it truly will not recur"));
    } else if let Some(similar) = similar {
        let but = match similar {
            Similar::LineNotNil(other) => {
                format!("but its line is not nil in {other} as well, within two years")
            }
            Similar::ExcludedTwice(first, second) => format!(
                "but it is excluded in both {first} and {second}, within two years of each other"
            ),
        };
        found.push(
            "NG003",
            Some(a),
            Diagnostic::at(&at, format!("{message}, {but}"))
                .note(note)
                .help("describe the item without that word"),
        );
    } else if adjustment.recurring.is_none() {
        found.push(
            "NG003",
            Some(a),
            Diagnostic::at(
                &at,
                format!("{message}; whether similar items recur within two years is not said"),
            )
            .help(format!(
                "set recurring = true or false in {}",
                adjustment.site.file.path().display()
            ))
            .warning(),
        );
    }
}

/// NG007: an adjustment gives its rationale.
fn ng007_adjustment_rationale(_: &Model, a: usize, adjustment: &Adjustment, found: &mut Found) {
    if adjustment.rationale.trim().is_empty() {
        found.push(
            "NG007",
            Some(a),
            Diagnostic::at(
                &adjustment.site,
                format!("adjustment `{}` gives no rationale", adjustment.id),
            )
            .help("say in `rationale` why management excludes it and how it uses the measure"),
        );
    }
}

/// NG010: an add-in, an amount GAAP does not report.
fn ng010_add_in(_: &Model, a: usize, adjustment: &Adjustment, found: &mut Found) {
    if matches!(adjustment.rule, AdjustmentRule::AddIn { .. }) {
        let site = &adjustment.site;
        let at = where_written(site, "add-in").unwrap_or_else(|| site.clone());
        found.push("NG010", Some(a), Diagnostic::at(&at, format!("adjustment `{}` adds an amount GAAP does not report", adjustment.id))
            .note("C&DI 100.04: individually tailored recognition or measurement (revenue written down in an acquisition and added back, say) can make a measure misleading")
            .help("remove the adjustment, or allow NG010 with the reason the release gives"));
    }
}

/// NG011: an adjustment presented net of tax.
fn ng011_net_of_tax(_: &Model, a: usize, adjustment: &Adjustment, found: &mut Found) {
    if adjustment.tax == TaxEffect::NetOfTax {
        let site = &adjustment.site;
        let at = where_written(site, "net-of-tax").unwrap_or_else(|| site.clone());
        found.push("NG011", Some(a), Diagnostic::at(&at, format!("adjustment `{}` is presented net of tax", adjustment.id))
            .note("C&DI 102.11: adjustments are shown before tax, and their income-tax effect is an adjustment of its own, explained")
            .help("state the amount before tax and its tax effect in [tax] (rate or amounts)"));
    }
}

/// NG016: an effect of the other sign from what `nature` says; else NG008,
/// charges excluded while like gains are not (its premise, that it excludes
/// what `nature` says, fails when NG016 is raised).
fn ng016_or_ng008_against_nature_or_one_sided(
    model: &Model,
    a: usize,
    adjustment: &Adjustment,
    found: &mut Found,
) {
    let Some(adjusted) = &model.adjusted else {
        return;
    };
    match against_its_nature(model.statement, adjustment, a, adjusted) {
        Some(finding) => found.push("NG016", Some(a), finding),
        None => charges_without_gains(model.statement, adjustment, a, adjusted, &mut |id, a, d| {
            found.push(id, a, d)
        }),
    }
}

/// NG009: like items in other periods adjusted unevenly.
fn ng009_applied_unevenly(model: &Model, a: usize, adjustment: &Adjustment, found: &mut Found) {
    if let Some(adjusted) = &model.adjusted {
        applied_unevenly(model.statement, adjustment, a, adjusted, &mut |id, a, d| {
            found.push(id, a, d)
        });
    }
}

/// NG012: a normal, recurring cash operating expense excluded.
fn ng012_recurring_cash_operating_expense(
    model: &Model,
    a: usize,
    adjustment: &Adjustment,
    found: &mut Found,
) {
    let statement = model.statement;
    let site = &adjustment.site;
    let operating = statement
        .measure_line(Measure::OperatingExpenses)
        .or_else(|| statement.measure_line(Measure::CostsAndExpenses));
    let in_opex = operating.is_some_and(|opex| {
        targets(adjustment)
            .iter()
            .any(|&t| statement.sign_into(t, opex).is_some())
    });
    if !(in_opex && adjustment.recurring == Some(true) && adjustment.nature != Some(Nature::Gain)) {
        return;
    }
    match adjustment.cash {
        Some(true) => {
            let at = where_written(site, "cash").unwrap_or_else(|| site.clone());
            found.push("NG012", Some(a), Diagnostic::at(&at, format!("adjustment `{}` excludes a recurring cash operating expense", adjustment.id))
                .note("C&DI 100.01: excluding normal, recurring, cash operating expenses necessary to operate the business can make a measure misleading")
                .help("keep the expense in the measure, or allow NG012 with the reason it is not a normal operating expense"));
        }
        Some(false) => {}
        None => found.push("NG012", Some(a), Diagnostic::at(site, format!("adjustment `{}` excludes a recurring operating expense; whether it is settled in cash is not said", adjustment.id))
            .help(format!("set cash = true or false in {}", site.file.path().display()))
            .warning()),
    }
}

/// NG014: a rate applied where the non-GAAP result has the other sign from
/// GAAP's; one finding per adjustment, at the first such period.
fn ng014_rate_on_result_of_other_sign(
    model: &Model,
    a: usize,
    adjustment: &Adjustment,
    found: &mut Found,
) {
    let statement = model.statement;
    let (TaxEffect::Rate(_), Some(adjusted)) = (&adjustment.tax, &model.adjusted) else {
        return;
    };
    let Some(pretax) = statement.measure_line(Measure::PretaxIncome) else {
        return;
    };
    for (c, lines) in adjusted.columns.iter().enumerate() {
        let f = &lines[pretax.0];
        let (Some(gaap), Some(non_gaap)) = (f.gaap, f.non_gaap) else {
            continue;
        };
        if !gaap.is_zero()
            && !non_gaap.is_zero()
            && gaap.is_sign_negative() != non_gaap.is_sign_negative()
        {
            let period = &statement.periods[adjusted.period_index[c]];
            found.push("NG014", Some(a), Diagnostic::at(&adjustment.site, format!(
                "adjustment `{}` is taxed at a rate in period {}, where income before taxes is {} under GAAP and {} non-GAAP",
                adjustment.id, period.id, plain(gaap), plain(non_gaap)
            ))
            .note("C&DI 102.11: the tax of a performance measure is commensurate with it; a rate chosen for the GAAP result may not fit a non-GAAP result of the other sign")
            .help("state the tax effects the release computes for the non-GAAP result, or allow NG014 with the reason"));
            break;
        }
    }
}

/// A measure labelled EBIT or EBITDA, however it is spelled ("Earnings
/// before interest, taxes, depreciation and amortization" is EBITDA).
fn is_ebit_or_ebitda(label: &str) -> bool {
    label.contains("ebitda")
        || label.contains("ebit ")
        || label.ends_with("ebit")
        || spelled_out_ebit(label).is_some()
}

/// NG004: per share for a liquidity measure, or for EBIT(DA) and free cash
/// flow.
fn ng004_per_share(_: &Model, measure: &crate::model::DeclaredMeasure, found: &mut Found) {
    let label = normalise(&measure.label);
    let per_share =
        measure.per_share || measure.per_share_basic || measure.per_share_count.is_some();
    if per_share && measure.kind == MeasureKind::Liquidity {
        found.push("NG004", None, Diagnostic::at(&measure.site, format!("measure `{}` ({}) is a liquidity measure shown per share", measure.id, measure.label))
            .note("C&DI 102.05: per-share liquidity measures are prohibited; free cash flow and EBITDA are not shown per share (102.07, 103.02)")
            .help("remove per_share (or per_share_count), set kind = \"performance\" if the measure is about performance, or allow NG004 with the reason (under [entity] regulator = \"CSA\", NI 52-112 permits it)"));
    } else if per_share
        && (is_ebit_or_ebitda(&label)
            || label.contains("free cash flow")
            || label.contains("cash flow"))
    {
        found.push("NG004", None, Diagnostic::at(&measure.site, format!("measure `{}` ({}) is shown per share", measure.id, measure.label))
            .note("C&DI 102.05, 102.07, 103.02: free cash flow, EBIT and EBITDA are not shown per share")
            .help("remove per_share from the measure, or allow NG004 with the reason"));
    }
}

/// NG005: a liquidity measure (other than EBIT or EBITDA) excluding a
/// charge settled in cash.
fn ng005_liquidity_excludes_cash_charge(
    model: &Model,
    measure: &crate::model::DeclaredMeasure,
    found: &mut Found,
) {
    if measure.kind != MeasureKind::Liquidity || is_ebit_or_ebitda(&normalise(&measure.label)) {
        return;
    }
    for (a, adjustment) in model.adjustments.iter().enumerate() {
        // Absent a list, the adjustments that reach its lines; a
        // measure over balances takes none.
        let included = match &measure.adjustments {
            Some(ids) => ids.iter().any(|(id, _)| *id == adjustment.id),
            None => {
                measure.balance.is_none()
                    && targets(adjustment).iter().any(|&t| {
                        std::iter::once(measure.start)
                            .chain(measure.terms.iter().map(|&(l, _)| l))
                            .any(|l| model.statement.sign_into(t, l).is_some())
                    })
            }
        };
        if !included || adjustment.nature == Some(Nature::Gain) {
            continue;
        }
        match adjustment.cash {
            Some(true) => found.push("NG005", Some(a), Diagnostic::at(&measure.site, format!(
                "liquidity measure `{}` excludes `{}`, a charge settled in cash", measure.id, adjustment.id
            ))
            .note("Item 10(e)(1)(ii)(A): a liquidity measure may not exclude charges or liabilities that required, or will require, cash settlement")
            .help(format!("remove `{}` from the measure's adjustments", adjustment.id))),
            Some(false) => {}
            None => found.push("NG005", Some(a), Diagnostic::at(&adjustment.site, format!(
                "liquidity measure `{}` excludes `{}`; whether it is settled in cash is not said", measure.id, adjustment.id
            ))
            .help(format!("set cash = true or false in {}", adjustment.site.file.path().display()))
            .warning()),
        }
    }
}

/// NG006: a label that is a GAAP caption, or (from 2022-12-13) does not say
/// non-GAAP.
fn ng006_label(model: &Model, measure: &crate::model::DeclaredMeasure, found: &mut Found) {
    let label = normalise(&measure.label);
    if let Some(line) = model
        .statement
        .line_items
        .iter()
        .find(|l| normalise(&l.label) == label)
    {
        found.push("NG006", None, Diagnostic::at(&measure.site, format!(
            "measure `{}` is labelled \"{}\", the caption of GAAP line `{}`", measure.id, measure.label, line.id
        ))
        .note("Item 10(e)(1)(ii)(E): a non-GAAP measure may not use a title the same as, or confusingly similar to, a GAAP title")
        .help("label it as the non-GAAP measure it is, such as \"Adjusted ...\" or \"Non-GAAP ...\""));
    } else if model.as_of >= date("2022-12-13")
        && !identifies_itself(&label)
        && spelled_out_ebit(&label).is_none()
    {
        found.push("NG006", None, Diagnostic::at(&measure.site, format!(
            "measure `{}` (\"{}\") is not identified as non-GAAP or adjusted", measure.id, measure.label
        ))
        .note("C&DI 100.05: a measure not labelled as non-GAAP, or described in a way that does not match what it is, can mislead")
        .help("put \"non-GAAP\" or \"adjusted\" in its label, or allow NG006 with the reason")
        .warning());
    }
}

/// NG007: a measure gives its rationale.
fn ng007_measure_rationale(_: &Model, measure: &crate::model::DeclaredMeasure, found: &mut Found) {
    if measure
        .rationale
        .as_deref()
        .is_none_or(|r| r.trim().is_empty())
    {
        found.push(
            "NG007",
            None,
            Diagnostic::at(
                &measure.site,
                format!("measure `{}` gives no rationale", measure.id),
            )
            .help("say in `rationale` why management finds the measure useful")
            .warning(),
        );
    }
}

/// NG013: a full non-GAAP income statement.
fn ng013_full_non_gaap_statement(model: &Model, found: &mut Found) {
    if model.statement.presentation.labels.non_gaap_statement {
        found.push("NG013", None, Diagnostic::at(&model.statement.site, "the release presents a full non-GAAP income statement")
            .note("C&DI 102.10(c): re-presenting all or most GAAP line items as non-GAAP in one table gives the non-GAAP measures undue prominence")
            .help("reconcile each non-GAAP measure on its own, or set non_gaap_statement = false if the release does not print one"));
    }
}

/// NG017: a bridge printed from the non-GAAP figure to GAAP.
fn ng017_bridge_from_non_gaap(model: &Model, found: &mut Found) {
    let statement_file = &model.statement.site;
    if model.statement.presentation.labels.bridge == Some(crate::raw::BridgeDirection::NonGaapFirst)
    {
        let at = where_written(statement_file, "non-gaap-first")
            .unwrap_or_else(|| statement_file.clone());
        found.push("NG017", None, Diagnostic::at(&at, "the reconciliations run from the non-GAAP figure to GAAP")
            .note("C&DI 102.10(b): a non-GAAP measure that precedes its most directly comparable GAAP measure gives it greater prominence")
            .help("print the bridge from GAAP (remove bridge = \"non-gaap-first\"), or allow NG017 with the reason, such as a release reproduced as printed"));
    }
}

/// NG018: guidance without its GAAP side, and no statement why.
fn ng018_guidance_without_gaap(model: &Model, found: &mut Found) {
    for finding in crate::outlook::omitted_gaap(model.statement) {
        found.push("NG018", None, finding);
    }
}

/// NG015: stated tax effects that look like sign slips.
fn ng015_implausible_taxes(model: &Model, found: &mut Found) {
    if let Some(adjusted) = &model.adjusted {
        for (a, finding) in implausible_taxes(model.statement, model.adjustments, adjusted) {
            found.push("NG015", Some(a), finding);
        }
    }
}

/// The findings of rules in force, in the order raised: those allowed are
/// listed once with their reason; the rest carry their rule's id, citation
/// and severity, and the adjustment they are about.
fn report_found(
    found: Found,
    in_force: impl Fn(&str) -> bool,
    statement: &Statement,
    adjustments: &[Adjustment],
    report: &mut LintReport,
) {
    for (id, adjustment, finding) in found.0 {
        if !in_force(id) {
            continue;
        }
        let r = rule(id);
        let allowed: Option<&Allow> = adjustment
            .and_then(|a| adjustments[a].allow.iter().find(|x| x.lint == id))
            .or_else(|| statement.allow.iter().find(|x| x.lint == id));
        if let Some(allow) = allowed {
            let whom = adjustment.map_or("the model".to_string(), |a| {
                format!("`{}`", adjustments[a].id)
            });
            let text = format!("{id} allowed for {whom}: {}", allow.reason);
            if !report.allowed.contains(&text) {
                report.allowed.push(text);
            }
            continue;
        }
        let mut finding = finding.code(id).note(format!(
            "{id}: {} ({}; in force from {})",
            r.checks, r.cites, r.from
        ));
        if r.severity == Severity::Warning {
            finding = finding.warning();
        }
        if let Some(a) = adjustment {
            finding = finding.about(Subject::Adjustments(vec![adjustments[a].id.clone()]));
        }
        report.findings.push(finding);
    }
}

/// A release date that cannot be the release's: more than a year before
/// the end of the latest reported duration (an error: a typo in the year),
/// before it within the year (a warning), or more than a year after it (a
/// warning: a recast is issued late, a typo in the year more often). The
/// help suggests the same month and day within the year after that end, a
/// line of valid TOML that changes the rules applied and never a figure.
fn release_date_off(statement: &Statement) -> Option<Diagnostic> {
    let date = statement.entity.release_date?;
    let site = statement
        .entity
        .release_date_site
        .as_ref()
        .unwrap_or(&statement.site);
    let (latest, end) = statement
        .periods
        .iter()
        .filter(|p| p.derived.is_none())
        .filter_map(|p| match p.span {
            PeriodSpan::Duration { end, .. } => Some((p, end)),
            PeriodSpan::Instant { .. } => None,
        })
        .max_by_key(|&(_, end)| end)?;
    let days = |d: Date| crate::model::period::day_number(d);
    let after = days(date) - days(end);
    if (0..=366).contains(&after) {
        return None;
    }
    // The same month and day, in the year the period ends or the next,
    // within a year after the end (the 28th for a 29 February); one always
    // is, as the same day a year later is.
    let suggested = [end.year, end.year + 1]
        .into_iter()
        .map(|year| Date {
            year,
            month: date.month,
            day: date.day.min(crate::raw::days_in_month(year, date.month)),
        })
        .find(|d| (1..=366).contains(&(days(*d) - days(end))))
        .unwrap_or_else(|| crate::model::period::from_day_number(days(end) + 1));
    let what = format!(
        "period {} ({end}), the latest the release reports",
        latest.id
    );
    // Years before: a typo that applies old rules, an error. Within the
    // year before: a warning, so a file that ties out today keeps passing.
    let finding = if after < 0 {
        let finding = Diagnostic::at(
            site,
            format!("the release date {date} is before the end of {what}"),
        )
        .note(format!(
            "a release cannot precede the period it reports; its date chooses the SEC's rules the lints apply, so {date} judges it by the rules of {}",
            date.year
        ));
        if after < -366 {
            finding
        } else {
            finding.warning()
        }
    } else {
        Diagnostic::at(
            site,
            format!("the release date {date} is {after} days after the end of {what}"),
        )
        .note("a release's date chooses the SEC's rules the lints apply; a release follows its latest period within weeks, so more than a year is a typo in the year unless the release is a recast or filed late")
        .warning()
    };
    let help = format!(
        "if the release is dated {suggested}, write `release_date = {suggested}`; the date chooses only the rules, never a figure"
    );
    let help = if after < 0 {
        help
    } else {
        format!("{help}; a recast or a late filing keeps its date")
    };
    Some(finding.help(help).code("release-date"))
}

/// The lines an adjustment moves directly.
fn targets(adjustment: &Adjustment) -> Vec<LineId> {
    match &adjustment.rule {
        AdjustmentRule::ExcludeLine { line } => vec![*line],
        AdjustmentRule::ExcludeAmounts { parts } | AdjustmentRule::AddIn { parts } => {
            parts.iter().map(|p| p.line).collect()
        }
        _ => Vec::new(),
    }
}

/// A similar item within two years of one the adjustment excludes.
enum Similar {
    /// A reported duration it does not apply to, where a line it excludes
    /// is not nil.
    LineNotNil(String),
    /// Two reported durations it applies to, neither inside the other,
    /// where its lines are not nil: the item recurred (earlier, later).
    ExcludedTwice(String, String),
}

/// A reported duration, other than those the adjustment applies to, within
/// two years of one of them, where a line it excludes is not nil; else two
/// it applies to, apart and within two years of each other, where its lines
/// are not nil (a charge excluded in both years is the same recurrence).
fn similar_within_two_years(statement: &Statement, adjustment: &Adjustment) -> Option<Similar> {
    let lines = targets(adjustment);
    let span = |p: &crate::model::Period| match p.span {
        PeriodSpan::Duration { start, end } => Some((start, end)),
        PeriodSpan::Instant { .. } => None,
    };
    let not_nil = |p: &crate::model::Period| {
        lines
            .iter()
            .any(|&l| matches!(statement.value(p, l), Ok(Some(v)) if !v.is_zero()))
    };
    let occurred: Vec<(&crate::model::Period, (Date, Date))> = statement
        .periods
        .iter()
        .enumerate()
        .filter(|&(i, p)| p.derived.is_none() && p.is_duration() && adjustment.applies_to(i))
        .map(|(_, p)| p)
        .filter(|p| not_nil(p))
        .filter_map(|p| span(p).map(|s| (p, s)))
        .collect();
    let applied: Vec<(Date, Date)> = occurred.iter().map(|&(_, s)| s).collect();
    let days = |d: Date| crate::model::period::day_number(d);
    // Apart (neither overlaps the other) and within two years.
    let apart = |(s1, e1): (Date, Date), (s2, e2): (Date, Date)| e1 < s2 || s1 > e2;
    let near = |(s1, e1): (Date, Date), (s2, e2): (Date, Date)| {
        (days(s1) - days(e2)).abs() <= 731 || (days(s2) - days(e1)).abs() <= 731
    };
    let outside = statement
        .periods
        .iter()
        .filter(|p| p.derived.is_none() && p.is_duration())
        .filter_map(|p| span(p).map(|s| (p, s)))
        .filter(|&(_, s)| {
            // Outside every applied period, and within two years of one.
            applied.iter().all(|&a| apart(s, a)) && applied.iter().any(|&a| near(s, a))
        })
        .find(|(p, _)| not_nil(p))
        .map(|(p, _)| Similar::LineNotNil(p.id.clone()));
    outside.or_else(|| {
        occurred.iter().enumerate().find_map(|(i, &(p, s))| {
            occurred[i + 1..]
                .iter()
                .find(|&&(_, t)| apart(s, t) && near(s, t))
                .map(|&(q, t)| {
                    let (first, second) = if s.1 < t.0 { (p, q) } else { (q, p) };
                    Similar::ExcludedTwice(first.id.clone(), second.id.clone())
                })
        })
    })
}

/// NG008: an adjustment of charges (or gains) on a line, while the same line
/// holds gains (or charges) that stay in the measure in a presented period.
fn charges_without_gains(
    statement: &Statement,
    adjustment: &Adjustment,
    a: usize,
    adjusted: &crate::engine::AdjustedStatement,
    push: &mut impl FnMut(&'static str, Option<usize>, Diagnostic),
) {
    let lines = targets(adjustment);
    if lines.is_empty() {
        return;
    }
    let Some(nature) = adjustment.nature else {
        push(
            "NG008",
            Some(a),
            Diagnostic::at(
                &adjustment.site,
                format!(
                    "whether adjustment `{}` removes charges, gains or both is not said",
                    adjustment.id
                ),
            )
            .help(format!(
                "set nature = \"charge\", \"gain\" or \"mixed\" in {}",
                adjustment.site.file.path().display()
            ))
            .warning(),
        );
        return;
    };
    if nature == Nature::Mixed {
        return;
    }
    // What the adjustment takes out of each line somewhere, once.
    let samples: Vec<Option<rust_decimal::Decimal>> = lines
        .iter()
        .map(|line| {
            adjusted
                .columns
                .iter()
                .map(|col| -col[line.0].direct)
                .find(|v| !v.is_zero())
        })
        .collect();
    for (c, columns) in adjusted.columns.iter().enumerate() {
        let ix = adjusted.period_index[c];
        let period = &statement.periods[ix];
        for (&line, sample) in lines.iter().zip(&samples) {
            let f = &columns[line.0];
            let Some(remaining) = f.non_gaap else {
                continue;
            };
            let removed = -f.direct;
            // What stays in has the other sign from what is taken out, or
            // the adjustment does not apply where the line has it.
            let kept_other = if removed.is_zero() {
                !adjustment.applies_to(ix)
                    && !remaining.is_zero()
                    && sample.is_some_and(|s| s.is_sign_negative() != remaining.is_sign_negative())
            } else {
                !remaining.is_zero() && removed.is_sign_negative() != remaining.is_sign_negative()
            };
            if kept_other {
                let (took, kept) = match nature {
                    Nature::Charge => ("charges", "gains"),
                    _ => ("gains", "charges"),
                };
                push("NG008", Some(a), Diagnostic::at(&adjustment.site, format!(
                    "adjustment `{}` excludes {took} from `{}`, while {kept} of the same line stay in the measure in period {}",
                    adjustment.id, statement.line(line).id, period.id
                ))
                .help(format!("exclude the {kept} as well, or set nature = \"mixed\" if the adjustment takes out both")));
                return;
            }
        }
    }
}

/// NG016: an exclusion whose effect contradicts its `nature`: a gain whose
/// exclusion raises the total its lines roll up to (net income, or a
/// cash-flow total), as excluding a charge does, or a charge whose
/// exclusion lowers it. The first reported period where it does; a sign
/// slip in an amount, or a nature set wrong.
fn against_its_nature(
    statement: &Statement,
    adjustment: &Adjustment,
    a: usize,
    adjusted: &crate::engine::AdjustedStatement,
) -> Option<Diagnostic> {
    use crate::raw::StatementKind;
    let nature = adjustment.nature.filter(|n| *n != Nature::Mixed)?;
    if !matches!(
        adjustment.rule,
        AdjustmentRule::ExcludeLine { .. } | AdjustmentRule::ExcludeAmounts { .. }
    ) {
        return None;
    }
    // The totals its lines roll up to, once each: flows only.
    let mut roots: Vec<LineId> = Vec::new();
    for line in targets(adjustment) {
        let mut at = line;
        while let Some((parent, _)) = statement.line(at).parent {
            at = parent;
        }
        if statement.line(at).statement != StatementKind::BalanceSheet && !roots.contains(&at) {
            roots.push(at);
        }
    }
    for (c, &ix) in adjusted.period_index.iter().enumerate() {
        let period = &statement.periods[ix];
        if period.derived.is_some() || !adjustment.applies_to(ix) {
            continue;
        }
        for &root in &roots {
            let effect = adjusted.columns[c][root.0].effects[a];
            let (moved, acts_as) = match nature {
                Nature::Gain if effect.is_sign_positive() && !effect.is_zero() => {
                    ("raises", "a charge")
                }
                Nature::Charge if effect.is_sign_negative() && !effect.is_zero() => {
                    ("lowers", "a gain")
                }
                _ => continue,
            };
            let said = match nature {
                Nature::Gain => "gain",
                _ => "charge",
            };
            let site = adjustment.nature_site.as_ref().unwrap_or(&adjustment.site);
            return Some(
                Diagnostic::at(
                    site,
                    format!(
                        "adjustment `{}` is marked nature = \"{said}\", but in period {} excluding it {moved} `{}` by {}, as excluding {acts_as} does",
                        adjustment.id,
                        period.id,
                        statement.line(root).id,
                        plain(effect.abs())
                    ),
                )
                .note("Rule 100(b): a non-GAAP measure may not mislead; excluding a gain lowers the measure and excluding a charge raises it, so the amount's sign or the nature is wrong")
                .help(format!(
                    "check the sign of the amount in period {} against the release (an amount has its line's sign: a charge in an expense line, or a gain in other income, is positive), or set nature to what the item is",
                    period.id
                ))
                .in_period(period.id.clone()),
            );
        }
    }
    None
}

/// NG009: an adjustment left out of a presented period where its line is
/// not nil.
fn applied_unevenly(
    statement: &Statement,
    adjustment: &Adjustment,
    a: usize,
    adjusted: &crate::engine::AdjustedStatement,
    push: &mut impl FnMut(&'static str, Option<usize>, Diagnostic),
) {
    let AdjustmentRule::ExcludeLine { line } = adjustment.rule else {
        return;
    };
    for (c, columns) in adjusted.columns.iter().enumerate() {
        let ix = adjusted.period_index[c];
        let period = &statement.periods[ix];
        if adjustment.applies_to(ix) {
            continue;
        }
        if let Some(v) = columns[line.0].gaap.filter(|v| !v.is_zero()) {
            push("NG009", Some(a), Diagnostic::at(&adjustment.site, format!(
                "adjustment `{}` is not applied in period {}, where `{}` is {}",
                adjustment.id, period.id, statement.line(line).id, plain(v)
            ))
            .help("apply it in every presented period, or allow NG009 with the explanation the release gives"));
            return;
        }
    }
}

/// A label that says what it is: non-GAAP, adjusted, or a measure defined
/// as non-GAAP by name.
fn identifies_itself(label: &str) -> bool {
    [
        "non-gaap",
        "adjusted",
        "core ",
        "free cash flow",
        "ebitda",
        "ebit",
        "funds from operations",
        "ffo",
        "tangible",
        "pro forma",
    ]
    .iter()
    .any(|w| label.contains(w))
}

/// EBIT or EBITDA spelled out in a normalised label, in any case, with or
/// without commas, "and", "&" or hyphens: "earnings before interest and
/// taxes" is `ebit`; with "depreciation and amortization" (or
/// "amortisation", in either order) after it, `ebitda`.
fn spelled_out_ebit(label: &str) -> Option<&'static str> {
    let spaced: String = label
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().filter(|w| *w != "and").collect();
    let tax = |w: &str| matches!(w, "tax" | "taxes" | "taxation");
    let da = |w: &str| matches!(w, "depreciation" | "amortization" | "amortisation");
    (0..words.len()).find_map(|i| {
        let rest = &words[i..];
        if rest.len() < 4 || rest[..3] != ["earnings", "before", "interest"] {
            return None;
        }
        // "income taxes" as well as "taxes".
        let after = if rest[3] == "income" { 4 } else { 3 };
        if !rest.get(after).is_some_and(|w| tax(w)) {
            return None;
        }
        let tail = &rest[after + 1..];
        let both = tail.len() >= 2 && da(tail[0]) && da(tail[1]) && tail[0] != tail[1];
        Some(if both { "ebitda" } else { "ebit" })
    })
}

fn plain(value: rust_decimal::Decimal) -> String {
    crate::number::format(value, value.scale(), false)
}

/// The findings of the check that runs with every command: NG003, under
/// any date.
pub fn lint(adjustments: &[Adjustment]) -> Vec<Diagnostic> {
    let mut findings = duplicate_labels(adjustments);
    for adjustment in adjustments.iter().filter(|a| a.recurring == Some(true)) {
        if adjustment.allow.iter().any(|x| x.lint == "NG003") {
            continue;
        }
        let Some((word, site)) = called_non_recurring(adjustment) else {
            continue;
        };
        findings.push(
            Diagnostic::at(&site, format!("adjustment `{}` is marked recurring but called {word}", adjustment.id))
                .note(
                    "Item 10(e)(1)(ii)(B): an item may not be called non-recurring, infrequent or unusual when a \
                     similar one occurred within the prior two years or is reasonably likely to recur within two",
                )
                .help("describe the item without that word, or set recurring = false if it truly will not recur")
                .code("NG003")
                .about(Subject::Adjustments(vec![adjustment.id.clone()])),
        );
    }
    findings
}

/// The word an adjustment's label, rationale or tax reason calls it by
/// (non-recurring, infrequent, unusual), and where that word is written.
fn called_non_recurring(adjustment: &Adjustment) -> Option<(&'static str, Site)> {
    let reason = match &adjustment.tax {
        TaxEffect::Nil { reason } => reason.as_str(),
        _ => "",
    };
    let said = normalise(&format!(
        "{} {} {reason}",
        adjustment.label, adjustment.rationale
    ));
    let word = NOT_FOR_RECURRING
        .into_iter()
        .find(|w| calls_itself(&said, w))?;
    let at = where_written(&adjustment.site, word).unwrap_or_else(|| adjustment.site.clone());
    Some((word, at))
}

/// Two rows of one table with the same label cannot be told apart.
pub fn duplicate_labels(adjustments: &[Adjustment]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut seen: std::collections::HashMap<String, &Adjustment> = std::collections::HashMap::new();
    for adjustment in adjustments {
        let label = normalise(&adjustment.label);
        if let Some(first) = seen.get(&label).copied() {
            findings.push(
                Diagnostic::at(
                    &adjustment.site,
                    format!(
                        "adjustments `{}` and `{}` have the same label, \"{}\"",
                        first.id, adjustment.id, adjustment.label
                    ),
                )
                .note(format!(
                    "`{}` is declared at {}",
                    first.id,
                    first.site.position()
                ))
                .help("give each adjustment its own label, as the release's rows differ")
                .code("duplicate-label")
                .about(Subject::Adjustments(vec![
                    first.id.clone(),
                    adjustment.id.clone(),
                ])),
            );
        } else {
            seen.insert(label, adjustment);
        }
    }
    findings
}

/// Lower case, one space between words, and "non recurring" or a word
/// broken over a line ("non-\nrecurring") joined as "non-recurring".
fn normalise(text: &str) -> String {
    // What users paste from Word and PDF: Unicode hyphens and dashes, and
    // non-breaking spaces.
    let text: String = text.chars().filter_map(plain_char).collect();
    let words = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    words
        .replace("non- ", "non-")
        .replace("non recurring", "non-recurring")
}

/// A character as the text checks read it: Unicode hyphens and dashes as
/// `-`, non-breaking spaces as a space, and invisible format characters
/// (soft hyphen, zero-width space, joiner and non-joiner, word joiner,
/// zero-width no-break space) dropped, so "Non\u{ad}recurring" is
/// "nonrecurring".
fn plain_char(c: char) -> Option<char> {
    match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => Some('-'),
        '\u{00a0}' | '\u{202f}' | '\u{2007}' => Some(' '),
        '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => None,
        c => Some(c),
    }
}

/// Whether the text uses the word of the item, not in a denial ("not unusual").
fn calls_itself(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| !text[..at].ends_with("not ") && !text[..at].ends_with("not an "))
}

/// Where a word stands in the file, outside comment lines; else where the
/// rationale starts.
fn where_written(site: &Site, word: &str) -> Option<Site> {
    let text = site.file.text();
    let mut offset = 0;
    let mut rationale = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            // Search the line as `normalise` reads it (Unicode dashes as
            // hyphens, invisible characters dropped, lower case), and point
            // at the original bytes.
            let mut normal = String::new();
            let mut origin: Vec<usize> = Vec::new();
            for (at, c) in line.char_indices() {
                let Some(c) = plain_char(c) else { continue };
                let c = c.to_ascii_lowercase();
                for _ in 0..c.len_utf8() {
                    origin.push(at);
                }
                normal.push(c);
            }
            origin.push(line.len());
            if let Some(at) = normal.find(word) {
                let start = origin[at];
                let end = origin.get(at + word.len()).copied().unwrap_or(line.len());
                return Some(Site::new(&site.file, offset + start..offset + end));
            }
            if trimmed.starts_with("rationale") && rationale.is_none() {
                let at = offset + (line.len() - trimmed.len());
                rationale = Some(Site::new(&site.file, at..at + "rationale".len()));
            }
        }
        offset += line.len();
    }
    rationale
}

/// Stated tax effects implausible for their adjustment: of the same sign as
/// the pre-tax effect they tax, or larger than it, or a tax on nothing. The
/// standard a rate meets by being between 0 and 1, applied to every spelling
/// of the same fact. Reported periods only: a derived one follows them.
/// Real releases print such rows (a valuation allowance released, a tax at
/// a long-term rate, foreign taxes), so each is a warning (NG015) that
/// `allow` lifts, never a refusal.
fn implausible_taxes(
    statement: &crate::model::Statement,
    adjustments: &[Adjustment],
    adjusted: &crate::engine::AdjustedStatement,
) -> Vec<(usize, Diagnostic)> {
    use crate::model::AdjustmentRule;
    use rust_decimal::Decimal;
    let mut findings = Vec::new();
    for (c, &p) in adjusted.period_index.iter().enumerate() {
        let period = &statement.periods[p];
        if period.derived.is_some() {
            continue;
        }
        for (a, adjustment) in adjustments.iter().enumerate() {
            let (TaxEffect::Amounts(amounts) | TaxEffect::AfterTax(amounts)) = &adjustment.tax
            else {
                continue;
            };
            if adjustment.rule == AdjustmentRule::TaxOnly || !adjustment.applies_to(p) {
                continue;
            }
            let (Some(&stated), Some(&base)) = (amounts.get(&p), adjusted.taxable[c].get(a)) else {
                continue;
            };
            // Stated after tax: the tax effect is what lies between.
            let tax = match &adjustment.tax {
                TaxEffect::AfterTax(_) => match stated.checked_sub(base) {
                    Some(tax) => tax,
                    None => continue,
                },
                _ => stated,
            };
            if tax.is_zero() {
                continue;
            }
            let same_sign = !base.is_zero() && tax.is_sign_negative() == base.is_sign_negative();
            let larger = tax.abs() > base.abs();
            if !same_sign && !larger {
                continue;
            }
            let shown = |d: Decimal| crate::number::format(d, d.scale(), false);
            let why = if base.is_zero() {
                "there is no pre-tax effect for it to be the tax of".to_string()
            } else if same_sign {
                "it has the same sign as the pre-tax effect: excluding a charge raises income, so its tax effect lowers it".to_string()
            } else {
                "it is larger than the pre-tax effect it taxes".to_string()
            };
            let site = adjustment.tax_sites.get(&p).unwrap_or(&adjustment.site);
            findings.push((
                a,
                Diagnostic::at(
                    site,
                    format!(
                        "the tax effect of `{}` in period {} is unusual: {} on a pre-tax effect of {}",
                        adjustment.id,
                        period.id,
                        shown(tax),
                        shown(base)
                    ),
                )
                .note(why)
                .note("a tax effect at any rate between 0 and 1 has the opposite sign of the pre-tax effect and is smaller than it")
                .help(format!(
                    "if the release prints this figure (a valuation allowance released, a tax at a long-term rate), allow NG015 in {} with the reason; otherwise check its sign against the release",
                    adjustment.site.file.path().display()
                ))
                .in_period(period.id.clone()),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_over_lines_or_spaces_still_count() {
        let said = normalise("A non-\n   recurring charge");
        assert!(calls_itself(&said, "non-recurring"));
        assert!(calls_itself(
            &normalise("a Non Recurring item"),
            "non-recurring"
        ));
    }

    #[test]
    fn invisible_characters_do_not_hide_a_word() {
        for pasted in [
            "Non\u{ad}-recurring",
            "Non\u{ad}recurring",
            "non-recur\u{ad}ring",
            "non\u{200b}-recurring",
            "non-\u{200c}recurring",
            "non\u{200d}recurring",
            "non-recur\u{2060}ring",
        ] {
            let said = normalise(pasted);
            assert!(
                calls_itself(&said, "non-recurring") || calls_itself(&said, "nonrecurring"),
                "{pasted:?} read as {said:?}"
            );
        }
    }

    #[test]
    fn ebit_and_ebitda_spelled_out_are_recognised() {
        for (label, named) in [
            (
                "Earnings before interest, taxes, depreciation and amortization",
                Some("ebitda"),
            ),
            (
                "Adjusted EARNINGS BEFORE INTEREST, TAXES, DEPRECIATION & AMORTIZATION",
                Some("ebitda"),
            ),
            (
                "earnings before interest taxes depreciation amortisation",
                Some("ebitda"),
            ),
            (
                "Earnings-before-interest-taxes-depreciation-and-amortization",
                Some("ebitda"),
            ),
            (
                "Earnings before interest, income taxes, amortization and depreciation",
                Some("ebitda"),
            ),
            ("Earnings before interest and taxes", Some("ebit")),
            ("earnings before interest & tax", Some("ebit")),
            ("Earnings before interest", None),
            ("Earnings before taxes", None),
            ("Adjusted net income", None),
        ] {
            assert_eq!(spelled_out_ebit(&normalise(label)), named, "{label}");
        }
    }

    #[test]
    fn a_denial_is_not_a_claim() {
        assert!(!calls_itself(
            &normalise("this is not unusual for us"),
            "unusual"
        ));
        assert!(calls_itself(
            &normalise("not part of operations; unusual in size"),
            "unusual"
        ));
    }
}

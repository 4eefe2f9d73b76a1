//! Tie-out of the figures the release itself prints for its non-GAAP
//! measures (`[period.non_gaap]`, `[period.non_gaap_adjustments]`): each is
//! compared with the computed figure at the precision printed, and a
//! difference within the range the rounded inputs allow ties "within
//! rounding". A mismatch is a finding at the recorded figure, with both
//! values, the difference, the items behind the computed one and the range.

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Subject};
use crate::engine;
use crate::model::{
    Adjustment, NonGaapMeasure, Period, Published, PublishedFigure, RatioTerm, Statement,
};
use crate::number;
use crate::rounding::Interval;
use crate::source::Site;
use crate::view::{self, Block};

/// What the published figures' tie-out found.
#[derive(Debug, Default)]
pub struct PublishedTieOut {
    pub findings: Vec<Diagnostic>,
    /// Published figures compared.
    pub compared: usize,
    /// Of those, the ones that tie only within rounding, described.
    pub within_rounding: Vec<String>,
    /// Every figure compared, with its verdict.
    pub checked: Vec<crate::tieout::Checked>,
}

/// Compares every recorded figure of every duration period, a derived one
/// (a fourth quarter as the year less nine months) included.
pub fn tie_out(statement: &Statement, adjustments: &[Adjustment]) -> PublishedTieOut {
    tie_out_with(
        statement,
        adjustments,
        &engine::Adjuster::new(statement, adjustments),
    )
}

/// `tie_out`, reading the adjusted statement of a run's `Adjuster` of the
/// same model, so it is not built again.
pub fn tie_out_with(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
) -> PublishedTieOut {
    let mut report = PublishedTieOut::default();
    for (index, period) in statement.periods.iter().enumerate() {
        if period.published.is_empty() {
            continue;
        }
        // A period the engine cannot adjust is reported by the command.
        let Ok(adjusted) = adjuster.adjust(&[index]) else {
            continue;
        };
        let precision = crate::precision::Precision {
            statement,
            adjustments,
            period: index,
            adjusted: &adjusted,
        };
        for published in &period.published {
            tie_out_figure(&precision, period, published, &mut report);
        }
    }
    per_share_amounts(statement, adjustments, adjuster, &mut report);
    report
}

/// One recorded figure against the computed one: counted and checked, then
/// reported as within rounding or as a finding unless the two are equal.
fn tie_out_figure(
    precision: &crate::precision::Precision,
    period: &Period,
    published: &Published,
    report: &mut PublishedTieOut,
) {
    let statement = precision.statement;
    let Ok(measures) = NonGaapMeasure::parse_key(&published.key, statement) else {
        return;
    };
    let [measure] = measures[..] else { return };
    let rec = match view::reconciliation(statement, precision.adjusted, &[measure]) {
        Ok(rec) => rec,
        Err(cause) => {
            report
                .findings
                .push(not_recomputable(period, published, &cause));
            return;
        }
    };
    let factor = statement.entity.per_share_factor();
    let Some(comparison) = compare(&rec, published, factor, precision) else {
        return;
    };
    report.compared += 1;
    let printed = published.fact.value;
    let places = printed_places(statement, measure, printed);
    let equal = number::round(comparison.computed, places) == printed;
    let within = comparison
        .range
        .intersects(Interval::printed_at(printed.normalize(), places));
    report.checked.push(checked_figure(
        period,
        published,
        &comparison,
        equal,
        within,
    ));
    if equal {
        return;
    }
    let describe_places = described_places(measure, places);
    if within {
        report.within_rounding.push(format!(
            "{} published {} {}: computed {}; rounded as printed, the inputs allow {}",
            period.id,
            comparison.what,
            plain(printed),
            plain(number::round(comparison.computed, describe_places)),
            comparison.range.describe(describe_places)
        ));
    } else {
        report.findings.push(mismatch(
            period,
            published,
            &comparison,
            places,
            describe_places,
        ));
    }
}

/// The finding for a recorded figure whose measure cannot be computed:
/// never silently unchecked, it says what the figure needs.
fn not_recomputable(period: &Period, published: &Published, cause: &Diagnostic) -> Diagnostic {
    // The measure cannot be computed: its period is withheld.
    Diagnostic::at(
        &published.key_site,
        format!(
            "published `{}` cannot be recomputed in period {}",
            published.key, period.id
        ),
    )
    .note(cause.message().to_string())
    .maybe_help(cause.help_text().map(str::to_string))
    .code("published")
    .in_period(period.id.clone())
}

/// The precision the release prints, however the file writes it ("1046"
/// and "1046.0" alike, in a model printed in whole units): per-share
/// figures to the cent at least, a ratio at its declared places, money at
/// the model's decimals.
fn printed_places(statement: &Statement, measure: NonGaapMeasure, printed: Decimal) -> u32 {
    let written = printed.normalize().scale();
    if measure.is_per_share() {
        written.max(2)
    } else if let NonGaapMeasure::Ratio(i) = measure {
        written.max(statement.ratios[i].places)
    } else if measure.is_ratio() {
        written
    } else {
        written.max(statement.money_decimals())
    }
}

/// The places a computed figure and its range are described at: two more
/// for a per-share figure, one more for a ratio.
fn described_places(measure: NonGaapMeasure, places: u32) -> u32 {
    if measure.is_per_share() {
        places + 2
    } else if measure.is_ratio() {
        places + 1
    } else {
        places
    }
}

/// The row of the tie-out listing for a recorded figure, with its verdict.
fn checked_figure(
    period: &Period,
    published: &Published,
    comparison: &Comparison,
    equal: bool,
    within: bool,
) -> crate::tieout::Checked {
    crate::tieout::Checked {
        period: period.id.clone(),
        kind: if published.what == PublishedFigure::Adjustments {
            "non_gaap_adjustments"
        } else {
            "non_gaap"
        },
        what: published.key.clone(),
        computed: Some(comparison.computed),
        published: published.fact.value,
        range: Some(comparison.range),
        verdict: crate::tieout::verdict(equal, within),
        site: published.fact.site.clone(),
    }
}

/// The finding for a recorded figure outside the range its inputs allow
/// (or a printed total that does not foot with its items).
fn mismatch(
    period: &Period,
    published: &Published,
    comparison: &Comparison,
    places: u32,
    describe_places: u32,
) -> Diagnostic {
    let printed = published.fact.value;
    let adjustments_total = published.what == PublishedFigure::Adjustments;
    let mut finding = Diagnostic::at(
        &published.fact.site,
        format!(
            "published {} does not tie in period {}",
            comparison.what, period.id
        ),
    )
    .label(format!("published {}", plain(printed)))
    .note(format!(
        "{}: {} = {}",
        if adjustments_total {
            "the items as printed sum to"
        } else {
            "computed"
        },
        comparison.items,
        plain(number::round(comparison.computed, describe_places))
    ))
    .note(format!(
        "difference (published - computed): {}",
        printed
            .checked_sub(number::round(comparison.computed, places))
            .map_or("too large to show".to_string(), plain)
    ));
    if !adjustments_total {
        finding = finding.note(format!(
            "rounded as printed, the inputs allow {}: the published figure is outside it",
            comparison.range.describe(describe_places)
        ));
    }
    finding
        .help(if adjustments_total {
            "a printed total foots with its items as printed: check the total and each item against the release"
        } else {
            "check the figure against the release, and the adjustments behind it"
        })
        .code("published")
        .about(Subject::Published)
        .in_period(period.id.clone())
}

/// The per-share amounts the release prints for each adjustment
/// (`[per_share]` in its file), against the amount divided by the shares.
fn per_share_amounts(
    statement: &Statement,
    adjustments: &[Adjustment],
    adjuster: &engine::Adjuster,
    report: &mut PublishedTieOut,
) {
    for (index, period) in statement.periods.iter().enumerate() {
        let printed_here = adjustments.iter().any(|a| {
            a.per_share.basic.contains_key(&index) || a.per_share.diluted.contains_key(&index)
        });
        if !printed_here || period.derived.is_some() {
            continue;
        }
        let Ok(adjusted) = adjuster.adjust(&[index]) else {
            continue;
        };
        for (measure, basis) in [
            (NonGaapMeasure::EpsBasic, view::ShareBasis::Basic),
            (NonGaapMeasure::EpsDiluted, view::ShareBasis::Diluted),
        ] {
            let Ok(rec) = view::reconciliation(statement, &adjusted, &[measure]) else {
                continue;
            };
            let Some(column) = rec.per_share(basis).and_then(|b| b.columns[0].as_ref()) else {
                continue;
            };
            // The release's own per-share bridge is made of these amounts:
            // there is nothing to compare them with.
            if column.bridge {
                continue;
            }
            let amounts = PerShareAmounts {
                period,
                index,
                rec: &rec,
                column,
                basis,
                factor: statement.entity.per_share_factor(),
            };
            for (a, adjustment) in adjustments.iter().enumerate() {
                amounts.tie_out(a, adjustment, report);
            }
        }
    }
}

/// One period's per-share column on one share basis, against which the
/// per-share amounts printed for its adjustments are tied out.
struct PerShareAmounts<'a> {
    period: &'a Period,
    index: usize,
    rec: &'a view::Reconciliation,
    column: &'a view::PerShareColumn,
    basis: view::ShareBasis,
    factor: Decimal,
}

impl PerShareAmounts<'_> {
    /// The basis as a message names it.
    fn basis_name(&self) -> &'static str {
        match self.basis {
            view::ShareBasis::Basic => "basic",
            view::ShareBasis::Diluted => "diluted",
        }
    }

    /// The amount printed for one adjustment, if any: counted and checked,
    /// then reported as within rounding or as a finding unless equal.
    fn tie_out(&self, a: usize, adjustment: &Adjustment, report: &mut PublishedTieOut) {
        let table = match self.basis {
            view::ShareBasis::Basic => &adjustment.per_share.basic,
            view::ShareBasis::Diluted => &adjustment.per_share.diluted,
        };
        let Some((printed, site)) = table.get(&self.index) else {
            return;
        };
        report.compared += 1;
        let computed = if self.rec.adjustments[a].tax_only {
            self.column.taxes[a]
        } else {
            self.column.effects[a]
        };
        let equal = number::round(computed, printed.scale().max(2)) == *printed;
        let range = self.range(computed);
        let basis_name = self.basis_name();
        report.checked.push(crate::tieout::Checked {
            period: self.period.id.clone(),
            kind: "per_share_amount",
            what: format!("{}.eps-{basis_name}", adjustment.id),
            computed: Some(computed),
            published: *printed,
            range,
            verdict: crate::tieout::verdict(
                equal,
                range.is_some_and(|r| r.intersects(Interval::printed_at(*printed, 2))),
            ),
            site: site.clone(),
        });
        if equal {
            return;
        }
        match range {
            Some(range) if range.intersects(Interval::printed_at(*printed, 2)) => {
                report.within_rounding.push(format!(
                    "{} `{}` per {basis_name} share {}: computed {}; rounded as printed, the inputs allow {}",
                    self.period.id,
                    adjustment.id,
                    plain(*printed),
                    plain(number::round(computed, 4)),
                    range.describe(4)
                ));
            }
            range => report
                .findings
                .push(self.mismatch(adjustment, site, *printed, computed, range)),
        }
    }

    /// The amount within half a unit, over the count as printed.
    fn range(&self, computed: Decimal) -> Option<Interval> {
        let count = self.column.non_gaap_shares.count;
        computed.checked_mul(count).and_then(|amount| {
            Interval::around(amount, Decimal::new(5, 1) * self.factor)
                .over(Interval::printed(count))
        })
    }

    /// The finding for a printed per-share amount outside its range.
    fn mismatch(
        &self,
        adjustment: &Adjustment,
        site: &Site,
        printed: Decimal,
        computed: Decimal,
        range: Option<Interval>,
    ) -> Diagnostic {
        let basis_name = self.basis_name();
        Diagnostic::at(
            site,
            format!(
                "the per-{basis_name}-share amount printed for `{}` does not tie in period {}",
                adjustment.id, self.period.id
            ),
        )
        .label(format!("printed {}", plain(printed)))
        .note(format!(
            "computed: the amount divided by {} {basis_name} shares = {}",
            plain(self.column.non_gaap_shares.count),
            plain(number::round(computed, 4))
        ))
        .note(match range {
            Some(range) => format!(
                "rounded as printed, the inputs allow {}: the printed figure is outside it",
                range.describe(4)
            ),
            None => "the inputs' range cannot be computed".to_string(),
        })
        .help("check the per-share amount against the release")
        .code("published")
        .about(Subject::Published)
        .in_period(self.period.id.clone())
    }
}

struct Comparison {
    what: String,
    computed: Decimal,
    items: String,
    range: Interval,
}

/// The computed figure a recorded one is compared with, its items and the
/// range rounded inputs allow.
fn compare(
    rec: &view::Reconciliation,
    published: &Published,
    factor: Decimal,
    precision: &crate::precision::Precision,
) -> Option<Comparison> {
    match rec.blocks.first()? {
        Block::Amount(block) => compare_amount(rec, block, published, precision),
        Block::PerShare(block) => compare_per_share(rec, block, factor, precision),
        Block::Ratio(block) => compare_ratio(block, precision),
    }
}

/// A money measure, or the total of its adjustments, against its items.
fn compare_amount(
    rec: &view::Reconciliation,
    block: &view::AmountBlock,
    published: &Published,
    precision: &crate::precision::Precision,
) -> Option<Comparison> {
    let column = block.columns.first()?;
    let items = amount_items(rec, block, column);
    let list = items
        .iter()
        .map(|(label, v)| format!("{label} {}", plain(*v)))
        .collect::<Vec<_>>();
    match published.what {
        PublishedFigure::NonGaap => {
            // Each input within half a unit of its last written
            // digit, through the measure's formula.
            let width = precision.measure(
                &precision.lines(block.measure),
                &block.moves,
                block.after_tax,
            );
            Some(Comparison {
                what: block.non_gaap_label.clone(),
                computed: column.non_gaap,
                items: std::iter::once(format!("{} {}", block.gaap_label, plain(column.gaap)))
                    .chain(list)
                    .collect::<Vec<_>>()
                    .join(" + "),
                range: Interval::around(column.non_gaap, width),
            })
        }
        PublishedFigure::Adjustments => {
            // A printed total of the adjustments foots with its items
            // as printed: a total one off its items is the slip a
            // reviewer looks for, so there is no range here.
            let places = published.fact.value.scale();
            let total = items.iter().try_fold(Decimal::ZERO, |s, (_, v)| {
                s.checked_add(number::round(*v, places))
            })?;
            Some(Comparison {
                what: format!("total of the adjustments to {}", block.gaap_label),
                computed: total,
                items: if list.is_empty() {
                    "no items".to_string()
                } else {
                    list.join(" + ")
                },
                range: Interval::exact(total),
            })
        }
    }
}

/// The items from the GAAP figure to the measure: its terms, each moving
/// adjustment, the combined tax effect, and the taxes on their own lines.
fn amount_items(
    rec: &view::Reconciliation,
    block: &view::AmountBlock,
    column: &view::AmountColumn,
) -> Vec<(String, Decimal)> {
    let mut items: Vec<(String, Decimal)> = block
        .term_labels
        .iter()
        .cloned()
        .zip(column.terms.iter().copied())
        .collect();
    for (a, adjustment) in rec.adjustments.iter().enumerate() {
        if block.moves[a] && !adjustment.tax_only {
            items.push((adjustment.label.clone(), column.effects[a]));
        }
    }
    let own = |a: usize| rec.adjustments[a].tax_own_line || rec.adjustments[a].tax_only;
    if (0..rec.adjustments.len()).any(|a| block.taxed[a] && !own(a)) {
        items.push(("income tax effect of adjustments".to_string(), column.tax));
    }
    for (a, adjustment) in rec.adjustments.iter().enumerate() {
        if (block.taxed[a] && adjustment.tax_own_line) || (block.moves[a] && adjustment.tax_only) {
            items.push((adjustment.label.clone(), column.taxes[a]));
        }
    }
    items
}

/// A per-share measure: the release's own bridge summed, or the numerator
/// over the count.
fn compare_per_share(
    rec: &view::Reconciliation,
    block: &view::PerShareBlock,
    factor: Decimal,
    precision: &crate::precision::Precision,
) -> Option<Comparison> {
    let column = block.columns.first()?.as_ref()?;
    if column.bridge {
        return per_share_bridge(rec, block, column);
    }
    // The numerator: each input within half a unit of its last
    // written digit, through the measure's formula; narrowed by the
    // numerator the release prints, where recorded. The count as
    // printed.
    let count = column.non_gaap_shares.count;
    let amount = match block.measure {
        NonGaapMeasure::NetIncome if rec.preferred_dividends => {
            NonGaapMeasure::IncomeAvailableToCommon
        }
        other => other,
    };
    let width = precision.measure(&precision.lines(amount), &block.moves, block.after_tax);
    // Dollars per share times shares: the numerator in money units
    // times the factor between money and share units.
    let numerator = column.non_gaap.checked_mul(count)?;
    let mut money = Interval::around(numerator, width.checked_mul(factor)?);
    let period = &precision.statement.periods[precision.period];
    if let Some(printed) = period.published.iter().find(|p| {
        p.what == PublishedFigure::NonGaap
            && NonGaapMeasure::parse_key(&p.key, precision.statement)
                .is_ok_and(|m| m == [amount] || m == [block.measure])
    }) && column.if_converted.is_zero()
    {
        // A printed numerator the computed range misses is a finding
        // of its own; the range is then left as computed.
        let printed = Interval::printed(printed.fact.value).scale(factor)?;
        money = money.intersect(printed).unwrap_or(money);
    }
    let range = money.over(Interval::printed(count))?;
    Some(Comparison {
        what: block.non_gaap_label.clone(),
        computed: column.non_gaap,
        items: format!(
            "{} / {} {}",
            plain(number::round(numerator, 2)),
            plain(count),
            match (&block.stated_count, column.non_gaap_shares.basis) {
                (Some(name), _) => format!("shares (`{name}`)"),
                (None, view::ShareBasis::Basic) => "basic shares".to_string(),
                (None, view::ShareBasis::Diluted) => "diluted shares".to_string(),
            }
        ),
        range,
    })
}

/// The release's own per-share bridge: each printed amount within half a
/// unit of its last digit, summed.
fn per_share_bridge(
    rec: &view::Reconciliation,
    block: &view::PerShareBlock,
    column: &view::PerShareColumn,
) -> Option<Comparison> {
    let mut range = Interval::printed(column.gaap);
    let mut items = vec![format!("{} {}", block.gaap_label, plain(column.gaap))];
    for (a, summary) in rec.adjustments.iter().enumerate() {
        let v = if summary.tax_only {
            column.taxes[a]
        } else {
            column.effects[a]
        };
        if block.moves[a] && !v.is_zero() {
            range = range.plus(Interval::printed(v))?;
            items.push(format!("{} {}", summary.label, plain(v)));
        }
    }
    Some(Comparison {
        what: block.non_gaap_label.clone(),
        computed: column.non_gaap,
        items: items.join(" + "),
        range,
    })
}

/// A ratio or margin: each term within what its inputs allow, through the
/// division.
fn compare_ratio(
    block: &view::RatioBlock,
    precision: &crate::precision::Precision,
) -> Option<Comparison> {
    let margin = (*block.columns.first()?)?;
    let (numerator, denominator) = *block.parts.first()?;
    let statement = precision.statement;
    let (num, den, annual) = ratio_terms(block.measure, precision)?;
    let wn = precision
        .term(num)
        .checked_mul(annual.unwrap_or(Decimal::ONE).abs())?;
    let multiplier = match block.measure {
        NonGaapMeasure::Ratio(i) => statement.ratios[i].unit.multiplier(),
        _ => Decimal::ONE_HUNDRED,
    };
    let narrow = |range: Interval, printed: Option<Interval>| match printed {
        Some(p) => range.intersect(p).unwrap_or(range),
        None => range,
    };
    let annual_factor = annual.unwrap_or(Decimal::ONE);
    let num_range = narrow(
        Interval::around(numerator, wn),
        printed_term(num, precision).and_then(|p| p.scale(annual_factor)),
    );
    let den_range = narrow(
        Interval::around(denominator, precision.term(den)),
        printed_term(den, precision),
    );
    let range = num_range.over(den_range)?.scale(multiplier)?;
    Some(Comparison {
        what: format!("non-GAAP {}", block.label),
        computed: margin.non_gaap?,
        items: format!(
            "{} / {} x {multiplier}",
            plain(numerator),
            plain(denominator)
        ),
        range,
    })
}

/// A ratio's numerator and denominator terms, and its annualization factor
/// where it has one.
fn ratio_terms(
    measure: NonGaapMeasure,
    precision: &crate::precision::Precision,
) -> Option<(RatioTerm, RatioTerm, Option<Decimal>)> {
    let statement = precision.statement;
    let line = |m: NonGaapMeasure| {
        m.terms(statement)
            .ok()
            .and_then(|t| t.first().map(|&(l, _)| RatioTerm::Line(l)))
    };
    Some(match measure {
        NonGaapMeasure::Ratio(i) => {
            let r = &statement.ratios[i];
            let period = &statement.periods[precision.period];
            let annual = statement.annualization(period, r).ok().flatten();
            (r.numerator, r.denominator, annual)
        }
        NonGaapMeasure::GrossMargin => (
            line(NonGaapMeasure::GrossProfit)?,
            line(NonGaapMeasure::Revenue)?,
            None,
        ),
        NonGaapMeasure::OperatingMargin => (
            line(NonGaapMeasure::OperatingIncome)?,
            line(NonGaapMeasure::Revenue)?,
            None,
        ),
        _ => (
            line(NonGaapMeasure::NetIncome)?,
            line(NonGaapMeasure::Revenue)?,
            None,
        ),
    })
}

/// A term the release prints as a non-GAAP figure of its own (non-GAAP
/// operating income under the operating margin): the range that printed
/// figure allows, which narrows the term's.
fn printed_term(term: RatioTerm, precision: &crate::precision::Precision) -> Option<Interval> {
    let statement = precision.statement;
    let period = &statement.periods[precision.period];
    period.published.iter().find_map(|p| {
        if p.what != PublishedFigure::NonGaap {
            return None;
        }
        let [m] = NonGaapMeasure::parse_key(&p.key, statement).ok()?[..] else {
            return None;
        };
        let same = match term {
            RatioTerm::Measure(i) => m == NonGaapMeasure::Declared(i),
            RatioTerm::Line(l) => m.terms(statement).is_ok_and(|t| t == [(l, Decimal::ONE)]),
        };
        same.then(|| Interval::printed(p.fact.value))
    })
}

fn plain(value: Decimal) -> String {
    if value.is_zero() {
        return "0".to_string();
    }
    let shown = number::format(value.abs(), value.scale(), false);
    if value.is_sign_negative() {
        format!("-{shown}")
    } else {
        shown
    }
}

//! The engine: pure arithmetic from a statement model, its adjustments, the
//! chosen periods and measures to a reconciliation of each measure from GAAP
//! to non-GAAP, per share included. Nothing is rounded here; rendering rounds.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Adjustment, AdjustmentRule, Derivation, LineId, Measure, NonGaapMeasure, Period, PeriodHeading,
    Statement, TaxEffect, Units,
};

/// GAAP to non-GAAP, for each chosen measure and period.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    pub entity: String,
    /// Units of money and share counts; per-share figures are dollars.
    pub units: Units,
    pub adjustments: Vec<AdjustmentSummary>,
    /// The columns, in the order chosen.
    pub periods: Vec<PeriodHeading>,
    /// One block per measure, in the order chosen.
    pub blocks: Vec<Block>,
    /// The statement deducts preferred dividends from net income for EPS.
    pub preferred_dividends: bool,
}

/// What the table says about an adjustment besides its figures.
#[derive(Debug, Clone)]
pub struct AdjustmentSummary {
    pub id: String,
    pub label: String,
    pub rationale: String,
    pub tax: TaxEffect,
    /// Its tax effect has a row of its own.
    pub tax_own_line: bool,
    /// It changes income tax only; its row is its tax effect.
    pub tax_only: bool,
}

#[derive(Debug, Clone)]
pub enum Block {
    Amount(AmountBlock),
    PerShare(PerShareBlock),
}

/// A money measure reconciled, in the entity's units.
#[derive(Debug, Clone)]
pub struct AmountBlock {
    pub measure: NonGaapMeasure,
    /// Per adjustment: whether it can move this measure at all, from where
    /// its line items sit in the roll-ups.
    pub moves: Vec<bool>,
    pub columns: Vec<AmountColumn>,
}

/// Invariant: `non_gaap == gaap + sum(effects) + sum(taxes)`, exactly.
#[derive(Debug, Clone)]
pub struct AmountColumn {
    pub gaap: Decimal,
    /// Each adjustment's pre-tax effect, in adjustment order; zero where it
    /// does not apply.
    pub effects: Vec<Decimal>,
    /// Each adjustment's income-tax effect; zero for pre-tax measures.
    pub taxes: Vec<Decimal>,
    /// The one combined income-tax row: the taxes of the adjustments that
    /// move the measure, are not tax-only and ask for no row of their own.
    pub tax: Decimal,
    pub non_gaap: Decimal,
    /// Gross margin, for gross profit: percent of revenue, GAAP and non-GAAP.
    pub margin: Option<Margin>,
    /// Revenue, GAAP and non-GAAP, behind the margin (for gross profit).
    pub revenue: Option<(Decimal, Decimal)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margin {
    pub gaap: Decimal,
    pub non_gaap: Decimal,
}

/// Net income (loss) available to common shareholders, per share.
#[derive(Debug, Clone)]
pub struct PerShareBlock {
    pub basis: ShareBasis,
    pub moves: Vec<bool>,
    /// `None` where the period records no weighted shares.
    pub columns: Vec<Option<PerShareColumn>>,
}

/// Per-share figures, unrounded, in dollars. Invariant: `gaap +
/// share_count_effect + sum(effects) + sum(taxes) == non_gaap` up to the
/// last of 28 digits, so the column foots before rounding.
#[derive(Debug, Clone)]
pub struct PerShareColumn {
    pub gaap_shares: SharesUsed,
    pub non_gaap_shares: SharesUsed,
    /// GAAP income available to common / GAAP shares.
    pub gaap: Decimal,
    /// The GAAP figure restated on the non-GAAP share count, less `gaap`:
    /// nonzero only when the two use different counts.
    pub share_count_effect: Decimal,
    pub effects: Vec<Decimal>,
    pub taxes: Vec<Decimal>,
    /// The combined income-tax row, per share.
    pub tax: Decimal,
    pub non_gaap: Decimal,
    /// The non-GAAP result is income and the GAAP one a loss, but the model
    /// records no `non_gaap_diluted` count: the reported diluted count was
    /// used, which may leave out potential shares.
    pub diluted_count_missing: bool,
}

/// The weighted share count a per-share figure divides by, and which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharesUsed {
    pub count: Decimal,
    pub basis: ShareBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareBasis {
    /// Diluted shares, potential shares included: for income.
    Diluted,
    /// Basic shares: always for basic EPS; for a loss in diluted EPS,
    /// because potential shares are then anti-dilutive.
    Basic,
}

impl Reconciliation {
    /// The block reconciling a money measure, if it was chosen.
    pub fn amount(&self, measure: NonGaapMeasure) -> Option<&AmountBlock> {
        self.blocks.iter().find_map(|b| match b {
            Block::Amount(a) if a.measure == measure => Some(a),
            _ => None,
        })
    }

    /// The per-share block on a basis, if it was chosen.
    pub fn per_share(&self, basis: ShareBasis) -> Option<&PerShareBlock> {
        self.blocks.iter().find_map(|b| match b {
            Block::PerShare(p) if p.basis == basis => Some(p),
            _ => None,
        })
    }
}

/// Reconciles each measure for each period, in the orders given.
pub fn reconcile(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[&Period],
    measures: &[NonGaapMeasure],
) -> Result<Reconciliation, Diagnostic> {
    let net_income = single_line(statement, NonGaapMeasure::NetIncome)?;
    let ni_moves = moves(statement, adjustments, NonGaapMeasure::NetIncome)?;
    let bottom_lines = periods
        .iter()
        .map(|period| bottom_line(statement, adjustments, period, net_income))
        .collect::<Result<Vec<_>, _>>()?;
    let mut blocks = Vec::with_capacity(measures.len());
    for &measure in measures {
        let block = match measure {
            NonGaapMeasure::EpsBasic | NonGaapMeasure::EpsDiluted => {
                let basis = if measure == NonGaapMeasure::EpsBasic {
                    ShareBasis::Basic
                } else {
                    ShareBasis::Diluted
                };
                let columns = periods
                    .iter()
                    .zip(&bottom_lines)
                    .map(|(period, ni)| per_share(statement, period, ni, basis))
                    .collect::<Result<Vec<_>, _>>()?;
                Block::PerShare(PerShareBlock {
                    basis,
                    moves: ni_moves.clone(),
                    columns,
                })
            }
            _ => {
                let terms = measure.terms(statement)?;
                let moved = moves(statement, adjustments, measure)?;
                let measuring = Measuring {
                    statement,
                    adjustments,
                    measure,
                    terms: &terms,
                    moved: &moved,
                    net_income,
                };
                let columns = periods
                    .iter()
                    .zip(&bottom_lines)
                    .map(|(period, ni)| amount_column(&measuring, period, ni))
                    .collect::<Result<Vec<_>, _>>()?;
                Block::Amount(AmountBlock {
                    measure,
                    moves: moved,
                    columns,
                })
            }
        };
        blocks.push(block);
    }
    Ok(Reconciliation {
        entity: statement.entity.name.clone(),
        units: statement.entity.units,
        adjustments: adjustments
            .iter()
            .map(|a| AdjustmentSummary {
                id: a.id.clone(),
                label: a.label.clone(),
                rationale: a.rationale.clone(),
                tax: a.tax.clone(),
                tax_own_line: a.tax_own_line,
                tax_only: a.rule == AdjustmentRule::TaxOnly,
            })
            .collect(),
        periods: periods.iter().map(|p| statement.heading(p)).collect(),
        blocks,
        preferred_dividends: statement
            .measure_line(Measure::PreferredDividends)
            .is_some(),
    })
}

/// Net income (loss) in one period: GAAP, each adjustment's pre-tax effect
/// and tax effect, and non-GAAP. Every other measure takes its taxes from here.
#[derive(Debug, Clone)]
struct BottomLine {
    gaap: Decimal,
    effects: Vec<Decimal>,
    taxes: Vec<Decimal>,
    combined_tax: Decimal,
    non_gaap: Decimal,
}

fn bottom_line(
    statement: &Statement,
    adjustments: &[Adjustment],
    period: &Period,
    net_income: LineId,
) -> Result<BottomLine, Diagnostic> {
    if let Some(derivation) = &period.derived {
        return derived_bottom_line(statement, adjustments, period, derivation, net_income);
    }
    let too_large = || overflow(period);
    let gaap = required(statement, period, net_income, "net income (loss)")?;
    // A rate taxes what the adjustment moves above the tax line: its effect
    // on income before taxes where the statement tags it. Amounts excluded
    // below the tax line (discontinued operations, net of tax) are not taxed.
    let taxable = [(
        statement
            .measure_line(Measure::PretaxIncome)
            .unwrap_or(net_income),
        Decimal::ONE,
    )];
    let mut effects = Vec::with_capacity(adjustments.len());
    let mut taxes = Vec::with_capacity(adjustments.len());
    for adjustment in adjustments {
        let applies = adjustment.applies_to(&period.id);
        let effect = if applies {
            pre_tax_effect(statement, adjustment, period, &[(net_income, Decimal::ONE)])?
        } else {
            Decimal::ZERO
        };
        let tax = match &adjustment.tax {
            _ if !applies => Decimal::ZERO,
            TaxEffect::Nil { .. } => Decimal::ZERO,
            TaxEffect::Rate(rate) => {
                let base = pre_tax_effect(statement, adjustment, period, &taxable)?;
                -(rate.checked_mul(base).ok_or_else(too_large)?)
            }
            TaxEffect::Amounts(amounts) => amounts.get(&period.id).copied().unwrap_or_default(),
        };
        effects.push(effect);
        taxes.push(tax);
    }
    let non_gaap = sum(gaap, &effects, &taxes).ok_or_else(too_large)?;
    let moved = vec![true; adjustments.len()];
    let combined_tax = combined_tax(adjustments, &moved, &taxes).ok_or_else(too_large)?;
    Ok(BottomLine {
        gaap,
        effects,
        taxes,
        combined_tax,
        non_gaap,
    })
}

/// What one money measure's columns are computed from.
struct Measuring<'a> {
    statement: &'a Statement,
    adjustments: &'a [Adjustment],
    measure: NonGaapMeasure,
    terms: &'a [(LineId, Decimal)],
    moved: &'a [bool],
    net_income: LineId,
}

fn amount_column(
    m: &Measuring,
    period: &Period,
    bottom: &BottomLine,
) -> Result<AmountColumn, Diagnostic> {
    let Measuring {
        statement,
        adjustments,
        measure,
        terms,
        moved,
        ..
    } = *m;
    if let Some(derivation) = &period.derived {
        return derived_amount_column(m, period, derivation);
    }
    let too_large = || overflow(period);
    let gaap = terms.iter().try_fold(Decimal::ZERO, |sum, &(line, sign)| {
        let value = required(
            statement,
            period,
            line,
            &format!("`{}`", statement.line(line).id),
        )?;
        sum.checked_add(value * sign).ok_or_else(too_large)
    })?;
    let mut effects = Vec::with_capacity(adjustments.len());
    for adjustment in adjustments {
        effects.push(if adjustment.applies_to(&period.id) {
            pre_tax_effect(statement, adjustment, period, terms)?
        } else {
            Decimal::ZERO
        });
    }
    let taxes: Vec<Decimal> = if measure.after_tax() {
        bottom
            .taxes
            .iter()
            .zip(moved)
            .map(|(&tax, &m)| if m { tax } else { Decimal::ZERO })
            .collect()
    } else {
        vec![Decimal::ZERO; adjustments.len()]
    };
    let non_gaap = sum(gaap, &effects, &taxes).ok_or_else(too_large)?;
    let tax = combined_tax(adjustments, moved, &taxes).ok_or_else(too_large)?;
    let revenue = if measure == NonGaapMeasure::GrossProfit {
        let revenue_terms = NonGaapMeasure::Revenue.terms(statement)?;
        let revenue = required(statement, period, revenue_terms[0].0, "revenue")?;
        let mut revenue_effects = Vec::with_capacity(adjustments.len());
        for adjustment in adjustments.iter().filter(|a| a.applies_to(&period.id)) {
            revenue_effects.push(pre_tax_effect(
                statement,
                adjustment,
                period,
                &revenue_terms,
            )?);
        }
        let non_gaap_revenue = sum(revenue, &revenue_effects, &[]).ok_or_else(too_large)?;
        Some((revenue, non_gaap_revenue))
    } else {
        None
    };
    Ok(AmountColumn {
        gaap,
        effects,
        taxes,
        tax,
        non_gaap,
        margin: revenue.and_then(|(r, nr)| margin(gaap, r, non_gaap, nr)),
        revenue,
    })
}

/// Gross margin: gross profit as a percent of revenue, GAAP and non-GAAP.
fn margin(
    gaap: Decimal,
    revenue: Decimal,
    non_gaap: Decimal,
    non_gaap_revenue: Decimal,
) -> Option<Margin> {
    Some(Margin {
        gaap: crate::model::percent(gaap, revenue)?,
        non_gaap: crate::model::percent(non_gaap, non_gaap_revenue)?,
    })
}

/// A derived period's figures: the same signed sum of the figures of the
/// periods it comes from. Every figure here is a flow, so the sums are exact;
/// adjustment amounts and stated tax effects follow their own periods.
fn derived_bottom_line(
    statement: &Statement,
    adjustments: &[Adjustment],
    period: &Period,
    derivation: &Derivation,
    net_income: LineId,
) -> Result<BottomLine, Diagnostic> {
    // The derived column is the same sum of the source columns, so an
    // adjustment must apply to all of its sources or to none.
    for adjustment in adjustments {
        let applies: Vec<&str> = derivation
            .terms
            .iter()
            .map(|&(i, _)| statement.periods[i].id.as_str())
            .filter(|id| adjustment.applies_to(id))
            .collect();
        if !applies.is_empty() && applies.len() < derivation.terms.len() {
            return Err(Diagnostic::at(
                &adjustment.site,
                format!(
                    "adjustment `{}` applies to {} but not to every period {} is derived from ({})",
                    adjustment.id,
                    applies.join(", "),
                    period.id,
                    derivation.describe(&statement.periods)
                ),
            )
            .help("list all of those periods in its `periods`, or none of them"));
        }
        // Stated amounts likewise: for all the sources (0 where nil) or none.
        let mut tables: Vec<&BTreeMap<String, Decimal>> = Vec::new();
        if let AdjustmentRule::ExcludeAmounts { parts } = &adjustment.rule {
            tables.extend(parts.iter().map(|p| &p.amounts));
        }
        if let TaxEffect::Amounts(amounts) = &adjustment.tax {
            tables.push(amounts);
        }
        for amounts in tables {
            let (stated, missing): (Vec<&str>, Vec<&str>) = derivation
                .terms
                .iter()
                .map(|&(i, _)| statement.periods[i].id.as_str())
                .partition(|id| amounts.contains_key(*id));
            if !stated.is_empty() && !missing.is_empty() {
                return Err(Diagnostic::at(
                    &adjustment.site,
                    format!(
                        "adjustment `{}` states amounts for {} but not for {}, so {} ({}) cannot be derived",
                        adjustment.id,
                        stated.join(", "),
                        missing.join(", "),
                        period.id,
                        derivation.describe(&statement.periods)
                    ),
                )
                .help("state an amount for each of those periods, writing 0 where it is nil"));
            }
        }
    }
    let mut total: Option<BottomLine> = None;
    for &(index, sign) in &derivation.terms {
        let part = bottom_line(
            statement,
            adjustments,
            &statement.periods[index],
            net_income,
        )?;
        let part = scale_bottom(&part, sign);
        total = Some(match total {
            None => part,
            Some(t) => add_bottom(&t, &part).ok_or_else(|| overflow(period))?,
        });
    }
    total.ok_or_else(|| overflow(period))
}

fn scale_bottom(b: &BottomLine, sign: Decimal) -> BottomLine {
    let each = |v: &[Decimal]| v.iter().map(|x| x * sign).collect();
    BottomLine {
        gaap: b.gaap * sign,
        effects: each(&b.effects),
        taxes: each(&b.taxes),
        combined_tax: b.combined_tax * sign,
        non_gaap: b.non_gaap * sign,
    }
}

fn add_bottom(a: &BottomLine, b: &BottomLine) -> Option<BottomLine> {
    Some(BottomLine {
        gaap: a.gaap.checked_add(b.gaap)?,
        effects: add_all(&a.effects, &b.effects)?,
        taxes: add_all(&a.taxes, &b.taxes)?,
        combined_tax: a.combined_tax.checked_add(b.combined_tax)?,
        non_gaap: a.non_gaap.checked_add(b.non_gaap)?,
    })
}

fn derived_amount_column(
    m: &Measuring,
    period: &Period,
    derivation: &Derivation,
) -> Result<AmountColumn, Diagnostic> {
    let mut total: Option<AmountColumn> = None;
    for &(index, sign) in &derivation.terms {
        let source = &m.statement.periods[index];
        let bottom = bottom_line(m.statement, m.adjustments, source, m.net_income)?;
        let part = amount_column(m, source, &bottom)?;
        let part = scale_amount(&part, sign);
        total = Some(match total {
            None => part,
            Some(t) => add_amount(&t, &part).ok_or_else(|| overflow(period))?,
        });
    }
    let mut column = total.ok_or_else(|| overflow(period))?;
    column.margin = column
        .revenue
        .and_then(|(r, nr)| margin(column.gaap, r, column.non_gaap, nr));
    Ok(column)
}

fn scale_amount(c: &AmountColumn, sign: Decimal) -> AmountColumn {
    let each = |v: &[Decimal]| v.iter().map(|x| x * sign).collect();
    AmountColumn {
        gaap: c.gaap * sign,
        effects: each(&c.effects),
        taxes: each(&c.taxes),
        tax: c.tax * sign,
        non_gaap: c.non_gaap * sign,
        margin: None,
        revenue: c.revenue.map(|(r, nr)| (r * sign, nr * sign)),
    }
}

fn add_amount(a: &AmountColumn, b: &AmountColumn) -> Option<AmountColumn> {
    Some(AmountColumn {
        gaap: a.gaap.checked_add(b.gaap)?,
        effects: add_all(&a.effects, &b.effects)?,
        taxes: add_all(&a.taxes, &b.taxes)?,
        tax: a.tax.checked_add(b.tax)?,
        non_gaap: a.non_gaap.checked_add(b.non_gaap)?,
        margin: None,
        revenue: match (a.revenue, b.revenue) {
            (Some((r1, n1)), Some((r2, n2))) => Some((r1.checked_add(r2)?, n1.checked_add(n2)?)),
            _ => None,
        },
    })
}

fn add_all(a: &[Decimal], b: &[Decimal]) -> Option<Vec<Decimal>> {
    a.iter().zip(b).map(|(x, y)| x.checked_add(*y)).collect()
}

fn per_share(
    statement: &Statement,
    period: &Period,
    ni: &BottomLine,
    basis: ShareBasis,
) -> Result<Option<PerShareColumn>, Diagnostic> {
    let Some(shares) = &period.shares else {
        return Ok(None);
    };
    let overflow = || overflow(period);
    // Income available to common shareholders.
    let preferred = statement.preferred_dividends(period)?;
    let gaap_numerator = ni.gaap.checked_sub(preferred).ok_or_else(overflow)?;
    let non_gaap_numerator = ni.non_gaap.checked_sub(preferred).ok_or_else(overflow)?;
    let basic = SharesUsed {
        count: shares.basic.value,
        basis: ShareBasis::Basic,
    };
    let diluted = SharesUsed {
        count: shares.diluted.value,
        basis: ShareBasis::Diluted,
    };
    let loss = |n: Decimal| n < Decimal::ZERO;
    let mut diluted_count_missing = false;
    let (gaap_shares, non_gaap_shares) = match basis {
        ShareBasis::Basic => (basic, basic),
        ShareBasis::Diluted => {
            let gaap_shares = if loss(gaap_numerator) { basic } else { diluted };
            let non_gaap_shares = if loss(non_gaap_numerator) {
                basic
            } else if loss(gaap_numerator) {
                match &shares.non_gaap_diluted {
                    Some(fact) => SharesUsed {
                        count: fact.value,
                        basis: ShareBasis::Diluted,
                    },
                    None => {
                        diluted_count_missing = shares.diluted.value == shares.basic.value;
                        diluted
                    }
                }
            } else {
                diluted
            };
            (gaap_shares, non_gaap_shares)
        }
    };
    let per =
        |amount: Decimal, shares: SharesUsed| amount.checked_div(shares.count).ok_or_else(overflow);
    let gaap = per(gaap_numerator, gaap_shares)?;
    let restated = per(gaap_numerator, non_gaap_shares)?;
    let each = |values: &[Decimal]| {
        values
            .iter()
            .map(|&v| per(v, non_gaap_shares))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(Some(PerShareColumn {
        gaap_shares,
        non_gaap_shares,
        gaap,
        share_count_effect: restated.checked_sub(gaap).ok_or_else(overflow)?,
        effects: each(&ni.effects)?,
        taxes: each(&ni.taxes)?,
        tax: per(ni.combined_tax, non_gaap_shares)?,
        non_gaap: per(non_gaap_numerator, non_gaap_shares)?,
        diluted_count_missing,
    }))
}

/// Per adjustment: whether it can move the measure, from the roll-ups.
/// A tax-only adjustment moves the after-tax measures.
fn moves(
    statement: &Statement,
    adjustments: &[Adjustment],
    measure: NonGaapMeasure,
) -> Result<Vec<bool>, Diagnostic> {
    let terms = measure.terms(statement)?;
    let reaches = |line: LineId| {
        terms
            .iter()
            .any(|&(term, _)| statement.sign_into(line, term).is_some())
    };
    Ok(adjustments
        .iter()
        .map(|a| match &a.rule {
            AdjustmentRule::ExcludeLine { line } => reaches(*line),
            AdjustmentRule::ExcludeAmounts { parts } => parts.iter().any(|p| reaches(p.line)),
            AdjustmentRule::TaxOnly => measure.after_tax(),
        })
        .collect())
}

/// The adjustment's effect on a measure (a sum of signed terms) before tax:
/// the opposite of what the excluded amounts contribute to it.
fn pre_tax_effect(
    statement: &Statement,
    adjustment: &Adjustment,
    period: &Period,
    terms: &[(LineId, Decimal)],
) -> Result<Decimal, Diagnostic> {
    let contribution = |line: LineId, amount: Decimal| -> Option<Decimal> {
        terms
            .iter()
            .filter_map(|&(term, sign)| statement.sign_into(line, term).map(|s| s * sign))
            .try_fold(Decimal::ZERO, |sum, s| sum.checked_add(amount * s))
    };
    let overflow = || {
        Diagnostic::at(
            &adjustment.site,
            format!(
                "adjustment `{}` overflows a decimal in period {}",
                adjustment.id, period.id
            ),
        )
    };
    match &adjustment.rule {
        AdjustmentRule::ExcludeLine { line } => {
            if !terms
                .iter()
                .any(|&(term, _)| statement.sign_into(*line, term).is_some())
            {
                return Ok(Decimal::ZERO);
            }
            let what = format!(
                "`{}`, which adjustment `{}` excludes",
                statement.line(*line).id,
                adjustment.id
            );
            let value = required(statement, period, *line, &what)?;
            contribution(*line, value).map(|c| -c).ok_or_else(overflow)
        }
        AdjustmentRule::ExcludeAmounts { parts } => {
            parts.iter().try_fold(Decimal::ZERO, |effect, part| {
                match part.amounts.get(&period.id) {
                    Some(&amount) => contribution(part.line, amount)
                        .and_then(|c| effect.checked_sub(c))
                        .ok_or_else(overflow),
                    None => Ok(effect),
                }
            })
        }
        AdjustmentRule::TaxOnly => Ok(Decimal::ZERO),
    }
}

/// The one line a measure is, for measures that are one line.
fn single_line(statement: &Statement, measure: NonGaapMeasure) -> Result<LineId, Diagnostic> {
    Ok(measure.terms(statement)?[0].0)
}

/// A line's value in a period, or an error saying it is missing.
fn required(
    statement: &Statement,
    period: &Period,
    line: LineId,
    what: &str,
) -> Result<Decimal, Diagnostic> {
    statement.value(period, line)?.ok_or_else(|| {
        Diagnostic::at(
            &period.site,
            format!("period {} has no value for {what}", period.id),
        )
        .help(format!(
            "add {} = <amount> to this period's [period.values]",
            statement.line(line).id
        ))
    })
}

/// The taxes shown on the one combined income-tax row.
fn combined_tax(adjustments: &[Adjustment], moved: &[bool], taxes: &[Decimal]) -> Option<Decimal> {
    adjustments
        .iter()
        .zip(moved)
        .zip(taxes)
        .filter(|((a, m), _)| **m && !a.tax_own_line && a.rule != AdjustmentRule::TaxOnly)
        .try_fold(Decimal::ZERO, |sum, (_, &tax)| sum.checked_add(tax))
}

fn sum(start: Decimal, effects: &[Decimal], taxes: &[Decimal]) -> Option<Decimal> {
    effects
        .iter()
        .chain(taxes)
        .try_fold(start, |sum, v| sum.checked_add(*v))
}

fn overflow(period: &Period) -> Diagnostic {
    Diagnostic::at(
        &period.site,
        format!(
            "the reconciliation of period {} overflows a decimal",
            period.id
        ),
    )
    .help("check the amounts of this period for a misplaced digit")
}

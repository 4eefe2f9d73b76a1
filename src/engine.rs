//! The engine: pure arithmetic from a statement model, its adjustments and
//! the chosen periods to a reconciliation of GAAP to non-GAAP net income
//! (loss) and per-share figures. Nothing is rounded here; rendering rounds.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::{
    Adjustment, AdjustmentRule, LineId, Measure, Period, Statement, TaxEffect, Units,
};

/// GAAP to non-GAAP, for each chosen period.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    pub entity: String,
    /// Units of money and share counts; per-share figures are dollars.
    pub units: Units,
    pub adjustments: Vec<AdjustmentSummary>,
    pub columns: Vec<Column>,
}

/// What the table says about an adjustment besides its figures.
#[derive(Debug, Clone)]
pub struct AdjustmentSummary {
    pub id: String,
    pub label: String,
    pub rationale: String,
    pub tax: TaxEffect,
}

/// One period's reconciliation, in the entity's units (per-share in dollars).
/// Invariant: `non_gaap == gaap + sum(adjustments) + tax`, exactly.
#[derive(Debug, Clone)]
pub struct Column {
    pub period_id: String,
    pub header: String,
    /// GAAP net income (loss).
    pub gaap: Decimal,
    /// Each adjustment's pre-tax effect on net income, in adjustment order;
    /// zero where it does not apply.
    pub adjustments: Vec<Decimal>,
    /// Each adjustment's income-tax effect on net income.
    pub taxes: Vec<Decimal>,
    /// Sum of `taxes`: the one income-tax line of the table.
    pub tax: Decimal,
    pub non_gaap: Decimal,
    /// `None` when the period records no weighted shares.
    pub per_share: Option<PerShare>,
}

/// Per-share figures, unrounded. Invariant: `gaap + share_count_effect +
/// sum(adjustments) + tax == non_gaap` up to the last of 28 digits, so the
/// column foots before rounding.
#[derive(Debug, Clone)]
pub struct PerShare {
    pub gaap_shares: SharesUsed,
    pub non_gaap_shares: SharesUsed,
    /// GAAP net income (loss) / GAAP shares.
    pub gaap: Decimal,
    /// GAAP net income (loss) / non-GAAP shares - `gaap`: nonzero only when
    /// the two results use different share counts.
    pub share_count_effect: Decimal,
    /// Each adjustment / non-GAAP shares.
    pub adjustments: Vec<Decimal>,
    /// The tax line / non-GAAP shares.
    pub tax: Decimal,
    /// Non-GAAP net income (loss) / non-GAAP shares.
    pub non_gaap: Decimal,
}

/// The weighted share count a per-share figure divides by, and which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharesUsed {
    pub count: Decimal,
    pub basis: ShareBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareBasis {
    /// Income: diluted shares, potential shares included.
    Diluted,
    /// A loss: potential shares are anti-dilutive, so basic shares.
    Basic,
}

impl SharesUsed {
    /// Anti-dilution: a loss uses basic shares, income (or nil) diluted.
    pub fn for_result(result: Decimal, basic: Decimal, diluted: Decimal) -> SharesUsed {
        if result.is_sign_negative() && !result.is_zero() {
            SharesUsed {
                count: basic,
                basis: ShareBasis::Basic,
            }
        } else {
            SharesUsed {
                count: diluted,
                basis: ShareBasis::Diluted,
            }
        }
    }
}

/// Reconciles net income (loss) for each period, in the order given.
pub fn reconcile(
    statement: &Statement,
    adjustments: &[Adjustment],
    periods: &[&Period],
) -> Result<Reconciliation, Diagnostic> {
    let net_income = statement.measure_line(Measure::NetIncome).ok_or_else(|| {
        Diagnostic::at(
            &statement.site,
            "no line item is tagged measure = \"net-income\"",
        )
        .help("tag the net income (loss) line with measure = \"net-income\"")
    })?;
    let columns = periods
        .iter()
        .map(|period| column(statement, adjustments, period, net_income))
        .collect::<Result<Vec<_>, _>>()?;
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
            })
            .collect(),
        columns,
    })
}

fn column(
    statement: &Statement,
    adjustments: &[Adjustment],
    period: &Period,
    net_income: LineId,
) -> Result<Column, Diagnostic> {
    let overflow = || {
        Diagnostic::at(
            &period.site,
            format!(
                "the reconciliation of period {} overflows a decimal",
                period.id
            ),
        )
        .help("check the amounts of this period for a misplaced digit")
    };
    let gaap = required(statement, period, net_income, "net income (loss)")?;
    let mut effects = Vec::with_capacity(adjustments.len());
    let mut taxes = Vec::with_capacity(adjustments.len());
    for adjustment in adjustments {
        let effect = if adjustment.applies_to(&period.id) {
            pre_tax_effect(statement, adjustment, period, net_income)?
        } else {
            Decimal::ZERO
        };
        let tax = match &adjustment.tax {
            TaxEffect::Nil { .. } => Decimal::ZERO,
            TaxEffect::Rate(rate) => -(rate.checked_mul(effect).ok_or_else(overflow)?),
            TaxEffect::Amounts(amounts) => amounts.get(&period.id).copied().unwrap_or_default(),
        };
        effects.push(effect);
        taxes.push(tax);
    }
    let tax = checked_sum(&taxes).ok_or_else(overflow)?;
    let non_gaap = checked_sum(&effects)
        .and_then(|sum| gaap.checked_add(sum))
        .and_then(|sum| sum.checked_add(tax))
        .ok_or_else(overflow)?;
    let per_share = match &period.shares {
        None => None,
        Some(shares) => {
            let (basic, diluted) = (shares.basic.value, shares.diluted.value);
            let gaap_shares = SharesUsed::for_result(gaap, basic, diluted);
            let non_gaap_shares = SharesUsed::for_result(non_gaap, basic, diluted);
            let per = |amount: Decimal, shares: SharesUsed| {
                amount.checked_div(shares.count).ok_or_else(overflow)
            };
            let gaap_eps = per(gaap, gaap_shares)?;
            let restated = per(gaap, non_gaap_shares)?;
            Some(PerShare {
                gaap_shares,
                non_gaap_shares,
                gaap: gaap_eps,
                share_count_effect: restated.checked_sub(gaap_eps).ok_or_else(overflow)?,
                adjustments: effects
                    .iter()
                    .map(|&e| per(e, non_gaap_shares))
                    .collect::<Result<_, _>>()?,
                tax: per(tax, non_gaap_shares)?,
                non_gaap: per(non_gaap, non_gaap_shares)?,
            })
        }
    };
    Ok(Column {
        period_id: period.id.clone(),
        header: period.header.clone(),
        gaap,
        adjustments: effects,
        taxes,
        tax,
        non_gaap,
        per_share,
    })
}

/// The adjustment's effect on a measure before tax: the opposite of what
/// the excluded amount contributes to it through the roll-ups.
fn pre_tax_effect(
    statement: &Statement,
    adjustment: &Adjustment,
    period: &Period,
    measure: LineId,
) -> Result<Decimal, Diagnostic> {
    match adjustment.rule {
        AdjustmentRule::ExcludeLine { line } => {
            let Some(sign) = statement.sign_into(line, measure) else {
                return Ok(Decimal::ZERO);
            };
            let what = format!(
                "`{}`, which adjustment `{}` excludes",
                statement.line(line).id,
                adjustment.id
            );
            let value = required(statement, period, line, &what)?;
            Ok(-(value * sign))
        }
        AdjustmentRule::ExcludeAmounts { ref parts } => {
            let mut effect = Decimal::ZERO;
            for part in parts {
                let (Some(sign), Some(amount)) = (
                    statement.sign_into(part.line, measure),
                    part.amounts.get(&period.id),
                ) else {
                    continue;
                };
                effect = effect.checked_sub(amount * sign).ok_or_else(|| {
                    Diagnostic::at(
                        &adjustment.site,
                        format!(
                            "adjustment `{}` overflows a decimal in period {}",
                            adjustment.id, period.id
                        ),
                    )
                })?;
            }
            Ok(effect)
        }
    }
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

fn checked_sum(values: &[Decimal]) -> Option<Decimal> {
    values
        .iter()
        .try_fold(Decimal::ZERO, |sum, v| sum.checked_add(*v))
}

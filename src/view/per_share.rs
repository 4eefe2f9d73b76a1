//! One column's per-share figures from the period's weighted share counts:
//! which count each side divides by (the loss, anti-dilution, rule), the
//! if-converted method, and the division; or the release's own per-share
//! bridge where the period prints no counts.

use rust_decimal::Decimal;

use super::{PerShareColumn, ShareBasis, SharesUsed, overflow};
use crate::diagnostic::Diagnostic;
use crate::model::{IfConverted, Period, Shares, Statement};

/// A measure's figures in one period, as a per-share figure divides them.
pub(crate) struct MeasureFigures<'a> {
    pub gaap: Decimal,
    /// A declared measure's definition terms.
    pub terms: &'a [Decimal],
    pub effects: &'a [Decimal],
    pub taxes: &'a [Decimal],
    /// The combined income-tax row.
    pub tax: Decimal,
    pub non_gaap: Decimal,
}

/// One column's per-share figures on a basis: `None` where the period
/// records no weighted shares.
pub(crate) fn per_share(
    statement: &Statement,
    period: &Period,
    m: &MeasureFigures,
    basis: ShareBasis,
) -> Result<Option<PerShareColumn>, Diagnostic> {
    let Some(shares) = &period.shares else {
        return Ok(None);
    };
    let counts = Counts::of(shares, m, basis);
    // Only a non-GAAP count printed: the non-GAAP figure divides by it, and
    // no GAAP figure is computed on it.
    let gaap_missing = shares.basic.is_none() && shares.diluted.is_none();
    let gaap_shares = if gaap_missing {
        counts.non_gaap
    } else {
        counts.gaap
    };
    if gaap_missing && counts.non_gaap.is_none() {
        check_non_gaap_count_kind(period, shares, basis)?;
    }
    let (Some(gaap_shares), Some(mut non_gaap_shares)) = (gaap_shares, counts.non_gaap) else {
        return Err(no_count(period, basis));
    };
    let added_back = if_converted(period, m, counts.if_converted, &mut non_gaap_shares)?;
    let divide = Divide {
        // Money units per share unit: thousands of dollars over whole shares.
        factor: statement.entity.per_share_factor(),
        period,
    };
    let (gaap, restated) = if gaap_missing {
        (Decimal::ZERO, Decimal::ZERO)
    } else {
        (
            divide.per(m.gaap, gaap_shares)?,
            divide.per(m.gaap, non_gaap_shares)?,
        )
    };
    let overflow = || overflow(period);
    let non_gaap_numerator = m.non_gaap.checked_add(added_back).ok_or_else(overflow)?;
    Ok(Some(PerShareColumn {
        gaap_shares,
        non_gaap_shares,
        gaap,
        share_count_effect: restated.checked_sub(gaap).ok_or_else(overflow)?,
        terms: divide.each(m.terms, non_gaap_shares)?,
        effects: divide.each(m.effects, non_gaap_shares)?,
        taxes: divide.each(m.taxes, non_gaap_shares)?,
        tax: divide.per(m.tax, non_gaap_shares)?,
        if_converted: divide.per(added_back, non_gaap_shares)?,
        published: Vec::new(),
        printed: None,
        gaap_printed: None,
        gaap_ytd_difference: false,
        non_gaap: divide.per(non_gaap_numerator, non_gaap_shares)?,
        diluted_count_missing: counts.diluted_count_missing,
        bridge: false,
        gaap_missing,
    }))
}

/// The weighted counts the GAAP and non-GAAP figures of a column divide
/// by, before the if-converted test; `None` where the period gives none.
struct Counts<'s> {
    gaap: Option<SharesUsed>,
    non_gaap: Option<SharesUsed>,
    /// A non-GAAP income over a GAAP loss with no `non_gaap_diluted` count:
    /// the reported diluted count (equal to basic) was used.
    diluted_count_missing: bool,
    /// The convertible preferred to test, for a non-GAAP diluted income.
    if_converted: Option<&'s IfConverted>,
}

impl<'s> Counts<'s> {
    /// The counts on a basis: basic for basic figures; diluted for income
    /// and basic for a loss (potential shares are then anti-dilutive) for
    /// diluted ones, each side by its own result.
    fn of(shares: &'s Shares, m: &MeasureFigures, basis: ShareBasis) -> Counts<'s> {
        let loss = |n: Decimal| n < Decimal::ZERO;
        // For a loss diluted shares equal basic (potential shares are
        // anti-dilutive), so a release that prints one count serves for both.
        let loss_count = shares.basic.as_ref().or(shares.diluted.as_ref());
        let basic = count(shares.basic.as_ref(), ShareBasis::Basic);
        let loss_basic = count(loss_count, ShareBasis::Basic);
        let non_gaap_basic =
            count(shares.non_gaap_basic.as_ref(), ShareBasis::Basic).or(loss_basic);
        let diluted = count(shares.diluted.as_ref(), ShareBasis::Diluted);
        let mut counts = Counts {
            gaap: None,
            non_gaap: None,
            diluted_count_missing: false,
            if_converted: None,
        };
        match basis {
            ShareBasis::Basic => {
                counts.gaap = basic;
                counts.non_gaap =
                    count(shares.non_gaap_basic.as_ref(), ShareBasis::Basic).or(basic);
            }
            ShareBasis::Diluted => {
                counts.gaap = if loss(m.gaap) { loss_basic } else { diluted };
                counts.non_gaap = if loss(m.non_gaap) {
                    non_gaap_basic
                } else {
                    counts.if_converted = shares.if_converted.as_ref();
                    match &shares.non_gaap_diluted {
                        Some(fact) => count(Some(fact), ShareBasis::Diluted),
                        None => {
                            counts.diluted_count_missing = loss(m.gaap)
                                && shares.diluted.as_ref().map(|f| f.value)
                                    == shares.basic.as_ref().map(|f| f.value);
                            diluted
                        }
                    }
                };
            }
        }
        counts
    }
}

/// A count as a per-share figure uses it, on a basis.
fn count(fact: Option<&crate::model::Fact>, basis: ShareBasis) -> Option<SharesUsed> {
    fact.map(|f| SharesUsed {
        count: f.value,
        basis,
    })
}

/// A period that prints only a non-GAAP count of the other kind than the
/// one needed: an error naming the count to add.
fn check_non_gaap_count_kind(
    period: &Period,
    shares: &Shares,
    basis: ShareBasis,
) -> Result<(), Diagnostic> {
    let Some(given) = shares
        .non_gaap_diluted
        .as_ref()
        .or(shares.non_gaap_basic.as_ref())
    else {
        return Ok(());
    };
    let why = if basis == ShareBasis::Diluted {
        format!(
            "the non-GAAP result of period {} is a loss, which divides by basic shares (potential shares are anti-dilutive), but the period gives only the non-GAAP diluted count",
            period.id
        )
    } else {
        format!(
            "a non-GAAP figure per basic share divides by a basic count, but period {} gives only the non-GAAP diluted count",
            period.id
        )
    };
    Err(Diagnostic::at(&given.site, why).help(
        "add the non-GAAP basic count the release prints to [period.shares]: non_gaap_basic = <count>",
    ))
}

/// The error for a period that gives no count on the basis needed.
fn no_count(period: &Period, basis: ShareBasis) -> Diagnostic {
    let name = basis.word();
    Diagnostic::at(
        &period.site,
        format!(
            "period {} gives no {name} share count, which a per {name} share figure divides by",
            period.id
        ),
    )
    .help(format!(
        "add the {name} count the release prints to [period.shares]"
    ))
    .instead(if name == "basic" {
        "eps-diluted"
    } else {
        "eps-basic"
    })
}

/// The if-converted method applies only where it dilutes: it may not
/// raise the per-share figure. Where it does, the converted shares join
/// the non-GAAP count; the dividends added back to the numerator are
/// returned (zero otherwise).
fn if_converted(
    period: &Period,
    m: &MeasureFigures,
    converted: Option<&IfConverted>,
    non_gaap_shares: &mut SharesUsed,
) -> Result<Decimal, Diagnostic> {
    let Some(c) = converted else {
        return Ok(Decimal::ZERO);
    };
    let count = non_gaap_shares
        .count
        .checked_add(c.shares.value)
        .ok_or_else(|| overflow(period))?;
    let with = m
        .non_gaap
        .checked_add(c.dividends.value)
        .and_then(|n| n.checked_div(count));
    let without = m.non_gaap.checked_div(non_gaap_shares.count);
    if let (Some(with), Some(without)) = (with, without)
        && with < without
    {
        non_gaap_shares.count = count;
        return Ok(c.dividends.value);
    }
    Ok(Decimal::ZERO)
}

/// Amounts in money units divided into dollars per share.
struct Divide<'p> {
    /// Money units per share unit.
    factor: Decimal,
    period: &'p Period,
}

impl Divide<'_> {
    /// An amount per share of a count.
    fn per(&self, amount: Decimal, shares: SharesUsed) -> Result<Decimal, Diagnostic> {
        amount
            .checked_mul(self.factor)
            .and_then(|a| a.checked_div(shares.count))
            .ok_or_else(|| overflow(self.period))
    }

    /// Each amount of a row per share. Most cells are zero (an adjustment
    /// moves few lines), and zero divided is exactly zero: no division for
    /// them, and one allocation a row.
    fn each(&self, values: &[Decimal], shares: SharesUsed) -> Result<Vec<Decimal>, Diagnostic> {
        let mut out = Vec::with_capacity(values.len());
        for &v in values {
            out.push(if v.is_zero() {
                Decimal::ZERO
            } else {
                self.per(v, shares)?
            });
        }
        Ok(out)
    }
}

/// A per-share column from the release's own per-share bridge, for a period
/// that prints no share counts: GAAP EPS as printed, each adjustment that
/// moves the measure in the column at the per-share amount the release
/// prints for it, and non-GAAP EPS their sum. `None` when the GAAP figure or
/// any moving adjustment's amount is not printed: nothing is guessed.
pub(super) fn printed_bridge(
    m: &MeasureFigures,
    gaap_printed: Option<Decimal>,
    printed_amounts: &[Option<Decimal>],
    tax_only: &[bool],
    basis: ShareBasis,
) -> Option<PerShareColumn> {
    let gaap = gaap_printed?;
    let k = m.effects.len();
    let mut effects = vec![Decimal::ZERO; k];
    let mut taxes = vec![Decimal::ZERO; k];
    let mut non_gaap = gaap;
    for a in 0..k {
        let moves = !m.effects[a].is_zero() || !m.taxes[a].is_zero();
        if !moves {
            continue;
        }
        let amount = (*printed_amounts.get(a)?)?;
        if tax_only.get(a).copied().unwrap_or(false) {
            taxes[a] = amount;
        } else {
            effects[a] = amount;
        }
        non_gaap = non_gaap.checked_add(amount)?;
    }
    // A definition term of a declared measure has no printed per-share
    // amount to add.
    if m.terms.iter().any(|t| !t.is_zero()) {
        return None;
    }
    let none = SharesUsed {
        count: Decimal::ZERO,
        basis,
    };
    Some(PerShareColumn {
        gaap_shares: none,
        non_gaap_shares: none,
        gaap,
        share_count_effect: Decimal::ZERO,
        terms: Vec::new(),
        if_converted: Decimal::ZERO,
        published: printed_amounts.to_vec(),
        printed: None,
        gaap_printed: Some(gaap),
        gaap_ytd_difference: false,
        effects,
        taxes,
        tax: Decimal::ZERO,
        non_gaap,
        diluted_count_missing: false,
        bridge: true,
        gaap_missing: false,
    })
}

//! Rounding-aware tie-out: a figure computed from inputs a release prints
//! rounded (EPS from net income and shares in millions; a total of rounded
//! components; a percentage of rounded amounts) is consistent when it lies in
//! the range the rounded inputs allow, each input anywhere within half a unit
//! of its last printed digit. The approach of XBRL Calculations 1.1. A base
//! module (it reads only `number`), below the model and the checks.

use rust_decimal::Decimal;

/// A closed range of values, `lo <= hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

/// Half a unit of the last digit written: 0.5 for `1250`, 0.05 for `41.7`.
pub fn half_unit(value: Decimal) -> Decimal {
    half_at(value.scale())
}

/// Half a unit at `places` decimals; a decimal holds at most 28.
fn half_at(places: u32) -> Decimal {
    Decimal::new(5, (places + 1).min(28))
}

impl Interval {
    /// The values a printed figure may stand for.
    pub fn printed(value: Decimal) -> Interval {
        Interval::around(value, half_unit(value))
    }

    /// A printed figure at no fewer than `places` decimals (per-share figures
    /// are read to the cent even when written "0").
    pub fn printed_at(value: Decimal, places: u32) -> Interval {
        Interval::around(value, half_at(value.scale().max(places)))
    }

    /// `value` plus or minus `half_width`; saturating at the limits of a
    /// decimal, where a range no longer matters.
    pub fn around(value: Decimal, half_width: Decimal) -> Interval {
        Interval {
            lo: value.checked_sub(half_width).unwrap_or(Decimal::MIN),
            hi: value.checked_add(half_width).unwrap_or(Decimal::MAX),
        }
    }

    pub fn exact(value: Decimal) -> Interval {
        Interval {
            lo: value,
            hi: value,
        }
    }

    pub fn plus(self, other: Interval) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_add(other.lo)?,
            hi: self.hi.checked_add(other.hi)?,
        })
    }

    pub fn negated(self) -> Interval {
        Interval {
            lo: -self.hi,
            hi: -self.lo,
        }
    }

    pub fn scale(self, factor: Decimal) -> Option<Interval> {
        let (a, b) = (self.lo.checked_mul(factor)?, self.hi.checked_mul(factor)?);
        Some(Interval {
            lo: a.min(b),
            hi: a.max(b),
        })
    }

    /// `self / divisor`; `None` when the divisor's range reaches zero.
    pub fn over(self, divisor: Interval) -> Option<Interval> {
        if divisor.lo <= Decimal::ZERO && divisor.hi >= Decimal::ZERO {
            return None;
        }
        let corners = [
            self.lo.checked_div(divisor.lo)?,
            self.lo.checked_div(divisor.hi)?,
            self.hi.checked_div(divisor.lo)?,
            self.hi.checked_div(divisor.hi)?,
        ];
        Some(Interval {
            lo: corners.iter().copied().fold(corners[0], Decimal::min),
            hi: corners.iter().copied().fold(corners[0], Decimal::max),
        })
    }

    /// The values both allow; `None` when they do not meet.
    pub fn intersect(self, other: Interval) -> Option<Interval> {
        let lo = self.lo.max(other.lo);
        let hi = self.hi.min(other.hi);
        (lo <= hi).then_some(Interval { lo, hi })
    }

    pub fn intersects(self, other: Interval) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// "2.0715 to 2.0779", to `places` decimals, widened outward.
    pub fn describe(self, places: u32) -> String {
        use rust_decimal::RoundingStrategy::{AwayFromZero, ToZero};
        let down = |v: Decimal| {
            if v.is_sign_negative() {
                v.round_dp_with_strategy(places, AwayFromZero)
            } else {
                v.round_dp_with_strategy(places, ToZero)
            }
        };
        let up = |v: Decimal| {
            if v.is_sign_negative() {
                v.round_dp_with_strategy(places, ToZero)
            } else {
                v.round_dp_with_strategy(places, AwayFromZero)
            }
        };
        let show = |v: Decimal| {
            let v = v.normalize();
            let text = crate::number::format(v.abs(), v.scale(), false);
            if v.is_sign_negative() && !v.is_zero() {
                format!("-{text}")
            } else if v.is_zero() {
                "0".to_string()
            } else {
                text
            }
        };
        format!("{} to {}", show(down(self.lo)), show(up(self.hi)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn eps_from_inputs_rounded_to_millions_may_be_printed_from_the_unrounded_ones() {
        // 1,000.4 million on 481.6 million shares is 2.08; printed as 1,000
        // and 482, the quotient is 2.07, but the inputs allow 2.0715 to 2.0779.
        let eps = Interval::printed(d("1000"))
            .over(Interval::printed(d("482")))
            .unwrap();
        assert!(eps.intersects(Interval::printed(d("2.08"))));
        assert!(!eps.intersects(Interval::printed(d("2.10"))));
        assert_eq!(eps.describe(4), "2.0715 to 2.0779");
    }

    #[test]
    fn half_a_unit_of_the_last_digit_written() {
        assert_eq!(half_unit(d("1250")), d("0.5"));
        assert_eq!(half_unit(d("41.7")), d("0.05"));
        assert_eq!(half_unit(d("-0.07")), d("0.005"));
    }

    #[test]
    fn a_divisor_that_may_be_zero_has_no_quotient() {
        assert!(
            Interval::exact(d("1"))
                .over(Interval::printed(d("0")))
                .is_none()
        );
    }
}

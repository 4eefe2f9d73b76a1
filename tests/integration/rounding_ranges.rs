//! The ranges rounded figures allow (`reconcile::rounding`), against their
//! plain definitions: a printed figure stands for anything within half a unit
//! of its last digit; sums, negations, products and quotients of ranges are
//! the ranges of their corners; two closed ranges that touch intersect.

use proptest::prelude::*;
use reconcile::rounding::{Interval, half_unit};
use rust_decimal::Decimal;

use crate::properties::config;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn range(lo: &str, hi: &str) -> Interval {
    Interval {
        lo: dec(lo),
        hi: dec(hi),
    }
}

/// A figure as printed: an integer or a decimal of up to four places.
fn printed() -> impl Strategy<Value = Decimal> {
    (-10_000_000i64..=10_000_000, 0u32..=4).prop_map(|(n, places)| Decimal::new(n, places))
}

fn interval() -> impl Strategy<Value = Interval> {
    (printed(), printed()).prop_map(|(a, b)| Interval {
        lo: a.min(b),
        hi: a.max(b),
    })
}

fn corners(a: Interval, b: Interval, op: fn(Decimal, Decimal) -> Decimal) -> (Decimal, Decimal) {
    let all = [
        op(a.lo, b.lo),
        op(a.lo, b.hi),
        op(a.hi, b.lo),
        op(a.hi, b.hi),
    ];
    let lo = all.iter().copied().min().unwrap();
    let hi = all.iter().copied().max().unwrap();
    (lo, hi)
}

#[test]
fn half_a_unit_of_the_last_digit_written() {
    assert_eq!(half_unit(dec("1250")), dec("0.5"));
    assert_eq!(half_unit(dec("41.7")), dec("0.05"));
    assert_eq!(half_unit(dec("2.08")), dec("0.005"));
    assert_eq!(Interval::printed(dec("2.08")), range("2.075", "2.085"));
    assert_eq!(Interval::printed(dec("-3195")), range("-3195.5", "-3194.5"));
    // Per-share figures are read to the cent even when written "0".
    assert_eq!(Interval::printed_at(dec("0"), 2), range("-0.005", "0.005"));
    assert_eq!(
        Interval::printed_at(dec("0.125"), 2),
        range("0.1245", "0.1255")
    );
}

#[test]
fn ranges_that_just_touch_intersect() {
    // 21,971 + 34,769 allow 56,739 to 56,741; 56,741.5 as printed touches it.
    let sum = Interval::printed(dec("21971"))
        .plus(Interval::printed(dec("34769")))
        .unwrap();
    assert_eq!(sum, range("56739", "56741"));
    assert!(sum.intersects(range("56741", "56742")));
    assert!(range("56741", "56742").intersects(sum));
    assert!(sum.intersects(range("56738", "56739")));
    assert!(range("56738", "56739").intersects(sum));
    assert!(!sum.intersects(range("56741.0001", "56742")));
    assert!(!range("56737", "56738.9999").intersects(sum));
    assert!(sum.intersects(Interval::exact(dec("56740"))));
}

#[test]
fn no_quotient_over_a_range_that_reaches_zero() {
    let n = range("1", "2");
    assert_eq!(n.over(range("0", "1")), None);
    assert_eq!(n.over(range("-1", "0")), None);
    assert_eq!(n.over(range("-1", "1")), None);
    assert_eq!(n.over(Interval::exact(Decimal::ZERO)), None);
    assert_eq!(n.over(range("0.5", "1")), Some(range("1", "4")));
    assert_eq!(n.over(range("-1", "-0.5")), Some(range("-4", "-1")));
    // The README's EPS: 1,000 over 482 shares, both in millions.
    let eps = Interval::printed(dec("1000"))
        .over(Interval::printed(dec("482")))
        .unwrap();
    assert_eq!(eps.describe(4), "2.0715 to 2.0779");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_printed_figure_is_within_half_a_unit(v in printed()) {
        let half = Decimal::new(5, v.scale() + 1);
        prop_assert_eq!(Interval::printed(v), Interval { lo: v - half, hi: v + half });
    }

    #[test]
    fn sums_and_negations_are_of_the_ends(a in interval(), b in interval()) {
        prop_assert_eq!(a.plus(b), Some(Interval { lo: a.lo + b.lo, hi: a.hi + b.hi }));
        prop_assert_eq!(a.negated(), Interval { lo: -a.hi, hi: -a.lo });
    }

    #[test]
    fn products_and_quotients_are_the_ranges_of_their_corners(
        a in interval(),
        b in interval(),
        factor in printed(),
    ) {
        let (lo, hi) = corners(a, Interval::exact(factor), |x, y| x * y);
        prop_assert_eq!(a.scale(factor), Some(Interval { lo, hi }));
        let reaches_zero = b.lo <= Decimal::ZERO && b.hi >= Decimal::ZERO;
        if reaches_zero {
            prop_assert_eq!(a.over(b), None);
        } else {
            let (lo, hi) = corners(a, b, |x, y| x / y);
            prop_assert_eq!(a.over(b), Some(Interval { lo, hi }));
        }
    }

    #[test]
    fn closed_ranges_intersect_when_they_share_a_point(a in interval(), b in interval()) {
        let shared = a.lo.max(b.lo) <= a.hi.min(b.hi);
        prop_assert_eq!(a.intersects(b), shared);
        prop_assert_eq!(b.intersects(a), shared);
        // Touching at one end.
        let above = Interval { lo: a.hi, hi: a.hi + Decimal::ONE };
        let below = Interval { lo: a.lo - Decimal::ONE, hi: a.lo };
        prop_assert!(a.intersects(above) && a.intersects(below));
    }
}

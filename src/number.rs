//! Base module, below the checks and the renderers that both use it.
//! Presentation of numbers as an earnings release prints them: rounded half
//! away from zero, per figure, only here; thousands separators; parentheses
//! for negatives; a dash for nil.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half away from zero (0.125 -> 0.13, -0.125 -> -0.13) and keeps
/// exactly `places` decimals, so `1.5` and `1.50` print alike.
pub fn round(value: Decimal, places: u32) -> Decimal {
    // Already at or below the precision (most figures): nothing to round.
    let mut rounded = if value.scale() <= places {
        value
    } else {
        round_away(value, places).unwrap_or_else(|| {
            value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
        })
    };
    rounded.rescale(places);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    rounded
}

/// Rounds half away from zero to `places` (below the value's scale) with
/// one 128-bit division, where the library divides by ten digit by digit:
/// per-share figures carry 28 decimals and every cell is rounded. The same
/// result as `round_dp_with_strategy(places, MidpointAwayFromZero)`.
fn round_away(value: Decimal, places: u32) -> Option<Decimal> {
    let shift = value.scale().checked_sub(places)?;
    let divisor = 10u128.checked_pow(shift)?;
    let mantissa = value.mantissa().unsigned_abs();
    let quotient = mantissa / divisor;
    // One division: the remainder from it by a multiplication.
    let remainder = mantissa - quotient * divisor;
    // The remainder is below 10^28, so doubling it cannot overflow.
    let quotient = if remainder * 2 >= divisor {
        quotient + 1
    } else {
        quotient
    };
    let signed = i128::try_from(quotient).ok()?;
    let signed = if value.is_sign_negative() {
        -signed
    } else {
        signed
    };
    Decimal::try_from_i128_with_scale(signed, places).ok()
}

/// `1234567.891` at 2 places -> `1,234,567.89`; negatives in parentheses;
/// an exact zero is a dash. A figure that rounds to zero but is not zero
/// prints as zero with its sign (`0.00`, `(0.00)`), as releases print a tiny
/// per-share amount.
pub fn format(value: Decimal, places: u32, dollar: bool) -> String {
    let mut shown = String::new();
    write(&mut shown, value, places, dollar);
    shown
}

/// `format`, appended to `shown`.
pub fn write(shown: &mut String, value: Decimal, places: u32, dollar: bool) {
    if value.is_zero() {
        shown.push('-');
        return;
    }
    let rounded = round(value, places);
    let mut buffer = [0u8; 40];
    let digits = plain_digits(rounded, &mut buffer);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let negative = value.is_sign_negative();
    shown.reserve(digits.len() + whole.len() / 3 + 3);
    if dollar {
        shown.push('$');
    }
    if negative {
        shown.push('(');
    }
    // Groups of three digits from the right, the first group 1 to 3 long.
    let first = match whole.len() % 3 {
        0 => 3.min(whole.len()),
        n => n,
    };
    shown.push_str(&whole[..first]);
    let mut at = first;
    while at < whole.len() {
        shown.push(',');
        shown.push_str(&whole[at..at + 3]);
        at += 3;
    }
    if let Some(fraction) = fraction {
        shown.push('.');
        shown.push_str(fraction);
    }
    if negative {
        shown.push(')');
    }
}

/// The absolute value as `Display` writes it (`0.05`, `1234.50`), into a
/// buffer on the stack: the digits of the mantissa, with the point `scale`
/// digits from the right and zeros before it as needed.
fn plain_digits(value: Decimal, buffer: &mut [u8; 40]) -> &str {
    let scale = value.scale() as usize;
    let mantissa = value.mantissa().unsigned_abs();
    let mut at = buffer.len();
    let mut written = 0;
    // A 96-bit mantissa has at most 29 digits and the scale is at most
    // 28, so the digits, the point and a leading zero fit in 40 bytes.
    let mut push = |d: u8| {
        if written == scale && scale > 0 {
            at -= 1;
            buffer[at] = b'.';
        }
        at -= 1;
        buffer[at] = b'0' + d;
        written += 1;
        written <= scale
    };
    // Figures fit in 64 bits, and dividing a 128-bit integer is many times
    // slower: a table has a figure in every cell.
    match u64::try_from(mantissa) {
        Ok(mut small) => {
            let mut more = true;
            while small > 0 || more {
                more = push((small % 10) as u8);
                small /= 10;
            }
        }
        Err(_) => {
            let mut large = mantissa;
            let mut more = true;
            while large > 0 || more {
                more = push((large % 10) as u8);
                large /= 10;
            }
        }
    }
    std::str::from_utf8(&buffer[at..]).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn digits_as_display_writes_them() {
        for value in [
            "0", "0.00", "0.05", "-0.05", "1", "-1", "10", "1234.50", "0.0001",
        ]
        .map(d)
        .into_iter()
        .chain([
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 28),
        ]) {
            let mut buffer = [0u8; 40];
            assert_eq!(
                plain_digits(value, &mut buffer),
                value.abs().to_string(),
                "{value}"
            );
        }
    }

    #[test]
    fn one_division_rounds_as_the_library_does() {
        // Values of every scale and size, halves included.
        let mut values = vec![
            d("0.125"),
            d("-0.125"),
            d("2.5"),
            d("-2.5"),
            d("0.005"),
            d("-0.0049999999999999999999999999"),
            Decimal::MAX / d("3"),
            Decimal::MIN / d("7"),
            Decimal::new(1, 28),
            Decimal::new(-5, 28),
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let scale = (x % 29) as u32;
            let mantissa = (x as i64 as i128) * (((x >> 40) % 1_000_003) as i128 + 1);
            values.push(Decimal::from_i128_with_scale(mantissa, scale));
        }
        for v in values {
            for places in 0..=v.scale() {
                assert_eq!(
                    round_away(v, places).map(|r| (r, r.scale())),
                    Some((
                        v.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero),
                        places
                    ))
                    .map(|(r, p)| {
                        let mut r = r;
                        r.rescale(p);
                        (r, p)
                    }),
                    "{v} to {places}"
                );
            }
        }
    }

    #[test]
    fn midpoints_round_away_from_zero() {
        assert_eq!(format(d("0.125"), 2, false), "0.13");
        assert_eq!(format(d("-0.125"), 2, false), "(0.13)");
        assert_eq!(format(d("0.135"), 2, false), "0.14");
        assert_eq!(format(d("2.5"), 0, false), "3");
        assert_eq!(format(d("-2.5"), 0, false), "(3)");
    }

    #[test]
    fn release_notation() {
        assert_eq!(format(d("-5172"), 0, true), "$(5,172)");
        assert_eq!(format(d("101"), 0, true), "$101");
        assert_eq!(format(d("1234567"), 0, false), "1,234,567");
        assert_eq!(format(d("-0.0723"), 2, false), "(0.07)");
        assert_eq!(format(d("0.5"), 2, false), "0.50");
        assert_eq!(format(d("123"), 0, false), "123");
    }

    #[test]
    fn nil_is_a_dash_but_a_tiny_amount_is_zero() {
        assert_eq!(format(Decimal::ZERO, 2, false), "-");
        assert_eq!(format(d("0.0014"), 2, true), "$0.00");
        assert_eq!(format(d("-0.0014"), 2, false), "(0.00)");
    }
}

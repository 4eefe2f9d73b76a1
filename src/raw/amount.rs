//! An amount as written: a TOML integer or a quoted decimal string. A TOML
//! float is refused, because it has already passed through binary floating
//! point by the time serde sees it.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An exact decimal amount, in whatever units its context gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawAmount(pub Decimal);

impl<'de> Deserialize<'de> for RawAmount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

struct AmountVisitor;

impl Visitor<'_> for AmountVisitor {
    type Value = RawAmount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount: an integer such as -5273 or a quoted decimal such as \"-0.04\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawAmount, E> {
        Ok(RawAmount(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawAmount, E> {
        Ok(RawAmount(Decimal::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawAmount, E> {
        too_large_integer(&v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawAmount, E> {
        too_large_integer(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawAmount, E> {
        let fix = if !v.is_finite() {
            "write the amount as a quoted decimal such as \"-0.04\"".to_string()
        } else if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("write it as an integer: {v}")
        } else {
            format!("write it as a quoted decimal: \"{v}\"")
        };
        Err(E::custom(with_help(
            "an amount may not be a TOML float: a float is inexact before it is read",
            &fix,
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawAmount, E> {
        parse_amount(v)
            .map(RawAmount)
            .map_err(|(problem, fix)| E::custom(with_help(&problem, &fix)))
    }
}

/// An integer TOML cannot hold (beyond 64 bits): say so and how to write it.
fn too_large_integer<E: de::Error>(digits: &str) -> Result<RawAmount, E> {
    match parse_amount(digits) {
        Ok(amount) => Err(E::custom(with_help(
            &format!("`{digits}` is too large for a TOML integer"),
            &format!("quote it: \"{amount}\"; and check the units"),
        ))),
        Err((problem, fix)) => Err(E::custom(with_help(&problem, &fix))),
    }
}

/// Joins a problem and its fix into one serde message; loading splits them
/// again into the diagnostic's message and `help:`.
fn with_help(problem: &str, fix: &str) -> String {
    format!("{problem}{HELP_SEPARATOR}{fix}")
}

/// Separates the problem from its fix inside a serde error message.
pub const HELP_SEPARATOR: &str = "\nhelp: ";

/// Parses a quoted amount exactly, or says what is wrong with it and how to
/// write it instead: `(problem, fix)`.
pub fn parse_amount(text: &str) -> Result<Decimal, (String, String)> {
    let fail = |problem: &str, fix: String| Err((problem.to_string(), fix));
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return fail(
            "an amount may not be empty",
            "write 0 for a nil amount".into(),
        );
    }
    if trimmed == "-" {
        return fail("\"-\" is not an amount", "write 0 for a nil amount".into());
    }
    let digits_only = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ',' | '$' | ' ' | '%'))
            .collect::<String>()
    };
    if trimmed.starts_with('(') && trimmed.ends_with(')') {
        let inner = digits_only(&trimmed[1..trimmed.len() - 1]);
        return fail(
            "parentheses are not a minus sign in an amount",
            format!("write \"-{inner}\""),
        );
    }
    if trimmed.contains('$') {
        return fail(
            "an amount may not hold a dollar sign",
            format!("write \"{}\"", digits_only(trimmed)),
        );
    }
    if trimmed.contains(',') {
        return fail(
            "an amount may not hold thousands separators",
            format!("write \"{}\"", digits_only(trimmed)),
        );
    }
    if trimmed.ends_with('%') {
        return fail(
            "an amount may not hold a percent sign",
            format!("write \"{}\"", digits_only(trimmed)),
        );
    }
    let well_formed = {
        let body = trimmed.strip_prefix('-').unwrap_or(trimmed);
        let mut parts = body.splitn(2, '.');
        let whole = parts.next().unwrap_or("");
        let fraction = parts.next();
        !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    };
    if !well_formed {
        return fail(
            &format!("`{text}` is not a decimal number"),
            "write digits with an optional minus sign and decimal point, such as \"-5273\" or \"0.04\"".into(),
        );
    }
    match Decimal::from_str_exact(trimmed) {
        Ok(d) => Ok(d),
        Err(_) => match Decimal::from_str(trimmed) {
            Ok(_) => fail(
                &format!("`{text}` has more digits than an exact decimal holds"),
                "an amount holds at most 28 significant digits".into(),
            ),
            Err(_) => fail(
                &format!("`{text}` is too large for an exact decimal"),
                "amounts run up to 79,228,162,514,264,337,593,543,950,335; check the units".into(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        parse_amount(text).unwrap().to_string()
    }

    #[test]
    fn quoted_decimals_are_exact() {
        assert_eq!(ok("-0.04"), "-0.04");
        assert_eq!(ok("12345678901234567.89"), "12345678901234567.89");
        assert_eq!(ok("5273"), "5273");
    }

    #[test]
    fn release_notation_gets_a_rewrite_suggestion() {
        let fix = |text: &str| parse_amount(text).unwrap_err().1;
        assert_eq!(fix("1,234"), "write \"1234\"");
        assert_eq!(fix("(5,273)"), "write \"-5273\"");
        assert_eq!(fix("$101"), "write \"101\"");
        assert_eq!(fix("68%"), "write \"68\"");
    }

    #[test]
    fn malformed_or_oversized_text_is_refused() {
        for bad in ["abc", "1e5", "1.", ".5", "--1", "", "1.2.3", "0x10"] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(
            parse_amount("99999999999999999999999999999999")
                .unwrap_err()
                .0
                .contains("too large")
        );
    }
}

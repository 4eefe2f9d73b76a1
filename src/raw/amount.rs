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

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawAmount, E> {
        let shown = if v.is_finite() {
            format!("\"{v}\"")
        } else {
            "a quoted decimal".to_string()
        };
        Err(E::custom(format!(
            "amounts may not be TOML floats, which are inexact; write it as a quoted decimal: {shown}"
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawAmount, E> {
        parse_amount(v).map(RawAmount).map_err(E::custom)
    }
}

/// Parses a quoted amount exactly, or says what is wrong with it and how to
/// write it instead.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("an amount may not be empty; write 0 for nil".to_string());
    }
    if trimmed == "-" {
        return Err("write 0 for a nil amount, not \"-\"".to_string());
    }
    let digits_only = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ',' | '$' | ' '))
            .collect::<String>()
    };
    if trimmed.starts_with('(') && trimmed.ends_with(')') {
        let inner = digits_only(&trimmed[1..trimmed.len() - 1]);
        return Err(format!(
            "write a negative amount with a minus sign, not parentheses: \"-{inner}\""
        ));
    }
    if trimmed.contains('$') {
        return Err(format!(
            "leave out the dollar sign: \"{}\"",
            digits_only(trimmed)
        ));
    }
    if trimmed.contains(',') {
        return Err(format!(
            "leave out thousands separators: \"{}\"",
            digits_only(trimmed)
        ));
    }
    if trimmed.ends_with('%') {
        return Err(format!(
            "leave out the percent sign: \"{}\"",
            trimmed.trim_end_matches('%')
        ));
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
        return Err(format!(
            "`{text}` is not a decimal number; write digits with an optional minus sign and decimal point, such as \"-5273\" or \"0.04\""
        ));
    }
    match Decimal::from_str_exact(trimmed) {
        Ok(d) => Ok(d),
        Err(_) => match Decimal::from_str(trimmed) {
            Ok(_) => Err(format!(
                "`{text}` has more digits than an exact decimal can hold (28 significant digits)"
            )),
            Err(_) => Err(format!(
                "`{text}` is too large for an exact decimal (at most 79,228,162,514,264,337,593,543,950,335)"
            )),
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
        assert!(parse_amount("1,234").unwrap_err().contains("\"1234\""));
        assert!(parse_amount("(5,273)").unwrap_err().contains("\"-5273\""));
        assert!(parse_amount("$101").unwrap_err().contains("\"101\""));
        assert!(parse_amount("68%").unwrap_err().contains("\"68\""));
    }

    #[test]
    fn malformed_or_oversized_text_is_refused() {
        for bad in ["abc", "1e5", "1.", ".5", "--1", "", "1.2.3", "0x10"] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(
            parse_amount("99999999999999999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }
}

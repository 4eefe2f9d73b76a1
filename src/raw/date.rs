//! A calendar date as written: a TOML local date (`2003-09-30`) or the same
//! in quotes. Times and offsets are refused: periods are whole days.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::HELP_SEPARATOR;

/// A valid Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RawDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl RawDate {
    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    /// `Err((problem, fix))` says what is wrong and how to write it.
    pub fn parse(text: &str) -> Result<RawDate, (String, String)> {
        let bad = || {
            (
                format!("`{text}` is not a date"),
                "write it as YYYY-MM-DD, such as 2003-09-30".to_string(),
            )
        };
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let number = |s: &str| -> Result<u32, (String, String)> {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = number(parts[0])? as i32;
        let month = number(parts[1])?;
        let day = number(parts[2])?;
        RawDate::checked(year, month, day, || text.to_string())
    }

    /// The date with these parts, checking the day exists in that month;
    /// `text` is how it was written, for the message.
    fn checked(
        year: i32,
        month: u32,
        day: u32,
        text: impl Fn() -> String,
    ) -> Result<RawDate, (String, String)> {
        if !(1..=12).contains(&month) {
            let text = text();
            return Err((
                format!("`{text}` has no month {month}"),
                "months run from 01 to 12".to_string(),
            ));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            let text = text();
            return Err((
                format!("`{text}` is not a day of that month"),
                format!("{year}-{month:02} has {last} days"),
            ));
        }
        Ok(RawDate { year, month, day })
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for RawDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// In a JSON Schema (`reconcile schema`): a string in `date` format, which
/// is what a TOML local date becomes when an editor converts TOML to JSON to
/// validate it, and what a quoted date is.
impl schemars::JsonSchema for RawDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date, YYYY-MM-DD: a TOML date such as 2003-09-30 (or the same in quotes), with no time of day.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = RawDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2003-09-30")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
        RawDate::parse(v)
            .map_err(|(problem, fix)| E::custom(format!("{problem}{HELP_SEPARATOR}{fix}")))
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawDate, M::Error> {
        let datetime =
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (datetime.date, datetime.time, datetime.offset) {
            // The parts as TOML read them: no text to format and parse again.
            (Some(date), None, None) => RawDate::checked(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
                || datetime.to_string(),
            )
            .map_err(|(problem, fix)| de::Error::custom(format!("{problem}{HELP_SEPARATOR}{fix}"))),
            _ => Err(de::Error::custom(format!(
                "`{datetime}` has a time of day{HELP_SEPARATOR}a period date is a whole day: write the date alone, YYYY-MM-DD"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_dates_parse_and_print_back() {
        assert_eq!(
            RawDate::parse("2004-02-29").unwrap().to_string(),
            "2004-02-29"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "2003-02-29",
            "2003-13-01",
            "2003-09-31",
            "2003-9-30",
            "30/09/2003",
            "2003-00-10",
        ] {
            assert!(RawDate::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}

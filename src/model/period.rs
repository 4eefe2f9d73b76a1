//! Periods: a duration (a flow from start to end date) or an instant (a
//! balance at a date), with the header the release prints, and the spellings
//! by which a person names one (`9M2003`, `Q3-2003`, `3Q2003`, `2003Q3`).

use std::collections::BTreeMap;

use crate::model::statement::{Eps, Fact, LineId, Shares};
use crate::source::Site;

/// A calendar date.
pub type Date = crate::raw::RawDate;

/// When a period's facts apply. Dates are explicit and inclusive, so 52/53-week
/// fiscal years need no special case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpan {
    Duration { start: Date, end: Date },
    Instant { date: Date },
}

impl PeriodSpan {
    /// The last day the period covers (the date, for an instant).
    pub fn end(&self) -> Date {
        match *self {
            PeriodSpan::Duration { end, .. } => end,
            PeriodSpan::Instant { date } => date,
        }
    }

    /// Whole calendar months covered, counting a partial month as one;
    /// zero for an instant.
    pub fn months(&self) -> u32 {
        match *self {
            PeriodSpan::Duration { start, end } => {
                let months =
                    (end.year - start.year) * 12 + end.month as i32 - start.month as i32 + 1;
                months.max(1) as u32
            }
            PeriodSpan::Instant { .. } => 0,
        }
    }
}

/// One column of the statement model: its facts as reported.
#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub span: PeriodSpan,
    /// The column header the release prints, e.g. "Nine Months Ended Sept. 30, 2003".
    pub header: String,
    pub note: Option<String>,
    /// Reported amounts by line item, in the entity's units.
    pub values: BTreeMap<LineId, Fact>,
    /// Weighted average shares (durations only), in the entity's units.
    pub shares: Option<Shares>,
    /// Reported net income (loss) per share, in dollars (durations only).
    pub eps: Option<Eps>,
    /// Reported percentages by ratio index, in whole percent as printed.
    pub percentages: BTreeMap<usize, Fact>,
    pub site: Site,
}

impl Period {
    pub fn is_duration(&self) -> bool {
        matches!(self.span, PeriodSpan::Duration { .. })
    }
}

/// What a period spelling means, whatever its punctuation: a length in months
/// ending at a month of a (fiscal) year, or an instant. `Q1-2003` and `3M2003`
/// are the same key; so are `H1 2003` and `6M-2003`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKey {
    Duration {
        months: u32,
        ending_month: u32,
        year: i32,
    },
    Instant(Date),
}

impl PeriodKey {
    /// Reads the spellings finance people use, case-insensitively:
    /// `Q3-2003`, `Q3 2003`, `3Q2003`, `2003Q3`, `Q3-FY2024`, `9M2003`,
    /// `9M-2003`, `H1-2003`, `FY2003`, two-digit years (`Q3-03`), and ISO
    /// dates for instants (`2003-09-30`).
    pub fn parse(text: &str) -> Option<PeriodKey> {
        let trimmed = text.trim();
        if let Ok(date) = Date::parse(trimmed) {
            return Some(PeriodKey::Instant(date));
        }
        let mut s: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '.'))
            .collect::<String>()
            .to_ascii_uppercase();
        if !s.is_ascii() || s.is_empty() {
            return None;
        }
        s = s.replace("FY", "Y").replace("CY", "Y");
        if s.starts_with('Y') && s[1..].bytes().all(|b| b.is_ascii_digit()) {
            return Some(PeriodKey::months(12, year(&s[1..])?));
        }
        let s = s.replace('Y', "");
        let lead = s.bytes().take_while(u8::is_ascii_digit).count();
        let (count, letter, year_text) = match lead {
            // Q3 2003, H1 2003.
            0 if s.len() >= 2 => (&s[1..2], s.as_bytes()[0], &s[2..]),
            // 3Q 2003, 9M 2003, 1H 03.
            1 | 2 if s.len() > lead => (&s[..lead], s.as_bytes()[lead], &s[lead + 1..]),
            // 2003 Q3.
            4 if s.len() > 4 => (&s[5..], s.as_bytes()[4], &s[..4]),
            // 2003 9M.
            5 | 6 if s.len() == lead + 1 => (&s[4..lead], s.as_bytes()[lead], &s[..4]),
            _ => return None,
        };
        let n: u32 = count.parse().ok()?;
        let year = year(year_text)?;
        match letter {
            b'Q' if (1..=4).contains(&n) => Some(PeriodKey::Duration {
                months: 3,
                ending_month: n * 3,
                year,
            }),
            b'M' if (1..=12).contains(&n) => Some(PeriodKey::months(n, year)),
            b'H' if (1..=2).contains(&n) => Some(PeriodKey::Duration {
                months: 6,
                ending_month: n * 6,
                year,
            }),
            _ => None,
        }
    }

    fn months(months: u32, year: i32) -> PeriodKey {
        PeriodKey::Duration {
            months,
            ending_month: months,
            year,
        }
    }
}

/// A four-digit year, or a two-digit one read as 19xx/20xx around 1950.
fn year(text: &str) -> Option<i32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        4 => text.parse().ok(),
        2 => text
            .parse::<i32>()
            .ok()
            .map(|y| if y < 50 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Option<PeriodKey> {
        PeriodKey::parse(text)
    }

    #[test]
    fn every_spelling_of_the_third_quarter_is_one_key() {
        let q3 = key("Q3-2003").unwrap();
        for spelling in [
            "q3-2003",
            "Q3 2003",
            "3Q2003",
            "3q-2003",
            "2003Q3",
            "2003-q3",
            "Q32003",
            "Q3-03",
            "Q3-FY2003",
            "Q3 FY03",
        ] {
            assert_eq!(key(spelling), Some(q3), "{spelling}");
        }
    }

    #[test]
    fn nine_months_spellings_agree_and_differ_from_the_quarter() {
        let nine = key("9M2003").unwrap();
        for spelling in ["9M-2003", "9m 2003", "2003-9M", "9M03", "9M-FY2003"] {
            assert_eq!(key(spelling), Some(nine), "{spelling}");
        }
        assert_ne!(key("Q3-2003"), Some(nine));
    }

    #[test]
    fn first_quarter_half_year_and_year_have_their_month_forms() {
        assert_eq!(key("Q1-2003"), key("3M2003"));
        assert_eq!(key("H1-2003"), key("6M-2003"));
        assert_eq!(key("FY2003"), key("12M2003"));
        assert_ne!(key("H2-2003"), key("6M-2003"));
    }

    #[test]
    fn iso_dates_are_instants() {
        assert!(matches!(key("2003-09-30"), Some(PeriodKey::Instant(_))));
    }

    #[test]
    fn nonsense_is_not_a_period() {
        for bad in [
            "",
            "Q5-2003",
            "Q0-2003",
            "13M2003",
            "Q3",
            "2003",
            "restructuring",
            "Q3-20033",
            "H3-2003",
            "é",
            "9M-2003x",
        ] {
            assert_eq!(key(bad), None, "{bad}");
        }
    }
}

//! Periods: a duration (a flow from start to end date) or an instant (a
//! balance at a date), with the header the release prints, and the spellings
//! by which a person names one (`9M2003`, `Q3-2003`, `3Q2003`, `2003Q3`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::figure::{Eps, Fact, LineId, Shares};
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

    /// Length in months, from the day count so that 13-, 39- and 52-week
    /// periods read as 3, 9 and 12 months; zero for an instant.
    pub fn months(&self) -> u32 {
        match *self {
            PeriodSpan::Duration { start, end } => {
                let days = day_number(end) - day_number(start) + 1;
                // days / 30.4375, rounded: 30.4375 = 487 / 16.
                ((days * 16 + 487 / 2) / 487).clamp(1, 10_000) as u32
            }
            PeriodSpan::Instant { .. } => 0,
        }
    }

    /// Its days, both ends included; zero for an instant.
    pub fn days(&self) -> i64 {
        match *self {
            PeriodSpan::Duration { start, end } => day_number(end) - day_number(start) + 1,
            PeriodSpan::Instant { .. } => 0,
        }
    }

    /// Its length in whole months, where it is one: within a week of that
    /// many months of 30.4375 days (a 13-week quarter, a 53-week year), not
    /// a day or a fortnight.
    pub fn whole_months(&self) -> Option<u32> {
        let days = self.days();
        let months = self.months();
        // |days - months x 30.4375| <= 7, in sixteenths of a day.
        (days > 0 && (days * 16 - i64::from(months) * 487).abs() <= 7 * 16).then_some(months)
    }

    /// What the period is in a fiscal calendar ending on `fiscal_year_end`
    /// (month, day): `Q1-FY2024` for May to July 2023 when the year ends on
    /// April 30. An end date in the first week of a month (a 52/53-week
    /// year) counts as the end of the month before.
    pub fn key(&self, fiscal_year_end: (u32, u32)) -> PeriodKey {
        match *self {
            PeriodSpan::Instant { date } => PeriodKey::Instant(date),
            PeriodSpan::Duration { end, .. } => {
                let (mut year, mut month) = (end.year, end.month);
                if end.day <= 7 {
                    (year, month) = if month == 1 {
                        (year - 1, 12)
                    } else {
                        (year, month - 1)
                    };
                }
                let last = fiscal_year_end.0;
                let fiscal_year = if month <= last { year } else { year + 1 };
                PeriodKey::Duration {
                    months: self.months(),
                    ending_month: (month + 12 - last - 1) % 12 + 1,
                    year: fiscal_year,
                }
            }
        }
    }

    /// The column header a release prints: "Three Months Ended Sept. 30,
    /// 2003", "Year Ended Dec. 31, 2024" (a fiscal year), "Twelve Months
    /// Ended Sept. 30, 2003" (trailing), "As of Dec. 31, 2002".
    pub fn header(&self, fiscal_year_end: (u32, u32)) -> String {
        match *self {
            PeriodSpan::Instant { date } => format!("As of {}", release_date(date)),
            PeriodSpan::Duration { end, .. } => match self.key(fiscal_year_end) {
                PeriodKey::Duration {
                    months: 12,
                    ending_month: 12,
                    ..
                } => {
                    format!("Year Ended {}", release_date(end))
                }
                _ => match self.whole_months() {
                    Some(1) => format!("One Month Ended {}", release_date(end)),
                    Some(months) => {
                        format!("{} Months Ended {}", number_word(months), release_date(end))
                    }
                    // Not whole months (a day, a fortnight): its days.
                    None => match self.days() {
                        1 => format!("One Day Ended {}", release_date(end)),
                        days => format!(
                            "{} Days Ended {}",
                            number_word(days as u32),
                            release_date(end)
                        ),
                    },
                },
            },
        }
    }
}

/// A date as releases print it (AP style): "Sept. 30, 2003", "July 31, 2023".
pub fn release_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    ];
    let month = MONTHS
        .get((date.month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    format!("{month} {}, {}", date.day, date.year)
}

fn number_word(n: u32) -> String {
    const WORDS: [&str; 12] = [
        "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
        "Twelve",
    ];
    WORDS
        .get((n as usize).wrapping_sub(1))
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The date a day number stands for; the inverse of `day_number`.
pub fn from_day_number(days: i64) -> Date {
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
        year: year as i32,
        month,
        day,
    }
}

/// Days since a fixed origin (proleptic Gregorian), for day counts.
pub fn day_number(date: Date) -> i64 {
    let (y, m, d) = (date.year as i64, date.month as i64, date.day as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era
}

/// One column of the statement model: its facts as reported.
#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub span: PeriodSpan,
    /// The column header the release prints, e.g. "Nine Months Ended Sept.
    /// 30, 2003"; derived from the dates when the file gives none.
    pub header: String,
    pub note: Option<String>,
    /// The release prints only the figures its reconciliation needs here:
    /// totals with absent components are not tied out.
    pub reconciliation_only: bool,
    /// Reported amounts by line item, in the entity's units.
    pub values: BTreeMap<LineId, Fact>,
    /// Weighted average shares (durations only), in the entity's units.
    pub shares: Option<Shares>,
    /// Reported net income (loss) per share, in dollars (durations only).
    pub eps: Option<Eps>,
    /// Reported percentages by ratio index, in whole percent as printed.
    pub percentages: BTreeMap<usize, Fact>,
    /// The non-GAAP figures the release prints, as recorded.
    pub published: Vec<Published>,
    /// Average balances the release states for a duration, by balance-sheet
    /// line.
    pub averages: BTreeMap<LineId, Fact>,
    /// Named share counts for declared measures' per-share figures.
    pub counts: BTreeMap<String, Fact>,
    /// Counts written as sums of named counts, for the tie-out.
    pub count_sums: Vec<CountSum>,
    /// For a derived period: the reported periods its flows come from.
    pub derived: Option<Derivation>,
    /// Printed figures that do not tie, with the release's reasons.
    pub known_differences: Vec<KnownDifference>,
    pub site: Site,
}

/// A count written as the sum of counts the period prints
/// (`{ sum = ["basic", "op_units"], total = 10500 }`).
#[derive(Debug, Clone)]
pub struct CountSum {
    /// Where it is written: `shares.non_gaap_diluted`, `counts.ffo_diluted`.
    pub key: String,
    /// The counts added, by name, each as resolved.
    pub parts: Vec<(String, Fact)>,
    /// Their sum, exact.
    pub sum: rust_decimal::Decimal,
    /// The total as printed, where recorded: the count used, tied to `sum`.
    pub total: Option<Fact>,
}

/// A non-GAAP figure the release prints: the measure it belongs to, as
/// written (`net-income`, `eps-diluted`), and the figure.
/// A printed figure that does not tie, recorded with the release's reason.
#[derive(Debug, Clone)]
pub struct KnownDifference {
    /// `<table>.<key>`, as written.
    pub key: String,
    pub reason: String,
    /// Where the key is written.
    pub site: Site,
    /// Where the figure it names is written.
    pub figure: Site,
}

#[derive(Debug, Clone)]
pub struct Published {
    pub key: String,
    pub key_site: Site,
    pub what: PublishedFigure,
    pub fact: Fact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishedFigure {
    /// The measure's non-GAAP figure.
    NonGaap,
    /// The total of the adjustments between GAAP and non-GAAP.
    Adjustments,
}

impl Period {
    pub fn is_duration(&self) -> bool {
        matches!(self.span, PeriodSpan::Duration { .. })
    }
}

/// A period as a table column shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodHeading {
    pub id: String,
    /// As the release prints it: "Nine Months Ended Sept. 30, 2003".
    pub header: String,
    pub span: PeriodSpan,
    /// For a period computed from others, how: "FY-2024 - 9M-2024".
    pub derived: Option<String>,
}

/// What a period spelling means, whatever its punctuation: a length in months
/// ending at a month of a (fiscal) year, or an instant. `Q1-2003` and `3M2003`
/// are the same key; so are `H1 2003` and `6M-2003`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
        // Trailing twelve months to the end of another period: TTM-Q3-2003.
        if let Some(rest) = s.strip_prefix("TTM").or_else(|| s.strip_prefix("LTM")) {
            // One prefix only: TTM of a TTM is not a period.
            if rest.starts_with("TTM") || rest.starts_with("LTM") {
                return None;
            }
            return match PeriodKey::parse(rest)? {
                PeriodKey::Duration {
                    ending_month, year, ..
                } => Some(PeriodKey::Duration {
                    months: 12,
                    ending_month,
                    year,
                }),
                PeriodKey::Instant(_) => None,
            };
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

    /// The usual spelling of the key: `Q3-2003`, `9M-2003`, `FY2024`;
    /// `Q1-FY2024` when the fiscal year does not end in December.
    /// The id that names this period, when one does: its description,
    /// only if that reads back as this very period (a two-month span
    /// ending in month 3 has a description and no id).
    pub fn id(&self, fiscal_year_end: (u32, u32)) -> Option<String> {
        let id = self.describe(fiscal_year_end);
        (PeriodKey::parse(&id) == Some(*self)).then_some(id)
    }

    pub fn describe(&self, fiscal_year_end: (u32, u32)) -> String {
        let fy = if fiscal_year_end.0 == 12 { "" } else { "FY" };
        let PeriodKey::Duration {
            months,
            ending_month: end,
            year,
        } = *self
        else {
            return match self {
                PeriodKey::Instant(date) => date.to_string(),
                PeriodKey::Duration { .. } => String::new(),
            };
        };
        match (months, end) {
            (3, end) if end % 3 == 0 => format!("Q{}-{fy}{year}", end / 3),
            (12, 12) => format!("FY{year}"),
            (12, end) if end % 3 == 0 => format!("TTM-Q{}-{fy}{year}", end / 3),
            (6, 6) => format!("H1-{fy}{year}"),
            (6, 12) => format!("H2-{fy}{year}"),
            (months, end) if months == end => format!("{months}M-{fy}{year}"),
            (months, end) => format!("{months} months to month {end} of {fy}{year}"),
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

/// A derived period as a signed sum of reported ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// Index into `Statement::periods`, and +1 or -1.
    pub terms: Vec<(usize, Decimal)>,
}

impl Derivation {
    /// How the derivation reads: "FY-2024 - 9M-2024".
    pub fn describe(&self, periods: &[Period]) -> String {
        let mut text = String::new();
        for (n, (index, sign)) in self.terms.iter().enumerate() {
            let id = periods.get(*index).map_or("?", |p| p.id.as_str());
            match (n, sign.is_sign_negative()) {
                (0, false) => text.push_str(id),
                (0, true) => text.push_str(&format!("-{id}")),
                (_, false) => text.push_str(&format!(" + {id}")),
                (_, true) => text.push_str(&format!(" - {id}")),
            }
        }
        text
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

    fn duration(start: &str, end: &str) -> PeriodSpan {
        PeriodSpan::Duration {
            start: Date::parse(start).unwrap(),
            end: Date::parse(end).unwrap(),
        }
    }

    #[test]
    fn dates_give_the_key_in_the_fiscal_calendar() {
        let april = (4, 30);
        assert_eq!(
            duration("2023-05-01", "2023-07-31").key(april),
            key("Q1-FY2024").unwrap()
        );
        assert_eq!(
            duration("2023-05-01", "2024-01-31").key(april),
            key("9M-FY2024").unwrap()
        );
        assert_eq!(
            duration("2023-05-01", "2024-04-30").key(april),
            key("FY2024").unwrap()
        );
        let december = (12, 31);
        assert_eq!(
            duration("2003-07-01", "2003-09-30").key(december),
            key("Q3-2003").unwrap()
        );
        assert_eq!(
            duration("2003-01-01", "2003-09-30").key(december),
            key("9M2003").unwrap()
        );
    }

    #[test]
    fn weeks_count_as_months_and_an_early_end_date_closes_the_month_before() {
        // 13 weeks ending Saturday 2024-02-03, in a year ending near Jan. 31.
        let q4 = duration("2023-11-05", "2024-02-03");
        assert_eq!(q4.months(), 3);
        assert_eq!(q4.key((1, 31)), key("Q4-FY2024").unwrap());
        assert_eq!(duration("2023-01-29", "2024-02-03").months(), 12);
    }

    #[test]
    fn headers_come_from_the_dates() {
        let (april, december) = ((4, 30), (12, 31));
        let header = |start, end, fye| duration(start, end).header(fye);
        assert_eq!(
            header("2023-05-01", "2023-07-31", april),
            "Three Months Ended July 31, 2023"
        );
        assert_eq!(
            header("2003-01-01", "2003-09-30", december),
            "Nine Months Ended Sept. 30, 2003"
        );
        assert_eq!(
            header("2024-01-01", "2024-12-31", december),
            "Year Ended Dec. 31, 2024"
        );
        assert_eq!(
            header("2002-10-01", "2003-09-30", december),
            "Twelve Months Ended Sept. 30, 2003"
        );
        let instant = PeriodSpan::Instant {
            date: Date::parse("2002-12-31").unwrap(),
        };
        assert_eq!(instant.header(december), "As of Dec. 31, 2002");
    }

    #[test]
    fn keys_are_described_in_the_usual_spelling() {
        assert_eq!(key("3Q2003").unwrap().describe((12, 31)), "Q3-2003");
        assert_eq!(key("q1-fy2024").unwrap().describe((4, 30)), "Q1-FY2024");
        assert_eq!(key("9M2003").unwrap().describe((12, 31)), "9M-2003");
    }

    #[test]
    fn day_numbers_round_trip() {
        for text in [
            "2003-09-30",
            "2004-02-29",
            "2000-03-01",
            "1999-12-31",
            "2024-01-01",
        ] {
            let date = Date::parse(text).unwrap();
            assert_eq!(from_day_number(day_number(date)), date, "{text}");
        }
        let (a, b) = (
            Date::parse("2003-10-01").unwrap(),
            Date::parse("2003-09-30").unwrap(),
        );
        assert_eq!(day_number(a) - day_number(b), 1);
    }

    #[test]
    fn iso_dates_are_instants() {
        assert!(matches!(key("2003-09-30"), Some(PeriodKey::Instant(_))));
    }

    #[test]
    fn nonsense_is_not_a_period() {
        for bad in [
            "TTMTTMQ3-2003",
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

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

/// A fraction from 0 to 1 (a tax rate, the noncontrolling interests'
/// share): written like an amount, but "25%" means 0.25, and the fix for it
/// says so. The range is checked where the fraction is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFraction(pub Decimal);

/// How a quoted figure is read: an amount in the file's units (a
/// percentage in whole percent, "68" for 68%), or a fraction ("0.25" for
/// 25%). Every fix printed for a figure is checked against its reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Amount,
    Fraction,
}

impl<'de> Deserialize<'de> for RawAmount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(AmountVisitor(Reading::Amount))
            .map(RawAmount)
    }
}

impl<'de> Deserialize<'de> for RawFraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(AmountVisitor(Reading::Fraction))
            .map(RawFraction)
    }
}

/// In a JSON Schema (`reconcile schema`): an integer, or a string holding a
/// plain decimal. The pattern is what `parse_amount` accepts; a TOML float is
/// refused, as loading refuses it.
impl schemars::JsonSchema for RawAmount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact amount: an integer such as -5273, or a quoted decimal such as \"-0.04\". Never a float (-0.04 unquoted), never thousands separators, dollar or percent signs, or parentheses.",
            "type": ["integer", "string"],
            "pattern": "^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$"
        })
    }
}

struct AmountVisitor(Reading);

impl Visitor<'_> for AmountVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Reading::Amount => f.write_str(
                "an amount: an integer such as -5273 or a quoted decimal such as \"-0.04\"",
            ),
            Reading::Fraction => f.write_str("a fraction from 0 to 1, quoted: \"0.25\" for 25%"),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        too_large_integer(&v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        too_large_integer(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
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

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_as(v, self.0).map_err(|(problem, fix)| E::custom(with_help(&problem, &fix)))
    }
}

/// An integer TOML cannot hold (beyond 64 bits): say so and how to write it.
fn too_large_integer<E: de::Error>(digits: &str) -> Result<Decimal, E> {
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

/// The generic fix for text that is no number at all.
const DIGITS: &str =
    "write digits with an optional minus sign and decimal point, such as \"-5273\" or \"0.04\"";

/// Parses a quoted amount exactly, or says what is wrong with it and how to
/// write it instead: `(problem, fix)`.
pub fn parse_amount(text: &str) -> Result<Decimal, (String, String)> {
    parse_as(text, Reading::Amount)
}

/// Parses a quoted fraction ("0.25"); "25%" is refused with the fix
/// "0.25". The range (0 to 1) is checked where the fraction is used.
pub fn parse_fraction(text: &str) -> Result<Decimal, (String, String)> {
    parse_as(text, Reading::Fraction)
}

/// Parses a quoted figure in its reading, or says what is wrong and how to
/// write it: `(problem, fix)`.
pub fn parse_as(text: &str, reading: Reading) -> Result<Decimal, (String, String)> {
    let fail = |problem: &str, fix: String| Err((problem.to_string(), fix));
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return fail(
            "an amount may not be empty",
            "write 0 for a nil amount".into(),
        );
    }
    if DASHES.contains(&trimmed) {
        return fail(
            &format!("\"{trimmed}\" is not an amount"),
            "write 0 for a nil amount".into(),
        );
    }
    if let Some(problem) = release_notation(trimmed, reading) {
        return fail(&problem.0, problem.1);
    }
    if !well_formed(trimmed) {
        return fail(&format!("`{text}` is not a decimal number"), DIGITS.into());
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

/// Digits, an optional leading minus and an optional decimal point.
fn well_formed(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let mut parts = body.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A dash alone, as releases print a nil figure.
const DASHES: [&str; 5] = ["-", "\u{2212}", "\u{2013}", "\u{2014}", "\u{2012}"];

/// Minus signs a word processor or a PDF puts where `-` belongs.
const TYPOGRAPHIC_MINUS: [char; 4] = ['\u{2212}', '\u{2013}', '\u{2012}', '\u{fe63}'];

/// Spaces that separate thousands in a pasted figure.
const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// Marks a release puts after a figure to point at a footnote.
const FOOTNOTE_MARKS: [char; 6] = ['*', '\u{2020}', '\u{2021}', '\u{a7}', '\u{b6}', '#'];

/// The one place a fix for a figure is made: `write "<candidate>"`, only
/// when the candidate itself loads in the same reading and means `value`
/// (a fraction also lies from 0 to 1). Otherwise no fix is offered.
pub fn rewrite(candidate: &str, reading: Reading, value: Decimal) -> Option<String> {
    let loaded = parse_as(candidate, reading).ok()?;
    let in_range = reading == Reading::Amount || (Decimal::ZERO..=Decimal::ONE).contains(&loaded);
    (loaded == value && in_range).then(|| format!("\"{candidate}\""))
}

/// A percentage as a fraction, exactly: 25 -> 0.25, 7.5 -> 0.075.
pub fn percent_as_fraction(percent: Decimal) -> Option<Decimal> {
    let mut fraction = percent;
    fraction.set_scale(percent.scale() + 2).ok()?;
    Some(fraction)
}

/// The fix for a fraction written out of range, `"0.35" for 35%`, when
/// the figure (above 1, at most 100) reads as a percentage; the fix is
/// checked to load as the same fraction.
pub fn percent_fix(value: Decimal) -> Option<String> {
    if value <= Decimal::ONE || value > Decimal::ONE_HUNDRED {
        return None;
    }
    let fraction = percent_as_fraction(value)?;
    rewrite(&fraction.to_string(), Reading::Fraction, fraction)
        .map(|fix| format!("{fix} for {value}%"))
}

/// Amounts written as a release prints them ("$(5,273)", "1,234", "68%",
/// "1,045(a)", "−5,273"): what is wrong, and the exact amount to write
/// instead, which itself parses in the same reading and never changes the
/// value. A comma that could separate thousands or decimals ("8,68",
/// "1.234,5") is ambiguous: both readings are shown, and none is chosen.
fn release_notation(text: &str, reading: Reading) -> Option<(String, String)> {
    if well_formed(text) {
        return None;
    }
    let mut notation = Notation::new(text, reading);
    notation.strip_footnote_marks();
    notation.strip_typographic_minus()?;
    notation.strip_dollar_and_percent();
    notation.strip_sign();
    if notation.body.contains(',') {
        return Some(notation.comma_advice());
    }
    Some(notation.plain_advice())
}

/// A figure as a release printed it, taken apart step by step: what is
/// left of its digits, its sign, its footnote marks, and each notation
/// stripped on the way (named in the message).
struct Notation<'a> {
    text: &'a str,
    reading: Reading,
    body: String,
    negative: bool,
    percent: bool,
    marks: String,
    problems: Vec<String>,
}

impl<'a> Notation<'a> {
    /// The figure with its spaces dropped (noted as a problem).
    fn new(text: &'a str, reading: Reading) -> Self {
        let body: String = text
            .trim()
            .chars()
            .filter(|c| !SPACES.contains(c))
            .collect();
        let mut problems: Vec<String> = Vec::new();
        if text.trim().contains(SPACES) {
            problems.push("spaces".into());
        }
        Notation {
            text,
            reading,
            body,
            negative: false,
            percent: false,
            marks: String::new(),
            problems,
        }
    }

    /// Footnote markers after the figure: "1,045(a)", "1,045*", "1,045†".
    fn strip_footnote_marks(&mut self) {
        self.marks = footnote_marks(&mut self.body);
        if !self.marks.is_empty() {
            self.problems
                .push(format!("a footnote marker `{}`", self.marks));
        }
    }

    /// A typographic minus sign becomes `-`.
    fn strip_typographic_minus(&mut self) -> Option<()> {
        if self.body.contains(TYPOGRAPHIC_MINUS) {
            let found = self.body.chars().find(|c| TYPOGRAPHIC_MINUS.contains(c))?;
            self.body = self.body.replace(TYPOGRAPHIC_MINUS, "-");
            self.problems.push(format!(
                "a typographic minus sign (U+{:04X}) in place of `-`",
                found as u32
            ));
        }
        Some(())
    }

    /// A dollar sign is dropped; a percent sign is dropped and remembered.
    fn strip_dollar_and_percent(&mut self) {
        if self.body.contains('$') {
            self.body = self.body.replace('$', "");
            self.problems.push("a dollar sign".into());
        }
        if let Some(rest) = self.body.strip_suffix('%') {
            self.body = rest.to_string();
            self.percent = true;
            self.problems.push("a percent sign".into());
        }
    }

    /// Parentheses, a leading or a trailing minus sign become the sign.
    fn strip_sign(&mut self) {
        let body = &self.body;
        if body.starts_with('(') && body.ends_with(')') && body.len() >= 2 {
            self.body = body[1..body.len() - 1].to_string();
            self.negative = true;
            self.problems.push("parentheses for a minus sign".into());
        }
        if let Some(rest) = self.body.strip_prefix('-') {
            self.body = rest.to_string();
            self.negative = !self.negative;
        } else if let Some(rest) = self.body.strip_suffix('-')
            && !rest.is_empty()
        {
            // "5,273-", as ledgers and ERP exports print a negative.
            self.body = rest.to_string();
            self.negative = !self.negative;
            self.problems.push("a trailing minus sign".into());
        }
    }

    /// The sign to write before the digits.
    fn sign(&self) -> &'static str {
        if self.negative { "-" } else { "" }
    }

    /// The fix for a plain candidate, in this reading: a percentage is a
    /// fraction where a fraction is read.
    fn fix_for(&self, candidate: &str) -> Option<String> {
        let value = Decimal::from_str_exact(candidate).ok()?;
        if self.percent && self.reading == Reading::Fraction {
            let fraction = percent_as_fraction(value)?;
            return rewrite(&fraction.to_string(), self.reading, fraction)
                .map(|fix| format!("{fix} ({candidate}% as a fraction)"));
        }
        rewrite(candidate, self.reading, value)
    }

    /// The message and the fix once every problem is named.
    fn named_problems(&self, fix: &str) -> (String, String) {
        (
            format!(
                "{} may not hold {}",
                noun(self.reading),
                self.problems.join(" or ")
            ),
            format!("write {fix}{}", footnote_advice(&self.marks)),
        )
    }

    /// A figure with a comma: thousands separators when the groups say so
    /// and the fix loads; otherwise ambiguous, with both readings shown.
    fn comma_advice(mut self) -> (String, String) {
        if let Some(candidate) = self.thousands_candidate()
            && let Some(fix) = self.fix_for(&candidate)
        {
            self.problems.push("thousands separators".into());
            return self.named_problems(&fix);
        }
        self.ambiguous_comma()
    }

    /// The digits without their thousands separators, when the comma
    /// groups are those of thousands ("1,234", "12,345.6").
    fn thousands_candidate(&self) -> Option<String> {
        let (whole, fraction) = match self.body.split_once('.') {
            Some((w, f)) if !w.contains('.') && !f.contains(',') => (w.to_string(), Some(f)),
            Some(_) => (String::new(), None),
            None => (self.body.clone(), None),
        };
        let groups: Vec<&str> = whole.split(',').collect();
        let thousands = !whole.is_empty()
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
        thousands.then(|| {
            format!(
                "{}{}{}",
                self.sign(),
                groups.concat(),
                fraction.map(|f| format!(".{f}")).unwrap_or_default()
            )
        })
    }

    /// A comma that is not a thousands separator may be a decimal comma:
    /// both readings that load are shown, and none is chosen.
    fn ambiguous_comma(&self) -> (String, String) {
        let sign = self.sign();
        let as_thousands = format!("{sign}{}", self.body.replace(',', ""));
        let as_decimal = format!("{sign}{}", self.body.replace('.', "").replace(',', "."));
        let forms: Vec<String> = [
            (as_decimal, "if the comma is the decimal point"),
            (as_thousands, "if the comma separates thousands"),
        ]
        .into_iter()
        .filter(|(c, _)| well_formed(c))
        .filter_map(|(c, when)| self.fix_for(&c).map(|fix| format!("{fix} {when}")))
        .collect();
        (
            format!(
                "`{}` is ambiguous: its comma may separate thousands or mark decimals",
                self.text
            ),
            if forms.is_empty() {
                DIGITS.to_string()
            } else {
                format!("write {} (check the release)", forms.join(", or "))
            },
        )
    }

    /// A figure without a comma: the fix when it loads and something was
    /// stripped; otherwise what the figure is not.
    fn plain_advice(&self) -> (String, String) {
        let text = self.text;
        let candidate = format!("{}{}", self.sign(), self.body);
        let fix = well_formed(&candidate)
            .then(|| self.fix_for(&candidate))
            .flatten();
        match fix {
            Some(fix) if !self.problems.is_empty() => self.named_problems(&fix),
            _ if self.percent && self.reading == Reading::Fraction => (
                format!("`{text}` is not a fraction from 0 to 1"),
                "a rate or a share lies from 0% to 100%, written as a fraction (25% is \"0.25\"): check the figure".into(),
            ),
            _ => (format!("`{text}` is not a decimal number"), DIGITS.into()),
        }
    }
}

/// Strips the footnote markers after a figure ("1,045(a)", "1,045*",
/// "1,045†", "1,045¹") and returns them; "(5,273)" alone is a negative.
fn footnote_marks(body: &mut String) -> String {
    let mut marks = String::new();
    loop {
        if let Some(rest) = body.strip_suffix(FOOTNOTE_MARKS) {
            marks.insert_str(0, &body[rest.len()..]);
            *body = rest.to_string();
            continue;
        }
        let superscript = body
            .chars()
            .last()
            .filter(|c| matches!(c, '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}'..='\u{2079}'));
        if let Some(c) = superscript {
            body.pop();
            marks.insert(0, c);
            continue;
        }
        // "(a)" or "(1)" after a digit; "(5,273)" alone is a negative.
        if body.ends_with(')')
            && let Some(open) = body.rfind('(')
            && open > 0
            && body[..open].ends_with(|c: char| c.is_ascii_digit() || c == ')')
            && (2..=3).contains(&(body.len() - open - 1))
            && body[open + 1..body.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        {
            marks.insert_str(0, &body[open..]);
            body.truncate(open);
            continue;
        }
        return marks;
    }
}

/// What a figure is called in a message.
fn noun(reading: Reading) -> &'static str {
    match reading {
        Reading::Amount => "an amount",
        Reading::Fraction => "a fraction (a rate or a share)",
    }
}

/// Where a footnote a figure pointed at belongs.
fn footnote_advice(marks: &str) -> &'static str {
    if marks.is_empty() {
        ""
    } else {
        "; the footnote belongs in a comment or the rationale"
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
        assert_eq!(fix("$(5,273)"), "write \"-5273\"");
        assert_eq!(fix("($5,273.25)"), "write \"-5273.25\"");
    }

    #[test]
    fn an_ambiguous_comma_is_never_fixed_by_guessing() {
        let (problem, fix) = parse_amount("8,68").unwrap_err();
        assert!(problem.contains("ambiguous"), "{problem}");
        assert_eq!(
            fix,
            "write \"8.68\" if the comma is the decimal point, or \"868\" if the comma separates thousands (check the release)"
        );
        let (problem, fix) = parse_amount("1.234,5").unwrap_err();
        assert!(problem.contains("ambiguous"), "{problem}");
        assert!(
            fix.contains("\"1234.5\" if the comma is the decimal point"),
            "{fix}"
        );
    }

    #[test]
    fn every_suggestion_is_itself_accepted_with_the_same_value() {
        for text in [
            "1,234",
            "(5,273)",
            "$101",
            "68%",
            "$(5,273)",
            "1,234,567.5",
            "-$12",
        ] {
            let fix = parse_amount(text).unwrap_err().1;
            let suggested = fix.trim_start_matches("write \"").trim_end_matches('"');
            assert!(parse_amount(suggested).is_ok(), "{text} -> {suggested}");
        }
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

/// An amounts table as written (`amounts = { "Q3-2003" = -5273 }`): its
/// entries in the order they are written, each key and amount with its
/// place in the file, so a message about a period named twice points at
/// the later one. TOML itself refuses a key written twice. A list rather
/// than a map: the tables are read once, in order, and can hold an amount
/// for each of thousands of periods.
/// `RawAmounts<RawFraction>` holds fractions (tax rates by fiscal year).
#[derive(Debug)]
pub struct RawAmounts<T = RawAmount>(Vec<(toml::Spanned<String>, toml::Spanned<T>)>);

impl<T> Default for RawAmounts<T> {
    fn default() -> Self {
        RawAmounts(Vec::new())
    }
}

impl<T> RawAmounts<T> {
    /// The entries in the order they are written.
    pub fn iter(&self) -> impl Iterator<Item = (&toml::Spanned<String>, &toml::Spanned<T>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in the order they are written.
    pub fn keys(&self) -> impl Iterator<Item = &toml::Spanned<String>> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'a, T> IntoIterator for &'a RawAmounts<T> {
    type Item = (&'a toml::Spanned<String>, &'a toml::Spanned<T>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (toml::Spanned<String>, toml::Spanned<T>)>,
        fn(
            &'a (toml::Spanned<String>, toml::Spanned<T>),
        ) -> (&'a toml::Spanned<String>, &'a toml::Spanned<T>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for RawAmounts<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TableVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for TableVisitor<T> {
            type Value = RawAmounts<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of amounts by period id, such as { \"Q3-2003\" = -5273 }")
            }

            fn visit_map<A: de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawAmounts<T>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                // TOML gives the keys sorted; their places restore the
                // order of the file.
                entries.sort_by_key(|(key, _): &(toml::Spanned<String>, _)| key.span().start);
                Ok(RawAmounts(entries))
            }
        }
        deserializer.deserialize_map(TableVisitor(std::marker::PhantomData))
    }
}

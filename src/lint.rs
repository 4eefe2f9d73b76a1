//! Lint: rules of Regulation G and Item 10(e) that the files themselves can
//! break. An item may not be called non-recurring, infrequent or unusual
//! when similar items occurred within the prior two years or are likely to
//! recur within two (Item 10(e)(1)(ii)(B)); the adjustment file says which
//! with `recurring = true`. Findings are diagnostics at the offending words.

use crate::diagnostic::Diagnostic;
use crate::model::{Adjustment, TaxEffect};
use crate::source::Site;

/// Words an adjustment marked recurring may not use of itself.
const NOT_FOR_RECURRING: [&str; 4] = ["non-recurring", "nonrecurring", "infrequent", "unusual"];

/// Every lint finding in the adjustments.
pub fn lint(adjustments: &[Adjustment]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for adjustment in adjustments.iter().filter(|a| a.recurring == Some(true)) {
        let reason = match &adjustment.tax {
            TaxEffect::Nil { reason } => reason.as_str(),
            _ => "",
        };
        let said = normalise(&format!(
            "{} {} {reason}",
            adjustment.label, adjustment.rationale
        ));
        let Some(word) = NOT_FOR_RECURRING
            .into_iter()
            .find(|w| calls_itself(&said, w))
        else {
            continue;
        };
        let site = where_written(&adjustment.site, word).unwrap_or_else(|| adjustment.site.clone());
        findings.push(
            Diagnostic::at(&site, format!("adjustment `{}` is marked recurring but called {word}", adjustment.id))
                .note(
                    "Item 10(e)(1)(ii)(B): an item may not be called non-recurring, infrequent or unusual when a \
                     similar one occurred within the prior two years or is reasonably likely to recur within two",
                )
                .help("describe the item without that word, or set recurring = false if it truly will not recur"),
        );
    }
    findings
}

/// Lower case, one space between words, and "non recurring" or a word
/// broken over a line ("non-\nrecurring") joined as "non-recurring".
fn normalise(text: &str) -> String {
    let words = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    words
        .replace("non- ", "non-")
        .replace("non recurring", "non-recurring")
}

/// Whether the text uses the word of the item, not in a denial ("not unusual").
fn calls_itself(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| !text[..at].ends_with("not ") && !text[..at].ends_with("not an "))
}

/// Where a word stands in the file, outside comment lines; else where the
/// rationale starts.
fn where_written(site: &Site, word: &str) -> Option<Site> {
    let text = site.file.text();
    let mut offset = 0;
    let mut rationale = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            if let Some(at) = line.to_ascii_lowercase().find(word) {
                return Some(Site::new(&site.file, offset + at..offset + at + word.len()));
            }
            if trimmed.starts_with("rationale") && rationale.is_none() {
                let at = offset + (line.len() - trimmed.len());
                rationale = Some(Site::new(&site.file, at..at + "rationale".len()));
            }
        }
        offset += line.len();
    }
    rationale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_over_lines_or_spaces_still_count() {
        let said = normalise("A non-\n   recurring charge");
        assert!(calls_itself(&said, "non-recurring"));
        assert!(calls_itself(
            &normalise("a Non Recurring item"),
            "non-recurring"
        ));
    }

    #[test]
    fn a_denial_is_not_a_claim() {
        assert!(!calls_itself(
            &normalise("this is not unusual for us"),
            "unusual"
        ));
        assert!(calls_itself(
            &normalise("not part of operations; unusual in size"),
            "unusual"
        ));
    }
}

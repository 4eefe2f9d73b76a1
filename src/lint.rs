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
                .help("describe the item without that word, or set recurring = false if it truly will not recur")
                .code("NG003"),
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

/// Stated tax effects implausible for their adjustment: of the same sign as
/// the pre-tax effect they tax, or larger than it, or a tax on nothing. The
/// standard a rate meets by being between 0 and 1, applied to every spelling
/// of the same fact. Reported periods only: a derived one follows them.
pub fn implausible_taxes(
    statement: &crate::model::Statement,
    adjustments: &[Adjustment],
    adjusted: &crate::engine::AdjustedStatement,
) -> Vec<Diagnostic> {
    use crate::model::AdjustmentRule;
    use rust_decimal::Decimal;
    let mut findings = Vec::new();
    for (c, &p) in adjusted.period_index.iter().enumerate() {
        let period = &statement.periods[p];
        if period.derived.is_some() {
            continue;
        }
        for (a, adjustment) in adjustments.iter().enumerate() {
            let TaxEffect::Amounts(amounts) = &adjustment.tax else {
                continue;
            };
            if adjustment.rule == AdjustmentRule::TaxOnly || !adjustment.applies_to(&period.id) {
                continue;
            }
            let (Some(&tax), Some(&base)) = (amounts.get(&period.id), adjusted.taxable[c].get(a))
            else {
                continue;
            };
            if tax.is_zero() {
                continue;
            }
            let same_sign = !base.is_zero() && tax.is_sign_negative() == base.is_sign_negative();
            let larger = tax.abs() > base.abs();
            if !same_sign && !larger {
                continue;
            }
            let shown = |d: Decimal| crate::report::number::format(d, d.scale(), false);
            let why = if base.is_zero() {
                "there is no pre-tax effect for it to be the tax of".to_string()
            } else if same_sign {
                "it has the same sign as the pre-tax effect: excluding a charge raises income, so its tax effect lowers it".to_string()
            } else {
                "it is larger than the pre-tax effect it taxes".to_string()
            };
            let site = adjustment
                .tax_sites
                .get(&period.id)
                .unwrap_or(&adjustment.site);
            findings.push(
                Diagnostic::at(
                    site,
                    format!(
                        "the tax effect of `{}` in period {} is implausible: {} on a pre-tax effect of {}",
                        adjustment.id,
                        period.id,
                        shown(tax),
                        shown(base)
                    ),
                )
                .note(why)
                .note("a tax effect has the opposite sign of the pre-tax effect and is smaller than it, as any rate between 0 and 1 gives")
                .help("check the amount and its sign against the release: the tax effect of excluding a charge of 100 at 25% is -25")
                .code("implausible-tax")
                .in_period(period.id.clone()),
            );
        }
    }
    findings
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

//! Lint: rules of Regulation G and Item 10(e) that the files themselves can
//! break. An item may not be called non-recurring, infrequent or unusual
//! when similar items occurred within the prior two years or are likely to
//! recur within two (Item 10(e)(1)(ii)(B)); the adjustment file says which
//! with `recurring = true`. Findings are diagnostics at the offending words.

use crate::diagnostic::Diagnostic;
use crate::model::Adjustment;
use crate::source::Site;

/// Words an adjustment marked recurring may not use of itself.
const NOT_FOR_RECURRING: [&str; 4] = ["non-recurring", "nonrecurring", "infrequent", "unusual"];

/// Where a word stands in the file, outside comments.
fn where_written(site: &Site, word: &str) -> Option<Site> {
    let text = site.file.text();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if let Some(at) = code.to_ascii_lowercase().find(word) {
            return Some(Site::new(&site.file, offset + at..offset + at + word.len()));
        }
        offset += line.len();
    }
    None
}

/// Every lint finding in the adjustments.
pub fn lint(adjustments: &[Adjustment]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for adjustment in adjustments.iter().filter(|a| a.recurring == Some(true)) {
        let said = format!("{} {}", adjustment.label, adjustment.rationale).to_ascii_lowercase();
        let Some(word) = NOT_FOR_RECURRING.into_iter().find(|w| said.contains(w)) else {
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

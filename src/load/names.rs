//! Loading names written the same way wherever they appear: ids, the
//! lints a file allows, XBRL concept names. Shared by the statements file
//! and the adjustment files.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::lint_rules::RULES;
use crate::model::Allow;
use crate::raw::RawAllow;
use crate::source::{Site, SourceFile};
use crate::suggest;

/// Why an id is unusable, if it is.
pub(super) fn bad_id(id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        Some("may not be empty")
    } else if id.chars().any(char::is_whitespace) {
        Some("may not contain spaces; use `_` or `-`")
    } else {
        None
    }
}

/// Lints allowed, each an id of the lint table and a reason.
pub(super) fn allows(
    raw: &[RawAllow],
    file: &Arc<SourceFile>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Allow> {
    raw.iter()
        .filter_map(|a| {
            let site = Site::new(file, a.lint.span());
            let id = a.lint.get_ref().trim().to_ascii_uppercase();
            if !RULES.iter().any(|r| r.id == id) {
                errors.push(
                    Diagnostic::at(&site, format!("`{}` is not a lint", a.lint.get_ref()))
                        .maybe_help(suggest::did_you_mean(
                            a.lint.get_ref(),
                            RULES.iter().map(|r| r.id),
                        )),
                );
                return None;
            }
            if a.reason.trim().is_empty() {
                errors.push(
                    Diagnostic::at(&site, format!("allowing {id} needs a reason"))
                        .help("say why the rule does not apply, such as reason = \"explained in the release's footnote 3\""),
                );
                return None;
            }
            Some(Allow {
                lint: id,
                reason: a.reason.trim().to_string(),
                site,
            })
        })
        .collect()
}

/// A concept written `prefix:Name`; anything else is an error at it.
pub(super) fn check_concept_name(text: &str, site: &Site) -> Result<(String, Site), Diagnostic> {
    let ok = text.split_once(':').is_some_and(|(prefix, name)| {
        !prefix.is_empty()
            && !name.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_')
    });
    if ok {
        Ok((text.to_string(), site.clone()))
    } else {
        Err(Diagnostic::at(site, format!("`{text}` is not an XBRL concept name"))
            .label("expected prefix:Name")
            .help("write the taxonomy's prefix and the element's name, such as concept = \"us-gaap:Revenues\" or \"ifrs-full:Revenue\""))
    }
}

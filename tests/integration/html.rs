//! `--format html`: one self-contained document within what EDGAR accepts
//! for an exhibit, checked by a validator of the allowed subset (no
//! browser) and snapshotted; `browser.rs` renders it in headless Chromium.

use crate::snapshot;
use crate::support::run;

/// The tags EDGAR accepts that an exhibit of tables needs (HTML 4.01).
const TAGS: &[&str] = &[
    "html", "head", "title", "body", "div", "p", "table", "tr", "td", "th", "br", "b", "i", "u",
    "sup", "sub", "hr", "font", "center",
];
const VOID: &[&str] = &["br", "hr"];
const ATTRIBUTES: &[&str] = &[
    "style",
    "colspan",
    "rowspan",
    "cellspacing",
    "cellpadding",
    "border",
    "align",
    "valign",
    "width",
];

/// Every way the document breaks EDGAR's rules for an exhibit, or its own
/// nesting; empty when it is valid.
fn violations(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    if !html.is_ascii() {
        found.push("a character outside ASCII".to_string());
    }
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script",
        "http",
        "javascript:",
        "url(",
        "@import",
        "@font-face",
        "<img",
        "<link",
        "<a ",
        "src=",
        "href=",
        "<!--",
    ] {
        if lower.contains(banned) {
            found.push(format!("contains `{banned}`"));
        }
    }
    let Some(body) =
        lower.strip_prefix("<!doctype html public \"-//w3c//dtd html 4.01 transitional//en\">\n")
    else {
        found.push("does not begin with the HTML 4.01 doctype".to_string());
        return found;
    };
    let mut open: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        // Text between tags: entities only where `&` appears.
        check_text(&rest[..start], &mut found);
        let Some(end) = rest[start..].find('>') else {
            found.push("a tag that never closes".to_string());
            break;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name => {}
                top => found.push(format!("</{name}> closes {top:?}")),
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !TAGS.contains(&name.as_str()) {
            found.push(format!("tag <{name}> is not allowed"));
        }
        for attribute in attributes(&tag[name.len()..]) {
            if !ATTRIBUTES.contains(&attribute.as_str()) {
                found.push(format!("attribute {attribute} on <{name}> is not allowed"));
            }
        }
        if !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    check_text(rest, &mut found);
    if !open.is_empty() {
        found.push(format!("never closed: {open:?}"));
    }
    found
}

/// The names of a tag's attributes, each `name="value"`.
fn attributes(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some(eq) = rest.find("=\"") else {
            names.push(rest.to_string());
            break;
        };
        names.push(rest[..eq].trim().to_string());
        let after = &rest[eq + 2..];
        let close = after.find('"').unwrap_or(after.len());
        rest = after[(close + 1).min(after.len())..].trim();
    }
    names
}

fn check_text(text: &str, found: &mut Vec<String>) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let end = after.find(';').unwrap_or(usize::MAX);
        let entity = after.get(..end).unwrap_or(after);
        let named = ["amp", "lt", "gt", "quot", "nbsp"].contains(&entity);
        let numeric = entity
            .strip_prefix('#')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !named && !numeric {
            found.push(format!("a bare `&` or unknown entity: &{entity}"));
        }
        rest = after;
    }
    if text.contains('"') {
        found.push("a bare `\"` in text".to_string());
    }
}

fn html(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    assert_eq!(out.stderr, "", "{args:?}");
    out.stdout
}

#[test]
fn every_table_in_html_is_within_what_edgar_accepts() {
    for args in [
        &["--period", "9M2003", "--format", "html"][..],
        &["--period", "Q3-2003,9M2003", "--format", "html"],
        &["statements", "--format", "html"],
        &["matrix", "--period", "9M2003", "--format", "html"],
        &["--format", "html", "--units", "millions"],
        &["outlook", "--format", "html"],
    ] {
        let out = run(args);
        if args[0] == "outlook" && out.code != 0 {
            continue; // the frozen ATG model has no outlook
        }
        let doc = html(args);
        let found = violations(&doc);
        assert!(found.is_empty(), "{args:?}: {found:?}\n{doc}");
        assert_eq!(doc, html(args), "{args:?}: deterministic");
    }
}

#[test]
fn the_validator_catches_what_edgar_rejects() {
    let good = html(&["--period", "9M2003", "--format", "html"]);
    assert_eq!(violations(&good), Vec::<String>::new());
    for (bad, why) in [
        (
            good.replacen("<div>", "<div><script></script>", 1),
            "script",
        ),
        (
            good.replace("</title>", "</title><link href=\"x\">"),
            "link",
        ),
        (good.replacen("<td", "<td onclick=\"x\"", 1), "onclick"),
        (good.replacen("Services", "Servic\u{e9}s", 1), "ASCII"),
        (good.replacen("</td>", "", 1), "closes"),
        (good.replacen("<p ", "<img ", 1), "img"),
        (good.replacen("&amp;", "& ", 1), "entity"),
        (
            good.replacen("10pt", "10pt; background: url(http://x)", 1),
            "http",
        ),
    ] {
        assert!(!violations(&bad).is_empty(), "the validator missed {why}");
    }
}

#[test]
fn the_exhibit_lays_figures_out_as_a_release_prints_them() {
    let doc = html(&["--period", "Q3-2003,9M2003", "--format", "html"]);
    // The statements first, then the reconciliation, in one document.
    let operations = doc
        .find("Condensed Consolidated Statements of Operations")
        .expect("the statement of operations");
    let reconciliation = doc
        .find("Reconciliation of GAAP to Non-GAAP Net Income (Loss)")
        .expect("the reconciliation");
    assert!(operations < reconciliation);
    assert_eq!(doc.matches("<html>").count(), 1, "one document");
    // Headings over their periods, the date on its own line.
    assert!(
        doc.contains(">Three Months Ended<br>Sept. 30, 2003</td>"),
        "{doc}"
    );
    assert!(
        doc.contains(">Nine Months Ended<br>Sept. 30, 2003</td>"),
        "{doc}"
    );
    // The dollar sign, the figure and the hanging parenthesis in their own
    // cells; the non-GAAP total between a single and a double rule.
    let total = doc
        .find(">Non-GAAP net income (loss)</td>")
        .expect("the non-GAAP total");
    let row = &doc[total..doc[total..].find("</tr>").unwrap() + total];
    assert!(
        row.contains("border-top: 1px solid #000000; border-bottom: 3px double #000000\">$</td>"),
        "{row}"
    );
    assert!(row.contains("text-align: right"), "{row}");
    assert!(row.contains(">(5,172</td>"), "{row}");
    assert!(
        row.contains("border-bottom: 3px double #000000\">)</td>"),
        "{row}"
    );
    // Detail rows carry no dollar sign.
    let detail = doc
        .find(">Net restructuring benefit (1)</td>")
        .expect("the adjustment row");
    let row = &doc[detail..doc[detail..].find("</tr>").unwrap() + detail];
    assert!(!row.contains(">$<"), "{row}");
    assert!(row.contains(">(5,273</td>"), "{row}");
    assert!(
        doc.contains("(1) Net restructuring benefit: Excludes"),
        "the notes"
    );
}

#[test]
fn nine_month_html_snapshot() {
    snapshot!(
        "atg_9m_2003_html",
        html(&["--period", "9M2003", "--format", "html"])
    );
}

//! An XBRL instance document (the `.xml` a 10-Q or 10-K files, root
//! `xbrli:xbrl`) or an inline XBRL one (the `.htm`, facts in `ix:nonFraction`
//! and `ix:nonNumeric`, contexts and units in `ix:resources`), read into the
//! same [`Facts`] as the `companyfacts` JSON.
//!
//! Only the consolidated figures are kept: a fact whose context has a
//! segment or scenario (`xbrldi:explicitMember` dimensions: a business
//! segment, a product line) is counted and ignored. Units are named as
//! companyfacts names them (`USD`, `shares`, `USD/shares`). Values are exact
//! decimals: an inline fact's `scale` and `sign` are applied to the figure
//! shown, as the inline XBRL specification says.
//!
//! An instance names no accession number and no filing date: each fact's
//! source is the document's file name, its form (`dei:DocumentType`), its
//! fiscal year and period (`dei:DocumentFiscalYearFocus`,
//! `dei:DocumentFiscalPeriodFocus`) and the end of the period it reports
//! (`dei:DocumentPeriodEndDate`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::Arc;

use roxmltree::{Document, Node, ParsingOptions};
use rust_decimal::Decimal;

use super::{Facts, FiledFact};
use crate::diagnostic::Diagnostic;
use crate::model::Date;
use crate::source::{Site, SourceFile};

const XBRLI: &str = "http://www.xbrl.org/2003/instance";
const IX: &[&str] = &[
    "http://www.xbrl.org/2013/inlineXBRL",
    "http://www.xbrl.org/2008/inlineXBRL",
];
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Which kind of XML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Instance,
    Inline,
}

struct Context {
    start: Option<Date>,
    end: Date,
    dimensional: bool,
}

/// Reads an XBRL instance or inline XBRL document's text. `file` is the
/// document as read (for located errors), `name` the file name recorded as
/// each fact's source.
pub fn parse(file: &Arc<SourceFile>) -> Result<Facts, Diagnostic> {
    let text = file.text();
    let at = |offset: usize| Site::new(file, offset..offset + 1);
    let doc = Document::parse_with_options(
        text,
        ParsingOptions {
            allow_dtd: true,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| {
        let pos = e.pos();
        let offset = match e {
            roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
                text.trim_end().len().saturating_sub(1)
            }
            _ => offset_of(text, pos.row as usize, pos.col as usize),
        };
        let message = e.to_string();
        let message = message
            .strip_suffix(&format!(" at {pos}"))
            .unwrap_or(&message)
            .to_string();
        Diagnostic::at(&at(offset), format!("not well-formed XML: {message}"))
            .label("the XML parser stopped here")
            .help("an XBRL instance document is well-formed XML (<xbrli:xbrl> ... </xbrli:xbrl>), an inline XBRL one well-formed XHTML: fix the markup here, or use the filing's own file unchanged")
    })?;
    let root = doc.root_element();
    let flavor = if root.has_tag_name((XBRLI, "xbrl")) {
        Flavor::Instance
    } else if root.tag_name().name().eq_ignore_ascii_case("html")
        && root
            .descendants()
            .any(|n| n.is_element() && IX.contains(&n.tag_name().namespace().unwrap_or("")))
    {
        Flavor::Inline
    } else {
        return Err(Diagnostic::at(
            &Site::new(file, root.range().start..root.range().start + 1),
            format!(
                "the root element is `{}`: neither an XBRL instance document nor inline XBRL",
                qname(root)
            ),
        )
        .label("expected <xbrli:xbrl> (namespace http://www.xbrl.org/2003/instance), or <html> with ix: facts")
        .help("name the filing's instance document (the .xml beside the 10-Q or 10-K), its inline XBRL (.htm), or the company's companyfacts JSON"));
    };
    let site = |node: Node| Site::new(file, node.range());

    // Contexts and units, wherever they are (an inline document keeps them
    // in ix:resources).
    let mut contexts: HashMap<&str, Context> = HashMap::new();
    let mut units: HashMap<&str, String> = HashMap::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        if node.has_tag_name((XBRLI, "context")) {
            let id = required(node, "id", file)?;
            contexts.insert(id, read_context(node, file)?);
        } else if node.has_tag_name((XBRLI, "unit")) {
            let id = required(node, "id", file)?;
            units.insert(id, read_unit(node, file)?);
        }
    }

    // The facts: a plain instance's children of the root, an inline
    // document's ix:nonFraction and ix:nonNumeric.
    let mut numeric: Vec<(String, &str, Option<&str>, Decimal, Node)> = Vec::new();
    let mut dei: BTreeMap<String, String> = BTreeMap::new();
    match flavor {
        Flavor::Instance => {
            for node in root.children().filter(|n| n.is_element()) {
                let Some(context) = node.attribute("contextRef") else {
                    continue;
                };
                let concept = concept_name(node);
                if is_nil(node) {
                    continue;
                }
                let value: String = node.text().unwrap_or("").trim().to_string();
                match node.attribute("unitRef") {
                    Some(unit) => {
                        let number = parse_number(&value).ok_or_else(|| {
                            Diagnostic::at(
                                &site(node),
                                format!("`{concept}` has the value `{value}`, not a number"),
                            )
                            .label("expected a decimal number, such as 26974000000 or -187000000")
                            .help("a numeric fact (one with a unitRef) holds a number; use the filing's own instance document")
                        })?;
                        numeric.push((concept, context, Some(unit), number, node));
                    }
                    None => {
                        dei.entry(concept).or_insert(value);
                    }
                }
            }
        }
        Flavor::Inline => {
            for node in root.descendants().filter(|n| n.is_element()) {
                let ns = node.tag_name().namespace().unwrap_or("");
                if !IX.contains(&ns) {
                    continue;
                }
                let local = node.tag_name().name();
                if local != "nonFraction" && local != "nonNumeric" {
                    continue;
                }
                let name = required(node, "name", file)?;
                let concept = resolve_qname(node, name).ok_or_else(|| {
                    Diagnostic::at(
                        &site(node),
                        format!("the fact's name `{name}` has a prefix no namespace declares"),
                    )
                    .label("expected a prefix:Name whose prefix an xmlns: attribute declares")
                    .help("use the filing's own inline XBRL document unchanged")
                })?;
                let context = required(node, "contextRef", file)?;
                let shown: String = node
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                let shown = shown.trim().to_string();
                if local == "nonNumeric" {
                    dei.entry(concept).or_insert(shown);
                    continue;
                }
                if is_nil(node) {
                    continue;
                }
                let unit = required(node, "unitRef", file)?;
                let number = inline_number(node, &shown).map_err(|expected| {
                    Diagnostic::at(
                        &site(node),
                        format!("`{concept}` shows `{shown}`, which its format does not read as a number"),
                    )
                    .label(expected)
                    .help("use the filing's own inline XBRL document unchanged")
                })?;
                numeric.push((concept, context, Some(unit), number, node));
            }
        }
    }

    // The document's own facts: who, which form, which period.
    let document_name = file.path().file_name().map_or_else(
        || file.path().display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let get = |name: &str| dei.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let form = get("dei:DocumentType").unwrap_or("?").to_string();
    let period_end = get("dei:DocumentPeriodEndDate").map(str::to_string);
    let fy = get("dei:DocumentFiscalYearFocus").and_then(|y| y.parse::<i64>().ok());
    let fp = get("dei:DocumentFiscalPeriodFocus").map(str::to_string);
    let cik = get("dei:EntityCentralIndexKey")
        .and_then(|c| c.parse::<u64>().ok())
        .or_else(|| contexts_identifier(root).and_then(|c| c.parse::<u64>().ok()));
    let entity_name = get("dei:EntityRegistrantName").unwrap_or("").to_string();

    let mut concepts: BTreeMap<String, Vec<FiledFact>> = BTreeMap::new();
    let mut seen: BTreeSet<(String, String, String, Decimal)> = BTreeSet::new();
    let mut dimensional = 0;
    for (concept, context_id, unit_id, value, node) in numeric {
        let context = contexts.get(context_id).ok_or_else(|| {
            Diagnostic::at(
                &site(node),
                format!("`{concept}` names context `{context_id}`, which the document does not define"),
            )
            .label("expected the id of an xbrli:context in the document")
            .help("use the filing's own document unchanged: every contextRef names an <xbrli:context id=...>")
        })?;
        let unit = match unit_id {
            Some(u) => units.get(u).cloned().ok_or_else(|| {
                Diagnostic::at(
                    &site(node),
                    format!("`{concept}` names unit `{u}`, which the document does not define"),
                )
                .label("expected the id of an xbrli:unit in the document")
                .help("use the filing's own document unchanged: every unitRef names an <xbrli:unit id=...>")
            })?,
            None => continue,
        };
        if context.dimensional {
            dimensional += 1;
            continue;
        }
        // The same fact shown twice (an inline document repeats a figure
        // in its statements and its notes) is one fact.
        if !seen.insert((concept.clone(), context_id.to_string(), unit.clone(), value)) {
            continue;
        }
        concepts
            .entry(concept.clone())
            .or_default()
            .push(FiledFact {
                concept,
                unit,
                start: context.start,
                end: context.end,
                value: value.normalize(),
                accn: document_name.clone(),
                form: form.clone(),
                filed: period_end.clone().unwrap_or_default(),
                fy,
                fp: fp.clone(),
                document: true,
            });
    }
    let kind = match flavor {
        Flavor::Instance => "XBRL instance document",
        Flavor::Inline => "inline XBRL document",
    };
    let mut described = format!("{kind} {document_name} ({form}");
    if let Some(end) = &period_end {
        described.push_str(&format!(" for the period ended {end}"));
    }
    described.push(')');
    Ok(Facts {
        entity_name,
        cik,
        concepts,
        labels: BTreeMap::new(),
        described,
        dimensional_ignored: dimensional,
        year_end: get("dei:CurrentFiscalYearEndDate").and_then(|d| {
            let (month, day) = d.trim_start_matches('-').split_once('-')?;
            Some((month.parse().ok()?, day.parse().ok()?))
        }),
    })
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == row {
            return offset
                + line
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(line.len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}

fn qname(node: Node) -> String {
    let name = node.tag_name();
    match name.namespace().and_then(|ns| node.lookup_prefix(ns)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", name.name()),
        _ => name.name().to_string(),
    }
}

/// The usual prefix of a well-known taxonomy's namespace (any year's), so
/// that a document declaring `us-gaap` under another prefix still names
/// `us-gaap:Revenues`.
fn usual_prefix(namespace: &str) -> Option<&'static str> {
    if namespace.contains("fasb.org/us-gaap/") {
        Some("us-gaap")
    } else if namespace.contains("xbrl.sec.gov/dei/") {
        Some("dei")
    } else if namespace.contains("xbrl.ifrs.org/taxonomy/") {
        Some("ifrs-full")
    } else if namespace.contains("fasb.org/srt/") {
        Some("srt")
    } else {
        None
    }
}

/// A plain instance fact's element name, `prefix:Name`.
fn concept_name(node: Node) -> String {
    let name = node.tag_name();
    let prefix = name
        .namespace()
        .and_then(|ns| usual_prefix(ns).or_else(|| node.lookup_prefix(ns)));
    match prefix {
        Some(p) if !p.is_empty() => format!("{p}:{}", name.name()),
        _ => name.name().to_string(),
    }
}

/// An inline fact's `name` attribute, its prefix resolved in scope.
fn resolve_qname(node: Node, name: &str) -> Option<String> {
    let (prefix, local) = name.split_once(':')?;
    let ns = node.lookup_namespace_uri(Some(prefix))?;
    Some(format!("{}:{local}", usual_prefix(ns).unwrap_or(prefix)))
}

fn is_nil(node: Node) -> bool {
    node.attribute((XSI, "nil"))
        .is_some_and(|v| v.trim() == "true" || v.trim() == "1")
}

fn required<'a>(
    node: Node<'a, '_>,
    attribute: &str,
    file: &Arc<SourceFile>,
) -> Result<&'a str, Diagnostic> {
    node.attribute(attribute).ok_or_else(|| {
        Diagnostic::at(
            &Site::new(file, node.range()),
            format!("<{}> has no `{attribute}` attribute", qname(node)),
        )
        .label(format!("expected {attribute}=\"...\""))
        .help("use the filing's own document unchanged")
    })
}

/// The first context's entity identifier (the CIK, under the SEC's scheme).
fn contexts_identifier<'a>(root: Node<'a, '_>) -> Option<&'a str> {
    root.descendants()
        .find(|n| n.has_tag_name((XBRLI, "identifier")))
        .and_then(|n| n.text())
        .map(str::trim)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((XBRLI, name)))
}

fn date_in(node: Node, file: &Arc<SourceFile>) -> Result<Date, Diagnostic> {
    let text = node.text().unwrap_or("").trim();
    // A date may carry a time (2023-01-29T00:00:00): the day is what counts.
    text.get(..10)
        .and_then(|d| crate::raw::RawDate::parse(d).ok())
        .ok_or_else(|| {
            Diagnostic::at(
                &Site::new(file, node.range()),
                format!("`{text}` is not a date"),
            )
            .label("expected YYYY-MM-DD")
            .help("use the filing's own document unchanged")
        })
}

fn read_context(node: Node, file: &Arc<SourceFile>) -> Result<Context, Diagnostic> {
    let missing = |what: &str| {
        Diagnostic::at(
            &Site::new(file, node.range()),
            format!(
                "context `{}` has no {what}",
                node.attribute("id").unwrap_or("?")
            ),
        )
        .label("expected <xbrli:period> with <xbrli:startDate> and <xbrli:endDate>, or <xbrli:instant>")
        .help("use the filing's own document unchanged")
    };
    let period = child(node, "period").ok_or_else(|| missing("period"))?;
    let (start, end) = if let Some(instant) = child(period, "instant") {
        (None, date_in(instant, file)?)
    } else {
        match (child(period, "startDate"), child(period, "endDate")) {
            (Some(s), Some(e)) => (Some(date_in(s, file)?), date_in(e, file)?),
            _ => {
                // `forever` and anything else: no period a statement has.
                return Err(missing("start and end date, nor instant"));
            }
        }
    };
    let has_members = |n: Option<Node>| n.is_some_and(|n| n.children().any(|c| c.is_element()));
    let entity = child(node, "entity");
    let dimensional = has_members(entity.and_then(|e| child(e, "segment")))
        || has_members(child(node, "scenario"));
    Ok(Context {
        start,
        end,
        dimensional,
    })
}

/// A unit as companyfacts names it: the measures' local names (`USD`,
/// `shares`, `pure`), a divide as `USD/shares`.
fn read_unit(node: Node, file: &Arc<SourceFile>) -> Result<String, Diagnostic> {
    let measures = |n: Node| -> Vec<String> {
        n.children()
            .filter(|c| c.has_tag_name((XBRLI, "measure")))
            .map(|m| {
                let text = m.text().unwrap_or("").trim();
                text.rsplit(':').next().unwrap_or(text).to_string()
            })
            .collect()
    };
    let bad = || {
        Diagnostic::at(
            &Site::new(file, node.range()),
            format!(
                "unit `{}` names no measure",
                node.attribute("id").unwrap_or("?")
            ),
        )
        .label("expected <xbrli:measure>iso4217:USD</xbrli:measure>, or <xbrli:divide> of two")
        .help("use the filing's own document unchanged")
    };
    if let Some(divide) = child(node, "divide") {
        let num = child(divide, "unitNumerator")
            .map(measures)
            .unwrap_or_default();
        let den = child(divide, "unitDenominator")
            .map(measures)
            .unwrap_or_default();
        if num.is_empty() || den.is_empty() {
            return Err(bad());
        }
        return Ok(format!("{}/{}", num.join("*"), den.join("*")));
    }
    let own = measures(node);
    if own.is_empty() {
        return Err(bad());
    }
    Ok(own.join("*"))
}

/// A plain instance's number: a decimal, as xs:decimal writes it (a float
/// type's exponent read too).
fn parse_number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// An inline fact's value: the figure shown, read by its `format`, times
/// ten to its `scale`, negated by `sign="-"`.
fn inline_number(node: Node, shown: &str) -> Result<Decimal, String> {
    let format = node.attribute("format").unwrap_or("");
    let local = format.rsplit(':').next().unwrap_or(format);
    let digits: String = match local {
        // A dash or nothing shown for zero.
        "fixed-zero" | "zerodash" | "fixed-empty" => "0".to_string(),
        "numwordsen" | "num-word-en"
            if matches!(
                shown.to_ascii_lowercase().as_str(),
                "no" | "none" | "nil" | "zero"
            ) =>
        {
            "0".to_string()
        }
        "" | "num-dot-decimal" | "numdotdecimal" | "numcommadot" | "num-dot-decimal-apos" => shown
            .chars()
            .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\''))
            .collect(),
        "num-comma-decimal" | "numcommadecimal" | "numdotcomma" | "numspacecomma" => shown
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect(),
        _ => {
            return Err(format!(
                "format `{format}` is not one reconcile reads: expected ixt:num-dot-decimal, ixt:num-comma-decimal or ixt:fixed-zero"
            ));
        }
    };
    let mut value = parse_number(&digits).ok_or_else(|| {
        "expected digits, with the format's separators (26,974 or 0.57)".to_string()
    })?;
    if value.is_sign_negative() {
        return Err(
            "expected the figure without a sign: inline XBRL writes a negative as sign=\"-\""
                .to_string(),
        );
    }
    if let Some(scale) = node.attribute("scale") {
        let scale: i32 = scale
            .trim()
            .parse()
            .ok()
            .filter(|s: &i32| (-28..=28).contains(s))
            .ok_or_else(|| format!("scale `{scale}` is not a power of ten: expected scale=\"6\" (millions), \"3\" or \"0\""))?;
        let ten = Decimal::TEN;
        for _ in 0..scale.unsigned_abs() {
            value = if scale > 0 {
                value
                    .checked_mul(ten)
                    .ok_or_else(|| "the figure times its scale is too large".to_string())?
            } else {
                value / ten
            };
        }
    }
    if node.attribute("sign") == Some("-") {
        value = -value;
    }
    Ok(value)
}

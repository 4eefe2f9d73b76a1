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

use std::collections::{BTreeMap, HashMap};
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
    /// `None` for `<xbrli:forever/>`: no period a statement has; its facts
    /// are not read.
    end: Option<Date>,
    dimensional: bool,
}

/// Reads an XBRL instance or inline XBRL document's text. `file` is the
/// document as read (for located errors), `name` the file name recorded as
/// each fact's source.
pub fn parse(file: &Arc<SourceFile>) -> Result<Facts, Diagnostic> {
    match parse_any(file)? {
        Parsed::Facts(facts) => Ok(facts),
        Parsed::Other(why) => Err(why),
    }
}

/// An XML document read: facts, or why it holds none (its root is another
/// XML document's: a schema, a linkbase of the filing's package).
pub enum Parsed {
    Facts(Facts),
    Other(Diagnostic),
}

/// Reads an XML document, telling a well-formed one that is no instance
/// (`Parsed::Other`) from bad input (`Err`).
pub fn parse_any(file: &Arc<SourceFile>) -> Result<Parsed, Diagnostic> {
    let doc = read_xml(file)?;
    let root = doc.root_element();
    let Some(flavor) = flavor_of(root) else {
        return Ok(Parsed::Other(not_an_instance(file, root)));
    };
    let (contexts, units) = contexts_and_units(root, file)?;
    let (numeric, dei) = match flavor {
        Flavor::Instance => instance_facts(root, file)?,
        Flavor::Inline => inline_facts(root, file)?,
    };
    let document = document_facts(file, root, &dei);
    let (kept, dimensional) = consolidated(numeric, &contexts, &units, file)?;
    let chosen = most_precise(kept);
    let concepts = filed_facts(chosen, &contexts, &document);
    let described = describe(flavor, &document);
    Ok(Parsed::Facts(Facts {
        entity_name: document.entity_name,
        cik: document.cik,
        concepts,
        labels: BTreeMap::new(),
        described,
        dimensional_ignored: dimensional,
        year_end: document.year_end,
    }))
}

/// A numeric fact as read: concept, context id, unit id, value, and its node.
type Numeric<'a, 'input> = (String, &'a str, Option<&'a str>, Decimal, Node<'a, 'input>);

/// A consolidated fact: concept, context id, unit, value, and its precision
/// (`None`: INF).
type Kept<'a> = (String, &'a str, String, Decimal, Option<i32>);

/// The contexts by id.
type Contexts<'a> = HashMap<&'a str, Context>;

/// The units by id, each named as companyfacts names it.
type Units<'a> = HashMap<&'a str, String>;

/// The text facts (`dei:` and other nonNumeric ones), by concept name.
type TextFacts = BTreeMap<String, String>;

/// The document's own facts: who, which form, which period.
struct DocumentFacts {
    name: String,
    form: String,
    period_end: Option<String>,
    fy: Option<i64>,
    fp: Option<String>,
    cik: Option<u64>,
    entity_name: String,
    year_end: Option<(u32, u32)>,
}

/// Parses the text as XML, a parser error located where it stopped.
fn read_xml(file: &Arc<SourceFile>) -> Result<Document<'_>, Diagnostic> {
    let text = file.text();
    let at = |offset: usize| Site::new(file, offset..offset + 1);
    Document::parse_with_options(
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
    })
}

/// Which kind of XBRL document the root makes this, if any.
fn flavor_of(root: Node) -> Option<Flavor> {
    if root.has_tag_name((XBRLI, "xbrl")) {
        Some(Flavor::Instance)
    } else if root.tag_name().name().eq_ignore_ascii_case("html")
        && root
            .descendants()
            .any(|n| n.is_element() && IX.contains(&n.tag_name().namespace().unwrap_or("")))
    {
        Some(Flavor::Inline)
    } else {
        None
    }
}

/// Why a well-formed document whose root is another's holds no facts.
fn not_an_instance(file: &Arc<SourceFile>, root: Node) -> Diagnostic {
    Diagnostic::at(
        &Site::new(file, root.range().start..root.range().start + 1),
        format!(
            "the root element is `{}`: neither an XBRL instance document nor inline XBRL",
            qname(root)
        ),
    )
    .label("expected <xbrli:xbrl> (namespace http://www.xbrl.org/2003/instance), or <html> with ix: facts")
    .help("name the filing's instance document (the .xml beside the 10-Q or 10-K), its inline XBRL (.htm), or the company's companyfacts JSON")
}

/// The contexts and units by id, wherever they are (an inline document
/// keeps them in ix:resources).
fn contexts_and_units<'a>(
    root: Node<'a, '_>,
    file: &Arc<SourceFile>,
) -> Result<(Contexts<'a>, Units<'a>), Diagnostic> {
    let mut contexts = Contexts::new();
    let mut units = Units::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        if node.has_tag_name((XBRLI, "context")) {
            let id = required(node, "id", file)?;
            contexts.insert(id, read_context(node, file)?);
        } else if node.has_tag_name((XBRLI, "unit")) {
            let id = required(node, "id", file)?;
            units.insert(id, read_unit(node, file)?);
        }
    }
    Ok((contexts, units))
}

/// A plain instance's facts: the root's children with a contextRef,
/// numeric (with a unitRef) or text.
fn instance_facts<'a, 'input>(
    root: Node<'a, 'input>,
    file: &Arc<SourceFile>,
) -> Result<(Vec<Numeric<'a, 'input>>, TextFacts), Diagnostic> {
    let site = |node: Node| Site::new(file, node.range());
    let mut numeric = Vec::new();
    let mut dei = TextFacts::new();
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
    Ok((numeric, dei))
}

/// An inline document's facts: its ix:nonFraction (numeric) and
/// ix:nonNumeric (text) elements.
fn inline_facts<'a, 'input>(
    root: Node<'a, 'input>,
    file: &Arc<SourceFile>,
) -> Result<(Vec<Numeric<'a, 'input>>, TextFacts), Diagnostic> {
    let site = |node: Node| Site::new(file, node.range());
    let mut numeric = Vec::new();
    let mut dei = TextFacts::new();
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
                format!("`{concept}` shows `{shown}`, which cannot be read as a number"),
            )
            .label(expected)
            .help("use the filing's own inline XBRL document unchanged")
        })?;
        numeric.push((concept, context, Some(unit), number, node));
    }
    Ok((numeric, dei))
}

/// The document's own facts (who, which form, which period) from its
/// `dei:` facts, the CIK falling back to the contexts' identifier.
fn document_facts(file: &Arc<SourceFile>, root: Node, dei: &TextFacts) -> DocumentFacts {
    let get = |name: &str| dei.get(name).map(String::as_str).filter(|v| !v.is_empty());
    DocumentFacts {
        name: file.path().file_name().map_or_else(
            || file.path().display().to_string(),
            |n| n.to_string_lossy().to_string(),
        ),
        form: get("dei:DocumentType").unwrap_or("?").to_string(),
        period_end: get("dei:DocumentPeriodEndDate").map(str::to_string),
        fy: get("dei:DocumentFiscalYearFocus").and_then(|y| y.parse::<i64>().ok()),
        fp: get("dei:DocumentFiscalPeriodFocus").map(str::to_string),
        cik: get("dei:EntityCentralIndexKey")
            .and_then(|c| c.parse::<u64>().ok())
            .or_else(|| contexts_identifier(root).and_then(|c| c.parse::<u64>().ok())),
        entity_name: get("dei:EntityRegistrantName").unwrap_or("").to_string(),
        year_end: get("dei:CurrentFiscalYearEndDate").and_then(|d| {
            let (month, day) = d.trim_start_matches('-').split_once('-')?;
            Some((month.parse().ok()?, day.parse().ok()?))
        }),
    }
}

/// The consolidated numeric facts, each with its precision, and how many
/// dimensional ones were set aside; a bad `decimals`, context or unit is
/// an error.
fn consolidated<'a>(
    numeric: Vec<Numeric<'a, '_>>,
    contexts: &Contexts,
    units: &Units,
    file: &Arc<SourceFile>,
) -> Result<(Vec<Kept<'a>>, usize), Diagnostic> {
    let site = |node: Node| Site::new(file, node.range());
    let mut kept: Vec<Kept> = Vec::new();
    let mut dimensional = 0;
    for (concept, context_id, unit_id, value, node) in numeric {
        // `decimals` states the figure's precision (-6: to the million);
        // the value itself is exact as written.
        let decimals = match node.attribute("decimals").map(str::trim) {
            None | Some("INF") => None,
            Some(d) => Some(d.parse::<i32>().map_err(|_| {
                Diagnostic::at(&site(node), format!("`{concept}` has decimals=\"{d}\""))
                    .label("expected decimals=\"INF\" or a whole number, such as \"-6\" (to the million) or \"2\"")
                    .help("use the filing's own document unchanged")
            })?),
        };
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
        kept.push((concept, context_id, unit, value, decimals));
    }
    Ok((kept, dimensional))
}

/// The same fact shown twice (an inline document repeats a figure in
/// its statements and its text, "$26.97 billion") is one fact: the most
/// precise, where the others are it rounded to their own decimals.
/// Duplicates that disagree are all kept, and `check` names them.
fn most_precise(mut kept: Vec<Kept>) -> Vec<Kept> {
    let precision = |d: Option<i32>| d.unwrap_or(i32::MAX);
    kept.sort_by_key(|k| std::cmp::Reverse(precision(k.4)));
    let mut chosen: Vec<Kept> = Vec::new();
    for fact in kept {
        let consistent = chosen.iter().any(|c| {
            c.0 == fact.0
                && c.1 == fact.1
                && c.2 == fact.2
                && rounded(c.3, fact.4) == rounded(fact.3, fact.4)
        });
        if !consistent {
            chosen.push(fact);
        }
    }
    chosen
}

/// The chosen facts by concept, each sourced to the document; a fact of a
/// forever context (no end) is not read.
fn filed_facts(
    chosen: Vec<Kept>,
    contexts: &Contexts,
    document: &DocumentFacts,
) -> BTreeMap<String, Vec<FiledFact>> {
    let mut concepts: BTreeMap<String, Vec<FiledFact>> = BTreeMap::new();
    for (concept, context_id, unit, value, _) in chosen {
        let Some((context, end)) = contexts.get(context_id).and_then(|c| Some((c, c.end?))) else {
            continue;
        };
        concepts
            .entry(concept.clone())
            .or_default()
            .push(FiledFact {
                concept,
                unit,
                start: context.start,
                end,
                value: value.normalize(),
                accn: document.name.clone(),
                form: document.form.clone(),
                filed: document.period_end.clone().unwrap_or_default(),
                fy: document.fy,
                fp: document.fp.clone(),
                document: true,
            });
    }
    concepts
}

/// The document described for a report: its kind, name, form and period.
fn describe(flavor: Flavor, document: &DocumentFacts) -> String {
    let kind = match flavor {
        Flavor::Instance => "XBRL instance document",
        Flavor::Inline => "inline XBRL document",
    };
    let mut described = format!("{kind} {} ({}", document.name, document.form);
    if let Some(end) = &document.period_end {
        described.push_str(&format!(" for the period ended {end}"));
    }
    described.push(')');
    described
}

/// A value rounded to `decimals` places (-6: to the million), half away
/// from zero as XBRL rounds; `None` (INF) leaves it as it is.
fn rounded(value: Decimal, decimals: Option<i32>) -> Decimal {
    use rust_decimal::RoundingStrategy::MidpointAwayFromZero;
    match decimals {
        None => value,
        Some(d) if d >= 0 => value.round_dp_with_strategy(d.min(28) as u32, MidpointAwayFromZero),
        Some(d) => {
            let mut place = Decimal::ONE;
            for _ in 0..d.unsigned_abs().min(28) {
                match place.checked_mul(Decimal::TEN) {
                    Some(p) => place = p,
                    None => break,
                }
            }
            (value / place)
                .round_dp_with_strategy(0, MidpointAwayFromZero)
                .checked_mul(place)
                .unwrap_or(value)
        }
    }
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
        (None, Some(date_in(instant, file)?))
    } else {
        match (child(period, "startDate"), child(period, "endDate")) {
            (Some(s), Some(e)) => (Some(date_in(s, file)?), Some(date_in(e, file)?)),
            _ if child(period, "forever").is_some() => (None, None),
            _ => return Err(missing("start and end date, nor instant")),
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:g="http://fasb.org/us-gaap/2024" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><body><ix:header><ix:resources>
<xbrli:context id="y"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000042</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:unit id="u"><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unit></ix:resources></ix:header>"#;

    fn values(body: &str) -> Result<Vec<(String, Decimal)>, Diagnostic> {
        let text = format!("{HEAD}{body}</body></html>");
        let facts = parse(&SourceFile::new("t.htm", text))?;
        Ok(facts
            .concepts
            .values()
            .flatten()
            .map(|f| (format!("{} {}", f.concept, f.unit), f.value))
            .collect())
    }

    fn fact(name: &str, attrs: &str, shown: &str) -> String {
        format!(
            r#"<ix:nonFraction name="g:{name}" contextRef="y" unitRef="u" {attrs}>{shown}</ix:nonFraction>"#
        )
    }

    #[test]
    fn scale_sign_and_format_give_the_exact_value() {
        let body = [
            fact(
                "A",
                r#"decimals="-6" scale="6" format="ixt:num-dot-decimal""#,
                "1,234.5",
            ),
            fact(
                "B",
                r#"decimals="-3" scale="3" sign="-" format="ixt:num-comma-decimal""#,
                "1.234,5",
            ),
            fact("C", r#"decimals="INF" format="ixt:fixed-zero""#, "—"),
            fact("D", r#"decimals="2" scale="-2""#, "25"),
        ]
        .concat();
        let got = values(&body).unwrap();
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // The prefix a document declares is read as its taxonomy's usual one.
        assert_eq!(
            got,
            vec![
                ("us-gaap:A EUR".to_string(), d("1234500000")),
                ("us-gaap:B EUR".to_string(), d("-1234500")),
                ("us-gaap:C EUR".to_string(), d("0")),
                ("us-gaap:D EUR".to_string(), d("0.25")),
            ]
        );
    }

    #[test]
    fn a_fact_shown_twice_is_one_unless_the_two_disagree() {
        // 1,234.5 million shown again as 1.2 billion: consistent.
        let same = [
            fact("A", r#"decimals="-8" scale="9""#, "1.2"),
            fact("A", r#"decimals="-5" scale="6""#, "1,234.5"),
        ]
        .concat();
        let got = values(&same).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, Decimal::from(1_234_500_000));
        // 1.3 billion is not 1,234.5 million rounded: both are kept.
        let differ = [
            fact("A", r#"decimals="-8" scale="9""#, "1.3"),
            fact("A", r#"decimals="-5" scale="6""#, "1,234.5"),
        ]
        .concat();
        assert_eq!(values(&differ).unwrap().len(), 2);
    }

    #[test]
    fn a_nil_fact_is_no_fact_and_a_bad_figure_is_located() {
        let nil = fact("A", r#"decimals="0" xsi:nil="true""#, "");
        assert!(values(&nil).unwrap().is_empty());
        let bad = fact("A", r#"decimals="0" scale="99""#, "1");
        let err = values(&bad).unwrap_err();
        assert!(err.to_string().contains("t.htm:3:"), "{err}");
        assert!(err.to_string().contains("scale `99`"), "{err}");
        let negative = fact("A", r#"decimals="0""#, "-1");
        let err = values(&negative).unwrap_err();
        assert!(err.to_string().contains("sign=\"-\""), "{err}");
    }

    #[test]
    fn a_forever_context_s_fact_is_not_read() {
        let body = format!(
            r#"<xbrli:context id="f"><xbrli:entity><xbrli:identifier scheme="s">1</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:forever/></xbrli:period></xbrli:context>{}{}"#,
            r#"<ix:nonFraction name="g:A" contextRef="f" unitRef="u" decimals="0">7</ix:nonFraction>"#,
            fact("B", r#"decimals="0""#, "8"),
        );
        assert_eq!(
            values(&body).unwrap(),
            vec![("us-gaap:B EUR".to_string(), Decimal::from(8))]
        );
    }

    #[test]
    fn rounding_to_decimals_is_half_away_from_zero() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(rounded(d("26974000000"), Some(-9)), d("27000000000"));
        assert_eq!(rounded(d("-1500000"), Some(-6)), d("-2000000"));
        assert_eq!(rounded(d("1.745"), Some(2)), d("1.75"));
        assert_eq!(rounded(d("1.745"), None), d("1.745"));
    }
}

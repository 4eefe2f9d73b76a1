//! Every fix the tool prints for a figure is itself accepted: each help of
//! the bad-input catalogue that says `write "<text>"` (an amount, a rate, a
//! share) or `rename it `<id>`` is written back into the file at the place
//! the error points at, and the file is loaded again; the error at that
//! place is gone. A fix that is refused next would send the user round in
//! circles. The values are checked in `same_value` below.

use std::path::Path;
use std::sync::Arc;

use reconcile::diagnostic::Diagnostic;
use reconcile::load;
use reconcile::raw::{Reading, parse_as};
use reconcile::source::SourceFile;
use rust_decimal::Decimal;

use crate::support::root;

/// Loads one file as the loader does: a statements file, or an adjustment
/// file parsed on its own.
fn load_one(path: &Path, text: &str, statements: bool) -> Vec<Diagnostic> {
    let file: Arc<SourceFile> = SourceFile::new(path, text);
    if statements {
        load::statement_from_source(&file).err().unwrap_or_default()
    } else {
        load::parse_adjustment(file).err().into_iter().collect()
    }
}

/// The replacements a help offers: every quoted text after `write`, and the
/// id after `rename it`.
fn offered(help: &str) -> Vec<String> {
    if let Some(rest) = help.strip_prefix("rename it `") {
        return rest
            .split('`')
            .next()
            .map(String::from)
            .into_iter()
            .collect();
    }
    let Some((_, rest)) = help.split_once("write ") else {
        return Vec::new();
    };
    if !rest.starts_with('"') && !rest.contains(": \"") {
        return Vec::new();
    }
    let rest = rest.split_once(": \"").map_or(rest, |(_, r)| r);
    let rest = rest.strip_prefix('"').unwrap_or(rest);
    let mut found = vec![rest.split('"').next().unwrap_or("").to_string()];
    // An ambiguous comma offers two readings: "8.68" ..., or "868" ...
    for more in rest.split(", or \"").skip(1) {
        found.push(more.split('"').next().unwrap_or("").to_string());
    }
    found
}

#[test]
fn every_printed_fix_for_a_figure_loads_where_it_is_written() {
    let mut tried = 0;
    let mut cases: Vec<_> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("err_"))
        })
        .collect();
    cases.sort();
    for case in cases {
        for (folder, statements) in [("statements", true), ("adjustments", false)] {
            let Ok(entries) = std::fs::read_dir(case.join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "toml") || !path.is_file() {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for diagnostic in load_one(&path, &text, statements) {
                    let (Some(site), Some(help)) = (diagnostic.site(), diagnostic.help_text())
                    else {
                        continue;
                    };
                    let span = site.span.clone();
                    let written = site.file.text();
                    let Some(old) = written.get(span.clone()) else {
                        continue;
                    };
                    // Only a quoted value is rewritten: the fix replaces it whole.
                    if !old.starts_with('"') {
                        continue;
                    }
                    for fix in offered(help) {
                        let fixed = format!(
                            "{}\"{fix}\"{}",
                            &written[..span.start],
                            &written[span.end..]
                        );
                        let again = load_one(&path, &fixed, statements);
                        let same_place = again
                            .iter()
                            .find(|d| d.site().is_some_and(|s| s.span.start == span.start));
                        assert!(
                            same_place.is_none(),
                            "{}: the fix {fix:?} for {old} is refused: {}",
                            path.display(),
                            same_place.map(|d| d.to_string()).unwrap_or_default()
                        );
                        tried += 1;
                    }
                }
            }
        }
    }
    assert!(tried >= 12, "only {tried} fixes were tried");
}

/// Each fix the amount parser offers loads in the same reading and means
/// the value the text meant (both readings of an ambiguous comma load).
#[test]
fn every_fix_for_a_figure_means_the_same_value() {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let cases: [(&str, Reading, Option<&str>); 22] = [
        ("1,234", Reading::Amount, Some("1234")),
        ("(5,273)", Reading::Amount, Some("-5273")),
        ("$(5,273)", Reading::Amount, Some("-5273")),
        ("68%", Reading::Amount, Some("68")),
        ("1,045(a)", Reading::Amount, Some("1045")),
        ("$1,045*", Reading::Amount, Some("1045")),
        ("1,045\u{2020}", Reading::Amount, Some("1045")),
        ("1,045\u{b9}", Reading::Amount, Some("1045")),
        ("(5,273)(1)", Reading::Amount, Some("-5273")),
        ("\u{2212}5,273", Reading::Amount, Some("-5273")),
        ("\u{2013}12.5", Reading::Amount, Some("-12.5")),
        ("5,273-", Reading::Amount, Some("-5273")),
        ("1\u{a0}045", Reading::Amount, Some("1045")),
        ("25%", Reading::Fraction, Some("0.25")),
        ("7.5%", Reading::Fraction, Some("0.075")),
        ("10%", Reading::Fraction, Some("0.1")),
        ("100%", Reading::Fraction, Some("1")),
        ("8,68", Reading::Amount, None),
        ("1.234,5", Reading::Amount, None),
        ("abc", Reading::Amount, None),
        ("150%", Reading::Fraction, None),
        ("(25%)", Reading::Fraction, None),
    ];
    for (text, reading, meant) in cases {
        let (_, fix) = parse_as(text, reading).expect_err(text);
        let fixes = offered(&fix);
        for candidate in &fixes {
            let loaded = parse_as(candidate, reading)
                .unwrap_or_else(|e| panic!("{text}: the fix {candidate} is refused: {e:?}"));
            if let Some(meant) = meant {
                assert_eq!(loaded, d(meant), "{text} -> {candidate}");
            }
            if reading == Reading::Fraction {
                assert!((Decimal::ZERO..=Decimal::ONE).contains(&loaded), "{text}");
            }
        }
        assert_eq!(
            !fixes.is_empty(),
            meant.is_some() || text.contains(','),
            "{text}: {fix}"
        );
    }
    // A rate or share written as a percentage without its sign.
    for (value, meant) in [("35", "0.35"), ("21.5", "0.215"), ("10", "0.10")] {
        let fix = reconcile::raw::percent_fix(d(value)).unwrap();
        let candidate = offered(&format!("write {fix}"))[0].clone();
        assert_eq!(parse_as(&candidate, Reading::Fraction).unwrap(), d(meant));
    }
    assert_eq!(reconcile::raw::percent_fix(d("250")), None);
}

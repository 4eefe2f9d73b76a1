//! Real releases as the test suite (`tests/releases/<case>/`): each release
//! written as data only, and every non-GAAP figure it publishes compared with
//! the figure the tool computes (never a recorded figure echoed back), at the
//! precision printed. A figure the tool cannot reproduce yet is listed in
//! `tests/releases/GAPS.md`; the list must stay true both ways, and the
//! count per release in the guide (docs/releases.md) with it. `check` on each case is a snapshot:
//! it ties the release out, or names exactly the release's own inconsistencies.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use reconcile::load;
use reconcile::model::NonGaapMeasure;
use reconcile::view::{self, Block};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

use crate::support::{root, run};

const RELEASES: &str = "tests/releases";

/// One published figure of a release's `release.json`.
#[derive(Deserialize)]
struct Published {
    period: String,
    measure: String,
    value: String,
}

#[derive(Deserialize)]
struct Release {
    published_non_gaap: Vec<Published>,
    published_non_gaap_count: usize,
}

/// `figures.toml`: where each published figure is read in the model.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Figures {
    periods: BTreeMap<String, String>,
    #[serde(default)]
    figure: Vec<Figure>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Figure {
    measure: String,
    query: String,
    #[serde(default)]
    row: Row,
}

/// Which figure of the query's table.
#[derive(Deserialize, Default, Clone, Copy, Debug)]
#[serde(rename_all = "kebab-case")]
enum Row {
    /// The non-GAAP figure of the first block: an amount, per share, or a
    /// percentage.
    #[default]
    NonGaap,
    /// The non-GAAP figure of the first per-share block.
    PerShare,
    /// An amount block's non-GAAP margin, in percent.
    Margin,
    /// The share count the first per-share block's non-GAAP figure divides by.
    Shares,
}

/// What became of one published figure.
enum Outcome {
    Reproduced,
    Differs(String),
    CannotExpress(String),
}

struct Case {
    name: String,
    dir: PathBuf,
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = std::fs::read_dir(root().join(RELEASES))
        .expect("tests/releases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The published value as a decimal and its printed decimals.
fn printed(value: &str) -> (Decimal, u32) {
    let number: Decimal = value
        .parse()
        .unwrap_or_else(|e| panic!("published value `{value}`: {e}"));
    let places = value.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    (number, places)
}

/// Rounds as a release prints: half away from zero, to `places`.
fn as_printed(value: Decimal, places: u32) -> String {
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", places as usize, rounded);
    // "-0.00" prints as "0.00": a release has no negative zero.
    if rounded.is_zero() {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// Computes one figure through the library: the model's reconciliation of
/// `query` in `period`, the figure `row` names, unrounded.
fn compute(
    statement: &reconcile::model::Statement,
    adjustments: &[reconcile::model::Adjustment],
    query: &str,
    row: Row,
    period: &str,
) -> Result<Decimal, String> {
    let p = statement
        .resolve_period_index(period)
        .map_err(|d| format!("period `{period}`: {}", d.message()))?;
    let measures = NonGaapMeasure::parse_list(&[query.to_string()], statement)
        .map_err(|d| format!("query `{query}`: {}", d.message()))?;
    let rec = view::reconcile(statement, adjustments, &[p], &measures)
        .map_err(|d| format!("`{query}` in {period}: {}", d.message()))?;
    let per_share = || {
        rec.blocks.iter().find_map(|b| match b {
            Block::PerShare(ps) => Some(ps),
            _ => None,
        })
    };
    let missing = || format!("`{query}` in {period} has no {row:?} figure");
    match row {
        Row::NonGaap => match rec.blocks.first().ok_or_else(missing)? {
            Block::Amount(a) => Ok(a.columns[0].non_gaap),
            Block::PerShare(ps) => ps.columns[0]
                .as_ref()
                .map(|c| c.non_gaap)
                .ok_or_else(missing),
            Block::Ratio(r) => r.columns[0].and_then(|m| m.non_gaap).ok_or_else(missing),
        },
        Row::PerShare => per_share()
            .and_then(|ps| ps.columns[0].as_ref())
            .map(|c| c.non_gaap)
            .ok_or_else(missing),
        Row::Shares => per_share()
            .and_then(|ps| ps.columns[0].as_ref())
            .map(|c| c.non_gaap_shares.count)
            .ok_or_else(missing),
        Row::Margin => match rec.blocks.first() {
            Some(Block::Amount(a)) => a.columns[0]
                .margin
                .and_then(|m| m.non_gaap)
                .ok_or_else(missing),
            _ => Err(missing()),
        },
    }
}

/// Every published figure of a case, with what became of it.
fn reproduce(case: &Case) -> Vec<(Published, Outcome)> {
    let release: Release =
        serde_json::from_str(&read(&case.dir.join("release.json"))).expect("release.json");
    assert_eq!(
        release.published_non_gaap.len(),
        release.published_non_gaap_count,
        "{}: release.json's count",
        case.name
    );
    let figures: Figures = toml::from_str(&read(&case.dir.join("figures.toml")))
        .unwrap_or_else(|e| panic!("{}/figures.toml: {e}", case.name));
    let labels: BTreeSet<&str> = release
        .published_non_gaap
        .iter()
        .map(|p| p.measure.as_str())
        .collect();
    for f in &figures.figure {
        assert!(
            labels.contains(f.measure.as_str()),
            "{}/figures.toml names `{}`, which release.json does not publish",
            case.name,
            f.measure
        );
    }
    let path = load::find_statement(&case.dir.join("statements"), None).expect("statements file");
    let (statement, adjustments) = load::load_model(&path, &[case.dir.join("adjustments")])
        .unwrap_or_else(|e| {
            panic!(
                "{}: the release does not load: {}",
                case.name,
                e.iter()
                    .map(|d| d.message().to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        });
    release
        .published_non_gaap
        .into_iter()
        .map(|published| {
            let figure = figures
                .figure
                .iter()
                .find(|f| f.measure == published.measure);
            let outcome = match (figure, figures.periods.get(&published.period)) {
                (None, _) => Outcome::CannotExpress("no query in figures.toml".into()),
                (_, None) => Outcome::CannotExpress("period not mapped in figures.toml".into()),
                (Some(f), Some(period)) => {
                    match compute(&statement, &adjustments, &f.query, f.row, period) {
                        Err(why) => Outcome::CannotExpress(why),
                        Ok(value) => {
                            let (_, places) = printed(&published.value);
                            let shown = as_printed(value, places);
                            if shown == as_printed(printed(&published.value).0, places) {
                                Outcome::Reproduced
                            } else {
                                Outcome::Differs(format!("{shown} (exact {value})"))
                            }
                        }
                    }
                }
            };
            (published, outcome)
        })
        .collect()
}

/// GAPS.md's table rows: (case, period, measure) -> published value.
fn gaps() -> BTreeMap<(String, String, String), String> {
    let text = read(&root().join(RELEASES).join("GAPS.md"));
    let mut gaps = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        if cells.len() < 5 || cells[0] == "case" || cells[0].starts_with("---") {
            continue;
        }
        let key = (cells[0].into(), cells[1].into(), cells[2].into());
        assert!(
            gaps.insert(key, cells[3].to_string()).is_none(),
            "GAPS.md lists `{line}` twice"
        );
    }
    gaps
}

/// The guide's page on the real releases: its table and its total are checked.
const RELEASES_PAGE: &str = "docs/releases.md";

/// The guide's "Real releases" table (docs/releases.md): case -> (reproduced, published).
fn page_counts() -> BTreeMap<String, (usize, usize)> {
    let text = read(&root().join(RELEASES_PAGE));
    let section = text.split("# Real releases\n").nth(1).unwrap_or_default();
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let number = |s: &str| {
                s.parse::<usize>()
                    .unwrap_or_else(|_| panic!("{RELEASES_PAGE}: `{l}`"))
            };
            (
                cells[0].trim_matches('`').to_string(),
                (number(cells[1]), number(cells[2])),
            )
        })
        .collect()
}

#[test]
fn every_published_figure_reproduces_or_is_a_listed_gap() {
    let mut listed = gaps();
    let mut failures = Vec::new();
    let mut counts = BTreeMap::new();
    let cases = cases();
    assert_eq!(cases.len(), 9, "nine real releases in tests/releases");
    for case in &cases {
        let mut reproduced = 0;
        let figures = reproduce(case);
        for (published, outcome) in &figures {
            let key = (
                case.name.clone(),
                published.period.clone(),
                published.measure.clone(),
            );
            let gap = listed.remove(&key);
            let name = format!(
                "{} {} `{}` published {}",
                case.name, published.period, published.measure, published.value
            );
            match (outcome, gap) {
                (Outcome::Reproduced, None) => reproduced += 1,
                (Outcome::Reproduced, Some(_)) => failures.push(format!(
                    "{name}: now reproduces; take it off tests/releases/GAPS.md"
                )),
                (Outcome::Differs(computed), None) => {
                    failures.push(format!("{name}, computed {computed}"))
                }
                (Outcome::CannotExpress(why), None) => {
                    failures.push(format!("{name}, not computed: {why}"))
                }
                (_, Some(value)) if value != published.value => {
                    failures.push(format!("{name}: GAPS.md records it as published {value}"))
                }
                (_, Some(_)) => {}
            }
        }
        counts.insert(case.name.clone(), (reproduced, figures.len()));
    }
    for (case, period, measure) in listed.keys() {
        failures.push(format!(
            "GAPS.md lists {case} {period} `{measure}`, which no case publishes"
        ));
    }
    let (reproduced, published) = counts
        .values()
        .fold((0, 0), |(r, p), &(a, b)| (r + a, p + b));
    let total = format!("{reproduced} of {published} in all.");
    if !read(&root().join(RELEASES_PAGE)).contains(&total) {
        failures.push(format!("{RELEASES_PAGE} does not say `{total}`"));
    }
    let page = page_counts();
    if page != counts {
        failures.push(format!(
            "{RELEASES_PAGE}'s table says {page:?}; the cases reproduce {counts:?}"
        ));
    }
    assert!(
        failures.is_empty(),
        "{} published figures wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `check` on each release: it ties out, or names exactly what the
/// release's own README calls inconsistent, and nothing else.
#[test]
fn check_ties_each_release_out() {
    for case in cases() {
        let base = format!("{RELEASES}/{}", case.name);
        let out = run(&[
            "--statements",
            &format!("{base}/statements"),
            "--adjustments",
            &format!("{base}/adjustments"),
            "check",
        ]);
        crate::snapshot!(
            format!("release_check__{}", case.name),
            format!(
                "exit {}\n--- stdout\n{}--- stderr\n{}",
                out.code, out.stdout, out.stderr
            )
        );
    }
}

#[test]
fn rounding_is_half_away_from_zero_at_the_printed_places() {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(as_printed(d("-0.14502"), 2), "-0.15");
    assert_eq!(as_printed(d("0.125"), 2), "0.13");
    assert_eq!(as_printed(d("-0.125"), 2), "-0.13");
    assert_eq!(as_printed(d("76.45"), 1), "76.5");
    assert_eq!(as_printed(d("-0.004"), 2), "0.00");
    assert_eq!(as_printed(d("1045.5"), 0), "1046");
    assert_eq!(printed("0.0"), (d("0.0"), 1));
}

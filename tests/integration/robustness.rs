//! No input, however malformed, makes the pipeline panic. Mutated copies of
//! the shipped files, random text, and extreme amounts go through loading,
//! tie-out, the engine and rendering; each step must return a value or an
//! error. A seeded generator keeps every run the same.

use std::panic::{AssertUnwindSafe, catch_unwind};

use reconcile::diagnostic::render_all;
use reconcile::load;
use reconcile::model::{NonGaapMeasure, Period, Units};
use reconcile::report::{Format, Scale};
use reconcile::source::SourceFile;
use reconcile::{report, tieout, view};

use crate::support::root;

/// xorshift64*: small, seeded, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Fragments that break TOML, serde shapes, amounts, dates and roll-ups.
const FRAGMENTS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "=",
    "\n",
    "{",
    "}",
    ",",
    ".",
    "-",
    "#",
    "\\",
    "é",
    "\u{0}",
    "5.3",
    "1e400",
    "nan",
    "inf",
    "-0",
    "0",
    "\"1,234\"",
    "\"(5,273)\"",
    "\"abc\"",
    "\"\"",
    "true",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "9223372036854775807",
    "\"0.0000000000000000000000000001\"",
    "\"99999999999999999999999999999999\"",
    "2003-02-30",
    "2003-09-30T10:00:00",
    "1979-05-27T07:32:00Z",
    "\"2003-13-01\"",
    "\n[[period]]\nid = \"Q3-2003\"\nkind = \"instant\"\n",
    "\n[[line_item]]\n",
    "\n[period.values]\n",
    "rolls_up_to = \"net_income\"",
    "rolls_up_to = \"restructuring\"",
    "sign = \"subtract\"",
    "measure = \"net-income\"",
    "kind = \"instant\"",
    "kind = \"duration\"",
    "statement = \"balance-sheet\"",
    "\n[tax]\ntreatment = \"rate\"\nrate = \"1\"\n",
    "kind = \"exclude-amounts\"",
    "\n[[exclude]]\nline = \"restructuring\"\namounts = { \"9M-2003\" = -5273 }\n",
    "periods = [\"9M2003\", \"2003-09-30\", \"\"]",
    "line = \"cash\"",
    "line = \"net_income\"",
    "statement = 1",
    "kind = [\"duration\"]",
    "reason = \"taxed\"",
    "\n[period.counts]\nx = { sum = \"basic\" }\n",
    "\"0.0000000000000000000000000001\"",
    "\n[presentation]\nmeasures = []\n",
    "\n[presentation]\nmeasures = [\"net-income\", \"net-income\", 5, \"\"]\n",
    "\n[period.known_differences]\nvalues.net_income = \"x\"\n",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 => {
                let end = (at + 1 + rng.below(40)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 | 2 => {
                let fragment: Vec<char> = rng.pick(FRAGMENTS).chars().collect();
                chars.splice(at..at, fragment);
            }
            3 => {
                // Duplicate a stretch of text (a line, a key, a block).
                let end = (at + 1 + rng.below(200)).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                let to = rng.below(chars.len() + 1);
                chars.splice(to..to, copy);
            }
            _ => {
                // Replace a run of digits with an extreme or odd amount.
                if let Some(start) = (at..chars.len()).find(|&i| chars[i].is_ascii_digit()) {
                    let end = (start..chars.len())
                        .find(|&i| !chars[i].is_ascii_digit())
                        .unwrap_or(chars.len());
                    let amount: Vec<char> = rng.pick(FRAGMENTS).chars().collect();
                    chars.splice(start..end, amount);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// How far an input got before an error stopped it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reached {
    Parse,
    Adjustments,
    Engine,
    Table,
}

/// Runs everything the binary runs; every diagnostic is rendered too.
fn pipeline(statement_text: &str, adjustment_texts: &[String]) -> Reached {
    let file = SourceFile::new("statements/fuzz.toml", statement_text);
    let statement = match load::statement_from_source(&file) {
        Ok(statement) => statement,
        Err(errors) => {
            render_all(&errors, "errors");
            return Reached::Parse;
        }
    };
    render_all(&tieout::tie_out(&statement).findings, "findings");
    let mut parsed = Vec::new();
    for (i, text) in adjustment_texts.iter().enumerate() {
        match load::parse_adjustment(SourceFile::new(
            format!("adjustments/{i}.toml"),
            text.as_str(),
        )) {
            Ok(p) => parsed.push(p),
            Err(d) => {
                d.to_string();
            }
        }
    }
    let adjustments = match load::validate_adjustments(parsed, &statement) {
        Ok(adjustments) => adjustments,
        Err(errors) => {
            render_all(&errors, "errors");
            return Reached::Adjustments;
        }
    };
    let mut statement = statement;
    for name in [
        "9M2003",
        "q3-03",
        "2003-09-30",
        "FY",
        "",
        "Q9-2003",
        "é",
        "H1-2003",
        "Q4-2003",
        "TTM Q3-2003",
    ] {
        let _ = statement.resolve_or_derive(name).map_err(|d| d.to_string());
    }
    let periods: Vec<&Period> = statement
        .periods
        .iter()
        .filter(|p| p.is_duration())
        .collect();
    let scale = Scale::model(statement.entity.units);
    let render = |tables: &[report::Table]| {
        for format in [Format::Text, Format::Markdown, Format::Csv, Format::Json] {
            report::render(tables, format);
        }
    };
    match report::statement_tables(&statement, &periods, Some(Units::Millions)) {
        Ok(tables) => render(&tables),
        Err(d) => {
            d.to_string();
        }
    }
    // Every measure the statement tags; the rest are errors, not panics.
    let all = NonGaapMeasure::parse_list(
        &["gross-profit,costs-and-expenses,operating-expenses,operating-income,pretax-income,continuing-income,gross-margin,operating-margin,net-margin".to_string()],
        &statement,
    )
    .unwrap();
    let indices: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration())
        .collect();
    match view::reconcile(&statement, &adjustments, &indices, &all) {
        Ok(rec) => render(&[report::reconciliation_table(&rec, scale)]),
        Err(d) => {
            d.to_string();
        }
    }
    if let Some(&first) = indices.first() {
        match reconcile::engine::adjust(&statement, &adjustments, &[first])
            .and_then(|adjusted| view::matrix(&statement, &adjusted))
        {
            Ok(matrix) => render(&[report::matrix_table(&matrix, scale)]),
            Err(d) => {
                d.to_string();
            }
        }
    }
    let measures = NonGaapMeasure::parse_list(&["net-income,eps".to_string()], &statement).unwrap();
    match view::reconcile(&statement, &adjustments, &indices, &measures) {
        Ok(rec) => {
            render(&[report::reconciliation_table(&rec, scale)]);
            Reached::Table
        }
        Err(d) => {
            d.to_string();
            Reached::Engine
        }
    }
}

/// How many cases a fuzz test runs: its default, or more when
/// `RECONCILE_FUZZ_SCALE` multiplies it (for a longer local hunt).
fn cases(default: usize) -> usize {
    let scale = std::env::var("RECONCILE_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1);
    default * scale.max(1)
}

/// A file of the frozen ATG data (`tests/fixtures/atg`).
fn shipped(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/atg").join(path)).unwrap()
}

/// Runs the pipeline; on a panic, saves the input under target/ and fails
/// with its path, so the case can be replayed.
fn must_not_panic(case: usize, statement: &str, adjustments: &[String]) -> Reached {
    let result = catch_unwind(AssertUnwindSafe(|| pipeline(statement, adjustments)));
    if let Ok(reached) = result {
        return reached;
    }
    {
        let dir = root().join("target/robustness");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{case}-statements.toml")), statement).unwrap();
        for (i, text) in adjustments.iter().enumerate() {
            std::fs::write(dir.join(format!("{case}-adjustment-{i}.toml")), text).unwrap();
        }
        panic!("case {case} panicked; its input is in {}", dir.display());
    }
}

/// Counts how far the inputs got: a fuzz run whose inputs all die in the
/// parser exercises nothing past it.
fn tally(reached: impl Iterator<Item = Reached>) -> [usize; 4] {
    let mut counts = [0; 4];
    for r in reached {
        counts[r as usize] += 1;
    }
    counts
}

#[test]
fn mutated_statements_never_panic() {
    let statement = shipped("statements/atg.toml");
    let adjustment = vec![shipped("adjustments/restructuring.toml")];
    let mut rng = Rng(0x5EED_0001);
    let counts = tally(
        (0..cases(1500))
            .map(|case| must_not_panic(case, &mutate(&statement, &mut rng), &adjustment)),
    );
    assert!(
        counts[Reached::Table as usize] >= 50,
        "too few mutants reach the table: {counts:?}"
    );
    assert!(
        counts[Reached::Parse as usize] >= 100,
        "too few mutants are refused: {counts:?}"
    );
}

#[test]
fn mutated_adjustments_never_panic() {
    let statement = shipped("statements/atg.toml");
    let adjustment = shipped("adjustments/restructuring.toml");
    let mut rng = Rng(0x5EED_0002);
    let counts = tally((0..cases(1500)).map(|case| {
        let adjustments = vec![mutate(&adjustment, &mut rng), mutate(&adjustment, &mut rng)];
        must_not_panic(case, &statement, &adjustments)
    }));
    assert!(
        counts[Reached::Adjustments as usize] >= 100,
        "too few mutants are refused: {counts:?}"
    );
    assert!(
        counts[Reached::Table as usize] >= 20,
        "too few mutants reach the table: {counts:?}"
    );
}

#[test]
fn random_text_never_panics() {
    let mut rng = Rng(0x5EED_0003);
    for case in 0..cases(1000) {
        let text: String = (0..rng.below(300)).map(|_| rng.pick(FRAGMENTS)).collect();
        must_not_panic(case, &text, std::slice::from_ref(&text));
    }
}

#[test]
fn extreme_amounts_are_errors_or_figures_never_panics() {
    let statement = shipped("statements/atg.toml");
    let adjustment = vec![shipped("adjustments/restructuring.toml")];
    let extremes = [
        "\"79228162514264337593543950335\"",
        "\"-79228162514264337593543950335\"",
        "9223372036854775807",
        "\"0.0000000000000000000000000001\"",
        "\"-0.0000000000000000000000000001\"",
        "\"7922816251426433759354395033.5\"",
        "0",
        "1",
    ];
    for (case, extreme) in extremes.iter().enumerate() {
        // Every figure of the model at once, then each kind of line alone.
        for target in [
            "",
            "net_income",
            "restructuring",
            "basic",
            "diluted",
            "total_revenues",
        ] {
            let text: String = statement
                .lines()
                .map(|line| match line.split_once(" = ") {
                    Some((key, value))
                        if (target.is_empty() || key.trim() == target)
                            && value
                                .trim_start_matches(['-', '"'])
                                .starts_with(|c: char| c.is_ascii_digit())
                            && ![
                                "id",
                                "fiscal_year_end",
                                "start",
                                "end",
                                "date",
                                "indent",
                                "release_date",
                            ]
                            .contains(&key.trim()) =>
                    {
                        format!("{key} = {extreme}")
                    }
                    _ => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            let reached = must_not_panic(case, &text, &adjustment);
            // Shares must be positive; any other amount is valid on load.
            let shares_refused = ["", "basic", "diluted"].contains(&target)
                && (extreme.contains('-') || *extreme == "0");
            if !shares_refused {
                assert!(
                    reached >= Reached::Adjustments,
                    "{extreme} in {target:?} was refused on load"
                );
            }
        }
    }
}

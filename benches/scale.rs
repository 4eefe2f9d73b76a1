//! How the cost grows with periods and adjustments. Generates synthetic
//! entities, then for each size prints the time to parse the files into a
//! generic `toml::Table` (the floor: reading them at all), the time of the
//! whole pipeline (load, tie-out, published figures, lints, the adjusted
//! statement, the reconciliation of every period, rendering), their ratio,
//! and the peak memory of a process that does only that size.
//!
//! Run: `cargo bench --bench scale` (about a minute). Not part of the tests:
//! timings are printed, never asserted.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark prints its figures

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reconcile::model::{NonGaapMeasure, Period};
use reconcile::report::{self, Format, Scale};
use reconcile::{engine, load, published, tieout, view};

const SIZES: [(usize, usize); 6] = [
    (100, 10),
    (1_000, 10),
    (10_000, 10),
    (100, 100),
    (100, 1_000),
    (1_000, 1_000),
];

fn main() {
    // A child process measures one size, so its peak memory is its own.
    if let Ok(size) = std::env::var("RECONCILE_BENCH_SIZE") {
        let (periods, adjustments) = size.split_once('x').unwrap();
        let (periods, adjustments) = (periods.parse().unwrap(), adjustments.parse().unwrap());
        let dir = generate(periods, adjustments);
        let parse = best_of(3, || parse_generic(&dir));
        let total = best_of(3, || pipeline(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        println!(
            "{periods:>8} {adjustments:>12} {:>12.1} {:>12.1} {:>7.2} {:>10}",
            ms(parse),
            ms(total),
            total.as_secs_f64() / parse.as_secs_f64(),
            peak_memory()
        );
        return;
    }
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>7} {:>10}",
        "periods", "adjustments", "parse ms", "total ms", "ratio", "peak"
    );
    let me = std::env::current_exe().unwrap();
    for (periods, adjustments) in SIZES {
        let out = Command::new(&me)
            .env("RECONCILE_BENCH_SIZE", format!("{periods}x{adjustments}"))
            .output()
            .expect("the benchmark runs itself");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The fastest of at least `n` runs, run again until half a second has
/// gone: a millisecond-long run needs many tries to show its cost rather
/// than the machine's noise.
fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    let began = Instant::now();
    let mut best = Duration::MAX;
    let mut runs = 0;
    while runs < n || began.elapsed() < Duration::from_millis(500) {
        let start = Instant::now();
        f();
        best = best.min(start.elapsed());
        runs += 1;
    }
    best
}

/// Peak resident memory of this process (Linux), as "12.3 MB".
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or("n/a".to_string(), |kb| format!("{:.1} MB", kb / 1024.0))
}

/// A synthetic entity: quarters from 2000 on, a small statement of
/// operations, and adjustments that each exclude an amount in every period.
fn generate(periods: usize, adjustments: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "reconcile-bench-{}-{periods}-{adjustments}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    let mut s = String::from(
        "[entity]\nname = \"Bench\"\nfiscal_year_end = \"12-31\"\nunits = \"thousands\"\nrelease_date = 2024-01-31\n\n",
    );
    for (id, parent, sign, measure) in [
        ("revenue", "pretax_income", "add", "revenue"),
        ("expenses", "pretax_income", "subtract", ""),
        ("pretax_income", "net_income", "add", "pretax-income"),
        ("income_tax", "net_income", "subtract", "income-tax"),
        ("net_income", "", "", "net-income"),
    ] {
        s.push_str(&format!(
            "[[line_item]]\nid = \"{id}\"\nlabel = \"{id}\"\nstatement = \"operations\"\n"
        ));
        if !parent.is_empty() {
            s.push_str(&format!("rolls_up_to = \"{parent}\"\nsign = \"{sign}\"\n"));
        }
        if !measure.is_empty() {
            s.push_str(&format!("measure = \"{measure}\"\n"));
        }
        s.push('\n');
    }
    let ids: Vec<String> = (0..periods)
        .map(|i| format!("Q{}-{}", i % 4 + 1, 2000 + i / 4))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let year = 2000 + i / 4;
        let (start, end) = match i % 4 {
            0 => ("01-01", "03-31"),
            1 => ("04-01", "06-30"),
            2 => ("07-01", "09-30"),
            _ => ("10-01", "12-31"),
        };
        s.push_str(&format!(
            "[[period]]\nid = \"{id}\"\nkind = \"duration\"\nstart = {year}-{start}\nend = {year}-{end}\n\n\
             [period.values]\nrevenue = 100000\nexpenses = 60000\npretax_income = 40000\nincome_tax = 10000\nnet_income = 30000\n\n\
             [period.shares]\nbasic = 1000\ndiluted = 1000\n\n"
        ));
    }
    std::fs::write(dir.join("statements/bench.toml"), s).unwrap();
    for a in 0..adjustments {
        let amounts: Vec<String> = ids.iter().map(|id| format!("\"{id}\" = 1")).collect();
        std::fs::write(
            dir.join(format!("adjustments/a{a:05}.toml")),
            format!(
                "id = \"a{a:05}\"\nlabel = \"Adjustment {a}\"\nkind = \"exclude-amounts\"\nrationale = \"Bench.\"\n\
                 nature = \"charge\"\nrecurring = false\ncash = false\n\n[[exclude]]\nline = \"expenses\"\namounts = {{ {} }}\n\n\
                 [tax]\ntreatment = \"rate\"\nrate = \"0.25\"\n",
                amounts.join(", ")
            ),
        )
        .unwrap();
    }
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all = vec![dir.join("statements/bench.toml")];
    let mut adjustments: Vec<PathBuf> = std::fs::read_dir(dir.join("adjustments"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    adjustments.sort();
    all.extend(adjustments);
    all
}

fn parse_generic(dir: &Path) {
    for path in files(dir) {
        let text = std::fs::read_to_string(path).unwrap();
        let table: toml::Table = text.parse().unwrap();
        std::hint::black_box(table);
    }
}

fn pipeline(dir: &Path) {
    let stages = std::env::var("RECONCILE_BENCH_STAGES").is_ok();
    let mut at = Instant::now();
    let mut stage = |name: &str| {
        if stages {
            eprintln!("{name}: {:.1} ms", ms(at.elapsed()));
        }
        at = Instant::now();
    };
    let (statement, adjustments) = load::load_model(
        &dir.join("statements/bench.toml"),
        &[dir.join("adjustments")],
    )
    .unwrap();
    stage("load");
    let tie_out = tieout::tie_out(&statement);
    assert!(tie_out.findings.is_empty());
    stage("tie out");
    std::hint::black_box(published::tie_out(&statement, &adjustments));
    std::hint::black_box(reconcile::lint::lint(&adjustments));
    stage("published, lint");
    let durations: Vec<usize> = (0..statement.periods.len())
        .filter(|&i| statement.periods[i].is_duration())
        .collect();
    let adjusted = engine::adjust(&statement, &adjustments, &durations).unwrap();
    stage("adjust");
    let rec = view::reconciliation(
        &statement,
        &adjusted,
        &[NonGaapMeasure::NetIncome, NonGaapMeasure::EpsDiluted],
    )
    .unwrap();
    stage("view");
    let table = report::reconciliation_table(&rec, Scale::model(statement.entity.units));
    stage("table");
    std::hint::black_box(report::render(&[table], Format::Text));
    stage("render");
    let _: Option<&Period> = None;
}

//! How the cost grows with periods, adjustments and entities. Generates
//! synthetic entities whose statements have a line for each adjustment (as
//! a company with that many adjustments has), then for each shape prints:
//!
//! - the floor: the time to parse every file into a generic `toml::Table`
//!   (reading them at all), and the peak memory of a process doing only that;
//! - `reconcile check` and the main command (the reconciliation report), each
//!   run through the library's command line on one core, and `check` on all
//!   cores, with their ratio to the floor (many entities: one `--entities`
//!   run of each);
//! - `snapshot` (every figure written to a file) on one core, against the
//!   floor, and `diff HEAD` (one adjustment's amount changed since the
//!   commit) on one core, against parsing both revisions (twice the floor);
//! - the peak memory of a process running only those commands.
//!
//! Each measurement runs in a child process of its own, so its peak memory
//! is its own. Run: `cargo bench --bench scale` (a few minutes). Not part of
//! the tests: figures are printed, never asserted.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark prints its figures

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::Parser;
use reconcile::cli::{Cli, run};

/// (entities, periods, adjustments); each adjustment on a line of its own.
const SHAPES: [(usize, usize, usize); 6] = [
    (1, 100, 10),
    (1, 100, 100),
    (1, 100, 1_000),
    (1, 10_000, 10),
    (1, 1_000, 1_000),
    (200, 20, 10),
];

fn main() {
    // A child measures one thing on a generated folder and prints it.
    if let (Ok(what), Ok(dir)) = (
        std::env::var("RECONCILE_BENCH_WHAT"),
        std::env::var("RECONCILE_BENCH_DIR"),
    ) {
        child(&what, Path::new(&dir));
        return;
    }
    // `cargo bench --bench scale -- 1x100x10` runs one shape;
    // RECONCILE_BENCH_SKIP="1x1000x1000 ..." leaves shapes out.
    let only: Option<String> = std::env::args().skip(1).find(|a| a.contains('x'));
    let skip = std::env::var("RECONCILE_BENCH_SKIP").unwrap_or_default();
    println!(
        "{:>26} {:>6} {:>9} {:>9} {:>5} {:>9} {:>5} {:>9} {:>5} {:>9} {:>5} {:>6} {:>9} {:>5} {:>9} {:>9} {:>9}",
        "entities x periods x adj",
        "lines",
        "floor ms",
        "check ms",
        "ratio",
        "main ms",
        "ratio",
        "check*ms",
        "ratio",
        "snap ms",
        "ratio",
        "out/in",
        "diff ms",
        "/2fl",
        "floor mem",
        "cmds mem",
        "snap mem"
    );
    for (entities, periods, adjustments) in SHAPES {
        let name = format!("{entities}x{periods}x{adjustments}");
        if only.as_ref().is_some_and(|o| *o != name) || skip.split_whitespace().any(|s| s == name) {
            continue;
        }
        let dir =
            std::env::temp_dir().join(format!("reconcile-bench-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for e in 0..entities {
            let at = if entities == 1 {
                dir.clone()
            } else {
                dir.join(format!("e{e:04}"))
            };
            generate(&at, periods, adjustments);
        }
        if entities == 1 {
            commit_and_change(&dir);
        }
        // Snapshot and diff write every figure: at 1,000 x 1,000 some 12
        // million lines, a 1.4 GB file. RECONCILE_BENCH_REVIEW_MAX=N runs
        // them only where periods x adjustments is at most N.
        let review = std::env::var("RECONCILE_BENCH_REVIEW_MAX")
            .ok()
            .and_then(|m| m.parse::<usize>().ok())
            .is_none_or(|max| periods * adjustments <= max);
        let floor = measure("floor", &dir, review);
        let commands = measure("commands", &dir, review);
        let reviews = measure("review", &dir, review);
        let _ = std::fs::remove_dir_all(&dir);
        let (Some(floor), Some(commands), Some(reviews)) = (floor, commands, reviews) else {
            continue;
        };
        let f = |i: usize, v: &[String]| v.get(i).cloned().unwrap_or_default();
        let ratio_to = |t: &str, times: f64| match (t.parse::<f64>(), f(0, &floor).parse::<f64>()) {
            (Ok(t), Ok(floor)) => format!("{:.1}x", t / (floor * times)),
            _ => "n/a".to_string(),
        };
        let ratio = |t: &str| ratio_to(t, 1.0);
        println!(
            "{:>26} {:>6} {:>9} {:>9} {:>5} {:>9} {:>5} {:>9} {:>5} {:>9} {:>5} {:>6} {:>9} {:>5} {:>9} {:>9} {:>9}",
            format!("{entities} x {periods} x {adjustments}"),
            adjustments + 4,
            f(0, &floor),
            f(0, &commands),
            ratio(&f(0, &commands)),
            f(1, &commands),
            ratio(&f(1, &commands)),
            f(2, &commands),
            ratio(&f(2, &commands)),
            f(0, &reviews),
            ratio(&f(0, &reviews)),
            f(3, &reviews),
            f(1, &reviews),
            ratio_to(&f(1, &reviews), 2.0),
            f(1, &floor),
            f(3, &commands),
            f(2, &reviews),
        );
    }
    println!(
        "floor: parse every file into toml::Table, one core; check, main, snapshot: one core, against the floor; check*: all {} cores; out/in: bytes of figures snapshot writes per byte it reads; diff HEAD: one core, against twice the floor (both revisions); mem: peak resident (check, main and check* in one process; snapshot and diff in another)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}

/// Runs a child for one measurement; its figures, split on spaces.
fn measure(what: &str, dir: &Path, review: bool) -> Option<Vec<String>> {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("RECONCILE_BENCH_WHAT", what)
        .env("RECONCILE_BENCH_DIR", dir)
        .env("RECONCILE_BENCH_REVIEW", if review { "1" } else { "0" })
        .output()
        .expect("the benchmark runs itself");
    if !out.status.success() {
        eprintln!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_string)
            .collect(),
    )
}

fn child(what: &str, dir: &Path) {
    let entities = entities(dir);
    match what {
        "floor" => {
            let files: Vec<PathBuf> = entities.iter().flat_map(|e| files(e)).collect();
            let parse = best_of(|| parse_generic(&files));
            println!("{:.1} {}", ms(parse), peak_memory());
        }
        _ => {
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            if what == "review" {
                // Its own process: its peak memory is its own.
                let review = std::env::var("RECONCILE_BENCH_REVIEW").is_ok_and(|r| r == "1");
                let mut written = 0;
                let snapshot = review
                    .then(|| best_of(|| written = one.install(|| snapshots(&entities))))
                    .map_or("-".to_string(), |d| format!("{:.1}", ms(d)));
                // What snapshot writes for each byte it reads.
                let read: u64 = entities
                    .iter()
                    .flat_map(|e| files(e))
                    .filter_map(|f| std::fs::metadata(f).ok())
                    .map(|m| m.len())
                    .sum();
                let out_in = if review && read > 0 {
                    format!("{:.0}x", written as f64 / read as f64)
                } else {
                    "-".to_string()
                };
                // A revision to compare with: one entity only (see `commit_and_change`).
                let diff = (review && entities.len() == 1)
                    .then(|| best_of(|| one.install(|| diff_head(dir))))
                    .map_or("-".to_string(), |d| format!("{:.1}", ms(d)));
                let memory = if review {
                    peak_memory()
                } else {
                    "-".to_string()
                };
                println!("{snapshot} {diff} {memory} {out_in}");
                return;
            }
            // Many entities: one `--entities` run, as a data repository of
            // them is checked and reported; on all cores, entities in
            // parallel.
            let (check, main, all) = if entities.len() > 1 {
                (
                    best_of(|| one.install(|| entities_run(dir, "check"))),
                    best_of(|| one.install(|| entities_run(dir, ""))),
                    best_of(|| entities_run(dir, "check")),
                )
            } else {
                (
                    best_of(|| one.install(|| commands(&entities, "check"))),
                    best_of(|| one.install(|| commands(&entities, ""))),
                    best_of(|| commands(&entities, "check")),
                )
            };
            println!(
                "{:.1} {:.1} {:.1} {}",
                ms(check),
                ms(main),
                ms(all),
                peak_memory()
            );
        }
    }
}

/// The entity folders under `dir`: itself, or its subfolders.
fn entities(dir: &Path) -> Vec<PathBuf> {
    if dir.join("statements").exists() {
        return vec![dir.to_path_buf()];
    }
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    all
}

/// Runs a command on every entity, as `reconcile` would in its folder.
fn commands(entities: &[PathBuf], command: &str) {
    for e in entities {
        let mut args = vec!["reconcile".to_string()];
        if !command.is_empty() {
            args.push(command.to_string());
        }
        args.extend([
            "--statements".to_string(),
            e.join("statements").display().to_string(),
            "--adjustments".to_string(),
            e.join("adjustments").display().to_string(),
        ]);
        let cli = Cli::try_parse_from(&args).unwrap();
        let outcome = run(&cli);
        if outcome.code != 0 {
            eprintln!("{command} exited {}: {}", outcome.code, outcome.stderr);
            std::process::exit(3);
        }
        std::hint::black_box(outcome);
    }
}

/// `reconcile snapshot` for every entity, its figures written to a
/// temporary folder; the bytes of figures written.
fn snapshots(entities: &[PathBuf]) -> u64 {
    let mut written = 0;
    for e in entities {
        let out =
            std::env::temp_dir().join(format!("reconcile-bench-snapshot-{}", std::process::id()));
        let args = [
            "reconcile".to_string(),
            "snapshot".to_string(),
            "--out".to_string(),
            out.display().to_string(),
            "--statements".to_string(),
            e.join("statements").display().to_string(),
            "--adjustments".to_string(),
            e.join("adjustments").display().to_string(),
        ];
        let outcome = run(&Cli::try_parse_from(&args).unwrap());
        written += std::fs::metadata(out.join("figures.txt")).map_or(0, |m| m.len());
        let _ = std::fs::remove_dir_all(&out);
        if outcome.code != 0 {
            eprintln!("snapshot exited {}: {}", outcome.code, outcome.stderr);
            std::process::exit(3);
        }
        std::hint::black_box(outcome);
    }
    written
}

/// `reconcile diff HEAD` in the entity's folder (a git repository): one
/// adjustment's amount moved since the commit, so figures move (exit 1).
fn diff_head(dir: &Path) {
    std::env::set_current_dir(dir).unwrap();
    let cli = Cli::try_parse_from(["reconcile", "diff", "HEAD"]).unwrap();
    let outcome = run(&cli);
    if outcome.code != 1 {
        eprintln!("diff exited {}: {}", outcome.code, outcome.stderr);
        std::process::exit(3);
    }
    std::hint::black_box(outcome);
}

/// Makes an entity's folder a git repository with its files committed,
/// then changes the first adjustment's amount in its first period in the
/// working tree (1 -> 2), for `diff HEAD`.
fn commit_and_change(dir: &Path) {
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args([
                "-c",
                "user.name=bench",
                "-c",
                "user.email=bench@example.com",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?} failed in {}", dir.display());
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "bench"]);
    let first = dir.join("adjustments/a00000.toml");
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, text.replacen("\" = 1", "\" = 2", 1)).unwrap();
}

/// `reconcile [COMMAND] --entities DIR`: every entity of DIR in one run.
fn entities_run(dir: &Path, command: &str) {
    let dir = dir.display().to_string();
    let mut args = vec!["reconcile"];
    if !command.is_empty() {
        args.push(command);
    }
    args.extend(["--entities", &dir]);
    let outcome = run(&Cli::try_parse_from(&args).unwrap());
    if outcome.code != 0 {
        eprintln!(
            "{command} --entities exited {}: {}",
            outcome.code, outcome.stderr
        );
        std::process::exit(3);
    }
    std::hint::black_box(outcome);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The fastest of runs repeated until a second has gone (at least one, at
/// most ten): a millisecond-long run needs many tries to show its cost
/// rather than the machine's noise.
fn best_of(mut f: impl FnMut()) -> Duration {
    let began = Instant::now();
    let mut best = Duration::MAX;
    let mut runs = 0;
    while runs < 1 || (runs < 10 && began.elapsed() < Duration::from_secs(1)) {
        let start = Instant::now();
        f();
        best = best.min(start.elapsed());
        runs += 1;
    }
    best
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or("n/a".to_string(), |kb| format!("{:.0}MB", kb / 1024.0))
}

/// A synthetic entity in `dir`: quarters from 2000 on; revenue, one expense
/// line for each adjustment, income before taxes, income tax and net income;
/// adjustment `j` excludes 1 from expense line `j` in every period, taxed at
/// 25%.
fn generate(dir: &Path, periods: usize, adjustments: usize) {
    std::fs::create_dir_all(dir.join("statements")).unwrap();
    std::fs::create_dir_all(dir.join("adjustments")).unwrap();
    // Released a month after the last quarter ends.
    let released = 2000 + periods.saturating_sub(1) / 4 + 1;
    let mut s = format!(
        "[entity]\nname = \"Bench\"\nfiscal_year_end = \"12-31\"\nunits = \"thousands\"\nrelease_date = {released}-01-31\n\n",
    );
    let line = |s: &mut String, id: &str, parent: &str, sign: &str, measure: &str| {
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
    };
    line(&mut s, "revenue", "pretax_income", "add", "revenue");
    for j in 0..adjustments {
        line(
            &mut s,
            &format!("expense_{j:05}"),
            "pretax_income",
            "subtract",
            "",
        );
    }
    line(
        &mut s,
        "pretax_income",
        "net_income",
        "add",
        "pretax-income",
    );
    line(&mut s, "income_tax", "net_income", "subtract", "income-tax");
    line(&mut s, "net_income", "", "", "net-income");
    let ids: Vec<String> = (0..periods)
        .map(|i| format!("Q{}-{}", i % 4 + 1, 2000 + i / 4))
        .collect();
    let expenses: String = (0..adjustments)
        .map(|j| format!("expense_{j:05} = 10\n"))
        .collect();
    let revenue = 40_000 + 10 * adjustments;
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
             [period.values]\nrevenue = {revenue}\n{expenses}pretax_income = 40000\nincome_tax = 10000\nnet_income = 30000\n\n\
             [period.shares]\nbasic = 1000\ndiluted = 1000\n\n"
        ));
    }
    std::fs::write(dir.join("statements/bench.toml"), s).unwrap();
    let amounts: Vec<String> = ids.iter().map(|id| format!("\"{id}\" = 1")).collect();
    let amounts = amounts.join(", ");
    for a in 0..adjustments {
        std::fs::write(
            dir.join(format!("adjustments/a{a:05}.toml")),
            format!(
                "id = \"a{a:05}\"\nlabel = \"Adjustment {a}\"\nkind = \"exclude-amounts\"\nrationale = \"Bench.\"\n\
                 nature = \"charge\"\nrecurring = false\ncash = false\n\n[[exclude]]\nline = \"expense_{a:05}\"\namounts = {{ {amounts} }}\n\n\
                 [tax]\ntreatment = \"rate\"\nrate = \"0.25\"\n"
            ),
        )
        .unwrap();
    }
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

fn parse_generic(files: &[PathBuf]) {
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let table: toml::Table = text.parse().unwrap();
        std::hint::black_box(table);
    }
}

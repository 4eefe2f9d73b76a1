//! Running the `reconcile` binary from the repository root, loading fixtures
//! through the library, and snapshot settings shared by every test.

use std::path::{Path, PathBuf};
use std::process::Command;

use reconcile::load;
use reconcile::model::NonGaapMeasure;
use reconcile::report::number;
use reconcile::view::{self, AmountColumn, PerShareColumn, Reconciliation, ShareBasis};
use rust_decimal::Decimal;

/// The repository root; every command runs from here, as the README says.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs the binary with `args` from another folder (a data repository).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the reconcile binary runs");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code().expect("exit code"),
    }
}

/// The engine's own copy of the ATG data, frozen: the engine's tests run on
/// it, so editing the shipped `statements/` and `adjustments/` fails only
/// the shipped data's snapshots (`shipped.rs`) and the README's examples.
pub const ATG_STATEMENTS: &str = "tests/fixtures/atg/statements";
pub const ATG_ADJUSTMENTS: &str = "tests/fixtures/atg/adjustments";

/// Runs the binary with `args` from the repository root, on the frozen ATG
/// data unless the arguments name their own statements or adjustments.
pub fn run(args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    if !args.contains(&"--statements") {
        all.extend(["--statements", ATG_STATEMENTS]);
    }
    if !args.contains(&"--adjustments") {
        all.extend(["--adjustments", ATG_ADJUSTMENTS]);
    }
    run_shipped(&all)
}

/// Runs the binary with `args` from the repository root, as a user would:
/// on the shipped data by default.
pub fn run_shipped(args: &[&str]) -> Run {
    run_in(root(), args)
}

/// `--statements` and `--adjustments` for a fixture folder, relative to the
/// root so paths in messages are the same on every machine. A fixture without
/// one of the two folders uses the frozen ATG one (`tests/fixtures/atg`).
pub fn fixture_args(case: &str) -> Vec<String> {
    let base = format!("tests/fixtures/{case}");
    let pick = |sub: &str| {
        if root().join(&base).join(sub).exists() {
            format!("{base}/{sub}")
        } else {
            format!("tests/fixtures/atg/{sub}")
        }
    };
    vec![
        "--statements".into(),
        pick("statements"),
        "--adjustments".into(),
        pick("adjustments"),
    ]
}

/// Loads a statements path and adjustments folders (comma-separated) and
/// reconciles `periods` (comma-separated, or every period when `None`) for
/// `measures` (as `--measure` reads them; net income and EPS when `None`).
pub fn reconcile_measures(
    statements: &str,
    adjustments: &str,
    periods: Option<&str>,
    measures: Option<&str>,
) -> Reconciliation {
    let statements = root().join(statements);
    let path = load::find_statement(&statements, None).expect("statements file");
    let mut statement = load::load_statement(&path).expect("valid statements");
    let dirs: Vec<PathBuf> = adjustments.split(',').map(|d| root().join(d)).collect();
    let adjustments = load::load_adjustments(&dirs, &statement).expect("valid adjustments");
    let chosen = reconcile::cli::choose_periods(&mut statement, periods).expect("known periods");
    let measures = NonGaapMeasure::parse_list(
        &[measures.unwrap_or("net-income,eps").to_string()],
        &statement,
    )
    .expect("known measures");
    view::reconcile(&statement, &adjustments, &chosen, &measures).expect("reconciles")
}

/// Net income (loss) and basic and diluted EPS.
pub fn reconcile(statements: &str, adjustments: &str, periods: Option<&str>) -> Reconciliation {
    reconcile_measures(statements, adjustments, periods, None)
}

/// A reconciliation of a fixture folder.
pub fn reconcile_fixture(case: &str, periods: Option<&str>) -> Reconciliation {
    let base = PathBuf::from("tests/fixtures").join(case);
    reconcile(
        base.join("statements").to_str().unwrap(),
        base.join("adjustments").to_str().unwrap(),
        periods,
    )
}

/// A fixture folder reconciled for `measures` (as `--measure` reads them)
/// in `periods` (every period when `None`).
pub fn fixture_rec(case: &str, periods: Option<&str>, measures: &str) -> Reconciliation {
    let base = format!("tests/fixtures/{case}");
    reconcile_measures(
        &format!("{base}/statements"),
        &format!("{base}/adjustments"),
        periods,
        Some(measures),
    )
}

/// Net income (loss), column by column.
pub fn net_income(rec: &Reconciliation) -> &[AmountColumn] {
    &rec.amount(NonGaapMeasure::NetIncome)
        .expect("net income reconciled")
        .columns
}

/// Per diluted share, column by column.
pub fn diluted(rec: &Reconciliation) -> Vec<&PerShareColumn> {
    per_share_columns(rec, ShareBasis::Diluted)
}

/// Per basic share, column by column.
pub fn basic(rec: &Reconciliation) -> Vec<&PerShareColumn> {
    per_share_columns(rec, ShareBasis::Basic)
}

fn per_share_columns(rec: &Reconciliation, basis: ShareBasis) -> Vec<&PerShareColumn> {
    let block = rec.per_share(basis).expect("EPS reconciled");
    block
        .columns
        .iter()
        .map(|c| c.as_ref().expect("shares recorded"))
        .collect()
}

/// A money figure as printed: `(5,172)`.
pub fn money(value: Decimal) -> String {
    number::format(value, 0, false)
}

/// A per-share figure as printed: `(0.07)`.
pub fn per_share(value: Decimal) -> String {
    number::format(value, 2, false)
}

/// Snapshot assertions with the project's settings: files in `snapshots/`.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

//! `reconcile lint`: the SEC's non-GAAP rules in force on the rules' date,
//! as located findings.

use super::pipeline::{self, Kind};
use super::{Options, Outcome, rules_date};
use crate::diagnostic::{Diagnostic, render_all};
use crate::lint;
use crate::model::{Adjustment, Statement};

/// Loads the model and lints it.
pub fn run(opts: &Options) -> Outcome {
    let (path, statement, adjustments) = match pipeline::load_inputs(opts, Kind::Other) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    lint_model(opts, &path, &statement, &adjustments)
}

/// `reconcile lint`: the rules in force on the date, as located findings.
fn lint_model(
    opts: &Options,
    path: &std::path::Path,
    statement: &Statement,
    adjustments: &[Adjustment],
) -> Outcome {
    let (as_of, why) = match rules_date(opts, statement) {
        Ok(date) => date,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    let mut report = lint::run(statement, adjustments, as_of);
    if opts.deny_warnings {
        report.findings = report
            .findings
            .into_iter()
            .map(Diagnostic::denied)
            .collect();
    }
    let errors = report.findings.iter().filter(|f| !f.is_warning()).count();
    let warnings = report.findings.len() - errors;
    let mut stdout = format!(
        "{}: the {}'s non-GAAP rules as of {why}\n  {} lints in force, {} not yet\n  {errors} {}, {warnings} {}\n",
        path.display(),
        statement.entity.regulator.name(),
        report.in_force,
        report.not_yet,
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" },
    );
    for allowed in &report.allowed {
        stdout.push_str(&format!("  allowed: {allowed}\n"));
    }
    Outcome {
        stdout,
        stderr: if report.findings.is_empty() {
            String::new()
        } else {
            render_all(&report.findings, "lint findings")
        },
        code: u8::from(errors > 0),
        diagnostics: report.findings,
        figures: Vec::new(),
    }
}

//! `--entities DIR`: a command run for each entity folder in DIR, as if
//! run alone with its statements and adjustments; in parallel on the run's
//! threads, reported in name order under a `== name ==` line (its errors
//! on standard error under the same line); the worst exit code.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Outcome;
use crate::diagnostic::Diagnostic;
use crate::load;

/// Runs `run_one` on each subfolder of `dir` that holds `statements` (a
/// path inside the subfolder), and gathers the outcomes.
pub fn run(dir: &Path, statements: &Path, run_one: impl Fn(&Path) -> Outcome + Sync) -> Outcome {
    let mut entities = match entity_folders(dir, statements) {
        Ok(entities) => entities,
        Err(outcome) => return outcome,
    };
    entities.sort();
    // Each entity's run is independent: spread over the run's threads
    // (one where no thread can be started), kept in name order.
    let outcomes: Vec<Outcome> = entities
        .par_iter()
        .map(|(_, folder)| run_one(folder))
        .collect();
    gather(&entities, outcomes)
}

/// Each entity's name and folder: the subfolders of `dir` that hold
/// `statements`, hidden ones left out; an error when there are none.
fn entity_folders(dir: &Path, statements: &Path) -> Result<Vec<(String, PathBuf)>, Outcome> {
    let entities: Vec<(String, PathBuf)> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.join(statements).exists())
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?.to_string();
                (!name.starts_with('.')).then_some((name, p))
            })
            .collect(),
        Err(e) => {
            return Err(Outcome::bad_input(&[Diagnostic::in_file(
                dir,
                format!("cannot read the entities folder: {}", load::io_reason(&e)),
            )
            .help("--entities names a folder with one subfolder per entity")]));
        }
    };
    if entities.is_empty() {
        return Err(Outcome::bad_input(&[Diagnostic::in_file(
            dir,
            format!(
                "no subfolder here holds `{}`: no entity to run",
                statements.display()
            ),
        )
        .help(
            "give each entity a folder of its own with its statements and adjustments in it",
        )]));
    }
    Ok(entities)
}

/// The outcomes of every entity, in name order, as one.
fn gather(entities: &[(String, PathBuf)], outcomes: Vec<Outcome>) -> Outcome {
    let mut all = Outcome::success(String::new());
    for ((name, _), outcome) in entities.iter().zip(outcomes) {
        // Every entity's name on standard output; on standard error, those
        // with something to say.
        for (into, text, always) in [
            (&mut all.stdout, &outcome.stdout, true),
            (&mut all.stderr, &outcome.stderr, false),
        ] {
            if text.is_empty() && !always {
                continue;
            }
            into.push_str(&format!("== {name} ==\n{text}"));
            if !text.is_empty() && !text.ends_with('\n') {
                into.push('\n');
            }
        }
        all.code = all.code.max(outcome.code);
        all.diagnostics.extend(outcome.diagnostics);
        all.figures.extend(outcome.figures);
    }
    all
}

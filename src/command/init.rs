//! `reconcile init [DIR]`: a data repository for a new company, written
//! whole or not at all, and never over an existing file.

use std::path::{Path, PathBuf};

use super::snapshot::snapshot;
use super::{Options, Outcome, today};
use crate::diagnostic::Diagnostic;
use crate::engine;
use crate::load;
use crate::model::Units;

/// `reconcile init`: writes the skeleton's files that do not exist yet.
pub fn run(opts: &Options, dir: Option<&Path>, name: &str, fiscal_year_end: &str) -> Outcome {
    let options = match init_options(opts, name, fiscal_year_end) {
        Ok(options) => options,
        Err(d) => return Outcome::bad_input(&[d]),
    };
    let root = dir.unwrap_or(Path::new("."));
    let files = crate::init::files(&options);
    // The committed figures of the skeleton, so `snapshot --check` passes
    // from the first commit.
    let figures_path = PathBuf::from("reconciled/figures.txt");
    let mut planned: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    planned.push(&figures_path);
    // Every conflict found before anything is written: init writes all it
    // can, or nothing.
    let (fresh, kept) = match init_plan(root, &planned) {
        Ok(plan) => plan,
        Err(conflicts) => return Outcome::bad_input(&conflicts),
    };
    let mut written = Vec::new();
    for (path, text) in &files {
        let target = root.join(path);
        if !fresh.contains(&target) {
            continue;
        }
        let made = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
            })
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
        if let Err(e) = made {
            return Outcome::bad_input(&[Diagnostic::in_file(
                &target,
                format!("cannot write this file: {e}"),
            )
            .note(init_written_so_far(&written))]);
        }
        written.push(target);
    }
    let figures_path = root.join(&figures_path);
    if fresh.contains(&figures_path) {
        let statements = root
            .join("statements")
            .join(format!("{}.toml", options.entity));
        if let Ok(statement) = load::load_statement(&statements) {
            let out = snapshot(
                &statement,
                &[],
                &engine::Adjuster::new(&statement, &[]),
                false,
                &root.join("reconciled"),
                "reconcile snapshot",
            );
            if out.code == 0 {
                written.push(figures_path);
            }
        }
    }
    let mut stdout = String::new();
    for path in &written {
        stdout.push_str(&format!("created {}\n", path.display()));
    }
    for path in &kept {
        stdout.push_str(&format!("left alone {} (it exists)\n", path.display()));
    }
    stdout.push_str(&format!(
        "next: transcribe the release into statements/{}.toml and run `reconcile check`\n",
        options.entity
    ));
    Outcome::success(stdout)
}

/// The skeleton's options from the arguments: the entity's file name, the
/// fiscal year's last day, the units; or what is wrong with them.
fn init_options(
    opts: &Options,
    name: &str,
    fiscal_year_end: &str,
) -> Result<crate::init::Options, Diagnostic> {
    let entity = opts.entity.as_deref().unwrap_or(name).trim().to_string();
    if entity.is_empty()
        || !entity
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(
            Diagnostic::new(format!("--entity `{entity}` is not a file name"))
                .help("use letters, digits, `_` and `-`, such as --entity acme"),
        );
    }
    let fiscal_year_end = fiscal_year_end
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
        .filter(|&(m, d)| {
            (1..=12).contains(&m) && d >= 1 && d <= crate::raw::days_in_month(2001, m)
        });
    let Some(fiscal_year_end) = fiscal_year_end else {
        return Err(
            Diagnostic::new("--fiscal-year-end is not a month and day").help(
                "write the last day of the fiscal year as MM-DD, such as --fiscal-year-end 06-30",
            ),
        );
    };
    let units = match opts.units {
        Some(Units::Millions) => Units::Millions,
        _ => Units::Thousands,
    };
    Ok(crate::init::Options {
        entity,
        fiscal_year_end,
        units,
        today: today(),
    })
}

/// What `init` will write under `root` and what it leaves alone (a file
/// already there), or every conflict that stops it: a file where one of
/// its folders should be, a folder where one of its files should be. Only
/// looks: nothing is written.
type InitPlan = (Vec<PathBuf>, Vec<PathBuf>);

fn init_plan(root: &Path, paths: &[&Path]) -> Result<InitPlan, Vec<Diagnostic>> {
    let mut fresh = Vec::new();
    let mut kept = Vec::new();
    let mut conflicts: Vec<Diagnostic> = Vec::new();
    let mut blocked: Vec<PathBuf> = Vec::new();
    for path in paths {
        let target = root.join(path);
        // Each folder on the way, the root first: a file in its place
        // blocks every file init would write inside it (reported once).
        let folders: Vec<PathBuf> = std::iter::once(root.to_path_buf())
            .chain(
                path.ancestors()
                    .skip(1)
                    .filter(|a| !a.as_os_str().is_empty())
                    .map(|a| root.join(a))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev(),
            )
            .collect();
        let in_the_way = folders
            .into_iter()
            .find(|f| (f.exists() || f.is_symlink()) && !f.is_dir());
        if let Some(folder) = in_the_way {
            if !blocked.contains(&folder) {
                conflicts.push(
                    Diagnostic::in_file(&folder, "a file is where `reconcile init` needs a folder")
                        .note(format!("init writes {} inside it", target.display()))
                        .help(format!(
                            "move or rename {} and run `reconcile init` again; nothing has been written",
                            folder.display()
                        )),
                );
                blocked.push(folder);
            }
        } else if target.is_dir() {
            conflicts.push(
                Diagnostic::in_file(&target, "a folder is where `reconcile init` writes a file")
                    .help(format!(
                        "move or rename the folder {} and run `reconcile init` again; nothing has been written",
                        target.display()
                    )),
            );
        } else if target.exists() || target.is_symlink() {
            kept.push(target);
        } else {
            fresh.push(target);
        }
    }
    if conflicts.is_empty() {
        Ok((fresh, kept))
    } else {
        Err(conflicts)
    }
}

/// The note of a write that failed part way: what was written before it.
fn init_written_so_far(written: &[PathBuf]) -> String {
    if written.is_empty() {
        "nothing was written".to_string()
    } else {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        format!("written before it: {}", names.join(", "))
    }
}

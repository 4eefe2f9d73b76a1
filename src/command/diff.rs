//! `reconcile diff`: the figures of two revisions of a data repository,
//! read through git (`git show REV:path`, no checkout), compared figure by
//! figure; each moved figure listed with the changed lines that moved it: a
//! change to a period's figures moves that period's figures, a change to an
//! adjustment file moves the figures of its rows and columns.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;

use super::pipeline::tie_out_model;
use super::snapshot::{compare_figure_lines, figures_with};
use super::{Options, Outcome};
use crate::diagnostic::{Diagnostic, render_all};
use crate::load;
use crate::model::{Adjustment, AdjustmentRule, Statement, TaxEffect};
use crate::source::SourceFile;

/// One changed line of a model file between the two revisions.
#[derive(Debug, Clone)]
struct Change {
    file: String,
    line: usize,
    old: String,
    new: String,
    /// The period block the line is in, for a statements file.
    period: Option<String>,
    /// The adjustment's id and label, for an adjustment file.
    adjustment: Option<(String, String)>,
    /// For a changed figure of the statements file: the labels of its line
    /// and of every total it rolls into, the rows whose figures it moves.
    labels: Vec<String>,
    /// For a balance-sheet date: the duration periods that take a balance
    /// from it (ending on it, or starting the day after it).
    related: Vec<String>,
    /// The column header of a duration period, as the matrix of that
    /// period is titled ("Nine Months Ended Sept. 30, 2003").
    header: Option<String>,
    /// For an adjustment file: the labels of the other adjustments whose
    /// rows it cannot move (each states its own figures; a tax-effect
    /// group, a noncontrolling share or an effective-rate tax follows the
    /// others, and is not listed).
    others: Vec<String>,
}

/// One changed region of a file (a hunk of `git diff -U0`): where it starts
/// in the newer revision, its old and new lines, and each changed line with
/// what it belongs to, for attributing figures.
#[derive(Debug, Clone)]
struct Region {
    file: String,
    /// Whether the newer revision adds or deletes the whole file.
    status: FileStatus,
    line: usize,
    old: Vec<String>,
    new: Vec<String>,
    lines: Vec<Change>,
}

/// What the newer revision did to a changed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileStatus {
    Modified,
    Added,
    Deleted,
}

impl FileStatus {
    fn name(self) -> &'static str {
        match self {
            FileStatus::Modified => "modified",
            FileStatus::Added => "added",
            FileStatus::Deleted => "deleted",
        }
    }
}

/// One figure that moved between the revisions, from its
/// `table | row | column` key: the old and new figures as `snapshot` writes
/// them (rounded as printed, plain digits), `None` where it is new or gone.
#[derive(Debug, Clone)]
struct Moved {
    /// `table | row | column: old -> new (difference)`, as `snapshot
    /// --check` lists it.
    line: String,
    key: String,
    table: String,
    row: String,
    period: String,
    old: Option<String>,
    new: Option<String>,
    /// The regions that moved it (indices into the regions).
    by: Vec<usize>,
}

impl Moved {
    fn parse(line: &str) -> Moved {
        let trimmed = line.trim();
        let (key, change) = trimmed.rsplit_once(": ").unwrap_or((trimmed, ""));
        let (old, new) = if let Some(value) = change.strip_prefix("new, ") {
            (None, Some(value.to_string()))
        } else {
            let (old, rest) = change.split_once(" -> ").unwrap_or((change, ""));
            let new = (rest != "gone").then(|| rest.split(" (").next().unwrap_or("").to_string());
            (Some(old.to_string()), new)
        };
        let (table_row, period) = key.rsplit_once(" | ").unwrap_or((key, ""));
        let (table, row) = table_row.split_once(" | ").unwrap_or(("", table_row));
        Moved {
            line: line.to_string(),
            key: key.to_string(),
            table: table.to_string(),
            row: row.to_string(),
            period: period.to_string(),
            old,
            new,
            by: Vec::new(),
        }
    }

    /// The change as `snapshot --check` writes it: `-5172 -> -3326 (+1846)`.
    fn change(&self) -> &str {
        self.line
            .trim()
            .rsplit_once(": ")
            .map(|(_, c)| c)
            .unwrap_or("")
    }

    /// The change as the release prints its figures: `(5,172) -> (3,326)`,
    /// `new: 5,001`, `(767) -> gone`.
    fn printed(&self) -> String {
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => format!("{} -> {}", as_printed(old), as_printed(new)),
            (None, Some(new)) => format!("new: {}", as_printed(new)),
            (Some(old), None) => format!("{} -> gone", as_printed(old)),
            (None, None) => String::new(),
        }
    }
}

/// A figure as `snapshot` writes it (`-5172`, `0.07`) as the release prints
/// it (`(5,172)`, `0.07`): thousands separated, negatives in parentheses, an
/// exact zero a dash; a zero with decimals (a per-share figure that rounds
/// to nothing) stays `0.00`. Anything else as written.
fn as_printed(figure: &str) -> String {
    match figure.parse::<rust_decimal::Decimal>() {
        Ok(value) if value.is_zero() && value.scale() > 0 => {
            format!("0.{}", "0".repeat(value.scale() as usize))
        }
        Ok(value) => crate::number::format(value, value.scale(), false),
        Err(_) => figure.to_string(),
    }
}

pub fn run(opts: &Options, rev: &str, rev2: Option<&str>) -> Outcome {
    match compare(opts, rev, rev2) {
        Ok(outcome) => outcome,
        Err(diagnostics) => Outcome {
            stdout: String::new(),
            stderr: render_all(&diagnostics, "errors"),
            code: 2,
            diagnostics,
            figures: Vec::new(),
        },
    }
}

fn git(args: &[&str]) -> Result<String, Diagnostic> {
    let out = git_output(args)?;
    if !out.status.success() {
        return Err(Diagnostic::new(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .help("name a revision that exists: a commit, a branch or a tag (see `git log`)"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn git_output(args: &[&str]) -> Result<std::process::Output, Diagnostic> {
    Process::new("git").args(args).output().map_err(|e| {
        Diagnostic::new(format!("cannot run git: {e}"))
            .help("install git; `reconcile diff` reads revisions through it")
    })
}

/// Whether git answers `args` with success (its output is not needed).
fn git_succeeds(args: &[&str]) -> Result<bool, Diagnostic> {
    Ok(git_output(args)?.status.success())
}

/// `diff` compares committed revisions: outside a git repository, in one
/// with no commits yet, or naming a revision that is not there, it says
/// which, before reading anything.
fn check_revisions(revs: &[&str]) -> Result<(), Diagnostic> {
    // One question answers them all when all is well; each is asked alone
    // only to say which fails.
    let commits: Vec<String> = std::iter::once("HEAD")
        .chain(revs.iter().copied())
        .map(|rev| format!("{rev}^{{commit}}"))
        .collect();
    let mut all = vec!["rev-parse", "--git-dir"];
    all.extend(commits.iter().map(String::as_str));
    let answer = git_output(&all)?;
    // The git folder, then one object name per revision: a range or an
    // option would answer otherwise.
    let lines: Vec<&[u8]> = answer
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let names = lines.get(1..).unwrap_or_default();
    if answer.status.success()
        && lines.len() == 1 + commits.len()
        && names
            .iter()
            .all(|n| n.len() >= 40 && n.iter().all(u8::is_ascii_hexdigit))
    {
        return Ok(());
    }
    if !git_succeeds(&["rev-parse", "--git-dir"])? {
        let here = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| ".".to_string());
        return Err(
            Diagnostic::new(format!("not inside a git repository: {here}")).help(
                "`reconcile diff` compares revisions committed with git: run it in the data \
                 repository, or create one (`git init`, `git add -A`, `git commit`)",
            ),
        );
    }
    if !git_succeeds(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])? {
        let top = git(&["rev-parse", "--show-toplevel"]).unwrap_or_default();
        return Err(Diagnostic::new(format!(
            "the git repository at {} has no commits yet: there is no revision to compare with",
            top.trim()
        ))
        .help("commit the statements and adjustments first (`git add -A`, `git commit`), then run `reconcile diff HEAD`"));
    }
    for rev in revs {
        if !git_succeeds(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])? {
            return Err(
                Diagnostic::new(format!("no revision `{rev}` in this repository")).help(
                    "name a revision that exists: a commit, a branch or a tag (see `git log`)",
                ),
            );
        }
    }
    Ok(())
}

/// The one place a revision's file is read: `git show REV:./path` (the path
/// as the working tree names it, from the current folder), its text named
/// `REV:path` in every message about it. A file that is not UTF-8 text, or
/// holds a NUL byte, is reported as not text rather than parsed.
fn read_at(rev: &str, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let name = format!("{rev}:{}", path.display());
    let out = git_output(&["show", &format!("{rev}:./{}", path.display())])?;
    if !out.status.success() {
        return Err(Diagnostic::in_file(
            Path::new(&name),
            format!("{} is not in revision {rev}", path.display()),
        )
        .note(String::from_utf8_lossy(&out.stderr).trim().to_string())
        .help(format!(
            "name a revision that holds {} (see `git log -- {}`)",
            path.display(),
            path.display()
        )));
    }
    text_at(rev, path, out.stdout)
}

/// A revision's file as text, named `REV:path`; not text when it is not
/// UTF-8 or holds a NUL byte.
fn text_at(rev: &str, path: &Path, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    let name = format!("{rev}:{}", path.display());
    let not_text = |what: String| {
        Diagnostic::in_file(Path::new(&name), format!("{name} is not text: {what}")).help(
            "a statements or adjustment file is TOML text in UTF-8; restore the file's text at \
             that revision, or compare with a revision that has it",
        )
    };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(not_text(format!("it holds a NUL byte at byte {at}")));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::at_revision(rev, path, text)),
        Err(e) => Err(not_text(format!(
            "it is not UTF-8 from byte {}",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// Many files of one revision, in order, read through one `git cat-file
/// --batch` rather than a `git show` each (a thousand adjustment files are
/// a thousand processes otherwise). A file the batch does not give as a
/// blob is read by `read_at`, which says why; where the batch cannot run,
/// every file is.
fn read_all_at(rev: &str, paths: &[PathBuf]) -> Vec<Result<Arc<SourceFile>, Diagnostic>> {
    // A name with a line break would be two requests to the batch.
    let batched: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| !p.to_string_lossy().contains(['\n', '\r']))
        .collect();
    let mut blobs = if batched.is_empty() {
        Vec::new()
    } else {
        batch_blobs(rev, &batched).unwrap_or_default()
    }
    .into_iter();
    let mut from_batch = batched.into_iter().peekable();
    paths
        .iter()
        .map(|path| {
            let blob = if from_batch.next_if(|b| *b == path).is_some() {
                blobs.next().flatten()
            } else {
                None
            };
            match blob {
                Some(bytes) => text_at(rev, path, bytes),
                None => read_at(rev, path),
            }
        })
        .collect()
}

/// Each path's blob at `rev` through `git cat-file --batch` (`None` for a
/// path that is not a blob there); `None` when git cannot run or answers
/// out of form.
fn batch_blobs(rev: &str, paths: &[&PathBuf]) -> Option<Vec<Option<Vec<u8>>>> {
    use std::io::Write;
    let mut child = Process::new("git")
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    };
    let requests: String = paths
        .iter()
        .map(|p| format!("{rev}:./{}\n", p.display()))
        .collect();
    // Written beside the reading: git answers as it reads, and a full pipe
    // either way would stop both.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let blobs = read_batch(stdout, paths.len());
    if blobs.is_none() {
        let _ = child.kill();
    }
    let written = writer.join().ok().and_then(Result::ok);
    let _ = child.wait();
    written.and(blobs)
}

/// `count` answers of `git cat-file --batch`: a blob's bytes, or `None` for
/// a path that is missing or not a blob.
fn read_batch(stdout: std::process::ChildStdout, count: usize) -> Option<Vec<Option<Vec<u8>>>> {
    use std::io::{BufRead, Read};
    let mut out = std::io::BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(count);
    for _ in 0..count {
        let mut header = String::new();
        out.read_line(&mut header).ok()?;
        // "<object> missing", or "<name> <kind> <size>"; the object as
        // asked may hold spaces, so the fields are read from the end.
        let header = header.trim_end_matches('\n');
        if header.ends_with(" missing") || header.ends_with(" ambiguous") {
            blobs.push(None);
            continue;
        }
        let mut fields = header.rsplitn(3, ' ');
        let (Some(size), Some(kind), Some(_)) = (fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        let (blob, size) = (kind == "blob", size.parse::<u64>().ok()?);
        // The object and the newline after it.
        let mut bytes = Vec::new();
        (&mut out).take(size + 1).read_to_end(&mut bytes).ok()?;
        if bytes.len() as u64 != size + 1 || bytes.pop() != Some(b'\n') {
            return None;
        }
        blobs.push(blob.then_some(bytes));
    }
    Some(blobs)
}

/// The adjustment files of a folder at a revision, in name order, not
/// hidden ones.
fn adjustment_files_at(rev: &str, dir: &Path) -> Vec<PathBuf> {
    // NUL-separated: names are given as they are, not quoted (a name with
    // an accent or a quote was left out when quoted).
    let listing = git(&[
        "ls-tree",
        "-z",
        "--name-only",
        rev,
        &format!("{}/", dir.display()),
    ])
    .unwrap_or_default();
    let mut names: Vec<&str> = listing
        .split('\0')
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(PathBuf::from)
        .filter(|path| {
            !path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect()
}

/// The model at a revision (`None`: the working tree).
fn model_at(
    opts: &Options,
    rev: Option<&str>,
) -> Result<(Statement, Vec<Adjustment>), Vec<Diagnostic>> {
    let statements_path =
        load::find_statement(&opts.statements, opts.entity.as_deref()).map_err(|d| vec![d])?;
    let Some(rev) = rev else {
        let (statement, adjustments) = load::load_model(&statements_path, &opts.adjustments)?;
        return Ok((statement, adjustments));
    };
    // The statements file and every adjustment file through one batch.
    let mut paths = vec![statements_path.clone()];
    for dir in &opts.adjustments {
        paths.extend(adjustment_files_at(rev, dir));
    }
    let mut files = read_all_at(rev, &paths).into_iter();
    let file = files
        .next()
        .unwrap_or_else(|| read_at(rev, &statements_path))
        .map_err(|d| vec![d])?;
    let statement = load::statement_from_source(&file)?;
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for read in files {
        match read.map(load::parse_adjustment) {
            Ok(Ok(p)) => parsed.push(p),
            Ok(Err(d)) | Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let adjustments = load::validate_adjustments(parsed, &statement)?;
    Ok((statement, adjustments))
}

/// One side of the comparison and what its tie-out found.
struct Side {
    /// The revision; `None` for the working tree.
    rev: Option<String>,
    findings: Vec<Diagnostic>,
}

impl Side {
    /// "HEAD ties out", or "... does not tie out: 2 findings"; a revision
    /// in backticks for markdown.
    fn summary(&self, markdown: bool) -> String {
        let name = match &self.rev {
            Some(rev) if markdown => format!("`{rev}`"),
            Some(rev) => rev.clone(),
            None => "the working tree".to_string(),
        };
        match self.findings.len() {
            0 => format!("{name} ties out"),
            1 => format!("{name} does not tie out: 1 finding"),
            n => format!("{name} does not tie out: {n} findings"),
        }
    }
}

/// A finding on one line: where it is, and what.
fn finding_line(d: &Diagnostic) -> String {
    let message = match d.rule() {
        Some(rule) if rule.starts_with("NG") => format!("{} ({rule})", d.message()),
        _ => d.message().to_string(),
    };
    match d.location() {
        Some(at) => format!("{at}: {message}"),
        None => message,
    }
}

fn compare(opts: &Options, rev: &str, rev2: Option<&str>) -> Result<Outcome, Vec<Diagnostic>> {
    let revs: Vec<&str> = std::iter::once(rev).chain(rev2).collect();
    check_revisions(&revs).map_err(|d| vec![d])?;
    // The two revisions side by side, each step's messages the older's
    // first, as if one after the other.
    let (old_model, new_model) = rayon::join(|| model_at(opts, Some(rev)), || model_at(opts, rev2));
    let (old_statement, old_adjustments) = old_model?;
    let (new_statement, new_adjustments) = new_model?;
    // Each side tied out as `reconcile check` ties it out; figures are
    // compared whatever it finds.
    // Each revision's adjusted statement built once, for its tie-out and
    // its figures.
    let old_adjuster = crate::engine::Adjuster::new(&old_statement, &old_adjustments);
    let new_adjuster = crate::engine::Adjuster::new(&new_statement, &new_adjustments);
    let side = |rev: Option<&str>,
                statement: &Statement,
                adjustments: &[Adjustment],
                adjuster: &crate::engine::Adjuster| {
        tie_out_model(opts, statement, adjustments, adjuster, true, true).map(|report| Side {
            rev: rev.map(str::to_string),
            findings: report.findings,
        })
    };
    let (old_side, new_side) = rayon::join(
        || side(Some(rev), &old_statement, &old_adjustments, &old_adjuster),
        || side(rev2, &new_statement, &new_adjustments, &new_adjuster),
    );
    let sides = [
        old_side.map_err(|d| vec![d])?,
        new_side.map_err(|d| vec![d])?,
    ];
    let (old, new) = rayon::join(
        || figures_with(&old_statement, &old_adjustments, &old_adjuster),
        || figures_with(&new_statement, &new_adjustments, &new_adjuster),
    );
    let (old, new) = (old.map_err(|d| vec![d])?, new.map_err(|d| vec![d])?);
    let mut moved: Vec<Moved> = compare_figure_lines(old.lines(), new.lines())
        .iter()
        .map(|l| Moved::parse(l))
        .collect();
    let regions = changes(
        opts,
        rev,
        rev2,
        &new_statement,
        &[&new_adjustments, &old_adjustments],
    );
    let lines: Vec<Change> = regions.iter().flat_map(|r| r.lines.clone()).collect();
    for figure in &mut moved {
        let behind = behind(&figure.line, &lines);
        figure.by = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.lines.iter().any(|c| {
                    behind
                        .iter()
                        .any(|b| b.file == c.file && b.line == c.line && b.new == c.new)
                })
            })
            .map(|(i, _)| i)
            .collect();
    }
    let untied = sides.iter().any(|s| !s.findings.is_empty());
    let names = [rev.to_string(), rev2.unwrap_or("").to_string()];
    let stdout = match opts.format {
        crate::report::Format::Json => json(&sides, &moved, &regions, &lines),
        crate::report::Format::Markdown => markdown(&sides, &moved, &regions, &names),
        _ => text(&sides, &moved, &regions),
    };
    Ok(Outcome {
        stdout,
        stderr: String::new(),
        code: u8::from(!moved.is_empty() || untied),
        diagnostics: Vec::new(),
        figures: Vec::new(),
    })
}

/// "1 figure moved", "17 figures moved".
pub(crate) fn figures_moved(n: usize) -> String {
    if n == 1 {
        "1 figure moved".to_string()
    } else {
        format!("{n} figures moved")
    }
}

/// `git diff -U0` of the model's files between the revisions.
fn patch(opts: &Options, rev: &str, rev2: Option<&str>) -> Option<String> {
    // Paths relative to the current folder, as the model's files are named.
    // Names with an accent as they are, not quoted in octal.
    let mut args: Vec<String> = vec![
        "-c".into(),
        "core.quotePath=false".into(),
        "diff".into(),
        "-U0".into(),
        "--no-color".into(),
        "--relative".into(),
        rev.into(),
    ];
    if let Some(rev2) = rev2 {
        args.push(rev2.into());
    }
    args.push("--".into());
    args.push(opts.statements.display().to_string());
    args.extend(opts.adjustments.iter().map(|d| d.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    git(&refs).ok()
}

/// The changed regions of a patch, each file's with its status, their old
/// and new lines not yet paired.
fn regions(patch: &str) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    let mut file = String::new();
    let mut status = FileStatus::Modified;
    // Between `diff --git` and the first `@@` the rows name the file and
    // say whether it is new or deleted; none of them is a changed line.
    let mut header = false;
    for row in patch.lines() {
        if row.starts_with("diff --git ") {
            header = true;
            status = FileStatus::Modified;
        } else if header {
            if let Some(name) = row.strip_prefix("+++ b/") {
                file = name.to_string();
            } else if let Some(name) = row.strip_prefix("--- a/") {
                // The old path, for a file the newer revision deletes.
                file = name.to_string();
            } else if row.starts_with("new file mode") {
                status = FileStatus::Added;
            } else if row.starts_with("deleted file mode") {
                status = FileStatus::Deleted;
            } else if row.starts_with("@@") {
                header = false;
            }
        }
        if row.starts_with("@@") {
            // @@ -a,b +c,d @@ (a deleted file: from the old file's line a)
            let side = if status == FileStatus::Deleted { 1 } else { 2 };
            let line = row
                .split_whitespace()
                .nth(side)
                .and_then(|c| c[1..].split(',').next()?.parse().ok())
                .unwrap_or(0);
            regions.push(Region {
                file: file.clone(),
                status,
                line,
                old: Vec::new(),
                new: Vec::new(),
                lines: Vec::new(),
            });
        } else if !header && let Some(region) = regions.last_mut() {
            if let Some(old) = row.strip_prefix('-') {
                region.old.push(old.to_string());
            } else if let Some(new) = row.strip_prefix('+') {
                region.new.push(new.to_string());
            }
        }
    }
    regions
}

/// The changed regions of the model's files between the revisions, each
/// changed line with the period block or adjustment it belongs to.
fn changes(
    opts: &Options,
    rev: &str,
    rev2: Option<&str>,
    statement: &Statement,
    adjustments: &[&[Adjustment]],
) -> Vec<Region> {
    let Some(patch) = patch(opts, rev, rev2) else {
        return Vec::new();
    };
    let mut regions = regions(&patch);
    for region in &mut regions {
        // Each new line paired with the old line at its place; old lines
        // left over were removed (at the region's line).
        let count = region.old.len().max(region.new.len());
        for i in 0..count {
            let old = region.old.get(i).cloned().unwrap_or_default();
            let new = region.new.get(i).cloned().unwrap_or_default();
            let line = region.line + i.min(region.new.len().saturating_sub(1));
            region.lines.push(context(
                &region.file,
                line,
                old,
                new,
                statement,
                adjustments,
            ));
        }
    }
    regions
}

/// The [[period]] block a line of the statements file is in: the last
/// `id = ` above it after a `[[period]]` header.
fn period_at(statement: &Statement, line: usize) -> Option<String> {
    let text = statement.site.file.text();
    let mut current = None;
    let mut in_period = false;
    for (n, l) in text.lines().enumerate() {
        if n + 1 > line {
            break;
        }
        let t = l.trim();
        if t.starts_with("[[") {
            in_period = t == "[[period]]";
            current = None;
        } else if in_period && let Some(v) = t.strip_prefix("id = ") {
            current = Some(v.trim_matches('"').to_string());
        }
    }
    current
}

/// The line item a `key = value` line gives a figure for, and the totals
/// it rolls into: their labels.
fn rolls_into(statement: &Statement, old: &str, new: &str) -> Vec<String> {
    let mut labels = Vec::new();
    if let Some(id) = (if new.trim().is_empty() { old } else { new })
        .split('=')
        .next()
        .map(str::trim)
        && let Some(mut at) = statement.line_id(id)
    {
        for _ in 0..=statement.line_items.len() {
            labels.push(statement.line(at).label.clone());
            match statement.line(at).parent {
                Some((parent, _)) => at = parent,
                None => break,
            }
        }
    }
    labels
}

fn context(
    file: &str,
    line: usize,
    old: String,
    new: String,
    statement: &Statement,
    adjustments: &[&[Adjustment]],
) -> Change {
    let path = Path::new(file);
    // The newer revision's adjustment; a deleted file's, the older one's.
    let adjustment = adjustments
        .iter()
        .flat_map(|list| list.iter())
        .find(|a| a.site.file.path().ends_with(path) || path.ends_with(a.site.file.path()))
        .map(|a| (a.id.clone(), a.label.clone()));
    let others = match &adjustment {
        Some((id, _)) => independent_labels(adjustments, id),
        None => Vec::new(),
    };
    let period = if adjustment.is_none() {
        period_at(statement, line)
    } else {
        None
    };
    let labels = if period.is_some() {
        rolls_into(statement, &old, &new)
    } else {
        Vec::new()
    };
    let header = period
        .as_deref()
        .and_then(|id| statement.period_by_id(id))
        .map(|i| &statement.periods[i])
        .filter(|p| p.is_duration())
        .map(|p| p.header.clone());
    let related = period
        .as_deref()
        .and_then(|id| statement.period_by_id(id))
        .map(|i| &statement.periods[i])
        .filter(|p| !p.is_duration())
        .map(|instant| {
            let date = crate::model::period::day_number(instant.span.end());
            statement
                .periods
                .iter()
                .filter(|p| match p.span {
                    crate::model::PeriodSpan::Duration { start, end } => {
                        crate::model::period::day_number(end) == date
                            || crate::model::period::day_number(start) == date + 1
                    }
                    crate::model::PeriodSpan::Instant { .. } => false,
                })
                .map(|p| p.id.clone())
                .collect()
        })
        .unwrap_or_default();
    Change {
        file: file.to_string(),
        line,
        old,
        new,
        period,
        adjustment,
        labels,
        related,
        header,
        others,
    }
}

/// The labels of the adjustments other than `id` that state their own
/// figures: no change to another adjustment's file moves their rows.
fn independent_labels(adjustments: &[&[Adjustment]], id: &str) -> Vec<String> {
    let follows_others = |a: &Adjustment| {
        matches!(
            a.rule,
            AdjustmentRule::TaxEffect { .. } | AdjustmentRule::NoncontrollingShare { .. }
        ) || matches!(a.tax, TaxEffect::EffectiveRate(_))
    };
    let mut labels: Vec<String> = adjustments
        .iter()
        .flat_map(|list| list.iter())
        .filter(|a| a.id != id && !follows_others(a))
        .map(|a| a.label.clone())
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

/// Whether a figure's row (`block / label`) is the row of the adjustment
/// labelled `label`, a release's footnote marker after it or not.
fn is_row_of(row: &str, label: &str) -> bool {
    let last = row.rsplit(" / ").next().unwrap_or(row);
    last == label
        || last
            .strip_prefix(label)
            .is_some_and(|rest| rest.starts_with(" ("))
}

/// The changes behind one moved figure (`table | row | column: ...`).
fn behind<'a>(figure: &str, changes: &'a [Change]) -> Vec<&'a Change> {
    let column = figure
        .rsplit_once(" | ")
        .map(|(_, c)| c.split(':').next().unwrap_or(""))
        .unwrap_or("");
    changes
        .iter()
        .filter(|c| match (&c.period, &c.adjustment) {
            (Some(period), _) => {
                let table = figure.split(" | ").next().unwrap_or("");
                // The period's matrix is titled with its header.
                let matrix = c
                    .header
                    .as_ref()
                    .is_some_and(|h| table.ends_with(&format!(" / {h}")));
                let in_period = column == period
                    || figure.contains(period.as_str())
                    || c.related.iter().any(|r| r == column)
                    || matrix;
                // The rows of the changed line and its totals; and every
                // reconciliation, which starts from those totals (the
                // matrix has a row for each line: its rows, by label).
                let row = figure.split(" | ").nth(1).unwrap_or("");
                let reconciled =
                    !matrix && (figure.contains("Reconciliation") || figure.contains("Non-GAAP"));
                in_period
                    && (c.labels.is_empty()
                        || reconciled
                        || c.labels
                            .iter()
                            .any(|l| row.to_lowercase().contains(&l.to_lowercase())))
            }
            (None, Some((id, label))) => {
                let row = figure.split(" | ").nth(1).unwrap_or("");
                let others_row =
                    !is_row_of(row, label) && c.others.iter().any(|o| is_row_of(row, o));
                !others_row
                    && (figure.contains(label.as_str())
                        || column == id
                        || figure.contains("Non-GAAP")
                        || figure.contains("non_gaap"))
            }
            (None, None) => true,
        })
        .collect()
}

/// "statements/atg.toml", "statements/atg.toml and adjustments/a.toml",
/// "3 files"; `code` puts each name in backticks.
fn files_changed(regions: &[Region], code: bool) -> String {
    let mut files: Vec<&str> = Vec::new();
    for r in regions {
        if !files.contains(&r.file.as_str()) {
            files.push(&r.file);
        }
    }
    let name = |f: &str| {
        if code {
            format!("`{f}`")
        } else {
            f.to_string()
        }
    };
    match files.as_slice() {
        [one] => name(one),
        [a, b] => format!("{} and {}", name(a), name(b)),
        many => format!("{} files", many.len()),
    }
}

/// "17 figures moved by 5 changes to statements/atg.toml", "1 figure moved;
/// no change to the statements or adjustment files".
fn summary(moved: &[Moved], regions: &[Region], code: bool) -> String {
    let figures = figures_moved(moved.len());
    let figures = if code {
        format!("**{figures}**")
    } else {
        figures
    };
    match regions.len() {
        0 => format!("{figures}; no change to the statements or adjustment files"),
        1 => format!("{figures} by 1 change to {}", files_changed(regions, code)),
        n => format!(
            "{figures} by {n} changes to {}",
            files_changed(regions, code)
        ),
    }
}

/// The figures of one list (a region's, or those not attributed), grouped by
/// table in the order they first appear.
fn by_table<'a>(figures: &[&'a Moved]) -> Vec<(&'a str, Vec<&'a Moved>)> {
    let mut tables: Vec<(&str, Vec<&Moved>)> = Vec::new();
    for &figure in figures {
        match tables.iter_mut().find(|(t, _)| *t == figure.table) {
            Some((_, list)) => list.push(figure),
            None => tables.push((&figure.table, vec![figure])),
        }
    }
    tables
}

/// The figures each region moved, then those no region explains.
fn grouped<'a>(moved: &'a [Moved], regions: &[Region]) -> (Vec<Vec<&'a Moved>>, Vec<&'a Moved>) {
    let per_region = (0..regions.len())
        .map(|i| moved.iter().filter(|m| m.by.contains(&i)).collect())
        .collect();
    let unattributed = moved.iter().filter(|m| m.by.is_empty()).collect();
    (per_region, unattributed)
}

fn pad(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// A list of figures as text: each table's title, then its rows aligned,
/// `row  period  (5,273) -> (5,270)`.
fn text_figures(out: &mut String, figures: &[&Moved]) {
    let width = |f: fn(&Moved) -> &str| {
        figures
            .iter()
            .map(|m| unicode_width::UnicodeWidthStr::width(f(m)))
            .max()
            .unwrap_or(0)
    };
    let rows = width(|m| &m.row);
    let periods = width(|m| &m.period);
    for (table, list) in by_table(figures) {
        out.push_str(&format!("  {table}\n"));
        for m in list {
            let line = format!(
                "    {}  {}  {}",
                pad(&m.row, rows),
                pad(&m.period, periods),
                m.printed()
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

fn region_header(r: &Region) -> String {
    let removed = r.new.is_empty();
    if r.status != FileStatus::Modified {
        format!("{} ({})", r.file, r.status.name())
    } else if removed {
        format!("{}:{} (removed)", r.file, r.line)
    } else {
        format!("{}:{}", r.file, r.line)
    }
}

fn text(sides: &[Side], moved: &[Moved], regions: &[Region]) -> String {
    let mut out = String::new();
    if sides.iter().any(|s| !s.findings.is_empty()) {
        for side in sides {
            out.push_str(&format!("{}\n", side.summary(false)));
            for d in &side.findings {
                out.push_str(&format!("  {}\n", finding_line(d)));
            }
        }
        out.push('\n');
    }
    if moved.is_empty() {
        out.push_str("no figure moved\n");
        return out;
    }
    out.push_str(&format!("{}\n", summary(moved, regions, false)));
    let (per_region, unattributed) = grouped(moved, regions);
    for (r, figures) in regions.iter().zip(&per_region) {
        out.push_str(&format!("\n{}\n", region_header(r)));
        for l in &r.old {
            out.push_str(&format!("  - {}\n", l.trim()));
        }
        for l in &r.new {
            out.push_str(&format!("  + {}\n", l.trim()));
        }
        match figures.len() {
            0 => out.push_str("  moved no figure\n"),
            1 => out.push_str("  moved 1 figure:\n"),
            n => out.push_str(&format!("  moved {n} figures:\n")),
        }
        text_figures(&mut out, figures);
    }
    if !unattributed.is_empty() {
        out.push_str(&format!(
            "\nnot attributed to a change: {}\n",
            figures_count(unattributed.len())
        ));
        text_figures(&mut out, &unattributed);
    }
    out
}

/// "1 figure", "3 figures".
fn figures_count(n: usize) -> String {
    if n == 1 {
        "1 figure".to_string()
    } else {
        format!("{n} figures")
    }
}

/// Past this many figures listed, the Markdown folds the list in
/// `<details>`, under the summary.
const FOLD_AFTER: usize = 20;

/// A pull-request comment has room for 65,536 characters: the list stops
/// short of this and says how to see the rest.
const MARKDOWN_LIMIT: usize = 60_000;

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A list of figures as a Markdown table, the table's title once.
fn markdown_figures(out: &mut String, figures: &[&Moved]) {
    out.push_str("| table | row | period | figure |\n|---|---|---|---:|\n");
    for (table, list) in by_table(figures) {
        for (i, m) in list.iter().enumerate() {
            let title = if i == 0 { cell(table) } else { String::new() };
            out.push_str(&format!(
                "| {title} | {} | {} | {} |\n",
                cell(&m.row),
                cell(&m.period),
                m.printed()
            ));
        }
    }
}

fn markdown(sides: &[Side], moved: &[Moved], regions: &[Region], revs: &[String; 2]) -> String {
    let mut out = String::new();
    if sides.iter().any(|s| !s.findings.is_empty()) {
        out.push_str("**Tie-out**\n\n");
        for side in sides {
            out.push_str(&format!("- {}\n", side.summary(true)));
            for d in &side.findings {
                out.push_str(&format!("  - {}\n", finding_line(d)));
            }
        }
        out.push('\n');
    }
    if moved.is_empty() {
        out.push_str("No figure moved.\n");
        return out;
    }
    out.push_str(&format!(
        "{}. {}; {}.\n",
        summary(moved, regions, true),
        upper_first(&sides[0].summary(true)),
        sides[1].summary(true)
    ));
    let (per_region, unattributed) = grouped(moved, regions);
    let mut sections: Vec<(usize, String)> = Vec::new();
    for (r, figures) in regions.iter().zip(&per_region) {
        let mut section = format!("\n#### `{}`\n\n```diff\n", region_header(r));
        for l in &r.old {
            section.push_str(&format!("- {}\n", l.trim()));
        }
        for l in &r.new {
            section.push_str(&format!("+ {}\n", l.trim()));
        }
        section.push_str("```\n\n");
        if figures.is_empty() {
            section.push_str("Moved no figure.\n");
        } else {
            markdown_figures(&mut section, figures);
        }
        sections.push((figures.len(), section));
    }
    if !unattributed.is_empty() {
        let mut section = format!(
            "\n#### Not attributed to a change: {}\n\n",
            figures_count(unattributed.len())
        );
        markdown_figures(&mut section, &unattributed);
        sections.push((unattributed.len(), section));
    }
    let listed: usize = sections.iter().map(|(n, _)| n).sum();
    let fold = listed > FOLD_AFTER;
    if fold {
        out.push_str(&format!(
            "\n<details><summary>The {}, by the change that moved them</summary>\n",
            figures_count(moved.len())
        ));
    }
    let mut left = 0;
    for (_, section) in &sections {
        if left > 0 || out.len() + section.len() > MARKDOWN_LIMIT {
            left += 1;
            continue;
        }
        out.push_str(section);
    }
    if left > 0 {
        let command = match revs[1].as_str() {
            "" => format!("reconcile diff {}", revs[0]),
            to => format!("reconcile diff {} {to}", revs[0]),
        };
        out.push_str(&format!(
            "\n{left} more not shown here, for room: `{command}` lists them all.\n"
        ));
    }
    if fold {
        out.push_str("\n</details>\n");
    }
    out
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn json(sides: &[Side], moved: &[Moved], regions: &[Region], lines: &[Change]) -> String {
    let figures: Vec<serde_json::Value> = moved
        .iter()
        .map(|figure| {
            serde_json::json!({
                "figure": figure.key,
                "change": figure.change(),
                "moved_by": behind(&figure.line, lines).iter().map(|c| serde_json::json!({
                    "file": c.file, "line": c.line, "old": c.old, "new": c.new,
                })).collect::<Vec<_>>(),
                "table": figure.table,
                "row": figure.row,
                "period": figure.period,
                "old": figure.old,
                "new": figure.new,
                "printed": figure.printed(),
                "changes": figure.by,
            })
        })
        .collect();
    let changes: Vec<serde_json::Value> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            serde_json::json!({
                "file": r.file,
                "status": r.status.name(),
                "line": r.line,
                "old": r.old,
                "new": r.new,
                "moved": moved.iter().filter(|m| m.by.contains(&i)).map(|m| m.key.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let side = |s: &Side| {
        serde_json::json!({
            "revision": s.rev,
            "ties_out": s.findings.is_empty(),
            "findings": s.findings.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
        })
    };
    format!(
        "{}\n",
        serde_json::to_string_pretty(&serde_json::json!({
            "schema_version": 2,
            "reconcile": crate::version::json(),
            "tie_out": {"from": side(&sides[0]), "to": side(&sides[1])},
            "moved": figures,
            "changes": changes,
            "not_attributed": moved.iter().filter(|m| m.by.is_empty()).map(|m| m.key.as_str()).collect::<Vec<_>>(),
        }))
        .unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(line: usize, old: &str, new: &str) -> Region {
        Region {
            file: "statements/acme.toml".into(),
            status: FileStatus::Modified,
            line,
            old: vec![old.into()],
            new: vec![new.into()],
            lines: Vec::new(),
        }
    }

    fn moved(line: &str, by: &[usize]) -> Moved {
        let mut m = Moved::parse(line);
        m.by = by.to_vec();
        m
    }

    #[test]
    fn figures_print_as_the_release_prints_them() {
        assert_eq!(as_printed("-5172"), "(5,172)");
        assert_eq!(as_printed("1234567.5"), "1,234,567.5");
        assert_eq!(as_printed("0.00"), "0.00");
        assert_eq!(as_printed("-0.07"), "(0.07)");
        assert_eq!(as_printed("0"), "-");
        assert_eq!(as_printed("n/a"), "n/a");
        let m = Moved::parse("  Acme / Ops | Net income | Q1-2024: -5172 -> -3326 (+1846)");
        assert_eq!(
            (m.table.as_str(), m.row.as_str(), m.period.as_str()),
            ("Acme / Ops", "Net income", "Q1-2024")
        );
        assert_eq!(m.printed(), "(5,172) -> (3,326)");
        assert_eq!(m.change(), "-5172 -> -3326 (+1846)");
        assert_eq!(
            Moved::parse("  A | Revenues: / Product | Q1: new, 5001").printed(),
            "new: 5,001"
        );
        assert_eq!(
            Moved::parse("  A | Revenues: / Product | Q1: 767 -> gone").printed(),
            "767 -> gone"
        );
    }

    #[test]
    fn a_figure_no_change_explains_is_listed_as_not_attributed() {
        let sides = [
            Side {
                rev: Some("main".into()),
                findings: Vec::new(),
            },
            Side {
                rev: None,
                findings: Vec::new(),
            },
        ];
        let regions = [
            region(12, "revenue = 100", "revenue = 110"),
            region(20, "cost = -40", "cost = -45"),
        ];
        let moved = [
            moved("  Acme / Ops | Revenue | Q1: 100 -> 110 (+10)", &[0]),
            moved("  Acme / Ops | Net income | Q1: 60 -> 65 (+5)", &[0, 1]),
            moved("  Acme / Highlights | Margin % | Q1: 60 -> 59 (-1)", &[]),
        ];
        assert_eq!(
            text(&sides, &moved, &regions),
            "3 figures moved by 2 changes to statements/acme.toml\n\
             \n\
             statements/acme.toml:12\n\
             \x20 - revenue = 100\n\
             \x20 + revenue = 110\n\
             \x20 moved 2 figures:\n\
             \x20 Acme / Ops\n\
             \x20   Revenue     Q1  100 -> 110\n\
             \x20   Net income  Q1  60 -> 65\n\
             \n\
             statements/acme.toml:20\n\
             \x20 - cost = -40\n\
             \x20 + cost = -45\n\
             \x20 moved 1 figure:\n\
             \x20 Acme / Ops\n\
             \x20   Net income  Q1  60 -> 65\n\
             \n\
             not attributed to a change: 1 figure\n\
             \x20 Acme / Highlights\n\
             \x20   Margin %  Q1  60 -> 59\n"
        );
        let revs = ["main".to_string(), String::new()];
        let markdown = markdown(&sides, &moved, &regions, &revs);
        assert!(
            markdown.starts_with(
                "**3 figures moved** by 2 changes to `statements/acme.toml`. \
                 `main` ties out; the working tree ties out.\n\n#### `statements/acme.toml:12`\n"
            ),
            "{markdown}"
        );
        assert!(
            markdown.ends_with(
                "#### Not attributed to a change: 1 figure\n\n\
                 | table | row | period | figure |\n|---|---|---|---:|\n\
                 | Acme / Highlights | Margin % | Q1 | 60 -> 59 |\n"
            ),
            "{markdown}"
        );
        assert!(!markdown.contains("<details>"));
    }

    #[test]
    fn a_long_list_is_folded_and_a_huge_one_cut_short_for_a_comment() {
        let sides = [
            Side {
                rev: Some("main".into()),
                findings: Vec::new(),
            },
            Side {
                rev: Some("HEAD".into()),
                findings: Vec::new(),
            },
        ];
        let regions: Vec<Region> = (0..400)
            .map(|i| region(10 + i, &format!("line_{i} = 1"), &format!("line_{i} = 2")))
            .collect();
        let moved: Vec<Moved> = (0..400)
            .map(|i| {
                moved(
                    &format!("  Acme / A statement with a long title | Row {i} | Q1: 1 -> 2 (+1)"),
                    &[i],
                )
            })
            .collect();
        let revs = ["main".to_string(), "HEAD".to_string()];
        let markdown = markdown(&sides, &moved, &regions, &revs);
        assert!(markdown.len() < 65_536, "{}", markdown.len());
        assert!(markdown.starts_with(
            "**400 figures moved** by 400 changes to `statements/acme.toml`. `main` ties out; `HEAD` ties out.\n\n\
             <details><summary>The 400 figures, by the change that moved them</summary>\n"
        ));
        assert!(
            markdown.ends_with(
                " more not shown here, for room: `reconcile diff main HEAD` lists them all.\n\n</details>\n"
            ),
            "{}",
            &markdown[markdown.len() - 200..]
        );
    }
}

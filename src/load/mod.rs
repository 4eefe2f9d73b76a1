//! Loading: reads the statements file and the adjustment files, parses them
//! into the raw mirrors, and validates them into the model. Every problem a
//! user can fix becomes a located `Diagnostic`; all of a file set's problems
//! are collected and returned together.

mod adjustment;
mod names;
mod period_keys;
mod published_keys;
mod segment;
mod statement;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::model::{Adjustment, Statement};
use crate::raw::{HELP_SEPARATOR, RawAdjustment, RawStatement};
use crate::source::{Site, SourceFile};
use crate::suggest;

pub use adjustment::{validate_adjustments, validate_read_adjustments};
pub use statement::validate_statement;

/// Problems in the input files. Every one is something the user edits.
pub type Diagnostics = Vec<Diagnostic>;

/// Reads, parses and validates one statements file.
pub fn load_statement(path: &Path) -> Result<Statement, Diagnostics> {
    let file = read_source(path).map_err(|d| vec![d])?;
    statement_from_source(&file)
}

/// Keys whose text is one line: labels, names, titles, headers.
const LABEL_KEYS: [&str; 6] = ["label", "name", "caption", "header", "ticker", "id"];
/// Keys whose text may run over lines: explanations.
const TEXT_KEYS: [&str; 4] = ["rationale", "reason", "note", "source"];

/// Characters no label or text may hold, wherever they are written:
/// bidirectional overrides make a file read differently from what it
/// holds; control characters (escaped, or a line break in a label) corrupt
/// the tables and the terminal. Each is located.
pub fn text_problems(file: &Arc<SourceFile>) -> Diagnostics {
    let mut problems = Vec::new();
    let text = file.text();
    // Every bidirectional control character is encoded starting with the
    // byte 0xE2: a file without one (most files) holds none.
    let may_hold_bidi = text.as_bytes().contains(&0xE2);
    let scanned = if may_hold_bidi { text } else { "" };
    for (at, c) in scanned.char_indices() {
        if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            problems.push(
                Diagnostic::at(&Site::new(file, at..at + c.len_utf8()), format!(
                    "a bidirectional control character (U+{:04X}) in the file",
                    c as u32
                ))
                .note("it makes the text display in another order than it is stored, so a reviewer may read something other than what the tool reads")
                .help("delete it; retype the text around it if it was pasted"),
            );
        }
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some((key, value)) = trimmed.split_once('=')
            && !trimmed.starts_with('#')
        {
            let key = key.trim().trim_matches('"');
            let label =
                LABEL_KEYS.contains(&key) || key.ends_with("_label") || key.ends_with("_title");
            let explanation = TEXT_KEYS.contains(&key);
            if label || explanation {
                let value_at = offset + (line.len() - trimmed.len()) + trimmed.len() - value.len();
                let starts_multi_line = value.trim_start().starts_with("\"\"\"")
                    || value.trim_start().starts_with("\'\'\'");
                if label && starts_multi_line {
                    problems.push(
                        Diagnostic::at(
                            &Site::new(
                                file,
                                value_at..value_at + value.trim_end().len().clamp(1, 3),
                            ),
                            format!("`{key}` is a multi-line string"),
                        )
                        .help(format!(
                            "write {key} on one line, in single quotes: {key} = \"...\""
                        )),
                    );
                }
                for (i, escape) in control_escapes(value, label) {
                    problems.push(
                        Diagnostic::at(
                            &Site::new(file, value_at + i..value_at + i + escape.len()),
                            format!("`{key}` holds a control character (`{escape}`)"),
                        )
                        .help(if label {
                            "a label is one line of printable text: remove the escape"
                        } else {
                            "an explanation may break lines; other control characters are refused: remove the escape"
                        }),
                    );
                }
            }
        }
        offset += line.len();
    }
    problems
}

/// TOML escapes in a value that stand for control characters: every one in
/// a label; all but line breaks and tabs in an explanation. With their
/// byte offsets in `value`.
fn control_escapes(value: &str, label: bool) -> Vec<(usize, String)> {
    let bytes = value.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let next = bytes[i + 1];
        let escape = match next {
            b'\\' | b'"' => {
                i += 2;
                continue;
            }
            b'n' | b't' if !label => None,
            b'n' | b't' | b'r' | b'b' | b'f' | b'e' => Some(2),
            b'u' | b'U' => {
                let digits = if next == b'u' { 4 } else { 8 };
                let hex = value.get(i + 2..i + 2 + digits);
                let code = hex.and_then(|h| u32::from_str_radix(h, 16).ok());
                let control = code.is_some_and(|c| {
                    (c < 0x20 && !(!label && (c == 0x0a || c == 0x09)))
                        || c == 0x7f
                        || (0x80..0xa0).contains(&c)
                        || (0x202a..=0x202e).contains(&c)
                        || (0x2066..=0x2069).contains(&c)
                });
                control.then_some(2 + digits)
            }
            _ => None,
        };
        if let Some(len) = escape {
            found.push((i, value[i..(i + len).min(value.len())].to_string()));
            i += len;
        } else {
            i += 2;
        }
    }
    found
}

/// Parses and validates a statements file already in memory.
pub fn statement_from_source(file: &Arc<SourceFile>) -> Result<Statement, Diagnostics> {
    if file.text().trim().is_empty() {
        return Err(vec![Diagnostic::in_file(Path::new(&file.name()), "the statements file is empty").help(
            "a statements file needs an [entity] table, [[line_item]] entries and [[period]] blocks; `reconcile schema statements --format markdown` lists every key",
        )]);
    }
    // Two reads of the same text, side by side; a syntax error still comes
    // first.
    let (raw, problems) = rayon::join(|| parse_toml::<RawStatement>(file), || text_problems(file));
    // A file pinned to a newer tool says so before anything else: it may
    // use keys this one does not know. Read from the parsed file when it
    // parsed; only a file that did not is read again for its pin alone.
    match &raw {
        Ok(raw) => {
            if let Some(requires) = &raw.entity.requires {
                let site = Site::new(file, requires.span());
                requires_satisfied(&site, &toml::Value::String(requires.get_ref().clone()))
                    .map_err(|d| vec![d])?;
            }
        }
        Err(_) => required_version(file).map_err(|d| vec![d])?,
    }
    let raw = raw.map_err(|d| vec![d])?;
    if !problems.is_empty() {
        return Err(problems);
    }
    let statement = validate_statement(raw, file)?;
    let errors = published_keys::check_keys(&statement);
    if errors.is_empty() {
        Ok(statement)
    } else {
        Err(errors)
    }
}

/// `[entity] requires = "0.2"`: the oldest tool that reads the file. Read on
/// its own, ignoring every other key, so a file that uses a key this tool
/// does not know still gets this error first; a file that does not parse is
/// left to the full read, which says where.
fn required_version(file: &Arc<SourceFile>) -> Result<(), Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Pin {
        entity: Option<PinEntity>,
    }
    #[derive(serde::Deserialize)]
    struct PinEntity {
        requires: Option<toml::Spanned<toml::Value>>,
    }
    let Ok(Pin {
        entity: Some(PinEntity {
            requires: Some(requires),
        }),
    }) = toml::from_str::<Pin>(file.text())
    else {
        return Ok(());
    };
    requires_satisfied(&Site::new(file, requires.span()), requires.get_ref())
}

/// Whether the tool satisfies a file's `requires` pin, written at `site`.
fn requires_satisfied(site: &Site, requires: &toml::Value) -> Result<(), Diagnostic> {
    let tool = crate::version::TOOL;
    let Some(required) = requires.as_str() else {
        return Err(Diagnostic::at(site, "`requires` is not a version")
            .label("expected a string")
            .help(format!(
                "write the oldest reconcile that reads this file, as a string: requires = \"{}\"",
                crate::version::FILE_FORMAT
            )));
    };
    match crate::version::satisfies(required) {
        Some(true) => Ok(()),
        Some(false) => Err(Diagnostic::at(
            site,
            format!("this file requires reconcile {required} or later; this is reconcile {tool}"),
        )
        .label(format!("requires {required}"))
        .help(format!(
            "install reconcile {required} or later (`reconcile --version` names the one on the PATH), or ask whoever pinned it"
        ))),
        None => Err(Diagnostic::at(site, format!("`requires = \"{required}\"` is not a version"))
            .label("expected MAJOR.MINOR or MAJOR.MINOR.PATCH")
            .help(format!("write it as digits and dots: requires = \"{}\"", crate::version::FILE_FORMAT))),
    }
}

/// Reads, parses and validates every `*.toml` file in an adjustments folder,
/// in file-name order, against the statement they adjust.
pub fn load_adjustments(
    dirs: &[PathBuf],
    statement: &Statement,
) -> Result<Vec<Adjustment>, Diagnostics> {
    let (parsed, mut errors) = parse_adjustment_dirs(dirs);
    match validate_read_adjustments(parsed, statement, errors.is_empty()) {
        Ok(adjustments) if errors.is_empty() => Ok(adjustments),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// Reads the statements file and the adjustment folders, and validates the
/// adjustments against the statement. The statements file is parsed while
/// the adjustment files are; a broken statements file is reported together
/// with the adjustment files' own syntax errors.
pub fn load_model(
    statement_path: &Path,
    dirs: &[PathBuf],
) -> Result<(Statement, Vec<Adjustment>), Diagnostics> {
    let (statement, (parsed, mut errors)) = rayon::join(
        || load_statement(statement_path),
        || parse_adjustment_dirs(dirs),
    );
    let statement = match statement {
        Ok(statement) => statement,
        Err(mut problems) => {
            problems.extend(errors);
            return Err(problems);
        }
    };
    match validate_read_adjustments(parsed, &statement, errors.is_empty()) {
        Ok(adjustments) if errors.is_empty() => {
            let unknown = crate::outlook::check_adjustments(&statement, &adjustments);
            if unknown.is_empty() {
                Ok((statement, adjustments))
            } else {
                Err(unknown)
            }
        }
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// Parses the adjustment files of several folders, in the order given.
pub fn parse_adjustment_dirs(
    dirs: &[PathBuf],
) -> (Vec<(RawAdjustment, Arc<SourceFile>)>, Diagnostics) {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    // The same folder named twice (`adjustments` and `./adjustments/`) is
    // one mistake: said once, and its files read once.
    let mut seen: Vec<(PathBuf, &PathBuf)> = Vec::new();
    for dir in dirs {
        let same = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if let Some((_, first)) = seen.iter().find(|(path, _)| *path == same) {
            errors.push(
                Diagnostic::in_file(dir, "this adjustments folder is named twice")
                    .note(format!(
                        "--adjustments names it first as `{}`",
                        first.display()
                    ))
                    .help("name each folder once with --adjustments"),
            );
            continue;
        }
        seen.push((same, dir));
        let (more, problems) = parse_adjustments(dir);
        parsed.extend(more);
        errors.extend(problems);
    }
    (parsed, errors)
}

/// Reads and parses every adjustment file without the statement, so syntax
/// errors are reported even when the statements file is broken too.
pub fn parse_adjustments(dir: &Path) -> (Vec<(RawAdjustment, Arc<SourceFile>)>, Diagnostics) {
    let paths = match toml_files(dir) {
        Ok(paths) => paths,
        Err(d) => return (Vec::new(), vec![d]),
    };
    // An empty folder is a model with no adjustments yet: the statements can
    // be checked; a reconciliation then says it needs one.
    // Files are independent: read and parse them in parallel, then keep
    // them in name order.
    let results: Vec<_> = paths
        .par_iter()
        .map(|path| read_source(path).and_then(parse_adjustment))
        .collect();
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for result in results {
        match result {
            Ok(parsed_file) => parsed.push(parsed_file),
            Err(d) => errors.push(d),
        }
    }
    (parsed, errors)
}

/// Parses one adjustment file already in memory.
pub fn parse_adjustment(
    file: Arc<SourceFile>,
) -> Result<(RawAdjustment, Arc<SourceFile>), Diagnostic> {
    if file.text().trim().is_empty() {
        return Err(
            Diagnostic::in_file(Path::new(&file.name()), "the adjustment file is empty").help(
                "an adjustment needs id, label, kind, rationale and a [tax] table; `reconcile schema adjustment --format markdown` lists every key",
            ),
        );
    }
    let raw = parse_toml(&file)?;
    if let Some(problem) = text_problems(&file).into_iter().next() {
        return Err(problem);
    }
    Ok((raw, file))
}

/// The statements file to use: `path` itself when it is a file; the only
/// `*.toml` file in it when it is a folder, or the one named by `entity` (its
/// file stem) when there are several.
pub fn find_statement(path: &Path, entity: Option<&str>) -> Result<PathBuf, Diagnostic> {
    // One look at the path: a file, a folder, something else, or nothing.
    let metadata = std::fs::metadata(path);
    if metadata.as_ref().is_ok_and(std::fs::Metadata::is_file) {
        return Ok(path.to_path_buf());
    }
    let Ok(metadata) = metadata else {
        let what = if path.extension().is_some_and(|e| e == "toml") {
            "statements file"
        } else {
            "statements file or folder"
        };
        return Err(Diagnostic::in_file(path, format!("{what} not found"))
            .help("run from the repository root, or pass --statements <file or folder>"));
    };
    if !metadata.is_dir() {
        return Err(Diagnostic::in_file(
            path,
            "not a regular file or folder (a pipe, socket or device)",
        )
        .help("--statements names a *.toml file or the folder that holds them"));
    }
    let files = toml_files(path)?;
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let names: Vec<String> = files.iter().map(stem).collect();
    match entity {
        Some(wanted) => files
            .iter()
            .find(|p| stem(p) == wanted)
            .cloned()
            .ok_or_else(|| {
                Diagnostic::in_file(path, format!("no statements file for entity `{wanted}`"))
                    .note(format!("entities here: {}", names.join(", ")))
                    .maybe_help(suggest::did_you_mean(
                        wanted,
                        names.iter().map(String::as_str),
                    ))
            }),
        None => match files.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(
                Diagnostic::in_file(path, "no statements file (*.toml) in this folder")
                    .help("add one file per entity, such as statements/company.toml (`reconcile init` writes a commented one)"),
            ),
            _ => Err(
                Diagnostic::in_file(path, "several entities here; choose one with --entity")
                    .note(format!("entities here: {}", names.join(", ")))
                    .help(format!("for example: --entity {}", names[0])),
            ),
        },
    }
}

/// The `*.toml` files directly in a folder, sorted by name.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    // No adjustments folder yet: a statements file alone can be checked.
    if !dir.exists() && !dir.is_symlink() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        if !dir.exists() {
            Diagnostic::in_file(dir, "folder not found")
                .help("run from the repository root, or name the folder with --statements or --adjustments")
        } else if dir.is_file() {
            Diagnostic::in_file(dir, "expected a folder of *.toml files but found a file")
                .help("--adjustments names the folder that holds the adjustment files, such as adjustments")
        } else {
            Diagnostic::in_file(dir, format!("cannot read this folder: {}", io_reason(&e)))
        }
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            Diagnostic::in_file(dir, format!("cannot list this folder: {}", io_reason(&e)))
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && !is_hidden(&path) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Files an editor or the operating system leaves beside the user's: names
/// starting with `.` (`.#name.toml` lock files, macOS `._name.toml`).
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// The files in the adjustment folders that are not read: hidden files, and
/// names ending `.TOML` in another case (only `.toml` is read, on every
/// system alike). `check` lists them, so nothing is skipped unsaid.
pub fn skipped_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut skipped = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let toml_like = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            let read = path.extension().is_some_and(|e| e == "toml") && !is_hidden(&path);
            if toml_like && !read {
                skipped.push(path);
            }
        }
    }
    skipped.sort();
    skipped
}

/// Reads a file as UTF-8 text, or says why it cannot be.
pub fn read_source(path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    // One look at the file: a folder, another kind of file, its size.
    let metadata = std::fs::metadata(path);
    if metadata.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
        return Err(
            Diagnostic::in_file(path, "expected a file but found a folder")
                .help("remove or rename the folder; each adjustment is one *.toml file"),
        );
    }
    let mut size = 0;
    if let Ok(metadata) = metadata {
        if !metadata.is_file() {
            return Err(
                Diagnostic::in_file(path, "not a regular file (a pipe, socket or device)")
                    .help("statements and adjustments are plain *.toml files"),
            );
        }
        let limit = max_file_bytes();
        if metadata.len() > limit {
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "this file is {} bytes, more than this machine's memory can load: \
                     loading takes about {MEMORY_PER_BYTE} bytes for each byte of TOML, \
                     and {} bytes are available, enough for a file of {limit} bytes",
                    metadata.len(),
                    limit.saturating_mul(MEMORY_PER_BYTE)
                ),
            )
            .help("split the periods over several entities, or run where more memory is free; if this is not a statements or adjustment file, check the path"));
        }
        size = metadata.len();
    }
    let bytes = read_capped(path, size).map_err(|e| match std::fs::read_link(path) {
        Ok(target) if !path.exists() => Diagnostic::in_file(
            path,
            format!(
                "this file is a symbolic link to `{}`, which does not exist",
                target.display()
            ),
        )
        .help("point the link at an existing file, or replace it with the file itself"),
        _ => Diagnostic::in_file(path, format!("cannot read this file: {}", io_reason(&e))),
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[valid];
            // The text up to the bad byte is intact, so the byte keeps its
            // offset in a lossy copy, which can show the line it sits on.
            let shown = SourceFile::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
            Err(Diagnostic::at(
                &Site::new(&shown, valid..valid + 1),
                format!("this file is not UTF-8 text: invalid byte 0x{bad:02X}"),
            )
            .label("shown here as \u{FFFD}")
            .help("save the file as UTF-8"))
        }
    }
}

/// The memory loading a file takes, in bytes for each byte of its TOML (the
/// text, TOML's tree, the model and the adjusted statement built from it),
/// with room to spare: `check` peaks at about 18 (630 MB for a 19 MB
/// statement of 1,000 periods of 1,004 lines and 16 MB of 1,000 adjustments).
const MEMORY_PER_BYTE: u64 = 32;

/// The largest file this machine's memory can load: the memory available
/// when the run first reads a file (Linux), divided by what loading takes per byte; where that cannot be
/// read, 1 GiB. No other ceiling: a long history loads.
fn max_file_bytes() -> u64 {
    // Read once per run: a thousand adjustment files need not read
    // /proc/meminfo twice each.
    static LIMIT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| available_memory().map_or(1 << 30, |bytes| bytes / MEMORY_PER_BYTE))
}

/// `MemAvailable` of /proc/meminfo, in bytes.
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// Reads a file, refusing one that grows past what memory can load as it
/// is read. `size` is the size the file had when looked at (within the
/// limit): the buffer is made that large at once, so a file is read in one
/// call, not in reads growing from 32 bytes.
fn read_capped(path: &Path, size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let limit = max_file_bytes();
    // Room past the size: the read that finds the end needs no new buffer.
    let capacity = usize::try_from(size.min(limit)).map_or(0, |s| s.saturating_add(64));
    let mut bytes = Vec::with_capacity(capacity);
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "the file grew past {limit} bytes as it was read, more than this machine's memory can load"
        )));
    }
    Ok(bytes)
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Parses TOML into a raw mirror; a syntax or shape error becomes a
/// diagnostic with the file's path, the line and column, and a suggestion for
/// a misspelled key or value.
pub fn parse_toml<T: DeserializeOwned + schemars::JsonSchema>(
    file: &Arc<SourceFile>,
) -> Result<T, Diagnostic> {
    toml::from_str(file.text()).map_err(|e| {
        let mut diagnostic = toml_diagnostic(&e, file, &top_level_keys::<T>());
        if e.message().trim() == "wanted string or table" {
            diagnostic =
                diagnostic.maybe_help(e.span().and_then(|span| enum_help::<T>(file, span.start)));
        }
        diagnostic
    })
}

/// The keys a file of this kind takes above its first table header.
fn top_level_keys<T: schemars::JsonSchema>() -> Vec<String> {
    let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
    schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// `statement = 1` where a key takes one of a few words: serde says only
/// "wanted string or table". The words the key takes, from the file's
/// schema: the key's enum under the table it is written in, or its only one.
fn enum_help<T: schemars::JsonSchema>(file: &SourceFile, offset: usize) -> Option<String> {
    let line = file.line_text(offset);
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let schema = schemars::SchemaGenerator::new(
        schemars::generate::SchemaSettings::draft07()
            .with(|settings| settings.inline_subschemas = true),
    )
    .into_root_schema_for::<T>();
    let table = header_above(file, offset)
        .map(|h| {
            h.trim_matches(['[', ']'])
                .rsplit('.')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    enum_values(schema.as_value(), "", key, &mut found);
    found.dedup_by(|a, b| a.1 == b.1);
    let values = match found.as_slice() {
        [(_, values)] => values,
        _ => &found.iter().find(|(parent, _)| *parent == table)?.1,
    };
    let listed: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    Some(format!(
        "`{key}` takes one of these values, quoted: {}",
        listed.join(", ")
    ))
}

/// Every enum of string values a property named `key` has in `schema`,
/// with the property its object sits under.
fn enum_values(
    schema: &serde_json::Value,
    parent: &str,
    key: &str,
    found: &mut Vec<(String, Vec<String>)>,
) {
    use serde_json::Value;
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, sub) in props {
                    if name == key {
                        let mut values = Vec::new();
                        collect_constants(sub, &mut values);
                        if !values.is_empty() {
                            found.push((parent.to_string(), values));
                        }
                    }
                    enum_values(sub, name, key, found);
                }
            }
            for (name, sub) in map {
                if name != "properties" {
                    enum_values(sub, parent, key, found);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                enum_values(item, parent, key, found);
            }
        }
        _ => {}
    }
}

/// The string constants a schema allows (`enum`, or `oneOf` of `const`).
fn collect_constants(schema: &serde_json::Value, values: &mut Vec<String>) {
    use serde_json::Value;
    if let Some(Value::Array(list)) = schema.get("enum") {
        values.extend(list.iter().filter_map(Value::as_str).map(String::from));
    }
    if let Some(c) = schema.get("const").and_then(Value::as_str) {
        values.push(c.to_string());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(options)) = schema.get(key) {
            for option in options {
                collect_constants(option, values);
            }
        }
    }
}

/// The `[table]` header the text at `offset` sits under, if any.
fn header_above(file: &SourceFile, offset: usize) -> Option<&str> {
    let before = file.text().get(..offset)?;
    before
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))
        .map(|line| line.split('#').next().unwrap_or(line).trim())
}

/// A TOML or serde error as a diagnostic: located, in the file's words, with
/// the help that fits it.
fn toml_diagnostic(
    error: &toml::de::Error,
    file: &Arc<SourceFile>,
    top_level: &[String],
) -> Diagnostic {
    if let Some(diagnostic) = control_character_diagnostic(error, file) {
        return diagnostic;
    }
    let full = error.message().trim();
    let (message, help) = match full.split_once(HELP_SEPARATOR) {
        Some((problem, fix)) => (problem.to_string(), Some(fix.to_string())),
        None => (full.to_string(), None),
    };
    let help = help
        .or_else(|| suggestion_for(&message))
        .or_else(|| syntax_help(&message).map(String::from));
    let mut message = message;
    if message == "duplicate key"
        && let Some(key) = error.span().and_then(|span| key_at(file, span.start))
    {
        message = format!("duplicate key `{key}`");
    }
    let parsed = TomlError {
        error,
        file,
        top_level,
    };
    // Each rule, in turn, may give a better help than the one found so far.
    let help = HELP_RULES.iter().fold(help, |help, rule| {
        rule(&parsed, &message, help.as_deref()).or(help)
    });
    // serde's words for the file's words: no Rust type name reaches a user.
    let message = plain_type_names(&message);
    let help = help.or_else(|| table_written_as_key(&parsed, &message));
    let message = message
        .replacen("unknown variant", "unknown value", 1)
        .replacen("unknown field", "unknown key", 1);
    located_toml_diagnostic(error, file, &message, help)
}

/// An invisible control character stops the parser wherever it sits, and
/// the parser's words ("invalid basic string") then send the user looking
/// for a quote: name the character instead.
fn control_character_diagnostic(
    error: &toml::de::Error,
    file: &Arc<SourceFile>,
) -> Option<Diagnostic> {
    let reach = error.span().map_or(file.text().len(), |span| span.end);
    let at = control_character(file.text(), reach)?;
    let c = file.text()[at..].chars().next().unwrap_or('\0');
    Some(
        Diagnostic::at(
            &Site::new(file, at..at + c.len_utf8()),
            format!(
                "an invisible control character (U+{:04X}) in the file",
                c as u32
            ),
        )
        .label("shown here as \u{FFFD}")
        .note("TOML allows no control character in a file but tab and line breaks")
        .help(
            "delete it: most editors do not show it, so retype the text around it if it was pasted",
        ),
    )
}

/// A TOML or serde error in a file, for the rules that word its help.
struct TomlError<'a> {
    error: &'a toml::de::Error,
    file: &'a Arc<SourceFile>,
    /// The keys of the file's top level.
    top_level: &'a [String],
}

/// A rule that finds the help for an error: given the message and the help
/// found so far, a better help, or None to keep it.
type HelpRule = fn(&TomlError, &str, Option<&str>) -> Option<String>;

/// The help rules, in order: a later one's help wins.
const HELP_RULES: [HelpRule; 7] = [
    missing_field_help,
    quoted_value_help,
    list_of_one_help,
    dotted_key_help,
    top_level_key_help,
    allowed_lint_code_help,
    braces_around_file_help,
];

/// A missing key or table: add it.
fn missing_field_help(_: &TomlError, message: &str, _: Option<&str>) -> Option<String> {
    let field = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))?;
    Some(match field {
        "entity" | "tax" | "shares" | "eps" => {
            format!(
                "add the [{field}] table (the file-format reference, `reconcile schema statements --format markdown` or `adjustment`, says what it holds)"
            )
        }
        _ => format!(
            "add `{field} = ...` (the file-format reference, `reconcile schema statements --format markdown` or `adjustment`, says what it holds)"
        ),
    })
}

/// A bare word where a boolean is read, or an integer where a string is:
/// the value rewritten in quotes.
fn quoted_value_help(parsed: &TomlError, message: &str, _: Option<&str>) -> Option<String> {
    if message.starts_with("invalid boolean")
        || (message.starts_with("invalid type: integer") && message.ends_with("expected a string"))
    {
        parsed
            .error
            .span()
            .and_then(|span| quoted_rewrite(parsed.file, span))
    } else {
        None
    }
}

/// `sum = "basic"` where a list is expected: the same name, in a list.
fn list_of_one_help(parsed: &TomlError, message: &str, help: Option<&str>) -> Option<String> {
    let file = parsed.file;
    if help.is_none()
        && message.starts_with("invalid type: string")
        && message.ends_with("expected a sequence")
        && let Some(span) = parsed.error.span()
        && let Some(value) = file.slice(&span)
        && value.starts_with('"')
        && !value.contains('\n')
        && let Some(before) = file
            .text()
            .get(..span.start)
            .and_then(|t| t.rsplit('\n').next())
            .and_then(|line| line.trim_end().strip_suffix('='))
    {
        let before = before.trim_end();
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let key = &before[start..];
        if !key.is_empty() {
            return Some(format!("write a list, even of one: {key} = [{value}]"));
        }
    }
    None
}

/// `values.total_costs = "..."` where a string is expected: a bare dotted
/// key makes nested tables; the key meant is the whole, quoted.
fn dotted_key_help(parsed: &TomlError, message: &str, _: Option<&str>) -> Option<String> {
    if message.starts_with("invalid type: map")
        && message.ends_with("expected a string")
        && let Some(span) = parsed.error.span()
    {
        quoted_dotted_key(parsed.file, span.start)
    } else {
        None
    }
}

/// A key of the file's top level written under a table header.
fn top_level_key_help(parsed: &TomlError, message: &str, help: Option<&str>) -> Option<String> {
    let key = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())?;
    if help.is_none()
        && parsed.top_level.iter().any(|k| k == key)
        && let Some(header) = parsed
            .error
            .span()
            .and_then(|span| header_above(parsed.file, span.start))
    {
        return Some(format!(
            "`{key}` belongs at the top of the file, above the first table header: every key after `{header}` belongs to that table"
        ));
    }
    None
}

/// A lint allowed by its code alone: the table it needs, with the code.
fn allowed_lint_code_help(_: &TomlError, message: &str, _: Option<&str>) -> Option<String> {
    let code = message
        .strip_prefix("invalid type: string \"")
        .and_then(|rest| rest.split_once("\", expected a lint allowed"))
        .map(|(code, _)| code)?;
    Some(format!(
        "give each allowed lint its reason, printed with the output: allow = [{{ lint = \"{code}\", reason = \"<why the release may do it>\" }}]"
    ))
}

/// A file written as JSON, or braces around the whole file.
fn braces_around_file_help(
    parsed: &TomlError,
    message: &str,
    help: Option<&str>,
) -> Option<String> {
    let braces = message.starts_with("invalid key-value pair")
        && help.is_none()
        && parsed
            .error
            .span()
            .and_then(|span| parsed.file.text().get(span.start..))
            .is_some_and(|rest| rest.starts_with('{'));
    braces.then(|| {
        "a TOML file is not wrapped in braces: write one `key = value` per line, such as id = \"restructuring\""
            .into()
    })
}

/// `key = ...` where a table is expected (read with serde's type names
/// already made plain): the table header to write.
fn table_written_as_key(parsed: &TomlError, message: &str) -> Option<String> {
    if message.ends_with("expected a table")
        && let Some(span) = parsed.error.span()
        && let Some((key, _)) = parsed.file.line_text(span.start).split_once('=')
    {
        let key = key.trim();
        return Some(format!(
            "`{key}` is a table: write [{key}] on a line of its own, its keys on the lines below it"
        ));
    }
    None
}

/// The diagnostic at the error's place. A missing key belongs to no line in
/// particular: name the file only. Every other error has a place, the first
/// byte of the file included.
fn located_toml_diagnostic(
    error: &toml::de::Error,
    file: &Arc<SourceFile>,
    message: &str,
    help: Option<String>,
) -> Diagnostic {
    let (message, label) = split_expected(message);
    let missing = message.starts_with("missing field");
    let diagnostic = match error.span() {
        Some(span) if !missing || span.start > 0 => {
            let diagnostic = Diagnostic::at(&Site::new(file, span), message);
            match label {
                Some(label) => diagnostic.label(label),
                None => diagnostic,
            }
        }
        _ => {
            let diagnostic = Diagnostic::in_file(Path::new(&file.name()), message);
            match label {
                Some(label) => diagnostic.note(label),
                None => diagnostic,
            }
        }
    };
    diagnostic.maybe_help(help)
}

/// The first control character TOML refuses (all but tab, and a carriage
/// return before a line feed) at or before `reach`, by byte offset.
fn control_character(text: &str, reach: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    text.char_indices()
        .take_while(|(at, _)| *at <= reach)
        .find(|&(at, c)| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (c as u32) < 0x80)
                || (c == '\r' && bytes.get(at + 1) != Some(&b'\n'))
        })
        .map(|(at, _)| at)
}

/// serde names the Rust type it expected ("expected struct RawTax"); the
/// file calls it a table.
fn plain_type_names(message: &str) -> String {
    let Some((head, rest)) = message.split_once("struct Raw") else {
        return message.to_string();
    };
    let name_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    format!("{head}a table{}", &rest[name_end..])
}

/// `key = "value"` for an unquoted text value on the line at `offset`.
fn quoted_rewrite(file: &SourceFile, span: std::ops::Range<usize>) -> Option<String> {
    let line = file.line_text(span.start);
    let (key, value) = line.split_once('=')?;
    let value = value.split('#').next()?.trim();
    // Inside a list or an inline table only the element at the error is
    // text: quote it alone, and the rest of the value keeps its shape.
    if value.starts_with(['[', '{']) {
        let token = file.slice(&span)?;
        let token = token.trim();
        if token.is_empty()
            || token.starts_with(['"', '\'', '[', '{'])
            || token.contains(['"', '\n'])
            || !value.contains(token)
        {
            return None;
        }
        let (line_no, _) = file.line_col(span.start);
        let (token_line, _) = file.line_col(span.end);
        if line_no != token_line {
            return None;
        }
        let line_start = span.start - file.text()[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let rewritten = format!(
            "{}\"{token}\"{}",
            &line[..line_start],
            line.get(line_start + (span.end - span.start)..)?
        );
        let (key, value) = rewritten.split_once('=')?;
        let value = value.split('#').next()?.trim();
        return Some(format!("quote text values: {} = {value}", key.trim()));
    }
    (!value.is_empty() && !value.starts_with(['"', '\'']))
        .then(|| format!("quote text values: {} = \"{value}\"", key.trim()))
}

/// `a.b = "..."` rewritten with its dotted key quoted whole, where the line
/// at `offset` starts with a bare dotted key.
fn quoted_dotted_key(file: &SourceFile, offset: usize) -> Option<String> {
    let line = file.line_text(offset);
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if !key.contains('.') || !key.chars().all(bare) {
        return None;
    }
    let value = value.split(" #").next()?.trim();
    Some(format!(
        "a bare dotted key makes nested tables: quote the whole key, \"{key}\" = {value}"
    ))
}

/// The key written at `offset`: a bare key, or the name in a `[table]` header.
fn key_at(file: &SourceFile, offset: usize) -> Option<String> {
    let rest = file
        .text()
        .get(offset..)?
        .trim_start_matches(['[', ' ', '"', '\'']);
    let key: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    (!key.is_empty()).then_some(key)
}

/// serde says "unknown field `lable`, expected one of `id`, `label`": keep
/// the first half as the message and the list as the label.
fn split_expected(message: &str) -> (String, Option<String>) {
    match message.split_once(", expected ") {
        Some((head, expected)) if message.starts_with("unknown ") => {
            (head.to_string(), Some(format!("expected {expected}")))
        }
        _ => (message.to_string(), None),
    }
}

/// How to fix the TOML syntax errors people make most.
fn syntax_help(message: &str) -> Option<&'static str> {
    let helps: [(&str, &str); 11] = [
        (
            "invalid date",
            "check that the day exists in that month: YYYY-MM-DD",
        ),
        (
            "duplicate key",
            "a key may appear once in a table: remove or rename one of the two",
        ),
        (
            "unclosed array table",
            "close the header with `]]`, such as [[line_item]]",
        ),
        (
            "unclosed table",
            "close the header with `]`, such as [period.values]",
        ),
        (
            "invalid basic string",
            "close the string with `\"` on the same line; for text over several lines use `\"\"\"`",
        ),
        (
            "invalid multi-line basic string",
            "close the text with `\"\"\"`",
        ),
        (
            "invalid literal string",
            "close the string with `'` on the same line",
        ),
        (
            "string values must be quoted",
            "quote text (\"Net restructuring benefit\"); write amounts as integers or quoted decimals (\"-0.04\")",
        ),
        ("unclosed array", "close the list with `]`"),
        (
            "unclosed inline table",
            "close the inline table with `}` on the same line",
        ),
        (
            "key with no value",
            "write `key = value`; keys with spaces must be quoted",
        ),
    ];
    helps
        .iter()
        .find(|(start, _)| message.starts_with(start))
        .map(|(_, help)| *help)
}

/// "did you mean" for serde's unknown-field and unknown-variant messages.
fn suggestion_for(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (wrong, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected ")?.1;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    suggest::did_you_mean(wrong, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_message_suggests_the_nearest_field() {
        let message = "unknown field `lable`, expected one of `id`, `label`, `kind`";
        assert_eq!(
            suggestion_for(message),
            Some("did you mean `label`?".to_string())
        );
        assert_eq!(
            split_expected(message),
            (
                "unknown field `lable`".to_string(),
                Some("expected one of `id`, `label`, `kind`".to_string())
            )
        );
    }

    #[test]
    fn unknown_variant_message_suggests_the_nearest_value() {
        let message =
            "unknown variant `thousnds`, expected one of `units`, `thousands`, `millions`";
        assert_eq!(
            suggestion_for(message),
            Some("did you mean `thousands`?".to_string())
        );
    }
}

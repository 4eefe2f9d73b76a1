//! The tool's version and the version of the file format it reads, which
//! `reconcile --version` and every JSON output name, and the check of a
//! statements file's `[entity] requires`.
//!
//! The file format's version is the tool's MAJOR.MINOR: a minor release may
//! add keys to the statements and adjustment files (a file that uses one
//! pins the version with `requires`), a major one may change them.

use serde::Serialize;

/// The tool's version, `0.1.0`.
pub const TOOL: &str = env!("CARGO_PKG_VERSION");

/// The version of the statements and adjustment file format, `0.1`.
pub const FILE_FORMAT: &str = concat!(
    env!("CARGO_PKG_VERSION_MAJOR"),
    ".",
    env!("CARGO_PKG_VERSION_MINOR")
);

/// What `reconcile --version` prints after the name.
pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (file format ",
    env!("CARGO_PKG_VERSION_MAJOR"),
    ".",
    env!("CARGO_PKG_VERSION_MINOR"),
    ")"
);

/// `"reconcile": {"version": "0.1.0", "file_format": "0.1"}` in every JSON
/// output.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Versions {
    pub version: &'static str,
    pub file_format: &'static str,
}

pub const VERSIONS: Versions = Versions {
    version: TOOL,
    file_format: FILE_FORMAT,
};

pub fn json() -> serde_json::Value {
    serde_json::json!({"version": TOOL, "file_format": FILE_FORMAT})
}

/// `0.2`, `0.2.1`, `1`: up to three numbers, dot-separated; missing parts
/// are zero. `None` for anything else.
pub fn parse(version: &str) -> Option<[u64; 3]> {
    let mut parts = [0u64; 3];
    let mut count = 0;
    for (i, part) in version.trim().split('.').enumerate() {
        if i >= 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[i] = part.parse().ok()?;
        count += 1;
    }
    (count > 0).then_some(parts)
}

/// Whether this tool is at least `required`; `None` when `required` is not
/// a version.
pub fn satisfies(required: &str) -> Option<bool> {
    let required = parse(required)?;
    let tool = parse(TOOL).unwrap_or([0, 0, 0]);
    Some(tool >= required)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_part_by_part() {
        assert_eq!(parse("0.2"), Some([0, 2, 0]));
        assert_eq!(parse("1.10.3"), Some([1, 10, 3]));
        assert_eq!(parse("0.2-beta"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("1.2.3.4"), None);
        assert_eq!(satisfies(TOOL), Some(true));
        assert_eq!(satisfies(FILE_FORMAT), Some(true));
        assert_eq!(satisfies("999"), Some(false));
        assert_eq!(satisfies("0.0.1"), Some(true));
        assert_eq!(LONG, format!("{TOOL} (file format {FILE_FORMAT})"));
    }
}

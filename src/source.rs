//! Source files: a path and its text, and the mapping from a byte span to the
//! line, column and source line that a diagnostic points at.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input file as read from disk. Shared (`Arc`) by every model item that
/// remembers where it was written, so a finding can point back at it.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    /// The git revision the text was read from (`reconcile diff`); `None`
    /// for a file of the working tree.
    revision: Option<String>,
}

impl SourceFile {
    /// A file's text; a byte-order mark an editor put first is dropped, so
    /// columns on the first line count as the user sees them.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Self> {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Arc::new(SourceFile {
            path: path.into(),
            text,
            revision: None,
        })
    }

    /// A file's text as a git revision holds it: every message about it
    /// names the revision with the path (`HEAD~1:statements/acme.toml`).
    pub fn at_revision(
        revision: &str,
        path: impl Into<PathBuf>,
        text: impl Into<String>,
    ) -> Arc<Self> {
        let mut file = SourceFile::new(path, text);
        if let Some(file) = Arc::get_mut(&mut file) {
            file.revision = Some(revision.to_string());
        }
        file
    }

    /// The path in the working tree (without the revision).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file as messages name it: its path, preceded by the revision it
    /// was read from (`HEAD~1:statements/acme.toml`).
    pub fn name(&self) -> String {
        match &self.revision {
            Some(rev) => format!("{rev}:{}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past
    /// the end, or inside a multi-byte character, are clamped.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// The full text of the line holding `offset`, without its line ending.
    pub fn line_text(&self, offset: usize) -> &str {
        let offset = self.clamp(offset);
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The text a span covers, if the span is valid for this file.
    pub fn slice(&self, span: &Range<usize>) -> Option<&str> {
        self.text.get(span.clone())
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// A place in a source file: what a model item remembers so that a later
/// error or finding can point at the text the user wrote.
#[derive(Debug, Clone)]
pub struct Site {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Site {
    pub fn new(file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Site {
            file: Arc::clone(file),
            span,
        }
    }

    /// `path:line:column`, as printed after `-->`.
    pub fn position(&self) -> String {
        let (line, column) = self.file.line_col(self.span.start);
        format!("{}:{}:{}", self.file.name(), line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.toml", "x = 1\ny = \"é\" z\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        let z = file.text().find('z').unwrap();
        assert_eq!(file.line_col(z), (2, 9));
        assert_eq!(file.line_text(z), "y = \"é\" z");
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let file = SourceFile::new("a.toml", "x = 1");
        assert_eq!(file.line_col(99), (1, 6));
        assert_eq!(file.line_text(99), "x = 1");
    }
}

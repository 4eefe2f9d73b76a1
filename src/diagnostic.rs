//! Diagnostics: the typed error a finance person reads. Each names the file,
//! the line and column, what was expected, and a `help:` with the fix where one
//! is obvious. Rendered like rustc and cargo render theirs.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::source::Site;

/// Source lines longer than this are cut to a window around the caret.
const EXCERPT: usize = 120;

/// One problem in the input, or one finding of a tie-out. Boxed, so a
/// `Result<_, Diagnostic>` stays small.
#[derive(Debug, Clone)]
pub struct Diagnostic(Box<Parts>);

/// The fact a finding is about: what a reconciliation withholds for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// Totals that do not foot (or balance), by line id: the figures read
    /// from them, their components or the totals they roll into.
    Lines(Vec<String>),
    /// Reported EPS or share counts: the per-share figures of a basis
    /// (`"basic"`, `"diluted"`), or of both (`None`).
    PerShare(Option<&'static str>),
    /// A reported percentage, by ratio id: that ratio.
    Ratio(String),
    /// A figure the release publishes for a non-GAAP measure: nothing
    /// computed depends on it, so nothing is withheld; it is noted.
    Published,
    /// A lint of adjustments, by id: the figures they move.
    Adjustments(Vec<String>),
}

#[derive(Debug, Clone)]
struct Parts {
    message: String,
    site: Option<Site>,
    path: Option<PathBuf>,
    label: Option<String>,
    notes: Vec<String>,
    help: Option<String>,
    /// The rule a finding breaks ("footing", "eps", "NG003"), for tools.
    code: Option<&'static str>,
    /// The period a finding belongs to: a finding withholds only its period.
    period: Option<String>,
    /// The fact a finding concerns, so a reconciliation withholds only the
    /// figures that depend on it; `None`: the whole period.
    subject: Option<Subject>,
    /// A warning is printed and does not fail the run (unless denied).
    warning: bool,
    /// A measure that would do where the one asked for cannot
    /// (`eps-basic` where a period gives no diluted count): the command
    /// that takes measures adds how to ask for it to the help.
    instead: Option<String>,
}

impl Diagnostic {
    /// A problem with no location in a file (a command-line value, say).
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic(Box::new(Parts {
            message: message.into(),
            site: None,
            path: None,
            label: None,
            notes: Vec::new(),
            help: None,
            code: None,
            period: None,
            subject: None,
            warning: false,
            instead: None,
        }))
    }

    /// A problem with a whole file (missing, unreadable, not UTF-8).
    pub fn in_file(path: &Path, message: impl Into<String>) -> Self {
        let mut diagnostic = Diagnostic::new(message);
        diagnostic.0.path = Some(path.to_path_buf());
        diagnostic
    }

    /// A problem at a place in a file; the excerpt gets a caret under it.
    pub fn at(site: &Site, message: impl Into<String>) -> Self {
        let mut diagnostic = Diagnostic::new(message);
        diagnostic.0.site = Some(site.clone());
        diagnostic
    }

    /// The same problem, pointed at a place in a file (a period named in an
    /// adjustment file rather than on the command line, say).
    pub fn relocated(mut self, site: &Site) -> Self {
        self.0.site = Some(site.clone());
        self
    }

    /// Text printed beside the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.0.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// A measure that would do instead (see `with_instead`).
    pub fn instead(mut self, measure: impl Into<String>) -> Self {
        self.0.instead = Some(measure.into());
        self
    }

    /// The help, with how the running command asks for the measure that
    /// would do instead, where there is one: `ask` turns the measure into
    /// that advice. Helps name no flag until a command says how.
    pub fn with_instead(mut self, ask: impl Fn(&str) -> String) -> Self {
        if let Some(measure) = self.0.instead.take() {
            let advice = ask(&measure);
            self.0.help = Some(match self.0.help.take() {
                Some(help) => format!("{help}, or {advice}"),
                None => advice,
            });
        }
        self
    }

    /// The rule a finding breaks.
    pub fn code(mut self, code: &'static str) -> Self {
        self.0.code = Some(code);
        self
    }

    /// A finding that is printed but does not fail the run.
    pub fn warning(mut self) -> Self {
        self.0.warning = true;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.0.warning
    }

    /// The same finding as an error (`--deny-warnings`).
    pub fn denied(mut self) -> Self {
        self.0.warning = false;
        self
    }

    /// The period a finding belongs to.
    pub fn in_period(mut self, period: impl Into<String>) -> Self {
        self.0.period = Some(period.into());
        self
    }

    /// The fact a finding concerns.
    pub fn about(mut self, subject: Subject) -> Self {
        self.0.subject = Some(subject);
        self
    }

    pub fn subject(&self) -> Option<&Subject> {
        self.0.subject.as_ref()
    }

    /// `file:line` of the place the diagnostic points at, where it has one.
    pub fn file_line(&self) -> Option<String> {
        match self.place() {
            (Some(file), Some(line), _) => Some(format!("{file}:{line}")),
            (file, _, _) => file,
        }
    }

    pub fn period(&self) -> Option<&str> {
        self.0.period.as_deref()
    }

    pub fn rule(&self) -> Option<&'static str> {
        self.0.code
    }

    /// The diagnostic for programs: file, line, column, rule, period,
    /// message, label, notes and help; `null` where absent.
    pub fn to_json(&self) -> serde_json::Value {
        let (file, line, column) = self.place();
        serde_json::json!({
            "file": file,
            "line": line,
            "column": column,
            "rule": self.0.code,
            "severity": if self.0.warning { "warning" } else { "error" },
            "period": self.0.period,
            "message": self.0.message,
            "label": self.0.label,
            "notes": self.0.notes,
            "help": self.0.help,
        })
    }

    /// Where the problem is, on one line: `file:line:column`, or the file.
    pub fn location(&self) -> Option<String> {
        match self.place() {
            (Some(file), Some(line), Some(column)) => Some(format!("{file}:{line}:{column}")),
            (file, _, _) => file,
        }
    }

    /// The file (its working-tree path: a revision's file is named by its
    /// path here, and by `REV:path` where the diagnostic is rendered), line
    /// and column the diagnostic points at, where it has them.
    fn place(&self) -> (Option<String>, Option<usize>, Option<usize>) {
        match (&self.0.site, &self.0.path) {
            (Some(site), _) => {
                let (line, column) = site.file.line_col(site.span.start);
                (
                    Some(site.file.path().display().to_string()),
                    Some(line),
                    Some(column),
                )
            }
            (None, Some(path)) => (Some(path.display().to_string()), None, None),
            (None, None) => (None, None, None),
        }
    }

    /// Adds `help: did you mean ...?` when a suggestion exists.
    pub fn maybe_help(self, help: Option<String>) -> Self {
        match help {
            Some(help) => self.help(help),
            None => self,
        }
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }

    pub fn site(&self) -> Option<&Site> {
        self.0.site.as_ref()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.0.warning { "warning" } else { "error" };
        match self.0.code {
            Some(code) if code.starts_with("NG") => {
                writeln!(f, "{level}[{code}]: {}", self.0.message)?
            }
            _ => writeln!(f, "{level}: {}", self.0.message)?,
        }
        let mut gutter = String::from(" ");
        if let Some(site) = &self.0.site {
            let file = &site.file;
            let (line, column) = file.line_col(site.span.start);
            let number = line.to_string();
            gutter = " ".repeat(number.len() + 1);
            let text = file.line_text(site.span.start);
            writeln!(f, "{}--> {}:{}:{}", &gutter[1..], file.name(), line, column)?;
            writeln!(f, "{gutter}|")?;
            let chars: Vec<char> = text
                .chars()
                .map(|c| match c {
                    '\t' => ' ',
                    // Shown, not obeyed: a control or bidirectional character
                    // in the excerpt would garble the terminal.
                    c if c.is_control()
                        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
                    {
                        char::REPLACEMENT_CHARACTER
                    }
                    c => c,
                })
                .collect();
            let lead = column - 1;
            let covered = file
                .slice(&site.span)
                .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
            let carets = covered.clamp(1, chars.len().saturating_sub(lead).max(1));
            // A very long line is shown as a window around the caret.
            let (from, to) = if chars.len() <= EXCERPT {
                (0, chars.len())
            } else {
                let from = lead
                    .saturating_sub(EXCERPT / 2)
                    .min(chars.len().saturating_sub(EXCERPT));
                (from, (from + EXCERPT).min(chars.len()))
            };
            let before = if from > 0 { "..." } else { "" };
            let after = if to < chars.len() { "..." } else { "" };
            let shown: String = chars[from..to].iter().collect();
            writeln!(f, "{number} | {before}{shown}{after}")?;
            let carets = carets.min(to.saturating_sub(lead).max(1));
            write!(
                f,
                "{gutter}| {}{}",
                " ".repeat(before.len() + lead - from),
                "^".repeat(carets)
            )?;
            match &self.0.label {
                Some(label) => writeln!(f, " {label}")?,
                None => writeln!(f)?,
            }
        } else if let Some(path) = &self.0.path {
            writeln!(f, " --> {}", path.display())?;
            gutter = String::from("  ");
        }
        let has_trailer = !self.0.notes.is_empty() || self.0.help.is_some();
        if has_trailer && (self.0.site.is_some() || self.0.path.is_some()) {
            writeln!(f, "{gutter}|")?;
        }
        for note in &self.0.notes {
            writeln!(f, "{gutter}= note: {note}")?;
        }
        if let Some(help) = &self.0.help {
            writeln!(f, "{gutter}= help: {help}")?;
        }
        Ok(())
    }
}

/// Renders diagnostics one after another, separated by blank lines, ending
/// with a count when there is more than one.
pub fn render_all(diagnostics: &[Diagnostic], noun: &str) -> String {
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&diagnostic.to_string());
    }
    if diagnostics.len() > 1 {
        out.push_str(&format!("\n{} {noun}\n", diagnostics.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn a_very_long_line_is_cut_to_a_window_around_the_caret() {
        let text = format!("x = {}BAD{}", "a".repeat(500), "b".repeat(500));
        let file = SourceFile::new("long.toml", text.as_str());
        let start = text.find("BAD").unwrap();
        let shown = Diagnostic::at(&Site::new(&file, start..start + 3), "bad").to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[3].starts_with("1 | ...a") && lines[3].ends_with("b..."),
            "{}",
            lines[3]
        );
        assert!(lines[3].len() < 140);
        let caret = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret..caret + 3], "BAD");
        assert!(lines[4].ends_with("^^^"));
    }

    #[test]
    fn renders_path_line_column_caret_and_help() {
        let file = SourceFile::new(
            "adjustments/r.toml",
            "id = \"r\"\nline = \"restructurng\"\n",
        );
        let start = file.text().find("\"restructurng\"").unwrap();
        let site = Site::new(&file, start..start + 14);
        let shown = Diagnostic::at(&site, "unknown line item `restructurng`")
            .label("not a line item of the statement")
            .help("did you mean `restructuring`?")
            .to_string();
        assert_eq!(
            shown,
            "error: unknown line item `restructurng`\n\
             \x20--> adjustments/r.toml:2:8\n\
             \x20 |\n\
             2 | line = \"restructurng\"\n\
             \x20 |        ^^^^^^^^^^^^^^ not a line item of the statement\n\
             \x20 |\n\
             \x20 = help: did you mean `restructuring`?\n"
        );
    }
}

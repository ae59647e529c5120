//! Diagnostics as data: a stable kebab-case code (the closed [`Code`] enum,
//! which also fixes the severity), a message, the place (file, line, column
//! and the offending line), an optional secondary place ("first defined
//! here"), notes and a hint. Rendered for people, as JSON or as GitHub
//! annotations from the same struct.

mod codes;
pub mod names;

pub use codes::Code;

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where in a file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The text of that line, for the snippet.
    #[serde(skip)]
    pub source_line: String,
}

impl Place {
    /// The place of byte `offset` in `text`.
    pub fn at(text: &str, offset: usize) -> Place {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
        let line = text[..line_start].matches('\n').count() as u32 + 1;
        let column = text[line_start..offset].chars().count() as u32 + 1;
        Place {
            line,
            column,
            source_line: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// The place of a 1-based line and column in `text`.
    pub fn line_col(text: &str, line: u32, column: u32) -> Place {
        let source_line = text
            .split('\n')
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string();
        Place {
            line,
            column,
            source_line,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A second place a diagnostic refers to, such as "first defined here".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Secondary {
    /// Path relative to the desk root, with '/' separators.
    pub file: PathBuf,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// What is at that place ("first defined here").
    pub label: String,
}

/// One problem found in a desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Path relative to the desk root, with '/' separators.
    pub file: PathBuf,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary: Option<Secondary>,
}

impl Diagnostic {
    /// A diagnostic with `code` (and so `code`'s severity) about `file`.
    pub fn new(code: Code, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            file: file.as_ref().to_path_buf(),
            place: None,
            message: message.into(),
            hint: None,
            notes: Vec::new(),
            secondary: None,
        }
    }

    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Points also at `place` in `file`, labelled (e.g. "first defined here").
    pub fn also(
        mut self,
        file: impl AsRef<Path>,
        place: Option<Place>,
        label: impl Into<String>,
    ) -> Self {
        self.secondary = Some(Secondary {
            file: file.as_ref().to_path_buf(),
            place,
            label: label.into(),
        });
        self
    }

    /// `file:line:column`, or just the file.
    pub fn location(&self) -> String {
        match &self.place {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }

    /// Renders for a person: headline, location, the offending line with a
    /// caret, notes and hint.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{sev}[{}]: {}", self.code, self.message);
        let _ = writeln!(out, "  --> {}", self.location());
        if let Some(p) = &self.place {
            if !p.source_line.is_empty() {
                let gutter = p.line.to_string();
                let pad = " ".repeat(gutter.len());
                let shown = visible(&p.source_line);
                let caret_pad: String = shown
                    .chars()
                    .take(p.column.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{gutter} | {shown}");
                let _ = writeln!(out, "{pad} | {caret_pad}^");
            }
        }
        if let Some(s) = &self.secondary {
            let at = match &s.place {
                Some(p) => format!("{}:{}:{}", s.file.display(), p.line, p.column),
                None => s.file.display().to_string(),
            };
            let _ = writeln!(out, "  ::: {at}: {}", s.label);
        }
        for n in &self.notes {
            let _ = writeln!(out, "  = note: {n}");
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  = hint: {h}");
        }
        out
    }

    /// A GitHub Actions workflow command that annotates the file. `prefix`
    /// is the desk's folder relative to the repository root (empty when the
    /// desk is the root), so GitHub finds the file among a pull request's.
    pub fn render_github(&self, prefix: &Path) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = prefix.join(&self.file).display().to_string();
        let mut props = format!("file={}", escape_property(&file));
        if let Some(p) = &self.place {
            let _ = write!(props, ",line={},col={}", p.line, p.column);
        }
        let _ = write!(props, ",title={}", escape_property(self.code.name()));
        let mut msg = self.message.clone();
        if let Some(h) = &self.hint {
            msg.push_str(" (hint: ");
            msg.push_str(h);
            msg.push(')');
        }
        format!("::{level} {props}::{}", escape_data(&msg))
    }
}

/// Shows a line with control characters, invisible and bidirectional
/// characters made visible, so a snippet never drives the terminal.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else if c.is_control() || crate::model::hygiene::is_invisible(c) {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_counts_lines_and_characters() {
        let text = "a: 1\nbé: x\n";
        let p = Place::at(text, text.find('x').unwrap());
        assert_eq!((p.line, p.column), (2, 5));
        assert_eq!(p.source_line, "bé: x");
    }

    #[test]
    fn human_rendering_has_caret_under_column() {
        let text = "id: x\nstatus: nope\n";
        let d = Diagnostic::new(Code::WrongType, "claims/x.yaml", "unknown status")
            .at(Place::at(text, text.find("nope").unwrap()))
            .hint("use one of: candidate");
        let r = d.render_human();
        assert!(r.contains("--> claims/x.yaml:2:9"), "{r}");
        assert!(r.contains("2 | status: nope\n  |         ^"), "{r}");
    }

    #[test]
    fn snippets_never_carry_control_characters() {
        assert_eq!(visible("a\u{1b}[31mb\u{202E}"), "a<U+001B>[31mb<U+202E>");
    }

    #[test]
    fn github_annotations_escape_separators() {
        let d = Diagnostic::new(Code::StrayFile, "a,b.yaml", "line1\nline2")
            .at(Place::line_col("x", 1, 2));
        assert_eq!(
            d.render_github(Path::new("")),
            "::warning file=a%2Cb.yaml,line=1,col=2,title=stray-file::line1%0Aline2"
        );
        assert!(d
            .render_github(Path::new("desks/politics"))
            .starts_with("::warning file=desks/politics/a%2Cb.yaml,"));
    }
}

//! Diagnostics as data: a stable kebab-case code (the closed [`Code`] enum,
//! which also fixes the severity), a message, the place (file, line, column
//! and the offending line), an optional secondary place ("first defined
//! here"), notes and a hint. Rendered for people, as JSON or as GitHub
//! annotations from the same struct. `place` places them (in time
//! independent of the file's size, with a bounded excerpt of the line);
//! `cap` bounds how many one file shows.

mod cap;
mod codes;
pub mod names;
mod place;
pub mod remedy;

pub use cap::{cap_per_file, tally, NotShown, MAX_PER_FILE};
pub use codes::Code;
pub use place::{LineIndex, Place};
pub use remedy::{Remedy, Run, Said};

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
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
    /// A hint that names commands, as data; the CLI renders it into `hint`.
    #[serde(skip)]
    pub remedy: Option<Remedy>,
    /// A message that names commands, as data; the CLI renders it into
    /// `message` (which holds the steps by name until then).
    #[serde(skip)]
    pub said: Option<Remedy>,
    /// For `more-problems` only: the problems of the file it stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<NotShown>,
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
            remedy: None,
            said: None,
            hidden: None,
        }
    }

    /// A diagnostic whose message names commands (`words`, as data): the
    /// CLI writes them in.
    pub fn said(code: Code, file: impl AsRef<Path>, words: Remedy) -> Self {
        let mut d = Diagnostic::new(code, file, remedy::unwritten(&words));
        d.said = Some(words);
        d
    }

    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A hint that names commands (`factdesk fmt`, …): the CLI renders it.
    pub fn remedy(mut self, remedy: Remedy) -> Self {
        self.remedy = Some(remedy);
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
        if let Some(p) = self.place.as_ref().filter(|p| !p.source_line.is_empty()) {
            let gutter = p.line.to_string();
            let pad = " ".repeat(gutter.len());
            // Under each character before the column, as many spaces as
            // the character takes once made visible.
            let caret_pad: String = p
                .source_line
                .chars()
                .take(p.caret_index())
                .map(|c| " ".repeat(visible_width(c)))
                .collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {}", visible(&p.source_line));
            let _ = writeln!(out, "{pad} | {caret_pad}^");
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

/// How many characters `c` takes in [`visible`]'s output.
fn visible_width(c: char) -> usize {
    if c != '\t' && (c.is_control() || crate::model::hygiene::is_invisible(c)) {
        format!("<U+{:04X}>", c as u32).len()
    } else {
        1
    }
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

//! Hints and messages that name a command, as data: the library says which
//! step fixes a problem (`Run::Fmt`, `Run::MapSpeaker { .. }`) and the
//! words around it; only the CLI (`cli::remedy`) knows how that step is
//! typed, so no library module writes `factdesk …`. A diagnostic with a
//! remedy has its hint rendered from it by the CLI before it is shown or
//! serialized, one with words ([`Diagnostic::said`](crate::diag::Diagnostic::said))
//! its message; a [`Said`] elsewhere (the rule a published change broke,
//! in `diff`) is written by the CLI before it is shown or serialized.

use serde::{Deserialize, Serialize};

/// A command a hint names, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    /// Rewrite records in canonical form.
    Fmt,
    /// Check one file.
    Check { file: String },
    /// List the desk's sources.
    SourceList,
    /// Add a source.
    SourceAdd,
    /// Rate a claim; with `--summary` when `summary`.
    Rate { summary: bool },
    /// Record the right of reply.
    Reply,
    /// Start a desk with the default rating scale.
    InitDefaultScale,
    /// Render the report.
    Report,
    /// Review a claim.
    Review,
    /// `by` approves the claim `id`.
    Approve { by: String, id: String },
    /// A public correction, changing `field` when given.
    Correct { field: Option<String> },
    /// The correction of a published claim's speaker to `speaker`.
    CorrectSpeaker { id: String, speaker: String },
    /// Map a transcript label of `source` to a person.
    MapSpeaker {
        source: String,
        label: String,
        name: String,
    },
    /// Give a source's claims the speakers its transcript and map name.
    Reattribute { source: String },
    /// Log a claim (its id is minted).
    ClaimAdd,
    /// Edit a claim by hand (an `edited` entry names the fields).
    EditClaim,
    /// A public correction of a published claim's `field`, typed in full.
    CorrectPublished { field: String },
    /// Check the desk and audit the commits since `rev`.
    CheckSince { rev: String },
    /// Show what changed in the desk's records from `from` to `to`.
    Diff { from: String, to: String },
}

/// A piece of a hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    Text(String),
    Run(Run),
}

/// A hint with commands in it: text and commands, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Remedy(pub Vec<Part>);

impl Remedy {
    /// A remedy that starts with `text`.
    pub fn text(text: impl Into<String>) -> Remedy {
        Remedy(vec![Part::Text(text.into())])
    }

    /// A remedy that starts with the command `run`.
    pub fn run(run: Run) -> Remedy {
        Remedy(vec![Part::Run(run)])
    }

    /// Then `text`.
    pub fn then(mut self, text: impl Into<String>) -> Remedy {
        self.0.push(Part::Text(text.into()));
        self
    }

    /// Then the command `run`.
    pub fn then_run(mut self, run: Run) -> Remedy {
        self.0.push(Part::Run(run));
        self
    }

    /// Then every part of `more`.
    pub fn and(mut self, more: Remedy) -> Remedy {
        self.0.extend(more.0);
        self
    }

    /// The hint, each command written by `command`.
    pub fn render(&self, command: impl Fn(&Run) -> String) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Run(r) => command(r),
            })
            .collect()
    }
}

/// Words that name commands outside a diagnostic (the rule a published
/// change broke, as `diff` shows it): the library says them as a
/// [`Remedy`]; the CLI writes the commands in ([`Said::write`]) before it
/// shows or serializes them, and they serialize as that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    words: Remedy,
    text: Option<String>,
}

impl Said {
    /// `words`, commands not yet written.
    pub fn new(words: Remedy) -> Said {
        Said { words, text: None }
    }

    /// The words as data.
    pub fn words(&self) -> &Remedy {
        &self.words
    }

    /// Writes the commands in, each by `command`.
    pub fn write(&mut self, command: impl Fn(&Run) -> String) {
        self.text = Some(self.words.render(command));
    }

    /// The text once written; before, the steps by their names (never
    /// shown: the CLI writes every `Said` first).
    pub fn text(&self) -> String {
        match &self.text {
            Some(t) => t.clone(),
            None => unwritten(&self.words),
        }
    }
}

/// `words` with each step by its name, for a library that shows nothing.
pub fn unwritten(words: &Remedy) -> String {
    words.render(|r| format!("`{r:?}`"))
}

impl Serialize for Said {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn said_serializes_as_its_written_text() {
        let mut said = Said::new(
            Remedy::text("changes only through ")
                .then_run(Run::Fmt)
                .then(")"),
        );
        assert_eq!(said.text(), "changes only through `Fmt`)");
        said.write(|_| "`x fmt`".to_string());
        assert_eq!(
            serde_json::to_string(&said).unwrap(),
            "\"changes only through `x fmt`)\""
        );
    }
}

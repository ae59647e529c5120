//! The draft of `factdesk edit`: the text being edited, kept in
//! `.factdesk/edit/<id>.yaml` (a path the editor schema mappings cover,
//! see `schema::SchemaKind::globs`), beside the record it started from
//! (`.factdesk/edit/base/<id>.yaml`). A draft left behind (the record
//! changed meanwhile, the editor failed) is never overwritten: the next
//! `factdesk edit` offers to merge it, keep it or discard it.

use super::output::write_stderr;
use super::CliError;
use factdesk::edit::merge::{merge_texts, Conflict};
use factdesk::store::EDIT_DIR;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

/// What to do with a kept draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Choice {
    /// Carry your changes over to the record as it is now (both sides' changes kept)
    Merge,
    /// Reopen your draft exactly as you left it
    Keep,
    /// Throw the draft away and start from the record as it is now
    Discard,
}

/// The first line of a draft when the desk has its claim schema: the
/// yaml-language-server modeline, so any editor using it completes and
/// checks the draft even without the desk's schema mappings. Never saved.
const MODELINE: &str = "# yaml-language-server: $schema=../../schemas/claim.schema.json";

/// The draft files of one claim.
pub struct Draft {
    pub file: PathBuf,
    base: PathBuf,
    /// The draft's path from the desk root, as messages show it.
    pub shown: PathBuf,
    /// Whether drafts start with [`MODELINE`].
    modeline: bool,
}

/// Whether `line` is the modeline factdesk puts on top of a draft.
pub fn is_modeline(line: &str) -> bool {
    line.trim_end() == MODELINE
}

impl Draft {
    pub fn of(root: &Path, id: &str) -> Draft {
        let dir = root.join(EDIT_DIR);
        Draft {
            file: dir.join(format!("{id}.yaml")),
            base: dir.join("base").join(format!("{id}.yaml")),
            shown: Path::new(EDIT_DIR).join(format!("{id}.yaml")),
            modeline: root.join("schemas/claim.schema.json").is_file(),
        }
    }

    /// Lines factdesk puts above what `write` is given.
    pub fn header_lines(&self) -> u32 {
        u32::from(self.modeline)
    }

    /// Starts a round: the record it starts from, and the text to edit;
    /// returns the draft file's content.
    pub fn start(&self, base: &str, text: &str) -> Result<String, CliError> {
        let text = self.with_modeline(text);
        for (path, bytes) in [(&self.base, base), (&self.file, text.as_str())] {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
            }
            factdesk::store::write_atomic(path, bytes.as_bytes())
                .map_err(|e| CliError::write_failed(path, &e))?;
        }
        Ok(text)
    }

    /// Replaces the draft with `text`; returns the file's new content.
    pub fn write(&self, text: &str) -> Result<String, CliError> {
        let full = self.with_modeline(text);
        factdesk::store::write_atomic(&self.file, full.as_bytes())
            .map_err(|e| CliError::write_failed(&self.file, &e))?;
        Ok(full)
    }

    fn with_modeline(&self, text: &str) -> String {
        match self.modeline {
            true => format!("{MODELINE}\n{text}"),
            false => text.to_string(),
        }
    }

    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.file);
        let _ = std::fs::remove_file(&self.base);
    }

    fn read(path: &Path) -> Option<String> {
        factdesk::store::read_regular_text(path).ok()
    }
}

/// What the editor opens: the text, and the record it is based on (what a
/// later merge compares the draft with).
pub struct Opening {
    pub text: String,
    pub base: String,
}

/// The editor's opening: the record as it is, or a draft left behind,
/// handled as `given` says or as the person answers.
pub fn opening(
    draft: &Draft,
    id: &str,
    record: &str,
    given: Option<Choice>,
) -> Result<Opening, CliError> {
    let fresh = |text: String| Opening {
        text,
        base: record.to_string(),
    };
    let Some(kept) = Draft::read(&draft.file) else {
        return Ok(fresh(record.to_string()));
    };
    let kept = super::edit::strip_marks(&kept);
    let base = Draft::read(&draft.base);
    // Nothing of the person's own would be lost.
    if kept == record || base.as_deref() == Some(kept.as_str()) {
        return Ok(fresh(record.to_string()));
    }
    let changed = base.as_deref().is_some_and(|b| b != record);
    let merged = base.as_deref().and_then(|b| merge_texts(b, &kept, record));
    let choice = match given {
        Some(c) => c,
        None => ask(draft, id, changed, merged.is_some())?,
    };
    match choice {
        Choice::Discard => Ok(fresh(record.to_string())),
        // The draft still stands on its old base: a merge stays possible.
        Choice::Keep => Ok(Opening {
            text: kept,
            base: base.unwrap_or_else(|| record.to_string()),
        }),
        Choice::Merge => match merged {
            Some(m) => Ok(fresh(with_conflicts(&m.text, &m.conflicts))),
            None => Err(CliError::usage(format!(
                "the draft {} cannot be merged: it is not a readable claim, or the record it started from is not known",
                draft.shown.display()
            ))
            .hint(format!("`factdesk edit {id} --draft keep` reopens it as it is"))),
        },
    }
}

/// Asks at a terminal; refuses elsewhere, so a script never loses a draft.
fn ask(draft: &Draft, id: &str, changed: bool, can_merge: bool) -> Result<Choice, CliError> {
    let why = if changed {
        format!("{id} changed since you started it")
    } else {
        format!("{id} has not changed since")
    };
    let options = if can_merge {
        "merge, keep or discard"
    } else {
        "keep or discard"
    };
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "an unsaved draft of {id} is kept in {} ({why}); nothing was opened",
            draft.shown.display()
        ))
        .hint(format!(
            "run `factdesk edit {id} --draft merge|keep|discard` ({options})"
        )));
    }
    write_stderr(&format!(
        "An unsaved draft of {id} is kept in {} ({why}).\n{}  [k]eep: reopen it as you left it\n  [d]iscard: start again from the record as it is now\nWhat now? ",
        draft.shown.display(),
        if can_merge {
            "  [m]erge: carry your changes over to the record as it is now\n"
        } else {
            ""
        }
    ));
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    match answer.trim().to_lowercase().as_str() {
        "m" | "merge" if can_merge => Ok(Choice::Merge),
        "k" | "keep" => Ok(Choice::Keep),
        "d" | "discard" => Ok(Choice::Discard),
        _ => Err(CliError::usage(format!(
            "nothing opened; the draft stays in {}",
            draft.shown.display()
        ))),
    }
}

/// The merged text with each conflict named on top, as comments the save strips.
fn with_conflicts(text: &str, conflicts: &[Conflict]) -> String {
    if conflicts.is_empty() {
        return text.to_string();
    }
    let mut lines = vec![
        "your changes are carried over to the record as it is now; someone else also changed"
            .to_string(),
        "these fields, and your version is the one below. Keep it, or take theirs:".to_string(),
    ];
    for c in conflicts {
        lines.push(format!(
            "- {}: theirs is {}",
            c.field,
            factdesk::diag::visible(&c.theirs)
        ));
    }
    super::edit::with_comments(text, &lines)
}

//! Validating a claim edited by hand (`factdesk edit`): the edited text must
//! parse as a record, keep what only workflow commands may change, and keep
//! its quote verbatim in the transcript. Pure: text in, claim or problems out.

use crate::diag::{Code, Diagnostic, Place, Remedy, Run};
use crate::model::fields::{Change, Field, Owner, Step, CLAIM};
use crate::model::{Claim, HistoryEntry, Status};
use crate::store::{yaml, Desk};
use chrono::{DateTime, Utc};
use std::path::Path;

pub mod merge;

/// The outcome of validating an edit.
pub enum Edited {
    /// Nothing changed.
    Unchanged,
    /// The new record, with its `edited` history entry, and the header comments to keep.
    Valid { claim: Box<Claim>, header: String },
    /// What is wrong, to show the editor.
    Invalid(Vec<Diagnostic>),
}

/// Validates `text`, the edited form of `original`, by `actor` at `now`.
pub fn validate(
    desk: &Desk,
    original: &Claim,
    text: &str,
    file: &Path,
    actor: &str,
    now: DateTime<Utc>,
) -> Edited {
    let today = now.date_naive();
    let (mut claim, scan) = match yaml::parse_record::<Claim>(text, file) {
        Ok(v) => v,
        // Check's reading reports every problem of the record, where the
        // typed parse stops at its first.
        Err(first) => {
            let all = crate::steps::errors_in(text.as_bytes(), file, desk, today);
            return Edited::Invalid(if all.is_empty() { first } else { all });
        }
    };
    let mut problems: Vec<Diagnostic> = scan
        .body_comments
        .first()
        .map(|&off| {
            Diagnostic::new(
                Code::CommentInBody,
                file,
                "comments are kept only at the top of a record",
            )
            .at(Place::at(text, off))
            .hint("move the comment to the top, or into `notes`")
        })
        .into_iter()
        .collect();
    problems.extend(owned_fields(original, &claim, text, file));
    // Every per-record rule of `check`, on the text as saved (so places
    // match what the editor shows): claim length, URLs, dates, hygiene, ….
    problems.extend(crate::steps::errors_in(text.as_bytes(), file, desk, today));
    if claim.quote != original.quote
        || claim.source != original.source
        || claim.location.line != original.location.line
    {
        if let Err(d) = reanchor(desk, &mut claim, text, file) {
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        return Edited::Invalid(problems);
    }
    let changed = original.changed_fields(&claim);
    if changed.is_empty() {
        return Edited::Unchanged;
    }
    claim
        .history
        .push(HistoryEntry::edited(now, actor, &changed));
    // The record as it will be written, with its `edited` entry (who edits
    // is text too), passes the same gate as every step.
    let written = yaml::to_canonical(&claim).unwrap_or_default();
    let problems = crate::steps::errors_in(written.as_bytes(), file, desk, today);
    if !problems.is_empty() {
        return Edited::Invalid(problems);
    }
    Edited::Valid {
        claim: Box::new(claim),
        header: scan.header,
    }
}

/// The fields the edit changed that a hand edit may not change, each with
/// the step that may: the model's field table (`Field::change`) says which.
fn owned_fields(original: &Claim, claim: &Claim, text: &str, file: &Path) -> Vec<Diagnostic> {
    let published = original.status == Status::Published;
    let (before, after) = (serde_json::to_value(original), serde_json::to_value(claim));
    let (Ok(before), Ok(after)) = (before, after) else {
        return Vec::new();
    };
    CLAIM
        .iter()
        .filter(|f| before.get(f.name) != after.get(f.name))
        .filter_map(|f| {
            let owner = f.change.by_hand(published).err()?;
            let d = Diagnostic::new(
                Code::EditForbiddenField,
                file,
                format!("`{}` cannot be changed by editing", f.name),
            )
            .at(locate(text, f.name))
            .remedy(owner_hint(f, owner, published));
            Some(d)
        })
        .collect()
}

/// What to do instead of editing `field`, owned by `owner`.
fn owner_hint(field: &Field, owner: Owner, published: bool) -> Remedy {
    let name = field.name;
    let correct = |field: Option<&str>| Run::Correct {
        field: field.map(str::to_string),
    };
    match (owner, field.change) {
        (Owner::Nobody, Change::Never) => Remedy::text("ids never change; log a new claim instead"),
        (Owner::Nobody, _) => Remedy::text(format!(
            "the {name} of a published claim never changes; a different statement is a new claim"
        )),
        (Owner::Step(Step::Workflow), _) => {
            Remedy::text("use the workflow commands (research, submit, review, publish, discard)")
        }
        (Owner::Step(Step::Rate), _) if published => {
            Remedy::text("a published rating changes only with a public correction: ")
                .then_run(correct(Some("rating")))
        }
        (Owner::Step(Step::Rate), _) => Remedy::text("use ")
            .then_run(Run::Rate { summary: false })
            .then(", or ")
            .then_run(correct(Some("rating")))
            .then(" once published"),
        (Owner::Step(Step::Review), _) => Remedy::text("use ").then_run(Run::Review),
        (Owner::Step(Step::Correct), Change::Ledger(_)) => {
            Remedy::text("use ").then_run(correct(None))
        }
        (Owner::Step(Step::Correct), _) => {
            Remedy::text("a published claim changes only with a public correction: ")
                .then_run(correct(Some(name)))
        }
        (Owner::Step(Step::Every), _) => {
            Remedy::text("history is append-only and written by factdesk")
        }
    }
}

/// Finds the (possibly new) quote in its transcript and records its place.
fn reanchor(desk: &Desk, claim: &mut Claim, text: &str, file: &Path) -> Result<(), Diagnostic> {
    let at = locate(text, "quote");
    let source = desk.read_source(&claim.source).map_err(|e| {
        Diagnostic::new(Code::UnknownSource, file, e.to_string()).at(locate(text, "source"))
    })?;
    let (_, t) = desk
        .read_transcript(&source)
        .map_err(|e| Diagnostic::new(Code::TranscriptUnreadable, file, e.to_string()))?;
    let found = t.find_quote(&claim.quote);
    let m = match found
        .iter()
        .filter(|m| m.line == claim.location.line)
        .count()
    {
        1 => found.iter().find(|m| m.line == claim.location.line),
        _ if found.len() == 1 => found.first(),
        _ => None,
    };
    let Some(m) = m else {
        let msg = if found.is_empty() {
            "the quote does not occur in the transcript".to_string()
        } else {
            let lines: Vec<String> = found.iter().map(|m| m.line.to_string()).collect();
            format!(
                "the quote occurs on lines {}; set location.line to one of them",
                lines.join(", ")
            )
        };
        let mut d = Diagnostic::new(Code::QuoteNotFound, file, msg).at(at);
        if let Some(c) = t
            .closest_passage(&claim.quote)
            .filter(|c| c.similarity > 0.2)
        {
            d = d.note(format!("closest passage, line {}: {}", c.line, c.text));
        }
        return Err(d);
    };
    claim.location.line = m.line;
    claim.location.start = m.start_ms.map(crate::transcript::format_time);
    claim.location.end = m.end_ms.map(crate::transcript::format_time);
    Ok(())
}

/// The place of the top-level `field:` of a record, found by the check's
/// field locator (the top of the file when the field is missing).
fn locate(text: &str, field: &str) -> Place {
    let path = crate::check::locate::FieldPath::top(field);
    Place::at(
        text,
        crate::check::locate::locate(text, &path, crate::check::locate::Target::Key),
    )
}

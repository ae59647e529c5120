//! The rules one claim file keeps from one version to the next (a commit
//! against its parent, a merge against each parent, the working tree
//! against HEAD):
//!
//! - history, reviews and corrections only grow at their end; a merge keeps
//!   every entry of both sides, in order, and adds none of its own;
//! - a published claim is never deleted; its quote, claim text and status
//!   never change; its rating and summary change only through the new
//!   correction that records what it replaced; any other field only with a
//!   new `edited` entry that names it;
//! - a claim arriving in the range replays from `created` and does not
//!   arrive published; an id never passes to a different claim.

use super::{Range, Stage};
use crate::check::locate::FieldPath;
use crate::diag::Code;
use crate::diag::{Diagnostic, Remedy, Run};
use crate::history::versions::ClaimVersion;
use crate::model::fields::OncePublished;
use crate::model::{Action, Claim, Status};
use crate::transcript::normalize;

/// One version of a claim file and what it is judged against.
pub struct ClaimStep<'a> {
    pub id: &'a str,
    pub path: &'a str,
    /// The version at the parent compared with, then (for a merge) at the
    /// other parents.
    pub parents: Vec<&'a ClaimVersion>,
    pub now: &'a ClaimVersion,
    /// The text of the version this step made, for placing findings on
    /// the line of their field (None: deleted, or not text).
    pub now_text: Option<&'a str>,
    /// The last version of this path seen earlier in the range that parsed.
    pub earlier: Option<&'a Claim>,
    /// Whether the path first appeared within the range and no version of
    /// it has parsed since.
    pub arrived_unread: bool,
    pub stage: &'a Stage,
    pub range: &'a Range,
    /// The roster, when the desk's `identity: git` asks that each new
    /// entry's editor be the commit's author.
    pub authors: Option<&'a [crate::model::Editor]>,
}

impl ClaimStep<'_> {
    fn merge(&self) -> bool {
        self.parents.len() > 1
    }

    /// `d` placed on the line of the field at `path` in the version this
    /// step made.
    pub(super) fn on(&self, d: Diagnostic, path: &FieldPath) -> Diagnostic {
        super::on_field(self.stage, self.now_text, d, path)
    }

    /// A finding at this step, with the range notes and a hint.
    pub(super) fn finding(&self, code: Code, message: String, hint: &str) -> Diagnostic {
        self.range.notes(self.stage).into_iter().fold(
            Diagnostic::new(code, self.path, message).hint(
                hint.replace("<id>", self.id)
                    .replace("REV", &self.range.rev),
            ),
            Diagnostic::note,
        )
    }

    /// A finding at this step whose message and hint name commands (the
    /// CLI writes them).
    pub(super) fn said_remedy(&self, code: Code, message: Remedy, remedy: Remedy) -> Diagnostic {
        self.range.notes(self.stage).into_iter().fold(
            Diagnostic::said(code, self.path, message).remedy(remedy),
            Diagnostic::note,
        )
    }

    /// A finding at this step whose hint names commands (the CLI writes them).
    pub(super) fn finding_remedy(&self, code: Code, message: String, remedy: Remedy) -> Diagnostic {
        self.range.notes(self.stage).into_iter().fold(
            Diagnostic::new(code, self.path, message).remedy(remedy),
            Diagnostic::note,
        )
    }
}

/// Every finding for one step of one claim file.
pub fn judge(s: &ClaimStep) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let parent = s.parents.first().copied().unwrap_or(&ClaimVersion::Absent);
    if let ClaimVersion::Unparsable { message, place } = s.now {
        let d = unreadable(s, message);
        out.push(match place {
            Some(place) => super::on_line(s.stage, d, place.clone(), ""),
            None => d,
        });
    }
    let arrives = s.parents.iter().all(|v| !v.is_present());
    // A version that does not parse hides nothing: the next one that does is
    // judged against the last one that did (or, for a file that arrived in
    // the range unreadable, as the arrival it is).
    let before = match parent {
        ClaimVersion::Unparsable { .. } if s.earlier.is_none() && !s.arrived_unread => {
            if s.now.parsed().is_some() {
                out.push(unjudged(s));
            }
            return out;
        }
        ClaimVersion::Unparsable { .. } => s.earlier,
        _ => parent.parsed(),
    };
    if arrives || before.is_none() {
        if let Some(now) = s.now.parsed() {
            out.extend(arrival(s, now));
            if let Some(roster) = s.authors {
                out.extend(super::identity::authors(s, None, now, roster));
            }
        }
        return out;
    }
    let Some(before) = before else {
        return out;
    };
    match s.now {
        ClaimVersion::Absent => {
            if before.status == Status::Published {
                out.push(s.finding(
                    Code::PublishedClaimDeleted,
                    format!(
                        "claim {}: the published claim was deleted in {} (rule: a published check is never deleted or renamed)",
                        s.id,
                        s.stage.name()
                    ),
                    "restore the file under its name (`git checkout REV -- claims/<id>.yaml`): a published check is corrected in the open, never deleted",
                ));
            }
        }
        ClaimVersion::Unparsable { .. } => {}
        ClaimVersion::Parsed(now) => {
            out.extend(ledgers(s, before, now));
            if let Some(roster) = s.authors {
                out.extend(super::identity::authors(s, Some(before), now, roster));
            }
            if before.status == Status::Published {
                out.extend(published(s, before, now));
            }
            out.extend(reused(s, before, now));
        }
    }
    out
}

/// The three ledgers and how an entry of each is shown.
fn ledger_views(c: &Claim) -> [(&'static str, Vec<String>); 3] {
    let t = |at: &chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    [
        (
            "history",
            c.history
                .iter()
                .map(|h| format!("{} {} {}", t(&h.at), h.by, h.action.as_str()))
                .collect(),
        ),
        (
            "reviews",
            c.reviews
                .iter()
                .map(|r| format!("{} by {}: {}", t(&r.at), r.by, r.decision.as_str()))
                .collect(),
        ),
        (
            "corrections",
            c.corrections
                .iter()
                .map(|k| format!("{} by {}", t(&k.at), k.by))
                .collect(),
        ),
    ]
}

/// Entries as comparable values: each whole entry, serialized.
fn entries(c: &Claim) -> [Vec<String>; 3] {
    fn ser<T: serde::Serialize>(v: &[T]) -> Vec<String> {
        v.iter()
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .collect()
    }
    [ser(&c.history), ser(&c.reviews), ser(&c.corrections)]
}

/// Lists grow only at their end (a merge: every parent's entries kept, in
/// order, and none added by the merge itself).
fn ledgers(s: &ClaimStep, before: &Claim, now: &Claim) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let hint = "history, reviews and corrections are append-only: restore the entry as it was (`git show REV:claims/<id>.yaml`) and record any change as a new entry";
    let (old, new) = (entries(before), entries(now));
    let shown = ledger_views(before);
    for (k, (name, views)) in shown.iter().enumerate() {
        let (old, new) = (&old[k], &new[k]);
        let lost = if s.merge() {
            first_missing_in_order(old, new)
        } else {
            old.iter()
                .zip(new)
                .position(|(a, b)| a != b)
                .or_else(|| (new.len() < old.len()).then_some(new.len()))
        };
        if let Some(i) = lost {
            let what = if new.contains(&old[i]) {
                "moved or changed"
            } else {
                "removed or changed"
            };
            let d = s.finding(
                Code::HistoryRewritten,
                format!(
                    "claim {}: {name} entry {} ({}) was {what} in {} (rule: {name} only grows at its end{})",
                    s.id,
                    i + 1,
                    views[i],
                    s.stage.name(),
                    if s.merge() { "; a merge keeps both sides' entries" } else { "" }
                ),
                hint,
            );
            // Where the entry stood: its place now, or the list's key when
            // the list is shorter.
            out.push(s.on(d, &FieldPath::top(name).index(i)));
            continue;
        }
        if s.merge() {
            let all: Vec<[Vec<String>; 3]> = s
                .parents
                .iter()
                .filter_map(|v| v.parsed())
                .map(entries)
                .collect();
            let invented = new
                .iter()
                .position(|e| all.iter().all(|p| !p[k].contains(e)));
            if let Some(i) = invented {
                let view = &ledger_views(now)[k].1[i];
                let d = s.finding(
                    Code::HistoryRewritten,
                    format!(
                        "claim {}: {name} entry {} ({view}) was added by {} itself, which neither side has (rule: a merge only combines both sides' entries)",
                        s.id,
                        i + 1,
                        s.stage.name()
                    ),
                    "record new steps in a commit of their own, after the merge",
                );
                out.push(s.on(d, &FieldPath::top(name).index(i)));
            }
        }
    }
    out
}

/// The index of the first entry of `old` that `new` does not hold in order.
fn first_missing_in_order(old: &[String], new: &[String]) -> Option<usize> {
    let mut rest = new.iter();
    old.iter().position(|e| !rest.any(|n| n == e))
}

/// What a published claim may change, field by field.
fn published(s: &ClaimStep, before: &Claim, now: &Claim) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (field, problem) in published_problems(before, now) {
        let message = Remedy::text(format!(
            "claim {}: field `{field}` in {}: ",
            s.id,
            s.stage.name()
        ))
        .and(problem);
        let d = s
            .said_remedy(Code::PublishedClaimEdited, message, published_hint(field))
            .note(format!("was: {}", shown(before, field)))
            .note(format!("now: {}", shown(now, field)));
        out.push(s.on(d, &FieldPath::top(field)));
    }
    out
}

/// What to do about a published claim's `field` changed against its rule,
/// by what the model says the field allows once published.
fn published_hint(field: &str) -> Remedy {
    let rule = crate::model::fields::claim_field(field)
        .map_or(OncePublished::Recorded, |f| f.change.once_published());
    match rule {
        OncePublished::Corrected => Remedy::text("undo the edit, then correct in the open: ")
            .then_run(Run::CorrectPublished {
                field: field.to_string(),
            }),
        OncePublished::Frozen => {
            Remedy::text("restore the published value; a different statement is a new claim")
        }
        OncePublished::Recorded | OncePublished::Appended => {
            Remedy::text("undo the edit and make it with ")
                .then_run(Run::EditClaim)
                .then(", which records an `edited` entry naming the field")
        }
    }
}

/// Each field of a claim published at `before` that changed in `now`
/// against its rule, with the rule it broke (words that may name the step
/// that changes it: the CLI writes the command). The one statement of what
/// a published check may change: the audit reports these, `diff` flags them.
pub fn published_problems(before: &Claim, now: &Claim) -> Vec<(&'static str, Remedy)> {
    let mut out = Vec::new();
    let new_corrections: Vec<&crate::model::Correction> = now
        .corrections
        .iter()
        .filter(|k| !before.corrections.contains(k))
        .collect();
    let new_entries: Vec<&crate::model::HistoryEntry> = now
        .history
        .iter()
        .filter(|h| !before.history.contains(h))
        .collect();
    for field in before.changed_fields(now) {
        // What the field allows once published is the model's (`Field::change`).
        let rule = crate::model::fields::claim_field(field)
            .map_or(OncePublished::Recorded, |f| f.change.once_published());
        let problem = match rule {
            OncePublished::Frozen => Some(Remedy::text(format!(
                "the {field} of a published claim never changes (rule: {field} is frozen at publication)"
            ))),
            OncePublished::Corrected => corrected_problem(field, before, now, &new_corrections, &new_entries),
            OncePublished::Recorded | OncePublished::Appended => (!new_entries.iter().any(|h| h.changed_fields().contains(&field))).then(|| {
                Remedy::text(format!(
                    "`{field}` of a published claim changed with no new `edited` history entry naming it (rule: every change to a published check is recorded)"
                ))
            }),
        };
        if let Some(problem) = problem {
            out.push((field, problem));
        }
    }
    out
}

/// Why a change of a field a published claim changes only by correction
/// (`OncePublished::Corrected`) is not explained by one, if it is not.
fn corrected_problem(
    field: &str,
    before: &Claim,
    now: &Claim,
    corrections: &[&crate::model::Correction],
    entries: &[&crate::model::HistoryEntry],
) -> Option<Remedy> {
    let problem = match field {
        "rating" if corrections.is_empty() => return Some(uncorrected(field, "a published rating")),
        "summary" if corrections.is_empty() => return Some(uncorrected(field, "a published summary")),
        "speaker" if corrections.is_empty() => {
            return Some(uncorrected(field, "who said a published quote"))
        }
        "rating" => rating_problem(before, now, corrections, entries),
        "summary" => summary_problem(before, corrections),
        "speaker" => speaker_problem(before, now, corrections),
        // A field the model makes correctable that no correction records
        // yet: no correction explains its change.
        other => Some(format!(
            "the {other} of a published claim changed, and no correction records the {other} it replaced"
        )),
    };
    problem.map(Remedy::text)
}

/// The rule a published `field` broke when it changed with no correction
/// at all: `what` changes only through a correction of that field.
fn uncorrected(field: &str, what: &str) -> Remedy {
    Remedy::text(format!(
        "the {field} of a published claim changed without a correction (rule: {what} changes only through "
    ))
    .then_run(Run::Correct {
        field: Some(field.to_string()),
    })
    .then(")")
}

/// A field's value for a finding's notes.
fn shown(c: &Claim, field: &str) -> String {
    let v = serde_json::to_value(c).ok();
    let v = v.as_ref().and_then(|v| v.get(field));
    crate::diag::visible(&match v {
        None | Some(serde_json::Value::Null) => "(none)".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    })
}

/// Why a published rating's change is not explained by the new
/// corrections (there is one), if it is not.
fn rating_problem(
    before: &Claim,
    now: &Claim,
    corrections: &[&crate::model::Correction],
    entries: &[&crate::model::HistoryEntry],
) -> Option<String> {
    let recorded = corrections
        .iter()
        .any(|k| k.previous_rating.is_some() && k.previous_rating == before.rating);
    let set = entries
        .iter()
        .any(|h| h.action == Action::Corrected && h.rating.is_some() && h.rating == now.rating);
    (!(recorded && set)).then(|| {
        "the rating changed but no new correction records the rating it replaced and sets this one (rule: only the correction that changed the rating excuses it; an unrelated correction does not)".into()
    })
}

/// Why a published summary's change is not explained by the new
/// corrections (there is one), if it is not.
fn summary_problem(before: &Claim, corrections: &[&crate::model::Correction]) -> Option<String> {
    let recorded = corrections
        .iter()
        .any(|k| k.previous_summary.is_some() && k.previous_summary == before.summary);
    (!recorded).then(|| {
        "the summary changed but no new correction records the summary it replaced (rule: only the correction that changed the summary excuses it; an unrelated correction does not)".into()
    })
}

/// Why a published speaker's change is not explained by the new
/// corrections (there is one), if it is not: only a correction recording
/// the speaker it replaced (and naming the one the claim now has) explains it.
fn speaker_problem(
    before: &Claim,
    now: &Claim,
    corrections: &[&crate::model::Correction],
) -> Option<String> {
    let recorded = corrections.iter().any(|k| {
        k.kind.is_correction() && k.previous_speaker.as_deref() == Some(before.speaker.as_str())
    });
    (!recorded || now.speaker.is_empty()).then(|| {
        "the speaker changed but no new correction records the speaker it replaced (rule: only the correction that changed the speaker excuses it; an unrelated correction does not)".into()
    })
}

/// A version of the claim file that does not parse: the audit cannot judge
/// the step that made it.
fn unreadable(s: &ClaimStep, message: &str) -> Diagnostic {
    s.finding_remedy(
        Code::VersionUnreadable,
        format!(
            "claim {}: the version in {} does not parse ({message}), so the audit cannot judge that step; the next version that parses is judged against the last one that did",
            s.id,
            s.stage.name()
        ),
        Remedy::text("nothing to restore if a later commit mends the file: the audit then compares across it; otherwise ")
            .then_run(Run::Check {
                file: s.path.to_string(),
            })
            .then(" shows where the record breaks"),
    )
}

/// A version that parses again after one that did not, with no readable
/// version of the file earlier in the range to judge it against.
fn unjudged(s: &ClaimStep) -> Diagnostic {
    s.finding(
        Code::VersionUnreadable,
        format!(
            "claim {}: in {} the file parses again, but it did not parse at {} or since, so this version cannot be judged against an earlier one",
            s.id,
            s.stage.name(),
            s.range.rev
        ),
        "audit from a revision where the record parses, or compare it with an older version yourself (`git log -p -- claims/<id>.yaml`)",
    )
}

/// A claim that first appears within the range, or comes back under a path
/// a claim left earlier in it.
fn arrival(s: &ClaimStep, now: &Claim) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(old) = s.earlier {
        match reused(s, old, now) {
            Some(d) => out.push(d),
            // The same claim back under its path: its ledgers still only grow.
            None => out.extend(ledgers(s, old, now)),
        }
    }
    if now.status == Status::Published {
        let d = s.finding(
            Code::ClaimArrivedPublished,
            format!(
                "claim {}: the file first appears in {} already published (rule: a claim is committed before its publication, so its review can be audited)",
                s.id,
                s.stage.name()
            ),
            "commit the claim while it is open (candidate, research or review), then publish it in a later commit",
        );
        out.push(s.on(d, &FieldPath::top("status")));
    }
    let replayed = crate::model::replay::replay(now);
    let start = now.history.first().map(|h| h.action);
    if start != Some(Action::Created) || !replayed.is_empty() {
        let why = replayed
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| "the history does not start with a `created` entry".into());
        // The field the replay found wrong (an entry, a review), else the
        // history's first entry.
        let field = match replayed.first() {
            Some(f) => f
                .index
                .into_iter()
                .fold(FieldPath::top(f.field), FieldPath::index),
            None => FieldPath::top("history").index(0),
        };
        let d = s.finding_remedy(
            Code::ClaimArrivedUnexplained,
            format!(
                "claim {}: the file first appears in {} with a history that does not replay from `created`: {why}",
                s.id,
                s.stage.name()
            ),
            Remedy::text("log claims with ")
                .then_run(Run::ClaimAdd)
                .then(" and move them with the workflow commands; each writes the history entry that explains it"),
        );
        out.push(s.on(d, &field));
    }
    out
}

/// An id names one claim for good: a version quoting another passage and
/// created anew (another first history entry) is a reused id.
fn reused(s: &ClaimStep, before: &Claim, now: &Claim) -> Option<Diagnostic> {
    let identity = |c: &Claim| (c.source.clone(), normalize(&c.quote));
    if identity(before) == identity(now)
        || (before.history.first() == now.history.first()
            && !s.parents.iter().all(|v| !v.is_present()))
    {
        return None;
    }
    let d = s
        .finding_remedy(
            Code::IdReused,
            format!(
                "claim {}: in {} the id was given to a different claim within {}..HEAD",
                s.id,
                s.stage.name(),
                s.range.rev
            ),
            Remedy::text("give the new claim its own id (")
                .then_run(Run::ClaimAdd)
                .then(" mints one) and restore the original record"),
        )
        .note(format!(
            "first: {} quoting \"{}\"",
            before.source, before.quote
        ))
        .note(format!("then: {} quoting \"{}\"", now.source, now.quote));
    Some(s.on(d, &FieldPath::top("quote")))
}

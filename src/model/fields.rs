//! The field description of every desk record, the one place a field is
//! declared beside its serde type: name, kind, whether the schema requires
//! it, and what it means. The check's schema walk, its lenient reading, the
//! JSON Schema for editors and the field tables of docs/record-format.md
//! are derived from these tables; tests hold them to the serde types (every
//! field the type writes is here, and no other) and to the docs.
//!
//! Hand-written rather than `schemars`: the walk needs distinctions a JSON
//! Schema does not carry (an id from a rating key, a date from a timestamp,
//! required-but-empty text), and the choice lists already come from the
//! model's `choices!` enums, so the JSON Schema is one small walk over this
//! table instead of a second derive that could disagree with it.

use super::claim::{Action, CorrectionKind, Decision, Priority, Stance, Status};
use super::{SpeakerRole, TranscriptFormat};

mod change;
mod compare;
pub use change::{Change, OncePublished, Owner, Step};
pub use compare::{field_changes, FieldChange};

/// What a field holds.
#[derive(Debug)]
pub enum Kind {
    /// Free text.
    Text,
    /// Free text of at most this many characters.
    Bounded(usize),
    /// A record id (`model::id`).
    Id,
    /// A word written like an id (a tag, a rating key): text to the check,
    /// whose rules judge it where it matters.
    Key,
    /// A rating key of the desk's scale.
    Rating,
    /// A link (`model::url` judges it).
    Url,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A UTC timestamp (RFC 3339).
    Time,
    /// A subtitle cue time, `HH:MM:SS.mmm`.
    Cue,
    /// 64 lower-case hex digits (a SHA-256).
    Hex64,
    /// A BCP 47 language tag (`model::desk::valid_language_tag`).
    Language,
    /// A whole number of 0 or more.
    Count,
    /// A line number (1 or more; the rules report 0).
    Line,
    /// A whole number.
    Int,
    /// A number from 0 to 1.
    Score,
    Bool,
    /// One of a closed list of words.
    Choice(&'static [&'static str]),
    Object(&'static [Field]),
    /// Either a text or a mapping with these fields (a `speakers:` entry).
    TextOr(&'static [Field]),
    List(&'static Kind),
}

impl Kind {
    /// The largest whole number a `Count` or `Line` field holds (the model
    /// keeps them as `u32`); `None` for every other kind.
    pub fn largest(&self) -> Option<u64> {
        matches!(self, Kind::Count | Kind::Line).then_some(u32::MAX as u64)
    }

    /// The smallest whole number a `Count` or `Line` field holds: lines
    /// count from 1; `None` for every other kind.
    pub fn smallest(&self) -> Option<u64> {
        match self {
            Kind::Count => Some(0),
            Kind::Line => Some(1),
            _ => None,
        }
    }

    /// Whether the value is a YAML string the rules, not the schema, judge.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Kind::Text
                | Kind::Bounded(_)
                | Kind::Key
                | Kind::Rating
                | Kind::Url
                | Kind::Cue
                | Kind::Hex64
                | Kind::Language
        )
    }
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What it means, for editors (the JSON Schema's `description`).
    pub about: &'static str,
    /// Who may change it (a claim's top-level fields; `Edit` elsewhere).
    pub change: Change,
    /// The step whose history entry records a change of the field, besides
    /// an `edited` entry naming it (`tags`: a `tagged` entry).
    pub recorded_by: Option<Action>,
}

/// The claim's top-level field called `name`.
pub fn claim_field(name: &str) -> Option<&'static Field> {
    CLAIM.iter().find(|f| f.name == name)
}

/// Every name, at any depth of the record `fields`, whose kind is `wanted`.
pub fn names_of_kind(
    fields: &'static [Field],
    wanted: fn(&Kind) -> bool,
    out: &mut Vec<&'static str>,
) {
    for f in fields {
        let mut k = &f.kind;
        while let Kind::List(item) = k {
            k = item;
        }
        if wanted(&f.kind) && !out.contains(&f.name) {
            out.push(f.name);
        }
        if let Kind::Object(inner) | Kind::TextOr(inner) = k {
            names_of_kind(inner, wanted, out);
        }
    }
}

const fn req(name: &'static str, kind: Kind, about: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        about,
        change: Change::Edit,
        recorded_by: None,
    }
}

const fn opt(name: &'static str, kind: Kind, about: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        about,
        change: Change::Edit,
        recorded_by: None,
    }
}

impl Field {
    const fn changed(self, change: Change) -> Field {
        Field { change, ..self }
    }

    const fn recorded_by(self, action: Action) -> Field {
        Field {
            recorded_by: Some(action),
            ..self
        }
    }
}

/// Most characters a claim's text may have: what fits ClaimReview's
/// `claimReviewed` in search results.
pub const MAX_CLAIM_CHARS: usize = 75;

const STATUS: Kind = Kind::Choice(Status::NAMES);

const LOCATION: &[Field] = &[
    req(
        "line",
        Kind::Line,
        "1-based line of the transcript where the quote starts",
    ),
    opt("start", Kind::Cue, "Cue start, subtitles only"),
    opt("end", Kind::Cue, "Cue end, subtitles only"),
];
const TRIAGE: &[Field] = &[
    req(
        "score",
        Kind::Score,
        "How check-worthy the ranker found the quote",
    ),
    req("model", Kind::Text, "Model version"),
];
const EVIDENCE: &[Field] = &[
    req("url", Kind::Url, "http or https, no credentials"),
    req("title", Kind::Text, "The document's title"),
    req("publisher", Kind::Text, "Who published it"),
    opt("published", Kind::Date, "YYYY-MM-DD"),
    req(
        "accessed",
        Kind::Date,
        "YYYY-MM-DD, not before published, not in the future",
    ),
    opt("archive", Kind::Url, "An archived copy"),
    req(
        "stance",
        Kind::Choice(Stance::NAMES),
        "What the document does to the claim",
    ),
    opt("note", Kind::Text, "What in the document matters"),
];
const REPLY: &[Field] = &[
    req("contacted", Kind::Text, "Who was contacted"),
    req("via", Kind::Text, "The channel"),
    req("asked_on", Kind::Date, "When they were contacted"),
    req(
        "deadline",
        Kind::Date,
        "The last day an answer is waited for",
    ),
    opt("answer", Kind::Text, "Their answer"),
    opt("answered_on", Kind::Date, "When they answered"),
    opt("no_reply", Kind::Bool, "No answer came by the deadline"),
];
const REVIEW: &[Field] = &[
    req("by", Kind::Text, "The reviewer"),
    req("at", Kind::Time, "UTC time"),
    req(
        "decision",
        Kind::Choice(Decision::NAMES),
        "The reviewer's decision",
    ),
    opt("note", Kind::Text, "What the reviewer said"),
    opt(
        "digest",
        Kind::Hex64,
        "SHA-256 of the quote, claim, rating, summary and evidence the approval binds",
    ),
];
const CORRECTION: &[Field] = &[
    req("at", Kind::Time, "UTC time"),
    req("by", Kind::Text, "Who corrected"),
    opt(
        "kind",
        Kind::Choice(CorrectionKind::NAMES),
        "correction (the verdict or a fact was wrong; the default) or update (new information, the verdict stands)",
    ),
    req("note", Kind::Text, "The public correction note"),
    opt("previous_rating", Kind::Key, "The rating before the correction"),
    opt("previous_summary", Kind::Text, "The summary before the correction"),
    opt(
        "previous_speaker",
        Kind::Text,
        "The speaker before the correction, when it changed who said the quote",
    ),
];
const HISTORY: &[Field] = &[
    req("at", Kind::Time, "UTC time"),
    req("by", Kind::Text, "Who acted"),
    req("action", Kind::Choice(Action::NAMES), "The step taken"),
    opt("from", STATUS, "The status before the step"),
    opt("to", STATUS, "The status after the step"),
    opt("rating", Kind::Key, "The rating this step set"),
    opt("note", Kind::Text, "A note"),
];

/// `claims/<id>.yaml`, in canonical order.
pub const CLAIM: &[Field] = &[
    req("id", Kind::Id, "Equals the file name; never changes").changed(Change::Never),
    req(
        "claim",
        Kind::Bounded(MAX_CLAIM_CHARS),
        "The claim in neutral words, without the rating",
    )
    .changed(Change::Frozen),
    req("quote", Kind::Text, "Verbatim from the transcript").changed(Change::Frozen),
    req("speaker", Kind::Text, "Who said it").changed(Change::Correction),
    req("source", Kind::Id, "The source id"),
    req("location", Kind::Object(LOCATION), "Where the quote starts"),
    opt("said_on", Kind::Date, "When it was said, YYYY-MM-DD"),
    opt("tags", Kind::List(&Kind::Key), "Topics").recorded_by(Action::Tagged),
    req("status", STATUS, "Workflow state").changed(Change::Step(Step::Workflow)),
    opt("assignee", Kind::Text, "Who researches it"),
    opt("priority", Kind::Choice(Priority::NAMES), "How urgent"),
    opt("due", Kind::Date, "When the check is due, YYYY-MM-DD"),
    opt("rating", Kind::Rating, "A rating key of the desk's scale")
        .changed(Change::Step(Step::Rate)),
    opt("summary", Kind::Text, "The verdict explained for readers").changed(Change::Correction),
    opt("notes", Kind::Text, "Research notes"),
    opt(
        "triage",
        Kind::Object(TRIAGE),
        "How factdesk extract ranked it",
    ),
    opt("reply", Kind::Object(REPLY), "The right of reply"),
    opt(
        "evidence",
        Kind::List(&Kind::Object(EVIDENCE)),
        "A document the verdict rests on",
    ),
    opt(
        "reviews",
        Kind::List(&Kind::Object(REVIEW)),
        "A reviewer's decision",
    )
    .changed(Change::Ledger(Step::Review)),
    opt(
        "corrections",
        Kind::List(&Kind::Object(CORRECTION)),
        "A public correction",
    )
    .changed(Change::Ledger(Step::Correct)),
    // Not required by the schema: an absent history reads as an empty one,
    // which check reports on its own (`history-empty`).
    opt(
        "history",
        Kind::List(&Kind::Object(HISTORY)),
        "One append-only history entry",
    )
    .changed(Change::Ledger(Step::Every)),
];

/// A `speakers:` entry mapping a transcript label to a person.
const SPEAKER_LABEL: &[Field] = &[
    req("label", Kind::Text, "The label as the transcript writes it"),
    req("name", Kind::Text, "The person it names"),
    opt(
        "role",
        Kind::Choice(SpeakerRole::NAMES),
        "What part they play",
    ),
];

/// `extracted_from:` of a source whose text came out of a `.docx`.
const ORIGINAL: &[Field] = &[
    req("file", Kind::Text, "The original file's name"),
    req("sha256", Kind::Hex64, "SHA-256 of the original file"),
];

/// `sources/<id>.yaml`.
pub const SOURCE: &[Field] = &[
    req("id", Kind::Id, "The source id"),
    req("title", Kind::Text, "Title"),
    req("outlet", Kind::Text, "Where it appeared"),
    opt("url", Kind::Url, "Where readers find it"),
    opt("published", Kind::Date, "YYYY-MM-DD"),
    req(
        "format",
        Kind::Choice(TranscriptFormat::NAMES),
        "Layout of the transcript",
    ),
    req("file", Kind::Text, "The transcript file beside this record"),
    req("sha256", Kind::Hex64, "SHA-256 of the transcript"),
    opt(
        "speakers",
        Kind::List(&Kind::TextOr(SPEAKER_LABEL)),
        "A person speaking, or a transcript label mapped to a person",
    ),
    opt("interviewer", Kind::Text, "Asks the questions"),
    opt("narrator", Kind::Text, "Wrote the framing paragraphs"),
    opt(
        "extracted_from",
        Kind::Object(ORIGINAL),
        "The file the text was extracted from",
    ),
    opt(
        "language",
        Kind::Language,
        "The transcript's language (BCP 47), when not the desk's",
    ),
];

const PUBLISHER: &[Field] = &[
    req("name", Kind::Text, "ClaimReview author"),
    req("url", Kind::Url, "The site checks are published on"),
];
const RATING: &[Field] = &[
    req("key", Kind::Key, "Rating key"),
    req("label", Kind::Text, "Label shown to readers"),
    req(
        "value",
        Kind::Int,
        "ClaimReview ratingValue; higher is more accurate",
    ),
    req("description", Kind::Text, "What the verdict means"),
];
const RULES: &[Field] = &[
    opt(
        "min_evidence",
        Kind::Count,
        "Evidence items a published claim cites",
    ),
    opt(
        "approvals",
        Kind::Count,
        "Distinct approvals in the current review round",
    ),
    opt(
        "rater_may_approve",
        Kind::Bool,
        "Whether the editor who rated may approve",
    ),
    opt(
        "right_of_reply",
        Kind::Bool,
        "Publishing needs the right of reply settled",
    ),
];

const EDITOR: &[Field] = &[
    req("handle", Kind::Text, "What records write in by:"),
    req("name", Kind::Text, "The person's name"),
    opt(
        "emails",
        Kind::List(&Kind::Text),
        "A git author e-mail of this editor",
    ),
];

/// `factdesk.yaml`.
pub const CONFIG: &[Field] = &[
    req("name", Kind::Text, "The desk's name"),
    req(
        "publisher",
        Kind::Object(PUBLISHER),
        "The publishing organisation",
    ),
    req(
        "rating_scale",
        Kind::List(&Kind::Object(RATING)),
        "A verdict",
    ),
    opt("publish", Kind::Object(RULES), "Publish rules"),
    opt(
        "language",
        Kind::Language,
        "The desk's language (BCP 47), default en",
    ),
    opt(
        "csv_bom",
        Kind::Bool,
        "Start claims.csv with a UTF-8 byte-order mark, for Excel (default false)",
    ),
    opt(
        "editors",
        Kind::List(&Kind::Object(EDITOR)),
        "The desk's roster: who may act (--by)",
    ),
    opt(
        "identity",
        Kind::Choice(crate::model::Identity::NAMES),
        "What proves who wrote an entry: declared (default) or git",
    ),
];

#[cfg(test)]
mod tests;

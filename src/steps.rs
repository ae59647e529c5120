//! The steps a person takes on a desk, each one read → change → write:
//! adding a source or a claim, and moving a claim through the workflow.

pub mod check;
pub mod fmt;
pub mod health;
mod paths;
mod speakers;
mod undo;

pub use paths::{desk_root, relative_files, PathError};
pub use speakers::{map_speakers, Reattributed, Reattribution, SpeakerMapChange, SpeakerMapError};
pub use undo::{undo, UndoError};

use crate::model::workflow::{self, Step, WorkflowError};
use crate::model::{Action, Claim, ClaimId, HistoryEntry, Location, Source, Status, Triage};
use crate::store::{Desk, StoreError};
use crate::transcript::{format_time, Closest, QuoteMatch, Transcript};
use chrono::{DateTime, NaiveDate, Utc};

mod gate;
mod source;

pub use gate::{errors_in, GateError, Refusal};
pub use source::{
    add_new_source, add_source, default_id, transcript_file, AddSourceError, Added, NewSource,
};

/// Longest claim text, in characters: the model's bound.
pub use crate::model::fields::MAX_CLAIM_CHARS;

/// The time a step records: now, to the second (history entries carry no
/// fractions of a second).
pub fn now() -> DateTime<Utc> {
    use chrono::Timelike;
    let t = Utc::now();
    t.with_nanosecond(0).unwrap_or(t)
}

/// The day a piece of evidence was read: the day given, else today.
pub fn accessed_on(given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(|| Utc::now().date_naive())
}

/// How alike (share of words in common) the closest passage of a
/// transcript must be to a quote that is not in it, to be worth showing.
pub const CLOSEST_WORTH_SHOWING: f64 = 0.2;

/// What a person gives to log a claim.
#[derive(Debug, Clone, Default)]
pub struct NewClaim {
    pub source: String,
    pub quote: String,
    pub claim: Option<String>,
    pub speaker: Option<String>,
    pub tags: Vec<String>,
    /// Picks one occurrence when the quote is found at several places.
    pub line: Option<u32>,
    pub said_on: Option<NaiveDate>,
    pub triage: Option<Triage>,
}

#[derive(Debug, thiserror::Error)]
pub enum AddClaimError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the quote does not occur in source {source_id}")]
    QuoteNotFound {
        source_id: String,
        /// The transcript's passage closest to the quote, when it is alike
        /// enough to show ([`CLOSEST_WORTH_SHOWING`]).
        closest: Option<Closest>,
    },
    #[error("the quote occurs {} times in source {source_id}, on lines {}", lines.len(), join(lines))]
    Ambiguous { source_id: String, lines: Vec<u32> },
    #[error(
        "the quote does not start on line {line}; it occurs on line(s) {}",
        join(found)
    )]
    NotOnLine { line: u32, found: Vec<u32> },
    #[error("the quote is empty")]
    EmptyQuote,
    #[error("the claim text is empty")]
    EmptyClaim,
    #[error("tag {tag:?} is not valid: tags are lower-case words joined by '-'")]
    BadTag { tag: String },
    #[error("no speaker given and the transcript does not say who speaks at line {line}{}", shared_role.as_ref().map(|l| format!(": the turn is under {l:?}, a role several people speak under, so the transcript cannot say which of them")).unwrap_or_default())]
    NoSpeaker {
        line: u32,
        /// The turn's label, when it names a role several people speak
        /// under (`CALLER`, `AUDIENCE MEMBER`): no map names one of them.
        shared_role: Option<String>,
    },
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("claim text is {chars} characters; keep it to {MAX_CLAIM_CHARS} or fewer, neutral, without the rating")]
    ClaimTooLong { chars: usize },
}

fn join(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A neutral default claim text: the quote, cut at a word boundary.
pub fn default_claim_text(quote: &str) -> String {
    let q = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if q.chars().count() <= MAX_CLAIM_CHARS {
        return q;
    }
    let mut out = String::new();
    for w in q.split(' ') {
        if out.chars().count() + w.chars().count() + 2 > MAX_CLAIM_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// Finds the quote in its transcript and writes a new `candidate` claim.
pub fn add_claim(
    desk: &Desk,
    new: NewClaim,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Claim, AddClaimError> {
    validate_new(&new)?;
    let source = desk.read_source(&new.source)?;
    let (_, transcript) = desk.read_transcript(&source)?;
    add_claim_to(desk, &source, &transcript, new, actor, now)
}

fn validate_new(new: &NewClaim) -> Result<(), AddClaimError> {
    if new.quote.trim().is_empty() {
        return Err(AddClaimError::EmptyQuote);
    }
    match new
        .tags
        .iter()
        .find(|t| crate::model::id::validate_id(t).is_err())
    {
        Some(tag) => Err(AddClaimError::BadTag { tag: tag.clone() }),
        None => Ok(()),
    }
}

/// The one place the quote occurs, or at the line `line` asks for.
fn choose_match(
    matches: Vec<QuoteMatch>,
    line: Option<u32>,
    source_id: &str,
    transcript: &Transcript,
    quote: &str,
) -> Result<QuoteMatch, AddClaimError> {
    let lines = |ms: &[&QuoteMatch]| ms.iter().map(|m| m.line).collect::<Vec<_>>();
    let all: Vec<&QuoteMatch> = matches.iter().collect();
    let on_line: Vec<&QuoteMatch> = match line {
        Some(l) => all.iter().copied().filter(|m| m.line == l).collect(),
        None => all.clone(),
    };
    match (all.len(), on_line.as_slice(), line) {
        (0, _, _) => Err(AddClaimError::QuoteNotFound {
            source_id: source_id.to_string(),
            closest: transcript
                .closest_passage(quote)
                .filter(|c| c.similarity > CLOSEST_WORTH_SHOWING),
        }),
        (_, [m], _) => Ok((*m).clone()),
        (_, [], Some(line)) => Err(AddClaimError::NotOnLine {
            line,
            found: lines(&all),
        }),
        (_, several, _) => Err(AddClaimError::Ambiguous {
            source_id: source_id.to_string(),
            lines: lines(several),
        }),
    }
}

/// Writes a new `candidate` claim quoting `transcript` of `source`.
fn add_claim_to(
    desk: &Desk,
    source: &Source,
    transcript: &Transcript,
    new: NewClaim,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Claim, AddClaimError> {
    let matches = transcript.find_quote(&new.quote);
    let chosen = choose_match(matches, new.line, &source.id, transcript, &new.quote)?;
    let speaker = match new
        .speaker
        .or_else(|| transcript.segments[chosen.segment].speaker.clone())
    {
        Some(s) => s,
        None => {
            let label = transcript.segments[chosen.segment].label.clone();
            return Err(AddClaimError::NoSpeaker {
                line: chosen.line,
                shared_role: label.filter(|l| crate::transcript::labels::is_shared_role(l)),
            });
        }
    };
    let claim_text = new.claim.unwrap_or_else(|| default_claim_text(&new.quote));
    if claim_text.trim().is_empty() {
        return Err(AddClaimError::EmptyClaim);
    }
    let chars = claim_text.chars().count();
    if chars > MAX_CLAIM_CHARS {
        return Err(AddClaimError::ClaimTooLong { chars });
    }
    let quote = new.quote.trim().to_string();
    let salt = format!(
        "{}\n{}\n{}\n{}\n{}",
        source.id,
        quote,
        actor,
        now.timestamp_nanos_opt().unwrap_or(0),
        std::process::id()
    );
    let claim = Claim {
        id: ClaimId::mint(&claim_text, &salt),
        claim: claim_text,
        quote,
        speaker,
        source: source.id.clone(),
        location: Location {
            line: chosen.line,
            start: chosen.start_ms.map(format_time),
            end: chosen.end_ms.map(format_time),
        },
        said_on: new.said_on.or(source.published),
        tags: new.tags,
        status: Status::Candidate,
        assignee: None,
        priority: None,
        due: None,
        rating: None,
        summary: None,
        notes: None,
        reply: None,
        triage: new.triage,
        evidence: vec![],
        reviews: vec![],
        corrections: vec![],
        history: vec![HistoryEntry {
            to: Some(Status::Candidate),
            ..HistoryEntry::new(now, actor, Action::Created)
        }],
    };
    gate::admit(desk, &claim, now.date_naive()).map_err(|e| match e {
        gate::GateError::Store(s) => AddClaimError::Store(s),
        gate::GateError::Refused(r) => AddClaimError::Refused(r),
    })?;
    desk.create_claim(&claim)?;
    Ok(claim)
}

#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    #[error(transparent)]
    Refused(#[from] Refusal),
}

impl From<gate::GateError> for StepError {
    fn from(e: gate::GateError) -> Self {
        match e {
            gate::GateError::Store(s) => StepError::Store(s),
            gate::GateError::Refused(r) => StepError::Refused(r),
        }
    }
}

/// Applies one workflow step to a claim under its lock. The step's time is
/// read from `clock` once the lock is held, so steps of concurrent commands
/// land in the history in time order.
pub fn apply_step(
    desk: &Desk,
    id: &ClaimId,
    step: Step,
    actor: &str,
    clock: impl FnOnce() -> DateTime<Utc>,
) -> Result<Claim, StepError> {
    let config = &desk.config;
    desk.update_claim(id, |claim| -> Result<(), StepError> {
        // The clock is read under the lock; a clock set back still never
        // dates an entry before the one just written.
        let now = clock();
        let now = claim.history.last().map_or(now, |h| h.at.max(now));
        let step = with_source_facts(desk, claim, step);
        workflow::apply(claim, step, actor, now, config)?;
        Ok(gate::admit(desk, claim, now.date_naive())?)
    })?
}

/// Publication is judged with the claim's source (its link and date); an
/// unreadable source counts as one without either.
fn with_source_facts(desk: &Desk, claim: &Claim, step: Step) -> Step {
    match step {
        Step::Publish(mut facts) => {
            if let Ok(source) = desk.read_source(&claim.source) {
                facts.source_url = source.url;
                facts.source_date = source.published;
            }
            Step::Publish(facts)
        }
        other => other,
    }
}

/// Metadata for a new source; `file` and `sha256` are filled in when stored.
pub fn new_source(
    id: String,
    title: String,
    outlet: String,
    format: crate::model::TranscriptFormat,
) -> Source {
    Source {
        id,
        title,
        outlet,
        url: None,
        published: None,
        format,
        file: String::new(),
        sha256: String::new(),
        speakers: vec![],
        interviewer: None,
        narrator: None,
        extracted_from: None,
        language: None,
    }
}

/// What became of one proposed candidate.
#[derive(Debug)]
pub enum Proposed {
    Added(Box<Claim>),
    /// A claim with this quote at this line already exists.
    Exists(ClaimId),
    Skipped(AddClaimError),
}

/// Turns ranked sentences of a source into `candidate` claims, each with its
/// triage score and model version. A sentence already logged at the same line
/// of the same source is not added again, so running twice adds nothing new.
pub fn add_candidates(
    desk: &Desk,
    source: &str,
    picks: &[(crate::transcript::Sentence, f64)],
    model: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Proposed>, StoreError> {
    use crate::transcript::normalize;
    let src = desk.read_source(source)?;
    let (_, transcript) = desk.read_transcript(&src)?;
    let existing: Vec<Claim> = desk
        .load_claims()?
        .into_iter()
        .filter(|c| c.source == source)
        .collect();
    let mut out = Vec::new();
    for (sentence, score) in picks {
        let quote = normalize(&sentence.text);
        if let Some(c) = existing
            .iter()
            .find(|c| c.location.line == sentence.line && normalize(&c.quote) == quote)
        {
            out.push(Proposed::Exists(c.id.clone()));
            continue;
        }
        let new = NewClaim {
            source: source.to_string(),
            quote: sentence.text.clone(),
            speaker: sentence.speaker.clone(),
            line: Some(sentence.line),
            triage: Some(Triage {
                score: (score * 10_000.0).round() / 10_000.0,
                model: model.to_string(),
            }),
            ..NewClaim::default()
        };
        out.push(
            match validate_new(&new)
                .and_then(|()| add_claim_to(desk, &src, &transcript, new, actor, now))
            {
                Ok(c) => Proposed::Added(Box::new(c)),
                Err(AddClaimError::Store(e)) => return Err(e),
                Err(e) => Proposed::Skipped(e),
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TranscriptFormat;
    use crate::transcript::Roles;

    #[test]
    fn steps_record_whole_seconds() {
        use chrono::Timelike;
        assert_eq!(now().nanosecond(), 0);
        let day = NaiveDate::from_ymd_opt(2024, 6, 13).unwrap();
        assert_eq!(accessed_on(Some(day)), day);
        assert_eq!(accessed_on(None), Utc::now().date_naive());
    }

    #[test]
    fn a_missing_quote_shows_the_closest_passage_only_when_alike() {
        let t = Transcript::parse(
            "MAYOR: Rents rose by a third since 2019. We will build 4,000 homes.\n",
            TranscriptFormat::Text,
            &Roles::default(),
        )
        .unwrap();
        let closest = |quote: &str| match choose_match(t.find_quote(quote), None, "s", &t, quote) {
            Err(AddClaimError::QuoteNotFound { closest, .. }) => closest,
            other => panic!("{other:?}"),
        };
        let near = closest("Rents rose by a half since 2019.").expect("alike enough");
        assert_eq!(near.text, "Rents rose by a third since 2019.");
        assert!(near.similarity > CLOSEST_WORTH_SHOWING);
        assert!(closest("The ferry timetable changes in May").is_none());
    }
}

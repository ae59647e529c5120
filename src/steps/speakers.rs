//! `source speakers ID --map LABEL=NAME`: changing a source's speaker map
//! and re-attributing its claims. A claim whose speaker is the one its turn
//! used to be attributed to follows the new map (with an `edited speaker`
//! history entry); a claim whose speaker was given by hand keeps it and is
//! reported; a published claim's speaker changes only through a public
//! correction, so a map that would change one is refused unless the
//! published claims are explicitly left as they are.

use crate::model::{Claim, ClaimId, HistoryEntry, Source, SpeakerEntry, SpeakerLabel, Status};
use crate::store::{roles, Desk, StoreError};
use crate::transcript::{label_key, Transcript, TranscriptError};
use chrono::{DateTime, Utc};

/// A claim whose speaker the new map changes (or would change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reattributed {
    pub id: ClaimId,
    pub from: String,
    pub to: String,
}

/// What a speaker-map change did.
#[derive(Debug, Clone)]
pub struct SpeakerMapChange {
    pub source: Source,
    /// Claims re-attributed, each with a history entry.
    pub changed: Vec<Reattributed>,
    /// Published claims left with their speaker (`leave_published`).
    pub kept_published: Vec<Reattributed>,
    /// Claims whose hand-given speaker differs from what the map now says.
    pub differs: Vec<Reattributed>,
}

#[derive(Debug, thiserror::Error)]
pub enum SpeakerMapError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the transcript of {source_id} does not read: {error}")]
    Transcript {
        source_id: String,
        error: TranscriptError,
    },
    #[error("no turn of {source_id} carries the label {label:?}")]
    UnknownLabel {
        source_id: String,
        label: String,
        labels: Vec<String>,
    },
    #[error("the speaker of {} published claim(s) would change: {}", claims.len(), list(claims))]
    Published { claims: Vec<Reattributed> },
}

fn list(claims: &[Reattributed]) -> String {
    claims
        .iter()
        .map(|c| format!("{} ({} → {})", c.id, c.from, c.to))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds or replaces (same label, ignoring case and spacing) map entries.
fn merged(source: &Source, map: &[SpeakerLabel]) -> Source {
    let mut s = source.clone();
    for m in map {
        let key = label_key(&m.label);
        s.speakers.retain(|e| match e {
            SpeakerEntry::Label(l) => label_key(&l.label) != key,
            SpeakerEntry::Name(_) => true,
        });
        s.speakers.push(SpeakerEntry::Label(m.clone()));
    }
    s
}

/// Who the transcript says speaks the claim's quote, at its recorded line.
fn speaker_of(t: &Transcript, claim: &Claim) -> Option<String> {
    let matches = t.find_quote(&claim.quote);
    let m = matches
        .iter()
        .find(|m| m.line == claim.location.line)
        .or(matches.first())?;
    t.segments[m.segment].speaker.clone()
}

/// How `map_speakers` treats the source's claims.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reattribution {
    /// Leave published claims with their speaker instead of refusing.
    pub leave_published: bool,
    /// Give every claim the speaker the transcript and map name, hand-given
    /// speakers included (after a hand edit of `speakers:`).
    pub all: bool,
}

/// Applies `map` to source `id` and re-attributes its claims.
pub fn map_speakers(
    desk: &Desk,
    id: &str,
    map: &[SpeakerLabel],
    how: Reattribution,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<SpeakerMapChange, SpeakerMapError> {
    let old = desk.read_source(id)?;
    let (text, before) = desk.read_transcript(&old)?;
    let new = merged(&old, map);
    let after = Transcript::parse(&text, new.format, &roles(&new)).map_err(|error| {
        SpeakerMapError::Transcript {
            source_id: id.to_string(),
            error,
        }
    })?;
    if let Some(label) = after.unknown_labels(map).first() {
        return Err(SpeakerMapError::UnknownLabel {
            source_id: id.to_string(),
            label: label.to_string(),
            labels: after.labels().iter().map(|l| l.to_string()).collect(),
        });
    }
    let mut change = SpeakerMapChange {
        source: new.clone(),
        changed: vec![],
        kept_published: vec![],
        differs: vec![],
    };
    let claims: Vec<Claim> = desk
        .load_claims()?
        .into_iter()
        .filter(|c| c.source == id)
        .collect();
    let mut published = vec![];
    for c in &claims {
        let (was, now_is) = (speaker_of(&before, c), speaker_of(&after, c));
        let Some(to) = now_is.filter(|n| *n != c.speaker) else {
            continue;
        };
        let r = Reattributed {
            id: c.id.clone(),
            from: c.speaker.clone(),
            to,
        };
        match (
            how.all || was.as_deref() == Some(c.speaker.as_str()),
            c.status,
        ) {
            (false, _) => change.differs.push(r),
            (true, Status::Published) => published.push(r),
            (true, _) => change.changed.push(r),
        }
    }
    if !published.is_empty() && !how.leave_published {
        return Err(SpeakerMapError::Published { claims: published });
    }
    change.kept_published = published;
    let targets = change
        .changed
        .iter()
        .map(|r| Desk::claim_rel(r.id.as_str()));
    desk.ensure_replaceable(targets.chain([Desk::source_rel(id)]))?;
    for r in &change.changed {
        let to = r.to.clone();
        let updated = desk.update_claim(&r.id, |c: &mut Claim| {
            c.speaker = to;
            c.history
                .push(HistoryEntry::edited(now, actor, &["speaker"]));
            Ok::<(), std::convert::Infallible>(())
        })?;
        if let Err(never) = updated {
            match never {}
        }
    }
    desk.update_source(&new)?;
    Ok(change)
}

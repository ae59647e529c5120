//! Changed transcripts: whether the metadata's sha256 followed the text, and
//! which claims citing the source lost their quote or saw it move.

use crate::history::git::{Repo, Side};
use crate::history::published::published_with;
use crate::history::versions::{sha256_hex, source_from, ClaimVersion};
use crate::history::HistoryError;
use crate::model::Source;
use crate::store::roles;
use crate::transcript::Transcript;
use serde::Serialize;

/// A transcript whose text changed between the two sides.
#[derive(Debug, Clone, Serialize)]
pub struct TranscriptChange {
    pub source: String,
    /// Desk path of the transcript, `sources/<file>`.
    pub file: String,
    /// Whether the file is gone at the newer side.
    pub removed: bool,
    /// Whether the metadata's sha256 matches the new text.
    pub sha256_updated: bool,
    /// Why the new text cannot be read as a transcript, if it cannot.
    pub unreadable: Option<String>,
    /// Claims whose quote no longer occurs.
    pub broken: Vec<QuoteRef>,
    /// Claims whose quote now starts on another line.
    pub moved: Vec<QuoteRef>,
    /// Claims published at the older side that quote the transcript (a
    /// transcript a published quote stands on never changes: flagged).
    pub published: Vec<String>,
    /// Whether the change needs an editor's eye: broken quotes, an unreadable
    /// or removed transcript, or a sha256 left behind.
    pub flagged: bool,
}

/// A claim citing a changed transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRef {
    pub id: String,
    pub claim: String,
    /// The line the claim records.
    pub line: u32,
    /// Where the quote now starts (moved quotes only).
    pub new_line: Option<u32>,
}

/// Looks at every changed `sources/` path that is a transcript.
pub fn changed_transcripts(
    repo: &Repo,
    from: &Side,
    to: &Side,
    changed: &[String],
) -> Result<Vec<TranscriptChange>, HistoryError> {
    let mut out = Vec::new();
    for path in changed.iter().filter(|p| !p.ends_with(".yaml")) {
        let Some(name) = path.strip_prefix("sources/").filter(|n| !n.contains('/')) else {
            continue;
        };
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let meta_path = format!("sources/{stem}.yaml");
        let read = [path.clone(), meta_path.clone()];
        let (old, new) = (repo.read_paths(from, &read)?, repo.read_paths(to, &read)?);
        let meta = new[1]
            .as_deref()
            .or(old[1].as_deref())
            .and_then(|b| source_from(b, &meta_path))
            .filter(|s| s.file == name);
        let Some(meta) = meta else { continue };
        // A new source is not a change to a transcript; its claims show as added.
        if old[0] == new[0] || old[0].is_none() {
            continue;
        }
        let mut change = check_transcript(repo, to, &meta, path, new[0].as_deref())?;
        change.published = published_with(repo, from, "source", &meta.id)?;
        change.flagged |= !change.published.is_empty();
        out.push(change);
    }
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}

fn check_transcript(
    repo: &Repo,
    to: &Side,
    meta: &Source,
    path: &str,
    text: Option<&[u8]>,
) -> Result<TranscriptChange, HistoryError> {
    let mut change = TranscriptChange {
        source: meta.id.clone(),
        file: path.to_string(),
        removed: text.is_none(),
        sha256_updated: text.is_some_and(|t| sha256_hex(t) == meta.sha256),
        unreadable: None,
        broken: vec![],
        moved: vec![],
        published: vec![],
        flagged: false,
    };
    let transcript = match text.map(std::str::from_utf8) {
        None => None,
        Some(Err(e)) => {
            change.unreadable = Some(format!("not valid UTF-8: {e}"));
            None
        }
        Some(Ok(t)) => match Transcript::parse(t, meta.format, &roles(meta)) {
            Ok(t) => Some(t),
            Err(e) => {
                change.unreadable = Some(e.to_string());
                None
            }
        },
    };
    for claim in citing_claims(repo, to, &meta.id)? {
        let r = |new_line| QuoteRef {
            id: claim.id.to_string(),
            claim: claim.claim.clone(),
            line: claim.location.line,
            new_line,
        };
        let found = transcript
            .as_ref()
            .map(|t| t.find_quote(&claim.quote))
            .unwrap_or_default();
        match found.first() {
            None => change.broken.push(r(None)),
            Some(_) if found.iter().any(|m| m.line == claim.location.line) => {}
            Some(m) => change.moved.push(r(Some(m.line))),
        }
    }
    change.flagged = change.removed
        || !change.sha256_updated
        || change.unreadable.is_some()
        || !change.broken.is_empty();
    Ok(change)
}

/// The claims at `side` that quote source `id`, found with one `git grep`
/// and read in bulk.
fn citing_claims(
    repo: &Repo,
    side: &Side,
    id: &str,
) -> Result<Vec<crate::model::Claim>, HistoryError> {
    if crate::model::id::validate_id(id).is_err() {
        return Ok(Vec::new());
    }
    let pattern = format!("^source: *['\"]?{id}['\"]? *$");
    let paths = repo.grep(side, &pattern, "claims")?;
    let bytes = repo.read_paths(side, &paths)?;
    let mut claims: Vec<_> = paths
        .iter()
        .zip(&bytes)
        .filter_map(|(p, b)| match ClaimVersion::from_bytes(b.as_deref(), p) {
            ClaimVersion::Parsed(c) if c.source == id => Some(*c),
            _ => None,
        })
        .collect();
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(claims)
}

//! `factdesk diff`: what happened to each claim between two sides of the
//! desk (a commit and another commit, or the working tree). Only the paths git
//! reports as changed are read, in bulk, and parsed with the store's parser.

mod compare;
mod desk_files;
mod findings;
mod transcripts;

pub use crate::model::fields::FieldChange;
pub use compare::compare_claim;
pub use desk_files::{SettingsDiff, SourceDiff};
pub use transcripts::TranscriptChange;

use super::git::{PathChange, Repo, Side};
use super::versions::ClaimVersion;
use super::{claim_id_of, HistoryError};
use crate::diag::{Run, Said};
use crate::model::{Decision, RatingScale, Stance, Status};
use serde::Serialize;

/// The desk paths a diff looks at.
const DESK_PATHS: [&str; 3] = ["claims", "sources", "factdesk.yaml"];

/// Every claim-level change between two sides. Serialized as the stable JSON
/// shape of `factdesk diff --format json` (see docs/git-workflow.md).
#[derive(Debug, Clone, Serialize)]
pub struct DeskDiff {
    pub from: SideRef,
    pub to: SideRef,
    /// Changed claims, sorted by source then id.
    pub claims: Vec<ClaimDiff>,
    /// Changed transcripts, sorted by source.
    pub transcripts: Vec<TranscriptChange>,
    /// Sources whose metadata changed, added or removed.
    pub sources: Vec<SourceDiff>,
    /// What changed in `factdesk.yaml`.
    pub settings: SettingsDiff,
}

/// One side, as shown and as a commit id (null for the working tree).
#[derive(Debug, Clone, Serialize)]
pub struct SideRef {
    pub label: String,
    pub commit: Option<String>,
}

impl SideRef {
    fn of(side: &Side) -> SideRef {
        SideRef {
            label: side.label(),
            commit: side.sha().map(str::to_string),
        }
    }
}

/// What happened to a claim file as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimDiffKind {
    Added,
    Removed,
    Changed,
    Unparsable,
}

/// The changes to one claim.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimDiff {
    pub id: String,
    /// The source it quotes (at the newer side when it has one).
    pub source: String,
    /// The claim text (at the newer side when it has one).
    pub claim: String,
    pub kind: ClaimDiffKind,
    /// Whether a change needs an editor's eye: an edit to a published claim,
    /// a removed published claim, a rewritten record, an unparsable record.
    pub flagged: bool,
    pub changes: Vec<Change>,
}

/// A rating with its label on the desk's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub key: String,
    pub label: String,
}

impl Rating {
    pub fn of(key: &str, scales: &[&RatingScale]) -> Rating {
        let label = scales
            .iter()
            .find_map(|s| s.get(key))
            .map_or_else(|| key.to_string(), |r| r.label.clone());
        Rating {
            key: key.to_string(),
            label,
        }
    }
}

/// A text field of a claim whose edits are watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Quote,
    Claim,
    Summary,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Quote => "quote",
            Field::Claim => "claim",
            Field::Summary => "summary",
        }
    }
}

/// An append-only list of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ledger {
    History,
    Reviews,
    Corrections,
}

impl Ledger {
    pub fn as_str(self) -> &'static str {
        match self {
            Ledger::History => "history",
            Ledger::Reviews => "reviews",
            Ledger::Corrections => "corrections",
        }
    }
}

/// Which side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    Old,
    New,
}

/// One change to a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Change {
    Added {
        status: Status,
        rating: Option<Rating>,
    },
    Removed {
        status: Status,
    },
    Unparsable {
        side: Which,
        message: String,
    },
    Status {
        from: Status,
        to: Status,
    },
    Rating {
        from: Option<Rating>,
        to: Option<Rating>,
    },
    EvidenceAdded {
        url: String,
        title: String,
        stance: Stance,
    },
    EvidenceRemoved {
        url: String,
        title: String,
    },
    ReviewAdded {
        by: String,
        decision: Decision,
        note: Option<String>,
    },
    CorrectionAdded {
        by: String,
        note: String,
    },
    /// A history entry added to a claim published at the older side (other
    /// than a review or a correction): who says they changed it.
    EntryAdded {
        by: String,
        action: String,
        note: Option<String>,
    },
    Assignee {
        from: Option<String>,
        to: Option<String>,
    },
    /// A text edit to a claim not published at the older side.
    Edited {
        field: Field,
        from: Option<String>,
        to: Option<String>,
    },
    /// A text edit to a claim published at the older side: flagged when
    /// it breaks the field's rule (the quote and claim text never change;
    /// the summary only through the correction that records it).
    PublishedEdited {
        field: Field,
        from: Option<String>,
        to: Option<String>,
        /// Whether a correction entry was added in the same change.
        with_correction: bool,
        /// The rule the edit breaks (the audit's words); None when the
        /// correction that records it came with it.
        rule: Option<Said>,
    },
    /// Entries present at the older side changed or went missing: flagged.
    Rewritten {
        ledger: Ledger,
        entries: usize,
    },
    /// Any other field (`speaker`, `location.line`, `evidence[0].stance`,
    /// `tags`, …), both values as text.
    Field {
        field: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// A change to a claim published at the older side that its rule does
    /// not allow (the audit's rule, `rule` says which): flagged.
    RuleBroken {
        field: String,
        rule: Said,
    },
    /// What `factdesk check` finds in the newer version and did not find
    /// in the older one (a status jump, a rating no entry set, a
    /// hand-written review, an approval by the rater under another
    /// spelling, a hidden character, a stale approval, …), with the check's
    /// code: flagged when it is an error.
    Finding {
        code: String,
        message: String,
        error: bool,
    },
}

impl Change {
    /// Whether this change alone flags the claim.
    pub fn is_flagged(&self) -> bool {
        matches!(
            self,
            Change::Removed {
                status: Status::Published
            } | Change::Added {
                status: Status::Published,
                ..
            } | Change::Unparsable { .. }
                | Change::PublishedEdited { rule: Some(_), .. }
                | Change::Rewritten { .. }
                | Change::RuleBroken { .. }
                | Change::Finding { error: true, .. }
        )
    }
}

impl DeskDiff {
    /// Whether anything in the diff needs an editor's eye.
    pub fn flagged(&self) -> bool {
        self.claims.iter().any(|c| c.flagged)
            || self.transcripts.iter().any(|t| t.flagged)
            || self.sources.iter().any(|s| s.flagged)
            || self.settings.flagged()
    }

    /// Writes the commands the rules name (`Said::write`), each by
    /// `command`: the CLI does so before it shows or serializes the diff.
    pub fn write_commands(&mut self, command: impl Fn(&Run) -> String) {
        for change in self.claims.iter_mut().flat_map(|c| c.changes.iter_mut()) {
            match change {
                Change::PublishedEdited {
                    rule: Some(rule), ..
                }
                | Change::RuleBroken { rule, .. } => rule.write(&command),
                _ => {}
            }
        }
    }

    /// Sources with changes, sorted: the groups of the Markdown summary.
    pub fn sources(&self) -> Vec<&str> {
        let mut s: Vec<&str> = self
            .claims
            .iter()
            .map(|c| c.source.as_str())
            .chain(self.transcripts.iter().map(|t| t.source.as_str()))
            .chain(self.sources.iter().map(|t| t.source.as_str()))
            .collect();
        s.sort();
        s.dedup();
        s
    }
}

/// Compares the desk at `from` (a commit) with `to` (a commit or the working tree).
pub fn diff_desk(repo: &Repo, from: &Side, to: &Side) -> Result<DeskDiff, HistoryError> {
    let Some(from_sha) = from.sha() else {
        return Err(HistoryError::UnknownRevision { rev: from.label() });
    };
    let changed = repo.changes(from_sha, to, &DESK_PATHS)?;
    let claim_changes: Vec<PathChange> = changed
        .iter()
        .filter(|c| claim_id_of(&c.path).is_some())
        .cloned()
        .collect();
    let old = repo.read_old(&claim_changes)?;
    let new = repo.read_new(to, &claim_changes)?;
    let old_settings = desk_files::config_at(repo, from)?;
    let new_settings = desk_files::config_at(repo, to)?;
    let (old_cfg, new_cfg) = (&old_settings.config, &new_settings.config);
    let scales: Vec<&RatingScale> = [new_cfg, old_cfg]
        .into_iter()
        .filter_map(|c| c.as_ref().map(|c| &c.rating_scale))
        .collect();
    let mut claims: Vec<ClaimDiff> = claim_changes
        .iter()
        .zip(old.iter().zip(&new))
        .filter_map(|(change, (old, new))| {
            let path = &change.path;
            let id = claim_id_of(path)?;
            let before = ClaimVersion::from_bytes(old.as_deref(), path);
            let after = ClaimVersion::from_bytes(new.as_deref(), path);
            let found = match after {
                ClaimVersion::Parsed(_) => findings::new_findings(
                    path,
                    findings::Checked {
                        bytes: old.as_deref(),
                        config: old_cfg.as_ref(),
                    },
                    findings::Checked {
                        bytes: new.as_deref(),
                        config: new_cfg.as_ref(),
                    },
                ),
                _ => Vec::new(),
            };
            compare_claim(id, &before, &after, &scales, found)
        })
        .collect();
    claims.sort_by(|a, b| (&a.source, &a.id).cmp(&(&b.source, &b.id)));
    let sources: Vec<String> = changed
        .iter()
        .filter(|c| c.path.starts_with("sources/"))
        .map(|c| c.path.clone())
        .collect();
    let transcripts = transcripts::changed_transcripts(repo, from, to, &sources)?;
    Ok(DeskDiff {
        from: SideRef::of(from),
        to: SideRef::of(to),
        claims,
        transcripts,
        sources: desk_files::sources(repo, from, to, &sources)?,
        settings: desk_files::settings(repo, from, &old_settings, &new_settings)?,
    })
}

//! The desk files beside the claims that a reviewer must see change:
//! `factdesk.yaml` (every setting, with a loosened publish rule flagged, as
//! the audit's rule says) and each source's metadata (`sources/<id>.yaml`),
//! field by field.

use crate::history::git::{Repo, Side};
use crate::history::versions::{config_from, source_from};
use crate::history::HistoryError;
use crate::model::fields::{field_changes, FieldChange, CONFIG, SOURCE};
use crate::model::DeskConfig;
use serde::Serialize;

/// What changed in `factdesk.yaml`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SettingsDiff {
    pub changes: Vec<FieldChange>,
    /// Publish rules loosened (`publish.approvals`, …): flagged.
    pub loosened: Vec<String>,
}

/// The settings at both sides, compared.
pub fn settings(old: Option<&DeskConfig>, new: Option<&DeskConfig>) -> SettingsDiff {
    let (Some(old), Some(new)) = (old, new) else {
        return SettingsDiff::default();
    };
    SettingsDiff {
        changes: field_changes(CONFIG, old, new, &[]),
        loosened: old
            .publish
            .loosened_by(&new.publish)
            .into_iter()
            .map(|(rule, _, _)| format!("publish.{rule}"))
            .collect(),
    }
}

/// A source whose metadata changed.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDiff {
    pub source: String,
    pub file: String,
    /// Added or removed at the newer side (then `changes` is empty).
    pub kind: super::ClaimDiffKind,
    pub changes: Vec<FieldChange>,
}

/// Every changed `sources/*.yaml` among `paths`.
pub fn sources(
    repo: &Repo,
    from: &Side,
    to: &Side,
    paths: &[String],
) -> Result<Vec<SourceDiff>, HistoryError> {
    let metas: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with(".yaml") && p.starts_with("sources/"))
        .cloned()
        .collect();
    let (old, new) = (repo.read_paths(from, &metas)?, repo.read_paths(to, &metas)?);
    let mut out = Vec::new();
    for (path, (a, b)) in metas.iter().zip(old.iter().zip(&new)) {
        let parse = |b: &Option<Vec<u8>>| b.as_deref().and_then(|b| source_from(b, path));
        let (a, b) = (parse(a), parse(b));
        use super::ClaimDiffKind as K;
        let (kind, changes, id) = match (&a, &b) {
            (Some(a), Some(b)) => (K::Changed, field_changes(SOURCE, a, b, &[]), b.id.clone()),
            (None, Some(b)) => (K::Added, Vec::new(), b.id.clone()),
            (Some(a), None) => (K::Removed, Vec::new(), a.id.clone()),
            (None, None) => continue,
        };
        if kind == K::Changed && changes.is_empty() {
            continue;
        }
        out.push(SourceDiff {
            source: id,
            file: path.clone(),
            kind,
            changes,
        });
    }
    Ok(out)
}

/// The settings at one side.
pub fn config_at(repo: &Repo, side: &Side) -> Result<Option<DeskConfig>, HistoryError> {
    let cfg = [crate::store::CONFIG_FILE.to_string()];
    Ok(config_from(
        repo.read_paths(side, &cfg)?.pop().flatten().as_deref(),
    ))
}

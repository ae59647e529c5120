//! The desk files beside the claims that a reviewer must see change:
//! `factdesk.yaml` (every setting; a loosened publish rule and a redefined
//! rating that published checks carry flagged, by the rules the audit
//! judges with) and each source's metadata (`sources/<id>.yaml`), field by
//! field, flagged when published checks cite the source.

use super::Which;
use crate::history::git::{Repo, Side};
use crate::history::published::published_with;
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
    /// Ratings whose meaning changed (removed, new label or value) while
    /// published checks at the older side carry them: flagged.
    pub redefined: Vec<String>,
    /// The side at which `factdesk.yaml` exists but does not parse: flagged.
    pub unreadable: Option<Which>,
}

impl SettingsDiff {
    pub fn flagged(&self) -> bool {
        !self.loosened.is_empty() || !self.redefined.is_empty() || self.unreadable.is_some()
    }

    /// Whether the setting at `path` is one that is flagged.
    pub fn is_flagged(&self, path: &str) -> bool {
        self.loosened.iter().any(|l| l == path)
            || self.redefined.iter().any(|key| {
                path.strip_prefix("rating_scale[")
                    .is_some_and(|_| path.ends_with(&format!("({key})")))
            })
    }
}

/// The settings at one side: whether the file is there, and parsed.
pub struct Settings {
    pub present: bool,
    pub config: Option<DeskConfig>,
}

/// The settings at both sides, compared.
pub fn settings(
    repo: &Repo,
    from: &Side,
    old: &Settings,
    new: &Settings,
) -> Result<SettingsDiff, HistoryError> {
    let unreadable = match (old, new) {
        (
            _,
            Settings {
                present: true,
                config: None,
            },
        ) => Some(Which::New),
        (
            Settings {
                present: true,
                config: None,
            },
            _,
        ) => Some(Which::Old),
        _ => None,
    };
    let (Some(old), Some(new)) = (&old.config, &new.config) else {
        return Ok(SettingsDiff {
            unreadable,
            ..SettingsDiff::default()
        });
    };
    let mut redefined = Vec::new();
    for (key, _) in old.rating_scale.redefined_by(&new.rating_scale) {
        if !published_with(repo, from, "rating", key)?.is_empty() {
            redefined.push(key.to_string());
        }
    }
    let mut changes = field_changes(CONFIG, old, new, &[]);
    for c in changes.iter_mut().filter(|c| c.top() == "rating_scale") {
        // Name the rating the change is about: `rating_scale[2].value (false)`.
        let key = rating_key(&c.field, old, new);
        if let Some(key) = key {
            c.field = format!("{} ({key})", c.field);
        }
    }
    Ok(SettingsDiff {
        changes,
        loosened: old
            .publish
            .loosened_by(&new.publish)
            .into_iter()
            .map(|(rule, _, _)| format!("publish.{rule}"))
            .collect(),
        redefined,
        unreadable,
    })
}

/// The key of the rating a `rating_scale[i]…` path is about (index at the
/// newer side, or the older for a removed rating).
fn rating_key(path: &str, old: &DeskConfig, new: &DeskConfig) -> Option<String> {
    let i: usize = path
        .strip_prefix("rating_scale[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    let whole = path.ends_with(']');
    let at_new = new.rating_scale.0.get(i);
    let at_old = old.rating_scale.0.get(i);
    match (whole, at_new, at_old) {
        // A whole rating added (absent at the older side) or removed.
        (true, Some(n), _) if old.rating_scale.get(&n.key).is_none() => Some(n.key.clone()),
        (true, _, Some(o)) => Some(o.key.clone()),
        (_, Some(n), _) => Some(n.key.clone()),
        _ => None,
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
    /// Claims published at the older side that cite the source.
    pub published: Vec<String>,
    /// Changed or removed while published checks cite it.
    pub flagged: bool,
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
        let published = match (&a, kind) {
            (Some(a), K::Changed | K::Removed) => published_with(repo, from, "source", &a.id)?,
            _ => Vec::new(),
        };
        out.push(SourceDiff {
            source: id,
            file: path.clone(),
            kind,
            changes,
            flagged: !published.is_empty(),
            published,
        });
    }
    Ok(out)
}

/// The settings at one side.
pub fn config_at(repo: &Repo, side: &Side) -> Result<Settings, HistoryError> {
    let cfg = [crate::store::CONFIG_FILE.to_string()];
    let bytes = repo.read_paths(side, &cfg)?.pop().flatten();
    Ok(Settings {
        present: bytes.is_some(),
        config: config_from(bytes.as_deref()),
    })
}

//! What published checks stand on, judged step by step:
//!
//! - a transcript changes only together with the sha256 its metadata
//!   records, and never once a published quote stands on it (a new version
//!   is a new source);
//! - the metadata of a source a published check cites never changes (title,
//!   outlet, link, date, speakers: what the check shows and attributes);
//! - the desk's publish rules only get stricter, and a rating a published
//!   check uses keeps its label and value (new ratings are fine).
//!
//! "Published" is judged at the parent of the step, with `git grep` over the
//! claims folder there (only when a source or the settings changed).

use super::{Blobs, Range, Step};
use crate::check::locate::FieldPath;
use crate::diag::Code;
use crate::diag::{Diagnostic, Remedy, Run};
use crate::history::git::Repo;
use crate::history::versions::{config_from, sha256_hex, source_from};
use crate::history::HistoryError;
use crate::model::Source;

/// What the rules of one step may look at.
pub struct Context<'a> {
    pub repo: &'a Repo,
    pub step: &'a Step,
    pub range: &'a Range,
    pub blobs: &'a Blobs,
}

impl Context<'_> {
    fn finding(&self, code: Code, path: &str, message: String, hint: String) -> Diagnostic {
        self.range.notes(&self.step.stage).into_iter().fold(
            Diagnostic::new(code, path, message).hint(hint),
            Diagnostic::note,
        )
    }

    /// A finding whose hint may name commands (the CLI writes them).
    fn finding_remedy(
        &self,
        code: Code,
        path: &str,
        message: String,
        remedy: Remedy,
    ) -> Diagnostic {
        self.range.notes(&self.step.stage).into_iter().fold(
            Diagnostic::new(code, path, message).remedy(remedy),
            Diagnostic::note,
        )
    }

    /// `d` placed on the line of the field at `path` in `now`, the
    /// version of the file this step made.
    fn on(&self, d: Diagnostic, now: &Option<String>, path: &FieldPath) -> Diagnostic {
        let text = self
            .blobs
            .bytes(now)
            .and_then(|b| std::str::from_utf8(b).ok());
        super::on_field(&self.step.stage, text, d, path)
    }

    /// The bytes of a desk path at this step (changed here or not).
    fn at_step(&self, path: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        if let Some((_, now)) = self.step.paths.get(path) {
            return Ok(self.blobs.bytes(now).map(<[u8]>::to_vec));
        }
        Ok(self
            .repo
            .read_paths(&self.step.at, &[path.to_string()])?
            .pop()
            .flatten())
    }
}

impl Context<'_> {
    /// Claims published at the parent of this step whose top-level `field`
    /// is `value` (a plain or quoted YAML scalar).
    fn published_with(&self, field: &str, value: &str) -> Result<Vec<String>, HistoryError> {
        match &self.step.parent {
            Some(parent) => {
                crate::history::published::published_with(self.repo, parent, field, value)
            }
            None => Ok(Vec::new()),
        }
    }
}

/// "claims/a.yaml and 2 more" for a finding's note.
fn some_of(paths: &[String]) -> String {
    match paths {
        [] => String::new(),
        [one] => one.clone(),
        [one, rest @ ..] => format!("{one} and {} more", rest.len()),
    }
}

/// Rules for `factdesk.yaml` at one step: publish rules only get stricter,
/// and a rating used by a published check keeps its meaning.
pub fn settings(
    ctx: &Context,
    parents: &[Option<String>],
    now: &Option<String>,
) -> Result<Vec<Diagnostic>, HistoryError> {
    let old = config_from(parents.first().and_then(|k| ctx.blobs.bytes(k)));
    let new = config_from(ctx.blobs.bytes(now));
    let (Some(old), Some(new)) = (old, new) else {
        return Ok(Vec::new());
    };
    let file = crate::store::CONFIG_FILE;
    let stage = ctx.step.stage.name();
    let mut out = Vec::new();
    for (rule, was, is) in old.publish.loosened_by(&new.publish) {
        let d = ctx.finding(
            Code::SettingsLoosened,
            file,
            format!("publish rule `publish.{rule}` went from {was} to {is} in {stage} (rule: publish rules may only get stricter once checks were published under them)"),
            format!("restore `publish.{rule}: {was}`; a looser rule would let checks be published that the old one refused"),
        );
        out.push(ctx.on(d, now, &FieldPath::top("publish").key(rule)));
    }
    for (key, changed) in old.rating_scale.redefined_by(&new.rating_scale) {
        let used = ctx.published_with("rating", key)?;
        if used.is_empty() {
            continue;
        }
        let d = ctx
            .finding_remedy(
                Code::RatingRedefined,
                file,
                format!("rating `{key}`: its {changed} in {stage}, but published checks carry it (rule: a rating's meaning is frozen once a published check uses it)"),
                Remedy::text("keep the rating as it was and add a new rating with the new meaning; re-rate a check with ")
                    .then_run(Run::Correct { field: Some("rating".into()) }),
            )
            .note(format!("used by {}", some_of(&used)));
        // The rating's entry now, or the scale when it was removed.
        let scale = FieldPath::top("rating_scale");
        let place = match new.rating_scale.0.iter().position(|r| r.key == key) {
            Some(i) => scale.index(i),
            None => scale,
        };
        out.push(ctx.on(d, now, &place));
    }
    Ok(out)
}

/// The metadata fields of a source that differ between two versions.
fn changed_source_fields(a: &Source, b: &Source) -> Vec<String> {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| x.get(*k) != y.get(*k))
        .cloned()
        .collect()
}

/// A source's metadata: frozen once a published check cites it (the
/// sha256 may follow a transcript change only while nothing is published).
fn source_metadata(
    ctx: &Context,
    path: &str,
    parents: &[Option<String>],
    now: &Option<String>,
) -> Result<Vec<Diagnostic>, HistoryError> {
    let Some(old) = parents
        .first()
        .and_then(|k| ctx.blobs.bytes(k))
        .and_then(|b| source_from(b, path))
    else {
        return Ok(Vec::new());
    };
    let new = ctx.blobs.bytes(now).map(|b| source_from(b, path));
    let fields = match &new {
        None => vec!["(the whole file was removed)".to_string()],
        Some(None) => return Ok(Vec::new()),
        Some(Some(n)) => changed_source_fields(&old, n),
    };
    if fields.is_empty() {
        return Ok(Vec::new());
    }
    let used = ctx.published_with("source", &old.id)?;
    if used.is_empty() {
        return Ok(Vec::new());
    }
    let shown: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    let first = FieldPath::top(&fields[0]);
    let d = ctx
        .finding(
            Code::SourceChangedAfterPublication,
            path,
            format!(
                "source {}: {} changed in {}, but published checks cite it (rule: what a published check shows of its source never changes)",
                old.id,
                shown.join(", "),
                ctx.step.stage.name()
            ),
            format!("restore it (`git checkout {} -- {path}`); a corrected or re-titled source is added as a new source", ctx.range.rev),
        )
        .note(format!("cited by {}", some_of(&used)));
    Ok(vec![ctx.on(d, now, &first)])
}

/// Rules for one file under `sources/` at one step.
pub fn source_file(
    ctx: &Context,
    path: &str,
    parents: &[Option<String>],
    now: &Option<String>,
) -> Result<Vec<Diagnostic>, HistoryError> {
    if path.ends_with(".yaml") {
        return source_metadata(ctx, path, parents, now);
    }
    let Some(name) = path.strip_prefix("sources/").filter(|n| !n.contains('/')) else {
        return Ok(Vec::new());
    };
    let Some(old) = parents.first().and_then(|k| ctx.blobs.bytes(k)) else {
        return Ok(Vec::new());
    };
    let new = ctx.blobs.bytes(now);
    if new == Some(old) {
        return Ok(Vec::new());
    }
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let meta_path = format!("sources/{stem}.yaml");
    let Some(meta_bytes) = ctx.at_step(&meta_path)? else {
        return Ok(Vec::new());
    };
    let Some(meta) = source_from(&meta_bytes, &meta_path).filter(|m| m.file == name) else {
        return Ok(Vec::new());
    };
    let recorded =
        new.is_some_and(|t| sha256_hex(t) == meta.sha256) && sha256_hex(old) != meta.sha256;
    let what = if new.is_none() {
        "was removed"
    } else {
        "changed"
    };
    let used = ctx.published_with("source", &meta.id)?;
    if !used.is_empty() {
        return Ok(vec![ctx
            .finding_remedy(
                Code::TranscriptFrozen,
                path,
                format!(
                    "source {}: the transcript {what} in {}, but published quotes stand on it (rule: a transcript is frozen once a published check quotes it{})",
                    meta.id,
                    ctx.step.stage.name(),
                    if recorded { "; updating its sha256 does not excuse it" } else { "" }
                ),
                Remedy::text(format!("restore it (`git checkout {} -- {path}`) and add the new version as a new source (", ctx.range.rev))
                    .then_run(Run::SourceAdd)
                    .then(")"),
            )
            .note(format!("quoted by {}", some_of(&used)))]);
    }
    if recorded {
        return Ok(Vec::new());
    }
    let what = if new.is_none() {
        "was removed"
    } else {
        "changed"
    };
    Ok(vec![ctx.finding(
        Code::TranscriptChangedSilently,
        path,
        format!(
            "source {}: the transcript {what} in {} but {meta_path} still records its old sha256",
            meta.id,
            ctx.step.stage.name()
        ),
        format!(
            "restore it (`git checkout {} -- {path}`); a corrected transcript is added as a new source, so quotes stay anchored",
            ctx.range.rev
        ),
    )])
}

//! What published checks stand on, judged step by step: a transcript changes
//! only together with the sha256 its metadata records.

use super::{Blobs, Range, Step};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::history::git::Repo;
use crate::history::versions::{sha256_hex, source_from};
use crate::history::HistoryError;

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

/// Rules for `factdesk.yaml` at one step.
pub fn settings(
    _ctx: &Context,
    _parents: &[Option<String>],
    _now: &Option<String>,
) -> Result<Vec<Diagnostic>, HistoryError> {
    Ok(Vec::new())
}

/// Rules for one file under `sources/` at one step.
pub fn source_file(
    ctx: &Context,
    path: &str,
    parents: &[Option<String>],
    now: &Option<String>,
) -> Result<Vec<Diagnostic>, HistoryError> {
    let Some(name) = path
        .strip_prefix("sources/")
        .filter(|n| !n.ends_with(".yaml") && !n.contains('/'))
    else {
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

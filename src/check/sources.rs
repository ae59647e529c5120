//! The sources of a check: every source's metadata (claims refer to them),
//! and the transcripts that matter to this run — read by the store's loader
//! (`store::desk_files`) and hashed against the recorded sha256, parsed only
//! when a quote needs looking up. A transcript the cache's index vouches
//! for (same size and times as when it was hashed) that parsed last time
//! under the same metadata is known by its digest alone: its text is read
//! only if a claim's quote has to be looked up in it (`cross::quotes`).

use super::cross::LoadedSource;
use super::locate::{locate, FieldPath, Target};
use super::record;
use crate::diag::{Code, Diagnostic, Place};
use crate::store::desk_files::DeskFiles;
use crate::store::SOURCES_DIR;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// What `load` found: the sources by id, files checked and diagnostics of
/// the selected ones.
pub struct Loaded {
    pub sources: BTreeMap<String, LoadedSource>,
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every source's metadata, and the transcripts of the selected
/// sources and of the sources in `needed`.
pub fn load(
    desk: &DeskFiles,
    store: &super::cache::Cache,
    names: &[String],
    today: NaiveDate,
    selected: &(dyn Fn(&Path) -> bool + Sync),
    needed: &HashSet<&str>,
) -> Loaded {
    let results: Vec<(bool, Vec<Diagnostic>, Option<LoadedSource>)> = names
        .par_iter()
        .with_max_len(crate::store::par::SOURCES)
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| {
            let rel = Path::new(SOURCES_DIR).join(n);
            let (mut ds, source) = match desk.record(&rel) {
                Ok(bytes) => record::check_source(&bytes, &rel, today),
                Err(e) => (vec![super::unreadable(&rel, &e)], None),
            };
            let transcript_rel = source
                .as_ref()
                .map(|s| Path::new(SOURCES_DIR).join(&s.file));
            let is_selected = selected(&rel) || transcript_rel.as_deref().is_some_and(selected);
            let loaded = source.map(|s| {
                let wanted = is_selected || needed.contains(s.id.as_str());
                let mut l = LoadedSource {
                    rel: rel.clone(),
                    source: s,
                    text: None,
                    unread: false,
                    actual: None,
                    selected: is_selected,
                    sha_place: None,
                };
                if wanted {
                    read_transcript(desk, store, &mut l, &mut ds);
                }
                l
            });
            (is_selected, ds, loaded)
        })
        .collect();
    let mut out = Loaded {
        sources: BTreeMap::new(),
        files: 0,
        diagnostics: Vec::new(),
    };
    for (is_selected, ds, loaded) in results {
        // A transcript the checked claims quote but that cannot be read is
        // reported even when its source was not given: their quotes depend on it.
        let blocking = loaded
            .as_ref()
            .is_some_and(|l| needed.contains(l.source.id.as_str()) && !l.readable());
        if is_selected || (blocking && !ds.is_empty()) {
            out.files += 1;
            out.diagnostics.extend(ds);
        }
        if let Some(l) = loaded {
            out.sources.insert(l.source.id.clone(), l);
        }
    }
    out
}

fn read_transcript(
    desk: &DeskFiles,
    store: &super::cache::Cache,
    l: &mut LoadedSource,
    diags: &mut Vec<Diagnostic>,
) {
    if !super::rules::safe_file_name(&l.source.file) {
        return; // reported as invalid-transcript-path
    }
    let rel = Path::new(SOURCES_DIR).join(&l.source.file);
    if let Some(d) = store.vouched(&rel) {
        l.actual = Some(crate::store::cache::hex(&d));
        if store.known().contains(&super::cross::parse_key(l)) {
            // These bytes parsed before under this metadata, so they are
            // UTF-8: read them only if a quote has to be looked up.
            l.unread = true;
            changed_at(desk, l);
            return;
        }
    }
    let bytes = match store.read_transcript(&rel) {
        Ok((d, b)) => {
            l.actual = Some(crate::store::cache::hex(&d));
            b
        }
        Err(e) if crate::store::is_link_error(&e) => {
            diags.push(crate::store::folder::link_diagnostic(&rel));
            return;
        }
        Err(e) => {
            let d = Diagnostic::new(
                Code::TranscriptMissing,
                &l.rel,
                format!("cannot read the transcript sources/{}: {e}", l.source.file),
            );
            diags.push(
                at_field(desk, &l.rel, "file", d)
                    .hint("restore the transcript from git, or fix `file`"),
            );
            return;
        }
    };
    changed_at(desk, l);
    match String::from_utf8(bytes) {
        Ok(t) => l.text = Some(t),
        Err(e) => {
            let d = Diagnostic::new(
                Code::TranscriptUnreadable,
                &l.rel,
                format!(
                    "the transcript sources/{} is not valid UTF-8 ({e})",
                    l.source.file
                ),
            );
            diags.push(at_field(desk, &l.rel, "file", d).hint("save the transcript as UTF-8"));
        }
    }
}

/// Where `sha256` sits in the source's metadata, when the transcript's
/// bytes are not the ones it records (`transcript-changed`).
fn changed_at(desk: &DeskFiles, l: &mut LoadedSource) {
    if l.changed().is_some() {
        let d = at_field(
            desk,
            &l.rel,
            "sha256",
            Diagnostic::new(Code::TranscriptChanged, &l.rel, String::new()),
        );
        l.sha_place = d.place;
    }
}

/// Places `d` on the value of `key` in the record `rel`.
pub fn at_field(desk: &DeskFiles, rel: &Path, key: &str, d: Diagnostic) -> Diagnostic {
    match desk.text(rel) {
        Some(text) => {
            let off = locate(&text, &FieldPath::top(key), Target::Value);
            d.at(Place::at(&text, off))
        }
        None => d,
    }
}

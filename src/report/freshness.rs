//! Whether the desk's `reports/` holds what `factdesk report` would render
//! now, without rendering it. After writing the public edition into
//! `reports/` (or finding it up to date, `report --check` and `status`),
//! `report` records in the desk's cache the digest of everything that
//! edition is made from — the settings, the source records, the claims it
//! shows and how many it leaves out ([`edition`]), the template overrides
//! (and, through the cache's stamp, the factdesk build) — with each generated file's name, size and stamp of
//! its modification and change times and inode (`cache::file_stamp`).
//! While that digest is unchanged and the generated files on disk are
//! exactly those, with the same sizes and stamps (or else, read again, the
//! same bytes), the reports are up to date; anything else (or no record)
//! means rendering and comparing byte for byte. A file written less than
//! two seconds before it is recorded is never vouched for by its stamp.
//! The record also keeps what that rendering said besides its files
//! (warnings, checks without ClaimReview, what the edition left out), so
//! `report` vouched for by its record says it again without loading claims.
use super::Templates;
use crate::model::Status;
use crate::store::cache::{self, digest_of, file_stamp, hex, unhex, Cache, Digest, Table};
use crate::store::{Desk, StoreError, CLAIMS_DIR, SOURCES_DIR};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TABLE: &str = "reports";

/// The digest of the claims the public edition is made from, given every
/// claim of the desk in id order (its id, its status, the digest of its
/// file's bytes): the id and file digest of each claim it shows
/// (`context::shows`) and how many it leaves out (`context::withheld`) —
/// exactly what `report::load_context_with` hands the context, so an edit
/// the edition cannot show (a check in research reworded, a candidate
/// moved into research) leaves it as it was, and any other changes it.
pub fn edition<'a>(claims: impl Iterator<Item = (&'a str, Status, &'a Digest)>) -> Digest {
    let mut shown: Vec<&[u8]> = Vec::new();
    let mut statuses = Vec::new();
    for (id, status, digest) in claims {
        statuses.push(status);
        if super::context::shows(true, status) {
            shown.push(id.as_bytes());
            shown.push(&digest[..]);
        }
    }
    let w = super::context::withheld(statuses.into_iter());
    let left_out = format!("withheld {} {}", w.open, w.discarded);
    digest_of(shown.into_iter().chain([left_out.as_bytes()]))
}

/// The digest of what the public edition is made from. `claims` is the
/// [`edition`] digest of the claim records as they were read for rendering
/// (or before reading them: never after).
pub fn inputs(desk: &Desk, claims: &Digest, templates: &Templates) -> Result<Digest, StoreError> {
    let settings = serde_json::to_string(&desk.config).unwrap_or_default();
    let sources = desk.records_digest(SOURCES_DIR)?;
    let mut parts: Vec<Vec<u8>> = vec![
        settings.into_bytes(),
        sources.to_vec(),
        CLAIMS_DIR.as_bytes().to_vec(),
        claims.to_vec(),
    ];
    for (name, text) in &templates.overrides {
        parts.push(name.as_bytes().to_vec());
        parts.push(cache::digest(text.as_bytes()).to_vec());
    }
    Ok(digest_of(parts.iter().map(Vec::as_slice)))
}

#[derive(Serialize, Deserialize, PartialEq)]
struct Manifest {
    inputs: String,
    /// Generated file (relative, `/`-separated), size, stamp of its times
    /// and inode (`cache::file_stamp`; 0: too recent to vouch), SHA-256 of
    /// its content.
    files: Vec<(String, u64, u128, String)>,
    /// What the rendering said besides its files.
    #[serde(default)]
    notes: Notes,
}

/// What a rendering of the public edition says besides its files: a
/// function of its inputs, like the files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notes {
    /// The context's problems (`ReportContext::problems`).
    pub problems: Vec<(String, String)>,
    /// Published checks without ClaimReview (`claimreview::waived`).
    pub waived: Vec<String>,
    /// What the edition leaves out (open, discarded).
    pub withheld: (usize, usize),
}

impl Notes {
    /// What `ctx` makes a rendering say.
    pub fn of(ctx: &super::ReportContext) -> Notes {
        Notes {
            problems: ctx
                .problems
                .iter()
                .map(|p| (p.subject.clone(), p.message.clone()))
                .collect(),
            waived: super::claimreview::waived(ctx)
                .into_iter()
                .map(str::to_string)
                .collect(),
            withheld: (ctx.withheld.open, ctx.withheld.discarded),
        }
    }
}

/// Records that the desk's generated report files — name, path on disk and
/// digest of what was written there — were rendered from `inputs`, with
/// what that rendering said (`notes`).
pub fn record(root: &Path, inputs: &Digest, written: &[(String, PathBuf, Digest)], notes: &Notes) {
    use rayon::prelude::*;
    let files: Option<Vec<(String, u64, u128, String)>> = written
        .par_iter()
        .map(|(rel, path, d)| file_stamp(path).map(|(size, t)| (rel.clone(), size, t, hex(&d[..]))))
        .collect();
    let extra = files
        .map(|files| Manifest {
            inputs: hex(&inputs[..]),
            files,
            notes: notes.clone(),
        })
        .and_then(|m| serde_json::to_string(&m).ok())
        .unwrap_or_default();
    let store = Cache::without_index(root);
    let mut t = Table::open(&store, TABLE, "");
    t.set_extra(extra);
    t.save(&store, false);
}

/// Whether the generated files `on_disk` (name → path) of the desk's
/// `reports/` are the ones recorded for `inputs`: same names, and each with
/// its recorded size and time, or else (read again) its recorded digest.
/// When some had to be read, the record is refreshed with their times.
pub fn holds(root: &Path, inputs: &Digest, on_disk: &BTreeMap<String, PathBuf>) -> bool {
    vouched(root, &|| Some(*inputs), on_disk).is_some()
}

/// [`holds`], giving what the recorded rendering said when it holds;
/// `inputs` is asked only when the record names as many files as there
/// are on disk (so a fresh or emptied folder costs no digest).
pub fn vouched(
    root: &Path,
    inputs: &dyn Fn() -> Option<Digest>,
    on_disk: &BTreeMap<String, PathBuf>,
) -> Option<Notes> {
    use rayon::prelude::*;
    let store = Cache::without_index(root);
    let t = Table::open(&store, TABLE, "");
    let m = serde_json::from_str::<Manifest>(&t.extra).ok()?;
    if on_disk.is_empty() || m.files.len() != on_disk.len() {
        return None;
    }
    let inputs = inputs()?;
    if m.inputs != hex(&inputs[..]) {
        return None;
    }
    // Per file: None when it differs, Some(read) when it is the recorded one.
    let checked: Vec<Option<(String, PathBuf, Digest, bool)>> = m
        .files
        .par_iter()
        .map(|(rel, size, time, d)| {
            let path = on_disk.get(rel)?;
            let (s, now) = file_stamp(path)?;
            if s != *size {
                return None;
            }
            if *time != 0 && now == *time {
                return Some((rel.clone(), path.clone(), [0; 32], false));
            }
            let actual = cache::digest(&crate::store::read_regular(path).ok()?);
            (hex(&actual[..]) == *d).then(|| (rel.clone(), path.clone(), actual, true))
        })
        .collect();
    let checked = checked.into_iter().collect::<Option<Vec<_>>>()?;
    if checked.iter().any(|c| c.3) {
        let written: Vec<(String, PathBuf, Digest)> = checked
            .into_iter()
            .zip(&m.files)
            .map(|((rel, path, _, _), (_, _, _, d))| (rel, path, unhex(d).unwrap_or_default()))
            .collect();
        record(root, &inputs, &written, &m.notes);
    }
    Some(m.notes)
}

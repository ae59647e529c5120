//! The last whole-desk check's result, kept in the desk's one cache under
//! the desk's stamp (`store::stamp`: every file the check reads or looks
//! at, by name, kind, size, times and inode) and the day. When nothing in
//! the desk changed since, a whole-desk check gives that result again after
//! one `stat` per file, without reading or decoding anything else; any
//! change — an edit, a new, removed or renamed file, a stale temporary
//! file, a link — gives another stamp and so a full check (itself through
//! the per-file cache). A desk with an entry changed in the last two
//! seconds has no stamp and is always checked in full.

use super::cache::StoredDiag;
use crate::diag::Diagnostic;
use crate::store::cache::{self as files, Digest, Table};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The result of a whole-desk check, as the memo keeps it.
#[derive(Serialize, Deserialize)]
struct Kept {
    files: usize,
    claims: usize,
    diagnostics: Vec<(String, StoredDiag)>,
}

/// The memo of one run: the desk's stamp taken at its start.
pub struct Memo {
    files: files::Cache,
    table: Table,
    key: Option<Digest>,
}

/// What a whole-desk check found, as the memo gives it back.
pub struct Recalled {
    pub files: usize,
    pub claims: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Memo {
    /// The memo under the desk's stamp, which the caller took before
    /// reading anything (`status` takes one for its listing and its check
    /// alike); without a stamp, nothing is recalled or kept.
    pub fn under(root: &Path, today: NaiveDate, stamp: Option<Digest>) -> Memo {
        let files = files::Cache::without_index(root);
        let table = Table::open(&files, "result", &today.to_string());
        let key = stamp.filter(|_| files.enabled());
        Memo { files, table, key }
    }

    /// The result kept for this stamp and day, if any.
    pub fn recall(&self) -> Option<Recalled> {
        let row = self.table.get(self.key.as_ref()?)?;
        let kept: Kept = serde_json::from_str(row).ok()?;
        let diagnostics = kept
            .diagnostics
            .iter()
            .map(|(file, d)| d.restore(Path::new(file)))
            .collect::<Option<Vec<Diagnostic>>>()?;
        Some(Recalled {
            files: kept.files,
            claims: kept.claims,
            diagnostics,
        })
    }

    /// Keeps `diagnostics` (sorted, as the check returns them) for the
    /// stamp taken at the start of the run. A file changed meanwhile has
    /// other times by now, so the next run's stamp differs.
    pub fn keep(self, files: usize, claims: usize, diagnostics: &[Diagnostic]) {
        let Some(key) = self.key else { return };
        let kept = diagnostics
            .iter()
            .map(|d| Some((d.file.to_str()?.to_string(), StoredDiag::from(d))))
            .collect::<Option<Vec<_>>>();
        let Some(diagnostics) = kept else { return };
        let row = Kept {
            files,
            claims,
            diagnostics,
        };
        if let Ok(json) = serde_json::to_string(&row) {
            self.table.put(key, json);
            self.table.save(&self.files, true);
        }
    }
}

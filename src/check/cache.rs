//! The per-file result cache in `.factdesk/cache/` (git-ignored local state).
//!
//! An entry holds a claim file's own diagnostics and the facts the
//! cross-file checks need, keyed by the file's size, modification time and
//! content hash. A file whose size and time match is taken from the cache; one
//! whose time changed but whose content hash matches is too; anything else is
//! checked again. The whole cache is dropped when the desk settings, the day
//! (dates "in the future") or factdesk's version change. Cross-file facts —
//! duplicate ids, sources, quotes against transcripts — are always evaluated
//! again, so the cache can never hide a problem.

use super::codes;
use super::cross::Known;
use super::record::{ClaimFacts, ClaimOutcome};
use crate::diag::{Diagnostic, Place, Severity};
use crate::model::DeskConfig;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const FILE: &str = "check-v1.json";

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredDiag {
    code: String,
    warning: bool,
    message: String,
    hint: Option<String>,
    notes: Vec<String>,
    place: Option<(u32, u32, String)>,
}

impl StoredDiag {
    fn from(d: &Diagnostic) -> StoredDiag {
        StoredDiag {
            code: d.code.to_string(),
            warning: d.severity == Severity::Warning,
            message: d.message.clone(),
            hint: d.hint.clone(),
            notes: d.notes.clone(),
            place: d
                .place
                .as_ref()
                .map(|p| (p.line, p.column, p.source_line.clone())),
        }
    }

    fn restore(&self, file: &Path) -> Option<Diagnostic> {
        let code = codes::CODES.iter().find(|(c, _, _)| *c == self.code)?.0;
        let mut d = codes::diag(code, file, self.message.clone());
        d.severity = if self.warning {
            Severity::Warning
        } else {
            Severity::Error
        };
        d.hint = self.hint.clone();
        d.notes = self.notes.clone();
        d.place = self.place.as_ref().map(|(line, column, s)| Place {
            line: *line,
            column: *column,
            source_line: s.clone(),
        });
        Some(d)
    }
}

/// One file's cached result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    size: u64,
    mtime_ns: u128,
    hash: u64,
    diagnostics: Vec<StoredDiag>,
    facts: ClaimFacts,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    key: String,
    entries: HashMap<String, Entry>,
    /// Facts across files that held last time (see `cross::Known`).
    known: HashSet<Known>,
}

/// The cache of one run.
#[derive(Debug)]
pub struct Cache {
    enabled: bool,
    stored: Stored,
    dirty: bool,
}

fn stat(path: &Path) -> std::io::Result<(u64, u128)> {
    let m = std::fs::metadata(path)?;
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok((m.len(), mtime))
}

impl Cache {
    pub fn disabled() -> Cache {
        Cache {
            enabled: false,
            stored: Stored::default(),
            dirty: false,
        }
    }

    /// Loads the cache for these settings and this day; empty when it is
    /// missing, unreadable or made under other settings.
    pub fn load(root: &Path, config: Option<&DeskConfig>, today: NaiveDate) -> Cache {
        let key = format!(
            "{}|{today}|{}",
            env!("CARGO_PKG_VERSION"),
            sha256_hex(
                serde_json::to_string(&config)
                    .unwrap_or_default()
                    .as_bytes()
            )
        );
        let stored = std::fs::read(dir(root).join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
            .filter(|s| s.key == key)
            .unwrap_or(Stored {
                key,
                entries: HashMap::new(),
                known: HashSet::new(),
            });
        Cache {
            enabled: true,
            stored,
            dirty: false,
        }
    }

    /// The outcome for `rel`: from the cache when the file is unchanged
    /// (returning no entry), else from `check` (returning the fresh entry).
    pub fn check(
        &self,
        root: &Path,
        rel: &Path,
        check: impl FnOnce(&[u8]) -> ClaimOutcome,
    ) -> std::io::Result<(ClaimOutcome, Option<Entry>)> {
        let path = root.join(rel);
        let cached = rel
            .to_str()
            .and_then(|k| self.stored.entries.get(k))
            .filter(|_| self.enabled);
        if let Some(e) = cached {
            let (size, mtime) = stat(&path)?;
            if e.size == size && e.mtime_ns == mtime && mtime != 0 {
                if let Some(o) = restore(e, rel) {
                    return Ok((o, None));
                }
            }
        }
        let bytes = std::fs::read(&path)?;
        let (size, mtime) = stat(&path)?;
        let hash = content_hash(&bytes);
        if let Some(e) = cached.filter(|e| e.hash == hash && e.size == size) {
            if let Some(o) = restore(e, rel) {
                let fresh = Entry {
                    mtime_ns: mtime,
                    ..e.clone()
                };
                return Ok((o, Some(fresh)));
            }
        }
        let outcome = check(&bytes);
        let entry = Entry {
            size,
            mtime_ns: mtime,
            hash,
            diagnostics: outcome.diagnostics.iter().map(StoredDiag::from).collect(),
            facts: outcome.facts.clone(),
        };
        Ok((outcome, Some(entry)))
    }

    pub fn insert(&mut self, rel: &Path, entry: Entry) {
        if let (true, Some(k)) = (self.enabled, rel.to_str()) {
            self.stored.entries.insert(k.to_string(), entry);
            self.dirty = true;
        }
    }

    /// Facts across files that held last time.
    pub fn known(&self) -> &HashSet<Known> {
        &self.stored.known
    }

    /// Remembers the facts that held in this run: only those, after a run
    /// of the whole desk; in addition to the others, after a partial run.
    pub fn remember(&mut self, held: Vec<Known>, whole: bool) {
        if !self.enabled {
            return;
        }
        let fresh: HashSet<Known> = held.into_iter().collect();
        if whole && fresh != self.stored.known {
            self.stored.known = fresh;
            self.dirty = true;
        } else if !whole && !fresh.is_subset(&self.stored.known) {
            self.stored.known.extend(fresh);
            self.dirty = true;
        }
    }

    /// Drops entries of files not seen in this run of the whole desk.
    pub fn retain(&mut self, files: &[PathBuf]) {
        let keep: HashSet<&str> = files.iter().filter_map(|f| f.to_str()).collect();
        let before = self.stored.entries.len();
        self.stored.entries.retain(|k, _| keep.contains(k.as_str()));
        self.dirty |= before != self.stored.entries.len();
    }

    /// Writes the cache; failures only cost speed next time.
    pub fn save(&mut self, root: &Path) {
        if !self.enabled || !self.dirty {
            return;
        }
        // A file changed within the clock's resolution of this moment could
        // change again with the same time stamp: make it check its hash.
        let racy = SystemTime::now()
            .checked_sub(Duration::from_secs(2))
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        for e in self.stored.entries.values_mut() {
            if e.mtime_ns >= racy {
                e.mtime_ns = 0;
            }
        }
        let d = dir(root);
        if std::fs::create_dir_all(&d).is_err() {
            return;
        }
        if let Ok(bytes) = serde_json::to_vec(&self.stored) {
            let _ = crate::store::write_atomic(&d.join(FILE), &bytes);
        }
    }
}

fn restore(e: &Entry, rel: &Path) -> Option<ClaimOutcome> {
    let diagnostics = e
        .diagnostics
        .iter()
        .map(|d| d.restore(rel))
        .collect::<Option<Vec<_>>>()?;
    Some(ClaimOutcome {
        diagnostics,
        facts: e.facts.clone(),
    })
}

fn dir(root: &Path) -> PathBuf {
    root.join(crate::store::STATE_DIR).join("cache")
}

//! The per-file result cache in `.factdesk/cache/` (git-ignored local state).
//!
//! An entry holds a claim file's own diagnostics and the facts the
//! cross-file checks need, keyed by the file's size, modification time and
//! content hash. A file whose size and time match is taken from the cache; one
//! whose time changed but whose content hash matches is too; anything else is
//! checked again. The whole cache is dropped when the desk settings, the day
//! (dates "in the future") or the factdesk binary change. Cross-file facts —
//! duplicate ids, case collisions, sources, transcript hashes — are evaluated
//! again on every run; a quote is not searched again only when it was found
//! at its recorded place in a transcript with exactly the same bytes
//! (sha256, computed every run) under the same source metadata. So the cache
//! can never hide a problem.

use super::cross::Known;
use super::record::{ClaimFacts, ClaimOutcome};
use crate::diag::{Code, Diagnostic, Place};
use crate::model::DeskConfig;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const FILE: &str = "check-v1";

pub use crate::model::sha256_hex;

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// A 128-bit hash of `bytes`, for keys of facts that must not collide.
pub fn hash128(bytes: &[u8]) -> u128 {
    let mut a = std::hash::DefaultHasher::new();
    a.write(bytes);
    let mut b = a.clone();
    b.write_u8(0x5e);
    ((a.finish() as u128) << 64) | b.finish() as u128
}

/// FNV-1a: a fast hash for the cache's own maps (keys are file names and
/// hashes already, not attacker-chosen collisions that matter).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ *b as u64).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u128(&mut self, v: u128) {
        self.0 ^= (v as u64) ^ ((v >> 64) as u64);
    }
}

pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<Fnv>>;

/// A diagnostic as the cache keeps it; the severity follows from the code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDiag {
    code: String,
    message: String,
    hint: Option<String>,
    notes: Vec<String>,
    place: Option<StoredPlace>,
    #[serde(default)]
    secondary: Option<(String, Option<StoredPlace>, String)>,
}

type StoredPlace = (u32, u32, String);

fn store_place(p: &Option<Place>) -> Option<StoredPlace> {
    p.as_ref()
        .map(|p| (p.line, p.column, p.source_line.clone()))
}

fn restore_place(p: &Option<StoredPlace>) -> Option<Place> {
    p.as_ref().map(|(line, column, s)| Place {
        line: *line,
        column: *column,
        source_line: s.clone(),
    })
}

impl StoredDiag {
    fn from(d: &Diagnostic) -> StoredDiag {
        StoredDiag {
            code: d.code.to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            notes: d.notes.clone(),
            place: store_place(&d.place),
            secondary: d.secondary.as_ref().map(|s| {
                (
                    s.file.to_string_lossy().into_owned(),
                    store_place(&s.place),
                    s.label.clone(),
                )
            }),
        }
    }

    /// The diagnostic back; `None` when the cache names a code this build
    /// does not have (the file is then checked again).
    fn restore(&self, file: &Path) -> Option<Diagnostic> {
        let mut d = Diagnostic::new(Code::from_name(&self.code)?, file, self.message.clone());
        d.hint = self.hint.clone();
        d.notes = self.notes.clone();
        d.place = restore_place(&self.place);
        if let Some((f, p, label)) = &self.secondary {
            d = d.also(f, restore_place(p), label.clone());
        }
        Some(d)
    }
}

/// One file's cached result.
#[derive(Debug, Clone)]
pub struct Entry {
    pub(super) size: u64,
    pub(super) mtime_ns: u128,
    pub(super) hash: u64,
    pub(super) diagnostics: Vec<StoredDiag>,
    pub(super) facts: ClaimFacts,
}

#[derive(Debug, Default)]
pub struct Stored {
    pub(super) key: String,
    pub(super) entries: FastMap<String, Entry>,
    /// Facts across files that held last time (see `cross::Known`).
    pub(super) known: FastSet<Known>,
}

/// The cache of one run.
#[derive(Debug)]
pub struct Cache {
    enabled: bool,
    stored: Stored,
    dirty: bool,
}

fn times(m: &std::fs::Metadata) -> (u64, u128) {
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (m.len(), mtime)
}

pub use crate::store::read_capped;

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
        // A rebuilt factdesk may check differently: its build counts too.
        let build = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .map_or(0, |m| times(&m).1);
        let key = format!(
            "{}+{build}|{today}|{}",
            env!("CARGO_PKG_VERSION"),
            sha256_hex(
                serde_json::to_string(&config)
                    .unwrap_or_default()
                    .as_bytes()
            )
        );
        let stored = std::fs::read(dir(root).join(FILE))
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| super::cache_file::decode(&t))
            .filter(|s| s.key == key)
            .unwrap_or(Stored {
                key,
                entries: FastMap::default(),
                known: FastSet::default(),
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
        if !self.enabled {
            let (bytes, _) = read_capped(&path)?;
            let outcome = check(&bytes);
            return Ok((outcome, None));
        }
        let cached = rel.to_str().and_then(|k| self.stored.entries.get(k));
        if let Some(e) = cached {
            let (size, mtime) = times(&std::fs::metadata(&path)?);
            if e.size == size && e.mtime_ns == mtime && mtime != 0 {
                if let Some(o) = restore(e, rel) {
                    return Ok((o, None));
                }
            }
        }
        let (bytes, meta) = read_capped(&path)?;
        let (size, mtime) = times(&meta);
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
    pub fn known(&self) -> &FastSet<Known> {
        &self.stored.known
    }

    /// Remembers the facts that held in this run: only those, after a run
    /// of the whole desk; in addition to the others, after a partial run.
    pub fn remember(&mut self, held: Vec<Known>, whole: bool) {
        if !self.enabled {
            return;
        }
        let fresh: FastSet<Known> = held.into_iter().collect();
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
        let keep: FastSet<&str> = files.iter().filter_map(|f| f.to_str()).collect();
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
        let text = super::cache_file::encode(&self.stored);
        let _ = crate::store::write_atomic(&d.join(FILE), text.as_bytes());
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

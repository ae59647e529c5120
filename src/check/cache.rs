//! The check's part of the desk's one cache (`store::cache`): the `check`
//! table, whose rows hold a claim file's own diagnostics and the facts the
//! cross-file checks need, keyed by the digest of the file's exact bytes and
//! its path. The store's index says which bytes a file holds (it is read
//! again whenever its size or time changed); the table is made under the
//! desk settings, the day (dates "in the future") and the factdesk build,
//! and is dropped when any of them changes. Cross-file facts — duplicate
//! ids, case collisions, sources, transcript hashes — are evaluated again on
//! every run; a quote is not searched again only when it was found at its
//! recorded place in a transcript with exactly the same bytes (sha256,
//! known from the index like a claim's digest, else computed) under the
//! same source metadata. So the cache can never hide a problem. (A whole-desk result is given again as a whole
//! only while the desk's stamp is unchanged: `memo`.)

use super::cross::Known;
use super::record::{ClaimFacts, ClaimOutcome};
use crate::diag::{Code, Diagnostic, Place};
use crate::model::DeskConfig;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use crate::store::cache::{self as files, Table};
use std::hash::Hasher;
use std::path::Path;

pub use crate::model::sha256_hex;

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
    #[serde(default)]
    remedy: Option<crate::diag::Remedy>,
    #[serde(default)]
    said: Option<crate::diag::Remedy>,
}

type StoredPlace = (u32, u32, String, u32);

fn store_place(p: &Option<Place>) -> Option<StoredPlace> {
    p.as_ref()
        .map(|p| (p.line, p.column, p.source_line.clone(), p.excerpt_from))
}

fn restore_place(p: &Option<StoredPlace>) -> Option<Place> {
    p.as_ref().map(|(line, column, s, from)| Place {
        line: *line,
        column: *column,
        source_line: s.clone(),
        excerpt_from: *from,
    })
}

impl StoredDiag {
    pub(super) fn from(d: &Diagnostic) -> StoredDiag {
        StoredDiag {
            code: d.code.to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            remedy: d.remedy.clone(),
            said: d.said.clone(),
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
    pub(super) fn restore(&self, file: &Path) -> Option<Diagnostic> {
        let mut d = Diagnostic::new(Code::from_name(&self.code)?, file, self.message.clone());
        d.hint = self.hint.clone();
        d.remedy = self.remedy.clone();
        d.said = self.said.clone();
        d.notes = self.notes.clone();
        d.place = restore_place(&self.place);
        if let Some((f, p, label)) = &self.secondary {
            d = d.also(f, restore_place(p), label.clone());
        }
        Some(d)
    }
}

/// The check's cache for one run.
pub struct Cache {
    files: files::Cache,
    table: Table,
    known: FastSet<Known>,
    /// The claims this run parsed, for the store's whole loads (`report`,
    /// `log`): the same cache, its `claims` table.
    parsed: crate::store::ParsedClaims,
}

impl Cache {
    /// A cache that reads every file and keeps nothing.
    pub fn disabled(root: &Path) -> Cache {
        let files = files::Cache::open(root, false);
        let table = Table::open(&files, "check", "");
        let parsed = crate::store::ParsedClaims::open(&files);
        Cache {
            files,
            table,
            known: FastSet::default(),
            parsed,
        }
    }

    /// The cache for these settings and this day; empty when it is
    /// missing, unreadable or made under other settings or by another build.
    /// Files are vouched for by `survey` when given ([`files::Cache::surveyed`]).
    pub fn load(
        root: &Path,
        config: Option<&DeskConfig>,
        today: NaiveDate,
        survey: Option<std::sync::Arc<crate::store::stamp::Survey>>,
    ) -> Cache {
        let settings = format!(
            "{today}|{}",
            sha256_hex(
                serde_json::to_string(&config)
                    .unwrap_or_default()
                    .as_bytes()
            )
        );
        let files = files::Cache::open(root, true).surveyed(survey);
        let table = Table::open(&files, "check", &settings);
        let known = super::cache_file::decode_known(&table.extra).unwrap_or_default();
        let parsed = crate::store::ParsedClaims::open(&files);
        Cache {
            files,
            table,
            known,
            parsed,
        }
    }

    /// The outcome for `rel`, and whether it came from the cache: from the
    /// table when the file's bytes were checked before, else from `check`
    /// over the bytes the store's loader read (the claim it parsed, if
    /// any, is kept for the store's whole loads).
    pub fn check(
        &self,
        rel: &Path,
        check: impl FnOnce(&[u8]) -> (ClaimOutcome, Option<crate::model::Claim>),
    ) -> std::io::Result<(ClaimOutcome, bool)> {
        crate::store::desk_files::record_through(
            &self.files,
            &self.table,
            rel,
            |row| {
                super::cache_file::decode_row(row)
                    .and_then(|(diags, facts)| restore(&diags, facts, rel))
            },
            |bytes, digest| {
                let (outcome, claim) = check(bytes);
                if let (Some(claim), Some(digest)) = (claim, digest) {
                    self.parsed.keep(digest, &claim);
                }
                outcome
            },
            |outcome| {
                let diags: Vec<StoredDiag> =
                    outcome.diagnostics.iter().map(StoredDiag::from).collect();
                super::cache_file::encode_row(&diags, &outcome.facts)
            },
        )
    }

    /// The digest of the transcript at `rel` when the index vouches for
    /// it (unchanged size and times since it was hashed).
    pub fn vouched(&self, rel: &Path) -> Option<crate::store::cache::Digest> {
        self.files.vouched(rel)
    }

    /// Reads the transcript at `rel` whole (never through a link) and
    /// hashes it; the index learns its digest for next time.
    pub fn read_transcript(
        &self,
        rel: &Path,
    ) -> std::io::Result<(crate::store::cache::Digest, Vec<u8>)> {
        self.files.read_whole(rel)
    }

    /// Facts across files that held last time.
    pub fn known(&self) -> &FastSet<Known> {
        &self.known
    }

    /// Remembers the facts that held in this run: only those, after a run
    /// of the whole desk; in addition to the others, after a partial run.
    pub fn remember(&mut self, held: Vec<Known>, whole: bool) {
        if !self.files.enabled() {
            return;
        }
        let fresh: FastSet<Known> = held.into_iter().collect();
        if whole {
            self.known = fresh;
        } else {
            self.known.extend(fresh);
        }
        self.table
            .set_extra(super::cache_file::encode_known(&self.known));
    }

    /// Writes the cache; failures only cost speed next time. After a run
    /// over the whole desk only what this run used is kept.
    pub fn save(self, whole: bool) {
        self.parsed.save();
        self.table.save(&self.files, whole);
        // A whole run reads or vouches for every claim and transcript: the
        // index's other entries in those folders are of files gone.
        let complete: &[&str] = if whole {
            &[crate::store::CLAIMS_DIR, crate::store::SOURCES_DIR]
        } else {
            &[]
        };
        self.files.save(complete);
    }
}

fn restore(diags: &[StoredDiag], facts: ClaimFacts, rel: &Path) -> Option<ClaimOutcome> {
    let diagnostics = diags
        .iter()
        .map(|d| d.restore(rel))
        .collect::<Option<Vec<_>>>()?;
    Some(ClaimOutcome { diagnostics, facts })
}

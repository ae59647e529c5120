//! Loading every claim of the desk at once, through the desk's one cache
//! (`store::cache`): a record whose bytes are known (by the index, or by
//! hashing what was read) and were parsed before comes from the `claims`
//! table; any other is read, parsed and validated like every record.
//! Every command that needs the whole desk loads it here: `report` and
//! `log` whole claims, `status`, `list`, `search` and `similar` their
//! projections (`store::rows`), through the same per-file loop.

use super::cache::{self, Cache, Digest, Table};
use super::{parse_bytes, Desk, StoreError, CLAIMS_DIR};
use crate::model::Claim;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The cache table of whole parsed claims (JSON), shared by every load.
const CLAIMS_TABLE: &str = "claims";

/// Every claim of the desk, in id order, and a digest of the claim files
/// they were read from (names and contents: equal digests, equal claims).
pub struct LoadedClaims {
    pub claims: Vec<Claim>,
    pub digest: Digest,
}

impl Desk {
    /// Every claim, parsed in parallel; fails with every invalid record's
    /// problems.
    pub fn load_claims(&self) -> Result<Vec<Claim>, StoreError> {
        self.load_all_claims(&|_, _| {}).map(|l| l.claims)
    }

    /// [`Desk::load_claims`], with the digest of the files read; `progress`
    /// hears (done, total) now and then.
    pub fn load_all_claims(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<LoadedClaims, StoreError> {
        let loaded = self.load_through_claims_table(
            progress,
            &|row| serde_json::from_str::<Claim>(row).ok(),
            &|c| c,
        )?;
        Ok(LoadedClaims {
            claims: loaded.items,
            digest: loaded.digest,
        })
    }

    /// [`Desk::load_each`] through the `claims` table of the one cache: a
    /// cached row becomes an item by `from_row`; a record read and parsed
    /// is stored in the table whole (so the next whole load finds it) and
    /// becomes an item by `from_claim`. The table and the index are saved.
    pub(super) fn load_through_claims_table<T: Send>(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
        from_row: &(dyn Fn(&str) -> Option<T> + Sync),
        from_claim: &(dyn Fn(Claim) -> T + Sync),
    ) -> Result<Each<T>, StoreError> {
        let files = Cache::open(&self.root, true);
        let table = Table::open_on_disk(&files, CLAIMS_TABLE, "");
        let loaded = self.load_each(
            &files,
            progress,
            &|_, d| table.row(d).and_then(|row| from_row(&row)),
            &|c, d| {
                if files.enabled() {
                    if let Ok(json) = serde_json::to_string(&c) {
                        table.put(*d, json);
                    }
                }
                from_claim(c)
            },
        )?;
        table.save(&files, true);
        files.save(&[CLAIMS_DIR]);
        Ok(loaded)
    }

    /// One item per claim file, in id order, in parallel: `cached` from what
    /// the cache keeps for the claim's id and its file's digest, else
    /// `parsed` from the record read, parsed and validated. Fails with every invalid record's problems.
    pub(super) fn load_each<T: Send>(
        &self,
        files: &Cache,
        progress: &(dyn Fn(usize, usize) + Sync),
        cached: &(dyn Fn(&str, &Digest) -> Option<T> + Sync),
        parsed: &(dyn Fn(Claim, &Digest) -> T + Sync),
    ) -> Result<Each<T>, StoreError> {
        let ids = self.claim_ids()?;
        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = ids.len();
        let results: Vec<Result<(T, Digest), StoreError>> = ids
            .par_iter()
            .with_max_len(super::par::RECORDS)
            .map(|id| {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n.is_multiple_of(4096) || n == total {
                    progress(n, total);
                }
                load_one(&self.root, files, id, cached, parsed)
            })
            .collect();
        let mut items = Vec::with_capacity(results.len());
        let mut digests = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        for r in results {
            match r {
                Ok((c, d)) => {
                    items.push(c);
                    digests.push(d);
                }
                Err(StoreError::Invalid { diagnostics, .. }) => problems.extend(diagnostics),
                Err(e) => return Err(e),
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid {
                path: PathBuf::from(CLAIMS_DIR),
                diagnostics: problems,
            });
        }
        let digest = combine(&ids, &digests);
        Ok(Each {
            items,
            ids,
            digest,
            digests,
        })
    }

    /// A digest of every record in `folder` (`claims` or `sources`): their
    /// names and exact bytes, through the cache's index (a file it vouches
    /// for is not read). Equal to [`LoadedClaims::digest`] for `claims`.
    pub fn records_digest(&self, folder: &str) -> Result<Digest, StoreError> {
        let ids = super::list_yaml(&self.root, folder)?;
        let files = Cache::open(&self.root, true);
        let digests = ids
            .par_iter()
            .with_max_len(super::par::RECORDS)
            .map(|id| {
                let rel = Path::new(folder).join(format!("{id}.yaml"));
                files
                    .read(&rel)
                    .map(|f| f.digest)
                    .map_err(|source| StoreError::Io {
                        path: self.root.join(&rel),
                        source,
                    })
            })
            .collect::<Result<Vec<Digest>, StoreError>>()?;
        files.save(&[]);
        Ok(combine(&ids, &digests))
    }
}

/// Claims another command parsed from record bytes exactly as a whole load
/// parses them (`check`, from the bytes it checked), kept in the `claims`
/// table of the one cache, so the next whole load finds them without
/// parsing: appended, not merged (the table is not read here).
pub struct ParsedClaims(cache::Appender);

impl ParsedClaims {
    pub fn open(files: &Cache) -> ParsedClaims {
        ParsedClaims(cache::Appender::open(files, CLAIMS_TABLE, ""))
    }

    /// Keeps `claim`, parsed from the record whose bytes have `digest`
    /// (`store::parse_bytes` of them gives this claim).
    pub fn keep(&self, digest: &Digest, claim: &Claim) {
        if self.0.enabled() {
            if let Ok(json) = serde_json::to_string(claim) {
                self.0.put(digest, &json);
            }
        }
    }

    /// Writes out what is still held.
    pub fn save(self) {
        self.0.finish();
    }
}

pub(super) fn combine(ids: &[String], digests: &[Digest]) -> Digest {
    cache::digest_of(
        ids.iter()
            .zip(digests)
            .flat_map(|(id, d)| [id.as_bytes(), &d[..]]),
    )
}

/// What [`Desk::load_each`] gives: an item per claim, the claims' ids and
/// the digest of their files.
pub(super) struct Each<T> {
    pub items: Vec<T>,
    pub ids: Vec<String>,
    pub digest: Digest,
    /// The digest of each claim file's bytes, in the order of `ids`.
    pub digests: Vec<Digest>,
}

/// One claim's item: `cached` for its bytes when the cache has it, else
/// `parsed` from the record read and parsed.
fn load_one<T>(
    root: &Path,
    files: &Cache,
    id: &str,
    cached: &(dyn Fn(&str, &Digest) -> Option<T> + Sync),
    parsed: &(dyn Fn(Claim, &Digest) -> T + Sync),
) -> Result<(T, Digest), StoreError> {
    let rel = Desk::claim_rel(id);
    let io = |source| StoreError::Io {
        path: root.join(&rel),
        source,
    };
    let file = files.read(&rel).map_err(io)?;
    if let Some(item) = cached(id, &file.digest) {
        return Ok((item, file.digest));
    }
    let (digest, bytes) = match file.bytes {
        Some(b) => (file.digest, b),
        None => files.read_fresh(&rel).map_err(io)?,
    };
    let (c, _) = parse_bytes::<Claim>(&bytes, &rel)?;
    Ok((parsed(c, &digest), digest))
}

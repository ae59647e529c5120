//! Loading every claim of the desk at once, through the desk's one cache
//! (`store::cache`): a record whose bytes are known (by the index, or by
//! hashing what was read) and were parsed before comes from the `claims`
//! table; any other is read, parsed and validated like every record.
//! Every command that needs the whole desk — `status`, `list`, `search`,
//! `similar`, `report`, `log` — loads it here.

use super::cache::{self, Cache, Digest, Table};
use super::{parse_bytes, Desk, StoreError, CLAIMS_DIR};
use crate::model::Claim;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

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
        let ids = self.claim_ids()?;
        let files = Cache::open(&self.root, true);
        let table = Table::open(&files, "claims", "");
        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = ids.len();
        let results: Vec<Result<(Claim, Digest), StoreError>> = ids
            .par_iter()
            .map(|id| {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n.is_multiple_of(4096) || n == total {
                    progress(n, total);
                }
                load_one(&self.root, &files, &table, id)
            })
            .collect();
        let mut claims = Vec::with_capacity(results.len());
        let mut digests = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        for r in results {
            match r {
                Ok((c, d)) => {
                    claims.push(c);
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
        table.save(&files, true);
        files.save(&[CLAIMS_DIR]);
        Ok(LoadedClaims {
            claims,
            digest: combine(&ids, &digests),
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

fn combine(ids: &[String], digests: &[Digest]) -> Digest {
    cache::digest_of(
        ids.iter()
            .zip(digests)
            .flat_map(|(id, d)| [id.as_bytes(), &d[..]]),
    )
}

/// One claim: from the table when its bytes were parsed before, else read
/// and parsed (and put in the table).
fn load_one(
    root: &Path,
    files: &Cache,
    table: &Table,
    id: &str,
) -> Result<(Claim, Digest), StoreError> {
    let rel = Desk::claim_rel(id);
    let io = |source| StoreError::Io {
        path: root.join(&rel),
        source,
    };
    let file = files.read(&rel).map_err(io)?;
    if let Some(c) = table
        .get(&file.digest)
        .and_then(|row| serde_json::from_str::<Claim>(row).ok())
    {
        return Ok((c, file.digest));
    }
    let (digest, bytes) = match file.bytes {
        Some(b) => (file.digest, b),
        None => files.read_fresh(&rel).map_err(io)?,
    };
    let (c, _) = parse_bytes::<Claim>(&bytes, &rel)?;
    if files.enabled() {
        if let Ok(json) = serde_json::to_string(&c) {
            table.put(digest, json);
        }
    }
    Ok((c, digest))
}

//! Loading only the claims a command shows in full, through the same cache
//! and per-file loop as every whole-desk load (`store::load`): the public
//! report renders published checks, and of the other claims needs only
//! their status (to count what it leaves out). A cached claim is decoded in
//! full only when it is kept; the others yield their status from the same
//! row, read without building the claim. A record not in the cache is read,
//! parsed and stored in full, as [`Desk::load_all_claims`] does, so the
//! next whole load finds it.

use super::cache::Digest;
use super::{Desk, StoreError};
use crate::model::{Claim, Status};
use serde::Deserialize;

/// The claims kept by a [`Desk::load_claims_where`], in id order, with the
/// status of every claim of the desk and the digest of the files read.
pub struct SomeClaims {
    pub claims: Vec<Claim>,
    /// The status of each claim of the desk (kept or not), in id order.
    pub statuses: Vec<Status>,
    /// The digest of every claim file, equal to [`super::LoadedClaims::digest`].
    pub digest: Digest,
    /// Every claim's id, in id order.
    pub ids: Vec<String>,
    /// The digest of each claim file's bytes, in id order.
    pub digests: Vec<Digest>,
}

/// A claim as the load found it: whole, or its status only.
enum Found {
    Whole(Box<Claim>),
    Status(Status),
}

/// The one field read from a cached row of a claim that is not kept.
#[derive(Deserialize)]
struct StatusOnly {
    status: Status,
}

impl Desk {
    /// Every claim whose status `keep` accepts, whole; of the others only
    /// the status. Fails with every invalid record's problems, as a whole
    /// load does.
    pub fn load_claims_where(
        &self,
        keep: &(dyn Fn(Status) -> bool + Sync),
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<SomeClaims, StoreError> {
        let loaded = self.load_through_claims_table(
            progress,
            &|row| {
                let status = serde_json::from_str::<StatusOnly>(row).ok()?.status;
                if !keep(status) {
                    return Some(Found::Status(status));
                }
                serde_json::from_str::<Claim>(row)
                    .ok()
                    .map(|c| Found::Whole(Box::new(c)))
            },
            &|c| {
                if keep(c.status) {
                    Found::Whole(Box::new(c))
                } else {
                    Found::Status(c.status)
                }
            },
        )?;
        let mut out = SomeClaims {
            claims: Vec::new(),
            statuses: Vec::with_capacity(loaded.items.len()),
            digest: loaded.digest,
            ids: loaded.ids,
            digests: loaded.digests,
        };
        for found in loaded.items {
            match found {
                Found::Whole(c) => {
                    out.statuses.push(c.status);
                    out.claims.push(*c);
                }
                Found::Status(s) => out.statuses.push(s),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_row_that_is_not_kept_gives_its_status_only() {
        let row = r#"{"id":"a","claim":"x \"published\"","status":"in-review","history":[]}"#;
        let s: StatusOnly = serde_json::from_str(row).expect("status");
        assert_eq!(s.status, Status::InReview);
    }
}

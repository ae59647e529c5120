//! What the last commit holds of one claim file: the question `undo` asks
//! to tell a step made a moment ago from one already in git, where history
//! is append-only.

use super::{ClaimVersion, HistoryError, Repo};
use std::path::Path;

/// A claim file as HEAD holds it.
#[derive(Debug, Clone)]
pub enum Committed {
    /// The repository has no commit yet: nothing of the desk is in git.
    NoCommits,
    /// HEAD is commit `sha`; the file there is `version` (possibly absent).
    At { sha: String, version: ClaimVersion },
}

/// The claim file `claims/<id>.yaml` of the desk at `desk_root`, as HEAD
/// holds it. Fails outside a git repository.
pub fn claim_at_head(desk_root: &Path, id: &str) -> Result<Committed, HistoryError> {
    let repo = Repo::open(desk_root)?;
    let side = match repo.resolve("HEAD") {
        Ok(side) => side,
        Err(HistoryError::NoCommits { .. }) => return Ok(Committed::NoCommits),
        Err(e) => return Err(e),
    };
    let path = format!("claims/{id}.yaml");
    let bytes = repo.read_paths(&side, std::slice::from_ref(&path))?;
    let version = ClaimVersion::from_bytes(bytes.first().and_then(Option::as_deref), &path);
    let sha = side.sha().unwrap_or_default().to_string();
    Ok(Committed::At { sha, version })
}

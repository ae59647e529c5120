//! Which claims were published with a given value at one side of the
//! history: what the frozen-foundations rules ask before they judge a
//! changed source or rating (the audit reports the change, `diff` flags
//! it). One `git grep`, no claim file read.

use super::git::{Repo, Side};
use super::HistoryError;

/// Desk paths of the claims published at `side` whose top-level `field` is
/// `value` (a plain or quoted YAML scalar). A value that is not a plain
/// word (ids and rating keys are) matches nothing.
pub fn published_with(
    repo: &Repo,
    side: &Side,
    field: &str,
    value: &str,
) -> Result<Vec<String>, HistoryError> {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !plain {
        return Ok(Vec::new());
    }
    let patterns = [
        format!("^{field}: [\"']?{value}[\"']?$"),
        "^status: [\"']?published[\"']?$".to_string(),
    ];
    repo.grep_all(side, &patterns, "claims")
}

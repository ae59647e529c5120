//! What `factdesk check` says of the newer version of a changed claim that
//! it did not say of the older one: the diff does not restate a rule, it
//! asks the check (`check::record::check_claim`, the same function `check`
//! runs on every file) at both sides and shows the errors the change
//! brought. That is how a reviewer sees a status the history does not lead
//! to, a rating no entry set, a hand-written review, an approval by the
//! rater under another spelling of their name, a stale approval or a hidden
//! character, each in the check's own words and code.

use super::Change;
use crate::check::record::check_claim;
use crate::diag::Severity;
use crate::model::DeskConfig;
use std::path::Path;

/// One side of a claim file: its bytes and the settings beside them.
pub struct Checked<'a> {
    pub bytes: Option<&'a [u8]>,
    pub config: Option<&'a DeskConfig>,
}

/// What the check finds at `new` and not at `old` (same code and message),
/// errors first.
pub fn new_findings(path: &str, old: Checked, new: Checked) -> Vec<Change> {
    let Some(bytes) = new.bytes else {
        return Vec::new();
    };
    let today = chrono::Utc::now().date_naive();
    let errors = |bytes: &[u8], config| {
        let mut found: Vec<(&'static str, String, bool)> =
            check_claim(bytes, Path::new(path), config, today)
                .diagnostics
                .into_iter()
                .map(|d| (d.code.name(), d.message, d.severity == Severity::Error))
                .collect();
        found.sort_by_key(|f| !f.2);
        found
    };
    let before = old.bytes.map(|b| errors(b, old.config)).unwrap_or_default();
    let mut out: Vec<Change> = Vec::new();
    for (code, message, error) in errors(bytes, new.config) {
        let seen = before.iter().any(|(c, m, _)| *c == code && *m == message);
        let twice = out.iter().any(
            |c| matches!(c, Change::Finding { code: k, message: m, .. } if k == code && *m == message),
        );
        if !seen && !twice {
            out.push(Change::Finding {
                code: code.to_string(),
                message,
                error,
            });
        }
    }
    out
}

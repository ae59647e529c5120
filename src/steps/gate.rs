//! The gate every write of a claim passes: the record as it would be
//! written is put through the same per-record rules `check` runs (text
//! hygiene, dates, URLs, bounds, schema, workflow replay), and any error
//! refuses the write with check's own diagnostics and codes. So no command
//! writes a record that `check` rejects, and no rule is restated here.

use crate::check::record::{check_claim, check_source};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Claim, Source};
use crate::store::{yaml, Desk, StoreError};
use chrono::NaiveDate;
use std::path::PathBuf;

/// A write refused because the record would not pass `check` (the CLI
/// words the refusal, naming the command).
#[derive(Debug, thiserror::Error)]
#[error("{} would not pass the desk's check; nothing was written", path.display())]
pub struct Refusal {
    /// The claim's path, relative to the desk root.
    pub path: PathBuf,
    /// Check's errors on the record as it would have been written.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a claim could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// Refuses `claim` when its canonical record has an error `check` would
/// report on `today` under the desk's settings.
pub fn admit(desk: &Desk, claim: &Claim, today: NaiveDate) -> Result<(), GateError> {
    let rel = Desk::claim_rel(claim.id.as_str());
    let text = yaml::to_canonical(claim).map_err(|e| StoreError::Yaml(e.to_string()))?;
    let errors = errors_in(text.as_bytes(), &rel, desk, today);
    refuse_on(rel, errors)
}

/// Refuses `source` when its canonical metadata record has an error
/// `check` would report on `today`.
pub fn admit_source(source: &Source, today: NaiveDate) -> Result<(), GateError> {
    let rel = Desk::source_rel(&source.id);
    let text = yaml::to_canonical(source).map_err(|e| StoreError::Yaml(e.to_string()))?;
    let errors: Vec<Diagnostic> = check_source(text.as_bytes(), &rel, today)
        .0
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    refuse_on(rel, errors)
}

/// A refusal of the record at `rel` when check found `errors` in it.
fn refuse_on(rel: PathBuf, errors: Vec<Diagnostic>) -> Result<(), GateError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refusal {
            path: rel,
            diagnostics: errors,
        }
        .into())
    }
}

/// Check's errors (not warnings) on one claim record's bytes.
pub fn errors_in(
    bytes: &[u8],
    rel: &std::path::Path,
    desk: &Desk,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    check_claim(bytes, rel, Some(&desk.config), today)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

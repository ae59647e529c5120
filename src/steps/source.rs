//! Adding a source: the metadata record as it would be written goes through
//! the same per-record rules `check` runs on `sources/*.yaml` (text hygiene,
//! dates, URLs, schema), so `source add` never writes a source `check`
//! rejects; then the store writes the transcript and its record.

use super::gate::{self, GateError, Refusal};
use crate::model::Source;
use crate::store::{Desk, StoreError};
use chrono::NaiveDate;

/// Why a source could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddSourceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// Stores `transcript` and the metadata `source` (its `file` and `sha256`
/// filled in), refused when the record would not pass `check` on `today`.
pub fn add_source(
    desk: &Desk,
    transcript: &[u8],
    mut source: Source,
    today: NaiveDate,
) -> Result<Source, AddSourceError> {
    source.file = format!("{}.{}", source.id, source.format.extension());
    source.sha256 = crate::model::sha256_hex(transcript);
    gate::admit_source(&source, today).map_err(|e| match e {
        GateError::Store(s) => AddSourceError::Store(s),
        GateError::Refused(r) => AddSourceError::Refused(r),
    })?;
    Ok(desk.add_source(transcript, source)?)
}

//! Adding a source: the metadata record as it would be written goes through
//! the same per-record rules `check` runs on `sources/*.yaml` (text hygiene,
//! dates, URLs, schema), so `source add` never writes a source `check`
//! rejects; then the store writes the transcript and its record.

use super::gate::{self, GateError};
use crate::model::Source;
use crate::store::Desk;
use chrono::NaiveDate;

/// Why a source could not be added: the gate's reasons (a store error, or
/// check's refusal of the record).
pub type AddSourceError = GateError;

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
    gate::admit_source(&source, today)?;
    Ok(desk.add_source(transcript, source)?)
}

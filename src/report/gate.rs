//! The rule that a report never publishes a desk `check` rejects: a control
//! character, a quote not in its transcript, a hand-written approval stop
//! the render; warnings do not. The check is run here (through the desk's
//! one cache) and its errors returned as data, for the CLI to show.

use crate::check::{self, CheckError};
use crate::diag::{Diagnostic, Severity};
use chrono::NaiveDate;
use std::path::Path;

/// Why a desk is not rendered: `check`'s errors on it, in check's order.
#[derive(Debug)]
pub struct Rejected {
    pub errors: Vec<Diagnostic>,
    /// How many files the errors are in.
    pub files: usize,
}

/// `None` when `check` (on `today`) finds no error in the desk at `root`,
/// else its errors.
pub fn rejected(root: &Path, today: NaiveDate) -> Result<Option<Rejected>, CheckError> {
    let opts = check::Options {
        today,
        files: None,
        cache: true,
    };
    let found = check::check_desk(root, &opts, &|_, _| {})?;
    let errors: Vec<Diagnostic> = found
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(None);
    }
    let files = errors
        .iter()
        .map(|d| &d.file)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    Ok(Some(Rejected { errors, files }))
}

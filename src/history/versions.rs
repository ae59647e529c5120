//! A record as it stood at one side of a comparison: parsed with the store's
//! parser, or the reason it could not be.

use crate::model::{Claim, DeskConfig, Source};
use crate::store::yaml::{as_record_text, parse_record};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A record at one side: absent, parsed, or present but unreadable.
#[derive(Debug, Clone)]
pub enum Version<T> {
    Absent,
    Parsed(Box<T>),
    Unparsable {
        message: String,
        /// Where the parser stopped, in that version's text.
        place: Option<crate::diag::Place>,
    },
}

pub type ClaimVersion = Version<Claim>;

impl<T: DeserializeOwned> Version<T> {
    /// Parses the bytes of a record file (None: the file is absent).
    pub fn from_bytes(bytes: Option<&[u8]>, path: &str) -> Version<T> {
        let Some(bytes) = bytes else {
            return Version::Absent;
        };
        let shown = Path::new(path);
        let text = match as_record_text(bytes, shown) {
            Ok(t) => t,
            Err(d) => {
                return Version::Unparsable {
                    message: d.message,
                    place: d.place,
                }
            }
        };
        match parse_record::<T>(text, shown) {
            Ok((v, _)) => Version::Parsed(Box::new(v)),
            Err(ds) => Version::Unparsable {
                place: ds.first().and_then(|d| d.place.clone()),
                message: ds
                    .first()
                    .map(|d| match &d.place {
                        Some(p) => format!("line {}: {}", p.line, d.message),
                        None => d.message.clone(),
                    })
                    .unwrap_or_else(|| "not a valid record".into()),
            },
        }
    }
}

impl<T> Version<T> {
    pub fn parsed(&self) -> Option<&T> {
        match self {
            Version::Parsed(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_present(&self) -> bool {
        !matches!(self, Version::Absent)
    }
}

/// Settings parsed from `factdesk.yaml` bytes, if they parse.
pub fn config_from(bytes: Option<&[u8]>) -> Option<DeskConfig> {
    match Version::<DeskConfig>::from_bytes(bytes, "factdesk.yaml") {
        Version::Parsed(c) => Some(*c),
        _ => None,
    }
}

/// Source metadata parsed from `sources/<id>.yaml` bytes, if they parse.
pub fn source_from(bytes: &[u8], path: &str) -> Option<Source> {
    match Version::<Source>::from_bytes(Some(bytes), path) {
        Version::Parsed(s) => Some(*s),
        _ => None,
    }
}

pub use crate::model::sha256_hex;

//! A cache of parsed claims, keyed by the SHA-256 of each record's exact
//! bytes: the same bytes always parse to the same claim, so a hit can never
//! hide a change. Reading a large desk a second time then costs hashing and
//! JSON decoding instead of YAML parsing. Kept in `.factdesk/cache/`, never
//! committed; any problem with it (missing, unreadable, from another build)
//! simply means parsing the YAML again.

use super::files::write_derived;
use crate::model::Claim;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const FILE: &str = "claims.jsonl";

/// The first 16 bytes of a record's SHA-256.
pub type Key = [u8; 16];

pub fn key(bytes: &[u8]) -> Key {
    let d = Sha256::digest(bytes);
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

fn path(root: &Path) -> PathBuf {
    root.join(super::STATE_DIR).join("cache").join(FILE)
}

/// What makes cached claims valid: this build of factdesk.
fn stamp() -> String {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("factdesk-claims {}+{build}", env!("CARGO_PKG_VERSION"))
}

fn hex(k: &Key) -> String {
    k.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Key> {
    if s.len() != 32 {
        return None;
    }
    let mut k = [0u8; 16];
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(k)
}

/// Cached claims as JSON text by key; empty when there is no usable cache.
pub fn load(root: &Path) -> HashMap<Key, String> {
    let Ok(text) = std::fs::read_to_string(path(root)) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(stamp().as_str()) {
        return HashMap::new();
    }
    lines
        .filter_map(|l| {
            let (k, json) = l.split_once('\t')?;
            Some((unhex(k)?, json.to_string()))
        })
        .collect()
}

/// A cached claim, if its JSON still decodes.
pub fn get(cache: &HashMap<Key, String>, k: &Key) -> Option<Claim> {
    serde_json::from_str(cache.get(k)?).ok()
}

/// Writes the cache for the claims just loaded; failures are ignored (the
/// cache is an optimisation).
pub fn save(root: &Path, entries: &[(Key, String)]) {
    let mut out = stamp();
    out.push('\n');
    for (k, json) in entries {
        out.push_str(&hex(k));
        out.push('\t');
        out.push_str(json);
        out.push('\n');
    }
    let p = path(root);
    if let Some(dir) = p.parent() {
        if std::fs::create_dir_all(dir).is_ok() {
            let _ = write_derived(&p, out.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_hex() {
        let k = key(b"id: a\n");
        assert_eq!(unhex(&hex(&k)), Some(k));
        assert_eq!(unhex("zz"), None);
    }
}

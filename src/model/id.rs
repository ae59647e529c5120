//! Claim and source identifiers: safe file names that never change and that
//! two editors on two branches can mint without coordination.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// Names that some file systems reserve; an id must not be one of them.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("an id has at most {MAX_ID_LEN} characters, this one has {len}")]
    TooLong { len: usize },
    #[error("an id may hold only a-z, 0-9 and '-', found {found:?} at position {position}")]
    BadCharacter { found: char, position: usize },
    #[error("an id must start and end with a letter or digit")]
    BadEdge,
    #[error("an id cannot hold '--'")]
    DoubleDash,
    #[error("{id:?} is a reserved file name on some systems")]
    Reserved { id: String },
}

/// Checks that `s` is a valid id: `[a-z0-9-]`, 1 to 64 characters, starting and
/// ending with a letter or digit, no `--`, not a reserved device name.
pub fn validate_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some((position, found)) = s
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(IdError::BadCharacter { found, position });
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong { len: s.len() });
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(IdError::BadEdge);
    }
    if s.contains("--") {
        return Err(IdError::DoubleDash);
    }
    if RESERVED.contains(&s) {
        return Err(IdError::Reserved { id: s.to_string() });
    }
    Ok(())
}

/// The id of a claim: also its file name (`claims/<id>.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClaimId(String);

impl ClaimId {
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        validate_id(&s)?;
        Ok(ClaimId(s))
    }

    /// Mints a fresh id: a slug of up to five words of `text` and eight hex
    /// digits of a hash over `salt` (source, quote, actor, time, process), so
    /// that two editors adding claims on two branches never pick the same id.
    pub fn mint(text: &str, salt: &str) -> ClaimId {
        let digest = Sha256::digest(salt.as_bytes());
        let suffix: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        let slug = slugify(text, 5, MAX_ID_LEN - suffix.len() - 1);
        let id = if slug.is_empty() {
            format!("claim-{suffix}")
        } else {
            format!("{slug}-{suffix}")
        };
        ClaimId(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClaimId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        ClaimId::new(s)
    }
}

impl From<ClaimId> for String {
    fn from(id: ClaimId) -> String {
        id.0
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lower-case ASCII slug of at most `words` words and `max_len` bytes, words
/// joined by '-'. Letters with accents lose them; other characters split words.
pub fn slugify(text: &str, words: usize, max_len: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w: String = word
            .chars()
            .filter_map(fold_ascii)
            .collect::<String>()
            .to_ascii_lowercase();
        if w.is_empty() {
            continue;
        }
        let extra = if out.is_empty() { w.len() } else { w.len() + 1 };
        if out.len() + extra > max_len {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
        count += 1;
        if count == words {
            break;
        }
    }
    out
}

fn fold_ascii(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unsafe_ids() {
        assert_eq!(validate_id(""), Err(IdError::Empty));
        assert!(matches!(
            validate_id("../etc/passwd"),
            Err(IdError::BadCharacter { found: '.', .. })
        ));
        assert!(matches!(
            validate_id("Abc"),
            Err(IdError::BadCharacter { .. })
        ));
        assert_eq!(validate_id("-abc"), Err(IdError::BadEdge));
        assert_eq!(validate_id("a--b"), Err(IdError::DoubleDash));
        assert!(matches!(validate_id("nul"), Err(IdError::Reserved { .. })));
        assert!(matches!(
            validate_id(&"a".repeat(65)),
            Err(IdError::TooLong { .. })
        ));
        assert!(validate_id("un-arms-embargo-3f9c").is_ok());
    }

    #[test]
    fn minted_ids_are_valid_and_differ_by_salt() {
        let a = ClaimId::mint("Importing North Korean arms breaches UN resolutions", "a");
        let b = ClaimId::mint("Importing North Korean arms breaches UN resolutions", "b");
        assert_ne!(a, b);
        assert!(validate_id(a.as_str()).is_ok());
        assert!(a
            .as_str()
            .starts_with("importing-north-korean-arms-breaches-"));
        let odd = ClaimId::mint("«» — !!", "x");
        assert!(odd.as_str().starts_with("claim-"));
        let long = ClaimId::mint(&"verylongword".repeat(20), "y");
        assert!(validate_id(long.as_str()).is_ok());
    }
}

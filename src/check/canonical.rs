//! The canonical form of a record file, for `factdesk fmt`: the leading
//! comments, then the record as `store::yaml::to_canonical` writes it. The
//! rewrite is proven not to change any value (the new text is parsed again
//! and compared) before anyone writes it; records with comments inside the
//! body are refused, since a rewrite would drop them.

use crate::diag::Diagnostic;
use crate::model::{Claim, DeskConfig, Source};
use crate::store::yaml::{as_record_text, parse_record, to_canonical};
use crate::store::{CLAIMS_DIR, CONFIG_FILE, SOURCES_DIR};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::Path;

/// Why a record cannot be put in canonical form.
#[derive(Debug, thiserror::Error)]
pub enum CanonicalError {
    #[error("{} is not a valid record", file.display())]
    Invalid {
        file: std::path::PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("{}:{line}: the record holds a comment that rewriting it would drop", file.display())]
    BodyComment { file: std::path::PathBuf, line: u32 },
    #[error("{}: the canonical form would change a value ({detail}); the file was left alone", file.display())]
    WouldChange {
        file: std::path::PathBuf,
        detail: String,
    },
    #[error("{} is not a desk record (claims/<id>.yaml, sources/<id>.yaml or {CONFIG_FILE})", file.display())]
    NotARecord { file: std::path::PathBuf },
}

/// Whether `rel` (relative to the desk root) is a record `fmt` can format.
pub fn is_record(rel: &Path) -> bool {
    kind(rel).is_some()
}

#[derive(Clone, Copy)]
enum Kind {
    Claim,
    Source,
    Config,
}

fn kind(rel: &Path) -> Option<Kind> {
    let parent = rel.parent().and_then(|p| p.to_str());
    let yaml = rel.extension().is_some_and(|e| e == "yaml");
    match parent {
        Some("") if rel == Path::new(CONFIG_FILE) => Some(Kind::Config),
        Some(CLAIMS_DIR) if yaml => Some(Kind::Claim),
        Some(SOURCES_DIR) if yaml => Some(Kind::Source),
        _ => None,
    }
}

/// The canonical text of the record `rel` whose bytes are `bytes`.
pub fn canonical(bytes: &[u8], rel: &Path) -> Result<String, CanonicalError> {
    match kind(rel) {
        Some(Kind::Claim) => canonical_as::<Claim>(bytes, rel),
        Some(Kind::Source) => canonical_as::<Source>(bytes, rel),
        Some(Kind::Config) => canonical_as::<DeskConfig>(bytes, rel),
        None => Err(CanonicalError::NotARecord {
            file: rel.to_path_buf(),
        }),
    }
}

fn canonical_as<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    bytes: &[u8],
    rel: &Path,
) -> Result<String, CanonicalError> {
    let invalid = |diagnostics| CanonicalError::Invalid {
        file: rel.to_path_buf(),
        diagnostics,
    };
    let text = as_record_text(bytes, rel).map_err(|d| invalid(vec![d]))?;
    // The byte-order mark is accepted on reading and never written back.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (value, scan) = parse_record::<T>(text, rel).map_err(invalid)?;
    if let Some(&off) = scan.body_comments.first() {
        let line = text[..off].matches('\n').count() as u32 + 1;
        return Err(CanonicalError::BodyComment {
            file: rel.to_path_buf(),
            line,
        });
    }
    let would_change = |detail: String| CanonicalError::WouldChange {
        file: rel.to_path_buf(),
        detail,
    };
    let body = to_canonical(&value).map_err(|e| would_change(e.to_string()))?;
    let out = format!("{}{body}", scan.header.replace("\r\n", "\n"));
    if out.as_bytes() == bytes {
        // Already canonical: reading it again would read the same bytes.
        return Ok(out);
    }
    let (again, _) = parse_record::<T>(&out, rel)
        .map_err(|ds| would_change(ds.first().map(|d| d.message.clone()).unwrap_or_default()))?;
    if again != value {
        return Err(would_change("the value read back differs".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = "# kept\nid: a\nclaim: \"no\"\nquote: 'on'\nspeaker: \"-dash\"\nsource: s\nlocation: {line: 8}\nstatus: candidate\ntags: [\"2023-09-14\", \"#x\", \"a: b\"]\nhistory: []\n";

    #[test]
    fn canonical_form_keeps_values_and_leading_comments() {
        let out = canonical(CLAIM.as_bytes(), Path::new("claims/a.yaml")).unwrap();
        assert!(
            out.starts_with("# kept\nid: a\nclaim: \"no\"\nquote: \"on\"\n"),
            "{out}"
        );
        assert!(
            out.contains("  - \"2023-09-14\"\n  - \"#x\"\n  - \"a: b\"\n"),
            "{out}"
        );
        assert_eq!(
            canonical(out.as_bytes(), Path::new("claims/a.yaml")).unwrap(),
            out,
            "a second run changes nothing"
        );
    }

    #[test]
    fn refuses_body_comments_and_strays() {
        let t = CLAIM.replace("status: candidate", "status: candidate # why");
        assert!(matches!(
            canonical(t.as_bytes(), Path::new("claims/a.yaml")),
            Err(CanonicalError::BodyComment { line: 8, .. })
        ));
        assert!(matches!(
            canonical(b"a: 1", Path::new("reports/a.yaml")),
            Err(CanonicalError::NotARecord { .. })
        ));
    }

    #[test]
    fn normalises_crlf_and_bom() {
        let t = format!("\u{feff}{}", CLAIM.replace('\n', "\r\n"));
        let out = canonical(t.as_bytes(), Path::new("claims/a.yaml")).unwrap();
        assert!(
            !out.contains('\r') && !out.starts_with('\u{feff}'),
            "{out:?}"
        );
    }
}

//! The check table's row format: one line a claim file, tab-separated, so
//! that decoding 100,000 rows takes a few tens of milliseconds (in
//! parallel) rather than the time of a JSON parse. Free text is written raw
//! when it holds no tab, newline or leading quote, else as a JSON string;
//! `-` stands for none. `<published>` is `-` for an unpublished claim, else
//! `d` (dated) or `u` (undated) followed by `w` (published with
//! `--no-claimreview`) or `c`. The facts that held across files last time
//! are kept as one line of hexadecimal numbers.
//!
//! ```text
//! <id> <source> <quote hash> <line> <start> <published> <diagnostics as JSON, or ->
//! ```

use super::cache::{FastSet, StoredDiag};
use super::record::{Anchor, ClaimFacts, Published};
use std::fmt::Write as _;

fn text(out: &mut String, s: Option<&str>) {
    match s {
        None => out.push('-'),
        Some(s)
            if s.is_empty() || s == "-" || s.starts_with('"') || s.contains(['\t', '\n', '\r']) =>
        {
            out.push_str(&serde_json::to_string(s).unwrap_or_default())
        }
        Some(s) => out.push_str(s),
    }
}

fn untext(s: &str) -> Option<Option<String>> {
    match s {
        "-" => Some(None),
        s if s.starts_with('"') => serde_json::from_str(s).ok().map(Some),
        s => Some(Some(s.to_string())),
    }
}

/// A claim file's row: its facts and its own diagnostics.
pub fn encode_row(diagnostics: &[StoredDiag], facts: &ClaimFacts) -> String {
    let mut out = String::with_capacity(160);
    text(&mut out, facts.id.as_deref());
    out.push('\t');
    match &facts.anchor {
        Some(a) => {
            text(&mut out, Some(&a.source));
            let _ = write!(out, "\t{:x}\t{}\t", a.quote_hash, a.line);
            text(&mut out, a.start.as_deref());
        }
        None => out.push_str("-\t-\t-\t-"),
    }
    out.push('\t');
    out.push_str(match facts.published {
        None => "-",
        Some(Published { dated, waived }) => match (dated, waived) {
            (true, true) => "dw",
            (true, false) => "dc",
            (false, true) => "uw",
            (false, false) => "uc",
        },
    });
    out.push('\t');
    if diagnostics.is_empty() {
        out.push('-');
    } else {
        out.push_str(&serde_json::to_string(diagnostics).unwrap_or_default());
    }
    out
}

/// A row back; `None` when it is not one (the file is then checked again).
pub fn decode_row(line: &str) -> Option<(Vec<StoredDiag>, ClaimFacts)> {
    let f: Vec<&str> = line.split('\t').collect();
    let [id, source, qh, l, start, published, diags] = f.as_slice() else {
        return None;
    };
    let published = match *published {
        "-" => None,
        p => {
            let (d, w) = (p.as_bytes().first()?, p.as_bytes().get(1)?);
            Some(Published {
                dated: *d == b'd',
                waived: *w == b'w',
            })
        }
    };
    let anchor = match untext(source)? {
        None => None,
        Some(source) => Some(Anchor {
            source,
            quote: None,
            speaker: None,
            quote_hash: u128::from_str_radix(qh, 16).ok()?,
            line: l.parse().ok()?,
            start: untext(start)?,
        }),
    };
    let diagnostics: Vec<StoredDiag> = if *diags == "-" {
        Vec::new()
    } else {
        serde_json::from_str(diags).ok()?
    };
    let facts = ClaimFacts {
        id: untext(id)?,
        anchor,
        published,
    };
    Some((diagnostics, facts))
}

/// The facts that held across files, as one line.
pub fn encode_known(known: &FastSet<u128>) -> String {
    let mut out = String::with_capacity(known.len() * 33);
    for k in known {
        let _ = write!(out, "{k:x} ");
    }
    out
}

pub fn decode_known(line: &str) -> Option<FastSet<u128>> {
    line.split_ascii_whitespace()
        .map(|h| u128::from_str_radix(h, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_known_facts_round_trip() {
        let mut known = FastSet::default();
        known.insert(u128::MAX - 7);
        known.insert(3);
        assert_eq!(decode_known(&encode_known(&known)), Some(known));
        assert_eq!(decode_known(""), Some(FastSet::default()));
        let facts = ClaimFacts {
            id: Some("we\tird\n".into()),
            anchor: Some(Anchor {
                source: "-".into(),
                quote: None,
                speaker: None,
                quote_hash: 42,
                line: 8,
                start: Some("\"00:01\"".into()),
            }),
            published: Some(Published {
                dated: false,
                waived: true,
            }),
        };
        let row = encode_row(&[], &facts);
        assert!(!row.contains('\n'));
        assert_eq!(decode_row(&row).unwrap().1, facts);
        let bare = ClaimFacts {
            id: None,
            anchor: None,
            published: None,
        };
        assert_eq!(decode_row(&encode_row(&[], &bare)).unwrap().1, bare);
        assert!(decode_row("something else").is_none());
    }
}

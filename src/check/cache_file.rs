//! The cache's file format: one line a fact, tab-separated, so that loading
//! 100,000 entries takes a few tens of milliseconds (in parallel) rather than
//! the time of a JSON parse. Free text is written raw when it holds no tab,
//! newline or leading quote, else as a JSON string; `-` stands for none.
//! `<published>` is `-` for an unpublished claim, else `d` (dated) or `u`
//! (undated) followed by `w` (published with `--no-claimreview`) or `c`.
//!
//! ```text
//! factdesk-check-cache 1
//! key <settings key>
//! k <known fact, 32 hex digits>
//! e <path> <size> <mtime ns> <hash> <id> <source> <quote hash> <line> <start> <published> <diagnostics as JSON, or ->
//! ```

use super::cache::{Entry, FastMap, FastSet, Stored, StoredDiag};
use super::record::{Anchor, ClaimFacts, Published};
use rayon::prelude::*;
use std::fmt::Write as _;

const MAGIC: &str = "factdesk-check-cache 2";

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

/// Writes the cache in its file format.
pub fn encode(stored: &Stored) -> String {
    let mut out = String::with_capacity(stored.entries.len() * 160 + stored.known.len() * 36);
    let _ = writeln!(out, "{MAGIC}\nkey {}", stored.key.replace('\n', " "));
    for k in &stored.known {
        let _ = writeln!(out, "k {k:032x}");
    }
    for (path, e) in &stored.entries {
        out.push_str("e ");
        text(&mut out, Some(path));
        let _ = write!(out, "\t{}\t{}\t{}\t", e.size, e.mtime_ns, e.hash);
        text(&mut out, e.facts.id.as_deref());
        out.push('\t');
        match &e.facts.anchor {
            Some(a) => {
                text(&mut out, Some(&a.source));
                let _ = write!(out, "\t{:x}\t{}\t", a.quote_hash, a.line);
                text(&mut out, a.start.as_deref());
            }
            None => out.push_str("-\t-\t-\t-"),
        }
        out.push('\t');
        out.push_str(match e.facts.published {
            None => "-",
            Some(Published { dated, waived }) => match (dated, waived) {
                (true, true) => "dw",
                (true, false) => "dc",
                (false, true) => "uw",
                (false, false) => "uc",
            },
        });
        out.push('\t');
        if e.diagnostics.is_empty() {
            out.push('-');
        } else {
            out.push_str(&serde_json::to_string(&e.diagnostics).unwrap_or_default());
        }
        out.push('\n');
    }
    out
}

/// Reads the cache file; `None` when it is not one (then it starts empty).
pub fn decode(s: &str) -> Option<Stored> {
    let mut lines = s.lines();
    if lines.next()? != MAGIC {
        return None;
    }
    let key = lines.next()?.strip_prefix("key ")?.to_string();
    let rest: Vec<&str> = lines.collect();
    let known: Option<FastSet<u128>> = rest
        .par_iter()
        .filter_map(|l| l.strip_prefix("k "))
        .map(|h| u128::from_str_radix(h, 16).ok())
        .collect();
    let entries: Option<FastMap<String, Entry>> = rest
        .par_iter()
        .filter_map(|l| l.strip_prefix("e "))
        .map(entry)
        .collect();
    Some(Stored {
        key,
        entries: entries?,
        known: known?,
    })
}

fn entry(line: &str) -> Option<(String, Entry)> {
    let f: Vec<&str> = line.split('\t').collect();
    let [path, size, mtime, hash, id, source, qh, l, start, published, diags] = f.as_slice() else {
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
    let e = Entry {
        size: size.parse().ok()?,
        mtime_ns: mtime.parse().ok()?,
        hash: hash.parse().ok()?,
        diagnostics,
        facts: ClaimFacts {
            id: untext(id)?,
            anchor,
            published,
        },
    };
    Some((untext(path)??, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_entries_and_known_facts() {
        let mut stored = Stored {
            key: "k|2025-01-01".into(),
            ..Stored::default()
        };
        stored.known.insert(u128::MAX - 7);
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
        stored.entries.insert(
            "claims/a.yaml".into(),
            Entry {
                size: 1,
                mtime_ns: 2,
                hash: 3,
                diagnostics: Vec::new(),
                facts,
            },
        );
        stored.entries.insert(
            "claims/b c.yaml".into(),
            Entry {
                size: 4,
                mtime_ns: 5,
                hash: 6,
                diagnostics: Vec::new(),
                facts: ClaimFacts {
                    id: None,
                    anchor: None,
                    published: None,
                },
            },
        );
        let back = decode(&encode(&stored)).unwrap();
        assert_eq!(back.key, stored.key);
        assert_eq!(back.known, stored.known);
        assert_eq!(back.entries.len(), 2);
        assert_eq!(
            back.entries["claims/a.yaml"].facts,
            stored.entries["claims/a.yaml"].facts
        );
        assert!(decode("something else\n").is_none());
    }
}

//! One record file, on its own: the YAML layer (size, encoding, byte-order
//! mark, line endings, hidden characters, forbidden constructs, syntax), the
//! schema walk, the typed conversion, then the semantic rules. Yields the
//! file's diagnostics and, for a claim, the facts the cross-file checks need.

use super::locate::{FieldPath, Locator, Target};
use super::rules::{self, Sink};
use super::schema::{self, Field, Walker};
use super::tree::Tree;
use crate::diag::{Code, Diagnostic, Place, Remedy, Run};
use crate::model::hygiene;
use crate::model::{Claim, DeskConfig, Source};
use crate::store::yaml::{as_record_text, parse_record};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What the cross-file checks need to know of a claim.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimFacts {
    /// The `id` field, when it is text.
    #[serde(rename = "i")]
    pub id: Option<String>,
    /// Where the quote should be, when the record is valid.
    #[serde(rename = "a")]
    pub anchor: Option<Anchor>,
    /// For a published claim: what its ClaimReview needs beyond the source.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
}

/// What a published claim brings to its ClaimReview, for the cross-file
/// check that its source completes it (`published-without-claimreview`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The claim has its own `said_on` (else the source's date must do).
    pub dated: bool,
    /// It was published with `--no-claimreview`.
    pub waived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    #[serde(rename = "s")]
    pub source: String,
    /// The quote; not kept in the cache (`quote_hash` stands for it there).
    #[serde(skip)]
    pub quote: Option<String>,
    /// Who the claim says spoke it; not kept in the cache either.
    #[serde(skip)]
    pub speaker: Option<String>,
    /// A hash of the quote and the speaker (`Anchor::hash_of`).
    #[serde(rename = "q")]
    pub quote_hash: u128,
    #[serde(rename = "l")]
    pub line: u32,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

impl Anchor {
    /// The `quote_hash` of a quote attributed to `speaker`: a claim whose
    /// quote or speaker changed is checked against its transcript again.
    pub fn hash_of(quote: &str, speaker: &str) -> u128 {
        let mut bytes = Vec::with_capacity(quote.len() + speaker.len() + 1);
        bytes.extend_from_slice(quote.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(speaker.as_bytes());
        super::cache::hash128(&bytes)
    }
}

/// The outcome of checking one claim file.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub facts: ClaimFacts,
}

/// Checks a claim file's bytes: a valid record parses straight into its
/// type (the fast path); any other goes through the untyped tree, which
/// reports every problem at once.
pub fn check_claim(
    bytes: &[u8],
    rel: &Path,
    config: Option<&DeskConfig>,
    today: NaiveDate,
) -> ClaimOutcome {
    check_claim_parsed(bytes, rel, config, today).0
}

/// [`check_claim`], also giving the claim when the fast path read it: the
/// claim the store's whole load parses from the same bytes
/// (`store::parse_bytes`: the same text layer and typed read), for the
/// one cache's table of parsed claims (`store::ParsedClaims`).
pub fn check_claim_parsed(
    bytes: &[u8],
    rel: &Path,
    config: Option<&DeskConfig>,
    today: NaiveDate,
) -> (ClaimOutcome, Option<Claim>) {
    let mut out = Vec::new();
    let Some(text) = layer(bytes, rel, &mut out) else {
        let outcome = ClaimOutcome {
            diagnostics: out,
            facts: ClaimFacts::default(),
        };
        return (outcome, None);
    };
    match parse_record::<Claim>(text, rel) {
        Ok((claim, _)) => {
            let loc = Locator::new(text);
            let problems = super::typed::claim_problems(&claim, &loc);
            if problems.iter().any(|p| p.code == Code::Yaml12Ambiguous) {
                // The typed read took a plain `~`, `true` or `0x1F` for text;
                // the untyped tree reads it as YAML does, and says so.
                return (thorough(text, rel, config, today, out), None);
            }
            let anchored = anchorable(&problems);
            emit(problems, &loc, rel, &mut out);
            let outcome = finish(&claim, &loc, rel, config, today, out, anchored);
            (outcome, Some(claim))
        }
        Err(_) => (thorough(text, rel, config, today, out), None),
    }
}

/// Whether the quote's place is sound enough for the cross-file checks: a
/// schema error in `source`, `quote` or `location` would only echo there.
fn anchorable(problems: &[schema::Problem]) -> bool {
    !problems.iter().any(|p| {
        p.code.severity() == crate::diag::Severity::Error
            && matches!(p.path.0.first(), Some(super::locate::Seg::Key(k)) if ["source", "quote", "location"].contains(&k.as_str()))
    })
}

/// Checks a claim file's bytes through the untyped tree only.
pub fn check_claim_thorough(
    bytes: &[u8],
    rel: &Path,
    config: Option<&DeskConfig>,
    today: NaiveDate,
) -> ClaimOutcome {
    let mut out = Vec::new();
    match layer(bytes, rel, &mut out) {
        Some(text) => thorough(text, rel, config, today, out),
        None => ClaimOutcome {
            diagnostics: out,
            facts: ClaimFacts::default(),
        },
    }
}

fn thorough(
    text: &str,
    rel: &Path,
    config: Option<&DeskConfig>,
    today: NaiveDate,
    mut out: Vec<Diagnostic>,
) -> ClaimOutcome {
    let mut facts = ClaimFacts::default();
    let loc = Locator::new(text);
    let Some(walked) = untyped(&loc, rel, schema::CLAIM, &mut out) else {
        return ClaimOutcome {
            diagnostics: out,
            facts,
        };
    };
    facts.id = walked
        .tree
        .0
        .get("id")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let anchored = walked.anchored;
    match walked.into_typed::<Claim>(text, rel, &mut out) {
        Some(claim) => finish(&claim, &loc, rel, config, today, out, anchored),
        None => {
            identity(facts.id.as_deref(), &loc, rel, &mut out);
            ClaimOutcome {
                diagnostics: out,
                facts,
            }
        }
    }
}

/// The id, the semantic rules and the facts of a typed claim; the quote's
/// place only when `anchored`.
fn finish(
    claim: &Claim,
    loc: &Locator,
    rel: &Path,
    config: Option<&DeskConfig>,
    today: NaiveDate,
    mut out: Vec<Diagnostic>,
    anchored: bool,
) -> ClaimOutcome {
    identity(Some(claim.id.as_str()), loc, rel, &mut out);
    let mut sink = Sink {
        loc,
        file: rel,
        out,
    };
    rules::claim(&mut sink, claim, config, today);
    let published = (claim.status == crate::model::Status::Published).then(|| Published {
        dated: claim.said_on.is_some(),
        waived: crate::model::workflow::published_without_claimreview(claim),
    });
    let facts = ClaimFacts {
        published,
        id: Some(claim.id.as_str().to_string()),
        anchor: anchored.then(|| Anchor {
            source: claim.source.clone(),
            quote_hash: Anchor::hash_of(&claim.quote, &claim.speaker),
            quote: Some(claim.quote.clone()),
            speaker: Some(claim.speaker.clone()),
            line: claim.location.line,
            start: claim.location.start.clone(),
        }),
    };
    ClaimOutcome {
        diagnostics: sink.out,
        facts,
    }
}

fn emit(problems: Vec<schema::Problem>, loc: &Locator, rel: &Path, out: &mut Vec<Diagnostic>) {
    for pb in problems {
        let mut d = Diagnostic::new(pb.code, rel, pb.message).at(loc.place(&pb.path, pb.target));
        match (pb.hint, pb.code) {
            // What `factdesk fmt` does for a value another reader misreads.
            (Some(h), Code::Yaml11Ambiguous | Code::Yaml12Ambiguous) => {
                d = d.remedy(
                    Remedy::text(format!("{h} ("))
                        .then_run(Run::Fmt)
                        .then(" does it)"),
                );
            }
            (Some(h), _) => d = d.hint(h),
            (None, _) => {}
        }
        out.push(d);
    }
}

/// Checks a source metadata file's bytes.
pub fn check_source(
    bytes: &[u8],
    rel: &Path,
    today: NaiveDate,
) -> (Vec<Diagnostic>, Option<Source>) {
    let mut out = Vec::new();
    let Some(text) = layer(bytes, rel, &mut out) else {
        return (out, None);
    };
    let loc = Locator::new(text);
    let Some(walked) = untyped(&loc, rel, schema::SOURCE, &mut out) else {
        return (out, None);
    };
    identity(
        walked.tree.0.get("id").and_then(|v| v.as_str()),
        &loc,
        rel,
        &mut out,
    );
    let source = walked.into_typed::<Source>(text, rel, &mut out);
    if let Some(s) = &source {
        let mut sink = Sink {
            loc: &loc,
            file: rel,
            out,
        };
        rules::source(&mut sink, s, today);
        out = sink.out;
    }
    (out, source)
}

/// Checks the desk settings file's bytes.
pub fn check_config(bytes: &[u8], rel: &Path) -> (Vec<Diagnostic>, Option<DeskConfig>) {
    let mut out = Vec::new();
    let Some(text) = layer(bytes, rel, &mut out) else {
        return (out, None);
    };
    let loc = Locator::new(text);
    let Some(walked) = untyped(&loc, rel, schema::CONFIG, &mut out) else {
        return (out, None);
    };
    let config = walked.into_typed::<DeskConfig>(text, rel, &mut out);
    if let Some(c) = &config {
        let mut sink = Sink {
            loc: &loc,
            file: rel,
            out,
        };
        rules::config(&mut sink, c);
        out = sink.out;
    }
    (out, config)
}

/// The text layer: size, encoding, byte-order mark, line endings, hidden
/// characters. Returns the text unless a control character makes parsing
/// pointless.
fn layer<'b>(bytes: &'b [u8], rel: &Path, out: &mut Vec<Diagnostic>) -> Option<&'b str> {
    let text = match as_record_text(bytes, rel) {
        Ok(t) => t,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    if text.starts_with('\u{feff}') {
        out.push(
            Diagnostic::new(
                Code::ByteOrderMark,
                rel,
                "the file starts with a byte-order mark (U+FEFF)",
            )
            .at(Place::at(text, 0))
            .remedy(Remedy::text("save the file as UTF-8 without BOM, or run ").then_run(Run::Fmt)),
        );
    }
    if let Some(off) = memchr::memmem::find(text.as_bytes(), b"\r\n") {
        out.push(
            Diagnostic::new(
                Code::CrlfLineEndings,
                rel,
                "the file has Windows (CRLF) line endings",
            )
            .at(Place::at(text, off))
            .remedy(
                Remedy::text("run ")
                    .then_run(Run::Fmt)
                    .then(", or set `* text eol=lf` in .gitattributes"),
            ),
        );
    }
    let mut blocked = false;
    let loc = Locator::new(text);
    for (off, h) in hygiene::hidden_in_text(text) {
        let code = h.kind.code();
        let (message, hint) = h.describe(&text[off..]);
        blocked |= code == Code::ControlCharacter;
        out.push(
            Diagnostic::new(code, rel, format!("the text holds {message}"))
                .at(loc.place_at(off))
                .hint(hint),
        );
    }
    (!blocked).then_some(text)
}

/// A record parsed into its untyped tree and walked against its schema.
struct Walked {
    tree: Tree,
    fields: &'static [Field],
    /// The walk found an error (its problems are already reported).
    errors: bool,
    /// See [`anchorable`].
    anchored: bool,
}

impl Walked {
    /// The typed record: straight from a clean tree (a failure is
    /// reported), or read leniently from a tree with errors so the
    /// semantic rules still run (`None`, silently, when it cannot be).
    fn into_typed<T: DeserializeOwned>(
        self,
        text: &str,
        rel: &Path,
        out: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        if self.errors {
            super::lenient::typed(&self.tree.0, self.fields)
        } else {
            typed(self.tree, text, rel, out)
        }
    }
}

/// The parse into an untyped tree and the schema walk, whose problems go
/// to `out`. `None` when the text does not parse.
fn untyped(
    loc: &Locator,
    rel: &Path,
    fields: &'static [Field],
    out: &mut Vec<Diagnostic>,
) -> Option<Walked> {
    let text = loc.text();
    let tree = match parse_record::<Tree>(text, rel) {
        Ok((t, _)) => t,
        Err(ds) => {
            out.extend(ds.into_iter().map(|d| relocate_duplicate(d, text)));
            return None;
        }
    };
    let mut walker = Walker::new(loc);
    walker.object(&tree.0, fields);
    let errors = walker.has_errors();
    let anchored = anchorable(&walker.problems);
    emit(walker.problems, loc, rel, out);
    Some(Walked {
        tree,
        fields,
        errors,
        anchored,
    })
}

/// Points a duplicate-key error at the second occurrence of the key.
fn relocate_duplicate(d: Diagnostic, text: &str) -> Diagnostic {
    if d.code != Code::DuplicateKey {
        return d;
    }
    let Some(key) = d.message.split('`').nth(1).map(str::to_string) else {
        return d;
    };
    let Some(line) = d.place.as_ref().map(|p| p.line) else {
        return d;
    };
    // The parser reports the mapping that holds the duplicate; find the key's
    // second appearance at that mapping's indentation, from there on.
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let mut seen = 0;
    let mut offset = start;
    for l in text[start..].split_inclusive('\n') {
        let body = l.trim_start_matches([' ', '-']);
        if body.starts_with(&format!("{key}:")) || body.starts_with(&format!("\"{key}\":")) {
            seen += 1;
            if seen == 2 {
                let col = l.len() - body.len();
                let first_line = text[..start].matches('\n').count() as u32 + 1;
                return d.at(Place::at(text, offset + col)).note(format!(
                    "the mapping starting on line {first_line} already has `{key}`"
                ));
            }
        }
        offset += l.len();
    }
    d
}

fn typed<T: DeserializeOwned>(
    tree: Tree,
    text: &str,
    rel: &Path,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    match serde_json::from_value::<T>(tree.0) {
        Ok(v) => Some(v),
        Err(e) => {
            out.push(
                Diagnostic::new(
                    Code::WrongType,
                    rel,
                    format!("the record does not fit its type: {e}"),
                )
                .at(Place::at(text, 0))
                .hint("see docs/record-format.md"),
            );
            None
        }
    }
}

/// The id against the file name.
fn identity(id: Option<&str>, loc: &Locator, rel: &Path, out: &mut Vec<Diagnostic>) {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if let Err(e) = crate::model::id::validate_id(stem) {
        out.push(
            Diagnostic::new(
                Code::InvalidFileName,
                rel,
                format!("the file name is not `<id>.yaml` with a valid id: {e}"),
            )
            .hint("rename the file to its record's id"),
        );
    }
    if let Some(id) = id {
        if id != stem {
            out.push(
                Diagnostic::new(
                    Code::IdMismatch,
                    rel,
                    format!(
                        "the id {:?} differs from the file name {:?}",
                        crate::diag::visible(id),
                        crate::diag::visible(stem)
                    ),
                )
                .at(loc.place(&FieldPath::top("id"), Target::Value))
                .hint(
                    "ids never change: rename the file to `<id>.yaml`, or restore the id from git",
                ),
            );
        }
    }
}

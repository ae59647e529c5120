//! Checks across files: duplicate ids, file names that differ only in case,
//! claims naming unknown sources, and every quote against its transcript
//! (each transcript indexed once, however many claims quote it), with the
//! transcripts whose bytes no longer match their recorded sha256.

use super::locate::{locate, FieldPath, Target};
use super::record::{Anchor, ClaimFacts};
use crate::diag::{visible, Code, Diagnostic, Place, Remedy, Run};
use crate::model::Source;
use crate::transcript::{normalize, parse_time, Haystack, Transcript};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Reads a record's text again, to place a diagnostic found across files.
pub type Reader<'a> = dyn Fn(&Path) -> Option<String> + Sync + 'a;

/// Reads a claim's anchor again (with its quote and speaker), when its
/// facts came from the cache.
pub type Requote<'a> = dyn Fn(&Path) -> Option<Anchor> + Sync + 'a;

/// A claim to look up in its source: its file, anchor, and whether it is published.
type Quoted<'a> = (&'a Path, &'a Anchor, bool);

/// A source with its transcript's text, when it was read.
pub struct LoadedSource {
    pub rel: PathBuf,
    pub source: Source,
    /// The transcript, when it was read and is UTF-8.
    pub text: Option<String>,
    /// The transcript was left unread: the index vouched for its bytes
    /// (`actual`), which parsed under this metadata before; `quotes` reads
    /// it if a quote has to be looked up.
    pub unread: bool,
    /// The sha256 of the transcript's bytes, when it was read.
    pub actual: Option<String>,
    /// Whether the source is one of the files checked in this run.
    pub selected: bool,
    /// Where `sha256` sits in the metadata, for `transcript-changed`.
    pub sha_place: Option<Place>,
}

impl LoadedSource {
    /// Whether the transcript's text is at hand or known to be readable.
    pub fn readable(&self) -> bool {
        self.text.is_some() || self.unread
    }

    /// The transcript's actual sha256 when it differs from the metadata.
    pub fn changed(&self) -> Option<&str> {
        self.actual.as_deref().filter(|a| *a != self.source.sha256)
    }

    /// A key for facts about this transcript's text as parsed for this source.
    fn key(&self, what: &str) -> std::hash::DefaultHasher {
        let mut h = std::hash::DefaultHasher::new();
        let s = &self.source;
        (
            what,
            &self.actual,
            s.format.extension(),
            &s.speakers,
            &s.interviewer,
            &s.narrator,
        )
            .hash(&mut h);
        h
    }
}

/// A 128-bit key of a fact known to hold: the transcript parses, or a
/// quote starts at its recorded place in it.
pub type Known = u128;

fn finish(h: std::hash::DefaultHasher, salt: u64) -> Known {
    let mut h2 = h.clone();
    salt.hash(&mut h2);
    ((h.finish() as u128) << 64) | h2.finish() as u128
}

fn quote_key(base: &std::hash::DefaultHasher, a: &Anchor) -> Known {
    let mut h = base.clone();
    (a.quote_hash, a.line, &a.start).hash(&mut h);
    finish(h, 0x5eed)
}

pub(super) fn parse_key(src: &LoadedSource) -> Known {
    finish(src.key("parse"), 0x5eed)
}

fn placed(read: &Reader, rel: &Path, path: &FieldPath, code: Code, message: String) -> Diagnostic {
    let d = Diagnostic::new(code, rel, message);
    match read(rel) {
        Some(text) => {
            let off = locate(&text, path, Target::Value);
            d.at(Place::at(&text, off))
        }
        None => d,
    }
}

/// Duplicate ids among `claims` (file, id). `other_names` are claim file
/// stems not checked in this run: their id is taken to be their name.
pub fn duplicate_ids(
    claims: &[(&Path, &str)],
    other_names: &[String],
    read: &Reader,
) -> Vec<Diagnostic> {
    // How often each id is used: by a checked claim, or as the name of an
    // unchecked claim file. Only ids used more than once are sorted below.
    let mut uses: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(claims.len());
    for (_, id) in claims {
        *uses.entry(*id).or_default() += 1;
    }
    let others: Vec<(&str, PathBuf)> = other_names
        .iter()
        .filter_map(|n| {
            let count = uses.get_mut(n.as_str())?;
            *count += 1;
            Some((n.as_str(), crate::store::Desk::claim_rel(n)))
        })
        .collect();
    let repeated = |id: &str| uses.get(id).is_some_and(|n| *n > 1);
    // Sort (id, file) pairs, checked files first: equal ids end up adjacent.
    let mut pairs: Vec<(&str, &Path, bool)> = claims
        .iter()
        .filter(|(_, id)| repeated(id))
        .map(|(p, id)| (*id, *p, true))
        .collect();
    pairs.extend(
        others
            .iter()
            .filter(|(n, _)| repeated(n))
            .map(|(n, p)| (*n, p.as_path(), false)),
    );
    pairs.sort_unstable();
    let mut out = Vec::new();
    for group in pairs.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        let id = group[0].0;
        let files: Vec<&Path> = group.iter().map(|g| g.1).collect();
        for f in group.iter().filter(|g| g.2).map(|g| g.1) {
            let others: Vec<String> = files
                .iter()
                .filter(|o| **o != f)
                .map(|o| o.display().to_string())
                .collect();
            let id_of = |file: &Path| {
                placed(
                    read,
                    file,
                    &FieldPath::top("id"),
                    Code::DuplicateId,
                    String::new(),
                )
            };
            let mut d =
                id_of(f).hint("ids are unique: give one of the claims a fresh id (and file name)");
            d.message = format!(
                "the id {:?} is also used by {}",
                visible(id),
                others.join(", ")
            );
            if let Some(first) = files.iter().find(|o| **o != f) {
                d = d.also(first, id_of(first).place, "the same id");
            }
            out.push(d);
        }
    }
    out
}

/// File names in `dir` that differ only in case.
pub fn case_collisions(dir: &str, names: &[String]) -> Vec<Diagnostic> {
    // Names are lower-case ids: only a name with an upper-case letter can
    // collide, so only those (and their lower-case twins) are grouped.
    let upper: Vec<&String> = names
        .iter()
        .filter(|n| n.chars().any(char::is_uppercase))
        .collect();
    if upper.is_empty() {
        return Vec::new();
    }
    let lowered: std::collections::HashSet<String> =
        upper.iter().map(|n| n.to_lowercase()).collect();
    let mut groups: HashMap<String, Vec<&str>> = HashMap::new();
    for n in names
        .iter()
        .filter(|n| upper.contains(n) || lowered.contains(n.as_str()))
    {
        groups.entry(n.to_lowercase()).or_default().push(n);
    }
    let mut out = Vec::new();
    for files in groups.values().filter(|g| g.len() > 1) {
        for f in files {
            let others: Vec<&&str> = files.iter().filter(|o| *o != f).collect();
            out.push(
                Diagnostic::new(
                    Code::CaseCollision,
                    Path::new(dir).join(f),
                    format!(
                        "{f} and {} differ only in case; they are one file on macOS and Windows",
                        others
                            .iter()
                            .map(|o| o.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .hint("rename or merge them: file names are lower-case ids"),
            );
        }
    }
    out
}

/// Unknown sources, and every quote against its transcript.
/// Returns the diagnostics and the facts that held in this run, to be
/// remembered as `known` next time (when nothing they depend on changed).
pub fn references(
    claims: &[(&Path, &ClaimFacts)],
    sources: &BTreeMap<String, LoadedSource>,
    known: &super::cache::FastSet<Known>,
    read: &Reader,
    requote: &Requote,
) -> (Vec<Diagnostic>, Vec<Known>) {
    let mut out = Vec::new();
    let mut by_source: BTreeMap<&str, Vec<Quoted>> = BTreeMap::new();
    for (rel, f) in claims {
        let Some(a) = &f.anchor else { continue };
        if sources.contains_key(&a.source) {
            by_source
                .entry(&a.source)
                .or_default()
                .push((rel, a, f.published.is_some()));
        } else {
            let known: Vec<&str> = sources.keys().map(String::as_str).collect();
            let meta = Path::new(crate::store::SOURCES_DIR).join(format!("{}.yaml", a.source));
            let hint = match crate::store::yaml::did_you_mean(&a.source, &known) {
                _ if read(&meta).is_some() => Remedy::text(format!(
                    "{} exists but is not a valid record: ",
                    meta.display()
                ))
                .then_run(Run::Check {
                    file: meta.display().to_string(),
                })
                .then(" says why"),
                Some(b) => Remedy::text(format!("did you mean `{b}`? "))
                    .then_run(Run::SourceList)
                    .then(" shows every source"),
                None => Remedy::text("add the transcript with ")
                    .then_run(Run::SourceAdd)
                    .then(", or fix the id"),
            };
            out.push(
                placed(
                    read,
                    rel,
                    &FieldPath::top("source"),
                    Code::UnknownSource,
                    format!("no source {:?} in this desk", visible(&a.source)),
                )
                .remedy(hint),
            );
        }
    }
    for (id, src) in sources {
        if !by_source.contains_key(id.as_str()) && src.selected && src.readable() {
            by_source.insert(id, Vec::new());
        }
    }
    let groups: Vec<(&str, Vec<Quoted>)> = by_source.into_iter().collect();
    let found: Vec<(Vec<Diagnostic>, Vec<Known>)> = groups
        .par_iter()
        .with_max_len(crate::store::par::SOURCES)
        .map(|(id, claims)| quotes(&sources[*id], claims, known, read, requote))
        .collect();
    let mut held = Vec::new();
    for (d, k) in found {
        out.extend(d);
        held.extend(k);
    }
    (out, held)
}

/// `transcript-unreadable` for `src`'s transcript, placed on its `file`:
/// "the transcript sources/FILE " then `why`.
fn unreadable(read: &Reader, src: &LoadedSource, why: &str, hint: &str) -> Diagnostic {
    let message = format!("the transcript sources/{} {why}", src.source.file);
    placed(
        read,
        &src.rel,
        &FieldPath::top("file"),
        Code::TranscriptUnreadable,
        message,
    )
    .hint(hint)
}

fn quotes(
    src: &LoadedSource,
    claims: &[Quoted],
    known: &super::cache::FastSet<Known>,
    read: &Reader,
    requote: &Requote,
) -> (Vec<Diagnostic>, Vec<Known>) {
    let mut out = Vec::new();
    let mut held = Vec::new();
    if !src.readable() {
        return (out, held);
    }
    let pk = parse_key(src);
    let base = src.key("quote");
    let keys: Vec<Known> = claims.iter().map(|(_, a, _)| quote_key(&base, a)).collect();
    let (done, todo): (Vec<usize>, Vec<usize>) =
        (0..claims.len()).partition(|i| known.contains(&keys[*i]));
    held.extend(done.iter().map(|i| keys[*i]));
    if todo.is_empty() && known.contains(&pk) {
        held.push(pk);
        out.extend(changed(src, &[]));
        return (out, held);
    }
    let unread;
    let text = match &src.text {
        Some(t) => t,
        None => {
            let rel = Path::new(crate::store::SOURCES_DIR).join(&src.source.file);
            // The bytes read now must be those the index vouched for:
            // what is found in them is remembered under that digest.
            let same = |t: &String| Some(super::cache::sha256_hex(t.as_bytes())) == src.actual;
            match read(&rel).filter(same) {
                Some(t) => {
                    unread = t;
                    &unread
                }
                None => {
                    out.push(unreadable(
                        read,
                        src,
                        "could not be read again while checking: it changed or went away during the check",
                        "check the desk again once nothing is writing to sources/",
                    ));
                    return (out, Vec::new());
                }
            }
        }
    };
    let t = match Transcript::parse(text, src.source.format, &crate::store::roles(&src.source)) {
        Ok(t) => t,
        Err(e) => {
            let why = format!("cannot be read as {}: {e}", src.source.format);
            out.push(unreadable(
                read,
                src,
                &why,
                "fix the transcript's layout, or its `format`",
            ));
            return (out, Vec::new());
        }
    };
    held.push(pk);
    let mut hay: Option<Haystack> = None;
    let mut lines: Option<LineIndex> = None;
    let mut lost = Vec::new();
    for i in todo {
        let (rel, a, published) = claims[i];
        let fresh;
        let a = match a.quote {
            Some(_) => a,
            None => match requote(rel) {
                Some(f) if f.quote_hash == a.quote_hash => {
                    fresh = f;
                    &fresh
                }
                _ => continue, // changed since it was read: the next run checks it afresh
            },
        };
        let quote = a.quote.clone().unwrap_or_default();
        match look_up(&t, &mut hay, &mut lines, a, &quote) {
            Found::Here(seg) => match speaker_mismatch(src, &t, seg, rel, a, published, read) {
                Some(d) => out.push(d),
                None => held.push(keys[i]),
            },
            Found::Elsewhere(lines) => out.push(
                placed(
                    read,
                    rel,
                    &FieldPath::top("location").key("line"),
                    Code::QuoteMoved,
                    format!(
                        "the quote is not at line {} of {}; it occurs at line {}",
                        a.line,
                        src.source.file,
                        lines.join(", ")
                    ),
                )
                .hint(format!("set `location` to line {}", lines[0])),
            ),
            Found::Nowhere => {
                lost.push(rel.display().to_string());
                out.push(not_found(src, &t, rel, &quote, read));
            }
        }
    }
    out.extend(changed(src, &lost));
    (out, held)
}

enum Found {
    /// At its place, in this segment.
    Here(usize),
    /// The lines where it is instead.
    Elsewhere(Vec<String>),
    Nowhere,
}

/// Where `quote` is in `t`: at the anchor's place (looked up first in the
/// recorded line's segment), elsewhere, or nowhere.
fn look_up(
    t: &Transcript,
    hay: &mut Option<Haystack>,
    lines: &mut Option<LineIndex>,
    a: &Anchor,
    quote: &str,
) -> Found {
    if let Some(seg) = a.start.as_ref().map_or_else(
        || starts_on_line(t, lines.get_or_insert_with(|| line_index(t)), quote, a.line),
        |_| None,
    ) {
        return Found::Here(seg);
    }
    let matches = hay.get_or_insert_with(|| Haystack::new(t)).find(t, quote);
    if matches.is_empty() {
        return Found::Nowhere;
    }
    let start = a.start.as_deref().and_then(parse_time);
    let here = matches.iter().find(|m| {
        m.line == a.line && (start.is_none() || m.start_ms.is_none() || m.start_ms == start)
    });
    if let Some(m) = here {
        Found::Here(m.segment)
    } else {
        Found::Elsewhere(matches.iter().map(|m| m.line.to_string()).collect())
    }
}

fn not_found(
    src: &LoadedSource,
    t: &Transcript,
    rel: &Path,
    quote: &str,
    read: &Reader,
) -> Diagnostic {
    let mut d = placed(
        read,
        rel,
        &FieldPath::top("quote"),
        Code::QuoteNotFound,
        format!("the quote does not occur in {}", src.source.file),
    );
    if let Some(c) = t.closest_passage(quote).filter(|c| c.similarity > 0.3) {
        d = d.note(format!(
            "closest passage, line {}: {}",
            c.line,
            visible(&c.text)
        ));
    }
    let hint = if src.changed().is_some() {
        "the transcript changed since the claim was logged: restore it from git"
    } else {
        "quotes are verbatim: copy the words exactly as in the transcript"
    };
    d.hint(hint)
}

/// `transcript-changed` for a selected source whose transcript's hash
/// differs, with the claims whose quotes no longer occur in it.
fn changed(src: &LoadedSource, lost: &[String]) -> Option<Diagnostic> {
    let actual = src.changed().filter(|_| src.selected)?;
    let mut d = Diagnostic::new(Code::TranscriptChanged, &src.rel, format!("{} changed since it was added: sha256 is {actual}", src.source.file))
        .hint("transcripts are verbatim records: restore the file from git, or add the new version as a new source");
    if let Some(p) = &src.sha_place {
        d = d.at(p.clone());
    }
    // A source is selected only in runs that check every claim (see `widens`).
    if lost.is_empty() {
        d = d.note("every quote from it still occurs in it");
    }
    for l in lost {
        d = d.note(format!("the quote of {l} no longer occurs in it"));
    }
    Some(d)
}

/// Where each file line of a transcript starts: (segment, index in the
/// segment's `lines`) of the first segment that holds it. Built once per
/// transcript, so finding a claim's line does not walk every segment.
type LineIndex = std::collections::HashMap<u32, (usize, usize)>;

fn line_index(t: &Transcript) -> LineIndex {
    let mut index = LineIndex::new();
    for (n, seg) in t.segments.iter().enumerate() {
        for (i, (_, line)) in seg.lines.iter().enumerate() {
            index.entry(*line).or_insert((n, i));
        }
    }
    index
}

/// The fast path of the quote check: whether `quote` starts on file line
/// `line`, searching only the segment that holds that line. A `false` is
/// settled by the full search. Returns the segment it starts in.
fn starts_on_line(t: &Transcript, index: &LineIndex, quote: &str, line: u32) -> Option<usize> {
    let needle = normalize(quote);
    if needle.is_empty() {
        return None;
    }
    if let Some(&(n, i)) = index.get(&line) {
        let seg = &t.segments[n];
        let from = seg.lines[i].0;
        let to = seg.lines.get(i + 1).map_or(seg.text.len(), |(o, _)| *o);
        let (Some(rest), Some(own)) = (seg.text.get(from..), seg.text.get(from..to)) else {
            return None;
        };
        let haystack = normalize(rest);
        let own_len = if own.len() == rest.len() {
            haystack.len()
        } else {
            normalize(own).len()
        };
        return haystack
            .find(&needle)
            .is_some_and(|p| p < own_len)
            .then_some(n);
    }
    None
}

/// `speaker-mismatch`: the claim names another speaker than the one the
/// transcript (read with the source's speaker map) gives the quote's turn.
/// An unattributed turn names nobody: a speaker given by hand stands.
fn speaker_mismatch(
    src: &LoadedSource,
    t: &Transcript,
    seg: usize,
    rel: &Path,
    a: &Anchor,
    published: bool,
    read: &Reader,
) -> Option<Diagnostic> {
    let segment = t.segments.get(seg)?;
    let says = segment.speaker.as_deref()?;
    // An empty speaker is `empty-field`'s to report.
    let claimed = a.speaker.as_deref().filter(|s| !s.trim().is_empty())?;
    if says == claimed {
        return None;
    }
    let label = segment
        .label
        .as_deref()
        .map(|l| format!(" (label {:?})", visible(l)))
        .unwrap_or_default();
    let id = rel
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let d = placed(
        read,
        rel,
        &FieldPath::top("speaker"),
        Code::SpeakerMismatch,
        format!(
            "the claim says {} said it, but {} gives the turn at line {}{label} to {}",
            visible(claimed),
            src.source.file,
            a.line,
            visible(says)
        ),
    );
    let source = src.source.id.clone();
    let map = |label: &str| Run::MapSpeaker {
        source: source.clone(),
        label: label.to_string(),
        name: claimed.to_string(),
    };
    let reattribute = Remedy::run(Run::Reattribute {
        source: source.clone(),
    })
    .then(" gives the source's claims the speakers its transcript and map name");
    let fix = match (published, &segment.label) {
        (true, l) => {
            Remedy::text("a published claim's speaker changes only through a correction: ")
                .then_run(Run::CorrectSpeaker {
                    id,
                    speaker: says.to_string(),
                })
                .then(format!("; or, if {claimed} is right, map the label: "))
                .then_run(map(l.as_deref().unwrap_or("LABEL")))
        }
        (false, Some(l)) => reattribute
            .then(format!("; if {claimed} is right, map the label: "))
            .then_run(map(l)),
        (false, None) => reattribute,
    };
    Some(d.remedy(fix))
}

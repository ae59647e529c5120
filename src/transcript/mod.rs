//! Transcripts: parsing the supported layouts (plain text with its Rev and
//! Otter variants, Markdown, WebVTT, SRT, CSV and TSV tables) into speaker
//! turns, splitting turns into sentences, and finding a quote verbatim
//! (tolerating only whitespace, quote-mark and dash differences). Pure
//! functions over text: no files.

mod captions;
mod dashes;
pub mod docx;
mod doubts;
mod formats;
pub mod labels;
mod margins;
mod matching;
mod prose;
mod reported;
pub mod sentences;
mod speakers;
mod surnames;
mod table;

pub use doubts::layout_doubt;
pub use formats::{format_time, parse_time};
pub use matching::{normalize, Closest, Haystack, QuoteMatch};
pub use speakers::{label_key, Roles, Summary, Turns};

use crate::model::TranscriptFormat;

/// A transcript that could not be parsed, with the 1-based line at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TranscriptError {
    pub line: u32,
    pub message: String,
}

/// One turn, paragraph or cue of a transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Who speaks, as `Roles::speaker_for` reads the label (or the role an
    /// unlabelled turn falls to); `None` when nobody known.
    pub speaker: Option<String>,
    /// The speaker label as the transcript writes it, if the turn has one.
    pub label: Option<String>,
    /// The spoken text, without speaker label or markup; lines of a paragraph
    /// joined by single spaces.
    pub text: String,
    /// (byte offset in `text`, 1-based file line) where each source line starts.
    pub lines: Vec<(usize, u32)>,
    /// Cue or row times in milliseconds (captions, timed tables).
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

impl Segment {
    /// The first file line of the segment.
    pub fn line(&self) -> u32 {
        self.lines.first().map_or(1, |l| l.1)
    }

    /// The file line holding byte `offset` of `text`.
    pub fn line_at(&self, offset: usize) -> u32 {
        let idx = self.lines.partition_point(|(o, _)| *o <= offset);
        self.lines[idx.saturating_sub(1)].1
    }
}

/// A sentence with its speaker and place.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub segment: usize,
    pub line: u32,
    pub speaker: Option<String>,
    pub text: String,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

/// A parsed transcript.
#[derive(Debug, Clone)]
pub struct Transcript {
    pub format: TranscriptFormat,
    pub segments: Vec<Segment>,
    /// Lines that look like speaker labels but were not read as one.
    pub lookalikes: Vec<u32>,
}

impl Transcript {
    /// Parses `text` laid out as `format`; `roles` attributes unlabelled turns.
    pub fn parse(
        text: &str,
        format: TranscriptFormat,
        roles: &Roles,
    ) -> Result<Transcript, TranscriptError> {
        let mut lookalikes = Vec::new();
        let mut segments = match format {
            TranscriptFormat::Text => prose::parse(text, false, roles, &mut lookalikes),
            TranscriptFormat::Markdown => prose::parse(text, true, roles, &mut lookalikes),
            TranscriptFormat::Vtt => captions::parse(text, true, roles)?,
            TranscriptFormat::Srt => captions::parse(text, false, roles)?,
            TranscriptFormat::Tsv => table::parse(text, b'\t', roles)?,
            TranscriptFormat::Csv => table::parse(text, b',', roles)?,
        };
        surnames::join(&mut segments, roles);
        Ok(Transcript {
            format,
            segments,
            lookalikes,
        })
    }

    /// Every sentence, in order.
    pub fn sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for (i, seg) in self.segments.iter().enumerate() {
            for range in sentences::split(&seg.text) {
                out.push(Sentence {
                    segment: i,
                    line: seg.line_at(range.start),
                    speaker: seg.speaker.clone(),
                    text: seg.text[range].to_string(),
                    start_ms: seg.start_ms,
                    end_ms: seg.end_ms,
                });
            }
        }
        out
    }

    /// Distinct speakers in order of first appearance.
    pub fn speakers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.segments.iter().filter_map(|s| s.speaker.as_deref()) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

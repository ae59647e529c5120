//! Metadata of a transcript (`sources/<id>.yaml`); the text itself sits beside
//! it as `sources/<file>` and is parsed by the `transcript` module.

use super::choice::choices;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a transcript file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TranscriptFormat {
    Text,
    Markdown,
    Vtt,
    Srt,
    Tsv,
    Csv,
}

impl TranscriptFormat {
    /// Every layout, in the order the docs list them.
    pub const ALL: &'static [TranscriptFormat] = &[
        TranscriptFormat::Text,
        TranscriptFormat::Markdown,
        TranscriptFormat::Vtt,
        TranscriptFormat::Srt,
        TranscriptFormat::Tsv,
        TranscriptFormat::Csv,
    ];

    /// The on-disk spelling of every layout, in the order of `ALL`.
    pub const NAMES: &'static [&'static str] = &["text", "markdown", "vtt", "srt", "tsv", "csv"];

    /// The format a file extension names (`txt`, `md`, `vtt`, `srt`, `tsv`, `csv`).
    pub fn from_extension(ext: &str) -> Option<TranscriptFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(TranscriptFormat::Text),
            "md" | "markdown" => Some(TranscriptFormat::Markdown),
            "vtt" => Some(TranscriptFormat::Vtt),
            "srt" => Some(TranscriptFormat::Srt),
            "tsv" | "tab" => Some(TranscriptFormat::Tsv),
            "csv" => Some(TranscriptFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            TranscriptFormat::Text => "txt",
            TranscriptFormat::Markdown => "md",
            TranscriptFormat::Vtt => "vtt",
            TranscriptFormat::Srt => "srt",
            TranscriptFormat::Tsv => "tsv",
            TranscriptFormat::Csv => "csv",
        }
    }

    /// Whether this format is a caption file (WebVTT, SRT).
    pub fn is_subtitles(self) -> bool {
        matches!(self, TranscriptFormat::Vtt | TranscriptFormat::Srt)
    }
}

impl fmt::Display for TranscriptFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TranscriptFormat::Text => "text",
            TranscriptFormat::Markdown => "markdown",
            TranscriptFormat::Vtt => "vtt",
            TranscriptFormat::Srt => "srt",
            TranscriptFormat::Tsv => "tsv",
            TranscriptFormat::Csv => "csv",
        })
    }
}

choices! {
    /// What part a mapped speaker plays in the transcript.
    pub enum SpeakerRole {
        Speaker = "speaker",
        Moderator = "moderator",
        Interviewer = "interviewer",
        Narrator = "narrator",
        Audience = "audience",
    }
}

impl SpeakerRole {
    /// Whether this role asks the questions (unlabelled questions are theirs).
    pub fn asks(self) -> bool {
        matches!(self, SpeakerRole::Moderator | SpeakerRole::Interviewer)
    }
}

/// One entry of a source's `speakers:`: a person's name, or a label of the
/// transcript mapped to a person (and the part they play).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SpeakerEntry {
    Name(String),
    Label(SpeakerLabel),
}

/// `{label: SANDERS, name: Bernie Sanders, role: moderator}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerLabel {
    /// The label as the transcript writes it (matched ignoring case and spacing).
    pub label: String,
    /// The person it names.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<SpeakerRole>,
}

impl SpeakerLabel {
    /// Reads `LABEL=NAME` or `LABEL=ROLE:NAME` (`RADDATZ=moderator:Martha Raddatz`).
    pub fn parse_mapping(s: &str) -> Result<SpeakerLabel, String> {
        let Some((label, rest)) = s.split_once('=') else {
            return Err(format!(
                "{s:?} is not LABEL=NAME (such as SANDERS=Bernie Sanders)"
            ));
        };
        let (role, name) = match rest.split_once(':') {
            Some((r, n)) => match SpeakerRole::parse(r.trim()) {
                Some(role) => (Some(role), n),
                None => (None, rest),
            },
            None => (None, rest),
        };
        let (label, name) = (label.trim(), name.trim());
        if label.is_empty() || name.is_empty() {
            return Err(format!(
                "{s:?}: both the label and the name must be given (LABEL=NAME)"
            ));
        }
        Ok(SpeakerLabel {
            label: label.to_string(),
            name: name.to_string(),
            role,
        })
    }
}

impl SpeakerEntry {
    /// The person this entry names.
    pub fn name(&self) -> &str {
        match self {
            SpeakerEntry::Name(n) => n,
            SpeakerEntry::Label(l) => &l.name,
        }
    }
}

impl From<&str> for SpeakerEntry {
    fn from(s: &str) -> Self {
        SpeakerEntry::Name(s.to_string())
    }
}

/// `sources/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    pub format: TranscriptFormat,
    /// File name of the transcript, beside this record in `sources/`.
    pub file: String,
    /// SHA-256 of the transcript's bytes, lower-case hex.
    pub sha256: String,
    /// The people speaking, and the speaker map: which transcript label
    /// names whom (`{label: SANDERS, name: Bernie Sanders}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<SpeakerEntry>,
    /// Who asks the questions; unlabelled questions are theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    /// Who wrote the framing paragraphs before the first labelled turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrator: Option<String>,
    /// The file the transcript's text was extracted from (a `.docx`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extracted_from: Option<Original>,
    /// The language of the transcript's text (its quotes), a BCP 47 tag,
    /// when it is not the desk's (`fr` for an interview given in French).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The original of an extracted transcript: its file name and the sha256
/// of its bytes (the desk stores the extracted text, not the original).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Original {
    pub file: String,
    pub sha256: String,
}

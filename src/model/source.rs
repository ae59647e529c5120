//! Metadata of a transcript (`sources/<id>.yaml`); the text itself sits beside
//! it as `sources/<file>` and is parsed by the `transcript` module.

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
}

impl TranscriptFormat {
    /// The format a file extension names (`txt`, `md`, `vtt`, `srt`, `tsv`).
    pub fn from_extension(ext: &str) -> Option<TranscriptFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(TranscriptFormat::Text),
            "md" | "markdown" => Some(TranscriptFormat::Markdown),
            "vtt" => Some(TranscriptFormat::Vtt),
            "srt" => Some(TranscriptFormat::Srt),
            "tsv" => Some(TranscriptFormat::Tsv),
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
        }
    }

    /// Whether locations in this format carry cue times.
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
        })
    }
}

/// Whether a source's `file` names a file directly in `sources/`: not
/// hidden, no folder, no drive, no NUL (anything else could leave the desk).
pub fn safe_file_name(f: &str) -> bool {
    !f.is_empty() && !f.starts_with('.') && !f.contains(['/', '\\', ':', '\0'])
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<String>,
    /// Who asks the questions; unlabelled questions are theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    /// Who wrote the framing paragraphs before the first labelled turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrator: Option<String>,
}

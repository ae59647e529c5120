//! Adding a source. [`add_new_source`] is the whole step `source add`
//! takes: the layout from the file's extension (or as given), a Word
//! document's text extracted, the id derived from outlet, date and title,
//! the speaker map read and held against the transcript's labels, a file
//! whose lines contradict its layout refused; then [`add_source`]: the
//! metadata record as it would be written goes through the same per-record
//! rules `check` runs on `sources/*.yaml` (text hygiene, dates, URLs,
//! schema), so `source add` never writes a source `check` rejects, and the
//! store writes the transcript and its record.

use super::gate::{self, GateError, Refusal};
use crate::model::id::{slugify, validate_id, IdError};
use crate::model::source::Original;
use crate::model::url::{check_url, UrlError};
use crate::model::{Source, SpeakerEntry, SpeakerLabel, TranscriptFormat};
use crate::store::{roles, Desk, StoreError};
use crate::transcript::docx::DocxError;
use crate::transcript::{layout_doubt, Transcript, TranscriptError};
use chrono::NaiveDate;

/// Stores `transcript` and the metadata `source` (its `file` and `sha256`
/// filled in), refused when the record would not pass `check` on `today`.
pub fn add_source(
    desk: &Desk,
    transcript: &[u8],
    mut source: Source,
    today: NaiveDate,
) -> Result<Source, GateError> {
    source.file = format!("{}.{}", source.id, source.format.extension());
    source.sha256 = crate::model::sha256_hex(transcript);
    gate::admit_source(&source, today)?;
    Ok(desk.add_source(transcript, source)?)
}

/// What a person gives to add a source: the file as read, and what they
/// say about it.
#[derive(Debug, Clone, Default)]
pub struct NewSource {
    /// The file's name as given (its extension tells the layout; a Word
    /// document's name is recorded with its sha256).
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The layout, when the extension does not tell or the lines
    /// contradict it; given, it is not doubted.
    pub layout: Option<TranscriptFormat>,
    pub title: String,
    pub outlet: String,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub speakers: Vec<String>,
    pub interviewer: Option<String>,
    pub narrator: Option<String>,
    /// `LABEL=NAME` or `LABEL=ROLE:NAME`, as typed.
    pub speaker_map: Vec<String>,
    /// Default: [`default_id`].
    pub id: Option<String>,
}

/// A source added: its record as stored, its transcript as parsed, and
/// the other sources on the desk holding the same transcript.
#[derive(Debug)]
pub struct Added {
    pub source: Source,
    pub transcript: Transcript,
    /// Ids of other sources whose transcript (or, for Word documents, the
    /// original file) has the same sha256.
    pub same_as: Vec<String>,
}

/// Why a source was not added, each kind with what the CLI needs to say
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum AddSourceError {
    #[error("cannot tell the layout of {file} from its extension")]
    UnknownLayout { file: String },
    #[error("{file}: {error}")]
    Docx { file: String, error: DocxError },
    #[error("source id {id:?}: {error}")]
    Id { id: String, error: IdError },
    #[error("--url: {0}")]
    Url(UrlError),
    #[error("--speaker-map {0}")]
    Mapping(String),
    /// The lines contradict the layout the extension names.
    #[error("{file}: {doubt}")]
    LayoutDoubt {
        file: String,
        doubt: TranscriptError,
    },
    /// The speaker map names a label no turn carries.
    #[error(
        "{file}: --speaker-map names the label {label:?}, which no turn of the transcript carries"
    )]
    UnknownLabel {
        file: String,
        label: String,
        /// The labels the transcript has.
        labels: Vec<String>,
    },
    /// The transcript does not read in its layout.
    #[error("{file}: {error}")]
    Transcript {
        file: String,
        error: TranscriptError,
    },
    /// Storing the transcript or its record failed.
    #[error("{file}: {error}")]
    Store { file: String, error: StoreError },
    /// The record would not pass `check`.
    #[error(transparent)]
    Refused(Refusal),
    /// Stored, but the desk could not be read back afterwards (the
    /// transcript as stored, or the other sources to compare with).
    #[error(transparent)]
    Desk(StoreError),
}

/// Whether `file_name` is a Word document (its text is extracted and stored).
pub fn is_docx(file_name: &str) -> bool {
    extension(file_name).is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

fn extension(file_name: &str) -> Option<&str> {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
}

/// The layout: as given, else plain text for a Word document, else what
/// the extension names.
pub fn layout_of(file_name: &str, given: Option<TranscriptFormat>) -> Option<TranscriptFormat> {
    if given.is_some() {
        return given;
    }
    if is_docx(file_name) {
        return Some(TranscriptFormat::Text);
    }
    extension(file_name).and_then(TranscriptFormat::from_extension)
}

/// The id a source gets when none is given: outlet, publication date and
/// title words, as a slug (`bbc-2024-06-13-interview-with-the-minister`).
pub fn default_id(outlet: &str, published: Option<NaiveDate>, title: &str) -> String {
    let mut parts = vec![slugify(outlet, 3, 20)];
    if let Some(d) = published {
        parts.push(d.to_string());
    }
    parts.push(slugify(title, 3, 24));
    parts.retain(|p| !p.is_empty());
    parts.join("-")
}

/// A transcript file as given: its layout ([`layout_of`]) and the bytes
/// that hold its text (a Word document's extracted text, with the
/// original's name and sha256; any other file as it is). What `source add`
/// stores and what `extract` ranks when given a file.
pub fn transcript_file(
    file_name: &str,
    raw: Vec<u8>,
    layout: Option<TranscriptFormat>,
) -> Result<(Vec<u8>, TranscriptFormat, Option<Original>), AddSourceError> {
    let format = layout_of(file_name, layout).ok_or_else(|| AddSourceError::UnknownLayout {
        file: file_name.to_string(),
    })?;
    let (bytes, original) = extracted(file_name, raw)?;
    Ok((bytes, format, original))
}

/// The bytes to store: a Word document's extracted text (with the
/// original's name and sha256), any other file as it is.
fn extracted(file_name: &str, raw: Vec<u8>) -> Result<(Vec<u8>, Option<Original>), AddSourceError> {
    if !is_docx(file_name) {
        return Ok((raw, None));
    }
    let text =
        crate::transcript::docx::extract_text(&raw).map_err(|error| AddSourceError::Docx {
            file: file_name.to_string(),
            error,
        })?;
    let name = std::path::Path::new(file_name)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let original = Original {
        file: name,
        sha256: crate::model::sha256_hex(&raw),
    };
    Ok((text.into_bytes(), Some(original)))
}

/// Adds the source `new` describes to `desk` (see the module's doc), its
/// record held to `check`'s rules on `today`.
pub fn add_new_source(
    desk: &Desk,
    new: NewSource,
    today: NaiveDate,
) -> Result<Added, AddSourceError> {
    let file = new.file_name.clone();
    let (bytes, format, original) = transcript_file(&file, new.bytes, new.layout)?;
    let id = new
        .id
        .unwrap_or_else(|| default_id(&new.outlet, new.published, &new.title));
    validate_id(&id).map_err(|error| AddSourceError::Id {
        id: id.clone(),
        error,
    })?;
    if let Some(u) = &new.url {
        check_url(u).map_err(AddSourceError::Url)?;
    }
    let map = new
        .speaker_map
        .iter()
        .map(|m| SpeakerLabel::parse_mapping(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AddSourceError::Mapping)?;
    let text = std::str::from_utf8(&bytes).ok();
    if let (None, Some(text)) = (new.layout, text) {
        if let Some(doubt) = layout_doubt(text, format) {
            return Err(AddSourceError::LayoutDoubt { file, doubt });
        }
    }
    let mut source = super::new_source(id, new.title, new.outlet, format);
    source.url = new.url;
    source.published = new.published;
    source.speakers = new
        .speakers
        .iter()
        .map(|s| SpeakerEntry::from(s.as_str()))
        .collect();
    source
        .speakers
        .extend(map.iter().cloned().map(SpeakerEntry::Label));
    source.interviewer = new.interviewer;
    source.narrator = new.narrator;
    source.extracted_from = original;
    // Parsed once here, with the roles the record will carry: for the
    // speaker map's check, and as the transcript returned once stored (a
    // text that does not parse is refused by the store, with its line).
    let parsed = text.and_then(|text| Transcript::parse(text, format, &roles(&source)).ok());
    if let Some(t) = &parsed {
        if let Some(label) = t.unknown_labels(&map).first() {
            return Err(AddSourceError::UnknownLabel {
                file,
                label: label.to_string(),
                labels: t.labels().iter().map(ToString::to_string).collect(),
            });
        }
    }
    let stored = add_source(desk, &bytes, source, today).map_err(|e| match e {
        GateError::Store(StoreError::Transcript { error, .. }) => AddSourceError::Transcript {
            file: file.clone(),
            error,
        },
        GateError::Store(error) => AddSourceError::Store {
            file: file.clone(),
            error,
        },
        GateError::Refused(r) => AddSourceError::Refused(r),
    })?;
    let transcript = match parsed {
        Some(t) => t,
        None => {
            desk.read_transcript(&stored)
                .map_err(AddSourceError::Desk)?
                .1
        }
    };
    let same_as = same_transcript(desk, &stored).map_err(AddSourceError::Desk)?;
    Ok(Added {
        source: stored,
        transcript,
        same_as,
    })
}

/// The other sources of the desk holding the same transcript as `stored`:
/// the same stored text, or the same original Word document.
fn same_transcript(desk: &Desk, stored: &Source) -> Result<Vec<String>, StoreError> {
    let original = stored.extracted_from.as_ref().map(|o| &o.sha256);
    Ok(desk
        .load_sources()?
        .into_iter()
        .filter(|other| {
            let same_original =
                original.is_some() && other.extracted_from.as_ref().map(|o| &o.sha256) == original;
            other.id != stored.id && (other.sha256 == stored.sha256 || same_original)
        })
        .map(|other| other.id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeskConfig, RatingScale};

    const INTERVIEW: &str = "Interview with the minister\n\nHOST: Minister, is it true?\n\nMINISTER: Unemployment fell by two points last year.\n";

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let mut config = DeskConfig::new("Test desk", RatingScale::default_scale());
        config.publisher.url = "https://checks.example.org/".into();
        Desk::init(dir.path(), &config).unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        (dir, desk)
    }

    fn new(file_name: &str, text: &str) -> NewSource {
        NewSource {
            file_name: file_name.into(),
            bytes: text.as_bytes().to_vec(),
            title: "Interview with the minister".into(),
            outlet: "Radio Nord".into(),
            published: NaiveDate::from_ymd_opt(2024, 6, 13),
            ..NewSource::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 10).unwrap()
    }

    fn sources(dir: &tempfile::TempDir) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("sources"))
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn the_id_is_outlet_date_and_title_words() {
        assert_eq!(
            default_id(
                "Radio Nord",
                NaiveDate::from_ymd_opt(2024, 6, 13),
                "Interview with the minister"
            ),
            "radio-nord-2024-06-13-interview-with-the"
        );
        assert_eq!(default_id("BBC", None, "Hardtalk"), "bbc-hardtalk");
    }

    #[test]
    fn the_layout_is_given_or_named_by_the_extension() {
        assert_eq!(layout_of("a.VTT", None), Some(TranscriptFormat::Vtt));
        assert_eq!(layout_of("a.docx", None), Some(TranscriptFormat::Text));
        assert_eq!(layout_of("a.pdf", None), None);
        assert_eq!(layout_of("noext", None), None);
        assert_eq!(
            layout_of("a.txt", Some(TranscriptFormat::Srt)),
            Some(TranscriptFormat::Srt)
        );
    }

    #[test]
    fn a_source_is_added_under_its_derived_id_and_a_second_copy_is_named() {
        let (dir, desk) = desk();
        let added = add_new_source(&desk, new("itv.txt", INTERVIEW), today()).unwrap();
        assert_eq!(added.source.id, "radio-nord-2024-06-13-interview-with-the");
        assert!(added.same_as.is_empty());
        assert!(added.transcript.sentences().len() >= 2);
        let mut again = new("copy.txt", INTERVIEW);
        again.id = Some("again".into());
        let second = add_new_source(&desk, again, today()).unwrap();
        assert_eq!(second.same_as, vec![added.source.id.clone()]);
        assert_eq!(sources(&dir).len(), 4, "{:?}", sources(&dir));
    }

    #[test]
    fn each_refusal_has_its_kind_and_writes_nothing() {
        let (dir, desk) = desk();
        let refused = |n: NewSource| add_new_source(&desk, n, today()).unwrap_err();
        assert!(matches!(
            refused(new("itv.pdf", INTERVIEW)),
            AddSourceError::UnknownLayout { .. }
        ));
        let mut bad_id = new("itv.txt", INTERVIEW);
        bad_id.id = Some("Not An Id".into());
        assert!(matches!(refused(bad_id), AddSourceError::Id { .. }));
        let mut bad_url = new("itv.txt", INTERVIEW);
        bad_url.url = Some("ftp://example.org/x".into());
        assert!(matches!(refused(bad_url), AddSourceError::Url(_)));
        let mut bad_map = new("itv.txt", INTERVIEW);
        bad_map.speaker_map = vec!["MINISTER".into()];
        assert!(matches!(refused(bad_map), AddSourceError::Mapping(_)));
        let mut unknown = new("itv.txt", INTERVIEW);
        unknown.speaker_map = vec!["GUEST=Ana Ruiz".into()];
        match refused(unknown) {
            AddSourceError::UnknownLabel { label, labels, .. } => {
                assert_eq!(label, "GUEST");
                assert_eq!(labels, vec!["HOST".to_string(), "MINISTER".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            refused(new("itv.docx", INTERVIEW)),
            AddSourceError::Docx { .. }
        ));
        let captions =
            "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n";
        assert!(matches!(
            refused(new("captions.txt", captions)),
            AddSourceError::LayoutDoubt { .. }
        ));
        let mut hostile = new("itv.txt", INTERVIEW);
        hostile.title = "Interview\u{202e} with the minister".into();
        assert!(matches!(refused(hostile), AddSourceError::Refused(_)));
        assert!(sources(&dir).is_empty(), "{:?}", sources(&dir));
    }
}

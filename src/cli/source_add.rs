//! `factdesk source add`: stores a transcript verbatim with its metadata,
//! then says what it understood — the speakers with their turns, labels that
//! name nobody yet, unlabelled turns, lines that look like labels but were
//! not read as one, and a transcript already on the desk. Refuses a file
//! whose lines contradict its extension unless `--layout` is given.

use super::{CliError, CliResult, Ctx, Outcome};
use chrono::NaiveDate;
use factdesk::model::id::{slugify, validate_id};
use factdesk::model::source::Original;
use factdesk::model::{SpeakerEntry, SpeakerLabel, TranscriptFormat};
use factdesk::steps::{new_source, AddSourceError};
use factdesk::store::{roles, sha256_hex, StoreError};
use factdesk::transcript::{layout_doubt, Summary, Transcript, Turns};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct SourceAddArgs {
    /// The transcript: .txt (also Rev and Otter exports), .md, .vtt, .srt,
    /// .csv or .tsv (a header row naming start, end, speaker, text), or
    /// .docx (its text is extracted and stored as .txt, the original's
    /// sha256 recorded)
    file: PathBuf,
    /// Title of the interview, speech or debate
    #[arg(long)]
    title: String,
    /// Where it was published or broadcast
    #[arg(long)]
    outlet: String,
    /// Where readers can find it (http or https)
    #[arg(long)]
    url: Option<String>,
    /// When it was published (YYYY-MM-DD); default date of the claims said in it
    #[arg(long, value_name = "DATE")]
    published: Option<NaiveDate>,
    /// A person speaking in it (repeat for several); the one speaker besides
    /// the interviewer answers `A:` turns
    #[arg(long = "speaker", value_name = "NAME")]
    speakers: Vec<String>,
    /// Who asks the questions: unlabelled questions and `Q:` turns are theirs
    #[arg(long, value_name = "NAME")]
    interviewer: Option<String>,
    /// Who wrote the framing paragraphs before the first labelled turn
    #[arg(long, value_name = "NAME")]
    narrator: Option<String>,
    /// Name the person behind a transcript label: LABEL=NAME, or
    /// LABEL=ROLE:NAME with ROLE one of speaker, moderator, interviewer,
    /// narrator, audience (repeat for several; `SANDERS=Bernie Sanders`,
    /// `RADDATZ=moderator:Martha Raddatz`, `Speaker 2=Ana Ruiz`)
    #[arg(long = "speaker-map", value_name = "LABEL=NAME")]
    speaker_map: Vec<String>,
    /// The source's id (default: outlet, date and title words)
    #[arg(long)]
    id: Option<String>,
    /// The layout, when the extension does not tell or the file's lines
    /// contradict it
    #[arg(long, visible_alias = "format", value_enum)]
    layout: Option<LayoutArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LayoutArg {
    Text,
    Markdown,
    Vtt,
    Srt,
    Tsv,
    Csv,
}

impl From<LayoutArg> for TranscriptFormat {
    fn from(f: LayoutArg) -> Self {
        match f {
            LayoutArg::Text => TranscriptFormat::Text,
            LayoutArg::Markdown => TranscriptFormat::Markdown,
            LayoutArg::Vtt => TranscriptFormat::Vtt,
            LayoutArg::Srt => TranscriptFormat::Srt,
            LayoutArg::Tsv => TranscriptFormat::Tsv,
            LayoutArg::Csv => TranscriptFormat::Csv,
        }
    }
}

/// Whether the file is a Word document (its text is extracted and stored).
fn is_docx(a: &SourceAddArgs) -> bool {
    a.file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

fn layout_of(a: &SourceAddArgs) -> Result<TranscriptFormat, CliError> {
    if let Some(f) = a.layout {
        return Ok(f.into());
    }
    if is_docx(a) {
        return Ok(TranscriptFormat::Text);
    }
    a.file
        .extension()
        .and_then(|e| e.to_str())
        .and_then(TranscriptFormat::from_extension)
        .ok_or_else(|| {
            CliError::new(format!(
                "cannot tell the layout of {} from its extension",
                a.file.display()
            ))
            .hint("name it .txt, .md, .vtt, .srt, .csv, .tsv or .docx, or pass --layout")
        })
}

fn default_id(a: &SourceAddArgs) -> String {
    let mut parts = vec![slugify(&a.outlet, 3, 20)];
    if let Some(d) = a.published {
        parts.push(d.to_string());
    }
    parts.push(slugify(&a.title, 3, 24));
    parts.retain(|p| !p.is_empty());
    parts.join("-")
}

/// The error of a transcript that does not read, naming the user's file.
fn file_error(file: &str, e: StoreError) -> CliError {
    match e {
        StoreError::Transcript { error, .. } => CliError::new(format!("{file}: {error}")).hint(
            "check the file's layout (docs/record-format.md lists each one), or pass --layout",
        ),
        other => CliError::from(other).context(file),
    }
}

pub fn run(ctx: &mut Ctx, a: SourceAddArgs) -> CliResult {
    let desk = ctx.desk()?;
    let format = layout_of(&a)?;
    let file = a.file.display().to_string();
    let raw = factdesk::store::read_input_file(&a.file).map_err(|e| {
        CliError::new(format!("cannot read {file}: {e}"))
            .hint("give the transcript as a regular file (save a stream to a file first)")
    })?;
    let (bytes, original) = extracted(&a, &file, raw)?;
    let id = a.id.clone().unwrap_or_else(|| default_id(&a));
    validate_id(&id).map_err(|e| {
        CliError::new(format!("source id {id:?}: {e}"))
            .hint("pass --id with lower-case letters, digits and '-'")
    })?;
    if let Some(u) = &a.url {
        factdesk::model::url::check_url(u).map_err(|e| CliError::new(format!("--url: {e}")))?;
    }
    let map = a
        .speaker_map
        .iter()
        .map(|m| SpeakerLabel::parse_mapping(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::new(format!("--speaker-map {e}")))?;
    if let (None, Ok(text)) = (a.layout, std::str::from_utf8(&bytes)) {
        if let Some(doubt) = layout_doubt(text, format) {
            return Err(CliError::new(format!("{file}: {doubt}"))
                .hint("factdesk will not guess: pass --layout to say how the file is laid out"));
        }
    }
    let mut source = new_source(id, a.title, a.outlet, format);
    source.url = a.url;
    source.published = a.published;
    source.speakers = a
        .speakers
        .iter()
        .map(|s| SpeakerEntry::from(s.as_str()))
        .collect();
    source
        .speakers
        .extend(map.iter().cloned().map(SpeakerEntry::Label));
    source.interviewer = a.interviewer;
    source.narrator = a.narrator;
    source.extracted_from = original;
    if let Ok(text) = std::str::from_utf8(&bytes) {
        if let Ok(t) = Transcript::parse(text, format, &roles(&source)) {
            check_map(&file, &t, &map)?;
        }
    }
    let today = chrono::Utc::now().date_naive();
    let stored = match factdesk::steps::add_source(&desk, &bytes, source, today) {
        Ok(s) => s,
        Err(AddSourceError::Store(e)) => return Err(file_error(&file, e)),
        Err(AddSourceError::Refused(r)) => return Err(r.into()),
    };
    let (_, t) = desk.read_transcript(&stored)?;
    ctx.out.line(format!(
        "Added source {} (sources/{}, {} layout, {} sentences)",
        stored.id,
        stored.file,
        stored.format,
        t.sentences().len(),
    ));
    for line in summary_lines(&t.summary(&roles(&stored))) {
        ctx.out.line(line);
    }
    for line in t.lookalikes.iter() {
        super::output::write_stderr(&format!(
            "warning: {file}: line {line} looks like a speaker label but was not read as one; its turn is unattributed (fix the label, or quote it with `claim add --speaker`)\n"
        ));
    }
    let original_sha = stored.extracted_from.as_ref().map(|o| &o.sha256);
    for other in desk.load_sources()? {
        let same_original = original_sha.is_some()
            && other.extracted_from.as_ref().map(|o| &o.sha256) == original_sha;
        if other.id != stored.id && (other.sha256 == stored.sha256 || same_original) {
            super::output::write_stderr(&format!(
                "warning: {file} is the same transcript as source {} (sha256 {}); remove one with `git rm sources/{}.*` if it was added twice\n",
                other.id, stored.sha256, stored.id
            ));
        }
    }
    Ok(Outcome::Clean)
}

/// The bytes to store: a `.docx`'s extracted text (with the original's
/// name and sha256), any other file as it is.
fn extracted(
    a: &SourceAddArgs,
    file: &str,
    raw: Vec<u8>,
) -> Result<(Vec<u8>, Option<Original>), CliError> {
    if !is_docx(a) {
        return Ok((raw, None));
    }
    let text = factdesk::transcript::docx::extract_text(&raw).map_err(|e| {
        CliError::new(format!("{file}: {e}"))
            .hint("save the document as .docx (Word 2007 or later), or export it as plain text")
    })?;
    let name = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let original = Original {
        file: name,
        sha256: sha256_hex(&raw),
    };
    Ok((text.into_bytes(), Some(original)))
}

/// Refuses a speaker map naming a label the transcript does not have.
fn check_map(file: &str, t: &Transcript, map: &[SpeakerLabel]) -> Result<(), CliError> {
    let unknown = t.unknown_labels(map);
    if unknown.is_empty() {
        return Ok(());
    }
    let labels = t.labels();
    Err(CliError::new(format!(
        "{file}: --speaker-map names the label {:?}, which no turn of the transcript carries",
        unknown[0]
    ))
    .hint(if labels.is_empty() {
        "the transcript has no speaker labels".to_string()
    } else {
        format!("its labels are: {}", labels.join(", "))
    }))
}

fn lines_of(lines: &[u32]) -> String {
    let shown: Vec<String> = lines.iter().take(10).map(u32::to_string).collect();
    let more = if lines.len() > 10 { ", …" } else { "" };
    let word = if lines.len() == 1 { "line" } else { "lines" };
    format!("{word} {}{more}", shown.join(", "))
}

fn turns(n: usize) -> String {
    format!("{n} turn{}", if n == 1 { "" } else { "s" })
}

fn speaker_item(t: &Turns) -> String {
    let role = t.role.map(|r| {
        let s = r.as_str();
        format!("{}{}: ", s[..1].to_uppercase(), &s[1..])
    });
    format!(
        "{}{} ({})",
        role.unwrap_or_default(),
        t.name,
        turns(t.lines.len())
    )
}

/// What `source add` says it understood, one line a topic.
pub fn summary_lines(s: &Summary) -> Vec<String> {
    let mut items: Vec<String> = s.speakers.iter().map(speaker_item).collect();
    if !s.unlabelled.is_empty() {
        items.push(format!(
            "unlabelled: {} at {}",
            turns(s.unlabelled.len()),
            lines_of(&s.unlabelled)
        ));
    }
    let mut out = vec![format!(
        "speakers: {}",
        if items.is_empty() {
            "none named".to_string()
        } else {
            items.join(", ")
        }
    )];
    if !s.read_as.is_empty() {
        let pairs: Vec<String> = s
            .read_as
            .iter()
            .map(|(l, n)| format!("{l} = {n}"))
            .collect();
        out.push(format!("labels read as: {}", pairs.join(", ")));
    }
    if let Some(first) = s.unnamed.first() {
        let items: Vec<String> = s
            .unnamed
            .iter()
            .map(|t| {
                format!(
                    "{} ({} at {})",
                    t.name,
                    turns(t.lines.len()),
                    lines_of(&t.lines)
                )
            })
            .collect();
        out.push(format!(
            "unattributed labels: {}; name them with --speaker-map '{}=NAME' (on a stored source: `factdesk source speakers ID --map '{}=NAME'`)",
            items.join(", "),
            first.name,
            first.name
        ));
    }
    out
}

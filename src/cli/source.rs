//! `factdesk source add|list|show`: transcripts and their metadata.

use super::{CliError, CliResult, Ctx, Outcome};
use chrono::NaiveDate;
use factdesk::model::id::{slugify, validate_id};
use factdesk::model::TranscriptFormat;
use factdesk::steps::new_source;
use factdesk::transcript::format_time;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    /// Store a transcript verbatim as sources/<id>.<ext> with its metadata
    Add(SourceAddArgs),
    /// List the desk's sources
    List(JsonArg),
    /// Show a source's sentences, numbered, with speakers and cue times
    Show(SourceShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct JsonArg {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SourceAddArgs {
    /// The transcript: .txt, .md, .vtt, .srt or .tsv (line<TAB>speaker<TAB>text)
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
    /// A person speaking in it (repeat for several)
    #[arg(long = "speaker", value_name = "NAME")]
    speakers: Vec<String>,
    /// Who asks the questions: unlabelled questions are theirs
    #[arg(long, value_name = "NAME")]
    interviewer: Option<String>,
    /// Who wrote the framing paragraphs before the first labelled turn
    #[arg(long, value_name = "NAME")]
    narrator: Option<String>,
    /// The source's id (default: outlet, date and title words)
    #[arg(long)]
    id: Option<String>,
    /// The layout, when the extension does not tell
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Vtt,
    Srt,
    Tsv,
}

impl From<FormatArg> for TranscriptFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => TranscriptFormat::Text,
            FormatArg::Markdown => TranscriptFormat::Markdown,
            FormatArg::Vtt => TranscriptFormat::Vtt,
            FormatArg::Srt => TranscriptFormat::Srt,
            FormatArg::Tsv => TranscriptFormat::Tsv,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct SourceShowArgs {
    /// The source's id
    #[arg(add = super::shell::source_ids())]
    id: String,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &mut Ctx, c: SourceCommand) -> CliResult {
    match c {
        SourceCommand::Add(a) => add(ctx, a),
        SourceCommand::List(a) => list(ctx, a),
        SourceCommand::Show(a) => show(ctx, a),
    }
}

fn add(ctx: &mut Ctx, a: SourceAddArgs) -> CliResult {
    let desk = ctx.desk()?;
    let format = match a.format {
        Some(f) => f.into(),
        None => a
            .file
            .extension()
            .and_then(|e| e.to_str())
            .and_then(TranscriptFormat::from_extension)
            .ok_or_else(|| {
                CliError::new(format!(
                    "cannot tell the layout of {} from its extension",
                    a.file.display()
                ))
                .hint("name it .txt, .md, .vtt, .srt or .tsv, or pass --format")
            })?,
    };
    let bytes = std::fs::read(&a.file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", a.file.display())))?;
    let id = match a.id {
        Some(id) => id,
        None => {
            let mut parts = vec![slugify(&a.outlet, 3, 20)];
            if let Some(d) = a.published {
                parts.push(d.to_string());
            }
            parts.push(slugify(&a.title, 3, 24));
            parts.retain(|p| !p.is_empty());
            parts.join("-")
        }
    };
    validate_id(&id).map_err(|e| {
        CliError::new(format!("source id {id:?}: {e}"))
            .hint("pass --id with lower-case letters, digits and '-'")
    })?;
    if let Some(u) = &a.url {
        factdesk::model::url::check_url(u).map_err(|e| CliError::new(format!("--url: {e}")))?;
    }
    let mut source = new_source(id, a.title, a.outlet, format);
    source.url = a.url;
    source.published = a.published;
    source.speakers = a.speakers;
    source.interviewer = a.interviewer;
    source.narrator = a.narrator;
    let stored = desk
        .add_source(&bytes, source)
        .map_err(|e| CliError::from(e).context(a.file.display()))?;
    let (_, t) = desk.read_transcript(&stored)?;
    ctx.out.line(format!(
        "Added source {} (sources/{}, {} format, {} sentences, speakers: {})",
        stored.id,
        stored.file,
        stored.format,
        t.sentences().len(),
        t.speakers().join(", ")
    ));
    Ok(Outcome::Clean)
}

fn list(ctx: &mut Ctx, a: JsonArg) -> CliResult {
    let desk = ctx.desk()?;
    let sources = desk.load_sources()?;
    if a.json {
        ctx.out
            .data(serde_json::to_string_pretty(&sources).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    if sources.is_empty() {
        ctx.out
            .line("No sources yet: add one with `factdesk source add FILE --title … --outlet …`");
    }
    for s in sources {
        let date = s
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        ctx.out.line(format!(
            "{:<36} {date:<10} {:<16} {}",
            s.id,
            super::output::truncate(&s.outlet, 16),
            s.title
        ));
    }
    Ok(Outcome::Clean)
}

fn show(ctx: &mut Ctx, a: SourceShowArgs) -> CliResult {
    let desk = ctx.desk()?;
    let source = desk.read_source(&a.id)?;
    let (_, t) = desk.read_transcript(&source)?;
    let sentences = t.sentences();
    if a.json {
        let rows: Vec<serde_json::Value> = sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({
                    "n": i + 1, "line": s.line, "speaker": s.speaker, "text": s.text,
                    "start": s.start_ms.map(format_time), "end": s.end_ms.map(format_time),
                })
            })
            .collect();
        let doc = serde_json::json!({ "source": source, "sentences": rows });
        ctx.out
            .data(serde_json::to_string_pretty(&doc).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    ctx.out
        .line(ctx.out.paint(&source.title, super::output::Style::Bold));
    let mut meta = vec![source.outlet.clone()];
    meta.extend(source.published.map(|d| d.to_string()));
    meta.extend(source.url.clone());
    ctx.out.line(meta.join(" · "));
    ctx.out.line("");
    let mut last_speaker: Option<&str> = None;
    for (i, s) in sentences.iter().enumerate() {
        let speaker = s.speaker.as_deref().unwrap_or("?");
        if last_speaker != Some(speaker) {
            ctx.out.line(
                ctx.out
                    .paint(&format!("{speaker}:"), super::output::Style::Bold),
            );
            last_speaker = Some(speaker);
        }
        let when = match (s.start_ms, s.end_ms) {
            (Some(a), Some(b)) => format!(" [{}–{}]", format_time(a), format_time(b)),
            _ => String::new(),
        };
        let head = format!("{:>4}  L{}{when}  ", i + 1, s.line);
        let body = super::output::wrap(
            &s.text,
            super::output::width().saturating_sub(head.chars().count()),
            "",
        );
        let pad = " ".repeat(head.chars().count());
        let mut first = true;
        for l in body.lines() {
            ctx.out.line(if first {
                format!("{head}{l}")
            } else {
                format!("{pad}{l}")
            });
            first = false;
        }
    }
    Ok(Outcome::Clean)
}

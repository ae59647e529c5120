//! `factdesk source add|list|show`: transcripts and their metadata.

use super::{CliResult, Ctx, Outcome};
use factdesk::transcript::format_time;

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    /// Store a transcript verbatim as sources/<id>.<ext> with its metadata
    Add(super::source_add::SourceAddArgs),
    /// List the desk's sources
    List(JsonArg),
    /// Show a source's sentences, numbered, with speakers and cue times
    Show(SourceShowArgs),
    /// Show who the transcript's labels name; --map LABEL=NAME edits the
    /// speaker map and re-attributes the source's claims
    Speakers(super::source_speakers::SourceSpeakersArgs),
}

#[derive(Debug, clap::Args)]
pub struct JsonArg {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
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
        SourceCommand::Add(a) => super::source_add::run(ctx, a),
        SourceCommand::List(a) => list(ctx, a),
        SourceCommand::Show(a) => show(ctx, a),
        SourceCommand::Speakers(a) => super::source_speakers::run(ctx, a),
    }
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
                    "n": i + 1, "line": s.line, "speaker": s.speaker,
                    "label": t.segments[s.segment].label, "text": s.text,
                    "start": s.start_ms.map(format_time), "end": s.end_ms.map(format_time),
                })
            })
            .collect();
        let summary = t.summary(&factdesk::store::roles(&source));
        let turns = |list: &[factdesk::transcript::Turns]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|t| {
                    serde_json::json!({
                        "name": t.name, "role": t.role.map(|r| r.as_str()),
                        "turns": t.lines.len(), "lines": t.lines,
                    })
                })
                .collect()
        };
        let doc = serde_json::json!({
            "source": source,
            "speakers": turns(&summary.speakers),
            "unattributed_labels": turns(&summary.unnamed),
            "role_labels": turns(&summary.shared_roles),
            "unlabelled_lines": summary.unlabelled,
            "lookalike_lines": t.lookalikes,
            "sentences": rows,
        });
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

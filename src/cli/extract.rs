//! `factdesk extract`: rank a transcript's sentences by check-worthiness, so
//! an editor starts from a short list; optionally log the picks as candidates.

use super::output::{truncate, width, Style};
use super::{CliError, CliResult, Ctx, Outcome};
use chrono::{Timelike, Utc};
use factdesk::extract::{rank_by, Choice, NeuralError};
use factdesk::model::TranscriptFormat;
use factdesk::steps::{add_candidates, Proposed};
use factdesk::transcript::{Roles, Sentence, Transcript};
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// A source id, or a transcript file (.txt .md .vtt .srt .csv .tsv .docx)
    #[arg(add = super::shell::source_ids())]
    source: String,
    /// How many of the best to show, or to write without picking [default: 10; with --format tsv, every sentence]
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Only sentences scoring at least this (0 to 1)
    #[arg(long, value_name = "X")]
    min_score: Option<f64>,
    /// Every sentence, ranked
    #[arg(long, conflicts_with = "top")]
    all: bool,
    /// Output: a table, JSON, or TSV (`line<TAB>score<TAB>speaker<TAB>sentence`, best first)
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Log sentences as `candidate` claims (source ids only; adds nothing
    /// twice): on a terminal, pick them from a checkbox list of the ranked
    /// sentences; with --top N (or off a terminal) the best N [default 10]
    #[arg(long)]
    write: bool,
    /// Ranker: `fast` (lexical, built in), `neural` (MiniLM encoder, its
    /// linear layers in exact integer arithmetic; needs a build with
    /// `--features neural` and `scripts/install-model.sh`), `neural-f32` (the
    /// same at f32, the reference arithmetic, about twice as slow), or `auto`
    /// (neural when built and installed, otherwise fast)
    #[arg(long, value_enum, default_value = "auto", value_name = "RANKER")]
    model: ModelArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModelArg {
    Auto,
    Fast,
    Neural,
    NeuralF32,
}

impl From<ModelArg> for Choice {
    fn from(m: ModelArg) -> Choice {
        match m {
            ModelArg::Auto => Choice::Auto,
            ModelArg::Fast => Choice::Fast,
            ModelArg::Neural => Choice::Neural,
            ModelArg::NeuralF32 => Choice::NeuralF32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
    Tsv,
}

/// The transcript to rank: a desk source, or a file given directly.
fn load(ctx: &Ctx, arg: &str) -> Result<(Option<String>, String, Transcript), CliError> {
    let path = Path::new(arg);
    // Something there that is not a file (a folder, a pipe) and is not a
    // source id either is refused as a file: "no such source" would send
    // the editor looking in the wrong place.
    let as_file = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => true,
        Ok(_) => !ctx.desk().is_ok_and(|d| d.read_source(arg).is_ok()),
        Err(_) => false,
    };
    if as_file {
        let raw = super::source_add::read_transcript_file(path)?;
        let (bytes, format, _) =
            factdesk::steps::transcript_file(arg, raw, None).map_err(|e| match e {
                // extract takes no --layout: the hint source add gives would mislead.
                factdesk::steps::AddSourceError::UnknownLayout { .. } => {
                    CliError::new(e.to_string())
                        .hint(format!("name it {}", super::error::NAMED_LAYOUTS))
                }
                other => other.into(),
            })?;
        let text = String::from_utf8(bytes)
            .map_err(|e| CliError::new(format!("{arg} is not UTF-8 text: {e}")))?;
        let t = Transcript::parse(&text, format, &Roles::default())
            .map_err(|e| CliError::new(format!("{arg}: {e}")))?;
        for note in reading_notes(arg, &t) {
            super::output::write_stderr(&note);
        }
        return Ok((None, text, t));
    }
    let desk = ctx.desk()?;
    let source = desk.read_source(arg)?;
    let (text, t) = desk.read_transcript(&source)?;
    Ok((Some(source.id), text, t))
}

/// What a bare file's reading did with its speaker labels that the ranking
/// does not show, one line each for stderr: labels read as someone named
/// earlier, labels naming nobody, lines that look like labels but are not
/// read as one. A desk source said all this when `source add` stored it.
fn reading_notes(arg: &str, t: &Transcript) -> Vec<String> {
    use super::source_add::{read_as_line, shared_roles_line, unnamed_items};
    let summary = t.summary(&Roles::default());
    let mut out: Vec<String> = (read_as_line(&summary).into_iter())
        .chain(shared_roles_line(&summary))
        .map(|line| format!("note: {arg}: {line}\n"))
        .collect();
    if let Some((items, first)) = unnamed_items(&summary) {
        out.push(format!(
            "note: {arg}: labels naming nobody, ranked without a speaker: {items}; to name them, add the file with `factdesk source add {arg} --speaker-map '{first}=NAME' …`\n"
        ));
    }
    for line in &t.lookalikes {
        out.push(format!(
            "warning: {arg}: line {line} looks like a speaker label but was not read as one; its turn is ranked without a speaker\n"
        ));
    }
    out
}

pub fn run(ctx: &mut Ctx, a: ExtractArgs) -> CliResult {
    let (source_id, text, transcript) = load(ctx, &a.source)?;
    let sentences = transcript.sentences();
    let ranking = rank_by(a.model.into(), &sentences)?;
    if let Some(why) = &ranking.fallback {
        let install = match why {
            NeuralError::NotInstalled(_) | NeuralError::Mismatch { .. } => {
                "; install the neural ranker's weights with scripts/install-model.sh"
            }
            _ => "",
        };
        super::output::write_stderr(&format!(
            "note: ranked with the fast model ({why}){install}\n"
        ));
    }
    let version = ranking.version.as_str();
    if a.write && source_id.is_none() {
        return Err(
            CliError::new("--write needs a source of the desk, not a bare file")
                .hint("add it first with `factdesk source add FILE --title … --outlet …`"),
        );
    }
    // On a terminal, `--write` without `--top` lets the person pick.
    let picking =
        a.write && a.top.is_none() && a.format == Format::Table && super::pick::available();
    let chosen: Vec<(&Sentence, f64)> = ranking
        .scored
        .iter()
        .filter(|s| a.min_score.is_none_or(|m| s.score >= m))
        .take(limit(&a))
        .map(|s| (&sentences[s.index], s.score))
        .collect();
    // For a TSV transcript, a sentence's line is the value of its first column.
    let first_column: Vec<&str> = match transcript.format {
        TranscriptFormat::Tsv => text
            .lines()
            .map(|row| row.split('\t').next().unwrap_or("").trim())
            .collect(),
        _ => Vec::new(),
    };
    let label = |s: &Sentence| -> String {
        // Only the numbered layout's first column is a line number.
        match first_column.get(s.line as usize - 1) {
            Some(value) if value.parse::<u64>().is_ok() => value.to_string(),
            _ => s.line.to_string(),
        }
    };
    match a.format {
        Format::Tsv => {
            for (s, score) in &chosen {
                let speaker = s.speaker.as_deref().unwrap_or("");
                ctx.out.line(format!(
                    "{}\t{score:.4}\t{}\t{}",
                    label(s),
                    clean(speaker),
                    clean(&s.text)
                ));
            }
        }
        Format::Json => {
            let rows: Vec<serde_json::Value> = chosen
                .iter()
                .enumerate()
                .map(|(i, (s, score))| serde_json::json!({ "rank": i + 1, "line": label(s), "score": score, "speaker": s.speaker, "sentence": s.text }))
                .collect();
            let doc = serde_json::json!({ "model": version, "ranker": ranking.ranker.name(), "sentences": sentences.len(), "candidates": rows });
            ctx.out
                .data(serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Table if picking => {}
        Format::Table => table(ctx, &chosen, &label, &ranking, sentences.len()),
    }
    if a.write {
        let chosen = if picking {
            let footer = footer(chosen.len(), &ranking, sentences.len());
            choose(&chosen, &label, &footer)?
        } else {
            chosen
        };
        write(ctx, source_id, &chosen, version)?;
    }
    Ok(Outcome::Clean)
}

/// The ranking as a table: rank, score, line, speaker, sentence.
fn table(
    ctx: &mut Ctx,
    chosen: &[(&Sentence, f64)],
    label: &dyn Fn(&Sentence) -> String,
    ranking: &factdesk::extract::Ranking,
    total: usize,
) {
    ctx.out.line(ctx.out.paint(
        &format!(
            "{:>4} {:>5} {:>5}  {:<16} SENTENCE",
            "RANK", "SCORE", "LINE", "SPEAKER"
        ),
        Style::Bold,
    ));
    let room = width().saturating_sub(36).max(40);
    for (i, (s, score)) in chosen.iter().enumerate() {
        let who = truncate(s.speaker.as_deref().unwrap_or("?"), 16);
        ctx.out.line(format!(
            "{:>4} {score:>5.2} {:>5}  {who:<16} {}",
            i + 1,
            label(s),
            truncate(&s.text, room)
        ));
    }
    ctx.out.line(footer(chosen.len(), ranking, total));
}

fn footer(shown: usize, ranking: &factdesk::extract::Ranking, total: usize) -> String {
    format!(
        "{shown} of {total} sentences ({} ranker, model {}); a ranking is a triage aid, not a verdict",
        ranking.ranker.name(),
        ranking.version
    )
}

/// The checkbox list: which of the ranked sentences to log.
fn choose<'a>(
    chosen: &[(&'a Sentence, f64)],
    label: &dyn Fn(&Sentence) -> String,
    footer: &str,
) -> Result<Vec<(&'a Sentence, f64)>, CliError> {
    let room = width().saturating_sub(30).max(40);
    let items: Vec<String> = chosen
        .iter()
        .map(|(s, score)| {
            let who = truncate(s.speaker.as_deref().unwrap_or("?"), 16);
            format!(
                "{score:.2} line {:>4}  {who}: {}",
                label(s),
                truncate(&s.text, room)
            )
        })
        .collect();
    let prompt = format!(
        "{footer}\nLog which as candidate claims? (space: tick, enter: log the ticked, q: none)"
    );
    let ticked = super::pick::pick(&prompt, &items)?;
    Ok(ticked.into_iter().map(|i| chosen[i]).collect())
}

/// How many ranked sentences to keep: `--all` keeps every one, `--top N`
/// keeps N in every format; without either, TSV (meant for scripts) keeps
/// every sentence and the table and JSON the best 10.
fn limit(a: &ExtractArgs) -> usize {
    match (a.all, a.top, a.format) {
        (true, _, _) => usize::MAX,
        (false, Some(n), _) => n,
        (false, None, Format::Tsv) => usize::MAX,
        (false, None, _) => 10,
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write(
    ctx: &mut Ctx,
    source_id: Option<String>,
    chosen: &[(&Sentence, f64)],
    version: &str,
) -> Result<(), CliError> {
    let Some(source) = source_id else {
        return Ok(());
    };
    if chosen.is_empty() {
        super::output::write_stderr("nothing picked: no claim logged\n");
        return Ok(());
    }
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let picks: Vec<(Sentence, f64)> = chosen
        .iter()
        .map(|(s, score)| ((*s).clone(), *score))
        .collect();
    let now = Utc::now().with_nanosecond(0).unwrap_or_else(Utc::now);
    let outcomes = add_candidates(&desk, &source, &picks, version, &actor, now)?;
    let (mut added, mut existed) = (0, 0);
    for o in outcomes {
        match o {
            Proposed::Added(c) => {
                added += 1;
                super::output::write_stderr(&format!(
                    "  logged {} (line {})\n",
                    c.id, c.location.line
                ));
            }
            Proposed::Exists(_) => existed += 1,
            Proposed::Skipped(e) => {
                super::output::write_stderr(&format!("  skipped a sentence: {e}\n"))
            }
        }
    }
    super::output::write_stderr(&format!(
        "{added} candidate claim(s) logged, {existed} already in the desk\n"
    ));
    Ok(())
}

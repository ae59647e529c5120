//! `factdesk source add`: stores a transcript verbatim with its metadata,
//! then says what it understood — the speakers with their turns, labels that
//! name nobody yet, unlabelled turns, lines that look like labels but were
//! not read as one, and a transcript already on the desk. Refuses a file
//! whose lines contradict its extension unless `--layout` is given.

use super::{CliError, CliResult, Ctx, Outcome};
use chrono::NaiveDate;
use factdesk::model::SpeakerLabel;
use factdesk::model::TranscriptFormat;
use factdesk::steps::{add_new_source, Added, NewSource};
use factdesk::store::roles;
use factdesk::transcript::labels::is_shared_role;
use factdesk::transcript::{Summary, Turns};
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

/// A transcript file given on the command line, whole (`source add`,
/// `extract FILE`): a folder, a pipe or a device is refused by name.
pub(super) fn read_transcript_file(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    factdesk::store::read_input_file(path).map_err(|e| {
        CliError::new(format!("cannot read {}: {e}", path.display()))
            .hint("give the transcript as a regular file (save a stream to a file first)")
    })
}

pub fn run(ctx: &mut Ctx, a: SourceAddArgs) -> CliResult {
    let desk = ctx.desk()?;
    let file = a.file.display().to_string();
    let bytes = read_transcript_file(&a.file)?;
    let new = NewSource {
        file_name: file.clone(),
        bytes,
        layout: a.layout.map(Into::into),
        title: a.title,
        outlet: a.outlet,
        url: a.url,
        published: a.published,
        speakers: a.speakers,
        interviewer: a.interviewer,
        narrator: a.narrator,
        speaker_map: a.speaker_map,
        id: a.id,
    };
    let today = chrono::Utc::now().date_naive();
    let Added {
        source: stored,
        transcript: t,
        same_as,
    } = add_new_source(&desk, new, today)?;
    ctx.out.line(format!(
        "Added source {} (sources/{}, {} layout, {} sentences)",
        stored.id,
        stored.file,
        stored.format,
        t.sentences().len(),
    ));
    let stored_roles = roles(&stored);
    for line in summary_lines(&t.summary(&stored_roles)) {
        ctx.out.line(line);
    }
    for w in shared_role_map_warnings(&file, &stored_roles.map) {
        super::output::write_stderr(&w);
    }
    for line in t.lookalikes.iter() {
        super::output::write_stderr(&format!(
            "warning: {file}: line {line} looks like a speaker label but was not read as one; its turn is unattributed (fix the label, or quote it with `claim add --speaker`)\n"
        ));
    }
    for other in same_as {
        super::output::write_stderr(&format!(
            "warning: {file} is the same transcript as source {other} (sha256 {}); remove one with `git rm sources/{}.*` if it was added twice\n",
            stored.sha256, stored.id
        ));
    }
    Ok(Outcome::Clean)
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
    out.extend(read_as_line(s));
    if let Some((items, first)) = unnamed_items(s) {
        out.push(format!(
            "unattributed labels: {items}; name them with --speaker-map '{first}=NAME' (on a stored source: `factdesk source speakers ID --map '{first}=NAME'`)"
        ));
    }
    out.extend(shared_roles_line(s));
    out
}

/// A warning for each map entry that names a role several people speak
/// under (`CALLER=Jane Roe`): every turn under it is now that person's.
pub(super) fn shared_role_map_warnings(file: &str, map: &[SpeakerLabel]) -> Vec<String> {
    (map.iter())
        .filter(|m| is_shared_role(&m.label))
        .map(|m| {
            format!(
                "warning: {file}: the map gives every turn under {} to {}, but several people speak under a role label: check that each quote from it is {}'s, or leave the label unmapped and give each claim its speaker with `claim add --speaker`\n",
                m.label, m.name, m.name
            )
        })
        .collect()
}

/// `labels read as: Holt = Moderator (LESTER HOLT), …`, when a label was
/// read as someone named earlier (`source add`, `extract FILE`).
pub(super) fn read_as_line(s: &Summary) -> Option<String> {
    let pairs: Vec<String> = (s.read_as.iter())
        .map(|(l, n)| format!("{l} = {n}"))
        .collect();
    (!pairs.is_empty()).then(|| format!("labels read as: {}", pairs.join(", ")))
}

/// `role labels, each turn a voice of its own: Caller (3 turns at lines
/// 3, 7, 11)`: labels several people speak under, whose turns are never
/// given to one speaker (`source add`, `source speakers`, `extract FILE`).
pub(super) fn shared_roles_line(s: &Summary) -> Option<String> {
    let mut names: Vec<(&str, Vec<u32>)> = Vec::new();
    for t in &s.shared_roles {
        match names.iter_mut().find(|(n, _)| *n == t.name) {
            Some((_, lines)) => lines.extend(&t.lines),
            None => names.push((t.name.as_str(), t.lines.clone())),
        }
    }
    let items: Vec<String> = (names.iter())
        .map(|(n, lines)| format!("{n} ({} at {})", turns(lines.len()), lines_of(lines)))
        .collect();
    (!items.is_empty()).then(|| {
        format!(
            "role labels, each turn a voice of its own (several people speak under them): {}; a claim quoting one needs --speaker NAME",
            items.join(", ")
        )
    })
}

/// The labels naming nobody with their turns (`Q (2 turns at lines 1,
/// 3), …`) and the first of them, for the hint that names it.
pub(super) fn unnamed_items(s: &Summary) -> Option<(String, &str)> {
    let first = s.unnamed.first()?;
    let items: Vec<String> = (s.unnamed.iter())
        .map(|t| {
            format!(
                "{} ({} at {})",
                t.name,
                turns(t.lines.len()),
                lines_of(&t.lines)
            )
        })
        .collect();
    Some((items.join(", "), first.name.as_str()))
}

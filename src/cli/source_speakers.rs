//! `factdesk source speakers ID [--map LABEL=NAME]…`: shows who the
//! transcript's labels name, and edits the source's speaker map,
//! re-attributing the claims that follow it; `--reattribute` gives every
//! claim the speaker the transcript and map name.

use super::{CliError, CliResult, Ctx, Outcome};
use chrono::{Timelike, Utc};
use factdesk::model::{SpeakerEntry, SpeakerLabel};
use factdesk::steps::{map_speakers, Reattribution};
use factdesk::store::roles;

#[derive(Debug, clap::Args)]
pub struct SourceSpeakersArgs {
    /// The source's id
    #[arg(add = super::shell::source_ids())]
    id: String,
    /// Name the person behind a transcript label: LABEL=NAME or
    /// LABEL=ROLE:NAME (ROLE: speaker, moderator, interviewer, narrator,
    /// audience); replaces an entry for the same label; repeat for several
    #[arg(long = "map", value_name = "LABEL=NAME")]
    map: Vec<String>,
    /// Map even when a published claim's speaker would change: published
    /// claims keep the speaker they were published with
    #[arg(long)]
    leave_published: bool,
    /// Give every claim of the source the speaker its transcript and speaker
    /// map name (after `speakers:` was edited by hand, or a speaker typed
    /// over the transcript's); each changed claim gets a history entry
    #[arg(long)]
    reattribute: bool,
}

pub fn run(ctx: &mut Ctx, a: SourceSpeakersArgs) -> CliResult {
    let desk = ctx.desk()?;
    if a.map.is_empty() && !a.reattribute {
        let source = desk.read_source(&a.id)?;
        let (_, t) = desk.read_transcript(&source)?;
        for line in super::source_add::summary_lines(&t.summary(&roles(&source))) {
            ctx.out.line(line);
        }
        for e in &source.speakers {
            if let SpeakerEntry::Label(l) = e {
                let role = l.role.map(|r| format!(" ({r})")).unwrap_or_default();
                ctx.out.line(format!("map: {} = {}{role}", l.label, l.name));
            }
        }
        return Ok(Outcome::Clean);
    }
    let map = a
        .map
        .iter()
        .map(|m| SpeakerLabel::parse_mapping(m))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::usage(format!("--map {e}")))?;
    let actor = ctx.actor(&desk)?;
    let now = Utc::now();
    let now = now.with_nanosecond(0).unwrap_or(now);
    let how = Reattribution {
        leave_published: a.leave_published,
        all: a.reattribute,
    };
    let change = map_speakers(&desk, &a.id, &map, how, &actor, now)?;
    let file = format!("sources/{}", change.source.file);
    for w in super::source_add::shared_role_map_warnings(&file, &map) {
        super::output::write_stderr(&w);
    }
    let pairs: Vec<String> = map
        .iter()
        .map(|m| format!("{} = {}", m.label, m.name))
        .collect();
    if !pairs.is_empty() {
        ctx.out.line(format!(
            "Mapped {} on source {} (sources/{}.yaml)",
            pairs.join(", "),
            change.source.id,
            change.source.id
        ));
    }
    for r in &change.changed {
        ctx.out
            .line(format!("re-attributed {}: {} → {}", r.id, r.from, r.to));
    }
    if change.changed.is_empty() {
        ctx.out.line("no claim changed speaker");
    }
    for r in &change.kept_published {
        super::output::write_stderr(&format!(
            "warning: {} is published as said by {}; the map now names {}: if it was wrong, correct it in the open (`factdesk correct {} --speaker '{}' --note …`)\n",
            r.id, r.from, r.to, r.id, r.to
        ));
    }
    for r in &change.differs {
        super::output::write_stderr(&format!(
            "warning: {} keeps the speaker given by hand ({}); the map names {}\n",
            r.id, r.from, r.to
        ));
    }
    let (_, t) = desk.read_transcript(&change.source)?;
    for line in super::source_add::summary_lines(&t.summary(&roles(&change.source))) {
        ctx.out.line(line);
    }
    Ok(Outcome::Clean)
}

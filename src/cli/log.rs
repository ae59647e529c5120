//! `factdesk log ID` (a claim's story with its commits) and
//! `factdesk log --by NAME` (what one editor did across the desk).

use super::output::{truncate, Style};
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::history::git::short;
use factdesk::history::log::{claim_log, editor_log, FileChange, LogEntry};
use factdesk::history::Repo;
use factdesk::model::HistoryEntry;

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// The claim's id (a unique prefix is enough); without it, pass --by NAME
    /// to list what one editor did across the desk
    id: Option<String>,
    /// Print the entries as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &mut Ctx, a: LogArgs) -> CliResult {
    let desk = ctx.desk()?;
    let editor = ctx.global.by.clone().filter(|s| !s.trim().is_empty());
    let Some(id) = a.id else {
        let Some(name) = editor else {
            return Err(CliError::new("name a claim, or an editor with --by NAME")
                .hint("`factdesk log ID` shows a claim's story; `factdesk log --by NAME` one editor's steps"));
        };
        let steps = editor_log(&desk, name.trim())?;
        if a.json {
            return json(ctx, &steps);
        }
        if steps.is_empty() {
            ctx.out
                .line(format!("{name} has no history entry in this desk"));
        }
        for s in &steps {
            ctx.out.line(format!(
                "{}  {}",
                history_line(&s.entry),
                ctx.out.paint(&s.claim, Style::Bold)
            ));
        }
        return Ok(Outcome::Clean);
    };
    let repo = Repo::open(&desk.root)?;
    let mut log = claim_log(&desk, &repo, &id)?;
    if let Some(name) = editor {
        log.entries.retain(|e| match e {
            LogEntry::History(h) => factdesk::model::same_editor(&h.by, &name),
            LogEntry::Commit(c) => factdesk::model::same_editor(&c.author, &name),
        });
    }
    if a.json {
        return json(ctx, &log);
    }
    let title = if log.deleted {
        format!("{} (deleted)", log.id)
    } else {
        log.id.clone()
    };
    ctx.out.line(ctx.out.paint(&title, Style::Bold));
    for e in &log.entries {
        match e {
            LogEntry::History(h) => ctx.out.line(format!("  {}", history_line(h))),
            LogEntry::Commit(c) => {
                let change = match &c.change {
                    FileChange::Created => "created the file".to_string(),
                    FileChange::Modified => "changed the file".to_string(),
                    FileChange::Deleted => "DELETED the file".to_string(),
                    FileChange::Renamed { from } => format!("renamed {from} → {}", c.path),
                    FileChange::Copied { from } => format!("copied {from} → {}", c.path),
                    FileChange::HistoryCutShort => "the oldest commit of this shallow clone: the file was already there; `git fetch --unshallow` shows the commits before".to_string(),
                };
                let line = format!(
                    "  {}  commit {} {} <{}>: {} ({change})",
                    c.at.format("%Y-%m-%d %H:%M:%SZ"),
                    short(&c.commit),
                    c.author,
                    c.email,
                    truncate(&c.message, 72),
                );
                ctx.out.line(ctx.out.paint(&line, Style::Dim));
            }
        }
    }
    Ok(Outcome::Clean)
}

fn history_line(h: &HistoryEntry) -> String {
    let mut s = format!(
        "{}  {} {}",
        h.at.format("%Y-%m-%d %H:%M:%SZ"),
        h.by,
        h.action.as_str()
    );
    if let (Some(from), Some(to)) = (h.from, h.to) {
        s.push_str(&format!(" ({from} → {to})"));
    }
    if let Some(r) = &h.rating {
        s.push_str(&format!(" rating {r}"));
    }
    if let Some(n) = &h.note {
        s.push_str(&format!(": {}", truncate(n, 80)));
    }
    s
}

fn json<T: serde::Serialize>(ctx: &mut Ctx, v: &T) -> CliResult {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
    ctx.out.data(text);
    Ok(Outcome::Clean)
}

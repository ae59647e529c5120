//! Steps by filter: `factdesk discard --status candidate --source X --reason
//! "…"`, `factdesk assign --tag budget --to jo`. The claims the filters pick
//! are shown with what the step would do to each (the workflow's own answer,
//! tried on a copy); `--dry-run` stops there; otherwise a person at a
//! terminal confirms, a script passes `--yes`. Each claim then gets the step
//! and its own history entry, through the same locked update as one claim.

use super::output::{write_stderr, Style};
use super::show::{filtered, Filters};
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::model::workflow::{apply, Step};
use std::io::{BufRead, IsTerminal};

/// How a step picks its claims when no id is given.
#[derive(Debug, clap::Args)]
pub struct Selection {
    #[command(flatten)]
    filters: Filters,
    /// Show which claims the step would change, and how; change nothing
    #[arg(long)]
    dry_run: bool,
    /// Change the claims the filters pick without asking (needed when
    /// standard input is not a terminal, as in scripts)
    #[arg(long)]
    yes: bool,
}

impl Selection {
    /// Whether any filter picks the claims.
    pub fn filters_given(&self) -> bool {
        self.filters.any()
    }
}

/// Runs `step` on the claim `id`, or on every claim the filters pick.
pub fn run(ctx: &mut Ctx, id: Option<&str>, sel: &Selection, step: Step) -> CliResult {
    match id {
        Some(_) if sel.filters.any() => Err(CliError::usage(
            "give a claim id or filters (--status, --source, --tag …), not both",
        )),
        Some(id) if !sel.dry_run => {
            super::claim::step(ctx, id, step)?;
            Ok(Outcome::Clean)
        }
        None if !sel.filters.any() => Err(CliError::usage(format!(
            "name the claim to {}, or pick claims with filters",
            step.name()
        ))
        .hint("filters: --status, --source, --tag, --assignee, --speaker, --rating; --dry-run shows what would change")),
        _ => many(ctx, id, sel, step),
    }
}

fn many(ctx: &mut Ctx, id: Option<&str>, sel: &Selection, step: Step) -> CliResult {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let now = factdesk::steps::now();
    let claims = match id {
        Some(id) => vec![desk.read_claim(&desk.resolve_claim(id)?)?],
        None => filtered(ctx, &sel.filters)?,
    };
    let name = step.name();
    let mut chosen = Vec::new();
    for c in &claims {
        let mut copy = c.clone();
        match apply(&mut copy, step.clone(), &actor, now, &desk.config) {
            Ok(()) => {
                ctx.out
                    .line(format!("  {name:<8} {}  {}", c.id, change(c, &copy)));
                chosen.push(c.id.clone());
            }
            Err(e) => ctx.out.line(
                ctx.out
                    .paint(&format!("  {:<8} {}  {e}", "skip", c.id), Style::Dim),
            ),
        }
    }
    let verb = format!("{name} {} claim(s)", chosen.len());
    if chosen.is_empty() {
        ctx.out.line(if claims.is_empty() {
            "No claims match.".to_string()
        } else {
            format!(
                "Nothing to {name}: the step applies to none of the {} claim(s).",
                claims.len()
            )
        });
        return Ok(Outcome::Clean);
    }
    if sel.dry_run {
        ctx.out
            .line(format!("Would {verb} (dry run: nothing changed)."));
        return Ok(Outcome::Clean);
    }
    if !sel.yes {
        confirm(ctx, &verb)?;
    }
    let mut failed = 0;
    for cid in &chosen {
        match factdesk::steps::apply_step(&desk, cid, step.clone(), &actor, factdesk::steps::now) {
            Ok(c) => {
                let action = c.history.last().map_or(name, |h| h.action.as_str());
                ctx.out.line(format!("{cid}: {action} by {actor}"))
            }
            Err(e) => {
                failed += 1;
                let err: CliError = e.into();
                write_stderr(&format!("error: {cid}: {}\n", err.message));
            }
        }
    }
    ctx.out.line(format!(
        "Done: {} of {} claim(s).",
        chosen.len() - failed,
        chosen.len()
    ));
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// What the step does to a claim, as `status a → b, assignee x → y`.
fn change(before: &factdesk::model::Claim, after: &factdesk::model::Claim) -> String {
    let mut parts = Vec::new();
    if before.status != after.status {
        parts.push(format!("{} → {}", before.status, after.status));
    }
    if before.assignee != after.assignee {
        let show = |a: &Option<String>| a.clone().unwrap_or_else(|| "nobody".into());
        parts.push(format!(
            "assignee {} → {}",
            show(&before.assignee),
            show(&after.assignee)
        ));
    }
    if before.tags != after.tags {
        let gone = before.tags.iter().filter(|t| !after.tags.contains(t));
        let new = after.tags.iter().filter(|t| !before.tags.contains(t));
        let marks: Vec<String> = new
            .map(|t| format!("+{t}"))
            .chain(gone.map(|t| format!("-{t}")))
            .collect();
        parts.push(format!("tags {}", marks.join(" ")));
    }
    if before.due != after.due {
        parts.push(format!(
            "due {}",
            after.due.map_or("-".into(), |d| d.to_string())
        ));
    }
    if before.priority != after.priority {
        parts.push(format!(
            "priority {}",
            after.priority.map_or("-", |p| p.as_str())
        ));
    }
    if parts.is_empty() {
        parts.push(before.claim.clone());
    }
    parts.join(", ")
}

/// Asks the person at the terminal; refuses when nobody can answer.
fn confirm(ctx: &mut Ctx, verb: &str) -> Result<(), CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "not changing anything: confirm with --yes to {verb} (standard input is not a terminal)"
        ))
        .hint("run it again with --dry-run to see the list, then with --yes"));
    }
    ctx.out.flush();
    write_stderr(&format!("{}? [y/N] ", capitalize(verb)));
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    match answer.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(CliError::usage("nothing changed (not confirmed)")),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

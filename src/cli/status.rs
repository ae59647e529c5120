//! `factdesk status`: the editor's main screen. What is overdue, what waits
//! for review and for how long, who holds what, and the acting editor's own
//! queue, from `factdesk::overview`; then the desk's health (check, reports).

use super::output::{truncate, width, Style};
use super::progress::Lazy;
use super::{CliResult, Ctx, Outcome};
use factdesk::model::Priority;
use factdesk::overview::{overview, Item, Overview, Waiting};
use factdesk::steps::{self, health::Health};
use std::sync::Mutex;

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print JSON for scripts (shape documented in docs/scripting.md): counts, overdue, review_queue, holders, unassigned, assigned_to_me, awaiting_my_review, stale_reports, check
    #[arg(long)]
    json: bool,
    /// The day to measure ages and deadlines against (YYYY-MM-DD; default: today, UTC)
    #[arg(long, value_name = "DATE")]
    today: Option<chrono::NaiveDate>,
}

/// The desk's health (`factdesk::steps::health`), with a progress line
/// for each phase that has to do real work.
fn health(
    desk: &factdesk::store::Desk,
    loaded: factdesk::store::Briefs,
) -> Result<Health, super::CliError> {
    let loading = Mutex::new(Some(Lazy::new("loading claims")));
    let rendering = Lazy::new("rendering report");
    let checking = Lazy::new("checking claims");
    let found = steps::health::health(
        desk,
        loaded,
        chrono::Utc::now().date_naive(),
        &steps::health::Progress {
            // The check comes first: its line is erased before the next
            // is drawn, as the loading line is before the rendering one.
            checking: &|d, t| checking.set(d, t),
            loading: &|d, t| {
                checking.finish();
                if let Some(bar) = loading.lock().ok().as_deref().and_then(Option::as_ref) {
                    bar.set(d, t);
                }
            },
            rendering: &|d, t| {
                checking.finish();
                if let Ok(mut bar) = loading.try_lock() {
                    bar.take();
                }
                rendering.set(d, t);
            },
        },
    );
    checking.finish();
    rendering.finish();
    drop(loading);
    drop(checking);
    Ok(found?)
}

pub fn run(ctx: &mut Ctx, a: StatusArgs) -> CliResult {
    let desk = ctx.desk()?;
    let me = ctx.actor(&desk).ok();
    let bar = super::progress::Lazy::new("loading claims");
    let loaded = desk.load_briefs(&|d, t| bar.set(d, t))?;
    drop(bar);
    let total = loaded.briefs.len();
    let today = a.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let o = overview(&loaded.briefs, today, me.as_deref(), &desk.config.publish);
    // Past the overview the briefs are not needed: the health check frees
    // them first.
    let h = health(&desk, loaded)?;
    if a.json {
        ctx.out.data(json(&desk.config.name, me.as_deref(), &o, &h));
        return Ok(Outcome::Clean);
    }
    header(ctx, &desk.config.name, total, &o, &h);
    overdue(ctx, &o.overdue);
    queue(ctx, "Waiting for review, longest first", &o.review_queue);
    holders(ctx, &o);
    let Some(me) = me else {
        ctx.out.line("");
        ctx.out
            .line("(set --by, FACTDESK_USER or git's user.name to see your own work)");
        return Ok(Outcome::Clean);
    };
    title(ctx, &format!("Assigned to {me}"), o.mine.len());
    if o.mine.is_empty() {
        ctx.out.line("  nothing");
    }
    for i in &o.mine {
        item_line(ctx, i, &i.status.to_string(), None);
    }
    queue(ctx, &format!("Awaiting review by {me}"), &o.my_reviews);
    Ok(Outcome::Clean)
}

/// The `status --json` document, keys in the documented order (the
/// overview's own, its fields between `user` and `stale_reports`), written
/// straight from the values: no copy of the whole overview as a JSON tree.
#[derive(serde::Serialize)]
struct Json<'a> {
    desk: &'a str,
    user: Option<&'a str>,
    #[serde(flatten)]
    overview: &'a Overview,
    stale_reports: Vec<String>,
    check: factdesk::diag::NotShown,
}

fn json(desk: &str, me: Option<&str>, o: &Overview, h: &Health) -> String {
    let doc = Json {
        desk,
        user: me,
        overview: o,
        stale_reports: h.stale.iter().map(ToString::to_string).collect(),
        check: h.check,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn header(ctx: &mut Ctx, name: &str, total: usize, o: &Overview, h: &Health) {
    ctx.out.line(format!("Desk {name:?}: {total} claim(s)"));
    let summary: Vec<String> = o
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    if !summary.is_empty() {
        ctx.out.line(format!("  {}", summary.join(", ")));
    }
    if h.check.errors + h.check.warnings == 0 {
        ctx.out.line("  factdesk check: no problems");
    } else {
        ctx.out.line(format!(
            "  factdesk check: {} error(s), {} warning(s): run `factdesk check`",
            h.check.errors, h.check.warnings
        ));
    }
    if h.stale.is_empty() {
        ctx.out.line("  reports/ is up to date");
    } else {
        ctx.out.line(format!(
            "  reports/ is stale ({} file(s)): run `factdesk report`",
            h.stale.len()
        ));
    }
}

fn title(ctx: &mut Ctx, title: &str, n: usize) {
    ctx.out.line("");
    ctx.out
        .line(ctx.out.paint(&format!("{title} ({n}):"), Style::Bold));
}

/// Most lines a section prints before saying how many more there are.
const SHOWN: usize = 20;

fn more(ctx: &mut Ctx, n: usize) {
    if n > SHOWN {
        ctx.out.line(format!(
            "  … and {} more (`factdesk status --json` lists all)",
            n - SHOWN
        ));
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Two lines: `lead  id  details`, then the claim text cut to the terminal.
fn item_line(ctx: &mut Ctx, i: &Item, lead: &str, extra: Option<String>) {
    let mut details = Vec::new();
    if i.priority != Priority::Normal {
        let p = i.priority;
        details.push(ctx.out.paint(&format!("{p} priority"), priority_style(p)));
    }
    details.push(i.assignee.clone().unwrap_or_else(|| "unassigned".into()));
    if let (Some(d), None) = (i.due, i.days_overdue) {
        details.push(format!("due {d}"));
    }
    details.extend(extra);
    ctx.out
        .line(format!("  {lead:<12} {}  {}", i.id, details.join(", ")));
    let room = width().saturating_sub(21).max(30);
    ctx.out
        .line(format!("  {:<12} {}", "", truncate(&i.claim, room)));
}

fn priority_style(p: Priority) -> Style {
    match p {
        Priority::High => Style::Error,
        _ => Style::Dim,
    }
}

fn overdue(ctx: &mut Ctx, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    title(ctx, "Overdue", items.len());
    for i in items.iter().take(SHOWN) {
        let late = days(i.days_overdue.unwrap_or(0));
        let lead = ctx
            .out
            .paint(&format!("{:<12}", format!("{late} late")), Style::Error);
        item_line(ctx, i, &lead, Some(i.status.to_string()));
    }
    more(ctx, items.len());
}

fn queue(ctx: &mut Ctx, name: &str, items: &[Waiting]) {
    title(ctx, name, items.len());
    if items.is_empty() {
        ctx.out.line("  nothing");
    }
    for w in items.iter().take(SHOWN) {
        let by = w
            .submitted_by
            .as_deref()
            .map(|b| format!("submitted by {b} on {}, ", w.item.since))
            .unwrap_or_default();
        let extra = format!("{by}{} of {} approval(s)", w.approvals, w.approvals_needed);
        item_line(ctx, &w.item, &days(w.item.days), Some(extra));
    }
    more(ctx, items.len());
}

fn holders(ctx: &mut Ctx, o: &Overview) {
    title(ctx, "Who holds what", o.holders.len());
    let w = o
        .holders
        .iter()
        .map(|h| h.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(10);
    for h in o.holders.iter().take(SHOWN) {
        let mut parts = vec![format!("{} open", h.open)];
        for (n, what) in [
            (h.overdue, "overdue"),
            (h.high_priority, "high priority"),
            (h.in_review, "in review"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        ctx.out.line(format!(
            "  {:<w$}  {}; oldest since {}",
            h.name,
            parts.join(", "),
            h.oldest_since
        ));
    }
    more(ctx, o.holders.len());
    if o.unassigned > 0 {
        ctx.out.line(format!(
            "  {:<w$}  {} open claim(s) nobody holds (`factdesk assign ID --to NAME`)",
            "unassigned", o.unassigned
        ));
    }
}

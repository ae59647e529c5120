//! `factdesk status`: the desk at a glance, like `git status`.

use super::output::Style;
use super::{CliResult, Ctx, Outcome};
use factdesk::model::workflow::may_approve;
use factdesk::model::{Claim, PublishRules, Status};

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print JSON: {"counts": {status: n}, "assigned_to_me": [ids], "awaiting_my_review": [ids], "stale_reports": [..], "check": {"errors": n, "warnings": n}}
    #[arg(long)]
    json: bool,
}

/// Claims in review that `me` may approve (the model's rule, which honours
/// the desk's `rater_may_approve`).
fn awaiting_review<'a>(claims: &'a [Claim], me: &str, rules: &PublishRules) -> Vec<&'a Claim> {
    claims
        .iter()
        .filter(|c| may_approve(c, me, rules))
        .collect()
}

pub fn run(ctx: &mut Ctx, a: StatusArgs) -> CliResult {
    let desk = ctx.desk()?;
    let me = ctx.actor(&desk).ok();
    let claims = desk.load_claims()?;
    let counts: Vec<(Status, usize)> = Status::ALL
        .iter()
        .map(|s| (*s, claims.iter().filter(|c| c.status == *s).count()))
        .collect();
    let mine: Vec<&Claim> = match &me {
        Some(me) => claims
            .iter()
            .filter(|c| {
                c.assignee.as_deref() == Some(me.as_str())
                    && matches!(
                        c.status,
                        Status::Candidate | Status::Researching | Status::InReview
                    )
            })
            .collect(),
        None => Vec::new(),
    };
    let review = me
        .as_deref()
        .map(|m| awaiting_review(&claims, m, &desk.config.publish))
        .unwrap_or_default();
    // Only a desk that publishes reports into reports/ can have stale ones.
    let stale = super::report::stale(&desk, &claims)?;
    let opts = factdesk::check::Options {
        today: chrono::Utc::now().date_naive(),
        files: None,
        cache: true,
    };
    let checked = factdesk::check::check_desk(&desk.root, &opts, &|_, _| {})
        .map_err(|e| super::CliError::new(e.to_string()))?;
    let errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == factdesk::diag::Severity::Error)
        .count();
    let warnings = checked.diagnostics.len() - errors;
    if a.json {
        let counts: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(s, n)| (s.to_string(), (*n).into()))
            .collect();
        let v = serde_json::json!({
            "desk": desk.config.name,
            "user": me,
            "counts": counts,
            "assigned_to_me": mine.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            "awaiting_my_review": review.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            "stale_reports": stale,
            "check": { "errors": errors, "warnings": warnings },
        });
        ctx.out
            .data(serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    ctx.out.line(format!(
        "Desk {:?}: {} claim(s)",
        desk.config.name,
        claims.len()
    ));
    let summary: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    if !summary.is_empty() {
        ctx.out.line(format!("  {}", summary.join(", ")));
    }
    if errors + warnings == 0 {
        ctx.out.line("  factdesk check: no problems");
    } else {
        ctx.out.line(format!(
            "  factdesk check: {errors} error(s), {warnings} warning(s): run `factdesk check`"
        ));
    }
    if stale.is_empty() {
        ctx.out.line("  reports/ is up to date");
    } else {
        ctx.out.line(format!(
            "  reports/ is stale ({} file(s)): run `factdesk report`",
            stale.len()
        ));
    }
    let Some(me) = me else {
        ctx.out
            .line("(set --by, FACTDESK_USER or git's user.name to see your own work)");
        return Ok(Outcome::Clean);
    };
    section(ctx, &format!("Assigned to {me}"), &mine, "nothing");
    section(ctx, &format!("Awaiting review by {me}"), &review, "nothing");
    Ok(Outcome::Clean)
}

fn section(ctx: &mut Ctx, title: &str, claims: &[&Claim], empty: &str) {
    ctx.out.line("");
    ctx.out
        .line(ctx.out.paint(&format!("{title}:"), Style::Bold));
    if claims.is_empty() {
        ctx.out.line(format!("  {empty}"));
    }
    for c in claims {
        ctx.out
            .line(format!("  {:<11} {}  {}", c.status.as_str(), c.id, c.claim));
    }
}

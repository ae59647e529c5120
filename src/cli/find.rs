//! `factdesk search` and `factdesk similar`: has this claim, or one like it,
//! been checked before?

use super::show::{filtered, table, Filters};
use super::{CliResult, Ctx, Outcome};
use factdesk::model::Claim;
use factdesk::search;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find in quotes, claim texts, summaries, notes, evidence titles and notes
    text: String,
    #[command(flatten)]
    filters: Filters,
    /// Print the hits as JSON: [{"claim": {…record…}, "field": …, "snippet": …}]
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SimilarArgs {
    /// The claim to compare with the rest of the desk
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// How many to show
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Least share of content words in common (0 to 1)
    #[arg(long, default_value_t = 0.2)]
    min: f64,
    /// Print JSON: [{"score": …, "claim": {…record…}}]
    #[arg(long)]
    json: bool,
}

pub fn search(ctx: &mut Ctx, a: SearchArgs) -> CliResult {
    let claims = filtered(ctx, &a.filters)?;
    let hits: Vec<(&Claim, search::Hit)> = claims
        .iter()
        .filter_map(|c| search::find(c, &a.text).map(|h| (c, h)))
        .collect();
    if a.json {
        let v: Vec<serde_json::Value> = hits
            .iter()
            .map(|(c, h)| serde_json::json!({ "claim": c, "field": h.field, "snippet": h.snippet }))
            .collect();
        ctx.out
            .data(serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    let rows: Vec<(&Claim, String)> = hits
        .iter()
        .map(|(c, h)| (*c, format!("{}: {}", h.field, h.snippet)))
        .collect();
    table(ctx, &rows, "FOUND IN");
    Ok(Outcome::Clean)
}

pub fn similar(ctx: &mut Ctx, a: SimilarArgs) -> CliResult {
    let desk = ctx.desk()?;
    let id = desk.resolve_claim(&a.id)?;
    let claims = desk.load_claims()?;
    let Some(target) = claims.iter().find(|c| c.id == id) else {
        return Ok(Outcome::Clean);
    };
    let found = search::similar(&claims, target, a.min, a.limit);
    if a.json {
        let v: Vec<serde_json::Value> = found
            .iter()
            .map(|(s, c)| serde_json::json!({ "score": s, "claim": c }))
            .collect();
        ctx.out
            .data(serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    let rows: Vec<(&Claim, String)> = found
        .iter()
        .map(|(s, c)| (*c, format!("{:.0}% {}", s * 100.0, c.claim)))
        .collect();
    table(ctx, &rows, "ALIKE  CLAIM");
    Ok(Outcome::Clean)
}

/// Most claims a desk may hold for `claim add` to look for look-alikes.
const HINT_LIMIT: usize = 5_000;

/// Lines pointing at claims like a newly added one, for `claim add`.
pub fn lookalike_hint(desk: &factdesk::store::Desk, added: &Claim) -> Vec<String> {
    if desk.claim_ids().map_or(true, |ids| ids.len() > HINT_LIMIT) {
        return Vec::new();
    }
    let Ok(claims) = desk.load_claims() else {
        return Vec::new();
    };
    search::similar(&claims, added, 0.5, 3)
        .into_iter()
        .map(|(s, c)| {
            let rating = c
                .rating
                .as_deref()
                .map(|r| format!(", rated {r}"))
                .unwrap_or_default();
            format!(
                "  note: {:.0}% alike {} ({}{rating}): {}",
                s * 100.0,
                c.id,
                c.status,
                c.claim
            )
        })
        .collect()
}

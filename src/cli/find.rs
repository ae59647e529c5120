//! `factdesk search` and `factdesk similar`: has this claim, or one like it,
//! been checked before?

use super::output::{width, wrap, Style};
use super::show::{kept, status_style, table, Filters};
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::model::{Brief, Claim, ClaimId};
use factdesk::search;
use factdesk::store::rows::{Projection, Rows};
use factdesk::store::{Desk, StoreError};
use rayon::prelude::*;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find, all of them, in any order and any English inflection
    /// ("police cut" finds "cuts to policing"); "a quoted phrase" matches word
    /// for word. Looks in claim texts, quotes, summaries, tags, notes,
    /// evidence titles and notes; best matches first
    #[arg(required = true, num_args = 1.., value_name = "WORDS")]
    text: Vec<String>,
    #[command(flatten)]
    filters: Filters,
    /// How many claims to show, best first
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Print the hits as JSON: [{"claim": {…record…}, "score": n, "field": …, "snippet": …, "excerpts": [{"field", "text", "marks": [[start, end]]}]}]
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SimilarArgs {
    /// A claim's id (a unique prefix is enough), or any text: "has this been
    /// checked before?" before logging a claim
    #[arg(add = super::shell::claim_ids(), required = true, num_args = 1.., value_name = "ID|TEXT")]
    what: Vec<String>,
    /// Compare the words given as text even when they name a claim
    #[arg(long)]
    text: bool,
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
    let typed = a.text.join(" ");
    let stems = search::Stems::default();
    let query = search::Query::parse(&typed, &stems).map_err(|e| {
        CliError::new(e.to_string())
            .hint("give one or more words, or \"a phrase\" in double quotes")
    })?;
    let desk = ctx.desk()?;
    let (briefs, ranked) = ranked(&desk, &query, &stems)?;
    let mut score: Vec<Option<f64>> = vec![None; briefs.len()];
    for (i, s) in ranked {
        score[i] = Some(s);
    }
    let mut hits: Vec<(usize, f64)> = kept(&briefs, &a.filters)
        .into_iter()
        .filter_map(|i| score[i].map(|s| (i, s)))
        .collect();
    // Stable: equal scores stay in desk order.
    hits.sort_by(|x, y| y.1.total_cmp(&x.1));
    let total = hits.len();
    hits.truncate(a.limit);
    // Only the claims shown are read whole, for the words marked in them.
    let shown: Vec<(usize, f64, Claim, Vec<search::Excerpt>)> = hits
        .par_iter()
        .map(|&(i, s)| {
            let c = whole(&desk, &briefs[i])?;
            let excerpts = search::find(&c, &query, &stems)
                .map(|h| h.excerpts)
                .unwrap_or_default();
            Ok((i, s, c, excerpts))
        })
        .collect::<Result<_, StoreError>>()?;
    if a.json {
        let v: Vec<serde_json::Value> = shown
            .into_iter()
            .map(|(_, s, c, excerpts)| {
                let first = excerpts.first();
                serde_json::json!({
                    "claim": c,
                    "score": (s * 1000.0).round() / 1000.0,
                    "field": first.map(|e| e.field),
                    "snippet": first.map(|e| e.text.clone()),
                    "excerpts": excerpts,
                })
            })
            .collect();
        ctx.out
            .data(serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    if hits.is_empty() {
        ctx.out.line("No claims match.");
        return Ok(Outcome::Clean);
    }
    let room = width().saturating_sub(4).max(40);
    for (i, _, _, excerpts) in &shown {
        let c = &briefs[*i];
        let rating = c
            .rating
            .as_deref()
            .map(|r| format!(", rated {r}"))
            .unwrap_or_default();
        let who = c
            .assignee
            .as_deref()
            .map(|a| format!(", {a}"))
            .unwrap_or_default();
        ctx.out.line(format!(
            "{}  {}{rating}{who}",
            ctx.out.paint(&c.id, Style::Bold),
            ctx.out.paint(c.status.as_str(), status_style(c.status))
        ));
        for e in excerpts.iter().take(SHOWN_FIELDS) {
            let text = ctx.out.marked(&e.text, &e.marks);
            let shown = wrap(&format!("{}: {text}", e.field), room, "    ");
            ctx.out.line(shown.trim_end());
        }
    }
    let more = if total > hits.len() {
        format!(" (showing the best {}; --limit N shows more)", hits.len())
    } else {
        String::new()
    };
    ctx.out.line(format!("{total} claim(s){more}"));
    Ok(Outcome::Clean)
}

/// Claims found, by their place in the load's id order, with their rank.
type Ranked = Vec<(usize, f64)>;

/// Every claim in brief (in id order) and the claims `query` finds there
/// (by their place in that order) with their rank, through the desk's
/// index of words.
fn ranked(
    desk: &Desk,
    query: &search::Query,
    stems: &search::Stems,
) -> Result<(Vec<Brief>, Ranked), CliError> {
    let found = |briefs: &[Brief], rows: &Rows| {
        let r = search::index::lookup::find_all(rows.gathered()?, query, stems)?;
        r.iter().all(|(i, _)| *i < briefs.len()).then_some(r)
    };
    let (briefs, rows) = load(desk, &search::rows::SEARCH, true)?;
    if let Some(r) = found(&briefs, &rows) {
        return Ok((briefs, r));
    }
    // What the cache kept cannot be read: the index is built again.
    let (briefs, rows) = load(desk, &search::rows::SEARCH, false)?;
    let r = found(&briefs, &rows).unwrap_or_default();
    Ok((briefs, r))
}

/// Every claim in brief and its row of `projection`, in id order, from the
/// desk's one cache (without what is kept under the desk's stamp unless
/// `recalled`).
fn load(
    desk: &Desk,
    projection: &Projection,
    recalled: bool,
) -> Result<(Vec<Brief>, Rows), CliError> {
    let bar = super::progress::Lazy::new("loading claims");
    let projections = [&factdesk::store::BRIEF, projection];
    let progress = |d, t| bar.set(d, t);
    let mut p = match recalled {
        true => desk.load_rows(&projections, &progress)?,
        false => desk.load_rows_again(&projections, &progress)?,
    };
    drop(bar);
    let rows = p.rows.pop().expect("two projections asked for");
    let briefs = desk.briefs_of(&p.rows[0])?;
    Ok((briefs, rows))
}

/// The whole record of a claim shown (read now: only shown claims are).
fn whole(desk: &Desk, b: &Brief) -> Result<Claim, StoreError> {
    let id = ClaimId::new(b.id.clone()).map_err(|_| StoreError::NoSuchClaim {
        id: b.id.clone(),
        suggestion: None,
    })?;
    desk.read_claim(&id)
}

/// Fields shown per hit in the text output (JSON has them all).
const SHOWN_FIELDS: usize = 2;

pub fn similar(ctx: &mut Ctx, a: SimilarArgs) -> CliResult {
    let desk = ctx.desk()?;
    let typed = a.what.join(" ");
    let target = if a.text || a.what.len() > 1 || typed.chars().any(char::is_whitespace) {
        None
    } else {
        match desk.resolve_claim(&typed) {
            Ok(id) => Some(id),
            Err(StoreError::NoSuchClaim { .. }) => None,
            Err(e) => return Err(e.into()),
        }
    };
    let stems = search::Stems::default();
    let (briefs, rows) = load(&desk, &search::rows::SIMILAR, true)?;
    let words = |i: usize| -> search::Words<String> {
        match search::rows::words_of(rows.get(i)) {
            Some(w) => search::Words {
                own: w.own.iter().map(|s| s.to_string()).collect(),
                more: w.more.iter().map(|s| s.to_string()).collect(),
            },
            None => whole(&desk, &briefs[i])
                .map(|c| search::Words::of(&c, &stems))
                .unwrap_or_default(),
        }
    };
    let (tw, skip) = match &target {
        Some(id) => match rows.ids.binary_search_by(|x| x.as_str().cmp(id.as_str())) {
            Ok(t) => {
                let w = words(t);
                (w.own.into_iter().chain(w.more).collect(), Some(t))
            }
            Err(_) => (Default::default(), None),
        },
        None => {
            let tw = search::text_words(&typed, &stems);
            if tw.is_empty() {
                return Err(CliError::new(format!("{typed:?} names no claim and has no word to compare"))
                    .hint("give a claim id, or the claim's words: `factdesk similar \"North Korea supplies shells\"`"));
            }
            (tw, None)
        }
    };
    let scored: Vec<(f64, usize)> = (0..rows.len())
        .into_par_iter()
        .filter(|i| Some(*i) != skip)
        .map(|i| {
            let s = match search::rows::words_of(rows.get(i)) {
                Some(w) => search::likeness(&tw, &w),
                None => search::likeness(&tw, &words(i)),
            };
            (s, i)
        })
        .collect();
    let found = search::best(
        scored.into_iter(),
        |i| briefs[*i].id.as_str(),
        a.min,
        a.limit,
    );
    if a.json {
        let v = found
            .iter()
            .map(|(s, i)| {
                Ok(serde_json::json!({ "score": s, "claim": whole(&desk, &briefs[*i])? }))
            })
            .collect::<Result<Vec<serde_json::Value>, StoreError>>()?;
        ctx.out
            .data(serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    if target.is_none() && found.is_empty() {
        ctx.out
            .line(format!("No claim like {typed:?} has been logged."));
        return Ok(Outcome::Clean);
    }
    let rows: Vec<(&Brief, String)> = found
        .iter()
        .map(|(s, i)| {
            (
                &briefs[*i],
                format!("{:.0}% {}", s * 100.0, briefs[*i].claim),
            )
        })
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

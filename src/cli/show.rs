//! `factdesk list` and `factdesk show`: reading the desk.

use super::output::{truncate, width, wrap, Style};
use super::{CliResult, Ctx, Outcome};
use factdesk::model::{Brief, Claim, Selection, Status};
use factdesk::store::Desk;

/// Filters shared by `list` and `search`.
#[derive(Debug, clap::Args)]
pub struct Filters {
    /// Only claims with this status
    #[arg(long, value_parser = status_flag())]
    status: Option<Status>,
    /// Only claims with this rating key
    #[arg(long)]
    rating: Option<String>,
    /// Only claims from this source
    #[arg(long, add = super::shell::source_ids())]
    source: Option<String>,
    /// Only claims by this speaker (case-insensitive)
    #[arg(long)]
    speaker: Option<String>,
    /// Only claims with this tag
    #[arg(long)]
    tag: Option<String>,
    /// Only claims assigned to this person
    #[arg(long)]
    assignee: Option<String>,
}

/// `--status`: one of the model's status names (listed in `--help`), read
/// as the model reads it.
fn status_flag() -> impl clap::builder::TypedValueParser<Value = Status> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Status::NAMES)
        .try_map(|s| Status::parse(&s).ok_or("not a status"))
}

impl Filters {
    /// The claims these flags select (`model::Selection` decides).
    pub fn selection(&self) -> Selection {
        Selection {
            status: self.status,
            rating: self.rating.clone(),
            source: self.source.clone(),
            speaker: self.speaker.clone(),
            tag: self.tag.clone(),
            assignee: self.assignee.clone(),
        }
    }

    /// Whether any filter was given.
    pub fn any(&self) -> bool {
        self.selection().any()
    }
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    filters: Filters,
    /// Print the claim records as a JSON array
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// Print the record as JSON
    #[arg(long)]
    json: bool,
}

pub fn status_style(s: Status) -> Style {
    match s {
        Status::Published => Style::Good,
        Status::Discarded => Style::Dim,
        Status::InReview => Style::Warn,
        _ => Style::Bold,
    }
}

/// Claims in desk order ([`factdesk::model::DeskKey`]).
pub fn sort(claims: &mut [Claim]) {
    claims.sort_by(|x, y| x.desk_key().cmp(&y.desk_key()));
}

/// The desk's claims that pass `filters`, in desk order.
pub fn filtered(ctx: &Ctx, filters: &Filters) -> Result<Vec<Claim>, super::CliError> {
    let desk = ctx.desk()?;
    let bar = super::progress::Lazy::new("loading claims");
    let loaded = desk.load_all_claims(&|d, t| bar.set(d, t))?;
    drop(bar);
    let selection = filters.selection();
    let mut claims: Vec<Claim> = loaded
        .claims
        .into_iter()
        .filter(|c| selection.keeps(c))
        .collect();
    sort(&mut claims);
    Ok(claims)
}

/// The positions in `briefs` of the claims that pass `filters`, in desk order.
pub fn kept(briefs: &[Brief], filters: &Filters) -> Vec<usize> {
    let selection = filters.selection();
    let mut kept: Vec<usize> = (0..briefs.len())
        .filter(|i| selection.keeps_brief(&briefs[*i]))
        .collect();
    kept.sort_by(|&a, &b| briefs[a].desk_key().cmp(&briefs[b].desk_key()));
    kept
}

pub fn list(ctx: &mut Ctx, a: ListArgs) -> CliResult {
    if a.json {
        let claims = filtered(ctx, &a.filters)?;
        ctx.out
            .data(serde_json::to_string_pretty(&claims).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    // The table shows claims in brief: no whole record is loaded.
    let desk = ctx.desk()?;
    let bar = super::progress::Lazy::new("loading claims");
    let briefs = desk.load_briefs(&|d, t| bar.set(d, t))?.briefs;
    drop(bar);
    let rows: Vec<(&Brief, String)> = kept(&briefs, &a.filters)
        .into_iter()
        .map(|i| (&briefs[i], briefs[i].claim.clone()))
        .collect();
    table(ctx, &rows, "CLAIM");
    Ok(Outcome::Clean)
}

/// Prints claims as a table; `last` is the text of the last column.
pub fn table(ctx: &mut Ctx, rows: &[(&Brief, String)], last: &str) {
    if rows.is_empty() {
        ctx.out.line("No claims match.");
        return;
    }
    let idw = rows
        .iter()
        .map(|(c, _)| c.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let room = width().saturating_sub(idw + 12 + 16 + 14 + 4).max(48);
    ctx.out.line(ctx.out.paint(
        &format!(
            "{:<idw$} {:<11} {:<15} {:<13} {last}",
            "ID", "STATUS", "RATING", "ASSIGNEE"
        ),
        Style::Bold,
    ));
    for (c, text) in rows {
        let status = ctx.out.paint(
            &format!("{:<11}", c.status.as_str()),
            status_style(c.status),
        );
        ctx.out.line(format!(
            "{:<idw$} {status} {:<15} {:<13} {}",
            c.id,
            truncate(c.rating.as_deref().unwrap_or("-"), 15),
            truncate(c.assignee.as_deref().unwrap_or("-"), 13),
            truncate(text, room)
        ));
    }
    ctx.out.line(format!("{} claim(s)", rows.len()));
}

pub fn show(ctx: &mut Ctx, a: ShowArgs) -> CliResult {
    let desk = ctx.desk()?;
    let id = desk.resolve_claim(&a.id)?;
    let c = desk.read_claim(&id)?;
    if a.json {
        ctx.out
            .data(serde_json::to_string_pretty(&c).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    let w = width();
    let out = &mut ctx.out;
    out.line(out.paint(&c.id.to_string(), Style::Bold));
    out.line(wrap(&c.claim, w, "  "));
    let rating = match c.rating.as_deref() {
        Some(r) => {
            let scale = &desk.config.rating_scale;
            let style = match (scale.get(r).map(|v| v.value), scale.best(), scale.worst()) {
                (Some(v), Some(best), _) if v >= best - 1 => Style::Good,
                (Some(v), _, Some(worst)) if v <= worst + 1 => Style::Bad,
                _ => Style::Warn,
            };
            let label = scale.get(r).map_or(r, |v| v.label.as_str());
            format!("   rating: {}", out.paint(label, style))
        }
        None => String::new(),
    };
    out.line(format!(
        "  status: {}{rating}",
        out.paint(c.status.as_str(), status_style(c.status))
    ));
    if let Some(a) = &c.assignee {
        out.line(format!("  assignee: {a}"));
    }
    if !c.tags.is_empty() {
        out.line(format!("  tags: {}", c.tags.join(", ")));
    }
    out.line("");
    let when = match (&c.location.start, &c.location.end) {
        (Some(s), Some(e)) => format!(", {s}–{e}"),
        (Some(s), None) => format!(", {s}"),
        _ => String::new(),
    };
    let said = c
        .said_on
        .map(|d| format!(", said on {d}"))
        .unwrap_or_default();
    out.line(out.paint(
        &format!(
            "{} in {} (line {}{when}){said}:",
            c.speaker, c.source, c.location.line
        ),
        Style::Bold,
    ));
    let painter = |s: &str| out.paint(s, Style::Quote);
    for line in context(&desk, &c, w, &painter) {
        out.line(line);
    }
    if let Some(s) = &c.summary {
        out.line("");
        out.line(out.paint("Summary", Style::Bold));
        out.line(wrap(s, w, "  "));
    }
    if let Some(n) = &c.notes {
        out.line("");
        out.line(out.paint("Research notes", Style::Bold));
        out.line(wrap(n, w, "  "));
    }
    if !c.evidence.is_empty() {
        out.line("");
        out.line(out.paint("Evidence", Style::Bold));
        for (i, e) in c.evidence.iter().enumerate() {
            let date = e.published.map(|d| format!(", {d}")).unwrap_or_default();
            out.line(format!(
                "  {}. [{}] {} — {}{date}",
                i + 1,
                e.stance.as_str(),
                e.title,
                e.publisher
            ));
            out.line(format!("     {} (accessed {})", e.url, e.accessed));
            if let Some(a) = &e.archive {
                out.line(format!("     archive: {a}"));
            }
            if let Some(n) = &e.note {
                out.line(wrap(n, w, "     "));
            }
        }
    }
    if !c.reviews.is_empty() {
        out.line("");
        out.line(out.paint("Reviews", Style::Bold));
        for r in &c.reviews {
            let note = r
                .note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            out.line(format!(
                "  {} {} {}{note}",
                r.at.format("%Y-%m-%d %H:%M"),
                r.by,
                r.decision.as_str()
            ));
        }
    }
    if !c.corrections.is_empty() {
        out.line("");
        out.line(out.paint("Corrections and updates", Style::Bold));
        for k in &c.corrections {
            let prev = k
                .previous_rating
                .as_deref()
                .map(|p| format!(" (rating was {p})"))
                .unwrap_or_default();
            let mut was = k
                .previous_summary
                .as_deref()
                .map(|p| format!(" (summary was {p:?})"))
                .unwrap_or_default();
            if let Some(p) = &k.previous_speaker {
                was.push_str(&format!(" (speaker was {p})"));
            }
            out.line(format!(
                "  {} {} {}: {}{prev}{was}",
                k.at.format("%Y-%m-%d"),
                k.kind.as_str(),
                k.by,
                k.note
            ));
        }
    }
    out.line("");
    out.line(out.paint("History", Style::Bold));
    for h in &c.history {
        let tr = match (h.from, h.to) {
            (Some(f), Some(t)) => format!(" {f} → {t}"),
            (None, Some(t)) => format!(" → {t}"),
            _ => String::new(),
        };
        let rating = h
            .rating
            .as_deref()
            .map(|r| format!(" [{r}]"))
            .unwrap_or_default();
        let note = h
            .note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        out.line(format!(
            "  {} {:<12} {}{tr}{rating}{note}",
            h.at.format("%Y-%m-%dT%H:%M:%SZ"),
            h.by,
            h.action.as_str()
        ));
    }
    Ok(Outcome::Clean)
}

/// The quote in its transcript paragraph, with the paragraphs around it.
fn context(desk: &Desk, c: &Claim, w: usize, paint: &dyn Fn(&str) -> String) -> Vec<String> {
    let source = match desk.read_source(&c.source) {
        Ok(s) => s,
        Err(e) => {
            return vec![
                format!("  (cannot read the source: {e})"),
                format!("  “{}”", c.quote),
            ]
        }
    };
    let t = match desk.read_transcript(&source) {
        Ok((_, t)) => t,
        Err(e) => return vec![format!("  ({e})"), format!("  “{}”", c.quote)],
    };
    let found = t.find_quote(&c.quote);
    let Some(m) = found
        .iter()
        .find(|m| m.line == c.location.line)
        .or(found.first())
    else {
        return vec![
            format!("  “{}”", c.quote),
            "  (this quote no longer occurs in the transcript: run `factdesk check`)".into(),
        ];
    };
    let mut lines = Vec::new();
    let lo = m.segment.saturating_sub(1);
    let hi = (m.segment + 1).min(t.segments.len() - 1);
    for i in lo..=hi.max(m.end_segment.min(t.segments.len() - 1)) {
        let seg = &t.segments[i];
        let who = seg.speaker.as_deref().unwrap_or("?");
        if (m.segment..=m.end_segment).contains(&i) {
            let start = if i == m.segment { m.offset } else { 0 };
            let end = if i == m.end_segment {
                m.end_offset
            } else {
                seg.text.len()
            };
            let marked = format!("»{}«", &seg.text[start..end]);
            let text = format!(
                "{who}: {}{}{}",
                &seg.text[..start],
                marked,
                &seg.text[end..]
            );
            let wrapped = wrap(&text, w, "  ");
            // Colour the marked span after wrapping, so widths stay right.
            lines.push(paint_between(&wrapped, paint));
        } else {
            let text = format!("{who}: {}", truncate(&seg.text, 240));
            lines.push(wrap(&text, w, "    "));
        }
    }
    lines
}

/// Paints the text between » and « with `paint`, keeping the marks.
fn paint_between(s: &str, paint: &dyn Fn(&str) -> String) -> String {
    let (Some(a), Some(b)) = (s.find('»'), s.rfind('«')) else {
        return s.to_string();
    };
    if b < a {
        return s.to_string();
    }
    let inner = &s[a + '»'.len_utf8()..b];
    let painted: Vec<String> = inner.split('\n').map(paint).collect();
    format!(
        "{}»{}«{}",
        &s[..a],
        painted.join("\n"),
        &s[b + '«'.len_utf8()..]
    )
}

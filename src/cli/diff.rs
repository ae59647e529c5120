//! `factdesk diff`: claim-level changes between two revisions, as text, as a
//! Markdown pull-request comment, or as JSON.

mod markdown;
mod span;

use super::output::{truncate, Style};
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::diag::names::named;
use factdesk::history::diff::{
    diff_desk, Change, ClaimDiff, ClaimDiffKind, DeskDiff, Rating, TranscriptChange, Which,
};
use factdesk::history::{Repo, Side};
use span::changed_span;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The older revision (default: HEAD)
    rev: Option<String>,
    /// The newer revision (default: the working tree)
    rev2: Option<String>,
    /// Compare the working tree with the commit where HEAD left BRANCH, as a pull request does
    #[arg(long, value_name = "BRANCH", conflicts_with = "rev")]
    merge_base: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal; hidden characters named (⟨U+200B ZERO WIDTH SPACE⟩)
    Text,
    /// A pull-request comment: values in code spans, @mentions and #123 neutralised
    Markdown,
    /// The stable JSON shape of docs/git-workflow.md (raw text)
    Json,
}

pub fn run(ctx: &mut Ctx, a: DiffArgs) -> CliResult {
    let desk = ctx.desk()?;
    let repo = Repo::open(&desk.root)?;
    let from = match (&a.merge_base, &a.rev) {
        (Some(branch), _) => repo.merge_base(branch)?,
        (None, Some(rev)) => repo.resolve(rev)?,
        (None, None) => repo.resolve("HEAD")?,
    };
    let to = match &a.rev2 {
        Some(rev) => repo.resolve(rev)?,
        None => Side::WorkTree,
    };
    let mut diff = diff_desk(&repo, &from, &to)?;
    diff.write_commands(super::remedy::command);
    match a.format {
        DiffFormat::Json => {
            let json = serde_json::to_string_pretty(&diff)
                .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
            ctx.out.data(json);
        }
        DiffFormat::Markdown => ctx.out.line(markdown::markdown(&diff)),
        DiffFormat::Text => text(ctx, &diff),
    }
    Ok(Outcome::Clean)
}

/// How a format writes desk text: `code` for a value (a quote, a URL, a
/// field's value: backticks in Markdown, quotes in text), `prose` for desk
/// text inside a sentence (a reviewer's name, a title, a rating's label).
/// Both name hidden characters.
pub struct Words {
    pub code: fn(&str) -> String,
    pub prose: fn(&str) -> String,
}

/// Words of the terminal output.
const TEXT: Words = Words {
    code: plain,
    prose: named,
};

fn rating(w: &Words, r: &Option<Rating>) -> String {
    r.as_ref()
        .map_or_else(|| "none".to_string(), |r| (w.prose)(&r.label))
}

fn opt(w: &Words, s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "nobody".into(), w.prose)
}

/// `field: old → new`, each value named, a long text cut to its changed span.
fn field_line(w: &Words, field: &str, from: Option<&str>, to: Option<&str>) -> String {
    let (a, b) = match (from, to) {
        (Some(f), Some(t)) => changed_span(f, t),
        _ => (span::value(from), span::value(to)),
    };
    format!("{field}: {} → {}", (w.code)(&a), (w.code)(&b))
}

/// One change in words.
fn describe(c: &Change, w: &Words) -> String {
    let code = w.code;
    match c {
        Change::Added {
            status: factdesk::model::Status::Published,
            rating: r,
        } => format!(
            "ADDED ALREADY PUBLISHED (rated {}): its review and publication were never committed before this change",
            rating(w, r)
        ),
        Change::Added { status, rating: r } => match r {
            Some(_) => format!("added ({status}, rated {})", rating(w, r)),
            None => format!("added ({status})"),
        },
        Change::Removed { status } => format!("REMOVED (was {status})"),
        Change::Unparsable { side, message } => {
            let side = match side {
                Which::Old => "older",
                Which::New => "newer",
            };
            format!("UNPARSABLE at the {side} side: {}", code(message))
        }
        Change::Status { from, to } => format!("status {from} → {to}"),
        Change::Rating { from, to } => {
            format!("rating {} → {}", rating(w, from), rating(w, to))
        }
        Change::EvidenceAdded { url, title, stance } => format!(
            "evidence added ({}): {} {}",
            stance.as_str(),
            (w.prose)(title),
            code(url)
        ),
        Change::EvidenceRemoved { url, title } => {
            format!("evidence removed: {} {}", (w.prose)(title), code(url))
        }
        Change::ReviewAdded { by, decision, .. } => {
            format!("review by {}: {}", (w.prose)(by), decision.as_str())
        }
        Change::CorrectionAdded { by, note } => {
            format!("correction by {}: {}", (w.prose)(by), code(&truncate(note, 120)))
        }
        Change::EntryAdded { by, action, note } => match note {
            Some(n) => format!("history entry by {}: {action} ({})", (w.prose)(by), code(&truncate(n, 120))),
            None => format!("history entry by {}: {action}", (w.prose)(by)),
        },
        Change::Assignee { from, to } => {
            format!("assignee {} → {}", opt(w, from), opt(w, to))
        }
        Change::Edited { field, from, to } => {
            field_line(w, &format!("{} edited", field.as_str()), from.as_deref(), to.as_deref())
        }
        Change::PublishedEdited {
            field,
            from,
            to,
            with_correction,
            rule,
        } => {
            let (field, (from, to)) = (field.as_str(), (from.as_deref(), to.as_deref()));
            match (rule, with_correction) {
                (None, _) => field_line(w, &format!("published {field} corrected"), from, to),
                (Some(rule), corrected) => {
                    let how = if *corrected {
                        " (a correction came with it, but not one that explains it)"
                    } else {
                        " WITHOUT A CORRECTION"
                    };
                    let head = format!("PUBLISHED CLAIM'S {} EDITED{how}", field.to_uppercase());
                    format!("{}; rule: {}", field_line(w, &head, from, to), code(&rule.text()))
                }
            }
        }
        Change::Field { field, from, to } => field_line(w, field, from.as_deref(), to.as_deref()),
        Change::RuleBroken { field, rule } => {
            format!("{} CHANGED AGAINST ITS RULE: {}", field.to_uppercase(), code(&rule.text()))
        }
        Change::Finding {
            code: k,
            message,
            error,
        } => {
            let says = if *error { "CHECK FINDS" } else { "check warns" };
            format!("{says} {}: {}", (w.prose)(k), code(message))
        }
        Change::Rewritten { ledger, entries } => format!(
            "{} REWRITTEN: {entries} earlier entr{} changed or removed",
            ledger.as_str().to_uppercase(),
            if *entries == 1 { "y" } else { "ies" }
        ),
    }
}

fn plain(s: &str) -> String {
    format!("\"{}\"", named(s))
}

fn text(ctx: &mut Ctx, d: &DeskDiff) {
    ctx.out.line(format!(
        "{} → {}: {}",
        d.from.label,
        d.to.label,
        headline(d)
    ));
    if !d.settings.changes.is_empty() || d.settings.unreadable.is_some() {
        ctx.out.line("");
        ctx.out.line(ctx.out.paint("factdesk.yaml", Style::Bold));
        for (flag, line) in settings_lines(d, &TEXT) {
            let style = if flag { Style::Error } else { Style::Dim };
            let mark = if flag { "! " } else { "" };
            ctx.out
                .line(ctx.out.paint(&format!("  {mark}{line}"), style));
        }
    }
    for source in d.sources() {
        ctx.out.line("");
        ctx.out.line(ctx.out.paint(group(source), Style::Bold));
        for (flag, head, lines) in source_lines(d, source, &TEXT) {
            let mark = if flag { "!" } else { "~" };
            let line = format!("  {mark} {head}");
            ctx.out.line(if flag {
                ctx.out.paint(&line, Style::Error)
            } else {
                line
            });
            for l in lines {
                ctx.out
                    .line(ctx.out.paint(&format!("      {l}"), Style::Dim));
            }
        }
        for t in d.transcripts.iter().filter(|t| t.source == source) {
            let mark = if t.flagged { "!" } else { "~" };
            ctx.out.line(format!(
                "  {mark} transcript {}: {}",
                t.file,
                transcript_summary(t)
            ));
            for q in &t.broken {
                let line = format!(
                    "      ! {}: quote no longer found (was line {})",
                    q.id, q.line
                );
                ctx.out.line(ctx.out.paint(&line, Style::Error));
            }
            for q in &t.moved {
                ctx.out.line(format!(
                    "      {}: quote moved, line {} → {}",
                    q.id,
                    q.line,
                    q.new_line.unwrap_or(0)
                ));
            }
        }
        for c in d.claims.iter().filter(|c| c.source == source) {
            let mark = kind_mark(c);
            ctx.out.line(format!(
                "  {mark} {}  {}",
                c.id,
                named(&truncate(&c.claim, 60))
            ));
            for ch in &c.changes {
                let line = format!(
                    "      {}{}",
                    if ch.is_flagged() { "! " } else { "" },
                    describe(ch, &TEXT)
                );
                let style = if ch.is_flagged() {
                    Style::Error
                } else {
                    Style::Dim
                };
                ctx.out.line(ctx.out.paint(&line, style));
            }
        }
    }
}

/// Each changed setting in words, and whether it is flagged (a loosened
/// publish rule, a redefined rating published checks carry, a file that
/// does not parse).
fn settings_lines(d: &DeskDiff, w: &Words) -> Vec<(bool, String)> {
    let s = &d.settings;
    let mut out: Vec<(bool, String)> = s
        .changes
        .iter()
        .map(|f| {
            let tail = if s.loosened.contains(&f.field) {
                " — PUBLISH RULE LOOSENED"
            } else if s.is_flagged(&f.field) {
                " — RATING REDEFINED WHILE PUBLISHED CHECKS CARRY IT"
            } else {
                ""
            };
            let line = field_line(w, &f.field, f.from.as_deref(), f.to.as_deref());
            (!tail.is_empty(), format!("{line}{tail}"))
        })
        .collect();
    if let Some(side) = s.unreadable {
        let side = match side {
            Which::Old => "older",
            Which::New => "newer",
        };
        out.push((
            true,
            format!(
                "factdesk.yaml DOES NOT PARSE at the {side} side: its settings are not compared"
            ),
        ));
    }
    out
}

/// Each changed source metadata file of `source`: whether it is flagged,
/// a heading and its fields.
fn source_lines(d: &DeskDiff, source: &str, w: &Words) -> Vec<(bool, String, Vec<String>)> {
    d.sources
        .iter()
        .filter(|s| s.source == source)
        .map(|s| {
            let mut head = match s.kind {
                ClaimDiffKind::Added => format!("source metadata {} added", s.file),
                ClaimDiffKind::Removed => format!("source metadata {} REMOVED", s.file),
                _ => format!("source metadata {} changed", s.file),
            };
            if s.flagged {
                head.push_str(&format!(
                    " — PUBLISHED CHECKS CITE IT ({})",
                    some_of(&s.published)
                ));
            }
            let lines = s
                .changes
                .iter()
                .map(|f| field_line(w, &f.field, f.from.as_deref(), f.to.as_deref()))
                .collect();
            (s.flagged, head, lines)
        })
        .collect()
}

/// "claims/a.yaml and 2 more".
fn some_of(paths: &[String]) -> String {
    match paths {
        [] => String::new(),
        [one] => one.clone(),
        [one, rest @ ..] => format!("{one} and {} more", rest.len()),
    }
}

/// The heading of a source's group (records unreadable at both sides have none).
fn group(source: &str) -> &str {
    if source.is_empty() {
        "(source unknown)"
    } else {
        source
    }
}

fn kind_mark(c: &ClaimDiff) -> &'static str {
    match (c.flagged, c.kind) {
        (true, _) => "!",
        (_, ClaimDiffKind::Added) => "+",
        (_, ClaimDiffKind::Removed) => "-",
        _ => "~",
    }
}

fn headline(d: &DeskDiff) -> String {
    if d.claims.is_empty()
        && d.transcripts.is_empty()
        && d.sources.is_empty()
        && d.settings.changes.is_empty()
        && d.settings.unreadable.is_none()
    {
        return "no claim, source or setting changed".into();
    }
    let count = |k| d.claims.iter().filter(|c| c.kind == k).count();
    let mut parts = vec![format!(
        "{} claim{} changed ({} added, {} removed, {} edited)",
        d.claims.len(),
        if d.claims.len() == 1 { "" } else { "s" },
        count(ClaimDiffKind::Added),
        count(ClaimDiffKind::Removed),
        count(ClaimDiffKind::Changed) + count(ClaimDiffKind::Unparsable),
    )];
    if !d.transcripts.is_empty() {
        parts.push(format!("{} transcript(s) changed", d.transcripts.len()));
    }
    if !d.sources.is_empty() {
        parts.push(format!(
            "{} source metadata file(s) changed",
            d.sources.len()
        ));
    }
    if !d.settings.changes.is_empty() || d.settings.unreadable.is_some() {
        parts.push(format!("{} setting(s) changed", d.settings.changes.len()));
    }
    let flagged = d.claims.iter().filter(|c| c.flagged).count()
        + d.transcripts.iter().filter(|t| t.flagged).count()
        + d.sources.iter().filter(|s| s.flagged).count()
        + usize::from(d.settings.flagged());
    if flagged > 0 {
        parts.push(format!("{flagged} need attention"));
    }
    parts.join(", ")
}

fn transcript_summary(t: &TranscriptChange) -> String {
    let mut parts = Vec::new();
    if t.removed {
        parts.push("REMOVED".to_string());
    }
    if let Some(e) = &t.unreadable {
        parts.push(format!("UNREADABLE ({e})"));
    }
    if !t.removed && !t.sha256_updated {
        parts.push("sha256 in the metadata NOT updated".into());
    }
    if !t.published.is_empty() {
        parts.push(format!(
            "PUBLISHED CHECKS QUOTE IT ({}): a transcript a published quote stands on never changes, a new version is a new source",
            some_of(&t.published)
        ));
    }
    parts.push(format!(
        "{} quote(s) no longer found, {} moved",
        t.broken.len(),
        t.moved.len()
    ));
    parts.join("; ")
}

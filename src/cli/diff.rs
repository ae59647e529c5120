//! `factdesk diff`: claim-level changes between two revisions, as text, as a
//! Markdown pull-request comment, or as JSON.

use super::diff_span::{changed_span, value};
use super::output::{truncate, Style};
use factdesk::diag::names::named;
use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::history::diff::{
    diff_desk, Change, ClaimDiff, ClaimDiffKind, DeskDiff, Rating, TranscriptChange, Which,
};
use factdesk::history::{Repo, Side};

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
    Text,
    Markdown,
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
    let diff = diff_desk(&repo, &from, &to)?;
    match a.format {
        DiffFormat::Json => {
            let json = serde_json::to_string_pretty(&diff)
                .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
            ctx.out.data(json);
        }
        DiffFormat::Markdown => ctx.out.line(markdown(&diff)),
        DiffFormat::Text => text(ctx, &diff),
    }
    Ok(Outcome::Clean)
}

fn rating(r: &Option<Rating>) -> String {
    r.as_ref()
        .map_or_else(|| "none".to_string(), |r| r.label.clone())
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "nobody".into())
}

/// One change in words; `code` wraps literal text (backticks in Markdown).
fn describe(c: &Change, code: fn(&str) -> String) -> String {
    match c {
        Change::Added {
            status: factdesk::model::Status::Published,
            rating: r,
        } => format!(
            "ADDED ALREADY PUBLISHED (rated {}): its review was never committed",
            rating(r)
        ),
        Change::Added { status, rating: r } => match r {
            Some(_) => format!("added ({status}, rated {})", rating(r)),
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
        Change::Rating { from, to } => format!("rating {} → {}", rating(from), rating(to)),
        Change::EvidenceAdded { url, title, stance } => {
            format!(
                "evidence added ({}): {} {}",
                stance.as_str(),
                title,
                code(url)
            )
        }
        Change::EvidenceRemoved { url, title } => {
            format!("evidence removed: {title} {}", code(url))
        }
        Change::ReviewAdded { by, decision, .. } => {
            format!("review by {by}: {}", decision.as_str())
        }
        Change::CorrectionAdded { by, note } => {
            format!("correction by {by}: {}", named(&truncate(note, 120)))
        }
        Change::Assignee { from, to } => format!("assignee {} → {}", opt(from), opt(to)),
        Change::Edited { field, from, to } => {
            let (a, b) = changed_span(from.as_deref().unwrap_or(""), to.as_deref().unwrap_or(""));
            format!("{} edited: {} → {}", field.as_str(), code(&a), code(&b))
        }
        Change::PublishedEdited {
            field,
            from,
            to,
            with_correction,
        } => {
            let (a, b) = changed_span(from.as_deref().unwrap_or(""), to.as_deref().unwrap_or(""));
            format!(
                "PUBLISHED CLAIM'S {} EDITED{}: {} → {}",
                field.as_str().to_uppercase(),
                if *with_correction {
                    " (with a correction)"
                } else {
                    " WITHOUT A CORRECTION"
                },
                code(&a),
                code(&b),
            )
        }
        Change::Field { field, from, to } => {
            let (a, b) = match (from, to) {
                (Some(f), Some(t)) => changed_span(f, t),
                _ => (value(from.as_deref()), value(to.as_deref())),
            };
            format!("{field}: {} → {}", code(&a), code(&b))
        }
        Change::RuleBroken { field, rule } => {
            format!("{} CHANGED AGAINST ITS RULE: {}", field.to_uppercase(), code(rule))
        }
        Change::Unexplained { problem } => {
            format!("NOT EXPLAINED BY THE HISTORY: {}", code(problem))
        }
        Change::Rewritten { ledger, entries } => format!(
            "{} REWRITTEN: {entries} earlier entr{} changed or removed",
            ledger.as_str().to_uppercase(),
            if *entries == 1 { "y" } else { "ies" }
        ),
    }
}

fn plain(s: &str) -> String {
    format!("\"{s}\"")
}

fn text(ctx: &mut Ctx, d: &DeskDiff) {
    ctx.out.line(format!(
        "{} → {}: {}",
        d.from.label,
        d.to.label,
        headline(d)
    ));
    if !d.settings.changes.is_empty() {
        ctx.out.line("");
        ctx.out.line(ctx.out.paint("factdesk.yaml", Style::Bold));
        for (flag, line) in settings_lines(d, plain) {
            let style = if flag { Style::Error } else { Style::Dim };
            let mark = if flag { "! " } else { "" };
            ctx.out.line(ctx.out.paint(&format!("  {mark}{line}"), style));
        }
    }
    for source in d.sources() {
        ctx.out.line("");
        ctx.out.line(ctx.out.paint(group(source), Style::Bold));
        for (head, lines) in source_lines(d, source, plain) {
            ctx.out.line(format!("  ~ {head}"));
            for l in lines {
                ctx.out.line(ctx.out.paint(&format!("      {l}"), Style::Dim));
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
            ctx.out
                .line(format!("  {mark} {}  {}", c.id, truncate(&c.claim, 60)));
            for ch in &c.changes {
                let line = format!(
                    "      {}{}",
                    if ch.is_flagged() { "! " } else { "" },
                    describe(ch, plain)
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

/// Each changed setting in words, and whether it loosens a publish rule.
fn settings_lines(d: &DeskDiff, code: fn(&str) -> String) -> Vec<(bool, String)> {
    d.settings
        .changes
        .iter()
        .map(|f| {
            let loose = d.settings.loosened.contains(&f.field);
            let (a, b) = (value(f.from.as_deref()), value(f.to.as_deref()));
            let tail = if loose { " — PUBLISH RULE LOOSENED" } else { "" };
            (loose, format!("{}: {} → {}{tail}", f.field, code(&a), code(&b)))
        })
        .collect()
}

/// Each changed source metadata file of `source`: a heading and its fields.
fn source_lines(d: &DeskDiff, source: &str, code: fn(&str) -> String) -> Vec<(String, Vec<String>)> {
    d.sources
        .iter()
        .filter(|s| s.source == source)
        .map(|s| {
            let head = match s.kind {
                ClaimDiffKind::Added => format!("source metadata {} added", s.file),
                ClaimDiffKind::Removed => format!("source metadata {} REMOVED", s.file),
                _ => format!("source metadata {}", s.file),
            };
            let lines = s
                .changes
                .iter()
                .map(|f| {
                    let (a, b) = (value(f.from.as_deref()), value(f.to.as_deref()));
                    format!("{}: {} → {}", f.field, code(&a), code(&b))
                })
                .collect();
            (head, lines)
        })
        .collect()
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
        parts.push(format!("{} source metadata file(s) changed", d.sources.len()));
    }
    if !d.settings.changes.is_empty() {
        parts.push(format!("{} setting(s) changed", d.settings.changes.len()));
    }
    let flagged = d.claims.iter().filter(|c| c.flagged).count()
        + d.transcripts.iter().filter(|t| t.flagged).count()
        + usize::from(!d.settings.loosened.is_empty());
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
    parts.push(format!(
        "{} quote(s) no longer found, {} moved",
        t.broken.len(),
        t.moved.len()
    ));
    parts.join("; ")
}

/// Escapes text for inline Markdown: hidden characters named, Markdown's
/// own characters escaped, and `@` followed by a zero-width space so that
/// `@name` in desk text never pings anyone in a pull-request comment.
fn md(s: &str) -> String {
    let s = named(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        match c {
            '\n' => out.push(' '),
            '@' => out.push_str("@\u{200B}"),
            c => out.push(c),
        }
    }
    out
}

/// A code span (GitHub makes no mention of `@name` inside one), hidden
/// characters named.
fn md_code(s: &str) -> String {
    format!("`{}`", named(s).replace('`', "'"))
}

/// A short summary grouped by source, ready to paste as a pull-request comment.
pub fn markdown(d: &DeskDiff) -> String {
    let mut out = format!(
        "### factdesk diff: {} → {}\n\n{}\n",
        md_code(&d.from.label),
        md_code(&d.to.label),
        headline(d)
    );
    if !d.settings.changes.is_empty() {
        out.push_str("\n#### `factdesk.yaml`\n\n");
        for (flag, line) in settings_lines(d, md_code) {
            let mark = if flag { "⚠️ " } else { "" };
            out.push_str(&format!("- {mark}{line}\n"));
        }
    }
    for source in d.sources() {
        out.push_str(&format!("\n#### {}\n\n", md_code(group(source))));
        for (head, lines) in source_lines(d, source, md_code) {
            out.push_str(&format!("- **{}**\n", md(&head)));
            for l in lines {
                out.push_str(&format!("  - {l}\n"));
            }
        }
        for t in d.transcripts.iter().filter(|t| t.source == source) {
            let mark = if t.flagged { "⚠️ " } else { "" };
            out.push_str(&format!(
                "- {mark}**transcript** {}: {}\n",
                md_code(&t.file),
                md(&transcript_summary(t))
            ));
            for q in &t.broken {
                out.push_str(&format!(
                    "  - ⚠️ {}: quote no longer found (was line {})\n",
                    md_code(&q.id),
                    q.line
                ));
            }
            for q in &t.moved {
                out.push_str(&format!(
                    "  - {}: quote moved, line {} → {}\n",
                    md_code(&q.id),
                    q.line,
                    q.new_line.unwrap_or(0)
                ));
            }
        }
        for c in d.claims.iter().filter(|c| c.source == source) {
            out.push_str(&claim_markdown(c));
        }
    }
    out
}

fn claim_markdown(c: &ClaimDiff) -> String {
    let mark = match (c.flagged, c.kind) {
        (true, _) => "⚠️",
        (_, ClaimDiffKind::Added) => "➕",
        (_, ClaimDiffKind::Removed) => "➖",
        _ => "✏️",
    };
    let quiet: Vec<String> = c
        .changes
        .iter()
        .filter(|ch| !ch.is_flagged())
        .map(|ch| md(&describe(ch, |s| s.to_string())))
        .collect();
    let mut out = format!(
        "- {mark} {} {}",
        md_code(&c.id),
        md(&truncate(&c.claim, 75))
    );
    if !quiet.is_empty() {
        out.push_str(&format!(" — {}", quiet.join("; ")));
    }
    out.push('\n');
    for ch in c.changes.iter().filter(|ch| ch.is_flagged()) {
        out.push_str(&format!("  - ⚠️ **{}**\n", describe(ch, md_code)));
    }
    out
}

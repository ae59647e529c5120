//! `factdesk diff --format markdown`: a short summary grouped by source, to
//! paste as a pull-request comment. Desk text is untrusted here twice: as
//! Markdown (it is escaped, or set in code spans) and as a GitHub comment,
//! where `@name` notifies a person or team and `#123` links, and leaves a
//! trace in, another issue. [`quiet_references`] runs over the finished
//! comment, so no line can forget it: outside code spans (which GitHub
//! never scans for either) a zero-width space follows each `@` and each `#`
//! that comes before a digit, as dependabot and renovate do.

use super::{
    describe, group, headline, settings_lines, source_lines, transcript_summary, truncate, Words,
};
use factdesk::diag::names::named;
use factdesk::history::diff::{Change, ClaimDiff, ClaimDiffKind, DeskDiff};

/// Words of the Markdown output.
const MD: Words = Words {
    code: md_code,
    prose: md,
};

/// The character that breaks a reference without showing.
const BREAK: char = '\u{200B}';

/// Escapes desk text for inline Markdown, hidden characters named.
fn md(s: &str) -> String {
    let s = named(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span, hidden characters named; the fence is one backtick longer
/// than any run of backticks in the text, so the text is shown as it is.
fn md_code(s: &str) -> String {
    let s = named(s);
    if s.is_empty() {
        return "(empty)".into();
    }
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.starts_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// `markdown` with a zero-width space after every `@` and every `#` before
/// a digit outside code spans, so the comment mentions nobody and links no
/// issue. Backslash escapes are kept as they are.
pub fn quiet_references(markdown: &str) -> String {
    let chars: Vec<char> = markdown.chars().collect();
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if let Some(end) = closing_fence(&chars, i + run, run) {
                out.extend(&chars[i..end + run]);
                i = end + run;
                continue;
            }
            out.extend(&chars[i..i + run]);
            i += run;
            continue;
        }
        out.push(c);
        if c == '\\' {
            if let Some(&next) = chars.get(i + 1) {
                if next != '#' && next != '@' {
                    out.push(next);
                    i += 2;
                    continue;
                }
            }
        }
        let next = chars.get(i + 1).copied();
        let breaks = match c {
            '@' => next.is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '-'),
            '#' => next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if breaks {
            out.push(BREAK);
        }
        i += 1;
    }
    out
}

/// Where the run of exactly `run` backticks that closes a code span opened
/// before `from` starts.
fn closing_fence(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let n = chars[j..].iter().take_while(|&&c| c == '`').count();
            if n == run {
                return Some(j);
            }
            j += n;
        } else {
            j += 1;
        }
    }
    None
}

/// A short summary grouped by source, ready to paste as a pull-request comment.
pub fn markdown(d: &DeskDiff) -> String {
    let mut out = format!(
        "### factdesk diff: {} → {}\n\n{}\n",
        md_code(&d.from.label),
        md_code(&d.to.label),
        headline(d)
    );
    if !d.settings.changes.is_empty() || d.settings.unreadable.is_some() {
        out.push_str("\n#### `factdesk.yaml`\n\n");
        for (flag, line) in settings_lines(d, &MD) {
            let line = if flag {
                format!("⚠️ **{line}**")
            } else {
                line
            };
            out.push_str(&format!("- {line}\n"));
        }
    }
    for source in d.sources() {
        out.push_str(&format!("\n#### {}\n\n", md_code(group(source))));
        for (flag, head, lines) in source_lines(d, source, &MD) {
            let mark = if flag { "⚠️ " } else { "" };
            out.push_str(&format!("- {mark}**{}**\n", md(&head)));
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
    quiet_references(&out)
}

/// Whether a change shows values (a sub-item of its own) rather than a
/// few words on the claim's line.
fn shows_values(c: &Change) -> bool {
    matches!(
        c,
        Change::Edited { .. } | Change::Field { .. } | Change::PublishedEdited { .. }
    )
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
        .filter(|ch| !ch.is_flagged() && !shows_values(ch))
        .map(|ch| describe(ch, &MD))
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
        out.push_str(&format!("  - ⚠️ **{}**\n", describe(ch, &MD)));
    }
    for ch in c
        .changes
        .iter()
        .filter(|ch| !ch.is_flagged() && shows_values(ch))
    {
        out.push_str(&format!("  - {}\n", describe(ch, &MD)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_broken_outside_code_spans_only() {
        let q = quiet_references(
            "ask @octocat and @github/security re #12 and `@kept #3` or ``a ` @b``; a\\@x",
        );
        assert_eq!(
            q,
            "ask @\u{200B}octocat and @\u{200B}github/security re #\u{200B}12 and `@kept #3` or ``a ` @b``; a\\@\u{200B}x"
        );
        assert_eq!(
            quiet_references("mail ana@ example, # heading"),
            "mail ana@ example, # heading"
        );
    }

    #[test]
    fn code_spans_show_backticks_and_hidden_characters() {
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(md_code("a\u{a0}b"), "`a⟨U+00A0 NO-BREAK SPACE⟩b`");
        assert_eq!(md(r"*bold* [x](y) #1"), r"\*bold\* \[x\](y) \#1");
    }
}

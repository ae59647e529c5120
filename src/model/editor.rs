//! Who acts on a desk. Every history entry, review and correction names its
//! editor by a handle; this module owns how two such names are compared
//! ([`same_editor`]: without case, width, hidden characters, look-alike
//! letters, dash style, `_`/`.` for `-` or e-mail domain, so `ana`, `Ana`,
//! `ａｎａ`, `аna` (Cyrillic `а`) and `ana@newsroom.fr` are one person and
//! the four-eyes rule cannot be dodged by spelling) and the
//! desk's roster (`editors:` in `factdesk.yaml`): the handles the desk
//! knows, each with a name and the git e-mail addresses the editor commits
//! with. With a roster, `--by` must name one of them (its handle or its
//! name, in any case) and is recorded as the canonical handle. Without one,
//! the name given is recorded as typed (trimmed), as before rosters existed.

use super::choice::choices;
use serde::{Deserialize, Serialize};

/// One editor of the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Editor {
    /// What records write in `by:` (`ana`, `jo.martin`).
    pub handle: String,
    /// The person's name, as the desk writes it.
    pub name: String,
    /// The e-mail addresses this editor's git commits carry (for `identity: git`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
}

choices! {
    /// What a desk takes as proof of who wrote a history entry.
    #[derive(Default)]
    pub enum Identity {
        /// The entry's `by:` as written (the default): nothing is proven.
        #[default]
        Declared = "declared",
        /// `check --since` requires each new entry's editor to be the
        /// author of the commit that added it (by the roster's e-mails).
        Git = "git",
    }
}

impl Identity {
    pub fn is_declared(&self) -> bool {
        *self == Identity::Declared
    }
}

impl std::str::FromStr for Editor {
    type Err = String;

    /// `HANDLE[=NAME] [<EMAIL>…]`, as `init --editor` takes it:
    /// `ana=Ana Lima <ana@newsroom.fr>`, `jo`, `jo <jo@newsroom.fr>`.
    fn from_str(spec: &str) -> Result<Editor, String> {
        let (head, mails) = spec.split_once('<').map_or((spec, ""), |(h, m)| (h, m));
        let emails: Vec<String> = mails
            .split(['<', '>', ',', ' '])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(bad) = emails.iter().find(|m| !m.contains('@')) {
            return Err(format!("{bad:?} is not an e-mail address"));
        }
        let (handle, name) = head.split_once('=').unwrap_or((head, head));
        let (handle, name) = (handle.trim(), name.trim());
        if handle.is_empty() || handle.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "{handle:?} is not a handle: one word, such as ana or jo.martin"
            ));
        }
        Ok(Editor {
            handle: handle.to_string(),
            name: if name.is_empty() { handle } else { name }.to_string(),
            emails,
        })
    }
}

/// How [`same_editor`] compares, in words for messages.
pub const SAME_EDITOR_RULE: &str =
    "names compare without case, character width, hidden characters, look-alike letters (Unicode confusables), dash style, `_` or `.` for `-` between words, or e-mail domain";

/// The form two editor names are compared in: lower case; invisible and
/// bidirectional characters dropped (the text hygiene's classes); full-width
/// forms (`ａｎａ`) as their ASCII letters; every dash (`‐`, `–`, `−`) as
/// `-`; runs of blanks (a no-break space too) as one space, none at either
/// end; an e-mail address as its local part (`ana@newsroom.fr` is `ana`);
/// then letters that look alike as one (see [`look_alike`]). Spellings a
/// reader cannot tell apart name one person, so the four-eyes rule cannot
/// be dodged by them.
fn key(name: &str) -> String {
    // A desk names a few hundred editors in hundreds of thousands of
    // entries: each thread remembers the keys it made (a bounded memo; the
    // confusables' skeleton is the costly part).
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::default();
    }
    const REMEMBERED: usize = 4096;
    KEYS.with(|keys| {
        if let Some(k) = keys.borrow().get(name) {
            return k.clone();
        }
        let k = look_alike(&plain(name));
        let mut keys = keys.borrow_mut();
        if keys.len() >= REMEMBERED {
            keys.clear();
        }
        keys.insert(name.to_string(), k.clone());
        k
    })
}

/// `plain` (see [`key`]) with look-alike characters folded: the Unicode
/// confusables' skeleton (UTS #39, from the `unicode-security` crate: dotless
/// `ı` is `i`, Cyrillic `а` is `a`, Greek `ο` is `o`, `1` is `l`, `m` is
/// `rn`), lower-cased again, and `_` or `.` between two words as `-`.
/// Accents still count: the skeleton keeps combining marks (`José` is
/// `Jose` + U+0301, not `Jose`).
fn look_alike(plain: &str) -> String {
    let skeleton: String = unicode_security::confusable_detection::skeleton(plain)
        .flat_map(char::to_lowercase)
        .collect();
    let joins = |c: char| matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(skeleton.len());
    let mut chars = skeleton.chars().peekable();
    while let Some(c) = chars.next() {
        let between = out.chars().last().is_some_and(|p| p != ' ' && !joins(p))
            && chars.peek().is_some_and(|n| *n != ' ' && !joins(*n));
        out.push(if joins(c) && between { '-' } else { c });
    }
    out
}

/// A name with case, width, hidden characters, dash style, blanks and an
/// e-mail domain taken out (see [`key`]).
fn plain(name: &str) -> String {
    use super::hygiene::{is_bidi_mark, Hidden};
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if Hidden::of(c).is_some_and(|h| h != Hidden::Control) || is_bidi_mark(c) {
            continue;
        }
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    let key = out.trim_end();
    match key.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && !domain.is_empty()
                && !domain.contains(['@', ' '])
                && !local.contains(' ') =>
        {
            local.to_string()
        }
        _ => key.to_string(),
    }
}

/// Whether `a` and `b` name the same editor. The one comparison of editor
/// names: four-eyes, duplicate approvals and the roster all ask here.
pub fn same_editor(a: &str, b: &str) -> bool {
    a == b || key(a) == key(b)
}

/// Why a name could not be resolved against the roster.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{who:?} is not on the desk's roster (editors in factdesk.yaml): {}", handles.join(", "))]
pub struct UnknownEditor {
    pub who: String,
    /// The roster's handles, for the message and a did-you-mean.
    pub handles: Vec<String>,
}

/// The roster entry `who` names: a handle or a name, in any case.
pub fn find<'a>(roster: &'a [Editor], who: &str) -> Option<&'a Editor> {
    roster
        .iter()
        .find(|e| same_editor(&e.handle, who))
        .or_else(|| roster.iter().find(|e| same_editor(&e.name, who)))
}

/// The handle to record for `who`: the roster's canonical handle, or (no
/// roster) `who` trimmed.
pub fn resolve(roster: &[Editor], who: &str) -> Result<String, UnknownEditor> {
    if roster.is_empty() {
        return Ok(who.trim().to_string());
    }
    find(roster, who)
        .map(|e| e.handle.clone())
        .ok_or_else(|| UnknownEditor {
            who: who.trim().to_string(),
            handles: roster.iter().map(|e| e.handle.clone()).collect(),
        })
}

/// Whether a commit by `email` may carry an entry by `handle`: the roster
/// lists that address for that editor (compared without case).
pub fn commits_as(roster: &[Editor], handle: &str, email: &str) -> bool {
    find(roster, handle).is_some_and(|e| {
        e.emails
            .iter()
            .any(|m| m.trim().eq_ignore_ascii_case(email.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Vec<Editor> {
        vec![
            Editor {
                handle: "ana".into(),
                name: "Ana Lima".into(),
                emails: vec!["ana@newsroom.fr".into()],
            },
            Editor {
                handle: "jo".into(),
                name: "Jo Martin".into(),
                emails: vec![],
            },
        ]
    }

    #[test]
    fn names_compare_without_case_or_surrounding_blanks() {
        assert!(same_editor("ana", "Ana"));
        assert!(same_editor(" ANA ", "ana"));
        assert!(same_editor("Élodie", "élodie"));
        assert!(!same_editor("ana", "anna"));
    }

    #[test]
    fn spellings_a_reader_cannot_tell_apart_are_one_editor() {
        for (a, b) in [
            ("ai-researcher", "ａｉ-researcher"),
            ("ai-researcher", "ＡＩ－ＲＥＳＥＡＲＣＨＥＲ"),
            ("ai-researcher", "ai\u{2010}researcher"),
            ("jo-martin", "jo\u{2013}martin"),
            ("ana", "an\u{200B}a"),
            ("ana", "\u{202E}ana"),
            ("ana", "ana\u{200E}"),
            ("Jo Martin", "jo\u{00A0}martin"),
            ("Jo Martin", " jo   martin\t"),
            ("ana", "ana@newsroom.fr"),
            ("ana@newsroom.fr", "ANA@other.org"),
        ] {
            assert!(same_editor(a, b), "{a:?} and {b:?}");
        }
        for (a, b) in [
            ("ana", "anna"),
            ("ai-researcher", "ai researcher"),
            ("jo martin", "jomartin"),
            ("ana", "@ana"),
            ("ana", "ana@"),
            ("Élodie", "Elodie"),
        ] {
            assert!(!same_editor(a, b), "{a:?} and {b:?}");
        }
    }

    #[test]
    fn look_alike_letters_and_word_joiners_are_one_editor_accents_are_not() {
        for (a, b) in [
            ("ai-researcher", "a\u{131}-researcher"),
            ("ai-researcher", "AI-RESEARCHER"),
            ("ana", "\u{430}n\u{430}"),
            ("jo.martin", "j\u{3BF}.martin"),
            ("ai-researcher", "ai_researcher"),
            ("ai-researcher", "ai.researcher"),
            ("jo_martin", "jo.martin"),
            ("ai-researcher", "a\u{131}_researcher@newsroom.fr"),
            // One accent, precomposed or combining: one spelling.
            ("Jos\u{E9}", "Jose\u{301}"),
        ] {
            assert!(same_editor(a, b), "{a:?} and {b:?}");
        }
        for (a, b) in [
            ("José", "Jose"),
            ("Élodie", "Elodie"),
            ("ai-researcher", "ai researcher"),
            ("ai-researcher", "airesearcher"),
            ("ana", "ana-"),
            ("ana", "_ana"),
            ("ana", "anna"),
        ] {
            assert!(!same_editor(a, b), "{a:?} and {b:?}");
        }
    }

    #[test]
    fn resolve_gives_the_canonical_handle_or_refuses() {
        let r = roster();
        assert_eq!(resolve(&r, "ANA").unwrap(), "ana");
        assert_eq!(resolve(&r, "jo martin").unwrap(), "jo");
        let e = resolve(&r, "mallory").unwrap_err();
        assert_eq!(e.handles, ["ana", "jo"]);
        assert_eq!(resolve(&[], " Jo ").unwrap(), "Jo");
    }

    #[test]
    fn an_editor_spec_gives_handle_name_and_addresses() {
        let e: Editor = "ana=Ana Lima <ana@newsroom.fr> <a.lima@gmail.com>"
            .parse()
            .unwrap();
        assert_eq!(e.handle, "ana");
        assert_eq!(e.name, "Ana Lima");
        assert_eq!(e.emails, ["ana@newsroom.fr", "a.lima@gmail.com"]);
        let jo: Editor = "jo".parse().unwrap();
        assert_eq!((jo.name.as_str(), jo.emails.len()), ("jo", 0));
        assert!("jo martin=Jo".parse::<Editor>().is_err());
        assert!("jo <not-an-address>".parse::<Editor>().is_err());
    }

    #[test]
    fn commits_as_needs_a_listed_address() {
        let r = roster();
        assert!(commits_as(&r, "Ana", "ANA@newsroom.fr"));
        assert!(!commits_as(&r, "ana", "jo@newsroom.fr"));
        assert!(!commits_as(&r, "jo", "jo@newsroom.fr"));
        assert!(!commits_as(&r, "mallory", "ana@newsroom.fr"));
    }
}

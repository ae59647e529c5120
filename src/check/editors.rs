//! The roster rules of `check`: with `editors:` in `factdesk.yaml`, every
//! editor a claim names (history, reviews, corrections, assignee) is on the
//! roster, spelled as its handle; and the roster itself is sound (handles
//! distinct by [`same_editor`], `identity: git` only with a roster). A desk
//! without a roster is not judged here: any name is taken as written.

use super::locate::{FieldPath, Target};
use super::rules::Sink;
use crate::diag::Code;
use crate::model::editor::{find, Editor};
use crate::model::{same_editor, Claim, DeskConfig, Identity};

/// `unknown-editor` for every name of `c` the roster does not hold as written.
pub fn claim(sink: &mut Sink, c: &Claim, cfg: &DeskConfig) {
    let roster = &cfg.editors;
    if roster.is_empty() {
        return;
    }
    let top = FieldPath::top;
    let mut named: Vec<(FieldPath, &str)> = Vec::new();
    named.extend(
        c.history
            .iter()
            .enumerate()
            .map(|(i, h)| (top("history").index(i).key("by"), h.by.as_str())),
    );
    named.extend(
        c.reviews
            .iter()
            .enumerate()
            .map(|(i, r)| (top("reviews").index(i).key("by"), r.by.as_str())),
    );
    named.extend(
        c.corrections
            .iter()
            .enumerate()
            .map(|(i, k)| (top("corrections").index(i).key("by"), k.by.as_str())),
    );
    named.extend(c.assignee.as_deref().map(|a| (top("assignee"), a)));
    for (path, who) in named {
        if let Some((message, hint)) = unknown(roster, who, &path) {
            sink.at(Code::UnknownEditor, &path, Target::Value, message, &hint);
        }
    }
}

/// What is wrong with naming `who` at `path`, if anything.
fn unknown(roster: &[Editor], who: &str, path: &FieldPath) -> Option<(String, String)> {
    match find(roster, who) {
        Some(e) if e.handle == who => None,
        Some(e) => Some((
            format!("`{path}` is {:?}; the roster spells this editor {:?}", crate::diag::visible(who), e.handle),
            format!("write the handle as the roster has it (`{}`): factdesk records it so", e.handle),
        )),
        None => Some((
            format!("`{path}` names {:?}, who is not on the desk's roster", crate::diag::visible(who)),
            format!(
                "the roster (editors in factdesk.yaml) lists: {}; add anyone who really worked on the desk, former editors too",
                roster.iter().map(|e| e.handle.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// `roster-invalid` for a roster that cannot tell editors apart.
pub fn roster(sink: &mut Sink, cfg: &DeskConfig) {
    let top = || FieldPath::top("editors");
    for (i, e) in cfg.editors.iter().enumerate() {
        let at = top().index(i);
        if e.handle.trim().is_empty()
            || e.handle
                .chars()
                .any(|ch| ch.is_whitespace() || ch.is_control())
        {
            sink.at(
                Code::RosterInvalid,
                &at.clone().key("handle"),
                Target::Value,
                format!(
                    "handle {:?} is empty or holds blanks",
                    crate::diag::visible(&e.handle)
                ),
                "a handle is one word, as records write it in `by:` (ana, jo.martin)",
            );
        }
        let taken = cfg.editors[..i].iter().position(|o| {
            same_editor(&o.handle, &e.handle)
                || same_editor(&o.name, &e.handle)
                || same_editor(&o.handle, &e.name)
        });
        if let Some(j) = taken {
            sink.at(
                Code::RosterInvalid,
                &at.key("handle"),
                Target::Value,
                format!(
                    "editor {} ({:?}) cannot be told apart from editor {} (handles and {})",
                    i + 1,
                    e.handle,
                    j + 1,
                    crate::model::SAME_EDITOR_RULE
                ),
                "give every editor a handle of their own",
            );
        }
    }
    if cfg.identity == Identity::Git && cfg.editors.is_empty() {
        sink.at(
            Code::RosterInvalid,
            &FieldPath::top("identity"),
            Target::Value,
            "`identity: git` needs a roster: `editors:` with each editor's git e-mails".into(),
            "list the desk's editors with their `emails`, or remove `identity: git`",
        );
    }
}

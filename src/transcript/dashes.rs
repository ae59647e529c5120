//! Dash labels (`Name — text`, `NAME - text`) are decided for the whole
//! file, because a name before a dash is as often speech (`Senator — with
//! respect, no.`) as a label. In a file whose turns carry colon labels, a
//! dash line is a label only when its name is one of those labels; in a file
//! without them, dash lines are the labels when there are several. A dash
//! line that looks like a label but is not read as one is a look-alike, so
//! `source add` warns and its turn stays unattributed.

use super::labels;
use std::collections::{HashMap, HashSet};

/// What each dash line of a file is.
#[derive(Debug, Default)]
pub struct Dashes {
    /// File line → whether it is read as a label (else a look-alike).
    lines: HashMap<u32, bool>,
}

fn key(label: &str) -> String {
    labels::display_name(label).to_lowercase()
}

impl Dashes {
    /// Decides the dash lines of a file given as (file line, cleaned line).
    pub fn scan<'a>(lines: impl Iterator<Item = (u32, &'a str)>) -> Dashes {
        // A file's colon labels repeat on every turn: each distinct one is
        // keyed once, and only when a dash line needs comparing with them.
        let mut colon_labels: HashSet<&str> = HashSet::new();
        let mut candidates: Vec<(u32, String, bool)> = Vec::new();
        for (no, line) in lines {
            if let Some(l) = labels::split_label(line).and_then(|h| h.label) {
                colon_labels.insert(l);
            } else if let Some((l, _)) = labels::header_label(line) {
                colon_labels.insert(l);
            } else if let Some((l, _, strong)) = labels::dash_label(line) {
                candidates.push((no, key(l), strong));
            }
        }
        let colon_keys: HashSet<String> = match candidates.is_empty() {
            true => HashSet::new(),
            false => colon_labels.iter().map(|l| key(l)).collect(),
        };
        let count = |k: &str| candidates.iter().filter(|c| c.1 == k).count();
        let mut out = Dashes::default();
        for (no, k, strong) in &candidates {
            let decision = if !colon_labels.is_empty() {
                match colon_keys.contains(k) {
                    true => Some(true),
                    false => strong.then_some(false),
                }
            } else if candidates.len() >= 2 {
                Some(*strong || count(k) >= 2)
            } else {
                strong.then_some(false)
            };
            if let Some(d) = decision {
                out.lines.insert(*no, d);
            }
        }
        out
    }

    /// The label and text of a dash line read as a label.
    pub fn label<'a>(&self, no: u32, line: &'a str) -> Option<(&'a str, &'a str)> {
        if self.lines.get(&no) != Some(&true) {
            return None;
        }
        labels::dash_label(line).map(|(l, r, _)| (l, r))
    }

    /// Whether the dash line looks like a label but is not read as one.
    pub fn lookalike(&self, no: u32) -> bool {
        self.lines.get(&no) == Some(&false)
    }

    /// Whether line `no` opens a turn of its own (a label or a look-alike).
    pub fn splits(&self, no: u32) -> bool {
        self.lines.contains_key(&no)
    }
}

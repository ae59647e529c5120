//! The bound on what one file may print: at most [`MAX_PER_FILE`]
//! diagnostics a file, in the order given (`check` gives them by position),
//! then one `more-problems` diagnostic that counts the rest, and no message,
//! hint or note longer than [`MAX_TEXT_CHARS`]. Every command that shows a
//! list of diagnostics passes it through [`cap_per_file`], in every format;
//! [`tally`] counts what was found, the hidden problems included, so the
//! summary line and the exit status are those of the whole list.

use super::{Code, Diagnostic, Severity};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// Diagnostics shown for one file before `more-problems` counts the rest.
pub const MAX_PER_FILE: usize = 100;

/// Characters of a message, hint or note shown; the rest is cut (`…`).
pub const MAX_TEXT_CHARS: usize = 1000;

/// The problems a `more-problems` diagnostic stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct NotShown {
    pub errors: usize,
    pub warnings: usize,
}

impl NotShown {
    fn add(&mut self, d: &Diagnostic) {
        match &d.hidden {
            Some(h) => {
                self.errors += h.errors;
                self.warnings += h.warnings;
            }
            None if d.severity == Severity::Error => self.errors += 1,
            None => self.warnings += 1,
        }
    }
}

/// Errors and warnings in a list of diagnostics, hidden ones included.
pub fn tally(diagnostics: &[Diagnostic]) -> NotShown {
    let mut t = NotShown::default();
    diagnostics.iter().for_each(|d| t.add(d));
    t
}

/// `diagnostics` with at most `max` a file (the first ones, in order), each
/// file's rest counted by one `more-problems` diagnostic after its last one
/// shown, and long texts cut. Capping a capped list changes nothing.
pub fn cap_per_file(diagnostics: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    let mut shown: HashMap<PathBuf, usize> = HashMap::new();
    let mut hidden: HashMap<PathBuf, NotShown> = HashMap::new();
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len().min(4096));
    for d in diagnostics {
        let n = shown.entry(d.file.clone()).or_default();
        if d.hidden.is_none() && *n < max {
            *n += 1;
            kept.push(bounded(d));
        } else {
            hidden.entry(d.file.clone()).or_default().add(&d);
        }
    }
    if hidden.is_empty() {
        return kept;
    }
    let mut left = shown;
    let mut out = Vec::with_capacity(kept.len() + hidden.len());
    for d in kept {
        let file = d.file.clone();
        out.push(d);
        let n = left.get_mut(&file).map_or(0, |n| {
            *n -= 1;
            *n
        });
        if n == 0 {
            if let Some(h) = hidden.remove(&file) {
                out.push(more(file, h, max));
            }
        }
    }
    // Files all of whose diagnostics were already a count.
    let mut rest: Vec<(PathBuf, NotShown)> = hidden.into_iter().collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(rest.into_iter().map(|(f, h)| more(f, h, max)));
    out
}

fn more(file: PathBuf, h: NotShown, max: usize) -> Diagnostic {
    let total = h.errors + h.warnings;
    let mut d = Diagnostic::new(
        Code::MoreProblems,
        &file,
        format!(
            "{} in this file not shown ({}, {})",
            count(total, "more problem"),
            count(h.errors, "error"),
            count(h.warnings, "warning")
        ),
    )
    .hint(format!(
        "only the first {max} problems of a file are shown; fix them and run the command again"
    ));
    if h.errors == 0 {
        d.severity = Severity::Warning;
    }
    d.hidden = Some(h);
    d
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn bounded(mut d: Diagnostic) -> Diagnostic {
    cut(&mut d.message);
    if let Some(h) = d.hint.as_mut() {
        cut(h);
    }
    d.notes.iter_mut().for_each(cut);
    if let Some(s) = d.secondary.as_mut() {
        cut(&mut s.label);
    }
    d
}

fn cut(s: &mut String) {
    if let Some((at, _)) = s.char_indices().nth(MAX_TEXT_CHARS) {
        s.truncate(at);
        s.push_str(super::place::CUT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(file: &str, errors: usize, warnings: usize) -> Vec<Diagnostic> {
        let e = (0..errors).map(|i| Diagnostic::new(Code::BadUrl, file, format!("e{i}")));
        let w =
            (0..warnings).map(|i| Diagnostic::new(Code::InvisibleCharacter, file, format!("w{i}")));
        e.chain(w).collect()
    }

    #[test]
    fn a_file_over_the_cap_ends_with_one_count_of_the_rest() {
        let mut ds = many("claims/a.yaml", 7, 2);
        ds.extend(many("claims/b.yaml", 2, 0));
        let capped = cap_per_file(ds, 5);
        let names: Vec<(&str, &str)> = capped
            .iter()
            .map(|d| (d.file.to_str().unwrap(), d.code.name()))
            .collect();
        assert_eq!(names.len(), 5 + 1 + 2);
        assert_eq!(names[5], ("claims/a.yaml", "more-problems"));
        let more = &capped[5];
        assert_eq!(
            more.hidden,
            Some(NotShown {
                errors: 2,
                warnings: 2
            })
        );
        assert_eq!(more.severity, Severity::Error);
        assert_eq!(
            more.message,
            "4 more problems in this file not shown (2 errors, 2 warnings)"
        );
        assert_eq!(
            tally(&capped),
            NotShown {
                errors: 9,
                warnings: 2
            }
        );
        assert_eq!(cap_per_file(capped.clone(), 5), capped);
    }

    #[test]
    fn hidden_warnings_alone_make_a_warning_and_short_lists_pass() {
        let capped = cap_per_file(many("x.yaml", 0, 12), 10);
        assert_eq!(capped[10].severity, Severity::Warning);
        assert_eq!(
            tally(&capped),
            NotShown {
                errors: 0,
                warnings: 12
            }
        );
        let few = many("x.yaml", 3, 1);
        assert_eq!(cap_per_file(few.clone(), 10), few);
    }

    #[test]
    fn long_texts_are_cut() {
        let d = Diagnostic::new(Code::BadUrl, "x.yaml", "m".repeat(5000)).hint("h".repeat(2000));
        let d = &cap_per_file(vec![d], 10)[0];
        assert_eq!(d.message.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(d.hint.as_ref().unwrap().ends_with('…'));
    }
}

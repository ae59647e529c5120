//! The rules one claim file must keep across a commit range. Each rule looks
//! at the file's versions (base, every commit touching it, working tree):
//! the verdict is taken at the working tree, and the finding names the first
//! version that broke the rule.

use super::{Range, Stage};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::history::versions::ClaimVersion;
use crate::model::{Claim, Status};
use crate::transcript::normalize;

/// Every finding for one claim file.
pub fn claim_rules(
    id: &str,
    path: &str,
    versions: &[(Stage, ClaimVersion)],
    range: &Range,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some((_, last)) = versions.last() else {
        return out;
    };
    if let Some((_, ClaimVersion::Parsed(base))) = versions.first() {
        out.extend(ledger_rules(base, last, versions, path, range));
        out.extend(published_rules(base, last, versions, path, range));
    }
    out.extend(reuse_rule(id, path, versions, range));
    out
}

/// Annotates a finding with its range and hint.
fn finish(d: Diagnostic, range: &Range, stage: &Stage, hint: String) -> Diagnostic {
    range
        .notes(stage)
        .into_iter()
        .fold(d.hint(hint), Diagnostic::note)
}

/// The first version after the base for which `broken` holds.
fn first_broken(
    versions: &[(Stage, ClaimVersion)],
    broken: impl Fn(&ClaimVersion) -> bool,
) -> Stage {
    versions
        .iter()
        .skip(1)
        .find(|(_, v)| broken(v))
        .map_or(Stage::WorkTree, |(s, _)| s.clone())
}

/// Entries present at the base must stay, unchanged and in place.
fn ledger_rules(
    base: &Claim,
    last: &ClaimVersion,
    versions: &[(Stage, ClaimVersion)],
    path: &str,
    range: &Range,
) -> Vec<Diagnostic> {
    let Some(now) = last.parsed() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let hint = format!(
        "history, reviews and corrections are append-only: restore the entry as it was at {} (`git show {}:{path}`) and record any change as a new entry",
        range.rev, range.rev
    );
    let mut check =
        |ledger: &str, i: usize, intact: &dyn Fn(&Claim) -> Option<bool>, what: String| {
            if intact(now) == Some(true) {
                return;
            }
            let gone = intact(now).is_none();
            let stage = first_broken(versions, |v| {
                v.parsed().is_some_and(|c| intact(c) != Some(true))
            });
            let message = format!(
                "{ledger} entry {} ({what}) present at {} was {}",
                i + 1,
                range.rev,
                if gone { "removed" } else { "changed" }
            );
            out.push(finish(
                Diagnostic::new(Code::HistoryRewritten, path, message),
                range,
                &stage,
                hint.clone(),
            ));
        };
    for (i, h) in base.history.iter().enumerate() {
        let what = format!(
            "{} {} {}",
            h.at.format("%Y-%m-%dT%H:%M:%SZ"),
            h.by,
            h.action.as_str()
        );
        check(
            "history",
            i,
            &|c: &Claim| c.history.get(i).map(|x| x == h),
            what,
        );
    }
    for (i, r) in base.reviews.iter().enumerate() {
        let what = format!(
            "{} by {}: {}",
            r.at.format("%Y-%m-%dT%H:%M:%SZ"),
            r.by,
            r.decision.as_str()
        );
        check(
            "review",
            i,
            &|c: &Claim| c.reviews.get(i).map(|x| x == r),
            what,
        );
    }
    for (i, k) in base.corrections.iter().enumerate() {
        let what = format!("{} by {}", k.at.format("%Y-%m-%dT%H:%M:%SZ"), k.by);
        check(
            "correction",
            i,
            &|c: &Claim| c.corrections.get(i).map(|x| x == k),
            what,
        );
    }
    out
}

/// Reads one watched field of a claim.
type FieldOf = fn(&Claim) -> Option<&str>;

/// A published claim is never deleted, and its quote, claim text, rating and
/// summary change only together with a new correction entry.
fn published_rules(
    base: &Claim,
    last: &ClaimVersion,
    versions: &[(Stage, ClaimVersion)],
    path: &str,
    range: &Range,
) -> Vec<Diagnostic> {
    if base.status != Status::Published {
        return Vec::new();
    }
    if matches!(last, ClaimVersion::Absent) {
        let stage = first_broken(versions, |v| matches!(v, ClaimVersion::Absent));
        let d = Diagnostic::new(
            Code::PublishedClaimDeleted,
            path,
            format!(
                "the claim was published at {} and has been deleted",
                range.rev
            ),
        );
        let hint = format!("restore it (`git checkout {} -- {path}`): a published check is corrected in the open, never deleted", range.rev);
        return vec![finish(d, range, &stage, hint)];
    }
    let Some(now) = last.parsed() else {
        return Vec::new();
    };
    let fields: [(&str, FieldOf); 4] = [
        ("quote", |c| Some(c.quote.as_str())),
        ("claim text", |c| Some(c.claim.as_str())),
        ("rating", |c| c.rating.as_deref()),
        ("summary", |c| c.summary.as_deref()),
    ];
    let corrected = |c: &Claim| c.corrections.len() > base.corrections.len();
    let mut out = Vec::new();
    for (name, get) in fields {
        if get(now) == get(base) || corrected(now) {
            continue;
        }
        let stage = first_broken(versions, |v| {
            v.parsed().is_some_and(|c| get(c) != get(base))
        });
        let d = Diagnostic::new(
            Code::PublishedClaimEdited,
            path,
            format!(
                "the {name} of a claim published at {} changed without a correction entry",
                range.rev
            ),
        )
        .note(format!("was: {}", get(base).unwrap_or("(none)")))
        .note(format!("now: {}", get(now).unwrap_or("(none)")));
        let hint = "restore the published text, or record the change in the open with `factdesk correct ID --note …`".to_string();
        out.push(finish(d, range, &stage, hint));
    }
    out
}

/// An id names one claim for good: a version that quotes another passage and
/// was created anew (a different first history entry, or after the file was
/// deleted) is a reused id.
fn reuse_rule(
    id: &str,
    path: &str,
    versions: &[(Stage, ClaimVersion)],
    range: &Range,
) -> Option<Diagnostic> {
    let identity = |c: &Claim| (c.source.clone(), normalize(&c.quote));
    let mut first: Option<&Claim> = None;
    let mut gap = false;
    for (stage, v) in versions {
        match v {
            ClaimVersion::Absent => gap = first.is_some(),
            ClaimVersion::Unparsable { .. } => {}
            ClaimVersion::Parsed(c) => {
                let Some(orig) = first else {
                    first = Some(c);
                    continue;
                };
                let recreated = gap || orig.history.first() != c.history.first();
                if identity(orig) != identity(c) && recreated {
                    let d = Diagnostic::new(
                        Code::IdReused,
                        path,
                        format!(
                            "the id {id} was given to a different claim within {}..HEAD",
                            range.rev
                        ),
                    )
                    .note(format!("first: {} quoting \"{}\"", orig.source, orig.quote))
                    .note(format!("then: {} quoting \"{}\"", c.source, c.quote));
                    let hint = "give the new claim its own id (`factdesk claim add` mints one) and restore the original record".to_string();
                    return Some(finish(d, range, stage, hint));
                }
            }
        }
    }
    None
}

//! Comparing two versions of one claim: a pure function from (old, new) to
//! the list of changes an editor cares about.

use super::{Change, ClaimDiff, ClaimDiffKind, Field, Ledger, Rating, Which};
use crate::diag::Said;
use crate::history::versions::ClaimVersion;
use crate::model::{Action, Claim, RatingScale, Status};

/// The changes to claim `id` from `old` to `new`, then `findings` (what the
/// check says of `new` only); None when nothing changed that a claim-level
/// diff shows.
pub fn compare_claim(
    id: &str,
    old: &ClaimVersion,
    new: &ClaimVersion,
    scales: &[&RatingScale],
    findings: Vec<Change>,
) -> Option<ClaimDiff> {
    let rating = |r: &Option<String>| r.as_deref().map(|k| Rating::of(k, scales));
    let (kind, changes, shown) = match (old, new) {
        (ClaimVersion::Absent, ClaimVersion::Absent) => return None,
        (_, ClaimVersion::Unparsable { message, .. }) => {
            unparsable(Which::New, message, old.parsed())
        }
        (ClaimVersion::Unparsable { message, .. }, _) => {
            unparsable(Which::Old, message, new.parsed())
        }
        (ClaimVersion::Absent, ClaimVersion::Parsed(c)) => {
            let changes = vec![Change::Added {
                status: c.status,
                rating: rating(&c.rating),
            }];
            (ClaimDiffKind::Added, changes, Some(&**c))
        }
        (ClaimVersion::Parsed(c), ClaimVersion::Absent) => (
            ClaimDiffKind::Removed,
            vec![Change::Removed { status: c.status }],
            Some(&**c),
        ),
        (ClaimVersion::Parsed(a), ClaimVersion::Parsed(b)) => {
            let changes = changes(a, b, scales);
            if changes.is_empty() && findings.is_empty() {
                return None;
            }
            (ClaimDiffKind::Changed, changes, Some(&**b))
        }
    };
    let mut changes = changes;
    changes.extend(findings);
    Some(ClaimDiff {
        id: id.to_string(),
        source: shown.map(|c| c.source.clone()).unwrap_or_default(),
        claim: shown.map(|c| c.claim.clone()).unwrap_or_default(),
        kind,
        flagged: changes.iter().any(Change::is_flagged),
        changes,
    })
}

fn unparsable<'a>(
    side: Which,
    message: &str,
    other: Option<&'a Claim>,
) -> (ClaimDiffKind, Vec<Change>, Option<&'a Claim>) {
    let change = Change::Unparsable {
        side,
        message: message.to_string(),
    };
    (ClaimDiffKind::Unparsable, vec![change], other)
}

/// Every change between two parsed versions, in reading order.
pub fn changes(a: &Claim, b: &Claim, scales: &[&RatingScale]) -> Vec<Change> {
    let mut out = Vec::new();
    if a.status != b.status {
        out.push(Change::Status {
            from: a.status,
            to: b.status,
        });
    }
    if a.rating != b.rating {
        let rating = |r: &Option<String>| r.as_deref().map(|k| Rating::of(k, scales));
        out.push(Change::Rating {
            from: rating(&a.rating),
            to: rating(&b.rating),
        });
    }
    let corrected = b.corrections.len() > a.corrections.len();
    let published = a.status == Status::Published;
    let broken = if published {
        crate::history::audit::claims::published_problems(a, b)
    } else {
        Vec::new()
    };
    let rule_of = |field: Field| {
        broken
            .iter()
            .find(|(f, _)| *f == field.as_str())
            .map(|(_, rule)| Said::new(rule.clone()))
    };
    let texts = [
        (Field::Quote, Some(&a.quote), Some(&b.quote)),
        (Field::Claim, Some(&a.claim), Some(&b.claim)),
        (Field::Summary, a.summary.as_ref(), b.summary.as_ref()),
    ];
    for (field, from, to) in texts {
        if from == to {
            continue;
        }
        let (from, to) = (from.cloned(), to.cloned());
        out.push(if published {
            Change::PublishedEdited {
                field,
                from,
                to,
                with_correction: corrected,
                rule: rule_of(field),
            }
        } else {
            Change::Edited { field, from, to }
        });
    }
    evidence_changes(a, b, &mut out);
    for r in b.reviews.iter().filter(|r| !a.reviews.contains(r)) {
        out.push(Change::ReviewAdded {
            by: r.by.clone(),
            decision: r.decision,
            note: r.note.clone(),
        });
    }
    for c in b.corrections.iter().filter(|c| !a.corrections.contains(c)) {
        out.push(Change::CorrectionAdded {
            by: c.by.clone(),
            note: c.note.clone(),
        });
    }
    if published {
        // Who says they changed a published check: the entries that excuse
        // an edit (reviews and corrections show above).
        let new = b.history.iter().filter(|h| !a.history.contains(h));
        for h in new.filter(|h| !matches!(h.action, Action::Corrected | Action::Reviewed)) {
            out.push(Change::EntryAdded {
                by: h.by.clone(),
                action: h.action.as_str().to_string(),
                note: h.note.clone(),
            });
        }
    }
    if a.assignee != b.assignee {
        out.push(Change::Assignee {
            from: a.assignee.clone(),
            to: b.assignee.clone(),
        });
    }
    field_changes_of(a, b, &mut out);
    for (field, rule) in broken {
        if !matches!(field, "quote" | "claim" | "summary") {
            out.push(Change::RuleBroken {
                field: field.to_string(),
                rule: Said::new(rule),
            });
        }
    }
    let ledgers = [
        (Ledger::History, rewritten(&a.history, &b.history)),
        (Ledger::Reviews, rewritten(&a.reviews, &b.reviews)),
        (
            Ledger::Corrections,
            rewritten(&a.corrections, &b.corrections),
        ),
    ];
    for (ledger, entries) in ledgers {
        if entries > 0 {
            out.push(Change::Rewritten { ledger, entries });
        }
    }
    out
}

/// Fields the diff shows by a change of their own (status, rating, text
/// edits, evidence added or removed, assignee, the ledgers' new entries):
/// the field walk skips them, or, for evidence, keeps only items changed
/// in place.
const SHOWN_ALONE: [&str; 9] = [
    "status",
    "rating",
    "quote",
    "claim",
    "summary",
    "assignee",
    "history",
    "reviews",
    "corrections",
];

/// Every other field that changed, by its path, walked over the model's
/// field table (`model::fields::CLAIM`).
fn field_changes_of(a: &Claim, b: &Claim, out: &mut Vec<Change>) {
    let changes =
        crate::model::fields::field_changes(crate::model::fields::CLAIM, a, b, &SHOWN_ALONE);
    out.extend(
        changes
            .into_iter()
            .filter(|f| !(f.top() == "evidence" && f.is_item()))
            .map(|f| Change::Field {
                field: f.field,
                from: f.from,
                to: f.to,
            }),
    );
}

fn evidence_changes(a: &Claim, b: &Claim, out: &mut Vec<Change>) {
    for e in b
        .evidence
        .iter()
        .filter(|e| !a.evidence.iter().any(|x| x.url == e.url))
    {
        out.push(Change::EvidenceAdded {
            url: e.url.clone(),
            title: e.title.clone(),
            stance: e.stance,
        });
    }
    for e in a
        .evidence
        .iter()
        .filter(|e| !b.evidence.iter().any(|x| x.url == e.url))
    {
        out.push(Change::EvidenceRemoved {
            url: e.url.clone(),
            title: e.title.clone(),
        });
    }
}

/// How many entries of the older list are not found unchanged, in place, in
/// the newer one (an append-only list only grows at its end).
pub fn rewritten<T: PartialEq>(old: &[T], new: &[T]) -> usize {
    old.iter()
        .enumerate()
        .filter(|(i, e)| new.get(*i) != Some(e))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Correction, Evidence, Stance};

    fn claim(status: Status) -> Claim {
        let text = format!(
            "id: c-1\nclaim: C\nquote: Q\nspeaker: S\nsource: s\nlocation:\n  line: 1\nstatus: {status}\nhistory:\n- at: 2023-09-14T09:00:00Z\n  by: ana\n  action: created\n"
        );
        crate::store::yaml::parse_record::<Claim>(&text, std::path::Path::new("c.yaml"))
            .unwrap()
            .0
    }

    #[test]
    fn an_append_only_list_may_only_grow_at_its_end() {
        assert_eq!(rewritten(&[1, 2], &[1, 2, 3]), 0);
        assert_eq!(rewritten(&[1, 2], &[1, 9, 2]), 1);
        assert_eq!(rewritten(&[1, 2], &[]), 2);
    }

    #[test]
    fn published_edits_are_flagged_and_say_whether_a_correction_came_with_them() {
        let old = claim(Status::Published);
        let mut new = old.clone();
        new.summary = Some("New".into());
        let c = changes(&old, &new, &[]);
        assert!(matches!(
            c[0],
            Change::PublishedEdited {
                field: Field::Summary,
                with_correction: false,
                ..
            }
        ));
        assert!(c[0].is_flagged());
        new.corrections.push(Correction {
            at: old.history[0].at,
            by: "jo".into(),
            kind: Default::default(),
            note: "n".into(),
            previous_rating: None,
            previous_summary: None,
            previous_speaker: None,
        });
        let c = changes(&old, &new, &[]);
        assert!(matches!(
            c[0],
            Change::PublishedEdited {
                with_correction: true,
                ..
            }
        ));
        assert!(matches!(c[1], Change::CorrectionAdded { .. }));
        let draft = claim(Status::Researching);
        let mut edited = draft.clone();
        edited.claim = "D".into();
        assert!(!changes(&draft, &edited, &[])[0].is_flagged());
    }

    #[test]
    fn evidence_is_matched_by_url() {
        let old = claim(Status::Researching);
        let mut new = old.clone();
        new.evidence.push(Evidence {
            url: "https://a.example/".into(),
            title: "A".into(),
            publisher: "P".into(),
            published: None,
            accessed: chrono::NaiveDate::from_ymd_opt(2023, 9, 15).unwrap(),
            archive: None,
            stance: Stance::Refutes,
            note: None,
        });
        assert!(
            matches!(&changes(&old, &new, &[])[0], Change::EvidenceAdded { url, .. } if url == "https://a.example/")
        );
        assert!(matches!(
            &changes(&new, &old, &[])[0],
            Change::EvidenceRemoved { .. }
        ));
    }
}

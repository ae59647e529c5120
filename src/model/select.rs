//! Which claims a listing shows: the filters of `list`, `search` and
//! `similar` (`--status`, `--rating`, `--source`, `--speaker`, `--tag`,
//! `--assignee`), one rule for whole records and for claims in brief.

use super::{Brief, Claim, Status};

/// A selection of claims; an unset part keeps every claim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub status: Option<Status>,
    /// A rating key, compared exactly.
    pub rating: Option<String>,
    /// A source id, compared exactly.
    pub source: Option<String>,
    /// A speaker, compared without regard to ASCII case.
    pub speaker: Option<String>,
    /// One tag the claim must carry.
    pub tag: Option<String>,
    /// An editor, compared as editors are ([`super::same_editor`]).
    pub assignee: Option<String>,
}

/// The parts of a claim a selection looks at.
struct Parts<'a> {
    status: Status,
    rating: Option<&'a str>,
    source: &'a str,
    speaker: &'a str,
    tags: &'a [String],
    assignee: Option<&'a str>,
}

impl Selection {
    /// Whether any part is set.
    pub fn any(&self) -> bool {
        *self != Selection::default()
    }

    /// Whether the selection keeps claim `c`.
    pub fn keeps(&self, c: &Claim) -> bool {
        self.keeps_parts(Parts {
            status: c.status,
            rating: c.rating.as_deref(),
            source: &c.source,
            speaker: &c.speaker,
            tags: &c.tags,
            assignee: c.assignee.as_deref(),
        })
    }

    /// [`Selection::keeps`] for a claim in brief, with the same answer.
    pub fn keeps_brief(&self, b: &Brief) -> bool {
        self.keeps_parts(Parts {
            status: b.status,
            rating: b.rating.as_deref(),
            source: &b.source,
            speaker: &b.speaker,
            tags: &b.tags,
            assignee: b.assignee.as_deref(),
        })
    }

    fn keeps_parts(&self, c: Parts<'_>) -> bool {
        self.status.is_none_or(|s| s == c.status)
            && self.rating.as_deref().is_none_or(|r| c.rating == Some(r))
            && self.source.as_deref().is_none_or(|s| c.source == s)
            && self
                .speaker
                .as_deref()
                .is_none_or(|s| c.speaker.eq_ignore_ascii_case(s))
            && self
                .tag
                .as_deref()
                .is_none_or(|t| c.tags.iter().any(|x| x == t))
            && self
                .assignee
                .as_deref()
                .is_none_or(|a| c.assignee.is_some_and(|x| super::same_editor(x, a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(yaml: &str) -> Claim {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_claim_and_its_brief_are_kept_alike() {
        let c = claim(
            "id: a-1\nclaim: Crime fell\nquote: Crime fell.\nspeaker: Jane Roe\nsource: s\nlocation: {line: 3}\nstatus: researching\nrating: false\ntags: [crime]\nassignee: Ana Diaz\nhistory:\n  - {at: 2023-09-14T09:00:00Z, by: ana, action: created, to: candidate}\n",
        );
        let b = Brief::of(&c);
        let cases = [
            (Selection::default(), true),
            (
                Selection {
                    status: Some(Status::Researching),
                    ..Default::default()
                },
                true,
            ),
            (
                Selection {
                    status: Some(Status::Candidate),
                    ..Default::default()
                },
                false,
            ),
            (
                Selection {
                    rating: Some("false".into()),
                    ..Default::default()
                },
                true,
            ),
            (
                Selection {
                    rating: Some("False".into()),
                    ..Default::default()
                },
                false,
            ),
            (
                Selection {
                    source: Some("s".into()),
                    ..Default::default()
                },
                true,
            ),
            (
                Selection {
                    speaker: Some("JANE ROE".into()),
                    ..Default::default()
                },
                true,
            ),
            (
                Selection {
                    tag: Some("crime".into()),
                    ..Default::default()
                },
                true,
            ),
            (
                Selection {
                    tag: Some("crim".into()),
                    ..Default::default()
                },
                false,
            ),
            (
                Selection {
                    assignee: Some("Ana Diaz".into()),
                    ..Default::default()
                },
                true,
            ),
            (
                Selection {
                    assignee: Some("jo".into()),
                    ..Default::default()
                },
                false,
            ),
        ];
        for (i, (sel, kept)) in cases.into_iter().enumerate() {
            assert_eq!(sel.keeps(&c), kept, "{sel:?}");
            assert_eq!(sel.keeps_brief(&b), kept, "brief: {sel:?}");
            // Only the first case sets nothing.
            assert_eq!(sel.any(), i > 0, "{sel:?}");
        }
    }
}

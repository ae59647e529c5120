//! Desk settings (`factdesk.yaml`): name, publisher, rating scale, publish
//! rules, the editors roster and what proves identity.

use serde::{Deserialize, Serialize};

/// The organisation that publishes the checks (ClaimReview `author`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    /// The site the checks are published on; claim pages are `<url>#<id>`.
    pub url: String,
}

/// One verdict of the desk's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingValue {
    pub key: String,
    pub label: String,
    /// Numeric value for ClaimReview `ratingValue`; higher is more accurate.
    pub value: i64,
    pub description: String,
}

/// The verdicts a desk may give, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RatingScale(pub Vec<RatingValue>);

impl RatingScale {
    pub fn get(&self, key: &str) -> Option<&RatingValue> {
        self.0.iter().find(|r| r.key == key)
    }

    /// The ratings of `self` whose meaning `new` changes: (key, what
    /// changed: removed, label or value). New ratings and new descriptions
    /// are not here. The audit reports those a published check carries;
    /// `diff` flags them.
    pub fn redefined_by(&self, new: &RatingScale) -> Vec<(&str, String)> {
        self.0
            .iter()
            .filter_map(|r| {
                let changed = match new.get(&r.key) {
                    None => "was removed".to_string(),
                    Some(n) if n.label != r.label => {
                        format!("label changed from {:?} to {:?}", r.label, n.label)
                    }
                    Some(n) if n.value != r.value => {
                        format!("value changed from {} to {}", r.value, n.value)
                    }
                    Some(_) => return None,
                };
                Some((r.key.as_str(), changed))
            })
            .collect()
    }

    pub fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|r| r.key.as_str()).collect()
    }

    pub fn best(&self) -> Option<i64> {
        self.0.iter().map(|r| r.value).max()
    }

    pub fn worst(&self) -> Option<i64> {
        self.0.iter().map(|r| r.value).min()
    }

    /// Names of the shipped presets, for `factdesk init --scale`.
    pub const PRESETS: [&'static str; 2] = ["default", "truth-o-meter"];

    pub fn preset(name: &str) -> Option<RatingScale> {
        match name {
            "default" => Some(Self::default_scale()),
            "truth-o-meter" => Some(Self::truth_o_meter()),
            _ => None,
        }
    }

    /// factdesk's own five-step scale.
    pub fn default_scale() -> RatingScale {
        scale(&[
            ("accurate", "Accurate", 5, "The statement is correct and nothing significant is missing."),
            ("mostly-accurate", "Mostly accurate", 4, "The statement is correct but needs clarification or additional information."),
            ("mixed", "Mixed", 3, "The statement is partially correct and leaves out important details or takes things out of context."),
            ("misleading", "Misleading", 2, "The statement contains an element of truth but gives a false impression."),
            ("inaccurate", "Inaccurate", 1, "The statement is not correct."),
        ])
    }

    /// PolitiFact's Truth-O-Meter.
    pub fn truth_o_meter() -> RatingScale {
        scale(&[
            ("true", "True", 6, "The statement is accurate and there's nothing significant missing."),
            ("mostly-true", "Mostly True", 5, "The statement is accurate but needs clarification or additional information."),
            ("half-true", "Half True", 4, "The statement is partially accurate but leaves out important details or takes things out of context."),
            ("mostly-false", "Mostly False", 3, "The statement contains an element of truth but ignores critical facts that would give a different impression."),
            ("false", "False", 2, "The statement is not accurate."),
            ("pants-on-fire", "Pants on Fire", 1, "The statement is not accurate and makes a ridiculous claim."),
        ])
    }
}

fn scale(values: &[(&str, &str, i64, &str)]) -> RatingScale {
    RatingScale(
        values
            .iter()
            .map(|(key, label, value, description)| RatingValue {
                key: key.to_string(),
                label: label.to_string(),
                value: *value,
                description: description.to_string(),
            })
            .collect(),
    )
}

/// What a claim needs before it can be published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRules {
    /// Evidence items a published claim must cite.
    #[serde(default = "one")]
    pub min_evidence: u32,
    /// Distinct approvals, in the current review round, needed to publish.
    #[serde(default = "one")]
    pub approvals: u32,
    /// Whether the person who set the rating may approve it (four-eyes: no).
    #[serde(default)]
    pub rater_may_approve: bool,
    /// Whether publishing needs the right of reply settled: the person
    /// checked was contacted and answered, or the deadline passed unanswered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub right_of_reply: bool,
}

impl PublishRules {
    /// The rules `new` loosens against `self`: (rule, was, is). New
    /// ratings and stricter rules are not here; the audit and `diff` ask.
    pub fn loosened_by(&self, new: &PublishRules) -> Vec<(&'static str, String, String)> {
        let (o, n) = (self, new);
        let mut out = Vec::new();
        if n.min_evidence < o.min_evidence {
            out.push((
                "min_evidence",
                o.min_evidence.to_string(),
                n.min_evidence.to_string(),
            ));
        }
        if n.approvals < o.approvals {
            out.push((
                "approvals",
                o.approvals.to_string(),
                n.approvals.to_string(),
            ));
        }
        if n.rater_may_approve && !o.rater_may_approve {
            out.push(("rater_may_approve", "false".into(), "true".into()));
        }
        if o.right_of_reply && !n.right_of_reply {
            out.push(("right_of_reply", "true".into(), "false".into()));
        }
        out
    }

    /// The four-eyes rule: how many of the distinct `approvers` count, given
    /// who set the rating (by [`super::same_editor`]: `Ana` is `ana`).
    pub fn counted_approvals(&self, approvers: &[&str], rater: Option<&str>) -> u32 {
        approvers
            .iter()
            .filter(|a| self.rater_may_approve || !rater.is_some_and(|r| super::same_editor(r, a)))
            .count() as u32
    }
}

fn one() -> u32 {
    1
}

impl Default for PublishRules {
    fn default() -> Self {
        PublishRules {
            min_evidence: 1,
            approvals: 1,
            rater_may_approve: false,
            right_of_reply: false,
        }
    }
}

/// `factdesk.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    pub name: String,
    pub publisher: Publisher,
    pub rating_scale: RatingScale,
    #[serde(default)]
    pub publish: PublishRules,
    /// The language the desk publishes in, a BCP 47 tag (`en`, `fr`,
    /// `pt-BR`); `en` when not set. Reports put it in `lang` and ClaimReview
    /// `inLanguage`; a source may say its transcript is in another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The desk's editors: who may act (`--by`), by handle. Empty: any name
    /// is taken as given (desks from before rosters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<super::Editor>,
    /// What proves who wrote a history entry: `declared` (default) or `git`.
    #[serde(default, skip_serializing_if = "super::Identity::is_declared")]
    pub identity: super::Identity,
}

/// The desk's language when `factdesk.yaml` sets none.
pub const DEFAULT_LANGUAGE: &str = "en";

/// [`valid_language_tag`] as a regular expression, for the JSON Schema; kept
/// beside the function so the two change together.
pub const LANGUAGE_PATTERN: &str = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$";

/// Whether `tag` looks like a BCP 47 language tag: a 2–3 letter language,
/// then subtags of 1–8 letters or digits (`en`, `fr-CA`, `zh-Hant-TW`).
pub fn valid_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl DeskConfig {
    /// The desk's language (`language`, else [`DEFAULT_LANGUAGE`]).
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or(DEFAULT_LANGUAGE)
    }

    pub fn new(name: &str, scale: RatingScale) -> DeskConfig {
        DeskConfig {
            name: name.to_string(),
            publisher: Publisher {
                name: name.to_string(),
                url: "https://example.org/".to_string(),
            },
            rating_scale: scale,
            publish: PublishRules::default(),
            language: None,
            editors: Vec::new(),
            identity: super::Identity::Declared,
        }
    }
}

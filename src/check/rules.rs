//! Semantic rules of a typed record, one file at a time: the workflow (status
//! against history, history order, what publication requires, corrections),
//! evidence links and dates, the claim text's length, and the sanity of the
//! desk settings. Each problem is placed on the field it is about.

use super::locate::{FieldPath, Locator, Target};
use crate::diag::{Code, Diagnostic, Remedy, Run};
use crate::model::dates::{DateAt, DateFinding};
use crate::model::{
    same_editor, url::check_url, Action, Claim, Decision, DeskConfig, Source, Status,
};
use chrono::NaiveDate;
use std::path::Path;

/// Collects diagnostics for one record, placing each by field path.
pub struct Sink<'a, 't> {
    pub loc: &'a Locator<'t>,
    pub file: &'a Path,
    pub out: Vec<Diagnostic>,
}

impl Sink<'_, '_> {
    pub fn at(
        &mut self,
        code: Code,
        path: &FieldPath,
        target: Target,
        message: String,
        hint: &str,
    ) {
        self.out.push(
            Diagnostic::new(code, self.file, message)
                .at(self.loc.place(path, target))
                .hint(hint),
        );
    }

    /// As [`Sink::at`], with a hint that names commands.
    pub fn at_with(
        &mut self,
        code: Code,
        path: &FieldPath,
        target: Target,
        message: String,
        remedy: Remedy,
    ) {
        self.out.push(
            Diagnostic::new(code, self.file, message)
                .at(self.loc.place(path, target))
                .remedy(remedy),
        );
    }
}

fn p(k: &str) -> FieldPath {
    FieldPath::top(k)
}

/// The diagnostics of the model's date rules (`model::dates`).
fn dates(sink: &mut Sink, findings: Vec<DateFinding>, today: NaiveDate) {
    for f in findings {
        match f {
            DateFinding::InFuture { at, date } => {
                let path = date_path(at);
                sink.at(
                    Code::DateInFuture,
                    &path,
                    Target::Value,
                    format!("`{path}` is {date}, after today ({today})"),
                    "fix the date; factdesk records what already happened",
                );
            }
            DateFinding::AccessedBeforePublished {
                index,
                accessed,
                published,
            } => sink.at(
                Code::AccessedBeforePublished,
                &p("evidence").index(index).key("accessed"),
                Target::Value,
                format!(
                    "evidence {} was accessed on {accessed} but published on {published}",
                    index + 1
                ),
                "check both dates against the document",
            ),
            DateFinding::HistoryOutOfOrder { index, at, before } => sink.at(
                Code::HistoryOutOfOrder,
                &p("history").index(index).key("at"),
                Target::Value,
                format!(
                    "history entry {} ({}) is earlier than the entry before it ({})",
                    index + 1,
                    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    before.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                ),
                "history is append-only: restore the original order from git",
            ),
            DateFinding::CorrectionBeforePublication { index } => sink.at(
                Code::CorrectionBeforePublication,
                &p("corrections").index(index).key("at"),
                Target::Value,
                format!("correction {} is not after the claim's publication", index + 1),
                "corrections are public notes on published checks; edit an unpublished claim instead",
            ),
        }
    }
}

fn date_path(at: DateAt) -> FieldPath {
    let mut path = p(at.field);
    if let Some(i) = at.index {
        path = path.index(i);
    }
    if let Some(k) = at.key {
        path = path.key(k);
    }
    path
}

fn url(sink: &mut Sink, path: FieldPath, u: &str) {
    if let Err(e) = check_url(u) {
        sink.at(
            Code::BadUrl,
            &path,
            Target::Value,
            format!("`{path}`: {e}"),
            "link to the document with a plain http(s) address, without credentials",
        );
    }
}

/// Rules for a claim record under the desk's settings (when readable).
pub fn claim(sink: &mut Sink, c: &Claim, config: Option<&DeskConfig>, today: NaiveDate) {
    let chars = c.claim.chars().count();
    if chars > crate::model::fields::MAX_CLAIM_CHARS {
        sink.at(
            Code::ClaimTooLong,
            &p("claim"),
            Target::Value,
            format!(
                "the claim text is {chars} characters; at most {} fit ClaimReview's claimReviewed",
                crate::model::fields::MAX_CLAIM_CHARS
            ),
            "shorten it to a neutral statement without the rating",
        );
    }
    // Lines count from 1: the model's bound, which the JSON Schema gives too.
    if Some(u64::from(c.location.line)) < crate::model::fields::Kind::Line.smallest() {
        sink.at(
            Code::InvalidLocation,
            &p("location").key("line"),
            Target::Value,
            "`location.line` is 0; lines count from 1".into(),
            "give the transcript line where the quote starts",
        );
    }
    dates(sink, crate::model::dates::claim_dates(c, today), today);
    history(sink, c);
    super::approvals::approvals(sink, c);
    if let Some(cfg) = config {
        super::editors::claim(sink, c, cfg);
    }
    rating(sink, c, config);
    if c.status == Status::Published {
        if let Some(cfg) = config {
            publication(sink, c, cfg);
        }
    }
    for (i, e) in c.evidence.iter().enumerate() {
        let at = p("evidence").index(i);
        url(sink, at.clone().key("url"), &e.url);
        if let Some(a) = &e.archive {
            url(sink, at.key("archive"), a);
        }
    }
}

fn history(sink: &mut Sink, c: &Claim) {
    if c.history.is_empty() {
        sink.at(
            Code::HistoryEmpty,
            &p("status"),
            Target::Key,
            "the claim has no history".into(),
            "restore the history from git: factdesk writes one entry per step",
        );
        return;
    }
    for f in crate::model::replay::replay(c) {
        let path = match f.index {
            Some(i) => p(f.field).index(i),
            None => p(f.field),
        };
        sink.at(
            f.code,
            &path,
            Target::Value,
            f.message,
            "the history is the truth: change a claim only with factdesk's workflow commands; restore the record from git",
        );
    }
    let last = c.status_from_history().unwrap_or(Status::Candidate);
    if last != c.status {
        sink.at(
            Code::StatusMismatch,
            &p("status"),
            Target::Value,
            format!(
                "status is {} but the history's last transition leads to {last}",
                c.status
            ),
            "change status only with factdesk's workflow commands; restore the record from git",
        );
    }
}

fn rating(sink: &mut Sink, c: &Claim, config: Option<&DeskConfig>) {
    if let (Some(r), Some(cfg)) = (&c.rating, config) {
        if cfg.rating_scale.get(r).is_none() {
            let keys = cfg.rating_scale.keys();
            let hint = match crate::store::yaml::did_you_mean(r, &keys) {
                Some(b) => format!("did you mean `{b}`? the desk's scale: {}", keys.join(", ")),
                None => format!("the desk's scale: {}", keys.join(", ")),
            };
            sink.at(
                Code::UnknownRating,
                &p("rating"),
                Target::Value,
                format!(
                    "rating {:?} is not on the desk's scale",
                    crate::diag::visible(r)
                ),
                &hint,
            );
        }
    }
    if matches!(c.status, Status::InReview | Status::Published) {
        if c.rating.is_none() {
            sink.at_with(
                Code::MissingRating,
                &p("status"),
                Target::Value,
                format!("a claim {} needs a rating", c.status),
                Remedy::text("rate it with ")
                    .then_run(Run::Rate { summary: false })
                    .then(" before submitting"),
            );
        }
        if c.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            sink.at_with(
                Code::MissingSummary,
                &p("status"),
                Target::Value,
                format!("a claim {} needs a summary", c.status),
                Remedy::text("give one with ").then_run(Run::Rate { summary: true }),
            );
        }
    }
}

fn publication(sink: &mut Sink, c: &Claim, cfg: &DeskConfig) {
    let rules = &cfg.publish;
    if let Some(missing) = crate::model::workflow::reply_blocker(c, rules) {
        sink.at_with(
            Code::PublishedWithoutReply,
            &p("status"),
            Target::Value,
            format!("published, but the desk's right-of-reply rule is not met: {missing}"),
            Remedy::text("record the reply with ")
                .then_run(Run::Reply)
                .then(" and a public correction, or restore the record from git"),
        );
    }
    if (c.evidence.len() as u32) < rules.min_evidence {
        sink.at(
            Code::InsufficientEvidence,
            &p("status"),
            Target::Value,
            format!(
                "published with {} evidence item(s); the desk requires {}",
                c.evidence.len(),
                rules.min_evidence
            ),
            "add evidence with a public correction, or restore the record from git",
        );
    }
    // The round that led to publication: the last `published` step, the
    // rating set before it and the reviews since the submission before it.
    let publish_at = c
        .history
        .iter()
        .rposition(|h| h.action == Action::Published);
    let before = &c.history[..publish_at.unwrap_or(c.history.len())];
    let rater = before
        .iter()
        .rev()
        .find(|h| h.rating.is_some())
        .map(|h| h.by.as_str());
    let submitted = before
        .iter()
        .rev()
        .find(|h| h.action == Action::Submitted)
        .map(|h| h.at);
    let published = publish_at.map(|i| c.history[i].at);
    // Approvals bind the content as published (corrections undone); an
    // edit after publication of what they bind leaves them unjudged here.
    let edited_after = c.history[publish_at.unwrap_or(c.history.len())..]
        .iter()
        .any(|h| {
            h.edited_fields()
                .iter()
                .any(|f| Claim::APPROVAL_BINDS.contains(f))
        });
    // The digest of the content as published, computed once if asked.
    let bound = std::cell::OnceCell::new();
    let digest = || bound.get_or_init(|| c.published_approval_digest()).as_str();
    let mut approvers: Vec<&str> = Vec::new();
    for r in &c.reviews {
        let in_round = submitted.is_none_or(|s| r.at >= s) && published.is_none_or(|t| r.at <= t);
        let stands = edited_after || Claim::approval_stands_on(r, digest);
        if in_round
            && stands
            && r.decision == Decision::Approved
            && !approvers.iter().any(|a| same_editor(a, &r.by))
        {
            approvers.push(&r.by);
        }
    }
    let counted = rules.counted_approvals(&approvers, rater);
    if counted < rules.approvals {
        let selfish = counted < approvers.len() as u32;
        let (code, msg) = if selfish {
            {
                let rater = rater.unwrap_or_default();
                let own = approvers
                    .iter()
                    .find(|a| same_editor(a, rater))
                    .copied()
                    .unwrap_or(rater);
                let who = if own == rater {
                    own.to_string()
                } else {
                    format!(
                        "{} (the same editor as {rater}: {})",
                        crate::diag::visible(own),
                        crate::model::SAME_EDITOR_RULE
                    )
                };
                (Code::SelfApproval, format!("published with the approval of {who}, who set the rating; the desk requires {} approval(s) by someone else", rules.approvals))
            }
        } else {
            (Code::InsufficientApprovals, format!("published with {counted} approval(s) in its review round that match the published content; the desk requires {}", rules.approvals))
        };
        sink.at(code, &p("status"), Target::Value, msg, "four-eyes rule: another editor must approve; restore the record from git or review it again");
    }
}

/// Rules for a source's metadata.
/// A `language` that is not a BCP 47 tag.
fn language(sink: &mut Sink, tag: Option<&str>) {
    if let Some(t) = tag.filter(|t| !crate::model::desk::valid_language_tag(t)) {
        sink.at(
            Code::InvalidLanguage,
            &p("language"),
            Target::Value,
            format!("`language` is {:?}, not a BCP 47 language tag", crate::diag::visible(t)),
            "write a tag such as en, fr, de, pt-BR or zh-Hant; reports put it in `lang` and ClaimReview `inLanguage`",
        );
    }
}

pub fn source(sink: &mut Sink, s: &Source, today: NaiveDate) {
    language(sink, s.language.as_deref());
    if let Some(u) = &s.url {
        url(sink, p("url"), u);
    }
    dates(sink, crate::model::dates::source_dates(s, today), today);
    if !safe_file_name(&s.file) {
        sink.at(
            Code::InvalidTranscriptPath,
            &p("file"),
            Target::Value,
            format!(
                "`file` {:?} is not a plain file name in sources/",
                crate::diag::visible(&s.file)
            ),
            "name the transcript beside its metadata, such as <id>.txt",
        );
    }
    if s.sha256.len() != 64
        || !s
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        sink.at(
            Code::WrongType,
            &p("sha256"),
            Target::Value,
            "`sha256` must be 64 lower-case hex digits".into(),
            "restore the metadata from git, or re-add the source",
        );
    }
}

/// Whether `f` names a file directly inside `sources/`.
pub use crate::model::source::safe_file_name;

/// Rules for the desk settings.
pub fn config(sink: &mut Sink, c: &DeskConfig) {
    url(sink, p("publisher").key("url"), &c.publisher.url);
    language(sink, c.language.as_deref());
    super::editors::roster(sink, c);
    if c.rating_scale.0.is_empty() {
        sink.at_with(
            Code::ScaleEmpty,
            &p("rating_scale"),
            Target::Key,
            "the rating scale has no values".into(),
            Remedy::text("list the desk's verdicts, or run ")
                .then_run(Run::InitDefaultScale)
                .then(" elsewhere and copy its scale"),
        );
    }
    for (i, r) in c.rating_scale.0.iter().enumerate() {
        let at = p("rating_scale").index(i);
        if let Err(e) = crate::model::id::validate_id(&r.key) {
            sink.at(
                Code::ScaleInvalidKey,
                &at.clone().key("key"),
                Target::Value,
                format!(
                    "rating key {:?} is not valid: {e}",
                    crate::diag::visible(&r.key)
                ),
                "keys are lower-case words joined by '-', such as mostly-true",
            );
        }
        if let Some(j) = c.rating_scale.0[..i].iter().position(|o| o.key == r.key) {
            sink.at(
                Code::ScaleDuplicateKey,
                &at.clone().key("key"),
                Target::Value,
                format!(
                    "rating key {:?} is listed twice (entries {} and {})",
                    r.key,
                    j + 1,
                    i + 1
                ),
                "keep one entry per key",
            );
        }
        if let Some(j) = c.rating_scale.0[..i]
            .iter()
            .position(|o| o.value == r.value)
        {
            sink.at(
                Code::ScaleDuplicateValue,
                &at.key("value"),
                Target::Value,
                format!(
                    "ratings {:?} and {:?} share the value {}",
                    c.rating_scale.0[j].key, r.key, r.value
                ),
                "give each verdict its own value; higher is more accurate",
            );
        }
    }
    let rules = &c.publish;
    if rules.approvals == 0 || rules.approvals > 20 {
        sink.at(
            Code::UnsoundPublishRules,
            &p("publish").key("approvals"),
            Target::Value,
            format!(
                "publish.approvals is {}; publishing needs between 1 and 20 approvals",
                rules.approvals
            ),
            "require at least one approval by another editor",
        );
    }
    if rules.min_evidence == 0 {
        sink.at(
            Code::UnsoundPublishRules,
            &p("publish").key("min_evidence"),
            Target::Value,
            "publish.min_evidence is 0: checks could be published without evidence".into(),
            "require at least one evidence item",
        );
    }
}

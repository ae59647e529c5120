//! The closed list of diagnostic codes. Every code any command reports is a
//! variant of [`Code`], with its stable kebab-case name, its severity and a
//! one-line summary; `docs/diagnostics.md` has one `### \`name\`` section per
//! code (a test checks both directions). A code that is not in the table does
//! not compile.
//!
//! To add a code: add ONE line to the `codes!` table below, in its group
//! (`Variant = "kebab-name", Error|Warning, "summary";`), and its section in
//! `docs/diagnostics.md` under the same group heading.

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

/// Generates [`Code`] and its lookup functions from the table.
macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable diagnostic code (see `docs/diagnostics.md`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( #[doc = $summary] $variant, )*
        }

        impl Code {
            /// Every code, in the order of the table (and of the docs).
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case name shown to users and matched by scripts.
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity every diagnostic with this code has.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The one-line summary, as in the docs.
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    // YAML
    YamlSyntax = "yaml-syntax", Error, "the file is not valid YAML";
    RecordTooLarge = "record-too-large", Error, "the record is larger than the size bound";
    InvalidUtf8 = "invalid-utf8", Error, "the file is not valid UTF-8";
    EmptyRecord = "empty-record", Error, "the file holds no record";
    YamlAnchor = "yaml-anchor", Error, "an anchor (`&name`) in a record";
    YamlAlias = "yaml-alias", Error, "an alias (`*name`) in a record";
    YamlTag = "yaml-tag", Error, "a tag (`!tag`) in a record";
    YamlDirective = "yaml-directive", Error, "a YAML directive (`%YAML`, `%TAG`)";
    YamlMultipleDocuments = "yaml-multiple-documents", Error, "more than one YAML document in a file";
    YamlMergeKey = "yaml-merge-key", Error, "a merge key (`<<`)";
    YamlTabIndent = "yaml-tab-indent", Error, "a tab used for indentation";
    YamlDeepNesting = "yaml-deep-nesting", Error, "flow collections nested too deeply";
    DuplicateKey = "duplicate-key", Error, "the same key twice in one mapping";
    ByteOrderMark = "byte-order-mark", Warning, "the file starts with a byte-order mark";
    CrlfLineEndings = "crlf-line-endings", Warning, "Windows (CRLF) line endings";
    Yaml12Ambiguous = "yaml12-ambiguous", Warning, "an unquoted value a YAML 1.2 reader reads as null, a boolean or a number";
    Yaml11Ambiguous = "yaml11-ambiguous", Warning, "an unquoted value a YAML 1.1 reader reads as something else";
    UnreadableFile = "unreadable-file", Error, "the file could not be read";
    // Schema
    UnknownField = "unknown-field", Error, "a field the record type does not have";
    MissingField = "missing-field", Error, "a required field is missing";
    WrongType = "wrong-type", Error, "a value of the wrong type";
    EmptyField = "empty-field", Error, "a required text field is empty";
    InvalidDate = "invalid-date", Error, "a date or timestamp that does not exist or is malformed";
    InvalidLocation = "invalid-location", Error, "a quote location that cannot be right";
    ScaleEmpty = "scale-empty", Error, "the desk's rating scale has no values";
    ScaleInvalidKey = "scale-invalid-key", Error, "a rating key that is not a valid id";
    ScaleDuplicateKey = "scale-duplicate-key", Error, "two ratings with the same key";
    ScaleDuplicateValue = "scale-duplicate-value", Error, "two ratings with the same numeric value";
    UnsoundPublishRules = "unsound-publish-rules", Error, "publish rules that defeat review";
    PublisherUrlReserved = "publisher-url-reserved", Warning, "the publisher URL is on a host reserved for examples or private networks";
    // Identity
    InvalidId = "invalid-id", Error, "an id that is not a valid id";
    InvalidFileName = "invalid-file-name", Error, "a record file name that is not `<valid id>.yaml`";
    IdMismatch = "id-mismatch", Error, "the id differs from the file name";
    DuplicateId = "duplicate-id", Error, "two records with the same id";
    CaseCollision = "case-collision", Error, "two file names that differ only in case";
    StrayFile = "stray-file", Warning, "a file in claims/ that is not a record";
    SymbolicLink = "symbolic-link", Error, "a desk file or folder that is a symbolic link";
    NonUtf8FileName = "non-utf8-file-name", Error, "a file name in claims/ or sources/ that is not UTF-8";
    StaleTemporaryFile = "stale-temporary-file", Warning, "a temporary file left by an interrupted write";
    // References
    UnknownSource = "unknown-source", Error, "a claim names a source the desk does not have";
    TranscriptMissing = "transcript-missing", Error, "a source's transcript file is missing";
    InvalidTranscriptPath = "invalid-transcript-path", Error, "a source's `file` leaves the sources folder";
    TemplateSyntax = "template-syntax", Error, "a template override in templates/ that does not parse";
    TranscriptChanged = "transcript-changed", Error, "a transcript no longer matches its recorded sha256";
    TranscriptUnreadable = "transcript-unreadable", Error, "a transcript that cannot be parsed";
    QuoteNotFound = "quote-not-found", Error, "a quote that does not occur in its transcript";
    QuoteMoved = "quote-moved", Error, "a quote that occurs, but not at its recorded place";
    SpeakerMismatch = "speaker-mismatch", Warning, "a claim's speaker is not who the transcript and its speaker map say spoke the quote";
    // Workflow
    HistoryEmpty = "history-empty", Error, "a claim without history";
    HistoryOutOfOrder = "history-out-of-order", Error, "history entries not in time order";
    StatusMismatch = "status-mismatch", Error, "the status differs from the history's last transition";
    HistoryIllegalStep = "history-illegal-step", Error, "a history entry the state machine does not allow from the state before it";
    RatingUnexplained = "rating-unexplained", Error, "a rating that no history entry set";
    ListUnexplained = "list-unexplained", Error, "reviews or corrections that do not mirror their history entries";
    ApprovalStale = "approval-stale", Warning, "an approval given to other content than the claim now has; it no longer counts";
    ApprovalUnbound = "approval-unbound", Warning, "an approval that records no digest of what it approved (legacy)";
    UnknownRating = "unknown-rating", Error, "a rating that is not on the desk's scale";
    MissingRating = "missing-rating", Error, "a claim in review or published without a rating";
    MissingSummary = "missing-summary", Error, "a claim in review or published without a summary";
    InsufficientEvidence = "insufficient-evidence", Error, "a published claim with fewer evidence items than the desk requires";
    PublishedWithoutReply = "published-without-reply", Error, "a published claim whose right of reply is not settled, on a desk that requires it";
    InsufficientApprovals = "insufficient-approvals", Error, "a published claim without the approvals the desk requires";
    SelfApproval = "self-approval", Error, "a published claim approved only by the person who rated it";
    UnknownEditor = "unknown-editor", Error, "an editor the desk's roster does not list, or not spelled as its handle";
    RosterInvalid = "roster-invalid", Error, "a roster that cannot tell editors apart, or `identity: git` without one";
    EditorNotAuthor = "editor-not-author", Error, "with `identity: git`, a history entry added by a commit whose author is not that editor";
    CorrectionBeforePublication = "correction-before-publication", Error, "a correction on a claim that was not published";
    UpdateChangedRating = "update-changed-rating", Error, "a correction recorded as an update changed the rating";
    PublishedWithoutClaimreview = "published-without-claimreview", Warning, "a published check that no ClaimReview describes";
    ClaimTooLong = "claim-too-long", Error, "claim text longer than 75 characters";
    // Evidence and text
    InvalidLanguage = "invalid-language", Error, "a `language` that is not a BCP 47 language tag";
    BadUrl = "bad-url", Error, "a link that is not a safe, well-formed http(s) URL";
    DateInFuture = "date-in-future", Error, "a date or timestamp after today";
    AccessedBeforePublished = "accessed-before-published", Error, "evidence accessed before it was published";
    ControlCharacter = "control-character", Error, "a control character or terminal escape sequence in text";
    BidiControl = "bidi-control", Error, "a bidirectional embedding, override or isolate (Trojan Source)";
    TagCharacter = "tag-character", Error, "TAG characters (U+E0000–U+E007F) that spell hidden text";
    InvisibleCharacter = "invisible-character", Warning, "a zero-width or other invisible character";
    // History (`check --since REV`)
    HistoryRewritten = "history-rewritten", Error, "a history, review or correction entry was changed, moved or removed by a commit, or invented by a merge";
    PublishedClaimEdited = "published-claim-edited", Error, "a field of a published claim changed without the entry its rule asks for";
    PublishedClaimDeleted = "published-claim-deleted", Error, "a published claim was deleted or renamed";
    ClaimArrivedPublished = "claim-arrived-published", Error, "a claim file first committed already published";
    ClaimArrivedUnexplained = "claim-arrived-unexplained", Error, "a claim file first committed with a history that does not replay from `created`";
    IdReused = "id-reused", Error, "an id was given to a different claim";
    VersionUnreadable = "version-unreadable", Warning, "a claim version in the audited range that does not parse, so the step that made it is judged across it";
    TranscriptFrozen = "transcript-frozen", Error, "a transcript that published quotes stand on changed";
    SourceChangedAfterPublication = "source-changed-after-publication", Error, "the metadata of a source that published checks cite changed";
    SettingsLoosened = "settings-loosened", Error, "a publish rule in factdesk.yaml was loosened";
    RatingRedefined = "rating-redefined", Error, "a rating used by published checks was removed or changed its label or value";
    TranscriptChangedSilently = "transcript-changed-silently", Error, "a transcript changed without its metadata's sha256";
    SinceNotAncestor = "since-not-ancestor", Warning, "`--since REV` names a commit HEAD's history does not contain, so the audit starts at their merge-base";
    // Editing (`factdesk edit`)
    CommentInBody = "comment-in-body", Error, "a comment below the top of an edited record";
    EditForbiddenField = "edit-forbidden-field", Error, "an edit that changes a field only workflow commands may change";
    // Output
    MoreProblems = "more-problems", Error, "more problems in one file than are shown: the count of the rest";
}

impl Code {
    /// The code named `name`, if there is one (for reading caches back).
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Where the code is documented, relative to the repository root.
    pub fn doc_anchor(self) -> String {
        format!("docs/diagnostics.md#{}", self.name())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_kebab_case_and_summarised() {
        let mut seen = HashSet::new();
        for c in Code::ALL {
            let name = c.name();
            assert!(seen.insert(name), "{name} listed twice");
            assert!(
                !name.is_empty()
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--")
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name} is not kebab-case"
            );
            assert!(!c.summary().is_empty(), "{name} has no summary");
            assert_eq!(Code::from_name(name), Some(*c));
        }
    }

    /// The `### \`code\`` headings of docs/diagnostics.md.
    fn documented() -> Vec<String> {
        include_str!("../../docs/diagnostics.md")
            .lines()
            .filter_map(|l| l.strip_prefix("### `"))
            .filter_map(|l| l.strip_suffix('`'))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn docs_document_every_code_and_no_other() {
        let docs = documented();
        let names: HashSet<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        let missing: Vec<&str> = Code::ALL
            .iter()
            .map(|c| c.name())
            .filter(|n| !docs.iter().any(|d| d == n))
            .collect();
        let extra: Vec<&String> = docs
            .iter()
            .filter(|d| !names.contains(d.as_str()))
            .collect();
        assert!(missing.is_empty(), "docs/diagnostics.md lacks: {missing:?}");
        assert!(
            extra.is_empty(),
            "docs/diagnostics.md documents unknown codes: {extra:?}"
        );
        let mut seen = HashSet::new();
        let twice: Vec<&String> = docs.iter().filter(|d| !seen.insert(*d)).collect();
        assert!(twice.is_empty(), "documented twice: {twice:?}");
    }

    #[test]
    fn docs_give_each_code_its_severity() {
        let docs = include_str!("../../docs/diagnostics.md");
        for c in Code::ALL {
            let heading = format!("### `{}`\n\n", c.name());
            let Some(start) = docs.find(&heading) else {
                continue; // reported by docs_document_every_code_and_no_other
            };
            let first = docs[start + heading.len()..].lines().next().unwrap_or("");
            let sev = match c.severity() {
                Severity::Error => "**error** — ",
                Severity::Warning => "**warning** — ",
            };
            assert!(
                first.starts_with(sev),
                "docs/diagnostics.md: `{}` should open with `{sev}`, found `{first}`",
                c.name()
            );
        }
    }
}

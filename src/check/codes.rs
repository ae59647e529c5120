//! Every diagnostic code `factdesk check` can report, with its severity and
//! a one-line summary. Codes are stable: tools and CI scripts match on them,
//! and `docs/diagnostics.md` documents each one.

use crate::diag::{Diagnostic, Severity};
use std::path::Path;

use Severity::{Error, Warning};

/// (code, severity, summary) for every code, grouped as in the docs.
pub const CODES: &[(&str, Severity, &str)] = &[
    // YAML
    ("yaml-syntax", Error, "the file is not valid YAML"),
    (
        "record-too-large",
        Error,
        "the record is larger than the size bound",
    ),
    ("invalid-utf8", Error, "the file is not valid UTF-8"),
    ("empty-record", Error, "the file holds no record"),
    ("yaml-anchor", Error, "an anchor (`&name`) in a record"),
    ("yaml-alias", Error, "an alias (`*name`) in a record"),
    ("yaml-tag", Error, "a tag (`!tag`) in a record"),
    (
        "yaml-directive",
        Error,
        "a YAML directive (`%YAML`, `%TAG`)",
    ),
    (
        "yaml-multiple-documents",
        Error,
        "more than one YAML document in a file",
    ),
    ("yaml-merge-key", Error, "a merge key (`<<`)"),
    ("yaml-tab-indent", Error, "a tab used for indentation"),
    (
        "yaml-deep-nesting",
        Error,
        "flow collections nested too deeply",
    ),
    ("duplicate-key", Error, "the same key twice in one mapping"),
    (
        "byte-order-mark",
        Warning,
        "the file starts with a byte-order mark",
    ),
    ("crlf-line-endings", Warning, "Windows (CRLF) line endings"),
    (
        "yaml11-ambiguous",
        Warning,
        "an unquoted value a YAML 1.1 reader reads as something else",
    ),
    ("unreadable-file", Error, "the file could not be read"),
    // Schema
    (
        "unknown-field",
        Error,
        "a field the record type does not have",
    ),
    ("missing-field", Error, "a required field is missing"),
    ("wrong-type", Error, "a value of the wrong type"),
    ("empty-field", Error, "a required text field is empty"),
    (
        "invalid-date",
        Error,
        "a date or timestamp that does not exist or is malformed",
    ),
    (
        "invalid-location",
        Error,
        "a quote location that cannot be right",
    ),
    (
        "scale-empty",
        Error,
        "the desk's rating scale has no values",
    ),
    (
        "scale-invalid-key",
        Error,
        "a rating key that is not a valid id",
    ),
    (
        "scale-duplicate-key",
        Error,
        "two ratings with the same key",
    ),
    (
        "scale-duplicate-value",
        Error,
        "two ratings with the same numeric value",
    ),
    (
        "unsound-publish-rules",
        Error,
        "publish rules that defeat review",
    ),
    // Identity
    (
        "publisher-url-reserved",
        Warning,
        "the publisher URL is on a host reserved for examples or private networks",
    ),
    ("invalid-id", Error, "an id that is not a valid id"),
    (
        "invalid-file-name",
        Error,
        "a record file name that is not `<valid id>.yaml`",
    ),
    ("id-mismatch", Error, "the id differs from the file name"),
    ("duplicate-id", Error, "two records with the same id"),
    (
        "case-collision",
        Error,
        "two file names that differ only in case",
    ),
    (
        "stray-file",
        Warning,
        "a file in claims/ that is not a record",
    ),
    // References
    (
        "unknown-source",
        Error,
        "a claim names a source the desk does not have",
    ),
    (
        "transcript-missing",
        Error,
        "a source's transcript file is missing",
    ),
    (
        "invalid-transcript-path",
        Error,
        "a source's `file` leaves the sources folder",
    ),
    (
        "transcript-changed",
        Error,
        "a transcript no longer matches its recorded sha256",
    ),
    (
        "transcript-unreadable",
        Error,
        "a transcript that cannot be parsed",
    ),
    (
        "quote-not-found",
        Error,
        "a quote that does not occur in its transcript",
    ),
    (
        "quote-moved",
        Error,
        "a quote that occurs, but not at its recorded place",
    ),
    // Workflow
    ("history-empty", Error, "a claim without history"),
    (
        "history-out-of-order",
        Error,
        "history entries not in time order",
    ),
    (
        "status-mismatch",
        Error,
        "the status differs from the history's last transition",
    ),
    (
        "history-illegal-step",
        Error,
        "a history entry the state machine does not allow from the state before it",
    ),
    (
        "rating-unexplained",
        Error,
        "a rating that no history entry set",
    ),
    (
        "list-unexplained",
        Error,
        "reviews or corrections that do not mirror their history entries",
    ),
    (
        "unknown-rating",
        Error,
        "a rating that is not on the desk's scale",
    ),
    (
        "missing-rating",
        Error,
        "a claim in review or published without a rating",
    ),
    (
        "missing-summary",
        Error,
        "a claim in review or published without a summary",
    ),
    (
        "insufficient-evidence",
        Error,
        "a published claim with fewer evidence items than the desk requires",
    ),
    (
        "published-without-reply",
        Error,
        "a published claim whose right of reply is not settled, on a desk that requires it",
    ),
    (
        "insufficient-approvals",
        Error,
        "a published claim without the approvals the desk requires",
    ),
    (
        "self-approval",
        Error,
        "a published claim approved only by the person who rated it",
    ),
    (
        "correction-before-publication",
        Error,
        "a correction on a claim that was not published",
    ),
    (
        "published-without-claimreview",
        Warning,
        "a published check that no ClaimReview describes",
    ),
    (
        "claim-too-long",
        Error,
        "claim text longer than 75 characters",
    ),
    // Evidence and text
    (
        "bad-url",
        Error,
        "a link that is not a safe, well-formed http(s) URL",
    ),
    ("date-in-future", Error, "a date or timestamp after today"),
    (
        "accessed-before-published",
        Error,
        "evidence accessed before it was published",
    ),
    (
        "control-character",
        Error,
        "a control character or terminal escape sequence in text",
    ),
    (
        "bidi-control",
        Error,
        "a bidirectional override or isolate (Trojan Source)",
    ),
    (
        "invisible-character",
        Warning,
        "a zero-width or other invisible character",
    ),
    // History (`check --since REV`)
    (
        "history-rewritten",
        Error,
        "a history, review or correction entry was changed, moved or removed by a commit, or invented by a merge",
    ),
    (
        "published-claim-edited",
        Error,
        "a field of a published claim changed without the entry its rule asks for",
    ),
    (
        "published-claim-deleted",
        Error,
        "a published claim was deleted or renamed",
    ),
    (
        "claim-arrived-published",
        Error,
        "a claim file first committed already published",
    ),
    (
        "claim-arrived-unexplained",
        Error,
        "a claim file first committed with a history that does not replay from `created`",
    ),
    ("id-reused", Error, "an id was given to a different claim"),
    (
        "transcript-changed-silently",
        Error,
        "a transcript changed without its metadata's sha256",
    ),
];

/// The severity of `code`; codes not in the table are errors.
pub fn severity(code: &str) -> Severity {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(Error, |(_, s, _)| *s)
}

/// A diagnostic with `code`'s severity.
pub fn diag(code: &'static str, file: &Path, message: impl Into<String>) -> Diagnostic {
    let mut d = Diagnostic::error(code, file, message);
    d.severity = severity(code);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for (code, _, summary) in CODES {
            assert!(seen.insert(*code), "{code} listed twice");
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{code} is not kebab-case"
            );
            assert!(!summary.is_empty());
        }
    }

    #[test]
    fn every_code_is_documented() {
        let docs = include_str!("../../docs/diagnostics.md");
        for (code, _, _) in CODES {
            assert!(
                docs.contains(&format!("### `{code}`")),
                "docs/diagnostics.md has no `### `{code}`` entry"
            );
        }
    }

    #[test]
    fn store_codes_are_listed() {
        for k in [
            crate::store::scan::Construct::Anchor,
            crate::store::scan::Construct::Alias,
            crate::store::scan::Construct::Tag,
            crate::store::scan::Construct::Directive,
            crate::store::scan::Construct::SecondDocument,
            crate::store::scan::Construct::MergeKey,
            crate::store::scan::Construct::TabIndent,
            crate::store::scan::Construct::DeepNesting,
        ] {
            assert!(CODES.iter().any(|(c, _, _)| *c == k.code()), "{}", k.code());
        }
    }
}

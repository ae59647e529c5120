//! JSON Schemas (draft-07) of the desk's files, for editors running
//! yaml-language-server: completion and inline errors while typing a record.
//! Generated from the same rules the store enforces.

use crate::model::claim::{Action, CorrectionKind, Decision, Priority, Stance, Status};
use crate::model::{DeskConfig, RatingScale, SpeakerRole, TranscriptFormat};
use serde_json::{json, Value};

const ID_PATTERN: &str = "^[a-z0-9](?:[a-z0-9]|-(?!-)){0,62}[a-z0-9]$|^[a-z0-9]$";
const DATE_PATTERN: &str = "^\\d{4}-\\d{2}-\\d{2}$";
const TIME_PATTERN: &str = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";
const URL_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/@]+(?:[/?#]\\S*)?$";

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    Claim,
    Source,
    Desk,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 3] = [SchemaKind::Claim, SchemaKind::Source, SchemaKind::Desk];

    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Claim => "claim",
            SchemaKind::Source => "source",
            SchemaKind::Desk => "desk",
        }
    }

    /// The files of a desk this schema applies to (globs, relative to the
    /// root). Claims include the draft `factdesk edit` opens, so the editor
    /// completes and checks it as it does the record.
    pub fn globs(self) -> Vec<String> {
        match self {
            SchemaKind::Claim => vec![
                format!("{}/*.yaml", crate::store::CLAIMS_DIR),
                format!("{}/*.yaml", crate::store::EDIT_DIR),
            ],
            SchemaKind::Source => vec![format!("{}/*.yaml", crate::store::SOURCES_DIR)],
            SchemaKind::Desk => vec![crate::store::CONFIG_FILE.to_string()],
        }
    }
}

fn string(description: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "description": description })
}

fn pattern(p: &str, description: &str) -> Value {
    json!({ "type": "string", "pattern": p, "description": description })
}

fn object(description: &str, required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

/// The schema of `kind`; a desk's rating scale narrows `rating` to its keys.
pub fn schema(kind: SchemaKind, desk: Option<&DeskConfig>) -> Value {
    let mut body = match kind {
        SchemaKind::Claim => claim(desk.map(|d| &d.rating_scale)),
        SchemaKind::Source => source(),
        SchemaKind::Desk => desk_settings(),
    };
    let extra = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": format!("factdesk {} record", kind.name()),
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
    body
}

fn claim(scale: Option<&RatingScale>) -> Value {
    let rating = match scale {
        Some(s) => {
            json!({ "type": "string", "enum": s.keys(), "description": "A rating key of the desk's scale" })
        }
        None => pattern(ID_PATTERN, "A rating key of the desk's scale"),
    };
    let status = json!({ "type": "string", "enum": Status::NAMES });
    let evidence = object(
        "A document the verdict rests on",
        &["url", "title", "publisher", "accessed", "stance"],
        json!({
            "url": pattern(URL_PATTERN, "http or https, no credentials"),
            "title": string("The document's title"),
            "publisher": string("Who published it"),
            "published": pattern(DATE_PATTERN, "YYYY-MM-DD"),
            "accessed": pattern(DATE_PATTERN, "YYYY-MM-DD, not before published, not in the future"),
            "archive": pattern(URL_PATTERN, "An archived copy"),
            "stance": { "type": "string", "enum": Stance::NAMES },
            "note": string("What in the document matters"),
        }),
    );
    let review = object(
        "A reviewer's decision",
        &["by", "at", "decision"],
        json!({
            "by": string("The reviewer"),
            "at": pattern(TIME_PATTERN, "UTC time"),
            "decision": { "type": "string", "enum": Decision::NAMES },
            "note": string("What the reviewer said"),
            "digest": { "type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of the quote, claim, rating, summary and evidence the approval binds" },
        }),
    );
    let correction = object(
        "A public correction",
        &["at", "by", "note"],
        json!({
            "at": pattern(TIME_PATTERN, "UTC time"),
            "by": string("Who corrected"),
            "kind": { "type": "string", "enum": CorrectionKind::NAMES, "description": "correction (the verdict or a fact was wrong; the default) or update (new information, the verdict stands)" },
            "note": string("The public correction note"),
            "previous_rating": pattern(ID_PATTERN, "The rating before the correction"),
            "previous_summary": string("The summary before the correction"),
        }),
    );
    let history = object(
        "One append-only history entry",
        &["at", "by", "action"],
        json!({
            "at": pattern(TIME_PATTERN, "UTC time"),
            "by": string("Who acted"),
            "action": { "type": "string", "enum": Action::NAMES },
            "from": status.clone(),
            "to": status.clone(),
            "rating": pattern(ID_PATTERN, "The rating this step set"),
            "note": string("A note"),
        }),
    );
    object(
        "A claim record (claims/<id>.yaml)",
        &[
            "id", "claim", "quote", "speaker", "source", "location", "status", "history",
        ],
        json!({
            "id": pattern(ID_PATTERN, "Equals the file name; never changes"),
            "claim": { "type": "string", "minLength": 1, "maxLength": 75, "description": "The claim in neutral words, without the rating" },
            "quote": string("Verbatim from the transcript"),
            "speaker": string("Who said it"),
            "source": pattern(ID_PATTERN, "The source id"),
            "location": object("Where the quote starts", &["line"], json!({
                "line": { "type": "integer", "minimum": 1 },
                "start": pattern("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3}$", "Cue start, subtitles only"),
                "end": pattern("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3}$", "Cue end, subtitles only"),
            })),
            "said_on": pattern(DATE_PATTERN, "YYYY-MM-DD"),
            "tags": { "type": "array", "items": pattern(ID_PATTERN, "A tag") },
            "status": status,
            "assignee": string("Who researches it"),
            "priority": { "type": "string", "enum": Priority::NAMES },
            "due": pattern(DATE_PATTERN, "When the check is due, YYYY-MM-DD"),
            "rating": rating,
            "summary": string("The verdict explained for readers"),
            "notes": string("Research notes"),
            "triage": object("How factdesk extract ranked it", &["score", "model"], json!({
                "score": { "type": "number", "minimum": 0, "maximum": 1 },
                "model": string("Model version"),
            })),
            "reply": object("The right of reply", &["contacted", "via", "asked_on", "deadline"], json!({
                "contacted": string("Who was contacted"),
                "via": string("The channel"),
                "asked_on": pattern(DATE_PATTERN, "When they were contacted"),
                "deadline": pattern(DATE_PATTERN, "The last day an answer is waited for"),
                "answer": string("Their answer"),
                "answered_on": pattern(DATE_PATTERN, "When they answered"),
                "no_reply": { "type": "boolean", "description": "No answer came by the deadline" },
            })),
            "evidence": { "type": "array", "items": evidence },
            "reviews": { "type": "array", "items": review },
            "corrections": { "type": "array", "items": correction },
            "history": { "type": "array", "minItems": 1, "items": history },
        }),
    )
}

fn source() -> Value {
    object(
        "A transcript's metadata (sources/<id>.yaml)",
        &["id", "title", "outlet", "format", "file", "sha256"],
        json!({
            "id": pattern(ID_PATTERN, "The source id"),
            "title": string("Title"),
            "outlet": string("Where it appeared"),
            "url": pattern(URL_PATTERN, "Where readers find it"),
            "published": pattern(DATE_PATTERN, "YYYY-MM-DD"),
            "format": { "type": "string", "enum": TranscriptFormat::NAMES },
            "file": string("The transcript file beside this record"),
            "sha256": pattern("^[0-9a-f]{64}$", "SHA-256 of the transcript"),
            "speakers": { "type": "array", "items": { "oneOf": [
                string("A person speaking"),
                object("A transcript label mapped to a person", &["label", "name"], json!({
                    "label": string("The label as the transcript writes it"),
                    "name": string("The person it names"),
                    "role": { "type": "string", "enum": SpeakerRole::NAMES },
                })),
            ] } },
            "interviewer": string("Asks the questions"),
            "narrator": string("Wrote the framing paragraphs"),
            "extracted_from": object("The file the text was extracted from", &["file", "sha256"], json!({
                "file": string("The original file's name"),
                "sha256": pattern("^[0-9a-f]{64}$", "SHA-256 of the original file"),
            })),
            "language": pattern(crate::model::desk::LANGUAGE_PATTERN, "The transcript's language (BCP 47), when not the desk's"),
        }),
    )
}

fn desk_settings() -> Value {
    object(
        "Desk settings (factdesk.yaml)",
        &["name", "publisher", "rating_scale"],
        json!({
            "name": string("The desk's name"),
            "publisher": object("The publishing organisation", &["name", "url"], json!({
                "name": string("ClaimReview author"),
                "url": pattern(URL_PATTERN, "The site checks are published on"),
            })),
            "rating_scale": { "type": "array", "minItems": 1, "items": object("A verdict", &["key", "label", "value", "description"], json!({
                "key": pattern(ID_PATTERN, "Rating key"),
                "label": string("Label shown to readers"),
                "value": { "type": "integer", "description": "ClaimReview ratingValue; higher is more accurate" },
                "description": string("What the verdict means"),
            })) },
            "publish": object("Publish rules", &[], json!({
                "min_evidence": { "type": "integer", "minimum": 0 },
                "approvals": { "type": "integer", "minimum": 0 },
                "rater_may_approve": { "type": "boolean" },
                "right_of_reply": { "type": "boolean", "description": "Publishing needs the right of reply settled" },
            })),
            "language": pattern(crate::model::desk::LANGUAGE_PATTERN, "The desk's language (BCP 47), default en"),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_schema_lists_the_desk_scale() {
        let d = DeskConfig::new("x", RatingScale::truth_o_meter());
        let s = schema(SchemaKind::Claim, Some(&d));
        assert_eq!(s["properties"]["rating"]["enum"][5], "pants-on-fire");
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["additionalProperties"], false);
    }
}

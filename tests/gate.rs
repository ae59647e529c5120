//! Property: no step writes a record that `check` rejects. Random sequences
//! of steps (claim add, note, evidence, assign, reply, rate, submit, review
//! with either decision, publish, correct, discard, tag, a hand edit through
//! `edit`'s validator, source add) by random editors, with random hostile
//! text (control characters, escapes, bidi overrides, TAG characters,
//! zero-width characters, an escaped lone surrogate, YAML-significant text
//! such as `: `, `#`, `- `, `!!`, `*a`, `&a`, `---`, yes/no/on, dates and
//! numbers, leading spaces, tabs, CRLF, very long lines) and dates on both
//! sides of today, go through the library functions the CLI calls; after
//! each one the desk passes `check`, and a refused step left the desk's
//! bytes as they were. `tests/gate_cli.rs` runs a smaller version through
//! the real binary on a git desk.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use factdesk::check::{check_desk, Options};
use factdesk::diag::Severity;
use factdesk::edit::{validate, Edited};
use factdesk::model::workflow::{PublishFacts, Step};
use factdesk::model::{
    ClaimId, CorrectionKind, Decision, DeskConfig, Evidence, Priority, RatingScale, Stance,
    TranscriptFormat,
};
use factdesk::steps::{add_claim, add_source, apply_step, new_source, NewClaim};
use factdesk::store::Desk;
use proptest::prelude::*;
use std::path::Path;
use tempfile::TempDir;

const TRANSCRIPT: &str = "Le Point: What can North Korea hope to seek from Russia?\n\
Antoine Bondaz: North Korea doesn’t have much to offer. Its defense industry is not export-oriented.\n\
Le Point: And China?\n\
Antoine Bondaz: In February, everyone explained that China was going to deliver weapons to Russia. There was none.\n";

const QUOTES: [&str; 3] = [
    "North Korea doesn’t have much to offer.",
    "Its defense industry is not export-oriented.",
    "There was none.",
];

/// Pieces of hostile text: what terminals, YAML readers and diff viewers
/// take for something else.
pub(crate) const PIECES: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}]8;;https://evil.example/\u{7}",
    "\u{7}",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{8}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{202E}",
    "\u{2066}",
    "\u{200F}",
    "\u{061C}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{A0}",
    "\u{E0041}",
    "\u{E007F}",
    "\u{2028}",
    "\u{2029}",
    "\u{FFFD}",
    "\\ud800",
    "\\x1b",
    "\t",
    "\n",
    "   ",
    "no",
    "yes",
    "on",
    "Off",
    "NULL",
    "~",
    "2023-09-14",
    "2023-09-14T10:00:00Z",
    "1:20",
    "0x1F",
    "1e3",
    "-12",
    ".inf",
    "&a",
    "*b",
    "!t",
    "!!str",
    "!!binary",
    "<<: *a",
    "#c",
    " #c",
    ": ",
    "- ",
    "? ",
    "---",
    "...",
    "%YAML 1.1",
    "| ",
    ">- ",
    "{a: b}",
    "[x, y]",
    "@ana",
    "`",
    "\"",
    "'",
    "\\",
    "…",
    "TODO",
    "Ana",
    "ana",
    "é",
    "🇫🇷",
];
pub(crate) fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        10 => "[a-zA-Z ,.'-]{1,12}",
        3 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => (1usize..3).prop_map(|n| "very long line of words ".repeat(n * 60)),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|v| v.concat())
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (-400i64..60).prop_map(|d| today() + Duration::days(d))
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 10, 2, 9, 30, 0).unwrap()
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://www.sipri.org/databases/armstransfers".to_string()),
        Just("http://un.org/securitycouncil/sanctions/1718".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("https://user:pw@example.net/x".to_string()),
        hostile().prop_map(|t| format!("https://www.reuters.com/{t}")),
    ]
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        (url(), prop::option::of(url())),
        hostile(),
        hostile(),
        day(),
        prop::option::of(day()),
        prop::option::of(hostile()),
        prop::sample::select(Stance::ALL),
    )
        .prop_map(
            |((url, archive), title, publisher, accessed, published, note, stance)| Evidence {
                url,
                title,
                publisher,
                published,
                accessed,
                archive,
                stance,
                note,
            },
        )
}

fn rating() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["accurate", "misleading", "false"]).prop_map(str::to_string),
        1 => hostile(),
    ]
}

fn tags() -> impl Strategy<Value = Vec<String>> {
    let tag = prop_oneof![
        prop::sample::select(vec!["sanctions", "north-korea", "arms", "2023", "yes"])
            .prop_map(str::to_string),
        hostile(),
    ];
    prop::collection::vec(tag, 0..3)
}

fn correct() -> impl Strategy<Value = Step> {
    (
        hostile(),
        prop::option::weighted(0.3, rating()),
        prop::option::weighted(0.3, hostile()),
        prop::option::weighted(0.2, hostile()),
        prop::sample::select(CorrectionKind::ALL),
    )
        .prop_map(|(note, rating, summary, speaker, kind)| Step::Correct {
            note,
            rating,
            summary,
            speaker,
            kind,
        })
}

fn workflow_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        hostile().prop_map(|text| Step::Note { text }),
        Just(Step::StartResearch),
        evidence().prop_map(Step::AddEvidence),
        (
            hostile(),
            prop::option::of(day()),
            prop::option::of(prop::sample::select(Priority::ALL))
        )
            .prop_map(|(to, due, priority)| Step::Assign { to, due, priority }),
        (rating(), hostile()).prop_map(|(rating, summary)| Step::Rate { rating, summary }),
        Just(Step::Submit),
        (
            prop::sample::select(Decision::ALL),
            prop::option::of(hostile())
        )
            .prop_map(|(d, note)| Step::Review { decision: d, note }),
        any::<bool>().prop_map(|no_claimreview| Step::Publish(PublishFacts {
            no_claimreview,
            ..PublishFacts::default()
        })),
        (hostile(), hostile(), day()).prop_map(|(contacted, via, deadline)| {
            Step::RequestReply {
                contacted,
                via,
                deadline,
            }
        }),
        hostile().prop_map(|answer| Step::RecordReply { answer }),
        Just(Step::NoReply),
        correct(),
        hostile().prop_map(|reason| Step::Discard { reason }),
        (tags(), tags()).prop_map(|(add, remove)| Step::Tag { add, remove }),
    ]
}

/// A hand edit: the top-level line `key: …` set to `raw`, typed as is (no
/// quoting: what a person types in their editor), or added when missing.
#[derive(Debug, Clone)]
struct HandEdit {
    key: &'static str,
    raw: String,
}

impl HandEdit {
    fn apply(&self, text: &str) -> String {
        let line = format!("{}: {}\n", self.key, self.raw);
        let prefix = format!("{}:", self.key);
        let mut out = String::new();
        let mut done = false;
        for l in text.split_inclusive('\n') {
            if !done && l.starts_with(&prefix) {
                out.push_str(&line);
                done = true;
            } else {
                out.push_str(l);
            }
        }
        if !done {
            out.push_str(&line);
        }
        out
    }
}

#[derive(Debug, Clone)]
enum Act {
    Step(Step),
    Edit(HandEdit),
}

fn act() -> impl Strategy<Value = Act> {
    let key = prop::sample::select(vec![
        "claim", "notes", "summary", "speaker", "said_on", "tags", "due", "assignee", "priority",
        "rating", "quote",
    ]);
    let raw = prop_oneof![
        hostile(),
        hostile().prop_map(|t| format!("{t:?}")),
        day().prop_map(|d| d.to_string()),
        hostile().prop_map(|t| format!("|\n  {t}")),
    ];
    prop_oneof![
        6 => workflow_step().prop_map(Act::Step),
        1 => (key, raw).prop_map(|(key, raw)| Act::Edit(HandEdit { key, raw })),
    ]
}

fn actor() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["ana", "jo", "max"]).prop_map(str::to_string),
        1 => hostile(),
    ]
}

fn desk() -> (TempDir, Desk) {
    let dir = TempDir::new().unwrap();
    let mut config = DeskConfig::new("Gate desk", RatingScale::default_scale());
    config.publisher.url = "https://checks.lepoint.fr/".into();
    Desk::init(dir.path(), &config).unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let mut source = new_source(
        "lepoint-bondaz".into(),
        "Interview with Antoine Bondaz".into(),
        "Le Point".into(),
        TranscriptFormat::Text,
    );
    source.published = NaiveDate::from_ymd_opt(2023, 9, 14);
    source.url = Some("https://www.lepoint.fr/monde/bondaz".into());
    desk.add_source(TRANSCRIPT.as_bytes(), source).unwrap();
    (dir, desk)
}

/// Check's errors on the desk, as "place code: message" lines.
fn check_errors(root: &Path) -> Vec<String> {
    let opts = Options {
        today: today(),
        files: None,
        cache: false,
    };
    check_desk(root, &opts, &|_, _| {})
        .unwrap()
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}: {}", d.location(), d.code, d.message))
        .collect()
}

/// Every file of the desk (relative path and bytes), hidden state excluded.
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["claims", "sources"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            out.push((
                p.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

/// The steps that take a new claim to published, by ana and jo.
fn happy_path() -> Vec<(String, Act)> {
    let evidence = Evidence {
        url: "https://www.sipri.org/databases/armstransfers".into(),
        title: "SIPRI Arms Transfers Database".into(),
        publisher: "SIPRI".into(),
        published: None,
        accessed: NaiveDate::from_ymd_opt(2023, 9, 20).unwrap(),
        archive: None,
        stance: Stance::Supports,
        note: None,
    };
    let steps = [
        ("ana", Step::StartResearch),
        ("ana", Step::AddEvidence(evidence)),
        (
            "ana",
            Step::Rate {
                rating: "accurate".into(),
                summary: "SIPRI records no North Korean arms exports.".into(),
            },
        ),
        ("ana", Step::Submit),
        (
            "jo",
            Step::Review {
                decision: Decision::Approved,
                note: None,
            },
        ),
        (
            "jo",
            Step::Publish(PublishFacts {
                no_claimreview: true,
                ..PublishFacts::default()
            }),
        ),
    ];
    steps
        .into_iter()
        .map(|(who, s)| (who.to_string(), Act::Step(s)))
        .collect()
}

/// Runs the hand edit through `edit`'s validator and writes what it
/// accepts, as `factdesk edit` does; `Err` when it refused.
fn hand_edit(
    desk: &Desk,
    id: &ClaimId,
    edit: &HandEdit,
    who: &str,
    at: DateTime<Utc>,
) -> Result<(), String> {
    let original_text = desk.claim_text(id).unwrap();
    let original = desk.read_claim(id).unwrap();
    let text = edit.apply(&original_text);
    let shown = Desk::claim_rel(id.as_str());
    match validate(desk, &original, &text, &shown, who, at) {
        Edited::Unchanged => Ok(()),
        Edited::Invalid(problems) => Err(format!("{} problems", problems.len())),
        Edited::Valid { claim, header } => {
            match desk.replace_claim_if_unchanged(&claim, &original_text, &header) {
                Ok(true) => Ok(()),
                other => Err(format!("{other:?}")),
            }
        }
    }
}

/// 48 cases by default (seconds); `PROPTEST_CASES=2000` for a long soak.
pub(crate) fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn no_step_writes_a_record_check_rejects(
        quote in 0usize..3,
        claim_text in prop::option::of(hostile()),
        speaker in prop::option::of(hostile()),
        tags in tags(),
        said_on in prop::option::of(day()),
        start in prop::sample::select(vec![0usize, 1, 2, 3, 4, 4, 5, 6, 6, 6]),
        acts in prop::collection::vec((actor(), act()), 1..12),
    ) {
        let (dir, desk) = desk();
        let new = NewClaim {
            source: "lepoint-bondaz".into(),
            quote: QUOTES[quote].into(),
            claim: claim_text,
            speaker,
            tags,
            said_on,
            ..NewClaim::default()
        };
        let id: ClaimId = match add_claim(&desk, new, "ana", now()) {
            Ok(c) => c.id,
            Err(_) => {
                prop_assert!(std::fs::read_dir(dir.path().join("claims")).unwrap().next().is_none());
                let plain = NewClaim {
                    source: "lepoint-bondaz".into(),
                    quote: QUOTES[quote].into(),
                    ..NewClaim::default()
                };
                add_claim(&desk, plain, "ana", now()).unwrap().id
            }
        };
        let errors = check_errors(dir.path());
        prop_assert!(errors.is_empty(), "after claim add: {errors:#?}");
        // Random steps from any point of the workflow, published included.
        let path = happy_path().into_iter().take(start);
        let acts: Vec<(String, Act)> = path.chain(acts).collect();
        for (i, (who, act)) in acts.into_iter().enumerate() {
            let before = files(dir.path());
            let at = now() + Duration::minutes(i as i64 + 1);
            let (name, result) = match act {
                Act::Step(step) => {
                    let name = step.name().to_string();
                    let r = apply_step(&desk, &id, step, &who, || at);
                    (name, r.map(|_| ()).map_err(|e| e.to_string()))
                }
                Act::Edit(edit) => (format!("edit {edit:?}"), hand_edit(&desk, &id, &edit, &who, at)),
            };
            if result.is_err() {
                prop_assert!(before == files(dir.path()), "refused {} changed the desk", name);
            }
            let errors = check_errors(dir.path());
            prop_assert!(errors.is_empty(), "after {} by {:?} ({:?}):\n{}\n{:#?}", name, who, result.err(), std::fs::read_to_string(dir.path().join(Desk::claim_rel(id.as_str()))).unwrap(), errors);
        }
    }

    #[test]
    fn no_source_add_writes_a_record_check_rejects(
        title in hostile(),
        outlet in hostile(),
        speaker in prop::option::of(hostile()),
        interviewer in prop::option::of(hostile()),
        url in prop::option::of(url()),
        published in prop::option::of(day()),
        line in hostile(),
    ) {
        let (dir, desk) = desk();
        let mut source = new_source("itv".into(), title, outlet, TranscriptFormat::Text);
        source.url = url;
        source.published = published;
        source.interviewer = interviewer;
        if let Some(s) = speaker {
            source.speakers = vec![factdesk::model::SpeakerEntry::Name(s)];
        }
        let transcript = format!("{}\nAntoine Bondaz: {line}\n", TRANSCRIPT.lines().next().unwrap());
        let before = files(dir.path());
        let result = add_source(&desk, transcript.as_bytes(), source, today());
        if result.is_err() {
            prop_assert!(before == files(dir.path()), "refused source add changed the desk");
        }
        let errors = check_errors(dir.path());
        prop_assert!(errors.is_empty(), "after source add ({:?}): {errors:#?}", result.err().map(|e| e.to_string()));
    }
}

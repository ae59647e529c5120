//! Property: no step writes a record that `check` rejects. Random sequences
//! of steps (claim add, note, evidence, assign, reply, rate, submit, review,
//! publish, correct, discard) by random editors, with random hostile text
//! (control characters, escapes, bidi overrides, TAG characters, zero-width
//! characters, YAML look-alikes) and dates on both sides of today, go
//! through the library; after each one the desk passes `check`, and a
//! refused step left the record's bytes as they were.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use factdesk::check::{check_desk, Options};
use factdesk::diag::Severity;
use factdesk::model::workflow::{PublishFacts, Step};
use factdesk::model::{
    ClaimId, CorrectionKind, DeskConfig, Evidence, Priority, RatingScale, Stance, TranscriptFormat,
};
use factdesk::steps::{add_claim, apply_step, new_source, NewClaim};
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

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z ,.'-]{1,12}",
        prop::sample::select(vec![
            "\u{1b}[31m",
            "\u{7}",
            "\u{0}",
            "\r",
            "\u{8}",
            "\u{7f}",
            "\u{9b}",
            "\u{202E}",
            "\u{2066}",
            "\u{200F}",
            "\u{061C}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{E0041}",
            "\u{E007F}",
            "\u{2028}",
            "\t",
            "\n",
            "no",
            "~",
            "2023-09-14",
            "1:20",
            "&a",
            "*b",
            "!t",
            "#c",
            ": ",
            "- ",
            "\"",
            "'",
            "…",
            "TODO",
            "Ana",
            "ana",
            "é",
            "🇫🇷",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 1..4).prop_map(|v| v.concat())
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
        url(),
        hostile(),
        hostile(),
        day(),
        prop::option::of(day()),
        prop::option::of(hostile()),
    )
        .prop_map(
            |(url, title, publisher, accessed, published, note)| Evidence {
                url,
                title,
                publisher,
                published,
                accessed,
                archive: None,
                stance: Stance::Supports,
                note,
            },
        )
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        hostile().prop_map(|text| Step::Note { text }),
        Just(Step::StartResearch),
        evidence().prop_map(Step::AddEvidence),
        (hostile(), prop::option::of(day())).prop_map(|(to, due)| Step::Assign {
            to,
            due,
            priority: Some(Priority::High),
        }),
        (
            prop::sample::select(vec!["accurate", "misleading", "false"]),
            hostile()
        )
            .prop_map(|(r, summary)| Step::Rate {
                rating: r.to_string(),
                summary,
            }),
        Just(Step::Submit),
        prop::option::of(hostile()).prop_map(|note| Step::Review {
            decision: factdesk::model::Decision::Approved,
            note,
        }),
        Just(Step::Publish(PublishFacts {
            no_claimreview: true,
            ..PublishFacts::default()
        })),
        (hostile(), day()).prop_map(|(contacted, deadline)| Step::RequestReply {
            contacted,
            via: "email".into(),
            deadline,
        }),
        hostile().prop_map(|answer| Step::RecordReply { answer }),
        (hostile(), any::<bool>()).prop_map(|(note, update)| Step::Correct {
            note,
            rating: None,
            summary: None,
            speaker: None,
            kind: if update {
                CorrectionKind::Update
            } else {
                CorrectionKind::Correction
            },
        }),
        hostile().prop_map(|reason| Step::Discard { reason }),
    ]
}

fn actor() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["ana", "jo", "max"]).prop_map(str::to_string),
        hostile(),
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

/// Check's errors on the desk, as "code: message" lines.
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn no_step_writes_a_record_check_rejects(
        quote in 0usize..3,
        claim_text in prop::option::of(hostile()),
        speaker in prop::option::of(hostile()),
        steps in prop::collection::vec((actor(), step()), 1..10),
    ) {
        let (dir, desk) = desk();
        let new = NewClaim {
            source: "lepoint-bondaz".into(),
            quote: QUOTES[quote].into(),
            claim: claim_text,
            speaker,
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
        let file = dir.path().join(Desk::claim_rel(id.as_str()));
        for (i, (who, step)) in steps.into_iter().enumerate() {
            let before = std::fs::read(&file).unwrap();
            let name = step.name();
            let at = now() + Duration::minutes(i as i64 + 1);
            let result = apply_step(&desk, &id, step, &who, || at);
            if result.is_err() {
                prop_assert_eq!(&before, &std::fs::read(&file).unwrap(), "refused {} changed the file", name);
            }
            let errors = check_errors(dir.path());
            prop_assert!(errors.is_empty(), "after {} by {:?} ({:?}): {:#?}", name, who, result.err().map(|e| e.to_string()), errors);
        }
    }
}

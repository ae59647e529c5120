//! Property: writing a claim in canonical form and reading it back gives the
//! same claim, whatever its strings hold; and the canonical form is a fixed
//! point of `factdesk fmt`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use factdesk::check::canonical::canonical;
use factdesk::model::{
    Action, Claim, ClaimId, Correction, Decision, Evidence, HistoryEntry, Location, Priority,
    Review, RightOfReply, Stance, Status, Triage,
};
use factdesk::store::yaml::{parse_record, to_canonical};
use proptest::prelude::*;
use std::path::Path;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        prop::sample::select(vec![
            "no",
            "on",
            "Yes",
            "off",
            "~",
            "null",
            "2023-09-14",
            "12:30",
            "0x1F",
            "1e5",
            "- dash",
            "#hash",
            "a: b",
            "trailing:",
            " lead",
            "tail ",
            "\"q\"",
            "'s'",
            "",
            "1_000",
            ".5",
            "+1",
            "-1",
            "[x]",
            "{x}",
            "&a",
            "*b",
            "!t",
            "%p",
            "@a",
            "`b",
            "|",
            ">",
            "---",
            "...",
            "a #b",
            "\u{202E}x",
            "z\u{200B}w",
            "\u{1b}[31m",
            "\u{feff}",
            "line\nbreak\r\n",
        ])
        .prop_map(str::to_string),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_000_000_000).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        text(),
        text(),
        text(),
        prop::option::of(date()),
        date(),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(
            |(url, title, publisher, published, accessed, archive, note)| Evidence {
                url,
                title,
                publisher,
                published,
                accessed,
                archive,
                stance: Stance::Context,
                note,
            },
        )
}

fn history() -> impl Strategy<Value = HistoryEntry> {
    (
        time(),
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(|(at, by, rating, note)| HistoryEntry {
            at,
            by,
            action: Action::Edited,
            from: Some(Status::Researching),
            to: None,
            rating,
            note,
        })
}

prop_compose! {
    fn claim()(
        id in "[a-z0-9]{1,12}",
        strings in prop::collection::vec(text(), 9),
        tags in prop::collection::vec(text(), 0..4),
        said_on in prop::option::of(date()),
        line in 1u32..100_000,
        score in -1.0e6f64..1.0e6,
        evidence in prop::collection::vec(evidence(), 0..3),
        history in prop::collection::vec(history(), 0..3),
        at in time(),
    ) -> Claim {
        let s = |i: usize| strings[i].clone();
        Claim {
            id: ClaimId::new(id).unwrap(),
            claim: s(0),
            quote: s(1),
            speaker: s(2),
            source: s(3),
            location: Location { line, start: Some(s(4)), end: None },
            said_on,
            tags,
            status: Status::Researching,
            assignee: Some(s(5)),
            priority: Some(Priority::High),
            due: said_on,
            rating: Some(s(6)),
            summary: Some(s(7)),
            notes: Some(s(8)),
            triage: Some(Triage { score, model: s(0) }),
            reply: Some(RightOfReply {
                contacted: s(2),
                via: s(3),
                asked_on: at.date_naive(),
                deadline: at.date_naive(),
                answer: Some(s(8)),
                answered_on: said_on,
                no_reply: line % 2 == 0,
            }),
            evidence,
            reviews: vec![Review { by: s(2), at, decision: Decision::ChangesRequested, note: Some(s(8)), digest: None }],
            corrections: vec![Correction { at, by: s(5), kind: factdesk::model::CorrectionKind::Update, note: s(7), previous_rating: Some(s(6)), previous_summary: Some(s(3)), previous_speaker: None }],
            history,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn canonical_form_round_trips_every_value(c in claim()) {
        let text = to_canonical(&c).unwrap();
        let back = parse_record::<Claim>(&text, Path::new("claims/x.yaml"));
        prop_assert!(back.is_ok(), "{text}\n{:?}", back.err());
        prop_assert_eq!(back.unwrap().0, c, "{}", text);
    }

    #[test]
    fn fmt_is_a_fixed_point_of_the_canonical_form(c in claim()) {
        let text = to_canonical(&c).unwrap();
        let rel = format!("claims/{}.yaml", c.id.as_str());
        let again = canonical(text.as_bytes(), Path::new(&rel));
        prop_assert!(again.is_ok(), "{text}\n{:?}", again.err().map(|e| e.to_string()));
        prop_assert_eq!(again.unwrap(), text);
    }
}

const VALID: &str = include_str!("corpus/valid/claims/full-published-claim.yaml");

fn check_all(bytes: &[u8]) {
    use factdesk::check::record;
    let today = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let rel = Path::new("claims/full-published-claim.yaml");
    let _ = record::check_claim(bytes, rel, None, today);
    let _ = record::check_claim_thorough(bytes, rel, None, today);
    let _ = record::check_source(bytes, Path::new("sources/x.yaml"), today);
    let _ = record::check_config(bytes, Path::new("factdesk.yaml"));
    if let Ok(text) = canonical(bytes, rel) {
        assert_eq!(canonical(text.as_bytes(), rel).unwrap(), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A poor man's fuzzer (the real one is under fuzz/): a valid record
    /// with bytes spliced in anywhere never makes the loader panic.
    #[test]
    fn the_loader_never_panics_on_damaged_records(
        at in 0usize..VALID.len(),
        cut in 0usize..40,
        junk in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..12),
            prop::sample::select(vec![&b"&a "[..], b"*a", b"!!str ", b"\t", b"\n---\n", b"<<: ", b"[[[[", b"{", b"\"", b"'", b": ", b"- ", b"#", b"\xef\xbb\xbf", b"\r\n", b"\xe2\x80\xae", b"|\n", b">-\n", b"%YAML 1.1\n"]).prop_map(|b| b.to_vec()),
        ],
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        let end = (at + cut).min(bytes.len());
        bytes.splice(at..end, junk);
        check_all(&bytes);
    }

    #[test]
    fn the_loader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_all(&bytes);
    }
}

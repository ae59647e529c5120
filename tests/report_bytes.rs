//! Pins every byte `factdesk report` writes for a varied generated desk: a
//! paginated index, dozens of sources (plain text, subtitles, French,
//! Hebrew and Arabic), every status, corrections and updates, replies,
//! several evidence items. Every record's state is explained by its
//! history, so the desk passes `check` (a report refuses a desk that
//! `check` rejects). The desk is generated here at test time from a fixed
//! seed; the SHA-256 of each output file is compared with the digests
//! committed in the snapshot. A speed change that alters one byte of one
//! page fails here; a deliberate change of the pages updates the snapshot
//! in the same commit.

use crate::report_desk::{empty, report_files, FixtureDesk};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (64-bit LCG), so the desk never changes.
struct Seed(u64);

impl Seed {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const TOPICS: &[&str] = &[
    "unemployment",
    "wine exports",
    "rail investment",
    "hospital beds",
    "teacher pay",
    "coal imports",
    "housing starts",
    "the deficit",
    "grain shipments",
    "refugee arrivals",
];
const STATUSES: &[&str] = &[
    "published",
    "published",
    "published",
    "published",
    "in-review",
    "researching",
    "candidate",
    "discarded",
];
const RATINGS: &[&str] = &["accurate", "mixed", "inaccurate"];
const PEOPLE: &[&str] = &["ana", "jo", "li", "mehdi", "sofia"];
/// Who rate: never jo, who approves (four eyes).
const RATERS: &[&str] = &["ana", "li", "mehdi", "sofia"];
const HEBREW: &str = "התקציב לחינוך יגדל בעשרה אחוזים בשנה הבאה, כך אמר \u{200E}OECD\u{200E}";
const ARABIC: &str = "سنفتح \u{200F}ثلاثة\u{200F} معابر حدودية جديدة قبل نهاية العام";

/// One source: its id, language, whether subtitles, and its lines.
struct Src {
    id: String,
    lang: Option<&'static str>,
    vtt: bool,
    lines: Vec<String>,
}

fn make_source(d: &FixtureDesk, n: usize, seed: &mut Seed) -> Src {
    let (lang, vtt) = match n % 6 {
        0 => (Some("he"), false),
        1 => (Some("ar"), false),
        2 => (Some("fr"), false),
        3 => (None, true),
        _ => (None, false),
    };
    let id = format!("source-{n:03}");
    let lines: Vec<String> = (0..12)
        .map(|k| match lang {
            Some("he") => format!("{HEBREW} ({k})"),
            Some("ar") => format!("{ARABIC} ({k})"),
            Some("fr") => format!("Le chômage a baissé de {k},{} % l'an dernier.", n % 10),
            _ => format!(
                "{} rose by {k}.{} percent & \"more\" <b>than</b> expected.",
                seed.pick(TOPICS),
                n % 10
            ),
        })
        .collect();
    let (ext, format, text) = if vtt {
        let mut t = "WEBVTT\n\n".to_string();
        for (k, l) in lines.iter().enumerate() {
            let _ = write!(
                t,
                "00:00:{k:02}.000 --> 00:00:{k:02}.900\n<v Jane Roe>{l}\n\n"
            );
        }
        ("vtt", "vtt", t)
    } else {
        let t: String = lines.iter().map(|l| format!("Speaker: {l}\n")).collect();
        ("txt", "text", t)
    };
    let sha: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    d.write(&format!("sources/{id}.{ext}"), &text);
    let url = if n % 9 == 8 {
        String::new()
    } else {
        format!("url: \"https://media.example.org/{id}?t={n}&lang=x\"\n")
    };
    let language = lang.map(|l| format!("language: {l}\n")).unwrap_or_default();
    d.write(
        &format!("sources/{id}.yaml"),
        &format!(
            "id: {id}\ntitle: \"Interview {n}: {} <live>\"\noutlet: Outlet {}\n{url}published: 2024-0{}-1{}\nformat: {format}\nfile: {id}.{ext}\nsha256: \"{sha}\"\n{language}speakers:\n  - Jane Roe\n",
            seed.pick(TOPICS),
            n % 4,
            1 + n % 9,
            n % 10
        ),
    );
    Src {
        id,
        lang,
        vtt,
        lines,
    }
}

/// The words of line `k` as the transcript's reader gives them: subtitle
/// styling tags (`<b>`) are markup, not speech.
fn spoken(src: &Src, k: usize) -> String {
    let line = &src.lines[k];
    if src.vtt {
        line.replace("<b>", "").replace("</b>", "")
    } else {
        line.clone()
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("json string")
}

/// The record of claim `i` quoting line `k` of `src`.
fn claim_yaml(i: usize, src: &Src, seed: &mut Seed) -> String {
    let k = seed.below(src.lines.len() as u64) as usize;
    let status = seed.pick(STATUSES);
    let rating = seed.pick(RATINGS);
    let topic = seed.pick(TOPICS);
    let text = match src.lang {
        Some("he") => format!("תקציב החינוך יגדל ב-{i} אחוזים"),
        Some("ar") => format!("الحكومة ستفتح {i} معابر حدودية"),
        Some("fr") => format!("Le chômage a baissé ({i})"),
        _ => format!("{topic} rose ({i})"),
    };
    let mut y = format!(
        "claim: {}\nquote: {}\nspeaker: Jane Roe\nsource: {}\n",
        quoted(&text),
        quoted(&spoken(src, k)),
        src.id
    );
    let line = if src.vtt { 4 + 3 * k } else { k + 1 };
    if src.vtt {
        let _ = writeln!(
            y,
            "location: {{line: {line}, start: \"00:00:{k:02}.000\", end: \"00:00:{k:02}.900\"}}"
        );
    } else {
        let _ = writeln!(y, "location: {{line: {line}}}");
    }
    let day = 1 + i % 27;
    let _ = writeln!(y, "said_on: 2024-03-{day:02}");
    if i.is_multiple_of(3) {
        let _ = writeln!(y, "tags: [{}, economy]", topic.replace(' ', "-"));
    }
    let _ = writeln!(y, "status: {status}");
    if status != "candidate" {
        let _ = writeln!(y, "assignee: {}", seed.pick(PEOPLE));
    }
    // Every state is explained by its history (the workflow's own steps),
    // so the desk passes `check` and `report` renders it.
    let by = seed.pick(RATERS);
    let mut history = format!(
        "  - {{at: 2024-03-{day:02}T08:00:00Z, by: ana, action: created, to: candidate}}\n"
    );
    let research = format!("  - {{at: 2024-03-{day:02}T09:00:00Z, by: ana, action: research-started, from: candidate, to: researching}}\n");
    match status {
        "researching" => history.push_str(&research),
        "discarded" => {
            let _ = writeln!(history, "  - {{at: 2024-03-{day:02}T09:00:00Z, by: ana, action: discarded, from: candidate, to: discarded, note: Not checkable}}");
        }
        _ => {}
    }
    // The rating first set; a correction (every seventh check) replaces it.
    let corrected = status == "published" && i.is_multiple_of(7);
    let first_rating = if corrected {
        RATINGS[(i + 1) % 3]
    } else {
        rating
    };
    if matches!(status, "published" | "in-review") {
        history.push_str(&research);
        let _ = writeln!(
            history,
            "  - {{at: 2024-04-01T10:00:00Z, by: {by}, action: rated, rating: {first_rating}}}"
        );
        let _ = writeln!(history, "  - {{at: 2024-04-01T11:00:00Z, by: {by}, action: submitted, from: researching, to: in-review}}");
        let _ = writeln!(y, "rating: {rating}");
        let _ = writeln!(
            y,
            "summary: {}",
            quoted(&format!(
                "Official figures for {topic} show otherwise; see table {i}. {}",
                "The statistics office revised the series twice since, and both revisions point the same way. ".repeat(1 + i % 90)
            ))
        );
        y.push_str("evidence:\n");
        for e in 0..1 + i % 3 {
            let _ = writeln!(
                y,
                "  - {{url: \"https://stats.example.org/{}/{i}?e={e}&x=<y>\", title: \"Table {e} — {topic}\", publisher: Statistics Office, accessed: 2024-04-0{}, stance: {}{}}}",
                topic.replace(' ', "-"),
                1 + e,
                ["supports", "refutes", "context"][(i + e) % 3],
                if e == 1 { ", archive: \"https://web.archive.org/web/2024/x\"" } else { "" }
            );
        }
    }
    if status == "published" {
        let _ = writeln!(
            y,
            "reviews:\n  - {{by: jo, at: 2024-04-10T13:00:00Z, decision: approved}}"
        );
        if i.is_multiple_of(5) {
            let _ = writeln!(y, "reply:\n  contacted: Jane Roe's office\n  via: email\n  asked_on: 2024-04-02\n  deadline: 2024-04-05\n  answer: \"We stand by the figure.\"\n  answered_on: 2024-04-04");
            history.push_str("  - {at: 2024-04-02T09:00:00Z, by: ana, action: reply-requested, note: \"contacted Jane Roe's office via email, deadline 2024-04-05\"}\n");
            history.push_str("  - {at: 2024-04-04T09:00:00Z, by: ana, action: replied, note: We stand by the figure.}\n");
        } else if i % 5 == 1 {
            let _ = writeln!(y, "reply:\n  contacted: Jane Roe\n  via: phone\n  asked_on: 2024-04-02\n  deadline: 2024-04-05\n  no_reply: true");
            history.push_str("  - {at: 2024-04-02T09:00:00Z, by: ana, action: reply-requested, note: \"contacted Jane Roe via phone, deadline 2024-04-05\"}\n");
            history.push_str("  - {at: 2024-04-06T09:00:00Z, by: ana, action: no-reply, note: no reply from Jane Roe by 2024-04-05}\n");
        }
        history
            .push_str("  - {at: 2024-04-10T13:00:00Z, by: jo, action: reviewed, note: approved}\n");
        let _ = writeln!(history, "  - {{at: 2024-04-10T14:00:00Z, by: jo, action: published, from: in-review, to: published}}");
        if corrected {
            let _ = writeln!(y, "corrections:\n  - {{at: 2024-05-01T09:00:00Z, by: jo, note: \"The rating was wrong.\", previous_rating: {first_rating}}}");
            history.push_str(&format!(
                "  - {{at: 2024-05-01T09:00:00Z, by: jo, action: corrected, rating: {rating}, note: \"The rating was wrong.\"}}\n"
            ));
        } else if i % 7 == 1 {
            let _ = writeln!(y, "corrections:\n  - {{at: 2024-05-02T09:00:00Z, by: jo, kind: update, note: New census data., previous_summary: An earlier summary.}}");
            history.push_str("  - {at: 2024-05-02T09:00:00Z, by: jo, action: corrected, note: New census data.}\n");
        }
    }
    let _ = write!(y, "history:\n{history}");
    y
}

/// The generated desk: `sources` sources and `claims` claims.
fn generated(sources: usize, claims: usize) -> FixtureDesk {
    let d = empty();
    let mut seed = Seed(17);
    let srcs: Vec<Src> = (0..sources)
        .map(|n| make_source(&d, n, &mut seed))
        .collect();
    for i in 0..claims {
        let src = &srcs[(i * 7 + i / 13) % sources];
        let yaml = claim_yaml(i, src, &mut seed);
        d.claim(&format!("claim-{i:05}"), &yaml);
    }
    d
}

/// `sha256  name` for each file under `dir` (checks/ pages summed into
/// one line, with their count), in name order.
fn digests(dir: &Path) -> String {
    let hex = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let mut out = String::new();
    let mut checks = Sha256::new();
    let mut count = 0;
    for (rel, bytes) in report_files(dir) {
        if rel.starts_with("checks/") {
            checks.update(format!("{} {rel}\n", hex(&bytes)));
            count += 1;
        } else {
            let _ = writeln!(out, "{}  {rel} ({} bytes)", hex(&bytes), bytes.len());
        }
    }
    let sum: String = checks
        .finalize()
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect();
    let _ = writeln!(out, "{sum}  checks/*.html ({count} pages)");
    out
}

#[test]
fn every_output_byte_matches_the_pinned_digests() {
    let d = generated(40, 1600);
    d.cmd(&["report", "--out", "public"]).success();
    d.cmd(&["report", "--internal", "--out", "internal"])
        .success();
    let index = d.read("public/index.html");
    assert!(
        index.contains("page-2.html"),
        "the public index is paginated"
    );
    assert!(
        d.read("internal/page-2.html").contains("claim-"),
        "the internal index too"
    );
    assert!(
        index.contains("dir=\"rtl\"") || index.contains("lang=\"he\""),
        "Hebrew marked"
    );
    let all = format!(
        "# public\n{}# internal\n{}",
        digests(&d.path("public")),
        digests(&d.path("internal")),
    );
    insta::assert_snapshot!("report_bytes", all);
}

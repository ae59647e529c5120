//! Generates a realistic synthetic desk for benchmarks: transcripts of
//! interviews and claims (about 1.5 KB each) quoting them, at every stage of
//! the workflow, written in canonical form. The shape is chosen on the
//! command line so benchmarks cover desks unlike the one the code was tuned on.
//!
//! Usage: `cargo run --release --example gen_desk -- DIR N [CLAIMS_PER_TRANSCRIPT]
//! [--sources S] [--transcript-kb K] [--field-scale F] [--mix P,R,S,C,D]`
//!
//! - `--sources S`: number of transcripts (overrides CLAIMS_PER_TRANSCRIPT,
//!   default 100 claims a transcript);
//! - `--transcript-kb K`: pad every transcript to at least K KB;
//! - `--field-scale F`: sentences in notes, summaries and evidence notes
//!   (default 1; 4 makes records about twice as long);
//! - `--mix`: weights of published, in-review, researching, candidate and
//!   discarded claims (default `4,2,2,1,1`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use factdesk::model::{
    Action, Claim, ClaimId, Decision, DeskConfig, Evidence, HistoryEntry, Location, RatingScale,
    Review, Source, Stance, Status, TranscriptFormat,
};
use factdesk::store::yaml::to_canonical;
use sha2::{Digest, Sha256};
use std::path::Path;

const WORDS: &[&str] = &[
    "the",
    "ministry",
    "reported",
    "shells",
    "border",
    "exports",
    "sanctions",
    "budget",
    "growth",
    "unemployment",
    "treaty",
    "council",
    "resolution",
    "missiles",
    "grain",
    "tariffs",
    "inflation",
    "hospital",
    "schools",
    "pension",
    "deficit",
    "emissions",
    "coal",
    "refugees",
    "election",
    "turnout",
    "vaccine",
    "cases",
    "prices",
    "wages",
    "housing",
    "rail",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn sentence(&mut self, tag: usize) -> String {
        let n = 6 + self.below(8);
        let mut s = String::from("In");
        for _ in 0..n {
            s.push(' ');
            s.push_str(WORDS[self.below(WORDS.len())]);
        }
        format!("{s} number {tag}-{}.", self.below(100_000))
    }
}

fn main() {
    let shape = Shape::from_args();
    let root = Path::new(&shape.dir);
    let (n, per) = (shape.claims, shape.per);
    let mut config = DeskConfig::new("Synthetic desk", RatingScale::default_scale());
    // `init`'s placeholder host is refused by `report` once checks are
    // published; a benchmark desk renders like a real one.
    config.publisher.url = "https://checks.synthetic-desk.net/".into();
    factdesk::store::Desk::init(root, &config).expect("cannot create the desk");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let transcripts = n.div_ceil(per).max(1);
    let mut made = 0;
    for t in 0..transcripts {
        let (source, lines) = transcript(root, t, &shape, &mut rng);
        for k in 0..per.min(n - made) {
            let line = 1 + (k * 2) % lines.len();
            let claim = claim(
                &source,
                made,
                line as u32,
                &lines[line - 1],
                &shape,
                &mut rng,
            );
            let text = to_canonical(&claim).expect("serializable");
            std::fs::write(
                root.join("claims")
                    .join(format!("{}.yaml", claim.id.as_str())),
                text,
            )
            .expect("write");
            made += 1;
        }
    }
    eprintln!(
        "{made} claims across {transcripts} transcripts in {}",
        root.display()
    );
}

/// The desk to generate, from the command line.
struct Shape {
    dir: String,
    claims: usize,
    per: usize,
    transcript_bytes: usize,
    field_scale: usize,
    /// One status per slot; claim `i` takes slot `i % len`.
    mix: Vec<Status>,
}

impl Shape {
    fn from_args() -> Shape {
        let usage = || -> ! {
            eprintln!("usage: gen_desk DIR N [CLAIMS_PER_TRANSCRIPT] [--sources S] [--transcript-kb K] [--field-scale F] [--mix P,R,S,C,D]");
            std::process::exit(2)
        };
        let num = |s: Option<String>| -> usize {
            s.and_then(|s| s.parse().ok()).unwrap_or_else(|| usage())
        };
        let (mut pos, mut sources, mut kb, mut scale) = (Vec::new(), None, 0, 1);
        let mut weights = vec![4, 2, 2, 1, 1];
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--sources" => sources = Some(num(args.next()).max(1)),
                "--transcript-kb" => kb = num(args.next()),
                "--field-scale" => scale = num(args.next()).max(1),
                "--mix" => {
                    let list = args.next().unwrap_or_else(|| usage());
                    weights = list.split(',').map(|w| num(Some(w.to_string()))).collect();
                    if weights.len() != 5 || weights.iter().sum::<usize>() == 0 {
                        usage()
                    }
                }
                _ if a.starts_with("--") => usage(),
                _ => pos.push(a),
            }
        }
        if pos.len() < 2 {
            usage()
        }
        let claims = num(pos.get(1).cloned());
        let per = match sources {
            Some(s) => claims.div_ceil(s).max(1),
            None => pos.get(2).map_or(100, |p| num(Some(p.clone())).max(1)),
        };
        let stages = [
            Status::Published,
            Status::InReview,
            Status::Researching,
            Status::Candidate,
            Status::Discarded,
        ];
        let mut mix = Vec::new();
        // Interleaved, so every stretch of claims has every status.
        for round in 0..*weights.iter().max().unwrap_or(&1) {
            for (s, w) in stages.iter().zip(&weights) {
                if round < *w {
                    mix.push(*s);
                }
            }
        }
        Shape {
            dir: pos[0].clone(),
            claims,
            per,
            transcript_bytes: kb * 1024,
            field_scale: scale,
            mix,
        }
    }

    fn text(&self, rng: &mut Rng, tag: usize) -> String {
        let parts: Vec<String> = (0..self.field_scale)
            .map(|k| rng.sentence(tag + k))
            .collect();
        parts.join(" ")
    }
}

/// Writes one transcript of at least `2 * per` lines (padded to the shape's
/// transcript size); returns its source and the quote of each line.
fn transcript(root: &Path, t: usize, shape: &Shape, rng: &mut Rng) -> (Source, Vec<String>) {
    let id = format!("interview-{t:05}");
    let mut text = String::new();
    let mut quotes = Vec::new();
    let mut l = 0;
    while l < (2 * shape.per).max(2) || text.len() < shape.transcript_bytes {
        let speaker = if l % 2 == 0 {
            "Minister Example"
        } else {
            "Reporter"
        };
        let quote = rng.sentence(t * 1000 + l);
        text.push_str(&format!("{speaker}: {quote} {}\n", rng.sentence(l)));
        quotes.push(quote);
        l += 1;
    }
    let bytes = text.into_bytes();
    let source = Source {
        id: id.clone(),
        title: format!("Interview number {t}"),
        outlet: "Example Broadcasting".into(),
        url: Some(format!("https://example.org/interviews/{t}")),
        published: NaiveDate::from_ymd_opt(2023, 1, 1)
            .map(|d| d + Duration::days((t % 300) as i64)),
        format: TranscriptFormat::Text,
        file: format!("{id}.txt"),
        sha256: Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        speakers: vec!["Minister Example".into(), "Reporter".into()],
        interviewer: None,
        narrator: None,
        extracted_from: None,
        language: None,
    };
    std::fs::write(root.join("sources").join(&source.file), &bytes).expect("write");
    std::fs::write(
        root.join("sources").join(format!("{id}.yaml")),
        to_canonical(&source).expect("ok"),
    )
    .expect("write");
    (source, quotes)
}

fn entry(
    at: DateTime<Utc>,
    by: &str,
    action: Action,
    to: Option<(Status, Status)>,
) -> HistoryEntry {
    HistoryEntry {
        at,
        by: by.into(),
        action,
        from: to.map(|t| t.0),
        to: to.map(|t| t.1),
        rating: None,
        note: None,
    }
}

fn claim(source: &Source, i: usize, line: u32, quote: &str, shape: &Shape, rng: &mut Rng) -> Claim {
    let stage = shape.mix[i % shape.mix.len()];
    let t0 = DateTime::parse_from_rfc3339("2023-09-14T09:00:00Z")
        .expect("time")
        .with_timezone(&Utc)
        + Duration::minutes(i as i64);
    let mut history = vec![entry(
        t0,
        "ana",
        Action::Created,
        Some((Status::Candidate, Status::Candidate)),
    )];
    history[0].from = None;
    let mut c = Claim {
        id: ClaimId::new(format!("claim-{i:06}-{:04x}", rng.below(0xffff))).expect("valid id"),
        claim: format!("The ministry reported figure {i} for the year"),
        quote: quote.to_string(),
        speaker: "Minister Example".into(),
        source: source.id.clone(),
        location: Location {
            line,
            start: None,
            end: None,
        },
        said_on: source.published,
        tags: vec!["economy".into(), "budget".into()],
        status: stage,
        assignee: Some("ana".into()),
        priority: None,
        due: None,
        rating: None,
        summary: None,
        notes: i.is_multiple_of(3).then(|| shape.text(rng, i)),
        reply: None,
        triage: None,
        evidence: Vec::new(),
        reviews: Vec::new(),
        corrections: Vec::new(),
        history,
    };
    if stage == Status::Discarded {
        c.history.push(HistoryEntry {
            note: Some("not check-worthy".into()),
            ..entry(
                t0 + Duration::hours(1),
                "jo",
                Action::Discarded,
                Some((Status::Candidate, Status::Discarded)),
            )
        });
        return c;
    }
    if stage == Status::Candidate {
        return c;
    }
    c.history.push(entry(
        t0 + Duration::hours(1),
        "ana",
        Action::ResearchStarted,
        Some((Status::Candidate, Status::Researching)),
    ));
    for e in 0..2 {
        c.evidence.push(Evidence {
            url: format!("https://statistics.example.org/tables/{i}/{e}"),
            title: format!("Official statistics table {i}.{e}"),
            publisher: "National Statistics Office".into(),
            published: NaiveDate::from_ymd_opt(2023, 6, 1),
            accessed: NaiveDate::from_ymd_opt(2023, 9, 15).expect("date"),
            archive: (e == 0).then(|| format!("https://web.archive.org/web/2023/https://statistics.example.org/tables/{i}/{e}")),
            stance: if e == 0 { Stance::Supports } else { Stance::Context },
            note: (e == 0).then(|| shape.text(rng, e)),
        });
        c.history.push(HistoryEntry {
            note: Some(c.evidence[e].url.clone()),
            ..entry(
                t0 + Duration::hours(2 + e as i64),
                "ana",
                Action::EvidenceAdded,
                None,
            )
        });
    }
    if stage == Status::Researching {
        return c;
    }
    c.rating = Some(
        [
            "accurate",
            "mostly-accurate",
            "mixed",
            "misleading",
            "inaccurate",
        ][i % 5]
            .into(),
    );
    c.summary = Some(format!("{} {}", rng.sentence(i), shape.text(rng, i + 1)));
    c.history.push(HistoryEntry {
        rating: c.rating.clone(),
        ..entry(t0 + Duration::hours(5), "ana", Action::Rated, None)
    });
    c.history.push(entry(
        t0 + Duration::hours(6),
        "ana",
        Action::Submitted,
        Some((Status::Researching, Status::InReview)),
    ));
    if stage == Status::InReview {
        return c;
    }
    c.reviews.push(Review {
        by: "jo".into(),
        at: t0 + Duration::hours(7),
        decision: Decision::Approved,
        note: Some("Sources check out.".into()),
        digest: Some(c.approval_digest()),
    });
    c.history.push(HistoryEntry {
        note: Some("approved".into()),
        ..entry(t0 + Duration::hours(7), "jo", Action::Reviewed, None)
    });
    c.history.push(entry(
        t0 + Duration::hours(8),
        "jo",
        Action::Published,
        Some((Status::InReview, Status::Published)),
    ));
    c
}

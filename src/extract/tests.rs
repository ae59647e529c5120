//! Unit tests of the check-worthiness model: the embedded weights load and
//! match `MODEL_VERSION`, factual sentences outrank greetings, questions,
//! reactions and opinion, scoring is deterministic and ranking stable, and
//! the trainer and measures behave on small hand-made data.

use sha2::{Digest, Sha256};

use super::train::{self, average_precision, parse_labelled, precision_at, Params};
use super::*;
use crate::model::TranscriptFormat;
use crate::transcript::{Roles, Transcript};

/// SHA-256 of the embedded weights. If this test fails, the weights were
/// retrained: bump `MODEL_VERSION` and update this digest together.
const WEIGHTS_SHA256: &str = "d4b6fb3c052481a65294ea0af5b04ae56144dc4c4fdc8b6a4564238eadeabba9";

/// A sentence at line 1 (shared with the neural ranker's tests).
pub(crate) fn sentence(speaker: &str, text: &str) -> Sentence {
    Sentence {
        segment: 0,
        line: 1,
        speaker: Some(speaker.to_string()),
        text: text.to_string(),
        start_ms: None,
        end_ms: None,
    }
}

/// A short debate: moderator questions, greetings, a reaction, opinion and
/// three factual claims (indices 4, 7, 9).
fn debate() -> Vec<Sentence> {
    vec![
        sentence("HOST", "Good evening and welcome to tonight's debate."),
        sentence("HOST", "Senator, what would you do about the economy?"),
        sentence("SMITH", "Thank you, thank you very much."),
        sentence("SMITH", "It's great to be here."),
        sentence(
            "SMITH",
            "Unemployment fell from 10 percent in 2009 to 4.7 percent last year, the lowest rate since 2007.",
        ),
        sentence("SYSTEM", "(APPLAUSE)"),
        sentence("SMITH", "I think we can do so much better, believe me."),
        sentence(
            "SMITH",
            "The Congressional Budget Office said the plan would cost $1.5 trillion over ten years.",
        ),
        sentence("HOST", "Governor, your response?"),
        sentence(
            "JONES",
            "My opponent voted against the bill three times, and Washington claims it created 200,000 jobs in Ohio.",
        ),
        sentence("JONES", "We will win!"),
    ]
}

#[test]
fn embedded_weights_load_and_match_the_version() {
    let parsed = Weights::parse(WEIGHTS_TEXT).expect("embedded weights parse");
    assert_eq!(parsed.version, MODEL_VERSION);
    assert_eq!(embedded().version, MODEL_VERSION);
    let nonzero = parsed.w.iter().filter(|w| **w != 0.0).count();
    assert!(nonzero > 1000, "only {nonzero} non-zero weights");
    assert!(WEIGHTS_TEXT.len() < 2_000_000);
    let digest: String = Sha256::digest(WEIGHTS_TEXT.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest, WEIGHTS_SHA256,
        "weights changed: bump MODEL_VERSION and the digest"
    );
}

#[test]
fn factual_claims_outrank_greetings_questions_reactions_and_opinion() {
    let sentences = debate();
    let scores = score_sentences(&sentences);
    let weakest_fact = [4, 7, 9]
        .iter()
        .map(|&i| scores[i])
        .fold(f64::MAX, f64::min);
    for other in [0, 1, 2, 3, 5, 6, 8, 10] {
        assert!(
            weakest_fact > scores[other],
            "{:?} ({:.3}) should rank below every factual claim ({weakest_fact:.3}); scores {scores:?}",
            sentences[other].text,
            scores[other]
        );
    }
    let top: Vec<usize> = rank(&sentences).iter().take(3).map(|s| s.index).collect();
    let mut sorted = top.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![4, 7, 9]);
}

#[test]
fn scores_are_deterministic_and_bounded() {
    let sentences = debate();
    let a = score_sentences(&sentences);
    let b = score_sentences(&sentences);
    assert_eq!(a, b);
    assert_eq!(a.len(), sentences.len());
    assert!(a.iter().all(|s| (0.0..=1.0).contains(s)));
    assert!(score_sentences(&[]).is_empty());
    assert!(rank(&[]).is_empty());
    let odd = [
        sentence("", ""),
        sentence("X", "?!…"),
        sentence("X", &"9".repeat(500)),
    ];
    assert!(score_sentences(&odd)
        .iter()
        .all(|s| (0.0..=1.0).contains(s)));
}

#[test]
fn rank_sorts_by_score_then_index() {
    let ranked = order(&[0.2, 0.9, 0.2, 0.9, 0.5]);
    let got: Vec<(usize, f64)> = ranked.iter().map(|s| (s.index, s.score)).collect();
    assert_eq!(got, vec![(1, 0.9), (3, 0.9), (4, 0.5), (0, 0.2), (2, 0.2)]);
    let sentences = debate();
    let ranked = rank(&sentences);
    assert_eq!(ranked.len(), sentences.len());
    assert!(ranked
        .windows(2)
        .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].index < w[1].index)));
    assert_eq!(ranked, rank(&sentences));
}

/// Part of the desk's interview (Le Point with Antoine Bondaz).
const INTERVIEW: &str = "\
After a 20-hour journey by armored train, Kim Jong-un met Vladimir Putin yesterday at the Vostochny cosmodrome, in the Russian Far East, 8,000 km east of Moscow.
Le Point: What first lessons can we draw from this meeting between Vladimir Putin and Kim Jong-un?
Antoine Bondaz: The first lesson is the staging of the meeting which is extremely important, with several messages sent. Basically, there are no real announcements yet.
What can North Korea hope to seek from Russia and vice versa?
On the North Korean side, they can, quote, search for everything. On the Russian side, it’s a little more complicated. North Korea’s defense industry is not export-oriented.
More than a year ago, the United States already announced that North Korea was supplying shells. Some were used by the Russians and Ukrainians, but not many. In February, everyone explained that China was going to deliver weapons to Russia. There was none.
How can China, which is an ally of North Korea, perceive this attempt at rapprochement?
Potentially, we could have a visit to China after the one to Russia.
";

#[test]
fn interview_claims_outrank_its_questions() {
    let roles = Roles {
        speakers: vec!["Antoine Bondaz".into()],
        interviewer: Some("Le Point".into()),
        narrator: Some("Le Point (journalist)".into()),
        ..Roles::default()
    };
    let transcript = Transcript::parse(INTERVIEW, TranscriptFormat::Text, &roles).expect("parses");
    let sentences = transcript.sentences();
    let ranked = rank(&sentences);
    let position = |needle: &str| {
        ranked
            .iter()
            .position(|s| sentences[s.index].text.contains(needle))
            .expect("sentence present")
    };
    let top = [
        position("the United States already announced"),
        position("China was going to deliver weapons"),
        position("8,000 km east of Moscow"),
    ];
    for question in [
        "What first lessons",
        "What can North Korea hope",
        "How can China",
    ] {
        assert!(
            top.iter().all(|&t| t < position(question)),
            "{question:?} outranks a claim"
        );
    }
    assert!(
        top.iter().all(|&t| t < 5),
        "claims at {top:?} of {}",
        ranked.len()
    );
}

#[test]
fn weights_round_trip_through_text() {
    let mut w = Weights::zero("test-1");
    w.w[0] = -0.25;
    w.w[features::DENSE + 7] = 1.5e-3;
    let back = Weights::parse(&w.to_text()).expect("parses");
    assert_eq!(back, w);
    assert!(Weights::parse("hash_bits 3\n").is_err());
    assert!(Weights::parse("version x\n99999999 1\n").is_err());
    assert!(Weights::parse("1 0.5\n").is_err());
}

#[test]
fn measures_match_hand_computed_values() {
    // Ranking: indices 1, 3, 2, 0; positives 1 and 2 at ranks 1 and 3.
    let scores = [0.1, 0.9, 0.3, 0.5];
    let labels = [false, true, true, false];
    assert!((average_precision(&scores, &labels) - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
    assert!((precision_at(&scores, &labels, 2) - 0.5).abs() < 1e-12);
    assert_eq!(average_precision(&scores, &[false; 4]), 0.0);
}

#[test]
fn trainer_is_deterministic_and_learns_a_separable_cue() {
    let mut tsv = String::new();
    for i in 0..60 {
        let (text, label) = if i % 6 == 0 {
            (format!("Spending rose {i} percent in 2015."), 1)
        } else {
            ("Thank you all for coming tonight.".to_string(), 0)
        };
        tsv.push_str(&format!("{}\tA\t{text}\t{label}\n", i + 1));
    }
    let t = parse_labelled("toy", &tsv).expect("parses");
    assert!(parse_labelled("bad", "1\tA\ttext\t2\n").is_err());
    assert!(parse_labelled("bad", "1\tA\ttext\n").is_err());
    let p = train::prepare(&t);
    let params = Params {
        epochs: 3,
        ..Params::default()
    };
    let a = train::train(&[&p], &params, "toy");
    let b = train::train(&[&p], &params, "toy");
    assert_eq!(a, b);
    let scores = train::score_prepared(&a, &p);
    assert!((average_precision(&scores, &p.labels) - 1.0).abs() < 1e-12);
}

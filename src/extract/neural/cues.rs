//! Dense cues for the neural head: the fast model's dense features (figures,
//! dates, names, questions, context; owned by `features.rs`) followed by
//! speaker-role cues that look beyond question marks for moderators and
//! interviewers, whose sentences fact-checkers rarely pick even when they
//! state facts: addressing people by title ("Senator, …", "Mr. Trump"),
//! introducing segments ("let's turn to", "we'll be right back"), and reading
//! out others' statements ("you said", "your campaign says"). Sentence cues
//! are averaged per speaker over the transcript, like the fast model's
//! "share of questions".

use super::super::features::{featurize, DENSE, DENSE_NAMES};
use crate::transcript::Sentence;

/// Names of the role cues, in order after the fast model's dense cues.
pub const ROLE_NAMES: &[&str] = &[
    "addresses_by_title",
    "introduces_segment",
    "reads_out_statement",
    "speaker_title_rate",
    "speaker_intro_rate",
    "speaker_readout_rate",
    "speaker_named_as_host",
];

/// Number of dense cues the head reads: the fast model's, then the roles.
pub const CUES: usize = DENSE + ROLE_NAMES.len();

/// Name of cue `i` (for the weights file and reports).
pub fn cue_name(i: usize) -> &'static str {
    if i < DENSE {
        DENSE_NAMES[i]
    } else {
        ROLE_NAMES.get(i - DENSE).copied().unwrap_or("?")
    }
}

/// Titles a host addresses people by (also left out of speaker names by
/// `speakers.rs`).
pub(super) const TITLES: &[&str] = &[
    "senator",
    "governor",
    "secretary",
    "congressman",
    "congresswoman",
    "mayor",
    "president",
    "vice",
    "mr",
    "mrs",
    "ms",
    "dr",
    "professor",
    "minister",
    "speaker",
    "leader",
];

const SEGMENT: &[&str] = &[
    "let's turn",
    "let's move",
    "let me turn",
    "let's talk about",
    "let's get to",
    "move on to",
    "turn to the",
    "next question",
    "our next",
    "right back",
    "after this break",
    "after the break",
    "welcome back",
    "welcome to",
    "joining us",
    "joins us",
    "you have two minutes",
    "you have one minute",
    "you have 30 seconds",
    "seconds to respond",
    "minute to respond",
    "time is up",
    "time's up",
    "the rules",
    "the topic",
    "the first question",
    "this question goes to",
    "this next question",
];

const READ_OUT: &[&str] = &[
    "you said",
    "you've said",
    "you have said",
    "you called",
    "you wrote",
    "you promised",
    "you once said",
    "you told",
    "you claimed",
    "your campaign",
    "your opponent says",
    "your critics",
    "critics say",
    "some say",
    "quote",
    "unquote",
    "has said that",
    "have said that",
    "says that",
    "said that",
];

const HOST_NAMES: &[&str] = &[
    "moderator",
    "interviewer",
    "host",
    "anchor",
    "question",
    "audience",
];

/// Lower-cased words of a sentence, punctuation stripped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// A capitalised title followed by a name that ends a phrase ("Secretary
/// Clinton, …", "Mr. Trump?"), or a title used alone as a vocative
/// ("Senator, your response?", "Thank you, Governor.").
fn addresses_by_title(text: &str) -> bool {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let ends_phrase = |w: &str| w.ends_with([',', '?', '.', '!']);
    raw.iter().enumerate().any(|(i, w)| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        if !TITLES.contains(&lower.as_str()) || !bare.starts_with(char::is_uppercase) {
            return false;
        }
        let abbreviation = matches!(lower.as_str(), "mr" | "mrs" | "ms" | "dr");
        let named = raw
            .get(i + 1)
            .is_some_and(|n| n.starts_with(char::is_uppercase) && ends_phrase(n));
        let vocative = ends_phrase(w) && !abbreviation && (i == 0 || raw[i - 1].ends_with(','));
        named || vocative
    })
}

fn has_phrase(lower: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| lower.contains(p))
}

/// The three sentence-level role cues, each 0 or 1.
fn sentence_roles(s: &Sentence) -> [f32; 3] {
    let lower = words(&s.text).join(" ");
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    [
        b(addresses_by_title(&s.text)),
        b(has_phrase(&lower, SEGMENT)),
        b(has_phrase(&lower, READ_OUT)),
    ]
}

/// Dense cues of every sentence, in order (`CUES` values each, not yet
/// standardised): computed from the whole transcript, like `featurize`.
pub fn cues(sentences: &[Sentence]) -> Vec<Vec<f32>> {
    let fast = featurize(sentences);
    let local: Vec<[f32; 3]> = sentences.iter().map(sentence_roles).collect();
    // Per speaker: sentence count and sums of the three cues.
    let mut stats: Vec<(Option<&str>, f32, [f32; 3])> = Vec::new();
    for (s, r) in sentences.iter().zip(&local) {
        let key = s.speaker.as_deref();
        let pos = match stats.iter().position(|e| e.0 == key) {
            Some(p) => p,
            None => {
                stats.push((key, 0.0, [0.0; 3]));
                stats.len() - 1
            }
        };
        stats[pos].1 += 1.0;
        for (acc, v) in stats[pos].2.iter_mut().zip(r) {
            *acc += v;
        }
    }
    sentences
        .iter()
        .zip(&fast)
        .zip(&local)
        .map(|((s, f), r)| {
            let mut out = vec![0f32; CUES];
            for &(i, v) in f.iter().take_while(|x| (x.0 as usize) < DENSE) {
                out[i as usize] = v;
            }
            out[DENSE..DENSE + 3].copy_from_slice(r);
            let key = s.speaker.as_deref();
            if let Some(e) = stats.iter().find(|e| e.0 == key) {
                for k in 0..3 {
                    out[DENSE + 3 + k] = e.2[k] / e.1;
                }
            }
            let name = key.unwrap_or("").to_lowercase();
            out[DENSE + 6] = if HOST_NAMES.iter().any(|h| name.contains(h)) {
                1.0
            } else {
                0.0
            };
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tests::sentence;

    #[test]
    fn titles_segments_and_read_outs_are_recognised() {
        for yes in [
            "Senator, your response?",
            "Secretary Clinton, you have two minutes.",
            "Thank you, Governor.",
            "Mr. Trump, let me ask you about taxes.",
        ] {
            assert!(addresses_by_title(yes), "{yes:?}");
        }
        for no in [
            "The president signed the bill in 2010.",
            "I was a senator for eight years.",
            "Vice versa, it does not work.",
        ] {
            assert!(!addresses_by_title(no), "{no:?}");
        }
        let s = |t: &str| sentence("HOLT", t);
        assert_eq!(
            sentence_roles(&s("Let's turn to the economy.")),
            [0.0, 1.0, 0.0]
        );
        assert_eq!(
            sentence_roles(&s("You said in 2012 that climate change was a hoax.")),
            [0.0, 0.0, 1.0]
        );
        assert_eq!(
            sentence_roles(&s("Unemployment fell to 4.7 percent.")),
            [0.0; 3]
        );
    }

    #[test]
    fn role_rates_are_per_speaker() {
        let s = sentence;
        let c = cues(&[
            s("MODERATOR", "Senator, your response?"),
            s("MODERATOR", "Let's turn to trade."),
            s("SMITH", "Exports rose 12 percent in 2015."),
        ]);
        assert_eq!(c[0].len(), CUES);
        assert_eq!(c[0][DENSE + 3], 0.5);
        assert_eq!(c[1][DENSE + 4], 0.5);
        assert_eq!(c[2][DENSE + 3], 0.0);
        assert_eq!(c[0][DENSE + 6], 1.0);
        assert_eq!(c[2][DENSE + 6], 0.0);
        assert_eq!(c[2][1], 1.0, "has_number comes from the fast cues");
    }
}

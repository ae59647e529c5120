//! Speaker profiles over a whole transcript, for telling hosts (moderators,
//! interviewers, presenters) from the people they question without relying
//! on question marks alone: how their turns sit in the conversation (short
//! turns between other speakers' longer answers, who opens, share of turns
//! against share of sentences, turns holding a question), whether they name
//! the other speakers of the transcript, and how often they use hosting
//! phrases ("our next question", "let me ask", "the question is"). Audience
//! reactions (`SYSTEM`, bracketed lines) are left out of the turns. From the
//! profile comes a host score in `0..=1`, a fixed rule (no learning), which
//! the ensemble subtracts, times the head's `host` weight. (Read as cues by
//! the head, the profile's columns lowered transfer MAP; docs/extract.md.)

use super::cues::TITLES;
use crate::transcript::Sentence;

/// The profile's columns, in order (the last is the host score).
const PROFILE_NAMES: &[&str] = &[
    "hosting_phrase",
    "names_other_speaker",
    "speaker_hosting_rate",
    "speaker_names_others_rate",
    "speaker_question_turns",
    "speaker_short_turns",
    "speaker_bridge_turns",
    "speaker_opens",
    "speaker_turn_excess",
    "speaker_host_score",
];

/// Phrases a host uses to hand over, frame a question or read one out.
const HOSTING: &[&str] = &[
    "our next question",
    "the next question",
    "next question",
    "the question is",
    "my question",
    "question for you",
    "question to you",
    "question from",
    "let me ask",
    "i want to ask",
    "i'd like to ask",
    "i wanted to ask",
    "can i ask",
    "to respond",
    "your response",
    "a response",
    "your rebuttal",
    "go ahead",
    "according to",
    "joining us",
    "with us tonight",
    "thank you both",
    "thank you very much senator",
    "thank you governor",
    "thank you senator",
    "we'll come back",
    "we will come back",
    "we're going to",
    "we begin",
    "we'll begin",
    "let's begin",
    "let's start",
    "please welcome",
    "ladies and gentlemen",
    "tonight's",
];

/// Words of speaker labels that do not name a person.
const GENERIC: &[&str] = &[
    "question",
    "questioner",
    "audience",
    "member",
    "members",
    "system",
    "moderator",
    "interviewer",
    "host",
    "anchor",
    "narrator",
    "journalist",
    "reporter",
    "speaker",
    "unknown",
    "unidentified",
    "male",
    "female",
    "voice",
    "the",
];

/// Whether a sentence is an audience reaction rather than a turn.
fn is_reaction(s: &Sentence) -> bool {
    let t = s.text.trim();
    s.speaker.as_deref() == Some("SYSTEM") || (t.starts_with(['(', '[']) && t.ends_with([')', ']']))
}

/// Name words of a speaker label ("Secretary CLINTON" → ["clinton"] after
/// titles and generic words go).
fn name_words(label: &str) -> Vec<String> {
    label
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !GENERIC.contains(&w.as_str()))
        .filter(|w| !TITLES.contains(&w.as_str()))
        .collect()
}

/// Whether `text` names (capitalised, not as its first word) a word of
/// another speaker's label.
fn names_other(text: &str, others: &[String]) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .skip(1)
        .any(|w| w.starts_with(char::is_uppercase) && others.contains(&w.to_lowercase()))
}

fn hosting_phrase(text: &str) -> bool {
    let lower: String = text
        .to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    HOSTING.iter().any(|p| lower.contains(p))
}

/// One speaker's counts over the transcript.
#[derive(Debug, Default, Clone)]
struct Tally {
    sentences: f32,
    hosting: f32,
    naming: f32,
    turns: f32,
    question_turns: f32,
    short_turns: f32,
    bridges: f32,
    opens: bool,
}

/// A turn: speaker index, sentence count, whether it holds a question.
type Turn = (usize, usize, bool);

fn turns(sentences: &[Sentence], who: &[Option<usize>]) -> Vec<Turn> {
    let mut out: Vec<Turn> = Vec::new();
    let mut last: Option<usize> = None;
    for (s, w) in sentences.iter().zip(who) {
        let Some(w) = *w else { continue };
        let q = s
            .text
            .trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with('?');
        match out.last_mut() {
            Some(t) if last == Some(w) => {
                t.1 += 1;
                t.2 |= q;
            }
            _ => out.push((w, 1, q)),
        }
        last = Some(w);
    }
    out
}

/// The host score of a profile: a speaker with a minor share of the
/// sentences whose turns mostly hold questions or bridge other speakers'
/// answers, or who hosts and names the others often.
fn host_score(t: &Tally, share: f32) -> f32 {
    if t.turns < 2.0 || share > 0.45 {
        return 0.0;
    }
    let turns = t.turns;
    let behaviour = (t.question_turns / turns).max(t.bridges / turns);
    let words = ((t.hosting + t.naming) / t.sentences.max(1.0) * 2.0).min(1.0);
    (0.6 * behaviour + 0.4 * words).clamp(0.0, 1.0)
}

/// Profile columns of every sentence, in order (`PROFILE_NAMES.len()`
/// values).
fn profile_cues(sentences: &[Sentence]) -> Vec<Vec<f32>> {
    let mut keys: Vec<&str> = Vec::new();
    let who: Vec<Option<usize>> = sentences
        .iter()
        .map(|s| {
            if is_reaction(s) {
                return None;
            }
            let k = s.speaker.as_deref()?;
            Some(keys.iter().position(|x| *x == k).unwrap_or_else(|| {
                keys.push(k);
                keys.len() - 1
            }))
        })
        .collect();
    let names: Vec<Vec<String>> = keys.iter().map(|k| name_words(k)).collect();
    let mut tally = vec![Tally::default(); keys.len()];
    let local: Vec<[f32; 2]> = sentences
        .iter()
        .zip(&who)
        .map(|(s, w)| {
            let Some(w) = *w else { return [0.0; 2] };
            let others: Vec<String> = names
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != w)
                .flat_map(|(_, n)| n.iter().cloned())
                .collect();
            let r = [
                f32::from(u8::from(hosting_phrase(&s.text))),
                f32::from(u8::from(names_other(&s.text, &others))),
            ];
            tally[w].sentences += 1.0;
            tally[w].hosting += r[0];
            tally[w].naming += r[1];
            r
        })
        .collect();
    let turns = turns(sentences, &who);
    for (i, &(w, len, q)) in turns.iter().enumerate() {
        let t = &mut tally[w];
        t.turns += 1.0;
        t.question_turns += f32::from(u8::from(q));
        t.short_turns += f32::from(u8::from(len <= 2));
        let longer = |j: Option<&Turn>| j.is_some_and(|o| o.0 != w && o.1 > len);
        if i > 0 && longer(turns.get(i - 1)) && longer(turns.get(i + 1)) {
            t.bridges += 1.0;
        }
    }
    if let Some(first) = turns.first() {
        tally[first.0].opens = true;
    }
    let total_s: f32 = tally.iter().map(|t| t.sentences).sum::<f32>().max(1.0);
    let total_t: f32 = tally.iter().map(|t| t.turns).sum::<f32>().max(1.0);
    let per_speaker: Vec<[f32; 8]> = tally
        .iter()
        .map(|t| {
            let n = t.sentences.max(1.0);
            let turns = t.turns.max(1.0);
            let share = t.sentences / total_s;
            [
                t.hosting / n,
                t.naming / n,
                t.question_turns / turns,
                t.short_turns / turns,
                t.bridges / turns,
                f32::from(u8::from(t.opens && share < 0.5)),
                t.turns / total_t - share,
                host_score(t, share),
            ]
        })
        .collect();
    local
        .iter()
        .zip(&who)
        .map(|(r, w)| {
            let mut out = r.to_vec();
            match w {
                Some(w) => out.extend_from_slice(&per_speaker[*w]),
                None => out.extend_from_slice(&[0.0; 8]),
            }
            out
        })
        .collect()
}

/// The host score of every sentence's speaker (0 for reactions and
/// unattributed sentences).
pub fn host_scores(sentences: &[Sentence]) -> Vec<f32> {
    profile_cues(sentences)
        .iter()
        .map(|c| c[PROFILE_NAMES.len() - 1])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tests::sentence;

    /// A moderated debate in miniature: the host opens, asks, hands over
    /// between longer answers and names the candidates.
    fn debate() -> Vec<Sentence> {
        let s = sentence;
        vec![
            s("HOLT", "Good evening and welcome to the first debate."),
            s("HOLT", "Secretary Clinton, the first question goes to you."),
            s("CLINTON", "Thank you, Lester."),
            s("CLINTON", "We created 15 million jobs since the recession."),
            s("CLINTON", "Wages rose 5 percent last year."),
            s("HOLT", "Mr. Trump, your response?"),
            s("TRUMP", "Our jobs are fleeing the country."),
            s("TRUMP", "Ford is moving its plants to Mexico."),
            s("TRUMP", "We lost 70,000 factories."),
            s("SYSTEM", "(APPLAUSE)"),
            s("HOLT", "Let me ask you about trade, Secretary Clinton."),
            s("CLINTON", "I voted against the trade deal in 2005."),
            s("CLINTON", "That is on the record."),
        ]
    }

    #[test]
    fn the_host_of_a_debate_is_told_from_the_candidates() {
        let d = debate();
        let host = host_scores(&d);
        assert!(host[0] > 0.5, "HOLT {}", host[0]);
        assert_eq!(host[3], 0.0, "CLINTON");
        assert_eq!(host[6], 0.0, "TRUMP");
        assert_eq!(host[9], 0.0, "a reaction has no speaker profile");
        let c = profile_cues(&d);
        assert_eq!(c[0].len(), PROFILE_NAMES.len());
        assert_eq!(c[1][1], 1.0, "HOLT names Clinton");
        assert_eq!(c[3][1], 0.0);
        assert_eq!(c[0][7], 1.0, "HOLT opens with a minor share");
        assert_eq!(c[3][7], 0.0);
        assert!(
            c[5][6] > 0.5,
            "HOLT's later turns sit between longer answers"
        );
    }

    #[test]
    fn a_speech_has_no_host() {
        let s = sentence;
        let speech = vec![
            s("TRUMP", "Thank you very much."),
            s("TRUMP", "We will cut taxes by 20 percent."),
            s("SYSTEM", "(APPLAUSE)"),
            s("TRUMP", "Is that a good deal?"),
            s("TRUMP", "It is the best deal."),
        ];
        assert!(host_scores(&speech).iter().all(|h| *h == 0.0));
    }

    #[test]
    fn hosting_phrases_and_names() {
        assert!(hosting_phrase("Our next question comes from Ken Bone."));
        assert!(hosting_phrase("Let me ask you about Syria."));
        assert!(!hosting_phrase("We cut taxes for 40 million families."));
        assert_eq!(name_words("Secretary CLINTON"), vec!["clinton"]);
        assert_eq!(name_words("Le Point (journalist)"), vec!["point"]);
        let others = name_words("Antoine Bondaz");
        assert!(names_other("Today we speak with Antoine Bondaz.", &others));
        assert!(!names_other("Bondaz said nothing.", &others), "first word");
    }
}

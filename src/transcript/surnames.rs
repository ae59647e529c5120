//! Short labels after a full one: broadcast and debate transcripts name a
//! person in full once (`WOLF BLITZER, CNN ANCHOR:`, `SEN. SMITH:`) and by
//! surname afterwards (`BLITZER:`, `SMITH:`); Hansard names an office
//! holder once with the name in brackets (`The Prime Minister (Keir
//! Starmer):`) and by office afterwards (`The Prime Minister:`). A one-word
//! label is read as the one fuller label that ends with the same word,
//! contains every word of it and first appears before it; a label that is
//! an earlier label without its brackets, as that label; a label that is
//! the person an earlier label names in brackets (`MODERATOR (LESTER
//! HOLT):`, then `HOLT:` or `LESTER HOLT:`), as that label. With two such
//! labels (`GEORGE BUSH`, `LAURA BUSH`), none, or a speaker the source
//! itself declares or maps, the label stays as written. `source add` lists every label read this way
//! (`labels read as: Blitzer = Wolf Blitzer`), so nothing is joined silently.

use super::{labels, Roles, Segment};

/// Reads each surname label's turns as the fuller label's speaker.
pub fn join(segments: &mut [Segment], roles: &Roles) {
    let names = labelled_names(segments);
    let joins: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .filter(|(_, s)| !declared(roles, s))
        .filter_map(|(at, short)| {
            let mut fuller = names[..at].iter().filter(|f| fuller_form(f, short));
            match (fuller.next(), fuller.next()) {
                (Some(full), None) => Some((short.clone(), full.clone())),
                _ => None,
            }
        })
        .collect();
    if joins.is_empty() {
        return;
    }
    for seg in segments.iter_mut() {
        if let Some((_, full)) = joins
            .iter()
            .find(|(short, _)| seg.speaker.as_deref() == Some(short.as_str()))
        {
            seg.speaker = Some(full.clone());
        }
    }
}

/// The speakers named by labels as written (not by the speaker map or a
/// declared role), in order of first appearance.
fn labelled_names(segments: &[Segment]) -> Vec<String> {
    // A transcript has few labels and many turns: each label is shown once.
    let mut seen: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for seg in segments {
        let (Some(label), Some(name)) = (seg.label.as_deref(), seg.speaker.as_deref()) else {
            continue;
        };
        if seen.insert((label, name))
            && labels::display_name(label) == name
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
    }
    out
}

/// Whether the source names this speaker itself: its speakers, roles or map.
fn declared(roles: &Roles, name: &str) -> bool {
    roles.speakers.iter().any(|s| s == name)
        || roles.interviewer.as_deref() == Some(name)
        || roles.narrator.as_deref() == Some(name)
        || roles.map.iter().any(|m| m.name == name)
        || roles.maps(name)
}

/// The words of a name outside its `(affiliation)`, titles (`Sen.`) left out.
fn core_words(name: &str) -> Vec<&str> {
    labels::outside_brackets(name)
        .split_whitespace()
        .filter(|w| !labels::is_abbrev(w))
        .collect()
}

/// The one word of a label such as `Blitzer` or `Mr. Smith`.
fn single_core_word(name: &str) -> Option<&str> {
    match core_words(name).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Whether `full` names the person `short` names, more fully: by surname
/// or by office.
fn fuller_form(full: &str, short: &str) -> bool {
    full != short
        && (single_core_word(short).is_some_and(|word| extends(full, short, word))
            || holds_office(full, short)
            || named_in_brackets(full, short))
}

/// `MODERATOR (LESTER HOLT)`, then `LESTER HOLT`, `HOLT` or `Mr. Holt`:
/// `short` is the person `full` names in its first brackets, by that name
/// or its last word. The brackets must hold a name of at least two words,
/// each capitalised and none a code, so an affiliation (`(CNN)`, `(Lab)`,
/// `(R-TX)`) is never read as a person.
fn named_in_brackets(full: &str, short: &str) -> bool {
    let Some(inner) = labels::first_bracketed(full) else {
        return false;
    };
    let words: Vec<&str> = inner.split_whitespace().collect();
    let name_like = words.len() >= 2
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’'))
        });
    if !name_like || labels::outside_brackets(short) != short {
        return false;
    }
    let lower = |s: &str| s.to_lowercase();
    let short_words: Vec<String> = short.split_whitespace().map(lower).collect();
    let inner_words: Vec<String> = words.iter().map(|w| lower(w)).collect();
    short_words == inner_words
        || single_core_word(short).is_some_and(|word| {
            inner_words.last() == Some(&lower(word))
                && core_words(short)
                    .iter()
                    .all(|w| inner_words.contains(&lower(w)))
        })
}

/// Hansard's `The Prime Minister (Keir Starmer)`, then `The Prime
/// Minister`: `short` is `full` without the name in brackets.
fn holds_office(full: &str, short: &str) -> bool {
    let outside = labels::outside_brackets(full).trim();
    labels::outside_brackets(short) == short
        && outside.len() < full.len()
        && outside.eq_ignore_ascii_case(short.trim())
}

/// Whether `full` is a fuller form of `short`, whose core is `word`.
fn extends(full: &str, short: &str, word: &str) -> bool {
    let lower = |s: &str| s.to_lowercase();
    let full_words: Vec<String> = full.split_whitespace().map(lower).collect();
    full != short
        && full_words.len() > short.split_whitespace().count()
        && core_words(full)
            .last()
            .is_some_and(|last| lower(last) == lower(word))
        && short
            .split_whitespace()
            .all(|w| full_words.contains(&lower(w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TranscriptFormat;
    use crate::transcript::Transcript;

    fn speakers(text: &str, roles: &Roles) -> Vec<Option<String>> {
        let t = Transcript::parse(text, TranscriptFormat::Text, roles).unwrap();
        t.segments.into_iter().map(|s| s.speaker).collect()
    }

    fn some(names: &[&str]) -> Vec<Option<String>> {
        names.iter().map(|n| Some(n.to_string())).collect()
    }

    #[test]
    fn a_broadcast_transcript_reads_surnames_as_the_people_introduced() {
        let text = "WOLF BLITZER, CNN ANCHOR: Welcome back.\n\
            SEN. BERNIE SANDERS (I-VT), PRESIDENTIAL CANDIDATE: Thank you, Wolf.\n\
            BLITZER: Is that right?\n\
            SANDERS: Yes. The Federal Reserve found that in 2018.\n\
            \n\
            Wages have been flat for 40 years.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&[
                "Wolf Blitzer",
                "Sen. Bernie Sanders (I-VT)",
                "Wolf Blitzer",
                "Sen. Bernie Sanders (I-VT)",
                "Sen. Bernie Sanders (I-VT)",
            ])
        );
    }

    #[test]
    fn two_people_with_one_surname_keep_the_label_as_written() {
        let text = "GEORGE BUSH, FORMER PRESIDENT: We did.\n\
            LAURA BUSH, FORMER FIRST LADY: We did not.\n\
            BUSH: Fine.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["George Bush", "Laura Bush", "Bush"])
        );
    }

    #[test]
    fn a_surname_before_the_full_name_or_declared_by_the_source_stays() {
        let text = "SMITH: First.\nSEN. JOHN SMITH: Second.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["Smith", "Sen. John Smith"])
        );
        let text = "SEN. SMITH: Unemployment fell.\nSMITH: It did.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["Sen. Smith", "Sen. Smith"])
        );
        let roles = Roles {
            speakers: vec!["Smith".into()],
            ..Roles::default()
        };
        assert_eq!(speakers(text, &roles), some(&["Sen. Smith", "Smith"]));
    }

    #[test]
    fn hansard_reads_the_office_as_its_holder_named_in_brackets() {
        let text = "Mr Speaker: Order.\n\n\
            Sarah Jones (Croydon Central) (Lab): If he will list his engagements.\n\n\
            The Prime Minister (Keir Starmer): Unemployment is at 4.3 per cent.\n\n\
            Kemi Badenoch (North West Essex) (Con): Inflation has doubled.\n\n\
            The Prime Minister: Inflation is 2.3 per cent.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&[
                "Mr Speaker",
                "Sarah Jones (Croydon Central) (Lab)",
                "The Prime Minister (Keir Starmer)",
                "Kemi Badenoch (North West Essex) (Con)",
                "The Prime Minister (Keir Starmer)",
            ])
        );
        // Two holders named in brackets: the office alone stays as written.
        let text =
            "The Chair (Ann Lee): Order.\n\nThe Chair (Bo Chen): Thanks.\n\nThe Chair: Next.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["The Chair (Ann Lee)", "The Chair (Bo Chen)", "The Chair"])
        );
    }

    #[test]
    fn a_person_named_in_brackets_is_read_by_that_name_afterwards() {
        let text = "MODERATOR (LESTER HOLT): Good evening.\n\
            DONALD TRUMP: Thank you, Lester.\n\
            HOLT: Mr. Trump, your answer?\n\
            TRUMP: We lost 70,000 factories.\n\
            Lester Holt: Thank you.\n";
        let holt = "Moderator (LESTER HOLT)";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&[holt, "Donald Trump", holt, "Donald Trump", holt])
        );
        // An affiliation or a party in brackets is nobody's name.
        let text = "JOHN KING (CNN): Welcome.\nCNN: This is CNN.\n\
            SEN. JOHN SMITH (R-TX): Unemployment fell.\nR-TX: Noise.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["John King (CNN)", "CNN", "Sen. John Smith (R-TX)", "R-Tx"])
        );
        // Two labels naming the same surname in brackets: left as written.
        let text = "HOST (ANN LEE): Hi.\nGUEST (BO LEE): Hello.\nLEE: Bye.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["Host (ANN LEE)", "Guest (BO LEE)", "Lee"])
        );
    }

    #[test]
    fn a_different_title_or_first_name_is_not_joined() {
        let text = "SEN. SMITH: One.\nMR. SMITH: Two.\nJANE DOE: Three.\nJOHN: Four.\n";
        assert_eq!(
            speakers(text, &Roles::default()),
            some(&["Sen. Smith", "Mr. Smith", "Jane Doe", "John"])
        );
    }
}

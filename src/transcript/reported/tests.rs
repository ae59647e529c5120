//! Unit tests of news-article prose.

use super::*;

/// `(whose, text)` of each piece: `-` narration, `?` nobody, else the name.
fn pieces(text: &str, thread: &mut Thread) -> Vec<(String, String)> {
    read(text, thread)
        .into_iter()
        .map(|p| {
            let who = match p.said {
                None => "-".to_string(),
                Some(Said::Nobody) => "?".to_string(),
                Some(Said::By(n)) => n,
            };
            (who, text[p.range].trim().to_string())
        })
        .collect()
}

fn w(who: &str, text: &str) -> (String, String) {
    (who.to_string(), text.to_string())
}

#[test]
fn narration_is_the_reporters_and_quotations_their_attributions() {
    let mut t = Thread::default();
    let text = "\"We will not back down,\" the mayor said. She added that the budget was balanced. \"Nobody will lose a job.\"";
    assert!(is_reported(text));
    assert_eq!(
        pieces(text, &mut t),
        vec![
            w("the mayor", "\"We will not back down,\""),
            w(
                "-",
                "the mayor said. She added that the budget was balanced."
            ),
            w("the mayor", "\"Nobody will lose a job.\""),
        ]
    );
    // Wire copy: curly marks, inverted attribution, an appositive.
    let text = "“That is simply false,” said Rep. Tom Hale, a Republican from Ohio. “The CBO said no such thing.”";
    assert_eq!(
        pieces(text, &mut Thread::default()),
        vec![
            w("Rep. Tom Hale", "“That is simply false,”"),
            w("-", "said Rep. Tom Hale, a Republican from Ohio."),
            w("Rep. Tom Hale", "“The CBO said no such thing.”"),
        ]
    );
    // A colon, a question, a quotation split by its attribution.
    let text = "Ortiz said: \"We are $40 million short.\" \"Why now?\" she asked. \"Nobody will lose a job,\" Lee said, \"and reserves grew.\"";
    let got = pieces(text, &mut Thread::default());
    assert_eq!(got[1], w("Ortiz", "\"We are $40 million short.\""));
    assert_eq!(
        got[2],
        w("Ortiz", "\"Why now?\""),
        "she: the one named before"
    );
    assert_eq!(got[4], w("Lee", "\"Nobody will lose a job,\""));
    assert_eq!(got[6], w("Lee", "\"and reserves grew.\""));
    // British single marks; an apostrophe is not a mark.
    let text = "‘We have not raised taxes on working people,’ Reeves said. ‘Not one penny of the mayor’s.’";
    let got = pieces(text, &mut Thread::default());
    assert_eq!(got[0].0, "Reeves");
    assert_eq!(got[2], w("Reeves", "‘Not one penny of the mayor’s.’"));
}

#[test]
fn nobody_is_guessed() {
    // Someone unnamed; a new name before a pronoun; a partial quotation
    // stays in the narration.
    let got = pieces(
        "A Treasury spokeswoman said: ‘The figures speak for themselves.’",
        &mut Thread::default(),
    );
    assert_eq!(got[1], w("?", "‘The figures speak for themselves.’"));
    let mut t = Thread::default();
    pieces("\"We will not back down,\" Lee said.", &mut t);
    let got = pieces("Ortiz disagreed. He added: \"We are short.\"", &mut t);
    assert_eq!(
        got.last().unwrap(),
        &w("?", "\"We are short.\""),
        "he: Ortiz or Lee?"
    );
    let got = pieces(
        "Stride said the claim was ‘nonsense’ and would cost 300 jobs.",
        &mut Thread::default(),
    );
    assert_eq!(
        got,
        vec![w(
            "-",
            "Stride said the claim was ‘nonsense’ and would cost 300 jobs."
        )]
    );
    // An unattributed quotation after a new name is nobody's.
    let got = pieces(
        "\"We will not back down,\" Lee said. Ortiz shook his head. \"The numbers do not add up.\"",
        &mut Thread::default(),
    );
    assert_eq!(got.last().unwrap().0, "?");
}

#[test]
fn a_quotation_running_on_continues_its_speaker_across_paragraphs() {
    let mut t = Thread::default();
    pieces(
        "\"We balanced it three years running,\" Lee said. \"And we will again.",
        &mut t,
    );
    assert_eq!(pieces("\"Nobody will lose a job.\"", &mut t)[0].0, "Lee");
    // After a paragraph naming someone else, not.
    t.read_past("Council member Ray Ortiz disagreed.");
    assert_eq!(pieces("\"The numbers do not add up.\"", &mut t)[0].0, "?");
}

#[test]
fn speech_is_not_narration() {
    for text in [
        // A speaker's own paragraph, quoting someone: first person.
        "And my deputy said, \"We can do 4,000 by 2028.\"",
        "We said no. I told them twice.",
        // No attribution at all.
        "The budget grew 4 percent in 2023.",
        "It comes from the permits already in the pipeline.",
    ] {
        assert!(!is_reported(text), "{text}");
    }
    for text in [
        "Hale said the bill would add $300 billion to the deficit.",
        "She added that the budget was balanced.",
        "According to the CBO, the bill would cost $1.2 trillion.",
        "\"We will vote no,\" said a Republican aide.",
    ] {
        assert!(is_reported(text), "{text}");
    }
}

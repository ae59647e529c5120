//! Unit tests of the label grammar.

use super::*;

fn name(line: &str) -> Option<(String, &str)> {
    let h = split_label(line)?;
    Some((h.label.map(display_name).unwrap_or_default(), h.rest))
}

#[test]
fn conventions() {
    let cases = [
        ("Dr. Patel: We saw it.", "Dr. Patel"),
        ("Mr. Smith: No.", "Mr. Smith"),
        ("Sen. Warren: I disagree.", "Sen. Warren"),
        ("SEN. BENEDETTI: Thank you.", "Sen. Benedetti"),
        ("GOV. KASICH: Well.", "Gov. Kasich"),
        ("Patel (WHO): The data.", "Patel (WHO)"),
        (">> HOST: Welcome back.", "Host"),
        ("{\\an8}HOST: Good evening.", "Host"),
        ("\u{feff}MODERATOR: Welcome.", "Moderator"),
        ("الوزير: سنفتح ثلاثة معابر.", "الوزير"),
        ("השר: התקציב יגדל.", "השר"),
        ("[00:01:02] Jane Doe: Hi.", "Jane Doe"),
        ("PRESIDENT TRUMP: Thank you.", "President Trump"),
        ("MS. O'ROURKE: Yes.", "Ms. O'Rourke"),
        ("UNIDENTIFIED MALE: Hey.", "Unidentified Male"),
        ("Ursula von der Leyen: Europe.", "Ursula von der Leyen"),
        ("Q: When?", "Q"),
        ("Le\u{a0}Point: What?", "Le Point"),
        ("**Antoine Bondaz:** Yes.", "Antoine Bondaz"),
        ("**Kwame Mensah**: Our bills.", "Kwame Mensah"),
        ("Jordan Blake (00:00:04): Thanks.", "Jordan Blake"),
        ("**Jordan Blake** (00:04): Thanks.", "Jordan Blake"),
        ("**Jordan Blake** (laughing): Thanks.", "Jordan Blake"),
        ("Audience member: Why?", "Audience member"),
        ("Speaker 2: Hello.", "Speaker 2"),
        // A role after an article, other languages' colon spacing.
        (
            "La journaliste : Madame Le Pen, votre programme.",
            "La journaliste",
        ),
        ("El moderador: Bienvenidos.", "El moderador"),
        (
            "M. Macron : Nous avons créé 1,2 million d'emplois.",
            "M. Macron",
        ),
        // Hansard's long offices: six capitalised words, particles between.
        (
            "The Secretary of State for Health and Social Care (Wes Streeting): Lists fell.",
            "The Secretary of State for Health and Social Care (Wes Streeting)",
        ),
        (
            "The Chancellor of the Duchy of Lancaster (Pat McFadden): Yes.",
            "The Chancellor of the Duchy of Lancaster (Pat McFadden)",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(name(line).map(|n| n.0), Some(want.to_string()), "{line}");
    }
    // Rev's time after the colon is the turn's time, not its text.
    let h = split_label("Dana Whitfield: (00:03) Welcome back.").unwrap();
    assert_eq!(
        (h.label, h.rest, h.at_ms),
        (Some("Dana Whitfield"), "Welcome back.", Some(3_000))
    );
    assert_eq!(
        name(">> We are back."),
        Some((String::new(), "We are back."))
    );
}

#[test]
fn not_labels() {
    for line in [
        "Note: the budget was cut.",
        "Here is the thing: it failed.",
        "The time was 12:30 then.",
        "see https://x.org",
        "Firstly, that is it: yes",
        "Update: we were wrong.",
        "It is simple. Look: no.",
        "In 2020: growth.",
        "Participants: Ana, Ben.",
        // One space after a capital A is a sentence; after Q, lower case is too.
        "A Democrat said so.",
        "Q and A followed.",
    ] {
        assert_eq!(name(line), None, "{line}");
    }
}

#[test]
fn labels_alone_on_their_line() {
    for (line, want) in [
        ("Jordan Blake (00:00:04):", Some("Jordan Blake")),
        ("Priya Nair  0:03", Some("Priya Nair")),
        ("Unknown Speaker  1:02:33", Some("Unknown Speaker")),
        (
            "**Councillor Ines Duarte:**",
            Some("Councillor Ines Duarte"),
        ),
        ("**Ines Duarte**", Some("Ines Duarte")),
        ("Jane Doe [00:00:05]", Some("Jane Doe")),
        ("**Jane Doe** (00:01:12)", Some("Jane Doe")),
        ("Jane Doe (00:01 - 00:05):", Some("Jane Doe")),
        ("Jane Doe [00:00:01 --> 00:00:05]", Some("Jane Doe")),
        ("We met at noon (12:30)", None),
        ("We met at noon (12:30 - 1 pm)", None),
        ("MODERATOR:", Some("MODERATOR")),
        ("The meeting starts at 9:30", None),
        ("Update 10:30", None),
        ("Thanks for having me.", None),
    ] {
        assert_eq!(header_label(line).map(|h| h.0), want, "{line}");
    }
}

#[test]
fn placeholders_name_nobody() {
    for l in [
        "Speaker 1",
        "SPEAKER 2",
        "Unknown Speaker",
        "Unidentified Male",
        "Caller 2",
        "Speaker B",
        "Speaker",
        "SPEAKER_00",
        "Speaker-1",
        "SPK_2",
    ] {
        assert!(is_placeholder(l), "{l}");
    }
    for l in [
        "Priya Nair",
        "Anne-Marie",
        "R2-D2",
        "Host",
        "Audience member",
        "Q",
        "Sen. Benedetti",
    ] {
        assert!(!is_placeholder(l), "{l}");
    }
}

#[test]
fn times_of_day_are_not_timestamps() {
    for (line, text) in [
        ("10:30: the meeting began.", "the meeting began."),
        ("1:42 P.M. EST", "EST"),
        ("9:15 am Doors open.", "Doors open."),
    ] {
        assert_eq!(time_of_day(line), Some(text), "{line}");
        assert_eq!(leading_time(line), None, "{line}");
    }
    for line in [
        "00:01:02 Jane Doe: Hi.",
        "[00:01:02] Hi.",
        "10:30 amendments.",
        "The 10:30 train.",
    ] {
        assert_eq!(time_of_day(line), None, "{line}");
    }
    assert!(leading_time("00:01:02 Jane Doe: Hi.").is_some());
}

#[test]
fn look_alikes_and_stage_directions() {
    assert!(looks_like_label("Tom Reilly, Bank of Ireland: The figure."));
    // French spacing before the colon: a label's place, whatever its words.
    assert!(looks_like_label(
        "Le porte-parole du gouvernement : Nous avons dit non."
    ));
    assert!(!looks_like_label("Il a dit : « non »."));
    // A Hansard office with a comma is not read, but not passed over either.
    assert!(looks_like_label(
        "The Secretary of State for Foreign, Commonwealth and Development Affairs (Mr David Lammy): No."
    ));
    for line in [
        "Here is the thing: it failed.",
        "Note: cut.",
        "Carla Mendes: Yes.",
        "In 2020: growth.",
    ] {
        assert!(!looks_like_label(line), "{line}");
    }
    for t in ["(APPLAUSE)", "[LAUGHTER]", "[Music]", "(inaudible)"] {
        assert!(is_not_speech(t), "{t}");
    }
    assert!(is_not_speech("Transcribed by https://otter.ai"));
    assert!(!is_not_speech("(Applause) Thank you."));
}

#[test]
fn bracketed_record_court_and_script_labels() {
    let cases = [
        ("[HOST] Good evening.", "Host", "Good evening."),
        ("[JOHN SMITH]: Thank you.", "John Smith", "Thank you."),
        (
            "(REPORTER) Residents say so.",
            "Reporter",
            "Residents say so.",
        ),
        (
            "Mr. HALVORSEN. Mr. President, I rise.",
            "Mr. Halvorsen",
            "Mr. President, I rise.",
        ),
        (
            "Mr. McALLISTER. I ask consent.",
            "Mr. McAllister",
            "I ask consent.",
        ),
        (
            "Mr. JOHNSON of Ohio. The CBO says.",
            "Mr. Johnson of Ohio",
            "The CBO says.",
        ),
        (
            "The SPEAKER pro tempore. Time.",
            "The Speaker pro tempore",
            "Time.",
        ),
        (
            "The PRESIDING OFFICER. So ordered.",
            "The Presiding Officer",
            "So ordered.",
        ),
        ("Q. Where were you?", "Q", "Where were you?"),
        ("A.  At home.", "A", "At home."),
        ("Q    Thank you.", "Q", "Thank you."),
        // A briefing copied from a web page: its spaces collapsed to one.
        ("Q Thank you, Karine.", "Q", "Thank you, Karine."),
        ("主持人：大家好。", "主持人", "大家好。"),
        (
            "MINISTER KOVALENKO (through interpreter): We got 40%.",
            "Minister Kovalenko",
            "We got 40%.",
        ),
        ("HOST (V.O.): Meanwhile.", "Host", "Meanwhile."),
        ("Rep. Cole [via interpreter]: Yes.", "Rep. Cole", "Yes."),
        (
            "00:01:34 - Eli Novak: The lowest.",
            "Eli Novak",
            "The lowest.",
        ),
        (
            "[00:03:05 - 00:03:09] Eli Novak: Thanks.",
            "Eli Novak",
            "Thanks.",
        ),
    ];
    for (line, who, rest) in cases {
        assert_eq!(name(line), Some((who.to_string(), rest)), "{line}");
    }
    assert_eq!(
        split_label("[00:00:05] Carmen: Hi.").unwrap().at_ms,
        Some(5_000)
    );
    assert_eq!(
        split_label("Speaker 2 (00:01:02): Hi.").unwrap().at_ms,
        Some(62_000)
    );
    assert_eq!(leading_time("[00:02:10]"), Some((130_000, "")));
    // A range after the name: the label without it, the turn at its start.
    let h = split_label("Jane Doe (00:01:05 - 00:01:09): Hi.").unwrap();
    assert_eq!(
        (h.label, h.at_ms, h.rest),
        (Some("Jane Doe"), Some(65_000), "Hi.")
    );
}

#[test]
fn sound_cues_and_prose_are_not_labels() {
    for line in [
        "[APPLAUSE] Thank you.",
        "(LAUGHTER) That is not what the audit found.",
        "[MUSIC PLAYING] Welcome.",
        "(Speaking Spanish) Gracias.",
        "Mr. Smith. He said so.",
        "The FBI. They declined to comment.",
        "The END.",
        "Mr. SMITH.",
        "Quite. We agree.",
        "[00:02:10] The district will ration water.",
    ] {
        assert_eq!(name(line).map(|n| n.0), None, "{line}");
    }
    for t in [
        "[Crosstalk]",
        "[APPLAUSE]",
        "(Laughter.)",
        "[BLANK_AUDIO]",
        "(Whereupon, the witness was sworn.)",
    ] {
        assert!(is_not_speech(t), "{t}");
    }
    assert!(!is_not_speech("[HOST]"));
    assert_eq!(header_label("[HOST]").map(|h| h.0), Some("HOST"));
    assert!(is_examination_heading("CROSS-EXAMINATION"));
    assert!(is_examination_heading("DIRECT EXAMINATION"));
    assert_eq!(examiner("BY MS. ALVAREZ"), Some("MS. ALVAREZ"));
    assert_eq!(examiner("EXAMINATION BY MR. FENWICK"), Some("MR. FENWICK"));
    assert_eq!(examiner("Bobby"), None);
}

#[test]
fn dash_labels_strong_and_weak() {
    assert_eq!(
        dash_label("PAUL OKONKWO - It is up."),
        Some(("PAUL OKONKWO", "It is up.", true))
    );
    assert_eq!(
        dash_label("Nadia Ferreira — Good morning."),
        Some(("Nadia Ferreira", "Good morning.", true))
    );
    assert_eq!(
        dash_label("Maria – We disagree."),
        Some(("Maria", "We disagree.", false))
    );
    // An interview's `Q —` and `A —`: the answer's capital letter too.
    assert_eq!(
        dash_label("A — About a million."),
        Some(("A", "About a million.", false))
    );
    assert_eq!(
        dash_label("Q — And tanks?"),
        Some(("Q", "And tanks?", false))
    );
    for line in [
        "a — lower case is prose.",
        "An - article is prose.",
        "Honestly - it came in under budget.",
        "Look - the numbers are public.",
        "I THINK - WELL, NO.",
        "Mayor Lee – who took office in 2020 – said so.",
        "In 2020 - growth.",
    ] {
        assert_eq!(dash_label(line), None, "{line}");
    }
}

#[test]
fn more_placeholders() {
    for l in [
        "Male Speaker",
        "MULTIPLE SPEAKERS",
        "P1",
        "Spk3",
        "Speaker1",
        "VOICES",
    ] {
        assert!(is_placeholder(l), "{l}");
    }
    for l in ["Paul Okonkwo", "The Court", "Reporter"] {
        assert!(!is_placeholder(l), "{l}");
    }
    assert!(is_asker_label("Q") && is_asker_label("I") && is_asker_label("INTERVIEWER"));
    assert!(is_answerer_label("A") && is_answerer_label("R") && !is_answerer_label("Ana"));
}

#[test]
fn broadcast_labels_name_the_person_without_the_description() {
    for (line, who, rest) in [
        (
            "WOLF BLITZER, CNN ANCHOR: Welcome back.",
            "Wolf Blitzer",
            "Welcome back.",
        ),
        (
            "SEN. BERNIE SANDERS (I-VT), PRESIDENTIAL CANDIDATE: Thank you.",
            "Sen. Bernie Sanders (I-VT)",
            "Thank you.",
        ),
        (
            "DONALD TRUMP, PRESIDENT OF THE UNITED STATES: We have the best economy.",
            "Donald Trump",
            "We have the best economy.",
        ),
        (
            "JANET YELLEN, TREASURY SECRETARY, UNITED STATES: Inflation is falling.",
            "Janet Yellen",
            "Inflation is falling.",
        ),
    ] {
        assert_eq!(name(line), Some((who.to_string(), rest)), "{line}");
    }
    // Shouted sentences with a comma before a colon, and mixed-case lines of
    // the same shape, are not labels (the latter stay look-alikes).
    for line in [
        "HOWEVER, THE PRESIDENT SAID: NO.",
        "IN FACT, WE DID: TWICE.",
        "YES, SIR: RIGHT AWAY.",
        "Tom Reilly, Bank of Ireland: The figure.",
        "WOLF BLITZER, CNN ANCHOR:WELCOME",
    ] {
        assert_eq!(name(line), None, "{line}");
    }
}

#[test]
fn initials_stay_in_capitals_and_short_names_are_title_cased() {
    for (label, shown) in [
        ("KJ", "KJ"),
        ("AB", "AB"),
        ("JFK", "JFK"),
        ("BOB", "Bob"),
        ("ANN", "Ann"),
    ] {
        assert_eq!(display_name(label), shown, "{label}");
    }
}

#[test]
fn roles_several_people_speak_under_are_shared() {
    // Phone-ins, town halls, briefings, public meetings: many voices.
    for l in [
        "CALLER",
        "Caller",
        "AUDIENCE MEMBER",
        "Audience member",
        "MAN IN AUDIENCE",
        "Woman in the crowd",
        "Member of the public",
        "PARTICIPANT",
        "REPORTER",
        "Reporters",
        "JOURNALIST",
        "QUESTIONER",
        "Resident",
        "PROTESTER",
        "FEMALE CALLER",
        "Audience-member",
    ] {
        assert!(is_shared_role(l), "{l}");
    }
    // One person within a transcript, a numbered voice, a person.
    for l in [
        "THE COURT",
        "MODERATOR",
        "THE PRESIDENT",
        "HOST",
        "Q",
        "A",
        "Caller 2",
        "Audience Member 1",
        "Jane Parent",
        "Sen. Benedetti",
        "The Reporter Jane Doe",
        "",
    ] {
        assert!(!is_shared_role(l), "{l}");
    }
}

#[test]
fn a_briefings_question_label_in_capitals_is_read() {
    // The State Department's briefings: `QUESTION:` is the reporters' `Q`;
    // `Question:` in prose opens a sentence.
    assert_eq!(
        name("QUESTION: Did the president sign it?"),
        Some(("Question".to_string(), "Did the president sign it?"))
    );
    assert_eq!(name("Question: what did the audit find?"), None);
    assert!(is_asker_label("QUESTION"));
}

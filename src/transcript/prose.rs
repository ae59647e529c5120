//! Prose transcripts, plain text and Markdown: paragraphs (or one turn a
//! line when the file has no blank lines), each opened by a speaker label,
//! a label alone on the line above (Rev, Otter, `**Name:**`), a bare `>>`,
//! or nothing (narration, an unlabelled question, a continuation, or a
//! reporter's paragraph of news prose, cut by `reported` into narration
//! and quotations).

use super::dashes::Dashes;
use super::labels;
use super::margins;
use super::reported::{self, Said, Thread};
use super::{sentences, Roles, Segment};

#[derive(Default)]
struct Para<'a> {
    lines: Vec<(u32, &'a str)>,
    heading: bool,
    /// The label that opens the first line (`labels::split_label`), read
    /// once while the paragraphs are cut.
    head: Option<labels::Head<'a>>,
}

/// Strips Markdown block markers that are not speech: headings' `#`, quote
/// `>`, list bullets. Returns the line and whether it was a heading.
fn strip_markdown(line: &str) -> (&str, bool) {
    let t = line.trim_start();
    let heading = t.starts_with('#') && t.trim_start_matches('#').starts_with([' ', '\t']);
    let t = t.trim_start_matches('#').trim_start();
    let t = t.strip_prefix('>').map_or(t, str::trim_start);
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .unwrap_or(t);
    (t, heading)
}

/// Whether an unlabelled paragraph reads as an interviewer's prompt: a short
/// paragraph ending in a question mark, or a single sentence trailing off.
fn is_prompt(text: &str) -> bool {
    let t = text.trim_end();
    let count = sentences::split(t).len();
    (t.ends_with('?') && count <= 2) || ((t.ends_with('…') || t.ends_with("...")) && count == 1)
}

/// Whether a line ends with the end of a sentence (or a label alone).
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    t.ends_with(['.', '?', '!', '…', ':', ';']) || labels::header_label(line).is_some()
}

/// Whether a line opens a turn of its own; `labelled`: whether
/// `labels::split_label` reads a label at its start.
fn opens_turn(line: &str, labelled: bool, no: u32, dashes: &Dashes) -> bool {
    labelled
        || labels::header_label(line).is_some()
        || labels::looks_like_label(line)
        || labels::is_nobodys_entry(line)
        || labels::is_not_speech(line)
        || labels::is_examination_heading(line)
        || labels::leading_time(line).is_some()
        || dashes.splits(no)
}

/// Paragraphs: blocks between blank lines; a file without blank lines
/// between its lines has one paragraph a line. A labelled line, a heading
/// and a stage direction always stand apart.
fn paragraphs<'a>(lines: &[&'a str], markdown: bool, dashes: &Dashes) -> Vec<Para<'a>> {
    let block_mode = lines
        .windows(3)
        .any(|w| !w[0].trim().is_empty() && w[1].trim().is_empty() && !w[2].trim().is_empty());
    let mut out: Vec<Para> = Vec::new();
    let mut current = Para::default();
    for (i, raw) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let (line, heading) = if markdown {
            strip_markdown(raw)
        } else {
            (*raw, false)
        };
        let line = labels::clean_line(line);
        let rule = markdown && (line == "---" || line == "***" || line.starts_with("```"));
        if line.is_empty() || rule {
            flush(&mut current, &mut out);
            continue;
        }
        // Without blank lines a line is a paragraph, unless it carries on
        // a sentence the line before left open (wrapped text).
        let wrapped = current.lines.last().is_some_and(|(_, l)| !ends_sentence(l));
        let own_line = !block_mode && !wrapped;
        let head = labels::split_label(line);
        if heading || own_line || opens_turn(line, head.is_some(), line_no, dashes) {
            flush(&mut current, &mut out);
        }
        if current.lines.is_empty() {
            current.head = head;
        }
        current.lines.push((line_no, line));
        if heading || labels::is_not_speech(line) || labels::is_examination_heading(line) {
            current.heading = heading;
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush<'a>(p: &mut Para<'a>, out: &mut Vec<Para<'a>>) {
    if !p.lines.is_empty() {
        out.push(std::mem::take(p));
    }
}

/// What opens a paragraph: a label (`Some(Some(label))`, `Some(None)` for a
/// bare `>>`), the text after it, and a time written before it.
struct Opening<'a> {
    label: Option<Option<&'a str>>,
    text: &'a str,
    at_ms: Option<u64>,
}

/// `head`: what `labels::split_label` read at the start of `first`.
fn opening<'a>(
    first: &'a str,
    head: Option<labels::Head<'a>>,
    line_no: u32,
    dashes: &Dashes,
) -> Opening<'a> {
    if let Some(h) = head {
        return Opening {
            label: Some(h.label),
            text: h.rest,
            at_ms: h.at_ms,
        };
    }
    if let Some((l, at_ms)) = labels::header_label(first) {
        return Opening {
            label: Some(Some(l)),
            text: "",
            at_ms,
        };
    }
    if let Some((l, rest)) = dashes.label(line_no, first) {
        return Opening {
            label: Some(Some(l)),
            text: rest,
            at_ms: None,
        };
    }
    match labels::leading_time(first) {
        Some((ms, rest)) => Opening {
            label: None,
            text: rest,
            at_ms: Some(ms),
        },
        None => Opening {
            label: None,
            text: first,
            at_ms: None,
        },
    }
}

/// Joins a paragraph's text, with the file line where each line starts.
fn join(
    first: &str,
    rest: &[(u32, &str)],
    first_no: u32,
    markdown: bool,
) -> (String, Vec<(usize, u32)>) {
    let mut text = String::new();
    let mut marks = Vec::new();
    let lines = std::iter::once((first_no, first)).chain(rest.iter().copied());
    for (no, line) in lines.filter(|(_, l)| !l.is_empty()) {
        if !text.is_empty() {
            text.push(' ');
        }
        marks.push((text.len(), no));
        text.push_str(line);
    }
    if markdown {
        // A paragraph wholly in emphasis (`*Transcript edited.*`): drop the marks.
        for m in ["**", "*", "__", "_"] {
            if text.len() > 2 * m.len() && text.starts_with(m) && text.ends_with(m) {
                text = text[m.len()..text.len() - m.len()].to_string();
                marks = marks
                    .into_iter()
                    .map(|(o, n)| (o.saturating_sub(m.len()), n))
                    .collect();
                break;
            }
        }
    }
    (text, marks)
}

/// A piece of a joined paragraph (`join`), trimmed, with the file line
/// where each of its lines starts.
fn slice(
    text: &str,
    marks: &[(usize, u32)],
    range: std::ops::Range<usize>,
) -> (String, Vec<(usize, u32)>) {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.end - (piece.len() - piece.trim_end().len());
    let line = |at: usize| {
        let i = marks.partition_point(|(o, _)| *o <= at);
        marks.get(i.saturating_sub(1)).map_or(1, |m| m.1)
    };
    let mut lines = vec![(0, line(start))];
    lines.extend(
        (marks.iter())
            .filter(|(o, _)| *o > start && *o < end)
            .map(|(o, n)| (o - start, *n)),
    );
    (text[start..end].to_string(), lines)
}

/// The cleaned lines of a file, numbered from 1, with Markdown markers gone.
fn cleaned(lines: &[&str], markdown: bool) -> Vec<(u32, String)> {
    lines
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let line = if markdown { strip_markdown(raw).0 } else { raw };
            (i as u32 + 1, labels::clean_line(line).to_string())
        })
        .collect()
}

/// How a paragraph with more lines is headed when no label opens it: a
/// name in capitals alone on its first line (`JANE DOE`, then the turn),
/// or a time and a name alone (`00:00:05 Jane Doe`), with that time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Header<'a> {
    Caps(&'a str),
    Timed(&'a str, u64),
}

impl<'a> Header<'a> {
    fn of(para: &Para<'a>) -> Option<Header<'a>> {
        let (_, first) = *para.lines.first()?;
        if para.head.is_some() || para.heading || para.lines.len() < 2 {
            return None;
        }
        labels::caps_name_alone(first)
            .map(Header::Caps)
            .or_else(|| labels::timed_name_alone(first).map(|(n, ms)| Header::Timed(n, ms)))
    }

    fn name(self) -> &'a str {
        match self {
            Header::Caps(n) | Header::Timed(n, _) => n,
        }
    }
}

/// Which headers the file uses for its turns (a heading or a caption line
/// can look the same): for each kind, at least three paragraphs headed so,
/// by two names or more, one of them heading two turns or more (speakers
/// come back; a document's headings do not); timed names also head at
/// least four in five of the paragraphs that start with a time.
fn headers_used(paras: &[Para], headers: &[Option<Header>]) -> (bool, bool) {
    use std::collections::HashMap;
    let mut caps: HashMap<String, usize> = HashMap::new();
    let mut timed: HashMap<String, usize> = HashMap::new();
    for h in headers.iter().flatten() {
        let map = match h {
            Header::Caps(_) => &mut caps,
            Header::Timed(..) => &mut timed,
        };
        *map.entry(labels::display_name(h.name())).or_default() += 1;
    }
    let recurring = |m: &HashMap<String, usize>| {
        m.values().sum::<usize>() >= 3 && m.len() >= 2 && m.values().any(|n| *n >= 2)
    };
    let timed_lines = (paras.iter())
        .filter(|p| p.head.is_none() && labels::leading_time(p.lines[0].1).is_some())
        .count();
    let timed_share = 5 * timed.values().sum::<usize>() >= 4 * timed_lines;
    (recurring(&caps), recurring(&timed) && timed_share)
}

/// Who a label names: the examiner of a court transcript's `BY MR. SMITH:`
/// asks the `Q.` questions unless the speaker map says otherwise.
fn named_by(
    label: &str,
    roles: &Roles,
    examiner: &Option<String>,
    known: &mut Named,
) -> Option<String> {
    let (examined, person) = known.entry(label.to_string()).or_insert_with(|| {
        let examined = labels::is_asker_label(label) && !roles.maps(label);
        (examined, roles.speaker_for(label))
    });
    match examiner {
        Some(_) if *examined => examiner.clone(),
        _ => person.clone(),
    }
}

/// What [`named_by`] found for each label of one transcript (a transcript
/// has few labels and many turns): whether the examiner asks under it,
/// and the person it names otherwise.
type Named = std::collections::HashMap<String, (bool, Option<String>)>;

pub fn parse(text: &str, markdown: bool, roles: &Roles, lookalikes: &mut Vec<u32>) -> Vec<Segment> {
    let lines = margins::without_margin_numbers(text.lines().collect());
    let clean = cleaned(&lines, markdown);
    let dashes = Dashes::scan(clean.iter().map(|(n, l)| (*n, l.as_str())));
    let mut segments = Vec::new();
    let mut seen_label = false;
    // The speaker a continuation paragraph belongs to; `None` after a bare
    // `>>`, a placeholder, a look-alike label or an unlabelled question.
    let mut last_speaker: Option<String> = None;
    // The last turn was a label alone, its text still to come.
    let mut header_pending = false;
    // A time read on a line of its own or with a label alone, for the next turn.
    let mut pending_ms: Option<u64> = None;
    let mut turn_ms: Option<u64> = None;
    let mut examiner: Option<String> = None;
    let mut named = Named::new();
    // While the paragraphs are a reporter's (news prose): who a pronoun
    // or an opening quotation refers to.
    let mut thread: Option<Thread> = None;
    let paras = paragraphs(&lines, markdown, &dashes);
    let headers: Vec<Option<Header>> = paras.iter().map(Header::of).collect();
    let (caps, timed) = headers_used(&paras, &headers);
    for (para, header) in paras.iter().zip(headers) {
        let (first_no, first) = para.lines[0];
        if (labels::is_not_speech(first) || labels::is_examination_heading(first)) && !para.heading
        {
            continue;
        }
        let open = if para.heading {
            Opening {
                label: None,
                text: first,
                at_ms: None,
            }
        } else if let Some(h) = header.filter(|h| match h {
            Header::Caps(_) => caps,
            Header::Timed(..) => timed,
        }) {
            Opening {
                label: Some(Some(h.name())),
                text: "",
                at_ms: match h {
                    Header::Timed(_, ms) => Some(ms),
                    Header::Caps(_) => None,
                },
            }
        } else {
            opening(first, para.head.clone(), first_no, &dashes)
        };
        let label = open.label;
        if let Some(Some(x)) = label.and_then(|l| l.map(labels::examiner)) {
            examiner = roles.speaker_for(x);
            seen_label = true;
            continue;
        }
        let (text, marks) = join(open.text, &para.lines[1..], first_no, markdown);
        if label.is_none() && text.is_empty() {
            pending_ms = open.at_ms.or(pending_ms);
            continue;
        }
        let lookalike = label.is_none()
            && !para.heading
            && (labels::looks_like_label(first) || dashes.lookalike(first_no));
        // An editor's note, or an entry of minutes opened by the time of
        // day (`10:30: the meeting began`, `1:42 P.M. EST`), is nobody's
        // speech, and ends the turn as a heading does.
        let note = label.is_none() && labels::is_nobodys_entry(first);
        let speaker = match label {
            Some(l) => {
                seen_label = true;
                last_speaker = l.and_then(|l| named_by(l, roles, &examiner, &mut named));
                last_speaker.clone()
            }
            None if para.heading || lookalike || note => {
                if lookalike {
                    lookalikes.push(first_no);
                    seen_label = true;
                }
                last_speaker = None;
                None
            }
            None if header_pending => last_speaker.clone(),
            // Narration goes to the narrator only when one is declared.
            None if !seen_label => roles.narrator.clone(),
            // An unlabelled question goes to whoever asks the questions,
            // only when that is declared. After it, the interviewee answers:
            // the last labelled speaker who is not the asker; else unknown.
            None if is_prompt(&text) => {
                let asker = roles.asker();
                if asker.is_none() || last_speaker == asker {
                    last_speaker = None;
                }
                asker
            }
            None => last_speaker.clone(),
        };
        header_pending = label.is_some() && text.is_empty();
        // A continuation keeps the time of the turn it continues.
        let continues = label.is_none() && !para.heading && !lookalike && !note;
        let at_ms = open
            .at_ms
            .or(pending_ms.take())
            .or(if continues { turn_ms } else { None });
        if text.is_empty() {
            pending_ms = at_ms;
            continue;
        }
        turn_ms = at_ms;
        // A reporter's paragraph: the narration is the narrator's (or
        // nobody's), each quotation its attribution's; and the paragraph
        // after it does not go on with the speaker before.
        let opens_quote = text.starts_with(['"', '“', '«', '‘']);
        if continues
            && !header_pending
            && (reported::is_reported(&text) || thread.is_some() && opens_quote)
        {
            let t = thread.get_or_insert_with(Thread::default);
            for piece in reported::read(&text, t) {
                let (label, speaker) = match piece.said {
                    None => (None, roles.narrator.clone()),
                    Some(Said::Nobody) => (None, None),
                    Some(Said::By(name)) => {
                        let who = named_by(&name, roles, &None, &mut named);
                        (Some(name), who)
                    }
                };
                let (text, lines) = slice(&text, &marks, piece.range);
                segments.push(Segment {
                    speaker,
                    label,
                    text,
                    lines,
                    start_ms: at_ms,
                    end_ms: None,
                });
            }
            last_speaker = None;
            continue;
        }
        match thread.as_mut() {
            Some(t) if continues => t.read_past(&text),
            _ => thread = None,
        }
        segments.push(Segment {
            speaker,
            label: label.flatten().map(str::to_string),
            text,
            lines: marks,
            start_ms: at_ms,
            end_ms: None,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(text: &str, roles: &Roles) -> Vec<Option<String>> {
        parse(text, false, roles, &mut Vec::new())
            .into_iter()
            .map(|s| s.speaker)
            .collect()
    }

    #[test]
    fn screenplay_names_in_capitals_head_the_turns_below() {
        let s = |v: &str| Some(v.to_string());
        // With blank lines between turns, and without.
        for text in [
            "ANDERSON COOPER\nGood evening.\n\nJANE DOE\nCrime fell 12 percent\nin 2023.\n\nANDERSON COOPER\nReally?\n",
            "ANDERSON COOPER\nGood evening.\nJANE DOE\nCrime fell 12 percent in 2023.\nANDERSON COOPER\nReally?\n",
        ] {
            let segs = parse(text, false, &Roles::default(), &mut Vec::new());
            let got: Vec<(Option<String>, String)> =
                segs.into_iter().map(|x| (x.speaker, x.text)).collect();
            assert_eq!(got[0], (s("Anderson Cooper"), "Good evening.".to_string()), "{text}");
            assert_eq!(got[1].0, s("Jane Doe"), "{text}");
            assert!(got[1].1.starts_with("Crime fell 12 percent"), "{got:?}");
            assert_eq!(got[2], (s("Anderson Cooper"), "Really?".to_string()));
        }
        // A document's headings in capitals never come back: no speakers.
        let text = "INTRODUCTION\nThis report covers 2023.\n\nMETHODS\nWe asked 400 people.\n\nRESULTS\nCrime fell.\n";
        assert_eq!(who(text, &Roles::default()), vec![None, None, None]);
        // A time and a name alone head the turn below, with that time.
        let text = "00:00:01 Jane Doe\nWelcome to the show.\n\n[00:00:05] John Roe\nCrime fell 12 percent.\n\n00:00:09 Jane Doe\nReally?\n";
        let segs = parse(text, false, &Roles::default(), &mut Vec::new());
        let got: Vec<(Option<String>, &str, Option<u64>)> = (segs.iter())
            .map(|x| (x.speaker.clone(), x.text.as_str(), x.start_ms))
            .collect();
        assert_eq!(
            got,
            vec![
                (s("Jane Doe"), "Welcome to the show.", Some(1_000)),
                (s("John Roe"), "Crime fell 12 percent.", Some(5_000)),
                (s("Jane Doe"), "Really?", Some(9_000)),
            ]
        );
        // Captions whose lines start with a time and sometimes one
        // capitalised word: not a file of timed names.
        let text = "00:00:01 Okay\nso we start.\n\n00:00:04 Right\nthe budget.\n\n00:00:07 Okay\nnext.\n\n00:00:09 The budget grew 4 percent.\nYes.\n\n00:00:12 And then we voted.\nIt passed.\n";
        assert_eq!(who(text, &Roles::default()), vec![None; 5]);
        // Two names heading one turn each: not enough to tell.
        let text = "JANE DOE\nHello.\n\nJOHN ROE\nHi.\n";
        assert_eq!(who(text, &Roles::default()), vec![None, None]);
    }

    #[test]
    fn q_and_a_dash_turns_are_both_labels() {
        // `Q —` and `A —` turns: both labels read (naming nobody until
        // the speaker map names them), their dashes out of the text.
        let text = "Q — How many shells?\nA — About a million.\nQ — And tanks?\nA — None.\n";
        let segs = parse(text, false, &Roles::default(), &mut Vec::new());
        let got: Vec<(Option<&str>, &str)> = (segs.iter())
            .map(|x| (x.label.as_deref(), x.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Q"), "How many shells?"),
                (Some("A"), "About a million."),
                (Some("Q"), "And tanks?"),
                (Some("A"), "None."),
            ]
        );
    }

    #[test]
    fn narration_and_questions_stay_unattributed_without_roles() {
        let text = "The mayor spoke to us.\n\nWhy now?\n\nMAYOR LEE: Because.\n\nMore.\n\n>> Who is this?\n\nDr. Patel: Me.\n";
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            who(text, &Roles::default()),
            vec![
                None,
                None,
                s("Mayor Lee"),
                s("Mayor Lee"),
                None,
                s("Dr. Patel")
            ]
        );
        let roles = Roles {
            narrator: s("Planet"),
            ..Roles::default()
        };
        assert_eq!(who(text, &roles)[0], s("Planet"));
    }

    #[test]
    fn editors_notes_are_nobodys_and_end_the_turn() {
        let s = |v: &str| Some(v.to_string());
        // With blank lines between paragraphs, and one a line.
        for text in [
            "Mayor Lee: We balanced the budget.\n\nNote: the audit found a shortfall.\n\nWe did.\n\nMayor Lee: Reserves covered it.\n\nCORRECTION: An earlier version erred.\n\n**Update:** Reserves fell.\n",
            "Mayor Lee: We balanced the budget\nNote: the audit found a shortfall.\nWe did.\nMayor Lee: Reserves covered it.\nCORRECTION: An earlier version erred.\n**Update:** Reserves fell.\n",
        ] {
            assert_eq!(
                who(text, &Roles::default()),
                vec![s("Mayor Lee"), None, None, s("Mayor Lee"), None, None],
                "{text}"
            );
        }
        // Minutes and briefings: an entry opened by the time of day.
        let text = "Councillor Stein: It will cost 30 percent.\n\n11:15: the meeting adjourned.\n\nMS. LEAVITT: Thanks.\n\n1:42 P.M. EST\n";
        assert_eq!(
            who(text, &Roles::default()),
            vec![s("Councillor Stein"), None, s("Ms. Leavitt"), None]
        );
    }

    #[test]
    fn a_reporters_paragraph_never_continues_the_speaker_before() {
        let s = |v: &str| Some(v.to_string());
        let text = "Mayor Lee: We will not back down.\n\nCouncil member Ray Ortiz said the plan would cost 300 jobs.\n\nMayor Lee: Nobody will lose a job.\n\nShe added that the budget was balanced. \"Reserves grew 4 percent,\" she said.\n\nThe mayor left early.\n";
        let segs = parse(text, false, &Roles::default(), &mut Vec::new());
        let got: Vec<(Option<&str>, &str)> = (segs.iter())
            .map(|x| (x.speaker.as_deref(), x.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Mayor Lee"), "We will not back down."),
                (
                    None,
                    "Council member Ray Ortiz said the plan would cost 300 jobs."
                ),
                (Some("Mayor Lee"), "Nobody will lose a job."),
                (None, "She added that the budget was balanced."),
                (None, "\"Reserves grew 4 percent,\""),
                (None, "she said."),
                (None, "The mayor left early."),
            ]
        );
        // With a declared narrator, the narration is the narrator's and
        // each quotation its speaker's (the label the attribution writes).
        let roles = Roles {
            narrator: s("Daily Planet"),
            ..Roles::default()
        };
        let text = "\"We will not back down,\" Mayor Lee said on Tuesday.\n\nLee: Nobody will lose a job.\n";
        let segs = parse(text, false, &roles, &mut Vec::new());
        let got: Vec<(Option<&str>, Option<&str>, u32)> = (segs.iter())
            .map(|x| (x.speaker.as_deref(), x.label.as_deref(), x.line()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Mayor Lee"), Some("Mayor Lee"), 1),
                (Some("Daily Planet"), None, 1),
                (Some("Lee"), Some("Lee"), 3),
            ]
        );
    }

    #[test]
    fn court_line_numbers_leave_the_labels_readable() {
        let text = "                 45\n 1   Q.  Were you the manager?\n 2   A.  Yes, from 2015.\n 3             THE COURT:  Sustained.\n 4   BY MR. PARK:\n 5   Q.  Did anyone else\n 6       have the combination?\n";
        let segs = parse(text, false, &Roles::default(), &mut Vec::new());
        let got: Vec<(Option<&str>, Option<&str>, &str, u32)> = (segs.iter())
            .map(|x| {
                (
                    x.label.as_deref(),
                    x.speaker.as_deref(),
                    x.text.as_str(),
                    x.line(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Q"), None, "Were you the manager?", 2),
                (Some("A"), None, "Yes, from 2015.", 3),
                (Some("THE COURT"), Some("The Court"), "Sustained.", 4),
                (
                    Some("Q"),
                    Some("Mr. Park"),
                    "Did anyone else have the combination?",
                    6
                ),
            ]
        );
    }

    #[test]
    fn header_labels_own_the_paragraph_below() {
        let text = "Jordan Blake (00:00:04):\nThanks.\n\nPriya Nair  1:02:15\nWhy?\n\nSpeaker 2 (00:03:00):\nMe.\n";
        let segs = parse(text, false, &Roles::default(), &mut Vec::new());
        let got: Vec<(Option<&str>, &str, u32)> = segs
            .iter()
            .map(|s| (s.speaker.as_deref(), s.text.as_str(), s.line()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Jordan Blake"), "Thanks.", 2),
                (Some("Priya Nair"), "Why?", 5),
                (None, "Me.", 8)
            ]
        );
    }
}

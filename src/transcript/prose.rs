//! Prose transcripts, plain text and Markdown: paragraphs (or one turn a
//! line when the file has no blank lines), each opened by a speaker label,
//! a label alone on the line above (Rev, Otter, `**Name:**`), a bare `>>`,
//! or nothing (narration, an unlabelled question, a continuation).

use super::labels::{self, Label};
use super::{sentences, Roles, Segment};

#[derive(Default)]
struct Para<'a> {
    lines: Vec<(u32, &'a str)>,
    heading: bool,
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

/// Whether a line opens a turn of its own.
fn opens_turn(line: &str) -> bool {
    labels::split_label(line).is_some()
        || labels::header_label(line).is_some()
        || labels::looks_like_label(line)
        || labels::is_not_speech(line)
}

/// Paragraphs: blocks between blank lines; a file without blank lines
/// between its lines has one paragraph a line. A labelled line, a heading
/// and a stage direction always stand apart.
fn paragraphs(text: &str, markdown: bool) -> Vec<Para<'_>> {
    let lines: Vec<&str> = text.lines().collect();
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
        if heading || !block_mode || opens_turn(line) {
            flush(&mut current, &mut out);
        }
        current.lines.push((line_no, line));
        if heading || labels::is_not_speech(line) {
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

/// The label opening a paragraph: `Some(Some(label))`, `Some(None)` for a
/// bare `>>`, and the text after it.
fn opening(first: &str) -> (Option<Option<&str>>, &str) {
    match labels::split_label(first) {
        Some(Label::Named(l, r)) => (Some(Some(l)), r),
        Some(Label::Unknown(r)) => (Some(None), r),
        None => match labels::header_label(first) {
            Some(l) => (Some(Some(l)), ""),
            None => (None, first),
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

pub fn parse(text: &str, markdown: bool, roles: &Roles, lookalikes: &mut Vec<u32>) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut seen_label = false;
    // The speaker a continuation paragraph belongs to; `None` after a bare
    // `>>`, a placeholder, a look-alike label or an unlabelled question.
    let mut last_speaker: Option<String> = None;
    // The last turn was a label alone, its text still to come.
    let mut header_pending = false;
    for para in paragraphs(text, markdown) {
        let (first_no, first) = para.lines[0];
        if labels::is_not_speech(first) && !para.heading {
            continue;
        }
        let (label, first_text) = if para.heading {
            (None, first)
        } else {
            opening(first)
        };
        let (text, marks) = join(first_text, &para.lines[1..], first_no, markdown);
        let lookalike = label.is_none() && !para.heading && labels::looks_like_label(first);
        let speaker = match label {
            Some(l) => {
                seen_label = true;
                last_speaker = l.and_then(|l| roles.speaker_for(l));
                last_speaker.clone()
            }
            None if para.heading || lookalike => {
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
        if text.is_empty() {
            continue;
        }
        segments.push(Segment {
            speaker,
            label: label.flatten().map(str::to_string),
            text,
            lines: marks,
            start_ms: None,
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

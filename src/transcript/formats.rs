//! Layout-specific parsers: prose (text and Markdown), subtitles (WebVTT and
//! SRT) and TSV, each producing speaker-attributed segments.

use super::labels::{self, Label};
use super::{sentences, Roles, Segment, TranscriptError};

/// A speaker label at the start of a line: `Some((Some(name), rest))` for a
/// named label, `Some((None, rest))` for a bare `>>` turn change.
fn label_of(line: &str) -> Option<(Option<String>, &str)> {
    match labels::split_label(line)? {
        Label::Named(l, r) => Some((Some(labels::display_name(l)), r)),
        Label::Unknown(r) => Some((None, r)),
    }
}

/// Strips Markdown block markers that are not speech: headings' `#`, quote `>`,
/// list bullets.
fn strip_markdown(line: &str) -> &str {
    let t = line.trim_start();
    let t = t.trim_start_matches('#').trim_start();
    let t = t.strip_prefix('>').map_or(t, str::trim_start);
    t.strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .unwrap_or(t)
}

/// Whether an unlabelled paragraph reads as an interviewer's prompt: a short
/// paragraph ending in a question mark, or a single sentence trailing off.
fn is_prompt(text: &str) -> bool {
    let t = text.trim_end();
    let count = sentences::split(t).len();
    (t.ends_with('?') && count <= 2) || ((t.ends_with('…') || t.ends_with("...")) && count == 1)
}

pub fn parse_prose(text: &str, markdown: bool, roles: &Roles) -> Vec<Segment> {
    // Paragraphs: blocks between blank lines; a file without blank lines
    // between its lines has one paragraph a line.
    let lines: Vec<&str> = text.lines().collect();
    let block_mode = lines
        .windows(3)
        .any(|w| !w[0].trim().is_empty() && w[1].trim().is_empty() && !w[2].trim().is_empty());
    let mut paragraphs: Vec<Vec<(u32, &str)>> = Vec::new();
    let mut current: Vec<(u32, &str)> = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let line = if markdown {
            strip_markdown(raw)
        } else {
            raw.trim()
        };
        let line = line.trim();
        if line.is_empty() || (markdown && (line == "---" || line.starts_with("```"))) {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        // A labelled line always starts a new turn.
        if !current.is_empty() && (!block_mode || label_of(line).is_some()) {
            paragraphs.push(std::mem::take(&mut current));
        }
        current.push((line_no, line));
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }

    let mut segments = Vec::new();
    let mut seen_label = false;
    // The speaker a continuation paragraph belongs to; `None` after a bare
    // `>>` (unknown speaker) or an unlabelled question.
    let mut last_speaker: Option<String> = None;
    for para in paragraphs {
        let (first_no, first) = para[0];
        let (label, first_text) = match label_of(first) {
            Some((l, rest)) => (Some(l), rest),
            None => (None, first),
        };
        let mut text = String::from(first_text);
        let mut marks = vec![(0, first_no)];
        for &(no, line) in &para[1..] {
            text.push(' ');
            marks.push((text.len(), no));
            text.push_str(line);
        }
        let speaker = match label {
            Some(l) => {
                seen_label = true;
                last_speaker = l.clone();
                l
            }
            // Narration goes to the narrator only when one is declared.
            None if !seen_label => roles.narrator.clone(),
            // An unlabelled question goes to the interviewer only when one is declared.
            // After it, the interviewee answers: the last labelled speaker
            // who is not the interviewer; without an interviewer, unknown.
            None if is_prompt(&text) => {
                if roles.interviewer.is_none() || last_speaker == roles.interviewer {
                    last_speaker = None;
                }
                roles.interviewer.clone()
            }
            None => last_speaker.clone(),
        };
        segments.push(Segment {
            speaker,
            text,
            lines: marks,
            start_ms: None,
            end_ms: None,
        });
    }
    segments
}

/// Parses `[HH:]MM:SS(.|,)mmm` into milliseconds.
pub fn parse_time(s: &str) -> Option<u64> {
    let s = s.trim();
    let (hms, ms) = s.split_once(['.', ','])?;
    if ms.len() != 3 || !ms.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, sec) = match nums.as_slice() {
        [m, s] => (0, *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms.parse::<u64>().ok()?)
}

/// Formats milliseconds as `HH:MM:SS.mmm`.
pub fn format_time(ms: u64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    format!("{h:02}:{m:02}:{:02}.{:03}", rest / 1000, rest % 1000)
}

/// Removes WebVTT cue markup and returns the `<v Name>` voice, if any.
fn strip_cue_tags(line: &str) -> (Option<String>, String) {
    let mut voice = None;
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if let Some(name) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.'])) {
            let name = name.split_once(' ').map_or("", |(_, n)| n).trim();
            if !name.is_empty() {
                voice = Some(name.to_string());
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    (voice, decode_entities(&out))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&amp;", "&")
}

pub fn parse_subtitles(text: &str, vtt: bool) -> Result<Vec<Segment>, TranscriptError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    if vtt {
        let first = lines
            .first()
            .map_or("", |l| l.trim_start_matches('\u{feff}'));
        if !first.starts_with("WEBVTT") {
            return Err(TranscriptError {
                line: 1,
                message: "a WebVTT file must start with the line WEBVTT".into(),
            });
        }
        i = 1;
    }
    let mut segments = Vec::new();
    let mut speaker: Option<String> = None;
    while i < lines.len() {
        // Skip blank lines; gather one block.
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        if block.is_empty() {
            break;
        }
        if vtt
            && ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|k| block[0].starts_with(k))
        {
            continue;
        }
        let timing_at = block.iter().position(|l| l.contains("-->"));
        let Some(t) = timing_at.filter(|&t| t <= 1) else {
            return Err(TranscriptError {
                line: start as u32 + 1,
                message: "expected a cue timing line like `00:00:01.000 --> 00:00:04.000`".into(),
            });
        };
        let timing = block[t];
        let (a, b) = timing.split_once("-->").unwrap_or((timing, ""));
        let b = b.split_whitespace().next().unwrap_or("");
        let line_no = (start + t) as u32 + 1;
        let (Some(start_ms), Some(end_ms)) = (parse_time(a), parse_time(b)) else {
            return Err(TranscriptError {
                line: line_no,
                message: format!("cannot read the cue times in {timing:?}"),
            });
        };
        if end_ms < start_ms {
            return Err(TranscriptError {
                line: line_no,
                message: "the cue ends before it starts".into(),
            });
        }
        let mut text = String::new();
        let mut marks = Vec::new();
        let mut cue_speaker = None;
        for (k, raw) in block[t + 1..].iter().enumerate() {
            let (voice, clean) = strip_cue_tags(labels::clean_line(raw));
            let mut clean = labels::clean_line(&clean).to_string();
            if let Some(rest) = clean.strip_prefix('-') {
                clean = rest.trim_start().to_string();
            }
            if voice.is_some() {
                cue_speaker = Some(voice);
            } else if let Some((label, rest)) = label_of(&clean) {
                cue_speaker = Some(label);
                clean = rest.to_string();
            }
            if clean.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            marks.push((text.len(), line_no + 1 + k as u32));
            text.push_str(&clean);
        }
        if let Some(cue) = cue_speaker {
            speaker = cue;
        }
        if text.is_empty() {
            continue;
        }
        segments.push(Segment {
            speaker: speaker.clone(),
            text,
            lines: marks,
            start_ms: Some(start_ms),
            end_ms: Some(end_ms),
        });
    }
    Ok(segments)
}

pub fn parse_tsv(text: &str) -> Result<Vec<Segment>, TranscriptError> {
    let mut segments = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(TranscriptError {
                line: line_no,
                message: format!(
                    "expected `line<TAB>speaker<TAB>text`, found {} column(s)",
                    cols.len()
                ),
            });
        }
        if cols[0].trim().parse::<u64>().is_err() {
            if segments.is_empty() && i == 0 {
                continue; // a header row
            }
            return Err(TranscriptError {
                line: line_no,
                message: format!(
                    "the first column must be a line number, found {:?}",
                    cols[0]
                ),
            });
        }
        let speaker = cols[1].trim();
        let text = cols[2].trim();
        if text.is_empty() {
            continue;
        }
        segments.push(Segment {
            speaker: (!speaker.is_empty()).then(|| speaker.to_string()),
            text: text.to_string(),
            lines: vec![(0, line_no)],
            start_ms: None,
            end_ms: None,
        });
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let l = |line| label_of(line).map(|(n, r)| (n, r.to_string()));
        assert_eq!(
            l("Le Point: What?"),
            Some((Some("Le Point".into()), "What?".into()))
        );
        assert_eq!(
            l("**Antoine Bondaz:** Yes."),
            Some((Some("Antoine Bondaz".into()), "Yes.".into()))
        );
        assert_eq!(l("The time was 12:30 then."), None);
    }

    #[test]
    fn narration_and_questions_stay_unattributed_without_roles() {
        let text = "The mayor spoke to us.\n\nWhy now?\n\nMAYOR LEE: Because.\n\nMore.\n\n>> Who is this?\n\nDr. Patel: Me.\n";
        let segs = parse_prose(text, false, &Roles::default());
        let who: Vec<Option<&str>> = segs.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(
            who,
            vec![
                None,
                None,
                Some("Mayor Lee"),
                Some("Mayor Lee"),
                None,
                Some("Dr. Patel")
            ]
        );
        let roles = Roles {
            narrator: Some("Planet".into()),
            ..Roles::default()
        };
        assert_eq!(
            parse_prose(text, false, &roles)[0].speaker.as_deref(),
            Some("Planet")
        );
    }

    #[test]
    fn caption_labels() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}HOST: Good evening.\n\n2\n00:00:02,000 --> 00:00:03,000\n>> Thanks.\n\n3\n00:00:03,000 --> 00:00:04,000\n- SEN. BENEDETTI: Yes.\n";
        let segs = parse_subtitles(srt, false).unwrap();
        let who: Vec<Option<&str>> = segs.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(who, vec![Some("Host"), None, Some("Sen. Benedetti")]);
        assert_eq!(segs[0].text, "Good evening.");
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("00:01:02.500"), Some(62_500));
        assert_eq!(parse_time("01:02,003"), Some(62_003));
        assert_eq!(parse_time("1:61:00.000"), None);
        assert_eq!(format_time(3_723_004), "01:02:03.004");
    }
}

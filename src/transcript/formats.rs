//! Layout-specific parsers: prose (text and Markdown), subtitles (WebVTT and
//! SRT) and TSV, each producing speaker-attributed segments.

use super::{sentences, Roles, Segment, TranscriptError};

/// A `Name: text` speaker label at the start of a paragraph: up to five words,
/// starting with a capital letter, holding no sentence punctuation.
fn split_label(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let after = line[colon + 1..].trim_start_matches(['*', '_']);
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let (label, rest) = (line[..colon].trim(), after.trim_start());
    let label = label.trim_matches(|c| c == '*' || c == '_').trim();
    if label.is_empty() || rest.is_empty() || label.len() > 60 {
        return None;
    }
    if !label.chars().next()?.is_uppercase() {
        return None;
    }
    if label.split_whitespace().count() > 5
        || label.contains(['.', '?', '!', ',', ';', '"', '“', '(', '[', '<'])
    {
        return None;
    }
    // "12:30" or a URL scheme is not a label.
    if rest.starts_with("//") || label.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start_matches(['*', '_']).trim_start();
    Some((label, rest))
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
        if !current.is_empty() && (!block_mode || split_label(line).is_some()) {
            paragraphs.push(std::mem::take(&mut current));
        }
        current.push((line_no, line));
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }

    let mut segments = Vec::new();
    let mut seen_label = false;
    let mut interviewer = roles.interviewer.clone();
    let mut last_answerer: Option<String> = None;
    let single_speaker = (roles.speakers.len() == 1).then(|| roles.speakers[0].clone());
    for para in paragraphs {
        let (first_no, first) = para[0];
        let (label, first_text) = match split_label(first) {
            Some((l, rest)) => (Some(l.to_string()), rest),
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
                if interviewer.is_none() && text.trim_end().ends_with('?') {
                    interviewer = Some(l.clone());
                }
                if interviewer.as_deref() != Some(l.as_str()) {
                    last_answerer = Some(l.clone());
                }
                Some(l)
            }
            None if !seen_label => roles.narrator.clone().or_else(|| single_speaker.clone()),
            None if is_prompt(&text) && interviewer.is_some() => interviewer.clone(),
            None => last_answerer.clone().or_else(|| single_speaker.clone()),
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
            let (voice, clean) = strip_cue_tags(raw.trim());
            let mut clean = clean.trim().to_string();
            if voice.is_some() {
                cue_speaker = voice;
            } else if let Some((label, rest)) = split_label(&clean) {
                cue_speaker = Some(label.to_string());
                clean = rest.to_string();
            } else if let Some(rest) = clean.strip_prefix("- ") {
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
        if cue_speaker.is_some() {
            speaker = cue_speaker;
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
        assert_eq!(split_label("Le Point: What?"), Some(("Le Point", "What?")));
        assert_eq!(
            split_label("**Antoine Bondaz:** Yes."),
            Some(("Antoine Bondaz", "Yes."))
        );
        assert_eq!(split_label("The time was 12:30 then."), None);
        assert_eq!(split_label("see https://x.org"), None);
        assert_eq!(split_label("Firstly, that is it: yes"), None);
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("00:01:02.500"), Some(62_500));
        assert_eq!(parse_time("01:02,003"), Some(62_003));
        assert_eq!(parse_time("1:61:00.000"), None);
        assert_eq!(format_time(3_723_004), "01:02:03.004");
    }
}

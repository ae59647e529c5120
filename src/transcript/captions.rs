//! Caption files as they are really written: WebVTT (header metadata,
//! `STYLE`/`NOTE`/`REGION` blocks, cue identifiers and settings, `<v Name>`
//! voices, `<c>`/`<i>`/`<b>` styling, word timings) and SRT (position tags
//! such as `{\an8}`, `<font>` styling, `- NAME:` dash lines for two speakers
//! in one cue). YouTube's rolling captions, where each cue repeats the line
//! before it, are de-duplicated. Sound cues (`[Music]`) are not speech.

use super::labels;
use super::{parse_time, Roles, Segment, TranscriptError};

/// One cue: its timing line and its text lines (file line, voice, text).
struct Cue {
    start_ms: u64,
    end_ms: u64,
    lines: Vec<(u32, Option<String>, String)>,
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

/// Whether line `i` ends a block. A line of spaces inside a cue is text (as
/// YouTube writes it) unless what follows starts a new cue or ends the file.
fn ends_block(lines: &[&str], i: usize) -> bool {
    if !lines[i].trim().is_empty() {
        return false;
    }
    if lines[i].is_empty() {
        return true;
    }
    match lines.get(i + 1) {
        None => true,
        Some(next) => {
            next.trim().is_empty()
                || next.contains("-->")
                || lines.get(i + 2).is_some_and(|l| l.contains("-->"))
        }
    }
}

/// Blocks of consecutive lines: (index of the first line, its lines).
fn blocks<'a>(lines: &'a [&'a str], from: usize) -> Vec<(usize, &'a [&'a str])> {
    let mut out = Vec::new();
    let mut i = from;
    while i < lines.len() {
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let start = i;
        while i < lines.len() && !ends_block(lines, i) {
            i += 1;
        }
        if i > start {
            out.push((start, &lines[start..i]));
        }
    }
    out
}

fn error(line: usize, message: impl Into<String>) -> TranscriptError {
    TranscriptError {
        line: line as u32,
        message: message.into(),
    }
}

/// Reads one block as a cue; `None` for a WebVTT NOTE, STYLE or REGION block.
fn cue(start: usize, block: &[&str], vtt: bool) -> Result<Option<Cue>, TranscriptError> {
    if vtt
        && ["NOTE", "STYLE", "REGION"].iter().any(|k| {
            block[0]
                .strip_prefix(k)
                .is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        })
    {
        return Ok(None);
    }
    let Some(t) = block
        .iter()
        .position(|l| l.contains("-->"))
        .filter(|&t| t <= 1)
    else {
        return Err(error(
            start + 1,
            "expected a cue timing line like `00:00:01.000 --> 00:00:04.000`",
        ));
    };
    let timing = block[t];
    let (a, b) = timing.split_once("-->").unwrap_or((timing, ""));
    let b = b.split_whitespace().next().unwrap_or("");
    let line_no = start + t + 1;
    let (Some(start_ms), Some(end_ms)) = (parse_time(a), parse_time(b)) else {
        return Err(error(
            line_no,
            format!("cannot read the cue times in {timing:?}"),
        ));
    };
    if end_ms < start_ms {
        return Err(error(line_no, "the cue ends before it starts"));
    }
    let lines = block[t + 1..]
        .iter()
        .enumerate()
        .map(|(k, raw)| {
            let (voice, clean) = strip_cue_tags(labels::clean_line(raw));
            let clean = labels::clean_line(&clean).to_string();
            ((line_no + 1 + k) as u32, voice, clean)
        })
        .filter(|(_, _, text)| !text.is_empty())
        .collect();
    Ok(Some(Cue {
        start_ms,
        end_ms,
        lines,
    }))
}

/// Whether cues roll: most cues open with the last line of the cue before.
fn rolling(cues: &[Cue]) -> bool {
    let repeats = cues
        .windows(2)
        .filter(|w| match (w[0].lines.last(), w[1].lines.first()) {
            (Some(a), Some(b)) => a.2 == b.2,
            _ => false,
        })
        .count();
    repeats >= 2 && repeats * 3 >= cues.len()
}

/// Drops the lines a rolling cue repeats from the cue before.
fn drop_repeats(cues: &mut [Cue]) {
    let mut prev: Vec<String> = Vec::new();
    for c in cues.iter_mut() {
        let texts: Vec<String> = c.lines.iter().map(|l| l.2.clone()).collect();
        let shared = (0..=texts.len().min(prev.len()))
            .rev()
            .find(|&j| texts[..j] == prev[prev.len() - j..])
            .unwrap_or(0);
        c.lines.drain(..shared);
        prev = texts;
    }
}

/// A dash line (`- text`, `-text`): a change of speaker in SRT convention.
fn strip_dash(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('-').or_else(|| line.strip_prefix('–'))?;
    match rest.chars().next() {
        Some(c) if c.is_whitespace() => Some(rest.trim_start()),
        Some(c) if c.is_alphabetic() || c == '{' => Some(rest),
        _ => None,
    }
}

/// Who speaks from this line on, if the line says: the voice, a label, a
/// bare `>>` or a dash line (both `None`: somebody, name unknown).
fn turn_of<'a>(voice: &Option<String>, text: &'a str) -> (Option<Option<String>>, &'a str) {
    if voice.is_some() {
        return (Some(voice.clone()), text);
    }
    let (dash, text) = match strip_dash(text) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    match labels::split_label(text) {
        Some(head) => (Some(head.label.map(str::to_string)), head.rest),
        None if dash => (Some(None), text),
        None => (None, text),
    }
}

pub fn parse(text: &str, vtt: bool, roles: &Roles) -> Result<Vec<Segment>, TranscriptError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    if vtt {
        let first = lines
            .first()
            .map_or("", |l| l.trim_start_matches('\u{feff}'));
        if !first.starts_with("WEBVTT") {
            let hint = if first.contains("-->") || lines.get(1).is_some_and(|l| l.contains("-->")) {
                "; this looks like SRT: pass --layout srt"
            } else {
                ""
            };
            return Err(error(
                1,
                format!("a WebVTT file must start with the line WEBVTT{hint}"),
            ));
        }
        // The header block: WEBVTT and metadata lines up to the first blank line.
        from = lines
            .iter()
            .position(|l| l.trim().is_empty())
            .unwrap_or(lines.len());
    }
    let mut cues = Vec::new();
    for (start, block) in blocks(&lines, from) {
        cues.extend(cue(start, block, vtt)?);
    }
    if rolling(&cues) {
        drop_repeats(&mut cues);
    }
    let mut segments: Vec<Segment> = Vec::new();
    let mut label: Option<String> = None;
    let mut speaker: Option<String> = None;
    for c in cues {
        let mut open = false;
        for (no, voice, raw) in &c.lines {
            let (turn, text) = turn_of(voice, raw);
            if let Some(l) = turn {
                speaker = l.as_deref().and_then(|l| roles.speaker_for(l));
                label = l;
                open = false;
            }
            let text = text.trim();
            if text.is_empty() || labels::is_not_speech(text) {
                continue;
            }
            match segments.last_mut().filter(|_| open) {
                Some(seg) => {
                    seg.text.push(' ');
                    seg.lines.push((seg.text.len(), *no));
                    seg.text.push_str(text);
                }
                None => segments.push(Segment {
                    speaker: speaker.clone(),
                    label: label.clone(),
                    text: text.to_string(),
                    lines: vec![(0, *no)],
                    start_ms: Some(c.start_ms),
                    end_ms: Some(c.end_ms),
                }),
            }
            open = true;
        }
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_labels() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}HOST: Good evening.\n\n2\n00:00:02,000 --> 00:00:03,000\n>> Thanks.\n\n3\n00:00:03,000 --> 00:00:04,000\n- SEN. BENEDETTI: Yes.\n- No.\n";
        let segs = parse(srt, false, &Roles::default()).unwrap();
        let who: Vec<Option<&str>> = segs.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(who, vec![Some("Host"), None, Some("Sen. Benedetti"), None]);
        assert_eq!(segs[0].text, "Good evening.");
        assert_eq!(segs[3].line(), 12);
    }

    #[test]
    fn refusals_name_the_line() {
        let e = parse(
            "1\n00:00:01,000 --> 00:00:02,000\nHi.\n",
            true,
            &Roles::default(),
        )
        .unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("--layout srt"), "{e}");
        let e = parse(
            "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nHi.\n",
            true,
            &Roles::default(),
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (3, "the cue ends before it starts")
        );
    }
}

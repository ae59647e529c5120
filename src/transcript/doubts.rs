//! Layout doubts: a file whose extension says one layout but whose lines
//! say another (subtitles saved as `.txt`, a table saved as `.txt`). Read
//! as the extension says, cue numbers and timings would become speech, so
//! `source add` refuses unless the layout is given explicitly.

use super::{parse_time, TranscriptError};
use crate::model::TranscriptFormat;

/// Why `text` may not be laid out as `format`, naming the line and the
/// `--layout` to pass; `None` when nothing contradicts it.
pub fn layout_doubt(text: &str, format: TranscriptFormat) -> Option<TranscriptError> {
    if !matches!(format, TranscriptFormat::Text | TranscriptFormat::Markdown) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    if let Some(i) = lines.iter().position(|l| is_cue_timing(l)) {
        let vtt = lines
            .first()
            .is_some_and(|l| l.trim_start_matches('\u{feff}').starts_with("WEBVTT"));
        let layout = if vtt { "vtt" } else { "srt" };
        return Some(TranscriptError {
            line: i as u32 + 1,
            message: format!(
                "this line is a subtitle cue timing, so the file looks like {}, not {format}; pass --layout {layout} (or --layout {format} to read it as {format} anyway)",
                layout.to_uppercase()
            ),
        });
    }
    let rows: Vec<usize> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.matches('\t').count())
        .collect();
    if rows.len() >= 2 && rows[0] >= 2 && rows.iter().all(|&n| n == rows[0]) {
        return Some(TranscriptError {
            line: 1,
            message: format!(
                "every line has {} tab-separated columns, so the file looks like a TSV table, not {format}; pass --layout tsv (or --layout {format})",
                rows[0] + 1
            ),
        });
    }
    None
}

/// `00:00:01,000 --> 00:00:04,000` (settings may follow).
fn is_cue_timing(line: &str) -> bool {
    let Some((a, b)) = line.split_once("-->") else {
        return false;
    };
    let b = b.split_whitespace().next().unwrap_or("");
    parse_time(a).is_some() && parse_time(b).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtitles_saved_as_text() {
        let e = layout_doubt(
            "1\n00:00:01,000 --> 00:00:02,000\nHi.\n",
            TranscriptFormat::Text,
        )
        .unwrap();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("--layout srt"), "{e}");
        assert!(
            layout_doubt("Host: it ran 10 --> 12 minutes.\n", TranscriptFormat::Text).is_none()
        );
        assert!(layout_doubt("a\tb\tc\n", TranscriptFormat::Srt).is_none());
    }
}

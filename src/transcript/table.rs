//! Table exports (CSV and TSV, as Descript, Otter, Rev, Trint and
//! spreadsheets write them): a header row names the columns — `start`,
//! `end`, `speaker`, `text` in any order, under their usual names — and each
//! row is one turn; times become the turn's (and a claim's) location. The
//! original factdesk TSV (`line<TAB>speaker<TAB>text`, header optional)
//! still reads. Quoting (doubled quotes, line breaks in a field) is the
//! `csv` crate's: RFC 4180 has corners a hand-written splitter gets wrong.

use super::formats::parse_loose_time;
use super::{Roles, Segment, TranscriptError};

/// Which column holds what.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    line: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    speaker: Option<usize>,
    text: Option<usize>,
}

/// The meaning of a header cell, from the names exports use.
fn column_kind(cell: &str) -> Option<&'static str> {
    let key: String = cell
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "line" | "lineno" | "linenumber" | "no" => "line",
        "start" | "starttime" | "begin" | "from" | "in" | "timein" | "startts" | "timestamp"
        | "time" | "starttimecode" | "starttimestamp" => "start",
        "end" | "endtime" | "stop" | "to" | "out" | "timeout" | "endts" | "endtimecode"
        | "endtimestamp" => "end",
        "speaker" | "speakername" | "name" | "who" | "participant" | "character" | "voice" => {
            "speaker"
        }
        "text" | "transcript" | "transcription" | "content" | "utterance" | "dialogue"
        | "dialog" | "words" | "caption" | "sentence" | "phrase" | "said" => "text",
        _ => return None,
    })
}

fn header(cells: &[String]) -> Option<Columns> {
    let mut c = Columns::default();
    let mut known = 0;
    for (i, cell) in cells.iter().enumerate() {
        let slot = match column_kind(cell)? {
            "line" => &mut c.line,
            "start" => &mut c.start,
            "end" => &mut c.end,
            "speaker" => &mut c.speaker,
            _ => &mut c.text,
        };
        if slot.is_none() {
            *slot = Some(i);
            known += 1;
        }
    }
    (known >= 2).then_some(c)
}

fn error(line: u64, message: impl Into<String>) -> TranscriptError {
    TranscriptError {
        line: line as u32,
        message: message.into(),
    }
}

/// The delimiter of a CSV export: `,`, or `;` (European spreadsheets), or
/// a tab, whichever makes the first line a header.
fn sniff(text: &str, default: u8) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [default, b';', b'\t', b',']
        .into_iter()
        .find(|d| {
            let cells: Vec<String> = first.split(*d as char).map(str::to_string).collect();
            cells.len() >= 2 && header(&cells).is_some()
        })
        .unwrap_or(default)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        // A TSV does not quote: a `"` opening a cell is text.
        .quoting(delimiter != b'\t')
        .from_reader(text.as_bytes())
}

fn what_columns() -> &'static str {
    "start the file with a header row naming its columns, such as `start,end,speaker,text` (any order)"
}

/// Reads the first non-empty row: the header's columns (and the expected
/// width), or the legacy numbered layout (no header, width not fixed).
fn columns(
    cells: &[String],
    line: u64,
    delimiter: u8,
) -> Result<(Columns, usize, bool), TranscriptError> {
    let legacy = delimiter == b'\t' && cells.len() >= 3 && cells[0].parse::<u64>().is_ok();
    match header(cells) {
        Some(h) if h.text.is_none() => Err(error(
            line,
            format!(
                "the header row names no text column (found: {}); {}",
                cells.join(", "),
                what_columns()
            ),
        )),
        Some(h) => Ok((h, cells.len(), true)),
        None if legacy => Ok((
            Columns {
                line: Some(0),
                speaker: Some(1),
                text: Some(2),
                ..Columns::default()
            },
            0,
            false,
        )),
        None => Err(error(
            line,
            format!(
                "no header row: {}; the first row reads {:?}",
                what_columns(),
                cells.join(", ")
            ),
        )),
    }
}

pub fn parse(text: &str, delimiter: u8, roles: &Roles) -> Result<Vec<Segment>, TranscriptError> {
    let delimiter = if delimiter == b',' {
        sniff(text, b',')
    } else {
        delimiter
    };
    let mut segments = Vec::new();
    let mut cols: Option<(Columns, usize)> = None;
    for row in reader(text, delimiter).into_records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line());
            error(line, format!("cannot read the row: {e}"))
        })?;
        let line = row.position().map_or(1, |p| p.line());
        let cells: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let (c, width) = match cols {
            Some(c) => c,
            None => {
                let (c, width, is_header) = columns(&cells, line, delimiter)?;
                cols = Some((c, width));
                if is_header {
                    continue;
                }
                (c, width)
            }
        };
        if width > 0 && cells.len() != width {
            return Err(error(
                line,
                format!("the row has {} columns, the header {width}", cells.len()),
            ));
        }
        segments.extend(row_segment(&cells, c, line, roles)?);
    }
    Ok(segments)
}

fn row_segment(
    cells: &[String],
    c: Columns,
    line: u64,
    roles: &Roles,
) -> Result<Option<Segment>, TranscriptError> {
    let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", String::as_str);
    let text = cell(c.text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return Ok(None);
    }
    if c.line.is_some() && cell(c.line).parse::<u64>().is_err() {
        return Err(error(
            line,
            format!(
                "the first column must be a line number, found {:?}",
                cell(c.line)
            ),
        ));
    }
    let time = |i: Option<usize>, what: &str| -> Result<Option<u64>, TranscriptError> {
        let v = cell(i);
        if v.is_empty() {
            return Ok(None);
        }
        parse_loose_time(v)
            .map(Some)
            .ok_or_else(|| error(line, format!("cannot read the {what} time {v:?}; write it as 00:01:23.450, 1:23 or 83.45 (seconds)")))
    };
    let start_ms = time(c.start, "start")?;
    let end_ms = time(c.end, "end")?;
    let label = cell(c.speaker);
    Ok(Some(Segment {
        speaker: (!label.is_empty())
            .then(|| roles.speaker_for(label))
            .flatten(),
        label: (!label.is_empty()).then(|| label.to_string()),
        text,
        lines: vec![(0, line as u32)],
        start_ms,
        end_ms: end_ms.or(start_ms),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_columns_in_any_order() {
        let csv = "Text,Speaker,End,Start\n\"Yes, we did.\",MAYOR LEE,00:00:04.000,1.5\n";
        let segs = parse(csv, b',', &Roles::default()).unwrap();
        assert_eq!(segs[0].speaker.as_deref(), Some("Mayor Lee"));
        assert_eq!(segs[0].text, "Yes, we did.");
        assert_eq!(
            (segs[0].start_ms, segs[0].end_ms),
            (Some(1_500), Some(4_000))
        );
    }

    #[test]
    fn refusals_name_the_line() {
        let e = parse("Ana,Hello there.\n", b',', &Roles::default()).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("no header row"), "{e}");
        let e = parse(
            "speaker,text\nAna,Hi.\nBen,Hi,again\n",
            b',',
            &Roles::default(),
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse(
            "start,speaker,text\nsoon,Ana,Hi.\n",
            b',',
            &Roles::default(),
        )
        .unwrap_err();
        assert!(e.message.contains("start time \"soon\""), "{e}");
    }
}

//! `claims.csv`: one row per claim shown (every status unless `--public`),
//! RFC 4180 quoting, formula-looking cells neutralised for spreadsheets,
//! and a UTF-8 byte-order mark when the desk asks for one.

use super::context::{ClaimReport, ReportContext};
use super::escape::csv_cell;
use std::io::Write;

/// Column names, in order (documented in `docs/reports.md`).
pub const COLUMNS: [&str; 22] = [
    "id",
    "status",
    "claim",
    "quote",
    "speaker",
    "source",
    "source_title",
    "line",
    "start",
    "end",
    "said_on",
    "rating",
    "rating_label",
    "rating_value",
    "summary",
    "assignee",
    "published_on",
    "corrected_on",
    "evidence",
    "url",
    "updated_on",
    "language",
];

/// The UTF-8 byte-order mark that spreadsheet software (Excel) needs to read
/// a CSV file as UTF-8 rather than the system's legacy code page.
pub const UTF8_BOM: char = '\u{feff}';

/// Writes the whole file into `w`: CRLF line ends as RFC 4180 says, after
/// a byte-order mark when the context asks for one (`csv_bom`).
pub fn write_claims_csv(ctx: &ReportContext, w: &mut dyn Write) -> std::io::Result<()> {
    let mut line = String::new();
    if ctx.csv_bom {
        line.push(UTF8_BOM);
    }
    push_row(&mut line, COLUMNS.iter().map(|c| c.to_string()));
    w.write_all(line.as_bytes())?;
    for source in &ctx.sources {
        let mut rows: Vec<&ClaimReport> = source
            .published_claims
            .iter()
            .chain(&source.open_claims)
            .chain(&source.discarded_claims)
            .collect();
        rows.sort_by(|a, b| a.desk_key().cmp(&b.desk_key()));
        for c in rows {
            line.clear();
            push_row(&mut line, row(c, &source.title));
            w.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

fn row(c: &ClaimReport, source_title: &str) -> impl Iterator<Item = String> {
    let opt = |o: Option<String>| o.unwrap_or_default();
    let dates = |kind: &str| -> String {
        let d: Vec<String> = c
            .corrections
            .iter()
            .filter(|k| k.kind == kind)
            .map(|k| k.date.to_string())
            .collect();
        d.join("; ")
    };
    let (corrected, updated) = (dates("correction"), dates("update"));
    let evidence: Vec<String> = c
        .evidence
        .iter()
        .map(|e| format!("{}: {}", e.stance, e.url))
        .collect();
    [
        c.id.clone(),
        c.status.clone(),
        c.claim.clone(),
        c.quote.clone(),
        c.speaker.clone(),
        c.source.clone(),
        source_title.to_string(),
        c.location.line.to_string(),
        opt(c.location.start.clone()),
        opt(c.location.end.clone()),
        opt(c.said_on.map(|d| d.to_string())),
        opt(c.rating.as_ref().map(|r| r.key.clone())),
        opt(c.rating.as_ref().map(|r| r.label.clone())),
        opt(c
            .rating
            .as_ref()
            .and_then(|r| r.value)
            .map(|v| v.to_string())),
        opt(c.summary.clone()),
        opt(c.assignee.clone()),
        opt(c.published_on.map(|d| d.to_string())),
        corrected,
        evidence.join("\n"),
        opt(c
            .url
            .clone()
            .filter(|_| c.status == crate::model::Status::Published.as_str())),
        updated,
        c.language.clone(),
    ]
    .into_iter()
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

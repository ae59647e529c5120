//! Writes a synthetic desk for the `factdesk report` benchmark: N claims
//! (about 1.5 KB of YAML each) over 50 sources, 60 % published.
//!
//! Usage: `cargo run --release --example report_bench_desk -- DIR [N]`

use std::fmt::Write as _;
use std::path::Path;

const SOURCES: usize = 50;
const STATUSES: [&str; 5] = [
    "published",
    "published",
    "published",
    "researching",
    "in-review",
];

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "bench-desk".to_string());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let root = Path::new(&dir);
    std::fs::create_dir_all(root.join("claims"))?;
    std::fs::create_dir_all(root.join("sources"))?;
    std::fs::create_dir_all(root.join("reports"))?;
    std::fs::write(
        root.join("factdesk.yaml"),
        "name: Bench Desk\npublisher:\n  name: Bench Checks\n  url: https://checks.example.org/\nrating_scale:\n  - {key: accurate, label: Accurate, value: 3, description: Correct.}\n  - {key: mixed, label: Mixed, value: 2, description: Partly correct.}\n  - {key: inaccurate, label: Inaccurate, value: 1, description: Not correct.}\n",
    )?;
    for s in 0..SOURCES {
        std::fs::write(
            root.join(format!("sources/source-{s:02}.yaml")),
            format!("id: source-{s:02}\ntitle: Interview number {s}\noutlet: Bench Outlet\nurl: https://news.example.org/interview-{s}\npublished: 2023-09-14\nformat: text\nfile: source-{s:02}.txt\nsha256: \"0000000000000000000000000000000000000000000000000000000000000000\"\nspeakers:\n  - Speaker {s}\n"),
        )?;
    }
    let mut bytes = 0usize;
    for i in 0..n {
        let text = claim(i);
        bytes += text.len();
        std::fs::write(root.join(format!("claims/claim-{i:06}.yaml")), text)?;
    }
    println!(
        "wrote {n} claims ({:.1} MB, {:.0} bytes each on average) into {dir}",
        bytes as f64 / 1e6,
        bytes as f64 / n.max(1) as f64
    );
    Ok(())
}

fn claim(i: usize) -> String {
    let status = STATUSES[i % STATUSES.len()];
    let rating = ["accurate", "mixed", "inaccurate"][i % 3];
    let mut y = String::with_capacity(1600);
    let _ = write!(
        y,
        "id: claim-{i:06}\nclaim: Claim number {i} says that exports rose by {} percent in the year\n",
        i % 97
    );
    let _ = writeln!(y, "quote: \"In the year just past, and I say this with all the figures in front of me, our exports rose by {} percent, which no other region managed, and the number {i} proves it beyond doubt for everyone.\"", i % 97);
    let _ = write!(
        y,
        "speaker: Speaker {}\nsource: source-{:02}\nlocation: {{line: {}}}\nsaid_on: 2023-09-14\ntags: [economy, exports]\nstatus: {status}\nassignee: researcher-{}\n",
        i % SOURCES,
        i % SOURCES,
        i / SOURCES + 1,
        i % 7
    );
    if status != "researching" {
        let _ = write!(y, "rating: {rating}\nsummary: The statistics office reports a rise of {} percent; the figure quoted leaves out re-exports, which change the picture for this claim, number {i}.\n", i % 89);
    }
    y.push_str("evidence:\n");
    for k in 0..2 {
        let _ = write!(y, "  - url: https://stats.example.org/tables/exports-{i}-{k}\n    title: Exports by region, table {k}\n    publisher: Statistics Office\n    published: 2023-06-01\n    accessed: 2023-09-15\n    stance: {}\n    note: Table {k} gives the yearly change by region.\n", if k == 0 { "supports" } else { "context" });
    }
    if status == "published" {
        y.push_str("reviews:\n  - {by: editor, at: 2023-09-15T13:00:00Z, decision: approved}\n");
    }
    y.push_str("history:\n  - {at: 2023-09-14T09:00:00Z, by: researcher, action: created, to: candidate}\n  - {at: 2023-09-14T10:00:00Z, by: researcher, action: research-started, from: candidate, to: researching}\n  - {at: 2023-09-14T11:00:00Z, by: researcher, action: evidence-added}\n");
    if status != "researching" {
        y.push_str("  - {at: 2023-09-15T10:00:00Z, by: researcher, action: rated, rating: accurate}\n  - {at: 2023-09-15T11:00:00Z, by: researcher, action: submitted, from: researching, to: in-review}\n");
    }
    if status == "published" {
        y.push_str("  - {at: 2023-09-15T14:00:00Z, by: editor, action: published, from: in-review, to: published}\n");
    }
    y
}

//! Print layout, proved on paper: headless Chromium prints a long desk's
//! `index.html` and a long check's own page to PDF, and the PDF's structure
//! tree (Chromium writes tagged PDFs) says on which page every heading ends
//! and on which page what follows it starts. No heading may be left alone
//! at the foot of a page. A control prints the same desk with the page-break
//! rules taken out of `style.css` (a desk override) and must find stranded
//! headings, so the check can fail. Skips, saying why, without Chromium.

use crate::browser::{chromium, run};
use crate::pdf::{headings, Pdf, Stranded};
use crate::report_desk::{self, FixtureDesk};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A source: id, title, outlet, transcript lines (`Speaker: text`).
struct Transcript {
    id: &'static str,
    title: &'static str,
    outlet: &'static str,
    published: &'static str,
    lines: &'static [&'static str],
}

const TRANSCRIPTS: [Transcript; 3] = [
    Transcript {
        id: "budget-debate",
        title: "Regional budget debate, second round",
        outlet: "Radio Sud",
        published: "2024-02-01",
        lines: &[
            "Moderator: Good evening and welcome to the second debate on the regional budget.",
            "Marie Dubois: Regional debt rose by 12 percent in two years.",
            "Paul Lefèvre: We cut administrative spending by a fifth since 2021.",
            "Marie Dubois: Every second euro of the budget goes to transport.",
            "Paul Lefèvre: Unemployment in the region is the lowest in the country.",
            "Marie Dubois: The region closed eleven rural bus lines last year.",
            "Paul Lefèvre: Our apprenticeship scheme placed 4,000 young people in jobs.",
            "Marie Dubois: Property tax receipts doubled under this majority.",
            "Paul Lefèvre: No other region has invested as much in rail since 2015.",
        ],
    },
    Transcript {
        id: "health-interview",
        title: "Interview: hospital waiting times",
        outlet: "The Morning Ledger",
        published: "2024-03-18",
        lines: &[
            "Interviewer: Let us start with the emergency departments.",
            "Dr. Amara Okafor: Waiting times in emergency departments have doubled since 2019.",
            "Dr. Amara Okafor: One nurse in five left the profession during the pandemic.",
            "Dr. Amara Okafor: The government promised 6,000 new hospital beds and delivered none.",
            "Dr. Amara Okafor: Most rural districts no longer have a maternity ward within an hour.",
            "Dr. Amara Okafor: Spending on agency staff has tripled in three years.",
            "Dr. Amara Okafor: We train fewer doctors today than in 1990.",
        ],
    },
    Transcript {
        id: "climate-hearing",
        title: "Parliamentary hearing on the climate plan",
        outlet: "Parliament TV",
        published: "2024-05-07",
        lines: &[
            "Chair: The committee resumes its hearing on the climate plan.",
            "Minister Jonas Berg: Emissions fell by 8 percent last year, the largest fall on record.",
            "Minister Jonas Berg: Wind and solar now produce a third of our electricity.",
            "Minister Jonas Berg: Half of all new cars sold are electric.",
            "Minister Jonas Berg: The carbon tax raised 2 billion euros, all returned to households.",
            "Minister Jonas Berg: We have planted ten million trees since the plan began.",
            "Minister Jonas Berg: Heating oil boilers are banned in new buildings from next year.",
        ],
    },
];

const PUBLISHERS: [(&str, &str); 6] = [
    (
        "National Statistics Office",
        "https://www.stats-office.example.net/releases/",
    ),
    (
        "Court of Audit",
        "https://www.court-of-audit.example.net/reports/",
    ),
    ("Regional Council", "https://www.region.example.net/budget/"),
    (
        "Health Workforce Observatory",
        "https://observatory.example.net/data/",
    ),
    (
        "Energy Agency",
        "https://energy-agency.example.net/statistics/",
    ),
    (
        "Parliamentary Library",
        "https://library.parliament.example.net/briefings/",
    ),
];

const RATINGS: [&str; 3] = ["accurate", "mixed", "inaccurate"];

/// `n` sentences of an explanation, so summaries and notes vary in length.
fn sentences(seed: usize, n: usize) -> String {
    const PARTS: [&str; 6] = [
        "The figure comes from the latest annual accounts",
        "the comparison period was chosen to flatter the trend",
        "revised data published in the autumn changes the picture",
        "the claim leaves out the effect of inflation",
        "independent estimates agree within a percentage point",
        "the source counts only full-time posts",
    ];
    (0..n)
        .map(|i| {
            let p = PARTS[(seed + i * 5) % PARTS.len()];
            let mut s = p.to_string();
            s[..1].make_ascii_uppercase();
            format!("{s}.")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One published check of `t`'s line `line`, with `evidence` items and,
/// every fourth check, an update.
fn check(d: &FixtureDesk, t: &Transcript, line: usize, n: usize, evidence: usize) -> String {
    let text = t.lines[line - 1];
    let (speaker, quote) = text.split_once(": ").unwrap();
    let id = format!("{}-{n:02}", t.id);
    let rating = RATINGS[n % RATINGS.len()];
    let mut items = String::new();
    for e in 0..evidence {
        let (publisher, base) = PUBLISHERS[(n + e) % PUBLISHERS.len()];
        let stance = ["supports", "refutes", "context"][(n + e) % 3];
        let note = match e % 3 {
            0 => String::new(),
            _ => format!(", note: \"{}\"", sentences(n + e, 1 + e % 3)),
        };
        items.push_str(&format!(
            "  - {{url: \"{base}{id}-{e}\", title: \"{publisher} release {e} on {}\", publisher: {publisher}, published: 2024-01-{:02}, accessed: 2024-06-01, stance: {stance}{note}}}\n",
            t.title, 1 + e % 28
        ));
    }
    let (corrections, corrected) = if n.is_multiple_of(4) {
        (
            "corrections:\n  - {at: 2024-06-05T09:00:00Z, by: jo, kind: update, note: Added the revised figures.}\n",
            "  - {at: 2024-06-05T09:00:00Z, by: jo, action: corrected, note: Added the revised figures.}\n",
        )
    } else {
        ("", "")
    };
    let claim: String = quote
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches([' ', ',', '.'])
        .to_string();
    d.claim(&id, &format!(
        "claim: \"{claim} ({n})\"\nquote: \"{quote}\"\nspeaker: {speaker}\nsource: {}\nlocation: {{line: {line}}}\nsaid_on: {}\nstatus: published\nrating: {rating}\nsummary: \"{}\"\nevidence:\n{items}reviews:\n  - {{by: jo, at: 2024-06-03T10:00:00Z, decision: approved}}\n{corrections}history:\n  - {{at: 2024-06-01T09:00:00Z, by: ana, action: created, to: candidate}}\n  - {{at: 2024-06-01T09:01:00Z, by: ana, action: research-started, from: candidate, to: researching}}\n  - {{at: 2024-06-02T09:30:00Z, by: ana, action: rated, rating: {rating}}}\n  - {{at: 2024-06-02T09:31:00Z, by: ana, action: submitted, from: researching, to: in-review}}\n  - {{at: 2024-06-03T10:00:00Z, by: jo, action: reviewed, note: approved}}\n  - {{at: 2024-06-03T10:05:00Z, by: jo, action: published, from: in-review, to: published}}\n{corrected}",
        t.id, t.published, sentences(n, 1 + n % 7)
    ));
    id
}

/// Three sources, 40 published checks of very different heights (1 to 13
/// evidence items, summaries of 1 to 7 sentences, some updates) and one
/// check with 40 evidence items, taller than a page. Returns that one's id.
fn long_desk(d: &FixtureDesk) -> String {
    for t in &TRANSCRIPTS {
        let text: String = t.lines.iter().map(|l| format!("{l}\n")).collect();
        let sha: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        d.write(&format!("sources/{}.txt", t.id), &text);
        d.write(
            &format!("sources/{}.yaml", t.id),
            &format!(
                "id: {}\ntitle: \"{}\"\noutlet: \"{}\"\nurl: \"https://media.example.net/{}\"\npublished: {}\nformat: text\nfile: {}.txt\nsha256: \"{sha}\"\n",
                t.id, t.title, t.outlet, t.id, t.published, t.id
            ),
        );
    }
    let mut n = 0;
    for round in 0..2 {
        for t in &TRANSCRIPTS {
            for line in 2..=t.lines.len() {
                n += 1;
                if n > 40 {
                    break;
                }
                check(d, t, line, n, 1 + (n * 7 + round) % 13);
            }
        }
    }
    check(d, &TRANSCRIPTS[1], 4, 99, 40)
}

/// Pages, headings (tag, page) and the stranded headings of a printed PDF.
type Printed = (usize, Vec<(String, usize)>, Vec<Stranded>);

/// Prints `page` to PDF; the headings and the stranded ones, or `None`
/// (with the reason printed) when this Chromium writes untagged PDFs.
fn printed(chrome: &Path, page: &Path) -> Option<Printed> {
    let pdf = page.with_extension("pdf");
    run(
        chrome,
        page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF"), "{}: not a PDF", pdf.display());
    let doc = Pdf::parse(&bytes);
    let Some(leaves) = doc.leaves() else {
        eprintln!("SKIPPED: this Chromium writes untagged PDFs; page breaks cannot be read");
        return None;
    };
    let (all, stranded) = headings(&leaves);
    Some((doc.pages().len(), all, stranded))
}

#[test]
fn printed_reports_leave_no_heading_alone_at_the_foot_of_a_page() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED: no chromium binary found (apt-get install -y chromium, or set FACTDESK_CHROMIUM)");
        return;
    };
    let d = report_desk::empty();
    let tall = long_desk(&d);
    d.cmd(&["check", "--no-cache"]).success();
    d.cmd(&["report"]).success();
    let index = d.path("reports/index.html");
    let Some((pages, all, stranded)) = printed(&chrome, &index) else {
        return;
    };
    assert!(pages >= 12, "a long desk: {pages} pages");
    let count = |tag: &str| all.iter().filter(|(t, _)| t == tag).count();
    assert_eq!(count("H4"), 41, "one heading per check: {all:?}");
    assert!(
        count("H2") >= 4 && count("H3") >= 3 && count("H5") >= 41,
        "{all:?}"
    );
    assert_eq!(
        stranded,
        Vec::<Stranded>::new(),
        "headings left at a page's foot ({pages} pages)"
    );
    eprintln!(
        "index.html: {pages} pages, {} headings, none stranded",
        all.len()
    );
    // A check taller than a page, on its own page.
    let page = d.path(&format!("reports/checks/{tall}.html"));
    let (pages, all, stranded) = printed(&chrome, &page).expect("tagged like the index");
    assert!(pages >= 2, "{pages}");
    assert!(all.iter().any(|(t, _)| t == "H1") && all.iter().any(|(t, _)| t == "H2"));
    assert_eq!(stranded, Vec::<Stranded>::new(), "{tall}.html");

    // The control: without the break rules, the same pages strand headings.
    let css = include_str!("../src/report/templates/style.css");
    let loose: String = css
        .lines()
        .filter(|l| {
            !l.contains("break-after") && !l.contains("break-before") && !l.contains("break-inside")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        loose.len() < css.len(),
        "the built-in style has break rules"
    );
    d.write("templates/style.css", &loose);
    d.cmd(&["report"]).success();
    let (pages, _, stranded) = printed(&chrome, &index).expect("tagged");
    eprintln!(
        "without the break rules: {pages} pages, {} headings stranded",
        stranded.len()
    );
    assert!(
        !stranded.is_empty(),
        "without the rules some heading should end a page; the check would prove nothing"
    );
}

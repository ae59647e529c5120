//! What `search` prints, pinned byte for byte: on the bundled desk and on a
//! varied desk (long fields cut around their matches, several evidence
//! entries, accented, Greek and hyphenated words, numbers), for one word,
//! several in any order, inflections, quoted phrases, words that match
//! nothing or nearly everything, with filters and limits, as text and JSON.
//! The snapshots were taken before search read the desk's index of words:
//! a change to how search finds claims must not change a byte of them.
//! Each query runs twice (the second from what the cache kept), and on a
//! desk whose files were just written (nothing kept under its stamp).

use crate::report_desk::{history, small, FixtureDesk};
use assert_cmd::Command;
use std::time::Duration;

/// Queries for the varied desk (after `search`).
const VARIED: &[&[&str]] = &[
    &["wine"],
    &["exports", "region"],
    &["region", "exports"],
    &["export"],
    &["exporting"],
    &["cuts"],
    &["cut"],
    &["policing"],
    &["police"],
    &["\"more wine\""],
    &["\"wine more\""],
    &["\"security council\"", "korea"],
    &["north-korea"],
    &["U.S."],
    &["zzyzx"],
    &["the"],
    &["the", "--limit", "2"],
    &["the", "--status", "published"],
    &["korea", "--tag", "sanctions"],
    &["korea", "--speaker", "antoine bondaz"],
    &["korea", "--assignee", "ana", "--json"],
    &["wine", "--source", "regional-debate", "--json"],
    &["wine", "--rating", "inaccurate"],
    &["sanctions", "--json"],
    &["résolution"],
    &["RÉSOLUTIONS", "onu"],
    &["ανεργία"],
    &["überweisungen"],
    &["1718"],
    &["\"1718 (2006)\"", "--json"],
    &["budget", "police", "schools"],
    &["police", "budget", "--json"],
    &["shells", "supplied"],
    &["supplying", "--json"],
];

/// Queries for the bundled desk.
const BUNDLED: &[&[&str]] = &[
    &["korea"],
    &["north", "korea"],
    &["korea", "north", "--json"],
    &["\"north korea\""],
    &["\"korea north\""],
    &["shell"],
    &["shells", "--limit", "3"],
    &["sanctioned"],
    &["putin", "kim"],
    &["vostochny", "cosmodrome", "--json"],
    &["the"],
    &["the", "--status", "published"],
    &["s"],
    &["weapons", "--status", "candidate"],
    &["Kim Jong-un"],
    &["nothing-at-all-here"],
    &["quatorze"],
];

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("factdesk")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .arg("--desk")
        .arg(dir)
        .arg("search")
        .args(args)
        .output()
        .unwrap();
    format!(
        "$ search {}\nexit {:?}\n{}{}",
        args.join(" "),
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn all(dir: &std::path::Path, queries: &[&[&str]]) -> String {
    queries.iter().map(|q| run(dir, q)).collect()
}

/// Waits until the desk's files are old enough for a stamp (two seconds).
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

const LONG_NOTE: &str = "Asked the ministry for the export tables twice. The region's wine \
exports rose in 2022, but the customs office counts bottled and bulk wine apart, and the \
ministry's figure mixes both. The trade body says the region exports more sparkling wine than \
any other; still wine is second. Police and customs data on smuggled wine were not used. \
Another source on wine: the U.S. import tables, which show exports by region of origin.";

/// The small desk and claims in other shapes: long notes, several evidence
/// entries with notes, accented and Greek words, hyphenated tags.
pub fn varied() -> FixtureDesk {
    let d = small();
    d.claim("wine-notes", &format!(
        "claim: The region's wine exports doubled in ten years\nquote: Our region exports more wine than any other.\nspeaker: Jane Roe\nsource: regional-debate\nlocation: {{line: 7, start: \"00:00:05.000\", end: \"00:00:09.250\"}}\ntags: [wine, exports, north-korea]\nstatus: researching\nassignee: li\nnotes: {LONG_NOTE:?}\nevidence:\n  - {{url: https://stats.example.org/exports, title: Wine exports by region, publisher: Customs Office, accessed: 2023-10-03, stance: context, note: Exports of wine by region; the region is first for sparkling wine only.}}\n  - {{url: https://stats.example.org/police, title: Policing and customs report, publisher: Police Office, accessed: 2023-10-03, stance: context, note: Police cut smuggling cases by half.}}\n{}",
        history("  - {at: 2023-09-14T10:00:00Z, by: li, action: research-started, from: candidate, to: researching}\n")
    ));
    d.claim("resolutions-fr", &format!(
        "claim: Les résolutions de l’ONU interdisent l’achat d’armes nord-coréennes\nquote: If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 2}}\ntags: [sanctions, onu]\nstatus: candidate\nsummary: Η ανεργία and Überweisungen appear in the reviewed transcripts — résolutions 1718 (2006).\n{}",
        history("")
    ));
    d.claim("budget-cuts", &format!(
        "claim: The council cut the police budget to pay for schools\nquote: North Korea has many needs in terms of economics, technology and food.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 4}}\ntags: [budget]\nstatus: candidate\nnotes: Budget cuts to policing; schools budget up. Policing cuts, police cut.\n{}",
        history("")
    ));
    d
}

#[test]
fn search_prints_the_same_on_a_varied_desk() {
    let d = varied();
    // Just written: no stamp, nothing kept.
    let fresh = all(d.root(), VARIED);
    settle();
    let cold = all(d.root(), VARIED);
    let warm = all(d.root(), VARIED);
    assert_eq!(fresh, cold);
    assert_eq!(cold, warm);
    insta::assert_snapshot!(warm);
}

#[test]
fn search_prints_the_same_on_the_bundled_desk() {
    let copy = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["claims", "sources"] {
        std::fs::create_dir_all(copy.path().join(sub)).unwrap();
        for e in std::fs::read_dir(root.join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), copy.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(
        root.join("factdesk.yaml"),
        copy.path().join("factdesk.yaml"),
    )
    .unwrap();
    let fresh = all(copy.path(), BUNDLED);
    settle();
    let cold = all(copy.path(), BUNDLED);
    let warm = all(copy.path(), BUNDLED);
    assert_eq!(fresh, cold);
    assert_eq!(cold, warm);
    insta::assert_snapshot!(warm);
}

#[test]
fn search_follows_a_hand_edit_a_removed_and_an_added_record() {
    let d = varied();
    settle();
    let queries: &[&[&str]] = &[
        &["wine"],
        &["cider"],
        &["\"more wine\"", "--json"],
        &["police", "cut"],
    ];
    let before = all(d.root(), queries);
    assert_eq!(all(d.root(), queries), before, "given again");
    assert!(!before.contains("cider than"), "{before}");
    // Edited by hand: the same size, the old modification time put back.
    let rel = "claims/wine-exports.yaml";
    let p = d.path(rel);
    let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
    let text = d.read(rel);
    d.write(rel, &text.replace("more wine than", "more cider than"));
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    settle();
    let edited = all(d.root(), queries);
    assert!(edited.contains("more **cider** than"), "{edited}");
    assert_eq!(all(d.root(), queries), edited, "given again");
    // A record removed, one added.
    std::fs::remove_file(d.path("claims/candidate-one.yaml")).unwrap();
    let text = d.read("claims/unemployment-fell.yaml");
    d.write(
        "claims/cider-too.yaml",
        &text
            .replace("id: unemployment-fell", "id: cider-too")
            .replace(
                "Unemployment fell to 7.1 percent last year\n",
                "The region sells more cider abroad\n",
            ),
    );
    settle();
    let changed = all(d.root(), queries);
    assert!(!changed.contains("candidate-one"), "{changed}");
    assert!(changed.contains("cider-too"), "{changed}");
    assert_eq!(all(d.root(), queries), changed, "given again");
    // Each answer is what a desk without any cache answers.
    let copy = tempfile::tempdir().unwrap();
    for sub in ["claims", "sources"] {
        std::fs::create_dir_all(copy.path().join(sub)).unwrap();
        for e in std::fs::read_dir(d.path(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), copy.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(d.path("factdesk.yaml"), copy.path().join("factdesk.yaml")).unwrap();
    assert_eq!(all(copy.path(), queries), changed);
}

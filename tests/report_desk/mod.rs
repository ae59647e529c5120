//! A small fixed desk for the report tests, written as YAML and transcripts
//! straight into a temporary folder (so hostile values the CLI would refuse
//! can be planted too).

#![allow(dead_code)]

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub const INTERVIEW: &str = "Le Point: What can North Korea hope to seek from Russia?\n\
Antoine Bondaz: If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.\n\
Antoine Bondaz: More than a year ago, the United States already announced that North Korea was supplying shells.\n\
Antoine Bondaz: North Korea has many needs in terms of economics, technology and food.\n";

pub const DEBATE: &str = "WEBVTT\n\n\
00:00:01.000 --> 00:00:04.500\n<v Jane Roe>Unemployment fell to 7.1 percent last year.\n\n\
00:00:05.000 --> 00:00:09.250\n<v Jane Roe>Our region exports more wine than any other.\n";

pub struct FixtureDesk {
    pub dir: TempDir,
}

impl FixtureDesk {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `factdesk --desk <root> ARGS`.
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.cmd_env(args, &[])
    }

    /// [`FixtureDesk::cmd`] with extra environment variables.
    pub fn cmd_env(&self, args: &[&str], env: &[(&str, &str)]) -> assert_cmd::assert::Assert {
        assert_cmd::Command::cargo_bin("factdesk")
            .expect("binary")
            .current_dir(self.root())
            .env("FACTDESK_USER", "tester")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .args(args)
            .assert()
    }

    pub fn source(&self, id: &str, ext: &str, format: &str, url: Option<&str>, text: &str) {
        let sha: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.write(&format!("sources/{id}.{ext}"), text);
        let url_line = url.map(|u| format!("url: {u:?}\n")).unwrap_or_default();
        self.write(
            &format!("sources/{id}.yaml"),
            &format!(
                "id: {id}\ntitle: \"Interview {id}\"\noutlet: Le Point\n{url_line}published: 2023-09-14\nformat: {format}\nfile: {id}.{ext}\nsha256: \"{sha}\"\nspeakers:\n  - Antoine Bondaz\n"
            ),
        );
    }

    pub fn claim(&self, id: &str, body: &str) {
        self.write(&format!("claims/{id}.yaml"), &format!("id: {id}\n{body}"));
    }
}

const CONFIG: &str = "name: Test Desk\npublisher:\n  name: Test Checks\n  url: https://checks.newsroom.fr/\nrating_scale:\n  - {key: accurate, label: Accurate, value: 3, description: Correct.}\n  - {key: mixed, label: Mixed, value: 2, description: Partly correct.}\n  - {key: inaccurate, label: Inaccurate, value: 1, description: Not correct.}\n";

/// The empty desk: settings, folders.
pub fn empty() -> FixtureDesk {
    let d = FixtureDesk {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    d.write("factdesk.yaml", CONFIG);
    std::fs::create_dir_all(d.path("claims")).expect("claims");
    std::fs::create_dir_all(d.path("reports")).expect("reports");
    d
}

pub fn history(extra: &str) -> String {
    format!(
        "history:\n  - {{at: 2023-09-14T09:00:00Z, by: ana, action: created, to: candidate}}\n{extra}"
    )
}

/// Research started the same morning the claim was logged.
const RESEARCHING: &str =
    "  - {at: 2023-09-14T10:00:00Z, by: ana, action: research-started, from: candidate, to: researching}\n";

/// From research to publication: rated `rating`, submitted, approved by jo,
/// published (every step the workflow asks for, so the desk passes `check`).
pub fn published_history(rating: &str) -> String {
    format!(
        "{RESEARCHING}  - {{at: 2023-09-15T10:00:00Z, by: ana, action: rated, rating: {rating}}}\n  - {{at: 2023-09-15T11:00:00Z, by: ana, action: submitted, from: researching, to: in-review}}\n  - {{at: 2023-09-15T13:00:00Z, by: jo, action: reviewed, note: approved}}\n  - {{at: 2023-09-15T14:00:00Z, by: jo, action: published, from: in-review, to: published}}\n"
    )
}

/// jo's approval, as `reviews:` holds it.
pub const APPROVED: &str = "reviews:\n  - {by: jo, at: 2023-09-15T13:00:00Z, decision: approved}\n";

/// A valid published check `id` on the interview's line 3 (for big desks).
pub fn published_bulk(d: &FixtureDesk, id: &str, n: usize) {
    d.claim(id, &format!(
        "claim: The US said shells came from North Korea (check {n})\nquote: More than a year ago, the United States already announced that North Korea was supplying shells.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 3}}\nsaid_on: 2023-09-14\nstatus: published\nrating: accurate\nsummary: The White House said so in September 2022.\nevidence:\n  - {{url: \"https://www.whitehouse.gov/briefing-room/\", title: Press briefing, publisher: The White House, accessed: 2023-09-15, stance: supports}}\n{APPROVED}{}",
        history(&published_history("accurate"))
    ));
}

/// A small desk: a text interview and a .vtt debate; two published claims
/// (one corrected), open work in every open status, one discarded claim.
pub fn small() -> FixtureDesk {
    let d = empty();
    d.source(
        "lepoint-interview",
        "txt",
        "text",
        Some("https://www.lepoint.fr/monde/interview"),
        INTERVIEW,
    );
    d.source(
        "regional-debate",
        "vtt",
        "vtt",
        Some("https://tv.example.org/debate"),
        DEBATE,
    );
    d.claim("un-arms-embargo", &format!(
        "claim: Importing North Korean arms breaches UN Security Council resolutions\nquote: If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 2}}\nsaid_on: 2023-09-14\ntags: [sanctions]\nstatus: published\nassignee: ana\nrating: accurate\nsummary: Resolutions 1718 (2006) and 1874 (2009) bar all states from procuring arms from the DPRK.\nevidence:\n  - {{url: \"https://undocs.org/S/RES/1718(2006)\", title: Resolution 1718, publisher: UN Security Council, published: 2006-10-14, accessed: 2023-09-15, stance: supports}}\nreviews:\n  - {{by: jo, at: 2023-09-15T13:00:00Z, decision: approved}}\ncorrections:\n  - {{at: 2023-09-20T08:00:00Z, by: jo, note: Added resolution 1874., previous_rating: mixed}}\n{}",
        history(&format!("{}  - {{at: 2023-09-20T08:00:00Z, by: jo, action: corrected, rating: accurate, note: Added resolution 1874.}}\n", published_history("mixed")))
    ));
    d.claim("shells-announced", &format!(
        "claim: The US said a year earlier that North Korea supplied shells\nquote: More than a year ago, the United States already announced that North Korea was supplying shells.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 3}}\nsaid_on: 2023-09-14\nstatus: researching\nassignee: ana\n{}",
        history(RESEARCHING)
    ));
    d.claim("needs-list", &format!(
        "claim: North Korea needs economic, technological and food help\nquote: North Korea has many needs in terms of economics, technology and food.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 4}}\nstatus: discarded\n{}",
        history("  - {at: 2023-09-14T09:30:00Z, by: ana, action: discarded, from: candidate, to: discarded, note: \"A list of needs, not a checkable claim\"}\n")
    ));
    d.claim("unemployment-fell", &format!(
        "claim: Unemployment fell to 7.1 percent last year\nquote: Unemployment fell to 7.1 percent last year.\nspeaker: Jane Roe\nsource: regional-debate\nlocation: {{line: 4, start: \"00:00:01.000\", end: \"00:00:04.500\"}}\nsaid_on: 2023-10-02\nstatus: published\nrating: mixed\nsummary: The rate fell to 7.3 percent, not 7.1.\nevidence:\n  - {{url: https://stats.example.org/unemployment, title: Labour survey, publisher: Statistics Office, accessed: 2023-10-03, stance: refutes, note: Table 2.}}\n{APPROVED}{}",
        history(&published_history("mixed"))
    ));
    d.claim("wine-exports", &format!(
        "claim: The region exports more wine than any other\nquote: Our region exports more wine than any other.\nspeaker: Jane Roe\nsource: regional-debate\nlocation: {{line: 7, start: \"00:00:05.000\", end: \"00:00:09.250\"}}\nstatus: in-review\nassignee: li\nrating: inaccurate\nsummary: Two regions export more.\n{}",
        history(&format!("{RESEARCHING}  - {{at: 2023-09-15T10:00:00Z, by: li, action: rated, rating: inaccurate}}\n  - {{at: 2023-09-15T11:00:00Z, by: li, action: submitted, from: researching, to: in-review}}\n"))
    ));
    d.claim("candidate-one", &format!(
        "claim: The region exports wine\nquote: Our region exports more wine than any other.\nspeaker: Jane Roe\nsource: regional-debate\nlocation: {{line: 7, start: \"00:00:05.000\", end: \"00:00:09.250\"}}\nstatus: candidate\n{}",
        history("")
    ));
    d
}

/// Every file of a rendered `reports/` folder (its top level, `sources/` and
/// `checks/`), as `(relative name, bytes)` in name order.
pub fn report_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["", "sources", "checks"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries {
            let e = e.expect("entry");
            if e.file_type().expect("type").is_file() {
                let rel = Path::new(sub).join(e.file_name());
                out.push((
                    rel.display().to_string(),
                    std::fs::read(e.path()).expect("read"),
                ));
            }
        }
    }
    out.sort();
    out
}

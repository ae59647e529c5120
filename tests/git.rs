//! End-to-end tests of the desk's history in git: `factdesk diff`, `log` and
//! `audit --since`, run by the real binary on real temporary repositories.
//! Git is isolated from the machine's configuration (no global or system
//! config, fixed author: `support::identity`), so the tests behave the
//! same everywhere.

use assert_cmd::Command;
use std::path::PathBuf;
use tempfile::TempDir;

pub(crate) const TRANSCRIPT: &str = "\
Le Point: What happened at the cosmodrome?
Antoine Bondaz: Russia needs shells badly. North Korea has old stocks to sell.
Le Point: And China?
Antoine Bondaz: China watches closely. Beijing will not be pleased by this meeting.
";

/// A desk at the top of a fresh git repository, with one source committed.
pub(crate) struct Repo {
    _tmp: TempDir,
    pub(crate) dir: PathBuf,
}

/// A command of a git test: clean, git's author and committer fixed,
/// factdesk's user `ana` without colour (`support::identity`).
pub(crate) fn isolate(cmd: &mut Command) -> &mut Command {
    crate::support::identity(cmd)
}

pub(crate) use crate::support::git_in;

impl Repo {
    pub(crate) fn new() -> Repo {
        Repo::in_subfolder("")
    }

    /// A repository whose desk sits in `sub` (empty: at the top).
    pub(crate) fn in_subfolder(sub: &str) -> Repo {
        let tmp = TempDir::new().unwrap();
        let top = tmp.path().to_path_buf();
        git_in(&top, &["init", "-q", "-b", "main"]);
        let dir = top.join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        let r = Repo { _tmp: tmp, dir };
        r.fd(&[
            "init",
            r.dir.to_str().unwrap(),
            "--url",
            "https://checks.newsroom.fr/",
        ])
        .success();
        std::fs::write(r.dir.join("interview.txt"), TRANSCRIPT).unwrap();
        r.fd(&[
            "source",
            "add",
            "interview.txt",
            "--id",
            "lp",
            "--title",
            "Interview",
            "--outlet",
            "Le Point",
            "--published",
            "2023-09-14",
            "--url",
            "https://media.example.org/interview",
            "--speaker",
            "Antoine Bondaz",
            "--interviewer",
            "Le Point",
        ])
        .success();
        std::fs::remove_file(r.dir.join("interview.txt")).unwrap();
        r.commit("desk and source");
        r
    }

    pub(crate) fn git(&self, args: &[&str]) -> String {
        git_in(&self.dir, args)
    }

    pub(crate) fn commit(&self, msg: &str) {
        self.git(&["add", "-A", "."]);
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
    }

    pub(crate) fn fd(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        let mut cmd = crate::support::factdesk();
        isolate(&mut cmd).current_dir(&self.dir).args(args).assert()
    }

    /// `check --format json` with `extra` (`--since REV`, `--no-cache`):
    /// the exit code and the diagnostics.
    pub(crate) fn check_json(&self, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
        let mut args = vec!["check", "--format", "json"];
        args.extend(extra);
        let a = self.fd(&args);
        let out = a.get_output();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        (
            out.status.code().unwrap_or(-1),
            doc["diagnostics"].as_array().cloned().unwrap_or_default(),
        )
    }

    pub(crate) fn out(&self, args: &[&str]) -> String {
        let a = self.fd(args).success();
        String::from_utf8(a.get_output().stdout.clone()).unwrap()
    }

    /// Logs a claim and returns its minted id.
    pub(crate) fn add_claim(&self, quote: &str) -> String {
        let out = self.out(&["claim", "add", "--source", "lp", "--quote", quote]);
        let id = out.split_whitespace().nth(2).unwrap().to_string();
        assert!(
            self.dir.join(format!("claims/{id}.yaml")).is_file(),
            "{out}"
        );
        id
    }

    pub(crate) fn evidence(&self, id: &str, url: &str) {
        self.fd(&[
            "evidence",
            "add",
            id,
            "--url",
            url,
            "--title",
            "A report",
            "--publisher",
            "UN",
            "--stance",
            "supports",
            "--accessed",
            "2023-09-15",
        ])
        .success();
    }

    /// Takes a new claim all the way to published (rated by ana, approved by jo).
    pub(crate) fn publish(&self, id: &str) {
        self.fd(&["research", id]).success();
        self.evidence(
            id,
            "https://www.un.org/securitycouncil/s/res/1718-%282006%29",
        );
        self.fd(&[
            "rate",
            id,
            "accurate",
            "--summary",
            "Russia is short of artillery shells.",
        ])
        .success();
        self.fd(&["submit", id]).success();
        self.fd(&["--by", "jo", "review", "--approve", id])
            .success();
        self.fd(&["publish", id]).success();
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}:\n{text}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    /// Edits the transcript of source `lp` and records its new sha256 in
    /// `sources/lp.yaml`, as a careful hand edit would.
    pub(crate) fn edit_transcript_with_sha(&self, from: &str, to: &str) {
        use sha2::Digest;
        let sha = |rel: &str| -> String {
            let bytes = std::fs::read(self.path(rel)).unwrap();
            sha2::Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        let old = sha("sources/lp.txt");
        self.edit("sources/lp.txt", from, to);
        let new = sha("sources/lp.txt");
        self.edit("sources/lp.yaml", &old, &new);
    }
}

pub(crate) fn claim_file(id: &str) -> String {
    format!("claims/{id}.yaml")
}

#[test]
fn two_branches_adding_to_one_source_merge_without_conflicts_or_id_collisions() {
    let r = Repo::new();
    let a = r.add_claim("Russia needs shells badly.");
    let b = r.add_claim("China watches closely.");
    r.commit("two claims");
    r.git(&["checkout", "-q", "-b", "ana"]);
    let ana_claim = r.add_claim("North Korea has old stocks to sell.");
    r.fd(&["research", &a]).success();
    r.evidence(&a, "https://example.org/shells");
    r.commit("ana: a claim and evidence");
    r.git(&["checkout", "-q", "main"]);
    r.git(&["checkout", "-q", "-b", "jo"]);
    let jo_claim = r.fd(&[
        "--by",
        "jo",
        "claim",
        "add",
        "--source",
        "lp",
        "--quote",
        "North Korea has old stocks to sell.",
    ]);
    let jo_out = String::from_utf8(jo_claim.success().get_output().stdout.clone()).unwrap();
    let jo_claim = jo_out.split_whitespace().nth(2).unwrap().to_string();
    r.fd(&["--by", "jo", "research", &b]).success();
    r.evidence(&b, "https://example.org/china");
    r.commit("jo: the same quote, and evidence on another claim");
    r.git(&["checkout", "-q", "ana"]);
    r.git(&["merge", "-q", "--no-edit", "jo"]);
    assert!(
        r.git(&["status", "--porcelain"]).is_empty(),
        "no conflict left behind"
    );
    assert_ne!(
        ana_claim, jo_claim,
        "the same quote logged twice gets two ids"
    );
    let claims: Vec<_> = std::fs::read_dir(r.path("claims")).unwrap().collect();
    assert_eq!(claims.len(), 4);
    let diff = r.out(&["diff", "main", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&diff).unwrap();
    let kinds: Vec<(String, String)> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 4, "{diff}");
    assert!(kinds.contains(&(ana_claim, "added".into())));
    assert!(kinds.contains(&(jo_claim, "added".into())));
    assert!(kinds.contains(&(a, "changed".into())));
    assert!(
        diff.contains("https://example.org/china") && diff.contains("https://example.org/shells")
    );
}

#[test]
fn diff_shows_status_rating_evidence_reviews_and_flags_published_edits() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("claim");
    r.publish(&id);
    r.commit("published");
    let out = r.out(&["diff", "HEAD~1", "HEAD"]);
    assert!(out.contains("status candidate → published"), "{out}");
    assert!(out.contains("rating none → Accurate"), "{out}");
    assert!(out.contains("evidence added (supports)"), "{out}");
    assert!(out.contains("review by jo: approved"), "{out}");
    assert!(
        !out.contains('!'),
        "nothing flagged in an honest publication:\n{out}"
    );

    r.edit(
        &claim_file(&id),
        "summary: Russia is short",
        "summary: Russia has plenty",
    );
    let out = r.out(&["diff"]);
    assert!(
        out.contains("HEAD (") && out.contains("→ working tree"),
        "{out}"
    );
    assert!(
        out.contains("! PUBLISHED CLAIM'S SUMMARY EDITED WITHOUT A CORRECTION"),
        "{out}"
    );
    assert!(out.contains("1 need attention"), "{out}");
}

#[test]
fn audit_flags_a_rewritten_history_entry_and_names_the_commit() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.fd(&["research", &id]).success();
    r.commit("claim in research");
    r.git(&["tag", "base"]);
    r.edit(&claim_file(&id), "by: ana", "by: mallory");
    r.commit("tidy up");
    let a = r.fd(&["audit", "--since", "base"]).code(1);
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("error[history-rewritten]: claim ") && out.contains("history entry 1"),
        "{out}"
    );
    assert!(out.contains("was removed or changed in commit"), "{out}");
    assert!(out.contains("commit range: base..HEAD"), "{out}");
    assert!(
        out.contains("introduced by commit") && out.contains("\"tidy up\""),
        "{out}"
    );
    let json = r.out(&["audit", "--since", "HEAD", "--format", "json"]);
    assert_eq!(json.trim(), "[]", "nothing changed since HEAD");
}

#[test]
fn audit_flags_a_published_claim_edited_without_correction_but_not_with_one() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.publish(&id);
    r.commit("published");
    r.edit(&claim_file(&id), "rating: accurate", "rating: misleading");
    let a = r
        .fd(&["audit", "--since", "HEAD", "--format", "json"])
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v[0]["code"], "published-claim-edited");
    assert!(v[0]["message"].as_str().unwrap().contains("the rating"));
    assert!(
        v[0]["notes"].to_string().contains("uncommitted changes"),
        "{v}"
    );

    r.git(&["checkout", "--", "."]);
    r.fd(&[
        "correct",
        &id,
        "--note",
        "The shortage was overstated.",
        "--rating",
        "misleading",
    ])
    .success();
    r.commit("corrected in the open");
    r.fd(&["audit", "--since", "HEAD~1"]).success();
}

#[test]
fn audit_flags_a_deleted_published_claim_and_a_reused_id() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.publish(&id);
    let other = r.add_claim("China watches closely.");
    r.commit("published one, logged another");
    r.git(&["tag", "base"]);
    std::fs::remove_file(r.path(&claim_file(&id))).unwrap();
    r.commit("remove an embarrassing check");
    // Reuse the second claim's id for another quote.
    let text = std::fs::read_to_string(r.path(&claim_file(&other))).unwrap();
    std::fs::remove_file(r.path(&claim_file(&other))).unwrap();
    r.commit("drop");
    let reused = text.replace(
        "China watches closely.",
        "Beijing will not be pleased by this meeting.",
    );
    std::fs::write(r.path(&claim_file(&other)), reused).unwrap();
    r.commit("new claim, old id");
    let a = r.fd(&["audit", "--since", "base"]).code(1);
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(out.contains("error[published-claim-deleted]"), "{out}");
    assert!(out.contains("\"remove an embarrassing check\""), "{out}");
    assert!(out.contains("error[id-reused]"), "{out}");
    assert!(out.contains("\"new claim, old id\""), "{out}");
    assert!(
        out.contains("in base..HEAD") && out.contains("; 2 problems"),
        "{out}"
    );
    // `check --since` reports the same findings with the rest of the check.
    let c = r
        .fd(&["check", "--since", "base", "--format", "json"])
        .code(1);
    let doc: serde_json::Value = serde_json::from_slice(&c.get_output().stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"published-claim-deleted") && codes.contains(&"id-reused"),
        "{codes:?}"
    );
    r.fd(&["check", "--since", "no-such-rev"]).code(2);
    let log = r.out(&["log", &id]);
    assert!(log.starts_with(&format!("{id} (deleted)")), "{log}");
    assert!(
        log.contains("jo reviewed") && log.contains("(DELETED the file)"),
        "{log}"
    );
}

#[test]
fn a_changed_transcript_lists_broken_and_moved_quotes() {
    let r = Repo::new();
    let broken = r.add_claim("China watches closely.");
    let moved = r.add_claim("Russia needs shells badly.");
    r.commit("claims");
    r.edit("sources/lp.txt", "China watches closely.", "China watches.");
    r.edit(
        "sources/lp.txt",
        "Le Point: What happened",
        "Le Point: Hello.\nLe Point: What happened",
    );
    let out = r.out(&["diff"]);
    assert!(
        out.contains("transcript sources/lp.txt: sha256 in the metadata NOT updated"),
        "{out}"
    );
    assert!(
        out.contains(&format!("! {broken}: quote no longer found (was line 4)")),
        "{out}"
    );
    assert!(
        out.contains(&format!("{moved}: quote moved, line 2 → 3")),
        "{out}"
    );
    let a = r.fd(&["audit", "--since", "HEAD"]).code(1);
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(out.contains("error[transcript-changed-silently]"), "{out}");
}

#[test]
fn log_shows_history_with_the_creating_commit_and_a_rename() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("log a claim");
    r.git(&["mv", &claim_file(&id), "claims/russia-shells.yaml"]);
    r.commit("rename for a shorter id");
    r.edit(
        "claims/russia-shells.yaml",
        &format!("id: {id}"),
        "id: russia-shells",
    );
    r.fd(&["research", "russia-shells"]).success();
    r.commit("start research");
    let out = r.out(&["log", "russia-shells"]);
    assert!(out.contains("ana created"), "{out}");
    assert!(
        out.contains("ana research-started (candidate → researching)"),
        "{out}"
    );
    assert!(
        out.contains("Ana Martin <ana@example.org>: log a claim (created the file)"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "rename for a shorter id (renamed claims/{id}.yaml → claims/russia-shells.yaml)"
        )),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&r.out(&["log", "russia-shells", "--json"])).unwrap();
    let kinds: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "commit").count(),
        3,
        "{json}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "history").count(),
        2,
        "{json}"
    );

    let by = r.out(&["--by", "ana", "log"]);
    assert_eq!(by.lines().count(), 2, "{by}");
    assert!(by.lines().all(|l| l.ends_with("russia-shells")), "{by}");
}

#[test]
fn a_desk_in_a_subfolder_of_the_repository_works() {
    let r = Repo::in_subfolder("desk");
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("claim");
    r.edit(&claim_file(&id), "status: candidate", "status: researching");
    let out = r.out(&["diff"]);
    assert!(out.contains("status candidate → researching"), "{out}");
    let out = r.out(&["log", &id]);
    assert!(out.contains("claim (created the file)"), "{out}");
}

#[test]
fn clear_errors_outside_a_repository_for_unknown_revisions_and_without_git() {
    let tmp = TempDir::new().unwrap();
    let mut cmd = crate::support::factdesk();
    isolate(&mut cmd)
        .current_dir(tmp.path())
        .args(["init", "."])
        .assert()
        .success();
    let mut cmd = crate::support::factdesk();
    isolate(&mut cmd)
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap())
        .current_dir(tmp.path())
        .arg("diff")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not inside a git repository"))
        .stderr(predicates::str::contains("git init"));

    let fresh = TempDir::new().unwrap();
    git_in(fresh.path(), &["init", "-q", "-b", "main"]);
    let mut cmd = crate::support::factdesk();
    isolate(&mut cmd)
        .current_dir(fresh.path())
        .args(["init", "."])
        .assert()
        .success();
    let mut cmd = crate::support::factdesk();
    isolate(&mut cmd)
        .current_dir(fresh.path())
        .arg("diff")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no commit yet"))
        .stderr(predicates::str::contains("git commit"));

    let r = Repo::new();
    r.fd(&["diff", "no-such-branch"])
        .code(2)
        .stderr(predicates::str::contains(
            "unknown revision \"no-such-branch\"",
        ));
    r.fd(&["audit", "--since", "v9"])
        .code(2)
        .stderr(predicates::str::contains("unknown revision \"v9\""));
    let empty = TempDir::new().unwrap();
    r.fd(&["diff"]).success();
    let mut cmd = crate::support::factdesk();
    isolate(&mut cmd)
        .env("PATH", empty.path())
        .current_dir(&r.dir)
        .arg("diff")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("git is not installed"));
}

/// A claim record written by hand, so the snapshot does not depend on minted
/// ids or the clock.
fn record(id: &str, quote: &str, line: u32, status: &str, extra: &str) -> String {
    format!(
        "id: {id}\nclaim: {quote}\nquote: {quote}\nspeaker: Antoine Bondaz\nsource: lp\nlocation:\n  line: {line}\nstatus: {status}\n{extra}history:\n- at: 2023-09-14T09:00:00Z\n  by: ana\n  action: created\n  to: candidate\n"
    )
}

const PUBLISHED: &str = "rating: accurate\nsummary: Russia is short of shells.\nevidence:\n- url: https://example.org/shells\n  title: Shell report\n  publisher: UN\n  accessed: 2023-09-15\n  stance: supports\nreviews:\n- by: jo\n  at: 2023-09-15T10:00:00Z\n  decision: approved\n";

#[test]
fn markdown_diff_for_a_pull_request() {
    let r = Repo::new();
    let w = |id: &str, text: String| std::fs::write(r.path(&claim_file(id)), text).unwrap();
    w(
        "shells-1a2b3c4d",
        record(
            "shells-1a2b3c4d",
            "Russia needs shells badly.",
            2,
            "published",
            PUBLISHED,
        ),
    );
    w(
        "stocks-5e6f7a8b",
        record(
            "stocks-5e6f7a8b",
            "North Korea has old stocks to sell.",
            2,
            "candidate",
            "",
        ),
    );
    w(
        "china-9c0d1e2f",
        record(
            "china-9c0d1e2f",
            "China watches closely.",
            4,
            "in-review",
            "rating: mixed\nsummary: Hard to tell.\n",
        ),
    );
    r.commit("three claims");
    let base = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    w(
        "shells-1a2b3c4d",
        record(
            "shells-1a2b3c4d",
            "Russia needs shells badly.",
            2,
            "published",
            &PUBLISHED.replace("short of shells", "out of shells"),
        ),
    );
    let evidence = "assignee: jo\nevidence:\n- url: https://example.org/stocks\n  title: Stockpile study\n  publisher: RUSI\n  accessed: 2023-09-16\n  stance: context\n";
    w(
        "stocks-5e6f7a8b",
        record(
            "stocks-5e6f7a8b",
            "North Korea has old stocks to sell.",
            2,
            "researching",
            evidence,
        ),
    );
    w("china-9c0d1e2f", record("china-9c0d1e2f", "China watches closely.", 4, "published", "rating: mostly-accurate\nsummary: Hard to tell.\nreviews:\n- by: lea\n  at: 2023-09-16T10:00:00Z\n  decision: approved\n"));
    w(
        "beijing-3a4b5c6d",
        record(
            "beijing-3a4b5c6d",
            "Beijing will not be pleased by this meeting.",
            4,
            "candidate",
            "",
        ),
    );
    r.edit(
        "sources/lp.txt",
        "Russia needs shells badly.",
        "Russia needs shells.",
    );
    r.commit("a day's work");
    let head = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    let md = r
        .out(&["diff", "HEAD~1", "HEAD", "--format", "markdown"])
        .replace(&base[..7], "BASE")
        .replace(&head[..7], "HEAD");
    insta::assert_snapshot!(md);
}

#[test]
fn an_unparsable_record_is_reported_not_a_crash() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.commit("claim");
    r.edit(&claim_file(&id), "status: candidate", "status: [broken");
    let out = r.out(&["diff"]);
    assert!(out.contains(&format!("! {id}")), "{out}");
    assert!(
        out.contains("! UNPARSABLE at the newer side: \"line 9: status:"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&r.out(&["diff", "--format", "json"])).unwrap();
    assert_eq!(json["claims"][0]["kind"], "unparsable");
    assert_eq!(json["claims"][0]["changes"][0]["side"], "new");
}

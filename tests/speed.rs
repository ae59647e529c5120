//! The desk's one cache and the shortcuts built on it, end to end: every
//! whole-desk command answers the same, byte for byte, from a cold cache, a
//! warm one and none; `status` knows `reports/` is up to date without
//! rendering it, and never says so when it is not.

use crate::report_desk::{small, FixtureDesk};
use std::time::{Duration, SystemTime};

fn out(d: &FixtureDesk, args: &[&str]) -> (Option<i32>, String) {
    let a = d.cmd(args);
    let o = a.get_output();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn stale(d: &FixtureDesk) -> Vec<String> {
    let (code, text) = out(d, &["status", "--json", "--today", "2023-10-10"]);
    assert_eq!(code, Some(0), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["stale_reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Sets a file's time a minute back, as if written a while ago.
fn age(d: &FixtureDesk, rel: &str) {
    std::fs::File::options()
        .write(true)
        .open(d.path(rel))
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

fn age_reports(d: &FixtureDesk) {
    for rel in [
        "README.md",
        "index.html",
        "claimreview.json",
        "claims.csv",
        "sources/lepoint-interview.md",
        "sources/regional-debate.md",
    ] {
        age(d, &format!("reports/{rel}"));
    }
    for e in std::fs::read_dir(d.path("reports/checks")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        age(d, &format!("reports/checks/{name}"));
    }
}

#[test]
fn every_whole_desk_command_answers_alike_cold_warm_and_uncached() {
    let d = small();
    let commands: [&[&str]; 13] = [
        &["list", "--json"],
        &["search", "Security Council", "--json"],
        &["similar", "un-arms-embargo", "--json"],
        &["status", "--json", "--today", "2023-10-10"],
        &["check", "--format", "json"],
        &["show", "wine-exports"],
        &["list", "--status", "published"],
        &["list", "--assignee", "ANA"],
        &["search", "north korea"],
        &["search", "\"supplied shells\"", "--status", "researching"],
        &["similar", "shells-announced"],
        &[
            "similar",
            "--text",
            "does North Korea supply shells",
            "--json",
        ],
        &["status", "--today", "2023-10-10"],
    ];
    let cold: Vec<_> = commands.iter().map(|c| out(&d, c)).collect();
    assert!(d.path(".factdesk/cache/index").is_file());
    let warm: Vec<_> = commands.iter().map(|c| out(&d, c)).collect();
    assert_eq!(cold, warm);
    let (_, uncached) = out(&d, &["check", "--format", "json", "--no-cache"]);
    assert_eq!(uncached, cold[4].1);
    assert!(cold[1].1.contains("un-arms-embargo"), "{}", cold[1].1);
    // A claim edited by hand is seen by every command at once.
    let text = d.read("claims/wine-exports.yaml");
    d.write(
        "claims/wine-exports.yaml",
        &text.replace("more wine than any other", "more cider than any other"),
    );
    let (_, found) = out(&d, &["search", "cider", "--json"]);
    assert!(found.contains("wine-exports"), "{found}");
    let (code, checked) = out(&d, &["check", "--format", "json"]);
    assert_eq!(code, Some(1));
    assert!(checked.contains("quote-not-found"), "{checked}");
}

#[test]
fn one_cache_serves_every_command() {
    let d = small();
    out(&d, &["list"]);
    out(&d, &["check"]);
    let mut names: Vec<String> = std::fs::read_dir(d.path(".factdesk/cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    // One index of the desk's files; a table per projection of them; the
    // claims check parsed, in the table every whole load reads.
    assert_eq!(names, ["brief", "check", "claims", "index"]);
    let index = d.read(".factdesk/cache/index");
    assert_eq!(
        index.lines().filter(|l| l.ends_with(".yaml")).count(),
        6,
        "each claim file once: {index}"
    );
}

#[test]
fn status_knows_when_reports_are_up_to_date_and_when_not() {
    let d = small();
    assert!(!stale(&d).is_empty(), "never rendered");
    d.cmd(&["report"]).success();
    assert_eq!(stale(&d), Vec::<String>::new());
    age_reports(&d);
    assert_eq!(
        stale(&d),
        Vec::<String>::new(),
        "read again, then vouched by time"
    );
    assert_eq!(stale(&d), Vec::<String>::new());

    // A published claim's new summary changes the public edition.
    let text = d.read("claims/unemployment-fell.yaml");
    let edited = text.replace("not 7.1.", "not 7.1 (revised).");
    d.write("claims/unemployment-fell.yaml", &edited);
    assert!(
        stale(&d).iter().any(|s| s.contains("README.md")),
        "{:?}",
        stale(&d)
    );
    d.write("claims/unemployment-fell.yaml", &text);
    assert_eq!(stale(&d), Vec::<String>::new());

    // A claim the public edition leaves out changes bytes but no report.
    let open = d.read("claims/candidate-one.yaml");
    d.write("claims/candidate-one.yaml", &format!("# a note\n{open}"));
    assert_eq!(stale(&d), Vec::<String>::new());

    // A report file edited by hand, even to the same size.
    let readme = d.read("reports/README.md");
    d.write("reports/README.md", &readme.replacen('e', "E", 1));
    assert_eq!(stale(&d), vec!["stale    README.md".to_string()]);
    d.write("reports/README.md", &readme);
    assert_eq!(stale(&d), Vec::<String>::new());

    // A generated page removed, or one too many.
    let page = d.read("reports/sources/regional-debate.md");
    std::fs::remove_file(d.path("reports/sources/regional-debate.md")).unwrap();
    assert_eq!(
        stale(&d),
        vec!["missing  sources/regional-debate.md".to_string()]
    );
    d.write("reports/sources/regional-debate.md", &page);
    d.write("reports/sources/gone-source.md", "old page\n");
    assert_eq!(
        stale(&d),
        vec!["extra    sources/gone-source.md".to_string()]
    );
    std::fs::remove_file(d.path("reports/sources/gone-source.md")).unwrap();

    // Settings and template overrides are inputs too.
    d.write("templates/README.md", "# {{ desk }}\n");
    assert!(stale(&d).iter().any(|s| s.contains("README.md")));
    std::fs::remove_file(d.path("templates/README.md")).unwrap();
    let cfg = d.read("factdesk.yaml");
    d.write(
        "factdesk.yaml",
        &cfg.replace("name: Test Desk", "name: Other Desk"),
    );
    assert!(!stale(&d).is_empty());
    d.write("factdesk.yaml", &cfg);
    assert_eq!(stale(&d), Vec::<String>::new());
}

/// Whether the cache's index vouches for `rel` by its size and times (a
/// time of 0 means the file is read again next run).
fn vouched(d: &FixtureDesk, rel: &str) -> bool {
    d.read(".factdesk/cache/index")
        .lines()
        .find(|l| l.ends_with(&format!("\t{rel}")))
        .and_then(|l| l.split('\t').nth(2).map(|t| t != "0"))
        .unwrap_or(false)
}

/// Replaces `from` by `to` (the same length) in a file and puts its old
/// modification time back: only the size and time would say nothing changed.
fn edit_keeping_size_and_time(d: &FixtureDesk, rel: &str, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let p = d.path(rel);
    let before = std::fs::metadata(&p).unwrap();
    let text = d.read(rel);
    assert!(text.contains(from), "{rel} holds {from:?}");
    d.write(rel, &text.replacen(from, to, 1));
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    let after = std::fs::metadata(&p).unwrap();
    assert_eq!(
        (after.len(), after.modified().unwrap()),
        (before.len(), before.modified().unwrap())
    );
}

#[test]
fn a_hand_edit_of_the_same_size_and_time_is_seen_by_every_fast_path() {
    let d = small();
    for e in std::fs::read_dir(d.path("claims")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        age(&d, &format!("claims/{name}"));
    }
    let warm: [&[&str]; 4] = [
        &["status", "--json", "--today", "2023-10-10"],
        &["list"],
        &["search", "wine"],
        &["similar", "wine-exports"],
    ];
    for c in warm {
        out(&d, c);
    }
    assert!(vouched(&d, "claims/wine-exports.yaml"));
    let counts = |d: &FixtureDesk| {
        let (_, status) = out(d, &["status", "--json", "--today", "2023-10-10"]);
        let v: serde_json::Value = serde_json::from_str(&status).unwrap();
        (
            v["counts"]["in-review"].as_u64(),
            v["counts"]["candidate"].as_u64(),
        )
    };
    let (Some(review), Some(candidates)) = counts(&d) else {
        panic!("status --json counts")
    };
    // The index vouches for these files by size and time now.
    edit_keeping_size_and_time(
        &d,
        "claims/wine-exports.yaml",
        "status: in-review",
        "status: candidate",
    );
    edit_keeping_size_and_time(&d, "claims/wine-exports.yaml", "wine than", "beer than");
    let (_, list) = out(&d, &["list", "--status", "candidate"]);
    assert!(list.contains("wine-exports"), "{list}");
    let (_, found) = out(&d, &["search", "beer"]);
    assert!(found.contains("wine-exports"), "{found}");
    assert_eq!(counts(&d), (Some(review - 1), Some(candidates + 1)));
    let (_, alike) = out(&d, &["similar", "--text", "exports more beer", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&alike).unwrap();
    assert_eq!(v[0]["claim"]["id"], "wine-exports", "{alike}");
    assert_eq!(v[0]["claim"]["status"], "candidate", "{alike}");
}

#[test]
fn damaged_projection_rows_are_made_again_from_the_records() {
    let d = small();
    let commands: [&[&str]; 4] = [
        &["list"],
        &["search", "north korea", "--json"],
        &["similar", "un-arms-embargo"],
        &["status", "--json", "--today", "2023-10-10"],
    ];
    let first: Vec<_> = commands.iter().map(|c| out(&d, c)).collect();
    for table in ["brief", "search", "similar"] {
        let rel = format!(".factdesk/cache/{table}");
        let text = d.read(&rel);
        let damaged: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| match l.split_once('\t') {
                Some((key, _)) if i >= 3 && key.len() == 64 => format!("{key}\tgarbage\\q\t9"),
                _ => l.to_string(),
            })
            .collect();
        assert_ne!(damaged.join("\n"), text.trim_end(), "{table} has rows");
        d.write(&rel, &(damaged.join("\n") + "\n"));
    }
    let again: Vec<_> = commands.iter().map(|c| out(&d, c)).collect();
    assert_eq!(first, again);
}

#[test]
fn a_claim_replaced_by_a_rename_is_seen() {
    let d = small();
    for e in std::fs::read_dir(d.path("claims")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        age(&d, &format!("claims/{name}"));
    }
    out(&d, &["list"]);
    assert!(vouched(&d, "claims/wine-exports.yaml"));
    let p = d.path("claims/wine-exports.yaml");
    let before = std::fs::metadata(&p).unwrap();
    let text = d.read("claims/wine-exports.yaml");
    d.write(
        "elsewhere.yaml",
        &text.replacen("wine than", "beer than", 1),
    );
    std::fs::File::options()
        .write(true)
        .open(d.path("elsewhere.yaml"))
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    std::fs::rename(d.path("elsewhere.yaml"), &p).unwrap();
    let (_, found) = out(&d, &["search", "beer"]);
    assert!(found.contains("wine-exports"), "{found}");
}

/// Waits until every file written so far is old enough (two seconds, the
/// cache's racy window) for the desk's stamp to vouch for it.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

fn check_json(d: &FixtureDesk) -> (Option<i32>, String) {
    out(d, &["check", "--format", "json"])
}

#[test]
fn a_whole_desk_check_is_given_again_only_while_no_file_changed() {
    let d = small();
    let (_, uncached) = out(&d, &["check", "--format", "json", "--no-cache"]);
    // Just written: no stamp yet, so nothing is kept for the desk as a whole.
    assert_eq!(check_json(&d), (Some(0), uncached.clone()));
    assert!(!d.path(".factdesk/cache/result").exists());
    settle();
    assert_eq!(check_json(&d), (Some(0), uncached.clone()));
    assert!(d.path(".factdesk/cache/result").is_file());
    assert_eq!(check_json(&d), (Some(0), uncached.clone()), "given again");

    // A claim edited by hand to the same size with its old time put back.
    edit_keeping_size_and_time(
        &d,
        "claims/wine-exports.yaml",
        "wine than any other.",
        "beer than any other.",
    );
    let (code, text) = check_json(&d);
    assert_eq!(
        text,
        out(&d, &["check", "--format", "json", "--no-cache"]).1
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("quote-not-found"), "{text}");
    settle();
    assert_eq!(
        check_json(&d),
        (code, text.clone()),
        "kept, then given again"
    );
    edit_keeping_size_and_time(
        &d,
        "claims/wine-exports.yaml",
        "beer than any other.",
        "wine than any other.",
    );
    settle();
    assert_eq!(check_json(&d), (Some(0), uncached.clone()));

    // A transcript edited the same way: its recorded sha256 no longer holds.
    let transcript = std::fs::read_dir(d.path("sources"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("lepoint-interview.") && !n.ends_with(".yaml"))
        .unwrap();
    let rel = format!("sources/{transcript}");
    edit_keeping_size_and_time(&d, &rel, "North Korea", "North Korfa");
    settle();
    let (code, text) = check_json(&d);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("transcript-changed"), "{text}");
    edit_keeping_size_and_time(&d, &rel, "North Korfa", "North Korea");

    // A file left behind by an interrupted write, a stray file, a link.
    settle();
    assert_eq!(check_json(&d), (Some(0), uncached.clone()));
    d.write("claims/.wine-exports.yaml.4194303-0.tmp", "half written");
    settle();
    let (_, text) = check_json(&d);
    assert!(text.contains("stale-temporary-file"), "{text}");
    std::fs::remove_file(d.path("claims/.wine-exports.yaml.4194303-0.tmp")).unwrap();
    d.write("claims/notes.txt", "todo");
    std::os::unix::fs::symlink("/etc/passwd", d.path("claims/linked.yaml")).unwrap();
    settle();
    let (_, text) = check_json(&d);
    for code in ["stray-file", "symbolic-link"] {
        assert!(text.contains(code), "{code}: {text}");
    }
    assert_eq!(check_json(&d).1, text, "given again");
    std::fs::remove_file(d.path("claims/linked.yaml")).unwrap();
    let (_, text) = check_json(&d);
    assert!(!text.contains("symbolic-link"), "{text}");
}

#[test]
fn a_stamp_of_a_changed_day_or_settings_is_not_reused() {
    let d = small();
    settle();
    let (code, before) = check_json(&d);
    assert_eq!(code, Some(0), "{before}");
    // The settings by their content, whatever their time.
    let cfg = d.read("factdesk.yaml");
    d.write("factdesk.yaml", &format!("{cfg}bogus_setting: 1\n"));
    settle();
    let (code, text) = check_json(&d);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("factdesk.yaml"), "{text}");
    // The result is kept under the day it was made on.
    let kept = d.read(".factdesk/cache/result");
    let today = chrono::Utc::now().date_naive().to_string();
    assert!(kept.lines().nth(1).unwrap().contains(&today), "{kept}");
}

/// What `args` prints on a copy of the desk that has no cache at all.
fn uncached(d: &FixtureDesk, args: &[&str]) -> (Option<i32>, String) {
    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let (src, dst) = (e.path(), to.join(e.file_name()));
            if e.file_name() == ".factdesk" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&dst).unwrap();
                copy_tree(&src, &dst);
            } else {
                std::fs::copy(&src, &dst).unwrap();
            }
        }
    }
    let copy = tempfile::tempdir().unwrap();
    copy_tree(d.root(), copy.path());
    out(&FixtureDesk { dir: copy }, args)
}

/// Every whole-desk listing a desk editor reads, with their own queue.
const LISTINGS: [&[&str]; 9] = [
    &["status", "--today", "2023-10-10"],
    &["status", "--json", "--today", "2023-10-10"],
    &["list"],
    &["list", "--status", "candidate"],
    &["search", "wine"],
    &["search", "\"more wine\"", "--json"],
    &["search", "north korea", "--status", "researching"],
    &["similar", "wine-exports"],
    &["similar", "--text", "the region exports beer", "--json"],
];

/// Runs every listing on `d` and on a copy without a cache: they agree.
fn listings_agree(d: &FixtureDesk, when: &str) -> Vec<String> {
    LISTINGS
        .iter()
        .map(|args| {
            let got = out(d, args);
            assert_eq!(got, uncached(d, args), "{when}: {args:?}");
            got.1
        })
        .collect()
}

#[test]
fn listings_kept_under_the_desk_stamp_follow_every_change() {
    let d = small();
    settle();
    let first = listings_agree(&d, "first run");
    for table in ["brief", "search", "similar"] {
        let kept = d.path(&format!(".factdesk/cache/{table}.desk"));
        assert!(kept.is_file(), "{table} kept under the stamp");
    }
    assert_eq!(listings_agree(&d, "given again"), first);
    let in_full = |t: &str| std::fs::read(d.path(&format!(".factdesk/cache/{t}.desk"))).unwrap();
    let written = ["brief", "search", "similar"].map(in_full);

    // A hand edit that keeps the size and puts the old time back.
    edit_keeping_size_and_time(
        &d,
        "claims/wine-exports.yaml",
        "status: in-review",
        "status: candidate",
    );
    edit_keeping_size_and_time(&d, "claims/wine-exports.yaml", "wine than", "beer than");
    let edited = listings_agree(&d, "just edited");
    settle();
    assert_eq!(listings_agree(&d, "edited, settled"), edited);
    // One claim changed: what was written in full stays, a delta amends it
    // (search's index: an index of the changed claim beside it).
    for (t, before) in ["brief", "search", "similar"].iter().zip(&written) {
        assert_eq!(&in_full(t), before, "{t}");
        assert!(
            d.path(&format!(".factdesk/cache/{t}.delta")).is_file(),
            "{t}"
        );
    }
    assert!(edited[3].contains("wine-exports"), "{}", edited[3]);
    let old_text = "claim: The region exports more **wine** than any other";
    assert!(first[4].contains(old_text), "{}", first[4]);
    assert!(!edited[4].contains(old_text), "{}", edited[4]);
    assert!(edited[8].contains("wine-exports"), "{}", edited[8]);

    // A record removed, then one added.
    std::fs::remove_file(d.path("claims/candidate-one.yaml")).unwrap();
    settle();
    let removed = listings_agree(&d, "removed");
    assert!(removed.iter().all(|o| !o.contains("candidate-one")));
    let text = d.read("claims/unemployment-fell.yaml");
    d.write(
        "claims/wine-again.yaml",
        &text
            .replace("id: unemployment-fell", "id: wine-again")
            .replace(
                "Unemployment fell to 7.1 percent last year\n",
                "The region sells more wine abroad\n",
            ),
    );
    settle();
    let added = listings_agree(&d, "added");
    assert!(added[2].contains("wine-again"), "{}", added[2]);
    assert!(added[4].contains("wine-again"), "{}", added[4]);

    // A transcript changed under its quotes: status's check line says so.
    let rel = "sources/regional-debate.vtt";
    edit_keeping_size_and_time(&d, rel, "more wine", "more vine");
    settle();
    let changed = listings_agree(&d, "transcript changed");
    assert!(changed[0].contains("error(s)"), "{}", changed[0]);
    assert!(!first[0].contains("error(s)"), "{}", first[0]);
}

/// The first cached check of a desk creates `.factdesk/`; the result it
/// keeps must stand for the next check, which finds the folder there (it
/// did not: `.factdesk` counted in the desk's stamp, so the second check
/// ran in full and kept its result again under a new stamp).
#[test]
fn the_first_cached_check_is_given_again_by_the_second() {
    let d = small();
    std::fs::remove_dir_all(d.path(".factdesk")).ok();
    settle();
    let (_, first) = check_json(&d);
    let result = d.path(".factdesk/cache/result");
    let kept = std::fs::read(&result).expect("the first check keeps its result");
    assert_eq!(check_json(&d).1, first);
    assert_eq!(
        std::fs::read(&result).unwrap(),
        kept,
        "the second check was given the first's result, not run and kept again"
    );
}

/// More claims changed than a delta holds (one in 32, or 256): the
/// listings are made from every record again, search's index gathered
/// from every claim, and they agree with a desk that has no cache.
#[test]
fn listings_after_many_changes_are_made_again_in_full() {
    let d = small();
    for n in 0..300 {
        crate::report_desk::published_bulk(&d, &format!("shells-{n:03}"), n);
    }
    settle();
    let first = listings_agree(&d, "first run");
    let search = d.path(".factdesk/cache/search.desk");
    let kept = std::fs::read(&search).unwrap();
    // Every bulk claim reworded.
    for n in 0..300 {
        let rel = format!("claims/shells-{n:03}.yaml");
        let text = d.read(&rel);
        d.write(
            &rel,
            &text.replace("came from North Korea", "were made in North Korea"),
        );
    }
    settle();
    let after = listings_agree(&d, "300 claims changed");
    assert_ne!(after, first);
    assert_ne!(
        std::fs::read(&search).unwrap(),
        kept,
        "written in full again"
    );
    assert_eq!(listings_agree(&d, "given again"), after);
    // One more change: a delta of what was written in full just now.
    let text = d.read("claims/shells-007.yaml");
    d.write(
        "claims/shells-007.yaml",
        &text.replace("(check 7)", "(check seven)"),
    );
    settle();
    listings_agree(&d, "one more");
    assert!(d.path(".factdesk/cache/search.delta").is_file());
    let seven = out(&d, &["search", "seven"]);
    assert!(seven.1.contains("shells-007"), "{}", seven.1);
    assert_eq!(seven, uncached(&d, &["search", "seven"]));
    let made = out(&d, &["search", "made in", "--limit", "400"]);
    assert!(made.1.contains("300 claim(s)"), "{}", made.1);
    assert_eq!(made, uncached(&d, &["search", "made in", "--limit", "400"]));
}

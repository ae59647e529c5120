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
    let commands: [&[&str]; 6] = [
        &["list", "--json"],
        &["search", "Security Council", "--json"],
        &["similar", "un-arms-embargo", "--json"],
        &["status", "--json", "--today", "2023-10-10"],
        &["check", "--format", "json"],
        &["show", "wine-exports"],
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
    assert_eq!(names, ["check", "claims", "index"]);
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

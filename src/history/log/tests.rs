use super::*;
use crate::model::Action;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn entry(when: &str, action: Action) -> HistoryEntry {
    HistoryEntry::new(at(when), "ana", action)
}

fn commit(sha: &str, when: &str) -> FileCommit {
    FileCommit {
        commit: sha.into(),
        author: "Ana Martin".into(),
        email: "ana@example.org".into(),
        at: at(when),
        message: sha.into(),
        path: "claims/a.yaml".into(),
        change: FileChange::Modified,
    }
}

/// What each line of a story is: an entry's action or a commit's id.
fn shape(log: &[LogEntry]) -> Vec<String> {
    log.iter()
        .map(|e| match e {
            LogEntry::History(h) => h.action.as_str().to_string(),
            LogEntry::Commit(c) => c.commit.clone(),
        })
        .collect()
}

#[test]
fn the_story_follows_the_graph_whatever_the_dates_say() {
    let history = vec![
        entry("2023-09-14T09:00:00Z", Action::Created),
        entry("2023-09-14T10:00:00Z", Action::ResearchStarted),
        // Written by hand with an old time: it stays where the file has it.
        entry("2001-01-01T00:00:00Z", Action::Noted),
        entry("2023-09-15T09:00:00Z", Action::Noted),
    ];
    let commits = vec![
        commit("c1", "2023-09-14T09:05:00Z"),
        // Back-dated: before the claim existed.
        commit("c2", "2001-01-01T00:00:00Z"),
    ];
    // c1 holds the first entry, c2 three; the last one is uncommitted.
    let log = interleave(history, commits, &[Some(1), Some(3)]);
    assert_eq!(
        shape(&log),
        ["created", "c1", "research-started", "noted", "c2", "noted"]
    );
}

#[test]
fn a_version_that_holds_nothing_places_nothing() {
    let history = vec![entry("2023-09-14T09:00:00Z", Action::Created)];
    let commits = vec![
        commit("broken", "2023-09-14T09:05:00Z"),
        commit("mended", "2023-09-14T09:06:00Z"),
        commit("more", "2023-09-14T09:07:00Z"),
    ];
    // A version that does not parse (None), then one holding more entries
    // than the record has now (a rewritten history): nothing is lost.
    let log = interleave(history, commits, &[None, Some(4), Some(1)]);
    assert_eq!(shape(&log), ["broken", "created", "mended", "more"]);
}

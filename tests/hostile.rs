//! Hostile desks: symbolic links are never followed and never written
//! through; nothing of a link's target is printed. Links are made at run time.

use crate::support::copy_dir;
use std::path::Path;
use tempfile::TempDir;

pub const SECRET: &str = "AWS_SECRET=hunter2-do-not-print";

/// The project's own desk copied into a temp folder, and a secret file outside it.
pub fn desk() -> (TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("desk");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&here.join("claims"), &root.join("claims"));
    copy_dir(&here.join("sources"), &root.join("sources"));
    std::fs::copy(here.join("factdesk.yaml"), root.join("factdesk.yaml")).unwrap();
    let secret = tmp.path().join("environ");
    std::fs::write(&secret, format!("{SECRET}\nid: outside\n")).unwrap();
    (tmp, root, secret)
}

pub fn run(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = crate::support::factdesk()
        .current_dir(root)
        .args(args)
        .output()
        .unwrap();
    outcome(&out)
}

/// A finished run's exit code and its stdout followed by its stderr.
pub fn outcome(out: &std::process::Output) -> (Option<i32>, String) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), all)
}

#[test]
fn a_claim_linked_to_a_secret_is_named_and_nothing_of_it_printed() {
    let (_t, root, secret) = desk();
    std::os::unix::fs::symlink(&secret, root.join("claims/leak-00000000.yaml")).unwrap();
    for fmt in ["human", "json"] {
        let (code, all) = run(&root, &["check", "--format", fmt]);
        assert_ne!(code, Some(0), "{all}");
        assert!(!all.contains("hunter2"), "{fmt}: {all}");
        assert!(all.contains("leak-00000000.yaml"), "{fmt}: {all}");
        assert!(all.contains("symbolic link"), "{fmt}: {all}");
    }
}

#[test]
fn a_linked_transcript_is_refused_and_leaks_no_passage() {
    let (_t, root, secret) = desk();
    let name = std::fs::read_dir(root.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "txt"))
        .expect("the bundled desk has a transcript");
    std::fs::remove_file(&name).unwrap();
    std::os::unix::fs::symlink(&secret, &name).unwrap();
    let (code, all) = run(&root, &["check"]);
    assert_ne!(code, Some(0), "{all}");
    assert!(!all.contains("hunter2"), "{all}");
    assert!(all.contains("symbolic link"), "{all}");
}

#[test]
fn reports_folder_as_a_link_is_never_written_through() {
    let (t, root, _secret) = desk();
    let elsewhere = t.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("reports")).unwrap();
    let (code, all) = run(&root, &["report"]);
    assert_ne!(code, Some(0), "{all}");
    assert!(all.contains("symbolic link"), "{all}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn escape_sequences_and_overrides_in_a_name_reach_no_terminal() {
    let (_t, root, _secret) = desk();
    let name = std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .unwrap();
    let id = name.file_stem().unwrap().to_str().unwrap().to_string();
    let by = "Eve\x1b]0;pwned\x07\u{202e}\u{e0041}";
    // The name would put a control character into the history, which
    // `check` rejects: the step is refused, and the refusal shows the name
    // made visible, never raw.
    let before = std::fs::read(&name).unwrap();
    let (code, all) = run(&root, &["note", &id, "checked", "--by", by]);
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("error[control-character]"), "{all}");
    assert!(all.contains("error[bidi-control]"), "{all}");
    assert!(all.contains("Eve\\u001B]0;pwned\\u0007\\u202E"), "{all}");
    assert!(!all.contains('\x1b') && !all.contains('\u{202e}'), "{all}");
    assert_eq!(before, std::fs::read(&name).unwrap());
    // Shown names are escaped too (`show` of a record holding one by hand).
    let text = String::from_utf8(before).unwrap();
    let edited: String = text
        .lines()
        .map(|l| match l.starts_with("speaker: ") {
            true => "speaker: \"Eve\\e]0;pwned\\a\\u202E\"\n".to_string(),
            false => format!("{l}\n"),
        })
        .collect();
    assert!(edited.contains("speaker: \"Eve"), "{edited}");
    std::fs::write(&name, edited).unwrap();
    let (code, all) = run(&root, &["show", &id]);
    assert_eq!(code, Some(0), "{all}");
    assert!(all.contains("Eve\\u{1b}]0;pwned\\u{7}\\u{202e}"), "{all}");
    assert!(!all.contains('\x1b') && !all.contains('\u{202e}'), "{all}");
}

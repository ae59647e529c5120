//! Hostile desks, writing side: every writer keeps a record's mode, refuses
//! a record made read-only, says plainly when the disk is full (and that
//! nothing changed), and cleans up the temporary files a crash leaves.
//! Modes, crashes and the full disk are made at run time: the disk is
//! "full" through the process's file-size limit (`ulimit -f 0`, with
//! SIGXFSZ ignored so a write fails with EFBIG), which needs no root.

use super::hostile::{desk, outcome, run};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const SOURCE: &str = "lepoint-2023-09-14-bondaz";
/// A claim of the bundled desk whose speaker follows the source's map.
const MAPPED: &str = "kim-s-visit-to-russia-1318d25e";
/// A claim of the bundled desk the map leaves alone.
const OTHER: &str = "antoine-bondaz-is-a-researcher-1c156548";
const MAP: &str = "Antoine Bondaz=Antoine Bondaz (researcher)";

fn claim(root: &Path, id: &str) -> PathBuf {
    root.join(format!("claims/{id}.yaml"))
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn set_mode(p: &Path, m: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

/// Every file under `root` (relative path and bytes), hidden ones included.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["", "claims", "sources"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn temporary_files(root: &Path) -> Vec<String> {
    snapshot(root)
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|p| p.ends_with(".tmp"))
        .collect()
}

/// Makes a claim non-canonical (an extra space after a key) without
/// changing any value, so `fmt` has something to rewrite.
fn unformat(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, text.replacen("\nclaim: ", "\nclaim:   ", 1)).unwrap();
}

#[test]
fn every_writer_keeps_the_records_mode() {
    let (_t, root, _) = desk();
    let (noted, formatted, mapped) = (
        claim(&root, OTHER),
        claim(&root, "north-korea-has-been-rapidly-3c99e26e"),
        claim(&root, MAPPED),
    );
    let source = root.join(format!("sources/{SOURCE}.yaml"));
    set_mode(&noted, 0o640);
    set_mode(&formatted, 0o600);
    set_mode(&mapped, 0o664);
    set_mode(&source, 0o660);
    let (code, all) = run(
        &root,
        &[
            "note",
            OTHER,
            "Called the Sciences Po press office",
            "--by",
            "Ana",
        ],
    );
    assert_eq!(code, Some(0), "{all}");
    unformat(&formatted);
    let (code, all) = run(&root, &["fmt"]);
    assert_eq!(code, Some(0), "{all}");
    assert!(
        all.contains("formatted claims/north-korea-has-been-rapidly-3c99e26e.yaml"),
        "{all}"
    );
    let (code, all) = run(
        &root,
        &["source", "speakers", SOURCE, "--map", MAP, "--by", "Ana"],
    );
    assert_eq!(code, Some(0), "{all}");
    assert!(std::fs::read_to_string(&mapped)
        .unwrap()
        .contains("speaker: Antoine Bondaz (researcher)"));
    for (p, m) in [
        (&noted, 0o640),
        (&formatted, 0o600),
        (&mapped, 0o664),
        (&source, 0o660),
    ] {
        assert_eq!(mode(p), m, "{} lost its mode", p.display());
    }
    assert_eq!(temporary_files(&root), Vec::<String>::new());
}

/// A scripted $EDITOR that leaves a mark when it runs.
fn editor(dir: &Path) -> (PathBuf, PathBuf) {
    let script = dir.join("editor.sh");
    let ran = dir.join("editor-ran");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ntouch '{}'\nsed -i 's/^claim: /claim: Edited /' \"$1\"\n",
            ran.display()
        ),
    )
    .unwrap();
    set_mode(&script, 0o755);
    (script, ran)
}

#[test]
fn a_read_only_record_is_refused_by_every_writer_and_nothing_changes() {
    let (t, root, _) = desk();
    let locked = claim(&root, MAPPED);
    unformat(&locked);
    set_mode(&locked, 0o444);
    let before = snapshot(&root);
    let (script, ran) = editor(t.path());
    let one = format!("claims/{MAPPED}.yaml");
    let writers: Vec<Vec<&str>> = vec![
        vec![
            "note",
            MAPPED,
            "Checked the cosmodrome visit",
            "--by",
            "Ana",
        ],
        vec!["assign", MAPPED, "--to", "Bea", "--by", "Ana"],
        vec!["fmt", &one],
        vec!["fmt"],
        vec!["source", "speakers", SOURCE, "--map", MAP, "--by", "Ana"],
        vec!["edit", MAPPED, "--by", "Ana"],
    ];
    for args in &writers {
        let out = crate::support::factdesk()
            .current_dir(&root)
            .env("EDITOR", &script)
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("{MAPPED}.yaml")),
            "{args:?} names no file: {err}"
        );
        assert!(err.contains("read-only (mode 0444)"), "{args:?}: {err}");
        assert!(err.contains("nothing was changed"), "{args:?}: {err}");
        assert!(err.contains("chmod u+w"), "{args:?} gives no hint: {err}");
        assert!(!err.contains("not a valid record"), "{args:?}: {err}");
        assert_eq!(snapshot(&root), before, "{args:?} changed the desk");
        assert_eq!(mode(&locked), 0o444);
    }
    assert!(
        !ran.exists(),
        "edit opened the editor on a read-only record"
    );
    // Made writable again, the same record is written as usual.
    set_mode(&locked, 0o644);
    let (code, all) = run(
        &root,
        &[
            "note",
            MAPPED,
            "Checked the cosmodrome visit",
            "--by",
            "Ana",
        ],
    );
    assert_eq!(code, Some(0), "{all}");
}

/// Runs factdesk with no room to write any file (see the module doc).
fn run_with_full_disk(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let bin = crate::support::bin();
    let out = crate::support::wrapper("sh")
        .current_dir(root)
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0 && exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args)
        .output()
        .unwrap();
    outcome(&out)
}

#[test]
fn on_a_full_disk_every_writer_says_so_and_nothing_changes() {
    let (_t, root, _) = desk();
    unformat(&claim(&root, OTHER));
    let before = snapshot(&root);
    let one = format!("claims/{OTHER}.yaml");
    let writers: Vec<Vec<&str>> = vec![
        vec!["fmt"],
        vec!["fmt", &one],
        vec![
            "note",
            OTHER,
            "Called the Sciences Po press office",
            "--by",
            "Ana",
        ],
        vec!["assign", MAPPED, "--to", "Bea", "--by", "Ana"],
        vec!["source", "speakers", SOURCE, "--map", MAP, "--by", "Ana"],
    ];
    for args in &writers {
        let (code, all) = run_with_full_disk(&root, args);
        assert_eq!(code, Some(2), "{args:?}: {all}");
        assert!(all.contains("could not be written"), "{args:?}: {all}");
        assert!(
            all.contains("file-size limit") || all.contains("disk is full"),
            "{args:?}: {all}"
        );
        assert!(all.contains("nothing was changed"), "{args:?}: {all}");
        assert!(all.contains("free some space"), "{args:?}: {all}");
        assert!(!all.contains("not a valid record"), "{args:?}: {all}");
        assert_eq!(snapshot(&root), before, "{args:?} changed the desk");
    }
    // `report` writes derived files: the same message, no torn page left.
    let (code, all) = run_with_full_disk(&root, &["report"]);
    assert_eq!(code, Some(2), "{all}");
    assert!(
        all.contains("could not be written") && all.contains("nothing was changed"),
        "{all}"
    );
    // With room again, fmt formats the file it could not write.
    let (code, all) = run(&root, &["fmt"]);
    assert_eq!(code, Some(0), "{all}");
    assert!(
        all.contains(&format!("formatted claims/{OTHER}.yaml")),
        "{all}"
    );
}

/// A pid no process has: a child that has exited and been reaped.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_crash_leaves_a_temporary_file_that_check_reports_and_the_next_write_removes() {
    let (_t, root, _) = desk();
    let record = claim(&root, OTHER);
    let before = std::fs::read(&record).unwrap();
    let out = crate::support::factdesk()
        .current_dir(&root)
        .env("FACTDESK_TEST_CRASH_BEFORE_RENAME", "1")
        .args([
            "note",
            OTHER,
            "Called the Sciences Po press office",
            "--by",
            "Ana",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70), "the injected crash");
    assert_eq!(
        std::fs::read(&record).unwrap(),
        before,
        "the record is whole"
    );
    let crashed = temporary_files(&root);
    assert_eq!(crashed.len(), 1, "{crashed:?}");
    // Leftovers of other dead writers, one of a writer still running (this
    // test), and a dot file that is no temporary file at all.
    let dead = dead_pid();
    let stale_source = format!("sources/.{SOURCE}.yaml.{dead}-0.tmp");
    let stale_settings = format!(".factdesk.yaml.{dead}-4.tmp");
    let live = format!("claims/.{MAPPED}.yaml.{}-0.tmp", std::process::id());
    for p in [&stale_source, &stale_settings, &live] {
        std::fs::write(root.join(p), "id: half-written\n").unwrap();
    }
    std::fs::write(root.join("claims/.gitkeep"), "").unwrap();
    let (code, all) = run(&root, &["check"]);
    assert_eq!(code, Some(0), "warnings only: {all}");
    for p in [&crashed[0], &stale_source, &stale_settings] {
        assert!(all.contains(&format!("--> {p}")), "{p} not reported: {all}");
    }
    assert_eq!(
        all.matches("warning[stale-temporary-file]").count(),
        3,
        "{all}"
    );
    assert!(
        all.contains(&format!("interrupted write of claims/{OTHER}.yaml")),
        "{all}"
    );
    assert!(!all.contains(&live) && !all.contains(".gitkeep"), "{all}");
    let (_, json) = run(&root, &["check", "--format", "json"]);
    assert_eq!(
        json.matches("\"stale-temporary-file\"").count(),
        3,
        "{json}"
    );
    assert_eq!(run(&root, &["check", "--deny-warnings"]).0, Some(1));
    // The next write in claims/ removes the stale file there, only there.
    let (code, all) = run(
        &root,
        &[
            "note",
            OTHER,
            "Called the Sciences Po press office",
            "--by",
            "Ana",
        ],
    );
    assert_eq!(code, Some(0), "{all}");
    let left = temporary_files(&root);
    assert!(!left.contains(&crashed[0]), "{left:?}");
    assert!(
        left.contains(&live),
        "a running writer's file was removed: {left:?}"
    );
    assert!(
        left.contains(&stale_source) && left.contains(&stale_settings),
        "{left:?}"
    );
    assert!(root.join("claims/.gitkeep").exists());
    // A write in sources/ cleans sources/.
    let (code, all) = run(
        &root,
        &["source", "speakers", SOURCE, "--map", MAP, "--by", "Ana"],
    );
    assert_eq!(code, Some(0), "{all}");
    assert!(!temporary_files(&root).contains(&stale_source));
    let (_, all) = run(&root, &["check"]);
    assert_eq!(
        all.matches("warning[stale-temporary-file]").count(),
        1,
        "{all}"
    );
}

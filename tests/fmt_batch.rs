//! `fmt` over many records at once (the batch writer): a crash in the
//! middle of the batch leaves every record with its old or its new bytes,
//! `check` passes on what is left, and the next `fmt` finishes the job.

use crate::cli::Desk;
use std::path::{Path, PathBuf};

/// Claims in several states, with notes and evidence of varied text.
fn desk_with_claims() -> (Desk, Vec<String>) {
    let d = Desk::new();
    let notes = [
        "Called the UN press office; waiting for an answer.",
        "Résolution 1718 : vérifier le texte français — « importer » ?",
        "Two sources disagree on the date; see the 2006 record.",
        "",
    ];
    let mut ids = Vec::new();
    for i in 0..30 {
        let id = d.add_claim();
        match i % 4 {
            0 => {}
            1 => {
                d.run(&["research", &id]).success();
                d.run(&["note", &id, notes[i % 3]]).success();
            }
            2 => {
                d.run(&["research", &id]).success();
                d.evidence(&id, &format!("https://undocs.org/S/RES/{}(2006)", 1700 + i))
                    .success();
            }
            _ => {
                d.run(&["assign", &id, "--to", "max", "--priority", "high"])
                    .success();
            }
        }
        ids.push(id);
    }
    (d, ids)
}

/// Rewrites a record in a form `fmt` changes without changing a value:
/// extra spaces, Windows line endings, a byte-order mark, flow lists.
pub(crate) fn mangle(path: &Path, how: usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let out = match how % 4 {
        0 => text
            .replace("\nstatus: ", "\nstatus:     ")
            .replace("\ntitle: ", "\ntitle:   "),
        1 => text.replace('\n', "\r\n"),
        2 => format!("\u{feff}{}", text.replace("\nsource: ", "\nsource:  ")),
        _ => text.replace("tags:\n  - sanctions\n", "tags: [ sanctions ]\n"),
    };
    assert_ne!(out, text, "mangling {} changed nothing", path.display());
    std::fs::write(path, out).unwrap();
}

/// Every record file of the desk (settings, sources, claims), relative.
pub(crate) fn records(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("factdesk.yaml")];
    for dir in ["sources", "claims"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".yaml"))
            .filter(|n| !n.to_string_lossy().starts_with('.'))
            .map(|n| Path::new(dir).join(n))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

pub(crate) fn read_all(root: &Path, files: &[PathBuf]) -> Vec<Vec<u8>> {
    files
        .iter()
        .map(|f| std::fs::read(root.join(f)).unwrap())
        .collect()
}

fn copy_desk(from: &Path, to: &Path) {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", from.display()))
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

/// What `fmt` makes of each of `files`, run on an untouched copy of the desk.
pub(crate) fn formatted_in_a_copy(d: &Desk, files: &[PathBuf]) -> Vec<Vec<u8>> {
    let twin = tempfile::tempdir().unwrap();
    copy_desk(d.path(), twin.path());
    d.cmd(&["fmt"]).current_dir(twin.path()).assert().success();
    read_all(twin.path(), files)
}

#[test]
fn a_crash_in_the_middle_of_a_batch_leaves_each_record_old_or_new() {
    let (d, ids) = desk_with_claims();
    let root = d.path();
    for (i, id) in ids.iter().enumerate() {
        mangle(&d.claim_file(id), i);
    }
    mangle(&root.join("sources/itv.yaml"), 0);
    let files = records(root);
    let old = read_all(root, &files);
    let new = formatted_in_a_copy(&d, &files);
    let changing = old.iter().zip(&new).filter(|(o, n)| o != n).count();
    assert_eq!(changing, 31, "30 claims and the source change");

    for (renames, threads) in [(0usize, "1"), (1, "16"), (7, "2"), (19, "16")] {
        let before = read_all(root, &files);
        let out = d
            .cmd(&["fmt"])
            .env("FACTDESK_TEST_CRASH_AFTER_RENAMES", renames.to_string())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(70), "the injected crash");
        let now = read_all(root, &files);
        let mut installed = 0;
        for (i, f) in files.iter().enumerate() {
            if now[i] == new[i] && before[i] != new[i] {
                installed += 1;
            } else {
                assert_eq!(now[i], before[i], "{} is neither old nor new", f.display());
            }
        }
        assert_eq!(installed, renames, "a crash after {renames} renames");
        // A half-done batch is a valid desk: leftovers are only warned about.
        let check = d.cmd(&["check"]).output().unwrap();
        assert_eq!(
            check.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    let done = read_all(root, &files);
    let left = done.iter().zip(&new).filter(|(a, b)| a != b).count();
    assert_eq!(left, changing - (1 + 7 + 19));

    let out = d.run(&["fmt"]).success().get_output().clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), left, "{stdout}");
    assert!(
        stdout.lines().all(|l| l.starts_with("formatted ")),
        "{stdout}"
    );
    assert_eq!(
        read_all(root, &files),
        new,
        "every record is in canonical form"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the next write swept them: {leftovers:?}"
    );
    let check = d.cmd(&["check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).contains("0 errors"));
    d.run(&["fmt", "--check"]).success().stdout("");
}

/// Temporary files of `fmt` (`.<record>.<pid>-<n>.tmp`) in the claims folder.
pub(crate) fn temporary_files(root: &Path) -> Vec<String> {
    std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_crash_while_new_versions_are_flushed_changes_no_record() {
    let (d, ids) = desk_with_claims();
    let root = d.path();
    for (i, id) in ids.iter().enumerate() {
        mangle(&d.claim_file(id), i + 1);
    }
    let files = records(root);
    let old = read_all(root, &files);
    let new = formatted_in_a_copy(&d, &files);

    for (flushes, threads) in [(1usize, "1"), (12, "16"), (29, "2")] {
        let out = d
            .cmd(&["fmt"])
            .env("FACTDESK_TEST_CRASH_AFTER_FLUSHES", flushes.to_string())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(70), "the injected crash");
        assert_eq!(
            read_all(root, &files),
            old,
            "no record is renamed before every new version is flushed"
        );
        assert!(
            !temporary_files(root).is_empty(),
            "the crash left the flushed versions behind"
        );
        let check = d.cmd(&["check"]).output().unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert_eq!(check.status.code(), Some(0), "{report}");
        assert!(report.contains("0 errors"), "{report}");
        assert!(report.contains("stale-temporary-file"), "{report}");
    }
    let out = d.run(&["fmt"]).success().get_output().clone();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        ids.len(),
        "every claim is formatted by the next run"
    );
    assert_eq!(read_all(root, &files), new);
    assert_eq!(temporary_files(root), Vec::<String>::new(), "swept by fmt");
    let check = d.cmd(&["check"]).output().unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{report}");
    assert!(!report.contains("stale-temporary-file"), "{report}");
}

/// A batch of hundreds of records is written without a flush per file and
/// flushed at once (one `syncfs` on Linux, `store::batch::Flush`) before
/// the first rename: a crash before then changes no record, and a whole
/// run leaves every record as `fmt` makes it one batch at a time.
#[test]
fn a_big_batch_flushed_together_leaves_each_record_old_or_new() {
    let d = Desk::new();
    let root = d.path();
    let first = d.add_claim();
    let template = d.read(&first);
    std::fs::remove_file(d.claim_file(&first)).unwrap();
    for i in 0..300 {
        let id = format!("bulk-claim-{i:03}");
        let text = template.replace(&format!("id: {first}\n"), &format!("id: {id}\n"));
        assert_ne!(text, template, "the id line is replaced");
        std::fs::write(d.claim_file(&id), text).unwrap();
        mangle(&d.claim_file(&id), i);
    }
    let files = records(root);
    assert!(files.len() > 300, "{}", files.len());
    let old = read_all(root, &files);
    let new = formatted_in_a_copy(&d, &files);
    assert!(
        old.iter().zip(&new).filter(|(o, n)| o != n).count() >= 300,
        "every claim changes"
    );
    let out = d
        .cmd(&["fmt"])
        .env("FACTDESK_TEST_CRASH_AFTER_FLUSHES", "150")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70), "the injected crash");
    assert_eq!(read_all(root, &files), old, "no record renamed");
    assert!(!temporary_files(root).is_empty());
    d.run(&["fmt"]).success();
    assert_eq!(read_all(root, &files), new, "each record as fmt makes it");
    assert_eq!(temporary_files(root), Vec::<String>::new(), "swept by fmt");
    d.run(&["fmt", "--check"]).success().stdout("");
}

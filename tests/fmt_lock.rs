//! `fmt` beside other writers: the desk lock it holds while it renames
//! (`.factdesk/desk.lock`) makes a claim command wait for it or refuse with
//! a message naming it, and makes it wait for claim commands; neither write
//! is ever lost. A lock left by a killed process never blocks, and a record
//! edited by hand between `fmt`'s read and its rename keeps the edit.
//!
//! The tests hold a lock with `FACTDESK_TEST_HOLD_LOCK` and wait until the
//! holder has written its name into the lock file before starting the
//! other command, so they do not depend on timing or on thread counts.

use crate::cli::Desk;
use crate::fmt_batch::{formatted_in_a_copy, mangle, read_all, records, temporary_files};
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

const NOTE: &str = "Rang the Élysée press office: « pas de commentaire » — call back Monday.";

/// A desk of six claims in a form `fmt` rewrites (extra spaces, CRLF, a
/// byte-order mark, a flow list), and their ids.
fn unformatted_desk() -> (Desk, Vec<String>) {
    let d = Desk::new();
    let ids: Vec<String> = (0..6).map(|_| d.add_claim()).collect();
    d.run(&["research", &ids[1]]).success();
    d.run(&["assign", &ids[2], "--to", "max"]).success();
    for (i, id) in ids.iter().enumerate() {
        mangle(&d.claim_file(id), i);
    }
    (d, ids)
}

/// Starts factdesk in the desk with `env`, its output kept.
fn spawn(d: &Desk, args: &[&str], env: &[(&str, &str)]) -> Child {
    let mut c = crate::support::factdesk_std();
    c.current_dir(d.path()).env("NO_COLOR", "1").args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `child` has written its name into the lock file `lock`:
/// it holds that lock from then on, for as long as it was told to.
fn wait_until_held(lock: &Path, child: &Child) {
    let name = format!("pid {}:", child.id());
    let started = Instant::now();
    while !std::fs::read_to_string(lock).is_ok_and(|t| t.contains(&name)) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} never held {}",
            child.id(),
            lock.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn desk_lock(d: &Desk) -> PathBuf {
    d.path().join(".factdesk/desk.lock")
}

fn claim_lock(d: &Desk, id: &str) -> PathBuf {
    d.path().join(format!(".factdesk/locks/{id}.lock"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn finished(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

#[test]
fn a_note_while_fmt_renames_refuses_naming_fmt_or_waits_and_lands() {
    let (d, ids) = unformatted_desk();
    let files = records(d.path());
    let formatted = formatted_in_a_copy(&d, &files);
    let fmt = spawn(&d, &["fmt"], &[("FACTDESK_TEST_HOLD_LOCK", "4")]);
    wait_until_held(&desk_lock(&d), &fmt);

    let impatient = d
        .cmd(&["--by", "ana", "note", &ids[1], "impatient note"])
        .env("FACTDESK_LOCK_WAIT", "1")
        .output()
        .unwrap();
    let err = text(&impatient.stderr);
    assert_eq!(impatient.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("pid {}:", fmt.id())), "{err}");
    assert!(err.contains("fmt"), "names the command: {err}");
    assert!(
        err.contains("rewriting this desk's records for over 1 s"),
        "{err}"
    );
    assert!(
        err.contains("hint: wait for that command to finish"),
        "{err}"
    );

    // A note with the usual wait is held until fmt is done, then lands on
    // the formatted record.
    let patient = d.run(&["note", &ids[1], NOTE]).success();
    let fmt = finished(fmt);
    assert!(fmt.status.success(), "{}", text(&fmt.stderr));
    assert_eq!(text(&fmt.stdout).lines().count(), ids.len());
    drop(patient);

    let record = d.read(&ids[1]);
    assert!(record.contains("call back Monday"), "{record}");
    assert!(!record.contains("impatient note"), "{record}");
    let now = read_all(d.path(), &files);
    for (i, f) in files.iter().enumerate() {
        if !f.ends_with(format!("{}.yaml", ids[1])) {
            assert_eq!(now[i], formatted[i], "{} kept fmt's version", f.display());
        }
    }
    d.run(&["fmt", "--check"]).success().stdout("");
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
}

/// Runs `fmt` with a 1 s wait while a `note` on `id` holds its claim for
/// 4 s: fmt's output (it must refuse, exit 2) and the note, still running.
fn fmt_while_a_note_holds(d: &Desk, id: &str) -> (Output, Child) {
    let note = spawn(
        d,
        &["--by", "ana", "note", id, "slow note"],
        &[("FACTDESK_TEST_HOLD_LOCK", "4")],
    );
    wait_until_held(&claim_lock(d, id), &note);
    let out = d
        .cmd(&["fmt"])
        .env("FACTDESK_LOCK_WAIT", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    (out, note)
}

#[test]
fn fmt_waits_for_a_claim_command_or_refuses_changing_nothing() {
    let (d, ids) = unformatted_desk();
    let files = records(d.path());

    // Refused: the note holds its claim past fmt's wait. One error, not one
    // per record, and no record or temporary file changed.
    let before = read_all(d.path(), &files);
    let (out, note) = fmt_while_a_note_holds(&d, &ids[3]);
    let err = text(&out.stderr);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(
        err.contains("other factdesk commands have been changing claims in this desk for over 1 s"),
        "{err}"
    );
    assert!(err.contains("desk.lock"), "{err}");
    assert!(
        err.contains("hint: wait for the commands changing claims"),
        "{err}"
    );
    assert_eq!(text(&out.stdout), "");
    assert_eq!(read_all(d.path(), &files), before, "no record changed");
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
    assert!(finished(note).status.success());
    assert!(d.read(&ids[3]).contains("slow note"));

    // Waited for: fmt read the claim before the note wrote it, sees it
    // changed when it may rename, and formats what the note wrote.
    mangle(&d.claim_file(&ids[3]), 1);
    let note = spawn(
        &d,
        &["--by", "ana", "note", &ids[3], NOTE],
        &[("FACTDESK_TEST_HOLD_LOCK", "3")],
    );
    wait_until_held(&claim_lock(&d, &ids[3]), &note);
    let out = d.cmd(&["fmt"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(finished(note).status.success());
    let record = d.read(&ids[3]);
    assert!(record.contains("slow note") && record.contains("call back Monday"));
    d.run(&["fmt", "--check"]).success().stdout("");
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
}

#[test]
fn a_lock_left_by_a_killed_process_never_blocks_nor_misleads() {
    let (d, ids) = unformatted_desk();

    // fmt dies in the middle of its renames: its name stays in the file.
    let out = d
        .cmd(&["fmt"])
        .env("FACTDESK_TEST_CRASH_AFTER_RENAMES", "2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70), "the injected crash");
    let dead = std::fs::read_to_string(desk_lock(&d)).unwrap();
    assert!(dead.contains("fmt"), "the dead holder's name: {dead:?}");

    // The lock itself went with the process: a note does not wait, and
    // clears the dead name; while it holds its claim, a waiting fmt names
    // no dead process.
    let (out, note) = fmt_while_a_note_holds(&d, &ids[0]);
    let err = text(&out.stderr);
    assert!(!err.contains(dead.trim()), "names a dead process: {err}");
    assert!(err.contains("other factdesk commands"), "{err}");
    assert!(finished(note).status.success());
    assert_eq!(std::fs::read_to_string(desk_lock(&d)).unwrap(), "");

    // A note killed while it holds its claim: fmt does not wait for it.
    let note = spawn(
        &d,
        &["--by", "ana", "note", &ids[1], "never written"],
        &[("FACTDESK_TEST_HOLD_LOCK", "600")],
    );
    wait_until_held(&claim_lock(&d, &ids[1]), &note);
    let mut note = note;
    note.kill().unwrap();
    note.wait().unwrap();
    let out = d
        .cmd(&["fmt"])
        .env("FACTDESK_LOCK_WAIT", "5")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!d.read(&ids[1]).contains("never written"));
    d.run(&["fmt", "--check"]).success().stdout("");
    let check = d.cmd(&["check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

/// Edits a claim's text by hand, keeping it unformatted: in place (the
/// same file, `in_place`) or as an editor saving a new file over it.
fn edit_by_hand(path: &Path, from: &str, to: &str, in_place: bool) {
    let old = std::fs::read_to_string(path).unwrap();
    assert!(old.contains(from), "{}", path.display());
    let new = old.replace(from, to);
    if in_place {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .unwrap();
        f.write_all(new.as_bytes()).unwrap();
    } else {
        let tmp = path.with_extension("yaml~");
        std::fs::write(&tmp, new).unwrap();
        std::fs::rename(&tmp, path).unwrap();
    }
}

#[test]
fn a_record_edited_by_hand_while_fmt_runs_keeps_the_edit() {
    let (d, ids) = unformatted_desk();
    // Settled records (last changed over 2 s before fmt reads them): only
    // their change times tell a later edit, even one keeping the size.
    std::thread::sleep(Duration::from_millis(2100));
    let fmt = spawn(&d, &["fmt"], &[("FACTDESK_TEST_HOLD_LOCK", "3")]);
    wait_until_held(&desk_lock(&d), &fmt);
    let claim = "Importing North Korean arms breaches UN resolutions";
    // The same size, in place; a longer text, in place; a new file.
    edit_by_hand(
        &d.claim_file(&ids[0]),
        claim,
        &claim.replace("arms", "guns"),
        true,
    );
    edit_by_hand(
        &d.claim_file(&ids[1]),
        claim,
        &claim.replace("arms", "shells"),
        true,
    );
    edit_by_hand(
        &d.claim_file(&ids[2]),
        claim,
        &claim.replace("UN", "United Nations"),
        false,
    );
    let fmt = finished(fmt);
    assert!(fmt.status.success(), "{}", text(&fmt.stderr));

    for (id, word) in [
        (&ids[0], "guns"),
        (&ids[1], "shells"),
        (&ids[2], "United Nations"),
    ] {
        let record = d.read(id);
        assert!(
            record.contains(word),
            "the hand edit of {id} was lost:\n{record}"
        );
    }
    assert!(d.read(&ids[3]).contains(claim));
    d.run(&["fmt", "--check"]).success().stdout("");
    assert_eq!(temporary_files(d.path()), Vec::<String>::new());
    let check = d.cmd(&["check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

//! Hostile desks, file-system side: linked folders and files anywhere in the
//! desk, names that are not UTF-8, pipes and devices, read-only records,
//! concurrent writers, full devices, stale temporary files and lock holders.
//! Every fixture (links, fifos, modes) is made at run time.

use super::hostile::{desk, run, SECRET};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// A copy of the desk's claims outside the desk, one claim's text changed to
/// a phrase that must never be printed or published.
fn outside_claims(t: &Path, root: &Path) -> PathBuf {
    const LEAK: &str = "OUTSIDE-ONLY-TEXT";
    let out = t.join("outside-claims");
    std::fs::create_dir(&out).unwrap();
    for e in std::fs::read_dir(root.join("claims")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.replacen("\nclaim: ", &format!("\nclaim: {LEAK} "), 1);
        std::fs::write(out.join(p.file_name().unwrap()), text).unwrap();
    }
    out
}

/// A claim id of the bundled desk.
fn some_claim(root: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names[0].trim_end_matches(".yaml").to_string()
}

/// Runs every reading command and asks that each refuses, names `entry`,
/// and prints nothing of the link's target.
fn refused_everywhere(root: &Path, entry: &str, target: &Path, commands: &[Vec<&str>]) {
    let target_name = target.file_name().unwrap().to_str().unwrap();
    for args in commands {
        let (code, all) = run(root, args);
        assert!(
            code == Some(1) || code == Some(2),
            "{args:?}: {code:?} {all}"
        );
        assert!(all.contains(entry), "{args:?} does not name {entry}: {all}");
        assert!(all.contains("symbolic link"), "{args:?}: {all}");
        for leak in ["hunter2", "OUTSIDE-ONLY-TEXT", target_name] {
            assert!(!all.contains(leak), "{args:?} printed {leak}: {all}");
        }
    }
}

fn reading_commands(id: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["check", "--no-cache"],
        vec!["list"],
        vec!["status"],
        vec!["search", "Putin"],
        vec!["show", id],
        vec!["report"],
        vec!["report", "--check"],
        vec!["fmt", "--check"],
    ]
}

#[test]
fn a_linked_claims_folder_is_refused_by_every_command() {
    let (t, root, _secret) = desk();
    let id = some_claim(&root);
    let outside = outside_claims(t.path(), &root);
    std::fs::remove_dir_all(root.join("claims")).unwrap();
    symlink(&outside, root.join("claims")).unwrap();
    let before = std::fs::read_dir(&outside).unwrap().count();
    refused_everywhere(&root, "claims", &outside, &reading_commands(&id));
    let (code, all) = run(&root, &["note", &id, "checked", "--by", "Ana"]);
    assert_eq!(code, Some(2), "{all}");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), before);
    assert!(!std::fs::read_to_string(outside.join(format!("{id}.yaml")))
        .unwrap()
        .contains("Ana"));
}

#[test]
fn linked_sources_templates_reports_and_state_folders_are_refused() {
    for folder in ["sources", "templates", "reports", ".factdesk"] {
        let (t, root, _secret) = desk();
        let id = some_claim(&root);
        let target = t
            .path()
            .join(format!("elsewhere-{}", folder.trim_start_matches('.')));
        if folder == "sources" {
            std::fs::rename(root.join("sources"), &target).unwrap();
        } else {
            std::fs::create_dir(&target).unwrap();
            std::fs::write(target.join("index.html"), SECRET).unwrap();
        }
        symlink(&target, root.join(folder)).unwrap();
        let before: Vec<_> = std::fs::read_dir(&target).unwrap().collect();
        refused_everywhere(&root, folder, &target, &reading_commands(&id));
        let after: Vec<_> = std::fs::read_dir(&target).unwrap().collect();
        assert_eq!(before.len(), after.len(), "{folder}: written through");
    }
}

#[test]
fn linked_settings_template_and_record_files_are_named_not_read() {
    type Make = fn(&Path, &Path);
    let cases: &[(&str, Make)] = &[
        ("factdesk.yaml", |root, secret| {
            std::fs::remove_file(root.join("factdesk.yaml")).unwrap();
            symlink(secret, root.join("factdesk.yaml")).unwrap();
        }),
        ("templates/claim.md", |root, secret| {
            std::fs::create_dir(root.join("templates")).unwrap();
            symlink(secret, root.join("templates/claim.md")).unwrap();
        }),
        ("claims/zz-leak-00000000.yaml", |root, secret| {
            symlink(secret, root.join("claims/zz-leak-00000000.yaml")).unwrap();
        }),
        ("sources/zz-leak.yaml", |root, secret| {
            symlink(secret, root.join("sources/zz-leak.yaml")).unwrap();
        }),
    ];
    for (entry, make) in cases {
        let (_t, root, secret) = desk();
        make(&root, &secret);
        let commands: Vec<Vec<&str>> = match *entry {
            "templates/claim.md" => vec![vec!["report"], vec!["report", "--check"]],
            "sources/zz-leak.yaml" => vec![
                vec!["check"],
                vec!["check", "--format", "json"],
                vec!["status"],
                vec!["report"],
            ],
            _ => vec![
                vec!["check"],
                vec!["check", "--format", "json"],
                vec!["list"],
                vec!["report"],
            ],
        };
        refused_everywhere(&root, entry.rsplit('/').next().unwrap(), &secret, &commands);
    }
}

#[test]
fn a_report_file_that_is_a_link_is_replaced_not_written_through() {
    let (t, root, _secret) = desk();
    let (code, all) = run(&root, &["report"]);
    assert_eq!(code, Some(0), "{all}");
    let victim = t.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::fs::remove_file(root.join("reports/claims.csv")).unwrap();
    symlink(&victim, root.join("reports/claims.csv")).unwrap();
    let (code, all) = run(&root, &["report"]);
    assert_eq!(code, Some(0), "{all}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let meta = std::fs::symlink_metadata(root.join("reports/claims.csv")).unwrap();
    assert!(meta.is_file(), "the link was replaced by the real file");
}

#[test]
fn a_source_whose_file_leaves_the_folder_is_never_read() {
    let (_t, root, _secret) = desk();
    let meta = std::fs::read_dir(root.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .unwrap();
    let text = std::fs::read_to_string(&meta).unwrap();
    let line = text.lines().find(|l| l.starts_with("file: ")).unwrap();
    std::fs::write(&meta, text.replace(line, "file: ../environ")).unwrap();
    let (code, all) = run(&root, &["check"]);
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("invalid-transcript-path"), "{all}");
    for args in [vec!["check"], vec!["report", "--context"], vec!["report"]] {
        let (_, all) = run(&root, &args);
        assert!(!all.contains("hunter2"), "{args:?}: {all}");
    }
    let reports = std::fs::read_dir(root.join("reports/sources"))
        .into_iter()
        .flatten();
    for page in reports {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        assert!(!text.contains("hunter2"), "{text}");
    }
}

#[test]
fn names_that_are_not_utf8_are_reported_not_skipped() {
    use std::os::unix::ffi::OsStrExt;
    for folder in ["claims", "sources"] {
        let (_t, root, _secret) = desk();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.yaml");
        std::fs::write(root.join(folder).join(name), "id: x\n").unwrap();
        let shown = format!("{folder}/caf\\xe9-\\xff.yaml");
        let (code, all) = run(&root, &["check"]);
        assert_eq!(code, Some(1), "{all}");
        assert!(all.contains("non-utf8-file-name"), "{all}");
        assert!(all.contains(&shown), "{all}");
        let (_, json) = run(&root, &["check", "--format", "json"]);
        assert!(json.contains("\"non-utf8-file-name\""), "{json}");
        let commands = if folder == "claims" {
            vec![
                vec!["list"],
                vec!["search", "Putin"],
                vec!["status"],
                vec!["report"],
                vec!["fmt", "--check"],
            ]
        } else {
            vec![vec!["status"], vec!["report"], vec!["fmt", "--check"]]
        };
        for args in commands {
            let (code, all) = run(&root, &args);
            assert_eq!(code, Some(2), "{folder} {args:?}: {all}");
            assert!(all.contains(&shown), "{folder} {args:?}: {all}");
        }
    }
}

#[test]
fn source_add_refuses_pipes_devices_and_folders_at_once() {
    let (t, root, _secret) = desk();
    let fifo = t.path().join("interview.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let folder = t.path().join("transcripts.txt");
    std::fs::create_dir(&folder).unwrap();
    let cases = [
        (fifo.to_str().unwrap().to_string(), "a named pipe"),
        ("/dev/zero".to_string(), "a device"),
        (folder.to_str().unwrap().to_string(), "a folder"),
    ];
    for (file, kind) in &cases {
        let started = std::time::Instant::now();
        let out = crate::support::factdesk()
            .current_dir(&root)
            .args([
                "source",
                "add",
                file,
                "--format",
                "text",
                "--title",
                "Interview",
            ])
            .args(["--outlet", "Radio Nord", "--by", "Ana"])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(started.elapsed().as_secs() < 15, "{file} waited");
        assert!(
            err.contains(kind) && err.contains("regular file"),
            "{file}: {err}"
        );
    }
    let sources = std::fs::read_dir(root.join("sources")).unwrap().count();
    assert_eq!(sources, 2, "nothing was added");
}

#[test]
fn sixteen_concurrent_notes_leave_the_history_in_time_order() {
    let (_t, root, _secret) = desk();
    let id = some_claim(&root);
    for round in 0..3 {
        let children: Vec<_> = (0..16)
            .map(|i| {
                crate::support::factdesk_std()
                    .current_dir(&root)
                    .args([
                        "note",
                        &id,
                        &format!("round {round}, reader {i}: checked the Kremlin record"),
                    ])
                    .args(["--by", &format!("reader-{i}")])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        super::cli::wait_all_succeed(children);
        let (code, all) = run(&root, &["check", "--no-cache"]);
        assert_eq!(code, Some(0), "round {round}: {all}");
    }
    let text = std::fs::read_to_string(root.join(format!("claims/{id}.yaml"))).unwrap();
    for round in 0..3 {
        for i in 0..16 {
            let note = format!("round {round}, reader {i}: checked");
            assert!(text.contains(&note), "{note} was lost");
        }
    }
}

#[test]
fn the_lock_wait_error_names_the_holder() {
    let (_t, root, _secret) = desk();
    let id = some_claim(&root);
    let holder = crate::support::factdesk_std()
        .current_dir(&root)
        .args(["note", &id, "slow note", "--by", "Ana"])
        .env("FACTDESK_TEST_HOLD_LOCK", "6")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lock = root.join(format!(".factdesk/locks/{id}.lock"));
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|t| t.contains("pid")) {
        assert!(
            started.elapsed().as_secs() < 20,
            "the holder never wrote its name"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = crate::support::factdesk()
        .current_dir(&root)
        .args(["note", &id, "impatient note", "--by", "Bo"])
        .env("FACTDESK_LOCK_WAIT", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("pid {}", holder.id())), "{err}");
    assert!(err.contains("note") && err.contains("slow note"), "{err}");
    let out = holder.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(root.join(format!("claims/{id}.yaml"))).unwrap();
    assert!(text.contains("slow note") && !text.contains("impatient note"));
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap(),
        "",
        "released and cleared"
    );
}

/// Commands that print, with their arguments for the bundled desk.
fn printing_commands(id: &str) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        s(&["--help"]),
        s(&["--version"]),
        s(&["list"]),
        s(&["status"]),
        s(&["check"]),
        s(&["check", "--format", "json"]),
        s(&["search", "Putin"]),
        s(&["show", id]),
        s(&["report", "--context"]),
        s(&["schema", "claim"]),
        s(&["completions", "bash"]),
        s(&["note", id, "checked the wire copy", "--by", "Ana"]),
    ]
}

#[test]
fn a_full_device_is_an_error_and_a_closed_pipe_stays_quiet() {
    let (_t, root, _secret) = desk();
    let id = some_claim(&root);
    for args in printing_commands(&id) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = crate::support::factdesk_std()
            .current_dir(&root)
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} > /dev/full: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("cannot write the output") && err.contains("No space left"),
            "{err}"
        );
    }
    for args in printing_commands(&id) {
        let mut child = crate::support::factdesk_std()
            .current_dir(&root)
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before the first write
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?} | (closed): {err}");
    }
}

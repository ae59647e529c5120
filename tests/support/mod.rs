//! The suite's one harness: how a test runs the real `factdesk` binary and
//! `git`, with one environment hygiene for every run. The test's own
//! environment (a developer's `EDITOR`, `NO_COLOR` or `GIT_DIR`, a CI
//! runner's `CI` and `GITHUB_*`, `TZ`, a terminal's `TERM` and `COLUMNS`)
//! never reaches a run: [`hygiene`] clears each variable that changes what
//! factdesk or git does, and git reads no global or system configuration.
//! A test then sets what it means to test on the command it builds. Shared
//! steps several modules need (copying a fixture desk, finding a
//! diagnostic in JSON) live here too.

use std::ffi::OsStr;
use std::path::Path;

/// Variables cleared for every run: each changes what factdesk prints or
/// does (the editor it opens, colour, progress, columns, annotation paths,
/// the time zone).
const CLEARED: &[&str] = &[
    "EDITOR",
    "VISUAL",
    "CI",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "COLUMNS",
    "TZ",
    "COMPLETE",
];

/// Every variable of the test's environment whose name starts with one of
/// these is cleared too: git's own (`GIT_DIR`, `GIT_AUTHOR_*`, …), the
/// CI's (`GITHUB_WORKSPACE`, …) and factdesk's (`FACTDESK_USER`,
/// `FACTDESK_MODEL_DIR`, the test hooks).
const CLEARED_PREFIXES: &[&str] = &["GIT_", "GITHUB_", "FACTDESK_"];

/// A command whose environment a test sets: the binary's or git's.
pub(crate) trait Env {
    fn set(&mut self, key: &str, value: &OsStr);
    fn unset(&mut self, key: &OsStr);
}

impl Env for std::process::Command {
    fn set(&mut self, key: &str, value: &OsStr) {
        self.env(key, value);
    }
    fn unset(&mut self, key: &OsStr) {
        self.env_remove(key);
    }
}

impl Env for assert_cmd::Command {
    fn set(&mut self, key: &str, value: &OsStr) {
        self.env(key, value);
    }
    fn unset(&mut self, key: &OsStr) {
        self.env_remove(key);
    }
}

/// Clears on `cmd` every variable that changes what factdesk or git does
/// (see [`CLEARED`], [`CLEARED_PREFIXES`]) and keeps git away from the
/// machine's global and system configuration.
pub(crate) fn hygiene<C: Env>(cmd: &mut C) -> &mut C {
    for k in CLEARED {
        cmd.unset(OsStr::new(k));
    }
    for (k, _) in std::env::vars_os() {
        let name = k.to_string_lossy();
        if CLEARED_PREFIXES.iter().any(|p| name.starts_with(p)) {
            cmd.unset(&k);
        }
    }
    cmd.set("GIT_CONFIG_GLOBAL", OsStr::new("/dev/null"));
    cmd.set("GIT_CONFIG_NOSYSTEM", OsStr::new("1"));
    cmd
}

/// The path of the built binary.
pub(crate) fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("factdesk")
}

/// The binary as a plain process (to spawn, or to give a terminal), clean.
pub(crate) fn factdesk_std() -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    hygiene(&mut c);
    c
}

/// `program` (`script`, `sh`) that runs the binary for a test (on a
/// terminal, under a file-size limit), clean: its environment is the
/// binary's.
pub(crate) fn wrapper(program: &str) -> std::process::Command {
    let mut c = std::process::Command::new(program);
    hygiene(&mut c);
    c
}

/// The binary, clean, to run and assert on.
pub(crate) fn factdesk() -> assert_cmd::Command {
    assert_cmd::Command::from_std(factdesk_std())
}

/// `git`, clean, with a fixed author and committer (Ana Martin), so
/// commits and their ids do not depend on the machine.
pub(crate) fn git_command() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new("git");
    identity(&mut cmd);
    cmd
}

/// Clean, with git's author and committer fixed and factdesk's user `ana`
/// without colour: what every command of a git test runs with.
pub(crate) fn identity<C: Env>(cmd: &mut C) -> &mut C {
    hygiene(cmd);
    for (k, v) in [
        ("GIT_AUTHOR_NAME", "Ana Martin"),
        ("GIT_AUTHOR_EMAIL", "ana@example.org"),
        ("GIT_COMMITTER_NAME", "Ana Martin"),
        ("GIT_COMMITTER_EMAIL", "ana@example.org"),
        ("FACTDESK_USER", "ana"),
        ("NO_COLOR", "1"),
    ] {
        cmd.set(k, OsStr::new(v));
    }
    cmd
}

/// Runs git with `args` in `dir`; its standard output (the run must succeed).
pub(crate) fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = git_command().current_dir(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Copies the folder `from` (files and subfolders) to `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Whether `found` (diagnostics as JSON) holds one with `code` whose
/// message holds every one of `words`.
pub(crate) fn has(found: &[serde_json::Value], code: &str, words: &[&str]) -> bool {
    found.iter().any(|d| {
        d["code"] == code
            && words
                .iter()
                .all(|w| d["message"].as_str().unwrap_or("").contains(w))
    })
}

#[test]
fn every_run_of_the_binary_clears_the_same_variables() {
    let cmd = factdesk_std();
    let removed: Vec<String> = cmd
        .get_envs()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k.to_string_lossy().into_owned())
        .collect();
    for k in CLEARED {
        assert!(
            removed.iter().any(|r| r == k),
            "{k} not cleared: {removed:?}"
        );
    }
    let set: Vec<(String, String)> = cmd
        .get_envs()
        .filter_map(|(k, v)| {
            Some((
                k.to_string_lossy().into_owned(),
                v?.to_string_lossy().into_owned(),
            ))
        })
        .collect();
    assert!(
        set.contains(&("GIT_CONFIG_GLOBAL".into(), "/dev/null".into())),
        "{set:?}"
    );
    for (k, _) in std::env::vars() {
        if CLEARED_PREFIXES.iter().any(|p| k.starts_with(p)) && !k.starts_with("GIT_CONFIG_") {
            assert!(removed.contains(&k), "{k} not cleared");
        }
    }
}

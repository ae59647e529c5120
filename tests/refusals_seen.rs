//! What an editor sees when factdesk refuses: one scripted day on a real
//! desk, every refusal's exit code, standard output and standard error kept
//! in one snapshot (`snapshots/suite__refusals_seen__*.snap`). A changed
//! message, hint or exit code shows up as a snapshot diff to review, not as
//! a silent drift. The claim's id (it carries a digest that includes the
//! time it was logged), times and the temporary folder are replaced by
//! placeholders; nothing else is.

use crate::cli::Desk;

/// One step of the script: who acts (None: nobody named) and the arguments.
struct Step<'a> {
    by: Option<&'a str>,
    args: Vec<&'a str>,
}

fn step<'a>(by: Option<&'a str>, args: &[&'a str]) -> Step<'a> {
    Step {
        by,
        args: args.to_vec(),
    }
}

/// Runs every step in `desk` and writes what each showed, in order.
fn transcript(desk: &Desk, id: &str, steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        let mut cmd = desk.cmd(&[]);
        if let Some(who) = s.by {
            cmd.args(["--by", who]);
        }
        let run = cmd.args(&s.args).output().unwrap();
        let shown: Vec<String> = s
            .args
            .iter()
            .map(|a| match a.contains(' ') {
                true => format!("'{a}'"),
                false => a.to_string(),
            })
            .collect();
        let by = s.by.map(|b| format!("--by {b} ")).unwrap_or_default();
        out.push_str(&format!(
            "$ factdesk {by}{}\nexit {}\n",
            shown.join(" "),
            run.status
                .code()
                .map_or("by signal".into(), |c| c.to_string())
        ));
        for (name, bytes) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            if !text.trim().is_empty() {
                out.push_str(&format!("--- {name}\n{}\n", text.trim_end()));
            }
        }
        out.push('\n');
    }
    placeholders(&out.replace(id, "<id>"), desk.path())
}

/// The temporary folder and every clock reading replaced, so the snapshot
/// holds what does not change from run to run.
fn placeholders(text: &str, root: &std::path::Path) -> String {
    let text = text.replace(&root.display().to_string(), "<desk>");
    let times = regex::Regex::new(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?( UTC|Z)?").unwrap();
    let text = times.replace_all(&text, "<time>");
    let days = regex::Regex::new(r"\b20\d\d-\d\d-\d\d\b").unwrap();
    let ago = regex::Regex::new(r"\b\d+ (second|minute)s? ago\b").unwrap();
    ago.replace_all(&days.replace_all(&text, "<day>"), "<moments> ago")
        .into_owned()
}

#[test]
fn what_an_editor_sees_when_a_step_is_refused() {
    let desk = Desk::new();
    let id = desk.add_claim();
    let ana = Some("ana");
    let steps = [
        // Out of order: a candidate cannot be rated or published.
        step(ana, &["rate", &id, "accurate", "--summary", "Too early."]),
        step(ana, &["publish", &id]),
        // Nobody named, on a machine without git's user.name.
        step(None, &["research", &id]),
        // A claim id that does not exist, and one that is not an id.
        step(ana, &["show", "no-such-claim"]),
        step(ana, &["show", "../../etc/passwd"]),
        // Evidence must be a web address.
        step(ana, &["research", &id]),
        step(
            ana,
            &[
                "evidence",
                "add",
                &id,
                "--url",
                "javascript:alert(1)",
                "--title",
                "A link",
                "--publisher",
                "Somebody",
                "--stance",
                "supports",
            ],
        ),
        // A note carrying a bidirectional override is refused, not written.
        step(ana, &["note", &id, "checked \u{202e}the resolution"]),
        // A quote that is not in the transcript.
        step(
            ana,
            &[
                "claim",
                "add",
                "--source",
                "itv",
                "--quote",
                "Russia is openly importing North Korean weapons.",
                "--claim",
                "Russia imports North Korean weapons",
            ],
        ),
        // Usage errors: an unknown flag, a missing argument.
        step(ana, &["list", "--colour"]),
        step(ana, &["rate", &id]),
    ];
    insta::assert_snapshot!(transcript(&desk, &id, &steps));
}

#[test]
fn what_an_editor_sees_when_review_rules_refuse() {
    let desk = Desk::new();
    let id = desk.in_review();
    let steps = [
        // The four-eyes rule: the rater cannot approve, nor publish unapproved.
        step(Some("ana"), &["review", &id, "--approve"]),
        step(Some("ana"), &["publish", &id]),
        // Someone else approves; then the same reviewer cannot approve twice
        // and publishing goes through.
        step(Some("jo"), &["review", &id, "--approve"]),
        step(Some("jo"), &["review", &id, "--approve"]),
        step(Some("jo"), &["publish", &id]),
        // A published claim is corrected in the open, never re-rated.
        step(
            Some("ana"),
            &["rate", &id, "misleading", "--summary", "No."],
        ),
        step(Some("ana"), &["discard", &id, "--reason", "Oops"]),
    ];
    insta::assert_snapshot!(transcript(&desk, &id, &steps));
}

//! `factdesk edit` end to end with scripted editors: the draft gets the
//! editors' schema help (its path is mapped, it carries the modeline), the
//! problems listed in a reopened draft point at the draft's own lines, and a
//! draft kept after a conflict is offered back (merge, keep, discard),
//! never dropped.

use crate::ergonomics::Desk;
use std::path::Path;

const QUOTE: &str = "North Korea doesn’t have much to offer.";

fn desk_with_claim() -> (Desk, String) {
    let d = Desk::new();
    let id = d.add(QUOTE, "North Korea has little to offer");
    (d, id)
}

/// The claim globs of the desk's VS Code settings.
fn claim_globs(d: &Desk) -> Vec<String> {
    let settings: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(d.path().join(".vscode/settings.json")).unwrap(),
    )
    .unwrap();
    settings["yaml.schemas"]["./schemas/claim.schema.json"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap().to_string())
        .collect()
}

/// Whether a `dir/*.yaml` glob matches `rel`.
fn matches(glob: &str, rel: &str) -> bool {
    let (dir, pattern) = glob.rsplit_once('/').unwrap();
    let (parent, name) = rel.rsplit_once('/').unwrap();
    assert_eq!(pattern, "*.yaml");
    parent == dir && name.ends_with(".yaml") && !name.contains('/')
}

#[test]
fn the_draft_is_where_the_schema_mappings_point_and_names_its_schema() {
    let (d, id) = desk_with_claim();
    let ed = d.editor(
        "ed.sh",
        "printf '%s' \"$1\" > path.txt; cp \"$1\" seen.yaml; sed -i 's/^claim: .*/claim: North Korea has little to sell Russia/' \"$1\"",
    );
    d.cmd(&["edit", &id]).env("EDITOR", &ed).assert().success();
    let opened = std::fs::read_to_string(d.path().join("path.txt")).unwrap();
    let root = d.path().canonicalize().unwrap();
    let rel = Path::new(&opened)
        .canonicalize()
        .unwrap_or_else(|_| Path::new(&opened).to_path_buf());
    let rel = rel
        .strip_prefix(&root)
        .map(|p| p.display().to_string())
        .unwrap_or(opened.clone());
    let globs = claim_globs(&d);
    assert!(
        globs.iter().any(|g| matches(g, &rel)),
        "the editor opened {rel}, which none of {globs:?} maps to the claim schema"
    );
    // The modeline names the schema relative to the draft, for editors
    // that have no desk settings.
    let seen = std::fs::read_to_string(d.path().join("seen.yaml")).unwrap();
    let first = seen.lines().next().unwrap();
    let schema = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("no modeline: {seen}"));
    let draft_dir = d.path().join(&rel).parent().unwrap().to_path_buf();
    assert!(draft_dir.join(schema).is_file(), "{schema} from {rel}");
    let rec = d.read(&id);
    assert!(
        rec.contains("claim: North Korea has little to sell Russia\n"),
        "{rec}"
    );
    assert!(
        !rec.contains("yaml-language-server"),
        "the modeline is never saved: {rec}"
    );
    assert!(
        !d.path().join(&rel).exists(),
        "the draft is gone after a save"
    );
}

#[test]
fn problems_in_the_reopened_draft_point_at_the_drafts_own_lines() {
    let (d, id) = desk_with_claim();
    // Pass 1: an over-long claim and a quote not in the transcript. Pass 2:
    // keep what was shown, then give up (save unchanged).
    let ed = d.editor(
        "ed.sh",
        "if grep -q '^# factdesk:' \"$1\"; then cp \"$1\" shown.yaml; else sed -i 's/^claim: .*/claim: North Korea has little to offer Russia beyond old artillery shells and rockets, say analysts/; s/^quote: .*/quote: North Korea has much to offer./' \"$1\"; fi",
    );
    d.cmd(&["edit", &id]).env("EDITOR", &ed).assert().code(2);
    let shown = std::fs::read_to_string(d.path().join("shown.yaml")).unwrap();
    let lines: Vec<&str> = shown.lines().collect();
    let draft = format!(".factdesk/edit/{id}.yaml:");
    let mut checked = Vec::new();
    for (code, field) in [("claim-too-long", "claim:"), ("quote-not-found", "quote:")] {
        let head = lines
            .iter()
            .position(|l| l.contains(&format!("error[{code}]")))
            .unwrap_or_else(|| panic!("{code} not listed:\n{shown}"));
        let at = lines[head + 1]
            .split_once("--> ")
            .unwrap()
            .1
            .strip_prefix(&draft)
            .unwrap_or_else(|| panic!("{code} does not name the draft: {}", lines[head + 1]));
        let line: usize = at.split(':').next().unwrap().parse().unwrap();
        assert!(
            lines[line - 1].starts_with(field),
            "{code} points at line {line}, which is {:?}:\n{shown}",
            lines[line - 1]
        );
        // The snippet shows that same line, with the same number.
        assert!(
            shown.contains(&format!("{line} | {}", lines[line - 1])),
            "{code}:\n{shown}"
        );
        checked.push(line);
    }
    assert!(
        checked[0] > 10,
        "the lines count the comments on top: {checked:?}"
    );
}

/// An edit that loses a race: while the editor is open, jo assigns the
/// claim (and, with `theirs`, rewrites its text too); the edit is refused
/// and the draft kept.
fn conflict(d: &Desk, id: &str, mine: &str, theirs: Option<&str>) -> String {
    let bin = crate::support::bin();
    let mut script = format!(
        "FACTDESK_USER=jo {} assign {id} --to max >/dev/null",
        bin.display()
    );
    if let Some(t) = theirs {
        script.push_str(&format!(
            "; sed -i 's/^claim: .*/claim: {t}/' claims/{id}.yaml"
        ));
    }
    script.push_str(&format!("; sed -i 's/^claim: .*/claim: {mine}/' \"$1\""));
    let ed = d.editor("race.sh", &script);
    let out = d.cmd(&["edit", id]).env("EDITOR", &ed).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("changed by someone else") && err.contains("factdesk edit"),
        "{err}"
    );
    let kept = std::fs::read_to_string(d.path().join(format!(".factdesk/edit/{id}.yaml"))).unwrap();
    assert!(kept.contains(mine), "{kept}");
    kept
}

#[test]
fn after_a_conflict_edit_offers_the_kept_draft_and_never_drops_it() {
    let (d, id) = desk_with_claim();
    let kept = conflict(&d, &id, "North Korea has few weapons to sell", None);
    let draft = d.path().join(format!(".factdesk/edit/{id}.yaml"));

    // A script (stdin not a terminal) is told the choices; nothing changes.
    let look = d.editor("look.sh", "cp \"$1\" seen.yaml");
    let out = d
        .cmd(&["edit", &id])
        .env("EDITOR", &look)
        .write_stdin("")
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("--draft merge|keep|discard")
            && err.contains(&format!(".factdesk/edit/{id}.yaml")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), kept);
    assert!(!d.path().join("seen.yaml").exists(), "no editor was opened");

    // keep: the draft exactly as left; giving up still keeps nothing lost
    // on disk but the draft file itself is the person's to discard.
    d.cmd(&["edit", &id, "--draft", "keep"])
        .env("EDITOR", d.editor("keep.sh", "cp \"$1\" seen.yaml; exit 1"))
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(d.path().join("seen.yaml")).unwrap(),
        kept
    );
    assert!(draft.exists(), "an editor failure keeps the draft");

    // merge: the person's claim text and jo's assignment, both kept.
    d.cmd(&["edit", &id, "--draft", "merge"])
        .env("EDITOR", &look)
        .assert()
        .success();
    let rec = d.read(&id);
    assert!(
        rec.contains("claim: North Korea has few weapons to sell\n")
            && rec.contains("assignee: max"),
        "{rec}"
    );
    assert!(rec.contains("note: edited claim"), "{rec}");
    assert!(!draft.exists());
}

#[test]
fn a_merge_where_both_changed_a_field_keeps_mine_and_shows_theirs() {
    let (d, id) = desk_with_claim();
    conflict(
        &d,
        &id,
        "North Korea sells little to Russia",
        Some("North Korea offers Russia little"),
    );
    let look = d.editor("look.sh", "cp \"$1\" seen.yaml");
    d.cmd(&["edit", &id, "--draft", "merge"])
        .env("EDITOR", &look)
        .assert()
        .success();
    let seen = std::fs::read_to_string(d.path().join("seen.yaml")).unwrap();
    assert!(
        seen.contains("# factdesk: - claim: theirs is North Korea offers Russia little"),
        "{seen}"
    );
    assert!(
        seen.contains("\nclaim: North Korea sells little to Russia\n"),
        "{seen}"
    );
    let rec = d.read(&id);
    assert!(
        rec.contains("claim: North Korea sells little to Russia\n")
            && rec.contains("assignee: max"),
        "{rec}"
    );
    assert!(!rec.contains("# factdesk"), "{rec}");
}

#[test]
fn discarding_a_kept_draft_starts_from_the_record_as_it_is() {
    let (d, id) = desk_with_claim();
    conflict(&d, &id, "North Korea has nothing to sell", None);
    let look = d.editor("look.sh", "cp \"$1\" seen.yaml");
    d.cmd(&["edit", &id, "--draft", "discard"])
        .env("EDITOR", &look)
        .assert()
        .success()
        .stdout(predicates::str::contains("no changes"));
    let seen = std::fs::read_to_string(d.path().join("seen.yaml")).unwrap();
    assert!(
        !seen.contains("nothing to sell") && seen.contains("assignee: max"),
        "{seen}"
    );
    assert!(!d.path().join(format!(".factdesk/edit/{id}.yaml")).exists());
}

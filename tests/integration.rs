//! CI and pre-commit integration, end to end: the repository's own
//! `.pre-commit-hooks.yaml` driven the way the pre-commit framework drives
//! it (staged files matched against the hook's `files` pattern, passed to
//! its `entry`) from a real git `pre-commit` hook, and `check --format
//! github` on a desk that is not the repository root.

use crate::git::{git_in, isolate, Repo};
use assert_cmd::Command;
use std::path::Path;

/// The `files` pattern and `entry` of hook `id` in the repository's
/// `.pre-commit-hooks.yaml`.
fn hook(id: &str) -> (String, String) {
    let text = include_str!("../.pre-commit-hooks.yaml");
    let hooks: Vec<serde_yaml::Value> = serde_yaml::from_str(text).unwrap();
    let h = hooks.iter().find(|h| h["id"] == id).unwrap();
    (
        h["files"].as_str().unwrap().to_string(),
        h["entry"].as_str().unwrap().to_string(),
    )
}

/// Installs a git pre-commit hook that does what pre-commit does with the
/// factdesk-check hook: the staged files that match its pattern, given to
/// its entry (run from the repository root); no match, no run.
fn install_hook(top: &Path, desk_args: &str) {
    let (files, entry) = hook("factdesk-check");
    let bin = crate::support::bin();
    let entry = entry.replacen("factdesk", &format!("{} {desk_args}", bin.display()), 1);
    let script = format!(
        "#!/bin/sh\nfiles=$(git diff --cached --name-only --diff-filter=ACMR | grep -E '{files}')\n\
         [ -z \"$files\" ] && exit 0\nexec {entry} $files\n"
    );
    let path = top.join(".git/hooks/pre-commit");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `git commit` of what is staged; the hook's verdict and its output.
fn commit(dir: &Path, msg: &str) -> (bool, String) {
    let out = crate::support::git_command()
        .current_dir(dir)
        .args(["commit", "-q", "-m", msg])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

fn head(dir: &Path) -> String {
    git_in(dir, &["rev-parse", "HEAD"])
}

/// A transcript of each layout, a sentence a claim quotes, and a rewording
/// of it that breaks the quote.
const LAYOUTS: &[(&str, &str, &str, &str)] = &[
    (
        "council-voices.vtt",
        "The aquifer dropped 3 metres last year.",
        "3 metres",
        "2 metres",
    ),
    (
        "morning-dash.srt",
        "They are not.",
        "They are not.",
        "They are.",
    ),
    (
        "hearing-columns.tsv",
        "The bridge will reopen in May.",
        "in May",
        "in June",
    ),
    (
        "markdown-speakers.md",
        "We replaced 600 last year.",
        "600",
        "700",
    ),
    (
        "descript-export.csv",
        "My guest today is the transit director, Owen Price.",
        "transit director",
        "transport director",
    ),
];

#[test]
fn the_check_hook_refuses_a_commit_that_changes_only_a_transcript_of_any_layout() {
    for (file, quote, from, to) in LAYOUTS {
        let r = Repo::new();
        let fixture = Path::new("tests/fixtures/transcripts").join(file);
        std::fs::copy(&fixture, r.path(file)).unwrap();
        r.fd(&[
            "source",
            "add",
            file,
            "--id",
            "t",
            "--title",
            "Recording",
            "--outlet",
            "City Radio",
        ])
        .success();
        std::fs::remove_file(r.path(file)).unwrap();
        r.out(&["claim", "add", "--source", "t", "--quote", quote]);
        install_hook(&r.dir, "");
        r.git(&["add", "-A", "."]);
        let (ok, out) = commit(&r.dir, "a source and a claim");
        assert!(ok, "{file}: a clean desk commits: {out}");
        let before = head(&r.dir);

        let ext = file.rsplit('.').next().unwrap();
        let stored = format!("sources/t.{ext}");
        r.edit(&stored, from, to);
        r.git(&["add", &stored]);
        let (ok, out) = commit(&r.dir, "reword the transcript");
        assert!(!ok, "{file}: the hook let a broken transcript in: {out}");
        assert!(out.contains("transcript-changed"), "{file}: {out}");
        assert!(
            out.contains("quote-not-found"),
            "{file}: the claim's lost quote is named: {out}"
        );
        assert_eq!(head(&r.dir), before, "{file}: nothing was committed");
    }
}

#[test]
fn the_check_hook_runs_for_settings_and_templates_and_not_for_other_files() {
    let r = Repo::new();
    let id = r.add_claim("Russia needs shells badly.");
    r.fd(&["research", &id]).success();
    r.fd(&[
        "rate",
        &id,
        "accurate",
        "--summary",
        "Russia has bought shells abroad since 2022.",
    ])
    .success();
    install_hook(&r.dir, "");
    r.commit("a rated claim");
    let before = head(&r.dir);

    // Other files do not run the hook at all.
    std::fs::write(r.path("NOTES.md"), "Ask the desk about {% the rating\n").unwrap();
    r.git(&["add", "NOTES.md"]);
    assert!(commit(&r.dir, "notes").0);
    let before_settings = head(&r.dir);
    assert_ne!(before_settings, before);

    // Dropping the rating the claim uses from the scale breaks that claim,
    // a file the commit does not touch.
    r.edit("factdesk.yaml", "- key: accurate", "- key: correct");
    r.git(&["add", "factdesk.yaml"]);
    let (ok, out) = commit(&r.dir, "rename a rating");
    assert!(!ok, "{out}");
    assert!(out.contains("unknown-rating") && out.contains(&id), "{out}");
    assert_eq!(head(&r.dir), before_settings);
    r.git(&["checkout", "HEAD", "--", "factdesk.yaml"]);

    // A template override that does not parse.
    std::fs::create_dir_all(r.path("templates")).unwrap();
    std::fs::write(
        r.path("templates/check.html"),
        "<article>\n{% if check.summary %}<p>{{ check.summary }}</p>\n</article>\n",
    )
    .unwrap();
    r.git(&["add", "templates/check.html"]);
    let (ok, out) = commit(&r.dir, "a custom check page");
    assert!(!ok, "{out}");
    assert!(
        out.contains("template-syntax") && out.contains("templates/check.html:"),
        "{out}"
    );
    assert_eq!(head(&r.dir), before_settings);
}

#[test]
fn annotations_name_files_from_the_repository_root_when_the_desk_is_a_subfolder() {
    let r = Repo::in_subfolder("desks/politics");
    let id = r.add_claim("China watches closely.");
    r.commit("a claim");
    r.edit(
        &format!("claims/{id}.yaml"),
        "status: candidate",
        "status: in-research",
    );
    let top = r.dir.parent().unwrap().parent().unwrap().to_path_buf();
    let run = |cwd: &Path, workspace: Option<&Path>| {
        let mut cmd = crate::support::factdesk();
        isolate(&mut cmd).current_dir(cwd);
        match workspace {
            Some(w) => cmd.env("GITHUB_WORKSPACE", w),
            None => cmd.env_remove("GITHUB_WORKSPACE"),
        };
        let out = cmd
            .args(["--desk", "desks/politics", "check", "--format", "github"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let want = format!("::error file=desks/politics/claims/{id}.yaml,line=");
    // From the repository root, as a GitHub job runs it.
    let out = run(&top, Some(&top));
    assert!(out.lines().any(|l| l.starts_with(&want)), "{out}");
    // Without git (a tarball of the repository), GITHUB_WORKSPACE decides.
    std::fs::rename(top.join(".git"), top.join("git-away")).unwrap();
    let out = run(&top, Some(&top));
    assert!(out.lines().any(|l| l.starts_with(&want)), "{out}");
    // With neither, paths stay relative to the desk.
    let out = run(&top, None);
    let desk_relative = format!("::error file=claims/{id}.yaml,line=");
    assert!(out.lines().any(|l| l.starts_with(&desk_relative)), "{out}");
}

/// The fenced ```yaml blocks of a Markdown text.
fn yaml_blocks(markdown: &str) -> Vec<serde_yaml::Value> {
    markdown
        .split("```yaml\n")
        .skip(1)
        .map(|b| serde_yaml::from_str(&b[..b.find("```").unwrap()]).unwrap())
        .collect()
}

#[test]
fn the_documented_pre_commit_configuration_uses_the_hooks_patterns_and_entries() {
    let docs = include_str!("../docs/ci.md");
    let blocks = yaml_blocks(docs);
    let config = blocks.iter().find(|b| b.get("repos").is_some()).unwrap();
    let hooks = config["repos"][0]["hooks"].as_sequence().unwrap();
    assert_eq!(hooks.len(), 2);
    for h in hooks {
        let id = h["id"].as_str().unwrap();
        let (files, entry) = hook(id);
        assert_eq!(h["files"].as_str(), Some(files.as_str()), "{id}");
        assert_eq!(h["entry"].as_str(), Some(entry.as_str()), "{id}");
        assert_eq!(h["pass_filenames"].as_bool(), Some(true), "{id}");
    }
}

#[test]
fn the_documented_workflow_has_no_placeholder_and_its_check_step_annotates_repository_paths() {
    let docs = include_str!("../docs/ci.md");
    let blocks = yaml_blocks(docs);
    let workflow = blocks.iter().find(|b| b.get("jobs").is_some()).unwrap();
    let text = serde_yaml::to_string(workflow).unwrap();
    assert!(
        !text.contains("<org>") && !text.contains("example"),
        "{text}"
    );
    let steps = workflow["jobs"]["check"]["steps"].as_sequence().unwrap();
    let step = |name: &str| {
        steps
            .iter()
            .find(|s| s["name"] == name)
            .and_then(|s| s["run"].as_str())
            .unwrap()
            .to_string()
    };
    // In factdesk's own repository the install step builds the checkout.
    let install = step("Install factdesk");
    let cargo = include_str!("../Cargo.toml");
    assert!(install.contains("grep -qs '^name = \"factdesk\"' Cargo.toml"));
    assert!(cargo.lines().any(|l| l == "name = \"factdesk\""));

    // The check step, run as GitHub runs it: from the repository root, with
    // the desk in a subfolder named by DESK.
    let r = Repo::in_subfolder("desk");
    let id = r.add_claim("Beijing will not be pleased by this meeting.");
    r.edit(
        &format!("claims/{id}.yaml"),
        "source: lp",
        "source: lp-missing",
    );
    let top = r.dir.parent().unwrap();
    let bin = crate::support::bin();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut sh = Command::new("sh");
    let out = isolate(&mut sh)
        .current_dir(top)
        .env("PATH", path)
        .env("DESK", "desk")
        .env("GITHUB_WORKSPACE", top)
        .args(["-c", &step("Check the desk")])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let want = format!("::error file=desk/claims/{id}.yaml,line=");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&want) && l.contains("title=unknown-source")),
        "{stdout}"
    );
}

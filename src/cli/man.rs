//! `factdesk man`: man pages generated from the clap definitions, with the
//! sections clap does not know: EXIT STATUS, ENVIRONMENT, EXAMPLES and SEE
//! ALSO. Every page named in a page is one `man --out` writes (there is no
//! `help` page, so none is named).

use super::{Cli, CliError, CliResult, Ctx, Outcome};
use clap::CommandFactory;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write one page per command (factdesk.1, factdesk-list.1, …) into DIR
    /// instead of printing the main page
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Commands whose exit status 1 means "problems found".
const FINDINGS: [(&str, &str); 4] = [
    (
        "check",
        "the desk has errors (or warnings, with --deny-warnings)",
    ),
    ("fmt", "with --check, a record is not in canonical form"),
    (
        "report",
        "with --check, the reports on disk are stale, missing or extra",
    ),
    ("audit", "a commit in the range broke a rule"),
];

/// The environment variables factdesk reads.
const ENVIRONMENT: [(&str, &str); 10] = [
    (
        "FACTDESK_USER",
        "who is acting, when --by is not given (else `git config user.name`)",
    ),
    (
        "VISUAL, EDITOR",
        "the editor `factdesk edit` opens (a command line such as `code --wait` works)",
    ),
    (
        "NO_COLOR",
        "set to anything but the empty string: no colour, unless --color always",
    ),
    (
        "CLICOLOR_FORCE",
        "set (not 0): colour even when the output is not a terminal (NO_COLOR wins)",
    ),
    ("CLICOLOR", "0: no colour"),
    ("TERM", "dumb: no colour and no progress line"),
    ("CI", "set: no progress line"),
    ("COLUMNS", "the width `show` and other listings wrap to"),
    (
        "FACTDESK_LOCK_WAIT",
        "seconds to wait for another command's lock on a claim",
    ),
    (
        "GITHUB_WORKSPACE",
        "for `check --format github` outside git: annotation paths are made relative to it",
    ),
];

/// Examples by command path ("" is the main page), from the bundled desk.
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    ("", &[
        ("factdesk init newsdesk --url https://www.dailyplanet-metro.com/checks/", "start a desk"),
        ("factdesk status", "the desk at a glance"),
        ("factdesk check", "every problem of the desk, exit 1 if any"),
        ("factdesk report", "render the public edition into reports/"),
    ]),
    ("init", &[("factdesk init newsdesk --url https://www.dailyplanet-metro.com/checks/", "a desk in newsdesk/, publishing at that address")]),
    ("source", &[("factdesk source list", "the desk's transcripts")]),
    ("source add", &[("factdesk source add interview.txt --id lepoint-2023-09-14-bondaz --title \"Kim-Putin summit\" --outlet \"Le Point\" --published 2023-09-14", "store a transcript verbatim with its metadata")]),
    ("source list", &[("factdesk source list", "every source with its speakers")]),
    ("source show", &[("factdesk source show lepoint-2023-09-14-bondaz", "the transcript's sentences, numbered")]),
    ("source speakers", &[("factdesk source speakers lepoint-2023-09-14-bondaz --map \"Q=Le Point\"", "say who the label Q names")]),
    ("claim", &[("factdesk claim add --source lepoint-2023-09-14-bondaz --quote \"China did not deliver weapons to Russia.\"", "log a claim")]),
    ("claim add", &[("factdesk claim add --source lepoint-2023-09-14-bondaz --quote \"China did not deliver weapons to Russia.\"", "log a claim; the quote must occur verbatim")]),
    ("extract", &[("factdesk extract lepoint-2023-09-14-bondaz --top 10", "the ten most check-worthy sentences")]),
    ("assign", &[("factdesk assign kim-jong-un-met-putin-94e5a2cc --to a.martin --due 2023-09-20", "give a claim to a researcher")]),
    ("note", &[("factdesk note kim-jong-un-met-putin-94e5a2cc \"Roscosmos photos confirm the date; the train route is unconfirmed.\"", "a research note")]),
    ("tag", &[("factdesk tag add kim-jong-un-met-putin-94e5a2cc summit", "tag a claim")]),
    ("tag add", &[("factdesk tag add kim-jong-un-met-putin-94e5a2cc summit", "tag a claim")]),
    ("tag remove", &[("factdesk tag remove kim-jong-un-met-putin-94e5a2cc summit", "untag a claim")]),
    ("research", &[("factdesk research kim-jong-un-met-putin-94e5a2cc", "start research")]),
    ("evidence", &[("factdesk evidence add ID --url https://press.un.org/en/2006/sc8853.doc.htm --title \"Resolution 1718\" --publisher \"UN Security Council\" --stance supports", "a document the verdict rests on")]),
    ("evidence add", &[("factdesk evidence add ID --url https://press.un.org/en/2006/sc8853.doc.htm --title \"Resolution 1718\" --publisher \"UN Security Council\" --stance supports", "add evidence")]),
    ("reply", &[("factdesk reply ID --contacted \"Ministry of Defence\" --via email --deadline 2023-09-18", "record a right-of-reply request")]),
    ("rate", &[("factdesk rate ID accurate --summary \"Resolutions 1718 and 1874 bar all states from buying DPRK arms.\"", "rate with a written summary")]),
    ("submit", &[("factdesk submit ID", "send a rated claim to review")]),
    ("review", &[("factdesk --by j.dupont review --approve ID", "approve (not by the rater)"), ("factdesk review --request-changes ID --note \"Cite resolution 2270 too.\"", "send it back")]),
    ("publish", &[("factdesk publish ID", "publish an approved claim")]),
    ("correct", &[("factdesk correct ID --rating mostly-accurate --summary \"Resolutions 1718, 1874 and 2270 bar all states from buying DPRK arms.\" --note \"The 2016 resolution was missing.\"", "a public correction"), ("factdesk correct ID --update --note \"Russia confirmed the purchase on 3 October.\"", "an update: the verdict stands")]),
    ("discard", &[("factdesk discard ID --reason \"Opinion, not a checkable fact.\"", "discard a claim")]),
    ("undo", &[("factdesk undo ID", "take back the last uncommitted step")]),
    ("status", &[("factdesk status", "overdue work, the review queue, your queue"), ("factdesk status --json", "the same for scripts")]),
    ("list", &[("factdesk list --status in-review", "claims waiting for review")]),
    ("show", &[("factdesk show kim-jong-un-met-putin-94e5a2cc", "a claim with its quote in context")]),
    ("search", &[("factdesk search \"north korean shells\"", "ranked word search")]),
    ("similar", &[("factdesk similar \"Did China send weapons to Russia?\"", "has this been checked before?")]),
    ("log", &[("factdesk log kim-jong-un-met-putin-94e5a2cc", "a claim's story with its commits")]),
    ("check", &[("factdesk check", "the whole desk"), ("factdesk check --format github --deny-warnings", "annotations in a pull request"), ("factdesk check --since origin/main", "also audit every commit since origin/main")]),
    ("fmt", &[("factdesk fmt --check", "print a diff of what is not canonical, exit 1")]),
    ("report", &[("factdesk report", "the public edition into reports/"), ("factdesk report --internal", "the desk's overview into reports-internal/"), ("factdesk report --check", "exit 1 if reports/ is stale")]),
    ("diff", &[("factdesk diff --merge-base origin/main --format markdown", "what a pull request changes, claim by claim")]),
    ("audit", &[("factdesk audit --since origin/main", "prove the record append-only since origin/main")]),
    ("edit", &[("factdesk edit kim-jong-un-met-putin-94e5a2cc", "edit by hand, validated before it is saved"), ("factdesk edit ID --draft merge", "carry a kept draft over to the record as it is now")]),
    ("schema", &[("factdesk schema --write", "write schemas/ and wire up VS Code and Helix")]),
    ("completions", &[("factdesk completions bash > ~/.local/share/bash-completion/completions/factdesk", "bash completion")]),
    ("man", &[("factdesk man | man -l -", "read this page"), ("factdesk man --out /usr/local/share/man/man1", "install every page")]),
];

pub fn man(ctx: &mut Ctx, a: ManArgs) -> CliResult {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Building propagates the version (and --help) to every subcommand.
    cmd.build();
    match a.out {
        None => ctx
            .out
            .line(String::from_utf8_lossy(&page(&cmd, "", &[])?).trim_end()),
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
            let mut written = 0;
            write_pages(&cmd, &[], &dir, &mut written)?;
            ctx.out
                .line(format!("wrote {written} man pages to {}", dir.display()));
        }
    }
    Ok(Outcome::Clean)
}

/// The page of `cmd`, reached by `path` (empty for the main page).
fn page(cmd: &clap::Command, name: &str, path: &[&str]) -> Result<Vec<u8>, CliError> {
    let cmd = match name.is_empty() {
        true => cmd.clone(),
        false => cmd.clone().name(name.to_string()),
    };
    let man = Man::new(cmd.clone());
    let mut buf = Vec::new();
    let io = |e: std::io::Error| CliError::new(e.to_string());
    man.render_title(&mut buf).map_err(io)?;
    man.render_name_section(&mut buf).map_err(io)?;
    man.render_synopsis_section(&mut buf).map_err(io)?;
    man.render_description_section(&mut buf).map_err(io)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf).map_err(io)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut buf).map_err(io)?;
    }
    extra_sections(&cmd, path).to_writer(&mut buf).map_err(io)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut buf).map_err(io)?;
    }
    Ok(buf)
}

fn extra_sections(cmd: &clap::Command, path: &[&str]) -> Roff {
    let mut roff = Roff::default();
    roff.control("SH", ["EXIT STATUS"]);
    let top = path.first().copied().unwrap_or("");
    let findings: Vec<&(&str, &str)> = FINDINGS
        .iter()
        .filter(|(c, _)| top.is_empty() || *c == top)
        .collect();
    item(&mut roff, "0", "success: done, or nothing found");
    for (c, what) in &findings {
        let label = if top.is_empty() {
            format!("1 ({c})")
        } else {
            "1".to_string()
        };
        item(&mut roff, &label, what);
    }
    item(&mut roff, "2", "the command could not be carried out: a usage error, a refused step (the workflow, a lock, an invalid record) or an operational failure such as an unreadable file or a full disk");
    roff.control("SH", ["ENVIRONMENT"]);
    for (var, what) in ENVIRONMENT {
        item(&mut roff, var, what);
    }
    let key = path.join(" ");
    if let Some((_, examples)) = EXAMPLES.iter().find(|(k, _)| *k == key) {
        roff.control("SH", ["EXAMPLES"]);
        for (line, what) in *examples {
            roff.control("TP", []);
            roff.text([roman(*line)]);
            roff.text([roman(*what)]);
        }
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut see: Vec<String> = Vec::new();
    if !path.is_empty() {
        let parent = path[..path.len() - 1]
            .iter()
            .fold("factdesk".to_string(), |a, p| format!("{a}-{p}"));
        see.push(format!("{parent}(1)"));
    }
    let _ = cmd;
    see.push(
        "the guides in docs/ of factdesk's source (docs/workflow.md, docs/ci.md, docs/reports.md)"
            .into(),
    );
    roff.text([roman(see.join(", "))]);
    roff
}

fn item(roff: &mut Roff, label: &str, text: &str) {
    roff.control("TP", []);
    roff.text([roman(label)]);
    roff.text([roman(text)]);
}

fn write_pages(
    cmd: &clap::Command,
    path: &[&str],
    dir: &Path,
    written: &mut usize,
) -> Result<(), CliError> {
    let name = path
        .iter()
        .fold("factdesk".to_string(), |a, p| format!("{a}-{p}"));
    let named = cmd.clone().name(name.clone()).disable_help_subcommand(true);
    let buf = page(&named, &name, path)?;
    let file = dir.join(format!("{name}.1"));
    factdesk::store::write_atomic(&file, &buf).map_err(|e| CliError::write_failed(&file, &e))?;
    *written += 1;
    for sub in named.get_subcommands() {
        let mut p = path.to_vec();
        p.push(sub.get_name());
        write_pages(sub, &p, dir, written)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Splits a command line at spaces outside double quotes.
    fn words(line: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => out.push(String::new()),
                c => out.last_mut().unwrap().push(c),
            }
        }
        out.retain(|w| !w.is_empty());
        out
    }

    #[test]
    fn every_example_is_a_command_line_factdesk_accepts() {
        for (_, examples) in EXAMPLES {
            for (line, _) in *examples {
                let line = line.split(" |").next().unwrap().split(" >").next().unwrap();
                let argv = words(line);
                assert!(
                    Cli::try_parse_from(&argv).is_ok(),
                    "{line}: {:?}",
                    Cli::try_parse_from(&argv).err()
                );
            }
        }
    }

    #[test]
    fn every_command_has_examples() {
        fn walk(cmd: &clap::Command, path: Vec<String>, missing: &mut Vec<String>) {
            let key = path.join(" ");
            if !EXAMPLES.iter().any(|(k, _)| *k == key) {
                missing.push(key);
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let mut p = path.clone();
                p.push(sub.get_name().to_string());
                walk(sub, p, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), Vec::new(), &mut missing);
        assert_eq!(missing, Vec::<String>::new());
    }
}

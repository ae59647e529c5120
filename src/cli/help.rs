//! `factdesk --help` groups commands by workflow step, from the same clap
//! definitions (each command's one-line help is its `///` doc).

use clap::Command;

/// Workflow groups, in the order an editor meets them.
pub const GROUPS: &[(&str, &[&str])] = &[
    ("Start a desk", &["init", "source"]),
    ("Log claims", &["claim", "extract"]),
    (
        "Research",
        &["assign", "note", "tag", "research", "evidence", "reply"],
    ),
    (
        "Verdict and review",
        &[
            "rate", "submit", "review", "publish", "correct", "discard", "undo",
        ],
    ),
    (
        "Find and read",
        &["status", "list", "show", "search", "similar", "log"],
    ),
    (
        "Check, report, review changes",
        &["check", "fmt", "report", "diff", "audit"],
    ),
    (
        "Editors and shells",
        &["edit", "schema", "completions", "man"],
    ),
];

/// The top-level command with its help listing grouped by workflow step.
pub fn grouped(cmd: Command) -> Command {
    let width = cmd
        .get_subcommands()
        .map(|s| s.get_name().len())
        .max()
        .unwrap_or(8)
        + 2;
    let mut listing = String::new();
    for (title, names) in GROUPS {
        let subs: Vec<&Command> = names
            .iter()
            .filter_map(|n| cmd.find_subcommand(n))
            .collect();
        if subs.is_empty() {
            continue;
        }
        listing.push_str(&format!("\x1b[1m{title}:\x1b[0m\n"));
        for s in subs {
            let about = s.get_about().map(|a| a.to_string()).unwrap_or_default();
            listing.push_str(&format!("  {:<width$}{about}\n", s.get_name()));
        }
        listing.push('\n');
    }
    let choice = super::output::choice_in_args(std::env::args_os().skip(1));
    let styled =
        super::output::colour(choice, std::io::IsTerminal::is_terminal(&std::io::stdout()));
    if !styled {
        listing = listing.replace("\x1b[1m", "").replace("\x1b[0m", "");
    }
    // clap's own parts of the help and its usage errors: `--color` as given,
    // else clap's automatic choice, which follows the same variables per stream.
    let cmd = match choice {
        super::output::ColorChoice::Always => cmd.color(clap::ColorChoice::Always),
        super::output::ColorChoice::Never => cmd.color(clap::ColorChoice::Never),
        super::output::ColorChoice::Auto => cmd,
    };
    let template = format!(
        "{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listing}Run `factdesk COMMAND --help` for a command's options; docs/ has the guides.\n\nOptions:\n{{options}}{{after-help}}"
    );
    cmd.help_template(template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Names of commands missing from every group (should be none).
    fn ungrouped(cmd: &Command) -> Vec<String> {
        cmd.get_subcommands()
            .map(|s| s.get_name().to_string())
            .filter(|n| n != "help" && !GROUPS.iter().any(|(_, names)| names.contains(&n.as_str())))
            .collect()
    }

    #[test]
    fn every_command_is_in_a_group() {
        assert_eq!(ungrouped(&crate::cli::Cli::command()), Vec::<String>::new());
    }
}

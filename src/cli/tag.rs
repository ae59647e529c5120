//! `factdesk tag add|remove`: tags on one claim (`tag add ID TAG…`) or on
//! every claim the filters pick (`tag add --source lp TAG…`), through the
//! bulk machinery (preview, `--dry-run`, confirmation, `--yes`); each claim
//! gets its own `tagged` history entry.

use super::{CliError, CliResult, Ctx};
use factdesk::model::workflow::Step;

#[derive(Debug, clap::Subcommand)]
pub enum TagCommand {
    /// Add tags to a claim, or to every claim the filters pick
    Add(TagArgs),
    /// Remove tags from a claim, or from every claim the filters pick
    Remove(TagArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "factdesk tag add|remove [OPTIONS] ID TAG...\n       factdesk tag add|remove [OPTIONS] --status|--source|--tag|... VALUE TAG..."
)]
#[command(after_help = "\
Examples:
  factdesk tag add 3f9c budget police          one claim (a unique id prefix is enough)
  factdesk tag add --source lp-0914 interview  every claim the filters pick
  factdesk tag remove --tag police police --dry-run

With filters every word is a tag; without, the first is the claim's id. \
Tags are lower-case words joined by '-'; commas separate tags too (budget,police).")]
pub struct TagArgs {
    /// The claim's id, then the tags; with filters, only the tags
    #[arg(required = true, value_name = "ID TAG")]
    words: Vec<String>,
    #[command(flatten)]
    selection: super::bulk::Selection,
}

pub fn run(ctx: &mut Ctx, c: TagCommand) -> CliResult {
    let (adding, a) = match c {
        TagCommand::Add(a) => (true, a),
        TagCommand::Remove(a) => (false, a),
    };
    let mut words = a.words.iter().map(String::as_str);
    let id = if a.selection.filters_given() {
        None
    } else {
        words.next()
    };
    let tags: Vec<String> = words
        .flat_map(|w| w.split(','))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        return Err(CliError::usage(format!(
            "name the tags to {}",
            if adding { "add" } else { "remove" }
        ))
        .hint("`factdesk tag add ID TAG…` for one claim, `factdesk tag add --status candidate TAG…` for the claims the filters pick"));
    }
    let step = if adding {
        Step::Tag {
            add: tags,
            remove: vec![],
        }
    } else {
        Step::Tag {
            add: vec![],
            remove: tags,
        }
    };
    super::bulk::run(ctx, id, &a.selection, step)
}

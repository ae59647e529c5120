//! `factdesk init`: start a desk without overwriting anything.

use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::model::{DeskConfig, RatingScale};
use factdesk::store::Desk;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder for the desk (created if missing; default: the current folder)
    dir: Option<PathBuf>,
    /// The desk's name (default: the folder's name)
    #[arg(long)]
    name: Option<String>,
    /// The publishing organisation, for ClaimReview (default: the desk's name)
    #[arg(long)]
    publisher: Option<String>,
    /// The site the checks are published on, for ClaimReview links
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Rating scale preset: default or truth-o-meter
    #[arg(long, default_value = "default", value_parser = clap::builder::PossibleValuesParser::new(RatingScale::PRESETS))]
    scale: String,
    /// An editor of the desk's roster, repeatable: `HANDLE[=NAME] [<EMAIL>…]`,
    /// e.g. --editor 'ana=Ana Lima <ana@newsroom.fr>'. With a roster, --by
    /// must name one of them. Without any, no roster is written (any name is taken).
    #[arg(long = "editor", value_name = "SPEC", value_parser = clap::value_parser!(factdesk::model::Editor))]
    editors: Vec<factdesk::model::Editor>,
}

pub fn run(ctx: &mut Ctx, a: InitArgs) -> CliResult {
    let dir = a.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let abs = std::path::absolute(&dir).unwrap_or(dir.clone());
    let name = a.name.clone().unwrap_or_else(|| {
        abs.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("factdesk")
            .to_string()
    });
    let scale = RatingScale::preset(&a.scale).ok_or_else(|| CliError::new("unknown scale"))?;
    let mut config = DeskConfig::new(&name, scale);
    if let Some(p) = a.publisher {
        config.publisher.name = p;
    }
    if let Some(u) = a.url {
        factdesk::model::url::check_url(&u).map_err(|e| CliError::new(format!("--url: {e}")))?;
        config.publisher.url = u;
    }
    config.editors = a.editors;
    let created = Desk::init(&dir, &config)?;
    ctx.out
        .line(format!("Started desk {name:?} in {}", abs.display()));
    for p in created {
        ctx.out.line(format!(
            "  created {}",
            p.strip_prefix(&dir).unwrap_or(&p).display()
        ));
    }
    for line in super::schema::install(&dir, &config, false)? {
        ctx.out.line(line);
    }
    if config.editors.is_empty() {
        ctx.out.line("No roster: add `editors:` to factdesk.yaml (or `init --editor`) so --by is checked against the desk's editors");
    }
    ctx.out.line("Next: set publisher.url in factdesk.yaml, then `factdesk source add TRANSCRIPT --title … --outlet …`");
    Ok(Outcome::Clean)
}

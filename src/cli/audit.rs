//! `factdesk audit --since REV`: the append-only audit against git history
//! (to become `factdesk check --since REV`). Exit 1 when anything is found.

use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::history::audit::check_since;

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The revision the record must have grown from append-only (e.g. origin/main)
    #[arg(long, value_name = "REV")]
    since: String,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: AuditFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Human,
    Json,
}

pub fn run(ctx: &mut Ctx, a: AuditArgs) -> CliResult {
    let desk = ctx.desk()?;
    let found = check_since(&desk, &a.since)?;
    match a.format {
        AuditFormat::Json => {
            let json = serde_json::to_string_pretty(&found)
                .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
            ctx.out.data(json);
        }
        AuditFormat::Human => {
            for d in &found {
                ctx.out.line(d.render_human());
            }
            ctx.out.line(match found.len() {
                0 => format!("the record grew append-only since {}", a.since),
                n => format!(
                    "{n} problem{} since {}",
                    if n == 1 { "" } else { "s" },
                    a.since
                ),
            });
        }
    }
    Ok(Outcome::findings_if(!found.is_empty()))
}

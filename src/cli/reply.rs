//! `factdesk reply`: the right of reply. Records that the person checked was
//! contacted (who, how, until when), their answer, or that the deadline
//! passed without one. Each is a workflow step with its own history entry.

use super::{CliResult, Ctx, Outcome};
use chrono::NaiveDate;
use factdesk::model::workflow::Step;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["contacted", "answer", "no_reply"])))]
pub struct ReplyArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// Record that NAME (the person or organisation checked) was contacted today
    #[arg(long, value_name = "NAME", requires_all = ["via", "deadline"])]
    contacted: Option<String>,
    /// How they were contacted: email, phone, letter, ... (with --contacted)
    #[arg(long, value_name = "CHANNEL", requires = "contacted")]
    via: Option<String>,
    /// The last day their answer is waited for, YYYY-MM-DD (with --contacted)
    #[arg(long, value_name = "DATE", requires = "contacted")]
    deadline: Option<NaiveDate>,
    /// Record their answer, as they gave it
    #[arg(long, value_name = "TEXT")]
    answer: Option<String>,
    /// Record that no answer came by the deadline (refused before it has passed)
    #[arg(long)]
    no_reply: bool,
}

pub fn run(ctx: &mut Ctx, a: ReplyArgs) -> CliResult {
    let step = match (a.contacted, a.via, a.deadline, a.answer) {
        (Some(contacted), Some(via), Some(deadline), None) => Step::RequestReply {
            contacted,
            via,
            deadline,
        },
        (None, _, _, Some(answer)) => Step::RecordReply { answer },
        _ => Step::NoReply,
    };
    super::claim::step(ctx, &a.id, step)?;
    Ok(Outcome::Clean)
}

//! `factdesk undo ID`: takes back the last step on a claim that git has not
//! seen yet (the rule and its reasons live in `steps::undo`). Prints what
//! was taken back and which fields returned to their earlier values.

use super::{CliResult, Ctx, Outcome};
use factdesk::store::Desk;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Undo takes back the last step on the claim (assign, note, rate, publish, \
claim add, ...) while it is not committed in git: it compares the claim with \
HEAD and refuses once the step is there (history is append-only in git; put \
it right with a new step). Run it again to take back the step before; there \
is no redo. A step logged by `claim add` is undone by removing the file. It \
refuses when the file changed since the step (a hand edit is never \
overwritten) and outside a git repository. See docs/workflow.md#undo.")]
pub struct UndoArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
}

pub fn run(ctx: &mut Ctx, a: UndoArgs) -> CliResult {
    let desk = ctx.desk()?;
    let id = desk.resolve_claim(&a.id)?;
    let undone = factdesk::steps::undo(&desk, &id)?;
    let steps: Vec<String> = undone
        .entries
        .iter()
        .map(|h| {
            format!(
                "`{}` by {} at {}",
                h.action,
                h.by,
                h.at.format("%Y-%m-%d %H:%M UTC")
            )
        })
        .collect();
    let steps = steps.join(", ");
    let Some(now) = &undone.now else {
        ctx.out.line(format!(
            "{id}: undid {steps}: the claim was never committed, so {} is removed",
            Desk::claim_rel(id.as_str()).display()
        ));
        return Ok(Outcome::Clean);
    };
    ctx.out.line(format!(
        "{id}: undid {steps}; it was not committed, so no trace is kept"
    ));
    let restored = undone.was.changed_fields(now);
    if !restored.is_empty() {
        ctx.out.line(format!("  restored: {}", restored.join(", ")));
    }
    ctx.out.line(format!("  status: {}", now.status));
    if undone.entries.iter().any(|h| h.action.is_public()) {
        ctx.out
            .line("  reports rendered since may still show the step: run `factdesk report` again");
    }
    Ok(Outcome::Clean)
}

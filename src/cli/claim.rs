//! `factdesk claim add` and the workflow steps: assign, research, evidence
//! add, rate, submit, review, publish, correct, discard.

use super::{CliError, CliResult, Ctx, Outcome};
use chrono::NaiveDate;
use factdesk::model::workflow::{allowed_steps, Step};
use factdesk::model::{Claim, Decision, Evidence, Priority, Stance};
use factdesk::steps::{self, NewClaim, StepError};

#[derive(Debug, clap::Subcommand)]
pub enum ClaimCommand {
    /// Log a claim: the quote must occur verbatim in the source's transcript
    Add(ClaimAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct ClaimAddArgs {
    /// The source (transcript) the quote comes from
    #[arg(long, add = super::shell::source_ids())]
    source: String,
    /// The words as spoken, copied from the transcript
    #[arg(long)]
    quote: String,
    /// The claim in neutral words, at most 75 characters (default: the quote, shortened)
    #[arg(long)]
    claim: Option<String>,
    /// Who said it (default: the speaker of the turn holding the quote)
    #[arg(long)]
    speaker: Option<String>,
    /// A tag (repeat for several): lower-case words joined by '-'
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// The line the quote starts on, when it occurs more than once
    #[arg(long)]
    line: Option<u32>,
    /// When it was said (default: the source's publication date)
    #[arg(long, value_name = "DATE")]
    said_on: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct IdArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
}

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// Publish even though no ClaimReview can describe the check (the source
    /// has no URL or date); the history records it
    #[arg(long)]
    no_claimreview: bool,
}

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// The claim's id; without it, the filters pick the claims (bulk)
    #[arg(add = super::shell::claim_ids())]
    id: Option<String>,
    #[command(flatten)]
    selection: super::bulk::Selection,
    /// Who will research it (default: you)
    #[arg(long)]
    to: Option<String>,
    /// The day the check is due, YYYY-MM-DD (`factdesk status` shows what is overdue)
    #[arg(long, value_name = "DATE")]
    due: Option<NaiveDate>,
    /// How urgent it is
    #[arg(long, value_enum)]
    priority: Option<PriorityArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PriorityArg {
    High,
    Normal,
    Low,
}

#[derive(Debug, clap::Subcommand)]
pub enum EvidenceCommand {
    /// Add a document the verdict rests on (http or https only)
    Add(EvidenceAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct EvidenceAddArgs {
    /// The claim's id
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// Where the document is (http or https)
    #[arg(long)]
    url: String,
    /// The document's title
    #[arg(long)]
    title: String,
    /// Who published it
    #[arg(long)]
    publisher: String,
    /// What it does to the claim
    #[arg(long, value_enum)]
    stance: StanceArg,
    /// When the document was published (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    published: Option<NaiveDate>,
    /// When you read it (YYYY-MM-DD, default today)
    #[arg(long, value_name = "DATE")]
    accessed: Option<NaiveDate>,
    /// An archived copy (http or https)
    #[arg(long, value_name = "URL")]
    archive: Option<String>,
    /// What in the document matters, e.g. the paragraph
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StanceArg {
    Supports,
    Refutes,
    Context,
}

#[derive(Debug, clap::Args)]
pub struct RateArgs {
    /// The claim's id
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// A rating key of the desk's scale (see factdesk.yaml)
    rating: String,
    /// The verdict in a few sentences, for readers
    #[arg(long)]
    summary: String,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["approve", "request_changes"])))]
pub struct ReviewArgs {
    /// The claim's id
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// Approve the rating and summary
    #[arg(long)]
    approve: bool,
    /// Send the claim back to research
    #[arg(long)]
    request_changes: bool,
    /// What the reviewer says (required when requesting changes)
    #[arg(long)]
    note: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CorrectArgs {
    /// The claim's id
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// The public correction note: what was wrong and what changed
    #[arg(long)]
    note: String,
    /// A new rating, when the correction changes the verdict
    #[arg(long, conflicts_with = "update")]
    rating: Option<String>,
    /// A new summary
    #[arg(long)]
    summary: Option<String>,
    /// Who really said the quote, when the published speaker was wrong
    /// (a correction, recorded with the speaker it replaces)
    #[arg(long, conflicts_with = "update")]
    speaker: Option<String>,
    /// An update, not a correction: new information, the verdict stands
    /// (no --rating). Without it the change is a correction: the verdict
    /// or a fact was wrong
    #[arg(long)]
    update: bool,
}

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The claim's id
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// The research note: what was checked, what remains to be checked
    text: String,
}

#[derive(Debug, clap::Args)]
pub struct DiscardArgs {
    /// The claim's id; without it, the filters pick the claims (bulk)
    #[arg(add = super::shell::claim_ids())]
    id: Option<String>,
    #[command(flatten)]
    selection: super::bulk::Selection,
    /// Why it will not be checked
    #[arg(long)]
    reason: String,
}

pub fn run_claim(ctx: &mut Ctx, c: ClaimCommand) -> CliResult {
    let ClaimCommand::Add(a) = c;
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let new = NewClaim {
        source: a.source,
        quote: a.quote,
        claim: a.claim,
        speaker: a.speaker,
        tags: a.tags,
        line: a.line,
        said_on: a.said_on,
        triage: None,
    };
    match steps::add_claim(&desk, new, &actor, steps::now()) {
        Ok(claim) => {
            ctx.out.line(format!(
                "Logged claim {} (claims/{}.yaml): {} said it on line {} of {}",
                claim.id, claim.id, claim.speaker, claim.location.line, claim.source
            ));
            for line in super::find::lookalike_hint(&desk, &claim) {
                ctx.out.line(line);
            }
            Ok(Outcome::Clean)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) fn step(ctx: &mut Ctx, id: &str, step: Step) -> Result<Claim, CliError> {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let cid = desk.resolve_claim(id)?;
    let name = step.name();
    match steps::apply_step(&desk, &cid, step, &actor, steps::now) {
        Ok(claim) => {
            let last = claim.history.last();
            let transition = match last.and_then(|h| h.from.zip(h.to)) {
                Some((f, t)) => format!(" ({f} → {t})"),
                None => String::new(),
            };
            let action = last.map_or(name, |h| h.action.as_str());
            ctx.out
                .line(format!("{}: {action} by {actor}{transition}", claim.id));
            let next = allowed_steps(claim.status);
            if !next.is_empty() {
                ctx.out.line(format!("  next: {}", next.join(", ")));
            }
            Ok(claim)
        }
        Err(StepError::Store(e)) => Err(e.into()),
        Err(StepError::Workflow(e)) => Err(CliError::from(e).context(cid)),
        Err(StepError::Refused(r)) => Err(r.into()),
    }
}

pub fn assign(ctx: &mut Ctx, a: AssignArgs) -> CliResult {
    let desk = ctx.desk()?;
    let to = match a.to {
        Some(t) => Ctx::editor(&desk, &t)?,
        None => ctx.actor(&desk)?,
    };
    let priority = a.priority.map(|p| match p {
        PriorityArg::High => Priority::High,
        PriorityArg::Normal => Priority::Normal,
        PriorityArg::Low => Priority::Low,
    });
    let step_ = Step::Assign {
        to,
        due: a.due,
        priority,
    };
    super::bulk::run(ctx, a.id.as_deref(), &a.selection, step_)
}

pub fn research(ctx: &mut Ctx, a: IdArgs) -> CliResult {
    step(ctx, &a.id, Step::StartResearch)?;
    Ok(Outcome::Clean)
}

pub fn evidence(ctx: &mut Ctx, c: EvidenceCommand) -> CliResult {
    let EvidenceCommand::Add(a) = c;
    // URLs and dates are judged by the same rules as `check` (bad-url,
    // accessed-before-published, date-in-future) when the step is applied.
    let accessed = steps::accessed_on(a.accessed);
    let ev = Evidence {
        url: a.url,
        title: a.title,
        publisher: a.publisher,
        published: a.published,
        accessed,
        archive: a.archive,
        stance: match a.stance {
            StanceArg::Supports => Stance::Supports,
            StanceArg::Refutes => Stance::Refutes,
            StanceArg::Context => Stance::Context,
        },
        note: a.note,
    };
    step(ctx, &a.id, Step::AddEvidence(ev))?;
    Ok(Outcome::Clean)
}

pub fn rate(ctx: &mut Ctx, a: RateArgs) -> CliResult {
    step(
        ctx,
        &a.id,
        Step::Rate {
            rating: a.rating,
            summary: a.summary,
        },
    )?;
    Ok(Outcome::Clean)
}

pub fn submit(ctx: &mut Ctx, a: IdArgs) -> CliResult {
    step(ctx, &a.id, Step::Submit)?;
    Ok(Outcome::Clean)
}

pub fn review(ctx: &mut Ctx, a: ReviewArgs) -> CliResult {
    let decision = if a.approve {
        Decision::Approved
    } else {
        Decision::ChangesRequested
    };
    step(
        ctx,
        &a.id,
        Step::Review {
            decision,
            note: a.note,
        },
    )?;
    Ok(Outcome::Clean)
}

pub fn publish(ctx: &mut Ctx, a: PublishArgs) -> CliResult {
    let facts = factdesk::model::workflow::PublishFacts {
        no_claimreview: a.no_claimreview,
        ..Default::default()
    };
    step(ctx, &a.id, Step::Publish(facts))?;
    Ok(Outcome::Clean)
}

pub fn correct(ctx: &mut Ctx, a: CorrectArgs) -> CliResult {
    step(
        ctx,
        &a.id,
        Step::Correct {
            note: a.note,
            rating: a.rating,
            summary: a.summary,
            speaker: a.speaker,
            kind: if a.update {
                factdesk::model::CorrectionKind::Update
            } else {
                factdesk::model::CorrectionKind::Correction
            },
        },
    )?;
    Ok(Outcome::Clean)
}

pub fn discard(ctx: &mut Ctx, a: DiscardArgs) -> CliResult {
    let step_ = Step::Discard { reason: a.reason };
    super::bulk::run(ctx, a.id.as_deref(), &a.selection, step_)
}

pub fn note(ctx: &mut Ctx, a: NoteArgs) -> CliResult {
    step(ctx, &a.id, Step::Note { text: a.text })?;
    Ok(Outcome::Clean)
}

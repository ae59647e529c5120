//! The command line: clap types, one handler per command. Handlers parse,
//! call the library, render, and pick the exit code: 0 done or clean,
//! 1 problems found, 2 usage or operational failure.

mod audit;
mod bulk;
mod check;
mod claim;
mod diff;
mod edit;
mod edit_draft;
mod error;
mod escape;
mod extract;
mod find;
mod fmt;
mod help;
mod init;
mod log;
mod man;
mod output;
mod pick;
mod progress;
mod remedy;
mod reply;
mod report;
mod schema;
mod shell;
mod show;
mod source;
mod source_add;
mod source_speakers;
mod status;
mod tag;
mod undo;

use clap::{Args, Parser, Subcommand};
pub use error::{CliError, CliResult, Outcome};
use factdesk::store::Desk;
use output::Out;
use std::path::PathBuf;
use std::process::ExitCode;

/// A fact-check desk for newsrooms: claims as YAML records in git, verbatim
/// quotes anchored in transcripts, an enforced review workflow.
#[derive(Debug, Parser)]
#[command(name = "factdesk", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Use the desk in DIR instead of searching upwards for factdesk.yaml
    #[arg(long, global = true, value_name = "DIR")]
    desk: Option<PathBuf>,
    /// Who is acting (else $FACTDESK_USER, else `git config user.name`); on a desk with a roster, an editor's handle or name, any case
    #[arg(long, global = true, value_name = "NAME")]
    by: Option<String>,
    /// When to colour output
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    color: output::ColorChoice,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a desk: factdesk.yaml, claims/, sources/, reports/ (never overwrites)
    Init(init::InitArgs),
    /// Add, list and read transcripts
    #[command(subcommand)]
    Source(source::SourceCommand),
    /// Log a claim from a transcript
    #[command(subcommand)]
    Claim(claim::ClaimCommand),
    /// Rank a transcript's sentences by check-worthiness; --write logs the best as candidates
    Extract(extract::ExtractArgs),
    /// Assign a claim to a researcher (or, with filters, every claim they pick)
    Assign(claim::AssignArgs),
    /// Start research on a candidate claim
    Research(claim::IdArgs),
    /// Add a research note: what was checked, what must still be checked
    Note(claim::NoteArgs),
    /// Add or remove tags on a claim (or, with filters, every claim they pick)
    #[command(subcommand)]
    Tag(tag::TagCommand),
    /// Add evidence to a claim in research
    #[command(subcommand)]
    Evidence(claim::EvidenceCommand),
    /// Rate a claim on the desk's scale, with a written summary
    Rate(claim::RateArgs),
    /// Submit a rated claim for review
    Submit(claim::IdArgs),
    /// Approve a claim in review, or request changes
    Review(claim::ReviewArgs),
    /// Publish an approved claim
    Publish(claim::PublishArgs),
    /// Correct a published claim in the open
    Correct(claim::CorrectArgs),
    /// Right of reply: record who was contacted, their answer, or that none came by the deadline
    Reply(reply::ReplyArgs),
    /// Discard a claim that will not be checked, with the reason (or, with filters, every claim they pick)
    Discard(claim::DiscardArgs),
    /// Take back the last step on a claim, while it is not committed in git yet
    Undo(undo::UndoArgs),
    /// Edit a claim by hand in $VISUAL/$EDITOR, validated before it is saved
    Edit(edit::EditArgs),
    /// Print the JSON Schema of claim, source or desk files (--write: set up editors)
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(shell::CompletionsArgs),
    /// Print the man page, or write one per command with --out DIR
    Man(man::ManArgs),
    /// The desk at a glance: claims by status, your assignments and reviews
    Status(status::StatusArgs),
    /// Find claims by words in quotes, claims, summaries, notes and evidence
    Search(find::SearchArgs),
    /// Claims like this one: has it been checked before?
    Similar(find::SimilarArgs),
    /// List claims, with filters
    List(show::ListArgs),
    /// Show one claim: the quote in context, evidence, reviews, history
    Show(show::ShowArgs),
    /// What happened to each claim between two revisions (default: HEAD → working tree)
    Diff(diff::DiffArgs),
    /// A claim's story with the commits that touched it; or, with --by NAME, one editor's steps
    Log(log::LogArgs),
    /// Audit every commit since a revision: append-only records, published claims, arrivals, transcripts
    Audit(audit::AuditArgs),
    /// Render the public reports into reports/ (Markdown, HTML, ClaimReview, CSV); --internal: the desk's overview
    ///
    /// A desk that `factdesk check` rejects (any error; warnings do not count)
    /// is not rendered: the first errors are named, nothing is written, and
    /// `factdesk check` shows them all. `--context` still prints.
    Report(report::ReportArgs),
    /// Check the desk (or the files given): every problem, with file:line:column
    Check(check::CheckArgs),
    /// Rewrite records in canonical form without changing any value (--check: diff, exit 1)
    Fmt(fmt::FmtArgs),
}

/// The context every handler gets.
pub struct Ctx {
    global: Global,
    out: Out,
}

impl Ctx {
    fn desk(&self) -> Result<Desk, CliError> {
        let cwd = std::env::current_dir()
            .map_err(|e| CliError::new(format!("cannot read the current folder: {e}")))?;
        Ok(Desk::discover(&cwd, self.global.desk.as_deref())?)
    }

    /// Who is acting: --by, else $FACTDESK_USER, else git's user.name.
    fn actor(&self, desk: &Desk) -> Result<String, CliError> {
        let from_env = std::env::var("FACTDESK_USER")
            .ok()
            .filter(|s| !s.trim().is_empty());
        self.global
            .by
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or(from_env)
            .or_else(|| factdesk::history::git_user_name(&desk.root))
            .ok_or_else(|| {
                CliError::new("factdesk does not know who you are")
                    .hint("pass --by NAME, set FACTDESK_USER, or run `git config user.name \"Your Name\"`")
            })
            .and_then(|who| Ctx::editor(desk, &who))
    }

    /// The handle to record for `who` (the roster's, when the desk has one).
    fn editor(desk: &Desk, who: &str) -> Result<String, CliError> {
        factdesk::model::editor::resolve(&desk.config.editors, who).map_err(|e| {
            let handles: Vec<&str> = e.handles.iter().map(String::as_str).collect();
            let near = factdesk::store::yaml::did_you_mean(&e.who.to_lowercase(), &handles)
                .map(|h| format!("did you mean `{h}`? "))
                .unwrap_or_default();
            CliError::usage(e.to_string()).hint(format!(
                "{near}name an editor by handle or name (--by, $FACTDESK_USER or git's user.name), or add them to `editors:` in factdesk.yaml"
            ))
        })
    }
}

/// Prints clap's help, version or usage error and exits with its code; a
/// help that cannot be written (a full device) exits 2 saying so.
fn clap_exit(e: clap::Error) -> ! {
    let printed = e
        .print()
        .and_then(|()| std::io::Write::flush(&mut std::io::stdout()));
    if let Err(w) = printed {
        output::quiet_on_closed_pipe(&w);
        output::write_stderr(&output::write_failed(&w));
        std::process::exit(2);
    }
    std::process::exit(e.exit_code())
}

pub fn main() -> ExitCode {
    check::tune_allocator();
    // `COMPLETE=bash factdesk` prints a script that completes ids dynamically.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
    let matches = match help::grouped(<Cli as clap::CommandFactory>::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => clap_exit(e),
    };
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => clap_exit(e),
    };
    let out = Out::new(cli.global.color);
    let mut ctx = Ctx {
        global: cli.global,
        out,
    };
    let result = match cli.command {
        Command::Init(a) => init::run(&mut ctx, a),
        Command::Source(c) => source::run(&mut ctx, c),
        Command::Claim(c) => claim::run_claim(&mut ctx, c),
        Command::Extract(a) => extract::run(&mut ctx, a),
        Command::Assign(a) => claim::assign(&mut ctx, a),
        Command::Research(a) => claim::research(&mut ctx, a),
        Command::Note(a) => claim::note(&mut ctx, a),
        Command::Tag(c) => tag::run(&mut ctx, c),
        Command::Evidence(c) => claim::evidence(&mut ctx, c),
        Command::Rate(a) => claim::rate(&mut ctx, a),
        Command::Submit(a) => claim::submit(&mut ctx, a),
        Command::Review(a) => claim::review(&mut ctx, a),
        Command::Publish(a) => claim::publish(&mut ctx, a),
        Command::Correct(a) => claim::correct(&mut ctx, a),
        Command::Reply(a) => reply::run(&mut ctx, a),
        Command::Discard(a) => claim::discard(&mut ctx, a),
        Command::Undo(a) => undo::run(&mut ctx, a),
        Command::Edit(a) => edit::run(&mut ctx, a),
        Command::Schema(a) => schema::run(&mut ctx, a),
        Command::Completions(a) => shell::completions(&mut ctx, a),
        Command::Man(a) => man::man(&mut ctx, a),
        Command::Status(a) => status::run(&mut ctx, a),
        Command::Search(a) => find::search(&mut ctx, a),
        Command::Similar(a) => find::similar(&mut ctx, a),
        Command::List(a) => show::list(&mut ctx, a),
        Command::Show(a) => show::show(&mut ctx, a),
        Command::Diff(a) => diff::run(&mut ctx, a),
        Command::Log(a) => log::run(&mut ctx, a),
        Command::Audit(a) => audit::run(&mut ctx, a),
        Command::Report(a) => report::run(&mut ctx, a),
        Command::Check(a) => check::run(&mut ctx, a),
        Command::Fmt(a) => fmt::run(&mut ctx, a),
    };
    if let Some(e) = ctx.out.finish() {
        output::write_stderr(&output::write_failed(&e));
        return ExitCode::from(2);
    }
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            let mut msg = format!(
                "{} {}\n",
                ctx.out.paint_err("error:", output::Style::Error),
                e.message
            );
            for d in &e.details {
                for line in d.lines() {
                    msg.push_str("  ");
                    msg.push_str(line);
                    msg.push('\n');
                }
            }
            if let Some(h) = &e.hint {
                msg.push_str(&format!(
                    "{} {h}\n",
                    ctx.out.paint_err("hint:", output::Style::Hint)
                ));
            }
            ctx.out.message(&msg);
            e.exit_code()
        }
    }
}

//! The command line: clap types, one handler per command. Handlers parse,
//! call the library, render, and pick the exit code: 0 done or clean,
//! 1 problems found, 2 usage or operational failure.

mod check;
mod claim;
mod fmt;
mod init;
mod output;
mod show;
mod source;

use clap::{Args, Parser, Subcommand};
use factdesk::store::{Desk, StoreError};
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
    /// Who is acting (else $FACTDESK_USER, else `git config user.name`)
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
    /// Assign a claim to a researcher
    Assign(claim::AssignArgs),
    /// Start research on a candidate claim
    Research(claim::IdArgs),
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
    Publish(claim::IdArgs),
    /// Correct a published claim in the open
    Correct(claim::CorrectArgs),
    /// Discard a claim that will not be checked, with the reason
    Discard(claim::DiscardArgs),
    /// List claims, with filters
    List(show::ListArgs),
    /// Show one claim: the quote in context, evidence, reviews, history
    Show(show::ShowArgs),
    /// Check the desk (or the files given): every problem, with file:line:column
    Check(check::CheckArgs),
    /// Rewrite records in canonical form without changing any value (--check: diff, exit 1)
    Fmt(fmt::FmtArgs),
}

/// A failure the user sees: message, optional details and hint, exit code.
#[derive(Debug)]
pub struct CliError {
    message: String,
    details: Vec<String>,
    hint: Option<String>,
    code: u8,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            details: vec![],
            hint: None,
            code: 2,
        }
    }
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.details.push(d.into());
        self
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        let mut err = CliError::new(e.to_string());
        if let StoreError::Invalid { diagnostics, .. } = &e {
            for d in diagnostics {
                err = err.detail(d.render_human().trim_end().to_string());
            }
        }
        if let Some(h) = e.hint() {
            err = err.hint(h);
        }
        err
    }
}

pub type CliResult = Result<ExitCode, CliError>;

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
            .map(|s| s.trim().to_string())
            .ok_or_else(|| {
                CliError::new("factdesk does not know who you are")
                    .hint("pass --by NAME, set FACTDESK_USER, or run `git config user.name \"Your Name\"`")
            })
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out::new(cli.global.color);
    let mut ctx = Ctx {
        global: cli.global,
        out,
    };
    let result = match cli.command {
        Command::Init(a) => init::run(&mut ctx, a),
        Command::Source(c) => source::run(&mut ctx, c),
        Command::Claim(c) => claim::run_claim(&mut ctx, c),
        Command::Assign(a) => claim::assign(&mut ctx, a),
        Command::Research(a) => claim::research(&mut ctx, a),
        Command::Evidence(c) => claim::evidence(&mut ctx, c),
        Command::Rate(a) => claim::rate(&mut ctx, a),
        Command::Submit(a) => claim::submit(&mut ctx, a),
        Command::Review(a) => claim::review(&mut ctx, a),
        Command::Publish(a) => claim::publish(&mut ctx, a),
        Command::Correct(a) => claim::correct(&mut ctx, a),
        Command::Discard(a) => claim::discard(&mut ctx, a),
        Command::List(a) => show::list(&mut ctx, a),
        Command::Show(a) => show::show(&mut ctx, a),
        Command::Check(a) => check::run(&mut ctx, a),
        Command::Fmt(a) => fmt::run(&mut ctx, a),
    };
    ctx.out.flush();
    match result {
        Ok(code) => code,
        Err(e) => {
            let mut msg = format!(
                "{} {}\n",
                ctx.out.paint("error:", output::Style::Error),
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
                    ctx.out.paint("hint:", output::Style::Hint)
                ));
            }
            output::write_stderr(&msg);
            ExitCode::from(e.code)
        }
    }
}

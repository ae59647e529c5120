//! Shell integration: completion scripts generated from the clap
//! definitions, and dynamic completion of claim and source ids (man pages:
//! `man`).

use super::{Cli, CliResult, Ctx, Outcome};
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use factdesk::store::Desk;
use std::ffi::OsStr;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn completions(ctx: &mut Ctx, a: CompletionsArgs) -> CliResult {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "factdesk", &mut buf);
    ctx.out.line(String::from_utf8_lossy(&buf).trim_end());
    Ok(Outcome::Clean)
}

fn desk_here() -> Option<Desk> {
    let cwd = std::env::current_dir().ok()?;
    Desk::discover(&cwd, None).ok()
}

fn candidates(ids: Vec<String>, current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    ids.into_iter()
        .filter(|i| i.starts_with(prefix.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// Completes claim ids of the desk around the current folder.
pub fn claim_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        desk_here()
            .and_then(|d| d.claim_ids().ok())
            .map(|ids| candidates(ids, current))
            .unwrap_or_default()
    })
}

/// Completes source ids of the desk around the current folder.
pub fn source_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        desk_here()
            .and_then(|d| d.source_ids().ok())
            .map(|ids| candidates(ids, current))
            .unwrap_or_default()
    })
}

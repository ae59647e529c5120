//! Shell integration: completion scripts and man pages generated from the
//! clap definitions, and dynamic completion of claim and source ids.

use super::{Cli, CliError, CliResult, Ctx, Outcome};
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use factdesk::store::Desk;
use std::ffi::OsStr;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write one page per command (factdesk.1, factdesk-list.1, …) into DIR
    /// instead of printing the main page
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn completions(ctx: &mut Ctx, a: CompletionsArgs) -> CliResult {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "factdesk", &mut buf);
    ctx.out.line(String::from_utf8_lossy(&buf).trim_end());
    Ok(Outcome::Clean)
}

pub fn man(ctx: &mut Ctx, a: ManArgs) -> CliResult {
    let cmd = Cli::command();
    match a.out {
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| CliError::new(e.to_string()))?;
            ctx.out.line(String::from_utf8_lossy(&buf).trim_end());
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
            let mut written = 0;
            write_pages(&cmd, "factdesk", &dir, &mut written)?;
            ctx.out
                .line(format!("wrote {written} man pages to {}", dir.display()));
        }
    }
    Ok(Outcome::Clean)
}

fn write_pages(
    cmd: &clap::Command,
    name: &str,
    dir: &std::path::Path,
    written: &mut usize,
) -> Result<(), CliError> {
    let cmd = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .map_err(|e| CliError::new(e.to_string()))?;
    let path = dir.join(format!("{name}.1"));
    factdesk::store::write_atomic(&path, &buf).map_err(|e| CliError::write_failed(&path, &e))?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, written)?;
    }
    Ok(())
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

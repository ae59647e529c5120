//! `factdesk fmt`: rewrites records into canonical form (atomically, never
//! changing a value); `--check` prints a unified diff of what would change
//! and exits 1. Exit 2 when a record cannot be formatted (invalid, or with
//! comments inside its body). What to format and how is `steps::fmt`'s;
//! this handler parses, calls and renders.

use super::check::{desk_root, relative_files};
use super::output::{self, Style};
use super::progress::Lazy;
use super::{CliResult, Ctx, Outcome};
use clap::Args;
use factdesk::check::canonical::CanonicalError;
use factdesk::steps::fmt::{self, FmtError, Formatted, Mode, Tally};
use factdesk::store::CONFIG_FILE;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Format only these files; default: every claim, source and factdesk.yaml
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Change nothing: print a diff of what would change and exit 1 if anything would
    #[arg(long)]
    check: bool,
}

pub fn run(ctx: &mut Ctx, args: FmtArgs) -> CliResult {
    let root = desk_root(ctx)?;
    let files = match args.files.is_empty() {
        true => None,
        false => Some(relative_files(&root, &args.files)?),
    };
    let selection = fmt::select(&root, files)?;
    for rel in &selection.skipped {
        output::write_stderr(&format!(
            "note: skipped {}: not a claim, a source or {CONFIG_FILE}\n",
            rel.display()
        ));
    }
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let bar = Lazy::new("formatting records");
    let results = fmt::format_files(&root, &selection.records, mode, &|done, total| {
        bar.set(done, total)
    });
    drop(bar);
    let results = results?;
    for (rel, result) in selection.records.iter().zip(&results) {
        match result {
            Ok(Formatted::Unchanged) => {}
            Ok(Formatted::Rewritten) => ctx.out.line(format!("formatted {}", rel.display())),
            Ok(Formatted::WouldChange(diff)) => ctx.out.line(diff.trim_end()),
            Err(e) => report(ctx, e),
        }
    }
    let tally = Tally::of(&results);
    let verb = match mode {
        Mode::Check => "would be reformatted",
        Mode::Write => "reformatted",
    };
    let failed = match tally.failed {
        0 => String::new(),
        n => format!(", {n} could not be formatted"),
    };
    output::write_stderr(&format!(
        "{} of {} file(s) {verb}{failed}\n",
        tally.changed,
        selection.asked()
    ));
    Ok(if tally.failed > 0 {
        Outcome::Failed
    } else {
        Outcome::findings_if(tally.findings(mode))
    })
}

fn report(ctx: &Ctx, e: &FmtError) {
    let (message, hint) = match e {
        FmtError::Canonical(error) => (error.to_string(), super::error::canonical_hint(error)),
        FmtError::Write { message, problem } => {
            (message.clone(), super::error::write_hint(*problem))
        }
    };
    let mut msg = format!("{} {message}\n", ctx.out.paint("error:", Style::Error));
    if let FmtError::Canonical(CanonicalError::Invalid { diagnostics, .. }) = e {
        for d in factdesk::diag::cap_per_file(diagnostics.clone(), factdesk::diag::MAX_PER_FILE) {
            for l in super::remedy::resolved(&d).render_human().lines() {
                msg.push_str(&format!("  {l}\n"));
            }
        }
    }
    msg.push_str(&format!("{} {hint}\n", ctx.out.paint("hint:", Style::Hint)));
    output::write_stderr(&msg);
}

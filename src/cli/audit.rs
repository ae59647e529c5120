//! `factdesk audit --since REV`: the audit of every commit in `REV..HEAD`
//! (and the uncommitted changes) against git history, without the rest of
//! `check`. Exit 1 when anything is found. The closing statement says
//! exactly what was compared, and never claims more.

use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::history::audit::{audit_since, Audit};

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Audit every commit from this revision to HEAD (e.g. origin/main), each
    /// against its parents, then the uncommitted changes; from their
    /// merge-base, with a warning, when HEAD's history does not contain it
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
    let audit = audit_since(&desk, &a.since)?;
    let resolved: Vec<_> = audit
        .diagnostics
        .iter()
        .map(super::remedy::resolved)
        .collect();
    let found = &factdesk::diag::cap_per_file(resolved, factdesk::diag::MAX_PER_FILE);
    match a.format {
        AuditFormat::Json => {
            let json = serde_json::to_string_pretty(found)
                .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
            ctx.out.data(json);
        }
        AuditFormat::Human => {
            for d in found {
                ctx.out.line(d.render_human());
            }
            ctx.out.line(statement(&audit, &a.since));
        }
    }
    Ok(Outcome::findings_if(!found.is_empty()))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the audit compared and what it concludes, in one paragraph.
pub fn statement(audit: &Audit, rev: &str) -> String {
    let mut scope = format!(
        "{} in {}",
        plural(audit.commits, "commit", "commits"),
        match &audit.merge_base {
            None => format!("{rev}..HEAD"),
            Some(base) => format!("{base}..HEAD (the merge-base of {rev} and HEAD)"),
        }
    );
    if audit.merges > 0 {
        scope.push_str(&format!(
            " ({}, each against every parent)",
            plural(audit.merges, "merge", "merges")
        ));
    }
    if audit.uncommitted {
        scope.push_str(" and the uncommitted changes");
    }
    if !audit.checked_anything() {
        return format!(
            "nothing to audit: {scope} changed no claim, source or factdesk.yaml, so no append-only claim is made"
        );
    }
    let mut what = vec![format!(
        "{} compared with the version before {}",
        plural(audit.claim_steps, "claim version", "claim versions"),
        if audit.claim_steps == 1 { "it" } else { "them" }
    )];
    if audit.published_steps > 0 {
        what.push(format!(
            "{} of a published claim",
            plural(audit.published_steps, "change", "changes")
        ));
    }
    if audit.arrivals > 0 {
        what.push(format!(
            "{} arriving",
            plural(audit.arrivals, "claim", "claims")
        ));
    }
    if audit.source_steps > 0 {
        what.push(plural(
            audit.source_steps,
            "source file change",
            "source file changes",
        ));
    }
    if audit.settings_steps > 0 {
        what.push(plural(
            audit.settings_steps,
            "settings change",
            "settings changes",
        ));
    }
    let verdict = match audit.diagnostics.len() {
        0 if audit.claim_steps == 0 => "no problem found".to_string(),
        0 => format!(
            "no problem found: history, reviews and corrections only grew at their end{}",
            if audit.published_steps > 0 {
                ", and every change to a published claim came with the entry its rule asks for"
            } else {
                ""
            }
        ),
        n => plural(n, "problem", "problems"),
    };
    format!("audited {scope}: {}; {verdict}", what.join(", "))
}

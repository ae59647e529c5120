//! `factdesk edit ID`: edit a record by hand in $VISUAL or $EDITOR. Nothing is
//! written until the record is valid; an invalid edit is reopened with the
//! problems listed as comments on top, as `git commit` and `kubectl edit` do.

use super::{CliError, CliResult, Ctx, Outcome};
use chrono::{Timelike, Utc};
use factdesk::edit::{validate, Edited};
use factdesk::store::{Desk, STATE_DIR};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
}

const MARK: &str = "# factdesk:";

fn editor() -> Result<String, CliError> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .ok_or_else(|| {
            CliError::new("no editor set").hint("set VISUAL or EDITOR, e.g. `export EDITOR=nano`")
        })
}

fn run_editor(editor: &str, file: &Path) -> Result<(), CliError> {
    // Like git, let the shell split the command: EDITOR="code --wait" works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .map_err(|e| CliError::new(format!("cannot start the editor {editor:?}: {e}")))?;
    if !status.success() {
        return Err(CliError::new(format!(
            "the editor {editor:?} failed ({status}); nothing was written"
        ))
        .hint(format!("your text is kept in {}", file.display())));
    }
    Ok(())
}

/// The text without the problem comments factdesk put on top.
fn strip_marks(text: &str) -> String {
    text.split_inclusive('\n')
        .skip_while(|l| l.starts_with(MARK))
        .collect()
}

fn with_problems(text: &str, problems: &[String]) -> String {
    let mut out = format!("{MARK} this record is not valid and was not saved. Fix it and save,\n{MARK} or save it unchanged (or empty) to give up.\n");
    for p in problems {
        for (i, line) in p.lines().enumerate() {
            out.push_str(MARK);
            out.push_str(if i == 0 { " - " } else { "   " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(text);
    out
}

pub fn run(ctx: &mut Ctx, a: EditArgs) -> CliResult {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let editor = editor()?;
    let id = desk.resolve_claim(&a.id)?;
    // A record that may not be replaced is refused before the editor opens.
    desk.ensure_replaceable([Desk::claim_rel(id.as_str())])?;
    let original_text = desk.claim_text(&id)?;
    let original = desk.read_claim(&id)?;
    let dir = desk.root.join(STATE_DIR).join("edit");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    let file: PathBuf = dir.join(format!("{id}.yaml"));
    let shown = Desk::claim_rel(id.as_str());
    let mut current = original_text.clone();
    loop {
        factdesk::store::write_atomic(&file, current.as_bytes())
            .map_err(|e| CliError::write_failed(&file, &e))?;
        run_editor(&editor, &file)?;
        let saved = std::fs::read_to_string(&file)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
        let text = strip_marks(&saved);
        if text.trim().is_empty() || (saved == current && current != original_text) {
            let _ = std::fs::remove_file(&file);
            return Err(CliError::new(format!(
                "edit of {id} abandoned; the record is unchanged"
            )));
        }
        let now = Utc::now().with_nanosecond(0).unwrap_or_else(Utc::now);
        match validate(&desk, &original, &text, &shown, &actor, now) {
            Edited::Unchanged => {
                let _ = std::fs::remove_file(&file);
                ctx.out.line(format!("{id}: no changes"));
                return Ok(Outcome::Clean);
            }
            Edited::Invalid(problems) => {
                let rendered: Vec<String> = problems.iter().map(|d| d.render_human()).collect();
                current = with_problems(&text, &rendered);
            }
            Edited::Valid { claim, header } => {
                if !desk.replace_claim_if_unchanged(&claim, &original_text, &header)? {
                    return Err(CliError::new(format!("{id} was changed by someone else while you were editing; nothing was written"))
                        .hint(format!("your version is kept in {}; run `factdesk edit {id}` again and redo the change", file.display())));
                }
                let _ = std::fs::remove_file(&file);
                let note = claim
                    .history
                    .last()
                    .and_then(|h| h.note.clone())
                    .unwrap_or_default();
                ctx.out.line(format!("{id}: {note} by {actor}"));
                return Ok(Outcome::Clean);
            }
        }
    }
}

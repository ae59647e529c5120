//! `factdesk edit ID`: edit a record by hand in $VISUAL or $EDITOR. Nothing is
//! written until the record is valid; an invalid edit is reopened with the
//! problems listed as comments on top, as `git commit` and `kubectl edit` do.

use super::edit_draft::{is_modeline, opening, Choice, Draft};
use super::{CliError, CliResult, Ctx, Outcome};
use chrono::{Timelike, Utc};
use factdesk::diag::Diagnostic;
use factdesk::edit::{validate, Edited};
use factdesk::store::Desk;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The claim's id (a unique prefix is enough)
    #[arg(add = super::shell::claim_ids())]
    id: String,
    /// What to do with an unsaved draft of this claim kept from an earlier
    /// edit (asked at a terminal; required elsewhere)
    #[arg(long, value_enum, value_name = "WHAT")]
    draft: Option<Choice>,
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

/// The text without the comments (and modeline) factdesk put on top.
pub fn strip_marks(text: &str) -> String {
    text.split_inclusive('\n')
        .skip_while(|l| l.starts_with(MARK) || is_modeline(l))
        .collect()
}

/// `lines` as factdesk comments on top of `text`.
pub fn with_comments(text: &str, lines: &[String]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(MARK);
        out.push(' ');
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(text);
    out
}

/// The problems on top of the text, their places counted in the reopened
/// draft (so `draft:7:9` is line 7 of what the editor shows).
fn with_problems(text: &str, problems: &[Diagnostic], draft: &Draft) -> String {
    let head = |shift: u32| {
        let mut lines = vec![
            "this record is not valid and was not saved. Fix it and save,".to_string(),
            "or save it unchanged (or empty) to give up.".to_string(),
        ];
        for mut d in factdesk::diag::cap_per_file(problems.to_vec(), factdesk::diag::MAX_PER_FILE) {
            d.file = draft.shown.clone();
            if let Some(p) = d.place.as_mut() {
                p.line += shift;
            }
            for (i, line) in super::remedy::resolved(&d)
                .render_human()
                .lines()
                .enumerate()
            {
                lines.push(format!("{}{line}", if i == 0 { "- " } else { "  " }));
            }
        }
        lines
    };
    // Shifting places changes no line count, so one measure is enough.
    let shift = head(0).len() as u32 + draft.header_lines();
    with_comments(text, &head(shift))
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
    let draft = Draft::of(&desk.root, id.as_str());
    let shown = Desk::claim_rel(id.as_str());
    let opening = opening(&draft, id.as_str(), &original_text, a.draft)?;
    // The draft file as factdesk last wrote it.
    let mut current = draft.start(&opening.base, &opening.text)?;
    let mut problems_shown = false;
    loop {
        run_editor(&editor, &draft.file)?;
        let saved = std::fs::read_to_string(&draft.file)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", draft.file.display())))?;
        let text = strip_marks(&saved);
        if text.trim().is_empty() || (problems_shown && saved == current) {
            draft.remove();
            return Err(CliError::new(format!(
                "edit of {id} abandoned; the record is unchanged"
            )));
        }
        let now = Utc::now().with_nanosecond(0).unwrap_or_else(Utc::now);
        match validate(&desk, &original, &text, &shown, &actor, now) {
            Edited::Unchanged => {
                draft.remove();
                ctx.out.line(format!("{id}: no changes"));
                return Ok(Outcome::Clean);
            }
            Edited::Invalid(problems) => {
                current = draft.write(&with_problems(&text, &problems, &draft))?;
                problems_shown = true;
            }
            Edited::Valid { claim, header } => {
                if !desk.replace_claim_if_unchanged(&claim, &original_text, &header)? {
                    return Err(CliError::new(format!("{id} was changed by someone else while you were editing; nothing was written"))
                        .hint(format!("your version is kept in {}; `factdesk edit {id}` offers to merge it with the record as it is now", draft.shown.display())));
                }
                draft.remove();
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

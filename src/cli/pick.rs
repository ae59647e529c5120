//! The checkbox list of `extract --write` on a terminal: the ranked
//! sentences, none ticked; space ticks, enter logs the ticked ones, `q` or
//! Esc logs none. Drawn with `dialoguer` (console-rs, already the terminal
//! layer of our test tools) rather than hand-written raw-mode code: its
//! `MultiSelect` handles raw mode, redraws, long lists and restoring the
//! terminal on every exit. Offered only when standard input and standard
//! error are both terminals (and `TERM` is not `dumb`), so a script or a
//! pipe never waits on it.

use super::escape::for_terminal;
use super::CliError;
use std::io::IsTerminal;

/// Whether a person can answer the picker here.
pub fn available() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Asks which of `items` to take; the indexes ticked, in list order (none
/// when the person leaves with `q` or Esc).
pub fn pick(prompt: &str, items: &[String]) -> Result<Vec<usize>, CliError> {
    let shown: Vec<String> = items
        .iter()
        .map(|i| for_terminal(i, false).into_owned())
        .collect();
    let term = dialoguer::console::Term::stderr();
    let rows = usize::from(term.size().0).saturating_sub(4).max(5);
    dialoguer::MultiSelect::new()
        .with_prompt(prompt)
        .items(&shown)
        .max_length(rows)
        .report(false)
        .interact_on_opt(&term)
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            CliError::new(format!("the picker failed: {e}"))
                .hint("pass --top N to log the best N without picking")
        })
}

//! factdesk: a fact-check desk for newsrooms. Claims are YAML records in a git
//! repository; quotes are verbatim and anchored in stored transcripts; the
//! editorial workflow is enforced; reports are rendered deterministically.
//!
//! The library never prints: the `cli` module parses arguments, calls in here
//! and renders results.

// The library never prints (the CLI, in the binary crate, does): clippy
// refuses a print here, and `.ci/run` runs clippy with `-D warnings`.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]
// Diagnostics travel as error values only on the rare failing path.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod diag;
pub mod edit;
pub mod extract;
pub mod history;
pub mod model;
pub mod overview;
pub mod report;
pub mod schema;
pub mod search;
pub mod steps;
pub mod store;
pub mod transcript;

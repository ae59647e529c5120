//! The one integration test binary (`autotests = false` in `Cargo.toml`).
//! Each module drives the real `factdesk` binary on real files and real git
//! repositories in temporary folders; `report_desk` is a shared fixture,
//! `support` the one harness (every run of the binary and of git gets the
//! same environment hygiene).
//! Run one area with `cargo test --test suite cli::`.

mod browser;
mod check;
mod claimreview;
mod cli;
mod daily;
mod editing;
mod ergonomics;
mod every_problem;
mod extract;
mod extract_pick;
mod finding;
mod fmt_batch;
mod fmt_lock;
mod fmt_values;
mod gate;
mod gate_cli;
mod git;
mod hostile;
mod hostile_fs;
mod hostile_report;
mod hostile_volume;
mod hostile_writes;
mod html;
mod hygiene;
mod integration;
mod neural;
mod our_desk;
mod pdf;
mod print;
mod publication;
mod refusals_seen;
mod report;
mod report_bytes;
mod report_desk;
mod report_output;
mod report_unchanged;
mod roundtrip;
mod search_pinned;
mod speed;
mod spreadsheet;
mod support;
mod tags;
mod tamper;
mod tamper_daily;
mod tamper_diff;
mod tamper_git;
mod tamper_identity;
mod tamper_range;
mod template_parts;
mod transcripts;
mod undo;
mod unify;

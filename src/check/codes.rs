//! Moved: the table of diagnostic codes is now the closed enum
//! `crate::diag::Code`, generated from the one table in `src/diag/codes.rs`.
//! Add a code there (one line) and its section in `docs/diagnostics.md`.

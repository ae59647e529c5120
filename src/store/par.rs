//! How finely the desk's parallel loops split their work.
//!
//! rayon splits an indexed iterator adaptively: a handful of large pieces
//! at first, split again only when another thread goes idle and steals.
//! On a 100,000-record desk with records of very different sizes, the last
//! large piece left over at the end of `check`'s claims phase kept one core
//! busy alone for about 0.15 s (seen in a per-thread timeline under `perf`).
//! Capping a piece's length keeps both cores busy to the end; the cost of a
//! finer split (one more task per few dozen records) is far below the cost
//! of parsing one record.

/// Records (claims, sources' metadata) handled per piece of work at most.
pub const RECORDS: usize = 64;

/// Sources handled per piece of work at most where each source carries a
/// whole transcript (reading it, finding every quote of its claims).
pub const SOURCES: usize = 4;

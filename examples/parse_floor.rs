//! The floor `factdesk check --no-cache` is measured against: read every
//! claim file of a desk and YAML-parse it into the typed model
//! (`model::claim::Claim` through serde_yaml), on rayon's pool (one thread
//! per core), keeping nothing: each parsed record is dropped at once. No
//! cache, no checks, no output beyond a count.
//!
//! Usage: `cargo run --release --example parse_floor -- DESK`

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DESK");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    let claims = Path::new(&dir).join("claims");
    let files: Vec<PathBuf> = match std::fs::read_dir(&claims) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", claims.display());
            std::process::exit(2);
        }
    };
    let parsed: usize = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            serde_yaml::from_str::<factdesk::model::claim::Claim>(&text).ok()
        })
        .filter(Option::is_some)
        .count();
    eprintln!(
        "parsed {parsed} of {} claims in {:.2?}",
        files.len(),
        start.elapsed()
    );
}

//! Times the phases of `factdesk report` on a desk, in process: loading the
//! records (store), building the context, rendering every file.
//!
//! Usage: `cargo run --release --example report_timing -- DESK_DIR`

use factdesk::report::{self, Templates};
use factdesk::store::Desk;
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".to_string());
    let desk = Desk::open(Path::new(&dir))?;
    let t = Instant::now();
    let sources = desk.load_sources()?;
    let claims = desk.load_claims()?;
    let load = t.elapsed();
    let t = Instant::now();
    let ctx = report::context::build(&desk.config, &sources, &claims, false);
    let build = t.elapsed();
    let t = Instant::now();
    let rendered = report::render(&ctx, &Templates::default())?;
    let render = t.elapsed();
    let bytes: usize = rendered.files.values().map(String::len).sum();
    println!(
        "{} claims: load {:.2} s, context {:.2} s, render {:.2} s ({} files, {:.1} MB)",
        claims.len(),
        load.as_secs_f64(),
        build.as_secs_f64(),
        render.as_secs_f64(),
        rendered.files.len(),
        bytes as f64 / 1e6
    );
    Ok(())
}

//! The floor `factdesk check` is measured against: reading and parsing every
//! claim of a desk with serde_yaml into the typed model, in parallel, and
//! nothing else (`Desk::load_claims`).
//!
//! Usage: `cargo run --release --example parse_floor -- DESK`

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DESK");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    let desk = factdesk::store::Desk::open(std::path::Path::new(&dir)).expect("a desk");
    match desk.load_claims() {
        Ok(claims) => eprintln!("parsed {} claims in {:.2?}", claims.len(), start.elapsed()),
        Err(e) => eprintln!("{e} after {:.2?}", start.elapsed()),
    }
}

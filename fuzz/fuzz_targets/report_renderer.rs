//! Fuzzes the report renderer: a small desk (the corpus's settings and
//! source, one published claim) rendered to every output (HTML pages,
//! Markdown, ClaimReview JSON-LD, CSV), public and internal. The fuzzed
//! bytes are tried as a whole claim record and, as text, in every text
//! field of a valid published claim. Rendering must never panic.
#![no_main]

use factdesk::model::{Claim, DeskConfig, Source};
use factdesk::report::{context, render, Templates};
use factdesk::store::yaml::parse_record;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const CONFIG: &str = include_str!("../../tests/corpus/valid/factdesk.yaml");
const SOURCE: &str = include_str!("../../tests/corpus/valid/sources/lepoint-2023-09-14-bondaz.yaml");
const CLAIM: &str = include_str!("../../tests/corpus/valid/claims/full-published-claim.yaml");

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    parse_record::<T>(text, Path::new("fuzz.yaml")).ok().map(|(v, _)| v)
}

fn render_all(config: &DeskConfig, source: &Source, claim: Claim) {
    let claims = [claim];
    for public in [true, false] {
        let ctx = context::build(config, std::slice::from_ref(source), &claims, public);
        let _ = render(&ctx, &Templates::default());
    }
}

fuzz_target!(|data: &[u8]| {
    let config: DeskConfig = parse(CONFIG).expect("corpus settings");
    let source: Source = parse(SOURCE).expect("corpus source");
    if let Some(claim) = std::str::from_utf8(data).ok().and_then(parse::<Claim>) {
        render_all(&config, &source, claim);
    }
    let text = String::from_utf8_lossy(data).into_owned();
    let mut claim: Claim = parse(CLAIM).expect("corpus claim");
    claim.claim = text.clone();
    claim.quote = text.clone();
    claim.speaker = text.clone();
    claim.summary = Some(text.clone());
    claim.notes = Some(text.clone());
    claim.tags = vec![text];
    render_all(&config, &source, claim);
});

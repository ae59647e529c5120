//! Fuzzes the record loader: any bytes as a claim, a source or the desk
//! settings must give diagnostics (or a record), never a panic or a hang;
//! and a record `fmt` accepts must come out in a form it accepts again.
#![no_main]

use factdesk::check::{canonical::canonical, record};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let claim = Path::new("claims/fuzz.yaml");
    let _ = record::check_claim(data, claim, None, today);
    let _ = record::check_claim_thorough(data, claim, None, today);
    let _ = record::check_source(data, Path::new("sources/fuzz.yaml"), today);
    let (_, config) = record::check_config(data, Path::new("factdesk.yaml"));
    let _ = record::check_claim(data, claim, config.as_ref(), today);
    if let Ok(text) = canonical(data, claim) {
        let again = canonical(text.as_bytes(), claim).expect("canonical output is accepted again");
        assert_eq!(again, text, "fmt is idempotent");
    }
});

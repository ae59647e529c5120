//! The desk bundled in this repository: its committed reports are the
//! snapshots of every report format, and must match what the records render.

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

#[test]
fn committed_reports_match_the_records() {
    crate::support::factdesk()
        .args(["--desk", root(), "report", "--check"])
        .assert()
        .success();
}

/// The committed `schemas/` are what `factdesk schema` prints today, so an
/// editor validating against them sees the model's current fields and bounds.
#[test]
fn committed_schemas_are_what_the_model_generates() {
    for kind in ["claim", "source", "desk"] {
        let out = crate::support::factdesk()
            .args(["--desk", root(), "schema", kind])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let committed = std::fs::read(format!("{}/schemas/{kind}.schema.json", root())).unwrap();
        assert!(
            out == committed,
            "schemas/{kind}.schema.json is stale: run `factdesk schema --write`"
        );
    }
}

#[test]
fn the_desk_passes_its_own_check_and_is_canonical() {
    for args in [
        vec!["check", "--no-cache", "--deny-warnings"],
        vec!["fmt", "--check"],
    ] {
        crate::support::factdesk()
            .args(["--desk", root()])
            .args(&args)
            .assert()
            .success();
    }
}

#[test]
fn every_claim_quote_is_verbatim_and_the_desk_is_honest() {
    let out = crate::support::factdesk()
        .args(["--desk", root(), "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let claims: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert!(claims.len() >= 12, "at least 12 claims");
    let transcript =
        std::fs::read_to_string(format!("{}/sources/lepoint-2023-09-14-bondaz.txt", root()))
            .unwrap();
    for c in &claims {
        let quote = c["quote"].as_str().unwrap();
        assert!(transcript.contains(quote), "quote not verbatim: {quote}");
        assert!(c["claim"].as_str().unwrap().chars().count() <= 75);
        // Nothing is published without approval by someone other than the rater.
        if c["status"] == "published" {
            assert!(c["reviews"].as_array().is_some_and(|r| !r.is_empty()));
        }
        // Claims still in research say what must be checked.
        if c["status"] == "researching" || c["status"] == "candidate" {
            assert!(
                c["notes"].as_str().is_some_and(|n| n.contains("check")),
                "{}",
                c["id"]
            );
        }
    }
}

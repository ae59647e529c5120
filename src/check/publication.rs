//! Published checks against their sources and the desk's publisher:
//! whether a ClaimReview will describe each one
//! (`published-without-claimreview`) and whether it would point at a
//! reserved host (`publisher-url-reserved`). The rules are the workflow's
//! own (`model::workflow`), so `check` warns about exactly what `publish`
//! and `report` refuse.

use super::cross::{LoadedSource, Reader};
use super::locate::{locate, FieldPath, Target};
use super::record::ClaimFacts;
use crate::diag::{Code, Diagnostic, Place, Remedy, Run};
use crate::model::workflow::{claimreview_source_gaps, publisher_url_problem};
use crate::model::DeskConfig;
use std::collections::BTreeMap;
use std::path::Path;

/// One warning per published claim that no ClaimReview will describe:
/// its source lacks an http(s) URL or a date, or the desk published it
/// with `--no-claimreview`. Claims citing an unknown source are left to
/// `unknown-source`.
pub fn without_claimreview(
    claims: &[(&Path, &ClaimFacts)],
    sources: &BTreeMap<String, LoadedSource>,
    read: &Reader,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rel, f) in claims {
        let (Some(p), Some(a)) = (f.published, &f.anchor) else {
            continue;
        };
        let Some(src) = sources.get(&a.source) else {
            continue;
        };
        let s = &src.source;
        let gaps =
            claimreview_source_gaps(s.url.as_deref(), p.dated || s.published.is_some(), &s.id);
        let (message, hint) = if p.waived {
            (
                "published with --no-claimreview: no ClaimReview describes this check".to_string(),
                Remedy::text(
                    "a reminder of the desk's choice; aggregators will not list this check",
                ),
            )
        } else if gaps.is_empty() {
            continue;
        } else {
            (
                format!(
                    "published, but no ClaimReview will describe it: {}",
                    gaps.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                Remedy::text("add the source's `url:` or `published:` in sources/ID.yaml, or the claim's `said_on`; ")
                    .then_run(Run::Report)
                    .then(" leaves the check out of claimreview.json until then"),
            )
        };
        let mut d = Diagnostic::new(Code::PublishedWithoutClaimreview, rel, message).remedy(hint);
        if let Some(text) = read(rel) {
            let off = locate(&text, &FieldPath::top("status"), Target::Value);
            d = d.at(Place::at(&text, off));
        }
        out.push(d);
    }
    out
}

/// A warning on `factdesk.yaml` when the publisher URL is on a reserved or
/// private host and a checked claim is published (a desk that has published
/// nothing yet may keep `init`'s placeholder; `publish` refuses it).
pub fn reserved_publisher(
    claims: &[(&Path, &ClaimFacts)],
    config: Option<&DeskConfig>,
    read: &Reader,
) -> Option<Diagnostic> {
    let config = config?;
    let published = claims.iter().filter(|(_, f)| f.published.is_some()).count();
    if published == 0 {
        return None;
    }
    let problem = publisher_url_problem(&config.publisher.url)?;
    let rel = Path::new(crate::store::CONFIG_FILE);
    let mut d = Diagnostic::new(Code::PublisherUrlReserved,
        rel,
        format!("{problem}; {published} published check(s) would link there"),
    )
    .hint("set publisher.url to the address where the checks are published; `publish` and `report` refuse this one");
    if let Some(text) = read(rel) {
        let path = FieldPath::top("publisher").key("url");
        d = d.at(Place::at(&text, locate(&text, &path, Target::Value)));
    }
    Some(d)
}

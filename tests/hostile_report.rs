//! Hostile desks, publishing side: `report` never renders a desk that
//! `check` rejects (it names the errors and how to see them all, and writes
//! nothing), and right-to-left text is isolated in HTML with `<bdi>` so it
//! cannot reorder the words around it.

use crate::report_desk::{history, published_history, small, FixtureDesk, APPROVED};
use predicates::prelude::*;

/// The files in `reports/` (none after a refusal).
fn reports(d: &FixtureDesk) -> Vec<String> {
    match std::fs::read_dir(d.path("reports")) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => vec![],
    }
}

/// A published check on the interview's line 2 with `evidence` and `summary`.
fn published(d: &FixtureDesk, id: &str, summary: &str, evidence_url: &str) {
    d.claim(id, &format!(
        "claim: Importing North Korean arms breaches UN resolutions\nquote: If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions.\nspeaker: Antoine Bondaz\nsource: lepoint-interview\nlocation: {{line: 2}}\nsaid_on: 2023-09-14\nstatus: published\nrating: accurate\nsummary: \"{summary}\"\nevidence:\n  - {{url: \"{evidence_url}\", title: Resolution 1718, publisher: UN Security Council, accessed: 2023-09-15, stance: supports}}\n{APPROVED}{}",
        history(&published_history("accurate"))
    ));
}

#[test]
fn report_refuses_a_desk_that_check_rejects_and_writes_nothing() {
    let d = small();
    // A link a reader's browser would run, a terminal escape, hidden TAG
    // text, a quote the transcript does not hold: each an error in `check`.
    published(
        &d,
        "js-link",
        "Resolution 1718 bars it.",
        "javascript:alert(document.cookie)",
    );
    published(
        &d,
        "escape",
        "Bars it.\\e]0;owned\\a",
        "https://undocs.org/S/RES/1718(2006)",
    );
    published(
        &d,
        "smuggled",
        "Bars it.\\U000E0049\\U000E0047\\U000E004E",
        "https://undocs.org/S/RES/1718(2006)",
    );
    published(
        &d,
        "misquoted",
        "Bars it.",
        "https://undocs.org/S/RES/1718(2006)",
    );
    let text = d
        .read("claims/misquoted.yaml")
        .replace("openly importing", "openly buying");
    d.write("claims/misquoted.yaml", &text);
    // A date still to come, and a bidi override that reorders the claim.
    published(
        &d,
        "future",
        "Bars it.",
        "https://undocs.org/S/RES/1718(2006)",
    );
    let text = d
        .read("claims/future.yaml")
        .replace("said_on: 2023-09-14", "said_on: 2999-01-01");
    d.write("claims/future.yaml", &text);
    published(
        &d,
        "reordered",
        "Bars it.",
        "https://undocs.org/S/RES/1718(2006)",
    );
    let text = d.read("claims/reordered.yaml").replace(
        "claim: Importing North Korean arms breaches UN resolutions",
        "claim: \"\\u202EImporting North Korean arms breaches UN resolutions\"",
    );
    d.write("claims/reordered.yaml", &text);
    for args in [
        vec!["report"],
        vec!["report", "--check"],
        vec!["report", "--internal"],
    ] {
        d.cmd(&args)
            .code(2)
            .stderr(predicate::str::contains(
                "that `factdesk check` reports; nothing was rendered",
            ))
            .stderr(
                predicate::str::contains("claims/js-link.yaml:")
                    .and(predicate::str::contains("error[bad-url]")),
            )
            .stderr(predicate::str::contains("claims/escape.yaml:"))
            .stderr(predicate::str::contains("… and").and(predicate::str::contains("more")))
            .stderr(predicate::str::contains(
                "hint: run `factdesk check` to see every problem",
            ))
            // Nothing of the hostile text reaches the terminal raw.
            .stderr(predicate::str::contains("\u{1b}").not())
            .stderr(predicate::str::contains("\u{E0049}").not());
    }
    assert!(
        reports(&d).is_empty(),
        "nothing rendered: {:?}",
        reports(&d)
    );
    assert!(!d.path("reports-internal").exists());
    // The context (for template authors) still prints; it writes nothing.
    d.cmd(&["report", "--context"]).success();
    // Fixed, the desk renders.
    for id in [
        "js-link",
        "escape",
        "smuggled",
        "future",
        "reordered",
        "misquoted",
    ] {
        std::fs::remove_file(d.path(&format!("claims/{id}.yaml"))).unwrap();
    }
    d.cmd(&["report"]).success();
    assert!(reports(&d).contains(&"index.html".to_string()));
}

#[test]
fn warnings_do_not_stop_a_report() {
    let d = small();
    // A published check whose source has no link: a `check` warning only.
    d.source(
        "radio",
        "txt",
        "text",
        None,
        "Antoine Bondaz: North Korea has many needs.\n",
    );
    d.claim("radio-needs", &format!(
        "claim: North Korea has many needs\nquote: North Korea has many needs.\nspeaker: Antoine Bondaz\nsource: radio\nlocation: {{line: 1}}\nstatus: published\nrating: accurate\nsummary: Food, fuel and technology.\nevidence:\n  - {{url: \"https://www.wfp.org/countries/democratic-peoples-republic-korea\", title: DPRK country brief, publisher: World Food Programme, accessed: 2023-09-15, stance: supports}}\n{APPROVED}{}",
        history(&published_history("accurate"))
    ));
    d.cmd(&["check"]).success().stdout(predicate::str::contains(
        "warning[published-without-claimreview]",
    ));
    d.cmd(&["report"]).success();
    assert!(d
        .read("reports/index.html")
        .contains("North Korea has many needs"));
}

#[test]
fn right_to_left_text_is_isolated_in_html() {
    let d = small();
    let arabic = "وزير الخارجية";
    let hebrew = "שר החוץ";
    d.source(
        "aljazeera",
        "txt",
        "text",
        Some("https://www.aljazeera.net/news/interview"),
        &format!("{arabic}: روسيا لا تستورد الأسلحة من كوريا الشمالية.\n"),
    );
    d.claim("arabic-quote", &format!(
        "claim: Russia does not import North Korean arms\nquote: روسيا لا تستورد الأسلحة من كوريا الشمالية.\nspeaker: {arabic}\nsource: aljazeera\nlocation: {{line: 1}}\nsaid_on: 2023-09-14\nstatus: published\nrating: inaccurate\nsummary: \"{hebrew} said otherwise; the UN panel found deliveries (3 reports).\"\nevidence:\n  - {{url: \"https://undocs.org/S/2024/215\", title: \"تقرير فريق الخبراء\", publisher: UN Panel of Experts, accessed: 2024-03-10, stance: refutes}}\n{APPROVED}{}",
        history(&published_history("inaccurate"))
    ));
    d.cmd(&["check"]).success();
    d.cmd(&["report"]).success();
    for page in ["reports/index.html", "reports/checks/arabic-quote.html"] {
        let html = d.read(page);
        for text in [
            format!("<bdi>{arabic}</bdi>"),
            "<bdi>روسيا لا تستورد الأسلحة من كوريا الشمالية.</bdi>".to_string(),
            format!(
                "<bdi>{hebrew} said otherwise; the UN panel found deliveries (3 reports).</bdi>"
            ),
            "<bdi>تقرير فريق الخبراء</bdi>".to_string(),
            "<bdi>Russia does not import North Korean arms</bdi>".to_string(),
        ] {
            assert!(html.contains(&text), "{page} does not isolate {text}");
        }
        // Desk text never appears outside an isolate in the page body: in
        // an element or, where no element may go (a filter's option), in a
        // `dir="auto"` option.
        let body = &html[html.find("<body").unwrap()..];
        let isolated = [
            format!("<bdi>{arabic}</bdi>"),
            format!("<option dir=\"auto\" value=\"{arabic}\">{arabic}</option>"),
        ];
        let bare = isolated
            .iter()
            .fold(body.to_string(), |b, i| b.replace(i, ""));
        if let Some(at) = bare.find(&format!(">{arabic}<")) {
            let from = bare.floor_char_boundary(at.saturating_sub(200));
            panic!("{page}: bare RTL text: {}", &bare[from..at]);
        }
    }
}

//! `claims.csv` for spreadsheet software: the `csv_bom` desk setting that
//! `init` documents, checked on the bytes of the file the real binary
//! writes, against `report --check`, `status`, `--excel` and `--internal`.

use assert_cmd::Command;
use tempfile::TempDir;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A French regional-politics interview: accents, a non-breaking space
/// before the percent sign, typographic apostrophes and a quote with a
/// comma and double quotes (cells the CSV must quote).
const TRANSCRIPT: &str = "France Bleu Occitanie : entretien du 12 mars 2024.\n\
Journaliste: Où en est le chômage dans la région ?\n\
Carole Delga: Le taux de chômage est passé à 8,9\u{a0}% au quatrième trimestre, son plus bas niveau depuis 2008.\n\
Carole Delga: Nous avons créé 14\u{a0}000 emplois industriels, c’est le \"record\" de la décennie.\n\
Carole Delga: La région investit 1,2 milliard d’euros dans le ferroviaire.\n";

struct Desk {
    dir: TempDir,
}

impl Desk {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = crate::support::factdesk();
        c.current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .args(args);
        c
    }

    fn ok(&self, by: &str, args: &[&str]) -> String {
        let out = self.cmd(&["--by", by]).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn settings(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("factdesk.yaml")).unwrap()
    }

    fn set_settings(&self, text: &str) {
        std::fs::write(self.dir.path().join("factdesk.yaml"), text).unwrap();
    }

    /// Logs, researches, rates and publishes one quote (ana rates, jo approves).
    fn publish(&self, quote: &str, claim: &str, rating: &str, summary: &str) -> String {
        let out = self.ok(
            "ana",
            &[
                "claim", "add", "--source", "delga", "--quote", quote, "--claim", claim,
            ],
        );
        let id = out.split_whitespace().nth(2).unwrap().to_string();
        self.ok("ana", &["research", &id]);
        self.ok(
            "ana",
            &[
                "evidence",
                "add",
                &id,
                "--url",
                "https://www.insee.fr/fr/statistiques/2012804",
                "--title",
                "Taux de chômage localisé par région",
                "--publisher",
                "Insee",
                "--stance",
                "supports",
                "--published",
                "2024-03-07",
                "--accessed",
                "2024-03-13",
            ],
        );
        self.ok("ana", &["rate", &id, rating, "--summary", summary]);
        self.ok("ana", &["submit", &id]);
        self.ok("jo", &["review", &id, "--approve"]);
        self.ok("jo", &["publish", &id]);
        id
    }
}

/// A desk made with `init`, one French source, two published checks and
/// a sentence left to log later.
fn french_desk() -> Desk {
    let d = Desk {
        dir: TempDir::new().unwrap(),
    };
    d.ok(
        "ana",
        &[
            "init",
            ".",
            "--name",
            "Vérif’ Occitanie",
            "--url",
            "https://verification.newsroom.fr/occitanie/",
        ],
    );
    d.set_settings(&format!("{}language: fr\n", d.settings()));
    std::fs::write(d.dir.path().join("delga.txt"), TRANSCRIPT).unwrap();
    d.ok(
        "ana",
        &[
            "source",
            "add",
            "delga.txt",
            "--id",
            "delga",
            "--title",
            "Entretien avec Carole Delga",
            "--outlet",
            "France Bleu Occitanie",
            "--published",
            "2024-03-12",
            "--url",
            "https://www.francebleu.fr/emissions/l-invite/occitanie",
            "--speaker",
            "Carole Delga",
            "--interviewer",
            "Journaliste",
            "--narrator",
            "France Bleu Occitanie",
        ],
    );
    d.publish(
        "Le taux de chômage est passé à 8,9\u{a0}% au quatrième trimestre, son plus bas niveau depuis 2008.",
        "Le chômage régional est au plus bas depuis 2008",
        "mostly-accurate",
        "L’Insee donne 8,9\u{a0}% ; le plus bas depuis 2008 est exact, à un dixième près.",
    );
    d.publish(
        "Nous avons créé 14\u{a0}000 emplois industriels, c’est le \"record\" de la décennie.",
        "14 000 emplois industriels créés, un record",
        "mixed",
        "Les créations nettes sont de 9\u{a0}200 selon l’Urssaf ; « record » ne tient pas.",
    );
    d
}

/// The file's bytes after exactly one byte-order mark (panics without one).
fn after_bom(csv: &[u8]) -> &[u8] {
    assert!(
        csv.starts_with(BOM),
        "no BOM: {:?}",
        &csv[..csv.len().min(12)]
    );
    let rest = &csv[BOM.len()..];
    assert!(!rest.starts_with(BOM), "the mark is written twice");
    assert!(
        !String::from_utf8_lossy(rest).contains('\u{feff}'),
        "a mark inside the file"
    );
    rest
}

#[test]
fn init_documents_csv_bom_and_the_setting_puts_the_mark_on_every_report() {
    let d = french_desk();
    // `init` names the setting in the comment at the top of factdesk.yaml.
    let settings = d.settings();
    let comment: Vec<&str> = settings
        .lines()
        .take_while(|l| l.starts_with('#'))
        .collect();
    let line = comment
        .iter()
        .find(|l| l.contains("csv_bom: true"))
        .unwrap_or_else(|| panic!("init does not document csv_bom:\n{settings}"));
    assert!(
        line.contains("byte-order mark") && line.contains("Excel"),
        "{line}"
    );
    // Without the setting: plain UTF-8, as before.
    d.ok("ana", &["report"]);
    let plain = d.bytes("reports/claims.csv");
    assert!(plain.starts_with(b"id,status,claim,"), "{:?}", &plain[..12]);

    // The user follows the comment: one line, which check accepts.
    d.set_settings(&format!("{settings}csv_bom: true\n"));
    d.cmd(&["check", "--no-cache"]).assert().success();
    let out = d.ok("ana", &["report"]);
    assert!(out.contains("1 written"), "only claims.csv changes: {out}");
    let csv = d.bytes("reports/claims.csv");
    let rest = after_bom(&csv);
    assert_eq!(rest, &plain[..], "the mark and nothing else");
    let text = std::str::from_utf8(rest).unwrap();
    assert!(text.starts_with("id,status,claim,quote,speaker,"));
    assert!(text.contains("Carole Delga") && text.contains("8,9\u{a0}%"));
    assert!(text.contains("\"Nous avons créé 14\u{a0}000 emplois industriels, c’est le \"\"record\"\" de la décennie.\""));
    assert_eq!(
        text.matches("\r\n").count(),
        3,
        "header and two published rows"
    );
    // Only the CSV: the pages and the JSON are untouched.
    for page in [
        "reports/index.html",
        "reports/claimreview.json",
        "reports/README.md",
    ] {
        assert!(!d.bytes(page).starts_with(BOM), "{page}");
    }
    // report --check and status expect the mark, without any flag.
    d.cmd(&["report", "--check"]).assert().success();
    let status = d.ok("ana", &["status"]);
    assert!(status.contains("reports/ is up to date"), "{status}");
    // --excel on such a desk changes nothing: one mark, not two.
    let again = d.ok("ana", &["report", "--excel"]);
    assert!(again.contains("0 written"), "{again}");
    assert_eq!(d.bytes("reports/claims.csv"), csv);
    // The internal overview's CSV (with the claim in research) gets it too.
    d.ok(
        "ana",
        &[
            "claim",
            "add",
            "--source",
            "delga",
            "--quote",
            "La région investit 1,2 milliard d’euros dans le ferroviaire.",
            "--claim",
            "La région investit 1,2 milliard dans le rail",
        ],
    );
    d.ok("ana", &["report", "--internal"]);
    let internal = d.bytes("reports-internal/claims.csv");
    let internal = std::str::from_utf8(after_bom(&internal))
        .unwrap()
        .to_string();
    assert!(internal.contains(",candidate,"), "{internal}");
}

#[test]
fn turning_csv_bom_off_makes_the_committed_csv_stale_and_check_names_a_bad_value() {
    let d = french_desk();
    let settings = d.settings();
    d.set_settings(&format!("{settings}csv_bom: true\n"));
    d.ok("ana", &["report"]);
    let with_mark = d.bytes("reports/claims.csv");
    after_bom(&with_mark);
    // Off again: the committed file is stale, and it alone.
    d.set_settings(&format!("{settings}csv_bom: false\n"));
    let out = d.cmd(&["report", "--check"]).assert().code(1);
    let listed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stale: Vec<&str> = listed.lines().filter(|l| l.starts_with("stale ")).collect();
    assert_eq!(stale, ["stale    claims.csv"], "{listed}");
    let status = d.ok("ana", &["status"]);
    assert!(status.contains("reports/ is stale (1 file(s))"), "{status}");
    d.ok("ana", &["report"]);
    assert_eq!(d.bytes("reports/claims.csv"), &with_mark[BOM.len()..]);
    // A value that is not true or false is an error on its line.
    for bad in ["\"yes\"", "1", "excel"] {
        d.set_settings(&format!("{settings}csv_bom: {bad}\n"));
        let out = d
            .cmd(&["check", "--format", "json", "--no-cache"])
            .assert()
            .code(1);
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let diags = v["diagnostics"].as_array().unwrap();
        let found: Vec<_> = diags.iter().filter(|d| d["code"] == "wrong-type").collect();
        assert_eq!(found.len(), 1, "{bad}: {diags:?}");
        assert_eq!(found[0]["file"], "factdesk.yaml");
        assert_eq!(
            found[0]["line"].as_u64(),
            Some(settings.lines().count() as u64 + 1),
            "{bad}: {:?}",
            found[0]
        );
    }
}

//! The desk's health as `status` reports it: how many errors and warnings
//! `check` finds, and which generated report files are missing, stale or
//! extra. The rules (which check result may be reused, what counts as an
//! error, when reports are stale) live here and in the modules it asks;
//! the CLI only draws progress and prints.

use crate::check::{self, memo::Memo, CheckError, Options};
use crate::diag::{tally, NotShown};
use crate::report::freshness;
use crate::report::outputs::{self, Finding};
use crate::report::ReportError;
use crate::store::{Briefs, Desk};
use chrono::NaiveDate;

/// `check`'s counts and the stale report files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// `check`'s errors and warnings (`diag::tally`).
    pub check: NotShown,
    /// The report files that are missing, stale or extra; empty when
    /// `reports/` is up to date.
    pub stale: Vec<Finding>,
}

/// Why the health could not be measured.
#[derive(Debug, thiserror::Error)]
pub enum HealthError {
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Where the work stands, for progress lines: each hears (done, total).
/// The check comes first, then the loading and the rendering.
pub struct Progress<'a> {
    /// Claims loaded to render the reports (only when the last `report`'s
    /// record does not vouch for the files on disk).
    pub loading: &'a (dyn Fn(usize, usize) + Sync),
    /// Report pages rendered to compare with `reports/`.
    pub rendering: &'a (dyn Fn(usize, usize) + Sync),
    /// Claims checked (only when no check result is kept for the desk as
    /// `loaded` found it).
    pub checking: &'a (dyn Fn(usize, usize) + Sync),
}

/// The health of `desk`, whose claims `loaded` holds in brief (freed
/// before the check: it may load and render every claim). `today` is the
/// day the check measures dates against (the check's own rule: the real
/// day, not a day asked for to measure ages).
pub fn health(
    desk: &Desk,
    loaded: Briefs,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Health, HealthError> {
    let edition = freshness::edition(loaded.each());
    let survey = loaded.survey.clone();
    drop(loaded);
    // The check first, then the comparison of reports/: what the check
    // holds is freed before the public edition is loaded and rendered (a
    // desk edited since its last report).
    // The check kept under the stamp the load took: no second stat of
    // every file when nothing changed.
    // Else the check keeps its result under that stamp too and vouches
    // for files by the load's survey: no second stat of the desk either.
    let stamp = survey.as_ref().and_then(|s| s.stamp);
    let kept = stamp.and_then(|s| Memo::under(&desk.root, today, Some(s)).recall());
    // The check, and meanwhile a look at `reports/` (metadata and one
    // digest: the second core's work while the check's serial parts run).
    // Rendering, when the look finds the folder stale, waits for the check
    // to be done and freed.
    let (diagnostics, look) = rayon::join(
        || match kept {
            Some(r) => Ok(r.diagnostics),
            None => {
                let opts = Options {
                    today,
                    files: None,
                    cache: true,
                };
                check::check_desk_surveyed(&desk.root, &opts, survey, progress.checking)
                    .map(|r| r.diagnostics)
            }
        },
        || outputs::look(desk, &edition),
    );
    let diagnostics = diagnostics?;
    let stale = outputs::stale(desk, look?, progress.loading, progress.rendering)?;
    Ok(Health {
        check: tally(&diagnostics),
        stale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeskConfig, RatingScale};

    fn quiet(_: usize, _: usize) {}

    #[test]
    fn health_counts_checks_errors_and_names_stale_reports() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = DeskConfig::new("Test desk", RatingScale::default_scale());
        config.publisher.url = "https://checks.example.org/".into();
        Desk::init(dir.path(), &config).unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        let progress = Progress {
            loading: &quiet,
            rendering: &quiet,
            checking: &quiet,
        };
        let today = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
        let measure = |desk: &Desk| {
            let loaded = desk.load_briefs(&quiet).unwrap();
            health(desk, loaded, today, &progress).unwrap()
        };
        let clean = measure(&desk);
        assert_eq!(
            (clean.check.errors, clean.check.warnings),
            (0, 0),
            "{clean:?}"
        );
        assert!(
            clean
                .stale
                .iter()
                .any(|s| s.to_string().contains("README.md")),
            "never rendered: {clean:?}"
        );
        // A stray file (a warning) and a claim quoting a source the desk
        // does not have (an error): what the briefs' load passes over,
        // check does not.
        std::fs::write(dir.path().join("claims/notes.txt"), "a stray file\n").unwrap();
        std::fs::write(
            dir.path().join("claims/a-claim.yaml"),
            "id: a-claim\nclaim: A claim\nquote: Q.\nspeaker: S\nsource: debate\nlocation: {line: 3}\nstatus: candidate\nhistory:\n  - {at: 2024-09-14T09:00:00Z, by: a, action: created, to: candidate}\n",
        )
        .unwrap();
        let broken = measure(&desk);
        assert_eq!(
            (broken.check.errors, broken.check.warnings),
            (1, 1),
            "{broken:?}"
        );
    }
}

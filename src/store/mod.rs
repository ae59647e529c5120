//! The desk on disk: finds it, maps ids to paths, reads and writes records
//! (canonical, atomic, locked). The only module that touches the YAML library.

pub mod batch;
mod brief;
pub mod cache;
pub mod derived;
pub mod desk_files;
mod files;
pub mod folder;
mod load;
mod lock;
pub mod marks;
pub mod par;
pub mod rows;
pub mod scan;
mod shown;
mod snapshot;
pub mod stamp;
pub mod temp;
mod undo;
pub mod write_error;
pub mod yaml;
pub mod yaml11;
pub mod yaml12;

pub use brief::{Briefs, Statuses, BRIEF};
pub use files::{
    ensure_no_link, is_link_error, link_error, read_capped, read_input_file, read_regular,
    read_regular_text, sha256_hex, write_atomic, write_derived,
};
pub use load::{LoadedClaims, ParsedClaims};
pub use lock::{ClaimLock, DeskLock};
pub use shown::SomeClaims;
pub use undo::{UndoProblem, Undone};

use crate::diag::Diagnostic;
use crate::model::{Claim, ClaimId, DeskConfig, Source};
use crate::transcript::{Roles, Transcript, TranscriptError};
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "factdesk.yaml";
/// Where `factdesk report --internal` writes the desk's internal overview,
/// beside (never inside) the public `reports/`.
pub const INTERNAL_REPORTS_DIR: &str = "reports-internal";
pub const CLAIMS_DIR: &str = "claims";
pub const SOURCES_DIR: &str = "sources";
pub const REPORTS_DIR: &str = "reports";
/// A desk's template overrides (see `report::templates`).
pub const TEMPLATES_DIR: &str = "templates";
/// Local, git-ignored state: locks and caches.
pub const STATE_DIR: &str = ".factdesk";
/// Where `factdesk edit` keeps the draft being edited (`<id>.yaml`).
pub const EDIT_DIR: &str = ".factdesk/edit";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not inside a factdesk desk: no {CONFIG_FILE} in {} or any folder above it", start.display())]
    NotADesk { start: PathBuf },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a valid record", path.display())]
    Invalid {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("{} already exists; factdesk never overwrites it", path.display())]
    Exists { path: PathBuf },
    #[error("no claim {id:?} in this desk")]
    NoSuchClaim {
        id: String,
        suggestion: Option<String>,
    },
    #[error("claim id prefix {id:?} is ambiguous: {} claims start with it", candidates.len())]
    AmbiguousClaim { id: String, candidates: Vec<String> },
    #[error("no source {id:?} in this desk")]
    NoSuchSource { id: String, known: Vec<String> },
    #[error("{}:{line}: the record holds a comment that rewriting it would drop", path.display())]
    BodyComment { path: PathBuf, line: u32 },
    #[error("{}: {error}", path.display())]
    Transcript {
        path: PathBuf,
        error: TranscriptError,
    },
    #[error("{}: the transcript changed since it was added (sha256 {actual}, metadata says {expected})", path.display())]
    TranscriptChanged {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("another factdesk command{} has been editing {} for over {seconds} s", holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default(), path.display())]
    LockTimeout {
        path: PathBuf,
        seconds: u64,
        /// `pid N: command line` of the holder, when it wrote one.
        holder: Option<String>,
    },
    /// The desk lock stayed taken: by `fmt` rewriting records (`holder`
    /// names it), or by commands changing claims while `fmt` waited.
    #[error("{}", lock::desk_busy(holder.as_deref(), *seconds, path))]
    DeskBusy {
        path: PathBuf,
        seconds: u64,
        holder: Option<String>,
    },
    #[error(transparent)]
    Folder(#[from] folder::FolderError),
    #[error(transparent)]
    Undo(#[from] UndoProblem),
    #[error("{0}")]
    Yaml(String),
}

impl StoreError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A desk: its root folder and settings.
#[derive(Debug, Clone)]
pub struct Desk {
    pub root: PathBuf,
    pub config: DeskConfig,
}

/// Walks up from `start` to the first folder holding `factdesk.yaml`.
pub fn find_root(start: &Path) -> Result<PathBuf, StoreError> {
    let abs = std::path::absolute(start).map_err(StoreError::io(start))?;
    abs.ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or(StoreError::NotADesk { start: abs.clone() })
}

/// Reads one record file (never more than the size bound, never blocking on
/// a pipe) and parses it; `shown` is the path named in diagnostics.
fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    shown: &Path,
) -> Result<(T, Vec<u8>, scan::Scan), StoreError> {
    let (bytes, _) = read_capped(path).map_err(StoreError::io(path))?;
    let (value, s) = parse_bytes(&bytes, shown)?;
    Ok((value, bytes, s))
}

/// Parses a record's bytes: size bound, UTF-8, lexical scan, then serde.
pub(crate) fn parse_bytes<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    shown: &Path,
) -> Result<(T, scan::Scan), StoreError> {
    let invalid = |diagnostics| StoreError::Invalid {
        path: shown.to_path_buf(),
        diagnostics,
    };
    let text = yaml::as_record_text(bytes, shown).map_err(|d| invalid(vec![d]))?;
    yaml::parse_record::<T>(text, shown).map_err(invalid)
}

/// Reads and parses one record file, with its text and lexical scan.
pub fn read_record<T: serde::de::DeserializeOwned>(
    path: &Path,
    shown: &Path,
) -> Result<(T, String, scan::Scan), StoreError> {
    let (value, bytes, s) = parse_file(path, shown)?;
    // The bytes were checked to be UTF-8 before parsing.
    let text = String::from_utf8(bytes).unwrap_or_default();
    Ok((value, text, s))
}

impl Desk {
    /// Opens the desk at `root` (which holds `factdesk.yaml`).
    pub fn open(root: &Path) -> Result<Desk, StoreError> {
        folder::ensure_real_folders(root)?;
        let (config, _, _) =
            read_record::<DeskConfig>(&root.join(CONFIG_FILE), Path::new(CONFIG_FILE))?;
        Ok(Desk {
            root: root.to_path_buf(),
            config,
        })
    }

    /// Finds the desk from `start` upwards, or opens `explicit`.
    pub fn discover(start: &Path, explicit: Option<&Path>) -> Result<Desk, StoreError> {
        let root = match explicit {
            Some(dir) => {
                if !dir.join(CONFIG_FILE).is_file() {
                    return Err(StoreError::NotADesk {
                        start: dir.to_path_buf(),
                    });
                }
                dir.to_path_buf()
            }
            None => find_root(start)?,
        };
        Desk::open(&root)
    }

    /// Creates a desk in `dir`: settings, `claims/`, `sources/`, `reports/`,
    /// a `.gitignore` for local state. Never overwrites; returns what it created.
    pub fn init(dir: &Path, config: &DeskConfig) -> Result<Vec<PathBuf>, StoreError> {
        let cfg = dir.join(CONFIG_FILE);
        if cfg.exists() {
            return Err(StoreError::Exists { path: cfg });
        }
        std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
        let mut created = Vec::new();
        for sub in [CLAIMS_DIR, SOURCES_DIR, REPORTS_DIR] {
            let p = dir.join(sub);
            if !p.exists() {
                std::fs::create_dir(&p).map_err(StoreError::io(&p))?;
                created.push(p);
            }
        }
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            write_atomic(
                &ignore,
                format!("/{STATE_DIR}/\n# temporary files of interrupted writes\n.*.tmp\n# the desk's internal overview (`factdesk report --internal`): not for publication\n/{INTERNAL_REPORTS_DIR}/\n")
                    .as_bytes(),
            )
            .map_err(StoreError::io(&ignore))?;
            created.push(ignore);
        }
        let text = yaml::to_canonical(config).map_err(|e| StoreError::Yaml(e.to_string()))?;
        let header = "# factdesk desk settings: see docs/record-format.md#desk-settings\n\
            # Optional settings not written here (add one as a line of its own to set it):\n\
            #   language: fr     the language the desk publishes in, a BCP 47 tag (en when not set)\n\
            #   csv_bom: true    start reports/claims.csv with a UTF-8 byte-order mark, for Excel\n";
        files::create_new(&cfg, format!("{header}{text}").as_bytes())
            .map_err(StoreError::io(&cfg))?;
        created.push(cfg);
        Ok(created)
    }

    pub fn claims_dir(&self) -> PathBuf {
        self.root.join(CLAIMS_DIR)
    }

    pub fn sources_dir(&self) -> PathBuf {
        self.root.join(SOURCES_DIR)
    }

    /// `claims/<id>.yaml`, relative to the desk root.
    pub fn claim_rel(id: &str) -> PathBuf {
        Path::new(CLAIMS_DIR).join(format!("{id}.yaml"))
    }

    /// Ids of every claim file, sorted.
    pub fn claim_ids(&self) -> Result<Vec<String>, StoreError> {
        list_yaml(&self.root, CLAIMS_DIR)
    }

    /// Resolves an id typed by a person, with a suggestion when it is unknown.
    pub fn resolve_claim(&self, id: &str) -> Result<ClaimId, StoreError> {
        if let Ok(cid) = ClaimId::new(id) {
            if self.root.join(Self::claim_rel(id)).is_file() {
                return Ok(cid);
            }
        }
        let ids = self.claim_ids()?;
        let prefixed: Vec<&String> = ids.iter().filter(|i| i.starts_with(id)).collect();
        if prefixed.len() == 1 && !id.is_empty() {
            return ClaimId::new(prefixed[0].clone()).map_err(|_| StoreError::NoSuchClaim {
                id: id.into(),
                suggestion: None,
            });
        }
        if prefixed.len() > 1 && !id.is_empty() {
            return Err(StoreError::AmbiguousClaim {
                id: id.to_string(),
                candidates: prefixed.into_iter().cloned().collect(),
            });
        }
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let suggestion = yaml::did_you_mean(id, &refs).map(str::to_string);
        Err(StoreError::NoSuchClaim {
            id: id.to_string(),
            suggestion,
        })
    }

    pub fn read_claim(&self, id: &ClaimId) -> Result<Claim, StoreError> {
        let rel = Self::claim_rel(id.as_str());
        read_record::<Claim>(&self.root.join(&rel), &rel).map(|(c, _, _)| c)
    }

    /// Writes a new claim; refuses to replace an existing file.
    pub fn create_claim(&self, claim: &Claim) -> Result<PathBuf, StoreError> {
        let rel = Self::claim_rel(claim.id.as_str());
        let path = self.root.join(&rel);
        let text = yaml::to_canonical(claim).map_err(|e| StoreError::Yaml(e.to_string()))?;
        let _lock = ClaimLock::acquire(&self.root, claim.id.as_str())?;
        if path.exists() {
            return Err(StoreError::Exists { path: rel });
        }
        files::create_new(&path, text.as_bytes()).map_err(StoreError::io(&path))?;
        undo::push(&self.root, claim.id.as_str(), None, text.as_bytes());
        Ok(rel)
    }

    /// Locks a claim, re-reads it, applies `change` and writes it back
    /// atomically in canonical form. Leading comments are kept; a record with
    /// comments elsewhere is refused rather than silently stripped.
    pub fn update_claim<E>(
        &self,
        id: &ClaimId,
        change: impl FnOnce(&mut Claim) -> Result<(), E>,
    ) -> Result<Result<Claim, E>, StoreError> {
        let rel = Self::claim_rel(id.as_str());
        let path = self.root.join(&rel);
        let _lock = ClaimLock::acquire(&self.root, id.as_str())?;
        let (mut claim, text, s) = read_record::<Claim>(&path, &rel)?;
        if let Some(&off) = s.body_comments.first() {
            let line = text[..off].matches('\n').count() as u32 + 1;
            return Err(StoreError::BodyComment { path: rel, line });
        }
        let entries = claim.history.len();
        if let Err(e) = change(&mut claim) {
            return Ok(Err(e));
        }
        let body = yaml::to_canonical(&claim).map_err(|e| StoreError::Yaml(e.to_string()))?;
        let after = format!("{}{body}", s.header);
        write_atomic(&path, after.as_bytes()).map_err(StoreError::io(&path))?;
        if claim.history.len() > entries {
            undo::push(&self.root, id.as_str(), Some(&text), after.as_bytes());
        }
        Ok(Ok(claim))
    }

    /// The claim's file text, as it is on disk.
    pub fn claim_text(&self, id: &ClaimId) -> Result<String, StoreError> {
        let path = self.root.join(Self::claim_rel(id.as_str()));
        files::read_regular_text(&path).map_err(StoreError::io(&path))
    }

    /// Replaces a claim with `claim` (canonical form, `header` comments on
    /// top) if its file still holds `expected`: a record changed by someone
    /// else meanwhile is never overwritten. Returns false when it changed.
    pub fn replace_claim_if_unchanged(
        &self,
        claim: &Claim,
        expected: &str,
        header: &str,
    ) -> Result<bool, StoreError> {
        let rel = Self::claim_rel(claim.id.as_str());
        let path = self.root.join(&rel);
        let _lock = ClaimLock::acquire(&self.root, claim.id.as_str())?;
        let now = files::read_regular_text(&path).map_err(StoreError::io(&path))?;
        if now != expected {
            return Ok(false);
        }
        let body = yaml::to_canonical(claim).map_err(|e| StoreError::Yaml(e.to_string()))?;
        let after = format!("{header}{body}");
        write_atomic(&path, after.as_bytes()).map_err(StoreError::io(&path))?;
        undo::push(&self.root, claim.id.as_str(), Some(&now), after.as_bytes());
        Ok(true)
    }

    /// Ids of every source, sorted.
    pub fn source_ids(&self) -> Result<Vec<String>, StoreError> {
        list_yaml(&self.root, SOURCES_DIR)
    }

    pub fn read_source(&self, id: &str) -> Result<Source, StoreError> {
        let rel = Path::new(SOURCES_DIR).join(format!("{id}.yaml"));
        let path = self.root.join(&rel);
        if crate::model::id::validate_id(id).is_err() || !path.is_file() {
            return Err(StoreError::NoSuchSource {
                id: id.to_string(),
                known: self.source_ids()?,
            });
        }
        read_record::<Source>(&path, &rel).map(|(s, _, _)| s)
    }

    /// Every source record, in id order (read in parallel; the first
    /// failing record in id order is the error).
    pub fn load_sources(&self) -> Result<Vec<Source>, StoreError> {
        use rayon::prelude::*;
        let read: Vec<Result<Source, StoreError>> = self
            .source_ids()?
            .par_iter()
            .with_max_len(par::RECORDS)
            .map(|id| self.read_source(id))
            .collect();
        read.into_iter().collect()
    }

    /// The transcript's text, verified against the recorded sha256, and parsed.
    pub fn read_transcript(&self, source: &Source) -> Result<(String, Transcript), StoreError> {
        let rel = Path::new(SOURCES_DIR).join(&source.file);
        if !crate::model::source::safe_file_name(&source.file) {
            return Err(StoreError::Transcript {
                path: Path::new(SOURCES_DIR).join(format!("{}.yaml", source.id)),
                error: TranscriptError {
                    line: 1,
                    message:
                        "`file` must name a file directly in sources/; nothing outside it is read"
                            .into(),
                },
            });
        }
        let path = self.root.join(&rel);
        let bytes = files::read_regular(&path).map_err(StoreError::io(&path))?;
        let actual = files::sha256_hex(&bytes);
        if actual != source.sha256 {
            return Err(StoreError::TranscriptChanged {
                path: rel,
                expected: source.sha256.clone(),
                actual,
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| StoreError::Transcript {
            path: rel.clone(),
            error: TranscriptError {
                line: 1,
                message: format!("not valid UTF-8: {e}"),
            },
        })?;
        let t = Transcript::parse(&text, source.format, &roles(source))
            .map_err(|error| StoreError::Transcript { path: rel, error })?;
        Ok((text, t))
    }

    /// Rewrites an existing source's metadata (canonical, atomic); the
    /// transcript beside it is never touched.
    /// Refuses, before anything is written, when one of these files
    /// (relative to the desk) may not be replaced: a command that rewrites
    /// several records asks this first, so a read-only record stops it
    /// with nothing changed rather than half-way.
    pub fn ensure_replaceable(
        &self,
        rels: impl IntoIterator<Item = PathBuf>,
    ) -> Result<(), StoreError> {
        for rel in rels {
            let path = self.root.join(rel);
            write_error::may_replace(&path).map_err(StoreError::io(&path))?;
        }
        Ok(())
    }

    /// The path of source `id`'s record, relative to the desk.
    pub fn source_rel(id: &str) -> PathBuf {
        Path::new(SOURCES_DIR).join(format!("{id}.yaml"))
    }

    pub fn update_source(&self, source: &Source) -> Result<(), StoreError> {
        let rel = Self::source_rel(&source.id);
        let path = self.root.join(&rel);
        self.read_source(&source.id)?;
        let body = yaml::to_canonical(source).map_err(|e| StoreError::Yaml(e.to_string()))?;
        write_atomic(&path, body.as_bytes()).map_err(StoreError::io(&path))
    }

    /// Stores a transcript verbatim and its metadata. `source.file` and
    /// `source.sha256` are filled in here.
    pub fn add_source(&self, transcript: &[u8], mut source: Source) -> Result<Source, StoreError> {
        let text = std::str::from_utf8(transcript).map_err(|e| StoreError::Transcript {
            path: PathBuf::from(&source.file),
            error: TranscriptError {
                line: 1,
                message: format!("not valid UTF-8 ({e}); save it as UTF-8"),
            },
        })?;
        source.file = format!("{}.{}", source.id, source.format.extension());
        Transcript::parse(text, source.format, &roles(&source)).map_err(|error| {
            StoreError::Transcript {
                path: PathBuf::from(&source.file),
                error,
            }
        })?;
        source.sha256 = files::sha256_hex(transcript);
        let meta = self.sources_dir().join(format!("{}.yaml", source.id));
        let body = self.sources_dir().join(&source.file);
        for p in [&meta, &body] {
            if p.exists() {
                return Err(StoreError::Exists {
                    path: p.strip_prefix(&self.root).unwrap_or(p).to_path_buf(),
                });
            }
        }
        let yaml_text = yaml::to_canonical(&source).map_err(|e| StoreError::Yaml(e.to_string()))?;
        files::create_new(&body, transcript).map_err(StoreError::io(&body))?;
        if let Err(e) = files::create_new(&meta, yaml_text.as_bytes()) {
            let _ = std::fs::remove_file(&body);
            return Err(StoreError::Io {
                path: meta,
                source: e,
            });
        }
        Ok(source)
    }
}

/// Attribution roles from a source's metadata.
pub fn roles(source: &Source) -> Roles {
    use crate::model::SpeakerEntry;
    Roles {
        speakers: source
            .speakers
            .iter()
            .map(|e| e.name().to_string())
            .collect(),
        map: source
            .speakers
            .iter()
            .filter_map(|e| match e {
                SpeakerEntry::Label(l) => Some(l.clone()),
                SpeakerEntry::Name(_) => None,
            })
            .collect(),
        interviewer: source.interviewer.clone(),
        narrator: source.narrator.clone(),
    }
}

/// Record ids (`<id>.yaml` names) in the folder `rel`, sorted; a name that
/// is not UTF-8 makes the listing fail with its diagnostic rather than be
/// skipped, a linked folder is refused unread.
fn list_yaml(root: &Path, rel: &str) -> Result<Vec<String>, StoreError> {
    let listing = folder::list(root, Path::new(rel))?;
    if !listing.not_utf8.is_empty() {
        return Err(StoreError::Invalid {
            path: PathBuf::from(rel),
            diagnostics: listing
                .not_utf8
                .iter()
                .map(|n| folder::not_utf8_name(Path::new(rel), n))
                .collect(),
        });
    }
    Ok(listing
        .files_ending(".yaml")
        .into_iter()
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect())
}

//! Listing a desk folder without trusting it: the one place that reads the
//! entries of `claims/`, `sources/`, `templates/` and `reports/`. A folder
//! that is (or sits below) a symbolic link is refused before it is read;
//! each entry's kind comes from the directory itself (no link is followed);
//! names that are not UTF-8 are kept, shown escaped, so callers report them
//! instead of skipping them silently.

use crate::diag::{Code, Diagnostic};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// What an entry is, read without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Link,
    /// A named pipe, a socket or a device.
    Other,
}

/// One visible entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: Kind,
}

/// The entries of a desk folder, each group sorted by name.
#[derive(Debug, Default, Clone)]
pub struct Listing {
    /// Entries whose names do not start with a dot.
    pub entries: Vec<Entry>,
    /// Names starting with a dot (temporary files of interrupted writes among them).
    pub hidden: Vec<String>,
    /// Names that are not valid UTF-8, with each invalid byte shown as `\xNN`.
    pub not_utf8: Vec<String>,
}

impl Listing {
    /// Names of the visible regular files ending in `suffix`.
    pub fn files_ending(&self, suffix: &str) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.name.ends_with(suffix))
            .map(|e| e.name.clone())
            .collect()
    }

    /// Every visible name, whatever its kind.
    pub fn names(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.name.clone()).collect()
    }
}

/// Why a folder could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// `rel` (relative to the desk root) is a symbolic link; nothing was read through it.
    #[error("{} is a symbolic link; factdesk never follows links in a desk (replace the link with the folder itself)", rel.display())]
    Link { rel: PathBuf },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The first entry on the way from `root` to `path` (both included below
/// `root`) that is a symbolic link, relative to `root`.
pub fn first_link(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        shown.push(part);
        if super::files::is_link(&at) {
            return Some(shown);
        }
    }
    None
}

/// The folders of a desk factdesk reads or writes: none may be a link.
pub const DESK_FOLDERS: [&str; 5] = [
    super::CLAIMS_DIR,
    super::SOURCES_DIR,
    super::TEMPLATES_DIR,
    super::REPORTS_DIR,
    super::STATE_DIR,
];

/// The desk folders of `root` that are symbolic links (none read through).
pub fn linked_folders(root: &Path) -> Vec<PathBuf> {
    DESK_FOLDERS
        .iter()
        .map(PathBuf::from)
        .filter(|rel| super::files::is_link(&root.join(rel)))
        .collect()
}

/// Refuses a desk any of whose folders is a symbolic link: every command
/// that opens the desk asks this before reading or writing inside it.
pub fn ensure_real_folders(root: &Path) -> Result<(), FolderError> {
    match linked_folders(root).into_iter().next() {
        Some(rel) => Err(FolderError::Link { rel }),
        None => Ok(()),
    }
}

/// Lists the folder `rel` of the desk at `root`; a missing folder is empty.
pub fn list(root: &Path, rel: &Path) -> Result<Listing, FolderError> {
    if let Some(rel) = first_link(root, &root.join(rel)) {
        return Err(FolderError::Link { rel });
    }
    let dir = root.join(rel);
    let io = |source| FolderError::Io {
        path: dir.clone(),
        source,
    };
    let entries = match sorted_entries(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Listing::default()),
        Err(e) => return Err(io(e)),
    };
    let mut out = Listing::default();
    for (raw, entry) in entries {
        let Ok(name) = std::str::from_utf8(&raw) else {
            out.not_utf8.push(escape_bytes(&raw));
            continue;
        };
        if name.starts_with('.') {
            out.hidden.push(name.to_string());
            continue;
        }
        let kind = match entry.file_type() {
            Ok(t) if t.is_symlink() => Kind::Link,
            Ok(t) if t.is_file() => Kind::File,
            Ok(t) if t.is_dir() => Kind::Folder,
            Ok(_) => Kind::Other,
            Err(e) => return Err(io(e)),
        };
        out.entries.push(Entry {
            name: name.to_string(),
            kind,
        });
    }
    // Entries and hidden names arrive in byte order, which is their order
    // as text; escaping can reorder the names that are not UTF-8.
    out.not_utf8.sort();
    Ok(out)
}

/// Every entry of `dir` with its raw name, sorted by the name's bytes,
/// kinds and metadata read from the entry itself (no link followed): the
/// one place that reads a directory. [`list`] classifies these for
/// commands; the desk stamp states them.
pub fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(Vec<u8>, std::fs::DirEntry)>> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| (e.file_name().as_bytes().to_vec(), e)))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// The problem of a file name in the folder `dir` that is not UTF-8 (shown
/// escaped as `shown`): every command that lists the folder reports it.
pub fn not_utf8_name(dir: &Path, shown: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NonUtf8FileName,
        dir.join(shown),
        format!("the file name {shown} is not valid UTF-8; factdesk cannot name or check it"),
    )
    .hint("rename it (`git mv`) to a UTF-8 name such as <id>.yaml")
}

/// The problem of a desk entry `rel` that is a symbolic link; nothing of
/// its target is named.
pub fn link_diagnostic(rel: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::SymbolicLink,
        rel,
        format!(
            "{} is a symbolic link; factdesk never follows links in a desk",
            rel.display()
        ),
    )
    .hint("replace the link with the real file or folder, or remove it")
}

/// `bytes` as text: valid UTF-8 runs kept, every other byte as `\xNN`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_are_shown_as_hex_and_valid_text_kept() {
        assert_eq!(escape_bytes(b"caf\xe9-\xff.yaml"), "caf\\xe9-\\xff.yaml");
        assert_eq!(escape_bytes("été.yaml".as_bytes()), "été.yaml");
    }

    #[test]
    fn a_linked_folder_is_refused_and_its_entries_kinds_are_not_followed() {
        let t = tempfile::TempDir::new().unwrap();
        let root = t.path().join("desk");
        std::fs::create_dir_all(root.join("sources")).unwrap();
        std::fs::write(t.path().join("secret"), "x").unwrap();
        std::os::unix::fs::symlink(t.path(), root.join("claims")).unwrap();
        std::os::unix::fs::symlink(t.path().join("secret"), root.join("sources/a.txt")).unwrap();
        std::fs::write(root.join("sources/.a.yaml.1-0.tmp"), "x").unwrap();
        assert!(matches!(
            list(&root, Path::new("claims")),
            Err(FolderError::Link { rel }) if rel == Path::new("claims")
        ));
        let l = list(&root, Path::new("sources")).unwrap();
        assert_eq!(
            l.entries,
            vec![Entry {
                name: "a.txt".into(),
                kind: Kind::Link
            }]
        );
        assert_eq!(l.hidden, vec![".a.yaml.1-0.tmp".to_string()]);
        assert!(list(&root, Path::new("reports"))
            .unwrap()
            .entries
            .is_empty());
    }
}

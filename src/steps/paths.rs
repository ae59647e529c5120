//! Which desk a command works on and the files a person names in it: the
//! desk given (`--desk`) or the one found from the current folder, and
//! given paths made relative to the desk's root.

use crate::store::{find_root, StoreError, CONFIG_FILE};
use std::path::{Component, Path, PathBuf};

/// The desk's root folder, without reading its settings (a broken
/// factdesk.yaml is something to report, not a reason not to run): `given`
/// when it holds factdesk.yaml, else the desk holding `cwd`.
pub fn desk_root(given: Option<&Path>, cwd: &Path) -> Result<PathBuf, StoreError> {
    match given {
        Some(d) if d.join(CONFIG_FILE).is_file() => {
            Ok(std::path::absolute(d).unwrap_or(d.to_path_buf()))
        }
        Some(d) => Err(StoreError::NotADesk {
            start: d.to_path_buf(),
        }),
        None => find_root(cwd),
    }
}

/// Why a given path cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("{}: no such file", .0.display())]
    NoSuchFile(PathBuf),
    #[error("{}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The given paths relative to the desk root (a path outside the desk is
/// kept as given); every one must exist.
pub fn relative_files(root: &Path, files: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
    let mut out = Vec::new();
    for f in files {
        if !f.exists() {
            return Err(PathError::NoSuchFile(f.clone()));
        }
        let abs = std::path::absolute(f).map_err(|source| PathError::Unreadable {
            path: f.clone(),
            source,
        })?;
        match normalize(&abs).strip_prefix(normalize(root)) {
            Ok(rel) => out.push(rel.to_path_buf()),
            Err(_) => out.push(f.clone()),
        }
    }
    Ok(out)
}

/// `p` without `.` and with each `..` taking away the name before it.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_paths_become_relative_to_the_desk() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        std::fs::create_dir_all(root.join("claims")).unwrap();
        std::fs::write(root.join("claims/a-1.yaml"), "x").unwrap();
        let outside = tempfile::tempdir().unwrap();
        let stray = outside.path().join("b.yaml");
        std::fs::write(&stray, "x").unwrap();
        let given = [
            root.join("claims/a-1.yaml"),
            root.join("claims/../claims/./a-1.yaml"),
            stray.clone(),
        ];
        assert_eq!(
            relative_files(root, &given).unwrap(),
            [
                PathBuf::from("claims/a-1.yaml"),
                PathBuf::from("claims/a-1.yaml"),
                stray
            ]
        );
        assert!(matches!(
            relative_files(root, &[root.join("claims/gone.yaml")]),
            Err(PathError::NoSuchFile(_))
        ));
    }

    #[test]
    fn a_given_desk_must_hold_its_settings() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(
            desk_root(Some(d.path()), d.path()),
            Err(StoreError::NotADesk { .. })
        ));
        std::fs::write(d.path().join(CONFIG_FILE), "ratings: []\n").unwrap();
        assert_eq!(desk_root(Some(d.path()), Path::new("/")).unwrap(), d.path());
    }
}

//! Rows added to a table of the one cache without reading the table: a
//! command that derives rows another command's table keeps (`check` parsing
//! the claims it checks, for the `claims` table every whole load reads)
//! appends them to the end of that table's file, a few megabytes at a
//! time, so it neither decodes the table nor holds the rows. When the
//! file is missing, damaged or from another build or settings, it is
//! written afresh (atomically) with its header. A row appended twice is
//! harmless: the table keeps the later one, and a save writes the file
//! afresh once rows no longer kept are half of it ([`super::Table::save`],
//! which appends its own new rows through an appender too). A run that
//! stops half-way leaves at most one cut row at the end, without its
//! newline, which a table never reads as a row.

use super::{dir, hex, same_settings, table_header, write_derived, Cache, Digest};
use crate::store::{files, folder};
use std::io::{BufRead as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Rows buffered before they are written out.
const FLUSH_BYTES: usize = 4 * 1024 * 1024;

/// Rows on their way to the end of one table's file.
pub struct Appender {
    root: PathBuf,
    path: PathBuf,
    /// The table's first lines (build stamp, settings, extra line).
    header: String,
    /// The settings line's value (newlines folded, as the table folds them).
    settings: String,
    enabled: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    buffer: Vec<u8>,
    /// Whether the file on disk now has our header (checked or written).
    ready: bool,
}

impl Appender {
    /// An appender to the table `name` of `cache`, made under `settings`
    /// (as [`super::Table::open`] takes them); nothing is read yet.
    pub fn open(cache: &Cache, name: &str, settings: &str) -> Appender {
        let settings = settings.replace('\n', " ");
        let header = table_header(&cache.stamp, &settings, "");
        Appender {
            settings,
            root: cache.root.clone(),
            path: dir(&cache.root).join(name),
            header,
            enabled: cache.enabled,
            state: Mutex::new(State::default()),
        }
    }

    /// Whether rows are kept (the cache is on).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Adds the row `row` for `d` (a row holding a newline is not kept).
    /// Safe to call from many threads.
    pub fn put(&self, d: &Digest, row: &str) {
        if !self.enabled || row.contains('\n') {
            return;
        }
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.buffer.extend_from_slice(hex(d).as_bytes());
        state.buffer.push(b'\t');
        state.buffer.extend_from_slice(row.as_bytes());
        state.buffer.push(b'\n');
        if state.buffer.len() >= FLUSH_BYTES {
            self.flush(&mut state);
        }
    }

    /// Writes out the rows still buffered. Failures only cost speed.
    pub fn finish(self) {
        if let Ok(mut state) = self.state.lock() {
            self.flush(&mut state);
        }
    }

    fn flush(&self, state: &mut State) {
        if state.buffer.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut state.buffer);
        let cache_dir = dir(&self.root);
        if folder::first_link(&self.root, &cache_dir).is_some() {
            return;
        }
        if !state.ready && !self.has_header() {
            let mut text = self.header.clone().into_bytes();
            text.extend_from_slice(&rows);
            state.ready = std::fs::create_dir_all(&cache_dir).is_ok()
                && write_derived(&self.path, &text).is_ok();
            return;
        }
        state.ready = true;
        if append(&self.path, &rows).is_err() {
            state.ready = false;
        }
    }

    /// Whether the file starts with this build's header for these
    /// settings and ends with a whole row.
    fn has_header(&self) -> bool {
        let Ok(file) = files::open_regular(&self.path) else {
            return false;
        };
        let mut head = Vec::with_capacity(self.header.len());
        let mut reader = std::io::BufReader::new(file);
        for _ in 0..2 {
            if reader.read_until(b'\n', &mut head).is_err() {
                return false;
            }
        }
        let found = String::from_utf8_lossy(&head);
        found.split('\n').next() == self.header.split('\n').next()
            && same_settings(&found, &self.settings)
            && ends_with_newline(&self.path)
    }
}

/// Whether the file's last byte is a newline (so a row appended starts a line).
fn ends_with_newline(path: &Path) -> bool {
    use std::io::{Seek as _, SeekFrom};
    let Ok(mut file) = files::open_regular(path) else {
        return false;
    };
    let mut last = [0u8; 1];
    file.seek(SeekFrom::End(-1)).is_ok() && file.read_exact(&mut last).is_ok() && last[0] == b'\n'
}

/// Appends `bytes` to the regular file at `path` (never through a link).
pub(super) fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = open_append(path)?;
    file.write_all(bytes)
}

/// Opens the regular file at `path` for appending, without following a
/// link in its last component (reading goes through [`files::open_regular`]).
fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut o = std::fs::OpenOptions::new();
    o.append(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(crate::store::files::flags::O_NOFOLLOW);
    }
    o.open(path)
}

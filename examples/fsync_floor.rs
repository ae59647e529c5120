//! The floor for `fmt` on a desk: the durable work `fmt` must do to rewrite
//! every claim, without parsing or formatting anything. On a copy of a desk
//! (never the one you work in: every claim is rewritten), it reads each
//! `claims/*.yaml` and writes the same bytes to a temporary file beside it
//! (in parallel, on THREADS threads), flushes them as `fmt` does (by
//! `store::batch::flush_for`: for many files on Linux, one `syncfs` once
//! all are written; else each file as it is written; `FLOOR_FLUSH=each`
//! forces a flush per file), then renames each temporary file over its record (on
//! RENAME_THREADS threads), then flushes the folder once. A crash leaves
//! every record with its old or its new bytes, as with `fmt`; `fmt` minus
//! this floor is `fmt`'s own work (parsing, formatting, claim locks,
//! comparing before the rename).
//! Usage: `fsync_floor DESK [THREADS [RENAME_THREADS]]` (default 32 and 2).
//! Prints one line: `<files> files, <bytes> bytes, ...: <seconds> s`.

use factdesk::store::batch;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |i: usize, default: usize| -> usize {
        match args.get(i) {
            None => default,
            Some(s) => s.parse().unwrap_or_else(|_| {
                eprintln!("fsync_floor: THREADS and RENAME_THREADS are numbers, not {s:?}");
                std::process::exit(2);
            }),
        }
    };
    let Some(desk) = args.get(1).filter(|_| args.len() <= 4) else {
        eprintln!("usage: fsync_floor DESK [THREADS [RENAME_THREADS]]");
        std::process::exit(2);
    };
    let (threads, rename_threads) = (number(2, 32).max(1), number(3, 2).max(1));
    let claims = Path::new(desk).join("claims");
    let records = records(&claims);
    // fmt's own rule and call (`store::batch`), not a copy of them.
    let together = batch::flush_for(records.len()) == batch::Flush::Together
        && std::env::var("FLOOR_FLUSH").as_deref() != Ok("each");
    let start = Instant::now();
    let temps = in_parallel(&records, threads, |path| stage(path, !together));
    if together {
        assert!(batch::flush_together(&claims), "syncfs failed");
    }
    let bytes: u64 = temps.iter().map(|(_, n)| n).sum();
    in_parallel(&temps, rename_threads, |(tmp, _)| {
        let path = tmp.with_file_name(real_name(tmp));
        std::fs::rename(tmp, path).expect("rename");
    });
    std::fs::File::open(&claims)
        .and_then(|d| d.sync_all())
        .expect("fsync claims/");
    println!(
        "{} files, {bytes} bytes, {threads} writing threads, flushed {}, {rename_threads} renaming threads: {:.2} s",
        records.len(),
        if together { "together" } else { "each" },
        start.elapsed().as_secs_f64()
    );
}

/// Every `*.yaml` in `claims/`.
fn records(claims: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(claims)
        .expect("read claims/")
        .map(|e| e.expect("read claims/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// Reads `path` and writes its bytes, flushed when `flush`, to
/// `.<name>.floor.tmp`.
fn stage(path: &Path, flush: bool) -> (PathBuf, u64) {
    let body = std::fs::read(path).expect("read");
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let tmp = path.with_file_name(format!(".{name}.floor.tmp"));
    let mut f = std::fs::File::create_new(&tmp).expect("create");
    f.write_all(&body).expect("write");
    if flush {
        f.sync_data().expect("fdatasync");
    }
    (tmp, body.len() as u64)
}

/// The record a temporary file of [`stage`] replaces.
fn real_name(tmp: &Path) -> String {
    let name = tmp.file_name().and_then(|n| n.to_str()).expect("name");
    name[1..name.len() - ".floor.tmp".len()].to_string()
}

/// `f` over `items` on `threads` threads, results in order.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return done;
                        };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    });
    parts.sort_by_key(|(i, _)| *i);
    parts.into_iter().map(|(_, r)| r).collect()
}

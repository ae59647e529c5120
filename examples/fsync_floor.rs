//! The floor for `fmt` on a desk: how long this disk takes to write and
//! flush N new files of a given size, with T threads, in one folder. `fmt`
//! must write and flush every record it rewrites, so it cannot beat this.
//! Usage: `fsync_floor DIR N BYTES THREADS [replace]` (DIR is created and
//! emptied). With `replace`, N files already exist (written and synced
//! before the clock starts) and each new one is renamed over one of them,
//! as `fmt` does: the file system then also frees the replaced files.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, n, bytes, threads, replace) = match args.as_slice() {
        [_, dir, n, bytes, threads] => (dir, n, bytes, threads, false),
        [_, dir, n, bytes, threads, r] if r == "replace" => (dir, n, bytes, threads, true),
        _ => {
            eprintln!("usage: fsync_floor DIR N BYTES THREADS [replace]");
            std::process::exit(2);
        }
    };
    let (n, bytes, threads): (usize, usize, usize) =
        match (n.parse(), bytes.parse(), threads.parse()) {
            (Ok(n), Ok(b), Ok(t)) => (n, b, t),
            _ => {
                eprintln!("N, BYTES and THREADS are numbers");
                std::process::exit(2);
            }
        };
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir).expect("create DIR");
    let body = vec![b'x'; bytes];
    if replace {
        for i in 0..n {
            std::fs::write(dir.join(format!("f{i}.yaml")), &body).expect("write");
        }
        std::fs::File::open(dir).and_then(|d| d.sync_all()).ok();
        std::process::Command::new("sync").status().ok();
    }
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return;
                }
                let path = dir.join(format!("f{i}.tmp"));
                let mut f = std::fs::File::create(&path).expect("create");
                f.write_all(&body).expect("write");
                f.sync_data().expect("fdatasync");
                std::fs::rename(&path, dir.join(format!("f{i}.yaml"))).expect("rename");
            });
        }
    });
    std::fs::File::open(dir).and_then(|d| d.sync_all()).ok();
    println!(
        "{n} files of {bytes} bytes, {threads} threads{}: {:.2} s",
        if replace { ", replacing" } else { "" },
        start.elapsed().as_secs_f64()
    );
    std::fs::remove_dir_all(dir).ok();
}

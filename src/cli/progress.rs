//! A progress line on the terminal for commands that work through the whole
//! desk: drawn on stderr only when stderr is a terminal, `CI` is unset and
//! `TERM` is not `dumb`, and only once the work has taken more than a second
//! (a quick run shows nothing). Safe to tick from many threads; redrawn at
//! most ten times a second; erased when dropped.

use super::output;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const QUIET_FOR: Duration = Duration::from_secs(1);

/// How long a run stays quiet before drawing; tests shorten it with
/// `FACTDESK_TEST_PROGRESS_AFTER_MS`.
fn quiet_for() -> Duration {
    std::env::var("FACTDESK_TEST_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(QUIET_FOR, Duration::from_millis)
}
const REDRAW_EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    label: &'static str,
    total: usize,
    done: AtomicUsize,
    started: Instant,
    quiet_for: Duration,
    /// When the line was last drawn (None: never drawn), or None when off.
    last: Option<Mutex<Option<Instant>>>,
}

/// Whether progress may be drawn: a terminal that is not `dumb`, not CI.
pub fn wanted() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

impl Progress {
    /// A progress line `label [====    ] done/total`.
    pub fn new(label: &'static str, total: usize) -> Progress {
        Progress {
            label,
            total,
            done: AtomicUsize::new(0),
            started: Instant::now(),
            quiet_for: quiet_for(),
            last: wanted().then(|| Mutex::new(None)),
        }
    }

    /// A progress line for work that is part of a command started at
    /// `started`: it is drawn once the whole command has taken a second.
    pub fn since(label: &'static str, total: usize, started: Instant) -> Progress {
        let mut bar = Progress::new(label, total);
        bar.started = started;
        bar
    }

    /// Sets how many items are done (for work that counts by itself).
    pub fn set(&self, done: usize) {
        self.done.store(done, Ordering::Relaxed);
        self.show(done);
    }

    fn show(&self, done: usize) {
        let Some(last) = &self.last else { return };
        if self.started.elapsed() < self.quiet_for {
            return;
        }
        let Ok(mut last) = last.try_lock() else {
            return; // another thread is drawing
        };
        if last.is_some_and(|t| t.elapsed() < REDRAW_EVERY) {
            return;
        }
        *last = Some(Instant::now());
        output::write_stderr_raw(&line(self.label, done, self.total));
    }
}

/// A progress line drawn once work reports how far it got: for library
/// calls that report `(done, total)` as they go.
pub struct Lazy {
    label: &'static str,
    started: Option<Instant>,
    bar: std::sync::OnceLock<Progress>,
}

impl Lazy {
    pub fn new(label: &'static str) -> Lazy {
        Lazy {
            label,
            started: None,
            bar: std::sync::OnceLock::new(),
        }
    }

    /// A line for work that is part of a command started at `started`
    /// ([`Progress::since`]).
    pub fn since(label: &'static str, started: Instant) -> Lazy {
        Lazy {
            label,
            started: Some(started),
            bar: std::sync::OnceLock::new(),
        }
    }

    /// Erases the line once the work is done, before the command says more.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.erase();
        }
    }

    pub fn set(&self, done: usize, total: usize) {
        self.bar
            .get_or_init(|| match self.started {
                Some(started) => Progress::since(self.label, total, started),
                None => Progress::new(self.label, total),
            })
            .set(done);
    }
}

impl Progress {
    /// Erases the line if it was drawn (a later `set` may draw it again).
    fn erase(&self) {
        if let Some(last) = &self.last {
            if last.lock().is_ok_and(|mut l| l.take().is_some()) {
                output::write_stderr_raw("\r\x1b[K");
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.erase();
    }
}

fn line(label: &str, done: usize, total: usize) -> String {
    let filled = (done.min(total) * 30).checked_div(total).unwrap_or(30);
    let bar = format!("{}{}", "=".repeat(filled), " ".repeat(30 - filled));
    format!("\r{label} [{bar}] {done}/{total}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_fills_with_the_work_done() {
        assert_eq!(
            line("formatting", 0, 10),
            format!("\rformatting [{}] 0/10", " ".repeat(30))
        );
        assert_eq!(
            line("formatting", 5, 10),
            format!("\rformatting [{}{}] 5/10", "=".repeat(15), " ".repeat(15))
        );
        assert_eq!(
            line("checking", 3, 0),
            format!("\rchecking [{}] 3/0", "=".repeat(30))
        );
    }
}

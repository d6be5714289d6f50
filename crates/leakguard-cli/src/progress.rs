//! A one-line progress display on standard error for long sweeps: repositories, blobs, bytes
//! and rate, redrawn five times a second. Only on a terminal and outside CI (`auto`), so CI logs
//! stay clean; the library only counts.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use leakguard_core::{Progress, ProgressSnapshot};

use crate::args::ProgressArg;

/// A running display; [`Shown::stop`] clears it.
pub struct Shown {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts drawing `progress` when `when` says so.
pub fn show(progress: &Arc<Progress>, when: ProgressArg) -> Shown {
    let wanted = match when {
        ProgressArg::Always => true,
        ProgressArg::Never => false,
        ProgressArg::Auto => std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
    };
    let stop = Arc::new(AtomicBool::new(false));
    if !wanted {
        return Shown { stop, thread: None };
    }
    let flag = Arc::clone(&stop);
    let progress = Arc::clone(progress);
    let thread = std::thread::spawn(move || {
        let started = Instant::now();
        while !flag.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            let now = progress.snapshot();
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{}", line(&now, started.elapsed()));
            let _ = err.flush();
        }
        let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
    });
    Shown {
        stop,
        thread: Some(thread),
    }
}

impl Shown {
    /// Stops and clears the display.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `repositories 3/12 · blobs 1204/5000 · 52.1 MB read · 26.1 MB/s`.
pub fn line(now: &ProgressSnapshot, elapsed: Duration) -> String {
    let mb = now.bytes_read as f64 / 1e6;
    let rate = mb / elapsed.as_secs_f64().max(0.001);
    let repositories = if now.repositories_total > 1 {
        format!(
            "repositories {}/{} · ",
            now.repositories_done, now.repositories_total
        )
    } else {
        String::new()
    };
    format!(
        "{repositories}blobs {}/{} · {mb:.1} MB read · {rate:.1} MB/s",
        now.blobs_done, now.blobs_found
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_repositories_only_in_a_sweep() {
        let now = ProgressSnapshot {
            repositories_total: 12,
            repositories_done: 3,
            blobs_found: 5_000,
            blobs_done: 1_204,
            bytes_read: 52_100_000,
        };
        assert_eq!(
            line(&now, Duration::from_secs(2)),
            "repositories 3/12 · blobs 1204/5000 · 52.1 MB read · 26.1 MB/s"
        );
        let single = ProgressSnapshot {
            repositories_total: 1,
            ..now
        };
        assert!(line(&single, Duration::from_secs(1)).starts_with("blobs 1204/5000"));
    }
}

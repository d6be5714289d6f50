//! Counters a long scan moves forward as it goes, for a caller that shows progress. The library
//! only counts (relaxed atomics, no locks on the hot path); what to draw, and whether to draw at
//! all, is the caller's business.

use std::sync::atomic::{AtomicU64, Ordering};

/// How far a scan or sweep has come. Share one with the scan and read it from another thread.
#[derive(Debug, Default)]
pub struct Progress {
    repositories_total: AtomicU64,
    repositories_done: AtomicU64,
    blobs_found: AtomicU64,
    blobs_done: AtomicU64,
    bytes_read: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgressSnapshot {
    /// Repositories to sweep.
    pub repositories_total: u64,
    /// Repositories swept (scanned or failed).
    pub repositories_done: u64,
    /// Unique blobs the history walk has met so far, in the current repository.
    pub blobs_found: u64,
    /// Of those, blobs scanned or recalled.
    pub blobs_done: u64,
    /// Bytes read from blobs, over the whole run.
    pub bytes_read: u64,
}

impl Progress {
    /// Counters at zero.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// The counters now.
    pub fn snapshot(&self) -> ProgressSnapshot {
        ProgressSnapshot {
            repositories_total: self.repositories_total.load(Ordering::Relaxed),
            repositories_done: self.repositories_done.load(Ordering::Relaxed),
            blobs_found: self.blobs_found.load(Ordering::Relaxed),
            blobs_done: self.blobs_done.load(Ordering::Relaxed),
            bytes_read: self.bytes_read.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn set_repositories(&self, total: u64) {
        self.repositories_total.store(total, Ordering::Relaxed);
    }

    pub(crate) fn repository_done(&self) {
        self.repositories_done.fetch_add(1, Ordering::Relaxed);
        self.blobs_found.store(0, Ordering::Relaxed);
        self.blobs_done.store(0, Ordering::Relaxed);
    }

    pub(crate) fn blob_found(&self) {
        self.blobs_found.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn blob_done(&self, bytes: u64) {
        self.blobs_done.fetch_add(1, Ordering::Relaxed);
        self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
    }
}

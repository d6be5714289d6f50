//! Counts that say how much of the input a scan covered.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What a scan read and what it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanStats {
    /// Inputs whose bytes were searched.
    pub files_scanned: u64,
    /// Bytes searched (before decoding).
    pub bytes_scanned: u64,
    /// Archives opened as files or blobs (the archives nested in them are part of them); the
    /// files inside count in `files_scanned`.
    pub archives: u64,
    /// Files skipped as binary (a NUL in the first 8 KiB); `--binary` scans them.
    pub skipped_binary: u64,
    /// Symbolic links not followed; `--follow` follows them.
    pub skipped_symlinks: u64,
    /// FIFOs, sockets and devices, which are never opened.
    pub skipped_special: u64,
    /// Inputs that could not be scanned: the diagnostics that make the scan incomplete, counted
    /// by the collector.
    pub incomplete: u64,
    /// Findings set aside by inline allows, the baseline or the configuration.
    pub suppressed: u64,
    /// Wall-clock time; left out of JSON and SARIF so reports are byte-identical across runs.
    #[serde(skip)]
    pub elapsed: Duration,
}

impl ScanStats {
    /// Adds `other`'s counts of what was read and skipped (not the derived `incomplete` and
    /// `suppressed`, which [`crate::ScanReport::normalise`] recounts).
    pub fn merge(&mut self, other: &ScanStats) {
        self.files_scanned += other.files_scanned;
        self.bytes_scanned += other.bytes_scanned;
        self.archives += other.archives;
        self.skipped_binary += other.skipped_binary;
        self.skipped_symlinks += other.skipped_symlinks;
        self.skipped_special += other.skipped_special;
    }
}

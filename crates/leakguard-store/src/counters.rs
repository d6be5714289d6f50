//! What the store holds and what its last run read: the figures a person checks to see that a
//! re-scan read only what was new.

use rusqlite::OptionalExtension;

use crate::{error, Store, StoreError};

/// The store's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCounters {
    /// Repositories recorded.
    pub repositories: u64,
    /// Blob scans recorded.
    pub blobs: u64,
    /// Findings recorded (reported and set aside), over all repositories.
    pub findings: u64,
    /// Triage marks.
    pub triage_marks: u64,
    /// Sweep runs recorded.
    pub scans: u64,
    /// Blobs the last run read and scanned.
    pub last_blobs_read: u64,
    /// Blobs the last run recalled from earlier scans instead of reading.
    pub last_blobs_recalled: u64,
    /// Whether the last run finished (a killed run leaves this false; the next one resumes).
    pub last_finished: bool,
}

impl Store {
    /// The counters now.
    pub fn counters(&self) -> Result<StoreCounters, StoreError> {
        let e = |err: rusqlite::Error| error(&self.path, err);
        let count = |table: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .map(|n| n as u64)
                .map_err(e)
        };
        let last: Option<(i64, i64, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT blobs_read, blobs_recalled, finished_at FROM scans ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(e)?;
        let (read, recalled, finished) = last.unwrap_or((0, 0, None));
        Ok(StoreCounters {
            repositories: count("repositories")?,
            blobs: count("blobs")?,
            findings: count("findings")?,
            triage_marks: count("triage")?,
            scans: count("scans")?,
            last_blobs_read: read as u64,
            last_blobs_recalled: recalled as u64,
            last_finished: finished.is_some(),
        })
    }
}

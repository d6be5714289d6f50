//! One sweep run recorded in the store: the memo the scanning threads consult, and the single
//! writer thread that turns what they report into transactions.
//!
//! Blob records are committed in batches (every [`BATCH`] records or [`BATCH_TIME`]), so a run
//! killed half-way keeps every batch committed before: the next run recalls those blobs instead
//! of reading them. A repository's findings replace its earlier ones in one transaction when its
//! scan finishes, so a report never sees half a repository.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use leakguard_core::{
    BlobFindings, BlobMemo, MemoKey, MemoryMemo, RememberedFinding, RepositoryOutcome,
};
use rusqlite::Connection;

use crate::{connect, error, now, Ruleset, Store, StoreError};

/// Blob records per transaction.
const BATCH: usize = 4096;
/// Longest a blob record waits before it is committed.
const BATCH_TIME: Duration = Duration::from_millis(500);
/// Records the scanning threads may have in flight before they wait for the writer.
const CHANNEL_DEPTH: usize = 16 * 1024;

/// What a finished run read and recalled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanTotals {
    /// Blobs read and scanned.
    pub blobs_read: u64,
    /// Blobs recalled from earlier scans.
    pub blobs_recalled: u64,
    /// Repositories recorded.
    pub repositories: u64,
}

enum Message {
    Blob {
        key: MemoKey,
        findings: Option<String>,
    },
    Repository(Box<RepositoryRecord>),
}

struct RepositoryRecord {
    name: String,
    commits: i64,
    blobs: i64,
    blobs_recalled: i64,
    stats: Option<String>,
    error: Option<String>,
    findings: Vec<(String, bool, String)>,
    diagnostics: Vec<String>,
}

/// A sweep run being recorded.
pub struct ScanSession {
    memo: StoreMemo,
    writer: Option<JoinHandle<Result<(), StoreError>>>,
    path: PathBuf,
    read: AtomicU64,
    recalled: AtomicU64,
}

impl std::fmt::Debug for ScanSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanSession")
            .field("path", &self.path)
            .finish()
    }
}

/// The memo the scan consults: what earlier runs recorded under a compatible ruleset (and what
/// this run has scanned so far, so forks in the same sweep share work), writing every new record
/// to the writer.
struct StoreMemo {
    known: MemoryMemo,
    sender: SyncSender<Message>,
}

impl BlobMemo for StoreMemo {
    fn recall(&self, id: &[u8], path: &str) -> Option<BlobFindings> {
        self.known.recall(id, path)
    }

    fn record(&self, id: &[u8], path: &str, found: &BlobFindings) {
        self.known.record(id, path, found);
        let findings = (!found.findings.is_empty() || !found.suppressed.is_empty())
            .then(|| serde_json::to_string(found).ok())
            .flatten();
        // The writer only stops when the session ends; a failed send means it failed, which
        // `finish` reports.
        let _ = self.sender.send(Message::Blob {
            key: MemoKey::new(id, path),
            findings,
        });
    }
}

impl ScanSession {
    pub(crate) fn start(store: Store, ruleset: &Ruleset) -> Result<ScanSession, StoreError> {
        let path = store.path.clone();
        let e = |err: rusqlite::Error| error(&path, err);
        store
            .conn
            .execute(
                "INSERT OR IGNORE INTO rulesets (digest, members) VALUES (?1, ?2)",
                (ruleset.digest(), ruleset.members()),
            )
            .map_err(e)?;
        let ruleset_id: i64 = store
            .conn
            .query_row(
                "SELECT id FROM rulesets WHERE digest = ?1",
                [ruleset.digest()],
                |r| r.get(0),
            )
            .map_err(e)?;
        let known = load_known(&store.conn, ruleset).map_err(|m| error(&path, m))?;
        store
            .conn
            .execute("INSERT INTO scans (started_at) VALUES (?1)", [now()])
            .map_err(e)?;
        let scan_id = store.conn.last_insert_rowid();
        drop(store);
        let (sender, receiver) = sync_channel(CHANNEL_DEPTH);
        let writer_path = path.clone();
        let writer = std::thread::Builder::new()
            .name("leakguard-store-writer".into())
            .spawn(move || write_all(&writer_path, receiver, ruleset_id, scan_id))
            .map_err(|e| error(&path, e))?;
        Ok(ScanSession {
            memo: StoreMemo { known, sender },
            writer: Some(writer),
            path,
            read: AtomicU64::new(0),
            recalled: AtomicU64::new(0),
        })
    }

    /// The memo to hand to the scan.
    pub fn memo(&self) -> &dyn BlobMemo {
        &self.memo
    }

    /// Records a repository's finished sweep: its findings and diagnostics replace the earlier
    /// ones; a repository that could not be read keeps its last findings and records the error.
    pub fn record_repository(&self, outcome: &RepositoryOutcome) {
        let record = match &outcome.result {
            Ok(git) => {
                self.recalled
                    .fetch_add(git.blobs_recalled as u64, Ordering::Relaxed);
                self.read.fetch_add(
                    git.blobs.saturating_sub(git.blobs_recalled) as u64,
                    Ordering::Relaxed,
                );
                let findings = git
                    .report
                    .findings
                    .iter()
                    .map(|f| (f, false))
                    .chain(git.report.suppressed.iter().map(|f| (f, true)))
                    .filter_map(|(f, suppressed)| {
                        let json = serde_json::to_string(&redacted(f)).ok()?;
                        Some((f.fingerprint.to_string(), suppressed, json))
                    })
                    .collect();
                RepositoryRecord {
                    name: outcome.name.clone(),
                    commits: git.commits as i64,
                    blobs: git.blobs as i64,
                    blobs_recalled: git.blobs_recalled as i64,
                    stats: serde_json::to_string(&git.report.stats).ok(),
                    error: None,
                    findings,
                    diagnostics: git
                        .report
                        .diagnostics
                        .iter()
                        .filter_map(|d| serde_json::to_string(d).ok())
                        .collect(),
                }
            }
            Err(message) => RepositoryRecord {
                name: outcome.name.clone(),
                commits: 0,
                blobs: 0,
                blobs_recalled: 0,
                stats: None,
                error: Some(message.clone()),
                findings: Vec::new(),
                diagnostics: Vec::new(),
            },
        };
        let _ = self.memo.sender.send(Message::Repository(Box::new(record)));
    }

    /// Waits for the writer to commit everything, records the run's totals, and reopens the
    /// store (for the report that follows).
    pub fn finish(mut self) -> Result<(Store, ScanTotals), StoreError> {
        let totals = ScanTotals {
            blobs_read: self.read.load(Ordering::Relaxed),
            blobs_recalled: self.recalled.load(Ordering::Relaxed),
            repositories: 0,
        };
        let (replacement, _) = sync_channel(0);
        drop(std::mem::replace(&mut self.memo.sender, replacement));
        if let Some(writer) = self.writer.take() {
            writer
                .join()
                .map_err(|_| error(&self.path, "the store writer panicked"))??;
        }
        let store = Store::open(&self.path)?;
        let e = |err: rusqlite::Error| error(&self.path, err);
        let repositories: i64 = store
            .conn
            .query_row(
                "SELECT repositories FROM scans ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .map_err(e)?;
        store
            .conn
            .execute(
                "UPDATE scans SET finished_at = ?1, blobs_read = ?2, blobs_recalled = ?3
                 WHERE id = (SELECT max(id) FROM scans)",
                (
                    now(),
                    totals.blobs_read as i64,
                    totals.blobs_recalled as i64,
                ),
            )
            .map_err(e)?;
        Ok((
            store,
            ScanTotals {
                repositories: repositories as u64,
                ..totals
            },
        ))
    }
}

/// A finding as the store keeps it: never with the secret in full.
fn redacted(finding: &leakguard_core::Finding) -> RememberedFinding {
    let mut kept = RememberedFinding::new(finding.clone());
    if !kept.finding.secret.is_redacted() {
        let shown = kept.finding.secret.as_str().to_owned();
        kept.finding.secret = leakguard_core::Secret::new(shown.as_bytes(), false);
        kept.finding.snippet = kept
            .finding
            .snippet
            .replace(&shown, kept.finding.secret.as_str());
    }
    kept
}

/// Every blob recorded under a ruleset that covers `current`, with the findings of rules no
/// longer run left out.
fn load_known(conn: &Connection, current: &Ruleset) -> Result<MemoryMemo, String> {
    let mut usable = Vec::new();
    {
        let mut statement = conn
            .prepare("SELECT id, members FROM rulesets")
            .map_err(|e| e.to_string())?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| e.to_string())?;
        for row in rows {
            let (id, members) = row.map_err(|e| e.to_string())?;
            if current.is_covered_by(&Ruleset::parse(&members)) {
                usable.push(id);
            }
        }
    }
    let mut entries = Vec::new();
    let mut statement = conn
        .prepare("SELECT id, path_hash, findings FROM blobs WHERE ruleset = ?1")
        .map_err(|e| e.to_string())?;
    for ruleset in usable {
        let rows = statement
            .query_map([ruleset], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .map_err(|e| e.to_string())?;
        for row in rows {
            let (id, path_hash, findings) = row.map_err(|e| e.to_string())?;
            let mut found: BlobFindings = match findings {
                Some(json) => serde_json::from_str(&json).map_err(|e| e.to_string())?,
                None => BlobFindings::default(),
            };
            let current_rule = |f: &RememberedFinding| current.has_rule(f.finding.rule.as_str());
            found.findings.retain(current_rule);
            found.suppressed.retain(current_rule);
            entries.push((MemoKey::from_parts(&id, path_hash as u64), found));
        }
    }
    Ok(MemoryMemo::with_entries(entries))
}

/// The writer: every record in order, in transactions.
fn write_all(
    path: &std::path::Path,
    receiver: Receiver<Message>,
    ruleset: i64,
    scan: i64,
) -> Result<(), StoreError> {
    let mut conn = connect(path)?;
    let e = |err: rusqlite::Error| error(path, err);
    let mut open = true;
    while open {
        let tx = conn.transaction().map_err(e)?;
        let started = Instant::now();
        let mut written = 0;
        while written < BATCH {
            let wait = BATCH_TIME.saturating_sub(started.elapsed());
            let message = match receiver.recv_timeout(wait) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            };
            written += 1;
            match message {
                Message::Blob { key, findings } => {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO blobs (id, path_hash, ruleset, findings)
                         VALUES (?1, ?2, ?3, ?4)",
                    )
                    .and_then(|mut s| {
                        s.execute((
                            key.id().as_slice(),
                            key.path_hash() as i64,
                            ruleset,
                            findings,
                        ))
                    })
                    .map_err(e)?;
                }
                Message::Repository(record) => write_repository(&tx, &record, scan).map_err(e)?,
            }
        }
        tx.commit().map_err(e)?;
    }
    Ok(())
}

fn write_repository(
    tx: &rusqlite::Transaction<'_>,
    record: &RepositoryRecord,
    scan: i64,
) -> Result<(), rusqlite::Error> {
    tx.execute(
        "INSERT INTO repositories (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
        [&record.name],
    )?;
    let id: i64 = tx.query_row(
        "SELECT id FROM repositories WHERE name = ?1",
        [&record.name],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE scans SET repositories = repositories + 1 WHERE id = ?1",
        [scan],
    )?;
    if let Some(message) = &record.error {
        tx.execute(
            "UPDATE repositories SET error = ?2 WHERE id = ?1",
            (id, message),
        )?;
        return Ok(());
    }
    tx.execute(
        "UPDATE repositories SET scanned_at = ?2, commits = ?3, blobs = ?4,
           blobs_read = ?4 - ?5, blobs_recalled = ?5, stats = ?6, error = NULL
         WHERE id = ?1",
        (
            id,
            now(),
            record.commits,
            record.blobs,
            record.blobs_recalled,
            &record.stats,
        ),
    )?;
    tx.execute("DELETE FROM findings WHERE repository = ?1", [id])?;
    tx.execute("DELETE FROM diagnostics WHERE repository = ?1", [id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO findings (repository, fingerprint, suppressed, finding)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (fingerprint, suppressed, json) in &record.findings {
        insert.execute((id, fingerprint, suppressed, json))?;
    }
    let mut insert =
        tx.prepare_cached("INSERT INTO diagnostics (repository, diagnostic) VALUES (?1, ?2)")?;
    for diagnostic in &record.diagnostics {
        insert.execute((id, diagnostic))?;
    }
    Ok(())
}

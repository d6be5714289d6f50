//! The findings store of leakguard: one SQLite file that records the repositories a security team
//! sweeps, every blob scanned (under which rules and settings), each repository's findings with
//! all their occurrences, and people's triage marks.
//!
//! It makes weekly sweeps cheap: a blob recorded under the current rules is recalled, not read
//! (see [`leakguard_core::BlobMemo`]). Changing the rules invalidates exactly what it must: a blob
//! is reused when every current rule (by [`leakguard_core::rules::Rule::digest`]) and the current
//! settings were part of its scan, so removing a rule re-reads nothing, while adding or changing
//! one re-reads every blob (any blob could match it). Writes go through one writer thread in
//! transactions ([`ScanSession`]): a scan killed half-way leaves a consistent store whose blobs
//! the next run recalls, so it resumes rather than restarts. The store never holds a secret in
//! full: findings are recorded redacted.

mod counters;
mod rules;
mod session;
mod triage;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use leakguard_core::{Diagnostic, Finding, ScanReport, ScanStats};
use rusqlite::{Connection, OptionalExtension};

pub use counters::StoreCounters;
pub use rules::Ruleset;
pub use session::{ScanSession, ScanTotals};

/// The store's schema version, kept in `meta`; a store written by a newer leakguard is refused.
const SCHEMA_VERSION: u32 = 1;

/// Something went wrong with the store file.
#[derive(Debug, thiserror::Error)]
#[error("findings store {}: {message}", path.display())]
pub struct StoreError {
    /// The store file.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// An open findings store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Where the store lives when `--store` names no file: `$XDG_CACHE_HOME/leakguard/store.sqlite`,
    /// else `~/.cache/leakguard/store.sqlite`, else `.leakguard/store.sqlite` in the current
    /// directory.
    pub fn default_path() -> PathBuf {
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|home| PathBuf::from(home).join(".cache"))
            });
        match cache {
            Some(cache) => cache.join("leakguard").join("store.sqlite"),
            None => PathBuf::from(".leakguard").join("store.sqlite"),
        }
    }

    /// Opens the store at `path`, creating it (and its directory) when missing.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| error(path, e))?;
        }
        let conn = connect(path)?;
        conn.execute_batch(include_str!("schema.sql"))
            .map_err(|e| error(path, e))?;
        let version: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| error(path, e))?;
        match version.map(|v| v.parse::<u32>()) {
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
                    [SCHEMA_VERSION.to_string()],
                )
                .map_err(|e| error(path, e))?;
            }
            Some(Ok(SCHEMA_VERSION)) => {}
            Some(other) => {
                return Err(error(
                    path,
                    format!(
                        "schema version {other:?} is not {SCHEMA_VERSION}: written by another \
                         leakguard version"
                    ),
                ))
            }
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// Opens an existing store without creating one (for reports, triage and merges).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(error(
                path,
                "no such store (run a sweep with --store first)",
            ));
        }
        Store::open(path)
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts recording a sweep run under `ruleset`: loads what earlier runs recorded under a
    /// compatible ruleset into the memo the scan consults, and starts the writer.
    pub fn begin_scan(self, ruleset: &Ruleset) -> Result<ScanSession, StoreError> {
        ScanSession::start(self, ruleset)
    }

    /// Everything the store holds about `repositories` (all of them when `None`), as one report,
    /// with triage marks applied. Each repository is as its last complete scan left it.
    pub fn report(&self, repositories: Option<&[String]>) -> Result<ScanReport, StoreError> {
        let e = |err: rusqlite::Error| error(&self.path, err);
        let mut report = ScanReport {
            scope: leakguard_core::ScanScope::History,
            ..ScanReport::default()
        };
        let mut ids = Vec::new();
        {
            let mut statement = self
                .conn
                .prepare("SELECT id, name, stats FROM repositories ORDER BY name")
                .map_err(e)?;
            let rows = statement
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })
                .map_err(e)?;
            for row in rows {
                let (id, name, stats) = row.map_err(e)?;
                if repositories.is_some_and(|wanted| !wanted.contains(&name)) {
                    continue;
                }
                if let Some(stats) = stats {
                    let stats: ScanStats = self.parse(&stats)?;
                    report.stats.merge(&stats);
                }
                ids.push(id);
                report.repositories.push(name);
            }
        }
        for id in ids {
            let mut statement = self
                .conn
                .prepare("SELECT suppressed, finding FROM findings WHERE repository = ?1")
                .map_err(e)?;
            let rows = statement
                .query_map([id], |r| Ok((r.get::<_, bool>(0)?, r.get::<_, String>(1)?)))
                .map_err(e)?;
            for row in rows {
                let (suppressed, json) = row.map_err(e)?;
                let finding: Finding = self.parse(&json)?;
                if suppressed {
                    report.suppressed.push(finding);
                } else {
                    report.findings.push(finding);
                }
            }
            let mut statement = self
                .conn
                .prepare("SELECT diagnostic FROM diagnostics WHERE repository = ?1")
                .map_err(e)?;
            let rows = statement
                .query_map([id], |r| r.get::<_, String>(0))
                .map_err(e)?;
            for row in rows {
                let diagnostic: Diagnostic = self.parse(&row.map_err(e)?)?;
                report.diagnostics.push(diagnostic);
            }
        }
        report.normalise();
        leakguard_core::apply_triage(&mut report, &self.triage_marks()?);
        Ok(report)
    }

    /// Copies everything another store holds into this one: repositories (the other's version of
    /// a repository both hold replaces this one's), blobs, rulesets and triage marks. Used to
    /// combine the stores of a sweep's shards.
    pub fn absorb(&mut self, other: &Path) -> Result<(), StoreError> {
        if !other.is_file() {
            return Err(error(other, "no such store"));
        }
        Store::open(other)?;
        let e = |err: rusqlite::Error| error(&self.path, err);
        self.conn
            .execute("ATTACH DATABASE ?1 AS part", [other.to_string_lossy()])
            .map_err(e)?;
        let copied = self.conn.execute_batch(include_str!("absorb.sql"));
        let detached = self.conn.execute("DETACH DATABASE part", []);
        copied.map_err(e)?;
        detached.map_err(e)?;
        Ok(())
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, json: &str) -> Result<T, StoreError> {
        serde_json::from_str(json)
            .map_err(|err| error(&self.path, format!("a recorded row does not parse: {err}")))
    }

    /// Applies the store's triage marks to a report made elsewhere (a sweep's own).
    pub fn apply_triage(&self, report: &mut ScanReport) -> Result<(), StoreError> {
        leakguard_core::apply_triage(report, &self.triage_marks()?);
        Ok(())
    }

    pub(crate) fn triage_marks(
        &self,
    ) -> Result<HashMap<leakguard_core::Fingerprint, leakguard_core::Triage>, StoreError> {
        triage::marks(&self.conn).map_err(|err| error(&self.path, err))
    }
}

/// A connection set up for one writer and many readers: write-ahead logging, so readers never
/// block the writer and a killed process leaves only whole transactions behind.
fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(|e| error(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(|e| error(path, e))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
    )
    .map_err(|e| error(path, e))?;
    Ok(conn)
}

fn error(path: &Path, message: impl std::fmt::Display) -> StoreError {
    StoreError {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

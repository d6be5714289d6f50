-- The findings store, schema version 1. One file; written by one writer, in transactions.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The rules and settings a blob was scanned under: one row per distinct set. `members` is the
-- sorted, newline-separated list of `rule-id digest` lines plus one `settings digest` line.
CREATE TABLE IF NOT EXISTS rulesets (
    id      INTEGER PRIMARY KEY,
    digest  TEXT NOT NULL UNIQUE,
    members TEXT NOT NULL
);

-- Every blob scanned completely, keyed by object id and a hash of the path it was scanned at.
-- `findings` is NULL for the (many) blobs with nothing to report, else the JSON of what it held.
CREATE TABLE IF NOT EXISTS blobs (
    id        BLOB NOT NULL,
    path_hash INTEGER NOT NULL,
    ruleset   INTEGER NOT NULL REFERENCES rulesets(id),
    findings  TEXT,
    PRIMARY KEY (id, path_hash)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS repositories (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    scanned_at     INTEGER,
    commits        INTEGER NOT NULL DEFAULT 0,
    blobs          INTEGER NOT NULL DEFAULT 0,
    blobs_read     INTEGER NOT NULL DEFAULT 0,
    blobs_recalled INTEGER NOT NULL DEFAULT 0,
    stats          TEXT,
    error          TEXT
);

-- A repository's findings as of its last complete scan, with all their occurrences; replaced
-- whole when a scan of it finishes.
CREATE TABLE IF NOT EXISTS findings (
    repository  INTEGER NOT NULL REFERENCES repositories(id),
    fingerprint TEXT NOT NULL,
    suppressed  INTEGER NOT NULL,
    finding     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_by_repository ON findings(repository);

CREATE TABLE IF NOT EXISTS diagnostics (
    repository INTEGER NOT NULL REFERENCES repositories(id),
    diagnostic TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS diagnostics_by_repository ON diagnostics(repository);

-- A person's verdicts, by fingerprint (rule, secret and path: the same in every fork).
CREATE TABLE IF NOT EXISTS triage (
    fingerprint TEXT PRIMARY KEY,
    state       TEXT NOT NULL,
    note        TEXT NOT NULL,
    marked_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per sweep run: what it read and what it could skip.
CREATE TABLE IF NOT EXISTS scans (
    id             INTEGER PRIMARY KEY,
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    repositories   INTEGER NOT NULL DEFAULT 0,
    blobs_read     INTEGER NOT NULL DEFAULT 0,
    blobs_recalled INTEGER NOT NULL DEFAULT 0
);

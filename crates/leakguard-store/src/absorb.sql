-- Copies the attached store `part` into this one (see Store::absorb). A repository both hold is
-- replaced by the part's version, as if the part's sweep had run last.
INSERT OR IGNORE INTO rulesets (digest, members) SELECT digest, members FROM part.rulesets;

INSERT OR REPLACE INTO blobs (id, path_hash, ruleset, findings)
SELECT b.id, b.path_hash, r.id, b.findings
FROM part.blobs AS b
JOIN part.rulesets AS pr ON pr.id = b.ruleset
JOIN rulesets AS r ON r.digest = pr.digest;

DELETE FROM findings WHERE repository IN
    (SELECT id FROM repositories WHERE name IN (SELECT name FROM part.repositories));
DELETE FROM diagnostics WHERE repository IN
    (SELECT id FROM repositories WHERE name IN (SELECT name FROM part.repositories));

INSERT INTO repositories (name, scanned_at, commits, blobs, blobs_read, blobs_recalled, stats, error)
SELECT name, scanned_at, commits, blobs, blobs_read, blobs_recalled, stats, error
FROM part.repositories WHERE true
ON CONFLICT (name) DO UPDATE SET
    scanned_at = excluded.scanned_at, commits = excluded.commits, blobs = excluded.blobs,
    blobs_read = excluded.blobs_read, blobs_recalled = excluded.blobs_recalled,
    stats = excluded.stats, error = excluded.error;

INSERT INTO findings (repository, fingerprint, suppressed, finding)
SELECT r.id, f.fingerprint, f.suppressed, f.finding
FROM part.findings AS f
JOIN part.repositories AS pr ON pr.id = f.repository
JOIN repositories AS r ON r.name = pr.name;

INSERT INTO diagnostics (repository, diagnostic)
SELECT r.id, d.diagnostic
FROM part.diagnostics AS d
JOIN part.repositories AS pr ON pr.id = d.repository
JOIN repositories AS r ON r.name = pr.name;

INSERT INTO triage (fingerprint, state, note, marked_at)
SELECT fingerprint, state, note, marked_at FROM part.triage WHERE true
ON CONFLICT (fingerprint) DO UPDATE SET
    state = excluded.state, note = excluded.note, marked_at = excluded.marked_at
WHERE excluded.marked_at >= triage.marked_at;

INSERT INTO scans (started_at, finished_at, repositories, blobs_read, blobs_recalled)
SELECT started_at, finished_at, repositories, blobs_read, blobs_recalled FROM part.scans;

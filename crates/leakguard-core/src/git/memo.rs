//! What earlier scans of a blob found, consulted before the blob is read: a blob already scanned
//! (in another repository of the same sweep, a fork or vendored copy, or by last week's sweep
//! recorded in a findings store) costs a lookup instead of a read and a scan.
//!
//! A blob is remembered with the path it was scanned at, because rules look at paths (file-name
//! filters, the language of a structural rule): identical bytes under another name are scanned
//! again. Only blobs scanned completely are remembered; one that produced a diagnostic (too large,
//! unreadable, a corrupt archive inside) is read again next time, and reported again.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::{Finding, Fingerprint, Origin};

/// What scanning one blob found, as it is remembered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobFindings {
    /// Findings reported.
    pub findings: Vec<RememberedFinding>,
    /// Findings set aside by an inline allow or the configuration.
    pub suppressed: Vec<RememberedFinding>,
}

/// A finding with the fields that reports leave out but later stages need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedFinding {
    /// The finding as reported.
    #[serde(flatten)]
    pub finding: Finding,
    /// [`Finding::value_key`], which spots one secret shared by two environments.
    pub value_key: Fingerprint,
    /// [`Finding::line_hash`], for SARIF.
    #[serde(default)]
    pub line_hash: String,
}

impl RememberedFinding {
    /// Keeps what a report leaves out.
    pub fn new(finding: Finding) -> RememberedFinding {
        RememberedFinding {
            value_key: finding.value_key,
            line_hash: finding.line_hash.clone(),
            finding,
        }
    }

    /// The finding, whole again.
    pub fn into_finding(self) -> Finding {
        let mut finding = self.finding;
        finding.value_key = self.value_key;
        finding.line_hash = self.line_hash;
        finding
    }
}

/// A store of blob scans. Implementations are shared by every scanning thread.
pub trait BlobMemo: Sync {
    /// What an earlier scan of the blob `id` (its raw object id) at `path` found, if that scan
    /// ran under the current rules and settings; `None` means the blob must be read.
    fn recall(&self, id: &[u8], path: &str) -> Option<BlobFindings>;

    /// Records that the blob `id` at `path` was scanned completely and found `found`.
    fn record(&self, id: &[u8], path: &str, found: &BlobFindings);
}

/// A memo in memory, for one run: a sweep of many repositories reads a blob its forks share once.
#[derive(Debug, Default)]
pub struct MemoryMemo {
    entries: Mutex<HashMap<MemoKey, BlobFindings>>,
}

/// A blob id and a hash of its path: 28 bytes, so a million blobs cost tens of megabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemoKey {
    id: [u8; 20],
    path: u64,
}

impl MemoKey {
    /// The key of the blob `id` at `path` (ids longer than 20 bytes, SHA-256 ones, are cut: the
    /// first 20 bytes of a hash are as unique as a SHA-1).
    pub fn new(id: &[u8], path: &str) -> MemoKey {
        MemoKey::from_parts(id, path_hash(path))
    }

    /// The key as a store keeps it: the id's bytes and the path's hash.
    pub fn from_parts(id: &[u8], path_hash: u64) -> MemoKey {
        let mut key = [0u8; 20];
        let n = id.len().min(20);
        key[..n].copy_from_slice(&id[..n]);
        MemoKey {
            id: key,
            path: path_hash,
        }
    }

    /// The path's hash, as stored.
    pub fn path_hash(&self) -> u64 {
        self.path
    }

    /// The object id's (first 20) bytes.
    pub fn id(&self) -> &[u8; 20] {
        &self.id
    }
}

/// A stable 64-bit hash of a path (FNV-1a): the same in every run and on every machine, since
/// stores outlive processes.
pub fn path_hash(path: &str) -> u64 {
    let mut hasher = Fnv1a::default();
    hasher.write(path.as_bytes());
    hasher.finish()
}

struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl MemoryMemo {
    /// An empty memo.
    pub fn new() -> MemoryMemo {
        MemoryMemo::default()
    }

    /// A memo that starts with `entries` (read from a store).
    pub fn with_entries(entries: impl IntoIterator<Item = (MemoKey, BlobFindings)>) -> MemoryMemo {
        MemoryMemo {
            entries: Mutex::new(entries.into_iter().collect()),
        }
    }

    /// How many blob scans it holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<MemoKey, BlobFindings>> {
        // A panic while holding the lock leaves a map that is still whole: keep using it.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl BlobMemo for MemoryMemo {
    fn recall(&self, id: &[u8], path: &str) -> Option<BlobFindings> {
        self.lock().get(&MemoKey::new(id, path)).cloned()
    }

    fn record(&self, id: &[u8], path: &str, found: &BlobFindings) {
        self.lock().insert(MemoKey::new(id, path), found.clone());
    }
}

/// Moves findings remembered from another introduction of the same blob (another commit, another
/// repository) to this one: the commit, its author and time change; path and blob are the same by
/// construction of the key.
pub(crate) fn relocate(found: BlobFindings, introduction: &Origin) -> (Vec<Finding>, Vec<Finding>) {
    let Origin::Git {
        commit,
        author,
        time,
        ..
    } = introduction
    else {
        return (Vec::new(), Vec::new());
    };
    let place = |remembered: RememberedFinding| {
        let mut finding = remembered.into_finding();
        set_introduction(&mut finding.origin, commit, author, *time);
        finding.other_occurrences.clear();
        finding.classification = None;
        finding.shared_with.clear();
        finding.repository = None;
        finding
    };
    (
        found.findings.into_iter().map(place).collect(),
        found.suppressed.into_iter().map(place).collect(),
    )
}

fn set_introduction(origin: &mut Origin, new_commit: &str, new_author: &str, new_time: i64) {
    match origin {
        Origin::Git {
            commit,
            author,
            time,
            ..
        } => {
            new_commit.clone_into(commit);
            new_author.clone_into(author);
            *time = new_time;
        }
        Origin::Archive { outer: inner, .. } | Origin::MapSource { map: inner, .. } => {
            set_introduction(inner, new_commit, new_author, new_time)
        }
        Origin::File { .. } | Origin::Stdin | Origin::Staged { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_hash_is_stable_across_runs() {
        // Stores outlive processes: the hash must never depend on a random seed.
        assert_eq!(path_hash("config/.env"), path_hash("config/.env"));
        assert_ne!(path_hash("config/.env"), path_hash("config/.env.local"));
        assert_eq!(path_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(path_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn memory_memo_keys_on_blob_and_path() {
        let memo = MemoryMemo::new();
        let found = BlobFindings::default();
        memo.record(&[1; 20], "a.env", &found);
        assert_eq!(memo.recall(&[1; 20], "a.env"), Some(found));
        assert_eq!(memo.recall(&[1; 20], "b.env"), None);
        assert_eq!(memo.recall(&[2; 20], "a.env"), None);
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn relocation_moves_nested_origins_to_the_new_commit() {
        let git = Origin::Git {
            commit: "c1".into(),
            path: "lib.zip".into(),
            blob: "b".into(),
            author: "A <a@x>".into(),
            time: 1,
        };
        let mut nested = Origin::archive_entry(git, "conf/.env");
        set_introduction(&mut nested, "c2", "B <b@x>", 2);
        assert_eq!(nested.commit(), Some("c2"));
        let Origin::Git { author, time, .. } = nested.container() else {
            panic!("the container is a git blob")
        };
        assert_eq!((author.as_str(), *time), ("B <b@x>", 2));
    }
}

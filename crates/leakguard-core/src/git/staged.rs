//! `leakguard git --staged`: the lines a commit is about to add, for a pre-commit hook.
//!
//! Every stage-0 index entry whose blob differs from HEAD's at that path is diffed against HEAD's
//! version (renames paired, as in a range); findings count only on added lines, and only when the
//! file did not already hold the same secret (re-indenting a line does not introduce a key).
//! Before a first commit there is no HEAD and every staged line is added.
//!
//! The index's cache-tree extension records, for each directory git has not touched since it was
//! last written, the tree id it would have; a directory whose id equals HEAD's is skipped
//! without being read, so a hook on a large repository reads only the directories being changed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use gix::bstr::ByteSlice;
use gix::hash::ObjectId;
use gix::objs::TreeRefIter;

use super::added_lines::AddedLines;
use super::tree_diff::{pair_renames, FileChange};
use super::{load_blob, open, GitError, GitScanReport};
use crate::collect::collect;
use crate::scan::Worker;
use crate::{Classification, DiagnosticKind, Engine, Origin, ScanConfig};

/// Scans what is staged in the repository at (or above) `path` against its HEAD commit.
pub fn scan_git_staged(
    engine: &Engine,
    path: &Path,
    config: &ScanConfig,
) -> Result<GitScanReport, GitError> {
    let started = Instant::now();
    let repo = open(path)?;
    let failed = |message: String| GitError {
        path: path.display().to_string(),
        message,
    };
    if repo.is_bare() {
        return Err(failed("a bare repository has no index to scan".into()));
    }
    let index = repo
        .index_or_empty()
        .map_err(|e| failed(format!("cannot read the index: {e}")))?;
    let head_tree = match repo.head_tree_id() {
        Ok(id) => Some(id.detach()),
        // An unborn branch: the first commit, with nothing to compare against.
        Err(_) if repo.head().is_ok_and(|head| head.is_unborn()) => None,
        Err(e) => return Err(failed(format!("cannot read HEAD's tree: {e}"))),
    };

    let mut worker = Worker::new(engine, config);
    let mut head = HeadFiles::default();
    if let Some(tree) = head_tree {
        if let Err((shown, kind)) = head.read(&repo, tree, index.tree(), String::new()) {
            worker.diagnose(shown, kind);
        }
    }

    let mut changes = Vec::new();
    let mut staged_paths = HashSet::new();
    for entry in index.entries() {
        if entry.stage_raw() != 0 || entry.mode.is_submodule() || entry.mode.is_sparse() {
            continue;
        }
        let path = entry.path(&index).to_str_lossy().into_owned();
        if head.is_unchanged(&path) {
            continue;
        }
        let before = head.files.get(&path).copied();
        if before != Some(entry.id) {
            changes.push(FileChange {
                path: path.clone(),
                renamed_from: None,
                old: before,
                new: Some(entry.id),
            });
        }
        staged_paths.insert(path);
    }
    for (path, id) in &head.files {
        if !staged_paths.contains(path) {
            changes.push(FileChange {
                path: path.clone(),
                renamed_from: None,
                old: Some(*id),
                new: None,
            });
        }
    }
    let changes = pair_renames(changes, |id| {
        repo.find_object(id).ok().map(|o| o.detach().data)
    });

    let mut blobs = 0;
    for change in changes {
        let Some(new_id) = change.new else { continue };
        let origin = Origin::Staged {
            path: change.path.clone(),
            blob: new_id.to_string(),
        };
        let Some(new) = load_blob(&repo, &mut worker, new_id, &origin) else {
            continue;
        };
        let old = change
            .old
            .and_then(|id| load_blob(&repo, &mut worker, id, &origin));
        let added = AddedLines::between(old.as_ref().map(|o| o.data.as_slice()), &new.data);
        if added.is_empty() {
            continue;
        }
        blobs += 1;
        let mut kept = worker.take_batch();
        worker.scan_blob(&new.data, origin.clone());
        let mut batch = worker.take_batch();
        batch.retain_findings(|f| added.any_in(f.location.start_line, f.location.end_line));
        if let (false, Some(old)) = (batch.findings.is_empty(), &old) {
            // Same rule, secret and path in HEAD's version: the line moved, the key did not arrive.
            worker.scan_blob(&old.data, origin);
            let known: HashSet<_> = worker.take_batch().path_identities.into_iter().collect();
            batch.retain_findings_with_identity(|_, id| !known.contains(id));
        }
        for finding in &mut batch.findings {
            finding.classification = Some(Classification::Introduced);
        }
        kept.append(batch);
        worker.append(kept);
    }
    let mut report = collect(vec![worker.into_batch()]);
    report.stats.elapsed = started.elapsed();
    Ok(GitScanReport {
        report,
        commits: 0,
        blobs,
        shallow: false,
    })
}

/// HEAD's files in the directories the index may have changed.
#[derive(Default)]
struct HeadFiles {
    /// Path to blob, for files in directories that were read.
    files: HashMap<String, ObjectId>,
    /// Directories (with a trailing `/`, or empty for the root) whose cache-tree id equals HEAD's:
    /// nothing under them is staged.
    unchanged: HashSet<String>,
}

impl HeadFiles {
    fn read(
        &mut self,
        repo: &gix::Repository,
        tree: ObjectId,
        cached: Option<&gix::index::extension::Tree>,
        prefix: String,
    ) -> Result<(), (String, DiagnosticKind)> {
        if cached.is_some_and(|c| c.num_entries.is_some() && c.id == tree) {
            self.unchanged.insert(prefix);
            return Ok(());
        }
        let shown = || format!("tree {tree} ({prefix})");
        let object = repo
            .find_object(tree)
            .map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
        let mut subtrees = Vec::new();
        for entry in TreeRefIter::from_bytes(&object.data, repo.object_hash()) {
            let entry = entry.map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
            let path = format!("{prefix}{}", entry.filename);
            if entry.mode.is_tree() {
                let child = cached.and_then(|c| {
                    c.children
                        .iter()
                        .find(|child| child.name.as_slice() == entry.filename.as_bytes())
                });
                subtrees.push((entry.oid.to_owned(), child, format!("{path}/")));
            } else if entry.mode.is_blob_or_symlink() {
                self.files.insert(path, entry.oid.to_owned());
            }
        }
        drop(object);
        for (id, child, path) in subtrees {
            self.read(repo, id, child, path)?;
        }
        Ok(())
    }

    /// Whether `path` lies in a directory the index has not changed.
    fn is_unchanged(&self, path: &str) -> bool {
        if self.unchanged.is_empty() {
            return false;
        }
        self.unchanged.contains("")
            || path
                .match_indices('/')
                .any(|(i, _)| self.unchanged.contains(&path[..=i]))
    }
}

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

use std::path::Path;
use std::time::Instant;

use gix::bstr::ByteSlice;
use gix::hash::ObjectId;
use gix::objs::TreeRefIter;

use super::added_lines::AddedLines;
use super::tree_diff::{pair_renames, FileChange};
use super::{findings_on_added_lines, fingerprints_in, load_blob, open, GitError, GitScanReport};
use crate::collect::collect;
use crate::scan::Worker;
use crate::{DiagnosticKind, Engine, Origin, ScanConfig};

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
    let mut head = Vec::new();
    if let Some(tree) = head_tree {
        if let Err((shown, kind)) = read_head(&repo, tree, index.tree(), Vec::new(), &mut head) {
            worker.diagnose(shown, kind);
        }
    }
    let staged = index.entries().iter().filter(|entry| {
        entry.stage_raw() == 0 && !entry.mode.is_submodule() && !entry.mode.is_sparse()
    });
    let staged = staged.map(|entry| (entry.path(&index).as_bytes(), entry.id));
    let changes = compare(&head, staged);
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
        let mut batch = findings_on_added_lines(&mut worker, &new.data, origin.clone(), &added);
        if let (false, Some(old)) = (batch.findings.is_empty(), &old) {
            // Same rule, secret and path in HEAD's version: the line moved, the key did not arrive.
            let known = fingerprints_in(&mut worker, &old.data, origin);
            batch.retain_findings(|f| !known.contains(&f.fingerprint));
        }
        worker.append(batch);
    }
    let mut report = collect(vec![worker.into_batch()]);
    report.scope = crate::ScanScope::Staged;
    report.stats.elapsed = started.elapsed();
    Ok(GitScanReport {
        report,
        commits: 0,
        blobs,
        blobs_recalled: 0,
        shallow: false,
    })
}

/// An entry of HEAD's tree, in git's order (which is the index's order: paths compared as bytes).
#[derive(Debug)]
enum HeadEntry {
    /// A file (blob or symlink) at a path.
    File(Vec<u8>, ObjectId),
    /// A directory, with its trailing `/`, whose cache-tree id equals HEAD's: nothing under it
    /// differs, so neither side's entries under it need comparing.
    Unchanged(Vec<u8>),
}

impl HeadEntry {
    fn path(&self) -> &[u8] {
        match self {
            HeadEntry::File(path, _) | HeadEntry::Unchanged(path) => path,
        }
    }
}

/// HEAD's entries under `tree`, depth first in git's order, skipping directories the index's
/// cache-tree proves unchanged.
fn read_head(
    repo: &gix::Repository,
    tree: ObjectId,
    cached: Option<&gix::index::extension::Tree>,
    prefix: Vec<u8>,
    out: &mut Vec<HeadEntry>,
) -> Result<(), (String, DiagnosticKind)> {
    if cached.is_some_and(|c| c.num_entries.is_some() && c.id == tree) {
        out.push(HeadEntry::Unchanged(prefix));
        return Ok(());
    }
    let shown = || format!("tree {tree} ({})", prefix.to_str_lossy());
    let object = repo
        .find_object(tree)
        .map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
    let data = object.detach().data;
    for entry in TreeRefIter::from_bytes(&data, repo.object_hash()) {
        let entry = entry.map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
        let mut path = prefix.clone();
        path.extend_from_slice(entry.filename);
        if entry.mode.is_tree() {
            path.push(b'/');
            let child = cached.and_then(|c| {
                c.children
                    .iter()
                    .find(|child| child.name.as_slice() == entry.filename.as_bytes())
            });
            read_head(repo, entry.oid.to_owned(), child, path, out)?;
        } else if entry.mode.is_blob_or_symlink() {
            out.push(HeadEntry::File(path, entry.oid.to_owned()));
        }
    }
    Ok(())
}

/// Merges HEAD's entries with the staged ones (both sorted by path bytes) into the files that
/// differ: added, modified, or deleted from the index.
fn compare<'a>(
    head: &[HeadEntry],
    staged: impl Iterator<Item = (&'a [u8], ObjectId)>,
) -> Vec<FileChange> {
    let text = |path: &[u8]| path.to_str_lossy().into_owned();
    let mut changes = Vec::new();
    let mut head = head.iter().peekable();
    for (path, id) in staged {
        loop {
            match head.peek() {
                Some(HeadEntry::Unchanged(dir)) if path.starts_with(dir) => break,
                Some(entry) if entry.path() < path => {
                    if let HeadEntry::File(old_path, old) = entry {
                        changes.push(FileChange {
                            path: text(old_path),
                            renamed_from: None,
                            old: Some(*old),
                            new: None,
                        });
                    }
                    head.next();
                }
                _ => break,
            }
        }
        match head.peek() {
            Some(HeadEntry::Unchanged(dir)) if path.starts_with(dir) => {}
            Some(HeadEntry::File(old_path, old)) if old_path.as_slice() == path => {
                if *old != id {
                    changes.push(FileChange {
                        path: text(path),
                        renamed_from: None,
                        old: Some(*old),
                        new: Some(id),
                    });
                }
                head.next();
            }
            _ => changes.push(FileChange {
                path: text(path),
                renamed_from: None,
                old: None,
                new: Some(id),
            }),
        }
    }
    for entry in head {
        if let HeadEntry::File(old_path, old) = entry {
            changes.push(FileChange {
                path: text(old_path),
                renamed_from: None,
                old: Some(*old),
                new: None,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_bytes_or_panic(&[n; 20])
    }

    fn file(path: &str, n: u8) -> HeadEntry {
        HeadEntry::File(path.as_bytes().to_vec(), id(n))
    }

    #[test]
    fn merging_sorted_sides_finds_added_modified_and_deleted_files() {
        let head = vec![
            file("a.txt", 1),
            HeadEntry::Unchanged(b"lib/".to_vec()),
            file("lib0.txt", 2),
            file("z.txt", 3),
        ];
        let staged: Vec<(&[u8], ObjectId)> = vec![
            (b"a.txt", id(1)),
            (b"b.txt", id(9)),
            (b"lib/x.js", id(7)),
            (b"lib/y.js", id(8)),
            (b"lib0.txt", id(5)),
        ];
        let changes = compare(&head, staged.into_iter());
        let summary: Vec<_> = changes
            .iter()
            .map(|c| (c.path.as_str(), c.old.is_some(), c.new.is_some()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("b.txt", false, true),
                ("lib0.txt", true, true),
                ("z.txt", true, false),
            ]
        );
    }
}

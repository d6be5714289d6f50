//! Which files changed between two trees, with renames paired up.
//!
//! Subtrees whose ids match on both sides are skipped without being read, so a commit that
//! edits one file in a large repository costs a handful of tree reads. Submodule entries name
//! commits of another repository and are not followed.

use std::collections::{BTreeMap, HashMap};

use gix::hash::ObjectId;
use gix::objs::TreeRefIter;

use crate::DiagnosticKind;

/// One file that differs between the old and the new tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileChange {
    /// The path in the new tree (or in the old one for a deletion).
    pub(crate) path: String,
    /// The path in the old tree when the file was renamed.
    pub(crate) renamed_from: Option<String>,
    /// The blob before the change; `None` for an added file.
    pub(crate) old: Option<ObjectId>,
    /// The blob after the change; `None` for a deleted file.
    pub(crate) new: Option<ObjectId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Tree,
}

/// Every file that differs between `old` and `new` (either may be absent: a root commit has no
/// old tree). A tree that cannot be read is returned as an error naming it.
pub(crate) fn diff_trees(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
) -> Result<Vec<FileChange>, (String, DiagnosticKind)> {
    let mut changes = Vec::new();
    let mut stack = vec![(old, new, String::new())];
    while let Some((old, new, prefix)) = stack.pop() {
        if old == new {
            continue;
        }
        let old_entries = read_tree(repo, old, &prefix)?;
        let new_entries = read_tree(repo, new, &prefix)?;
        let mut names: Vec<&String> = old_entries.keys().chain(new_entries.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let path = format!("{prefix}{name}");
            let before = old_entries.get(name).copied();
            let after = new_entries.get(name).copied();
            let file = |side: Option<(EntryKind, ObjectId)>| {
                side.filter(|(kind, _)| *kind == EntryKind::File)
                    .map(|(_, id)| id)
            };
            let tree = |side: Option<(EntryKind, ObjectId)>| {
                side.filter(|(kind, _)| *kind == EntryKind::Tree)
                    .map(|(_, id)| id)
            };
            let (old_file, new_file) = (file(before), file(after));
            if old_file != new_file {
                changes.push(FileChange {
                    path: path.clone(),
                    renamed_from: None,
                    old: old_file,
                    new: new_file,
                });
            }
            let (old_tree, new_tree) = (tree(before), tree(after));
            if old_tree != new_tree {
                stack.push((old_tree, new_tree, format!("{path}/")));
            }
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

fn read_tree(
    repo: &gix::Repository,
    id: Option<ObjectId>,
    prefix: &str,
) -> Result<BTreeMap<String, (EntryKind, ObjectId)>, (String, DiagnosticKind)> {
    let mut entries = BTreeMap::new();
    let Some(id) = id else {
        return Ok(entries);
    };
    let shown = || format!("tree {id} ({prefix})");
    let object = repo
        .find_object(id)
        .map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
    for entry in TreeRefIter::from_bytes(&object.data, repo.object_hash()) {
        let entry = entry.map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
        let kind = if entry.mode.is_tree() {
            EntryKind::Tree
        } else if entry.mode.is_blob_or_symlink() {
            EntryKind::File
        } else {
            continue;
        };
        entries.insert(entry.filename.to_string(), (kind, entry.oid.to_owned()));
    }
    Ok(entries)
}

/// Pairs deletions with additions of the same content, as `git diff` does with rename detection:
/// first blobs with identical ids, then the most similar remaining pair when at least half of the
/// lines are shared. `load` reads a blob's bytes (or `None` when it cannot be read).
pub(crate) fn pair_renames(
    changes: Vec<FileChange>,
    mut load: impl FnMut(ObjectId) -> Option<Vec<u8>>,
) -> Vec<FileChange> {
    /// Beyond this many candidate pairs only exact renames are paired: similarity needs every
    /// blob read and compared, which a commit that moves thousands of files cannot afford.
    const MAX_SIMILARITY_PAIRS: usize = 10_000;

    let (mut kept, rest): (Vec<_>, Vec<_>) = changes
        .into_iter()
        .partition(|c| c.old.is_some() && c.new.is_some());
    let (mut added, mut deleted): (Vec<_>, Vec<_>) =
        rest.into_iter().partition(|c| c.new.is_some());
    let mut deleted_by_blob: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (i, change) in deleted.iter().enumerate() {
        if let Some(old) = change.old {
            deleted_by_blob.entry(old).or_default().push(i);
        }
    }
    let mut used = vec![false; deleted.len()];
    let mut unpaired = Vec::new();
    for change in added.drain(..) {
        let exact = change
            .new
            .and_then(|id| deleted_by_blob.get_mut(&id))
            .and_then(|candidates| candidates.pop());
        match exact {
            Some(i) => {
                used[i] = true;
                kept.push(FileChange {
                    renamed_from: Some(deleted[i].path.clone()),
                    old: deleted[i].old,
                    ..change
                });
            }
            None => unpaired.push(change),
        }
    }
    let remaining: Vec<usize> = (0..deleted.len()).filter(|&i| !used[i]).collect();
    if !remaining.is_empty() && unpaired.len() * remaining.len() <= MAX_SIMILARITY_PAIRS {
        let mut old_lines: HashMap<usize, LineBag> = HashMap::new();
        for change in unpaired.iter_mut() {
            let Some(new_bytes) = change.new.and_then(&mut load) else {
                continue;
            };
            let new_bag = LineBag::new(&new_bytes);
            let mut best: Option<(usize, f64)> = None;
            for &i in &remaining {
                if used[i] {
                    continue;
                }
                let bag = old_lines.entry(i).or_insert_with(|| {
                    deleted[i]
                        .old
                        .and_then(&mut load)
                        .map_or_else(LineBag::default, |bytes| LineBag::new(&bytes))
                });
                let score = new_bag.similarity(bag);
                if score >= 0.5 && best.is_none_or(|(_, b)| score > b) {
                    best = Some((i, score));
                }
            }
            if let Some((i, _)) = best {
                used[i] = true;
                change.renamed_from = Some(deleted[i].path.clone());
                change.old = deleted[i].old;
            }
        }
    }
    kept.extend(unpaired);
    kept.extend(
        deleted
            .drain(..)
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(_, c)| c),
    );
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    kept
}

/// A file's lines as a multiset, for rename similarity.
#[derive(Debug, Default)]
struct LineBag {
    counts: HashMap<Vec<u8>, usize>,
    total: usize,
}

impl LineBag {
    fn new(bytes: &[u8]) -> LineBag {
        let mut bag = LineBag::default();
        for line in bytes.split(|&b| b == b'\n') {
            *bag.counts.entry(line.to_vec()).or_default() += 1;
            bag.total += 1;
        }
        bag
    }

    /// Shared lines over the longer file's line count.
    fn similarity(&self, other: &LineBag) -> f64 {
        let shared: usize = self
            .counts
            .iter()
            .map(|(line, &n)| n.min(other.counts.get(line).copied().unwrap_or(0)))
            .sum();
        let longer = self.total.max(other.total);
        if longer == 0 {
            return 1.0;
        }
        shared as f64 / longer as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ObjectId {
        ObjectId::from_bytes_or_panic(&[n; 20])
    }

    fn change(path: &str, old: Option<u8>, new: Option<u8>) -> FileChange {
        FileChange {
            path: path.into(),
            renamed_from: None,
            old: old.map(id),
            new: new.map(id),
        }
    }

    #[test]
    fn identical_blobs_pair_as_a_rename() {
        let paired = pair_renames(
            vec![
                change("a.txt", Some(1), None),
                change("b.txt", None, Some(1)),
            ],
            |_| None,
        );
        assert_eq!(paired.len(), 1);
        assert_eq!(paired[0].path, "b.txt");
        assert_eq!(paired[0].renamed_from.as_deref(), Some("a.txt"));
        assert_eq!(paired[0].old, Some(id(1)));
    }

    #[test]
    fn similar_blobs_pair_and_different_ones_do_not() {
        let load = |oid: ObjectId| -> Option<Vec<u8>> {
            Some(match oid.as_bytes()[0] {
                1 => b"one\ntwo\nthree\nfour\n".to_vec(),
                2 => b"one\ntwo\nthree\nFIVE\n".to_vec(),
                _ => b"nothing\nalike\n".to_vec(),
            })
        };
        let paired = pair_renames(
            vec![
                change("old.txt", Some(1), None),
                change("new.txt", None, Some(2)),
                change("other.txt", None, Some(3)),
            ],
            load,
        );
        let new = paired.iter().find(|c| c.path == "new.txt").expect("new");
        assert_eq!(new.renamed_from.as_deref(), Some("old.txt"));
        let other = paired
            .iter()
            .find(|c| c.path == "other.txt")
            .expect("other");
        assert_eq!(other.old, None);
        assert!(paired.iter().all(|c| c.path != "old.txt"));
    }
}

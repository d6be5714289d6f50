//! Every commit and path at which a blob with findings was introduced.
//!
//! The scan reads each unique blob once, at its first introduction; a person cleaning up also
//! needs the other places the same content entered history (a copy, a rename, a revert, a
//! cherry-pick onto another branch). This second pass runs only for the few blobs that had
//! findings: it reads each unique tree once more, remembering for each tree which of those blobs
//! it holds and where, so every commit's answer is a lookup rather than a walk.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use gix::hash::ObjectId;
use gix::objs::TreeRefIter;

use super::history::CommitInfo;
use crate::{DiagnosticKind, Occurrence};

/// Trees nested deeper than this are not followed (a hostile repository can nest without end).
const MAX_DEPTH: usize = 512;

type Holdings = Rc<Vec<(String, ObjectId)>>;

/// For each blob in `wanted`, the `(commit, path)` pairs whose tree has it at that path while no
/// parent of the commit has it there, oldest commit first.
pub(crate) fn introductions(
    repo: &gix::Repository,
    commits: &[CommitInfo],
    wanted: &HashSet<ObjectId>,
    problems: &mut Vec<(String, DiagnosticKind)>,
) -> HashMap<ObjectId, Vec<Occurrence>> {
    let mut found: HashMap<ObjectId, Vec<Occurrence>> = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    let mut trees = TreeHoldings {
        repo,
        wanted,
        memo: HashMap::new(),
        empty: Rc::new(Vec::new()),
        problems,
    };
    let tree_of: HashMap<ObjectId, ObjectId> = commits.iter().map(|c| (c.id, c.tree)).collect();
    for commit in commits {
        let held = trees.of(commit.tree, 0);
        if held.is_empty() {
            continue;
        }
        let in_parents: HashSet<(String, ObjectId)> = commit
            .parents
            .iter()
            .filter_map(|p| tree_of.get(p))
            .flat_map(|&tree| trees.of(tree, 0).iter().cloned().collect::<Vec<_>>())
            .collect();
        for (path, blob) in held.iter() {
            if !in_parents.contains(&(path.clone(), *blob)) {
                found.entry(*blob).or_default().push(Occurrence {
                    commit: commit.id.to_string(),
                    path: path.clone(),
                });
            }
        }
    }
    found
}

struct TreeHoldings<'a> {
    repo: &'a gix::Repository,
    wanted: &'a HashSet<ObjectId>,
    /// Tree id to the wanted blobs under it, by path relative to the tree.
    memo: HashMap<ObjectId, Holdings>,
    empty: Holdings,
    problems: &'a mut Vec<(String, DiagnosticKind)>,
}

impl TreeHoldings<'_> {
    fn of(&mut self, tree: ObjectId, depth: usize) -> Holdings {
        if let Some(held) = self.memo.get(&tree) {
            return held.clone();
        }
        if depth > MAX_DEPTH {
            return self.empty.clone();
        }
        let object = match self.repo.find_object(tree) {
            Ok(object) => object,
            Err(e) => {
                self.problems
                    .push((format!("tree {tree}"), DiagnosticKind::unreadable(e)));
                self.memo.insert(tree, self.empty.clone());
                return self.empty.clone();
            }
        };
        let mut blobs = Vec::new();
        let mut subtrees = Vec::new();
        for entry in TreeRefIter::from_bytes(&object.data, self.repo.object_hash()) {
            let Ok(entry) = entry else { break };
            if entry.mode.is_tree() {
                subtrees.push((entry.filename.to_string(), entry.oid.to_owned()));
            } else if entry.mode.is_blob_or_symlink() && self.wanted.contains(entry.oid) {
                blobs.push((entry.filename.to_string(), entry.oid.to_owned()));
            }
        }
        drop(object);
        for (name, subtree) in subtrees {
            for (path, blob) in self.of(subtree, depth + 1).iter() {
                blobs.push((format!("{name}/{path}"), *blob));
            }
        }
        let held = if blobs.is_empty() {
            self.empty.clone()
        } else {
            Rc::new(blobs)
        };
        self.memo.insert(tree, held.clone());
        held
    }
}

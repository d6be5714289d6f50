//! Every commit and path at which a blob with findings was introduced.
//!
//! The scan reads each unique blob once, at its first introduction; a person cleaning up also
//! needs the other places the same content entered history (a copy, a rename, a revert, a
//! cherry-pick onto another branch). This pass runs only when some blob had findings. Each commit
//! is compared with its parents, skipping every subtree whose id is unchanged, and a wanted blob
//! that differs from what the first parent had at its path is an introduction (for a merge, only
//! when no parent had it there). The cost is that of `git log --raw`: proportional to what
//! changed, with nothing kept per tree beyond one commit's search, which is bounded against
//! trees built to explode it (see [`MAX_PLACES_PER_COMMIT`]).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use gix::bstr::{BStr, ByteSlice};
use gix::hash::ObjectId;
use gix::objs::TreeRefIter;

use super::blob_at;
use super::history::CommitInfo;
use crate::{DiagnosticKind, Occurrence};

/// Trees nested deeper than this are not followed (a hostile repository can nest without end).
const MAX_DEPTH: usize = 512;

/// Paths at which one commit may be found to add wanted blobs; its search stops there. A tree can
/// name one subtree twice, and that one name another twice, so that 30 tree objects hold 2^30
/// paths: listing every one took hours and more memory than the machine had. Within a commit, a
/// pair of subtrees found to add nothing is not searched again, so only trees that do add wanted
/// blobs are walked more than once.
pub(crate) const MAX_PLACES_PER_COMMIT: usize = 1000;

/// For each blob in `wanted`, the `(commit, path)` pairs whose tree has it at that path while no
/// parent of the commit has it there, oldest commit first.
pub(crate) fn introductions(
    repo: &gix::Repository,
    commits: &[CommitInfo],
    wanted: &gix::hashtable::HashSet<ObjectId>,
    problems: &mut Vec<(String, DiagnosticKind)>,
) -> HashMap<ObjectId, Vec<Occurrence>> {
    let mut found: HashMap<ObjectId, Vec<Occurrence>> = HashMap::new();
    if wanted.is_empty() {
        return found;
    }
    let tree_of: gix::hashtable::HashMap<ObjectId, ObjectId> =
        commits.iter().map(|c| (c.id, c.tree)).collect();
    let mut differ = Differ {
        repo,
        wanted,
        barren: HashSet::new(),
    };
    let mut added = Vec::new();
    for commit in commits {
        let parents: Vec<ObjectId> = commit
            .parents
            .iter()
            .filter_map(|p| tree_of.get(p).copied())
            .collect();
        added.clear();
        differ.barren.clear();
        let mut path = Vec::new();
        let complete = differ.added(
            parents.first().copied(),
            commit.tree,
            &mut path,
            0,
            &mut added,
        );
        if !complete && added.len() >= MAX_PLACES_PER_COMMIT {
            problems.push((
                format!("commit {}", commit.id),
                DiagnosticKind::TooManyPlaces {
                    limit: MAX_PLACES_PER_COMMIT as u64,
                },
            ));
        }
        for (path, blob) in added.drain(..) {
            // In a merge, content another parent already had at that path came from there.
            let elsewhere = parents[1.min(parents.len())..]
                .iter()
                .any(|&tree| blob_at(repo, tree, path.as_bstr()) == Some(blob));
            if !elsewhere {
                found.entry(blob).or_default().push(Occurrence {
                    commit: commit.id.to_string(),
                    path: path.to_str_lossy().into_owned(),
                });
            }
        }
    }
    found
}

struct Differ<'a> {
    repo: &'a gix::Repository,
    wanted: &'a gix::hashtable::HashSet<ObjectId>,
    /// Pairs of trees (old, new) of the current commit known to add no wanted blob. A std set:
    /// gix's tables hash object ids alone and panic on anything else, such as this pair.
    barren: HashSet<(Option<ObjectId>, ObjectId)>,
}

impl Differ<'_> {
    /// Appends to `out` the wanted blobs in `new` that `old` does not have at the same path, up
    /// to [`MAX_PLACES_PER_COMMIT`] in all. `path` is the directory prefix (with a trailing `/`),
    /// restored on return. Returns whether the pair was searched to the end (not cut short by
    /// depth or by the cap), which is when finding nothing proves it barren.
    fn added(
        &mut self,
        old: Option<ObjectId>,
        new: ObjectId,
        path: &mut Vec<u8>,
        depth: usize,
        out: &mut Vec<(Vec<u8>, ObjectId)>,
    ) -> bool {
        if old == Some(new) || self.barren.contains(&(old, new)) {
            return true;
        }
        if depth > MAX_DEPTH || out.len() >= MAX_PLACES_PER_COMMIT {
            return false;
        }
        let found_before = out.len();
        let mut complete = true;
        let old_data = old.map(|old| self.tree_data(old)).unwrap_or_default();
        let new_data = self.tree_data(new);
        let hash = self.repo.object_hash();
        let mut old_entries = TreeRefIter::from_bytes(&old_data, hash)
            .map_while(Result::ok)
            .peekable();
        for entry in TreeRefIter::from_bytes(&new_data, hash).map_while(Result::ok) {
            let is_tree = entry.mode.is_tree();
            // Both sides are in git's order; skip the old entries that sort before this one.
            let mut before = None;
            while let Some(old_entry) = old_entries.peek() {
                match git_order(
                    old_entry.filename,
                    old_entry.mode.is_tree(),
                    entry.filename,
                    is_tree,
                ) {
                    Ordering::Less => {
                        old_entries.next();
                    }
                    Ordering::Equal => {
                        before = Some(old_entry.oid.to_owned());
                        old_entries.next();
                        break;
                    }
                    Ordering::Greater => break,
                }
            }
            let id = entry.oid.to_owned();
            if before == Some(id) {
                continue;
            }
            let len = path.len();
            path.extend_from_slice(entry.filename);
            if is_tree {
                path.push(b'/');
                complete &= self.added(before, id, path, depth + 1, out);
            } else if entry.mode.is_blob_or_symlink() && self.wanted.contains(&id) {
                if out.len() >= MAX_PLACES_PER_COMMIT {
                    complete = false;
                } else {
                    out.push((path.clone(), id));
                }
            }
            path.truncate(len);
        }
        if complete && out.len() == found_before {
            self.barren.insert((old, new));
        }
        complete
    }

    /// A tree's bytes, or nothing for a tree that cannot be read: the blob walk, which reads
    /// every tree of the same commits, has reported it already.
    fn tree_data(&self, tree: ObjectId) -> Vec<u8> {
        self.repo
            .find_object(tree)
            .map(|object| object.detach().data)
            .unwrap_or_default()
    }
}

/// Git's tree order: names compared as bytes, a tree's name as if it ended in `/`.
fn git_order(a: &BStr, a_tree: bool, b: &BStr, b_tree: bool) -> Ordering {
    let common = a.len().min(b.len());
    match a[..common].cmp(&b[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &BStr, tree: bool| -> Option<u8> {
        name.get(common).copied().or(tree.then_some(b'/'))
    };
    next(a, a_tree).cmp(&next(b, b_tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_sort_as_if_their_names_ended_in_a_slash() {
        let order = |a: &str, at: bool, b: &str, bt: bool| git_order(a.into(), at, b.into(), bt);
        assert_eq!(order("a", true, "a.txt", false), Ordering::Greater);
        assert_eq!(order("a", false, "a.txt", false), Ordering::Less);
        assert_eq!(order("a", true, "a0", false), Ordering::Less);
        assert_eq!(order("lib", true, "lib", true), Ordering::Equal);
        assert_eq!(order("lib", true, "lib", false), Ordering::Greater);
    }
}

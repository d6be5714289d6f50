//! Which blobs a repository's history holds, and where each was first introduced.
//!
//! Every ref is a tip (branches, tags, remote-tracking refs, the stash, a detached HEAD). Tags are
//! peeled to what they point at: a commit joins the history, a tree or blob is scanned as itself.
//! Commits are ordered oldest first, parents always before their children (Kahn's algorithm with
//! committer time breaking ties), and their trees walked in that order, skipping any tree already
//! walked: every blob is then met first at its introducing commit, and each unique tree is read
//! once, so the pass is linear in the number of unique trees rather than commits × files.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

// Object ids are already uniform hashes: gix's tables use their bytes directly, skipping SipHash.
use gix::hashtable::{HashMap, HashSet};

use gix::hash::ObjectId;
use gix::objs::{CommitRef, Kind, TagRef, TreeRefIter};

use crate::DiagnosticKind;

/// A commit as far as provenance needs it.
#[derive(Debug, Clone)]
pub(crate) struct CommitInfo {
    pub(crate) id: ObjectId,
    pub(crate) tree: ObjectId,
    pub(crate) parents: Vec<ObjectId>,
    pub(crate) author: String,
    pub(crate) time: i64,
}

/// Where a blob was first seen.
#[derive(Debug, Clone)]
pub(crate) struct Introduction {
    /// Index into [`History::commits`], or `None` for blobs reached only through a tag of a tree
    /// or blob, or not reached at all (`--all-objects`).
    pub(crate) commit: Option<usize>,
    pub(crate) path: String,
}

/// The commits of a history and the other roots tags point at: what the tree walk starts from.
#[derive(Debug, Default)]
pub(crate) struct History {
    /// Oldest first, parents before children.
    pub(crate) commits: Vec<CommitInfo>,
    /// Trees and blobs that tags point at directly, with the tag's name.
    other_roots: Vec<(ObjectId, Kind, String)>,
    /// Objects that could not be read or parsed, by id (the rest of the graph is still walked).
    pub(crate) problems: Vec<(String, DiagnosticKind)>,
    /// Parents listed by a commit but absent because the clone is shallow.
    pub(crate) shallow_cut: bool,
}

/// Reads every commit reachable from the refs, ordered oldest first.
pub(crate) fn read_history(repo: &gix::Repository) -> History {
    let mut history = History::default();
    let shallow = repo.is_shallow().unwrap_or(false);
    let mut commit_tips = Vec::new();
    let mut other_roots: Vec<(ObjectId, Kind, String)> = Vec::new();
    for (id, name) in tips(repo, &mut history) {
        peel(
            repo,
            id,
            &name,
            &mut commit_tips,
            &mut other_roots,
            &mut history,
        );
    }
    let commits = read_commits(repo, commit_tips, shallow, &mut history);
    history.commits = order_oldest_first(commits);
    history.other_roots = other_roots;
    history
}

/// Walks the trees of `history` in order and hands each unique blob to `emit` with its first
/// introduction, as soon as it is met, so scanning can start before the walk ends. Returns the
/// number of unique blobs.
pub(crate) fn walk_blobs(
    repo: &gix::Repository,
    history: &History,
    all_objects: bool,
    problems: &mut Vec<(String, DiagnosticKind)>,
    emit: &mut dyn FnMut(ObjectId, Introduction),
) -> usize {
    let mut walker = TreeWalker {
        repo,
        seen_trees: HashSet::default(),
        seen_blobs: HashSet::default(),
        problems,
        emit,
    };
    for (index, commit) in history.commits.iter().enumerate() {
        walker.walk(commit.tree, String::new(), Some(index));
    }
    for (id, kind, name) in &history.other_roots {
        match kind {
            Kind::Tree => walker.walk(*id, format!("{name}:"), None),
            _ => walker.add_blob(*id, name.clone(), None),
        }
    }
    if all_objects {
        walker.add_unreachable_blobs();
    }
    walker.seen_blobs.len()
}

/// Every ref's direct target, plus HEAD (which may be detached), in a stable order.
fn tips(repo: &gix::Repository, history: &mut History) -> Vec<(ObjectId, String)> {
    let mut tips = Vec::new();
    let platform = match repo.references() {
        Ok(platform) => platform,
        Err(e) => {
            history
                .problems
                .push(("refs".into(), DiagnosticKind::unreadable(e)));
            return tips;
        }
    };
    match platform.all() {
        Ok(iter) => {
            for reference in iter {
                match reference {
                    Ok(reference) => {
                        if let Some(id) = reference.target().try_id() {
                            tips.push((id.to_owned(), reference.name().as_bstr().to_string()));
                        }
                    }
                    Err(e) => history
                        .problems
                        .push(("refs".into(), DiagnosticKind::unreadable(e))),
                }
            }
        }
        Err(e) => history
            .problems
            .push(("refs".into(), DiagnosticKind::unreadable(e))),
    }
    if let Ok(head) = repo.head_id() {
        tips.push((head.detach(), "HEAD".into()));
    }
    tips.sort();
    tips.dedup_by(|a, b| a.0 == b.0);
    tips
}

/// Follows annotated tags (possibly nested) to the object they name.
fn peel(
    repo: &gix::Repository,
    mut id: ObjectId,
    name: &str,
    commits: &mut Vec<ObjectId>,
    others: &mut Vec<(ObjectId, Kind, String)>,
    history: &mut History,
) {
    for _ in 0..32 {
        let object = match repo.find_object(id) {
            Ok(object) => object,
            Err(e) => {
                return history
                    .problems
                    .push((format!("{id} (ref {name})"), DiagnosticKind::unreadable(e)))
            }
        };
        match object.kind {
            Kind::Commit => return commits.push(id),
            Kind::Tag => match TagRef::from_bytes(&object.data, repo.object_hash()) {
                Ok(tag) => id = tag.target(),
                Err(e) => {
                    return history
                        .problems
                        .push((format!("{id} (tag {name})"), DiagnosticKind::unreadable(e)))
                }
            },
            kind => return others.push((id, kind, name.to_owned())),
        }
    }
}

/// Every commit reachable from the tips. A missing parent is a problem, except at a shallow
/// clone's boundary, where it is expected and only noted.
fn read_commits(
    repo: &gix::Repository,
    tips: Vec<ObjectId>,
    shallow: bool,
    history: &mut History,
) -> Vec<CommitInfo> {
    let mut seen: HashSet<ObjectId> = tips.iter().copied().collect();
    let mut queue = tips;
    let mut commits = Vec::new();
    while let Some(id) = queue.pop() {
        let commit = match read_commit(repo, id) {
            Ok(commit) => commit,
            Err(_) if shallow => {
                history.shallow_cut = true;
                continue;
            }
            Err(problem) => {
                history.problems.push(problem);
                continue;
            }
        };
        for parent in &commit.parents {
            if seen.insert(*parent) {
                queue.push(*parent);
            }
        }
        commits.push(commit);
    }
    commits
}

/// Reads one commit: its tree, parents, author and committer time.
pub(crate) fn read_commit(
    repo: &gix::Repository,
    id: ObjectId,
) -> Result<CommitInfo, (String, DiagnosticKind)> {
    let shown = || format!("commit {id}");
    let object = repo
        .find_object(id)
        .map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
    let commit = CommitRef::from_bytes(&object.data, repo.object_hash())
        .map_err(|e| (shown(), DiagnosticKind::unreadable(e)))?;
    let author = commit
        .author()
        .map(|a| format!("{} <{}>", a.name, a.email))
        .unwrap_or_default();
    let time = commit.committer().map(|c| c.seconds()).unwrap_or(0);
    Ok(CommitInfo {
        id,
        tree: commit.tree(),
        parents: commit.parents().collect(),
        author,
        time,
    })
}

/// Parents before children; among commits ready at the same moment, the oldest first.
pub(crate) fn order_oldest_first(commits: Vec<CommitInfo>) -> Vec<CommitInfo> {
    let index: HashMap<ObjectId, usize> =
        commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut waiting_on = vec![0usize; commits.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); commits.len()];
    for (i, commit) in commits.iter().enumerate() {
        for parent in &commit.parents {
            if let Some(&p) = index.get(parent) {
                waiting_on[i] += 1;
                children[p].push(i);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(i64, ObjectId, usize)>> = commits
        .iter()
        .enumerate()
        .filter(|(i, _)| waiting_on[*i] == 0)
        .map(|(i, c)| Reverse((c.time, c.id, i)))
        .collect();
    let mut order = Vec::with_capacity(commits.len());
    while let Some(Reverse((_, _, i))) = ready.pop() {
        order.push(i);
        for &child in &children[i] {
            waiting_on[child] -= 1;
            if waiting_on[child] == 0 {
                ready.push(Reverse((commits[child].time, commits[child].id, child)));
            }
        }
    }
    let mut slots: Vec<Option<CommitInfo>> = commits.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

struct TreeWalker<'a> {
    repo: &'a gix::Repository,
    seen_trees: HashSet<ObjectId>,
    seen_blobs: HashSet<ObjectId>,
    problems: &'a mut Vec<(String, DiagnosticKind)>,
    emit: &'a mut dyn FnMut(ObjectId, Introduction),
}

impl TreeWalker<'_> {
    fn walk(&mut self, tree: ObjectId, prefix: String, commit: Option<usize>) {
        let mut stack = vec![(tree, prefix)];
        while let Some((tree, prefix)) = stack.pop() {
            if !self.seen_trees.insert(tree) {
                continue;
            }
            let object = match self.repo.find_object(tree) {
                Ok(object) => object,
                Err(e) => {
                    self.problems.push((
                        format!("tree {tree} ({prefix})"),
                        DiagnosticKind::unreadable(e),
                    ));
                    continue;
                }
            };
            for entry in TreeRefIter::from_bytes(&object.data, self.repo.object_hash()) {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        self.problems.push((
                            format!("tree {tree} ({prefix})"),
                            DiagnosticKind::unreadable(e),
                        ));
                        break;
                    }
                };
                // Paths are built only for what is new: most entries of a changed tree are
                // trees and blobs already met.
                if entry.mode.is_tree() {
                    if !self.seen_trees.contains(entry.oid) {
                        stack.push((entry.oid.to_owned(), format!("{prefix}{}/", entry.filename)));
                    }
                } else if entry.mode.is_blob_or_symlink() && !self.seen_blobs.contains(entry.oid) {
                    self.add_blob(
                        entry.oid.to_owned(),
                        format!("{prefix}{}", entry.filename),
                        commit,
                    );
                }
                // Submodule entries name commits of another repository: not followed.
            }
        }
    }

    fn add_blob(&mut self, id: ObjectId, path: String, commit: Option<usize>) {
        if self.seen_blobs.insert(id) {
            (self.emit)(id, Introduction { commit, path });
        }
    }

    /// Blobs in the object database that no ref reaches: left by force-pushes, rebases and
    /// `git add` of content never committed.
    fn add_unreachable_blobs(&mut self) {
        let ids = match self.repo.objects.iter() {
            Ok(ids) => ids,
            Err(e) => {
                return self
                    .problems
                    .push(("object database".into(), DiagnosticKind::unreadable(e)))
            }
        };
        let mut unreachable = Vec::new();
        for id in ids {
            let id = match id {
                Ok(id) => id,
                Err(e) => {
                    self.problems
                        .push(("object database".into(), DiagnosticKind::unreadable(e)));
                    continue;
                }
            };
            if self.seen_blobs.contains(&id) {
                continue;
            }
            match self.repo.find_header(id) {
                Ok(header) if header.kind() == Kind::Blob => unreachable.push(id),
                Ok(_) => {}
                Err(e) => self
                    .problems
                    .push((format!("object {id}"), DiagnosticKind::unreadable(e))),
            }
        }
        unreachable.sort();
        for id in unreachable {
            self.add_blob(id, format!("(unreachable blob {id})"), None);
        }
    }
}

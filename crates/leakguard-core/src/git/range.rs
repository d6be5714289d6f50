//! `leakguard git --range BASE..HEAD`: the commits of a pull request, each finding classified.
//!
//! The commits reachable from HEAD but not from BASE are each diffed against their first parent
//! (renames paired, as `git diff -M` does). A changed blob is scanned whole, so locations and
//! context are right, but a finding counts as *introduced* only on a line that commit added. In a
//! merge commit a line counts only when no parent had it: what a merge brings in from the base
//! branch is not the range's work.
//!
//! Every file the range touches is also scanned as it was before the range (the old side of the
//! first range commit that touched it); what is found there is *pre-existing*. A secret on an
//! added line that the file already held before the range is pre-existing too: moving or
//! re-indenting a line does not introduce a key. Files the range does not touch are not read.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use gix::hash::ObjectId;
use rayon::prelude::*;

use super::added_lines::AddedLines;
use super::history::{order_oldest_first, read_commit, CommitInfo};
use super::tree_diff::{diff_trees, pair_renames};
use super::{
    blob_at, findings_on_added_lines, git_origin, load_blob, open, GitError, GitScanReport,
};
use crate::collect::{collect, Batch};
use crate::scan::Worker;
use crate::{Classification, Diagnostic, DiagnosticKind, Engine, ScanConfig};

/// The commits of a pull request or push: those reachable from `head` but not from `base`, as
/// `git log BASE..HEAD` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRange {
    /// The revision the range starts after (a branch, tag or commit id; anything `git rev-parse`
    /// takes).
    pub base: String,
    /// The revision the range ends at.
    pub head: String,
}

impl GitRange {
    /// Parses `BASE..HEAD`; an empty HEAD means `HEAD`.
    pub fn parse(spec: &str) -> Result<GitRange, String> {
        if spec.contains("...") {
            return Err(format!(
                "`{spec}`: use BASE..HEAD (two dots); BASE...HEAD would include the base branch's own commits"
            ));
        }
        match spec.split_once("..") {
            Some((base, head)) if !base.is_empty() => Ok(GitRange {
                base: base.to_owned(),
                head: if head.is_empty() { "HEAD" } else { head }.to_owned(),
            }),
            _ => Err(format!(
                "`{spec}` is not a commit range: expected BASE..HEAD"
            )),
        }
    }

    /// The commits after `rev` up to `HEAD` (`--since-commit REV`).
    pub fn since(rev: &str) -> GitRange {
        GitRange {
            base: rev.to_owned(),
            head: "HEAD".to_owned(),
        }
    }
}

impl std::fmt::Display for GitRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.base, self.head)
    }
}

/// A file a range commit changed, as it was before that commit.
struct Touched {
    path: String,
    /// The blob before the change; `None` when the commit added the file.
    before: Option<ObjectId>,
    /// The first parent, whose tree holds `before`.
    parent: ObjectId,
}

/// What scanning one commit of the range produced.
#[derive(Default)]
struct CommitScan {
    introduced: Batch,
    touched: Vec<Touched>,
}

/// Scans the commits of `range` in the repository at (or above) `path`, classifying each finding
/// as introduced by the range or pre-existing in a file it touches.
pub fn scan_git_range(
    engine: &Engine,
    path: &Path,
    range: &GitRange,
    config: &ScanConfig,
) -> Result<GitScanReport, GitError> {
    let started = Instant::now();
    let repo = open(path)?;
    let shallow = repo.is_shallow().unwrap_or(false);
    let resolve = |rev: &str| -> Result<ObjectId, GitError> {
        let hint = if shallow {
            " (this is a shallow clone: fetch the history the range needs, e.g. `git fetch --unshallow` or `fetch-depth: 0` in actions/checkout)"
        } else {
            ""
        };
        let unresolved = |message: String| GitError {
            path: path.display().to_string(),
            message: format!("cannot resolve `{rev}` to a commit: {message}{hint}"),
        };
        let id = repo
            .rev_parse_single(rev)
            .map_err(|e| unresolved(e.to_string()))?;
        let commit = id
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| unresolved(e.to_string()))?;
        Ok(commit.id)
    };
    let (base, head) = (resolve(&range.base)?, resolve(&range.head)?);

    let mut problems: Vec<(String, DiagnosticKind)> = Vec::new();
    let mut commits = Vec::new();
    for id in range_commits(&repo, base, head, &mut problems) {
        match read_commit(&repo, id) {
            Ok(commit) => commits.push(commit),
            Err(problem) => problems.push(problem),
        }
    }
    let commits = order_oldest_first(commits);

    let shared = repo.into_sync();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.max(1))
        .build();
    let run = || -> (Vec<CommitScan>, Vec<Batch>) {
        let scans: Vec<CommitScan> = commits
            .par_iter()
            .map_init(
                || (shared.to_thread_local(), Worker::new(engine, config)),
                |(repo, worker), commit| scan_commit(repo, worker, commit),
            )
            .collect();
        let befores = before_versions(&scans);
        let pre_existing: Vec<Batch> = befores
            .par_iter()
            .map_init(
                || (shared.to_thread_local(), Worker::new(engine, config)),
                |(repo, worker), (path, (blob, parent))| {
                    scan_before(repo, worker, path, *blob, *parent)
                },
            )
            .collect();
        (scans, pre_existing)
    };
    let (scans, pre_existing) = match &pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };

    let blobs = scans
        .iter()
        .map(|s| s.introduced.stats.files_scanned)
        .chain(pre_existing.iter().map(|b| b.stats.files_scanned))
        .sum::<u64>() as usize;
    let mut batches = classify(scans, pre_existing);
    batches.push(Batch {
        diagnostics: problems
            .into_iter()
            .map(|(path, kind)| Diagnostic::new(path, kind))
            .collect(),
        ..Batch::default()
    });
    let mut report = collect(batches);
    report.scope = crate::ScanScope::Range;
    report.stats.elapsed = started.elapsed();
    Ok(GitScanReport {
        report,
        commits: commits.len(),
        blobs,
        blobs_recalled: 0,
        shallow,
    })
}

/// The ids of the commits reachable from `head` and not from `base`.
fn range_commits(
    repo: &gix::Repository,
    base: ObjectId,
    head: ObjectId,
    problems: &mut Vec<(String, DiagnosticKind)>,
) -> Vec<ObjectId> {
    if base == head {
        return Vec::new();
    }
    let walk = match repo.rev_walk([head]).with_hidden([base]).all() {
        Ok(walk) => walk,
        Err(e) => {
            problems.push((
                format!("commits {base}..{head}"),
                DiagnosticKind::unreadable(e),
            ));
            return Vec::new();
        }
    };
    let mut ids = Vec::new();
    for info in walk {
        match info {
            Ok(info) => ids.push(info.id),
            Err(e) => problems.push((
                format!("commits {base}..{head}"),
                DiagnosticKind::unreadable(e),
            )),
        }
    }
    ids
}

/// Diffs one commit against its first parent and keeps the findings on lines it added.
fn scan_commit(repo: &gix::Repository, worker: &mut Worker<'_>, commit: &CommitInfo) -> CommitScan {
    let mut scan = CommitScan::default();
    let mut parents = Vec::new();
    for &parent in &commit.parents {
        match read_commit(repo, parent) {
            Ok(parent) => parents.push(parent),
            Err((path, kind)) => {
                // Without its parents a commit's added lines are unknown; claiming every line
                // would blame the range for history it did not write.
                worker.diagnose(
                    format!("{path} (parent of {}; fetch more history)", commit.id),
                    kind,
                );
                scan.introduced = worker.take_batch();
                return scan;
            }
        }
    }
    let changes = match diff_trees(repo, parents.first().map(|p| p.tree), Some(commit.tree)) {
        Ok(changes) => changes,
        Err((path, kind)) => {
            worker.diagnose(path, kind);
            scan.introduced = worker.take_batch();
            return scan;
        }
    };
    let changes = pair_renames(changes, |id| {
        repo.find_object(id).ok().map(|o| o.detach().data)
    });
    let is_merge = parents.len() > 1;
    for change in changes {
        let touched = parents.first().map(|parent| Touched {
            path: change
                .renamed_from
                .clone()
                .unwrap_or_else(|| change.path.clone()),
            before: change.old,
            parent: parent.id,
        });
        let Some(new_id) = change.new else {
            scan.touched.extend(touched);
            continue;
        };
        let origin = git_origin(Some(commit), &change.path, new_id);
        let Some(new) = load_blob(repo, worker, new_id, &origin) else {
            scan.touched.extend(touched);
            continue;
        };
        let old = change
            .old
            .and_then(|id| load_blob(repo, worker, id, &origin));
        let mut added = AddedLines::between(old.as_ref().map(|o| o.data.as_slice()), &new.data);
        for other in parents.iter().skip(1) {
            let theirs = blob_at(repo, other.tree, change.path.as_str().into())
                .and_then(|id| repo.find_object(id).ok());
            added.intersect(&AddedLines::between(
                theirs.as_ref().map(|o| o.data.as_slice()),
                &new.data,
            ));
        }
        if added.is_empty() {
            if !is_merge {
                scan.touched.extend(touched);
            }
            continue;
        }
        scan.touched.extend(touched);
        let found = findings_on_added_lines(worker, &new.data, origin, &added);
        scan.introduced.append(found);
    }
    scan.introduced.append(worker.take_batch());
    scan
}

/// Each touched path as it was before the first range commit that touched it.
fn before_versions(scans: &[CommitScan]) -> Vec<(String, (ObjectId, ObjectId))> {
    let mut first: BTreeMap<&str, (Option<ObjectId>, ObjectId)> = BTreeMap::new();
    for touched in scans.iter().flat_map(|s| &s.touched) {
        first
            .entry(&touched.path)
            .or_insert((touched.before, touched.parent));
    }
    first
        .into_iter()
        .filter_map(|(path, (before, parent))| Some((path.to_owned(), (before?, parent))))
        .collect()
}

fn scan_before(
    repo: &gix::Repository,
    worker: &mut Worker<'_>,
    path: &str,
    blob: ObjectId,
    parent: ObjectId,
) -> Batch {
    let commit = match read_commit(repo, parent) {
        Ok(commit) => Some(commit),
        Err((shown, kind)) => {
            worker.diagnose(shown, kind);
            None
        }
    };
    let origin = git_origin(commit.as_ref(), path, blob);
    if let Some(before) = load_blob(repo, worker, blob, &origin) {
        worker.scan_blob(&before.data, origin);
    }
    let mut batch = worker.take_batch();
    for finding in &mut batch.findings {
        finding.classification = Some(Classification::PreExisting);
    }
    batch
}

/// Drops what is not the range's news: a secret found on an added line that the file already
/// held before the range is reported once, as pre-existing; a secret introduced at a path is
/// reported at its first commit only.
fn classify(scans: Vec<CommitScan>, pre_existing: Vec<Batch>) -> Vec<Batch> {
    let known: HashSet<_> = pre_existing
        .iter()
        .flat_map(|b| b.findings.iter().map(|f| f.fingerprint))
        .collect();
    let mut seen = HashSet::new();
    let mut batches = Vec::new();
    for mut scan in scans {
        scan.introduced
            .retain_findings(|f| !known.contains(&f.fingerprint) && seen.insert(f.fingerprint));
        batches.push(scan.introduced);
    }
    let mut seen = HashSet::new();
    for mut batch in pre_existing {
        batch.retain_findings(|f| seen.insert(f.fingerprint));
        batches.push(batch);
    }
    batches
}

//! The git history source: every unique blob reachable from every ref, scanned once, in
//! parallel, each reported at the commit and path that first introduced it.
//!
//! Provenance comes from one pass over the object graph that reads each unique tree once (see
//! [`history`]); the blobs are then read and scanned on every core, each worker with its own
//! thread-local repository handle and matcher.

mod added_lines;
mod history;
mod memo;
mod occurrences;
mod range;
mod staged;
mod tree_diff;

pub use memo::{path_hash, BlobFindings, BlobMemo, MemoKey, MemoryMemo, RememberedFinding};
pub use range::{scan_git_range, GitRange};
pub use staged::scan_git_staged;

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::collect::{collect, Batch};
use crate::scan::Worker;
use crate::{DiagnosticKind, Engine, Finding, Occurrence, Origin, ScanConfig, ScanReport};

/// What to read from a repository besides the history reachable from its refs.
#[derive(Debug, Clone, Default)]
pub struct GitScanOptions {
    /// Also scan blobs that no ref reaches (dangling objects).
    pub all_objects: bool,
}

/// A repository that could not be opened at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot open git repository {path}: {message}")]
pub struct GitError {
    /// The path given.
    pub path: String,
    /// Why it could not be opened.
    pub message: String,
}

/// What a git scan found, with facts about the history it covered.
#[derive(Debug, Clone, Default)]
pub struct GitScanReport {
    /// Findings, diagnostics and counts, as for any scan.
    pub report: ScanReport,
    /// Commits walked.
    pub commits: usize,
    /// Unique blobs considered.
    pub blobs: usize,
    /// Of those, blobs whose findings a memo recalled instead of reading them.
    pub blobs_recalled: usize,
    /// The repository is a shallow clone whose history stops early.
    pub shallow: bool,
}

/// Scans the history of the repository at (or above) `path`.
pub fn scan_git(
    engine: &Engine,
    path: &Path,
    config: &ScanConfig,
    options: &GitScanOptions,
) -> Result<GitScanReport, GitError> {
    scan_git_with(engine, path, config, options, &GitScanHooks::default())
}

/// What a caller can plug into a history scan.
#[derive(Clone, Copy, Default)]
pub struct GitScanHooks<'a> {
    /// Recalled instead of reading the blobs it remembers; every blob read is recorded in it.
    pub memo: Option<&'a dyn BlobMemo>,
    /// Moved forward as blobs are met and scanned.
    pub progress: Option<&'a crate::Progress>,
}

impl std::fmt::Debug for GitScanHooks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitScanHooks")
            .field("memo", &self.memo.is_some())
            .field("progress", &self.progress)
            .finish()
    }
}

/// Scans the history of the repository at (or above) `path` with `hooks`: a memo of earlier blob
/// scans and progress counters.
pub fn scan_git_with(
    engine: &Engine,
    path: &Path,
    config: &ScanConfig,
    options: &GitScanOptions,
    hooks: &GitScanHooks<'_>,
) -> Result<GitScanReport, GitError> {
    let started = Instant::now();
    let memo = hooks.memo;
    let progress = hooks.progress;
    let repo = open(path)?;
    let recalled = std::sync::atomic::AtomicUsize::new(0);
    let history = history::read_history(&repo);
    let shared = repo.clone().into_sync();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.max(1))
        .build();
    // The tree walk runs on its own thread and hands over each blob as soon as it is met, so
    // the workers scan while provenance is still being worked out.
    let (sender, receiver) = std::sync::mpsc::sync_channel(4096);
    let (batches, (walk_problems, blob_count)) = std::thread::scope(|scope| {
        let walker = scope.spawn(|| {
            let repo = shared.to_thread_local();
            let sender = sender;
            let mut problems = Vec::new();
            let count = history::walk_blobs(
                &repo,
                &history,
                options.all_objects,
                &mut problems,
                &mut |id, intro| {
                    if let Some(progress) = progress {
                        progress.blob_found();
                    }
                    // The receiver lives until every blob is scanned; a send cannot fail.
                    let _ = sender.send((id, intro));
                },
            );
            (problems, count)
        });
        let scan_all = || -> Vec<Batch> {
            receiver
                .into_iter()
                .par_bridge()
                .map_init(
                    || (shared.to_thread_local(), Worker::new(engine, config)),
                    |(repo, worker), (id, intro): (gix::ObjectId, history::Introduction)| {
                        let commit = intro.commit.map(|i| &history.commits[i]);
                        let origin = git_origin(commit, &intro.path, id);
                        if let Some(found) = memo.and_then(|m| m.recall(id.as_slice(), &intro.path))
                        {
                            recalled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if let Some(progress) = progress {
                                progress.blob_done(0);
                            }
                            let (findings, suppressed) = memo::relocate(found, &origin);
                            return Batch {
                                findings,
                                suppressed,
                                ..Batch::default()
                            };
                        }
                        let mut size = 0;
                        if let Some(blob) = load_blob(repo, worker, id, &origin) {
                            size = blob.data.len() as u64;
                            worker.scan_blob(&blob.data, origin);
                        }
                        if let Some(progress) = progress {
                            progress.blob_done(size);
                        }
                        let batch = worker.take_batch();
                        if let Some(memo) = memo.filter(|_| batch.diagnostics.is_empty()) {
                            memo.record(id.as_slice(), &intro.path, &batch.remembered());
                        }
                        batch
                    },
                )
                .collect()
        };
        let batches = match &pool {
            Ok(pool) => pool.install(scan_all),
            Err(_) => scan_all(),
        };
        let walked = walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (batches, walked)
    });
    let mut problems = walk_problems;
    problems.extend(history.problems.iter().cloned());
    let mut all = batches;
    let wanted: gix::hashtable::HashSet<gix::ObjectId> = all
        .iter()
        .flat_map(|b| &b.findings)
        .filter_map(|f| match &f.origin {
            Origin::Git { blob, .. } => gix::ObjectId::from_hex(blob.as_bytes()).ok(),
            _ => None,
        })
        .collect();
    let introductions = occurrences::introductions(&repo, &history.commits, &wanted, &mut problems);
    for finding in all.iter_mut().flat_map(|b| &mut b.findings) {
        if let Origin::Git {
            commit, path, blob, ..
        } = &finding.origin
        {
            let found = gix::ObjectId::from_hex(blob.as_bytes())
                .ok()
                .and_then(|id| introductions.get(&id));
            finding.other_occurrences = found
                .into_iter()
                .flatten()
                .filter(|o| (&o.commit, &o.path) != (commit, path))
                .cloned()
                .collect();
        }
    }
    let merged = merge_versions(
        all.iter_mut()
            .flat_map(|b| std::mem::take(&mut b.findings))
            .collect(),
        &history.commits,
    );
    all.push(Batch {
        findings: merged,
        ..Batch::default()
    });
    all.push(Batch {
        diagnostics: problems
            .into_iter()
            .map(|(path, kind)| crate::Diagnostic::new(path, kind))
            .collect(),
        ..Batch::default()
    });
    let mut report = collect(all);
    report.scope = crate::ScanScope::History;
    report.stats.elapsed = started.elapsed();
    Ok(GitScanReport {
        report,
        commits: history.commits.len(),
        blobs: blob_count,
        blobs_recalled: recalled.into_inner(),
        shallow: history.shallow_cut,
    })
}

/// One finding per fingerprint (rule, secret, path): a key that stays in a file while the file is
/// edited sits in many blobs, but it is one secret to rotate. The finding kept is the one at the
/// earliest commit in history order; the others become occurrences.
fn merge_versions(findings: Vec<Finding>, commits: &[history::CommitInfo]) -> Vec<Finding> {
    let order: gix::hashtable::HashMap<gix::ObjectId, usize> =
        commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let position = |finding: &Finding| {
        finding
            .origin
            .commit()
            .and_then(|c| gix::ObjectId::from_hex(c.as_bytes()).ok())
            .and_then(|id| order.get(&id).copied())
            .unwrap_or(usize::MAX)
    };
    let mut keyed: Vec<(usize, Finding)> =
        findings.into_iter().map(|f| (position(&f), f)).collect();
    keyed.sort_by(|a, b| {
        (a.1.fingerprint, a.0, a.1.location.start_byte).cmp(&(
            b.1.fingerprint,
            b.0,
            b.1.location.start_byte,
        ))
    });
    let mut merged: Vec<Finding> = Vec::new();
    for (_, finding) in keyed {
        match merged.last_mut() {
            Some(first) if first.fingerprint == finding.fingerprint => {
                let mut more = finding.other_occurrences;
                if let Origin::Git { commit, path, .. } = finding.origin {
                    more.insert(0, Occurrence { commit, path });
                }
                let at_origin = |o: &Occurrence| {
                    first.origin.commit() == Some(o.commit.as_str())
                        && first.origin.display_path() == o.path
                };
                more.retain(|o| !at_origin(o) && !first.other_occurrences.contains(o));
                first.other_occurrences.extend(more);
            }
            _ => merged.push(finding),
        }
    }
    let commit_position = |o: &Occurrence| {
        gix::ObjectId::from_hex(o.commit.as_bytes())
            .ok()
            .and_then(|id| order.get(&id).copied())
            .unwrap_or(usize::MAX)
    };
    for finding in &mut merged {
        finding
            .other_occurrences
            .sort_by_cached_key(|o| (commit_position(o), o.path.clone()));
        finding.other_occurrences.dedup();
    }
    merged
}

/// Scans `new` whole (so locations and multi-line keys are right) and returns only the findings
/// on lines `added` marks, classified as introduced. What the worker already held stays with it.
fn findings_on_added_lines(
    worker: &mut Worker<'_>,
    new: &[u8],
    origin: Origin,
    added: &added_lines::AddedLines,
) -> Batch {
    let held = worker.take_batch();
    worker.scan_blob(new, origin);
    let mut batch = worker.take_batch();
    worker.append(held);
    // Lines of an archive entry or a map's embedded source are not lines of the blob, which a
    // line diff cannot see into: such findings are kept, and the comparison with what the file
    // held before (by fingerprint) decides whether they are new.
    batch.retain_findings(|f| {
        f.origin.is_nested() || added.any_in(f.location.start_line, f.location.end_line)
    });
    for finding in &mut batch.findings {
        finding.classification = Some(crate::Classification::Introduced);
    }
    batch
}

/// The fingerprints of what `bytes` holds, scanned as `origin` (an earlier version of a file).
/// What the worker already held stays with it.
fn fingerprints_in(
    worker: &mut Worker<'_>,
    bytes: &[u8],
    origin: Origin,
) -> std::collections::HashSet<crate::Fingerprint> {
    let held = worker.take_batch();
    worker.scan_blob(bytes, origin);
    let known = worker
        .take_batch()
        .findings
        .iter()
        .map(|f| f.fingerprint)
        .collect();
    worker.append(held);
    known
}

/// The blob (or symlink) at `path` in `tree`, if there is one.
fn blob_at(
    repo: &gix::Repository,
    tree: gix::ObjectId,
    path: &gix::bstr::BStr,
) -> Option<gix::ObjectId> {
    let entry = repo
        .find_tree(tree)
        .ok()?
        .lookup_entry_by_path(gix::path::from_bstr(path).ok()?)
        .ok()??;
    entry.mode().is_blob_or_symlink().then(|| entry.object_id())
}

/// Opens the repository at or above `path`, with an object cache sized for tree walks.
fn open(path: &Path) -> Result<gix::Repository, GitError> {
    let mut repo = gix::discover(path).map_err(|e| GitError {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
    Ok(repo)
}

/// Where a blob is reported: at `path` in `commit`, or with no commit for blobs only a tag of a
/// tree, the index or nothing at all reaches.
fn git_origin(commit: Option<&history::CommitInfo>, path: &str, blob: gix::ObjectId) -> Origin {
    Origin::Git {
        commit: commit.map(|c| c.id.to_string()).unwrap_or_default(),
        path: path.to_owned(),
        blob: blob.to_string(),
        author: commit.map(|c| c.author.clone()).unwrap_or_default(),
        time: commit.map_or(0, |c| c.time),
    }
}

/// A blob's bytes, or `None` after reporting why not: too large for the configured limit (checked
/// from the object header, before anything is inflated), missing or corrupt.
fn load_blob<'repo>(
    repo: &'repo gix::Repository,
    worker: &mut Worker<'_>,
    id: gix::ObjectId,
    origin: &Origin,
) -> Option<gix::Object<'repo>> {
    let shown = || format!("{} (blob {id})", origin.display_path());
    let limit = worker.max_file_size();
    match repo.find_header(id) {
        Ok(header) if header.size() > limit => {
            worker.diagnose(
                shown(),
                DiagnosticKind::TooLarge {
                    size: header.size(),
                    limit,
                },
            );
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            worker.diagnose(shown(), DiagnosticKind::unreadable(e));
            return None;
        }
    }
    match repo.find_object(id) {
        Ok(object) => Some(object),
        Err(e) => {
            worker.diagnose(shown(), DiagnosticKind::unreadable(e));
            None
        }
    }
}

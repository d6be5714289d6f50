//! The directory source: the `ignore` crate's parallel walker, hidden files included (`.env` is
//! hidden), `.git/` never entered, ignore files respected unless the caller says otherwise. Each
//! walker thread owns one [`Worker`]; its batch is handed over when the thread's visitor is dropped.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::collect::Batch;
use crate::scan::Worker;
use crate::{DiagnosticKind, Engine, Origin, ScanConfig};

/// Name of leakguard's own ignore file, read like `.gitignore`.
pub const IGNORE_FILE: &str = ".leakguardignore";

pub(crate) fn walk(engine: &Engine, roots: &[PathBuf], config: &ScanConfig) -> Vec<Batch> {
    let mut builder = WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        builder.add(root);
    }
    builder
        .hidden(false)
        .follow_links(config.follow_symlinks)
        .threads(config.threads.max(1))
        .git_ignore(config.respect_ignore_files)
        .git_global(config.respect_ignore_files)
        .git_exclude(config.respect_ignore_files)
        .ignore(config.respect_ignore_files)
        .parents(config.respect_ignore_files)
        .filter_entry(|entry| entry.file_name() != ".git");
    if config.respect_ignore_files {
        builder.add_custom_ignore_filename(IGNORE_FILE);
    }
    let batches = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let mut visitor = Visitor {
            worker: Some(Worker::new(engine, config)),
            batches: &batches,
        };
        Box::new(move |entry| {
            visitor.visit(entry);
            WalkState::Continue
        })
    });
    batches
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Visitor<'e, 'b> {
    worker: Option<Worker<'e>>,
    batches: &'b Mutex<Vec<Batch>>,
}

impl Visitor<'_, '_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) {
        let Some(worker) = self.worker.as_mut() else {
            return;
        };
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => return report_walk_error(worker, &error),
        };
        let Some(kind) = entry.file_type() else {
            return;
        };
        if kind.is_dir() {
            return;
        }
        if kind.is_symlink() {
            worker.stats().skipped_symlinks += 1;
            return;
        }
        if !kind.is_file() {
            // FIFOs, sockets and devices: opening a FIFO would block the scan forever.
            worker.stats().skipped_special += 1;
            return;
        }
        scan_file(worker, entry.path());
    }
}

impl Drop for Visitor<'_, '_> {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            let mut batches = self
                .batches
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            batches.push(worker.into_batch());
        }
    }
}

fn scan_file(worker: &mut Worker<'_>, path: &Path) {
    let origin = Origin::File {
        path: path.to_owned(),
    };
    let file = match open_without_waiting(path) {
        Ok(file) => file,
        Err(e) => return worker.diagnose(origin.display_path(), DiagnosticKind::unreadable(e)),
    };
    // The size on disk decides before any byte is read; the reader's own cap still holds if the
    // file grows while it is read.
    let limit = worker.max_file_size();
    match file.metadata() {
        // Replaced by a FIFO or a device since the walk saw a regular file.
        Ok(metadata) if !metadata.is_file() => worker.stats().skipped_special += 1,
        Ok(metadata) if metadata.len() > limit => {
            worker.diagnose(
                origin.display_path(),
                DiagnosticKind::TooLarge {
                    size: metadata.len(),
                    limit,
                },
            );
        }
        Ok(_) => worker.scan_reader(file, origin),
        Err(e) => worker.diagnose(origin.display_path(), DiagnosticKind::unreadable(e)),
    }
}

/// Opens `path` for reading without waiting for anything. The walk saw a regular file, but the
/// path may have been replaced since by a FIFO, whose opening blocks until a writer comes, which
/// may be never: with `O_NONBLOCK` it opens at once (the flag changes nothing for a regular file),
/// and the caller's check of what was opened skips it.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn report_walk_error(worker: &mut Worker<'_>, error: &ignore::Error) {
    match error {
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            report_walk_error(worker, err);
        }
        ignore::Error::Loop { ancestor, child } => worker.diagnose(
            Origin::File {
                path: child.clone(),
            }
            .display_path(),
            DiagnosticKind::SymlinkLoop {
                target: ancestor.display().to_string(),
            },
        ),
        ignore::Error::WithPath { path, err } => worker.diagnose(
            Origin::File { path: path.clone() }.display_path(),
            DiagnosticKind::unreadable(innermost(err)),
        ),
        ignore::Error::Partial(errors) => {
            for err in errors {
                report_walk_error(worker, err);
            }
        }
        other => worker.diagnose(String::from("?"), DiagnosticKind::unreadable(other)),
    }
}

fn innermost(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. }
        | ignore::Error::WithPath { err, .. } => innermost(err),
        other => other.to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// A walk cannot be paused between seeing a file and reading it, so the swap is made before
    /// `scan_file` is called: it must come back at once, not wait for a writer.
    #[test]
    fn a_fifo_swapped_in_after_the_walk_is_skipped_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("was-a-file.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let (done, returned) = mpsc::channel();
        std::thread::spawn(move || {
            let engine = Engine::new(leakguard_rules::RuleSet::default());
            let config = ScanConfig::default();
            let mut worker = Worker::new(&engine, &config);
            scan_file(&mut worker, &fifo);
            let _ = done.send(worker.into_batch());
        });
        let batch = returned
            .recv_timeout(Duration::from_secs(30))
            .expect("scan_file returned instead of waiting for a writer");
        assert_eq!(batch.stats.skipped_special, 1);
        assert!(batch.diagnostics.is_empty(), "{:?}", batch.diagnostics);
    }
}

//! Inputs that were skipped or could not be scanned. A diagnostic is never fatal: it is recorded,
//! counted, and the scan goes on. Whether it makes the scan incomplete decides the exit code.

use serde::{Deserialize, Serialize};

use crate::ArchiveProblem;

/// Something about one input that a user should know.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// In a sweep of several repositories, the repository the input belongs to (or the one that
    /// could not be read at all); absent when one input was scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The input, as shown in reports (`-` for stdin).
    pub path: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: DiagnosticKind,
}

/// What happened to an input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// The input could not be read (permission denied, vanished, I/O error).
    Unreadable {
        /// The operating system's reason.
        error: String,
    },
    /// The input is larger than the size limit and was not scanned.
    TooLarge {
        /// Its size in bytes (at least this many for streams).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A symbolic link leads back to one of its own ancestors; the loop was not followed again.
    SymlinkLoop {
        /// The ancestor the link points to.
        target: String,
    },
    /// Part of an archive was not scanned: a limit against bombs was reached, or an entry is
    /// corrupt, encrypted or compressed in a way leakguard cannot read.
    Archive(ArchiveProblem),
    /// Searching the input took longer than the per-blob time budget; the search stopped there
    /// and what it found up to then is reported.
    TimeBudget {
        /// The budget, in milliseconds.
        limit_ms: u64,
    },
    /// A file that looks like a source map could not be read as one; it was scanned as plain
    /// text instead, so nothing went unscanned.
    SourceMap {
        /// Why it is not a usable source map.
        error: String,
    },
    /// A commit adds blobs with findings at as many paths as are listed as occurrences, or more
    /// (a tree that names one subtree many times over); every blob was still scanned.
    TooManyPlaces {
        /// How many paths one commit lists at most.
        limit: u64,
    },
}

impl Diagnostic {
    /// A diagnostic about the input shown as `path`.
    pub fn new(path: impl Into<String>, kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            repository: None,
            path: path.into(),
            kind,
        }
    }
}

impl DiagnosticKind {
    /// An input that could not be read, for the reason `error` gives.
    pub fn unreadable(error: impl std::fmt::Display) -> DiagnosticKind {
        DiagnosticKind::Unreadable {
            error: error.to_string(),
        }
    }

    /// Whether the input's bytes went unscanned, which makes the whole scan incomplete.
    pub fn is_incomplete(&self) -> bool {
        match self {
            DiagnosticKind::Unreadable { .. }
            | DiagnosticKind::TooLarge { .. }
            | DiagnosticKind::TimeBudget { .. } => true,
            DiagnosticKind::Archive(problem) => problem.is_incomplete(),
            // The loop's target is an ancestor that is scanned anyway; a broken map is scanned
            // as text; a blob is scanned once whatever the number of places it is at.
            DiagnosticKind::SymlinkLoop { .. }
            | DiagnosticKind::SourceMap { .. }
            | DiagnosticKind::TooManyPlaces { .. } => false,
        }
    }

    /// One line for a person.
    pub fn message(&self) -> String {
        match self {
            DiagnosticKind::Unreadable { error } => format!("cannot read: {error}"),
            DiagnosticKind::TooLarge { size, limit } => format!(
                "not scanned: {size} bytes is over the {limit}-byte limit (raise it with --max-file-size)"
            ),
            DiagnosticKind::SymlinkLoop { target } => {
                format!("symlink loop back to {target}; not followed again")
            }
            DiagnosticKind::Archive(problem) => problem.message(),
            DiagnosticKind::TimeBudget { limit_ms } => format!(
                "search stopped after the per-blob time budget of {limit_ms} ms; the rest of it \
                 was not searched (raise it with --blob-time-budget)"
            ),
            DiagnosticKind::SourceMap { error } => {
                format!("not a usable source map ({error}); scanned as plain text")
            }
            DiagnosticKind::TooManyPlaces { limit } => format!(
                "adds blobs with findings at {limit} paths or more; only the first {limit} are \
                 listed as occurrences (every blob was scanned)"
            ),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(repository) = self.repository.as_ref().filter(|r| **r != self.path) {
            write!(f, "{repository}: ")?;
        }
        write!(f, "{}: {}", self.path, self.kind.message())
    }
}

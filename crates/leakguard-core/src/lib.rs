//! The scanning engine of leakguard: where bytes come from ([`Origin`], the sources), how they
//! are searched ([`Matcher`]: keyword prefilter, then rule regexes, then checks), and what comes
//! out ([`Finding`], [`Diagnostic`], [`ScanStats`] gathered in a [`ScanReport`]).
//!
//! Data flows one way: a source yields blobs, each worker thread owns one [`Matcher`] and its
//! scratch buffers (no locks on the hot path), and one collector sorts and deduplicates at the
//! end, so reports are identical whatever the thread count. The library never prints and never
//! exits: an input that cannot be read becomes a [`Diagnostic`] and the scan goes on.

mod allow;
mod allowances;
mod archive;
mod change;
mod collect;
mod decode;
mod diagnostic;
mod encoding;
mod environments;
mod examples;
mod exposure;
mod finding;
mod fingerprint;
mod git;
mod line_hash;
mod location;
mod matcher;
mod origin;
mod prefilter;
mod progress;
mod scan;
mod secret;
mod snippet;
mod sourcemap;
mod stats;
mod sweep;
#[cfg(test)]
mod test_rng;
mod triage;
mod walk;
mod worker;

pub use allow::Suppression;
pub use allowances::{AllowanceError, Allowances};
pub use archive::{ArchiveLimits, ArchiveProblem, MAX_ARCHIVE_DEPTH};
pub use change::{Classification, Occurrence};
pub use decode::Decoding;
pub use diagnostic::{Diagnostic, DiagnosticKind};
pub use examples::check_rule_examples;
pub use finding::{Finding, OriginalLocation};
pub use fingerprint::Fingerprint;
pub use git::{
    path_hash, scan_git, scan_git_range, scan_git_staged, scan_git_with, BlobFindings, BlobMemo,
    GitError, GitRange, GitScanHooks, GitScanOptions, GitScanReport, MemoKey, MemoryMemo,
    RememberedFinding,
};
pub use location::Location;
pub use matcher::{Match, Matcher};
pub use origin::Origin;
pub use prefilter::Prefilter;
pub use progress::{Progress, ProgressSnapshot};
pub use scan::{
    scan, scan_bytes, Engine, ScanConfig, ScanReport, ScanScope, ScanTarget,
    DEFAULT_BLOB_TIME_BUDGET, DEFAULT_DECODE_DEPTH,
};
pub use secret::Secret;
pub use stats::ScanStats;
pub use sweep::{
    sweep, FetchError, RepositoryOutcome, RepositorySource, SweepOptions, SweepTarget,
};
pub use triage::{apply_triage, Triage, TriageState};

pub use leakguard_rules as rules;

//! The limits that keep a hostile archive from costing more than it is worth, the problems an
//! archive can have, and the budget that one top-level expansion spends.
//!
//! Depth, entries and bytes are counted over the whole nest of one top-level archive, not per
//! archive: a 42.zip multiplies by 16 at each level, so per-archive limits would not bound it.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

/// Output a decoder may produce before the ratio limit applies. Small inputs compress
/// extremely well (a 1 KiB file of spaces deflates to a dozen bytes), so a ratio alone would
/// flag harmless files; a bomb has to get past this much output to matter.
pub(crate) const RATIO_FLOOR: u64 = 1024 * 1024;

/// The deepest nesting [`ArchiveLimits::max_depth`] may ask for; a larger depth is taken as this.
/// Expansion recurses once per level, and a chain of 300 gzip streams overflowed a 2 MiB thread
/// stack (aborting the whole scan); no real archive nests more than a handful deep.
pub const MAX_ARCHIVE_DEPTH: u32 = 32;

/// Limits against archive bombs and abuse. Each has a default and a command-line flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Archives inside archives are opened to this depth; the outermost archive is depth 1.
    /// 0 disables archive scanning; at most [`MAX_ARCHIVE_DEPTH`].
    pub max_depth: u32,
    /// Uncompressed bytes read from one top-level archive, nested ones included. Every byte a
    /// decoder or a tar reader produces counts, at every level: a nested archive costs its
    /// size as an entry and again what is read out of it.
    pub max_total_bytes: u64,
    /// Uncompressed/compressed ratio allowed for one entry or stream once it is past
    /// 1 MiB of output.
    pub max_ratio: u64,
    /// Entries read from one top-level archive, nested ones included.
    pub max_entries: u64,
}

impl Default for ArchiveLimits {
    /// Depth 3 covers a jar in a war in a tarball; 1 GiB, 100:1 and 100,000 entries are far above
    /// what real software archives need (a source tarball compresses about 5:1, a jar of class
    /// files about 3:1) and far below what a bomb asks for.
    fn default() -> Self {
        ArchiveLimits {
            max_depth: 3,
            max_total_bytes: 1024 * 1024 * 1024,
            max_ratio: 100,
            max_entries: 100_000,
        }
    }
}

/// What went wrong inside an archive. Becomes a diagnostic naming the archive (and the entry).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum ArchiveProblem {
    /// The data does not decode: truncated, damaged, or not what its header says.
    Corrupt {
        /// The decoder's own words.
        reason: String,
    },
    /// The entry is encrypted; there is no password to try.
    Encrypted,
    /// The entry is compressed with a method this build cannot decode.
    UnsupportedMethod {
        /// The method's name or number.
        method: String,
    },
    /// An archive nested deeper than the depth limit was not opened.
    TooDeep {
        /// The depth limit.
        limit: u32,
    },
    /// The entry limit was reached; nothing more of the top-level archive was read.
    TooManyEntries {
        /// The entry limit.
        limit: u64,
    },
    /// The byte limit was reached; nothing more of the top-level archive was read.
    TooManyBytes {
        /// The byte limit.
        limit: u64,
    },
    /// The entry or stream expanded more than the ratio limit allows, as a bomb does.
    RatioExceeded {
        /// The ratio limit.
        limit: u64,
    },
    /// The entry is larger than the file size limit and was not scanned.
    EntryTooLarge {
        /// The size limit in bytes.
        limit: u64,
    },
}

impl ArchiveProblem {
    /// One line for a person, naming the flag that raises the limit where there is one.
    pub fn message(&self) -> String {
        match self {
            ArchiveProblem::Corrupt { reason } => format!("corrupt archive data: {reason}"),
            ArchiveProblem::Encrypted => "encrypted; not scanned".to_string(),
            ArchiveProblem::UnsupportedMethod { method } => {
                format!("compression method {method} is not supported; not scanned")
            }
            ArchiveProblem::TooDeep { limit } => format!(
                "archive nested more than {limit} deep; not opened \
                 (raise it with --archive-max-depth)"
            ),
            ArchiveProblem::TooManyEntries { limit } => format!(
                "more than {limit} archive entries; the rest was not scanned \
                 (raise it with --archive-max-entries)"
            ),
            ArchiveProblem::TooManyBytes { limit } => format!(
                "more than {limit} bytes unpacked; the rest was not scanned \
                 (raise it with --archive-max-bytes)"
            ),
            ArchiveProblem::RatioExceeded { limit } => format!(
                "expands more than {limit} times its compressed size, like an archive bomb; \
                 the rest was not scanned (raise it with --archive-max-ratio)"
            ),
            ArchiveProblem::EntryTooLarge { limit } => format!(
                "entry is over the {limit}-byte limit; not scanned \
                 (raise it with --max-file-size)"
            ),
        }
    }

    /// Whether bytes went unscanned because of it. Every problem leaves something unread; the
    /// match is spelled out so that a new problem has to decide.
    pub fn is_incomplete(&self) -> bool {
        match self {
            ArchiveProblem::Corrupt { .. }
            | ArchiveProblem::Encrypted
            | ArchiveProblem::UnsupportedMethod { .. }
            | ArchiveProblem::TooDeep { .. }
            | ArchiveProblem::TooManyEntries { .. }
            | ArchiveProblem::TooManyBytes { .. }
            | ArchiveProblem::RatioExceeded { .. }
            | ArchiveProblem::EntryTooLarge { .. } => true,
        }
    }
}

/// What one top-level expansion may still spend. Shared by reference between the readers of
/// every nesting level (a tar entry's reader and the tar's own stream are alive at once), hence
/// cells rather than `&mut`.
#[derive(Debug)]
pub(crate) struct Budget {
    bytes_left: Cell<u64>,
    entries_left: Cell<u64>,
    /// Set once either count runs out; every loop checks it and unwinds.
    exhausted: Cell<bool>,
    /// Set once the exhaustion has been reported, so that it is reported once.
    reported: Cell<bool>,
}

impl Budget {
    pub(crate) fn new(limits: &ArchiveLimits) -> Budget {
        Budget {
            bytes_left: Cell::new(limits.max_total_bytes),
            entries_left: Cell::new(limits.max_entries),
            exhausted: Cell::new(false),
            reported: Cell::new(false),
        }
    }

    /// Spends one entry; false (and exhausted from then on) when none is left.
    pub(crate) fn take_entry(&self) -> bool {
        match self.entries_left.get().checked_sub(1) {
            Some(left) if !self.exhausted.get() => {
                self.entries_left.set(left);
                true
            }
            _ => {
                self.exhausted.set(true);
                false
            }
        }
    }

    /// Spends `n` bytes; false (and exhausted from then on) when fewer are left.
    pub(crate) fn take_bytes(&self, n: u64) -> bool {
        match self.bytes_left.get().checked_sub(n) {
            Some(left) if !self.exhausted.get() => {
                self.bytes_left.set(left);
                true
            }
            _ => {
                self.bytes_left.set(0);
                self.exhausted.set(true);
                false
            }
        }
    }

    pub(crate) fn is_exhausted(&self) -> bool {
        self.exhausted.get()
    }

    /// True the first time it is called after exhaustion: the caller reports it then.
    pub(crate) fn first_report(&self) -> bool {
        self.exhausted.get() && !self.reported.replace(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_total_bytes: u64, max_entries: u64) -> ArchiveLimits {
        ArchiveLimits {
            max_total_bytes,
            max_entries,
            ..ArchiveLimits::default()
        }
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let d = ArchiveLimits::default();
        assert_eq!(
            (d.max_depth, d.max_total_bytes, d.max_ratio, d.max_entries),
            (3, 1 << 30, 100, 100_000)
        );
    }

    #[test]
    fn budget_allows_exactly_its_limits() {
        let budget = Budget::new(&limits(10, 2));
        assert!(budget.take_bytes(10));
        assert!(budget.take_entry() && budget.take_entry());
        assert!(!budget.is_exhausted());
        assert!(!budget.take_entry());
        assert!(budget.is_exhausted());
    }

    #[test]
    fn overspent_budget_stays_exhausted_and_is_reported_once() {
        let budget = Budget::new(&limits(10, 5));
        assert!(!budget.first_report());
        assert!(!budget.take_bytes(11));
        assert!(!budget.take_bytes(0), "nothing is spent once exhausted");
        assert!(!budget.take_entry());
        assert!(budget.first_report());
        assert!(!budget.first_report());
    }

    #[test]
    fn messages_name_the_flag_that_raises_each_limit() {
        let cases = [
            (ArchiveProblem::TooDeep { limit: 3 }, "--archive-max-depth"),
            (
                ArchiveProblem::TooManyEntries { limit: 9 },
                "--archive-max-entries",
            ),
            (
                ArchiveProblem::TooManyBytes { limit: 9 },
                "--archive-max-bytes",
            ),
            (
                ArchiveProblem::RatioExceeded { limit: 100 },
                "--archive-max-ratio",
            ),
            (
                ArchiveProblem::EntryTooLarge { limit: 9 },
                "--max-file-size",
            ),
        ];
        for (problem, flag) in cases {
            assert!(problem.message().contains(flag), "{problem:?}");
            assert!(problem.is_incomplete());
        }
        assert!(ArchiveProblem::Encrypted.is_incomplete());
    }

    #[test]
    fn problems_serialize_with_a_kebab_case_tag() {
        let json = |p: &ArchiveProblem| serde_json::to_string(p).expect("serializable");
        assert_eq!(
            json(&ArchiveProblem::TooDeep { limit: 3 }),
            r#"{"problem":"too-deep","limit":3}"#
        );
        assert_eq!(
            json(&ArchiveProblem::Encrypted),
            r#"{"problem":"encrypted"}"#
        );
        assert_eq!(
            json(&ArchiveProblem::UnsupportedMethod {
                method: "LZMA".into()
            }),
            r#"{"problem":"unsupported-method","method":"LZMA"}"#
        );
    }
}

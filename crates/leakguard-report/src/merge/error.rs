//! Why a merge failed, always naming the part or parts at fault.

use super::PartKind;

/// Why parts could not be merged. Every variant names the file or files at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// No part was given.
    #[error("nothing to merge: no parts given")]
    NoParts,
    /// The part is none of the formats a merge reads.
    #[error("{file}: not a leakguard JSON report, JSON Lines of findings or a SARIF 2.1.0 log")]
    Unrecognised {
        /// The part.
        file: String,
    },
    /// The part looks like `kind` but does not read as one.
    #[error("{file}: not a valid part ({kind}): {cause}")]
    Malformed {
        /// The part.
        file: String,
        /// What it looked like.
        kind: PartKind,
        /// The parser's reason, with line and column.
        cause: serde_json::Error,
    },
    /// A line of a JSON Lines part is not a finding.
    #[error("{file}: line {line} is not a finding: {cause}")]
    MalformedLine {
        /// The part.
        file: String,
        /// The line, from 1.
        line: usize,
        /// The parser's reason.
        cause: serde_json::Error,
    },
    /// A JSON report of a version of the format this leakguard does not read.
    #[error(
        "{file}: JSON report format version {found}, but this leakguard reads version {expected}: \
         merge with the leakguard version that wrote the parts"
    )]
    UnsupportedVersion {
        /// The part.
        file: String,
        /// Its `version`.
        found: u64,
        /// The version this leakguard reads.
        expected: u32,
    },
    /// A SARIF log of another version than 2.1.0.
    #[error("{file}: SARIF version {found}, but merge reads SARIF 2.1.0 only")]
    UnsupportedSarif {
        /// The part.
        file: String,
        /// Its `version`.
        found: String,
    },
    /// Parts in different formats.
    #[error("{file} is {kind} but {first} is {first_kind}: all parts must be in one format")]
    MixedKinds {
        /// The first part, whose format the others must have.
        first: String,
        /// Its format.
        first_kind: PartKind,
        /// The part in another format.
        file: String,
        /// Its format.
        kind: PartKind,
    },
    /// JSON reports written by different leakguard versions, whose findings may not compare.
    #[error(
        "{file} was written by leakguard {version} but {first} by leakguard {first_version}: \
         run every shard with the same version"
    )]
    MixedVersions {
        /// The first part.
        first: String,
        /// The version that wrote it.
        first_version: String,
        /// The part written by another version.
        file: String,
        /// That version.
        version: String,
    },
    /// Two SARIF runs for one repository: shards that overlap, or a part given twice.
    #[error(
        "repository {repository} has a run in {first} and another in {second}: shards must \
         cover disjoint repositories, each part given once"
    )]
    DuplicateRepository {
        /// The repository.
        repository: String,
        /// The part with the first run.
        first: String,
        /// The part with the second.
        second: String,
    },
    /// Two different SARIF runs of single-input scans, which cannot become one run without
    /// losing what a single scan would have written (see [`merge()`](crate::merge())).
    #[error(
        "{first} and {second} hold different runs of single-input scans (no \
         properties.repository); SARIF runs are combined only per repository, as a sweep \
         writes them: merge the scans' JSON outputs instead, or scan the inputs together"
    )]
    SingleInputRuns {
        /// The part with the first such run.
        first: String,
        /// The part with another.
        second: String,
    },
    /// A run of a single-input scan beside runs of a sweep.
    #[error(
        "{unnamed} holds a run of a single-input scan (no properties.repository) but {named} \
         holds runs of a sweep: merge parts of one kind of scan"
    )]
    MixedRuns {
        /// A part with a run without a repository.
        unnamed: String,
        /// A part with a run with one.
        named: String,
    },
}

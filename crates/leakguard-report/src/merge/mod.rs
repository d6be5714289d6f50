//! Combining the outputs of the shards of a sweep (`leakguard merge`) into the output one run over
//! all their repositories would have written (docs/merge.md).
//!
//! The work is done where the formats are defined, not in the command, because "the same bytes
//! as one run" holds only if the merge reads every format exactly as its writer wrote it and
//! writes the result with that same writer: the JSON document is read back into a
//! [`ScanReport`], combined the way the scan's collector combines its workers' batches, and
//! written by the JSON writer; a sweep's SARIF log already has one self-contained run per
//! repository (see the SARIF writer), so its runs only need putting side by side in repository order.
//!
//! Nothing here judges findings: a merge succeeds or fails, and the scan that made the parts is
//! what gates a pipeline.

mod error;
mod json;
mod sarif;
#[cfg(test)]
mod tests;

use std::fmt;
use std::io::{self, Write};

use leakguard_core::{Finding, ScanReport};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use serde_sarif::sarif::Sarif;

use crate::TOOL_NAME;

pub use error::MergeError;

/// One output of one shard: its bytes, and the name errors call it by (its path).
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// What to call the part in errors, usually the file's path.
    pub name: &'a str,
    /// The file's contents.
    pub bytes: &'a [u8],
}

/// The formats a part can be in; every part of one merge is in the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// leakguard's JSON document.
    Json,
    /// JSON Lines, one finding a line.
    Jsonl,
    /// A SARIF 2.1.0 log.
    Sarif,
}

impl PartKind {
    /// The format's name, as `--format` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            PartKind::Json => "json",
            PartKind::Jsonl => "jsonl",
            PartKind::Sarif => "sarif",
        }
    }
}

impl fmt::Display for PartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PartKind::Json => "a leakguard JSON report",
            PartKind::Jsonl => "JSON Lines of findings",
            PartKind::Sarif => "a SARIF log",
        })
    }
}

/// The merged output, ready to be written in its parts' format.
#[derive(Debug)]
pub struct Merged(Output);

#[derive(Debug)]
enum Output {
    Json {
        report: ScanReport,
        tool_version: String,
    },
    Jsonl(Vec<Finding>),
    Sarif(Sarif),
}

impl Merged {
    /// The format of the parts, in which the result is written.
    pub fn kind(&self) -> PartKind {
        match self.0 {
            Output::Json { .. } => PartKind::Json,
            Output::Jsonl(_) => PartKind::Jsonl,
            Output::Sarif(_) => PartKind::Sarif,
        }
    }

    /// Writes the result as the writer of its format writes one run's output.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        match &self.0 {
            Output::Json {
                report,
                tool_version,
            } => crate::json::write_as(out, report, tool_version),
            Output::Jsonl(findings) => crate::jsonl::write_findings(out, findings),
            Output::Sarif(log) => crate::sarif::write_log(out, log),
        }
    }
}

/// Merges `parts`, all in one format, into what one run over all their inputs would have
/// written, whatever the order of the parts.
///
/// - JSON reports: findings, set-aside findings and diagnostics are concatenated, sorted and
///   rid of duplicates as the scan's collector does, `repositories` united, and the counters of
///   `stats` summed (`incomplete` is recounted from the diagnostics). The parts must come from
///   one leakguard version, which the result names.
/// - JSON Lines: the findings, sorted and rid of duplicates.
/// - SARIF: each run of a sweep (one per repository, named by `properties.repository`) is kept
///   as it is, and the runs are ordered by repository; two runs for one repository are refused.
///   Runs of single-input scans (no repository) cannot be combined into one run as a single scan
///   would write it (the order of its results needs positions SARIF does not keep), so copies of
///   one such run merge into it and different ones are refused. The log's top-level fields are
///   the first part's.
pub fn merge(parts: &[Part<'_>]) -> Result<Merged, MergeError> {
    let Some(first) = parts.first() else {
        return Err(MergeError::NoParts);
    };
    let first_kind = detect(first)?;
    for part in &parts[1..] {
        let kind = detect(part)?;
        if kind != first_kind {
            return Err(MergeError::MixedKinds {
                first: first.name.to_owned(),
                first_kind,
                file: part.name.to_owned(),
                kind,
            });
        }
    }
    match first_kind {
        PartKind::Json => json::merge_reports(parts),
        PartKind::Jsonl => json::merge_lines(parts),
        PartKind::Sarif => sarif::merge_logs(parts),
    }
}

/// The top-level fields that tell the formats apart; everything else is skipped unread.
#[derive(Deserialize)]
struct Probe {
    version: Option<Value>,
    tool: Option<Value>,
    runs: Option<IgnoredAny>,
}

/// Which format `part` is in. A leakguard JSON report names the tool and has a numeric version;
/// a SARIF log has `runs` and a string version; anything else must be JSON Lines of findings
/// (an empty file is: a run without findings writes no line).
fn detect(part: &Part<'_>) -> Result<PartKind, MergeError> {
    if let Ok(probe) = serde_json::from_slice::<Probe>(part.bytes) {
        let tool = probe
            .tool
            .as_ref()
            .and_then(|t| t.get("name"))
            .and_then(Value::as_str);
        match (&probe.version, tool, probe.runs.is_some()) {
            (Some(Value::Number(_)), Some(TOOL_NAME), _) => return Ok(PartKind::Json),
            (Some(Value::String(version)), _, true) if version == "2.1.0" => {
                return Ok(PartKind::Sarif)
            }
            (Some(Value::String(version)), _, true) => {
                return Err(MergeError::UnsupportedSarif {
                    file: part.name.to_owned(),
                    found: version.clone(),
                })
            }
            // One line of JSON Lines is one JSON object too.
            _ => {}
        }
    }
    match lines(part.bytes).next() {
        None => Ok(PartKind::Jsonl),
        Some((_, line)) if serde_json::from_slice::<Finding>(line).is_ok() => Ok(PartKind::Jsonl),
        Some(_) => Err(MergeError::Unrecognised {
            file: part.name.to_owned(),
        }),
    }
}

/// The non-blank lines of `bytes`, numbered from 1.
pub(super) fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
}

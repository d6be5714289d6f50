//! Merging JSON reports and JSON Lines: read back, then combined as the scan's collector
//! combines its workers' batches (leakguard-core's collect.rs), so that the writer gives the
//! bytes of one run.

use leakguard_core::{Finding, ScanReport, ScanStats};

use super::{lines, MergeError, Merged, Output, Part, PartKind};
use crate::json::{self, ReadError, ReadReport};
use crate::JSON_FORMAT_VERSION;

pub(super) fn merge_reports(parts: &[Part<'_>]) -> Result<Merged, MergeError> {
    let mut merged = ScanReport::default();
    let mut version: Option<(&str, String)> = None;
    for part in parts {
        let ReadReport {
            report,
            tool_version,
        } = json::read(part.bytes).map_err(|error| match error {
            ReadError::Json(cause) => MergeError::Malformed {
                file: part.name.to_owned(),
                kind: PartKind::Json,
                cause,
            },
            ReadError::Version(found) => MergeError::UnsupportedVersion {
                file: part.name.to_owned(),
                found,
                expected: JSON_FORMAT_VERSION,
            },
        })?;
        match &version {
            None => version = Some((part.name, tool_version)),
            Some((first, first_version)) if *first_version != tool_version => {
                return Err(MergeError::MixedVersions {
                    first: (*first).to_owned(),
                    first_version: first_version.clone(),
                    file: part.name.to_owned(),
                    version: tool_version,
                })
            }
            Some(_) => {}
        }
        merged.repositories.extend(report.repositories);
        merged.findings.extend(report.findings);
        merged.suppressed.extend(report.suppressed);
        merged.diagnostics.extend(report.diagnostics);
        add_counts(&mut merged.stats, &report.stats);
    }
    merged.repositories.sort();
    merged.repositories.dedup();
    merged.findings = sorted(std::mem::take(&mut merged.findings));
    merged.suppressed = sorted(std::mem::take(&mut merged.suppressed));
    merged.diagnostics.sort();
    merged.diagnostics.dedup();
    merged.stats.incomplete = merged
        .diagnostics
        .iter()
        .filter(|d| d.kind.is_incomplete())
        .count() as u64;
    let (_, tool_version) = version.ok_or(MergeError::NoParts)?;
    Ok(Merged(Output::Json {
        report: merged,
        tool_version,
    }))
}

/// Adds the counters of `part` to `total`. Every field is named, so that a counter added to
/// [`ScanStats`] cannot be forgotten here.
///
/// `suppressed` is summed rather than recounted: a report lists its set-aside findings only
/// under `--audit-allows`, but always counts them. `incomplete` is recounted by the caller,
/// since diagnostics are always listed and may repeat across parts.
fn add_counts(total: &mut ScanStats, part: &ScanStats) {
    let ScanStats {
        files_scanned,
        bytes_scanned,
        archives,
        skipped_binary,
        skipped_symlinks,
        skipped_special,
        incomplete: _,
        suppressed,
        elapsed: _,
    } = part;
    total.files_scanned += files_scanned;
    total.bytes_scanned += bytes_scanned;
    total.archives += archives;
    total.skipped_binary += skipped_binary;
    total.skipped_symlinks += skipped_symlinks;
    total.skipped_special += skipped_special;
    total.suppressed += suppressed;
}

/// Findings in report order ([`Finding::sort_key`], as the collector sorts them), exact
/// duplicates dropped (the same input in two parts). Findings that share a key but differ are
/// both kept: one run never writes them, so dropping either would hide which part is wrong.
fn sorted(findings: Vec<Finding>) -> Vec<Finding> {
    let mut keyed: Vec<_> = findings.into_iter().map(|f| (f.sort_key(), f)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<Finding> = Vec::with_capacity(keyed.len());
    let mut group_start = 0;
    let mut previous_key = None;
    for (key, finding) in keyed {
        if previous_key.as_ref() != Some(&key) {
            group_start = out.len();
            previous_key = Some(key);
        }
        if !out[group_start..].contains(&finding) {
            out.push(finding);
        }
    }
    out
}

pub(super) fn merge_lines(parts: &[Part<'_>]) -> Result<Merged, MergeError> {
    let mut findings = Vec::new();
    for part in parts {
        for (line, text) in lines(part.bytes) {
            let finding =
                serde_json::from_slice(text).map_err(|cause| MergeError::MalformedLine {
                    file: part.name.to_owned(),
                    line,
                    cause,
                })?;
            findings.push(finding);
        }
    }
    Ok(Merged(Output::Jsonl(sorted(findings))))
}

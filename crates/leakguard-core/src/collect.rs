//! The one collector: merges what the workers found, drops duplicates and sorts, so the report
//! is the same whatever the thread count and scheduling.

use crate::{Diagnostic, Finding, ScanReport, ScanStats};

/// What one worker produced.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub(crate) findings: Vec<Finding>,
    pub(crate) suppressed: Vec<Finding>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) stats: ScanStats,
}

/// Merges `batches` into one report. What can only be judged across files (secrets shared by
/// environments, a `.gitignore` that matters only where env files exist) is judged here, for
/// scans of many files; a one-blob scan ([`crate::scan_bytes`]) has nothing to compare with.
pub(crate) fn collect(batches: Vec<Batch>) -> ScanReport {
    let mut report = collect_blob(batches);
    crate::environments::review(&mut report.findings);
    report
}

/// Merges `batches` without the judgements across files.
pub(crate) fn collect_blob(batches: Vec<Batch>) -> ScanReport {
    let mut report = ScanReport::default();
    for batch in batches {
        report.findings.extend(batch.findings);
        report.suppressed.extend(batch.suppressed);
        report.diagnostics.extend(batch.diagnostics);
        report.stats.merge(&batch.stats);
    }
    report.normalise();
    report
}

/// Findings in report order, without duplicates.
pub(crate) fn sorted(findings: Vec<Finding>) -> Vec<Finding> {
    // Each key is built once (it holds two strings), not at every comparison.
    let mut keyed: Vec<_> = findings.into_iter().map(|f| (f.sort_key(), f)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    // The same file reached twice (a directory and a file inside it both given) reports once.
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, finding)| finding).collect()
}

impl Batch {
    /// Keeps the findings for which `keep` holds.
    pub(crate) fn retain_findings(&mut self, keep: impl FnMut(&Finding) -> bool) {
        self.findings.retain(keep);
    }

    /// What a memo keeps of this batch (one blob's scan).
    pub(crate) fn remembered(&self) -> crate::BlobFindings {
        let keep = |findings: &[Finding]| {
            findings
                .iter()
                .cloned()
                .map(crate::RememberedFinding::new)
                .collect()
        };
        crate::BlobFindings {
            findings: keep(&self.findings),
            suppressed: keep(&self.suppressed),
        }
    }

    /// Moves everything in `other` into this batch.
    pub(crate) fn append(&mut self, other: Batch) {
        self.findings.extend(other.findings);
        self.suppressed.extend(other.suppressed);
        self.diagnostics.extend(other.diagnostics);
        self.stats.merge(&other.stats);
    }
}

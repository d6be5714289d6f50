//! The one collector: merges what the workers found, drops duplicates and sorts, so the report
//! is the same whatever the thread count and scheduling.

use crate::{Diagnostic, Finding, ScanReport, ScanStats};

/// What one worker produced.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub(crate) findings: Vec<Finding>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) stats: ScanStats,
}

pub(crate) fn collect(batches: Vec<Batch>) -> ScanReport {
    let mut report = ScanReport::default();
    for batch in batches {
        report.findings.extend(batch.findings);
        report.diagnostics.extend(batch.diagnostics);
        report.stats.merge(&batch.stats);
    }
    // Each key is built once (it holds two strings), not at every comparison.
    let mut keyed: Vec<_> = report
        .findings
        .drain(..)
        .map(|f| (f.sort_key(), f))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    // The same file reached twice (a directory and a file inside it both given) reports once.
    keyed.dedup_by(|a, b| a.0 == b.0);
    report.findings = keyed.into_iter().map(|(_, finding)| finding).collect();
    report.diagnostics.sort();
    report.diagnostics.dedup();
    report.stats.incomplete = report
        .diagnostics
        .iter()
        .filter(|d| d.kind.is_incomplete())
        .count() as u64;
    report
}

impl Batch {
    /// Keeps the findings for which `keep` holds.
    pub(crate) fn retain_findings(&mut self, keep: impl FnMut(&Finding) -> bool) {
        self.findings.retain(keep);
    }

    /// Moves everything in `other` into this batch.
    pub(crate) fn append(&mut self, other: Batch) {
        self.findings.extend(other.findings);
        self.diagnostics.extend(other.diagnostics);
        self.stats.merge(&other.stats);
    }
}

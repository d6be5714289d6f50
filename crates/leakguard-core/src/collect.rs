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
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // The same file reached twice (a directory and a file inside it both given) reports once.
    report
        .findings
        .dedup_by(|a, b| a.sort_key() == b.sort_key());
    report.diagnostics.sort();
    report.diagnostics.dedup();
    report.stats.incomplete = report
        .diagnostics
        .iter()
        .filter(|d| d.kind.is_incomplete())
        .count() as u64;
    report
}

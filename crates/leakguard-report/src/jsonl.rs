//! JSON Lines: each finding as one compact JSON object per line, the same object as in the JSON
//! report's `findings` array, so `jq` and log pipelines can consume findings one at a time.

use std::io::{self, Write};

use leakguard_core::{Finding, ScanReport};

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport) -> io::Result<()> {
    write_findings(out, &report.findings)
}

/// Writes `findings`, one a line, as [`write`] does (and `leakguard merge` after it).
pub(crate) fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for finding in findings {
        serde_json::to_writer(&mut *out, finding)?;
        writeln!(out)?;
    }
    Ok(())
}

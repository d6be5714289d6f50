//! JSON Lines: each finding as one compact JSON object per line, the same object as in the JSON
//! report's `findings` array, so `jq` and log pipelines can consume findings one at a time.

use std::io::{self, Write};

use leakguard_core::ScanReport;

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport) -> io::Result<()> {
    for finding in &report.findings {
        serde_json::to_writer(&mut *out, finding)?;
        writeln!(out)?;
    }
    Ok(())
}

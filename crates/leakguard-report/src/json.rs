//! The JSON report: one document, versioned so tools can rely on its shape (docs/json-format.md).

use std::io::{self, Write};

use leakguard_core::{Diagnostic, Finding, ScanReport, ScanStats};
use serde::Serialize;

/// Version of the JSON document's shape. Raised on any change that could break a reader
/// (a field removed, renamed or retyped); adding a field does not raise it.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    incomplete: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    repositories: &'a [String],
    findings: &'a [Finding],
    #[serde(skip_serializing_if = "<[Finding]>::is_empty")]
    suppressed: &'a [Finding],
    diagnostics: &'a [Diagnostic],
    stats: &'a ScanStats,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport) -> io::Result<()> {
    let document = Document {
        version: JSON_FORMAT_VERSION,
        tool: Tool {
            name: crate::TOOL_NAME,
            version: crate::TOOL_VERSION,
        },
        incomplete: report.is_incomplete(),
        repositories: &report.repositories,
        findings: &report.findings,
        suppressed: &report.suppressed,
        diagnostics: &report.diagnostics,
        stats: &report.stats,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

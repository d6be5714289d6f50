//! The JSON report: one document, versioned so tools can rely on its shape (docs/json-format.md).
//! It is also read back, by `leakguard merge`, so the writer and the reader live side by side.

use std::io::{self, Write};

use leakguard_core::{Diagnostic, Finding, ScanReport, ScanStats};
use serde::{Deserialize, Serialize};

/// Version of the JSON document's shape. Raised on any change that could break a reader
/// (a field removed, renamed or retyped); adding a field does not raise it.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool<'a>,
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
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

/// [`Document`] as read back. `incomplete` is left out: it follows from the diagnostics.
#[derive(Deserialize)]
struct OwnedDocument {
    tool: OwnedTool,
    #[serde(default)]
    repositories: Vec<String>,
    findings: Vec<Finding>,
    #[serde(default)]
    suppressed: Vec<Finding>,
    diagnostics: Vec<Diagnostic>,
    stats: ScanStats,
}

#[derive(Deserialize)]
struct OwnedTool {
    version: String,
}

/// Only the version, read first, so that a document of another version is refused for what it
/// is rather than for the first field that changed.
#[derive(Deserialize)]
struct Versioned {
    version: u64,
}

/// A JSON report read back.
pub(crate) struct ReadReport {
    /// The report. Its scope is the default: the document does not record it.
    pub(crate) report: ScanReport,
    /// The leakguard version that wrote it.
    pub(crate) tool_version: String,
}

/// Why a JSON report could not be read back.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not JSON, or not of the document's shape.
    Json(serde_json::Error),
    /// A document of another [`JSON_FORMAT_VERSION`].
    Version(u64),
}

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport) -> io::Result<()> {
    write_as(out, report, crate::TOOL_VERSION)
}

/// Writes `report` as leakguard `tool_version` wrote it: a merge keeps the version of the scans
/// it combines, so that its output is the output of one such scan.
pub(crate) fn write_as(
    out: &mut dyn Write,
    report: &ScanReport,
    tool_version: &str,
) -> io::Result<()> {
    let document = Document {
        version: JSON_FORMAT_VERSION,
        tool: Tool {
            name: crate::TOOL_NAME,
            version: tool_version,
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

/// Reads a document [`write`] wrote, refusing other versions of the format.
pub(crate) fn read(bytes: &[u8]) -> Result<ReadReport, ReadError> {
    let Versioned { version } = serde_json::from_slice(bytes).map_err(ReadError::Json)?;
    if version != u64::from(JSON_FORMAT_VERSION) {
        return Err(ReadError::Version(version));
    }
    let document: OwnedDocument = serde_json::from_slice(bytes).map_err(ReadError::Json)?;
    Ok(ReadReport {
        report: ScanReport {
            repositories: document.repositories,
            findings: document.findings,
            suppressed: document.suppressed,
            diagnostics: document.diagnostics,
            stats: document.stats,
            ..ScanReport::default()
        },
        tool_version: document.tool.version,
    })
}

//! Report formats of leakguard, one module each: a grouped terminal view, JSON (one versioned
//! document), JSONL (one finding per line, for streaming into other tools) and SARIF 2.1.0 for
//! GitHub code scanning.
//!
//! Every format writes to any [`std::io::Write`] and reads only the finished, sorted
//! [`ScanReport`], so a report is a pure function of its input: the same scan gives byte-identical
//! JSON, JSONL and SARIF whatever the thread count. Wall-clock time appears only in the terminal
//! view.

mod docs;
mod human;
mod json;
mod jsonl;
mod sarif;

use std::io::{self, Write};

use leakguard_core::rules::RuleSet;
use leakguard_core::ScanReport;

pub use docs::rules_markdown;
pub use human::HumanOptions;
pub use json::JSON_FORMAT_VERSION;
pub use sarif::{rule_doc_anchor, security_severity, DOCS_URL};

/// The name tools and reports know leakguard by.
pub const TOOL_NAME: &str = "leakguard";
/// leakguard's version, from the workspace manifest.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Where users learn about leakguard.
pub const HOMEPAGE: &str = "https://github.com/leakguard/leakguard";

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Findings grouped by file, then a summary.
    Human,
    /// One JSON document.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
}

/// Writes `report` in `format`. `rules` supplies rule metadata (descriptions, remediation).
pub fn write_report(
    out: &mut dyn Write,
    format: Format,
    report: &ScanReport,
    rules: &RuleSet,
    human: &HumanOptions,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, report, human),
        Format::Json => json::write(out, report),
        Format::Jsonl => jsonl::write(out, report),
        Format::Sarif => sarif::write(out, report, rules),
    }
}

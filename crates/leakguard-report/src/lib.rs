//! Report formats of leakguard, one module each: a grouped terminal view, JSON (one versioned
//! document), JSONL (one finding per line, for streaming into other tools), SARIF 2.1.0 for
//! GitHub code scanning, and three formats CI servers read natively: GitLab's secret detection
//! report, GitLab Code Quality and JUnit XML (docs/ci-formats.md); and one self-contained HTML
//! page for people (docs/html-report.md). It also reads its own JSON, JSON Lines and SARIF back,
//! to merge the outputs of a sweep's shards into one ([`merge()`]).
//!
//! Every format writes to any [`std::io::Write`] and reads only the finished, sorted
//! [`ScanReport`], so a report is a pure function of its input: the same scan gives byte-identical
//! JSON, JSONL, SARIF, CI and HTML reports whatever the thread count. Wall-clock time appears only in
//! the terminal view, and in the GitLab report only when the caller passes [`ScanTimes`].

mod ci;
mod civil;
mod codequality;
mod docs;
mod gitlab;
mod html;
mod human;
mod json;
mod jsonl;
mod junit;
mod merge;
mod sarif;
mod xml;

use std::io::{self, Write};
use std::time::SystemTime;

use leakguard_core::rules::RuleSet;
use leakguard_core::ScanReport;

pub use docs::rules_markdown;
pub use gitlab::GITLAB_SCHEMA_VERSION;
pub use human::HumanOptions;
pub use json::JSON_FORMAT_VERSION;
pub use merge::{merge, MergeError, Merged, Part, PartKind};
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
    /// GitLab's secret detection report (`gl-secret-detection-report.json`), schema 15.2.1.
    GitlabSecrets,
    /// A GitLab Code Quality report (`gl-code-quality-report.json`).
    CodeQuality,
    /// JUnit XML: one test case per finding, for any CI server's test report view.
    Junit,
    /// One self-contained HTML page: totals, findings by repository and rule, a timeline and a
    /// searchable table (docs/html-report.md).
    Html,
}

/// When a scan started and finished, for the formats whose schema requires both (GitLab's secret
/// detection report). A report written without them says the Unix epoch instead, so that the
/// same scan always gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanTimes {
    /// When the scan started.
    pub start: SystemTime,
    /// When the scan finished.
    pub end: SystemTime,
}

/// Writes `report` in `format`. `rules` supplies rule metadata (descriptions, remediation).
pub fn write_report(
    out: &mut dyn Write,
    format: Format,
    report: &ScanReport,
    rules: &RuleSet,
    human: &HumanOptions,
) -> io::Result<()> {
    write_report_timed(out, format, report, rules, human, None)
}

/// Writes `report` in `format` as [`write_report`] does, with the scan's start and end times for
/// the formats that record them; `None` writes the Unix epoch there.
pub fn write_report_timed(
    out: &mut dyn Write,
    format: Format,
    report: &ScanReport,
    rules: &RuleSet,
    human: &HumanOptions,
    times: Option<ScanTimes>,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, report, human),
        Format::Json => json::write(out, report),
        Format::Jsonl => jsonl::write(out, report),
        Format::Sarif => sarif::write(out, report, rules),
        Format::GitlabSecrets => gitlab::write(out, report, rules, times),
        Format::CodeQuality => codequality::write(out, report),
        Format::Junit => junit::write(out, report, rules),
        Format::Html => html::write(out, report),
    }
}

//! A GitLab Code Quality report (`gl-code-quality-report.json`): a JSON array with one issue per
//! finding, so that secrets show in the merge request widget and beside the diff.
//!
//! GitLab publishes no schema for it. Its documentation ("Code Quality", section "Implement a
//! custom tool", <https://docs.gitlab.com/ci/testing/code_quality/#implement-a-custom-tool>)
//! lists the properties it reads, and says that it ignores the rest of the Code Climate
//! specification: `description`, `check_name`, `fingerprint`, `severity` (`info`, `minor`,
//! `major`, `critical` or `blocker`), `location.path` and `location.lines.begin`. Each issue has
//! exactly those, and the tests hold it to them.
//!
//! - `fingerprint` is unique per finding (see `ci::FindingId`): GitLab shows issues
//!   with equal fingerprints as one, and uses it to tell new issues from fixed ones, so it must
//!   not move when lines are added above a secret.
//! - Severities shift one step up from leakguard's (a critical credential is a `blocker`), and a
//!   pre-existing finding (in a file the change edits, but not added by it) is `minor`: a warning
//!   beside the edit, as SARIF reports it.
//! - The commit of a git finding, having no field of its own, is named in the description.

use std::io::{self, Write};

use leakguard_core::rules::Severity;
use leakguard_core::{Finding, ScanReport};
use serde::Serialize;

use crate::ci::{self, FindingId};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = ci::present(&report.findings)
        .into_iter()
        .map(|presented| issue(presented.finding, presented.id))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

fn issue(finding: &Finding, id: FindingId) -> Issue<'_> {
    Issue {
        description: ci::message(finding),
        check_name: finding.rule.as_str(),
        fingerprint: id.hex(),
        severity: if ci::is_pre_existing(finding) {
            "minor"
        } else {
            severity(finding.severity)
        },
        location: Location {
            path: finding.origin.display_path(),
            lines: Lines {
                begin: finding.location.start_line,
            },
        },
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
    }
}

//! GitLab's secret detection report (`gl-secret-detection-report.json`), in the shape of schema
//! 15.2.1 of gitlab-org/security-products/security-report-schemas (vendored in testdata/gitlab,
//! where a test validates every report against it).
//!
//! Choices the schema leaves open:
//! - `location.commit.sha` is required. Git findings carry the commit that introduced the blob;
//!   files, stdin and staged blobs have none and get `0000000`, the placeholder GitLab's own
//!   analyzer writes when it scans a working tree. The commit's author is never written.
//! - `scan.start_time` and `scan.end_time` are required, but a [`ScanReport`] holds no clock
//!   times, so that equal scans give equal reports: they come from [`ScanTimes`] when the caller
//!   passes them and are the Unix epoch otherwise.
//! - A pre-existing finding (one the change under review did not add) keeps its rule's severity:
//!   GitLab itself tells new vulnerabilities from ones already on the target branch, and a live
//!   secret is as dangerous whoever last touched its file. Its description says it was there
//!   before.
//! - An incomplete scan is still `success` (what was scanned is reported); each unscanned input
//!   becomes a `warn` message in `scan.messages`.
//! - `raw_source_code_extract` is the finding's line with the secret redacted, left out when it
//!   could hold a secret in full (see `ci::present`).

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use leakguard_core::rules::{RuleSet, Severity};
use leakguard_core::{Classification, Finding, Origin, ScanReport};
use serde::Serialize;

use crate::ci::{self, Presented};
use crate::civil::civil_from_days;
use crate::sarif::{rule_doc_anchor, DOCS_URL};
use crate::ScanTimes;

/// The version of GitLab's secret detection report schema that reports declare and follow.
pub const GITLAB_SCHEMA_VERSION: &str = "15.2.1";

/// The commit GitLab's analyzer reports for a finding outside git history.
const NO_COMMIT: &str = "0000000";

/// Longest `name` and `solution` the schema accepts, in characters.
const MAX_NAME: usize = 255;
const MAX_SOLUTION: usize = 7000;

#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    vulnerabilities: Vec<Vulnerability<'a>>,
    scan: Scan,
}

#[derive(Serialize)]
struct Vulnerability<'a> {
    id: String,
    /// Gone from the schema since 15.0.0 but still allowed; readers of older reports want it.
    category: &'static str,
    name: String,
    description: String,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    solution: Option<String>,
    identifiers: Vec<Identifier>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<Link<'a>>,
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_source_code_extract: Option<&'a str>,
}

#[derive(Serialize)]
struct Identifier {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    value: String,
    url: String,
}

#[derive(Serialize)]
struct Link<'a> {
    url: &'a str,
}

#[derive(Serialize)]
struct Location {
    file: String,
    start_line: usize,
    end_line: usize,
    commit: Commit,
}

#[derive(Serialize)]
struct Commit {
    sha: String,
}

#[derive(Serialize)]
struct Scan {
    analyzer: Component,
    scanner: Component,
    #[serde(rename = "type")]
    kind: &'static str,
    start_time: String,
    end_time: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    messages: Vec<Message>,
}

#[derive(Serialize)]
struct Component {
    id: &'static str,
    name: &'static str,
    version: &'static str,
    url: &'static str,
    vendor: Vendor,
}

#[derive(Serialize)]
struct Vendor {
    name: &'static str,
}

#[derive(Serialize)]
struct Message {
    level: &'static str,
    value: String,
}

pub(crate) fn write(
    out: &mut dyn Write,
    report: &ScanReport,
    rules: &RuleSet,
    times: Option<ScanTimes>,
) -> io::Result<()> {
    let vulnerabilities = ci::present(&report.findings)
        .into_iter()
        .map(|presented| vulnerability(presented, rules))
        .collect();
    let (start, end) = times.map_or((UNIX_EPOCH, UNIX_EPOCH), |t| (t.start, t.end));
    let document = Document {
        version: GITLAB_SCHEMA_VERSION,
        vulnerabilities,
        scan: Scan {
            analyzer: component(),
            scanner: component(),
            kind: "secret_detection",
            start_time: utc_timestamp(start),
            end_time: utc_timestamp(end),
            status: "success",
            messages: report
                .diagnostics
                .iter()
                .map(|d| Message {
                    level: if d.kind.is_incomplete() {
                        "warn"
                    } else {
                        "info"
                    },
                    value: d.to_string(),
                })
                .collect(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn component() -> Component {
    Component {
        id: crate::TOOL_NAME,
        name: crate::TOOL_NAME,
        version: crate::TOOL_VERSION,
        url: crate::HOMEPAGE,
        vendor: Vendor {
            name: crate::TOOL_NAME,
        },
    }
}

fn vulnerability<'a>(presented: Presented<'a>, rules: &'a RuleSet) -> Vulnerability<'a> {
    let Presented {
        finding,
        id,
        snippet,
    } = presented;
    let rule = rules.get(finding.rule.as_str());
    let rule_id = finding.rule.as_str();
    let mut identifiers = vec![Identifier {
        kind: "leakguard_rule_id",
        name: format!("leakguard rule {rule_id}"),
        value: rule_id.to_owned(),
        url: format!("{DOCS_URL}#{}", rule_doc_anchor(rule_id)),
    }];
    if let Some(rule) = rule {
        identifiers.extend(rule.cwe().iter().map(|cwe| Identifier {
            kind: "cwe",
            name: format!("CWE-{cwe}"),
            value: cwe.to_string(),
            url: format!("https://cwe.mitre.org/data/definitions/{cwe}.html"),
        }));
    }
    let links = rule
        .map(|r| r.references())
        .unwrap_or_default()
        .iter()
        .filter(|url| is_link(url))
        .map(|url| Link { url })
        .collect();
    Vulnerability {
        id: id.uuid(),
        category: "secret_detection",
        name: ci::truncate_chars(&finding.rule_name, MAX_NAME),
        description: description(finding, rule.map(|r| r.description())),
        severity: severity(finding.severity),
        solution: rule.map(|r| ci::truncate_chars(r.remediation(), MAX_SOLUTION)),
        identifiers,
        links,
        location: Location {
            file: finding.origin.display_path(),
            start_line: finding.location.start_line,
            end_line: finding.location.end_line,
            commit: Commit {
                sha: finding.origin.commit().unwrap_or(NO_COMMIT).to_owned(),
            },
        },
        raw_source_code_extract: snippet,
    }
}

/// The rule's description, then what was found where: the redacted secret, and how a git
/// finding entered history.
fn description(finding: &Finding, rule_description: Option<&str>) -> String {
    let mut paragraphs = Vec::new();
    paragraphs.extend(rule_description.map(str::to_owned));
    paragraphs.push(ci::message(finding));
    if finding.classification == Some(Classification::PreExisting) {
        paragraphs.push(
            "The change under review did not add this secret, but it is live in a file the \
             change edits."
                .to_owned(),
        );
    }
    if matches!(finding.origin, Origin::Git { .. }) && finding.origin.commit().is_none() {
        paragraphs.push("No commit reaches this blob.".to_owned());
    }
    paragraphs.join("\n\n")
}

/// GitLab's severity names.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// Whether `url` fits the schema's link pattern, `^(https?|ftp)://.+`.
fn is_link(url: &str) -> bool {
    ["http://", "https://", "ftp://"]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url.starts_with(scheme))
}

/// `time` as the schema wants it: UTC, `yyyy-mm-ddThh:mm:ss`, no zone suffix. Times before the
/// epoch are written as the epoch, and times after year 9999 as its last second.
fn utc_timestamp(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let days = i64::try_from(secs / 86_400).expect("u64 seconds count fewer than i64::MAX days");
    let (year, month, day) = civil_from_days(days);
    if year > 9999 {
        return "9999-12-31T23:59:59".to_owned();
    }
    let of_day = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn at(secs: u64) -> String {
        utc_timestamp(UNIX_EPOCH + Duration::from_secs(secs))
    }

    #[test]
    fn timestamps_are_utc_without_zone() {
        assert_eq!(at(0), "1970-01-01T00:00:00");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(at(1_709_164_799), "2024-02-28T23:59:59");
        assert_eq!(at(1_767_225_599), "2025-12-31T23:59:59");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00");
        assert_eq!(
            utc_timestamp(UNIX_EPOCH - Duration::from_secs(5)),
            "1970-01-01T00:00:00"
        );
        assert_eq!(at(400_000_000_000), "9999-12-31T23:59:59");
    }

    #[test]
    fn only_absolute_web_links_are_kept() {
        assert!(is_link("https://docs.github.com/x"));
        assert!(is_link("ftp://a"));
        assert!(!is_link("https://"));
        assert!(!is_link("docs/rules.md"));
    }
}

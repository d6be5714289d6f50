//! SARIF 2.1.0 as GitHub code scanning accepts it: every rule that fired in `tool.driver.rules`
//! with its help and a numeric `security-severity`, results with repository-relative URIs,
//! regions in Unicode code points, and partial fingerprints that survive lines moving.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use leakguard_core::rules::{Exposure, Rule, RuleSet, Severity};
use leakguard_core::{Classification, Finding, Origin, ScanReport, Suppression};
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    RunAutomationDetails, Sarif, Suppression as SarifSuppression, Tool, ToolComponent,
    VersionControlDetails,
};

/// The rule reference, one section per rule; `helpUri`s point into it.
pub const DOCS_URL: &str = "https://github.com/leakguard/leakguard/blob/main/docs/rules.md";

/// The schema every leakguard SARIF log names.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which leakguard's own fingerprint goes in `partialFingerprints`.
const FINGERPRINT_KEY: &str = "leakguardFingerprint/v1";

/// For history findings, the introducing commit, so the same key introduced by two commits stays
/// two alerts while each keeps its identity across runs.
const COMMIT_FINGERPRINT_KEY: &str = "leakguardCommit/v1";

/// GitHub code scanning's limit on results in one run.
const MAX_RESULTS: usize = 25_000;

/// The anchor GitHub gives the heading `` `rule.id` `` in docs/rules.md.
pub fn rule_doc_anchor(rule_id: &str) -> String {
    rule_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// GitHub's `security-severity` for a severity: GitHub maps over 9.0 to critical, 7.0–8.9 to
/// high, 4.0–6.9 to medium and below that to low.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match level(severity) {
        ResultLevel::Error => "error",
        ResultLevel::Warning => "warning",
        _ => "note",
    }
}

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport, rules: &RuleSet) -> io::Result<()> {
    let runs = if report.repositories.is_empty() {
        vec![run(
            &Scanned {
                findings: report.findings.iter().collect(),
                suppressed: report.suppressed.iter().collect(),
                incomplete: report.is_incomplete(),
                repository: None,
            },
            report,
            rules,
        )]
    } else {
        scanned_by_repository(report)
            .iter()
            .map(|scanned| run(scanned, report, rules))
            .collect()
    };
    let sarif = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(runs)
        .build();
    write_log(out, &sarif)
}

/// Writes a SARIF log as every leakguard SARIF file is written, so that `leakguard merge` gives
/// the bytes a single run would have given.
pub(crate) fn write_log(out: &mut dyn Write, sarif: &Sarif) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, sarif)?;
    writeln!(out)
}

/// What one run reports: all of a single-input scan, or one repository of a sweep.
struct Scanned<'a> {
    findings: Vec<&'a Finding>,
    suppressed: Vec<&'a Finding>,
    incomplete: bool,
    /// The repository, in a sweep.
    repository: Option<&'a str>,
}

/// A sweep's findings split by repository, one entry per repository in name order, those
/// without findings included so that the log records that they were scanned.
///
/// Each repository gets a run of its own, with its own rules and counts, so that the runs of a
/// sweep split into shards are the runs of the whole sweep and `leakguard merge` only has to
/// put them side by side. Anything without a repository (which a sweep should not produce) goes
/// to the first run rather than being lost.
fn scanned_by_repository(report: &ScanReport) -> Vec<Scanned<'_>> {
    let mut names: BTreeSet<&str> = report.repositories.iter().map(String::as_str).collect();
    names.extend(
        report
            .findings
            .iter()
            .chain(&report.suppressed)
            .filter_map(|f| f.repository.as_deref()),
    );
    names.extend(
        report
            .diagnostics
            .iter()
            .filter_map(|d| d.repository.as_deref()),
    );
    let mut runs: Vec<Scanned<'_>> = names
        .iter()
        .map(|&name| Scanned {
            findings: Vec::new(),
            suppressed: Vec::new(),
            incomplete: false,
            repository: Some(name),
        })
        .collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let slot = |repository: &Option<String>| {
        repository
            .as_deref()
            .and_then(|name| index.get(name).copied())
            .unwrap_or(0)
    };
    for finding in &report.findings {
        runs[slot(&finding.repository)].findings.push(finding);
    }
    for finding in &report.suppressed {
        runs[slot(&finding.repository)].suppressed.push(finding);
    }
    for diagnostic in &report.diagnostics {
        if diagnostic.kind.is_incomplete() {
            runs[slot(&diagnostic.repository)].incomplete = true;
        }
    }
    runs
}

fn run(scanned: &Scanned<'_>, report: &ScanReport, rules: &RuleSet) -> Run {
    let mut fired: Vec<&Rule> = scanned
        .findings
        .iter()
        .filter_map(|f| rules.get(f.rule.as_str()))
        .collect();
    fired.sort_by(|a, b| a.id().cmp(b.id()));
    fired.dedup_by(|a, b| a.id() == b.id());
    let rule_index: BTreeMap<&str, usize> = fired
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id().as_str(), i))
        .collect();

    let driver = ToolComponent::builder()
        .name(crate::TOOL_NAME)
        .semantic_version(crate::TOOL_VERSION)
        .information_uri(crate::HOMEPAGE)
        .rules(fired.iter().map(|r| descriptor(r)).collect::<Vec<_>>())
        .build();
    // Set-aside findings appear only when asked for (`--audit-allows`), as suppressed results.
    // Code scanning takes at most 25,000 results a run; the most severe go first.
    let mut shown: Vec<&Finding> = scanned
        .findings
        .iter()
        .chain(&scanned.suppressed)
        .copied()
        .collect();
    shown.sort_by_key(|f| (f.suppressed_by.is_some(), std::cmp::Reverse(f.severity)));
    let omitted = shown.len().saturating_sub(MAX_RESULTS);
    shown.truncate(MAX_RESULTS);
    let results: Vec<SarifResult> = shown
        .into_iter()
        .map(|f| result(f, rule_index.get(f.rule.as_str()).copied()))
        .collect();
    let category = format!("leakguard/{}/", report.scope.as_str());
    let mut properties = BTreeMap::from([
        ("incomplete".to_owned(), json!(scanned.incomplete)),
        ("resultsOmitted".to_owned(), json!(omitted)),
    ]);
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"));
    let Some(repository) = scanned.repository else {
        // The counts are the whole scan's; a sweep does not keep them per repository.
        properties.insert("filesScanned".to_owned(), json!(report.stats.files_scanned));
        properties.insert("bytesScanned".to_owned(), json!(report.stats.bytes_scanned));
        return run
            .automation_details(RunAutomationDetails::builder().id(category).build())
            .properties(property_bag(properties))
            .build();
    };
    properties.insert("repository".to_owned(), json!(repository));
    // Code scanning keeps one analysis per tool and category, so each repository needs its own
    // category; the trailing `/` keeps the whole id the category.
    let id = format!("{category}{}/", percent_encode(repository));
    let mut run = run
        .automation_details(RunAutomationDetails::builder().id(id).build())
        .properties(property_bag(properties))
        .build();
    if is_uri(repository) {
        run.version_control_provenance = Some(vec![VersionControlDetails::builder()
            .repository_uri(repository)
            .build()]);
    }
    run
}

/// Whether a repository name is a URL that `repositoryUri` can carry as is (a clone URL, not a
/// path or an scp-like `host:path`).
fn is_uri(name: &str) -> bool {
    name.contains("://")
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c))
}

fn property_bag(properties: BTreeMap<String, serde_json::Value>) -> PropertyBag {
    PropertyBag {
        additional_properties: properties,
        ..PropertyBag::default()
    }
}

fn text(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let mut help_text = format!(
        "{}\n\nRemediation: {}",
        rule.description(),
        rule.remediation()
    );
    let mut help_markdown = format!(
        "{}\n\n**Remediation:** {}",
        rule.description(),
        rule.remediation()
    );
    if !rule.references().is_empty() {
        help_text.push_str("\n\nReferences:");
        help_markdown.push_str("\n\n**References:**\n");
        for reference in rule.references() {
            help_text.push_str(&format!("\n- {reference}"));
            help_markdown.push_str(&format!("\n- <{reference}>"));
        }
    }
    let mut tags = vec!["security".to_owned(), rule.category().as_str().to_owned()];
    tags.extend(
        rule.cwe()
            .iter()
            .map(|cwe| format!("external/cwe/cwe-{cwe}")),
    );
    ReportingDescriptor::builder()
        .id(rule.id().as_str())
        .name(rule.name())
        .short_description(text(rule.name()))
        .full_description(text(rule.description()))
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .help_uri(format!(
            "{DOCS_URL}#{}",
            rule_doc_anchor(rule.id().as_str())
        ))
        .default_configuration(ReportingConfiguration {
            level: Some(json!(level_name(rule.severity()))),
            ..ReportingConfiguration::default()
        })
        .properties(PropertyBag {
            tags: Some(tags),
            additional_properties: BTreeMap::from([
                (
                    "security-severity".to_owned(),
                    json!(security_severity(rule.severity())),
                ),
                ("precision".to_owned(), json!("high")),
            ]),
        })
        .build()
}

fn result(finding: &Finding, rule_index: Option<usize>) -> SarifResult {
    let loc = &finding.location;
    let region = if finding.origin.is_nested() {
        // Lines inside an archive entry or an embedded source are not lines of the file the
        // result points at; the message gives them.
        Region {
            start_line: Some(1),
            ..Region::default()
        }
    } else {
        Region {
            start_line: Some(loc.start_line as i64),
            start_column: Some(loc.start_column as i64),
            end_line: Some(loc.end_line as i64),
            end_column: Some(loc.end_column as i64),
            ..Region::default()
        }
    };
    let physical = PhysicalLocation {
        artifact_location: Some(artifact_location(&finding.origin)),
        region: Some(region),
        ..PhysicalLocation::default()
    };
    let mut result = SarifResult::builder()
        .message(Message {
            text: Some(message(finding)),
            ..Message::default()
        })
        .rule_id(finding.rule.as_str())
        .level(match finding.classification {
            // A secret the change under review did not add is a warning beside its edit.
            Some(Classification::PreExisting) => ResultLevel::Warning,
            // Made for browsers: listed so a review sees it, never an alert to fix.
            _ if finding.exposure == Exposure::Publishable => ResultLevel::Note,
            _ => level(finding.severity),
        })
        .locations(vec![Location {
            physical_location: Some(physical),
            ..Location::default()
        }])
        .partial_fingerprints(partial_fingerprints(finding))
        .properties(PropertyBag {
            additional_properties: BTreeMap::from([
                ("severity".to_owned(), json!(finding.severity.as_str())),
                ("category".to_owned(), json!(finding.category.as_str())),
                ("snippet".to_owned(), json!(finding.snippet)),
            ]),
            ..PropertyBag::default()
        })
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    if let Some(suppression) = &finding.suppressed_by {
        let (kind, justification) = match suppression {
            Suppression::Inline { marker, line } => {
                ("inSource", format!("`{marker}` on line {line}"))
            }
            Suppression::Baseline => ("external", "listed in the baseline".to_owned()),
            Suppression::Config { setting } => (
                "external",
                format!("allowed by the configuration's `{setting}`"),
            ),
            Suppression::Triage { state, note } if note.is_empty() => {
                ("external", format!("triaged as {}", state.as_str()))
            }
            Suppression::Triage { state, note } => {
                ("external", format!("triaged as {}: {note}", state.as_str()))
            }
        };
        result.suppressions = Some(vec![SarifSuppression::builder()
            .kind(json!(kind))
            .justification(justification)
            .build()]);
    }
    if let (
        Some(properties),
        Origin::Git {
            commit, blob, time, ..
        },
    ) = (&mut result.properties, finding.origin.container())
    {
        let extra = &mut properties.additional_properties;
        extra.insert("commit".to_owned(), json!(commit));
        extra.insert("blob".to_owned(), json!(blob));
        // No author: SARIF leaves the repository for code scanning, and names and emails are
        // personal data.
        extra.insert("commitTime".to_owned(), json!(time));
        if !finding.other_occurrences.is_empty() {
            extra.insert(
                "otherOccurrences".to_owned(),
                json!(finding.other_occurrences.len()),
            );
        }
    }
    if let Some(properties) = &mut result.properties {
        let extra = &mut properties.additional_properties;
        if finding.origin.is_nested() {
            extra.insert(
                "nestedPath".to_owned(),
                json!(finding.origin.display_path()),
            );
            extra.insert("nestedLine".to_owned(), json!(finding.location.start_line));
        }
        if !finding.decoding.is_empty() {
            extra.insert("decoding".to_owned(), json!(finding.decoding));
        }
        if let Some(original) = &finding.original {
            extra.insert("original".to_owned(), json!(original));
        }
        if !finding.shared_with.is_empty() {
            extra.insert("sharedWith".to_owned(), json!(finding.shared_with));
        }
    }
    if let (Some(properties), Some(classification)) =
        (&mut result.properties, finding.classification)
    {
        properties
            .additional_properties
            .insert("classification".to_owned(), json!(classification.as_str()));
    }
    result
}

fn partial_fingerprints(finding: &Finding) -> BTreeMap<String, String> {
    let mut fingerprints =
        BTreeMap::from([(FINGERPRINT_KEY.to_owned(), finding.fingerprint.to_string())]);
    if let Some(commit) = finding.origin.commit() {
        fingerprints.insert(COMMIT_FINGERPRINT_KEY.to_owned(), commit.to_owned());
    }
    if !finding.line_hash.is_empty() {
        // As GitHub's upload computes it, but from the scanned blob: history findings whose file
        // is not in the checkout still get one.
        fingerprints.insert(
            "primaryLocationLineHash".to_owned(),
            finding.line_hash.clone(),
        );
    }
    fingerprints
}

/// The result's message: what was found, and for git findings where and how it entered history.
fn message(finding: &Finding) -> String {
    let mut found = format!("{} found: {}", finding.rule_name, finding.secret.as_str());
    if finding.origin.is_nested() {
        found.push_str(&format!(
            " in {} at line {}, column {}",
            finding.origin.display_path(),
            finding.location.start_line,
            finding.location.start_column
        ));
    }
    if !finding.decoding.is_empty() {
        let chain: Vec<&str> = finding.decoding.iter().map(|d| d.as_str()).collect();
        found.push_str(&format!(" (decoded from {})", chain.join(" then ")));
    }
    if let Some(original) = &finding.original {
        found.push_str(&format!(
            " (original source {} line {})",
            original.source, original.line
        ));
    }
    if let Some(why) = &finding.client_exposure {
        found.push_str(&format!(" (public: {why})"));
    }
    if !finding.shared_with.is_empty() {
        found.push_str(&format!(
            " (the same value is in another environment: {})",
            finding.shared_with.join(", ")
        ));
    }
    let Some(commit) = finding.origin.commit() else {
        return found;
    };
    match finding.classification {
        Some(Classification::Introduced) => format!("{found} (introduced in commit {commit})"),
        Some(Classification::PreExisting) => format!(
            "{found} (already in this file before the change under review, as of commit {commit})"
        ),
        None => match finding.other_occurrences.len() {
            0 => format!("{found} (introduced in commit {commit})"),
            n => format!("{found} (introduced in commit {commit}; {n} more commits or paths hold the same file)"),
        },
    }
}

/// Relative paths become `%SRCROOT%`-relative URIs (the repository root, for code scanning);
/// absolute paths become `file://` URIs; stdin has no file and is named `stdin`.
fn artifact_location(origin: &Origin) -> ArtifactLocation {
    match origin {
        Origin::File { path } if path.is_absolute() => ArtifactLocation {
            uri: Some(format!("file://{}", percent_encode(&origin.display_path()))),
            ..ArtifactLocation::default()
        },
        // A git finding points at the path where its blob was introduced; the commit is in the
        // message and properties, since the file may no longer exist at HEAD.
        Origin::File { .. } | Origin::Git { .. } | Origin::Staged { .. } => ArtifactLocation {
            uri: Some(percent_encode(&origin.display_path())),
            uri_base_id: Some("%SRCROOT%".to_owned()),
            ..ArtifactLocation::default()
        },
        Origin::Stdin => ArtifactLocation {
            uri: Some("stdin".to_owned()),
            ..ArtifactLocation::default()
        },
        // Code scanning shows results only in files of the repository: an archive entry or a
        // map's embedded source points at the archive or map, and says where inside it in the
        // message and the `nestedPath` property.
        Origin::Archive { .. } | Origin::MapSource { .. } => artifact_location(origin.container()),
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(percent_encode("src/my file#1.js"), "src/my%20file%231.js");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn anchors_drop_dots() {
        assert_eq!(rule_doc_anchor("github.pat-classic"), "githubpat-classic");
    }
}

//! Baseline files: the findings a project has accepted for now, one per line, so a scan reports
//! only what is new.
//!
//! Each line is `<fingerprint> <rule> <path>`, sorted, with no timestamps and no line numbers:
//! fingerprints do not change when lines move or commits are rebased, and two branches that each
//! add an entry merge without a conflict. Lines starting with `#` are comments. Only the
//! fingerprint is read back; rule and path are there for the people reviewing the file.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use leakguard_core::{Finding, ScanReport, Suppression};

/// The header line written at the top of every baseline.
const HEADER: &str =
    "# leakguard baseline: findings accepted for now (`leakguard baseline prune` drops stale ones)";

/// The fingerprints a baseline file lists.
pub fn read(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read baseline {}", path.display()))?;
    let mut fingerprints = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fingerprint = line.split_whitespace().next().unwrap_or_default();
        anyhow::ensure!(
            fingerprint.len() == 32 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()),
            "baseline {} line {}: `{fingerprint}` is not a fingerprint (32 hex digits)",
            path.display(),
            number + 1
        );
        fingerprints.push(fingerprint.to_ascii_lowercase());
    }
    Ok(fingerprints)
}

/// One baseline line for a finding.
fn line(finding: &Finding) -> String {
    format!(
        "{} {} {}",
        finding.fingerprint,
        finding.rule.as_str(),
        finding
            .origin
            .display_path()
            .replace(char::is_whitespace, "_")
    )
}

/// Writes a baseline holding every finding of `report`, reported or already baselined.
pub fn write(path: &Path, report: &ScanReport) -> anyhow::Result<usize> {
    let lines: BTreeSet<String> = report
        .findings
        .iter()
        .chain(
            report
                .suppressed
                .iter()
                .filter(|f| f.suppressed_by == Some(Suppression::Baseline)),
        )
        .map(line)
        .collect();
    save(path, &lines)?;
    Ok(lines.len())
}

/// Rewrites the baseline at `path` without the entries `report` no longer matches; returns the
/// dropped lines.
pub fn prune(path: &Path, report: &ScanReport) -> anyhow::Result<Vec<String>> {
    let matched: BTreeSet<String> = report
        .suppressed
        .iter()
        .filter(|f| f.suppressed_by == Some(Suppression::Baseline))
        .map(|f| f.fingerprint.to_string())
        .collect();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read baseline {}", path.display()))?;
    let mut kept = BTreeSet::new();
    let mut dropped = Vec::new();
    for entry in text.lines().map(str::trim) {
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        let fingerprint = entry.split_whitespace().next().unwrap_or_default();
        if matched.contains(&fingerprint.to_ascii_lowercase()) {
            kept.insert(entry.to_owned());
        } else {
            dropped.push(entry.to_owned());
        }
    }
    save(path, &kept)?;
    Ok(dropped)
}

fn save(path: &Path, lines: &BTreeSet<String>) -> anyhow::Result<()> {
    let mut out = Vec::new();
    writeln!(out, "{HEADER}")?;
    for line in lines {
        writeln!(out, "{line}")?;
    }
    std::fs::write(path, out).with_context(|| format!("cannot write baseline {}", path.display()))
}

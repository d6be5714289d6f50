//! The terminal view: findings grouped under their file like ripgrep's output, coloured only when
//! the caller says the output is a terminal, then one summary of what was scanned and found.

use std::io::{self, Write};

use leakguard_core::rules::Severity;
use leakguard_core::{Classification, ScanReport, Suppression};

/// How the terminal view is drawn.
#[derive(Debug, Clone, Default)]
pub struct HumanOptions {
    /// Use ANSI colours (only when writing to a terminal).
    pub color: bool,
}

struct Palette {
    color: bool,
}

impl Palette {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
        };
        self.paint(code, &format!("{:<8}", severity.as_str()))
    }
}

pub(crate) fn write(
    out: &mut dyn Write,
    report: &ScanReport,
    options: &HumanOptions,
) -> io::Result<()> {
    let palette = Palette {
        color: options.color,
    };
    let mut current_path: Option<String> = None;
    // In a sweep, findings come sorted by repository first: each repository gets a header, and
    // its files are listed under it as in a single scan.
    let mut current_repository: Option<&str> = None;
    let mut files_with_findings = 0;
    for finding in &report.findings {
        if let Some(repository) = finding.repository.as_deref() {
            if current_repository != Some(repository) {
                if current_path.is_some() {
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "{}",
                    palette.paint("1;34", &format!("repository {repository}"))
                )?;
                current_repository = Some(repository);
                current_path = None;
            }
        }
        let path = match finding.origin.container() {
            leakguard_core::Origin::Git { commit, author, .. } if !commit.is_empty() => {
                format!(
                    "{} (commit {}, {author})",
                    finding.origin.display_path(),
                    &commit[..commit.len().min(12)]
                )
            }
            leakguard_core::Origin::Staged { .. } => {
                format!("{} (staged)", finding.origin.display_path())
            }
            _ => match &finding.origin {
                leakguard_core::Origin::MapSource {
                    path,
                    bundle: Some(bundle),
                    ..
                } => format!("{path} (source of {bundle})"),
                origin => origin.display_path(),
            },
        };
        if current_path.as_deref() != Some(path.as_str()) {
            if current_path.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", palette.paint("1;35", &path))?;
            current_path = Some(path);
            files_with_findings += 1;
        }
        let position = format!(
            "{}:{}",
            finding.location.start_line, finding.location.start_column
        );
        let label = match finding.classification {
            Some(Classification::Introduced) => " [introduced]".to_owned(),
            Some(Classification::PreExisting) => {
                format!(
                    " {}",
                    palette.paint("33", "[pre-existing: already in this file]")
                )
            }
            None => String::new(),
        };
        let label = if finding.exposure == leakguard_core::rules::Exposure::Publishable {
            format!("{label} [publishable: made for browsers, not failing]")
        } else {
            label
        };
        writeln!(
            out,
            "  {}  {}  {}  {}{label}",
            palette.paint("32", &format!("{position:<8}")),
            palette.severity(finding.severity),
            palette.paint("1", finding.rule.as_str()),
            finding.rule_name,
        )?;
        writeln!(out, "            {}", palette.paint("2", &finding.snippet))?;
        if !finding.shared_with.is_empty() {
            writeln!(
                out,
                "            {}",
                palette.paint(
                    "31",
                    &format!(
                        "same value in another environment: {}",
                        finding.shared_with.join(", ")
                    )
                )
            )?;
        }
        if !finding.decoding.is_empty() {
            let chain: Vec<&str> = finding.decoding.iter().map(|d| d.as_str()).collect();
            writeln!(out, "            decoded from {}", chain.join(" then "))?;
        }
        if let Some(original) = &finding.original {
            writeln!(
                out,
                "            original source {}:{}:{} (through {})",
                original.source, original.line, original.column, original.map
            )?;
        }
        if let Some(why) = &finding.client_exposure {
            writeln!(
                out,
                "            {}",
                palette.paint("31", &format!("public: {why}"))
            )?;
        }
        if let Some(first) = finding.other_occurrences.first() {
            let more = finding.other_occurrences.len() - 1;
            writeln!(
                out,
                "            also in {} at {}{}",
                &first.commit[..first.commit.len().min(12)],
                first.path,
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )?;
        }
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
    }
    if !report.suppressed.is_empty() {
        writeln!(out, "{}", palette.paint("1", "Set aside (not failing):"))?;
        for finding in &report.suppressed {
            let why = match &finding.suppressed_by {
                Some(Suppression::Inline { marker, line }) => format!("`{marker}` on line {line}"),
                Some(Suppression::Baseline) => "in the baseline".to_owned(),
                Some(Suppression::Config { setting }) => format!("configuration `{setting}`"),
                Some(Suppression::Triage { state, note }) => triage_reason(*state, note),
                None => String::new(),
            };
            let repository = finding
                .repository
                .as_deref()
                .map(|r| format!("{r}: "))
                .unwrap_or_default();
            writeln!(
                out,
                "  {repository}{}:{}  {}  {}  by {why}",
                finding.origin.display_path(),
                finding.location.start_line,
                finding.rule.as_str(),
                finding.secret.as_str(),
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(report, files_with_findings))
}

fn summary(report: &ScanReport, files_with_findings: usize) -> String {
    let stats = &report.stats;
    let found = if report.findings.is_empty() {
        "no findings".to_owned()
    } else {
        let by_severity: Vec<String> = Severity::ALL
            .iter()
            .filter_map(|&s| {
                let n = report.findings.iter().filter(|f| f.severity == s).count();
                (n > 0).then(|| format!("{n} {s}"))
            })
            .collect();
        format!(
            "{} finding{} ({}) in {} file{}",
            report.findings.len(),
            plural(report.findings.len()),
            by_severity.join(", "),
            files_with_findings,
            plural(files_with_findings),
        )
    };
    let repositories = match report.repositories.len() {
        0 => String::new(),
        n => format!("{n} repositor{}, ", if n == 1 { "y" } else { "ies" }),
    };
    let mut line = format!(
        "{found}; scanned {repositories}{} file{} ({}) in {:.2} s",
        stats.files_scanned,
        plural(stats.files_scanned as usize),
        human_bytes(stats.bytes_scanned),
        stats.elapsed.as_secs_f64(),
    );
    let skipped: Vec<String> = [
        (stats.skipped_binary, "binary (--binary scans them)"),
        (stats.skipped_symlinks, "symlinks (--follow follows them)"),
        (stats.skipped_special, "special files"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !skipped.is_empty() {
        line.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    if stats.suppressed > 0 && report.suppressed.is_empty() {
        line.push_str(&format!(
            "; {} set aside by allows or the baseline (--audit-allows lists them)",
            stats.suppressed
        ));
    }
    if report.is_incomplete() {
        line.push_str(&format!(
            "; INCOMPLETE: {} input{} could not be scanned",
            stats.incomplete,
            plural(stats.incomplete as usize)
        ));
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// How a triage mark reads: `triage (revoked: rotated on 2026-11-30)`.
fn triage_reason(state: leakguard_core::TriageState, note: &str) -> String {
    if note.is_empty() {
        format!("triage ({})", state.as_str())
    } else {
        format!("triage ({}: {note})", state.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_shown_in_binary_units() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024), "3.0 MiB");
    }
}

//! What the HTML page shows, worked out here rather than in the page's script: every count,
//! group and month is then computed once, tested in Rust, and the same for every browser. The
//! script only draws what this model says.

use std::collections::BTreeMap;

use leakguard_core::rules::{Category, Severity};
use leakguard_core::{Finding, Origin, ScanReport, Suppression};
use serde::Serialize;

use crate::civil::date_of_unix;

/// Above this many months between the first and last dated finding, the timeline lists only the
/// months that have findings: a bar per empty month of a 30-year history would hide the few
/// that matter.
const MAX_FILLED_MONTHS: i64 = 240;

/// Characters of a commit id shown in the table (the full id is in the cell's tooltip).
const SHORT_COMMIT: usize = 8;

/// The page's data, serialised into it as JSON.
#[derive(Debug, Serialize)]
pub(super) struct Page<'a> {
    tool: Tool,
    /// What the scan covered (`files`, `history`, `range`, `staged`).
    scope: &'static str,
    incomplete: bool,
    /// Whether any secret is shown in full (`--show-secrets`), so the page can warn before it
    /// is shared.
    secrets_shown: bool,
    /// Every severity, most severe first, zero counts included.
    severities: Vec<Count>,
    /// Every category, zero counts included.
    categories: Vec<Count>,
    repositories: Vec<RepositoryGroup<'a>>,
    rules: Vec<RuleGroup<'a>>,
    timeline: Timeline,
    findings: Vec<Row<'a>>,
    suppressed: Vec<Row<'a>>,
    diagnostics: Vec<DiagnosticLine>,
}

#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Count {
    name: &'static str,
    count: usize,
}

/// The findings of one repository of a sweep; `name` is absent for the single input of a scan
/// that was not a sweep.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct RepositoryGroup<'a> {
    name: Option<&'a str>,
    count: usize,
    /// Counts per severity, in the order of [`Page::severities`].
    by_severity: Vec<usize>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct RuleGroup<'a> {
    id: &'a str,
    name: &'a str,
    category: &'static str,
    /// The highest severity among the rule's findings (rules may raise it per finding).
    severity: &'static str,
    count: usize,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Timeline {
    /// Months as `yyyy-mm`, oldest first; empty months between dated findings included unless
    /// the span is longer than [`MAX_FILLED_MONTHS`].
    months: Vec<Month>,
    /// Findings with no commit time: files, stdin, staged blobs, unreachable blobs.
    undated: usize,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Month {
    month: String,
    count: usize,
}

/// One finding as the table shows it. `secret` is the report's value as given: redacted unless
/// the scan was asked to show secrets.
#[derive(Debug, Serialize)]
struct Row<'a> {
    severity: &'static str,
    rule: &'a str,
    rule_name: &'a str,
    category: &'static str,
    repository: Option<&'a str>,
    path: String,
    line: usize,
    commit: Option<&'a str>,
    short_commit: Option<&'a str>,
    date: Option<String>,
    secret: &'a str,
    /// Whether `secret` is a credential shown in full (`--show-secrets`).
    in_full: bool,
    fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_by: Option<String>,
}

#[derive(Debug, Serialize)]
struct DiagnosticLine {
    /// `error` when the input went unscanned, `warning` otherwise.
    level: &'static str,
    text: String,
}

impl<'a> Page<'a> {
    pub(super) fn new(report: &'a ScanReport) -> Page<'a> {
        let findings = &report.findings;
        Page {
            tool: Tool {
                name: crate::TOOL_NAME,
                version: crate::TOOL_VERSION,
            },
            scope: report.scope.as_str(),
            incomplete: report.is_incomplete(),
            secrets_shown: findings
                .iter()
                .chain(&report.suppressed)
                .any(shows_credential),
            severities: Severity::ALL
                .iter()
                .map(|&s| Count {
                    name: s.as_str(),
                    count: findings.iter().filter(|f| f.severity == s).count(),
                })
                .collect(),
            categories: Category::ALL
                .iter()
                .map(|&c| Count {
                    name: c.as_str(),
                    count: findings.iter().filter(|f| f.category == c).count(),
                })
                .collect(),
            repositories: repositories(report),
            rules: rules(findings),
            timeline: timeline(findings),
            findings: findings.iter().map(Row::new).collect(),
            suppressed: report.suppressed.iter().map(Row::new).collect(),
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| DiagnosticLine {
                    level: if d.kind.is_incomplete() {
                        "error"
                    } else {
                        "warning"
                    },
                    text: d.to_string(),
                })
                .collect(),
        }
    }
}

/// Every repository the report lists (findings or not) and every one a finding names, sorted;
/// findings without a repository form one unnamed group, listed first.
fn repositories(report: &ScanReport) -> Vec<RepositoryGroup<'_>> {
    let mut groups: BTreeMap<Option<&str>, Vec<usize>> = report
        .repositories
        .iter()
        .map(|r| (Some(r.as_str()), vec![0; Severity::ALL.len()]))
        .collect();
    if groups.is_empty() && report.findings.is_empty() {
        groups.insert(None, vec![0; Severity::ALL.len()]);
    }
    for finding in &report.findings {
        let counts = groups
            .entry(finding.repository.as_deref())
            .or_insert_with(|| vec![0; Severity::ALL.len()]);
        if let Some(i) = Severity::ALL.iter().position(|&s| s == finding.severity) {
            counts[i] += 1;
        }
    }
    groups
        .into_iter()
        .map(|(name, by_severity)| RepositoryGroup {
            name,
            count: by_severity.iter().sum(),
            by_severity,
        })
        .collect()
}

/// Rules with findings, most findings first, then by id.
fn rules(findings: &[Finding]) -> Vec<RuleGroup<'_>> {
    let mut by_id: BTreeMap<&str, (&Finding, Severity, usize)> = BTreeMap::new();
    for finding in findings {
        let entry = by_id
            .entry(finding.rule.as_str())
            .or_insert((finding, finding.severity, 0));
        entry.1 = entry.1.max(finding.severity);
        entry.2 += 1;
    }
    let mut groups: Vec<RuleGroup<'_>> = by_id
        .into_iter()
        .map(|(id, (first, severity, count))| RuleGroup {
            id,
            name: &first.rule_name,
            category: first.category.as_str(),
            severity: severity.as_str(),
            count,
        })
        .collect();
    // Stable: equal counts keep the id order the map gave.
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    groups
}

/// Findings per month of the commit that introduced them.
fn timeline(findings: &[Finding]) -> Timeline {
    let mut months: BTreeMap<(i64, u32), usize> = BTreeMap::new();
    let mut undated = 0;
    for finding in findings {
        match commit_time(&finding.origin) {
            Some(time) => {
                let (year, month, _) = date_of_unix(time);
                *months.entry((year, month)).or_default() += 1;
            }
            None => undated += 1,
        }
    }
    let index = |(year, month): (i64, u32)| year * 12 + i64::from(month) - 1;
    let span = match (months.keys().next(), months.keys().next_back()) {
        (Some(&first), Some(&last)) => Some((index(first), index(last))),
        _ => None,
    };
    let shown: Vec<Month> = match span {
        Some((first, last)) if last - first < MAX_FILLED_MONTHS => (first..=last)
            .map(|i| {
                let key = (i.div_euclid(12), (i.rem_euclid(12) + 1) as u32);
                Month {
                    month: month_name(key),
                    count: months.get(&key).copied().unwrap_or(0),
                }
            })
            .collect(),
        _ => months
            .into_iter()
            .map(|(key, count)| Month {
                month: month_name(key),
                count,
            })
            .collect(),
    };
    Timeline {
        months: shown,
        undated,
    }
}

fn month_name((year, month): (i64, u32)) -> String {
    format!("{year:04}-{month:02}")
}

/// When the commit that introduced `origin` was made; for an archive entry or a source map's
/// source, the commit of the blob that holds it. None outside git history.
fn commit_time(origin: &Origin) -> Option<i64> {
    match origin.container() {
        Origin::Git { commit, time, .. } if !commit.is_empty() => Some(*time),
        _ => None,
    }
}

impl<'a> Row<'a> {
    fn new(finding: &'a Finding) -> Row<'a> {
        let commit = finding.origin.commit();
        Row {
            severity: finding.severity.as_str(),
            rule: finding.rule.as_str(),
            rule_name: &finding.rule_name,
            category: finding.category.as_str(),
            repository: finding.repository.as_deref(),
            path: finding.origin.display_path(),
            line: finding.location.start_line,
            commit,
            short_commit: commit.map(|c| c.get(..SHORT_COMMIT).unwrap_or(c)),
            date: commit_time(&finding.origin).map(|time| {
                let (year, month, day) = date_of_unix(time);
                format!("{year:04}-{month:02}-{day:02}")
            }),
            secret: finding.secret.as_str(),
            in_full: shows_credential(finding),
            fingerprint: finding.fingerprint.to_string(),
            suppressed_by: finding.suppressed_by.as_ref().map(suppression),
        }
    }
}

/// Whether `finding` shows a credential in full. Secrets and environment files' values are
/// redacted unless the user asks; CORS and cookie findings show the setting that fired (`cors`,
/// `Set-Cookie`), which is no secret, so they never count.
fn shows_credential(finding: &Finding) -> bool {
    !finding.secret.is_redacted() && matches!(finding.category, Category::Secret | Category::Dotenv)
}

/// Why a suppressed finding was set aside, in words.
fn suppression(why: &Suppression) -> String {
    match why {
        Suppression::Inline { marker, line } => format!("inline `{marker}` on line {line}"),
        Suppression::Baseline => "baseline".to_owned(),
        Suppression::Config { setting } => format!("configuration `{setting}`"),
        Suppression::Triage { state, note } if note.is_empty() => {
            format!("triage: {}", state.as_str())
        }
        Suppression::Triage { state, note } => format!("triage: {} ({note})", state.as_str()),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use serde_json::json;

    use super::*;

    /// A finding as the JSON report would hold it, at `origin`.
    pub(crate) fn finding(rule: &str, severity: &str, origin: serde_json::Value) -> Finding {
        serde_json::from_value(json!({
            "rule": rule,
            "rule_name": format!("{rule} name"),
            "severity": severity,
            "category": "secret",
            "origin": origin,
            "location": {"start_line": 3, "start_column": 1, "end_line": 3, "end_column": 9,
                         "start_byte": 20, "end_byte": 28},
            "secret": "abcd…",
            "snippet": "token = abcd…",
            "fingerprint": "0123456789abcdef0123456789abcdef",
        }))
        .expect("a well-formed finding")
    }

    pub(crate) fn file(path: &str) -> serde_json::Value {
        json!({"kind": "file", "path": path})
    }

    pub(crate) fn git(commit: char, path: &str, time: i64) -> serde_json::Value {
        json!({"kind": "git", "commit": commit.to_string().repeat(40), "path": path,
               "blob": "b".repeat(40), "author": "A <a@example.invalid>", "time": time})
    }

    /// A blob that no commit reaches (`--all-objects`): its origin has no commit.
    fn unreachable(path: &str) -> serde_json::Value {
        json!({"kind": "git", "commit": "", "path": path, "blob": "b".repeat(40),
               "author": "", "time": 0})
    }

    const JAN_2024: i64 = 1_704_067_200 + 86_400 * 14;
    const MAR_2024: i64 = 1_709_251_200 + 86_400 * 2;

    #[test]
    fn months_between_dated_findings_are_filled_and_files_are_undated() {
        let archive = json!({"kind": "archive", "path": "lib.zip!a/.env", "entry": "a/.env",
                             "outer": git('c', "lib.zip", MAR_2024)});
        let findings = vec![
            finding("a.one", "high", git('a', "x.env", JAN_2024)),
            finding("a.one", "high", git('b', "y.env", MAR_2024)),
            finding("a.two", "low", archive),
            finding("a.two", "low", file("z.env")),
            finding("a.two", "low", unreachable("unreachable.env")),
        ];
        let timeline = timeline(&findings);
        let months: Vec<(&str, usize)> = timeline
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.count))
            .collect();
        assert_eq!(months, [("2024-01", 1), ("2024-02", 0), ("2024-03", 2)]);
        assert_eq!(timeline.undated, 2, "a file and a blob no commit reaches");
    }

    #[test]
    fn a_long_history_lists_only_months_with_findings() {
        let findings = vec![
            finding("a.one", "high", git('a', "x", 0)),
            finding("a.one", "high", git('b', "y", MAR_2024)),
        ];
        let months: Vec<String> = timeline(&findings)
            .months
            .into_iter()
            .map(|m| m.month)
            .collect();
        assert_eq!(months, ["1970-01", "2024-03"]);
    }

    #[test]
    fn every_swept_repository_is_listed_even_without_findings() {
        let mut swept = finding("a.one", "critical", file("k.pem"));
        swept.repository = Some("https://example.invalid/b.git".to_owned());
        let report = ScanReport {
            repositories: vec![
                "/src/a".to_owned(),
                "https://example.invalid/b.git".to_owned(),
            ],
            findings: vec![swept],
            ..ScanReport::default()
        };
        let groups = repositories(&report);
        assert_eq!(
            groups,
            [
                RepositoryGroup {
                    name: Some("/src/a"),
                    count: 0,
                    by_severity: vec![0, 0, 0, 0],
                },
                RepositoryGroup {
                    name: Some("https://example.invalid/b.git"),
                    count: 1,
                    by_severity: vec![1, 0, 0, 0],
                },
            ]
        );
    }

    #[test]
    fn a_single_scan_is_one_unnamed_group() {
        let report = ScanReport {
            findings: vec![
                finding("a.one", "low", file("a")),
                finding("a.one", "medium", file("b")),
            ],
            ..ScanReport::default()
        };
        assert_eq!(
            repositories(&report),
            [RepositoryGroup {
                name: None,
                count: 2,
                by_severity: vec![0, 0, 1, 1],
            }]
        );
        assert_eq!(repositories(&ScanReport::default()).len(), 1);
    }

    #[test]
    fn rules_are_counted_most_findings_first_with_their_highest_severity() {
        let findings = vec![
            finding("b.rule", "low", file("1")),
            finding("a.rule", "low", file("2")),
            finding("c.rule", "low", file("3")),
            finding("c.rule", "high", file("4")),
        ];
        let groups: Vec<(&str, &str, usize)> = rules(&findings)
            .iter()
            .map(|g| (g.id, g.severity, g.count))
            .collect();
        assert_eq!(
            groups,
            [
                ("c.rule", "high", 2),
                ("a.rule", "low", 1),
                ("b.rule", "low", 1)
            ]
        );
    }

    #[test]
    fn rows_show_the_secret_as_given_and_a_short_commit() {
        let mut shown = finding("a.one", "high", git('a', "x.env", JAN_2024));
        shown.secret = leakguard_core::Secret::Plain("full-value".to_owned());
        let row = Row::new(&shown);
        assert_eq!(row.secret, "full-value");
        assert!(row.in_full);
        assert_eq!(row.short_commit, Some("aaaaaaaa"));
        assert_eq!(row.date.as_deref(), Some("2024-01-15"));
        let redacted = finding("a.one", "high", file("x.env"));
        let row = Row::new(&redacted);
        assert_eq!(
            (row.secret, row.in_full, row.commit),
            ("abcd…", false, None)
        );
        let mut setting = finding("cors.any", "low", file("app.js"));
        setting.category = Category::Cors;
        setting.secret = leakguard_core::Secret::Plain("cors".to_owned());
        assert!(!Row::new(&setting).in_full, "a setting is no credential");
    }
}

//! JUnit XML, which nearly every CI server shows as a test report (GitLab's `artifacts:reports:
//! junit`, Jenkins, Azure Pipelines, CircleCI): one `testsuite` named `leakguard` holding one
//! `testcase` per finding, or a single passing test case when there is none. The output follows
//! the JUnit schema of Jenkins' xUnit plugin (vendored in testdata/junit, where a test validates
//! reports against it).
//!
//! - A finding is a `failure` whose message names the rule and the redacted secret, and whose
//!   text gives the location, commit, fingerprint, the line (when it holds no secret in full, see
//!   `ci::present`) and the remediation.
//! - A pre-existing finding (in a file the change edits, but not added by it) is `skipped` with
//!   the same message: visible in the report, but not a failed test, as it does not fail the
//!   check.
//! - An incomplete scan adds one test case in `error`, listing the inputs that went unscanned,
//!   so a green report never hides them.
//! - No times are written (the schema makes them optional), so equal scans give equal reports.

use std::io::{self, Write};

use leakguard_core::rules::RuleSet;
use leakguard_core::ScanReport;

use crate::ci::{self, Presented};
use crate::xml::{push_attr, push_text};

/// The suite's name, and the class name of the test cases that are not about one file.
const SUITE: &str = crate::TOOL_NAME;

/// What a test case reports.
enum Outcome {
    Passed,
    Failed {
        kind: String,
        message: String,
        details: String,
    },
    Skipped {
        message: String,
        details: String,
    },
    Error {
        kind: String,
        message: String,
        details: String,
    },
}

struct TestCase {
    name: String,
    classname: String,
    outcome: Outcome,
}

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport, rules: &RuleSet) -> io::Result<()> {
    let mut cases: Vec<TestCase> = ci::present(&report.findings)
        .iter()
        .map(|presented| finding_case(presented, rules))
        .collect();
    if cases.is_empty() {
        cases.push(TestCase {
            name: "no secrets found".to_owned(),
            classname: SUITE.to_owned(),
            outcome: Outcome::Passed,
        });
    }
    if report.is_incomplete() {
        cases.push(incomplete_case(report));
    }
    out.write_all(document(&cases).as_bytes())
}

fn finding_case(presented: &Presented<'_>, rules: &RuleSet) -> TestCase {
    let finding = presented.finding;
    // In a sweep, the same path is in several repositories: the repository tells them apart.
    let path = match &finding.repository {
        Some(repository) => format!("{repository}:{}", finding.origin.display_path()),
        None => finding.origin.display_path(),
    };
    let loc = &finding.location;
    let mut name = format!(
        "{} at {path}:{}:{}",
        finding.rule, loc.start_line, loc.start_column
    );
    if let Some(commit) = finding.origin.commit() {
        name.push_str(&format!(" in commit {commit}"));
    }
    let message = ci::message(finding);
    let details = details(presented, rules);
    let outcome = if ci::is_pre_existing(finding) {
        Outcome::Skipped { message, details }
    } else {
        Outcome::Failed {
            kind: finding.rule.as_str().to_owned(),
            message,
            details,
        }
    };
    TestCase {
        name,
        classname: path,
        outcome,
    }
}

/// The failure's text: one `key: value` line per fact a reviewer needs to act.
fn details(presented: &Presented<'_>, rules: &RuleSet) -> String {
    let finding = presented.finding;
    let loc = &finding.location;
    let mut lines = vec![
        format!("rule: {} ({})", finding.rule, finding.rule_name),
        format!("severity: {}", finding.severity.as_str()),
        format!(
            "location: {}:{}:{}",
            finding.origin.display_path(),
            loc.start_line,
            loc.start_column
        ),
    ];
    if let Some(commit) = finding.origin.commit() {
        lines.push(format!("commit: {commit}"));
    }
    if let Some(classification) = finding.classification {
        lines.push(format!("classification: {}", classification.as_str()));
    }
    lines.push(format!("fingerprint: {}", finding.fingerprint));
    lines.push(format!("id: {}", presented.id.uuid()));
    if let Some(snippet) = presented.snippet {
        lines.push(format!("line: {snippet}"));
    }
    if let Some(rule) = rules.get(finding.rule.as_str()) {
        lines.push(format!("remediation: {}", rule.remediation()));
    }
    lines.join("\n")
}

fn incomplete_case(report: &ScanReport) -> TestCase {
    let unscanned: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.kind.is_incomplete())
        .map(ToString::to_string)
        .collect();
    TestCase {
        name: "every input scanned".to_owned(),
        classname: SUITE.to_owned(),
        outcome: Outcome::Error {
            kind: "incomplete".to_owned(),
            message: format!(
                "{} input(s) could not be scanned; a clean result does not mean clean input",
                unscanned.len()
            ),
            details: unscanned.join("\n"),
        },
    }
}

fn document(cases: &[TestCase]) -> String {
    let count = |pick: fn(&Outcome) -> bool| cases.iter().filter(|c| pick(&c.outcome)).count();
    let tests = cases.len().to_string();
    let failures = count(|o| matches!(o, Outcome::Failed { .. })).to_string();
    let errors = count(|o| matches!(o, Outcome::Error { .. })).to_string();
    let skipped = count(|o| matches!(o, Outcome::Skipped { .. })).to_string();

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    open_tag(
        &mut xml,
        0,
        "testsuites",
        &[
            ("name", SUITE),
            ("tests", &tests),
            ("failures", &failures),
            ("errors", &errors),
        ],
    );
    xml.push_str(">\n");
    open_tag(
        &mut xml,
        1,
        "testsuite",
        &[
            ("name", SUITE),
            ("tests", &tests),
            ("failures", &failures),
            ("errors", &errors),
            ("skipped", &skipped),
        ],
    );
    xml.push_str(">\n");
    for case in cases {
        test_case(&mut xml, case);
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

fn test_case(xml: &mut String, case: &TestCase) {
    open_tag(
        xml,
        2,
        "testcase",
        &[("name", &case.name), ("classname", &case.classname)],
    );
    let (element, kind, message, details) = match &case.outcome {
        Outcome::Passed => {
            xml.push_str("/>\n");
            return;
        }
        Outcome::Failed {
            kind,
            message,
            details,
        } => ("failure", Some(kind), message, details),
        Outcome::Skipped { message, details } => ("skipped", None, message, details),
        Outcome::Error {
            kind,
            message,
            details,
        } => ("error", Some(kind), message, details),
    };
    xml.push_str(">\n");
    let mut attrs = vec![("message", message.as_str())];
    if let Some(kind) = kind {
        attrs.push(("type", kind.as_str()));
    }
    open_tag(xml, 3, element, &attrs);
    xml.push('>');
    push_text(xml, details);
    xml.push_str(&format!("</{element}>\n    </testcase>\n"));
}

/// Writes `<name a="…" …` at `depth` (two spaces a level), leaving the tag open.
fn open_tag(xml: &mut String, depth: usize, name: &str, attrs: &[(&str, &str)]) {
    xml.push_str(&"  ".repeat(depth));
    xml.push('<');
    xml.push_str(name);
    for (key, value) in attrs {
        xml.push(' ');
        xml.push_str(key);
        xml.push_str("=\"");
        push_attr(xml, value);
        xml.push('"');
    }
}

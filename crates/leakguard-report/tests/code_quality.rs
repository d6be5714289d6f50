//! The GitLab Code Quality report. GitLab publishes no JSON schema for it; its documentation
//! ("Code Quality", section "Implement a custom tool",
//! https://docs.gitlab.com/ci/testing/code_quality/#implement-a-custom-tool) lists the properties
//! it reads: `description`, `check_name`, `fingerprint`, `severity` (one of `info`, `minor`,
//! `major`, `critical`, `blocker`), `location.path` and `location.lines.begin` (or
//! `location.positions.begin.line`), and says it ignores every other Code Climate property and
//! rejects a byte order mark. These tests hold each issue to exactly that list.

mod common;

use std::collections::BTreeSet;

use common::{engine, file, render, scan, Scenario};
use leakguard_core::ScanReport;
use leakguard_report::Format;
use serde_json::Value;

const SEVERITIES: [&str; 5] = ["info", "minor", "major", "critical", "blocker"];

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn issues(output: &str) -> Vec<Value> {
    assert!(output.starts_with('['), "an array, with no byte order mark");
    serde_json::from_str(output).expect("the report is a JSON array")
}

#[test]
fn every_issue_has_exactly_the_documented_fields() {
    let scenario = Scenario::mixed(false);
    let issues = issues(&render(Format::CodeQuality, &scenario.report));
    assert_eq!(issues.len(), 5);
    for issue in &issues {
        assert_eq!(
            keys(issue),
            BTreeSet::from([
                "description",
                "check_name",
                "fingerprint",
                "severity",
                "location"
            ]),
            "{issue:#}"
        );
        assert_eq!(keys(&issue["location"]), BTreeSet::from(["path", "lines"]));
        assert_eq!(keys(&issue["location"]["lines"]), BTreeSet::from(["begin"]));
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(
                issue[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field} is a non-empty string: {issue:#}"
            );
        }
        assert!(SEVERITIES.contains(&issue["severity"].as_str().unwrap_or("")));
        assert!(issue["location"]["path"]
            .as_str()
            .is_some_and(|p| !p.is_empty()));
        assert!(issue["location"]["lines"]["begin"]
            .as_u64()
            .is_some_and(|l| l >= 1));
    }
}

#[test]
fn issues_carry_rule_path_line_and_commit() {
    let scenario = Scenario::mixed(false);
    let issues = issues(&render(Format::CodeQuality, &scenario.report));
    let introduced = issues
        .iter()
        .find(|i| i["location"]["path"] == "ci/deploy.sh")
        .expect("the introduced finding");
    assert_eq!(introduced["check_name"], "github.pat-classic");
    assert_eq!(introduced["location"]["lines"]["begin"], 1);
    assert_eq!(
        introduced["description"],
        format!(
            "GitHub personal access token (classic) found: ghp_… (introduced in commit {})",
            common::COMMIT_A
        )
    );
}

#[test]
fn severity_is_one_step_up_and_pre_existing_is_minor() {
    let scenario = Scenario::mixed(false);
    let issues = issues(&render(Format::CodeQuality, &scenario.report));
    for issue in &issues {
        let expected = if issue["location"]["path"] == "old/settings.yml" {
            "minor"
        } else {
            "blocker"
        };
        assert_eq!(issue["severity"], expected, "{issue:#}");
    }
}

#[test]
fn fingerprints_are_unique_and_survive_lines_added_above() {
    let engine = engine();
    let token = common::Fake::new(11).github_token();
    let text = format!("a = \"{token}\"\nb = \"{token}\"\n");
    let before = issues(&render(
        Format::CodeQuality,
        &scan(&engine, &text, file("app/keys.py"), false),
    ));
    let after = issues(&render(
        Format::CodeQuality,
        &scan(
            &engine,
            &format!("# new\n# lines\n{text}"),
            file("app/keys.py"),
            false,
        ),
    ));
    let prints = |issues: &[Value]| -> Vec<String> {
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(prints(&before).len(), 2);
    assert_ne!(
        prints(&before)[0],
        prints(&before)[1],
        "one secret twice is two issues"
    );
    assert_eq!(prints(&before), prints(&after));
    assert_eq!(after[0]["location"]["lines"]["begin"], 3);
}

#[test]
fn no_secret_in_full_and_no_author_even_when_secrets_are_shown() {
    for show in [false, true] {
        let scenario = Scenario::mixed(show);
        scenario.assert_leaks_nothing(&render(Format::CodeQuality, &scenario.report));
    }
}

#[test]
fn clean_scan_is_an_empty_array() {
    assert_eq!(render(Format::CodeQuality, &ScanReport::default()), "[]\n");
}

#[test]
fn same_scan_gives_same_bytes() {
    let first = render(Format::CodeQuality, &Scenario::mixed(false).report);
    let second = render(Format::CodeQuality, &Scenario::mixed(false).report);
    assert_eq!(first, second);
}

//! The GitLab secret detection report, validated against GitLab's own schema (15.2.1, vendored
//! in testdata/gitlab) and held to what GitLab and the brief of the format require: no secret in
//! full, no author, a commit for every location, and the same bytes for the same scan.

mod common;

use std::collections::BTreeSet;

use common::{render, render_timed, times, with_unscanned_input, Scenario, COMMIT_A, COMMIT_B};
use leakguard_core::ScanReport;
use leakguard_report::{Format, GITLAB_SCHEMA_VERSION};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let path =
        common::workspace_root().join("testdata/gitlab/secret-detection-report-format-15.2.1.json");
    let schema: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("the schema is in testdata"))
            .expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// Parses `output` and checks it against the schema, listing every error at once.
fn valid(output: &str) -> Value {
    let document: Value = serde_json::from_str(output).expect("the report is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema errors:\n{}\n{output}",
        errors.join("\n")
    );
    document
}

fn vulnerabilities(document: &Value) -> &Vec<Value> {
    document["vulnerabilities"]
        .as_array()
        .expect("vulnerabilities is an array")
}

#[test]
fn mixed_findings_validate_against_gitlab_schema() {
    let scenario = Scenario::mixed(false);
    let document = valid(&render(Format::GitlabSecrets, &scenario.report));
    assert_eq!(document["version"], GITLAB_SCHEMA_VERSION);
    assert_eq!(vulnerabilities(&document).len(), 5);
}

#[test]
fn every_vulnerability_has_the_fields_gitlab_shows() {
    let scenario = Scenario::mixed(false);
    let document = valid(&render(Format::GitlabSecrets, &scenario.report));
    for v in vulnerabilities(&document) {
        assert_eq!(v["category"], "secret_detection", "{v:#}");
        assert_eq!(v["name"], "GitHub personal access token (classic)", "{v:#}");
        assert!(
            v["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{v:#}"
        );
        assert_eq!(v["severity"], "Critical", "{v:#}");
        assert!(
            v["solution"].as_str().is_some_and(|s| !s.is_empty()),
            "{v:#}"
        );
        let identifiers = v["identifiers"].as_array().expect("identifiers");
        assert_eq!(identifiers[0]["type"], "leakguard_rule_id");
        assert_eq!(identifiers[0]["value"], "github.pat-classic");
        assert!(
            identifiers
                .iter()
                .any(|i| i["type"] == "cwe" && i["value"] == "798"),
            "{v:#}"
        );
        let location = &v["location"];
        assert!(location["file"].as_str().is_some_and(|f| !f.is_empty()));
        assert!(location["start_line"].as_u64().is_some_and(|l| l >= 1));
        assert!(location["end_line"].as_u64() >= location["start_line"].as_u64());
        assert!(location["commit"]["sha"]
            .as_str()
            .is_some_and(|s| !s.is_empty()));
        assert!(
            location["commit"].get("author").is_none(),
            "no author: {v:#}"
        );
    }
}

#[test]
fn commit_sha_is_the_introducing_commit_or_gitlab_placeholder() {
    let scenario = Scenario::mixed(false);
    let document = valid(&render(Format::GitlabSecrets, &scenario.report));
    let sha_of = |file: &str| -> Vec<String> {
        vulnerabilities(&document)
            .iter()
            .filter(|v| v["location"]["file"] == file)
            .map(|v| {
                v["location"]["commit"]["sha"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(sha_of("ci/deploy.sh"), [COMMIT_A]);
    assert_eq!(sha_of("old/settings.yml"), [COMMIT_B]);
    assert_eq!(sha_of("stage/next.yml"), ["0000000"]);
    assert_eq!(sha_of("config/a&b <\"c\">.py"), ["0000000", "0000000"]);
}

#[test]
fn pre_existing_keeps_its_severity_and_says_so() {
    let scenario = Scenario::mixed(false);
    let document = valid(&render(Format::GitlabSecrets, &scenario.report));
    let pre_existing = vulnerabilities(&document)
        .iter()
        .find(|v| v["location"]["file"] == "old/settings.yml")
        .expect("the pre-existing finding is reported");
    assert_eq!(pre_existing["severity"], "Critical");
    let description = pre_existing["description"].as_str().unwrap_or("");
    assert!(
        description.contains("did not add this secret"),
        "{description}"
    );
    assert_eq!(pre_existing["location"]["start_line"], 3);
}

#[test]
fn no_secret_in_full_and_no_author_anywhere() {
    let scenario = Scenario::mixed(false);
    let output = render(Format::GitlabSecrets, &scenario.report);
    scenario.assert_leaks_nothing(&output);
    let document = valid(&output);
    for v in vulnerabilities(&document) {
        let extract = v["raw_source_code_extract"]
            .as_str()
            .expect("a redacted scan keeps the line");
        assert!(extract.contains("ghp_…"), "{extract}");
    }
}

#[test]
fn shown_secrets_are_redacted_and_the_raw_line_left_out() {
    let scenario = Scenario::mixed(true);
    assert!(scenario
        .report
        .findings
        .iter()
        .all(|f| !f.secret.is_redacted()));
    let output = render(Format::GitlabSecrets, &scenario.report);
    scenario.assert_leaks_nothing(&output);
    let document = valid(&output);
    for v in vulnerabilities(&document) {
        assert!(v.get("raw_source_code_extract").is_none(), "{v:#}");
        assert!(v["description"].as_str().unwrap_or("").contains("ghp_…"));
    }
}

#[test]
fn ids_are_unique_even_for_one_secret_twice_in_a_file() {
    let scenario = Scenario::mixed(false);
    let document = valid(&render(Format::GitlabSecrets, &scenario.report));
    let ids: BTreeSet<&str> = vulnerabilities(&document)
        .iter()
        .map(|v| v["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
}

#[test]
fn same_scan_gives_same_bytes() {
    let first = render(Format::GitlabSecrets, &Scenario::mixed(false).report);
    let second = render(Format::GitlabSecrets, &Scenario::mixed(false).report);
    assert_eq!(first, second);
}

#[test]
fn times_are_the_epoch_unless_given() {
    let report = Scenario::mixed(false).report;
    let document = valid(&render(Format::GitlabSecrets, &report));
    assert_eq!(document["scan"]["start_time"], "1970-01-01T00:00:00");
    assert_eq!(document["scan"]["end_time"], "1970-01-01T00:00:00");

    let given = times(1_767_225_590, 1_767_225_601);
    let document = valid(&render_timed(Format::GitlabSecrets, &report, Some(given)));
    assert_eq!(document["scan"]["start_time"], "2025-12-31T23:59:50");
    assert_eq!(document["scan"]["end_time"], "2026-01-01T00:00:01");
}

#[test]
fn scan_names_leakguard_and_succeeds() {
    let document = valid(&render(Format::GitlabSecrets, &ScanReport::default()));
    let scan = &document["scan"];
    assert_eq!(scan["type"], "secret_detection");
    assert_eq!(scan["status"], "success");
    assert_eq!(scan["analyzer"]["id"], "leakguard");
    assert_eq!(scan["scanner"]["vendor"]["name"], "leakguard");
    assert_eq!(scan["scanner"]["version"], leakguard_report::TOOL_VERSION);
    assert!(scan.get("messages").is_none());
    assert_eq!(vulnerabilities(&document).len(), 0);
}

#[test]
fn unscanned_inputs_become_warnings() {
    let report = with_unscanned_input(ScanReport::default());
    let document = valid(&render(Format::GitlabSecrets, &report));
    let messages = document["scan"]["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["level"], "warn");
    assert!(messages[0]["value"]
        .as_str()
        .is_some_and(|m| m.starts_with("big/blob.bin: not scanned")));
}

#[test]
fn vendored_schema_is_the_one_declared() {
    let path =
        common::workspace_root().join("testdata/gitlab/secret-detection-report-format-15.2.1.json");
    let schema: Value =
        serde_json::from_slice(&std::fs::read(path).expect("schema")).expect("schema is JSON");
    assert_eq!(schema["self"]["version"], GITLAB_SCHEMA_VERSION);
}

#[test]
fn schema_rejects_what_gitlab_would_reject() {
    // A control: the vendored schema is strict where it matters, so the tests above mean something.
    let scenario = Scenario::mixed(false);
    let mut document: Value =
        serde_json::from_str(&render(Format::GitlabSecrets, &scenario.report)).expect("JSON");
    document["vulnerabilities"][0]["location"]
        .as_object_mut()
        .expect("location")
        .remove("commit");
    document["vulnerabilities"][1]["severity"] = Value::from("critical");
    document["scan"]["start_time"] = Value::from("2025-01-01T00:00:00Z");
    let errors = validator().iter_errors(&document).count();
    assert_eq!(errors, 3, "{document:#}");
}

#[test]
fn two_secrets_on_one_line_leave_the_line_out() {
    // The scanner redacts only a finding's own secret in its line excerpt; the neighbour's would
    // be there in full.
    let mut fake = common::Fake::new(5);
    let (first, second) = (fake.github_token(), fake.github_token());
    let report = common::scan(
        &common::engine(),
        &format!("a = \"{first}\" b = \"{second}\"\nc = \"{first}\"\n"),
        common::file("two.py"),
        false,
    );
    let output = render(Format::GitlabSecrets, &report);
    assert!(
        !output.contains(&first) && !output.contains(&second),
        "{output}"
    );
    let document = valid(&output);
    let extracts: Vec<&Value> = vulnerabilities(&document)
        .iter()
        .map(|v| &v["raw_source_code_extract"])
        .collect();
    assert_eq!(extracts.len(), 3);
    assert!(
        extracts[0].is_null() && extracts[1].is_null(),
        "{extracts:?}"
    );
    assert_eq!(extracts[2], "c = \"ghp_…\"");
}

//! Reports of a sweep over several repositories: SARIF with one run per repository, validated
//! against the official 2.1.0 schema (vendored in testdata/sarif), the terminal view grouped by
//! repository, and the CI formats still telling repositories apart.

mod common;

use common::{file, git, render, scan, Fake, COMMIT_A};
use leakguard_core::{Diagnostic, DiagnosticKind, Finding, ScanReport, ScanScope};
use leakguard_report::Format;
use serde_json::Value;

const ALPHA: &str = "https://example.com/org/alpha.git";
const BETA: &str = "/srv/repos/beta";
/// Scanned, with nothing found.
const GAMMA: &str = "gamma";

/// A sweep of three repositories: two findings in ALPHA (one in history), one in BETA at the
/// same path and of the same token as one of ALPHA's, none in GAMMA; one input of BETA
/// unscanned.
fn sweep() -> ScanReport {
    let engine = common::engine();
    let mut fake = Fake::new(41);
    let mut report = ScanReport {
        repositories: vec![BETA.to_owned(), GAMMA.to_owned(), ALPHA.to_owned()],
        scope: ScanScope::History,
        ..ScanReport::default()
    };
    report.repositories.sort();
    let planted = [
        (ALPHA, file("config/app.yml")),
        (ALPHA, git(COMMIT_A, "ci/deploy.sh")),
        (BETA, file("config/app.yml")),
    ];
    // BETA is a fork of ALPHA: its copy of config/app.yml holds the same token.
    let shared = fake.github_token();
    for (repository, origin) in planted {
        let token = match (repository, &origin) {
            (_, leakguard_core::Origin::File { .. }) => shared.clone(),
            _ => fake.github_token(),
        };
        let part = scan(&engine, &format!("token: {token}\n"), origin, false);
        assert_eq!(part.findings.len(), 1, "the planted token is found");
        report
            .findings
            .extend(part.findings.into_iter().map(|finding| Finding {
                repository: Some(repository.to_owned()),
                ..finding
            }));
    }
    report.findings.sort_by_key(Finding::sort_key);
    report.diagnostics.push(Diagnostic {
        repository: Some(BETA.to_owned()),
        ..Diagnostic::new(
            "big.bin",
            DiagnosticKind::TooLarge {
                size: 200,
                limit: 100,
            },
        )
    });
    report.stats.incomplete = 1;
    report
}

fn sarif_schema() -> jsonschema::Validator {
    let path = common::workspace_root().join("testdata/sarif/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("the schema is in testdata"))
            .expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the official schema compiles")
}

#[test]
fn a_sweeps_sarif_has_one_valid_run_per_repository() {
    let output = render(Format::Sarif, &sweep());
    let log: Value = serde_json::from_str(&output).expect("SARIF is JSON");
    let errors: Vec<String> = sarif_schema()
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );

    let runs = log["runs"].as_array().expect("runs");
    let names: Vec<&str> = runs
        .iter()
        .map(|run| run["properties"]["repository"].as_str().expect("named"))
        .collect();
    assert_eq!(names, [BETA, GAMMA, ALPHA], "the report's order (sorted)");
    let ids: Vec<&str> = runs
        .iter()
        .map(|run| run["automationDetails"]["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "leakguard/history//srv/repos/beta/",
            "leakguard/history/gamma/",
            "leakguard/history/https%3A//example.com/org/alpha.git/",
        ]
    );
    let results: Vec<usize> = runs
        .iter()
        .map(|run| run["results"].as_array().expect("results").len())
        .collect();
    assert_eq!(results, [1, 0, 2], "a clean repository still has its run");
    let incomplete: Vec<&Value> = runs
        .iter()
        .map(|run| &run["properties"]["incomplete"])
        .collect();
    assert_eq!(incomplete, [true, false, false]);
    assert_eq!(
        runs[2]["versionControlProvenance"][0]["repositoryUri"],
        ALPHA
    );
    assert!(
        runs[0].get("versionControlProvenance").is_none(),
        "a path is no URI"
    );
    for run in runs {
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        for result in run["results"].as_array().expect("results") {
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(
                rules[index]["id"], result["ruleId"],
                "indexes its own run's rules"
            );
        }
        assert!(run["properties"].get("filesScanned").is_none());
    }
}

#[test]
fn a_single_input_sarif_has_one_run_without_a_repository() {
    let mut report = sweep();
    report.repositories.clear();
    for finding in &mut report.findings {
        finding.repository = None;
    }
    let log: Value = serde_json::from_str(&render(Format::Sarif, &report)).expect("JSON");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["automationDetails"]["id"], "leakguard/history/");
    assert!(runs[0]["properties"].get("repository").is_none());
    assert!(runs[0]["properties"].get("filesScanned").is_some());
    assert!(runs[0].get("versionControlProvenance").is_none());
}

#[test]
fn the_terminal_view_groups_a_sweep_by_repository() {
    let output = render(Format::Human, &sweep());
    let headers: Vec<&str> = output
        .lines()
        .filter(|line| line.starts_with("repository "))
        .collect();
    assert_eq!(
        headers,
        [format!("repository {BETA}"), format!("repository {ALPHA}")],
        "{output}"
    );
    // The same path in two repositories is shown under each.
    assert_eq!(
        output.lines().filter(|l| *l == "config/app.yml").count(),
        2,
        "{output}"
    );
    assert!(
        output.contains("3 findings (3 critical) in 3 files; scanned 3 repositories,"),
        "{output}"
    );
}

#[test]
fn junit_tells_the_same_path_in_two_repositories_apart() {
    let output = render(Format::Junit, &sweep());
    assert!(
        output.contains(&format!("classname=\"{BETA}:config/app.yml\"")),
        "{output}"
    );
    assert!(
        output.contains(&format!("classname=\"{ALPHA}:config/app.yml\"")),
        "{output}"
    );
}

#[test]
fn the_ci_formats_give_the_same_place_in_two_repositories_two_ids() {
    for format in [Format::GitlabSecrets, Format::CodeQuality] {
        let output: Value = serde_json::from_str(&render(format, &sweep())).expect("JSON");
        let items = match format {
            Format::GitlabSecrets => output["vulnerabilities"].clone(),
            _ => output,
        };
        let mut ids: Vec<String> = items
            .as_array()
            .expect("a list")
            .iter()
            .map(|item| {
                item.get("id")
                    .or_else(|| item.get("fingerprint"))
                    .expect("an id")
                    .to_string()
            })
            .collect();
        assert_eq!(ids.len(), 3, "{format:?}");
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 3, "{format:?}: ids are unique");
    }
}

//! Merging parts made by the real writers, compared byte for byte with one run's output.

use std::path::PathBuf;

use leakguard_core::rules::RuleSet;
use leakguard_core::{
    scan_bytes, Diagnostic, DiagnosticKind, Engine, Finding, Origin, ScanConfig, ScanReport,
    ScanScope,
};
use serde_json::Value;

use super::*;
use crate::{write_report, Format, HumanOptions};

/// The rules' own fake examples, so no test here holds a credential of its own.
const RULES: [&str; 3] = [
    "github.pat-classic",
    "github.oauth-token",
    "github.pat-fine-grained",
];

fn engine() -> Engine {
    Engine::new(RuleSet::builtin().expect("built-in rules load"))
}

/// A scan of the first example of `rule` as the file `path`, in `repository` of a sweep when
/// one is given.
fn scan(engine: &Engine, rule: &str, path: &str, repository: Option<&str>) -> ScanReport {
    let text = &engine
        .rules()
        .get(rule)
        .expect("the rule exists")
        .examples()[0]
        .text;
    let config = ScanConfig {
        threads: 1,
        ..ScanConfig::default()
    };
    let origin = Origin::File {
        path: PathBuf::from(path),
    };
    let mut report = scan_bytes(engine, text.as_bytes(), origin, &config);
    assert!(!report.findings.is_empty(), "{rule}'s example is found");
    if let Some(repository) = repository {
        report.repositories = vec![repository.to_owned()];
        for finding in &mut report.findings {
            finding.repository = Some(repository.to_owned());
        }
    }
    report
}

/// A sweep's shard over `repositories`: one file with findings in each but the last, which
/// has none; `scope` as `leakguard git` sets it.
fn shard(engine: &Engine, repositories: &[&str]) -> ScanReport {
    let mut reports = Vec::new();
    for (i, repository) in repositories.iter().enumerate() {
        let mut report = scan(
            engine,
            RULES[i % RULES.len()],
            "config/app.env",
            Some(repository),
        );
        if i + 1 == repositories.len() {
            report.findings.clear();
        }
        reports.push(report);
    }
    let mut report = one_run(reports);
    report.scope = ScanScope::History;
    report
}

/// What one run over the inputs of `reports` reports, built as the collector builds it (not
/// with the merge's code): everything concatenated, then sorted by `Finding::sort_key`.
fn one_run(reports: Vec<ScanReport>) -> ScanReport {
    let mut run = ScanReport::default();
    for report in reports {
        run.repositories.extend(report.repositories);
        run.findings.extend(report.findings);
        run.diagnostics.extend(report.diagnostics);
        run.stats.files_scanned += report.stats.files_scanned;
        run.stats.bytes_scanned += report.stats.bytes_scanned;
    }
    run.repositories.sort();
    run.findings.sort_by_key(Finding::sort_key);
    run.diagnostics.sort();
    run.stats.incomplete = run
        .diagnostics
        .iter()
        .filter(|d| d.kind.is_incomplete())
        .count() as u64;
    run
}

fn render(format: Format, report: &ScanReport, rules: &RuleSet) -> Vec<u8> {
    let mut out = Vec::new();
    write_report(&mut out, format, report, rules, &HumanOptions::default())
        .expect("writing to memory succeeds");
    out
}

fn merged(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, MergeError> {
    let parts: Vec<Part<'_>> = parts
        .iter()
        .map(|&(name, bytes)| Part { name, bytes })
        .collect();
    let merged = merge(&parts)?;
    let mut out = Vec::new();
    merged.write(&mut out).expect("writing to memory succeeds");
    Ok(out)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn unscanned(repository: &str) -> Diagnostic {
    Diagnostic {
        repository: Some(repository.to_owned()),
        ..Diagnostic::new(
            "big.bin",
            DiagnosticKind::TooLarge {
                size: 200,
                limit: 100,
            },
        )
    }
}

#[test]
fn two_json_parts_merge_into_the_json_of_one_run_over_both() {
    let engine = engine();
    let a = scan(&engine, RULES[0], "b/settings.py", None);
    let b = scan(&engine, RULES[1], "a/deploy.sh", None);
    let mut b_incomplete = b.clone();
    b_incomplete.diagnostics.push(Diagnostic::new(
        "a/big.bin",
        DiagnosticKind::TooLarge {
            size: 200,
            limit: 100,
        },
    ));
    let whole = one_run(vec![a.clone(), b_incomplete.clone()]);
    let out = merged(&[
        ("a.json", &render(Format::Json, &a, engine.rules())),
        (
            "b.json",
            &render(Format::Json, &b_incomplete, engine.rules()),
        ),
    ])
    .expect("the parts merge");
    assert_eq!(
        text(&out),
        text(&render(Format::Json, &whole, engine.rules()))
    );
    let document: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(document["incomplete"], true);
    assert_eq!(document["stats"]["incomplete"], 1);
    assert_eq!(document["stats"]["files_scanned"], 2);
}

#[test]
fn a_sweeps_json_shards_merge_into_the_sweeps_json_in_any_order() {
    let engine = engine();
    let mut first = shard(&engine, &["alpha", "delta"]);
    first.diagnostics.push(unscanned("delta"));
    let second = shard(&engine, &["https://example.com/org/charlie.git", "bravo"]);
    let whole = one_run(vec![first.clone(), second.clone()]);
    assert_eq!(whole.repositories.len(), 4);
    let expected = render(Format::Json, &whole, engine.rules());
    let first = render(Format::Json, &first, engine.rules());
    let second = render(Format::Json, &second, engine.rules());
    let forward = merged(&[("1.json", &first), ("2.json", &second)]).expect("merges");
    let backward = merged(&[("2.json", &second), ("1.json", &first)]).expect("merges");
    assert_eq!(text(&forward), text(&expected));
    assert_eq!(text(&backward), text(&expected));
}

#[test]
fn a_sweeps_sarif_shards_merge_into_the_sweeps_sarif_in_any_order() {
    let engine = engine();
    let mut first = shard(&engine, &["alpha", "delta"]);
    first.diagnostics.push(unscanned("delta"));
    let second = shard(
        &engine,
        &["https://example.com/org/charlie.git", "bravo", "echo"],
    );
    let mut whole = one_run(vec![first.clone(), second.clone()]);
    whole.scope = ScanScope::History;
    let expected = render(Format::Sarif, &whole, engine.rules());
    let first = render(Format::Sarif, &first, engine.rules());
    let second = render(Format::Sarif, &second, engine.rules());
    let forward = merged(&[("1.sarif", &first), ("2.sarif", &second)]).expect("merges");
    let backward = merged(&[("2.sarif", &second), ("1.sarif", &first)]).expect("merges");
    assert_eq!(text(&forward), text(&expected));
    assert_eq!(text(&backward), text(&expected));
    let log: Value = serde_json::from_slice(&forward).expect("JSON");
    let runs = log["runs"].as_array().expect("runs");
    let names: Vec<&str> = runs
        .iter()
        .filter_map(|run| run["properties"]["repository"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "alpha",
            "bravo",
            "delta",
            "echo",
            "https://example.com/org/charlie.git"
        ]
    );
}

#[test]
fn one_part_merges_into_its_own_bytes() {
    let engine = engine();
    let report = scan(&engine, RULES[0], "src/app.js", None);
    let sweep = shard(&engine, &["alpha", "bravo"]);
    for format in [Format::Json, Format::Sarif, Format::Jsonl] {
        for report in [&report, &sweep] {
            let bytes = render(format, report, engine.rules());
            let out = merged(&[("part", &bytes)]).expect("merges");
            assert_eq!(text(&out), text(&bytes), "{format:?}");
        }
    }
}

#[test]
fn a_part_given_twice_adds_no_finding_twice() {
    let engine = engine();
    let report = scan(&engine, RULES[0], "src/app.js", None);
    let json = render(Format::Json, &report, engine.rules());
    let out = merged(&[("a.json", &json), ("again.json", &json)]).expect("merges");
    let document: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(
        document["findings"].as_array().map(Vec::len),
        Some(report.findings.len())
    );
}

#[test]
fn a_repository_in_two_sarif_parts_is_refused_naming_both() {
    let engine = engine();
    let first = render(
        Format::Sarif,
        &shard(&engine, &["alpha", "bravo"]),
        engine.rules(),
    );
    let second = render(
        Format::Sarif,
        &shard(&engine, &["bravo", "charlie"]),
        engine.rules(),
    );
    let error = merged(&[("1.sarif", &first), ("2.sarif", &second)]).expect_err("bravo is in both");
    assert!(
        matches!(&error, MergeError::DuplicateRepository { repository, first, second }
            if repository == "bravo" && first == "1.sarif" && second == "2.sarif"),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("1.sarif") && message.contains("2.sarif"),
        "{message}"
    );
}

#[test]
fn parts_of_different_formats_are_refused_naming_the_odd_file() {
    let engine = engine();
    let report = scan(&engine, RULES[0], "src/app.js", None);
    let json = render(Format::Json, &report, engine.rules());
    let sarif = render(Format::Sarif, &report, engine.rules());
    let error = merged(&[("a.json", &json), ("b.json", &json), ("c.sarif", &sarif)])
        .expect_err("mixed formats");
    assert!(
        matches!(&error, MergeError::MixedKinds { file, kind: PartKind::Sarif, first, first_kind: PartKind::Json }
            if file == "c.sarif" && first == "a.json"),
        "{error}"
    );
    assert!(error.to_string().contains("c.sarif"), "{error}");
}

#[test]
fn a_part_that_is_not_a_report_is_named() {
    let engine = engine();
    let json = render(
        Format::Json,
        &scan(&engine, RULES[0], "x", None),
        engine.rules(),
    );
    let truncated = &json[..json.len() / 2];
    let cases: [(&str, &[u8]); 3] = [
        ("notes.txt", b"hello\nworld\n"),
        ("findings.db", b"SQLite format 3\0\x10\x00\x01\x01"),
        ("array.json", b"[1, 2]"),
    ];
    for (name, bytes) in cases {
        let error = merged(&[("good.json", &json), (name, bytes)]).expect_err(name);
        assert!(
            matches!(&error, MergeError::Unrecognised { file } if file == name),
            "{name}: {error}"
        );
        assert!(error.to_string().starts_with(name), "{error}");
    }
    // Cut short, it is not JSON at all: the probe cannot tell what it was meant to be.
    let error = merged(&[("cut.json", truncated)]).expect_err("truncated");
    assert!(error.to_string().starts_with("cut.json"), "{error}");
    // Of the right shape at the top but not below, it is a malformed JSON report.
    let mut document: Value = serde_json::from_slice(&json).expect("JSON");
    document["findings"] = Value::String("none".to_owned());
    let bad = serde_json::to_vec(&document).expect("serializes");
    let error = merged(&[("bad.json", &bad)]).expect_err("bad findings");
    assert!(
        matches!(&error, MergeError::Malformed { file, kind: PartKind::Json, .. } if file == "bad.json"),
        "{error}"
    );
}

#[test]
fn a_json_report_of_another_format_version_is_refused() {
    let engine = engine();
    let json = render(
        Format::Json,
        &scan(&engine, RULES[0], "x", None),
        engine.rules(),
    );
    let mut document: Value = serde_json::from_slice(&json).expect("JSON");
    document["version"] = Value::from(99);
    let newer = serde_json::to_vec(&document).expect("serializes");
    let error = merged(&[("old.json", &json), ("new.json", &newer)]).expect_err("v99");
    assert!(
        matches!(&error, MergeError::UnsupportedVersion { file, found: 99, .. } if file == "new.json"),
        "{error}"
    );
}

#[test]
fn json_parts_of_different_leakguard_versions_are_refused() {
    let engine = engine();
    let json = render(
        Format::Json,
        &scan(&engine, RULES[0], "x", None),
        engine.rules(),
    );
    let mut document: Value = serde_json::from_slice(&json).expect("JSON");
    document["tool"]["version"] = Value::from("0.0.1");
    let older = serde_json::to_vec(&document).expect("serializes");
    let error = merged(&[("new.json", &json), ("old.json", &older)]).expect_err("versions");
    assert!(
        matches!(&error, MergeError::MixedVersions { file, version, .. }
            if file == "old.json" && version == "0.0.1"),
        "{error}"
    );
}

#[test]
fn single_input_sarif_runs_merge_only_when_identical() {
    let engine = engine();
    let a = render(
        Format::Sarif,
        &scan(&engine, RULES[0], "a.py", None),
        engine.rules(),
    );
    let b = render(
        Format::Sarif,
        &scan(&engine, RULES[1], "b.py", None),
        engine.rules(),
    );
    let same = merged(&[("a.sarif", &a), ("copy.sarif", &a)]).expect("copies merge");
    assert_eq!(text(&same), text(&a));
    let error = merged(&[("a.sarif", &a), ("b.sarif", &b)]).expect_err("two runs");
    assert!(
        matches!(&error, MergeError::SingleInputRuns { first, second }
            if first == "a.sarif" && second == "b.sarif"),
        "{error}"
    );
    let sweep = render(Format::Sarif, &shard(&engine, &["alpha"]), engine.rules());
    let error = merged(&[("a.sarif", &a), ("sweep.sarif", &sweep)]).expect_err("mixed");
    assert!(
        matches!(&error, MergeError::MixedRuns { unnamed, named }
            if unnamed == "a.sarif" && named == "sweep.sarif"),
        "{error}"
    );
}

#[test]
fn jsonl_parts_merge_into_the_lines_of_one_run() {
    let engine = engine();
    let a = scan(&engine, RULES[0], "z/app.js", None);
    let b = scan(&engine, RULES[1], "m/app.js", None);
    let whole = one_run(vec![a.clone(), b.clone()]);
    let clean = ScanReport::default();
    let out = merged(&[
        ("a.jsonl", &render(Format::Jsonl, &a, engine.rules())),
        (
            "clean.jsonl",
            &render(Format::Jsonl, &clean, engine.rules()),
        ),
        ("b.jsonl", &render(Format::Jsonl, &b, engine.rules())),
    ])
    .expect("merges");
    assert_eq!(
        text(&out),
        text(&render(Format::Jsonl, &whole, engine.rules()))
    );
    let mut broken = render(Format::Jsonl, &a, engine.rules());
    broken.extend_from_slice(b"{\"rule\": 1}\n");
    let error = merged(&[("a.jsonl", &out), ("b.jsonl", &broken)]).expect_err("not a finding");
    assert!(
        matches!(&error, MergeError::MalformedLine { file, line: 2, .. } if file == "b.jsonl"),
        "{error}"
    );
}

#[test]
fn counters_are_summed_and_set_aside_findings_counted_even_unlisted() {
    let engine = engine();
    let mut a = scan(&engine, RULES[0], "a.py", None);
    a.stats.suppressed = 2;
    a.stats.skipped_binary = 1;
    let mut b = scan(&engine, RULES[1], "b.py", None);
    b.stats.suppressed = 1;
    let out = merged(&[
        ("a.json", &render(Format::Json, &a, engine.rules())),
        ("b.json", &render(Format::Json, &b, engine.rules())),
    ])
    .expect("merges");
    let document: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(document["stats"]["suppressed"], 3);
    assert_eq!(document["stats"]["skipped_binary"], 1);
    assert_eq!(
        document["stats"]["bytes_scanned"],
        a.stats.bytes_scanned + b.stats.bytes_scanned
    );
}

#[test]
fn no_parts_is_an_error() {
    assert!(matches!(merged(&[]), Err(MergeError::NoParts)));
}

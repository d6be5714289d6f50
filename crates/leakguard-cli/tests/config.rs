//! `.leakguard.toml` through the binary: found at the scan root, each setting applied, flags
//! winning over the file, unknown keys refused by name.

mod common;

use std::fs;

use common::{code, github_findings, json, leakguard_in, stderr, write, Fake};

/// A tree with a GitHub token in src/, one in a fixture, and an AWS key id.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(700);
    write(
        dir.path(),
        "src/app.js",
        format!("const t = \"{}\";\n", fake.github_token()),
    );
    write(
        dir.path(),
        "tests/fixtures/token.txt",
        format!("{}\n", fake.github_token()),
    );
    write(
        dir.path(),
        "src/aws.py",
        "AWS_KEY = \"AKIAZ7Q4M2XTWJ3KD6PL\"\n",
    );
    dir
}

fn rules_found(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["origin"]["path"].as_str().unwrap_or_default().to_owned(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn settings_in_the_file_apply_and_flags_win() {
    let dir = project();
    write(
        dir.path(),
        ".leakguard.toml",
        r#"
disable = ["aws"]
fail-on = "critical"
format = "json"
[severity]
"github" = "critical"
[allow]
paths = ["tests/fixtures/"]
"#,
    );
    let out = leakguard_in(dir.path(), &["scan"], b"");
    assert_eq!(
        code(&out),
        1,
        "github rated critical fails at critical: {}",
        stderr(&out)
    );
    let report = json(&out);
    let found = rules_found(&report);
    assert_eq!(found.len(), 1, "aws disabled, fixture allowed: {found:?}");
    assert_eq!(found[0].0, "src/app.js");
    assert_eq!(report["findings"][0]["severity"], "critical");
    assert_eq!(report["stats"]["suppressed"], 1);

    // Flags win over the file: a human view, and a threshold above nothing.
    let out = leakguard_in(dir.path(), &["scan", "--format", "human"], b"");
    assert!(!common::stdout(&out).trim_start().starts_with('{'));
    let mut config = fs::read_to_string(dir.path().join(".leakguard.toml")).expect("read");
    config = config.replace("\"github\" = \"critical\"", "\"github\" = \"medium\"");
    fs::write(dir.path().join(".leakguard.toml"), config).expect("write");
    assert_eq!(code(&leakguard_in(dir.path(), &["scan"], b"")), 0);
    assert_eq!(
        code(&leakguard_in(
            dir.path(),
            &["scan", "--fail-on", "low"],
            b""
        )),
        1
    );
}

#[test]
fn allowed_values_regexes_and_an_explicit_config_file() {
    let dir = project();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let config = elsewhere.path().join("lg.toml");
    fs::write(
        &config,
        "[allow]\nvalues = [\"AKIAZ7Q4M2XTWJ3KD6PL\"]\nregexes = [\"^ghp_\"]\n",
    )
    .expect("write");
    let out = leakguard_in(
        dir.path(),
        &[
            "scan",
            "--format",
            "json",
            "--config",
            config.to_str().expect("utf-8"),
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = json(&out);
    assert!(github_findings(&report).is_empty());
    assert_eq!(report["stats"]["suppressed"], 3);
}

#[test]
fn configuration_errors_name_the_key_and_the_file() {
    let dir = project();
    for (text, needle) in [
        ("fail_on = \"high\"\n", "fail_on"),
        ("[allow]\npath = [\"x\"]\n", "path"),
        ("disable = [\"no-such-rule\"]\n", "no-such-rule"),
        ("format = \"xml\"\n", "xml"),
        ("[allow]\nregexes = [\"(\"]\n", "allow.regexes"),
    ] {
        write(dir.path(), ".leakguard.toml", text);
        let out = leakguard_in(dir.path(), &["scan"], b"");
        assert_eq!(code(&out), 2, "{text}");
        let err = stderr(&out);
        assert!(err.contains(needle), "{text}: {err}");
        assert!(err.contains(".leakguard.toml"), "{text}: {err}");
    }
}

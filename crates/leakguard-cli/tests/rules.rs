//! Rule loading through the real binary: user rule files, and errors that name file, rule and field.

mod common;

use std::fs;

use common::{code, json, leakguard_in, stderr, stdout};

const USER_RULE: &str = r#"rules:
  - id: acme.internal-token
    name: ACME internal token
    description: Token for ACME's internal API.
    category: secret
    severity: critical
    keywords: [acme_]
    pattern: '\b(?P<secret>acme_[a-z0-9]{20})\b'
    remediation: Rotate it in the ACME console.
    examples:
      - text: 'key = acme_q8v2lp0rt5wz1m3k9n7b'
        secret: acme_q8v2lp0rt5wz1m3k9n7b
    negative_examples: ['acme_short']
"#;

#[test]
fn user_rules_from_a_file_or_directory_run_beside_the_builtin_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("my-rules/nested")).expect("mkdir");
    fs::write(dir.path().join("my-rules/nested/acme.yml"), USER_RULE).expect("write");
    fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    fs::write(
        dir.path().join("src/a.txt"),
        "key = acme_q8v2lp0rt5wz1m3k9n7b\n",
    )
    .expect("write");
    for rules_path in ["my-rules", "my-rules/nested/acme.yml"] {
        let out = leakguard_in(
            dir.path(),
            &["scan", "src", "--rules", rules_path, "--format", "json"],
            b"",
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let report = json(&out);
        assert_eq!(report["findings"][0]["rule"], "acme.internal-token");
        assert_eq!(report["findings"][0]["severity"], "critical");
    }
    let listed = stdout(&leakguard_in(
        dir.path(),
        &["rules", "--rules", "my-rules", "--no-builtin-rules"],
        b"",
    ));
    assert!(listed.starts_with("acme.internal-token"), "{listed}");
    assert!(listed.trim_end().ends_with("1 rules"), "{listed}");
}

#[test]
fn rule_file_errors_name_the_file_the_rule_and_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (USER_RULE.replace("keywords:", "keyword:"), "keyword"),
        (
            USER_RULE
                .replace("validate", "x")
                .replace("remediation:", "validate: crc64\n    remediation:"),
            "field `validate`",
        ),
        (
            USER_RULE.replace(
                "(?P<secret>acme_[a-z0-9]{20})",
                "(?P<secret>acme_[a-z0-9]{20}",
            ),
            "field `pattern`",
        ),
        (
            USER_RULE.replace(r"\b(?P<secret>acme_[a-z0-9]{20})\b", r"acme_(\w{500}){500}"),
            "compiles to more than",
        ),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let file = format!("bad{i}.yml");
        fs::write(dir.path().join(&file), text).expect("write");
        let out = leakguard_in(dir.path(), &["scan", ".", "--rules", &file], b"");
        assert_eq!(code(&out), 2, "case {i}");
        let err = stderr(&out);
        assert!(err.contains(&file), "case {i} names the file: {err}");
        assert!(err.contains(expected), "case {i} names `{expected}`: {err}");
        if i > 0 {
            assert!(
                err.contains("acme.internal-token"),
                "case {i} names the rule: {err}"
            );
        }
    }
}

#[test]
fn missing_rule_file_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = leakguard_in(dir.path(), &["scan", ".", "--rules", "nope.yml"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read rule file nope.yml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_arguments_exit_with_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        code(&leakguard_in(
            dir.path(),
            &["scan", "--fail-on", "severe"],
            b""
        )),
        2
    );
    assert_eq!(
        code(&leakguard_in(
            dir.path(),
            &["scan", "--max-file-size", "lots"],
            b""
        )),
        2
    );
}

#[test]
fn a_gitleaks_config_adds_its_rules_to_a_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("gitleaks.toml"),
        r#"
title = "myco"
[[rules]]
id = "myco-api-token"
description = "MyCo API token"
regex = '''(?i)token\s*=\s*"(myco_[a-z0-9]{32})"'''
secretGroup = 1
keywords = ["myco_"]
"#,
    )
    .expect("write config");
    std::fs::write(
        dir.path().join("app.py"),
        "token = \"myco_q8v2lp0rt5wz1m3kx7c4mb9dx2ke5np1\"\n",
    )
    .expect("write source");
    let out = common::leakguard_in(
        dir.path(),
        &[
            "scan",
            "app.py",
            "--format",
            "json",
            "--gitleaks-config",
            "gitleaks.toml",
        ],
        b"",
    );
    assert_eq!(common::code(&out), 1, "{}", common::stderr(&out));
    let report = common::json(&out);
    assert_eq!(report["findings"][0]["rule"], "gitleaks.myco-api-token");
}

#[test]
fn rules_check_runs_a_files_examples_and_names_each_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("good.yml"), USER_RULE).expect("write");
    let out = leakguard_in(dir.path(), &["rules", "check", "good.yml"], b"");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("all behave as written"),
        "{}",
        stdout(&out)
    );

    // A negative example the pattern matches, and a positive one it misses.
    let broken = USER_RULE
        .replace(
            "negative_examples: [",
            "negative_examples: ['acme_k3y9q2m7x8w1v4z6p0t5', ",
        )
        .replace(
            "    examples:\n",
            "    examples:\n      - text: 'acme nothing here'\n        secret: nope\n",
        );
    fs::write(dir.path().join("bad.yml"), broken).expect("write");
    let out = leakguard_in(dir.path(), &["rules", "check", "bad.yml"], b"");
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("examples[0] produced no finding"), "{text}");
    assert!(text.contains("negative_examples[0] matched"), "{text}");

    let out = leakguard_in(dir.path(), &["rules", "list"], b"");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("github.pat-classic"));
}

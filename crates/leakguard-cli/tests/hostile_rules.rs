//! Hostile rule files through the binary: patterns that would compile to gigabytes, and a file
//! of 10,000 rules. Each run has a deadline and a memory ceiling.
//!
//! Already covered elsewhere: one oversized pattern (`acme_(\w{500}){500}`) refused with the file
//! and rule named, `rule_file_errors_name_the_file_the_rule_and_the_field` (tests/rules.rs), and
//! in the library `oversized_pattern_is_refused_with_the_limit` (leakguard-rules, rule.rs). What
//! is added here: the patterns people actually write to blow a regex up, the limit named in the
//! message, and the bound on time and memory while refusing them.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::time::Instant;

use common::bounded::{leakguard_bounded, leakguard_capped};
use common::{code, json, stderr, stdout};

/// The compiled-size limit, as the refusal states it.
const LIMIT: &str = "4194304 bytes";

fn rule_file(id: &str, pattern: &str) -> String {
    format!(
        "rules:
  - id: {id}
    name: Huge
    description: A pattern that would compile to gigabytes.
    category: secret
    severity: high
    keywords: [acme_]
    pattern: '{pattern}'
    remediation: Simplify it.
    examples:
      - text: 'acme_x'
        secret: x
    negative_examples: ['nothing']
"
    )
}

#[test]
fn patterns_that_would_compile_to_gigabytes_are_refused_naming_file_rule_and_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.txt"), "acme_x\n").expect("write");
    let patterns = [
        r"acme_(?P<secret>(?:\w{1000}){1000})",
        r"acme_(?P<secret>[\w\W]{65535})",
        r"acme_(?P<secret>(?:[\w\W]{65535}){65535})",
        r"acme_(?P<secret>(?:(?:(?:(?:(?:(?:a{10}){10}){10}){10}){10}){10}){10})",
        r"acme_(?P<secret>\w{4294967295})",
        r"acme_(?P<secret>\p{L}{500})",
    ];
    for (i, pattern) in patterns.iter().enumerate() {
        let file = format!("huge{i}.yml");
        let id = format!("acme.huge-{i}");
        fs::write(dir.path().join(&file), rule_file(&id, pattern)).expect("write");
        for command in [
            &["rules", "--rules", &file, "--no-builtin-rules"][..],
            &["scan", ".", "--rules", &file],
        ] {
            let out = leakguard_capped(dir.path(), command, 1024);
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{pattern} ({command:?}): {err}");
            for part in [file.as_str(), id.as_str(), "field `pattern`", LIMIT] {
                assert!(err.contains(part), "{pattern}: names `{part}`: {err}");
            }
        }
    }
}

/// 10,000 rules, each with its own keyword and an example of it. Start-up time is printed, not
/// asserted: the machine is shared.
#[test]
fn ten_thousand_user_rules_are_accepted_and_each_one_runs() {
    const RULES: usize = 10_000;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut yaml = String::from("rules:\n");
    for i in 0..RULES {
        let keyword = format!("bulk{i:05}x_");
        let _ = write!(
            yaml,
            "  - id: bulk.rule-{i:05}
    name: Bulk rule {i}
    description: Generated rule {i}.
    category: secret
    severity: high
    keywords: [{keyword}]
    pattern: '\\b(?P<secret>{keyword}[a-z0-9]{{16}})\\b'
    remediation: Rotate it.
    examples:
      - text: 'key = {keyword}q8v2lp0rt5wz1m3k'
        secret: {keyword}q8v2lp0rt5wz1m3k
    negative_examples: ['{keyword}short']
"
        );
    }
    fs::write(dir.path().join("bulk.yml"), &yaml).expect("write");

    let started = Instant::now();
    let out = leakguard_capped(
        dir.path(),
        &["rules", "--rules", "bulk.yml", "--no-builtin-rules"],
        2048,
    );
    let elapsed = started.elapsed();
    eprintln!(
        "start-up with {RULES} user rules ({} KiB of YAML): `leakguard rules` took {elapsed:.2?}",
        yaml.len() / 1024
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(
        listed.trim_end().ends_with(&format!("{RULES} rules")),
        "{}",
        listed.lines().last().unwrap_or_default()
    );
    assert_eq!(
        listed
            .lines()
            .filter(|l| l.starts_with("bulk.rule-"))
            .count(),
        RULES
    );

    // The first, a middle and the last rule each find their own key, and only their own.
    fs::create_dir(dir.path().join("src")).expect("mkdir");
    fs::write(
        dir.path().join("src/keys.txt"),
        "a = bulk00000x_q8v2lp0rt5wz1m3k\nb = bulk05000x_q8v2lp0rt5wz1m3k\nc = bulk09999x_q8v2lp0rt5wz1m3k\n",
    )
    .expect("write");
    let started = Instant::now();
    let out = leakguard_bounded(
        dir.path(),
        &[
            "scan",
            "src",
            "--rules",
            "bulk.yml",
            "--no-builtin-rules",
            "-f",
            "json",
        ],
    );
    eprintln!(
        "a scan of one file with {RULES} user rules took {:.2?}",
        started.elapsed()
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let mut rules: Vec<String> = json(&out)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        ["bulk.rule-00000", "bulk.rule-05000", "bulk.rule-09999"]
    );
}

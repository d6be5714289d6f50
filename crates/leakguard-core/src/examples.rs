//! A rule's own examples, run through the whole engine: each positive example must yield exactly
//! one finding of its rule with the intended secret, each negative example none. The built-in
//! catalogue's test and `leakguard rules check` share this, so a user's rule file is held to
//! the same standard as ours.

use std::path::PathBuf;

use leakguard_rules::Rule;

use crate::{scan_bytes, Engine, Origin, ScanConfig};

/// Every way `rule`'s examples fail, one line each (`id: examples[2] produced no finding`).
/// `engine` must hold the rule (and may hold others: their interplay is part of the check).
pub fn check_rule_examples(engine: &Engine, rule: &Rule) -> Vec<String> {
    let mut failures = Vec::new();
    let id = rule.id().as_str();
    if let Err(e) = rule.compile_regex() {
        failures.push(format!("{id}: {e}"));
        return failures;
    }
    let config = ScanConfig {
        show_secrets: true,
        threads: 1,
        ..ScanConfig::default()
    };
    let origin = |path: Option<&str>| Origin::File {
        path: PathBuf::from(path.unwrap_or("example.txt")),
    };
    for (i, example) in rule.examples().iter().enumerate() {
        let lower = example.text.to_ascii_lowercase();
        if !rule.is_whole_file()
            && !rule
                .anchors()
                .iter()
                .any(|k| lower.contains(&k.to_ascii_lowercase()))
        {
            failures.push(format!(
                "{id}: examples[{i}] contains none of the keywords {:?}",
                rule.anchors()
            ));
        }
        let report = scan_bytes(
            engine,
            example.text.as_bytes(),
            origin(example.path.as_deref()),
            &config,
        );
        let found: Vec<_> = report
            .findings
            .iter()
            .chain(&report.suppressed)
            .filter(|f| f.rule == *rule.id())
            .collect();
        match found.as_slice() {
            [one] if one.secret.as_str() == example.secret => {}
            [one] => failures.push(format!(
                "{id}: examples[{i}] reported secret {:?}, expected {:?}",
                one.secret.as_str(),
                example.secret
            )),
            [] => failures.push(format!("{id}: examples[{i}] produced no finding")),
            many => failures.push(format!(
                "{id}: examples[{i}] produced {} findings",
                many.len()
            )),
        }
    }
    for (i, example) in rule.negative_examples().iter().enumerate() {
        let report = scan_bytes(
            engine,
            example.text.as_bytes(),
            origin(example.path.as_deref()),
            &config,
        );
        for finding in report.findings.iter().filter(|f| f.rule == *rule.id()) {
            failures.push(format!(
                "{id}: negative_examples[{i}] matched at {}..{} ({:?})",
                finding.location.start_byte,
                finding.location.end_byte,
                finding.secret.as_str()
            ));
        }
    }
    failures
}

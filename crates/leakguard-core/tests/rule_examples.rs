//! Every example of every built-in rule, through the whole engine: each positive example yields
//! exactly one finding of its rule with the intended secret; each negative example yields none.
//! All failures are listed at once, e.g. `github.pat-classic: negative_examples[0] matched at 3..43`.

use std::path::PathBuf;

use leakguard_core::rules::{Rule, RuleSet};
use leakguard_core::{scan_bytes, Engine, Origin, ScanConfig};

fn origin(path: Option<&str>) -> Origin {
    Origin::File {
        path: PathBuf::from(path.unwrap_or("example.txt")),
    }
}

fn check_rule(engine: &Engine, rule: &Rule, config: &ScanConfig, failures: &mut Vec<String>) {
    let id = rule.id().as_str();
    if let Err(e) = rule.compile_regex() {
        failures.push(format!("{id}: {e}"));
        return;
    }
    for (i, example) in rule.examples().iter().enumerate() {
        let lower = example.text.to_ascii_lowercase();
        if !rule
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
            config,
        );
        let found: Vec<_> = report
            .findings
            .iter()
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
            config,
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
}

#[test]
fn every_builtin_rule_example_behaves_as_written() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    assert!(
        rules.len() >= 40,
        "the catalogue should hold at least 40 rules, has {}",
        rules.len()
    );
    let engine = Engine::new(rules);
    let config = ScanConfig {
        show_secrets: true,
        threads: 1,
        ..ScanConfig::default()
    };
    let mut failures = Vec::new();
    for rule in engine.rules().rules() {
        check_rule(&engine, rule, &config, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} rule example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

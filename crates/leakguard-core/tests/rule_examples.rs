//! Every example of every built-in rule, through the whole engine: each positive example yields
//! exactly one finding of its rule with the intended secret; each negative example yields none.
//! All failures are listed at once, e.g. `github.pat-classic: negative_examples[0] matched at 3..43`.

use leakguard_core::rules::RuleSet;
use leakguard_core::{check_rule_examples, Engine};

#[test]
fn every_builtin_rule_example_behaves_as_written() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    assert!(
        rules.len() >= 40,
        "the catalogue should hold at least 40 rules, has {}",
        rules.len()
    );
    let engine = Engine::new(rules);
    let failures: Vec<String> = engine
        .rules()
        .rules()
        .iter()
        .flat_map(|rule| check_rule_examples(&engine, rule))
        .collect();
    assert!(
        failures.is_empty(),
        "{} rule example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

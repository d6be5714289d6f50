//! docs/rules.md must match the rules: regenerate with `LEAKGUARD_BLESS=1`.

use std::path::Path;

use leakguard_core::rules::RuleSet;
use leakguard_report::rules_markdown;

#[test]
fn rules_reference_is_fresh() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let expected = rules_markdown(&rules);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    if std::env::var_os("LEAKGUARD_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("docs/rules.md is writable");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `LEAKGUARD_BLESS=1 cargo test -p leakguard-report --test docs`"
    );
}

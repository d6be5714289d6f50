//! `leakguard rules`: what would run, so a user can check a rule file loads.

use std::io::Write;

use anyhow::Context;
use leakguard_rules::{RuleLoader, RuleSet};

use crate::args::{RuleSourceArgs, RulesArgs};
use crate::exit::{self, ExitStatus};

/// Loads the built-in rules (unless switched off) and every `--rules` path.
pub fn load_rules(sources: &RuleSourceArgs) -> anyhow::Result<RuleSet> {
    let mut loader = RuleLoader::new();
    if !sources.no_builtin_rules {
        loader.add_builtin().context("loading the built-in rules")?;
    }
    for path in &sources.rules {
        loader.add_path(path)?;
    }
    let rules = loader.finish();
    anyhow::ensure!(
        !rules.is_empty(),
        "no rules to run: --no-builtin-rules needs --rules PATH"
    );
    Ok(rules)
}

pub fn run(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
    let rules = load_rules(&args.rule_sources)?;
    let mut out = std::io::stdout().lock();
    for rule in rules.rules() {
        writeln!(
            out,
            "{:<40} {:<8} {:<7} {}",
            rule.id(),
            rule.severity(),
            rule.category(),
            rule.name()
        )?;
    }
    writeln!(out, "{} rules", rules.len())?;
    Ok(exit::CLEAN)
}

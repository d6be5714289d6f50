//! `leakguard rules`: what would run, so a user can check a rule file loads.

use std::io::Write;

use std::path::{Path, PathBuf};

use leakguard_core::{check_rule_examples, Engine};
use leakguard_rules::RuleLoader;

use crate::args::{RulesAction, RulesArgs};
use crate::exit::{self, ExitStatus};
use crate::output::plural;
use crate::settings::Settings;

pub fn run(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
    match &args.action {
        Some(RulesAction::Check { files }) => check(files),
        Some(RulesAction::List) | None => list(args),
        Some(RulesAction::Version) => version(args),
    }
}

/// `leakguard rules check FILE…`: loads the files (every schema and regex error is reported with
/// its file, rule and field), then runs every rule's examples; exits 1 on any failure.
fn check(files: &[PathBuf]) -> anyhow::Result<ExitStatus> {
    let mut loader = RuleLoader::new();
    for file in files {
        loader.add_path(file)?;
    }
    let rules = loader.finish();
    anyhow::ensure!(!rules.is_empty(), "the files given hold no rules");
    let engine = Engine::new(rules);
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    let mut examples = 0;
    for rule in engine.rules().rules() {
        examples += rule.examples().len() + rule.negative_examples().len();
        for failure in check_rule_examples(&engine, rule) {
            writeln!(out, "FAIL {failure}")?;
            failures += 1;
        }
    }
    writeln!(
        out,
        "{} rule{}, {examples} examples: {}",
        engine.rules().len(),
        plural(engine.rules().len()),
        if failures == 0 {
            "all behave as written".to_owned()
        } else {
            format!("{failures} failure(s)")
        }
    )?;
    Ok(if failures == 0 {
        exit::CLEAN
    } else {
        exit::FINDINGS
    })
}

/// `leakguard rules version`: the rule-set version a CI cache of the findings store is keyed on.
fn version(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
    let settings = Settings::load(args.rule_sources.config.as_deref(), Path::new("."))?;
    let rules = settings.rules(&args.rule_sources)?;
    writeln!(
        std::io::stdout().lock(),
        "{}",
        leakguard_store::Ruleset::version(&rules)
    )?;
    Ok(exit::CLEAN)
}

fn list(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
    let settings = Settings::load(args.rule_sources.config.as_deref(), Path::new("."))?;
    let rules = settings.rules(&args.rule_sources)?;
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

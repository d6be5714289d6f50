//! `leakguard rules`: what would run, so a user can check a rule file loads.

use std::io::Write;

use std::path::Path;

use crate::args::RulesArgs;
use crate::exit::{self, ExitStatus};
use crate::settings::Settings;

pub fn run(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
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

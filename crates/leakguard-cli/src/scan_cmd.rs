//! `leakguard scan`: files, directories and stdin.

use std::path::PathBuf;

use leakguard_core::{scan, Engine, ScanConfig, ScanTarget};

use crate::args::ScanArgs;
use crate::exit::ExitStatus;
use crate::output;
use crate::rules_cmd::load_rules;

pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    let engine = Engine::new(load_rules(&args.common.rule_sources)?);
    let config = ScanConfig {
        respect_ignore_files: !args.no_ignore,
        follow_symlinks: args.follow,
        ..output::config(&args.common)
    };
    let targets: Vec<ScanTarget> = if args.paths.is_empty() {
        vec![ScanTarget::Path(PathBuf::from("."))]
    } else {
        args.paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    ScanTarget::Stdin
                } else {
                    ScanTarget::Path(p.clone())
                }
            })
            .collect()
    };
    let report = scan(&engine, &targets, &config);
    output::finish(&args.common, &engine, report, &[], false)
}

//! `leakguard scan`: files, directories and stdin.

use std::path::PathBuf;

use leakguard_core::{scan, Engine, ScanConfig, ScanReport, ScanTarget};

use crate::args::ScanArgs;
use crate::exit::ExitStatus;
use crate::output;
use crate::settings::Settings;

pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    let (settings, engine, report) = scan_with_settings(args)?;
    output::finish(&args.common, &settings, &engine, report, &[], false)
}

/// Loads the settings for `args`, and scans.
pub fn scan_with_settings(args: &ScanArgs) -> anyhow::Result<(Settings, Engine, ScanReport)> {
    let settings = Settings::load(args.common.rule_sources.config.as_deref(), &scan_root(args))?;
    let engine = Engine::new(settings.rules(&args.common.rule_sources)?);
    let config = ScanConfig {
        respect_ignore_files: !args.no_ignore,
        follow_symlinks: args.follow,
        ..settings.scan_config(&args.common)?
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
    Ok((settings, engine, report))
}

/// Where `.leakguard.toml` is looked for: the first directory given, else the current one.
fn scan_root(args: &ScanArgs) -> PathBuf {
    args.paths
        .first()
        .filter(|p| p.is_dir())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

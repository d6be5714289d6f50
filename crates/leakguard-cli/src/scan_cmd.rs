//! `leakguard scan`: flags to a scan configuration, the scan, the report, the exit code.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use leakguard_core::{scan, Engine, ScanConfig, ScanTarget};
use leakguard_report::{write_report, Format, HumanOptions};

use crate::args::{ColorArg, FormatArg, ScanArgs};
use crate::exit::{self, ExitStatus};
use crate::rules_cmd::load_rules;

pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    let engine = Engine::new(load_rules(&args.rule_sources)?);
    let defaults = ScanConfig::default();
    let config = ScanConfig {
        threads: args.threads.unwrap_or(defaults.threads).max(1),
        max_file_size: args.max_file_size,
        scan_binary: args.binary,
        respect_ignore_files: !args.no_ignore,
        follow_symlinks: args.follow,
        show_secrets: args.show_secrets,
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

    let mut stderr = std::io::stderr().lock();
    for diagnostic in &report.diagnostics {
        let level = if diagnostic.kind.is_incomplete() {
            "error"
        } else {
            "warning"
        };
        writeln!(stderr, "leakguard: {level}: {diagnostic}")?;
    }

    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Sarif => Format::Sarif,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let human = HumanOptions { color };
    match &args.output {
        Some(path) => {
            let file = File::create(path)
                .with_context(|| format!("cannot create report file {}", path.display()))?;
            let mut out = BufWriter::new(file);
            write_report(&mut out, format, &report, engine.rules(), &human)
                .and_then(|()| out.flush())
                .with_context(|| format!("cannot write report file {}", path.display()))?;
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            write_report(&mut out, format, &report, engine.rules(), &human)
                .and_then(|()| out.flush())
                .context("cannot write the report to standard output")?;
        }
    }

    Ok(
        if report.findings.iter().any(|f| f.severity >= args.fail_on) {
            exit::FINDINGS
        } else if report.is_incomplete() {
            exit::INCOMPLETE
        } else {
            exit::CLEAN
        },
    )
}

//! The `leakguard` command: parse flags, run the command, map the outcome to an exit code.

mod args;
mod baseline;
mod baseline_cmd;
mod ci_github;
mod exit;
mod git_cmd;
mod merge_cmd;
mod output;
mod progress;
mod report_cmd;
mod rules_cmd;
mod scan_cmd;
mod settings;
mod sweep_cmd;
mod triage_cmd;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    let outcome = match cli.command {
        args::Command::Scan(scan) => scan_cmd::run(&scan),
        args::Command::Git(git) => git_cmd::run(&git),
        args::Command::Rules(rules) => rules_cmd::run(&rules),
        args::Command::Baseline(baseline) => baseline_cmd::run(&baseline),
        args::Command::Report(report) => report_cmd::run(&report),
        args::Command::Triage(triage) => triage_cmd::run(&triage),
        args::Command::Merge(merge) => merge_cmd::run(&merge),
        args::Command::Ci(ci) => match &ci.system {
            args::CiSystem::Github(github) => ci_github::run(github),
        },
    };
    match outcome {
        Ok(code) => code.into(),
        Err(error) => {
            eprintln!("leakguard: error: {error:#}");
            exit::ERROR.into()
        }
    }
}

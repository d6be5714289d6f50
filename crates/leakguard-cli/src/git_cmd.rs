//! `leakguard git`: a repository's whole history, every blob once.

use leakguard_core::{scan_git, Engine, GitScanOptions};

use crate::args::GitArgs;
use crate::exit::ExitStatus;
use crate::output;
use crate::rules_cmd::load_rules;

pub fn run(args: &GitArgs) -> anyhow::Result<ExitStatus> {
    let engine = Engine::new(load_rules(&args.common.rule_sources)?);
    let config = output::config(&args.common);
    let options = GitScanOptions {
        all_objects: args.all_objects,
    };
    let git = scan_git(&engine, &args.repo, &config, &options)?;
    let mut notes = vec![format!(
        "{} commits, {} unique blobs",
        git.commits, git.blobs
    )];
    if git.shallow {
        notes.push("shallow clone: history before the shallow boundary was not scanned".into());
    }
    output::finish(&args.common, &engine, &git.report, &notes)
}

//! `leakguard git`: a repository's whole history, a commit range, or what is staged.

use leakguard_core::{
    scan_git, scan_git_range, scan_git_staged, Engine, GitScanOptions, GitScanReport,
};

use crate::args::GitArgs;
use crate::exit::ExitStatus;
use crate::output::{self, plural};
use crate::settings::Settings;

pub fn run(args: &GitArgs) -> anyhow::Result<ExitStatus> {
    if args.is_sweep() {
        return crate::sweep_cmd::run(args);
    }
    let (settings, engine, git, notes) = scan_with_settings(args)?;
    output::finish(
        &args.common,
        &settings,
        &engine,
        git.report,
        &notes,
        args.fail_on_pre_existing,
    )
}

/// Loads the settings for `args` (`.leakguard.toml` at the repository path), and scans.
pub fn scan_with_settings(
    args: &GitArgs,
) -> anyhow::Result<(Settings, Engine, GitScanReport, Vec<String>)> {
    let settings = Settings::load(args.common.rule_sources.config.as_deref(), &args.repo())?;
    let engine = Engine::new(settings.rules(&args.common.rule_sources)?);
    let config = settings.scan_config(&args.common)?;
    let (git, mut notes) = if let Some(range) = args.commit_range() {
        let git = scan_git_range(&engine, &args.repo(), &range, &config)?;
        let note = match git.commits {
            0 => format!("{range} is an empty range: no commits to scan"),
            n => format!(
                "{n} commit{} in {range}, {} blob{} read",
                plural(n),
                git.blobs,
                plural(git.blobs)
            ),
        };
        (git, vec![note])
    } else if args.staged {
        let git = scan_git_staged(&engine, &args.repo(), &config)?;
        let mut notes = vec![format!(
            "{} staged file{} with added lines",
            git.blobs,
            plural(git.blobs)
        )];
        if !git.report.findings.is_empty() {
            notes.push(
                "this commit would add the secrets listed: remove them from the staged files (and rotate \
                 any that were real), then `git add` again; for a false positive, add a \
                 `leakguard:allow` comment on its line"
                    .into(),
            );
        }
        (git, notes)
    } else {
        let options = GitScanOptions {
            all_objects: args.all_objects,
        };
        let git = scan_git(&engine, &args.repo(), &config, &options)?;
        let note = format!("{} commits, {} unique blobs", git.commits, git.blobs);
        (git, vec![note])
    };
    if git.shallow {
        notes.push("shallow clone: history before the shallow boundary was not scanned".into());
    }
    Ok((settings, engine, git, notes))
}

//! `leakguard git` over many repositories: a sweep, optionally recorded in a findings store and
//! split into shards.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use leakguard_core::{
    sweep, Engine, GitScanHooks, MemoryMemo, Progress, SweepOptions, SweepTarget,
};
use leakguard_store::{Ruleset, Store};

use crate::args::GitArgs;
use crate::exit::ExitStatus;
use crate::output::{self, plural};
use crate::settings::Settings;

pub fn run(args: &GitArgs) -> anyhow::Result<ExitStatus> {
    anyhow::ensure!(
        args.commit_range().is_none() && !args.staged,
        "--range, --since-commit and --staged scan one repository; a sweep reads whole histories"
    );
    let store_path = args.store.path();
    anyhow::ensure!(
        !(store_path.is_some() && args.common.show_secrets),
        "--show-secrets cannot be used with --store: the store never holds a secret in full"
    );
    let settings = Settings::load(args.common.rule_sources.config.as_deref(), Path::new("."))?;
    let engine = Engine::new(settings.rules(&args.common.rule_sources)?);
    let config = settings.scan_config(&args.common)?;
    let listed = listed_repositories(args)?;
    let targets: Vec<SweepTarget> = listed
        .iter()
        .enumerate()
        .filter(|(position, _)| args.shard.is_none_or(|shard| shard.holds(*position)))
        .map(|(_, name)| SweepTarget::parse(name))
        .collect();
    let options = SweepOptions {
        git: leakguard_core::GitScanOptions {
            all_objects: args.all_objects,
        },
        clone_dir: clone_dir(args, store_path.as_deref()),
    };
    let progress = std::sync::Arc::new(Progress::new());
    let mut notes = Vec::new();
    let report = match &store_path {
        Some(path) => {
            let store = Store::open(path)?;
            let ruleset = Ruleset::new(engine.rules(), &config);
            let session = store.begin_scan(&ruleset)?;
            let hooks = GitScanHooks {
                memo: Some(session.memo()),
                progress: Some(&*progress),
            };
            let shown = crate::progress::show(&progress, args.progress);
            let mut report = sweep(&engine, &targets, &config, &options, &hooks, &mut |done| {
                session.record_repository(done)
            });
            shown.stop();
            let (store, totals) = session.finish()?;
            store.apply_triage(&mut report)?;
            notes.push(format!(
                "store {}: {} blob{} read, {} recalled from earlier scans",
                path.display(),
                totals.blobs_read,
                plural(totals.blobs_read as usize),
                totals.blobs_recalled
            ));
            report
        }
        None => {
            let memo = MemoryMemo::new();
            let hooks = GitScanHooks {
                memo: Some(&memo),
                progress: Some(&*progress),
            };
            let shown = crate::progress::show(&progress, args.progress);
            let report = sweep(&engine, &targets, &config, &options, &hooks, &mut |_| {});
            shown.stop();
            report
        }
    };
    let shard = args
        .shard
        .map(|s| {
            format!(
                " (part {} of {}: {} of {} listed)",
                s.index,
                s.of,
                targets.len(),
                listed.len()
            )
        })
        .unwrap_or_default();
    notes.insert(
        0,
        format!(
            "swept {} repositor{}{shard}",
            targets.len(),
            if targets.len() == 1 { "y" } else { "ies" }
        ),
    );
    output::finish(&args.common, &settings, &engine, report, &notes, false)
}

/// One repository's history, with `store` as its scan cache: what `ci github` runs on a schedule,
/// so each run reads only the blobs pushed since the cache was saved.
pub fn history_with_store(
    engine: &Engine,
    repo: &Path,
    config: &leakguard_core::ScanConfig,
    store: &Path,
) -> anyhow::Result<leakguard_core::ScanReport> {
    let session = Store::open(store)?.begin_scan(&Ruleset::new(engine.rules(), config))?;
    let hooks = GitScanHooks {
        memo: Some(session.memo()),
        progress: None,
    };
    let result = leakguard_core::scan_git_with(
        engine,
        repo,
        config,
        &leakguard_core::GitScanOptions::default(),
        &hooks,
    );
    let outcome = leakguard_core::RepositoryOutcome {
        name: repo.display().to_string(),
        result: result.map_err(|e| e.to_string()),
    };
    session.record_repository(&outcome);
    let (store, _) = session.finish()?;
    let mut report = outcome.result.map_err(anyhow::Error::msg)?.report;
    store.apply_triage(&mut report)?;
    Ok(report)
}

/// The repositories named on the command line, then those in `--repos-from`, each once, in
/// order (the order shards are dealt from).
fn listed_repositories(args: &GitArgs) -> anyhow::Result<Vec<String>> {
    let mut listed: Vec<String> = args.repos.clone();
    if let Some(file) = &args.repos_from {
        let mut text = String::new();
        if file.as_os_str() == "-" {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read the repository list from standard input")?;
        } else {
            text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the repository list {}", file.display()))?;
        }
        listed.extend(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::to_owned),
        );
    }
    if listed.is_empty() && args.repos_from.is_none() {
        listed.push(".".to_owned());
    }
    let mut seen = std::collections::HashSet::new();
    listed.retain(|name| seen.insert(name.clone()));
    Ok(listed)
}

/// `--clone-dir`, else `clones` beside the store, else in the default store's directory.
fn clone_dir(args: &GitArgs, store: Option<&Path>) -> PathBuf {
    if let Some(dir) = &args.clone_dir {
        return dir.clone();
    }
    let beside = store
        .map(Path::to_path_buf)
        .unwrap_or_else(Store::default_path);
    beside
        .parent()
        .map_or_else(|| PathBuf::from("clones"), |dir| dir.join("clones"))
}

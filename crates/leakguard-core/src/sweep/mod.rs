//! Sweeps: the histories of many repositories, one after another, in one report. A security team
//! lists its repositories (paths, or clone URLs kept as bare copies in a cache directory); a
//! repository that cannot be read is reported and the rest go on; a blob that forks and vendored
//! copies share is read once, through the memo every repository's scan consults.

mod fetch;

use std::path::PathBuf;

pub use fetch::FetchError;

use crate::git::{scan_git_with, GitScanHooks};
use crate::{
    Diagnostic, DiagnosticKind, Engine, GitScanOptions, GitScanReport, ScanConfig, ScanReport,
};

/// One repository of a sweep, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepTarget {
    /// The name findings carry: the path or URL exactly as listed.
    pub name: String,
    /// Where to read it.
    pub source: RepositorySource,
}

/// Where a listed repository is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepositorySource {
    /// A repository on this machine, read in place.
    Local(PathBuf),
    /// A clone URL (`https://`, `ssh://`, `git://`, `file://`, or `user@host:path`), cloned bare
    /// into the cache directory.
    Remote(String),
}

impl SweepTarget {
    /// A repository as a person lists it: a URL when it has a scheme (`https://…`) or the scp-like
    /// form `git@host:org/app.git`, a local path otherwise.
    pub fn parse(listed: &str) -> SweepTarget {
        let listed = listed.trim();
        let scp_like = listed
            .split_once(':')
            .is_some_and(|(host, _)| host.contains('@') && !host.contains('/'));
        let source = if listed.contains("://") || scp_like {
            RepositorySource::Remote(listed.to_owned())
        } else {
            RepositorySource::Local(PathBuf::from(listed))
        };
        SweepTarget {
            name: listed.to_owned(),
            source,
        }
    }
}

/// How to sweep.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// What to read of each history.
    pub git: GitScanOptions,
    /// Where clones of remote repositories are kept between sweeps.
    pub clone_dir: PathBuf,
}

/// What sweeping one repository gave.
#[derive(Debug)]
pub struct RepositoryOutcome {
    /// The repository as listed.
    pub name: String,
    /// Its scan, findings and diagnostics carrying its name; or why it could not be read at all.
    pub result: Result<GitScanReport, String>,
}

/// Sweeps `targets` in order, calling `on_repository` as each finishes (to persist it) and
/// returning everything in one report whose findings and diagnostics name their repository.
pub fn sweep(
    engine: &Engine,
    targets: &[SweepTarget],
    config: &ScanConfig,
    options: &SweepOptions,
    hooks: &GitScanHooks<'_>,
    on_repository: &mut dyn FnMut(&RepositoryOutcome),
) -> ScanReport {
    let started = std::time::Instant::now();
    if let Some(progress) = hooks.progress {
        progress.set_repositories(targets.len() as u64);
    }
    let mut report = ScanReport {
        scope: crate::ScanScope::History,
        ..ScanReport::default()
    };
    for target in targets {
        let outcome = RepositoryOutcome {
            name: target.name.clone(),
            result: sweep_one(engine, target, config, options, hooks),
        };
        on_repository(&outcome);
        if let Some(progress) = hooks.progress {
            progress.repository_done();
        }
        report.repositories.push(target.name.clone());
        match outcome.result {
            Ok(git) => report.absorb(git.report),
            Err(message) => report.diagnostics.push(Diagnostic {
                repository: Some(target.name.clone()),
                path: target.name.clone(),
                kind: DiagnosticKind::Unreadable { error: message },
            }),
        }
    }
    report.normalise();
    report.stats.elapsed = started.elapsed();
    report
}

/// One repository's scan, its findings and diagnostics named after it.
fn sweep_one(
    engine: &Engine,
    target: &SweepTarget,
    config: &ScanConfig,
    options: &SweepOptions,
    hooks: &GitScanHooks<'_>,
) -> Result<GitScanReport, String> {
    let path = match &target.source {
        RepositorySource::Local(path) => path.clone(),
        RepositorySource::Remote(url) => {
            fetch::local_copy(url, &options.clone_dir).map_err(|e| e.to_string())?
        }
    };
    let mut git =
        scan_git_with(engine, &path, config, &options.git, hooks).map_err(|e| e.to_string())?;
    let name = Some(target.name.clone());
    for finding in git
        .report
        .findings
        .iter_mut()
        .chain(git.report.suppressed.iter_mut())
    {
        finding.repository.clone_from(&name);
    }
    for diagnostic in &mut git.report.diagnostics {
        diagnostic.repository.clone_from(&name);
    }
    Ok(git)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_repositories_are_urls_or_paths() {
        for url in [
            "https://example.invalid/org/app.git",
            "file:///srv/git/app.git",
            "git@example.invalid:org/app.git",
            "ssh://git@example.invalid/org/app",
        ] {
            assert!(
                matches!(SweepTarget::parse(url).source, RepositorySource::Remote(_)),
                "{url}"
            );
        }
        for path in ["../app", "/srv/repos/app", "C:relative", "dir/with:colon"] {
            assert!(
                matches!(SweepTarget::parse(path).source, RepositorySource::Local(_)),
                "{path}"
            );
        }
        assert_eq!(SweepTarget::parse("  ./app \n").name, "./app");
    }
}

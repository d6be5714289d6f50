//! `leakguard-bench run-git`: measures `leakguard git` on any local repository against a floor,
//! `git cat-file` decompressing every object on one thread. No history scanner can avoid reading
//! every blob, so the ratio of the two says how much the scanner adds on top of the reading;
//! MB/s and blobs/s alone would mostly measure the repository.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

use crate::corpus::MB;
use crate::fakes::FakeKind;
use crate::git::{self, git};
use crate::git_manifest::{self, GitPlant};
use crate::measure::run_measured;
use crate::run::{binary_version, locate_binary, scan_once, Finding, ScanRun};

/// Options of `leakguard-bench run-git`.
#[derive(Debug)]
pub(crate) struct RunGitOptions {
    pub(crate) repo: PathBuf,
    pub(crate) bin: Option<PathBuf>,
    pub(crate) runs: usize,
    pub(crate) threads: Option<usize>,
}

/// What the object database holds, from `git cat-file --batch-all-objects --batch-check`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Facts {
    commits: u64,
    trees: u64,
    blobs: u64,
    tags: u64,
    blob_bytes: u64,
    all_bytes: u64,
}

/// Runs the benchmark on `options.repo` and prints the figures.
pub(crate) fn run_git(options: &RunGitOptions) -> Result<()> {
    let repo = options
        .repo
        .canonicalize()
        .with_context(|| format!("cannot open repository {}", options.repo.display()))?;
    let git_dir = git::git_dir(&repo)?;
    let bin = locate_binary(options.bin.as_deref())?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    say!("binary: {} ({})", bin.display(), binary_version(&bin)?);
    say!("repository: {} ({})", repo.display(), git::version()?);
    let facts = facts(&repo)?;
    print_facts(&facts, &repo)?;
    match options.threads {
        Some(n) => say!("threads: {n} for leakguard (machine: {cores} cores)"),
        None => say!("threads: leakguard's default (machine: {cores} cores)"),
    }

    let floor = measure_cat_file(&repo, options.runs, &facts)?;
    let temp = std::env::temp_dir();
    let pid = std::process::id();
    let report_path = temp.join(format!("leakguard-bench-{pid}-git-report.json"));
    let stderr_path = temp.join(format!("leakguard-bench-{pid}-git-stderr.txt"));
    let runs = measure_leakguard(options, &repo, &bin, &facts, &report_path, &stderr_path);
    for path in [&report_path, &stderr_path] {
        let _ = std::fs::remove_file(path);
    }
    let runs = runs?;
    let best = summarise(&runs, &facts, floor)?;

    let plants = git_manifest::read(&git_manifest::path(&git_dir))?;
    match plants {
        Some(plants) => print_recall(&plants, &best.report.findings),
        None => {
            say!("recall: no manifest of planted fakes (not made by generate-git)");
            Ok(())
        }
    }
}

/// Counts objects and bytes by type, reading git's listing as it streams (a large repository
/// lists millions of objects).
fn facts(repo: &Path) -> Result<Facts> {
    let what = "git cat-file --batch-all-objects --batch-check";
    let mut child = git(repo)
        .args([
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objecttype) %(objectsize)",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run `{what}`"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow!("`{what}` has no standard output"))?;
    let mut facts = Facts::default();
    let mut failure = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.with_context(|| format!("cannot read the output of `{what}`"))?;
        if let Err(e) = facts.add(&line) {
            failure.get_or_insert(e);
        }
    }
    let status = child
        .wait()
        .with_context(|| format!("cannot wait for `{what}`"))?;
    if !status.success() {
        bail!("`{what}` failed ({status})");
    }
    match failure {
        Some(e) => Err(e.context(format!("unexpected output from `{what}`"))),
        None => Ok(facts),
    }
}

impl Facts {
    /// Counts one `<type> <size>` line.
    fn add(&mut self, line: &str) -> Result<()> {
        let (kind, size) = line
            .split_once(' ')
            .ok_or_else(|| anyhow!("not `<type> <size>`: {line:?}"))?;
        let size: u64 = size.parse().map_err(|_| anyhow!("bad size in {line:?}"))?;
        self.all_bytes += size;
        match kind {
            "commit" => self.commits += 1,
            "tree" => self.trees += 1,
            "tag" => self.tags += 1,
            "blob" => {
                self.blobs += 1;
                self.blob_bytes += size;
            }
            other => bail!("unknown object type {other:?}"),
        }
        Ok(())
    }
}

fn print_facts(facts: &Facts, repo: &Path) -> Result<()> {
    let on_disk = git::output(
        git(repo).args(["count-objects", "-v"]),
        "git count-objects -v",
    )?;
    let kib = |name: &str| {
        on_disk
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    say!(
        "objects: {} commits, {} trees, {} blobs ({:.1} MB), {} annotated tags; {:.1} MB inflated in all, {:.1} MB on disk ({} loose)",
        crate::group(facts.commits),
        crate::group(facts.trees),
        crate::group(facts.blobs),
        facts.blob_bytes as f64 / MB,
        crate::group(facts.tags),
        facts.all_bytes as f64 / MB,
        (kib("size-pack:") + kib("size:")) as f64 * 1024.0 / MB,
        crate::group(kib("count:"))
    );
    Ok(())
}

/// The floor: `git cat-file --batch-all-objects --batch --unordered`, which inflates every object
/// (resolving deltas, in pack order) on one thread and writes it to /dev/null. Best of `runs`.
fn measure_cat_file(repo: &Path, runs: usize, facts: &Facts) -> Result<Duration> {
    let mut best: Option<Duration> = None;
    let mut peak = None;
    for _ in 0..runs {
        let mut command = git(repo);
        command
            .args(["cat-file", "--batch-all-objects", "--batch", "--unordered"])
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        let measured = run_measured(&mut command, "git cat-file --batch")?;
        if !measured.status.success() {
            bail!(
                "`git cat-file --batch-all-objects --batch` failed ({})",
                measured.status
            );
        }
        best = Some(best.map_or(measured.wall, |b| b.min(measured.wall)));
        peak = peak.max(measured.peak_kib);
    }
    let best = best.ok_or_else(|| anyhow!("--runs must be at least 1"))?;
    say!(
        "cat-file (inflate every object, one thread): best {:.2} s of {runs} ({:.0} MB/s of blob bytes), peak {} MiB",
        best.as_secs_f64(),
        facts.blob_bytes as f64 / MB / best.as_secs_f64().max(1e-9),
        mib(peak)
    );
    Ok(best)
}

/// `leakguard git REPO --format json -o FILE`, `runs` times. The report goes to a file rather
/// than /dev/null so that findings can be counted and matched; writing it is part of the work.
fn measure_leakguard(
    options: &RunGitOptions,
    repo: &Path,
    bin: &Path,
    facts: &Facts,
    report_path: &Path,
    stderr_path: &Path,
) -> Result<Vec<ScanRun>> {
    let mut runs = Vec::with_capacity(options.runs);
    for i in 1..=options.runs {
        let mut command = Command::new(bin);
        command
            .arg("git")
            .arg(repo)
            .args(["--format", "json", "-o"])
            .arg(report_path);
        if let Some(n) = options.threads {
            command.arg("-j").arg(n.to_string());
        }
        let run = scan_once(
            &mut command,
            report_path,
            stderr_path,
            repo,
            "leakguard git",
        )?;
        let wall = run.measured.wall.as_secs_f64().max(1e-9);
        say!(
            "run {i}: {:.2} s, {:.0} MB/s, {} blobs/s, peak {} MiB, {} findings",
            wall,
            facts.blob_bytes as f64 / MB / wall,
            crate::group((facts.blobs as f64 / wall) as u64),
            mib(run.measured.peak_kib),
            crate::group(run.report.findings.len() as u64)
        );
        runs.push(run);
    }
    Ok(runs)
}

/// Prints best, median, throughput, memory and the ratio to the floor; returns the best run.
fn summarise<'a>(runs: &'a [ScanRun], facts: &Facts, floor: Duration) -> Result<&'a ScanRun> {
    let best = runs
        .iter()
        .min_by_key(|r| r.measured.wall)
        .ok_or_else(|| anyhow!("no scan ran"))?;
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.measured.wall).collect();
    walls.sort();
    let median = walls[walls.len() / 2];
    let peak = runs.iter().filter_map(|r| r.measured.peak_kib).max();
    let secs = best.measured.wall.as_secs_f64().max(1e-9);
    say!(
        "best: {secs:.2} s ({:.0} MB/s, {} blobs/s), median {:.2} s, peak {} MiB (highest of {} runs)",
        facts.blob_bytes as f64 / MB / secs,
        crate::group((facts.blobs as f64 / secs) as u64),
        median.as_secs_f64(),
        mib(peak),
        runs.len()
    );
    say!(
        "ratio leakguard/cat-file: {:.2} (best against best)",
        secs / floor.as_secs_f64().max(1e-9)
    );
    let report = &best.report;
    say!(
        "scanned (leakguard's stats): {:.1} MB in {} blobs; {} binary blobs skipped; {} inputs incomplete",
        report.bytes_scanned as f64 / MB,
        crate::group(report.files_scanned),
        crate::group(report.skipped_binary),
        report.incomplete
    );
    for note in best.stderr.lines().filter(|l| !l.trim().is_empty()).take(5) {
        say!("leakguard said: {}", note.trim());
    }
    print_findings(&report.findings)?;
    let counts: Vec<usize> = runs.iter().map(|r| r.report.findings.len()).collect();
    if counts.iter().any(|&c| c != counts[0]) {
        say!("warning: finding counts differ between runs: {counts:?}");
    }
    Ok(best)
}

fn print_findings(findings: &[Finding]) -> Result<()> {
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *by_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = by_rule.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = ranked
        .iter()
        .take(8)
        .map(|(rule, n)| format!("{rule} {n}"))
        .collect();
    let commits: HashSet<&str> = findings.iter().map(|f| f.commit.as_str()).collect();
    say!(
        "findings: {} in {} commits ({})",
        crate::group(findings.len() as u64),
        crate::group(commits.len() as u64),
        shown.join(", ")
    );
    Ok(())
}

/// A fake counts as found when a finding has its path and start line; the commit is checked
/// apart, since reporting a blob at the commit that introduced it is the scanner's promise.
fn print_recall(plants: &[GitPlant], findings: &[Finding]) -> Result<()> {
    let mut at: HashMap<(&str, usize), Vec<&str>> = HashMap::new();
    for f in findings {
        at.entry((f.path.as_str(), f.start.0))
            .or_default()
            .push(f.commit.as_str());
    }
    let mut per_kind: BTreeMap<FakeKind, (usize, usize)> = BTreeMap::new();
    let (mut at_commit, mut removed, mut removed_found) = (0, 0, 0);
    let mut missed = Vec::new();
    for p in plants {
        let slot = per_kind.entry(p.kind).or_default();
        slot.0 += 1;
        removed += usize::from(p.removed_by.is_some());
        match at.get(&(p.path.as_str(), p.line)) {
            Some(commits) => {
                slot.1 += 1;
                removed_found += usize::from(p.removed_by.is_some());
                at_commit += usize::from(commits.contains(&p.commit.as_str()));
            }
            None => missed.push(p),
        }
    }
    let found = plants.len() - missed.len();
    let mut line = String::new();
    for (kind, (n, hit)) in &per_kind {
        let sep = if line.is_empty() { "" } else { ", " };
        let _ = write!(line, "{sep}{} {hit}/{n}", kind.name());
    }
    say!("recall on planted fakes: {found}/{} ({line})", plants.len());
    say!(
        "  reported at the commit that planted them: {at_commit}/{found}; deleted again later: {removed_found}/{removed} found"
    );
    if !missed.is_empty() {
        say!("missed (first 10 of {}):", missed.len());
        for p in missed.iter().take(10) {
            say!(
                "  {} {}:{}:{}  {}",
                &p.commit[..p.commit.len().min(12)],
                p.path,
                p.line,
                p.column,
                p.kind.name()
            );
        }
    }
    Ok(())
}

/// KiB as whole MiB, or `?` when memory could not be sampled.
fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "?".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_count_objects_by_type() {
        let mut facts = Facts::default();
        for line in ["commit 250", "tree 90", "blob 1000", "blob 24", "tag 140"] {
            facts.add(line).expect("a valid line");
        }
        assert_eq!(
            facts,
            Facts {
                commits: 1,
                trees: 1,
                blobs: 2,
                tags: 1,
                blob_bytes: 1024,
                all_bytes: 1504,
            }
        );
        assert!(facts.add("blob x").is_err());
        assert!(facts.add("note 3").is_err());
    }
}

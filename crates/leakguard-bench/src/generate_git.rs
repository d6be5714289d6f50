//! `leakguard-bench generate-git`: builds a repository with a long generated history (see
//! [`crate::history`]) through `git fast-import`, packs it as a clone would be, checks `main`
//! out, and lists the planted fakes in the git directory.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};

use crate::corpus::MB;
use crate::fakes::FakeKind;
use crate::fast_import::{Importer, Mark};
use crate::git::{self, git};
use crate::git_manifest::{self, GitPlant};
use crate::history::{History, HistoryOptions, PlantRecord, Summary};

/// Where fast-import leaves the mark-to-commit table; deleted once the manifest is written.
const MARKS: &str = "leakguard-bench-marks";

/// Generates the repository in `dir`, which must be empty or absent.
pub(crate) fn generate_git(dir: &Path, options: &HistoryOptions) -> Result<()> {
    ensure_empty(dir)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    git::output(
        git(dir).args(["init", "--quiet", "--initial-branch=main"]),
        "git init",
    )?;
    let git_dir = git::git_dir(dir)?;
    let marks_path = git_dir.join(MARKS);

    let started = Instant::now();
    let mut importer = Importer::start(dir, &marks_path)?;
    let summary = match History::new(options).write(&mut importer.stream) {
        Ok(summary) => summary,
        Err(error) => {
            importer.abandon();
            return Err(error.context("cannot write the fast-import stream"));
        }
    };
    importer.finish()?;
    let imported = started.elapsed();

    let marks = read_marks(&marks_path)?;
    let plants = resolve(&summary.plants, &marks)?;
    let manifest_path = git_manifest::path(&git_dir);
    std::fs::write(&manifest_path, git_manifest::render(&plants))
        .with_context(|| format!("cannot write {}", manifest_path.display()))?;
    std::fs::remove_file(&marks_path)
        .with_context(|| format!("cannot remove {}", marks_path.display()))?;

    // fast-import writes one pack with few deltas; a clone's pack is delta-compressed.
    let started = Instant::now();
    git::output(
        git(dir).args(["repack", "-a", "-d", "-f", "-q"]),
        "git repack -adfq",
    )?;
    let repacked = started.elapsed();
    let started = Instant::now();
    git::output(
        git(dir).args(["reset", "--quiet", "--hard"]),
        "git reset --hard",
    )?;
    let checked_out = started.elapsed();

    print_summary(&summary, &plants, dir)?;
    say!(
        "times: fast-import {:.1} s, repack {:.1} s, checkout {:.1} s; pack: {}",
        imported.as_secs_f64(),
        repacked.as_secs_f64(),
        checked_out.as_secs_f64(),
        pack_size(dir)?
    );
    say!(
        "planted fakes listed in {} (outside the tree)",
        manifest_path.display()
    );
    Ok(())
}

fn ensure_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?;
    if entries.next().is_some() {
        bail!(
            "{} is not empty: remove it or choose another directory (generate-git never overwrites)",
            dir.display()
        );
    }
    Ok(())
}

/// fast-import's `--export-marks` file: `:<mark> <object id>` per line.
fn read_marks(path: &Path) -> Result<HashMap<Mark, String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read fast-import's marks {}", path.display()))?;
    let mut marks = HashMap::new();
    for line in text.lines() {
        let parsed = line
            .strip_prefix(':')
            .and_then(|rest| rest.split_once(' '))
            .and_then(|(mark, id)| Some((mark.parse::<Mark>().ok()?, id.to_owned())));
        let (mark, id) =
            parsed.ok_or_else(|| anyhow!("{}: not a mark line: {line:?}", path.display()))?;
        marks.insert(mark, id);
    }
    Ok(marks)
}

/// The manifest rows for `plants`, with marks replaced by commit ids, sorted by commit date
/// order (the order they were planted in).
fn resolve(plants: &[PlantRecord], marks: &HashMap<Mark, String>) -> Result<Vec<GitPlant>> {
    let id = |mark: Mark| {
        marks
            .get(&mark)
            .cloned()
            .ok_or_else(|| anyhow!("fast-import reported no commit for mark :{mark}"))
    };
    plants
        .iter()
        .map(|p| {
            Ok(GitPlant {
                commit: id(p.commit)?,
                path: p.path.clone(),
                kind: p.planted.kind,
                line: p.planted.line,
                column: p.planted.column,
                end_line: p.planted.end_line,
                end_column: p.planted.end_column,
                removed_by: p.removed_by.map(id).transpose()?,
            })
        })
        .collect()
}

fn print_summary(summary: &Summary, plants: &[GitPlant], dir: &Path) -> Result<()> {
    say!(
        "wrote {} commits to {}: {} merges, {} unmerged branches, {} tags, {} renames, {} deletions",
        crate::group(summary.commits as u64),
        dir.display(),
        summary.merges,
        summary.unmerged_branches,
        summary.tags,
        summary.renames,
        summary.deletions
    );
    say!(
        "files: {} at HEAD; {} file versions written ({:.1} MB)",
        crate::group(summary.files_at_head as u64),
        crate::group(summary.versions as u64),
        summary.version_bytes as f64 / MB
    );
    let mut by_kind = String::new();
    for kind in FakeKind::ALL {
        let n = plants.iter().filter(|p| p.kind == kind).count();
        let _ = write!(
            by_kind,
            "{}{} {n}",
            if by_kind.is_empty() { "" } else { ", " },
            kind.name()
        );
    }
    let removed = plants.iter().filter(|p| p.removed_by.is_some()).count();
    say!(
        "planted {} fakes ({by_kind}); {removed} deleted again by a later commit, {} only on unmerged branches",
        plants.len(),
        summary.branch_only_plants
    );
    Ok(())
}

/// The packed size on disk, as `git count-objects -v` reports it.
fn pack_size(dir: &Path) -> Result<String> {
    let text = git::output(
        git(dir).args(["count-objects", "-v"]),
        "git count-objects -v",
    )?;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok(format!(
        "{} pack(s), {:.1} MB; {} loose objects",
        field("packs:"),
        field("size-pack:") as f64 * 1024.0 / MB,
        field("count:")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Removes the test repository however the test ends.
    struct TempDir(std::path::PathBuf);

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn every_commit_is_imported_and_every_fake_is_where_the_manifest_says() {
        let dir = TempDir(std::env::temp_dir().join(format!(
            "leakguard-bench-generate-git-{}",
            std::process::id()
        )));
        let options = HistoryOptions {
            commits: 300,
            files: 80,
            seed: 3,
        };
        generate_git(&dir.0, &options).expect("generates");
        let count = git::output(
            git(&dir.0).args(["rev-list", "--all", "--count"]),
            "git rev-list",
        )
        .expect("git answers");
        assert_eq!(count.trim(), "300");
        let git_dir = git::git_dir(&dir.0).expect("a repository");
        let plants = git_manifest::read(&git_manifest::path(&git_dir))
            .expect("readable")
            .expect("written");
        assert!(plants.len() >= 100, "{}", plants.len());
        for p in &plants {
            let spec = format!("{}:{}", p.commit, p.path);
            let text = git::output(git(&dir.0).args(["show", &spec]), "git show")
                .expect("the planting commit has the file");
            let line = text.lines().nth(p.line - 1).expect("the line exists");
            let value = &line[p.column - 1..];
            let prefix = match p.kind {
                FakeKind::Github => "ghp_",
                FakeKind::Aws => "AKIA",
                FakeKind::Slack => "xoxb-",
                FakeKind::Stripe => "sk_live_",
                FakeKind::PrivateKey => "-----BEGIN ",
                FakeKind::Jwt => "eyJ",
                FakeKind::Postgres => "postgres://",
                FakeKind::Password => "",
            };
            assert!(value.starts_with(prefix), "{spec}:{}: {line}", p.line);
        }
    }
}

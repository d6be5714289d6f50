//! The list of fakes planted in a generated git history. It lives in the repository's git
//! directory, not in its tree: a file in the tree would itself be history for a scanner to read,
//! and a clone leaves it behind, so a clone is benchmarked as a repository of unknown content.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

use crate::fakes::FakeKind;

/// File name of the manifest inside the git directory.
pub(crate) const GIT_MANIFEST: &str = "leakguard-bench-manifest.tsv";
/// First line of the manifest.
const HEADER: &str = "commit\tpath\tkind\tline\tcolumn\tend_line\tend_column\tremoved_by";

/// One planted fake: where the commit that planted it put it. Lines and columns are 1-based; the
/// end column is exclusive; the span is the credential itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GitPlant {
    /// The commit that added the fake (full object id).
    pub(crate) commit: String,
    /// The file's path in that commit.
    pub(crate) path: String,
    pub(crate) kind: FakeKind,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
    /// The later commit that deleted it again, if one did on purpose (the fake still sits in
    /// every commit between, which is the point of scanning history).
    pub(crate) removed_by: Option<String>,
}

/// Where the manifest of the repository whose git directory is `git_dir` lives.
pub(crate) fn path(git_dir: &Path) -> PathBuf {
    git_dir.join(GIT_MANIFEST)
}

/// The manifest text for `plants`, in the order given.
pub(crate) fn render(plants: &[GitPlant]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for p in plants {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.commit,
            p.path,
            p.kind.name(),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            p.removed_by.as_deref().unwrap_or("-")
        );
    }
    out
}

/// Reads the manifest at `path`, or `None` if there is none (a clone, a real repository).
pub(crate) fn read(path: &Path) -> Result<Option<Vec<GitPlant>>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let plants = parse(&text).with_context(|| format!("in {}", path.display()))?;
    Ok(Some(plants))
}

fn parse(text: &str) -> Result<Vec<GitPlant>> {
    let mut plants = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line == HEADER {
            continue;
        }
        let bad = || anyhow!("line {}: not a manifest row: {line:?}", n + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        let [commit, path, kind, l, c, el, ec, removed] = fields[..] else {
            return Err(bad());
        };
        let number = |f: &str| f.parse::<usize>().map_err(|_| bad());
        plants.push(GitPlant {
            commit: commit.to_owned(),
            path: path.to_owned(),
            kind: FakeKind::from_name(kind).ok_or_else(bad)?,
            line: number(l)?,
            column: number(c)?,
            end_line: number(el)?,
            end_column: number(ec)?,
            removed_by: (removed != "-").then(|| removed.to_owned()),
        });
    }
    Ok(plants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_survive_a_round_trip() {
        let plants = vec![
            GitPlant {
                commit: "a".repeat(40),
                path: "app/models/user.rb".into(),
                kind: FakeKind::Github,
                line: 12,
                column: 20,
                end_line: 12,
                end_column: 60,
                removed_by: None,
            },
            GitPlant {
                commit: "b".repeat(40),
                path: "config/certs/deploy.pem".into(),
                kind: FakeKind::PrivateKey,
                line: 1,
                column: 1,
                end_line: 28,
                end_column: 32,
                removed_by: Some("c".repeat(40)),
            },
        ];
        assert_eq!(parse(&render(&plants)).expect("parses"), plants);
        assert!(parse("x\ty\n").is_err());
    }
}

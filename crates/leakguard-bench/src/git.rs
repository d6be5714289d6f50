//! Running the `git` command line. The generator and the benchmark both go through the git the
//! machine has, as a user would, rather than a library: the figures then compare leakguard with
//! the tool people already trust to read their repositories.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

/// `git -C repo`.
pub(crate) fn git(repo: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(repo);
    command
}

/// Runs `command` to completion and returns its standard output; a failure names `what` and
/// carries git's own message.
pub(crate) fn output(command: &mut Command, what: &str) -> Result<String> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run `{what}` (is git installed?)"))?;
    if !out.status.success() {
        bail!(
            "`{what}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The repository's git directory (`.git` of a work tree, or the repository itself if bare), as
/// an absolute path.
pub(crate) fn git_dir(repo: &Path) -> Result<PathBuf> {
    let text = output(
        git(repo).args(["rev-parse", "--absolute-git-dir"]),
        "git rev-parse --absolute-git-dir",
    )
    .with_context(|| format!("{} is not a git repository", repo.display()))?;
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// The installed git's version line, for the report (`git version 2.47.3`).
pub(crate) fn version() -> Result<String> {
    let text = output(Command::new("git").arg("--version"), "git --version")?;
    Ok(text.trim().to_owned())
}

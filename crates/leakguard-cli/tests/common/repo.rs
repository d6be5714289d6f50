//! Real git repositories for the tests, built with the git CLI under a fixed identity and dates.

use std::path::Path;
use std::process::Command;

pub fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, None)
}

/// Runs git with a fixed identity and, when given, a fixed author and committer date, so history
/// order does not depend on how fast the test runs.
pub fn git_at(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ada Tester")
        .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
        .env("GIT_COMMITTER_NAME", "Ada Tester")
        .env("GIT_COMMITTER_EMAIL", "ada@example.invalid");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Commits everything in the work tree on day `day` of January 2024.
pub fn commit(dir: &Path, message: &str, day: u32) -> String {
    git(dir, &["add", "-A"]);
    let date = format!("2024-01-{day:02}T12:00:00Z");
    git_at(
        dir,
        &["commit", "-q", "--allow-empty", "-m", message],
        Some(&date),
    );
    git(dir, &["rev-parse", "HEAD"])
}

pub fn init() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

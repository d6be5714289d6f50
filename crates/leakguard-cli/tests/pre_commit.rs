//! The pre-commit hook in a real repository: `git commit` is refused when the staged lines add a
//! planted fake, and goes through when they do not.

mod common;

use std::fs;
use std::process::Command;

use common::repo::{git, init};
use common::{workspace_root, Fake};

#[test]
fn the_hook_blocks_a_commit_adding_a_key_and_passes_a_clean_one() {
    let repo = init();
    let dir = repo.path();
    let hook = dir.join(".git/hooks/pre-commit");
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec \"{}\" git --staged\n",
            env!("CARGO_BIN_EXE_leakguard")
        ),
    )
    .expect("write hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let try_commit = |message: &str| {
        Command::new("git")
            .args(["commit", "-q", "-m", message])
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "Ada Tester")
            .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
            .env("GIT_COMMITTER_NAME", "Ada Tester")
            .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
            .output()
            .expect("git runs")
    };

    fs::write(dir.join("README.md"), "clean\n").expect("write");
    git(dir, &["add", "README.md"]);
    let clean = try_commit("clean first commit");
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );

    fs::write(
        dir.join("deploy.sh"),
        format!("export GITHUB_TOKEN={}\n", Fake::new(1200).github_token()),
    )
    .expect("write");
    git(dir, &["add", "deploy.sh"]);
    let blocked = try_commit("add deploy script");
    assert!(!blocked.status.success(), "the commit must be refused");
    let told = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(told.contains("deploy.sh"), "{told}");
    assert!(
        told.contains("leakguard:allow"),
        "says how to allow a false positive: {told}"
    );
    assert_eq!(git(dir, &["rev-list", "--count", "HEAD"]), "1");
}

#[test]
fn the_pre_commit_framework_hook_runs_the_staged_scan() {
    let text = fs::read_to_string(workspace_root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let hooks: serde_json::Value = serde_saphyr::from_str(&text).expect("YAML");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "leakguard");
    assert_eq!(hook["entry"], "leakguard git --staged");
    assert_eq!(hook["pass_filenames"], false);
}

//! `leakguard git --staged` on real repositories: only the lines the index adds to HEAD, for a
//! pre-commit hook, including the first commit of a repository.

mod common;

use std::fs;
use std::path::Path;

use common::repo::{commit, git, init};
use common::{code, github_findings, json, leakguard_in, stderr, write, Fake};

fn staged(dir: &Path) -> (i32, Vec<serde_json::Value>) {
    let out = leakguard_in(dir, &["git", ".", "--staged", "--format", "json"], b"");
    (code(&out), github_findings(&json(&out)))
}

#[test]
fn the_first_commit_has_every_staged_line_added() {
    let repo = init();
    let dir = repo.path();
    write(
        dir,
        "app.js",
        format!("const k = \"{}\";\n", Fake::new(60).github_token()),
    );
    write(
        dir,
        "unstaged.js",
        format!("const u = \"{}\";\n", Fake::new(61).github_token()),
    );
    git(dir, &["add", "app.js"]);

    let (status, findings) = staged(dir);
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 1, "only the staged file: {findings:#?}");
    assert_eq!(findings[0]["origin"]["kind"], "staged");
    assert_eq!(findings[0]["origin"]["path"], "app.js");
    assert_eq!(findings[0]["classification"], "introduced");
}

#[test]
fn only_lines_the_index_adds_are_reported() {
    let repo = init();
    let dir = repo.path();
    let old = Fake::new(70).github_token();
    write(
        dir,
        "app.js",
        format!("function f() {{\nconst old = \"{old}\";\n}}\n"),
    );
    let kept = Fake::new(71).github_token();
    fs::create_dir(dir.join("lib")).expect("mkdir");
    write(
        dir,
        "lib/keys.js",
        format!("export const k = \"{kept}\";\n"),
    );
    write(dir, "lib/other.js", "export {};\n");
    commit(dir, "base", 1);
    let (status, findings) = staged(dir);
    assert_eq!(
        (status, findings.len()),
        (0, 0),
        "nothing staged after a commit"
    );

    // Re-indent the old key, add a new one, rename a file holding a key, and leave a third key
    // in the work tree without staging it.
    let new = Fake::new(72).github_token();
    write(
        dir,
        "app.js",
        format!("function f() {{\n    const old = \"{old}\";\n    const new = \"{new}\";\n}}\n"),
    );
    git(dir, &["add", "app.js"]);
    git(dir, &["mv", "lib/keys.js", "lib/moved.js"]);
    write(
        dir,
        "lib/other.js",
        format!("export const o = \"{}\";\n", Fake::new(73).github_token()),
    );

    let (status, findings) = staged(dir);
    assert_eq!(status, 1);
    let rows: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["origin"]["path"].as_str().unwrap_or_default().to_owned(),
                f["location"]["start_line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(rows, vec![("app.js".to_owned(), 3)], "{findings:#?}");
}

#[test]
fn a_bare_repository_has_nothing_staged_and_says_so() {
    let repo = init();
    let dir = repo.path();
    write(dir, "a.txt", "a\n");
    commit(dir, "base", 1);
    let bare = tempfile::tempdir().expect("tempdir");
    let bare_path = bare.path().join("bare.git");
    git(
        dir,
        &[
            "clone",
            "-q",
            "--bare",
            ".",
            bare_path.to_str().expect("utf-8 path"),
        ],
    );
    let out = leakguard_in(&bare_path, &["git", ".", "--staged"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no index"), "{}", stderr(&out));
}

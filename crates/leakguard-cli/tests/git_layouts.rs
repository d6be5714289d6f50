//! `leakguard git` on the repository layouts people actually have: linked worktrees, submodules,
//! alternates (`git clone --shared`), several packs under a multi-pack-index, and a loose object
//! that no longer inflates.

mod common;

use std::fs;
use std::path::Path;

use common::repo::{commit, git, init};
use common::{code, github_findings, json, leakguard_in, stderr, Fake};

/// Runs a history scan of `dir` and returns its exit code, GitHub findings and stderr.
fn scan(dir: &Path) -> (i32, Vec<serde_json::Value>, String) {
    let out = leakguard_in(dir, &["git", ".", "--format", "json"], b"");
    (code(&out), github_findings(&json(&out)), stderr(&out))
}

fn paths(findings: &[serde_json::Value]) -> Vec<String> {
    let mut paths: Vec<String> = findings
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    paths.sort();
    paths
}

fn write_secret(dir: &Path, path: &str, seed: u64) {
    let file = dir.join(path);
    if let Some(parent) = file.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(
        file,
        format!("t = \"{}\"\n", Fake::new(seed).github_token()),
    )
    .expect("write");
}

#[test]
fn a_linked_worktree_scans_the_whole_repository() {
    let repo = init();
    let dir = repo.path();
    write_secret(dir, "main.txt", 300);
    commit(dir, "main", 1);
    let holder = tempfile::tempdir().expect("tempdir");
    let worktree = holder.path().join("wt");
    let worktree_arg = worktree.to_str().expect("utf-8 path");
    git(dir, &["worktree", "add", "-q", "-b", "side", worktree_arg]);
    write_secret(&worktree, "side.txt", 301);
    commit(&worktree, "side", 2);

    let (status, findings, err) = scan(&worktree);
    assert_eq!(status, 1, "{err}");
    assert_eq!(paths(&findings), vec!["main.txt", "side.txt"]);
}

#[test]
fn submodule_commits_are_not_followed() {
    let inner = init();
    write_secret(inner.path(), "inner.txt", 310);
    commit(inner.path(), "inner", 1);
    let outer = init();
    let dir = outer.path();
    write_secret(dir, "outer.txt", 311);
    let inner_path = inner.path().to_str().expect("utf-8 path");
    git(
        dir,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            inner_path,
            "vendor/inner",
        ],
    );
    commit(dir, "with submodule", 2);

    let (status, findings, err) = scan(dir);
    assert_eq!(status, 1, "{err}");
    assert_eq!(paths(&findings), vec!["outer.txt"], "{err}");
    assert!(
        !err.contains("error"),
        "a gitlink is not a missing object: {err}"
    );
}

#[test]
fn objects_borrowed_through_alternates_are_read() {
    let source = init();
    write_secret(source.path(), "shared.txt", 320);
    commit(source.path(), "shared", 1);
    let holder = tempfile::tempdir().expect("tempdir");
    let clone = holder.path().join("clone");
    let clone_arg = clone.to_str().expect("utf-8 path");
    git(source.path(), &["clone", "-q", "--shared", ".", clone_arg]);
    assert!(clone.join(".git/objects/info/alternates").exists());
    write_secret(&clone, "own.txt", 321);
    commit(&clone, "own", 2);

    let (status, findings, err) = scan(&clone);
    assert_eq!(status, 1, "{err}");
    assert_eq!(paths(&findings), vec!["own.txt", "shared.txt"]);
}

#[test]
fn several_packs_behind_a_multi_pack_index_are_read() {
    let repo = init();
    let dir = repo.path();
    for (day, seed) in [(1, 330), (2, 331), (3, 332)] {
        write_secret(dir, &format!("file{day}.txt"), seed);
        commit(dir, "more", day);
        // One new pack per commit: `repack` without -a packs only loose objects.
        git(dir, &["repack", "-q", "-d"]);
    }
    git(dir, &["multi-pack-index", "write"]);
    assert!(dir.join(".git/objects/pack/multi-pack-index").exists());
    let packs = fs::read_dir(dir.join(".git/objects/pack"))
        .expect("pack dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "pack"))
        })
        .count();
    assert!(packs >= 3, "{packs} packs");

    let (status, findings, err) = scan(dir);
    assert_eq!(status, 1, "{err}");
    assert_eq!(
        paths(&findings),
        vec!["file1.txt", "file2.txt", "file3.txt"]
    );
}

#[test]
fn a_loose_object_that_does_not_inflate_is_reported_and_the_rest_scanned() {
    let repo = init();
    let dir = repo.path();
    fs::write(dir.join("broken.txt"), "this blob will be corrupted\n").expect("write");
    write_secret(dir, "kept.txt", 340);
    commit(dir, "one", 1);
    let broken = git(dir, &["rev-parse", "HEAD:broken.txt"]);
    let object = dir
        .join(".git/objects")
        .join(&broken[..2])
        .join(&broken[2..]);
    let mut permissions = fs::metadata(&object).expect("stat").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    fs::set_permissions(&object, permissions).expect("chmod");
    fs::write(&object, b"\x78\x9cthis is not a zlib stream").expect("corrupt");

    let out = leakguard_in(dir, &["git", ".", "--format", "json"], b"");
    assert!(stderr(&out).contains(&broken), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["incomplete"], true);
    assert_eq!(paths(&github_findings(&report)), vec!["kept.txt"]);
    assert_eq!(code(&out), 1);
}

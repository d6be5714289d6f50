//! `leakguard git` on real repositories built with the git CLI: every blob once, at the commit
//! that introduced it, whatever ref reaches it; dangling blobs with `--all-objects`; corrupt
//! objects reported while the rest is scanned.

mod common;

use std::fs;
use std::path::Path;

use common::repo::{commit, git, init};
use common::{code, github_findings, json, leakguard_in, sarif_schema_validator, stderr, Fake};

/// Runs `leakguard git` on `dir` and returns its exit code and GitHub-rule findings.
fn scan_history(dir: &Path, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec!["git", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = leakguard_in(dir, &args, b"");
    (code(&out), github_findings(&json(&out)))
}

#[test]
fn secret_added_then_removed_is_reported_at_its_introducing_commit() {
    let repo = init();
    let dir = repo.path();
    fs::write(dir.join("README.md"), "hello\n").expect("write");
    commit(dir, "first", 1);
    fs::write(
        dir.join("config.js"),
        format!("// cfg\nconst t = \"{}\";\n", Fake::new(200).github_token()),
    )
    .expect("write");
    let introducing = commit(dir, "add config", 2);
    fs::remove_file(dir.join("config.js")).expect("rm");
    commit(dir, "remove config", 3);

    let (status, found) = scan_history(dir, &[]);
    assert_eq!(status, 1);
    assert_eq!(found.len(), 1);
    let origin = &found[0]["origin"];
    assert_eq!(origin["kind"], "git");
    assert_eq!(origin["commit"], introducing.as_str());
    assert_eq!(origin["path"], "config.js");
    assert_eq!(origin["author"], "Ada Tester <ada@example.invalid>");
    assert_eq!(origin["time"], 1_704_196_800);
    assert_eq!(found[0]["location"]["start_line"], 2);
}

#[test]
fn a_blob_in_many_commits_and_paths_is_reported_once_where_it_first_appeared() {
    let repo = init();
    let dir = repo.path();
    let contents = format!("t={}\n", Fake::new(201).github_token());
    fs::write(dir.join("old.env"), &contents).expect("write");
    let first = commit(dir, "add", 1);
    git(dir, &["mv", "old.env", "new.env"]);
    let renamed = commit(dir, "rename", 2);
    fs::create_dir_all(dir.join("copy")).expect("mkdir");
    fs::write(dir.join("copy/again.env"), &contents).expect("write");
    let copied = commit(dir, "copy", 3);
    fs::write(dir.join("README.md"), "unrelated\n").expect("write");
    commit(dir, "unrelated", 4);

    let (_, found) = scan_history(dir, &[]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["origin"]["commit"], first.as_str());
    assert_eq!(found[0]["origin"]["path"], "old.env");
    // The other places the same blob entered history, oldest first; commits that merely keep
    // it are not occurrences.
    assert_eq!(
        found[0]["other_occurrences"],
        serde_json::json!([
            { "commit": renamed, "path": "new.env" },
            { "commit": copied, "path": "copy/again.env" },
        ])
    );
}

#[test]
fn branch_only_tag_only_and_merged_history_are_all_scanned() {
    let repo = init();
    let dir = repo.path();
    let mut fake = Fake::new(202);
    fs::write(dir.join("a.txt"), "base\n").expect("write");
    commit(dir, "base", 1);

    git(dir, &["checkout", "-q", "-b", "feature"]);
    fs::write(
        dir.join("feature.txt"),
        format!("t={}\n", fake.github_token()),
    )
    .expect("write");
    commit(dir, "feature work", 2);
    git(dir, &["checkout", "-q", "main"]);

    git(dir, &["checkout", "-q", "-b", "tagged"]);
    fs::write(
        dir.join("tagged.txt"),
        format!("t={}\n", fake.github_token()),
    )
    .expect("write");
    commit(dir, "tagged work", 3);
    git(dir, &["tag", "-a", "v1", "-m", "release"]);
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["branch", "-q", "-D", "tagged"]);

    git(dir, &["checkout", "-q", "-b", "side"]);
    fs::write(dir.join("side.txt"), format!("t={}\n", fake.github_token())).expect("write");
    commit(dir, "side work", 4);
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    git(dir, &["branch", "-q", "-D", "side"]);

    let (_, found) = scan_history(dir, &[]);
    let mut paths: Vec<&str> = found
        .iter()
        .filter_map(|f| f["origin"]["path"].as_str())
        .collect();
    paths.sort_unstable();
    assert_eq!(paths, ["feature.txt", "side.txt", "tagged.txt"]);
}

#[test]
fn bare_and_packed_repositories_give_the_same_findings() {
    let repo = init();
    let dir = repo.path();
    fs::write(
        dir.join("k.txt"),
        format!("t={}\n", Fake::new(203).github_token()),
    )
    .expect("write");
    commit(dir, "one", 1);
    fs::write(dir.join("other.txt"), "x\n").expect("write");
    commit(dir, "two", 2);
    let (_, loose) = scan_history(dir, &[]);
    git(dir, &["gc", "-q"]);
    let (_, packed) = scan_history(dir, &[]);
    assert_eq!(loose, packed);

    let bare = tempfile::tempdir().expect("tempdir");
    let bare_path = bare.path().join("repo.git");
    git(
        bare.path(),
        &[
            "clone",
            "-q",
            "--bare",
            dir.to_str().expect("utf-8 path"),
            "repo.git",
        ],
    );
    let (_, from_bare) = scan_history(&bare_path, &[]);
    assert_eq!(from_bare.len(), 1);
    assert_eq!(
        from_bare[0]["origin"]["commit"],
        loose[0]["origin"]["commit"]
    );
}

#[test]
fn dangling_blobs_are_scanned_only_with_all_objects() {
    let repo = init();
    let dir = repo.path();
    fs::write(dir.join("a.txt"), "clean\n").expect("write");
    commit(dir, "clean", 1);
    fs::write(
        dir.join("stray.txt"),
        format!("t={}\n", Fake::new(204).github_token()),
    )
    .expect("write");
    let blob = git(dir, &["hash-object", "-w", "stray.txt"]);
    fs::remove_file(dir.join("stray.txt")).expect("rm");

    let (status, found) = scan_history(dir, &[]);
    assert_eq!((status, found.len()), (0, 0));
    let (status, found) = scan_history(dir, &["--all-objects"]);
    assert_eq!(status, 1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["origin"]["blob"], blob.as_str());
    assert_eq!(found[0]["origin"]["commit"], "");
}

#[test]
fn a_missing_object_is_reported_by_id_and_the_rest_is_scanned() {
    let repo = init();
    let dir = repo.path();
    fs::write(dir.join("doomed.txt"), "this blob will be deleted\n").expect("write");
    fs::write(
        dir.join("kept.txt"),
        format!("t={}\n", Fake::new(205).github_token()),
    )
    .expect("write");
    commit(dir, "one", 1);
    let doomed = git(dir, &["rev-parse", "HEAD:doomed.txt"]);
    fs::remove_file(
        dir.join(".git/objects")
            .join(&doomed[..2])
            .join(&doomed[2..]),
    )
    .expect("remove loose object");

    let out = leakguard_in(dir, &["git", ".", "--format", "json"], b"");
    assert!(
        stderr(&out).contains(&doomed),
        "the missing blob is named: {}",
        stderr(&out)
    );
    let report = json(&out);
    assert_eq!(report["incomplete"], true);
    assert_eq!(
        code(&out),
        1,
        "the finding in the readable blob still fails the run"
    );
    let clean_dir = init();
    fs::write(clean_dir.path().join("doomed.txt"), "only this\n").expect("write");
    commit(clean_dir.path(), "one", 1);
    let id = git(clean_dir.path(), &["rev-parse", "HEAD:doomed.txt"]);
    fs::remove_file(
        clean_dir
            .path()
            .join(".git/objects")
            .join(&id[..2])
            .join(&id[2..]),
    )
    .expect("rm");
    assert_eq!(
        code(&leakguard_in(clean_dir.path(), &["git", "."], b"")),
        3,
        "incomplete, never clean"
    );
}

#[test]
fn not_a_repository_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = leakguard_in(dir.path(), &["git", "."], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot open git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sarif_for_history_points_at_the_introducing_path_and_names_the_commit() {
    let repo = init();
    let dir = repo.path();
    fs::write(
        dir.join("gone.txt"),
        format!("t={}\n", Fake::new(206).github_token()),
    )
    .expect("write");
    let introducing = commit(dir, "add", 1);
    fs::remove_file(dir.join("gone.txt")).expect("rm");
    commit(dir, "remove", 2);
    let out = leakguard_in(dir, &["git", ".", "--format", "sarif"], b"");
    let sarif = json(&out);
    assert!(
        sarif_schema_validator().is_valid(&sarif),
        "history SARIF validates against the schema"
    );
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| {
            r["ruleId"]
                .as_str()
                .is_some_and(|id| id.starts_with("github."))
        })
        .expect("a GitHub finding")
        .clone();
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "gone.txt"
    );
    assert_eq!(result["properties"]["commit"], introducing.as_str());
    assert!(result["message"]["text"]
        .as_str()
        .is_some_and(|m| m.contains(&introducing)));
}

#[test]
fn a_shallow_clone_is_scanned_as_far_as_it_goes_and_says_so() {
    let repo = init();
    let dir = repo.path();
    let mut fake = Fake::new(207);
    fs::write(dir.join("old.txt"), format!("t={}\n", fake.github_token())).expect("write");
    commit(dir, "old", 1);
    fs::remove_file(dir.join("old.txt")).expect("rm");
    fs::write(dir.join("new.txt"), format!("t={}\n", fake.github_token())).expect("write");
    commit(dir, "new", 2);

    let clones = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", dir.display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");
    let out = leakguard_in(&shallow, &["git", ".", "--format", "json"], b"");
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));
    let report = json(&out);
    let found = github_findings(&report);
    let paths: Vec<&str> = found
        .iter()
        .filter_map(|f| f["origin"]["path"].as_str())
        .collect();
    assert_eq!(paths, ["new.txt"], "only what the shallow clone holds");
    assert_eq!(
        report["incomplete"], false,
        "a shallow boundary is expected, not an error"
    );
    assert_eq!(code(&out), 1);
}

#[test]
fn a_key_kept_while_its_file_is_edited_is_one_finding_with_its_versions_as_occurrences() {
    let repo = init();
    let dir = repo.path();
    let token = Fake::new(230).github_token();
    let mut commits = Vec::new();
    for version in 1..=3 {
        fs::write(
            dir.join("config.js"),
            format!("const version = {version};\nconst t = \"{token}\";\n"),
        )
        .expect("write");
        commits.push(commit(dir, &format!("version {version}"), version));
    }

    let (_, found) = scan_history(dir, &[]);
    assert_eq!(found.len(), 1, "three blobs, one secret: {found:#?}");
    assert_eq!(found[0]["origin"]["commit"], commits[0].as_str());
    assert_eq!(
        found[0]["other_occurrences"],
        serde_json::json!([
            { "commit": commits[1], "path": "config.js" },
            { "commit": commits[2], "path": "config.js" },
        ])
    );
}

//! `leakguard git --range BASE..HEAD` on real repositories: every finding classified as
//! introduced by the range or pre-existing in a file it touches; untouched files stay silent.

mod common;

use std::fs;
use std::path::Path;

use common::repo::{commit, git, init};
use common::{
    code, github_findings, json, leakguard_in, sarif_schema_validator, stderr, write, Fake,
};

/// Runs `leakguard git --range` (or other flags) and returns the exit code and GitHub findings.
fn scan(dir: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["git", ".", "--format", "json"];
    all.extend_from_slice(args);
    let out = leakguard_in(dir, &all, b"");
    (code(&out), github_findings(&json(&out)))
}

/// The findings as `(classification, path, line, commit)` tuples, sorted.
fn summary(findings: &[serde_json::Value]) -> Vec<(String, String, u64, String)> {
    let mut rows: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f["classification"].as_str().unwrap_or("none").to_owned(),
                f["origin"]["path"].as_str().unwrap_or_default().to_owned(),
                f["location"]["start_line"].as_u64().unwrap_or_default(),
                f["origin"]["commit"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_range_classifies_introduced_and_pre_existing_and_ignores_untouched_files() {
    let repo = init();
    let dir = repo.path();
    let old = Fake::new(1).github_token();
    let untouched = Fake::new(2).github_token();
    write(
        dir,
        "app.js",
        format!("const a = 1;\nconst old = \"{old}\";\nconst b = 2;\n"),
    );
    write(
        dir,
        "other.js",
        format!("const untouched = \"{untouched}\";\n"),
    );
    let base = commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);

    let new = Fake::new(3).github_token();
    write(
        dir,
        "app.js",
        format!("const a = 1;\nconst old = \"{old}\";\nconst b = 3;\nconst added = \"{new}\";\n"),
    );
    let adding = commit(dir, "edit app", 2);
    let gone = Fake::new(4).github_token();
    write(dir, "tmp.js", format!("let t = \"{gone}\";\n"));
    let temporary = commit(dir, "add tmp", 3);
    fs::remove_file(dir.join("tmp.js")).expect("rm");
    commit(dir, "remove tmp", 4);

    let (status, findings) = scan(dir, &["--range", "main..feature"]);
    assert_eq!(status, 1, "introduced findings fail the range");
    assert_eq!(
        summary(&findings),
        vec![
            ("introduced".into(), "app.js".into(), 4, adding.clone()),
            ("introduced".into(), "tmp.js".into(), 1, temporary),
            ("pre-existing".into(), "app.js".into(), 2, base.clone()),
        ],
        "the secret in untouched other.js is not reported: {findings:#?}"
    );

    // --since-commit is the same range, from a commit id.
    let (_, since) = scan(dir, &["--since-commit", &base]);
    assert_eq!(summary(&since), summary(&findings));
}

#[test]
fn pre_existing_findings_warn_without_failing_unless_asked() {
    let repo = init();
    let dir = repo.path();
    let old = Fake::new(10).github_token();
    write(
        dir,
        "app.js",
        format!("const old = \"{old}\";\nconst b = 2;\n"),
    );
    commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    write(
        dir,
        "app.js",
        format!("const old = \"{old}\";\nconst b = 3;\n"),
    );
    commit(dir, "edit next to the key", 2);

    let (status, findings) = scan(dir, &["--range", "main..feature"]);
    assert_eq!(status, 0, "a pre-existing finding alone does not fail");
    assert_eq!(summary(&findings).len(), 1);
    assert_eq!(findings[0]["classification"], "pre-existing");
    let (status, _) = scan(dir, &["--range", "main..feature", "--fail-on-pre-existing"]);
    assert_eq!(status, 1);
}

#[test]
fn moving_reindenting_or_renaming_an_old_secret_does_not_introduce_it() {
    let repo = init();
    let dir = repo.path();
    let old = Fake::new(20).github_token();
    let kept = Fake::new(21).github_token();
    write(
        dir,
        "a.js",
        format!("function f() {{\nconst old = \"{old}\";\n}}\n"),
    );
    write(
        dir,
        "keys.js",
        format!("// keys\nexport const k = \"{kept}\";\n"),
    );
    commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    write(
        dir,
        "a.js",
        format!("// header\nfunction f() {{\n    const old = \"{old}\";\n}}\n"),
    );
    git(dir, &["mv", "keys.js", "secrets.js"]);
    commit(dir, "reindent and rename", 2);

    let (status, findings) = scan(dir, &["--range", "main..feature"]);
    assert_eq!(status, 0, "{findings:#?}");
    let classes: Vec<_> = summary(&findings).into_iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        classes,
        vec![
            ("pre-existing".to_owned(), "a.js".to_owned()),
            ("pre-existing".to_owned(), "keys.js".to_owned()),
        ]
    );
}

#[test]
fn a_merge_introduces_only_what_no_parent_had() {
    let repo = init();
    let dir = repo.path();
    write(dir, "base.js", "one\n");
    commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    write(dir, "feature.js", "feature work\n");
    commit(dir, "feature work", 2);
    git(dir, &["checkout", "-q", "main"]);
    let from_main = Fake::new(30).github_token();
    write(dir, "main.js", format!("const m = \"{from_main}\";\n"));
    commit(dir, "main moves on", 3);
    git(dir, &["checkout", "-q", "feature"]);
    git(dir, &["merge", "-q", "--no-commit", "--no-ff", "main"]);
    let evil = Fake::new(31).github_token();
    write(
        dir,
        "feature.js",
        format!("feature work\nconst e = \"{evil}\";\n"),
    );
    git(dir, &["add", "feature.js"]);
    let merge = commit(dir, "merge main into feature", 4);

    let (status, findings) = scan(dir, &["--range", "main..feature"]);
    assert_eq!(status, 1);
    assert_eq!(
        summary(&findings),
        vec![("introduced".into(), "feature.js".into(), 2, merge)],
        "main's own secret came in through the merge and is not the range's: {findings:#?}"
    );
}

#[test]
fn an_empty_range_is_clean_and_a_bad_revision_is_an_error() {
    let repo = init();
    let dir = repo.path();
    write(
        dir,
        "a.js",
        format!("const k = \"{}\";\n", Fake::new(40).github_token()),
    );
    commit(dir, "base", 1);

    let out = leakguard_in(dir, &["git", ".", "--range", "main..main"], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("empty range"), "{}", stderr(&out));
    let out = leakguard_in(dir, &["git", ".", "--since-commit", "HEAD"], b"");
    assert_eq!(code(&out), 0);

    let out = leakguard_in(dir, &["git", ".", "--range", "no-such-branch..main"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no-such-branch"), "{}", stderr(&out));
    let out = leakguard_in(dir, &["git", ".", "--range", "main...main"], b"");
    assert_eq!(
        code(&out),
        2,
        "a three-dot range is refused: {}",
        stderr(&out)
    );
}

#[test]
fn range_sarif_marks_introduced_as_errors_and_pre_existing_as_warnings() {
    let repo = init();
    let dir = repo.path();
    let old = Fake::new(50).github_token();
    write(dir, "app.js", format!("const old = \"{old}\";\n"));
    commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    let new = Fake::new(51).github_token();
    write(
        dir,
        "app.js",
        format!("const old = \"{old}\";\nconst new = \"{new}\";\n"),
    );
    commit(dir, "add", 2);

    let out = leakguard_in(
        dir,
        &["git", ".", "--range", "main..feature", "--format", "sarif"],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let sarif = json(&out);
    let validator = sarif_schema_validator();
    assert!(validator.is_valid(&sarif));
    let mut levels: Vec<(String, String)> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| {
            r["ruleId"]
                .as_str()
                .is_some_and(|id| id.starts_with("github."))
        })
        .map(|r| {
            (
                r["properties"]["classification"]
                    .as_str()
                    .expect("classification")
                    .to_owned(),
                r["level"].as_str().expect("level").to_owned(),
            )
        })
        .collect();
    levels.sort();
    assert_eq!(
        levels,
        vec![
            ("introduced".to_owned(), "error".to_owned()),
            ("pre-existing".to_owned(), "warning".to_owned()),
        ]
    );
}

#[test]
fn a_shallow_clone_missing_the_base_says_which_history_to_fetch() {
    let repo = init();
    let dir = repo.path();
    write(dir, "a.txt", "one\n");
    let base = commit(dir, "one", 1);
    write(
        dir,
        "a.txt",
        format!("one\nk = \"{}\"\n", Fake::new(60).github_token()),
    );
    commit(dir, "two", 2);
    write(dir, "a.txt", "three\n");
    commit(dir, "three", 3);
    let holder = tempfile::tempdir().expect("tempdir");
    let clone = holder.path().join("shallow");
    let url = format!("file://{}", dir.display());
    git(
        holder.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            clone.to_str().expect("utf-8 path"),
        ],
    );

    let out = leakguard_in(
        &clone,
        &["git", ".", "--range", &format!("{base}..HEAD")],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));

    // Deep enough: the range's commits and the base are all there.
    let deeper = holder.path().join("deeper");
    git(
        holder.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "3",
            &url,
            deeper.to_str().expect("utf-8 path"),
        ],
    );
    let (status, findings) = scan(&deeper, &["--range", &format!("{base}..HEAD")]);
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["classification"], "introduced");
}

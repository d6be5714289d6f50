//! `scan_git` through the library on a repository built with the git CLI.

use std::fs;
use std::path::Path;
use std::process::Command;

use leakguard_core::rules::RuleSet;
use leakguard_core::{
    scan_git, scan_git_range, scan_git_staged, Classification, Engine, GitRange, GitScanOptions,
    Origin, ScanConfig,
};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Lib Tester")
        .env("GIT_AUTHOR_EMAIL", "lib@example.invalid")
        .env("GIT_COMMITTER_NAME", "Lib Tester")
        .env("GIT_COMMITTER_EMAIL", "lib@example.invalid")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

const RULE: &str = "rules:\n- id: test.lib-token\n  name: Library test token\n  description: d\n  category: secret\n  severity: high\n  keywords: [libtok_]\n  pattern: '\\blibtok_(?P<secret>[a-z0-9]{16})\\b'\n  remediation: r\n  examples: [{text: 'libtok_q8v2lp0rt5wz1m3k', secret: q8v2lp0rt5wz1m3k}]\n  negative_examples: [x]\n";

#[test]
fn every_blob_once_at_its_first_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    git(dir, &["init", "-q", "-b", "main"]);
    fs::write(dir.join("a.txt"), "k = libtok_q8v2lp0rt5wz1m3k\n").expect("write");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "one"]);
    let first = git(dir, &["rev-parse", "HEAD"]);
    fs::write(dir.join("b.txt"), "k = libtok_q8v2lp0rt5wz1m3k\n").expect("write same blob again");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "two"]);

    let mut loader = leakguard_core::rules::RuleLoader::new();
    loader.add_yaml(RULE, "lib.yml").expect("rule loads");
    let rules: RuleSet = loader.finish();
    let engine = Engine::new(rules);
    let config = ScanConfig {
        threads: 2,
        ..ScanConfig::default()
    };
    let git_report =
        scan_git(&engine, dir, &config, &GitScanOptions::default()).expect("repository opens");
    assert_eq!(git_report.commits, 2);
    assert_eq!(git_report.blobs, 1, "a.txt and b.txt hold the same blob");
    assert!(!git_report.shallow);
    let findings = &git_report.report.findings;
    assert_eq!(findings.len(), 1);
    match &findings[0].origin {
        Origin::Git {
            commit,
            path,
            author,
            ..
        } => {
            assert_eq!(commit, &first);
            assert_eq!(path, "a.txt");
            assert_eq!(author, "Lib Tester <lib@example.invalid>");
        }
        other => panic!("expected a git origin, got {other:?}"),
    }
    assert_eq!(findings[0].secret.as_str(), "q8v2…");
}

fn engine() -> Engine {
    let mut loader = leakguard_core::rules::RuleLoader::new();
    loader.add_yaml(RULE, "lib.yml").expect("rule loads");
    Engine::new(loader.finish())
}

#[test]
fn a_range_and_the_index_are_classified_through_the_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    git(dir, &["init", "-q", "-b", "main"]);
    fs::write(dir.join("a.txt"), "old = libtok_q8v2lp0rt5wz1m3k\n").expect("write");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "base"]);
    fs::write(
        dir.join("a.txt"),
        "old = libtok_q8v2lp0rt5wz1m3k\nnew = libtok_z7c4mb9dx2ke5np1\n",
    )
    .expect("write");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "add"]);
    let engine = engine();
    let config = ScanConfig::default();

    let range = GitRange::parse("HEAD~1..HEAD").expect("range parses");
    let report = scan_git_range(&engine, dir, &range, &config).expect("range scans");
    assert_eq!(report.commits, 1);
    let mut classes: Vec<_> = report
        .report
        .findings
        .iter()
        .map(|f| (f.classification, f.location.start_line))
        .collect();
    classes.sort();
    assert_eq!(
        classes,
        vec![
            (Some(Classification::Introduced), 2),
            (Some(Classification::PreExisting), 1),
        ]
    );

    fs::write(dir.join("b.txt"), "staged = libtok_m3k9qz7c4mb9dx2k\n").expect("write");
    git(dir, &["add", "b.txt"]);
    let staged = scan_git_staged(&engine, dir, &config).expect("index scans");
    assert_eq!(staged.report.findings.len(), 1);
    assert!(matches!(
        &staged.report.findings[0].origin,
        Origin::Staged { path, .. } if path == "b.txt"
    ));
}

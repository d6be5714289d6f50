//! `leakguard merge` through the real binary: the outputs of scans over disjoint inputs merge into
//! the bytes of one scan over all of them, in any order; what cannot be merged exits 2 naming the
//! file. (That the shards of a sweep merge into the sweep's output is tested with the sweep.)

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::repo::{commit, init};
use common::{code, leakguard_in, sarif_schema_validator, stderr, write, Fake};

/// Three directories with a fake token each, under one scratch directory; the finding sorts
/// between directories, so a merge that concatenated without sorting would show.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(900);
    for (name, file) in [
        ("alpha", "src/app.js"),
        ("bravo", "ci/deploy.sh"),
        ("charlie", "config/settings.yml"),
    ] {
        write(
            dir.path(),
            &format!("{name}/{file}"),
            format!("token = \"{}\"\n", fake.github_token()),
        );
        write(dir.path(), &format!("{name}/README.md"), "nothing here\n");
    }
    dir
}

/// Runs leakguard in `dir` and returns its standard output, after checking its exit code.
fn run(dir: &Path, args: &[&str], expected_code: i32) -> Vec<u8> {
    let out = leakguard_in(dir, args, b"");
    assert_eq!(code(&out), expected_code, "{args:?}: {}", stderr(&out));
    out.stdout
}

/// Writes the output of `leakguard scan <target> -f <format>` to `<name>` in `dir`.
fn part(dir: &Path, name: &str, targets: &[&str], format: &str) -> String {
    let mut args = vec!["scan"];
    args.extend_from_slice(targets);
    args.extend_from_slice(&["-f", format]);
    fs::write(dir.join(name), run(dir, &args, 1)).expect("write part");
    name.to_owned()
}

fn merge(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["merge"];
    all.extend_from_slice(args);
    leakguard_in(dir, &all, b"")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn merged_json_parts_equal_the_json_of_one_scan_over_all_of_them() {
    let scratch = scratch();
    let dir = scratch.path();
    let a = part(dir, "a.json", &["charlie"], "json");
    let b = part(dir, "b.json", &["alpha", "bravo"], "json");
    let single = run(dir, &["scan", "alpha", "bravo", "charlie", "-f", "json"], 1);
    for order in [[&a, &b], [&b, &a]] {
        let out = merge(dir, &[order[0], order[1]]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(text(&out.stdout), text(&single), "parts {order:?}");
    }
    let report: serde_json::Value = serde_json::from_slice(&single).expect("JSON");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(3));
    assert_eq!(report["stats"]["files_scanned"], 6);
}

#[test]
fn merged_jsonl_parts_equal_the_lines_of_one_scan() {
    let scratch = scratch();
    let dir = scratch.path();
    let a = part(dir, "a.jsonl", &["charlie", "alpha"], "jsonl");
    let b = part(dir, "b.jsonl", &["bravo"], "jsonl");
    let single = run(
        dir,
        &["scan", "alpha", "bravo", "charlie", "-f", "jsonl"],
        1,
    );
    let out = merge(dir, &[&a, &b]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(text(&out.stdout), text(&single));
}

#[test]
fn the_output_file_may_replace_a_part() {
    let scratch = scratch();
    let dir = scratch.path();
    let a = part(dir, "a.json", &["alpha"], "json");
    let b = part(dir, "b.json", &["bravo"], "json");
    let single = run(dir, &["scan", "alpha", "bravo", "-f", "json"], 1);
    let out = merge(dir, &[&a, &b, "-o", &a, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(text(&fs::read(dir.join(&a)).expect("read")), text(&single));
}

#[test]
fn single_input_sarif_parts_are_refused_but_copies_of_one_merge() {
    let scratch = scratch();
    let dir = scratch.path();
    let a = part(dir, "a.sarif", &["alpha"], "sarif");
    let b = part(dir, "b.sarif", &["bravo"], "sarif");
    let out = merge(dir, &[&a, &b]);
    assert_eq!(code(&out), 2);
    let message = stderr(&out);
    assert!(
        message.contains("a.sarif") && message.contains("b.sarif") && message.contains("JSON"),
        "{message}"
    );

    fs::copy(dir.join(&a), dir.join("copy.sarif")).expect("copy");
    let out = merge(dir, &[&a, "copy.sarif"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        text(&out.stdout),
        text(&fs::read(dir.join(&a)).expect("read"))
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(sarif_schema_validator().is_valid(&log));
}

#[test]
fn merged_git_scans_hold_every_finding_whatever_the_order() {
    let mut fake = Fake::new(901);
    let repos: Vec<tempfile::TempDir> = (0..3)
        .map(|i| {
            let repo = init();
            fs::write(
                repo.path().join("deploy.sh"),
                format!("GITHUB_TOKEN={}\n", fake.github_token()),
            )
            .expect("write");
            commit(repo.path(), "deploy", i + 1);
            repo
        })
        .collect();
    let parts = tempfile::tempdir().expect("tempdir");
    let mut names = Vec::new();
    for (i, repo) in repos.iter().enumerate() {
        let name = format!("{i}.json");
        fs::write(
            parts.path().join(&name),
            run(repo.path(), &["git", ".", "-f", "json"], 1),
        )
        .expect("write part");
        names.push(name);
    }
    let forward = merge(parts.path(), &[&names[0], &names[1], &names[2]]);
    let backward = merge(parts.path(), &[&names[2], &names[0], &names[1]]);
    assert_eq!(code(&forward), 0, "{}", stderr(&forward));
    assert_eq!(text(&forward.stdout), text(&backward.stdout));
    let report: serde_json::Value = serde_json::from_slice(&forward.stdout).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 3);
    let commits: Vec<&str> = findings
        .iter()
        .filter_map(|f| f["origin"]["commit"].as_str())
        .collect();
    let mut sorted = commits.clone();
    sorted.sort_unstable();
    assert_eq!(
        commits, sorted,
        "same path: ordered by commit, as one scan orders"
    );
}

#[test]
fn parts_that_cannot_merge_exit_2_naming_the_file() {
    let scratch = scratch();
    let dir = scratch.path();
    let json = part(dir, "a.json", &["alpha"], "json");
    let sarif = part(dir, "b.sarif", &["bravo"], "sarif");
    fs::write(dir.join("store.db"), b"SQLite format 3\0\x10\x00").expect("write");
    let cases: [(&[&str], &str); 4] = [
        (&[json.as_str(), sarif.as_str()], "b.sarif"),
        (&[json.as_str(), "store.db"], "store.db"),
        (&[json.as_str(), "missing.json"], "missing.json"),
        (&[json.as_str(), "--format", "sarif"], "never converts"),
    ];
    for (args, named) in cases {
        let out = merge(dir, args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let message = stderr(&out);
        assert!(message.contains(named), "{args:?}: {message}");
    }
}

//! Baselines through the binary: create one, move lines around, rescan (nothing new), add a
//! secret (exactly that one), prune what no longer matches; the file merges without conflicts.

mod common;

use std::fs;

use common::{code, github_findings, json, leakguard_in, stderr, Fake};

#[test]
fn a_baseline_round_trip_reports_only_new_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let mut fake = Fake::new(800);
    let (first, second) = (fake.github_token(), fake.github_token());
    fs::write(root.join("a.js"), format!("const a = \"{first}\";\n")).expect("write");
    fs::write(root.join("b.py"), format!("B = \"{second}\"\n")).expect("write");

    let out = leakguard_in(root, &["baseline", "create", "scan", "."], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = fs::read_to_string(root.join(".leakguard-baseline")).expect("baseline written");
    let entries: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(entries.len(), 2, "{text}");
    let mut sorted = entries.clone();
    sorted.sort();
    assert_eq!(entries, sorted, "entries are sorted");
    assert!(
        !text.contains(&first) && !text.contains(&second),
        "no secrets in the baseline"
    );
    assert!(!text.contains(":1"), "no line numbers: {text}");

    // Lines move: the fingerprints hold.
    fs::write(
        root.join("a.js"),
        format!("// moved\n\n\nfunction f() {{}}\nconst a = \"{first}\";\n"),
    )
    .expect("write");
    let scan = |root: &std::path::Path| {
        leakguard_in(
            root,
            &[
                "scan",
                ".",
                "--format",
                "json",
                "--baseline",
                ".leakguard-baseline",
            ],
            b"",
        )
    };
    let out = scan(root);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(github_findings(&json(&out)).is_empty());

    // A new secret: exactly that one.
    let third = fake.github_token();
    fs::write(root.join("c.rb"), format!("C = \"{third}\"\n")).expect("write");
    let out = scan(root);
    assert_eq!(code(&out), 1);
    let found = github_findings(&json(&out));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["origin"]["path"], "c.rb");

    // The baseline in the configuration file works the same way.
    fs::write(
        root.join(".leakguard.toml"),
        "baseline = \".leakguard-baseline\"\n",
    )
    .expect("write");
    let out = leakguard_in(root, &["scan", ".", "--format", "json"], b"");
    assert_eq!(github_findings(&json(&out)).len(), 1);
    fs::remove_file(root.join(".leakguard.toml")).expect("rm");

    // b.py's key is removed: prune drops its entry and keeps a.js's.
    fs::write(root.join("b.py"), "B = None\n").expect("write");
    let out = leakguard_in(root, &["baseline", "prune", "scan", "."], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 stale entry dropped"),
        "{}",
        stderr(&out)
    );
    let pruned = fs::read_to_string(root.join(".leakguard-baseline")).expect("read");
    assert_eq!(pruned.lines().filter(|l| !l.starts_with('#')).count(), 1);
    assert!(pruned.contains("a.js"));
}

#[test]
fn a_corrupt_baseline_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("base"), "# header\nnot-a-fingerprint x y\n").expect("write");
    let out = leakguard_in(dir.path(), &["scan", ".", "--baseline", "base"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("base line 2"), "{}", stderr(&out));
}

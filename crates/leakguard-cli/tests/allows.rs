//! Inline allow comments through the binary: each comment syntax and each peer's marker sets a
//! finding aside, `--audit-allows` lists what was set aside and why, and nothing else is hidden.

mod common;

use std::fs;

use common::{code, github_findings, json, leakguard_in, stdout, Fake};

#[test]
fn allow_markers_in_several_comment_syntaxes_set_findings_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(500);
    let files = [
        (
            "a.py",
            format!("token = \"{}\"  # leakguard:allow\n", fake.github_token()),
        ),
        (
            "b.js",
            format!(
                "// leakguard:allow github\nconst t = \"{}\";\n",
                fake.github_token()
            ),
        ),
        (
            "c.html",
            format!(
                "<meta content=\"{}\"> <!-- gitleaks:allow -->\n",
                fake.github_token()
            ),
        ),
        (
            "d.sql",
            format!("SELECT '{}'; -- trufflehog:ignore\n", fake.github_token()),
        ),
        (
            "e.yml",
            format!(
                "token: {}  # pragma: allowlist secret\n",
                fake.github_token()
            ),
        ),
        (
            "f.go",
            format!(
                "t := \"{}\" // leakguard:allow slack\n",
                fake.github_token()
            ),
        ),
        (
            "g.rb",
            format!("a = 1 # leakguard:allow\nt = \"{}\"\n", fake.github_token()),
        ),
    ];
    for (name, text) in &files {
        fs::write(dir.path().join(name), text).expect("write");
    }

    let out = leakguard_in(dir.path(), &["scan", ".", "--format", "json"], b"");
    assert_eq!(code(&out), 1, "the two not truly allowed still fail");
    let report = json(&out);
    let mut reported: Vec<String> = github_findings(&report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    reported.sort();
    // f.go allows only slack rules; g.rb's marker trails code on the line before, so it is about
    // that line, not the next.
    assert_eq!(reported, vec!["f.go", "g.rb"]);
    assert_eq!(report["stats"]["suppressed"], 5);
    assert!(report.get("suppressed").is_none(), "listed only on request");

    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "--format", "json", "--audit-allows"],
        b"",
    );
    let report = json(&out);
    let mut set_aside: Vec<(String, String)> = report["suppressed"]
        .as_array()
        .expect("suppressed listed")
        .iter()
        .map(|f| {
            (
                f["origin"]["path"].as_str().unwrap_or_default().to_owned(),
                f["suppressed_by"]["marker"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    set_aside.sort();
    assert_eq!(
        set_aside,
        vec![
            ("a.py".to_owned(), "leakguard:allow".to_owned()),
            ("b.js".to_owned(), "leakguard:allow github".to_owned()),
            ("c.html".to_owned(), "gitleaks:allow".to_owned()),
            ("d.sql".to_owned(), "trufflehog:ignore".to_owned()),
            ("e.yml".to_owned(), "pragma: allowlist secret".to_owned()),
        ]
    );

    let out = leakguard_in(dir.path(), &["scan", ".", "--audit-allows"], b"");
    let text = stdout(&out);
    assert!(text.contains("Set aside"), "{text}");
    assert!(text.contains("`gitleaks:allow` on line 1"), "{text}");
    let out = leakguard_in(dir.path(), &["scan", "."], b"");
    assert!(stdout(&out).contains("5 set aside"), "{}", stdout(&out));
}

#[test]
fn a_fully_allowed_tree_is_clean_and_audited_sarif_marks_suppressions() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("fixture.py"),
        format!(
            "T = \"{}\"  # leakguard:allow\n",
            Fake::new(510).github_token()
        ),
    )
    .expect("write");
    let out = leakguard_in(dir.path(), &["scan", "."], b"");
    assert_eq!(code(&out), 0);

    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "--format", "sarif", "--audit-allows"],
        b"",
    );
    assert_eq!(code(&out), 0, "audited allows still do not fail");
    let sarif = json(&out);
    assert!(common::sarif_schema_validator().is_valid(&sarif));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
}

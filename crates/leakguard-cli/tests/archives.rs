//! Archives through the binary: nested zip/tar.gz, a jar in git history, bombs and deep nests
//! stopped by their limits, corrupt archives reported while the rest is scanned.

mod common;

use common::archives::{gz_of, tar_of, zip_of};
use common::repo::{commit, git, init};
use common::{code, github_findings, json, leakguard_in, write, Fake};

fn paths(report: &serde_json::Value) -> Vec<String> {
    github_findings(report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn diagnostics(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_owned(),
                d["problem"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_key_in_a_zip_inside_a_tar_gz_inside_a_zip_is_found_with_its_whole_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(1).github_token();
    let properties = format!("# service settings\ngithub.token={token}\n");
    let inner = zip_of(&[("config/app.properties", properties.as_bytes())]);
    let middle = gz_of(&tar_of(&[("lib/inner.zip", &inner)]));
    let outer = zip_of(&[("README.txt", b"nothing here"), ("bundle.tar.gz", &middle)]);
    write(dir.path(), "release.zip", outer);

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    assert_eq!(
        paths(&report),
        ["release.zip!bundle.tar.gz!lib/inner.zip!config/app.properties"]
    );
    let finding = &github_findings(&report)[0];
    assert_eq!(finding["location"]["start_line"], 2);
    assert_eq!(finding["origin"]["kind"], "archive");
    assert_eq!(finding["origin"]["entry"], "config/app.properties");
    assert_eq!(
        report["stats"]["archives"], 1,
        "one archive given; what it holds is part of it"
    );

    let human = leakguard_in(dir.path(), &["scan", "."], b"");
    let text = common::stdout(&human);
    assert!(
        text.contains("release.zip!bundle.tar.gz!lib/inner.zip!config/app.properties"),
        "{text}"
    );
}

#[test]
fn a_gzipped_file_and_a_tgz_are_read_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(2);
    let (a, b) = (fake.github_token(), fake.github_token());
    write(
        dir.path(),
        "notes.txt.gz",
        gz_of(format!("token {a}\n").as_bytes()),
    );
    write(
        dir.path(),
        "site.tgz",
        gz_of(&tar_of(&[("site/env.js", format!("t='{b}'\n").as_bytes())])),
    );
    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    assert_eq!(
        paths(&report),
        ["notes.txt.gz!notes.txt", "site.tgz!site/env.js"]
    );
}

#[test]
fn a_jar_committed_to_git_is_scanned_in_history_after_it_was_deleted() {
    let repo = init();
    let token = Fake::new(3).github_token();
    let jar = zip_of(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        (
            "application.properties",
            format!("ci.token={token}\n").as_bytes(),
        ),
    ]);
    write(repo.path(), "libs/app.jar", jar);
    let first = commit(repo.path(), "add the jar", 1);
    git(repo.path(), &["rm", "-q", "libs/app.jar"]);
    commit(repo.path(), "remove the jar", 2);

    let out = leakguard_in(repo.path(), &["git", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    assert_eq!(paths(&report), ["libs/app.jar!application.properties"]);
    let origin = &github_findings(&report)[0]["origin"];
    assert_eq!(origin["outer"]["kind"], "git");
    assert_eq!(origin["outer"]["commit"], first.as_str());
}

#[test]
fn a_zip_bomb_entry_stops_at_the_ratio_limit_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(4).github_token();
    let zeros = vec![b'0'; 30 * 1024 * 1024];
    let bomb = zip_of(&[
        ("padding.txt", &zeros),
        ("real.env", format!("TOKEN={token}\n").as_bytes()),
    ]);
    assert!(
        bomb.len() < 100 * 1024,
        "the bomb compresses: {}",
        bomb.len()
    );
    write(dir.path(), "bomb.zip", bomb);

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(paths(&report), ["bomb.zip!real.env"], "{report:#}");
    assert_eq!(
        diagnostics(&report),
        [(
            "bomb.zip!padding.txt".to_owned(),
            "ratio-exceeded".to_owned()
        )]
    );
    assert_eq!(report["incomplete"], true);

    // Without the finding, the unscanned entry alone makes the run incomplete (exit 3), and
    // the terminal view names the flag that raises the limit.
    std::fs::remove_file(dir.path().join("bomb.zip")).expect("remove");
    write(dir.path(), "bomb.zip", zip_of(&[("padding.txt", &zeros)]));
    let out = leakguard_in(dir.path(), &["scan", "."], b"");
    assert_eq!(code(&out), 3);
    let err = common::stderr(&out);
    assert!(
        err.contains("bomb.zip!padding.txt") && err.contains("--archive-max-ratio"),
        "{err}"
    );
    let raised = leakguard_in(
        dir.path(),
        &["scan", ".", "--archive-max-ratio", "100000"],
        b"",
    );
    assert_eq!(code(&raised), 0, "{}", common::stderr(&raised));
}

#[test]
fn nesting_deeper_than_the_limit_is_reported_and_can_be_raised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(5).github_token();
    let mut archive = zip_of(&[("key.txt", format!("{token}\n").as_bytes())]);
    for level in 1..=3 {
        archive = zip_of(&[(&format!("level{level}.zip"), &archive)]);
    }
    write(dir.path(), "deep.zip", archive);

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 3, "{report:#}");
    assert!(github_findings(&report).is_empty());
    assert_eq!(
        diagnostics(&report),
        [(
            "deep.zip!level3.zip!level2.zip!level1.zip".to_owned(),
            "too-deep".to_owned()
        )]
    );

    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "json", "--archive-max-depth", "4"],
        b"",
    );
    assert_eq!(
        paths(&json(&out)),
        ["deep.zip!level3.zip!level2.zip!level1.zip!key.txt"]
    );

    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "json", "--archive-max-depth", "0"],
        b"",
    );
    let report = json(&out);
    assert_eq!(code(&out), 0, "{report:#}");
    assert_eq!(report["stats"]["skipped_binary"], 1);
}

#[test]
fn a_corrupt_archive_is_reported_and_the_other_files_are_still_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(6);
    let (a, b) = (fake.github_token(), fake.github_token());
    let whole = zip_of(&[("a.txt", format!("{a}\n").as_bytes())]);
    write(dir.path(), "broken.zip", &whole[..whole.len() - 30]);
    let tgz = gz_of(&tar_of(&[
        ("first.txt", b"fine"),
        ("second.txt", &vec![b'x'; 20_000]),
    ]));
    write(dir.path(), "cut.tar.gz", &tgz[..tgz.len() / 2]);
    write(dir.path(), "plain.txt", format!("{b}\n"));

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1);
    assert_eq!(paths(&report), ["plain.txt"]);
    let problems = diagnostics(&report);
    assert!(
        problems.contains(&("broken.zip".to_owned(), "corrupt".to_owned())),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|(p, kind)| p.starts_with("cut.tar.gz") && kind == "corrupt"),
        "{problems:?}"
    );
    assert_eq!(report["incomplete"], true);
}

#[test]
fn sarif_for_an_archive_finding_points_at_the_archive_and_validates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(7).github_token();
    write(
        dir.path(),
        "dist/app.zip",
        zip_of(&[(
            "js/main.js",
            format!("\n\nconst t = '{token}';\n").as_bytes(),
        )]),
    );
    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "sarif"], b"");
    let sarif = json(&out);
    let validator = common::sarif_schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let result = &sarif["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "dist/app.zip");
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(
        result["properties"]["nestedPath"],
        "dist/app.zip!js/main.js"
    );
    assert_eq!(result["properties"]["nestedLine"], 3);
    let message = result["message"]["text"].as_str().unwrap_or_default();
    assert!(
        message.contains("dist/app.zip!js/main.js at line 3"),
        "{message}"
    );
}

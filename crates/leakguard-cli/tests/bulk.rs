//! Sweeps of many repositories through the real binary: a list with a local path, a clone URL
//! (`file://`) and a corrupt repository into a findings store; re-scans that read only new blobs;
//! a killed sweep that resumes; triage marks that persist; shards that merge into one run.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::repo::{commit, git, init};
use common::{code, json, leakguard_in, stderr, Fake};
use leakguard_store::Store;

/// Writes a file holding a fresh fake GitHub token.
fn plant(dir: &Path, name: &str, seed: u64) -> String {
    let token = Fake::new(seed).github_token();
    fs::write(dir.join(name), format!("GITHUB_TOKEN={token}\n")).expect("write");
    token
}

fn repositories_of(report: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            f["repository"]
                .as_str()
                .expect("a sweep names repositories")
                .to_owned()
        })
        .collect();
    names.dedup();
    names
}

fn counters(store: &Path) -> leakguard_store::StoreCounters {
    Store::open_existing(store)
        .and_then(|s| s.counters())
        .expect("the store opens")
}

#[test]
fn a_sweep_reads_paths_urls_and_survives_a_corrupt_repository() {
    let root = tempfile::tempdir().expect("tempdir");
    let work = root.path();
    let local = init();
    plant(local.path(), "app.cfg", 801);
    fs::write(local.path().join("README.md"), "shared readme\n").expect("write");
    commit(local.path(), "first", 1);
    let remote = init();
    plant(remote.path(), "deploy.cfg", 802);
    commit(remote.path(), "first", 2);
    // A fork: the same blobs as `local`, which the sweep reads once.
    git(
        work,
        &["clone", "-q", &local.path().display().to_string(), "fork"],
    );
    // Not a repository at all, though it looks like one.
    fs::create_dir_all(work.join("corrupt/.git")).expect("mkdir");
    fs::write(work.join("corrupt/.git/HEAD"), "not a ref\n").expect("write");
    let url = format!("file://{}", remote.path().display());
    fs::write(
        work.join("repos.txt"),
        format!(
            "# the team's repositories\n{}\n\n{url}\ncorrupt\nfork\n",
            local.path().display()
        ),
    )
    .expect("write");

    let out = leakguard_in(
        work,
        &[
            "git",
            "--repos-from",
            "repos.txt",
            "--store",
            "store.db",
            "-f",
            "json",
        ],
        b"",
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let mut expected = vec![
        local.path().display().to_string(),
        url.clone(),
        "corrupt".to_owned(),
        "fork".to_owned(),
    ];
    expected.sort();
    assert_eq!(report["repositories"], serde_json::json!(expected));
    let mut found = repositories_of(&report);
    found.sort();
    let mut with_findings = vec![local.path().display().to_string(), url, "fork".to_owned()];
    with_findings.sort();
    assert_eq!(found, with_findings, "each repository's own findings");
    assert_eq!(
        report["incomplete"], true,
        "the corrupt repository is named"
    );
    let corrupt = &report["diagnostics"][0];
    assert_eq!(corrupt["repository"], "corrupt", "{corrupt}");
    assert!(stderr(&out).contains("corrupt"), "{}", stderr(&out));
    assert!(
        work.join("clones").is_dir(),
        "the URL was cloned beside the store"
    );

    let store = counters(&work.join("store.db"));
    assert_eq!(store.repositories, 4);
    // local: app.cfg + README.md; remote: deploy.cfg; the fork's two blobs are recalled.
    assert_eq!((store.last_blobs_read, store.last_blobs_recalled), (3, 2));
    assert_eq!(store.findings, 3);
}

#[test]
fn a_rescan_reads_only_the_blobs_new_commits_added() {
    let repo = init();
    let dir = repo.path();
    for i in 0..20 {
        fs::write(dir.join(format!("src{i}.txt")), format!("module {i}\n")).expect("write");
    }
    plant(dir, "old.cfg", 811);
    commit(dir, "first", 1);
    let store = tempfile::tempdir().expect("tempdir");
    let db = store.path().join("store.db");
    let db_arg = db.display().to_string();
    let sweep = |extra: &[&str]| {
        let mut args = vec!["git", ".", "--store", &db_arg, "-f", "json"];
        args.extend_from_slice(extra);
        leakguard_in(dir, &args, b"")
    };
    let first = json(&sweep(&[]));
    assert_eq!(first["findings"].as_array().map(Vec::len), Some(1));
    assert_eq!(counters(&db).last_blobs_read, 21);

    plant(dir, "new.cfg", 812);
    fs::write(dir.join("src3.txt"), "module 3, edited\n").expect("write");
    commit(dir, "second", 2);
    let second = json(&sweep(&[]));
    let now = counters(&db);
    assert_eq!(
        (now.last_blobs_read, now.last_blobs_recalled),
        (2, 21),
        "only the new file and the edited one are read"
    );
    assert_eq!(second["findings"].as_array().map(Vec::len), Some(2));

    // Removing a rule re-reads nothing; its findings are gone.
    fs::write(dir.join(".leakguard.toml"), "disable = [\"cors\"]\n").expect("write");
    let config = dir.join(".leakguard.toml").display().to_string();
    sweep(&["--config", &config]);
    assert_eq!(
        counters(&db).last_blobs_read,
        0,
        "a rule removed invalidates nothing"
    );
    // A change to the settings that decide findings re-reads every blob.
    sweep(&["--decode-depth", "0"]);
    assert_eq!(counters(&db).last_blobs_read, 23);
}

#[test]
fn a_killed_sweep_leaves_a_consistent_store_and_the_next_run_resumes() {
    let repo = init();
    let dir = repo.path();
    let files = 6_000;
    for i in 0..files {
        fs::write(
            dir.join(format!("f{i:05}.txt")),
            format!("line {i}\n").repeat(40),
        )
        .expect("write");
    }
    plant(dir, "zz.cfg", 821);
    commit(dir, "many files", 1);
    let store = tempfile::tempdir().expect("tempdir");
    let db = store.path().join("store.db");
    let db_arg = db.display().to_string();
    let args = ["git", ".", "--store", &db_arg, "-f", "json", "-j", "1"];

    let mut child = Command::new(env!("CARGO_BIN_EXE_leakguard"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let recorded = loop {
        std::thread::sleep(Duration::from_millis(20));
        let blobs = Store::open_existing(&db)
            .and_then(|s| s.counters())
            .map_or(0, |c| c.blobs);
        if blobs > 0 || Instant::now() > deadline {
            break blobs;
        }
    };
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let after_kill = counters(&db);
    assert!(recorded > 0, "a batch was committed before the kill");
    assert!(
        after_kill.blobs < files as u64 + 1 && !after_kill.last_finished,
        "killed half-way: {after_kill:?}"
    );

    let resumed = leakguard_in(dir, &args, b"");
    let now = counters(&db);
    assert!(now.last_finished);
    assert_eq!(
        now.last_blobs_recalled, after_kill.blobs,
        "what was recorded is recalled"
    );
    assert_eq!(
        now.last_blobs_read + now.last_blobs_recalled,
        files as u64 + 1
    );
    // The same findings as a sweep that was never interrupted.
    let fresh = store.path().join("fresh.db").display().to_string();
    let whole = leakguard_in(dir, &["git", ".", "--store", &fresh, "-f", "json"], b"");
    assert_eq!(json(&resumed)["findings"], json(&whole)["findings"]);
    assert_eq!(json(&resumed)["findings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn triage_marks_persist_across_sweeps_and_reports() {
    let repo = init();
    let dir = repo.path();
    plant(dir, "real.cfg", 831);
    plant(dir, "fixture.cfg", 832);
    commit(dir, "first", 1);
    let store = tempfile::tempdir().expect("tempdir");
    let db = store.path().join("store.db").display().to_string();
    let first = json(&leakguard_in(
        dir,
        &["git", ".", "--store", &db, "-f", "json"],
        b"",
    ));
    let fingerprint_of = |path: &str| {
        first["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["origin"]["path"] == path)
            .map(|f| f["fingerprint"].as_str().expect("fingerprint").to_owned())
            .expect("the finding is reported")
    };
    let fixture = fingerprint_of("fixture.cfg");
    let real = fingerprint_of("real.cfg");

    let marked = leakguard_in(
        dir,
        &[
            "triage",
            "--store",
            &db,
            &fixture,
            "false-positive",
            "--note",
            "test fixture",
        ],
        b"",
    );
    assert_eq!(code(&marked), 0, "{}", stderr(&marked));
    assert!(common::stdout(&marked).contains("1 recorded finding"));
    leakguard_in(
        dir,
        &["triage", "--store", &db, &real, "true-positive"],
        b"",
    );
    let listed = common::stdout(&leakguard_in(
        dir,
        &["triage", "--store", &db, "--list"],
        b"",
    ));
    assert!(
        listed.contains(&format!("{fixture}\tfalse-positive\ttest fixture")),
        "{listed}"
    );

    // The report from the store, without scanning, honours the marks.
    let out = leakguard_in(
        dir,
        &["report", "--store", &db, "-f", "json", "--audit-allows"],
        b"",
    );
    let report = json(&out);
    let reported: Vec<&serde_json::Value> =
        report["findings"].as_array().expect("x").iter().collect();
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0]["fingerprint"], real.as_str());
    assert_eq!(reported[0]["triage"]["state"], "true-positive");
    assert_eq!(report["suppressed"][0]["suppressed_by"]["by"], "triage");
    assert_eq!(
        report["suppressed"][0]["suppressed_by"]["note"],
        "test fixture"
    );

    // A later sweep honours them too; once the real one is revoked, nothing fails.
    leakguard_in(dir, &["triage", "--store", &db, &real, "revoked"], b"");
    let later = leakguard_in(dir, &["git", ".", "--store", &db, "-f", "json"], b"");
    assert_eq!(json(&later)["findings"], serde_json::json!([]));
    assert_eq!(code(&later), 0, "{}", stderr(&later));
    let bad = leakguard_in(dir, &["triage", "--store", &db, &real, "maybe"], b"");
    assert_eq!(code(&bad), 2);
    assert!(
        stderr(&bad).contains("not a triage state"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn shards_merged_equal_a_single_sweep_in_json_sarif_and_stores() {
    let work = tempfile::tempdir().expect("tempdir");
    let repos: Vec<tempfile::TempDir> = (0..3)
        .map(|i| {
            let repo = init();
            plant(repo.path(), &format!("service{i}.cfg"), 840 + i);
            fs::write(repo.path().join("notes.txt"), format!("repository {i}\n")).expect("write");
            commit(repo.path(), "first", 1 + i as u32);
            repo
        })
        .collect();
    let list: String = repos
        .iter()
        .map(|r| format!("{}\n", r.path().display()))
        .collect();
    fs::write(work.path().join("repos.txt"), list).expect("write");
    let dir = work.path();
    let run = |args: &[&str]| {
        let out = leakguard_in(dir, args, b"");
        assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
        out
    };
    let base = ["git", "--repos-from", "repos.txt"];
    for format in ["json", "sarif"] {
        let whole = format!("whole.{format}");
        run(&[&base[..], &["-f", format, "-o", &whole]].concat());
        let mut parts = Vec::new();
        for k in 1..=2 {
            let part = format!("part{k}.{format}");
            let shard = format!("{k}/2");
            run(&[&base[..], &["--shard", &shard, "-f", format, "-o", &part]].concat());
            parts.push(part);
        }
        let merged = format!("merged.{format}");
        run(&["merge", &parts[0], &parts[1], "-o", &merged]);
        assert_eq!(
            fs::read_to_string(dir.join(&merged)).expect("merged"),
            fs::read_to_string(dir.join(&whole)).expect("whole"),
            "{format}: two shards merged equal one sweep"
        );
    }

    run(&[&base[..], &["--store", "whole.db", "-f", "json"]].concat());
    for k in 1..=2 {
        let (shard, store) = (format!("{k}/2"), format!("part{k}.db"));
        run(&[&base[..], &["--shard", &shard, "--store", &store]].concat());
    }
    run(&["merge", "--store", "merged.db", "part1.db", "part2.db"]);
    let report = |store: &str| common::stdout(&run(&["report", "--store", store, "-f", "json"]));
    assert_eq!(
        report("merged.db"),
        report("whole.db"),
        "merged stores report as one"
    );
    assert_eq!(counters(&dir.join("merged.db")).repositories, 3);
}

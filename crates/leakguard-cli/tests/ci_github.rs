//! `leakguard ci github` as the Action runs it, without GitHub: a fake event payload and the
//! GITHUB_* files in a temporary directory, over a real repository with a pull request.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::repo::{commit, git, init};
use common::{code, sarif_schema_validator, stderr, stdout, write, Fake};

struct Run {
    output: Output,
    summary: String,
    outputs: String,
    sarif: serde_json::Value,
}

/// Runs `leakguard ci github` on `repo` for `event` with `payload`.
fn ci(repo: &Path, event: &str, payload: serde_json::Value) -> Run {
    let scratch = tempfile::tempdir().expect("tempdir");
    let event_path = scratch.path().join("event.json");
    fs::write(&event_path, payload.to_string()).expect("write event");
    let summary = scratch.path().join("summary.md");
    let outputs = scratch.path().join("outputs.txt");
    let sarif = scratch.path().join("out.sarif");
    let output = Command::new(env!("CARGO_BIN_EXE_leakguard"))
        .args(["ci", "github", "--path", ".", "--sarif-file"])
        .arg(&sarif)
        .current_dir(repo)
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("NO_COLOR", "1")
        .output()
        .expect("leakguard runs");
    Run {
        summary: fs::read_to_string(&summary).unwrap_or_default(),
        outputs: fs::read_to_string(&outputs).unwrap_or_default(),
        sarif: fs::read(&sarif)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default(),
        output,
    }
}

#[test]
fn a_pull_request_fails_on_what_it_introduced_and_says_where() {
    let repo = init();
    let dir = repo.path();
    let old = Fake::new(1000).github_token();
    write(
        dir,
        "app.js",
        format!("const old = \"{old}\";\nconst n = 1;\n"),
    );
    let base = commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    let added = Fake::new(1001).github_token();
    write(
        dir,
        "app.js",
        format!("const old = \"{old}\";\nconst n = 2;\nconst added = \"{added}\";\n"),
    );
    commit(dir, "use a token", 2);
    let fleeting = Fake::new(1002).github_token();
    write(dir, "debug.txt", format!("TOKEN={fleeting}\n"));
    let fleeting_commit = commit(dir, "debug", 3);
    fs::remove_file(dir.join("debug.txt")).expect("rm");
    let head = commit(dir, "oops, remove it", 4);

    let payload = serde_json::json!({
        "pull_request": {
            "number": 42, "commits": 3,
            "base": { "sha": base }, "head": { "sha": head }
        }
    });
    let run = ci(dir, "pull_request", payload);
    assert_eq!(code(&run.output), 1, "{}", stderr(&run.output));

    // Outputs for later steps.
    assert!(run.outputs.contains("findings=2\n"), "{}", run.outputs);
    assert!(run.outputs.contains("exit-code=1\n"), "{}", run.outputs);
    assert!(run.outputs.contains("sarif-file="), "{}", run.outputs);

    // Annotations: two errors for what the pull request introduced, a warning for the old key.
    let annotations: String = stdout(&run.output)
        .lines()
        .filter(|l| l.starts_with("::"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        annotations.matches("::error file=").count(),
        2,
        "{annotations}"
    );
    assert!(
        annotations.contains("::error file=app.js,line=3"),
        "{annotations}"
    );
    assert!(
        annotations.contains("::warning file=app.js,line=1"),
        "{annotations}"
    );

    // The summary says where the added-then-removed key is: its commit and path.
    assert!(
        run.summary.contains("leakguard fails: 2 findings"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("pull request #42"), "{}", run.summary);
    assert!(run.summary.contains("`debug.txt:1`"), "{}", run.summary);
    assert!(
        run.summary.contains(&fleeting_commit[..12]),
        "{}",
        run.summary
    );

    // No secret and no person anywhere GitHub keeps.
    let sarif_text = run.sarif.to_string();
    for secret in [&old, &added, &fleeting] {
        for text in [&run.summary, &annotations, &sarif_text, &run.outputs] {
            assert!(!text.contains(secret.as_str()), "a secret leaked");
        }
    }
    for text in [&run.summary, &annotations, &sarif_text] {
        assert!(!text.contains("ada@example.invalid") && !text.contains("Ada Tester"));
    }
    assert!(sarif_schema_validator().is_valid(&run.sarif));
    assert_eq!(
        run.sarif["runs"][0]["automationDetails"]["id"],
        "leakguard/range/"
    );
}

#[test]
fn pushes_that_move_nothing_and_schedules_are_handled() {
    let repo = init();
    let dir = repo.path();
    write(
        dir,
        "a.txt",
        format!("k = \"{}\"\n", Fake::new(1010).github_token()),
    );
    let head = commit(dir, "one", 1);

    let run = ci(
        dir,
        "push",
        serde_json::json!({ "before": head, "after": head }),
    );
    assert_eq!(code(&run.output), 0, "{}", stderr(&run.output));
    assert!(run.summary.contains("moved no commits"), "{}", run.summary);
    assert!(run.outputs.contains("findings=0\n"));

    let run = ci(dir, "schedule", serde_json::json!({}));
    assert_eq!(code(&run.output), 1);
    assert!(run.summary.contains("full history"), "{}", run.summary);
    assert_eq!(
        run.sarif["runs"][0]["automationDetails"]["id"],
        "leakguard/history/"
    );
}

#[test]
fn a_shallow_checkout_says_which_fetch_depth_to_set() {
    let repo = init();
    let dir = repo.path();
    write(dir, "a.txt", "one\n");
    let base = commit(dir, "one", 1);
    write(dir, "a.txt", "two\n");
    commit(dir, "two", 2);
    write(dir, "a.txt", "three\n");
    let head = commit(dir, "three", 3);
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
    let payload = serde_json::json!({
        "pull_request": { "number": 1, "commits": 2, "base": { "sha": base }, "head": { "sha": head } }
    });
    let run = ci(&clone, "pull_request", payload);
    assert_eq!(code(&run.output), 2);
    assert!(
        stderr(&run.output).contains("fetch-depth: 0` (or at least 3)"),
        "{}",
        stderr(&run.output)
    );
}

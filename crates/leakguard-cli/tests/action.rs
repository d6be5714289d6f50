//! The GitHub Action (`action.yml`) without GitHub: its inputs reach the steps only through
//! `env:` (never interpolated into a script), and its steps, run with bash the way the runner
//! runs them, scan a pull request from a fake event and fail the step.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::repo::{commit, git, init};
use common::{workspace_root, Fake};
use serde_json::Value;

fn action() -> Value {
    let text = fs::read_to_string(workspace_root().join("action.yml")).expect("action.yml");
    serde_saphyr::from_str(&text).expect("action.yml is YAML")
}

#[test]
fn inputs_reach_scripts_only_through_env() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let inputs: Vec<String> = action["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .cloned()
        .collect();
    for name in [
        "path",
        "mode",
        "fail-on",
        "sarif-file",
        "baseline",
        "config",
        "args",
        "version",
    ] {
        assert!(inputs.iter().any(|i| i == name), "input {name} is declared");
    }
    for step in steps {
        if let Some(script) = step["run"].as_str() {
            assert!(
                !script.contains("${{"),
                "a `run:` script interpolates an expression (script injection): {script}"
            );
        }
    }
    let all = serde_json::to_string(&action).expect("json");
    for name in &inputs {
        assert!(
            all.contains(&format!("inputs.{name} "))
                || all.contains(&format!("inputs.{name}}}"))
                || all.contains(&format!("inputs.{name} ==")),
            "input {name} is used"
        );
    }
    for output in ["findings", "sarif-file", "exit-code"] {
        assert!(
            action["outputs"][output]["value"].is_string(),
            "output {output}"
        );
    }
}

/// Runs one composite step's script with bash, with the step's `env:` resolved from `inputs`
/// (defaults unless overridden) and `extra` environment.
fn run_step(
    step: &Value,
    inputs: &Value,
    extra: &[(&str, &Path)],
    cwd: &Path,
) -> std::process::Output {
    let mut command = Command::new("bash");
    command
        .arg("-e")
        .arg("-c")
        .arg(step["run"].as_str().expect("run"));
    command.current_dir(cwd);
    for (key, value) in step["env"].as_object().expect("env") {
        let value = value.as_str().expect("env value");
        let resolved = match value
            .strip_prefix("${{ inputs.")
            .and_then(|v| v.strip_suffix(" }}"))
        {
            Some(input) => inputs[input].as_str().unwrap_or_default().to_owned(),
            None => String::new(),
        };
        command.env(key, resolved);
    }
    for (key, value) in extra {
        command.env(key, value);
    }
    command.output().expect("bash runs")
}

#[test]
fn the_action_steps_fail_a_pull_request_that_adds_a_key() {
    let repo = init();
    let dir = repo.path();
    fs::write(dir.join("a.txt"), "one\n").expect("write");
    let base = commit(dir, "base", 1);
    git(dir, &["checkout", "-q", "-b", "feature"]);
    fs::write(
        dir.join("a.txt"),
        format!("one\nk = \"{}\"\n", Fake::new(1100).github_token()),
    )
    .expect("write");
    let head = commit(dir, "add key", 2);

    let scratch = tempfile::tempdir().expect("tempdir");
    let bin_dir = scratch.path().join("bin");
    fs::create_dir(&bin_dir).expect("mkdir");
    fs::copy(env!("CARGO_BIN_EXE_leakguard"), bin_dir.join("leakguard")).expect("copy binary");
    let event = scratch.path().join("event.json");
    fs::write(
        &event,
        serde_json::json!({"pull_request": {"number": 5, "commits": 1, "base": {"sha": base}, "head": {"sha": head}}})
            .to_string(),
    )
    .expect("write event");
    let outputs = scratch.path().join("outputs");
    let summary = scratch.path().join("summary.md");
    let sarif: PathBuf = scratch.path().join("results.sarif");

    let action = action();
    let mut inputs = serde_json::Map::new();
    for (name, spec) in action["inputs"].as_object().expect("inputs") {
        inputs.insert(name.clone(), spec["default"].clone());
    }
    inputs.insert(
        "sarif-file".into(),
        Value::String(sarif.display().to_string()),
    );
    let inputs = Value::Object(inputs);
    let workspace = workspace_root();
    let env: Vec<(&str, &Path)> = vec![
        ("BIN_DIR", bin_dir.as_path()),
        ("ACTION_PATH", workspace.as_path()),
        ("GITHUB_EVENT_NAME", Path::new("pull_request")),
        ("GITHUB_EVENT_PATH", event.as_path()),
        ("GITHUB_OUTPUT", outputs.as_path()),
        ("GITHUB_STEP_SUMMARY", summary.as_path()),
    ];
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let get = steps
        .iter()
        .find(|s| s["name"] == "Get leakguard")
        .expect("get step");
    let out = run_step(get, &inputs, &env, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scan = steps.iter().find(|s| s["id"] == "scan").expect("scan step");
    let out = run_step(scan, &inputs, &env, dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = fs::read_to_string(&outputs).expect("outputs");
    assert!(
        written.contains("findings=1\n") && written.contains("exit-code=1\n"),
        "{written}"
    );
    assert!(fs::read_to_string(&summary)
        .expect("summary")
        .contains("leakguard fails"));
    assert!(sarif.exists());
}

#[test]
fn the_action_keeps_a_store_so_scheduled_history_scans_read_only_new_blobs() {
    let repo = init();
    let dir = repo.path();
    fs::write(
        dir.join("a.txt"),
        format!("k = \"{}\"\n", Fake::new(1101).github_token()),
    )
    .expect("write");
    fs::write(dir.join("b.txt"), "plain\n").expect("write");
    commit(dir, "base", 1);

    let scratch = tempfile::tempdir().expect("tempdir");
    let bin_dir = scratch.path().join("bin");
    fs::create_dir(&bin_dir).expect("mkdir");
    fs::copy(env!("CARGO_BIN_EXE_leakguard"), bin_dir.join("leakguard")).expect("copy binary");
    let outputs = scratch.path().join("outputs");
    let store = scratch.path().join("cache/store.sqlite");
    let action = action();
    let mut inputs = serde_json::Map::new();
    for (name, spec) in action["inputs"].as_object().expect("inputs") {
        inputs.insert(name.clone(), spec["default"].clone());
    }
    inputs.insert("store".into(), Value::String(store.display().to_string()));
    let sarif = scratch.path().join("results.sarif");
    inputs.insert(
        "sarif-file".into(),
        Value::String(sarif.display().to_string()),
    );
    let inputs = Value::Object(inputs);
    let env: Vec<(&str, &Path)> = vec![
        ("BIN_DIR", bin_dir.as_path()),
        ("GITHUB_EVENT_NAME", Path::new("schedule")),
        ("GITHUB_OUTPUT", outputs.as_path()),
    ];
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let version = steps
        .iter()
        .find(|s| s["id"] == "ruleset")
        .expect("rule-set version step");
    let out = run_step(version, &inputs, &env, dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = fs::read_to_string(&outputs).expect("outputs");
    let key = written
        .lines()
        .find_map(|l| l.strip_prefix("version="))
        .expect("a version output");
    assert_eq!(key.len(), 16, "{written}");
    let cache = steps
        .iter()
        .find(|s| s["name"] == "Restore the findings store")
        .expect("cache step");
    assert!(cache["with"]["key"]
        .as_str()
        .is_some_and(|k| k.contains("steps.ruleset.outputs.version")));

    let scan = steps.iter().find(|s| s["id"] == "scan").expect("scan step");
    let read = || {
        leakguard_store::Store::open_existing(&store)
            .and_then(|s| s.counters())
            .expect("store")
            .last_blobs_read
    };
    assert_eq!(run_step(scan, &inputs, &env, dir).status.code(), Some(1));
    assert_eq!(read(), 2);
    fs::write(dir.join("c.txt"), "new\n").expect("write");
    commit(dir, "more", 2);
    assert_eq!(run_step(scan, &inputs, &env, dir).status.code(), Some(1));
    assert_eq!(
        read(),
        1,
        "the second scheduled run reads only the new blob"
    );
}

/// Every `uses:` in the Action and the workflows, with the file it is in.
fn uses_lines() -> Vec<(String, String)> {
    let root = workspace_root();
    let mut files = vec![root.join("action.yml")];
    for entry in fs::read_dir(root.join(".github/workflows")).expect("workflows") {
        files.push(entry.expect("entry").path());
    }
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("read");
        for line in text.lines() {
            if let Some(used) = line.trim().trim_start_matches("- ").strip_prefix("uses:") {
                let used = used.split('#').next().unwrap_or_default().trim();
                found.push((file.display().to_string(), used.to_owned()));
            }
        }
    }
    found
}

#[test]
fn every_action_used_is_pinned_to_a_full_commit() {
    // A tag can be moved to other code; a commit id cannot. The local action (`./`) is this
    // repository's own checkout.
    let uses = uses_lines();
    assert!(uses.len() >= 4, "{uses:?}");
    for (file, used) in uses {
        if used.starts_with("./") {
            continue;
        }
        let (_, reference) = used
            .split_once('@')
            .unwrap_or_else(|| panic!("{file}: `{used}` names no version"));
        assert!(
            reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit()),
            "{file}: `{used}` is not pinned to a 40-digit commit id"
        );
    }
}

#[test]
fn workflows_ask_for_least_privilege_and_never_run_on_pull_request_target() {
    for entry in fs::read_dir(workspace_root().join(".github/workflows")).expect("workflows") {
        let path = entry.expect("entry").path();
        let text = fs::read_to_string(&path).expect("read");
        let workflow: Value = serde_saphyr::from_str(&text).expect("YAML");
        assert_eq!(
            workflow["permissions"],
            serde_json::json!({"contents": "read"}),
            "{}: read-only by default; jobs ask for more",
            path.display()
        );
        assert!(
            !text.contains("pull_request_target"),
            "{}: pull_request_target runs with secrets on fork code",
            path.display()
        );
        assert!(
            text.contains("persist-credentials: false"),
            "{}: the checkout token must not stay in .git/config",
            path.display()
        );
    }
}

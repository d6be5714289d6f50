//! The `leakguard scan` command end to end, through the real binary: findings, exit codes, stdin,
//! ignore files, and every kind of awkward input, each with its message while the scan goes on.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;

use common::{code, github_findings, is_github, json, leakguard_in, stderr, stdout, write, Fake};

#[test]
fn planted_token_is_found_redacted_and_fails_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(1).github_token();
    write(
        dir.path(),
        "src/app.js",
        format!("const a = 1;\nconst token = \"{token}\";\n"),
    );
    let out = leakguard_in(dir.path(), &["scan", ".", "--format", "json"], b"");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let found = github_findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let finding = &found[0];
    assert_eq!(finding["origin"]["path"], "src/app.js");
    assert_eq!(finding["location"]["start_line"], 2);
    assert_eq!(finding["location"]["start_column"], 16);
    assert_eq!(finding["secret"], "ghp_…");
    assert!(
        !stdout(&out).contains(&token),
        "the secret must not appear anywhere in the report"
    );
    assert_eq!(report["version"], 1);
    assert_eq!(report["incomplete"], false);
}

#[test]
fn show_secrets_prints_the_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(2).github_token();
    write(dir.path(), "a.txt", format!("token={token}\n"));
    let out = leakguard_in(
        dir.path(),
        &["scan", "--format", "json", "--show-secrets"],
        b"",
    );
    assert_eq!(github_findings(&json(&out))[0]["secret"], token.as_str());
}

#[test]
fn placeholders_and_bad_checksums_are_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut token = Fake::new(3).github_token();
    token.replace_range(39..40, if token.ends_with('A') { "B" } else { "A" });
    write(
        dir.path(),
        "config.js",
        format!(
            "const bad = \"{token}\";\nconst t = \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\";\npassword = \"${{DB_PASSWORD}}\"\n"
        ),
    );
    let out = leakguard_in(dir.path(), &["scan", "."], b"");
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("no findings; scanned 1 file"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fail_on_threshold_decides_the_exit_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a.txt",
        format!("t = {}\n", Fake::new(4).github_token()),
    );
    let report = json(&leakguard_in(
        dir.path(),
        &["scan", "--format", "json"],
        b"",
    ));
    let severity = github_findings(&report)[0]["severity"]
        .as_str()
        .expect("severity")
        .to_owned();
    let above = match severity.as_str() {
        "low" => "medium",
        "medium" => "high",
        _ => "critical",
    };
    if severity != "critical" {
        assert_eq!(
            code(&leakguard_in(
                dir.path(),
                &["scan", "--fail-on", above],
                b""
            )),
            0
        );
    }
    assert_eq!(
        code(&leakguard_in(
            dir.path(),
            &["scan", "--fail-on", &severity],
            b""
        )),
        1
    );
}

#[test]
fn stdin_is_scanned_with_dash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = format!("step 1 ok\nexport GH={}\n", Fake::new(5).github_token());
    let out = leakguard_in(
        dir.path(),
        &["scan", "-", "--format", "json"],
        log.as_bytes(),
    );
    assert_eq!(code(&out), 1);
    let found = github_findings(&json(&out));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["origin"]["kind"], "stdin");
    assert_eq!(found[0]["location"]["start_line"], 2);
}

#[test]
fn jsonl_prints_one_finding_per_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(6);
    write(
        dir.path(),
        "a.txt",
        format!("a={}\nb={}\n", fake.github_token(), fake.github_token()),
    );
    let out = leakguard_in(dir.path(), &["scan", "--format", "jsonl"], b"");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .filter(is_github)
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["location"]["start_line"], 2);
}

#[test]
fn output_flag_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "src/a.txt",
        format!("a={}\n", Fake::new(7).github_token()),
    );
    let out = leakguard_in(
        dir.path(),
        &["scan", "src", "--format", "json", "-o", "report.json"],
        b"",
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).expect("report written"))
            .expect("JSON");
    assert_eq!(github_findings(&report).len(), 1);
}

#[test]
fn binary_files_are_skipped_with_a_count_unless_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut blob = b"\x89PNG\r\n\x1a\n\0\0\0".to_vec();
    blob.extend(format!(" {} ", Fake::new(8).github_token()).as_bytes());
    write(dir.path(), "logo.png", &blob);
    let out = leakguard_in(dir.path(), &["scan"], b"");
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("skipped 1 binary"),
        "{}",
        stdout(&out)
    );
    let out = leakguard_in(dir.path(), &["scan", "--binary", "--format", "json"], b"");
    assert_eq!(code(&out), 1);
    assert_eq!(github_findings(&json(&out)).len(), 1);
}

#[test]
fn oversized_file_is_reported_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "big.log", "x".repeat(4096));
    write(dir.path(), "small.txt", "nothing here\n");
    let out = leakguard_in(
        dir.path(),
        &["scan", "--max-file-size", "1K", "--format", "json"],
        b"",
    );
    assert_eq!(code(&out), 3, "an incomplete scan is never clean");
    assert!(
        stderr(&out).contains("big.log: not scanned: 4096 bytes is over the 1024-byte limit"),
        "{}",
        stderr(&out)
    );
    let report = json(&out);
    assert_eq!(report["incomplete"], true);
    assert_eq!(report["stats"]["files_scanned"], 1);
    assert_eq!(report["stats"]["incomplete"], 1);
    assert_eq!(report["diagnostics"][0]["kind"], "too-large");
}

#[test]
fn stdin_is_streamed_whatever_the_file_size_limit() {
    // Standard input is searched in windows, so its length costs no memory and no limit applies.
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(91).github_token();
    let input = format!("{}\nk = {token}\n", "a".repeat(100));
    let out = leakguard_in(
        dir.path(),
        &["scan", "-", "--max-file-size", "10", "-f", "json"],
        input.as_bytes(),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(github_findings(&json(&out)).len(), 1);
}

#[test]
fn unreadable_paths_are_reported_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "ok.txt",
        format!("t={}\n", Fake::new(9).github_token()),
    );
    symlink(
        dir.path().join("missing-target"),
        dir.path().join("dangling"),
    )
    .expect("symlink");
    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "no-such-dir", "--follow", "--format", "json"],
        b"",
    );
    let err = stderr(&out);
    assert!(err.contains("no-such-dir: cannot read"), "{err}");
    assert!(err.contains("dangling: cannot read"), "{err}");
    // The finding still fails the run; without findings the exit code would be 3.
    assert_eq!(code(&out), 1);
    assert_eq!(github_findings(&json(&out)).len(), 1);
    assert_eq!(json(&out)["incomplete"], true);

    let clean = tempfile::tempdir().expect("tempdir");
    let out = leakguard_in(clean.path(), &["scan", "no-such-file.txt"], b"");
    assert_eq!(code(&out), 3);
}

#[test]
fn permission_denied_file_is_reported_when_not_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "locked.txt", "secret\n");
    let path = dir.path().join("locked.txt");
    Command::new("chmod")
        .arg("000")
        .arg(&path)
        .status()
        .expect("chmod runs");
    // Root reads any file, so the check can only be made as another user.
    if fs::read(&path).is_ok() {
        let out = leakguard_in(dir.path(), &["scan"], b"");
        assert_eq!(code(&out), 0);
        return;
    }
    let out = leakguard_in(dir.path(), &["scan"], b"");
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("locked.txt: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn invalid_utf8_does_not_hide_secrets_or_shift_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(10).github_token();
    let mut bytes = b"ok\n\xff\xfe\xc3 key=".to_vec();
    bytes.extend(token.as_bytes());
    bytes.extend(b"\n");
    write(dir.path(), "mixed.txt", &bytes);
    let out = leakguard_in(dir.path(), &["scan", "--format", "json"], b"");
    let found = github_findings(&json(&out));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["location"]["start_line"], 2);
    // Three invalid bytes count one column each, then " key=": the token starts at column 9.
    assert_eq!(found[0]["location"]["start_column"], 9);
}

#[test]
fn utf16_files_with_bom_are_decoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!("first line\r\nToken = {}\r\n", Fake::new(11).github_token());
    for (name, bom, units) in [
        (
            "le.txt",
            [0xFF, 0xFE],
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.txt",
            [0xFE, 0xFF],
            text.encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<u8>>(),
        ),
    ] {
        let mut bytes = bom.to_vec();
        bytes.extend(units);
        write(dir.path(), name, bytes);
    }
    let out = leakguard_in(dir.path(), &["scan", "--format", "json"], b"");
    let found = github_findings(&json(&out));
    assert_eq!(found.len(), 2, "{}", stdout(&out));
    for f in found {
        assert_eq!(
            (
                f["location"]["start_line"].as_u64(),
                f["location"]["start_column"].as_u64()
            ),
            (Some(2), Some(9))
        );
    }
}

#[test]
fn crlf_line_endings_keep_lines_and_columns_right() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "win.ini",
        format!("[a]\r\n\r\nkey = {}\r\n", Fake::new(12).github_token()),
    );
    let found = github_findings(&json(&leakguard_in(
        dir.path(),
        &["scan", "--format", "json"],
        b"",
    )));
    assert_eq!(found[0]["location"]["start_line"], 3);
    assert_eq!(found[0]["location"]["start_column"], 7);
    assert_eq!(found[0]["location"]["end_column"], 47);
}

#[test]
fn symlink_loop_is_reported_and_not_followed_forever() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a/b/t.txt",
        format!("t={}\n", Fake::new(13).github_token()),
    );
    symlink("..", dir.path().join("a/b/up")).expect("symlink");
    let out = leakguard_in(dir.path(), &["scan", "--follow", "--format", "json"], b"");
    assert!(stderr(&out).contains("symlink loop"), "{}", stderr(&out));
    assert_eq!(code(&out), 1);
    assert_eq!(github_findings(&json(&out)).len(), 1);

    let out = leakguard_in(dir.path(), &["scan"], b"");
    assert!(
        stdout(&out).contains("1 symlinks (--follow follows them)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fifos_are_counted_and_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    write(dir.path(), "a.txt", "hello\n");
    let out = leakguard_in(dir.path(), &["scan"], b"");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("1 special files"), "{}", stdout(&out));
}

#[test]
fn gitignore_is_respected_hidden_files_are_not_and_git_dir_is_never_walked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .expect("git runs");
    assert!(status.success());
    let mut fake = Fake::new(14);
    write(dir.path(), ".gitignore", "ignored.txt\n");
    write(
        dir.path(),
        "ignored.txt",
        format!("t={}\n", fake.github_token()),
    );
    write(
        dir.path(),
        ".env",
        format!("GH_TOKEN={}\n", fake.github_token()),
    );
    write(
        dir.path(),
        ".git/leak.txt",
        format!("t={}\n", fake.github_token()),
    );
    let out = leakguard_in(dir.path(), &["scan", "--format", "json"], b"");
    let paths: Vec<String> = github_findings(&json(&out))
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(paths, [".env"]);
    let out = leakguard_in(
        dir.path(),
        &["scan", "--no-ignore", "--format", "json"],
        b"",
    );
    let paths: Vec<String> = github_findings(&json(&out))
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(paths, [".env", "ignored.txt"]);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(15);
    for i in 0..40 {
        write(
            dir.path(),
            &format!("d{}/f{i}.txt", i % 7),
            format!("x\ntoken: {}\n", fake.github_token()),
        );
    }
    let one = leakguard_in(dir.path(), &["scan", "-j", "1", "--format", "sarif"], b"");
    let many = leakguard_in(dir.path(), &["scan", "-j", "4", "--format", "sarif"], b"");
    assert_eq!(code(&one), 1);
    assert_eq!(one.stdout, many.stdout);
    let one = leakguard_in(dir.path(), &["scan", "-j", "1", "--format", "json"], b"");
    let many = leakguard_in(dir.path(), &["scan", "-j", "3", "--format", "json"], b"");
    assert_eq!(one.stdout, many.stdout);
    assert_eq!(github_findings(&json(&one)).len(), 40);
}

#[test]
fn terminal_view_groups_findings_by_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(16);
    write(dir.path(), "b.txt", format!("t={}\n", fake.github_token()));
    write(
        dir.path(),
        "a.txt",
        format!("\n  t={}\n", fake.github_token()),
    );
    let out = leakguard_in(dir.path(), &["scan", "--color", "never"], b"");
    let text = stdout(&out);
    let a = text.find("a.txt\n").expect("a.txt heading");
    let b = text.find("b.txt\n").expect("b.txt heading");
    assert!(a < b, "files are listed in path order:\n{text}");
    assert!(text.contains("  2:5 "), "{text}");
    assert!(text.contains("t=ghp_…"), "{text}");
    assert!(text.contains("2 findings"), "{text}");
    assert!(!text.contains('\x1b'), "no colour unless asked");
    let coloured = stdout(&leakguard_in(
        dir.path(),
        &["scan", "--color", "always"],
        b"",
    ));
    assert!(coloured.contains('\x1b'));
}

#[test]
fn two_secrets_on_one_line_never_show_each_other_in_snippets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(900);
    let (a, b) = (fake.github_token(), fake.github_token());
    std::fs::write(
        dir.path().join("pair.env"),
        format!("TOKENS=\"{a}\",\"{b}\"\n"),
    )
    .expect("write");
    let out = leakguard_in(dir.path(), &["scan", ".", "--format", "json"], b"");
    let text = stdout(&out);
    assert!(!text.contains(&a) && !text.contains(&b), "{text}");
    assert_eq!(github_findings(&json(&out)).len(), 2);
}

#[test]
fn server_secrets_in_public_variables_or_built_output_are_critical_and_say_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(960);
    std::fs::write(
        dir.path().join(".env.local"),
        format!(
            "NEXT_PUBLIC_GH_TOKEN={}\nGH_TOKEN={}\n",
            fake.github_token(),
            fake.github_token()
        ),
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("dist/assets")).expect("mkdir");
    std::fs::write(
        dir.path().join("dist/assets/index.js"),
        format!("var t=\"{}\";", fake.github_token()),
    )
    .expect("write");
    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "--no-ignore", "--format", "json"],
        b"",
    );
    let found = github_findings(&json(&out));
    let exposed: Vec<(String, u64, String)> = found
        .iter()
        .filter_map(|f| {
            Some((
                f["origin"]["path"].as_str()?.to_owned(),
                f["location"]["start_line"].as_u64()?,
                f["client_exposure"].as_str()?.to_owned(),
            ))
        })
        .collect();
    assert_eq!(exposed.len(), 2, "{found:#?}");
    assert!(exposed
        .iter()
        .any(|(p, l, why)| p == ".env.local" && *l == 1 && why.contains("NEXT_PUBLIC_GH_TOKEN")));
    assert!(exposed
        .iter()
        .any(|(p, _, why)| p == "dist/assets/index.js" && why.contains("built front-end output")));

    // A medium-severity test key becomes critical once it is public.
    std::fs::write(
        dir.path().join(".env.local"),
        "VITE_STRIPE_KEY=sk_test_9K0EXUv1srn94N4dP8yUT4M5\nSTRIPE_KEY=sk_test_4QmT7bWz2LpX9cVn6RkH3sJd\n",
    )
    .expect("write");
    let out = leakguard_in(dir.path(), &["scan", ".env.local", "--format", "json"], b"");
    let report = json(&out);
    let severities: Vec<(u64, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["category"] != "dotenv")
        .map(|f| {
            (
                f["location"]["start_line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        severities,
        vec![(1, "critical".to_owned()), (2, "medium".to_owned())],
        "{report:#}"
    );
}

#[test]
fn a_publishable_key_is_listed_without_failing_and_a_service_key_fails() {
    const ANON: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImRkc25rZ2R3aGttbGV2Ympkc29zIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTgwNDAwMDAsImV4cCI6MjAzMzYxNjAwMH0.vxc0YywXRrdv8vQTIJGvBbOPquNQWC6n84hbMNIWgvo";
    const SERVICE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImNxcWxreWNsdG5pZ3hid2F0bHN4Iiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcxODA0MDAwMCwiZXhwIjoyMDMzNjE2MDAwfQ.YhdD32VR8SOIzhdtsjQ3Xtw01pLMBz8XKa8JPRqRE28";
    let dir = tempfile::tempdir().expect("tempdir");
    let env = dir.path().join(".env.local");
    std::fs::write(&env, format!("NEXT_PUBLIC_SUPABASE_ANON_KEY={ANON}\n")).expect("write");
    // The committed `.env.local` is a low finding of its own (dotenv.env-file), not raised by a
    // publishable key; above it, nothing fails.
    let out = leakguard_in(
        dir.path(),
        &[
            "scan",
            ".env.local",
            "--format",
            "json",
            "--fail-on",
            "medium",
        ],
        b"",
    );
    assert_eq!(
        code(&out),
        0,
        "publishable keys never fail: {}",
        stdout(&out)
    );
    let report = json(&out);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        ["dotenv.env-file", "supabase.anon-jwt"],
        "no generic JWT finding too"
    );
    assert_eq!(report["findings"][0]["severity"], "low");
    assert_eq!(report["findings"][1]["exposure"], "publishable");
    assert!(report["findings"][1].get("client_exposure").is_none());

    std::fs::write(
        &env,
        format!("NEXT_PUBLIC_SUPABASE_SERVICE_KEY={SERVICE}\n"),
    )
    .expect("write");
    let out = leakguard_in(dir.path(), &["scan", ".env.local", "--format", "json"], b"");
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert_eq!(report["findings"][1]["rule"], "supabase.service-role-jwt");
    assert_eq!(report["findings"][1]["severity"], "critical");
    assert!(report["findings"][1]["client_exposure"]
        .as_str()
        .is_some_and(|why| why.contains("NEXT_PUBLIC_SUPABASE_SERVICE_KEY")));
}

#[test]
fn a_blob_past_its_time_budget_is_reported_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Forty megabytes of keyword hits whose candidates all fail their checks: the search cannot
    // finish in 200 ms, even on a fast machine.
    let line = "token = ghp_000000000000000000000000000000000000 password = \"x\"\n";
    write(dir.path(), "huge.txt", line.repeat(40 << 20 >> 6));
    write(
        dir.path(),
        "small.cfg",
        format!("GITHUB_TOKEN={}\n", Fake::new(77).github_token()),
    );
    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "--blob-time-budget", "200ms", "-f", "json"],
        b"",
    );
    let report = json(&out);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diagnostics
            .iter()
            .any(|d| d["path"] == "huge.txt" && d["kind"] == "time-budget" && d["limit_ms"] == 200),
        "{diagnostics:?}"
    );
    assert_eq!(report["incomplete"], true);
    assert_eq!(
        github_findings(&report).len(),
        1,
        "small.cfg is still scanned"
    );
    assert!(
        stderr(&out).contains("--blob-time-budget"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&out), 1);
}

#[test]
fn stdin_longer_than_a_window_is_searched_whole_with_stream_positions() {
    // 40 MB: three windows of 16 MiB overlapping by 1 MiB. A token every ~600 KB lands in
    // every region, some inside the overlaps, none must be lost or reported twice.
    let filler = "2024-01-01T00:00:00Z build step ok, nothing to see in this line at all\n";
    let mut input = String::with_capacity(41 << 20);
    let mut planted = Vec::new();
    let mut fake = Fake::new(4242);
    let mut line = 1usize;
    while input.len() < 40 << 20 {
        for _ in 0..8_000 {
            input.push_str(filler);
            line += 1;
        }
        let token = fake.github_token();
        planted.push((line, input.len(), token.clone()));
        input.push_str(&token);
        input.push('\n');
        line += 1;
    }
    let out = leakguard_in(
        std::path::Path::new("."),
        &["scan", "-", "-f", "json", "--show-secrets"],
        input.as_bytes(),
    );
    let report = json(&out);
    let mut found: Vec<(usize, usize, String)> = github_findings(&report)
        .iter()
        .map(|f| {
            (
                f["location"]["start_line"].as_u64().expect("line") as usize,
                f["location"]["start_byte"].as_u64().expect("byte") as usize,
                f["secret"].as_str().expect("secret").to_owned(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found.len(), planted.len(), "each token once");
    assert_eq!(found, planted);
    assert_eq!(report["stats"]["bytes_scanned"], input.len());
    assert_eq!(report["stats"]["files_scanned"], 1);
    assert_eq!(report["incomplete"], false);
}

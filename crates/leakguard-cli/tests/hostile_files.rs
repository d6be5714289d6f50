//! Hostile directories through the binary: FIFOs and devices that would block or never end if
//! read, symlink loops, a file name that is not UTF-8, a 4 GiB sparse file. Each run has a
//! deadline, so a hang fails the test; a key planted beside the hostile part must still be found.
//!
//! Already covered elsewhere, and not repeated here:
//! - a file made unreadable (chmod 000; skipped as root, who reads it anyway):
//!   `permission_denied_file_is_reported_when_not_root` (tests/scan.rs);
//! - a dangling symlink followed with `--follow`, and a path that does not exist:
//!   `unreadable_paths_are_reported_and_the_scan_goes_on` (tests/scan.rs);
//! - a directory symlink back to its parent: `symlink_loop_is_reported_and_not_followed_forever`
//!   (tests/scan.rs);
//! - a FIFO in the walk counted and not opened: `fifos_are_counted_and_never_opened`
//!   (tests/scan.rs; without a deadline, which the cases below add).
//!
//! A file replaced between the walk and the read cannot be timed from outside the binary. The
//! replacement that matters, a FIFO swapped in (whose opening blocks for ever), is pinned down in
//! the library, where the read can be called on the swapped path directly:
//! `a_fifo_swapped_in_after_the_walk_is_skipped_without_blocking` (leakguard-core, walk.rs).

mod common;

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::bounded::leakguard_bounded;
use common::{code, github_findings, json, stderr, stdout, write, Fake};

fn paths(report: &serde_json::Value) -> Vec<String> {
    let mut paths: Vec<String> = github_findings(report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn plant(dir: &Path, name: &str, seed: u64) {
    write(
        dir,
        name,
        format!("token = \"{}\"\n", Fake::new(seed).github_token()),
    );
}

/// Opening a FIFO for reading waits for a writer, and none comes; reading `/dev/zero` never ends.
/// Neither is opened, however it is reached: in the walk, through a followed symlink, or named on
/// the command line.
#[test]
fn fifos_and_devices_are_skipped_however_they_are_reached() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    mkfifo(&root.join("pipe"));
    symlink(root.join("pipe"), root.join("pipe-link")).expect("symlink");
    symlink("/dev/zero", root.join("zeros")).expect("symlink");
    symlink("/dev/urandom", root.join("noise")).expect("symlink");
    plant(root, "kept.txt", 800);

    let out = leakguard_bounded(root, &["scan", ".", "--follow", "-f", "json"]);
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&report), ["kept.txt"]);
    assert_eq!(report["stats"]["skipped_special"], 4, "{report:#}");
    assert_eq!(report["incomplete"], false);

    for named in [
        &["scan", "pipe"][..],
        &["scan", "pipe-link", "--follow"],
        &["scan", "zeros", "--follow"],
        &["scan", "/dev/zero"],
    ] {
        let mut args = named.to_vec();
        args.extend(["-f", "json"]);
        let out = leakguard_bounded(root, &args);
        let report = json(&out);
        assert_eq!(code(&out), 0, "{named:?}: {}", stderr(&out));
        assert_eq!(report["stats"]["skipped_special"], 1, "{named:?}");
    }
}

#[test]
fn two_directories_linked_into_each_other_are_walked_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    plant(root, "a/key.txt", 810);
    write(root, "b/notes.txt", "nothing here\n");
    symlink("../b", root.join("a/to-b")).expect("symlink");
    symlink("../a", root.join("b/to-a")).expect("symlink");

    let out = leakguard_bounded(root, &["scan", ".", "--follow", "-f", "json"]);
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Each key is found once per path the walk takes before it meets the loop, never more.
    let found = paths(&report);
    assert!(found.contains(&"a/key.txt".to_owned()), "{found:?}");
    assert!(found.len() <= 2, "{found:?}");
    assert!(stderr(&out).contains("symlink loop"), "{}", stderr(&out));
}

/// Linux file names are bytes; a name that is not UTF-8 is reported with U+FFFD in its place, and
/// every output format stays valid.
#[test]
fn a_file_name_that_is_not_utf8_is_reported_lossily_in_valid_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.txt");
    fs::write(
        dir.path().join(name),
        format!("token = \"{}\"\n", Fake::new(820).github_token()),
    )
    .expect("a non-UTF-8 name is a valid Linux file name");

    let out = leakguard_bounded(dir.path(), &["scan", ".", "-f", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&json(&out)), ["bad\u{FFFD}name.txt"]);

    let out = leakguard_bounded(dir.path(), &["scan", ".", "-f", "jsonl"]);
    let line: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap_or_default())
            .expect("each line is JSON");
    assert_eq!(line["origin"]["path"], "bad\u{FFFD}name.txt");

    let out = leakguard_bounded(dir.path(), &["scan", ".", "-f", "sarif"]);
    let sarif = json(&out);
    let errors: Vec<String> = common::sarif_schema_validator()
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    let out = leakguard_bounded(dir.path(), &["scan", "."]);
    assert!(
        stdout(&out).contains("bad\u{FFFD}name.txt"),
        "{}",
        stdout(&out)
    );
}

/// A 4 GiB file that takes no disk: its size decides before a byte is read. Raised past its size,
/// the limit lets it through to the binary check, whose first 8 KiB are NULs: it is skipped as a
/// binary, as any file starting with NULs is, after that one small read; only `--binary` would
/// read it all (which this test does not ask for: 4 GiB of memory and time for no gain here).
#[test]
fn a_sparse_4gib_file_is_too_large_at_once_and_never_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("disk.img");
    let file = fs::File::create(&path).expect("create");
    let size: u64 = 4 << 30;
    file.set_len(size).expect("a sparse file");
    let key = format!("token = \"{}\"\n", Fake::new(830).github_token());
    std::os::unix::fs::FileExt::write_at(&file, key.as_bytes(), size - 4096)
        .expect("write near the end");
    drop(file);
    plant(dir.path(), "kept.txt", 831);

    let started = Instant::now();
    let out = leakguard_bounded(dir.path(), &["scan", ".", "-f", "json"]);
    eprintln!("default limit: {:?}", started.elapsed());
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&report), ["kept.txt"]);
    assert_eq!(report["incomplete"], true);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["path"], "disk.img");
    assert_eq!(diagnostics[0]["kind"], "too-large");
    assert_eq!(diagnostics[0]["size"], size);
    assert_eq!(diagnostics[0]["limit"], 100u64 << 20);

    let started = Instant::now();
    let out = leakguard_bounded(
        dir.path(),
        &["scan", "disk.img", "--max-file-size", "5G", "-f", "json"],
    );
    eprintln!("--max-file-size 5G: {:?}", started.elapsed());
    let report = json(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(report["stats"]["skipped_binary"], 1);
    assert_eq!(report["stats"]["bytes_scanned"], 0);
}

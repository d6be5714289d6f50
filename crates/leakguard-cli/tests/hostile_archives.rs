//! Hostile archives through the binary: a 42.zip, nesting a hundred deep, headers that lie about
//! sizes, entry names that climb out of the directory, and link loops inside a tar. Each run has a
//! deadline (and, for the bombs, a memory ceiling); a key planted beside the hostile part must
//! still be found.
//!
//! Already covered elsewhere, and not repeated here:
//! - one bomb entry stopped by the ratio, the next entry read, exit 3 without findings:
//!   `a_zip_bomb_entry_stops_at_the_ratio_limit_and_the_rest_is_scanned` (tests/archives.rs);
//! - nesting past `--archive-max-depth`, raised and lowered:
//!   `nesting_deeper_than_the_limit_is_reported_and_can_be_raised` (tests/archives.rs);
//! - a nest of copies running out of bytes once:
//!   `a_nest_of_copies_runs_out_of_bytes_once_and_stops` (leakguard-core, archive/mod.rs);
//! - a central directory claiming gigabytes or too little, one header at a time:
//!   `a_header_claiming_gigabytes_allocates_nothing_by_it` and
//!   `a_header_claiming_too_little_is_corrupt` (leakguard-core, archive/zip.rs);
//! - `..` and absolute names reported as given, in the library:
//!   `traversal_and_absolute_names_are_reported_as_given` (leakguard-core, archive/zip.rs and
//!   archive/tar.rs).

mod common;

use std::io::{Cursor, Write};
use std::path::Path;

use common::archives::{gz_of, zip_of};
use common::bounded::{leakguard_bounded, leakguard_capped};
use common::{code, github_findings, json, stderr, write, Fake};

/// Address space the bomb runs may use: far above what bounded expansion needs, far below what
/// any unbounded one would.
const MEMORY_CEILING_MIB: u64 = 1024;

fn paths(report: &serde_json::Value) -> Vec<String> {
    let mut paths: Vec<String> = github_findings(report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn diagnostics(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .clone()
}

fn token_line(seed: u64) -> String {
    format!("GITHUB_TOKEN={}\n", Fake::new(seed).github_token())
}

/// 16 copies of `inner`, each its own entry.
fn sixteen_copies(inner: &[u8], level: usize) -> Vec<u8> {
    let names: Vec<String> = (0..16).map(|i| format!("l{level}-{i:02}.zip")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), inner)).collect();
    zip_of(&entries)
}

/// A 42.zip in the making: a leaf of 4 MiB of zeros, then four levels of 16 copies of the level
/// below: 65,536 leaves, 256 GiB unpacked, from a few tens of KiB.
fn bomb() -> Vec<u8> {
    let mut level = zip_of(&[("zeros.txt", &vec![b'0'; 4 << 20])]);
    for depth in 1..=4 {
        level = sixteen_copies(&level, depth);
    }
    assert!(
        level.len() < 256 * 1024,
        "the bomb is small: {}",
        level.len()
    );
    level
}

#[test]
fn a_42_zip_stops_at_each_limit_with_the_nested_path_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "42.zip", bomb());
    write(dir.path(), "kept.env", token_line(700));

    // The default depth stops it at the third level, before a byte of zeros is read.
    let out = leakguard_capped(
        dir.path(),
        &["scan", ".", "-f", "json", "--threads", "2"],
        MEMORY_CEILING_MIB,
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&report), ["kept.env"]);
    assert_eq!(report["incomplete"], true);
    let problems = diagnostics(&report);
    assert_eq!(problems.len(), 16 * 16 * 16, "one per archive left closed");
    for problem in &problems {
        assert_eq!(problem["problem"], "too-deep", "{problem}");
        assert_eq!(problem["limit"], 3);
        let path = problem["path"].as_str().unwrap_or_default();
        assert!(
            path.starts_with("42.zip!l4-") && path.matches('!').count() == 3,
            "{path}"
        );
    }
    assert!(stderr(&out).contains("--archive-max-depth"));

    // Opened all the way down: each leaf trips the ratio past its first MiB, and the byte budget
    // stops the whole nest once.
    let out = leakguard_capped(
        dir.path(),
        &[
            "scan",
            ".",
            "-f",
            "json",
            "--threads",
            "2",
            "--archive-max-depth",
            "10",
        ],
        MEMORY_CEILING_MIB,
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&report), ["kept.env"]);
    let problems = diagnostics(&report);
    let budget: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["problem"] == "too-many-bytes")
        .collect();
    assert_eq!(budget.len(), 1, "the budget is reported once");
    assert_eq!(budget[0]["limit"], 1u64 << 30);
    for problem in &problems {
        let path = problem["path"].as_str().unwrap_or_default();
        assert!(path.starts_with("42.zip!"), "{path}");
        if problem["problem"] == "ratio-exceeded" {
            assert!(path.ends_with("!zeros.txt"), "{path}");
            assert_eq!(problem["limit"], 100);
        } else {
            assert_eq!(problem["problem"], "too-many-bytes", "{problem}");
        }
    }
    // At least a MiB per leaf before the ratio applies, so the 1 GiB budget allows about a
    // thousand leaves of the 65,536.
    assert!(problems.len() < 1100, "{}", problems.len());

    // With the ratio out of the way, a smaller byte budget is what stops it.
    let out = leakguard_capped(
        dir.path(),
        &[
            "scan",
            ".",
            "-f",
            "json",
            "--threads",
            "2",
            "--archive-max-depth",
            "10",
            "--archive-max-ratio",
            "1000000",
            "--archive-max-bytes",
            "64M",
        ],
        MEMORY_CEILING_MIB,
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let problems = diagnostics(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["problem"], "too-many-bytes");
    assert_eq!(problems[0]["limit"], 64u64 << 20);
    assert!(
        problems[0]["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("42.zip!l4-00.zip!")),
        "{problems:?}"
    );
    assert!(stderr(&out).contains("--archive-max-bytes"));
}

#[test]
fn an_archive_nested_a_hundred_deep_stops_at_the_depth_limit_and_its_top_key_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut archive = zip_of(&[("bottom.txt", b"nothing to see\n")]);
    for level in 1..100 {
        archive = zip_of(&[(&format!("n{level}.zip"), &archive)]);
    }
    let key = token_line(710);
    let archive = zip_of(&[("key.env", key.as_bytes()), ("n100.zip", &archive)]);
    write(dir.path(), "deep.zip", archive);

    let out = leakguard_bounded(dir.path(), &["scan", ".", "-f", "json"]);
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&report), ["deep.zip!key.env"]);
    let problems = diagnostics(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["path"], "deep.zip!n100.zip!n99.zip!n98.zip");
    assert_eq!(problems[0]["problem"], "too-deep");
    assert_eq!(problems[0]["limit"], 3);

    // The deepest depth allowed still stops it, at that depth.
    let out = leakguard_bounded(
        dir.path(),
        &["scan", ".", "-f", "json", "--archive-max-depth", "32"],
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let problems = diagnostics(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["limit"], 32);
    let path = problems[0]["path"].as_str().unwrap_or_default();
    assert!(path.ends_with("!n70.zip!n69.zip"), "{path}");
    assert_eq!(path.matches('!').count(), 32, "one name per level: {path}");
}

/// Each level of nesting is a level of recursion: a chain of 300 gzip streams with
/// `--archive-max-depth 1000` overflowed the stack and aborted the whole scan. Depths past the
/// ceiling are refused, and the ceiling itself holds on the default 2 MiB thread stacks.
#[test]
fn a_depth_past_the_ceiling_is_refused_and_the_ceiling_does_not_exhaust_the_stack() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut stream = b"the bottom of the chain\n".to_vec();
    for _ in 0..300 {
        stream = gz_of(&stream);
    }
    write(dir.path(), "chain.gz", stream);
    write(dir.path(), "kept.env", token_line(720));

    let out = leakguard_bounded(dir.path(), &["scan", ".", "--archive-max-depth", "1000"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("0..=32"), "{}", stderr(&out));

    let out = leakguard_bounded(
        dir.path(),
        &["scan", ".", "-f", "json", "--archive-max-depth", "32"],
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(paths(&report), ["kept.env"]);
    let problems = diagnostics(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["problem"], "too-deep");
    assert_eq!(problems[0]["limit"], 32);
    let path = problems[0]["path"].as_str().unwrap_or_default();
    assert!(path.starts_with("chain.gz!chain!"), "{path}");
    assert_eq!(path.matches('!').count(), 32, "one name per level: {path}");
}

/// Offsets of every occurrence of `needle` in `haystack`.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

fn patch_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// A zip of stored entries, whose sizes sit in plain sight in both headers.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip entry starts");
        writer.write_all(bytes).expect("zip entry is written");
    }
    writer.finish().expect("zip is finished").into_inner()
}

#[test]
fn entries_whose_headers_lie_about_their_size_are_never_trusted() {
    const LOCAL: &[u8] = b"PK\x03\x04";
    const CENTRAL: &[u8] = b"PK\x01\x02";
    let dir = tempfile::tempdir().expect("tempdir");
    let (big, small, far) = (token_line(730), token_line(731), token_line(732));
    let honest = token_line(733);
    let mut zip = stored_zip(&[
        ("claims-4gb.env", big.as_bytes()),
        ("claims-3-bytes.env", small.as_bytes()),
        ("claims-data-past-the-end.env", far.as_bytes()),
        ("honest.env", honest.as_bytes()),
    ]);
    let locals = find_all(&zip, LOCAL);
    let centrals = find_all(&zip, CENTRAL);
    assert_eq!((locals.len(), centrals.len()), (4, 4));
    // Uncompressed size: at 22 in a local header, 24 in a central one; compressed: 18 and 20.
    for (local, central, size) in [
        (locals[0], centrals[0], 0xFFFF_FFF0),
        (locals[1], centrals[1], 3),
    ] {
        patch_u32(&mut zip, local + 22, size);
        patch_u32(&mut zip, central + 24, size);
    }
    patch_u32(&mut zip, locals[2] + 18, 0x7FFF_FFFF);
    patch_u32(&mut zip, centrals[2] + 20, 0x7FFF_FFFF);
    write(dir.path(), "liar.zip", zip);

    let out = leakguard_capped(
        dir.path(),
        &["scan", ".", "-f", "json", "--threads", "2"],
        MEMORY_CEILING_MIB,
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // A claim of gigabytes allocates nothing and the real bytes are read; a claim too small, or
    // of data past the end, is caught by what is read and reported by name. Never believed,
    // never skipped in silence.
    assert_eq!(
        paths(&report),
        ["liar.zip!claims-4gb.env", "liar.zip!honest.env"]
    );
    let problems: Vec<(String, String)> = diagnostics(&report)
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap_or_default().to_owned(),
                p["problem"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "liar.zip!claims-3-bytes.env".to_owned(),
                "corrupt".to_owned()
            ),
            (
                "liar.zip!claims-data-past-the-end.env".to_owned(),
                "corrupt".to_owned()
            ),
        ]
    );
    assert_eq!(report["incomplete"], true);
}

/// A ustar archive of `(name, kind, link target, bytes)`, names written byte for byte: the `tar`
/// crate's own builder refuses `..`, which is the point here.
fn raw_tar(entries: &[(&str, tar::EntryType, &str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, kind, target, bytes) in entries {
        let mut header = tar::Header::new_ustar();
        header.as_mut_bytes()[..name.len()].copy_from_slice(name.as_bytes());
        header.as_mut_bytes()[157..157 + target.len()].copy_from_slice(target.as_bytes());
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(*kind);
        header.set_cksum();
        builder
            .append(&header, *bytes)
            .expect("tar entry is written");
    }
    builder.into_inner().expect("tar is finished")
}

/// Every path under `root`, relative to it, sorted.
fn tree_of(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path.clone());
            }
            let relative = path.strip_prefix(root).expect("under root");
            found.push(relative.display().to_string());
        }
    }
    found.sort();
    found
}

#[test]
fn names_that_climb_out_or_are_absolute_are_scanned_as_names_and_never_written() {
    let root = tempfile::tempdir().expect("tempdir");
    let scan_dir = root.path().join("work/scan");
    let unique = format!("leakguard-hostile-{}", std::process::id());
    let absolute = format!("/{unique}/x.env");
    let (a, b) = (token_line(740), token_line(741));
    let names = ["../../etc/passwd", absolute.as_str()];
    write(
        &scan_dir,
        "evil.zip",
        zip_of(&[(names[0], a.as_bytes()), (names[1], b.as_bytes())]),
    );
    write(
        &scan_dir,
        "evil.tar",
        raw_tar(&[
            (names[0], tar::EntryType::Regular, "", a.as_bytes()),
            (names[1], tar::EntryType::Regular, "", b.as_bytes()),
        ]),
    );
    let before = tree_of(root.path());

    let out = leakguard_bounded(&scan_dir, &["scan", ".", "-f", "json"]);
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let mut expected: Vec<String> = ["evil.tar", "evil.zip"]
        .iter()
        .flat_map(|archive| names.iter().map(move |n| format!("{archive}!{n}")))
        .collect();
    expected.sort();
    assert_eq!(paths(&report), expected);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
    assert_eq!(tree_of(root.path()), before, "nothing was written");
    assert!(!Path::new(&format!("/{unique}")).exists());
}

#[test]
fn a_tar_whose_links_point_at_each_other_or_themselves_ends_and_its_files_are_scanned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = token_line(750);
    let tar = raw_tar(&[
        ("a", tar::EntryType::Link, "b", b""),
        ("b", tar::EntryType::Link, "a", b""),
        ("self", tar::EntryType::Symlink, "self", b""),
        ("loop/", tar::EntryType::Symlink, ".", b""),
        ("up", tar::EntryType::Symlink, "..", b""),
        ("real/key.env", tar::EntryType::Regular, "", key.as_bytes()),
        ("after-the-loop", tar::EntryType::Link, "real/key.env", b""),
    ]);
    write(dir.path(), "links.tar", &tar);
    write(dir.path(), "links.tar.gz", gz_of(&tar));

    let out = leakguard_bounded(dir.path(), &["scan", ".", "-f", "json"]);
    let report = json(&out);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        paths(&report),
        ["links.tar!real/key.env", "links.tar.gz!real/key.env"]
    );
    // A link holds only a name; skipping it leaves no byte unscanned.
    assert!(diagnostics(&report).is_empty(), "{report:#}");
    assert_eq!(report["incomplete"], false);
}

//! Hostile repositories through `leakguard git` (history mode): packs with corrupt deltas or cut
//! short, trees that nest absurdly deep, name missing subtrees, hold 100,000 entries or name one
//! subtree over and over, a blob over the size limit, refs to objects that do not exist.
//!
//! Each repository keeps a key on a branch of its own, beside the hostile part: the first scan
//! must find it (exit 1) while naming the bad object by id and calling the scan incomplete; with
//! that branch deleted, the same repository must exit 3, never 0. Every run has a deadline.
//!
//! Already covered elsewhere, and not repeated here:
//! - a loose object that does not inflate:
//!   `a_loose_object_that_does_not_inflate_is_reported_and_the_rest_scanned`
//!   (tests/git_layouts.rs);
//! - a missing loose blob: `a_missing_object_is_reported_by_id_and_the_rest_is_scanned`
//!   (tests/git.rs).

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::bounded::leakguard_bounded;
use common::repo::{commit, git, init};
use common::{code, github_findings, json, stderr, Fake};

/// A repository whose `side` branch holds `kept.txt` with a key, and whose `main` holds a README;
/// the tests then make `main` hostile.
fn repo_with_a_key_on_a_side_branch(seed: u64) -> tempfile::TempDir {
    let repo = init();
    let dir = repo.path();
    fs::write(dir.join("README"), "hello\n").expect("write");
    commit(dir, "readme", 1);
    git(dir, &["checkout", "-q", "-b", "side"]);
    fs::write(
        dir.join("kept.txt"),
        format!("token = \"{}\"\n", Fake::new(seed).github_token()),
    )
    .expect("write");
    commit(dir, "key", 2);
    git(dir, &["checkout", "-q", "main"]);
    repo
}

/// Scans `dir` with `extra` flags: exit code, report and stderr.
fn scan(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec!["git", ".", "--format", "json"];
    args.extend(extra);
    let out = leakguard_bounded(dir, &args);
    (code(&out), json(&out), stderr(&out))
}

/// The contract for a repository with something unreadable: each of `ids` is named on stderr and
/// in a diagnostic, the key on `side` is found (exit 1), the scan is incomplete, and once `side`
/// is gone the exit code is 3.
fn assert_reported_and_the_rest_scanned(dir: &Path, ids: &[&str], extra: &[&str]) {
    let (status, report, err) = scan(dir, extra);
    assert_eq!(status, 1, "{err}");
    let found: Vec<String> = github_findings(&report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(found, ["kept.txt"], "{err}");
    assert_eq!(report["incomplete"], true, "{report:#}");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    for id in ids {
        assert!(err.contains(id), "{id} is named: {err}");
        assert!(
            diagnostics
                .iter()
                .any(|d| d["path"].as_str().is_some_and(|p| p.contains(id))),
            "{id} has a diagnostic: {diagnostics:?}"
        );
    }

    git(dir, &["update-ref", "-d", "refs/heads/side"]);
    let (status, report, err) = scan(dir, extra);
    assert_eq!(status, 3, "incomplete, never clean: {err}");
    assert!(github_findings(&report).is_empty());
}

/// Runs git with `input` on its stdin; returns its stdout, trimmed.
fn git_with_input(dir: &Path, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ada Tester")
        .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
        .env("GIT_COMMITTER_NAME", "Ada Tester")
        .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
        .env("GIT_AUTHOR_DATE", "2024-01-10T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-10T12:00:00Z")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git runs");
    let mut stdin = child.stdin.take().expect("piped");
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("git finishes");
    feeder
        .join()
        .expect("no panic")
        .expect("git reads its input");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Makes `tree` the tip of `main`, as a commit on top of the current one.
fn commit_tree_on_main(dir: &Path, tree: &str) -> String {
    let head = git(dir, &["rev-parse", "main"]);
    let commit = git_with_input(
        dir,
        &["commit-tree", tree, "-p", &head, "-m", "hostile"],
        b"",
    );
    git(dir, &["update-ref", "refs/heads/main", &commit]);
    commit
}

/// A blob holding `bytes`, written to the object database.
fn blob(dir: &Path, bytes: &[u8]) -> String {
    git_with_input(dir, &["hash-object", "-w", "--stdin"], bytes)
}

/// A tree of `lines` in `git ls-tree` form (`mode type id\tname`).
fn mktree(dir: &Path, lines: &[String], missing: bool) -> String {
    let mut args = vec!["mktree"];
    if missing {
        args.push("--missing");
    }
    git_with_input(dir, &args, format!("{}\n", lines.join("\n")).as_bytes())
}

/// Deterministic text, different for each `seed`, that compresses about as badly as code does.
fn text(seed: u64, lines: usize) -> String {
    let mut fake = Fake::new(seed);
    (0..lines)
        .map(|i| format!("line {i} {}\n", fake.chars(common::BASE62, 60)))
        .collect()
}

/// One object of a pack, as `git verify-pack -v` lists it.
#[derive(Debug, Clone)]
struct PackObject {
    id: String,
    kind: String,
    in_pack: usize,
    offset: usize,
    is_delta: bool,
}

/// The newest pack of `dir` and its objects in pack order.
fn newest_pack(dir: &Path) -> (PathBuf, Vec<PackObject>) {
    let pack_dir = dir.join(".git/objects/pack");
    let mut packs: Vec<(std::time::SystemTime, PathBuf)> = fs::read_dir(&pack_dir)
        .expect("pack dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .map(|p| {
            (
                fs::metadata(&p).and_then(|m| m.modified()).expect("mtime"),
                p,
            )
        })
        .collect();
    packs.sort();
    let pack = packs.pop().expect("a pack").1;
    let idx = pack.with_extension("idx");
    let listing = git(
        dir,
        &["verify-pack", "-v", idx.to_str().expect("utf-8 path")],
    );
    let mut objects: Vec<PackObject> = listing
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let is_object = fields
                .first()
                .is_some_and(|f| f.len() == 40 && f.bytes().all(|b| b.is_ascii_hexdigit()));
            is_object.then(|| PackObject {
                id: fields[0].to_owned(),
                kind: fields[1].to_owned(),
                in_pack: fields[3].parse().expect("size in pack"),
                offset: fields[4].parse().expect("offset"),
                is_delta: fields.len() == 7,
            })
        })
        .collect();
    objects.sort_by_key(|o| o.offset);
    (pack, objects)
}

/// Where the zlib data of the pack entry at `offset` starts: past its type-and-size header and,
/// for a delta, the reference to its base.
fn entry_data_start(pack: &[u8], offset: usize) -> usize {
    let kind = (pack[offset] >> 4) & 7;
    let mut at = offset;
    while pack[at] & 0x80 != 0 {
        at += 1;
    }
    at += 1;
    match kind {
        // OFS_DELTA: a variable-length negative offset.
        6 => {
            while pack[at] & 0x80 != 0 {
                at += 1;
            }
            at + 1
        }
        // REF_DELTA: the base's id.
        7 => at + 20,
        _ => at,
    }
}

fn writable(path: &Path) {
    let mut permissions = fs::metadata(path).expect("stat").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    fs::set_permissions(path, permissions).expect("chmod");
}

/// Six versions of `big.txt` on `main`, each with a different first line (so every delta holds
/// an insertion), packed with deltas up to 10 deep. Returns the delta blob with the most data.
fn repo_with_a_delta_chain(seed: u64) -> (tempfile::TempDir, PathBuf, PackObject) {
    let repo = repo_with_a_key_on_a_side_branch(seed);
    let dir = repo.path();
    let body = text(seed, 300);
    for version in 0..6u32 {
        let first = text(seed + 1 + u64::from(version), 2);
        fs::write(dir.join("big.txt"), format!("{first}{body}")).expect("write");
        commit(dir, "edit", 3 + version);
    }
    git(dir, &["repack", "-a", "-d", "-f", "-q", "--depth=10"]);
    let (pack, objects) = newest_pack(dir);
    let delta = objects
        .into_iter()
        .filter(|o| o.kind == "blob" && o.is_delta)
        .max_by_key(|o| o.in_pack)
        .expect("git deltified the versions");
    (repo, pack, delta)
}

#[test]
fn a_delta_whose_data_does_not_inflate_is_reported_by_id_and_the_rest_scanned() {
    let (repo, pack, delta) = repo_with_a_delta_chain(900);
    let mut bytes = fs::read(&pack).expect("read pack");
    let data = entry_data_start(&bytes, delta.offset);
    // Past the two-byte zlib header, into the deflate stream; the .idx still finds the object.
    for byte in &mut bytes[data + 2..data + 8] {
        *byte ^= 0xFF;
    }
    writable(&pack);
    fs::write(&pack, bytes).expect("corrupt the pack");

    assert_reported_and_the_rest_scanned(repo.path(), &[&delta.id], &[]);
}

/// The delta inflates, but its one instruction copies more bytes than its base holds: a reader
/// that trusted it would read past the base.
#[test]
fn a_delta_that_copies_past_its_base_is_reported_by_id_and_the_rest_scanned() {
    let (repo, pack, delta) = repo_with_a_delta_chain(910);
    let mut bytes = fs::read(&pack).expect("read pack");
    let data = entry_data_start(&bytes, delta.offset);
    let mut inflater = flate2::Decompress::new(true);
    let mut instructions = Vec::with_capacity(1 << 16);
    inflater
        .decompress_vec(
            &bytes[data..],
            &mut instructions,
            flate2::FlushDecompress::Finish,
        )
        .expect("the delta inflates");
    let slot = usize::try_from(inflater.total_in()).expect("small");
    let (base_size, after_base) = varint(&instructions, 0);
    let (result_size, _) = varint(&instructions, after_base);
    let copy_len = base_size + 1;
    assert!(copy_len <= 0xFFFF, "{base_size}");
    let mut hostile = encode_varint(base_size);
    hostile.extend(encode_varint(result_size));
    // A copy: offset 0 (no offset bytes), length in two bytes. Padded to the length the entry's
    // header declares, so that the copy is what fails; the padding is never reached.
    hostile.extend([0x80 | 0x10 | 0x20, copy_len as u8, (copy_len >> 8) as u8]);
    assert!(hostile.len() <= instructions.len());
    hostile.resize(instructions.len(), 0);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&hostile).expect("in memory");
    let compressed = encoder.finish().expect("in memory");
    assert!(compressed.len() <= slot, "{} > {slot}", compressed.len());
    bytes[data..data + compressed.len()].copy_from_slice(&compressed);
    writable(&pack);
    fs::write(&pack, bytes).expect("corrupt the pack");

    assert_reported_and_the_rest_scanned(repo.path(), &[&delta.id], &[]);
}

/// A delta's size header: 7 bits a byte, least significant first.
fn varint(bytes: &[u8], mut at: usize) -> (usize, usize) {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = bytes[at];
        at += 1;
        value |= usize::from(byte & 0x7F) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return (value, at);
        }
    }
}

fn encode_varint(mut value: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[test]
fn a_pack_cut_short_reports_the_objects_it_lost_by_id_and_the_rest_scanned() {
    let repo = repo_with_a_key_on_a_side_branch(920);
    let dir = repo.path();
    // Everything so far in one pack; the next commit's objects alone in a second one, cut short.
    git(dir, &["repack", "-a", "-d", "-q"]);
    fs::write(dir.join("big.txt"), text(921, 200)).expect("write");
    commit(dir, "big", 3);
    git(dir, &["repack", "-d", "-q"]);
    let (pack, objects) = newest_pack(dir);
    let big = git(dir, &["rev-parse", "HEAD:big.txt"]);
    let cut = objects
        .iter()
        .find(|o| o.id == big)
        .expect("the blob is in the new pack")
        .offset
        + 20;
    assert!(objects[0].kind == "commit" && objects[0].offset < cut);
    let bytes = fs::read(&pack).expect("read pack");
    writable(&pack);
    fs::write(&pack, &bytes[..cut]).expect("cut the pack");

    // Git writes the tree after the blobs; the walk then stops at the lost tree, and the blob
    // below it is never met. Whichever comes first on the way down is the one named.
    let lost_tree = objects.iter().find(|o| o.kind == "tree" && o.offset >= cut);
    let named = lost_tree.map_or(big.as_str(), |tree| tree.id.as_str());
    assert_reported_and_the_rest_scanned(dir, &[named], &[]);
}

#[test]
fn a_tree_that_names_a_missing_subtree_is_reported_by_id_and_the_rest_scanned() {
    let repo = repo_with_a_key_on_a_side_branch(930);
    let dir = repo.path();
    let readme = git(dir, &["rev-parse", "HEAD:README"]);
    let ghost = "0123456789abcdef0123456789abcdef01234567";
    let tree = mktree(
        dir,
        &[
            format!("100644 blob {readme}\tREADME"),
            format!("040000 tree {ghost}\tghost"),
        ],
        true,
    );
    commit_tree_on_main(dir, &tree);

    assert_reported_and_the_rest_scanned(dir, &[ghost], &[]);
}

/// The blob walk keeps its own stack, so depth costs memory, not the thread's stack. (Git's own
/// `write-tree` still manages 5,000; at 40,000 it overflows its stack.)
#[test]
fn a_tree_5000_directories_deep_is_walked_to_the_bottom() {
    let repo = repo_with_a_key_on_a_side_branch(940);
    let dir = repo.path();
    let key = blob(
        dir,
        format!("token = \"{}\"\n", Fake::new(941).github_token()).as_bytes(),
    );
    let path = format!("{}leaf.txt", "d/".repeat(5000));
    git_with_input(
        dir,
        &["update-index", "--add", "--index-info"],
        format!("100644 blob {key}\t{path}\n").as_bytes(),
    );
    let tree = git(dir, &["write-tree"]);
    commit_tree_on_main(dir, &tree);

    let (status, report, err) = scan(dir, &[]);
    assert_eq!(status, 1, "{err}");
    let mut found: Vec<String> = github_findings(&report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    found.sort();
    assert_eq!(found, [path.as_str(), "kept.txt"]);
    assert_eq!(report["incomplete"], false, "{err}");
}

/// A tree can name one subtree twice, and that one another twice: 30 levels of trees hold 2^30
/// paths. The blob walk reads each tree once; the search for the other places a blob with a
/// finding entered history used to follow every path, for hours and gigabytes. It now stops at
/// its cap, says so (without calling the scan incomplete: every blob was scanned), and does not
/// search a doubled subtree twice when it adds nothing.
#[test]
fn a_tree_that_names_one_subtree_over_and_over_is_walked_once_and_its_places_capped() {
    for key_in_the_leaf in [true, false] {
        let repo = repo_with_a_key_on_a_side_branch(950);
        let dir = repo.path();
        let key = format!("token = \"{}\"\n", Fake::new(951).github_token());
        let leaf_text = if key_in_the_leaf {
            key.clone()
        } else {
            "harmless\n".to_owned()
        };
        let leaf = blob(dir, leaf_text.as_bytes());
        let mut tree = mktree(dir, &[format!("100644 blob {leaf}\tleaf.txt")], false);
        for _ in 0..30 {
            tree = mktree(
                dir,
                &[
                    format!("040000 tree {tree}\ta"),
                    format!("040000 tree {tree}\tb"),
                ],
                false,
            );
        }
        let beside = blob(dir, key.as_bytes());
        let root = if key_in_the_leaf {
            tree
        } else {
            mktree(
                dir,
                &[
                    format!("040000 tree {tree}\tbomb"),
                    format!("100644 blob {beside}\tbeside.txt"),
                ],
                false,
            )
        };
        let hostile = commit_tree_on_main(dir, &root);

        let (status, report, err) = scan(dir, &[]);
        assert_eq!(status, 1, "{err}");
        assert_eq!(report["incomplete"], false, "{err}");
        let findings = github_findings(&report);
        let hostile_finding = findings
            .iter()
            .find(|f| f["origin"]["path"] != "kept.txt")
            .expect("the key in the hostile commit is found");
        let others = hostile_finding["other_occurrences"]
            .as_array()
            .map_or(0, Vec::len);
        let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
        if key_in_the_leaf {
            assert!((999..=1000).contains(&others), "{others}");
            assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
            assert_eq!(diagnostics[0]["kind"], "too-many-places");
            assert_eq!(diagnostics[0]["path"], format!("commit {hostile}"));
            assert_eq!(diagnostics[0]["limit"], 1000);
        } else {
            assert_eq!(hostile_finding["origin"]["path"], "beside.txt");
            assert_eq!(others, 0);
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
        }
    }
}

#[test]
fn a_tree_of_100000_entries_is_scanned_whole() {
    let repo = repo_with_a_key_on_a_side_branch(960);
    let dir = repo.path();
    // 100,000 distinct small blobs in one fast-import run, then one tree naming them all.
    let mut stream = String::new();
    for i in 0..100_000 {
        let content = format!("file {i}\n");
        stream.push_str(&format!(
            "blob\nmark :{}\ndata {}\n{content}",
            i + 1,
            content.len()
        ));
    }
    let marks = dir.join("marks");
    let marks_arg = format!("--export-marks={}", marks.display());
    git_with_input(
        dir,
        &["fast-import", "--quiet", &marks_arg],
        stream.as_bytes(),
    );
    let key = blob(
        dir,
        format!("token = \"{}\"\n", Fake::new(961).github_token()).as_bytes(),
    );
    let mut lines: Vec<String> = fs::read_to_string(&marks)
        .expect("marks")
        .lines()
        .map(|line| {
            let (mark, id) = line.split_once(' ').expect("`:mark id`");
            format!(
                "100644 blob {id}\tf{:06}.txt",
                &mark[1..].parse::<u32>().expect("mark")
            )
        })
        .collect();
    lines.push(format!("100644 blob {key}\tkey.txt"));
    fs::remove_file(&marks).expect("rm marks");
    let tree = mktree(dir, &lines, false);
    commit_tree_on_main(dir, &tree);

    let (status, report, err) = scan(dir, &[]);
    assert_eq!(status, 1, "{err}");
    let mut found: Vec<String> = github_findings(&report)
        .iter()
        .map(|f| f["origin"]["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    found.sort();
    assert_eq!(found, ["kept.txt", "key.txt"]);
    assert_eq!(report["incomplete"], false, "{err}");
    // README, kept.txt, key.txt and the 100,000.
    assert_eq!(report["stats"]["files_scanned"], 100_003);
}

/// The size comes from the object's header, before anything is inflated: a blob whose data is
/// cut off right after its header is still reported too large, not unreadable.
#[test]
fn a_blob_over_the_size_limit_is_reported_by_id_from_its_header() {
    let repo = repo_with_a_key_on_a_side_branch(970);
    let dir = repo.path();
    fs::write(dir.join("big.txt"), text(971, 150)).expect("write");
    commit(dir, "big", 3);
    let big = git(dir, &["rev-parse", "HEAD:big.txt"]);
    let size = fs::metadata(dir.join("big.txt")).expect("stat").len();
    assert!(size > 10_000, "{size}");
    let limit = ["--max-file-size", "1K"];

    let (status, report, err) = scan(dir, &limit);
    assert_eq!(status, 1, "{err}");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["path"], format!("big.txt (blob {big})"));
    assert_eq!(diagnostics[0]["kind"], "too-large");
    assert_eq!(diagnostics[0]["size"], size);
    assert_eq!(diagnostics[0]["limit"], 1024);

    let object = dir.join(".git/objects").join(&big[..2]).join(&big[2..]);
    let loose = fs::read(&object).expect("a loose object");
    writable(&object);
    fs::write(&object, &loose[..64]).expect("cut the object after its header");
    let (_, report, _) = scan(dir, &limit);
    assert_eq!(report["diagnostics"][0]["kind"], "too-large");
    assert_reported_and_the_rest_scanned(dir, &[&big], &limit);
}

#[test]
fn refs_to_objects_that_do_not_exist_are_reported_by_id_and_the_rest_scanned() {
    let repo = repo_with_a_key_on_a_side_branch(980);
    let dir = repo.path();
    let loose = "1111111111111111111111111111111111111111";
    let packed = "2222222222222222222222222222222222222222";
    fs::write(dir.join(".git/refs/heads/ghost"), format!("{loose}\n")).expect("write ref");
    fs::write(
        dir.join(".git/packed-refs"),
        format!("# pack-refs with: peeled fully-peeled sorted \n{packed} refs/tags/phantom\n"),
    )
    .expect("write packed-refs");

    let (_, _, err) = scan(dir, &[]);
    assert!(
        err.contains(&format!("{loose} (ref refs/heads/ghost)")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{packed} (ref refs/tags/phantom)")),
        "{err}"
    );
    assert_reported_and_the_rest_scanned(dir, &[loose, packed], &[]);
}

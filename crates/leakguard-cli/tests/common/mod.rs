//! Shared helpers for the CLI tests: run the real binary, and generate fake credentials that
//! match real formats (checksums included) so no real secret is ever stored.

#![allow(dead_code)]

pub mod archives;
pub mod bounded;
pub mod repo;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `leakguard` with `args` in `dir`, feeding `stdin`.
pub fn leakguard_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leakguard"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the leakguard binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin).expect("stdin accepts the input");
    drop(input);
    child.wait_with_output().expect("leakguard finishes")
}

/// Runs `leakguard` with `args` in the workspace root.
pub fn leakguard(args: &[&str]) -> Output {
    leakguard_in(&workspace_root(), args, b"")
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root exists")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("leakguard exits normally, not by a signal")
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

/// Whether a JSON finding comes from one of the GitHub token rules (the fakes tests plant).
pub fn is_github(finding: &serde_json::Value) -> bool {
    finding["rule"]
        .as_str()
        .is_some_and(|r| r.starts_with("github."))
}

/// The GitHub-rule findings of a JSON report.
pub fn github_findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| is_github(f))
        .cloned()
        .collect()
}

/// A deterministic pseudo-random generator (xorshift), so fakes differ per seed but tests repeat.
pub struct Fake(u64);

impl Fake {
    pub fn new(seed: u64) -> Fake {
        Fake(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }

    /// A `ghp_` token with a valid CRC32 checksum, in GitHub's format.
    pub fn github_token(&mut self) -> String {
        let random = self.chars(BASE62, 30);
        format!("ghp_{random}{}", base62_checksum(random.as_bytes()))
    }
}

pub const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn base62_checksum(random: &[u8]) -> String {
    let mut n = crc32(random);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The official SARIF 2.1.0 schema (testdata/sarif), with format checks on.
pub fn sarif_schema_validator() -> jsonschema::Validator {
    let schema_path = workspace_root().join("testdata/sarif/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&schema_path).expect("schema file is in testdata"))
            .expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the official schema compiles")
}

#[test]
fn crc32_matches_the_standard_check_value() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
}

/// Writes `contents` to `name` under `dir`, creating parent directories.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent dirs");
    }
    std::fs::write(path, contents).expect("write test file");
}

/// Scans a labelled corpus (`corpus`, relative to the workspace) as the accuracy tests do, and
/// returns each finding with its path relative to the corpus. The corpus must have findings.
pub fn corpus_findings(corpus: &str) -> Vec<(String, serde_json::Value)> {
    let out = leakguard(&["scan", corpus, "--no-ignore", "--format", "json"]);
    assert_eq!(
        code(&out),
        1,
        "the corpus has findings; stderr: {}",
        stderr(&out)
    );
    let report = json(&out);
    let prefix = format!("{corpus}/");
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            let path = f["origin"]["path"]
                .as_str()
                .expect("file findings have a path");
            (
                path.strip_prefix(&prefix).unwrap_or(path).to_owned(),
                f.clone(),
            )
        })
        .collect()
}

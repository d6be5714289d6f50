//! Shared helpers for the report tests: scan generated fake credentials through the real engine
//! (so findings have real locations, snippets and fingerprints), from file, git and staged
//! origins, and render them in any format. No real secret is ever stored: every token is made
//! here from a seed, with a valid checksum where the rule checks one.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use leakguard_core::rules::RuleSet;
use leakguard_core::{
    scan_bytes, Classification, Diagnostic, DiagnosticKind, Engine, Origin, ScanConfig, ScanReport,
};
use leakguard_report::{write_report_timed, Format, HumanOptions, ScanTimes};

/// The author every fake commit has; no CI format may repeat it.
pub const AUTHOR_NAME: &str = "Jane Committer";
pub const AUTHOR_EMAIL: &str = "jane.committer@example.com";

/// The fake commits findings are attributed to.
pub const COMMIT_A: &str = "1111111111111111111111111111111111111111";
pub const COMMIT_B: &str = "2222222222222222222222222222222222222222";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root exists")
}

pub fn rules() -> RuleSet {
    RuleSet::builtin().expect("built-in rules load")
}

pub fn engine() -> Engine {
    Engine::new(rules())
}

pub fn config(show_secrets: bool) -> ScanConfig {
    ScanConfig {
        threads: 1,
        show_secrets,
        ..ScanConfig::default()
    }
}

pub fn file(path: &str) -> Origin {
    Origin::File {
        path: PathBuf::from(path),
    }
}

pub fn git(commit: &str, path: &str) -> Origin {
    Origin::Git {
        commit: commit.to_owned(),
        path: path.to_owned(),
        blob: "b".repeat(40),
        author: format!("{AUTHOR_NAME} <{AUTHOR_EMAIL}>"),
        time: 1_700_000_000,
    }
}

pub fn staged(path: &str) -> Origin {
    Origin::Staged {
        path: path.to_owned(),
        blob: "c".repeat(40),
    }
}

/// Scans `text` as if read from `origin`.
pub fn scan(engine: &Engine, text: &str, origin: Origin, show_secrets: bool) -> ScanReport {
    scan_bytes(engine, text.as_bytes(), origin, &config(show_secrets))
}

/// One report from several scans, findings in the order given.
pub fn merge(reports: Vec<ScanReport>) -> ScanReport {
    let mut merged = ScanReport::default();
    for report in reports {
        merged.findings.extend(report.findings);
        merged.diagnostics.extend(report.diagnostics);
    }
    merged
}

/// Sets the classification of every finding of `report`.
pub fn classify(mut report: ScanReport, classification: Classification) -> ScanReport {
    for finding in &mut report.findings {
        finding.classification = Some(classification);
    }
    report
}

/// Marks `report` incomplete: one input over the size limit.
pub fn with_unscanned_input(mut report: ScanReport) -> ScanReport {
    report.diagnostics.push(Diagnostic::new(
        "big/blob.bin",
        DiagnosticKind::TooLarge {
            size: 200,
            limit: 100,
        },
    ));
    report
}

/// The tokens a [`Scenario`] planted, to check that no report repeats them in full.
pub struct Scenario {
    pub report: ScanReport,
    pub tokens: Vec<String>,
}

impl Scenario {
    /// Findings of every kind the CI formats treat differently: the same token twice in one file
    /// whose path and line need escaping, a git finding introduced by the change under review,
    /// a pre-existing one, and a staged one.
    pub fn mixed(show_secrets: bool) -> Scenario {
        let engine = engine();
        let mut fake = Fake::new(7);
        let repeated = fake.github_token();
        let introduced = fake.github_token();
        let pre_existing = fake.github_token();
        let staged_token = fake.github_token();
        let working_tree = scan(
            &engine,
            &format!(
                "# settings\nlink = \"<a href='x'>&amp;</a>\" token = \"{repeated}\"\n\nbackup = \"{repeated}\"\n"
            ),
            file("config/a&b <\"c\">.py"),
            show_secrets,
        );
        let introduced_report = classify(
            scan(
                &engine,
                &format!("GITHUB_TOKEN={introduced}\n"),
                git(COMMIT_A, "ci/deploy.sh"),
                show_secrets,
            ),
            Classification::Introduced,
        );
        let pre_existing_report = classify(
            scan(
                &engine,
                &format!("one\ntwo\nthree: {pre_existing}\n"),
                git(COMMIT_B, "old/settings.yml"),
                show_secrets,
            ),
            Classification::PreExisting,
        );
        let staged_report = scan(
            &engine,
            &format!("token: {staged_token}\n"),
            staged("stage/next.yml"),
            show_secrets,
        );
        let report = merge(vec![
            working_tree,
            introduced_report,
            pre_existing_report,
            staged_report,
        ]);
        assert_eq!(
            report.findings.len(),
            5,
            "every planted token is found: {:#?}",
            report.findings
        );
        Scenario {
            report,
            tokens: vec![repeated, introduced, pre_existing, staged_token],
        }
    }

    /// Asserts that `output` holds none of the planted tokens in full, and no author.
    pub fn assert_leaks_nothing(&self, output: &str) {
        for token in &self.tokens {
            assert!(
                !output.contains(token.as_str()),
                "a full token leaked:\n{output}"
            );
        }
        assert!(
            !output.contains(AUTHOR_NAME),
            "the author leaked:\n{output}"
        );
        assert!(
            !output.contains(AUTHOR_EMAIL),
            "the email leaked:\n{output}"
        );
    }
}

/// `report` in `format`, with no scan times.
pub fn render(format: Format, report: &ScanReport) -> String {
    render_timed(format, report, None)
}

pub fn render_timed(format: Format, report: &ScanReport, times: Option<ScanTimes>) -> String {
    let mut out = Vec::new();
    write_report_timed(
        &mut out,
        format,
        report,
        &rules(),
        &HumanOptions { color: false },
        times,
    )
    .expect("writing to memory succeeds");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// Scan times `start` and `end` seconds after the epoch.
pub fn times(start: u64, end: u64) -> ScanTimes {
    ScanTimes {
        start: UNIX_EPOCH + Duration::from_secs(start),
        end: UNIX_EPOCH + Duration::from_secs(end),
    }
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

//! The scan driver: turns targets into blobs, blobs into findings, and everything into one
//! deterministic [`ScanReport`].

use std::path::PathBuf;
use std::time::Instant;

use leakguard_rules::RuleSet;
use serde::{Deserialize, Serialize};

use crate::collect::collect;
pub(crate) use crate::worker::Worker;
use crate::{ArchiveLimits, Diagnostic, Finding, Matcher, Origin, Prefilter, ScanStats};

/// Rules and their keyword automaton, built once and shared by every worker.
#[derive(Debug)]
pub struct Engine {
    rules: RuleSet,
    prefilter: Prefilter,
}

impl Engine {
    /// Builds the keyword automaton for `rules`.
    pub fn new(rules: RuleSet) -> Engine {
        let prefilter = Prefilter::new(&rules);
        Engine { rules, prefilter }
    }

    /// The rules the engine runs.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The keyword automaton.
    pub fn prefilter(&self) -> &Prefilter {
        &self.prefilter
    }

    /// A matcher for one worker.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher::new(&self.rules, &self.prefilter)
    }
}

/// One thing to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanTarget {
    /// A file or a directory (walked).
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Files larger than this many bytes are not scanned and are reported.
    pub max_file_size: u64,
    /// Scan files that look binary instead of counting them as skipped.
    pub scan_binary: bool,
    /// Respect `.gitignore`, `.ignore` and `.leakguardignore` files, as ripgrep does.
    pub respect_ignore_files: bool,
    /// Follow symbolic links while walking.
    pub follow_symlinks: bool,
    /// Put secrets in findings as they are instead of redacted.
    pub show_secrets: bool,
    /// Bind fingerprints to the file path as well as rule and secret (the default). Without it a
    /// key keeps its fingerprint when its file moves, and one baseline entry covers every copy.
    pub fingerprint_paths: bool,
    /// Paths, values and baseline fingerprints whose findings are set aside.
    pub allowances: std::sync::Arc<crate::Allowances>,
    /// Compute GitHub's `primaryLocationLineHash` for each finding (only SARIF reports it).
    pub line_hashes: bool,
    /// How deep archives are opened and the limits against bombs; `max_depth` 0 leaves archives
    /// unopened (then they are binary files like any other).
    pub archives: ArchiveLimits,
    /// How many decodings deep (base64, percent-encoding, string escapes) text is searched
    /// again; 0 searches text only as it is.
    pub decode_depth: u32,
    /// How long the search of one blob (an archive with all its entries) may take before it
    /// stops and is reported; `None` for no limit.
    pub blob_time_budget: Option<std::time::Duration>,
}

/// The default per-blob time budget: a hundred times what a 100 MB file takes on one core, so
/// only a pathological input ever reaches it.
pub const DEFAULT_BLOB_TIME_BUDGET: std::time::Duration = std::time::Duration::from_secs(30);

impl ScanConfig {
    /// A digest of the settings that change what a blob's scan finds (size limit, binary files,
    /// fingerprints, allowances, archive limits, decoding depth) and of leakguard's version, whose
    /// engine may find differently: a findings store reuses a blob's earlier results only under
    /// the same digest. Threads and output choices are left out. 32 hex digits.
    pub fn results_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let described = format!(
            "{}\0{}\0{}\0{}\0{:?}\0{}\0{:?}\0{}",
            env!("CARGO_PKG_VERSION"),
            self.max_file_size,
            self.scan_binary,
            self.fingerprint_paths,
            self.allowances,
            self.line_hashes,
            self.archives,
            self.decode_depth,
        );
        Sha256::digest(described.as_bytes())[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// Decodings applied in turn by default: enough for base64 inside a percent-encoded URL, or a
/// JSON-escaped base64 value, while keeping a pathological blob's cost bounded.
pub const DEFAULT_DECODE_DEPTH: u32 = 2;

impl Default for ScanConfig {
    fn default() -> ScanConfig {
        ScanConfig {
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            max_file_size: 100 * 1024 * 1024,
            scan_binary: false,
            respect_ignore_files: true,
            follow_symlinks: false,
            show_secrets: false,
            fingerprint_paths: true,
            allowances: Default::default(),
            line_hashes: true,
            archives: ArchiveLimits::default(),
            decode_depth: DEFAULT_DECODE_DEPTH,
            blob_time_budget: Some(DEFAULT_BLOB_TIME_BUDGET),
        }
    }
}

/// Everything a scan produced, sorted and deduplicated.
#[derive(Debug, Clone, Default)]
pub struct ScanReport {
    /// In a sweep of several repositories, every repository it covered (as listed, sorted),
    /// findings or not; empty when one input was scanned.
    pub repositories: Vec<String>,
    /// Findings ordered by path, position, then rule.
    pub findings: Vec<Finding>,
    /// Findings set aside by an inline allow, the baseline or the configuration, each with its
    /// [`Finding::suppressed_by`]: not reported, never failing, listed on request.
    pub suppressed: Vec<Finding>,
    /// What kind of input the scan covered, for reports that keep kinds apart (SARIF's
    /// `automationDetails`).
    pub scope: ScanScope,
    /// Inputs skipped or unreadable, ordered by path.
    pub diagnostics: Vec<Diagnostic>,
    /// What was read and skipped.
    pub stats: ScanStats,
}

/// What a scan covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScanScope {
    /// Files, directories or standard input.
    #[default]
    Files,
    /// A repository's whole history.
    History,
    /// A commit range (a pull request or a push).
    Range,
    /// The changes staged in an index.
    Staged,
}

impl ScanScope {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ScanScope::Files => "files",
            ScanScope::History => "history",
            ScanScope::Range => "range",
            ScanScope::Staged => "staged",
        }
    }
}

impl ScanReport {
    /// Whether some input went unscanned, so a clean result would not mean clean input.
    pub fn is_incomplete(&self) -> bool {
        self.diagnostics.iter().any(|d| d.kind.is_incomplete())
    }

    /// Puts a report assembled from parts (repositories of a sweep, shards, a store) in the
    /// collector's order, without duplicates, and recounts what the counts derive from: the same
    /// parts give the same report whatever order they came in.
    /// `stats.suppressed` is set from the set-aside findings held, which a whole scan holds all
    /// of (a report read back from JSON lists them only under `--audit-allows`).
    pub fn normalise(&mut self) {
        self.findings = crate::collect::sorted(std::mem::take(&mut self.findings));
        self.suppressed = crate::collect::sorted(std::mem::take(&mut self.suppressed));
        self.stats.suppressed = self.suppressed.len() as u64;
        self.diagnostics.sort();
        self.diagnostics.dedup();
        self.stats.incomplete = self
            .diagnostics
            .iter()
            .filter(|d| d.kind.is_incomplete())
            .count() as u64;
        self.repositories.sort();
        self.repositories.dedup();
    }

    /// Adds another part's findings, diagnostics, repositories and counts; call
    /// [`ScanReport::normalise`] once every part is in.
    pub fn absorb(&mut self, part: ScanReport) {
        self.findings.extend(part.findings);
        self.suppressed.extend(part.suppressed);
        self.diagnostics.extend(part.diagnostics);
        self.repositories.extend(part.repositories);
        self.stats.merge(&part.stats);
    }
}

/// Scans `targets`: directories are walked in parallel, files read, stdin read to its end.
pub fn scan(engine: &Engine, targets: &[ScanTarget], config: &ScanConfig) -> ScanReport {
    let started = Instant::now();
    let mut batches = Vec::new();
    let paths: Vec<PathBuf> = targets
        .iter()
        .filter_map(|t| match t {
            ScanTarget::Path(p) => Some(p.clone()),
            ScanTarget::Stdin => None,
        })
        .collect();
    if !paths.is_empty() {
        batches.extend(crate::walk::walk(engine, &paths, config));
    }
    if targets.contains(&ScanTarget::Stdin) {
        let mut worker = Worker::new(engine, config);
        worker.scan_stream(std::io::stdin().lock(), Origin::Stdin);
        batches.push(worker.into_batch());
    }
    let mut report = collect(batches);
    report.stats.elapsed = started.elapsed();
    report
}

/// Scans one in-memory blob as if it had been read from `origin`.
pub fn scan_bytes(
    engine: &Engine,
    bytes: &[u8],
    origin: Origin,
    config: &ScanConfig,
) -> ScanReport {
    let started = Instant::now();
    let mut worker = Worker::new(engine, config);
    worker.scan_blob(bytes, origin);
    let mut report = crate::collect::collect_blob(vec![worker.into_batch()]);
    report.stats.elapsed = started.elapsed();
    report
}

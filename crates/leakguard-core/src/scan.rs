//! The scan driver: turns targets into blobs, blobs into findings, and everything into one
//! deterministic [`ScanReport`].

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use leakguard_rules::RuleSet;
use serde::Serialize;

use crate::allow::inline_allow;
use crate::collect::{collect, Batch};
use crate::encoding::{decode, looks_binary};
use crate::exposure::client_exposure;
use crate::line_hash::line_hashes;
use crate::location::LineIndex;
use crate::snippet::snippet;
use crate::{
    Diagnostic, DiagnosticKind, Finding, Fingerprint, Match, Matcher, Origin, Prefilter, ScanStats,
    Secret,
};

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
}

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
        }
    }
}

/// Everything a scan produced, sorted and deduplicated.
#[derive(Debug, Clone, Default)]
pub struct ScanReport {
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
        worker.scan_reader(std::io::stdin().lock(), Origin::Stdin);
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
    let mut report = collect(vec![worker.into_batch()]);
    report.stats.elapsed = started.elapsed();
    report
}

/// A worker's state: its matcher, scratch space, and what it has found so far.
pub(crate) struct Worker<'e> {
    engine: &'e Engine,
    config: &'e ScanConfig,
    matcher: Matcher<'e>,
    matches: Vec<Match>,
    batch: Batch,
}

impl<'e> Worker<'e> {
    pub(crate) fn new(engine: &'e Engine, config: &'e ScanConfig) -> Worker<'e> {
        Worker {
            engine,
            config,
            matcher: engine.matcher(),
            matches: Vec::new(),
            batch: Batch::default(),
        }
    }

    pub(crate) fn into_batch(self) -> Batch {
        self.batch
    }

    /// Adds `batch` to what this worker has collected.
    pub(crate) fn append(&mut self, batch: Batch) {
        self.batch.append(batch);
    }

    pub(crate) fn take_batch(&mut self) -> Batch {
        std::mem::take(&mut self.batch)
    }

    pub(crate) fn max_file_size(&self) -> u64 {
        self.config.max_file_size
    }

    pub(crate) fn stats(&mut self) -> &mut ScanStats {
        &mut self.batch.stats
    }

    pub(crate) fn diagnose(&mut self, path: String, kind: DiagnosticKind) {
        self.batch.diagnostics.push(Diagnostic { path, kind });
    }

    /// Reads `reader` to its end (bounded by the size limit) and scans it. Binary detection looks
    /// at the first 8 KiB before the rest is read, so a skipped binary costs one small read.
    pub(crate) fn scan_reader(&mut self, reader: impl Read, origin: Origin) {
        let limit = self.config.max_file_size;
        let mut bytes = Vec::new();
        let mut reader = reader.take(limit.saturating_add(1));
        let mut head = (&mut reader).take(crate::encoding::BINARY_SNIFF_LEN as u64);
        if let Err(e) = head.read_to_end(&mut bytes) {
            return self.diagnose(origin.display_path(), DiagnosticKind::unreadable(e));
        }
        if !self.config.scan_binary && looks_binary(&bytes) {
            self.batch.stats.skipped_binary += 1;
            return;
        }
        if let Err(e) = reader.read_to_end(&mut bytes) {
            return self.diagnose(origin.display_path(), DiagnosticKind::unreadable(e));
        }
        if bytes.len() as u64 > limit {
            return self.diagnose(
                origin.display_path(),
                DiagnosticKind::TooLarge {
                    size: bytes.len() as u64,
                    limit,
                },
            );
        }
        self.search(&bytes, origin);
    }

    /// Scans bytes already in memory, unless they look binary.
    pub(crate) fn scan_blob(&mut self, bytes: &[u8], origin: Origin) {
        if !self.config.scan_binary && looks_binary(bytes) {
            self.batch.stats.skipped_binary += 1;
            return;
        }
        self.search(bytes, origin);
    }

    /// Searches bytes that passed the binary check and turns matches into findings.
    fn search(&mut self, bytes: &[u8], origin: Origin) {
        self.batch.stats.files_scanned += 1;
        self.batch.stats.bytes_scanned += bytes.len() as u64;
        let (text, _) = decode(bytes);
        let rule_path = origin.rule_path();
        self.matches.clear();
        self.matcher
            .find(&text, rule_path.as_deref(), &mut self.matches);
        if self.matches.is_empty() {
            return;
        }
        let index = LineIndex::new(&text);
        let fingerprint_path = if self.config.fingerprint_paths {
            origin.display_path()
        } else {
            String::new()
        };
        // Only SARIF carries the line hash, and computing it reads the whole blob again.
        let line_hashes = if self.config.line_hashes {
            let first_lines: Vec<usize> = self
                .matches
                .iter()
                .map(|m| index.line_of(m.secret.start).1)
                .collect();
            line_hashes(&String::from_utf8_lossy(&text), &first_lines)
        } else {
            Default::default()
        };
        // Shown secrets need no masking; redacted ones must not show in a neighbour's snippet.
        let mask: Vec<_> = if self.config.show_secrets {
            Vec::new()
        } else {
            self.matches.iter().map(|m| m.secret.clone()).collect()
        };
        for m in &self.matches {
            let rule = &self.engine.rules().rules()[m.rule];
            let raw = &text[m.secret.clone()];
            let secret = Secret::new(raw, self.config.show_secrets);
            let mut finding = Finding {
                rule: rule.id().clone(),
                rule_name: rule.name().to_owned(),
                severity: rule.severity(),
                category: rule.category(),
                origin: origin.clone(),
                location: index.locate(&text, m.secret.start, m.secret.end),
                snippet: snippet(&text, &index, m.secret.clone(), secret.as_str(), &mask),
                fingerprint: Fingerprint::new(rule.id().as_str(), raw, &fingerprint_path),
                secret,
                classification: None,
                other_occurrences: Vec::new(),
                suppressed_by: None,
                line_hash: String::new(),
                client_exposure: None,
                exposure: rule.exposure(),
            };
            if rule.exposure() == leakguard_rules::Exposure::ServerOnly
                && rule.category() == leakguard_rules::Category::Secret
            {
                let (line_start, _) = index.line_of(m.secret.start);
                let before =
                    &text[line_start.max(m.secret.start.saturating_sub(200))..m.secret.start];
                if let Some(why) = client_exposure(before, rule_path.as_deref()) {
                    finding.severity = leakguard_rules::Severity::Critical;
                    finding.client_exposure = Some(why);
                }
            }
            if let Some(hash) = line_hashes.get(&finding.location.start_line) {
                finding.line_hash = hash.clone();
            }
            let suppression = inline_allow(
                &text,
                &index,
                finding.location.start_line,
                rule.id().as_str(),
            )
            .or_else(|| {
                self.config
                    .allowances
                    .check(rule_path.as_deref(), raw, &finding.fingerprint)
            });
            match suppression {
                Some(suppression) => self.batch.suppressed.push(Finding {
                    suppressed_by: Some(suppression),
                    ..finding
                }),
                None => self.batch.findings.push(finding),
            }
        }
    }
}

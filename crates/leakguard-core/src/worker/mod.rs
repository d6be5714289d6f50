//! One worker's scanning of blobs: reading them (bounded), opening archives and source maps into
//! the files they hold, and turning each text's matches into findings. Each thread owns one
//! worker; nothing here is shared or locked.

mod bundle;
mod found;
mod stream;

use std::io::Read;

use crate::allow::inline_allow;
use crate::archive::{self, ArchiveEvent, ArchiveKind};
use crate::collect::Batch;
use crate::encoding::{decode, looks_binary, BINARY_SNIFF_LEN};
use crate::exposure::client_exposure;
use crate::line_hash::line_hashes;
use crate::location::LineIndex;
use crate::snippet::snippet;
use crate::sourcemap::{self, SourceMap};
use crate::{
    Diagnostic, DiagnosticKind, Engine, Finding, Fingerprint, Matcher, Origin, ScanConfig,
    ScanStats, Secret,
};
use found::Found;

/// A worker's state: its matcher, scratch space, and what it has found so far.
pub(crate) struct Worker<'e> {
    engine: &'e Engine,
    config: &'e ScanConfig,
    matcher: Matcher<'e>,
    found: Vec<Found>,
    batch: Batch,
}

impl<'e> Worker<'e> {
    pub(crate) fn new(engine: &'e Engine, config: &'e ScanConfig) -> Worker<'e> {
        Worker {
            engine,
            config,
            matcher: engine.matcher(),
            found: Vec::new(),
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
        self.batch.diagnostics.push(Diagnostic::new(path, kind));
    }

    /// Reads `reader` to its end (bounded by the size limit) and scans it. The first 8 KiB decide
    /// before the rest is read: a binary that is not an archive costs one small read.
    pub(crate) fn scan_reader(&mut self, reader: impl Read, origin: Origin) {
        let limit = self.config.max_file_size;
        let mut bytes = Vec::new();
        let mut reader = reader.take(limit.saturating_add(1));
        let mut head = (&mut reader).take(BINARY_SNIFF_LEN as u64);
        if let Err(e) = head.read_to_end(&mut bytes) {
            return self.diagnose(origin.display_path(), DiagnosticKind::unreadable(e));
        }
        if self.archive_kind(&bytes).is_none() && self.skips_binary(&bytes) {
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
        self.scan_blob(&bytes, origin);
    }

    /// Scans bytes already in memory: an archive is opened, a binary skipped, text searched.
    /// The whole of it (an archive's entries included) shares one time budget.
    pub(crate) fn scan_blob(&mut self, bytes: &[u8], origin: Origin) {
        let Some(budget) = self.config.blob_time_budget else {
            return self.scan_blob_unbudgeted(bytes, origin);
        };
        let shown = origin.display_path();
        self.matcher
            .set_deadline(Some(std::time::Instant::now() + budget));
        self.scan_blob_unbudgeted(bytes, origin);
        if self.matcher.ran_out_of_time() {
            self.diagnose(
                shown,
                DiagnosticKind::TimeBudget {
                    limit_ms: budget.as_millis() as u64,
                },
            );
        }
        self.matcher.set_deadline(None);
    }

    fn scan_blob_unbudgeted(&mut self, bytes: &[u8], origin: Origin) {
        if let Some(kind) = self.archive_kind(bytes) {
            return self.expand_archive(kind, bytes, origin);
        }
        if self.skips_binary(bytes) {
            self.batch.stats.skipped_binary += 1;
            return;
        }
        self.search(bytes, origin);
    }

    fn skips_binary(&self, bytes: &[u8]) -> bool {
        !self.config.scan_binary && looks_binary(bytes)
    }

    fn archive_kind(&self, bytes: &[u8]) -> Option<ArchiveKind> {
        if self.config.archives.max_depth == 0 {
            return None;
        }
        archive::detect(bytes)
    }

    /// Scans every file in an archive (nested archives included) as `outer!entry`. Problems
    /// (limits, corrupt or encrypted entries) become diagnostics on the entry they concern.
    fn expand_archive(&mut self, kind: ArchiveKind, bytes: &[u8], origin: Origin) {
        let shown = origin.display_path();
        let name = crate::origin::file_name(&shown).to_owned();
        let limits = self.config.archives;
        let max_entry_size = self.config.max_file_size;
        self.batch.stats.archives += 1;
        archive::expand(
            kind,
            bytes,
            &name,
            &limits,
            max_entry_size,
            &mut |event| match event {
                ArchiveEvent::File { path, bytes } => {
                    let inner = nest(&origin, path);
                    if self.skips_binary(bytes) {
                        self.batch.stats.skipped_binary += 1;
                    } else {
                        self.search(bytes, inner);
                    }
                }
                ArchiveEvent::Problem { path, problem } => {
                    self.diagnose(
                        nest(&origin, path).display_path(),
                        DiagnosticKind::Archive(problem),
                    );
                }
            },
        );
    }

    /// Searches bytes that passed the binary check. A source map is searched as the original
    /// sources it embeds, each at its own path and lines; a bundle with an inline map is searched
    /// as itself and as the sources its map embeds; anything else as text.
    fn search(&mut self, bytes: &[u8], origin: Origin) {
        self.batch.stats.files_scanned += 1;
        self.batch.stats.bytes_scanned += bytes.len() as u64;
        let (text, _) = decode(bytes);
        let rule_path = origin.rule_path();
        if sourcemap::looks_like_source_map(rule_path.as_deref(), &text) {
            match SourceMap::parse(&text) {
                Ok(map) => {
                    let bundle = map.file().map(|file| bundle::beside(&origin, file));
                    return self.search_map_sources(&map, &origin, bundle);
                }
                Err(error) => self.diagnose(
                    origin.display_path(),
                    DiagnosticKind::SourceMap {
                        error: error.to_string(),
                    },
                ),
            }
        }
        let mut inline = None;
        if bundle::is_generated(rule_path.as_deref()) {
            if let Some((parsed, span)) = bundle::inline_map(&text) {
                match parsed {
                    Ok(map) => {
                        self.search_map_sources(&map, &origin, None);
                        inline = Some((map, span));
                    }
                    Err(error) => self.diagnose(
                        origin.display_path(),
                        DiagnosticKind::SourceMap {
                            error: error.to_string(),
                        },
                    ),
                }
            }
        }
        self.search_text(&text, origin, inline);
    }

    /// Searches each source a map embeds as its own file, `map!source`.
    fn search_map_sources(&mut self, map: &SourceMap, origin: &Origin, bundle: Option<String>) {
        for (source, content) in map.sources_with_content() {
            let inner = Origin::map_source(origin.clone(), source, bundle.clone());
            self.search_text(content.as_bytes(), inner, None);
        }
    }

    /// Matches `text` (and what decodes out of it) and records the findings. `inline` is the
    /// bundle's inline source map and where it sits: its embedded sources were searched already,
    /// so what decoding its base64 would reveal again is not reported twice.
    fn search_text(
        &mut self,
        text: &[u8],
        origin: Origin,
        inline: Option<(SourceMap, std::ops::Range<usize>)>,
    ) {
        let rule_path = origin.rule_path();
        self.found.clear();
        found::find(
            &mut self.matcher,
            self.engine.rules(),
            text,
            rule_path.as_deref(),
            self.config.decode_depth,
            &mut self.found,
        );
        if let Some((_, span)) = &inline {
            self.found.retain(|f| {
                f.decoding.is_empty() || f.span.end <= span.start || f.span.start >= span.end
            });
        }
        if self.found.is_empty() {
            return;
        }
        let index = LineIndex::new(text);
        let fingerprint_path = if self.config.fingerprint_paths {
            origin.display_path()
        } else {
            String::new()
        };
        // Only SARIF carries the line hash, and computing it reads the whole blob again.
        let line_hashes = if self.config.line_hashes {
            let first_lines: Vec<usize> = self
                .found
                .iter()
                .map(|f| index.line_of(f.span.start).1)
                .collect();
            line_hashes(&String::from_utf8_lossy(text), &first_lines)
        } else {
            Default::default()
        };
        // Shown secrets need no masking; redacted ones must not show in a neighbour's snippet.
        let mask: Vec<_> = if self.config.show_secrets {
            Vec::new()
        } else {
            self.found
                .iter()
                .filter(|f| is_secret(self.engine.rules().rules()[f.rule].category()))
                .map(|f| f.span.clone())
                .collect()
        };
        let mut findings = Vec::with_capacity(self.found.len());
        let mut suppressions = Vec::with_capacity(self.found.len());
        for f in &self.found {
            let rule = &self.engine.rules().rules()[f.rule];
            let raw = f.value(text);
            // A CORS or cookie finding's "secret" is the code that shows the problem: nothing
            // to hide.
            let secret = Secret::new(raw, self.config.show_secrets || !is_secret(rule.category()));
            let mut finding = Finding {
                repository: None,
                rule: rule.id().clone(),
                rule_name: rule.name().to_owned(),
                severity: f.severity.unwrap_or(rule.severity()),
                category: rule.category(),
                origin: origin.clone(),
                location: index.locate(text, f.span.start, f.span.end),
                snippet: snippet(text, &index, f.span.clone(), secret.as_str(), &mask),
                decoding: f.decoding.clone(),
                original: None,
                fingerprint: Fingerprint::new(
                    rule.id().as_str(),
                    identity(text, &index, f, raw, rule.category()),
                    &fingerprint_path,
                ),
                value_key: Fingerprint::new("", raw, ""),
                shared_with: Vec::new(),
                secret,
                classification: None,
                other_occurrences: Vec::new(),
                triage: None,
                suppressed_by: None,
                line_hash: String::new(),
                client_exposure: None,
                exposure: rule.exposure(),
            };
            if rule.exposure() == leakguard_rules::Exposure::ServerOnly
                && rule.category() == leakguard_rules::Category::Secret
            {
                let (line_start, _) = index.line_of(f.span.start);
                let before = &text[line_start.max(f.span.start.saturating_sub(200))..f.span.start];
                if let Some(why) = client_exposure(before, rule_path.as_deref()) {
                    finding.severity = leakguard_rules::Severity::Critical;
                    finding.client_exposure = Some(why);
                }
            }
            if let Some(hash) = line_hashes.get(&finding.location.start_line) {
                finding.line_hash = hash.clone();
            }
            suppressions.push(
                inline_allow(
                    text,
                    &index,
                    finding.location.start_line,
                    rule.id().as_str(),
                )
                .or_else(|| {
                    self.config
                        .allowances
                        .check(rule_path.as_deref(), raw, &finding.fingerprint)
                }),
            );
            findings.push(finding);
        }
        let map = match inline {
            Some((map, _)) => Some((map, "inline".to_owned())),
            None if bundle::is_generated(rule_path.as_deref()) => {
                bundle::external_map(text, &origin, self.config)
            }
            None => None,
        };
        if let Some((map, shown)) = map {
            bundle::map_to_original(&mut findings, text, &index, &map, &shown);
        }
        raise_env_file_with_secrets(&mut findings);
        for (finding, suppression) in findings.into_iter().zip(suppressions) {
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

/// An environment file holding a secret that a secret rule found is as bad as a high finding,
/// whatever its variable names say; keys made for browsers (publishable) do not count.
fn raise_env_file_with_secrets(findings: &mut [Finding]) {
    let holds_secret = findings.iter().any(|f| {
        f.category == leakguard_rules::Category::Secret
            && f.exposure != leakguard_rules::Exposure::Publishable
    });
    if !holds_secret {
        return;
    }
    for finding in findings {
        if finding.rule.as_str() == crate::environments::ENV_FILE_RULE {
            finding.severity = finding.severity.max(leakguard_rules::Severity::High);
        }
    }
}

/// What identifies a finding within its file, for its fingerprint: the secret for secrets; for
/// evidence (a CORS or cookie anchor such as `cors(`, the same in every call) the whole line
/// that holds it, so two misconfigured calls in one file stay two findings, and a finding keeps
/// its identity when lines move above it.
fn identity<'t>(
    text: &'t [u8],
    index: &LineIndex,
    found: &Found,
    raw: &'t [u8],
    category: leakguard_rules::Category,
) -> &'t [u8] {
    if is_secret(category) {
        return raw;
    }
    let (_, line) = index.line_of(found.span.start);
    text[index.line_range(text, line)].trim_ascii()
}

/// Whether findings of `category` hold secret values (redacted) rather than evidence (shown).
fn is_secret(category: leakguard_rules::Category) -> bool {
    matches!(
        category,
        leakguard_rules::Category::Secret | leakguard_rules::Category::Dotenv
    )
}

/// `origin` with an archive's entry chain appended: `a.zip` + [`lib/b.jar`, `c.txt`] is
/// `a.zip!lib/b.jar!c.txt`.
fn nest(origin: &Origin, path: &[String]) -> Origin {
    path.iter().fold(origin.clone(), |outer, entry| {
        Origin::archive_entry(outer, entry)
    })
}

//! `leakguard-bench run`: scans a generated corpus several times and reports throughput, peak
//! memory, start-up time and recall on the planted fakes.
//!
//! Plants are matched to findings by path and span. Paths inside archives and source maps are
//! nested (`a.zip!b.tar.gz!c.jar!x.properties`, `dist/app.js.map!src/config.ts`), exactly as
//! leakguard's JSON `origin.path` writes them, so the same lookup serves both corpora. When the
//! corpus holds archives, throughput is given both on the bytes on disk and on the bytes
//! leakguard scanned once unpacked (`stats.bytes_scanned`), and recall per container.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

use crate::corpus::{MANIFEST, MANIFEST_HEADER, MB};
use crate::fakes::FakeKind;
use crate::json::Json;
use crate::measure::{run_measured, run_timed, Measured};

/// Options of `leakguard-bench run`.
#[derive(Debug)]
pub(crate) struct RunOptions {
    pub(crate) dir: PathBuf,
    pub(crate) bin: Option<PathBuf>,
    pub(crate) threads: Option<usize>,
    pub(crate) runs: usize,
    pub(crate) rules: Vec<PathBuf>,
    pub(crate) no_builtin_rules: bool,
}

/// A (line, column) position, 1-based; spans are half-open.
pub(crate) type Pos = (usize, usize);

/// A planted fake read back from the manifest.
#[derive(Debug, Clone)]
struct Entry {
    path: String,
    kind: FakeKind,
    start: Pos,
    end: Pos,
    /// What holds it (`zip>tar.gz>jar`, `map`, `base64`…), in corpora that say.
    container: Option<String>,
}

/// A finding of the report, reduced to what recall needs.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub(crate) rule: String,
    pub(crate) path: String,
    /// The introducing commit, for findings of `leakguard git`; empty otherwise.
    pub(crate) commit: String,
    pub(crate) start: Pos,
    end: Pos,
    /// Whether the secret was found only after decoding (`decoding` in the report).
    decoded: bool,
}

/// What one scan reported.
#[derive(Debug)]
pub(crate) struct Report {
    pub(crate) findings: Vec<Finding>,
    pub(crate) files_scanned: u64,
    pub(crate) bytes_scanned: u64,
    pub(crate) skipped_binary: u64,
    pub(crate) incomplete: u64,
    /// Archives opened, nested ones included.
    pub(crate) archives: u64,
}

/// One measured scan.
pub(crate) struct ScanRun {
    pub(crate) measured: Measured,
    pub(crate) report: Report,
    /// What leakguard wrote to standard error (notes, warnings).
    pub(crate) stderr: String,
}

impl ScanRun {
    /// Throughput on the bytes leakguard scanned (for archives: once unpacked).
    fn mb_per_s(&self) -> f64 {
        self.per_s(self.report.bytes_scanned)
    }

    /// `bytes` MB per second of this run's wall time.
    fn per_s(&self, bytes: u64) -> f64 {
        bytes as f64 / MB / self.measured.wall.as_secs_f64().max(1e-9)
    }

    /// `X MB/s`, or with archives `X MB/s on disk, Y MB/s unpacked`.
    fn throughput(&self, disk_bytes: u64, archives: bool) -> String {
        if archives {
            format!(
                "{:.0} MB/s on disk, {:.0} MB/s unpacked",
                self.per_s(disk_bytes),
                self.mb_per_s()
            )
        } else {
            format!("{:.0} MB/s", self.mb_per_s())
        }
    }
}

/// Runs the benchmark and prints the table.
pub(crate) fn run(options: &RunOptions) -> Result<()> {
    let dir = options
        .dir
        .canonicalize()
        .with_context(|| format!("cannot open corpus directory {}", options.dir.display()))?;
    let entries = read_manifest(&dir)?;
    let bin = locate_binary(options.bin.as_deref())?;
    let version = binary_version(&bin)?;
    let (files, bytes) = corpus_size(&dir)?;
    let archives = entries.iter().any(|e| e.container.is_some());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    say!("binary: {} ({version})", bin.display());
    say!(
        "corpus: {:.1} MB in {} files, {} planted fakes ({})",
        bytes as f64 / MB,
        crate::group(files),
        entries.len(),
        dir.display()
    );
    match options.threads {
        Some(n) => say!("threads: {n} (machine: {cores} cores)"),
        None => say!("threads: leakguard's default (machine: {cores} cores)"),
    }

    let temp = std::env::temp_dir();
    let pid = std::process::id();
    let report_path = temp.join(format!("leakguard-bench-{pid}-report.json"));
    let stderr_path = temp.join(format!("leakguard-bench-{pid}-stderr.txt"));
    let small_path = temp.join(format!("leakguard-bench-{pid}-small.rb"));
    let outcome = measure_all(
        options,
        &dir,
        &bin,
        &entries,
        (bytes, archives),
        [&report_path, &stderr_path, &small_path],
    );
    for path in [&report_path, &stderr_path, &small_path] {
        let _ = std::fs::remove_file(path);
    }
    outcome
}

/// Runs every measurement. `corpus` is the bytes on disk and whether the corpus holds archives
/// (its manifest says what contains each plant); `paths` the report, standard error and small
/// input files to use.
fn measure_all(
    options: &RunOptions,
    dir: &Path,
    bin: &Path,
    entries: &[Entry],
    corpus: (u64, bool),
    paths: [&Path; 3],
) -> Result<()> {
    let (disk_bytes, archives) = corpus;
    let [report_path, stderr_path, small_path] = paths;
    let rule_args = rule_args(options);
    let mut runs: Vec<ScanRun> = Vec::new();
    for i in 1..=options.runs.max(1) {
        let mut command = Command::new(bin);
        command
            .arg("scan")
            .arg(dir)
            .args(["--format", "json", "-o"])
            .arg(report_path)
            .arg("--no-ignore");
        if let Some(n) = options.threads {
            command.arg("-j").arg(n.to_string());
        }
        command.args(&rule_args);
        let run = scan_once(
            &mut command,
            report_path,
            stderr_path,
            dir,
            "leakguard scan",
        )?;
        let peak = run
            .measured
            .peak_kib
            .map_or_else(|| "?".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0));
        say!(
            "run {i}: {:.2} s, {}, peak {peak} MiB, {} findings",
            run.measured.wall.as_secs_f64(),
            run.throughput(disk_bytes, archives),
            crate::group(run.report.findings.len() as u64)
        );
        runs.push(run);
    }
    let best = runs
        .iter()
        .min_by_key(|r| r.measured.wall)
        .ok_or_else(|| anyhow!("no scan ran"))?;
    let peak = runs.iter().filter_map(|r| r.measured.peak_kib).max();
    say!(
        "best: {:.2} s ({}), peak {} MiB (highest of {} runs)",
        best.measured.wall.as_secs_f64(),
        best.throughput(disk_bytes, archives),
        peak.map_or_else(|| "?".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0)),
        runs.len()
    );
    let opened = if archives || best.report.archives > 0 {
        format!(
            "; {} archive files opened (nested archives are part of them)",
            crate::group(best.report.archives)
        )
    } else {
        String::new()
    };
    say!(
        "scanned: {:.1} MB in {} files; {} binary files skipped; {} inputs incomplete{opened}",
        best.report.bytes_scanned as f64 / MB,
        crate::group(best.report.files_scanned),
        crate::group(best.report.skipped_binary),
        best.report.incomplete
    );
    let counts: Vec<usize> = runs.iter().map(|r| r.report.findings.len()).collect();
    if counts.iter().any(|&c| c != counts[0]) {
        say!("warning: finding counts differ between runs: {counts:?}");
    }

    // Start-up: a tiny input, so the time is process start, rule compilation and report writing.
    std::fs::write(
        small_path,
        "class Greeter\n  def hello(name)\n    \"hello #{name}\"\n  end\nend\n",
    )
    .with_context(|| format!("cannot write {}", small_path.display()))?;
    let startup = median_time(10, || {
        let mut command = Command::new(bin);
        command
            .arg("scan")
            .arg(small_path)
            .args(["--format", "json"])
            .args(&rule_args);
        quiet(&mut command);
        let (status, wall) = run_timed(&mut command, &format!("{} scan", bin.display()))?;
        if !matches!(status.code(), Some(0 | 1)) {
            bail!(
                "`{} scan {}` failed: {status}",
                bin.display(),
                small_path.display()
            );
        }
        Ok(wall)
    })?;
    say!(
        "start-up (one small file, median of 10): {:.1} ms",
        startup.as_secs_f64() * 1e3
    );
    let rules_time = median_time(10, || {
        let mut command = Command::new(bin);
        command.arg("rules").args(&rule_args);
        quiet(&mut command);
        let (status, wall) = run_timed(&mut command, &format!("{} rules", bin.display()))?;
        if !status.success() {
            bail!("`{} rules` failed: {status}", bin.display());
        }
        Ok(wall)
    })?;
    say!(
        "`leakguard rules` (median of 10): {:.1} ms",
        rules_time.as_secs_f64() * 1e3
    );

    print_recall(entries, &best.report.findings)
}

fn rule_args(options: &RunOptions) -> Vec<String> {
    let mut args = Vec::new();
    for path in &options.rules {
        args.push("--rules".to_owned());
        args.push(path.display().to_string());
    }
    if options.no_builtin_rules {
        args.push("--no-builtin-rules".to_owned());
    }
    args
}

pub(crate) fn quiet(command: &mut Command) {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
}

pub(crate) fn median_time(
    n: usize,
    mut once: impl FnMut() -> Result<Duration>,
) -> Result<Duration> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        times.push(once()?);
    }
    times.sort();
    Ok(times[times.len() / 2])
}

/// Runs one measured leakguard command (`what`, for messages) that writes a JSON report to
/// `report_path`, and reads the report back.
pub(crate) fn scan_once(
    command: &mut Command,
    report_path: &Path,
    stderr_path: &Path,
    dir: &Path,
    what: &str,
) -> Result<ScanRun> {
    let stderr = File::create(stderr_path)
        .with_context(|| format!("cannot create {}", stderr_path.display()))?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    let _ = std::fs::remove_file(report_path);
    let measured = run_measured(command, what)?;
    let diagnostics = std::fs::read_to_string(stderr_path).unwrap_or_default();
    match measured.status.code() {
        Some(0 | 1) => {}
        Some(3) => {
            let shown: Vec<&str> = diagnostics.lines().take(5).collect();
            say!(
                "warning: the scan was incomplete (exit 3):\n  {}",
                shown.join("\n  ")
            );
        }
        _ => {
            let tail: Vec<&str> = diagnostics
                .lines()
                .rev()
                .take(10)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            bail!(
                "{what} of {} failed ({}):\n{}",
                dir.display(),
                measured.status,
                tail.join("\n")
            );
        }
    }
    let text = std::fs::read_to_string(report_path)
        .with_context(|| format!("cannot read the JSON report {}", report_path.display()))?;
    let report = parse_report(&text, dir).with_context(|| {
        format!(
            "cannot understand the JSON report {}",
            report_path.display()
        )
    })?;
    Ok(ScanRun {
        measured,
        report,
        stderr: diagnostics,
    })
}

fn parse_report(text: &str, dir: &Path) -> Result<Report> {
    let doc = Json::parse(text)?;
    let stats = doc
        .get("stats")
        .ok_or_else(|| anyhow!("no `stats` object"))?;
    let stat = |name: &str| stats.get(name).and_then(Json::as_u64).unwrap_or(0);
    let findings = doc
        .get("findings")
        .and_then(Json::as_array)
        .ok_or_else(|| anyhow!("no `findings` array"))?;
    let prefix = format!("{}/", dir.display());
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let path = f
            .get("origin")
            .and_then(origin_path)
            .unwrap_or_else(|| "-".to_owned());
        let path = path
            .strip_prefix(&prefix)
            .unwrap_or(&path)
            .trim_start_matches("./")
            .to_owned();
        let location = f.get("location");
        let number = |name: &str| {
            location
                .and_then(|l| l.get(name))
                .and_then(Json::as_u64)
                .unwrap_or(0) as usize
        };
        let start = (number("start_line"), number("start_column"));
        let mut end = (number("end_line"), number("end_column"));
        if end <= start {
            end = (start.0, start.1 + 1);
        }
        let rule = f
            .get("rule")
            .and_then(Json::as_str)
            .unwrap_or("?")
            .to_owned();
        let commit = f
            .get("origin")
            .and_then(|o| o.get("commit"))
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned();
        let decoded = f
            .get("decoding")
            .and_then(Json::as_array)
            .is_some_and(|d| !d.is_empty());
        out.push(Finding {
            rule,
            path,
            commit,
            start,
            end,
            decoded,
        });
    }
    Ok(Report {
        findings: out,
        files_scanned: stat("files_scanned"),
        bytes_scanned: stat("bytes_scanned"),
        skipped_binary: stat("skipped_binary"),
        incomplete: stat("incomplete"),
        archives: stat("archives"),
    })
}

/// An origin's shown path: its `path`, or for a nested origin without one, the path of its
/// container (`outer` of an archive entry, `map` of an embedded source) and `!` and its name.
fn origin_path(origin: &Json) -> Option<String> {
    if let Some(path) = origin.get("path").and_then(Json::as_str) {
        return Some(path.to_owned());
    }
    let (container, name) = match origin.get("kind").and_then(Json::as_str)? {
        "archive" => (origin.get("outer")?, origin.get("entry")?),
        "mapsource" => (origin.get("map")?, origin.get("source")?),
        _ => return None,
    };
    Some(format!("{}!{}", origin_path(container)?, name.as_str()?))
}

fn read_manifest(dir: &Path) -> Result<Vec<Entry>> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {} (make the corpus with `leakguard-bench generate {}` first)",
            path.display(),
            dir.display()
        )
    })?;
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with(MANIFEST_HEADER) {
            continue;
        }
        let bad = || anyhow!("{}:{}: not a manifest row: {line:?}", path.display(), n + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 3 {
            return Err(bad());
        }
        let kind = FakeKind::from_name(fields[1]).ok_or_else(bad)?;
        let num = |i: usize| -> Result<Option<usize>> {
            fields
                .get(i)
                .map(|f| f.parse::<usize>().map_err(|_| bad()))
                .transpose()
        };
        let line_no = num(2)?.ok_or_else(bad)?;
        let column = num(3)?.unwrap_or(1);
        let end_line = num(4)?.unwrap_or(line_no);
        // Without columns, the whole line counts.
        let end_column = num(5)?.unwrap_or(usize::MAX);
        entries.push(Entry {
            path: fields[0].to_owned(),
            kind,
            start: (line_no, column),
            end: (end_line, end_column),
            container: fields.get(6).map(|c| (*c).to_owned()),
        });
    }
    Ok(entries)
}

/// What `bin --version` prints (`leakguard 0.1.0`).
pub(crate) fn binary_version(bin: &Path) -> Result<String> {
    let version = Command::new(bin)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    Ok(String::from_utf8_lossy(&version.stdout).trim().to_owned())
}

/// The leakguard binary: `given`, or the one next to this program.
pub(crate) fn locate_binary(given: Option<&Path>) -> Result<PathBuf> {
    let path = match given {
        Some(path) => path.to_owned(),
        None => {
            let exe = std::env::current_exe()
                .context("cannot find the path of leakguard-bench itself")?;
            let dir = exe
                .parent()
                .ok_or_else(|| anyhow!("{} has no parent directory", exe.display()))?;
            dir.join(format!("leakguard{}", std::env::consts::EXE_SUFFIX))
        }
    };
    if !path.is_file() {
        bail!(
            "no leakguard binary at {}: build it with `cargo build --release -p leakguard-cli`, or pass --bin PATH",
            path.display()
        );
    }
    Ok(path)
}

/// Files and bytes under `dir`, not following symbolic links.
fn corpus_size(dir: &Path) -> Result<(u64, u64)> {
    let (mut files, mut bytes) = (0u64, 0u64);
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let listing = std::fs::read_dir(&current)
            .with_context(|| format!("cannot list {}", current.display()))?;
        for entry in listing {
            let entry = entry.with_context(|| format!("cannot list {}", current.display()))?;
            let kind = entry
                .file_type()
                .with_context(|| format!("cannot stat {}", entry.path().display()))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files += 1;
                bytes += entry
                    .metadata()
                    .with_context(|| format!("cannot stat {}", entry.path().display()))?
                    .len();
            }
        }
    }
    Ok((files, bytes))
}

fn overlaps(a: (Pos, Pos), b: (Pos, Pos)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn print_recall(entries: &[Entry], findings: &[Finding]) -> Result<()> {
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        by_path.entry(f.path.as_str()).or_default().push(i);
    }
    // kind -> (planted, found, rules that found it)
    let mut per_kind: BTreeMap<FakeKind, (usize, usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    // container -> (planted, found, found by a decoded finding)
    let mut per_container: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut missed: Vec<&Entry> = Vec::new();
    let mut matched = vec![false; findings.len()];
    for e in entries {
        let slot = per_kind.entry(e.kind).or_default();
        slot.0 += 1;
        let by_container = e
            .container
            .as_deref()
            .map(|c| per_container.entry(c).or_default());
        let hits: Vec<usize> = by_path
            .get(e.path.as_str())
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&i| overlaps((findings[i].start, findings[i].end), (e.start, e.end)))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(c) = by_container {
            c.0 += 1;
            if !hits.is_empty() {
                c.1 += 1;
            }
            if hits.iter().any(|&i| findings[i].decoded) {
                c.2 += 1;
            }
        }
        if hits.is_empty() {
            missed.push(e);
        } else {
            slot.1 += 1;
            for i in hits {
                matched[i] = true;
                *slot.2.entry(findings[i].rule.as_str()).or_default() += 1;
            }
        }
    }
    let planted = entries.len();
    let found = planted - missed.len();
    let mut line = String::new();
    for (kind, (n, hit, _)) in &per_kind {
        let _ = write!(
            line,
            "{}{} {hit}/{n}",
            if line.is_empty() { "" } else { ", " },
            kind.name()
        );
    }
    say!("recall on planted fakes: {found}/{planted} ({line})");
    for (kind, (n, hit, rules)) in &per_kind {
        let rules: Vec<String> = rules.iter().map(|(r, c)| format!("{r} {c}")).collect();
        let rules = if rules.is_empty() {
            "-".to_owned()
        } else {
            rules.join(", ")
        };
        say!(
            "  {:<12} {:>5}/{:<5} {:>5.1}%  by {rules}",
            kind.name(),
            hit,
            n,
            100.0 * *hit as f64 / (*n).max(1) as f64
        );
    }
    if !per_container.is_empty() {
        say!("recall by container (outermost first):");
        for (container, (n, hit, decoded)) in &per_container {
            let decoded = if *decoded > 0 {
                format!("  ({decoded} through a decoding)")
            } else {
                String::new()
            };
            say!("  {container:<16} {:>9}{decoded}", format!("{hit}/{n}"));
        }
    }
    if !missed.is_empty() {
        say!("missed (first 10 of {}):", missed.len());
        for e in missed.iter().take(10) {
            let container = e
                .container
                .as_deref()
                .map_or_else(String::new, |c| format!(" (in {c})"));
            say!(
                "  {}:{}:{}  {}{container}",
                e.path,
                e.start.0,
                e.start.1,
                e.kind.name()
            );
        }
    }
    let mut other: BTreeMap<&str, usize> = BTreeMap::new();
    for (f, _) in findings.iter().zip(&matched).filter(|(_, &m)| !m) {
        *other.entry(f.rule.as_str()).or_default() += 1;
    }
    let total: usize = other.values().sum();
    let mut ranked: Vec<(&str, usize)> = other.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = ranked
        .iter()
        .take(8)
        .map(|(r, c)| format!("{r} {c}"))
        .collect();
    say!(
        "findings not on a planted fake: {total}{}",
        if shown.is_empty() {
            String::new()
        } else {
            format!(" ({})", shown.join(", "))
        }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_overlap_across_lines_and_columns() {
        let fake = ((10, 5), (10, 45));
        assert!(overlaps(((10, 5), (10, 45)), fake));
        assert!(overlaps(((10, 1), (10, 6)), fake));
        assert!(!overlaps(((10, 45), (10, 50)), fake));
        assert!(!overlaps(((9, 1), (9, 80)), fake));
        let key = ((3, 3), (30, 31));
        assert!(overlaps(((3, 3), (3, 34)), key));
        assert!(overlaps(((12, 1), (12, 2)), key));
    }

    #[test]
    fn report_paths_become_corpus_relative() {
        let text = r#"{"findings":[{"rule":"aws.access-key","origin":{"kind":"file","path":"/c/app/x.rb"},
            "location":{"start_line":4,"start_column":9,"end_line":4,"end_column":29}}],
            "stats":{"files_scanned":2,"bytes_scanned":100,"skipped_binary":1,"incomplete":0}}"#;
        let report = parse_report(text, Path::new("/c")).expect("parses");
        assert_eq!(report.findings[0].path, "app/x.rb");
        assert_eq!(report.findings[0].start, (4, 9));
        assert_eq!(report.bytes_scanned, 100);
    }

    #[test]
    fn nested_origins_keep_their_whole_path_and_decoding() {
        let text = r#"{"findings":[
            {"rule":"github.pat-classic","origin":{"kind":"archive","path":"/c/r.zip!v/d.tar.gz!lib/a.jar!app.properties",
              "entry":"app.properties","outer":{"kind":"archive","path":"/c/r.zip!v/d.tar.gz!lib/a.jar"}},
             "location":{"start_line":2,"start_column":18,"end_line":2,"end_column":58}},
            {"rule":"github.pat-classic","origin":{"kind":"mapsource","source":"src/config.ts",
              "map":{"kind":"file","path":"/c/dist/app.js.map"}},
             "location":{"start_line":7,"start_column":1,"end_line":7,"end_column":41}},
            {"rule":"github.pat-classic","origin":{"kind":"file","path":"/c/deploy/s.yaml"},"decoding":["base64"],
             "location":{"start_line":12,"start_column":17,"end_line":12,"end_column":73}}],
            "stats":{"files_scanned":3,"bytes_scanned":900,"archives":3}}"#;
        let report = parse_report(text, Path::new("/c")).expect("parses");
        let paths: Vec<&str> = report.findings.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "r.zip!v/d.tar.gz!lib/a.jar!app.properties",
                "dist/app.js.map!src/config.ts",
                "deploy/s.yaml"
            ]
        );
        assert!(!report.findings[0].decoded && report.findings[2].decoded);
        assert_eq!(report.archives, 3);
    }

    #[test]
    fn manifests_with_a_container_column_are_read() {
        let dir =
            std::env::temp_dir().join(format!("leakguard-bench-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory");
        std::fs::write(
            dir.join(MANIFEST),
            format!("{MANIFEST_HEADER}\tcontainer\nr.zip!a.jar!x.properties\tgithub\t3\t18\t3\t58\tzip>jar\n"),
        )
        .expect("writes");
        let entries = read_manifest(&dir).expect("reads");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].path, "r.zip!a.jar!x.properties");
        assert_eq!(entries[0].container.as_deref(), Some("zip>jar"));
        assert_eq!((entries[0].start, entries[0].end), ((3, 18), (3, 58)));
    }
}

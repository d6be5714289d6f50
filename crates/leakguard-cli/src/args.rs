//! Command-line flags. Kept apart from what the commands do so `--help` reads as the reference.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use leakguard_core::GitRange;
use leakguard_rules::Severity;

/// Find leaked secrets, committed .env files and unsafe CORS/cookie settings before they merge.
#[derive(Debug, Parser)]
#[command(name = "leakguard", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files, directories or standard input (`-`).
    Scan(ScanArgs),
    /// Scan every blob in a git repository's history, each once, at the commit that introduced it.
    Git(GitArgs),
    /// List the rules that would run.
    Rules(RulesArgs),
    /// Accept today's findings so that later scans report only new ones.
    Baseline(BaselineArgs),
    /// Run inside a CI system, reading its event (what the GitHub Action runs).
    Ci(CiArgs),
    /// Print or export what a findings store holds, without scanning (docs/bulk.md).
    Report(ReportArgs),
    /// Mark a finding in a findings store: true-positive, false-positive or revoked.
    Triage(TriageArgs),
    /// Combine the JSON or SARIF outputs of several shards (or their findings stores) into one,
    /// identical to a single run (docs/merge.md).
    Merge(MergeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct StoreArg {
    /// The findings store (SQLite). Without a value: the default location (docs/bulk.md). The
    /// value is optional, so write `--store=PATH` when repositories follow it.
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "")]
    pub store: Option<PathBuf>,
}

impl StoreArg {
    /// The store file asked for, with an empty value meaning the default location.
    pub fn path(&self) -> Option<PathBuf> {
        self.store.as_ref().map(|p| {
            if p.as_os_str().is_empty() {
                leakguard_store::Store::default_path()
            } else {
                p.clone()
            }
        })
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only these repositories, as listed when swept (repeatable).
    #[arg(long = "repository", value_name = "NAME")]
    pub repositories: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The finding's fingerprint, as reports show it.
    #[arg(value_name = "FINGERPRINT", required_unless_present = "list")]
    pub fingerprint: Option<String>,
    /// The verdict: true-positive, false-positive or revoked; `clear` removes the mark.
    #[arg(value_name = "STATE", required_unless_present = "list")]
    pub state: Option<String>,
    /// Why (kept with the mark and shown in reports).
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub note: String,
    /// List every mark instead.
    #[arg(long, conflicts_with_all = ["fingerprint", "state"])]
    pub list: bool,
}

/// `leakguard merge`: exits 0 when the parts merged and 2 when they did not; it does not judge
/// findings (the scans that made the parts gate the pipeline).
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' outputs, all JSON, all JSON Lines or all SARIF (docs/merge.md).
    #[arg(value_name = "PART", required = true)]
    pub parts: Vec<PathBuf>,
    /// The format to write; it must be the parts' own (default), as merge never converts.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<MergeFormatArg>,
    /// Write the merged report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "store")]
    pub output: Option<PathBuf>,
    /// The parts are findings stores: copy each into this store (created when missing), a
    /// repository both hold taking the later part's version; then report with
    /// `leakguard report --store`.
    #[arg(long, value_name = "STORE", conflicts_with = "format")]
    pub store: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeFormatArg {
    /// One JSON document (docs/json-format.md).
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, Args)]
pub struct CiArgs {
    #[command(subcommand)]
    pub system: CiSystem,
}

#[derive(Debug, Subcommand)]
pub enum CiSystem {
    /// GitHub Actions: scans what the event changed; writes SARIF, the job summary,
    /// annotations and step outputs (docs/github-action.md).
    Github(CiGithubArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CiGithubArgs {
    /// The repository or directory to scan.
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
    /// What to scan: `auto` reads the event; `pr`, `push`, `full` (history) or `dir` force one.
    #[arg(long, value_enum, default_value_t = CiMode::Auto)]
    pub mode: CiMode,
    /// Where to write the SARIF file for code scanning.
    #[arg(long, value_name = "FILE", default_value = "leakguard.sarif")]
    pub sarif_file: PathBuf,
    /// Also fail on pre-existing findings in the files a pull request touches.
    #[arg(long)]
    pub fail_on_pre_existing: bool,
    /// A findings store used as a scan cache by history scans (schedule, manual runs): blobs
    /// it recorded under the same rules are not read again. The Action restores it with
    /// actions/cache.
    #[command(flatten)]
    pub store: StoreArg,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiMode {
    /// From the event: pull request, merge queue and push ranges; full history on schedule and
    /// manual runs; the files otherwise.
    Auto,
    /// The pull request's commits.
    Pr,
    /// The pushed commits.
    Push,
    /// The whole history.
    Full,
    /// The files under the path.
    Dir,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(subcommand)]
    pub action: BaselineAction,
}

#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Scan, and write every finding to the baseline file (exit 0).
    Create(BaselineRun),
    /// Scan with the baseline, and drop its entries that no longer match anything.
    Prune(BaselineRun),
}

#[derive(Debug, Args)]
pub struct BaselineRun {
    /// The baseline file.
    #[arg(
        long,
        short = 'b',
        value_name = "FILE",
        default_value = ".leakguard-baseline"
    )]
    pub file: PathBuf,
    /// What to scan: `scan [PATH…]` or `git [REPO] [--range …]`, with their usual flags.
    #[command(subcommand)]
    pub source: BaselineSource,
}

#[derive(Debug, Subcommand)]
pub enum BaselineSource {
    /// Files, directories or standard input.
    Scan(ScanArgs),
    /// A repository's history, a commit range or the staged changes.
    Git(GitArgs),
}

#[derive(Debug, Clone, Args)]
pub struct RuleSourceArgs {
    /// Add rules from a YAML file, or from every .yml/.yaml file under a directory (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Run only the rules given with --rules, not the built-in catalogue.
    #[arg(long)]
    pub no_builtin_rules: bool,
    /// Import the rules of a gitleaks TOML configuration (docs/gitleaks-migration.md).
    #[arg(long, value_name = "FILE")]
    pub gitleaks_config: Option<PathBuf>,
    /// Read settings from this file instead of `.leakguard.toml` at the scan root
    /// (docs/configuration.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads standard input. Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Scan files that .gitignore, .ignore or .leakguardignore would exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long, short = 'L')]
    pub follow: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Args)]
pub struct GitArgs {
    /// The repositories (work trees, bare repositories, paths inside one, or clone URLs); more
    /// than one makes a sweep (docs/bulk.md). Defaults to the current directory.
    #[arg(value_name = "REPO")]
    pub repos: Vec<String>,
    /// Sweep the repositories listed in FILE, one path or clone URL a line (`#` comments and
    /// blank lines are skipped; `-` reads standard input).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["range", "since_commit", "staged"])]
    pub repos_from: Option<PathBuf>,
    /// Record the sweep in a findings store, and read only the blobs it has not scanned yet
    /// under the same rules.
    #[command(flatten)]
    pub store: StoreArg,
    /// Sweep only the K-th of N parts of the repository list (for a CI matrix or an indexed
    /// job); `leakguard merge` combines the parts' outputs.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, conflicts_with_all = ["range", "since_commit", "staged"])]
    pub shard: Option<Shard>,
    /// Where clones of repositories given by URL are kept between sweeps (default: `clones`
    /// beside the store, or in the cache directory).
    #[arg(long, value_name = "DIR")]
    pub clone_dir: Option<PathBuf>,
    /// Show progress on standard error: `auto` when it is a terminal and not in CI.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ProgressArg::Auto)]
    pub progress: ProgressArg,
    /// Also scan blobs that no ref reaches (dangling objects left by force-pushes and rebases).
    #[arg(long, conflicts_with_all = ["range", "since_commit", "staged"])]
    pub all_objects: bool,
    /// Scan only the commits of BASE..HEAD (a pull request): findings on lines the range added
    /// are `introduced` and fail; those already in a file it touches are `pre-existing` warnings.
    #[arg(long, value_name = "BASE..HEAD", value_parser = parse_range, conflicts_with_all = ["since_commit", "staged"])]
    pub range: Option<GitRange>,
    /// Shorthand for --range REV..HEAD.
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub since_commit: Option<String>,
    /// Scan the lines staged in the index that HEAD does not have (for a pre-commit hook).
    #[arg(long)]
    pub staged: bool,
    /// In a range, also fail on pre-existing findings in the files it touches.
    #[arg(long)]
    pub fail_on_pre_existing: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

impl GitArgs {
    /// The one repository of a single-repository scan.
    pub fn repo(&self) -> PathBuf {
        PathBuf::from(self.repos.first().map_or(".", String::as_str))
    }

    /// Whether this is a sweep: several repositories, a list, a store or a shard.
    pub fn is_sweep(&self) -> bool {
        self.repos.len() > 1
            || self.repos_from.is_some()
            || self.store.store.is_some()
            || self.shard.is_some()
    }

    /// The commit range asked for, by --range or --since-commit.
    pub fn commit_range(&self) -> Option<GitRange> {
        self.range
            .clone()
            .or_else(|| self.since_commit.as_deref().map(GitRange::since))
    }
}

/// Flags every scanning command shares: rules, output and limits.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    #[command(flatten)]
    pub rule_sources: RuleSourceArgs,
    /// Output format (default: the configuration's, else human).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding has at least this severity (default: the configuration's, else
    /// low).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Set aside the findings this baseline file lists (see `leakguard baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// List the findings that inline allow comments (and the baseline) set aside, with the
    /// marker that silenced each; they still do not fail the run.
    #[arg(long)]
    pub audit_allows: bool,
    /// Print secrets in full instead of redacted (first four characters, then `…`).
    #[arg(long)]
    pub show_secrets: bool,
    /// Scan binary content (a NUL byte in the first 8 KiB) instead of skipping it.
    #[arg(long)]
    pub binary: bool,
    /// Skip and report files or blobs larger than this (bytes, or with a K, M or G suffix).
    /// Standard input is searched in 16 MiB windows instead, whatever its length.
    #[arg(long, value_name = "SIZE", default_value = "100M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Open archives (zip, jar, tar, gz, …) inside archives to this depth (at most 32); 0 leaves
    /// archives unopened.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 3,
        value_parser = clap::value_parser!(u32).range(0..=i64::from(leakguard_core::MAX_ARCHIVE_DEPTH))
    )]
    pub archive_max_depth: u32,
    /// Stop reading an archive (nested ones included) after this many uncompressed bytes.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub archive_max_bytes: u64,
    /// Stop reading an archive entry that expands more than this many times its compressed size
    /// (checked past its first MiB).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub archive_max_ratio: u64,
    /// Stop reading an archive (nested ones included) after this many entries.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub archive_max_entries: u64,
    /// Search text again inside base64, percent-encoding and string escapes, this many
    /// decodings deep; 0 searches text only as it is.
    #[arg(long, value_name = "N", default_value_t = leakguard_core::DEFAULT_DECODE_DEPTH)]
    pub decode_depth: u32,
    /// Stop searching a blob (an archive with its entries) after this long and report it, so a
    /// pathological input cannot stall the scan: `30s`, `500ms`; `0` for no limit.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub blob_time_budget: std::time::Duration,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// When to colour the terminal view.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    #[command(flatten)]
    pub rule_sources: RuleSourceArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List the rules that would run (the default).
    List,
    /// Print the rule-set version (a digest of every rule), which changes when a rule is added,
    /// removed or edited: the key for caching a findings store between CI runs.
    Version,
    /// Validate rule files and run each rule's examples through the engine.
    Check {
        /// Rule files or directories of them.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Findings grouped by file, and a summary.
    Human,
    /// One JSON document (docs/json-format.md).
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitLab secret detection report (gl-secret-detection-report.json).
    GitlabSecrets,
    /// GitLab Code Quality report.
    CodeQuality,
    /// JUnit XML, one test case per finding.
    Junit,
    /// One self-contained HTML page: totals, findings by repository and rule, a timeline, a
    /// searchable table.
    Html,
}

/// One part of a sweep's repository list: the K-th (1-based) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1 to `of`.
    pub index: usize,
    /// How many parts.
    pub of: usize,
}

impl Shard {
    /// Whether the repository at `position` in the list (0-based) belongs to this part: dealt
    /// round-robin, so parts differ in size by at most one and the same list always splits
    /// the same way.
    pub fn holds(&self, position: usize) -> bool {
        position % self.of == self.index - 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressArg {
    /// When standard error is a terminal and the CI variable is unset.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

fn parse_range(s: &str) -> Result<GitRange, String> {
    GitRange::parse(s)
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let bad = || format!("`{s}` is not a duration (examples: 30s, 500ms, 2m, 0)");
    let (digits, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => (&s[..at], &s[at..]),
        None => (s, "s"),
    };
    let n: u64 = digits.parse().map_err(|_| bad())?;
    match unit {
        "ms" => Ok(std::time::Duration::from_millis(n)),
        "s" => Ok(std::time::Duration::from_secs(n)),
        "m" => Ok(std::time::Duration::from_secs(n.saturating_mul(60))),
        _ => Err(bad()),
    }
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    let bad = || format!("`{s}` is not a shard: K/N with 1 <= K <= N (e.g. 2/8)");
    let (index, of) = s.split_once('/').ok_or_else(bad)?;
    let index: usize = index.trim().parse().map_err(|_| bad())?;
    let of: usize = of.trim().parse().map_err(|_| bad())?;
    if index == 0 || of == 0 || index > of {
        return Err(bad());
    }
    Ok(Shard { index, of })
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, multiplier) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .ok_or_else(|| format!("`{s}` is not a size (examples: 1048576, 512K, 100M, 2G)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("2K"), Ok(2048));
        assert_eq!(parse_size("100M"), Ok(100 << 20));
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn durations_take_units() {
        use std::time::Duration;
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5h").is_err());
    }

    #[test]
    fn shards_split_the_list_round_robin() {
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert!(parse_shard("a/b").is_err());
        let parts: Vec<Shard> = (1..=3)
            .map(|k| parse_shard(&format!("{k}/3")).expect("a valid shard"))
            .collect();
        for position in 0..10 {
            let owners = parts.iter().filter(|p| p.holds(position)).count();
            assert_eq!(
                owners, 1,
                "repository {position} belongs to exactly one part"
            );
        }
        assert!(parts[1].holds(1) && parts[1].holds(4));
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

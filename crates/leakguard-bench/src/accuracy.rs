//! `leakguard-bench accuracy`: one scan of a labelled corpus (testdata/accuracy,
//! testdata/config-accuracy), scored for recall by kind and for precision, with the false
//! positives sorted by the kind of look-alike that drew them.
//!
//! The corpus's `manifest.tsv` labels lines, not spans: `secret` lines hold a planted fake (a
//! finding must start there; for an armored key, the BEGIN line), `none` lines a hard negative (no
//! finding may start there). Lines it does not name hold no credential either, so every finding
//! that does not start on a `secret` line is a false positive, labelled or not.
//!
//! Three generalisations serve corpora of settings rather than credentials, and change nothing for
//! a manifest that does not use them:
//! - `finding` is another word for `secret`; `low` marks an optional finding, one leakguard may
//!   report at low severity or not at all (a wildcard CORS origin on public data): it is neither
//!   counted as missed nor, at low severity, as a false positive, and has its own table.
//! - the line may be a range `N-M`: a finding that starts anywhere in it counts for the label (a
//!   committed `.env` file is one finding, which may land on any of its assignments).
//! - `#` lines are comments, and `# categories: cors, cookie, dotenv` scores only the findings of
//!   those rule categories (the secret rules' findings in a corpus of settings are not its subject).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};

use crate::json::Json;
use crate::run::{binary_version, locate_binary};

/// The labels file inside the corpus directory.
const LABELS: &str = "manifest.tsv";
const LABELS_HEADER: &str = "path\tline\tkind\texpect";
/// The manifest comment that restricts scoring to some rule categories.
const CATEGORIES_DIRECTIVE: &str = "categories:";

/// Options of `leakguard-bench accuracy`.
#[derive(Debug)]
pub(crate) struct AccuracyOptions {
    pub(crate) dir: PathBuf,
    pub(crate) bin: Option<PathBuf>,
    /// Extra arguments for leakguard (`--rules PATH`, `--no-builtin-rules`).
    pub(crate) rule_args: Vec<String>,
}

/// What a labelled line must (not) hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// `secret` or `finding`: a finding must start here.
    Secret,
    /// A hard negative: no finding may start here.
    None,
    /// A finding may start here, at low severity, or none.
    Low,
}

/// One row of the manifest.
#[derive(Debug, Clone)]
struct Label {
    path: String,
    /// First line of the labelled range.
    line: usize,
    /// Last line of the labelled range (`line` unless the row gives `N-M`).
    end: usize,
    kind: String,
    expect: Expect,
}

impl Label {
    fn covers(&self, path: &str, line: usize) -> bool {
        self.path == path && (self.line..=self.end).contains(&line)
    }
}

/// The parsed manifest.
#[derive(Debug, Default)]
struct Manifest {
    labels: Vec<Label>,
    /// From `# categories: ...`: score only findings of these rule categories.
    categories: Option<Vec<String>>,
}

/// A finding of the report, reduced to what scoring needs.
#[derive(Debug, Clone)]
struct Finding {
    rule: String,
    /// Relative to the corpus directory.
    path: String,
    start_line: usize,
    /// The rule marks what it finds as meant for clients (`exposure: publishable`): a Stripe
    /// publishable key, a Sentry DSN. leakguard reports these on purpose, at low severity.
    publishable: bool,
    category: String,
    severity: String,
}

/// Counts for one kind of planted secret.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct SecretCounts {
    planted: usize,
    found: usize,
    findings: usize,
}

/// Counts for one kind of hard negative.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct NegativeCounts {
    lines: usize,
    lines_hit: usize,
    findings: usize,
}

/// Counts for one kind of optional finding (`low`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct OptionalCounts {
    lines: usize,
    lines_hit: usize,
    findings: usize,
    /// Findings reported above low severity (counted as false positives).
    above_low: usize,
}

/// A finding that does not start on a planted secret's line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FalsePositive {
    path: String,
    line: usize,
    rule: String,
    /// The hard negative's kind, or `None` for an unlabelled line.
    negative: Option<String>,
    publishable: bool,
    /// On an optional (`low`) line, but reported at this higher severity.
    above_low: Option<String>,
}

/// The scored scan.
#[derive(Debug, Default)]
struct Score {
    secrets: BTreeMap<String, SecretCounts>,
    negatives: BTreeMap<String, NegativeCounts>,
    optional: BTreeMap<String, OptionalCounts>,
    /// Planted secrets that no finding starts on: (path, first line, last line, kind).
    missed: Vec<(String, usize, usize, String)>,
    false_positives: Vec<FalsePositive>,
    findings: usize,
}

impl Score {
    fn secret_total(&self) -> SecretCounts {
        let mut total = SecretCounts::default();
        for c in self.secrets.values() {
            total.planted += c.planted;
            total.found += c.found;
            total.findings += c.findings;
        }
        total
    }

    fn negative_total(&self) -> NegativeCounts {
        let mut total = NegativeCounts::default();
        for c in self.negatives.values() {
            total.lines += c.lines;
            total.lines_hit += c.lines_hit;
            total.findings += c.findings;
        }
        total
    }

    /// Findings at low severity on optional lines: correct, though not required.
    fn optional_accepted(&self) -> usize {
        self.optional
            .values()
            .map(|c| c.findings - c.above_low)
            .sum()
    }

    fn publishable_false_positives(&self) -> usize {
        self.false_positives
            .iter()
            .filter(|f| f.publishable)
            .count()
    }

    fn unlabelled(&self) -> usize {
        self.false_positives
            .iter()
            .filter(|f| f.negative.is_none())
            .count()
    }
}

/// Runs the scan and prints the tables.
pub(crate) fn accuracy(options: &AccuracyOptions) -> Result<()> {
    let dir = options
        .dir
        .canonicalize()
        .with_context(|| format!("cannot open corpus directory {}", options.dir.display()))?;
    let manifest = read_labels(&dir)?;
    let bin = locate_binary(options.bin.as_deref())?;
    say!("binary: {} ({})", bin.display(), binary_version(&bin)?);
    if !options.rule_args.is_empty() {
        say!("rules: {}", options.rule_args.join(" "));
    }

    let output = Command::new(&bin)
        .arg("scan")
        .arg(&dir)
        .args(["--no-ignore", "--format", "json"])
        .args(&options.rule_args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0 | 1) => {}
        Some(3) => say!(
            "warning: the scan was incomplete (exit 3): {}",
            stderr.trim()
        ),
        _ => bail!(
            "`{} scan {}` failed ({}):\n{}",
            bin.display(),
            dir.display(),
            output.status,
            stderr.trim()
        ),
    }
    let text = String::from_utf8(output.stdout).context("the JSON report is not UTF-8")?;
    let (mut findings, files) =
        parse_findings(&text, &dir).context("cannot understand the JSON report")?;
    if let Some(categories) = &manifest.categories {
        let all = findings.len();
        findings.retain(|f| categories.contains(&f.category));
        say!(
            "categories: {} ({} findings of other categories set aside)",
            categories.join(", "),
            all - findings.len()
        );
    }
    let score = score(&manifest.labels, &findings);
    let noun = if manifest.categories.is_some() {
        "labelled positives"
    } else {
        "planted secrets"
    };
    say!(
        "corpus: {} ({files} files scanned, {} {noun}, {} hard-negative lines)",
        dir.display(),
        score.secret_total().planted,
        score.negative_total().lines
    );
    print_score(&score, noun)
}

/// The findings of a JSON report (paths made relative to `dir`), and the files it scanned.
fn parse_findings(text: &str, dir: &Path) -> Result<(Vec<Finding>, u64)> {
    let doc = Json::parse(text)?;
    let files = doc
        .get("stats")
        .and_then(|s| s.get("files_scanned"))
        .and_then(Json::as_u64)
        .unwrap_or(0);
    let prefix = format!("{}/", dir.display());
    let mut findings = Vec::new();
    for f in doc
        .get("findings")
        .and_then(Json::as_array)
        .ok_or_else(|| anyhow!("no `findings` array"))?
    {
        let text = |value: Option<&Json>| value.and_then(Json::as_str).unwrap_or("").to_owned();
        let path = text(f.get("origin").and_then(|o| o.get("path")));
        findings.push(Finding {
            rule: text(f.get("rule")),
            path: path.strip_prefix(&prefix).unwrap_or(&path).to_owned(),
            start_line: f
                .get("location")
                .and_then(|l| l.get("start_line"))
                .and_then(Json::as_u64)
                .ok_or_else(|| anyhow!("a finding has no `location.start_line`"))?
                as usize,
            publishable: f.get("exposure").and_then(Json::as_str) == Some("publishable"),
            category: text(f.get("category")),
            severity: text(f.get("severity")),
        });
    }
    Ok((findings, files))
}

fn read_labels(dir: &Path) -> Result<Manifest> {
    let path = dir.join(LABELS);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    parse_labels(&text).with_context(|| format!("in {}", path.display()))
}

fn parse_labels(text: &str) -> Result<Manifest> {
    let mut categories = None;
    let mut lines = text.lines().enumerate().filter(|(_, row)| {
        let Some(comment) = row.strip_prefix('#') else {
            return true;
        };
        if let Some(list) = comment.trim().strip_prefix(CATEGORIES_DIRECTIVE) {
            categories = Some(
                list.split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
        false
    });
    match lines.next() {
        Some((_, header)) if header == LABELS_HEADER => {}
        other => bail!(
            "line {}: expected the header {LABELS_HEADER:?}, found {:?}",
            other.map_or(1, |(n, _)| n + 1),
            other.map_or("", |(_, l)| l)
        ),
    }
    let mut labels = Vec::new();
    for (n, row) in lines {
        if row.is_empty() {
            continue;
        }
        let bad = |why: &str| anyhow!("line {}: {why}: {row:?}", n + 1);
        let fields: Vec<&str> = row.split('\t').collect();
        let [path, line, kind, expect] = fields[..] else {
            return Err(bad("not four tab-separated fields"));
        };
        let number = |text: &str| text.parse::<usize>().ok().filter(|&l| l > 0);
        let (line, end) = match line.split_once('-') {
            Some((start, end)) => (number(start), number(end)),
            None => (number(line), number(line)),
        };
        let (Some(line), Some(end)) = (line, end) else {
            return Err(bad("the line is not a positive number or range N-M"));
        };
        if end < line {
            return Err(bad("the range ends before it starts"));
        }
        let expect = match expect {
            "secret" | "finding" => Expect::Secret,
            "none" => Expect::None,
            "low" => Expect::Low,
            _ => return Err(bad("expect is not `secret`, `finding`, `low` or `none`")),
        };
        labels.push(Label {
            path: path.to_owned(),
            line,
            end,
            kind: kind.to_owned(),
            expect,
        });
    }
    Ok(Manifest { labels, categories })
}

/// Whether a finding's severity is above low (what an optional label allows at most).
fn above_low(severity: &str) -> bool {
    !matches!(severity, "low" | "")
}

/// Matches findings to labels by path and start line (within the label's range).
fn score(labels: &[Label], findings: &[Finding]) -> Score {
    let mut in_file: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in findings {
        in_file.entry(f.path.as_str()).or_default().push(f);
    }
    let mut by_file: HashMap<&str, Vec<&Label>> = HashMap::new();
    let mut out = Score {
        findings: findings.len(),
        ..Score::default()
    };
    for label in labels {
        by_file.entry(label.path.as_str()).or_default().push(label);
        let on_label: Vec<&Finding> = in_file
            .get(label.path.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|f| (label.line..=label.end).contains(&f.start_line))
            .collect();
        let hits = on_label.len();
        match label.expect {
            Expect::Secret => {
                let c = out.secrets.entry(label.kind.clone()).or_default();
                c.planted += 1;
                c.findings += hits;
                if hits > 0 {
                    c.found += 1;
                } else {
                    out.missed.push((
                        label.path.clone(),
                        label.line,
                        label.end,
                        label.kind.clone(),
                    ));
                }
            }
            Expect::None => {
                let c = out.negatives.entry(label.kind.clone()).or_default();
                c.lines += 1;
                c.findings += hits;
                c.lines_hit += usize::from(hits > 0);
            }
            Expect::Low => {
                let c = out.optional.entry(label.kind.clone()).or_default();
                c.lines += 1;
                c.findings += hits;
                c.lines_hit += usize::from(hits > 0);
                c.above_low += on_label.iter().filter(|f| above_low(&f.severity)).count();
            }
        }
    }
    for f in findings {
        let label = by_file
            .get(f.path.as_str())
            .and_then(|ls| ls.iter().find(|l| l.covers(&f.path, f.start_line)));
        let mut above = None;
        match label.map(|l| l.expect) {
            Some(Expect::Secret) => continue,
            Some(Expect::Low) if !above_low(&f.severity) => continue,
            Some(Expect::Low) => above = Some(f.severity.clone()),
            _ => {}
        }
        out.false_positives.push(FalsePositive {
            path: f.path.clone(),
            line: f.start_line,
            rule: f.rule.clone(),
            negative: label.map(|l| l.kind.clone()),
            publishable: f.publishable,
            above_low: above,
        });
    }
    out.missed.sort();
    out.false_positives
        .sort_by(|a, b| (&a.path, a.line, &a.rule).cmp(&(&b.path, b.line, &b.rule)));
    out
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

/// Width of the kind column: 20, or the longest kind.
fn kind_width<'a>(kinds: impl Iterator<Item = &'a String>) -> usize {
    kinds.map(String::len).max().unwrap_or(0).max(20)
}

/// Prints the tables; `noun` names the positives ("planted secrets", "labelled positives").
fn print_score(score: &Score, noun: &str) -> Result<()> {
    let secrets = score.secret_total();
    let negatives = score.negative_total();
    say!(
        "findings: {} ({} on {noun}, {} on hard negatives, {} on unlabelled lines)",
        score.findings,
        secrets.findings,
        negatives.findings,
        score.unlabelled()
    );
    say!("");
    let w = kind_width(score.secrets.keys());
    say!(
        "{:<w$} {:>7} {:>7} {:>7} {:>9}",
        noun,
        "found",
        "planted",
        "recall",
        "findings",
        w = w + 2
    );
    let rows = score.secrets.iter().map(|(k, c)| (k.as_str(), c));
    for (kind, c) in rows.chain([("overall", &secrets)]) {
        say!(
            "  {:<w$} {:>7} {:>7} {:>7} {:>9}",
            kind,
            c.found,
            c.planted,
            percent(c.found, c.planted),
            c.findings
        );
    }
    say!("");
    let w = kind_width(score.negatives.keys());
    say!(
        "{:<w$} {:>7} {:>13} {:>9}",
        "hard negatives",
        "lines",
        "lines flagged",
        "findings",
        w = w + 2
    );
    let rows = score.negatives.iter().map(|(k, c)| (k.as_str(), c));
    for (kind, c) in rows.chain([("overall", &negatives)]) {
        say!(
            "  {:<w$} {:>7} {:>13} {:>9}",
            kind,
            c.lines,
            c.lines_hit,
            c.findings
        );
    }
    if !score.optional.is_empty() {
        say!("");
        let w = kind_width(score.optional.keys());
        say!(
            "{:<w$} {:>7} {:>14} {:>9} {:>10}",
            "optional (low at most)",
            "lines",
            "lines reported",
            "findings",
            "above low",
            w = w + 2
        );
        for (kind, c) in &score.optional {
            say!(
                "  {:<w$} {:>7} {:>14} {:>9} {:>10}",
                kind,
                c.lines,
                c.lines_hit,
                c.findings,
                c.above_low
            );
        }
    }
    say!("");
    say!(
        "recall: {}/{} = {} ({noun} with a finding on their line)",
        secrets.found,
        secrets.planted,
        percent(secrets.found, secrets.planted)
    );
    let accepted = score.optional_accepted();
    if score.optional.is_empty() {
        say!(
            "precision: {}/{} = {} (findings on {noun}' lines / all findings)",
            secrets.findings,
            score.findings,
            percent(secrets.findings, score.findings)
        );
    } else {
        say!(
            "precision: {}/{} = {} (findings on {noun}' lines, and at low severity on optional lines, / all findings)",
            secrets.findings + accepted,
            score.findings,
            percent(secrets.findings + accepted, score.findings)
        );
    }
    let publishable = score.publishable_false_positives();
    if publishable > 0 {
        let rest = score.findings - publishable;
        say!(
            "  without the {publishable} findings of `exposure: publishable` rules off {noun}: {}/{rest} = {}",
            secrets.findings,
            percent(secrets.findings, rest)
        );
    }
    if !score.missed.is_empty() {
        say!("");
        say!("missed ({}):", score.missed.len());
        for (path, line, end, kind) in &score.missed {
            if end == line {
                say!("  {path}:{line}  {kind}");
            } else {
                say!("  {path}:{line}-{end}  {kind}");
            }
        }
    }
    if !score.false_positives.is_empty() {
        say!("");
        say!("findings off {noun} ({}):", score.false_positives.len());
        for f in &score.false_positives {
            let on = match (&f.negative, &f.above_low) {
                (Some(k), Some(severity)) => format!("optional {k}, reported {severity}"),
                (Some(k), None) => format!("hard negative {k}"),
                (None, _) => "unlabelled".to_owned(),
            };
            let publishable = if f.publishable {
                ", exposure: publishable"
            } else {
                ""
            };
            say!("  {}:{}  {}  ({on}{publishable})", f.path, f.line, f.rule);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings as leakguard reports them: (path under /c, start line, rule).
    fn findings(list: &[(&str, usize, &str)]) -> Vec<Finding> {
        let items: Vec<String> = list
            .iter()
            .map(|(path, line, rule)| {
                let exposure = if rule.ends_with("publishable-key") {
                    r#","exposure":"publishable""#
                } else {
                    ""
                };
                format!(
                    r#"{{"rule":"{rule}","origin":{{"kind":"file","path":"/c/{path}"}}{exposure},
                    "location":{{"start_line":{line},"start_column":1,"end_line":{line},"end_column":9}}}}"#
                )
            })
            .collect();
        let text = format!(
            r#"{{"findings":[{}],"stats":{{"files_scanned":4}}}}"#,
            items.join(",")
        );
        let (findings, files) = parse_findings(&text, Path::new("/c")).expect("the report parses");
        assert_eq!(files, 4);
        findings
    }

    #[test]
    fn labels_parse_and_bad_rows_name_their_line() {
        let text =
            "path\tline\tkind\texpect\na.py\t3\tgithub\tsecret\nb.lock\t7\tintegrity-hash\tnone\n";
        let labels = parse_labels(text).expect("parses").labels;
        assert_eq!(labels.len(), 2);
        assert_eq!(labels[1].expect, Expect::None);
        let error = parse_labels("path\tline\tkind\texpect\na.py\t0\tgithub\tsecret\n")
            .expect_err("line 0 is rejected");
        assert!(format!("{error}").contains("line 2"), "{error}");
        assert!(parse_labels("a.py\t3\tgithub\tsecret\n").is_err());
    }

    #[test]
    fn findings_score_by_path_and_start_line() {
        let labels = parse_labels(
            "path\tline\tkind\texpect\n\
             a.py\t3\tgithub\tsecret\n\
             a.py\t9\tgithub\tsecret\n\
             k.pem\t1\tprivate-key\tsecret\n\
             b.lock\t7\tintegrity-hash\tnone\n\
             b.lock\t8\tintegrity-hash\tnone\n\
             s.rb\t4\tpublishable-key\tnone\n",
        )
        .expect("parses")
        .labels;
        let findings = findings(&[
            ("a.py", 3, "github.pat-classic"),
            ("a.py", 3, "generic.assignment"),
            ("k.pem", 1, "private-key.rsa"),
            ("b.lock", 7, "generic.assignment"),
            ("c.md", 2, "jwt.token"),
            ("s.rb", 4, "stripe.publishable-key"),
        ]);
        let score = score(&labels, &findings);
        assert_eq!(
            score.secrets["github"],
            SecretCounts {
                planted: 2,
                found: 1,
                findings: 2
            }
        );
        assert_eq!(score.secret_total().findings, 3);
        assert_eq!(
            score.negatives["integrity-hash"],
            NegativeCounts {
                lines: 2,
                lines_hit: 1,
                findings: 1
            }
        );
        assert_eq!(
            score.missed,
            [("a.py".to_owned(), 9, 9, "github".to_owned())]
        );
        assert_eq!(score.false_positives.len(), 3);
        assert_eq!(score.unlabelled(), 1);
        assert_eq!(score.publishable_false_positives(), 1);
        assert_eq!(score.false_positives[1].path, "c.md");
        assert_eq!(score.findings, 6);
    }

    #[test]
    fn config_manifests_take_comments_categories_ranges_and_optional_lines() {
        let manifest = parse_labels(
            "# a corpus of settings\n\
             # categories: cors, dotenv\n\
             path\tline\tkind\texpect\n\
             app.js\t3\tcors-reflect-origin\tfinding\n\
             app.js\t9\tcors-wildcard-public\tlow\n\
             app.js\t12\tcors-wildcard-public\tlow\n\
             app.js\t15\tcors-allowlist\tnone\n\
             .env\t1-4\tenv-file\tfinding\n",
        )
        .expect("parses");
        assert_eq!(
            manifest.categories.as_deref(),
            Some(&["cors".to_owned(), "dotenv".to_owned()][..])
        );
        let labels = manifest.labels;
        assert_eq!((labels[4].line, labels[4].end), (1, 4));
        assert_eq!(labels[1].expect, Expect::Low);
        let error = parse_labels("path\tline\tkind\texpect\n.env\t4-2\tenv-file\tfinding\n")
            .expect_err("a backwards range is rejected");
        assert!(format!("{error}").contains("line 2"), "{error}");

        let mut findings = findings(&[
            ("app.js", 3, "cors.reflect"),
            ("app.js", 9, "cors.wildcard"),
            ("app.js", 12, "cors.wildcard"),
            (".env", 3, "dotenv.env-file"),
        ]);
        findings[1].severity = "low".to_owned();
        findings[2].severity = "high".to_owned();
        let score = score(&labels, &findings);
        assert_eq!(
            score.secret_total().found,
            2,
            "the range counts a finding on line 3"
        );
        assert!(score.missed.is_empty());
        assert_eq!(
            score.optional["cors-wildcard-public"],
            OptionalCounts {
                lines: 2,
                lines_hit: 2,
                findings: 2,
                above_low: 1
            }
        );
        assert_eq!(score.optional_accepted(), 1);
        assert_eq!(
            score.false_positives.len(),
            1,
            "{:?}",
            score.false_positives
        );
        assert_eq!(score.false_positives[0].above_low.as_deref(), Some("high"));
    }
}

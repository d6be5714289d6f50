//! `leakguard-bench accuracy`: one scan of a labelled corpus (testdata/accuracy), scored for
//! recall by credential kind and for precision, with the false positives sorted by the kind of
//! look-alike that drew them.
//!
//! The corpus's `manifest.tsv` labels lines, not spans: `secret` lines hold a planted fake (a
//! finding must start there; for an armored key, the BEGIN line), `none` lines a hard negative (no
//! finding may start there). Lines it does not name hold no credential either, so every finding
//! that does not start on a `secret` line is a false positive, labelled or not.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};

use crate::json::Json;
use crate::run::{binary_version, locate_binary};

/// The labels file inside the corpus directory.
const LABELS: &str = "manifest.tsv";
const LABELS_HEADER: &str = "path\tline\tkind\texpect";

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
    Secret,
    None,
}

/// One row of the manifest.
#[derive(Debug, Clone)]
struct Label {
    path: String,
    line: usize,
    kind: String,
    expect: Expect,
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

/// A finding that does not start on a planted secret's line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FalsePositive {
    path: String,
    line: usize,
    rule: String,
    /// The hard negative's kind, or `None` for an unlabelled line.
    negative: Option<String>,
    publishable: bool,
}

/// The scored scan.
#[derive(Debug, Default)]
struct Score {
    secrets: BTreeMap<String, SecretCounts>,
    negatives: BTreeMap<String, NegativeCounts>,
    /// Planted secrets that no finding starts on: (path, line, kind).
    missed: Vec<(String, usize, String)>,
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
    let labels = read_labels(&dir)?;
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
    let (findings, files) =
        parse_findings(&text, &dir).context("cannot understand the JSON report")?;
    let score = score(&labels, &findings);
    say!(
        "corpus: {} ({files} files scanned, {} planted secrets, {} hard-negative lines)",
        dir.display(),
        score.secret_total().planted,
        score.negative_total().lines
    );
    print_score(&score)
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
        });
    }
    Ok((findings, files))
}

fn read_labels(dir: &Path) -> Result<Vec<Label>> {
    let path = dir.join(LABELS);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    parse_labels(&text).with_context(|| format!("in {}", path.display()))
}

fn parse_labels(text: &str) -> Result<Vec<Label>> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, header)) if header == LABELS_HEADER => {}
        other => bail!(
            "line 1: expected the header {LABELS_HEADER:?}, found {:?}",
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
        let line = line
            .parse::<usize>()
            .ok()
            .filter(|&l| l > 0)
            .ok_or_else(|| bad("the line is not a positive number"))?;
        let expect = match expect {
            "secret" => Expect::Secret,
            "none" => Expect::None,
            _ => return Err(bad("expect is neither `secret` nor `none`")),
        };
        labels.push(Label {
            path: path.to_owned(),
            line,
            kind: kind.to_owned(),
            expect,
        });
    }
    Ok(labels)
}

/// Matches findings to labels by path and start line.
fn score(labels: &[Label], findings: &[Finding]) -> Score {
    let mut on_line: HashMap<(&str, usize), Vec<&Finding>> = HashMap::new();
    for f in findings {
        on_line
            .entry((f.path.as_str(), f.start_line))
            .or_default()
            .push(f);
    }
    let mut by_line: HashMap<(&str, usize), &Label> = HashMap::new();
    let mut out = Score {
        findings: findings.len(),
        ..Score::default()
    };
    for label in labels {
        by_line.insert((label.path.as_str(), label.line), label);
        let hits = on_line
            .get(&(label.path.as_str(), label.line))
            .map_or(0, Vec::len);
        match label.expect {
            Expect::Secret => {
                let c = out.secrets.entry(label.kind.clone()).or_default();
                c.planted += 1;
                c.findings += hits;
                if hits > 0 {
                    c.found += 1;
                } else {
                    out.missed
                        .push((label.path.clone(), label.line, label.kind.clone()));
                }
            }
            Expect::None => {
                let c = out.negatives.entry(label.kind.clone()).or_default();
                c.lines += 1;
                c.findings += hits;
                c.lines_hit += usize::from(hits > 0);
            }
        }
    }
    for f in findings {
        let label = by_line.get(&(f.path.as_str(), f.start_line));
        if label.is_some_and(|l| l.expect == Expect::Secret) {
            continue;
        }
        out.false_positives.push(FalsePositive {
            path: f.path.clone(),
            line: f.start_line,
            rule: f.rule.clone(),
            negative: label.map(|l| l.kind.clone()),
            publishable: f.publishable,
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

fn print_score(score: &Score) -> Result<()> {
    let secrets = score.secret_total();
    let negatives = score.negative_total();
    say!(
        "findings: {} ({} on planted secrets, {} on hard negatives, {} on unlabelled lines)",
        score.findings,
        secrets.findings,
        negatives.findings,
        score.unlabelled()
    );
    say!("");
    say!(
        "{:<22} {:>7} {:>7} {:>7} {:>9}",
        "planted secrets",
        "found",
        "planted",
        "recall",
        "findings"
    );
    let rows = score.secrets.iter().map(|(k, c)| (k.as_str(), c));
    for (kind, c) in rows.chain([("overall", &secrets)]) {
        say!(
            "  {:<20} {:>7} {:>7} {:>7} {:>9}",
            kind,
            c.found,
            c.planted,
            percent(c.found, c.planted),
            c.findings
        );
    }
    say!("");
    say!(
        "{:<22} {:>7} {:>13} {:>9}",
        "hard negatives",
        "lines",
        "lines flagged",
        "findings"
    );
    let rows = score.negatives.iter().map(|(k, c)| (k.as_str(), c));
    for (kind, c) in rows.chain([("overall", &negatives)]) {
        say!(
            "  {:<20} {:>7} {:>13} {:>9}",
            kind,
            c.lines,
            c.lines_hit,
            c.findings
        );
    }
    say!("");
    say!(
        "recall: {}/{} = {} (planted secrets with a finding on their line)",
        secrets.found,
        secrets.planted,
        percent(secrets.found, secrets.planted)
    );
    say!(
        "precision: {}/{} = {} (findings on planted secrets' lines / all findings)",
        secrets.findings,
        score.findings,
        percent(secrets.findings, score.findings)
    );
    let publishable = score.publishable_false_positives();
    if publishable > 0 {
        let rest = score.findings - publishable;
        say!(
            "  without the {publishable} findings of `exposure: publishable` rules off planted secrets: {}/{rest} = {}",
            secrets.findings,
            percent(secrets.findings, rest)
        );
    }
    if !score.missed.is_empty() {
        say!("");
        say!("missed ({}):", score.missed.len());
        for (path, line, kind) in &score.missed {
            say!("  {path}:{line}  {kind}");
        }
    }
    if !score.false_positives.is_empty() {
        say!("");
        say!(
            "findings off planted secrets ({}):",
            score.false_positives.len()
        );
        for f in &score.false_positives {
            let on = f
                .negative
                .as_deref()
                .map_or_else(|| "unlabelled".to_owned(), |k| format!("hard negative {k}"));
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
        let labels = parse_labels(text).expect("parses");
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
        .expect("parses");
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
        assert_eq!(score.missed, [("a.py".to_owned(), 9, "github".to_owned())]);
        assert_eq!(score.false_positives.len(), 3);
        assert_eq!(score.unlabelled(), 1);
        assert_eq!(score.publishable_false_positives(), 1);
        assert_eq!(score.false_positives[1].path, "c.md");
        assert_eq!(score.findings, 6);
    }
}

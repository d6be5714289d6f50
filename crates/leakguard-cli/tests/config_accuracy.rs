//! Recall and precision of the configuration checks (categories `cors`, `cookie`, `dotenv`) on
//! their labelled corpus, testdata/config-accuracy (see its README.md): a change that loses
//! misconfigurations or starts reporting safe settings fails here, with the figures.
//! `leakguard-bench accuracy testdata/config-accuracy` prints the full tables.
//!
//! The manifest labels lines or whole files (`N-M`): `finding` (a finding of one of the scored
//! categories must start there), `low` (a finding may start there at low severity, or none: a
//! wildcard origin on public data, a preference cookie, a committed file of public defaults) or
//! `none` (a hard negative). Findings of other categories (the secret rules) are set aside.
//! Precision counts as correct the findings on `finding` labels and the low-severity findings on
//! `low` labels; every other finding is a false positive, labelled or not.
//!
//! Measured on 2026-12-02 with the rules of b38a586 (all CORS and cookie rule files landed; the
//! same at 0f1a6a2):
//! recall 162/171 = 94.7% (cors 54/60 = 90.0%, cookie 93/93 = 100%, dotenv 15/18 = 83.3%),
//! precision 237/243 = 97.5%. Counted on the first line of multi-line calls only, as the
//! manifest's first version did: recall 156/171 = 91.2%, precision 227/243 = 93.4%.
//!
//! The rules were written and then tuned while this corpus sat in the shared tree: several rule
//! examples copy its files, and b38a586 took cookie recall from 77/93 to 93/93 (with the rules of
//! 2396bc9, just before it: recall 146/171 = 85.4%, precision 212/220 = 96.4%). These figures
//! are an upper bound for code the rules have not seen; an independent one needs a held-out
//! corpus.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use common::workspace_root;

const CORPUS: &str = "testdata/config-accuracy";

/// Floors: the measured figures rounded down. Raise them when a change does better.
const MIN_RECALL_PERCENT: usize = 94;
const MIN_PRECISION_PERCENT: usize = 97;
/// Recall floors per category, so that a gain in one cannot hide a loss in another.
const MIN_CATEGORY_RECALL_PERCENT: &[(&str, usize)] =
    &[("cors", 90), ("cookie", 100), ("dotenv", 83)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Finding,
    Low,
    None,
}

struct Label {
    path: String,
    first: usize,
    last: usize,
    kind: String,
    expect: Expect,
}

impl Label {
    fn covers(&self, path: &str, line: usize) -> bool {
        self.path == path && (self.first..=self.last).contains(&line)
    }

    /// Whether a finding on `line` counted for this label in the manifest's first version, which
    /// gave whole-file ranges to env files but only the first line to multi-line calls.
    fn covers_first_line(&self, path: &str, line: usize) -> bool {
        if category_of(&self.kind) == "dotenv" {
            self.covers(path, line)
        } else {
            self.path == path && self.first == line
        }
    }

    fn place(&self) -> String {
        if self.first == self.last {
            format!("{}:{}", self.path, self.first)
        } else {
            format!("{}:{}-{}", self.path, self.first, self.last)
        }
    }
}

/// The rule category a labelled kind belongs to.
fn category_of(kind: &str) -> &'static str {
    if kind.starts_with("cors-") {
        "cors"
    } else if kind.starts_with("env-") {
        "dotenv"
    } else {
        "cookie"
    }
}

/// The manifest: its labels and the categories it scores.
fn manifest() -> (Vec<Label>, Vec<String>) {
    let path = workspace_root().join(CORPUS).join("manifest.tsv");
    let text = std::fs::read_to_string(&path).expect("the corpus has a manifest.tsv");
    let mut categories = Vec::new();
    let mut rows = text.lines().filter(|row| match row.strip_prefix('#') {
        Some(comment) => {
            if let Some(list) = comment.trim().strip_prefix("categories:") {
                categories = list.split(',').map(|c| c.trim().to_owned()).collect();
            }
            false
        }
        None => !row.is_empty(),
    });
    assert_eq!(
        rows.next(),
        Some("path\tline\tkind\texpect"),
        "manifest header"
    );
    let mut labels = Vec::new();
    for row in rows {
        let fields: Vec<&str> = row.split('\t').collect();
        let [path, line, kind, expect] = fields[..] else {
            panic!("manifest row without four fields: {row:?}");
        };
        let number = |n: &str| -> usize { n.parse().expect("manifest line numbers are numbers") };
        let (first, last) = match line.split_once('-') {
            Some((a, b)) => (number(a), number(b)),
            None => (number(line), number(line)),
        };
        assert!(0 < first && first <= last, "bad line range in {row:?}");
        let expect = match expect {
            "finding" => Expect::Finding,
            "low" => Expect::Low,
            "none" => Expect::None,
            _ => panic!("manifest row with expect {expect:?}: {row:?}"),
        };
        labels.push(Label {
            path: path.to_owned(),
            first,
            last,
            kind: kind.to_owned(),
            expect,
        });
    }
    assert!(!categories.is_empty(), "the manifest names its categories");
    (labels, categories)
}

/// One finding: (path relative to the corpus, start line, rule, category, severity).
struct Finding {
    path: String,
    line: usize,
    rule: String,
    severity: String,
}

/// The findings of the scored categories.
fn scan(categories: &[String]) -> Vec<Finding> {
    common::corpus_findings(CORPUS)
        .into_iter()
        .filter(|(_, f)| {
            let category = f["category"].as_str().expect("findings have a category");
            categories.iter().any(|c| c == category)
        })
        .map(|(path, f)| Finding {
            path,
            line: f["location"]["start_line"].as_u64().expect("start_line") as usize,
            rule: f["rule"].as_str().expect("rule").to_owned(),
            severity: f["severity"].as_str().expect("severity").to_owned(),
        })
        .collect()
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

#[test]
fn config_corpus_labels_name_existing_lines_once() {
    let (labels, _) = manifest();
    let root = workspace_root().join(CORPUS);
    let mut by_file: HashMap<&str, Vec<&Label>> = HashMap::new();
    for label in &labels {
        let text = std::fs::read_to_string(root.join(&label.path))
            .unwrap_or_else(|e| panic!("{}: {e}", label.place()));
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            label.last <= lines.len(),
            "{} is past the end of the file ({} lines)",
            label.place(),
            lines.len()
        );
        assert!(
            !lines[label.first - 1].trim().is_empty(),
            "{} labels a blank line",
            label.place()
        );
        by_file.entry(&label.path).or_default().push(label);
    }
    for file in by_file.values() {
        for (i, a) in file.iter().enumerate() {
            for b in &file[i + 1..] {
                assert!(
                    a.last < b.first || b.last < a.first,
                    "{} and {} overlap",
                    a.place(),
                    b.place()
                );
            }
        }
    }
}

#[test]
fn config_corpus_keeps_its_recall_and_precision() {
    let (labels, categories) = manifest();
    let findings = scan(&categories);

    // kind -> (found, labelled), for `finding` labels; kind -> (reported, labelled) for `low` ones.
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut optional: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut found_on_first_line = 0;
    for label in &labels {
        let hit = findings.iter().any(|f| label.covers(&f.path, f.line));
        match label.expect {
            Expect::Finding => {
                found_on_first_line += usize::from(
                    findings
                        .iter()
                        .any(|f| label.covers_first_line(&f.path, f.line)),
                );
                for slot in [
                    per_kind.entry(&label.kind).or_default(),
                    per_category.entry(category_of(&label.kind)).or_default(),
                ] {
                    slot.0 += usize::from(hit);
                    slot.1 += 1;
                }
                if !hit {
                    missed.push(format!("{} {}", label.place(), label.kind));
                }
            }
            Expect::Low => {
                let slot = optional.entry(&label.kind).or_default();
                slot.0 += usize::from(hit);
                slot.1 += 1;
            }
            Expect::None => {}
        }
    }
    let found: usize = per_kind.values().map(|c| c.0).sum();
    let labelled: usize = per_kind.values().map(|c| c.1).sum();

    let mut false_positives = Vec::new();
    for f in &findings {
        let label = labels.iter().find(|l| l.covers(&f.path, f.line));
        let on = match label {
            Some(l) if l.expect == Expect::Finding => continue,
            Some(l) if l.expect == Expect::Low && f.severity == "low" => continue,
            Some(l) if l.expect == Expect::Low => {
                format!("optional {}, reported {}", l.kind, f.severity)
            }
            Some(l) => format!("on {}", l.kind),
            None => "unlabelled".to_owned(),
        };
        false_positives.push(format!("{}:{} {} ({on})", f.path, f.line, f.rule));
    }
    let correct = findings.len() - false_positives.len();
    let correct_on_first_line = findings
        .iter()
        .filter(|f| {
            labels.iter().any(|l| {
                l.covers_first_line(&f.path, f.line)
                    && (l.expect == Expect::Finding
                        || (l.expect == Expect::Low && f.severity == "low"))
            })
        })
        .count();
    missed.sort();
    false_positives.sort();

    let mut figures = format!(
        "recall {found}/{labelled} = {:.1}% (at least {MIN_RECALL_PERCENT}% expected), \
         precision {correct}/{} = {:.1}% (at least {MIN_PRECISION_PERCENT}% expected)",
        percent(found, labelled),
        findings.len(),
        percent(correct, findings.len()),
    );
    let _ = write!(
        figures,
        "\non first lines only: recall {found_on_first_line}/{labelled} = {:.1}%, precision {correct_on_first_line}/{} = {:.1}%",
        percent(found_on_first_line, labelled),
        findings.len(),
        percent(correct_on_first_line, findings.len()),
    );
    figures.push_str("\nper category:");
    for (category, (f, l)) in &per_category {
        let _ = write!(figures, " {category} {f}/{l} = {:.1}%,", percent(*f, *l));
    }
    figures.push_str("\nper kind:");
    for (kind, (f, l)) in &per_kind {
        let _ = write!(figures, "\n  {kind:<32} {f:>3}/{l:<3}");
    }
    figures.push_str("\noptional (low at most), reported/labelled:");
    for (kind, (r, l)) in &optional {
        let _ = write!(figures, "\n  {kind:<32} {r:>3}/{l:<3}");
    }
    let _ = write!(
        figures,
        "\nmissed:\n  {}\nfalse positives:\n  {}",
        missed.join("\n  "),
        false_positives.join("\n  ")
    );

    assert!(
        found * 100 >= MIN_RECALL_PERCENT * labelled,
        "recall fell\n{figures}"
    );
    assert!(
        correct * 100 >= MIN_PRECISION_PERCENT * findings.len(),
        "precision fell\n{figures}"
    );
    for (category, floor) in MIN_CATEGORY_RECALL_PERCENT {
        let (f, l) = per_category.get(category).copied().unwrap_or_default();
        assert!(
            f * 100 >= floor * l,
            "{category} recall fell below {floor}%\n{figures}"
        );
    }
    println!("{figures}");
}

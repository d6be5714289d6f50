//! `leakguard ci github`: what the GitHub Action runs. It reads the workflow event, picks what to
//! scan (a pull request's commits, a push's, the whole history, or a directory), and leaves
//! GitHub everything it shows: a SARIF file for code scanning, a job summary, annotations on
//! the lines, step outputs, and an exit code that fails the step.
//!
//! Kept in Rust rather than in the action's shell so that each event's handling is tested.

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use leakguard_core::{
    scan, scan_git, scan_git_range, Classification, Engine, Finding, GitRange, GitScanOptions,
    ScanConfig, ScanReport, ScanTarget,
};
use leakguard_report::{write_report, Format, HumanOptions};
use leakguard_rules::Severity;
use serde_json::Value;

use crate::args::{CiGithubArgs, CiMode};
use crate::exit::ExitStatus;
use crate::output::{self, plural};
use crate::settings::Settings;

/// GitHub shows at most this many annotations of each level per step; the rest go to the summary.
const MAX_ANNOTATIONS: usize = 10;

/// What one run scans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The commits of `base..head`: a pull request, a merge queue entry or a push.
    Range {
        base: String,
        head: String,
        why: String,
    },
    /// Nothing: a push that moved no commits, or deleted a branch.
    Nothing { why: String },
    /// Every commit reachable from every ref.
    History { why: String },
    /// The files under the path.
    Directory { why: String },
}

const ZERO_SHA: &str = "0000000000000000000000000000000000000000";

/// Picks what to scan from the event name and payload (`mode: auto`), or from the mode asked for.
pub fn plan(mode: CiMode, event: &str, payload: &Value) -> anyhow::Result<Plan> {
    let text = |pointer: &str| {
        payload
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let need = |pointer: &str| {
        text(pointer).with_context(|| format!("the `{event}` event payload has no `{pointer}`"))
    };
    let pull_request = || -> anyhow::Result<Plan> {
        Ok(Plan::Range {
            base: need("/pull_request/base/sha")?,
            head: need("/pull_request/head/sha")?,
            why: format!(
                "pull request #{}",
                payload
                    .pointer("/pull_request/number")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
            ),
        })
    };
    let push = || -> anyhow::Result<Plan> {
        if payload.pointer("/deleted").and_then(Value::as_bool) == Some(true) {
            return Ok(Plan::Nothing {
                why: "a push that deleted a branch".into(),
            });
        }
        let (before, after) = (need("/before")?, need("/after")?);
        if before == after {
            return Ok(Plan::Nothing {
                why: "a push that moved no commits".into(),
            });
        }
        if before == ZERO_SHA {
            // A new branch: its commits are those the default branch does not have.
            let default = need("/repository/default_branch")?;
            return Ok(Plan::Range {
                base: format!("origin/{default}"),
                head: after,
                why: format!("a new branch (its commits not on {default})"),
            });
        }
        Ok(Plan::Range {
            base: before,
            head: after,
            why: "a push".into(),
        })
    };
    match (mode, event) {
        (CiMode::Full, _) => Ok(Plan::History {
            why: "full history, as asked".into(),
        }),
        (CiMode::Dir, _) => Ok(Plan::Directory {
            why: "the files, as asked".into(),
        }),
        (CiMode::Pr, _) | (CiMode::Auto, "pull_request" | "pull_request_target") => pull_request(),
        (CiMode::Push, _) | (CiMode::Auto, "push") => push(),
        (CiMode::Auto, "merge_group") => Ok(Plan::Range {
            base: need("/merge_group/base_sha")?,
            head: need("/merge_group/head_sha")?,
            why: "a merge queue entry".into(),
        }),
        (CiMode::Auto, "schedule" | "workflow_dispatch") => Ok(Plan::History {
            why: format!("a `{event}` run: the full history"),
        }),
        (CiMode::Auto, other) => Ok(Plan::Directory {
            why: format!("a `{other}` event: the checked-out files"),
        }),
    }
}

/// Runs the plan for the event in the environment and writes everything GitHub shows.
pub fn run(args: &CiGithubArgs) -> anyhow::Result<ExitStatus> {
    let event = std::env::var("GITHUB_EVENT_NAME").unwrap_or_default();
    let payload: Value = match std::env::var_os("GITHUB_EVENT_PATH") {
        Some(path) => {
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "cannot read the event payload {}",
                    Path::new(&path).display()
                )
            })?;
            serde_json::from_str(&text).with_context(|| {
                format!(
                    "the event payload {} is not JSON",
                    Path::new(&path).display()
                )
            })?
        }
        None => Value::Null,
    };
    let plan = plan(args.mode, &event, &payload)?;
    let common = &args.common;
    let settings = Settings::load(common.rule_sources.config.as_deref(), &args.path)?;
    let engine = Engine::new(settings.rules(&common.rule_sources)?);
    // The SARIF file is always written, so findings always need their line hashes.
    let config = ScanConfig {
        line_hashes: true,
        ..settings.scan_config(common)?
    };
    let report = match &plan {
        Plan::Range { base, head, .. } => {
            let range = GitRange {
                base: base.clone(),
                head: head.clone(),
            };
            scan_git_range(&engine, &args.path, &range, &config)
                .map_err(|e| fetch_hint(e.into(), &payload))?
                .report
        }
        Plan::History { .. } => match args.store.path() {
            Some(store) => {
                crate::sweep_cmd::history_with_store(&engine, &args.path, &config, &store)?
            }
            None => scan_git(&engine, &args.path, &config, &GitScanOptions::default())?.report,
        },
        Plan::Directory { .. } => scan(&engine, &[ScanTarget::Path(args.path.clone())], &config),
        Plan::Nothing { .. } => ScanReport::default(),
    };

    let fail_on = settings.fail_on(common);
    let failing = report
        .findings
        .iter()
        .filter(|f| output::fails(f, fail_on, args.fail_on_pre_existing))
        .count();
    let status = output::exit_status(&report, fail_on, args.fail_on_pre_existing);

    write_sarif(&args.sarif_file, &report, &engine)?;
    let mut stdout = std::io::stdout().lock();
    let omitted = annotate(&mut stdout, &report)?;
    drop(stdout);
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        append(
            Path::new(&path),
            &summary(&plan, &report, failing, fail_on, omitted),
        )?;
    }
    if let Some(path) = std::env::var_os("GITHUB_OUTPUT") {
        append(
            Path::new(&path),
            &format!(
                "findings={failing}\nsarif-file={}\nexit-code={}\n",
                args.sarif_file.display(),
                status.0
            ),
        )?;
    }
    let note = match &plan {
        Plan::Range { base, head, why } => format!("{why}: {base}..{head}"),
        Plan::Nothing { why } | Plan::History { why } | Plan::Directory { why } => why.clone(),
    };
    output::finish(
        common,
        &settings,
        &engine,
        report,
        &[note],
        args.fail_on_pre_existing,
    )?;
    Ok(status)
}

/// A range that cannot be resolved in a shallow checkout says how deep to fetch.
fn fetch_hint(error: anyhow::Error, payload: &Value) -> anyhow::Error {
    let commits = payload
        .pointer("/pull_request/commits")
        .and_then(Value::as_u64);
    match commits {
        Some(n) => error.context(format!(
            "this pull request has {n} commit{}: check out with `fetch-depth: 0` (or at least {})",
            plural(n as usize),
            n + 1
        )),
        None => error.context("check out with `fetch-depth: 0` so the range's commits are there"),
    }
}

fn write_sarif(path: &Path, report: &ScanReport, engine: &Engine) -> anyhow::Result<()> {
    let file = File::create(path)
        .with_context(|| format!("cannot create the SARIF file {}", path.display()))?;
    let mut out = BufWriter::new(file);
    write_report(
        &mut out,
        Format::Sarif,
        report,
        engine.rules(),
        &HumanOptions { color: false },
    )
    .and_then(|()| out.flush())
    .with_context(|| format!("cannot write the SARIF file {}", path.display()))
}

fn append(path: &Path, text: &str) -> anyhow::Result<()> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes `::error`/`::warning` workflow commands, most severe first, at most
/// [`MAX_ANNOTATIONS`] of each; returns how many were left out.
fn annotate(out: &mut dyn Write, report: &ScanReport) -> anyhow::Result<usize> {
    let mut ordered: Vec<&Finding> = report.findings.iter().collect();
    ordered.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let (mut errors, mut warnings, mut omitted) = (0, 0, 0);
    for finding in ordered {
        let pre_existing = finding.classification == Some(Classification::PreExisting);
        let (level, count) = if pre_existing {
            ("warning", &mut warnings)
        } else {
            ("error", &mut errors)
        };
        if *count == MAX_ANNOTATIONS {
            omitted += 1;
            continue;
        }
        *count += 1;
        let location = &finding.location;
        let mut message = format!("{} ({}).", finding.rule_name, finding.severity);
        if let Some(commit) = finding.origin.commit() {
            let _ = write!(message, " In commit {}.", short(commit));
        }
        message.push_str(if pre_existing {
            " Already in this file before this change; rotate it when you can."
        } else {
            " Rotate the credential, then remove it from the code (and from history if it was pushed)."
        });
        writeln!(
            out,
            "::{level} file={},line={},endLine={},col={},title={}::{}",
            escape_property(&finding.origin.display_path()),
            location.start_line,
            location.end_line,
            location.start_column,
            escape_property(finding.rule.as_str()),
            escape_data(&message)
        )?;
    }
    Ok(omitted)
}

/// The job summary: counts by rule and severity, then every failing finding with where it is.
/// No secret, not even redacted, and no author.
pub fn summary(
    plan: &Plan,
    report: &ScanReport,
    failing: usize,
    fail_on: Severity,
    omitted_annotations: usize,
) -> String {
    let mut out = String::new();
    let status = if failing > 0 { "fails" } else { "passes" };
    let _ = writeln!(
        out,
        "## leakguard {status}: {failing} finding{} at or above {fail_on}\n",
        plural(failing)
    );
    let scanned = match plan {
        Plan::Range { base, head, why } => {
            format!("{why}, commits `{}..{}`", short(base), short(head))
        }
        Plan::Nothing { why } | Plan::History { why } | Plan::Directory { why } => why.clone(),
    };
    let _ = writeln!(out, "Scanned: {scanned}.\n");
    if report.findings.is_empty() {
        out.push_str("No findings.\n");
    } else {
        let mut counts: std::collections::BTreeMap<(std::cmp::Reverse<Severity>, String), usize> =
            Default::default();
        for f in &report.findings {
            *counts
                .entry((std::cmp::Reverse(f.severity), f.rule.as_str().to_owned()))
                .or_default() += 1;
        }
        out.push_str("| Severity | Rule | Findings |\n|---|---|---|\n");
        for ((severity, rule), n) in counts {
            let _ = writeln!(out, "| {} | `{rule}` | {n} |", severity.0);
        }
        out.push_str("\n| Severity | Rule | Where | Commit | Status |\n|---|---|---|---|---|\n");
        for f in &report.findings {
            let status = match f.classification {
                Some(Classification::Introduced) => "introduced by this change",
                Some(Classification::PreExisting) => "already in this file (warning)",
                None => "found",
            };
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}:{}` | {} | {status} |",
                f.severity,
                f.rule.as_str(),
                f.origin.display_path().replace('|', "\\|"),
                f.location.start_line,
                f.origin
                    .commit()
                    .map(|c| format!("`{}`", short(c)))
                    .unwrap_or_default(),
            );
        }
        out.push_str(
            "\nA finding introduced by a commit of this change counts even if a later commit \
             removed it: it is in the history now. Rotate the credential first. A false positive \
             can be allowed with a `leakguard:allow` comment on its line.\n",
        );
    }
    if omitted_annotations > 0 {
        let _ = writeln!(
            out,
            "\n{omitted_annotations} finding(s) are listed here but not annotated (GitHub shows {MAX_ANNOTATIONS} annotations of each level per step)."
        );
    }
    let incomplete: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.kind.is_incomplete())
        .collect();
    if !incomplete.is_empty() {
        let _ = writeln!(
            out,
            "\n**Incomplete:** {} input(s) could not be scanned:\n",
            incomplete.len()
        );
        for d in incomplete {
            let _ = writeln!(out, "- {d}");
        }
    }
    out
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_map_to_what_they_change() {
        let pr = json!({"pull_request": {"number": 7, "commits": 2, "base": {"sha": "b"}, "head": {"sha": "h"}}});
        assert!(
            matches!(plan(CiMode::Auto, "pull_request", &pr).expect("plan"),
            Plan::Range { base, head, .. } if base == "b" && head == "h")
        );
        let queue = json!({"merge_group": {"base_sha": "b", "head_sha": "h"}});
        assert!(matches!(
            plan(CiMode::Auto, "merge_group", &queue).expect("plan"),
            Plan::Range { .. }
        ));
        let push = json!({"before": "a", "after": "c"});
        assert!(matches!(plan(CiMode::Auto, "push", &push).expect("plan"),
            Plan::Range { base, .. } if base == "a"));
        let same = json!({"before": "a", "after": "a"});
        assert!(matches!(
            plan(CiMode::Auto, "push", &same).expect("plan"),
            Plan::Nothing { .. }
        ));
        let new_branch =
            json!({"before": ZERO_SHA, "after": "c", "repository": {"default_branch": "main"}});
        assert!(
            matches!(plan(CiMode::Auto, "push", &new_branch).expect("plan"),
            Plan::Range { base, .. } if base == "origin/main")
        );
        assert!(matches!(
            plan(CiMode::Auto, "schedule", &json!({})).expect("plan"),
            Plan::History { .. }
        ));
        assert!(matches!(
            plan(CiMode::Auto, "workflow_dispatch", &json!({})).expect("plan"),
            Plan::History { .. }
        ));
        assert!(matches!(
            plan(CiMode::Auto, "release", &json!({})).expect("plan"),
            Plan::Directory { .. }
        ));
        assert!(matches!(
            plan(CiMode::Full, "pull_request", &pr).expect("plan"),
            Plan::History { .. }
        ));
    }

    #[test]
    fn a_payload_missing_a_field_says_which() {
        let error = plan(CiMode::Auto, "pull_request", &json!({})).expect_err("no pull_request");
        assert!(
            error.to_string().contains("/pull_request/base/sha"),
            "{error}"
        );
    }

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("50%\r\n"), "50%25%0D%0A");
    }
}

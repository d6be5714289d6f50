//! What every scanning command does after its scan: diagnostics to stderr, the report to stdout
//! or a file, and the exit code from the findings and completeness.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::time::SystemTime;

use anyhow::Context;
use leakguard_core::{Classification, Engine, Finding, ScanReport};
use leakguard_report::{write_report_timed, Format, HumanOptions, ScanTimes};
use leakguard_rules::{Exposure, Severity};

use crate::args::{ColorArg, CommonArgs, FormatArg};
use crate::exit::{self, ExitStatus};
use crate::settings::Settings;

/// Prints diagnostics, writes the report, and decides the exit code.
pub fn finish(
    common: &CommonArgs,
    settings: &Settings,
    engine: &Engine,
    mut report: ScanReport,
    notes: &[String],
    fail_on_pre_existing: bool,
) -> anyhow::Result<ExitStatus> {
    let fail_on = settings.fail_on(common);
    if !common.audit_allows {
        // Counted in the summary and stats; listed only on request.
        report.suppressed.clear();
    }
    let mut stderr = std::io::stderr().lock();
    for diagnostic in &report.diagnostics {
        let level = if diagnostic.kind.is_incomplete() {
            "error"
        } else {
            "warning"
        };
        writeln!(stderr, "leakguard: {level}: {diagnostic}")?;
    }
    for note in notes {
        writeln!(stderr, "leakguard: note: {note}")?;
    }
    let format = match settings.format(common) {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::GitlabSecrets => Format::GitlabSecrets,
        FormatArg::CodeQuality => Format::CodeQuality,
        FormatArg::Junit => Format::Junit,
        FormatArg::Html => Format::Html,
    };
    let to_terminal = common.output.is_none() && std::io::stdout().is_terminal();
    let color = match common.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let human = HumanOptions { color };
    let (sink, target) = sink(common.output.as_deref())?;
    let mut out = BufWriter::new(sink);
    let end = SystemTime::now();
    let times = ScanTimes {
        start: end.checked_sub(report.stats.elapsed).unwrap_or(end),
        end,
    };
    write_report_timed(
        &mut out,
        format,
        &report,
        engine.rules(),
        &human,
        Some(times),
    )
    .and_then(|()| out.flush())
    .with_context(|| format!("cannot write the report to {target}"))?;
    Ok(exit_status(&report, fail_on, fail_on_pre_existing))
}

/// Where a report goes: the file `path` names (created), or standard output; with the words
/// that name it in an error.
pub fn sink(path: Option<&std::path::Path>) -> anyhow::Result<(Box<dyn Write>, String)> {
    Ok(match path {
        Some(path) => (
            Box::new(
                File::create(path)
                    .with_context(|| format!("cannot create report file {}", path.display()))?,
            ),
            format!("report file {}", path.display()),
        ),
        None => (
            Box::new(std::io::stdout().lock()),
            "standard output".to_owned(),
        ),
    })
}

/// Whether a finding fails the run: severe enough, and not a pre-existing one (unless asked).
pub fn fails(finding: &Finding, fail_on: Severity, fail_on_pre_existing: bool) -> bool {
    finding.severity >= fail_on
        && finding.exposure != Exposure::Publishable
        && (fail_on_pre_existing || finding.classification != Some(Classification::PreExisting))
}

/// The exit code a report earns.
pub fn exit_status(
    report: &ScanReport,
    fail_on: Severity,
    fail_on_pre_existing: bool,
) -> ExitStatus {
    if report
        .findings
        .iter()
        .any(|f| fails(f, fail_on, fail_on_pre_existing))
    {
        exit::FINDINGS
    } else if report.is_incomplete() {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    }
}

/// The plural ending for `n` things in a message.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

//! `leakguard baseline create|prune`: run a scan, then write or trim the baseline file.

use std::io::Write;

use crate::args::{BaselineAction, BaselineArgs, BaselineSource};
use crate::exit::{self, ExitStatus};
use crate::output::plural;
use crate::{baseline, git_cmd, scan_cmd};

pub fn run(args: &BaselineArgs) -> anyhow::Result<ExitStatus> {
    let (run, prune) = match &args.action {
        BaselineAction::Create(run) => (run, false),
        BaselineAction::Prune(run) => (run, true),
    };
    let report = match &run.source {
        BaselineSource::Scan(scan) => {
            anyhow::ensure!(
                !prune || scan.common.baseline.is_none(),
                "prune reads the baseline given with --file; drop --baseline"
            );
            let mut scan = scan.clone();
            scan.common.baseline = prune.then(|| run.file.clone());
            scan_cmd::scan_with_settings(&scan)?.2
        }
        BaselineSource::Git(git) => {
            let mut git = git.clone();
            git.common.baseline = prune.then(|| run.file.clone());
            git_cmd::scan_with_settings(&git)?.2.report
        }
    };
    for diagnostic in &report.diagnostics {
        eprintln!("leakguard: warning: {diagnostic}");
    }
    let mut stderr = std::io::stderr().lock();
    if prune {
        let dropped = baseline::prune(&run.file, &report)?;
        for line in &dropped {
            writeln!(stderr, "leakguard: stale baseline entry dropped: {line}")?;
        }
        writeln!(
            stderr,
            "leakguard: note: {} stale entr{} dropped from {}",
            dropped.len(),
            if dropped.len() == 1 { "y" } else { "ies" },
            run.file.display()
        )?;
    } else {
        let count = baseline::write(&run.file, &report)?;
        writeln!(
            stderr,
            "leakguard: note: {count} finding{} written to {}",
            plural(count),
            run.file.display()
        )?;
    }
    Ok(if report.is_incomplete() {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    })
}

//! `leakguard report --store`: what a findings store holds, in any format, without scanning.

use std::path::Path;

use leakguard_core::Engine;
use leakguard_store::Store;

use crate::args::ReportArgs;
use crate::exit::ExitStatus;
use crate::output;
use crate::settings::Settings;

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitStatus> {
    let path = args.store.path().unwrap_or_else(Store::default_path);
    let store = Store::open_existing(&path)?;
    let filter = (!args.repositories.is_empty()).then_some(args.repositories.as_slice());
    let report = store.report(filter)?;
    if let Some(wanted) = filter {
        let unknown: Vec<&String> = wanted
            .iter()
            .filter(|name| !report.repositories.contains(name))
            .collect();
        anyhow::ensure!(
            unknown.is_empty(),
            "{}: no such repository in the store {} (names are as listed when swept)",
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            path.display()
        );
    }
    // The rules give SARIF its rule metadata; findings of rules since removed keep theirs.
    let settings = Settings::load(args.common.rule_sources.config.as_deref(), Path::new("."))?;
    let engine = Engine::new(settings.rules(&args.common.rule_sources)?);
    let counters = store.counters()?;
    let notes = vec![format!(
        "store {}: {} repositor{}, {} finding{} recorded, {} triage mark{}",
        path.display(),
        counters.repositories,
        if counters.repositories == 1 {
            "y"
        } else {
            "ies"
        },
        counters.findings,
        output::plural(counters.findings as usize),
        counters.triage_marks,
        output::plural(counters.triage_marks as usize),
    )];
    output::finish(&args.common, &settings, &engine, report, &notes, false)
}

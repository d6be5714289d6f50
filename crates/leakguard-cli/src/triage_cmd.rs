//! `leakguard triage`: a person's verdict on a finding, kept in the findings store.

use std::io::Write;

use leakguard_core::{Fingerprint, Triage, TriageState};
use leakguard_store::Store;

use crate::args::TriageArgs;
use crate::exit::{self, ExitStatus};
use crate::output::plural;

pub fn run(args: &TriageArgs) -> anyhow::Result<ExitStatus> {
    let path = args.store.path().unwrap_or_else(Store::default_path);
    let store = Store::open_existing(&path)?;
    let mut out = std::io::stdout().lock();
    if args.list {
        for (fingerprint, mark) in store.triage_list()? {
            writeln!(out, "{fingerprint}\t{}\t{}", mark.state.as_str(), mark.note)?;
        }
        return Ok(exit::CLEAN);
    }
    let (Some(fingerprint), Some(state)) = (&args.fingerprint, &args.state) else {
        anyhow::bail!("give a fingerprint and a state, or --list");
    };
    let fingerprint: Fingerprint = fingerprint.parse().map_err(anyhow::Error::msg)?;
    if state == "clear" {
        let removed = store.clear_triage(fingerprint)?;
        let said = if removed {
            "cleared the mark on"
        } else {
            "no mark on"
        };
        writeln!(out, "{said} {fingerprint}")?;
        return Ok(exit::CLEAN);
    }
    let state: TriageState = state.parse().map_err(anyhow::Error::msg)?;
    let matched = store.triage(
        fingerprint,
        &Triage {
            state,
            note: args.note.clone(),
        },
    )?;
    writeln!(
        out,
        "marked {fingerprint} {}: {matched} recorded finding{}{}",
        state.as_str(),
        plural(matched),
        if matched == 0 {
            " (the mark applies when a sweep records one)"
        } else {
            ""
        }
    )?;
    Ok(exit::CLEAN)
}

//! `leakguard merge`: read the shards' outputs, merge them (leakguard-report's `merge`), write
//! the result. Every part is read before the output is created, so the output may replace one
//! of the parts.

use std::io::{BufWriter, Write};

use anyhow::Context;
use leakguard_report::{Part, PartKind};

use crate::args::{MergeArgs, MergeFormatArg};
use crate::exit::{self, ExitStatus};

pub fn run(args: &MergeArgs) -> anyhow::Result<ExitStatus> {
    if let Some(store) = &args.store {
        return merge_stores(store, &args.parts);
    }
    let contents = args
        .parts
        .iter()
        .map(|path| {
            std::fs::read(path)
                .with_context(|| format!("cannot read part {}", path.display()))
                .map(|bytes| (path.display().to_string(), bytes))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let parts: Vec<Part<'_>> = contents
        .iter()
        .map(|(name, bytes)| Part { name, bytes })
        .collect();
    let merged = leakguard_report::merge(&parts)?;
    if let Some(format) = args.format {
        let wanted = match format {
            MergeFormatArg::Json => PartKind::Json,
            MergeFormatArg::Jsonl => PartKind::Jsonl,
            MergeFormatArg::Sarif => PartKind::Sarif,
        };
        anyhow::ensure!(
            wanted == merged.kind(),
            "--format {} asked for, but the parts are {}: merge writes its parts' format and \
             never converts (run the shards with --format {})",
            wanted.as_str(),
            merged.kind().as_str(),
            wanted.as_str(),
        );
    }
    let (sink, target) = crate::output::sink(args.output.as_deref())?;
    let mut out = BufWriter::new(sink);
    merged
        .write(&mut out)
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write the merged report to {target}"))?;
    Ok(exit::CLEAN)
}

/// Copies the stores `parts` into `into`.
fn merge_stores(
    into: &std::path::Path,
    parts: &[std::path::PathBuf],
) -> anyhow::Result<ExitStatus> {
    let mut store = leakguard_store::Store::open(into)?;
    for part in parts {
        store.absorb(part)?;
    }
    let counters = store.counters()?;
    writeln!(
        std::io::stderr().lock(),
        "leakguard: note: store {}: {} repositories, {} blob scans, {} findings after merging {} part(s)",
        into.display(),
        counters.repositories,
        counters.blobs,
        counters.findings,
        parts.len()
    )?;
    Ok(exit::CLEAN)
}

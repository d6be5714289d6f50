//! Merging SARIF logs: a sweep writes one self-contained run per repository (its own rules,
//! indexes and counts, see the SARIF writer), so a sweep's log is its shards' runs side by side
//! in repository order, and that is all a merge does.

use std::collections::BTreeMap;

use serde_sarif::sarif::{Run, Sarif};

use super::{MergeError, Merged, Output, Part, PartKind};

/// The repository a sweep's run covers (`properties.repository`); `None` for a single-input
/// scan's run.
fn run_repository(run: &Run) -> Option<&str> {
    run.properties
        .as_ref()?
        .additional_properties
        .get("repository")?
        .as_str()
}

pub(super) fn merge_logs(parts: &[Part<'_>]) -> Result<Merged, MergeError> {
    let mut top: Option<Sarif> = None;
    // Keyed by repository, so the runs come out in the order a sweep writes them.
    let mut named: BTreeMap<String, (&str, Run)> = BTreeMap::new();
    let mut unnamed: Vec<(&str, Run)> = Vec::new();
    for part in parts {
        let mut log: Sarif =
            serde_json::from_slice(part.bytes).map_err(|cause| MergeError::Malformed {
                file: part.name.to_owned(),
                kind: PartKind::Sarif,
                cause,
            })?;
        for run in std::mem::take(&mut log.runs) {
            match run_repository(&run).map(str::to_owned) {
                Some(repository) => {
                    if let Some((first, _)) = named.get(&repository) {
                        return Err(MergeError::DuplicateRepository {
                            repository,
                            first: (*first).to_owned(),
                            second: part.name.to_owned(),
                        });
                    }
                    named.insert(repository, (part.name, run));
                }
                None => match unnamed.first() {
                    Some((_, kept)) if *kept == run => {}
                    Some((first, _)) => {
                        return Err(MergeError::SingleInputRuns {
                            first: (*first).to_owned(),
                            second: part.name.to_owned(),
                        })
                    }
                    None => unnamed.push((part.name, run)),
                },
            }
        }
        top.get_or_insert(log);
    }
    if let (Some((unnamed, _)), Some((named, _))) = (unnamed.first(), named.values().next()) {
        return Err(MergeError::MixedRuns {
            unnamed: (*unnamed).to_owned(),
            named: (*named).to_owned(),
        });
    }
    let mut log = top.ok_or(MergeError::NoParts)?;
    log.runs = unnamed
        .into_iter()
        .chain(named.into_values())
        .map(|(_, run)| run)
        .collect();
    Ok(Merged(Output::Sarif(log)))
}

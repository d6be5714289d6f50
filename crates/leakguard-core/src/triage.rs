//! Triage: a person's verdict on a finding, kept in a findings store and honoured by later scans
//! and reports. A false positive or a revoked secret is set aside (listed on request, never
//! failing a run); a confirmed one stays reported, with the note.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{Fingerprint, ScanReport, Suppression};

/// What a person decided about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriageState {
    /// A real secret that still needs rotating: stays reported.
    TruePositive,
    /// Not a secret: set aside.
    FalsePositive,
    /// A real secret, rotated or revoked: set aside (it stays in history, but is dead).
    Revoked,
}

impl TriageState {
    /// The name used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            TriageState::TruePositive => "true-positive",
            TriageState::FalsePositive => "false-positive",
            TriageState::Revoked => "revoked",
        }
    }

    /// Whether findings so marked are set aside.
    pub fn sets_aside(self) -> bool {
        !matches!(self, TriageState::TruePositive)
    }
}

impl std::str::FromStr for TriageState {
    type Err = String;

    fn from_str(text: &str) -> Result<TriageState, String> {
        match text {
            "true-positive" => Ok(TriageState::TruePositive),
            "false-positive" => Ok(TriageState::FalsePositive),
            "revoked" => Ok(TriageState::Revoked),
            _ => Err(format!(
                "`{text}` is not a triage state (true-positive, false-positive, revoked)"
            )),
        }
    }
}

/// A verdict with the person's note.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Triage {
    /// The verdict.
    pub state: TriageState,
    /// Why, in the person's words (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Applies `marks` (by fingerprint) to `report`: every marked finding carries its triage, and
/// those set aside move to [`ScanReport::suppressed`].
pub fn apply_triage(report: &mut ScanReport, marks: &HashMap<Fingerprint, Triage>) {
    if marks.is_empty() {
        return;
    }
    let mut kept = Vec::with_capacity(report.findings.len());
    for mut finding in std::mem::take(&mut report.findings) {
        match marks.get(&finding.fingerprint) {
            Some(mark) => {
                finding.triage = Some(mark.clone());
                if mark.state.sets_aside() {
                    finding.suppressed_by = Some(Suppression::Triage {
                        state: mark.state,
                        note: mark.note.clone(),
                    });
                    report.suppressed.push(finding);
                } else {
                    kept.push(finding);
                }
            }
            None => kept.push(finding),
        }
    }
    report.findings = kept;
    for finding in &mut report.suppressed {
        if let Some(mark) = marks.get(&finding.fingerprint) {
            finding.triage = Some(mark.clone());
        }
    }
    report.suppressed = crate::collect::sorted(std::mem::take(&mut report.suppressed));
    report.stats.suppressed = report.suppressed.len() as u64;
}

//! What the CI formats (GitLab's secret detection report, Code Quality, JUnit) share: an id per
//! finding that is unique within a report and stable across runs, the secret always shown
//! redacted, the finding's line only when it holds no secret in full, and a one-line message
//! that says what was found and where.
//!
//! CI servers keep these artifacts for months and show them to everyone who can open a
//! pipeline, so unlike the terminal, JSON and SARIF reports they never carry a secret in full,
//! not even under `--show-secrets`, and never a commit's author.

use std::collections::HashMap;

use leakguard_core::{Classification, Finding, Origin};

/// Characters of a secret kept when a CI format redacts one itself; as many as the scanner keeps.
const VISIBLE_CHARS: usize = 4;

/// A finding's identity in a CI report: 128 bits of FNV-1a over its rank among the findings that
/// share its fingerprint and place, the fingerprint, and the place (path, and commit for git). Unlike the
/// fingerprint alone it tells apart the same secret written twice in one file, and unlike a
/// byte offset it survives lines being added above the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FindingId(u128);

impl FindingId {
    /// 32 lowercase hex digits.
    pub(crate) fn hex(self) -> String {
        format!("{:032x}", self.0)
    }

    /// The id as an RFC 9562 UUID of version 8 (custom): the hex digits in 8-4-4-4-12 groups
    /// with the version and variant bits set.
    pub(crate) fn uuid(self) -> String {
        let mut bytes = self.0.to_be_bytes();
        bytes[6] = (bytes[6] & 0x0f) | 0x80;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex = format!("{:032x}", u128::from_be_bytes(bytes));
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

/// A finding as the CI formats show it.
pub(crate) struct Presented<'a> {
    pub(crate) finding: &'a Finding,
    pub(crate) id: FindingId,
    /// The excerpt of the finding's line, when it is safe to show: see `present`.
    pub(crate) snippet: Option<&'a str>,
}

/// Each finding of `findings`, in order, with its id and the line excerpt it may show.
///
/// The excerpt is left out when the scan showed secrets (it then holds this secret in full), and
/// when another finding sits on the same line of the same file: the scanner redacts only a
/// finding's own secret in its excerpt, so a neighbour's would be in full.
pub(crate) fn present(findings: &[Finding]) -> Vec<Presented<'_>> {
    let mut on_line: HashMap<(String, usize), usize> = HashMap::new();
    for finding in findings {
        let place = place(finding);
        for line in finding.location.start_line..=finding.location.end_line {
            *on_line.entry((place.clone(), line)).or_insert(0) += 1;
        }
    }
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let fingerprint = finding.fingerprint.to_string();
            let place = place(finding);
            let alone = on_line.get(&(place.clone(), finding.location.start_line)) == Some(&1);
            let rank = seen
                .entry((fingerprint.clone(), place.clone()))
                .or_insert(0);
            // The rank goes first so that FNV's weak diffusion of its last bytes cannot leave
            // the ids of two copies of one secret a digit apart.
            let id = fnv1a_128(&[
                rank.to_string().as_bytes(),
                fingerprint.as_bytes(),
                place.as_bytes(),
            ]);
            *rank += 1;
            Presented {
                finding,
                id: FindingId(id),
                snippet: (alone && finding.secret.is_redacted())
                    .then_some(finding.snippet.as_str()),
            }
        })
        .collect()
}

/// Where a finding is: its path, for git its commit too, so that the same secret in two commits
/// stays two findings, and in a sweep its repository, so that a fork's copy is a finding of its
/// own.
fn place(finding: &Finding) -> String {
    let path = finding.origin.display_path();
    let place = match finding.origin.commit() {
        Some(commit) => format!("{commit}:{path}"),
        None => path,
    };
    match &finding.repository {
        Some(repository) => format!("{repository}:{place}"),
        None => place,
    }
}

/// FNV-1a, 128-bit, over `parts` separated by NUL so that no two different lists hash the same
/// input. Chosen because its output is fixed by its definition, unlike `std`'s hashers.
fn fnv1a_128(parts: &[&[u8]]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A NUL separator: XOR with zero leaves the hash as is before the multiply.
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in *part {
            hash = (hash ^ u128::from(byte)).wrapping_mul(PRIME);
        }
    }
    hash
}

/// The secret as a CI report shows it: as the scanner redacted it, or redacted here when the
/// scan was asked to show secrets.
pub(crate) fn shown_secret(finding: &Finding) -> String {
    if finding.secret.is_redacted() {
        finding.secret.as_str().to_owned()
    } else {
        let visible: String = finding
            .secret
            .as_str()
            .chars()
            .take(VISIBLE_CHARS)
            .collect();
        format!("{visible}…")
    }
}

/// One line: what was found, and for git findings where and how it entered history.
pub(crate) fn message(finding: &Finding) -> String {
    let found = format!("{} found: {}", finding.rule_name, shown_secret(finding));
    let found = match &finding.original {
        Some(o) => format!(
            "{found} (from {}:{} in the original source)",
            o.source, o.line
        ),
        None => found,
    };
    match (finding.origin.container(), finding.origin.commit()) {
        (Origin::Staged { .. }, _) => format!("{found} (staged, not yet committed)"),
        (_, None) => found,
        (_, Some(commit)) => match finding.classification {
            Some(Classification::PreExisting) => format!(
                "{found} (already in this file before the change under review, as of commit {commit})"
            ),
            Some(Classification::Introduced) => format!("{found} (introduced in commit {commit})"),
            None => match finding.other_occurrences.len() {
                0 => format!("{found} (introduced in commit {commit})"),
                n => format!(
                    "{found} (introduced in commit {commit}; {n} more commits or paths hold the same file)"
                ),
            },
        },
    }
}

/// Whether the finding was in the file before the change under review, which CI formats report
/// as a warning rather than a failure, as SARIF does.
pub(crate) fn is_pre_existing(finding: &Finding) -> bool {
    finding.classification == Some(Classification::PreExisting)
}

/// `text` cut to at most `max` characters, on a character boundary.
pub(crate) fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_128_matches_the_published_offset_basis_and_a_known_vector() {
        assert_eq!(fnv1a_128(&[b""]), 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d);
        // The published FNV-1a 128 values of "a" and "foobar".
        assert_eq!(
            fnv1a_128(&[b"a"]),
            0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964
        );
        assert_eq!(
            fnv1a_128(&[b"foobar"]),
            0x343e_1662_793c_64bf_6f0d_3597_ba44_6f18
        );
        assert_ne!(fnv1a_128(&[b"ab", b"c"]), fnv1a_128(&[b"a", b"bc"]));
    }

    #[test]
    fn uuid_has_version_8_and_the_rfc_variant() {
        let uuid = FindingId(u128::MAX).uuid();
        assert_eq!(uuid, "ffffffff-ffff-8fff-bfff-ffffffffffff");
        let uuid = FindingId(0).uuid();
        assert_eq!(uuid, "00000000-0000-8000-8000-000000000000");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate_chars("héllo", 2), "hé");
        assert_eq!(truncate_chars("hi", 5), "hi");
    }
}

//! Inline allow comments: a person marks a line whose match is not a secret (a test fixture, a
//! documented example) and the finding is set aside, listed by `--audit-allows`, never lost.
//!
//! A marker counts on the finding's first line, or alone in a comment on the line before. Any
//! comment syntax works because the marker is looked for as text. Besides leakguard's own
//! `leakguard:allow [rule-id, …]`, the markers of other scanners are honoured so that teams
//! switching keep their annotations: `gitleaks:allow`, `trufflehog:ignore`, and detect-secrets'
//! `pragma: allowlist secret` (and `pragma: allowlist nextline secret` on the line before).

use serde::{Deserialize, Serialize};

use crate::location::LineIndex;

/// Why a finding was set aside instead of reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Suppression {
    /// An allow comment in the scanned text.
    Inline {
        /// The marker as written, e.g. `leakguard:allow github.pat-classic`.
        marker: String,
        /// The 1-based line holding the marker.
        line: usize,
    },
    /// The baseline file lists the finding's fingerprint.
    Baseline,
    /// The configuration file allows the value or path.
    Config {
        /// Which setting allowed it, e.g. `allow.values` or `allow.paths`.
        setting: String,
    },
    /// A person marked the finding in the findings store (`leakguard triage`).
    Triage {
        /// `false-positive` or `revoked`.
        state: crate::TriageState,
        /// The person's note.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

const COMMENT_OPENERS: &[&str] = &["//", "#", "/*", "*", "<!--", "--", ";", "%", "'", "rem "];

/// The inline allow that silences `rule_id` for a finding starting on `line`, if any.
pub(crate) fn inline_allow(
    text: &[u8],
    index: &LineIndex,
    line: usize,
    rule_id: &str,
) -> Option<Suppression> {
    let own = &text[index.line_range(text, line)];
    if let Some(marker) = marker_in(own, rule_id, false) {
        return Some(Suppression::Inline { marker, line });
    }
    if line < 2 {
        return None;
    }
    let before = &text[index.line_range(text, line - 1)];
    let trimmed = String::from_utf8_lossy(before)
        .trim_start()
        .to_ascii_lowercase();
    let comment_only = COMMENT_OPENERS.iter().any(|o| trimmed.starts_with(o));
    marker_in(before, rule_id, !comment_only).map(|marker| Suppression::Inline {
        marker,
        line: line - 1,
    })
}

/// The marker on `line` that allows `rule_id`. With `next_line_only`, only markers that say they
/// are about the next line count (the line has code of its own).
fn marker_in(line: &[u8], rule_id: &str, next_line_only: bool) -> Option<String> {
    let lower = String::from_utf8_lossy(line).to_ascii_lowercase();
    if let Some(at) = lower.find("pragma: allowlist nextline secret") {
        return Some(lower[at..at + 33].to_owned());
    }
    if next_line_only {
        return None;
    }
    for marker in [
        "gitleaks:allow",
        "trufflehog:ignore",
        "pragma: allowlist secret",
    ] {
        if lower.contains(marker) {
            return Some(marker.to_owned());
        }
    }
    let at = lower.find("leakguard:allow")?;
    let rest = &lower[at + "leakguard:allow".len()..];
    let ids: Vec<&str> = rest
        .trim_start_matches([' ', '\t', '='])
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ',')))
        .next()
        .unwrap_or_default()
        .split(',')
        .filter(|id| id.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .collect();
    // Right after the marker and separated by a space: an id list, if it names rules.
    let names_rules = rest.starts_with([' ', '\t', '=']) && !ids.is_empty();
    if !names_rules {
        return Some("leakguard:allow".to_owned());
    }
    let rule = rule_id.to_ascii_lowercase();
    ids.iter()
        .any(|id| rule == *id || rule.starts_with(&format!("{id}.")))
        .then(|| format!("leakguard:allow {}", ids.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(text: &str, line: usize, rule: &str) -> Option<String> {
        let index = LineIndex::new(text.as_bytes());
        inline_allow(text.as_bytes(), &index, line, rule).map(|s| match s {
            Suppression::Inline { marker, line } => format!("{marker}@{line}"),
            other => format!("{other:?}"),
        })
    }

    #[test]
    fn markers_on_the_same_line_in_any_comment_syntax() {
        for line in [
            "key = 'x' # leakguard:allow",
            "const k = 'x'; // leakguard:allow",
            "<add key='x'/> <!-- leakguard:allow -->",
            "k: x  # gitleaks:allow",
            "k = x -- trufflehog:ignore",
            "k = 'x'  # pragma: allowlist secret",
        ] {
            assert!(allow(line, 1, "github.pat").is_some(), "{line}");
        }
        assert_eq!(allow("k = 'x'", 1, "github.pat"), None);
    }

    #[test]
    fn a_rule_list_limits_the_allow() {
        let line = "k = 'x' // leakguard:allow github.pat-classic, slack";
        assert!(allow(line, 1, "github.pat-classic").is_some());
        assert!(allow(line, 1, "github.pat-fine-grained").is_none());
        let line = "k = 'x' // leakguard:allow github";
        assert!(allow(line, 1, "github.pat-fine-grained").is_some());
        assert!(allow(line, 1, "gitlab.pat").is_none());
    }

    #[test]
    fn the_line_before_counts_only_when_it_is_a_comment() {
        assert_eq!(
            allow("# leakguard:allow\nk = 'x'", 2, "r").as_deref(),
            Some("leakguard:allow@1")
        );
        assert_eq!(allow("a = 'y' # leakguard:allow\nk = 'x'", 2, "r"), None);
        assert!(allow(
            "a = 1  # pragma: allowlist nextline secret\nk = 'x'",
            2,
            "r"
        )
        .is_some());
    }
}

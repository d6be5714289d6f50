//! A secret as it leaves the matcher: redacted unless the caller asked to see it, so that a
//! report written to a CI log never repeats the credential it is warning about.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Characters of a secret kept visible when redacting.
const VISIBLE_CHARS: usize = 4;

/// The reported value of a finding's secret.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Secret {
    /// The first four characters, then `…`.
    Redacted(String),
    /// The secret itself (`--show-secrets`).
    Plain(String),
}

impl Secret {
    /// The secret in the requested form.
    pub fn new(raw: &[u8], show: bool) -> Secret {
        if show {
            Secret::Plain(String::from_utf8_lossy(raw).into_owned())
        } else {
            Secret::Redacted(redact(raw))
        }
    }

    /// The text shown in reports.
    pub fn as_str(&self) -> &str {
        match self {
            Secret::Redacted(s) | Secret::Plain(s) => s,
        }
    }

    /// Whether the value shown is redacted.
    pub fn is_redacted(&self) -> bool {
        matches!(self, Secret::Redacted(_))
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read back from a report or the findings store: a value ending in `…` was redacted.
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(if text.ends_with('…') {
            Secret::Redacted(text)
        } else {
            Secret::Plain(text)
        })
    }
}

/// The first four characters of `raw`, then `…`.
pub(crate) fn redact(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let visible: String = text.chars().take(VISIBLE_CHARS).collect();
    format!("{visible}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_four_characters() {
        assert_eq!(Secret::new(b"ghp_abcdef", false).as_str(), "ghp_…");
        assert_eq!(Secret::new(b"ab", false).as_str(), "ab…");
        assert_eq!(Secret::new(b"ghp_abcdef", true).as_str(), "ghp_abcdef");
    }
}

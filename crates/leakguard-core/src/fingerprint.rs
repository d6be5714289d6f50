//! A finding's identity across runs: the same secret of the same rule in the same file keeps its
//! fingerprint when lines move above it, when the commit that holds it is rebased or squashed,
//! and when a multi-line key is re-wrapped, so baselines and code scanning alerts stay attached.
//! No line number, commit or person goes in.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// SHA-256 over rule id, normalised secret and path (or no path, when configured), shown as 32 hex
/// digits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    /// The fingerprint of `secret` found by `rule` at `path` (empty to leave the path out). The
    /// fields are separated by NUL so that no two different triples hash the same input. The
    /// secret is normalised first: whitespace and escaped line breaks (`\n`, `\r`) are dropped, so
    /// a PEM key is the same key whether written with real or escaped newlines.
    pub fn new(rule: &str, secret: &[u8], path: &str) -> Fingerprint {
        let mut hasher = Sha256::new();
        hasher.update(rule.as_bytes());
        hasher.update([0]);
        hasher.update(normalise(secret));
        hasher.update([0]);
        hasher.update(path.as_bytes());
        let digest = hasher.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Fingerprint(out)
    }
}

/// The secret without whitespace and without `\n`/`\r` escapes.
fn normalise(secret: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(secret.len());
    let mut i = 0;
    while i < secret.len() {
        match secret[i] {
            b'\\' if matches!(secret.get(i + 1), Some(b'n' | b'r')) => i += 2,
            byte if byte.is_ascii_whitespace() => i += 1,
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = String;

    /// Parses the 32 hex digits a report shows.
    fn from_str(text: &str) -> Result<Fingerprint, String> {
        let bad = || format!("`{text}` is not a fingerprint (32 hex digits)");
        if text.len() != 32 || !text.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 16];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Fingerprint(out))
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_depends_on_each_field() {
        let base = Fingerprint::new("a.b", b"s3cr3t", "x.env");
        assert_eq!(base, Fingerprint::new("a.b", b"s3cr3t", "x.env"));
        assert_ne!(base, Fingerprint::new("a.c", b"s3cr3t", "x.env"));
        assert_ne!(base, Fingerprint::new("a.b", b"s3cr3T", "x.env"));
        assert_ne!(base, Fingerprint::new("a.b", b"s3cr3t", "y.env"));
        assert_eq!(base.to_string().len(), 32);
        assert_eq!(base.to_string().parse::<Fingerprint>(), Ok(base));
        assert!("xyz".parse::<Fingerprint>().is_err());
    }

    #[test]
    fn a_rewrapped_key_keeps_its_fingerprint() {
        let real = Fingerprint::new("k", b"-----BEGIN KEY-----\nAbC\r\n-----END KEY-----", "a");
        let escaped = Fingerprint::new("k", br"-----BEGIN KEY-----\nAbC\n-----END KEY-----", "a");
        assert_eq!(real, escaped);
    }
}

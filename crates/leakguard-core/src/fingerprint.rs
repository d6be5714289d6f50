//! A finding's identity across runs: the same secret of the same rule in the same file keeps its
//! fingerprint when lines move above it, so baselines and code scanning alerts stay attached.

use std::fmt;

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

/// SHA-256 over rule id, secret and path, shown as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    /// The fingerprint of `secret` found by `rule` at `path`. The fields are separated by NUL so
    /// that no two different triples hash the same input.
    pub fn new(rule: &str, secret: &[u8], path: &str) -> Fingerprint {
        let mut hasher = Sha256::new();
        hasher.update(rule.as_bytes());
        hasher.update([0]);
        hasher.update(secret);
        hasher.update([0]);
        hasher.update(path.as_bytes());
        let digest = hasher.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Fingerprint(out)
    }
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
    }
}

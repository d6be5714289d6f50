//! The two classifications every rule carries: what kind of problem it reports, and how bad it is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Who may see a credential: whether it is safe in a browser bundle.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Exposure {
    /// Must stay on servers: in a client bundle or a public-prefixed variable it is a leak.
    #[default]
    ServerOnly,
    /// Made to be shipped to browsers (Stripe `pk_` keys, Firebase web API keys); reported with
    /// low concern, never escalated for being client-side.
    Publishable,
}

impl Exposure {
    /// The name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Exposure::ServerOnly => "server-only",
            Exposure::Publishable => "publishable",
        }
    }
}

/// What kind of problem a rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// A credential, key or token.
    Secret,
    /// A committed environment file, or a server secret exposed to the browser.
    Dotenv,
    /// A cross-origin resource sharing setting that trusts other sites.
    Cors,
    /// A cookie or session setting missing Secure, HttpOnly or SameSite.
    Cookie,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 4] = [
        Category::Secret,
        Category::Dotenv,
        Category::Cors,
        Category::Cookie,
    ];

    /// The lowercase name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Dotenv => "dotenv",
            Category::Cors => "cors",
            Category::Cookie => "cookie",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a finding is. Ordered from least to most severe, so `severity >= threshold` reads as
/// "at least as bad as the threshold".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; rarely exploitable alone.
    Low,
    /// Exploitable with effort or in limited scope.
    Medium,
    /// A working credential or an exploitable setting.
    High,
    /// A credential with broad reach (cloud root keys, private keys).
    Critical,
}

impl Severity {
    /// Every severity, most severe first (the order reports list them in).
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// The lowercase name used in rule files, flags and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium or low)"
            )),
        }
    }
}

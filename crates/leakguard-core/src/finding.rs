//! One rule hit, resolved to a place a person can act on.

use leakguard_rules::{Category, Exposure, RuleId, Severity};
use serde::{Deserialize, Serialize};

use crate::{
    Classification, Decoding, Fingerprint, Location, Occurrence, Origin, Secret, Suppression,
};

/// A reported finding. Field order is the JSON report's field order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// In a sweep of several repositories, the repository as listed (a path or a clone URL);
    /// absent when one input was scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The rule that fired.
    pub rule: RuleId,
    /// The rule's short name.
    pub rule_name: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The rule's category.
    pub category: Category,
    /// Where the blob came from.
    pub origin: Origin,
    /// Where in the blob the secret is.
    pub location: Location,
    /// The secret, redacted unless asked otherwise.
    pub secret: Secret,
    /// A bounded excerpt of the line, with the secret shown as in `secret`.
    pub snippet: String,
    /// The decodings that revealed the secret, outermost first (`["base64"]` for a Kubernetes
    /// Secret's value); empty when it was in the text as is. The location is then the encoded
    /// text's, and `secret` the decoded value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decoding: Vec<Decoding>,
    /// For a finding in generated code with a source map, where the code came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<OriginalLocation>,
    /// `publishable` for credentials made to ship to browsers (listed, never failing a run);
    /// absent for server-only ones.
    #[serde(default, skip_serializing_if = "is_server_only")]
    pub exposure: Exposure,
    /// Why this server-only secret is public (a browser-exposed variable or built front-end
    /// output); such findings are raised to critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_exposure: Option<String>,
    /// Stable identity: rule id, normalised secret and path hashed (no commit, no line), the same
    /// value in every output format and in baselines.
    pub fingerprint: Fingerprint,
    /// The secret's value alone, hashed like a fingerprint but without rule or path: the same
    /// credential wherever it is found (used to spot one secret shared by two environments).
    #[serde(skip)]
    pub value_key: Fingerprint,
    /// For a secret shared across environments: the other files (in other environments) that
    /// hold the same value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_with: Vec<String>,
    /// In a commit-range scan, whether the range introduced the finding; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// In a history scan, the other commits and paths that introduced the same blob (the origin
    /// is the first); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_occurrences: Vec<Occurrence>,
    /// GitHub code scanning's `primaryLocationLineHash` for the finding's first line, computed
    /// from the scanned bytes (see `line_hash.rs`); only SARIF carries it.
    #[serde(skip)]
    pub line_hash: String,
    /// A person's verdict from the findings store (`leakguard triage`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<crate::Triage>,
    /// Why the finding was set aside, for findings in [`crate::ScanReport::suppressed`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed_by: Option<Suppression>,
}

impl Finding {
    /// The sort key that makes reports deterministic: repository, path, commit, position, then
    /// rule.
    pub fn sort_key(&self) -> (Option<String>, String, String, usize, usize, RuleId) {
        (
            self.repository.clone(),
            self.origin.display_path(),
            self.origin.commit().unwrap_or_default().to_owned(),
            self.location.start_byte,
            self.location.end_byte,
            self.rule.clone(),
        )
    }
}

/// A place in an original source file, found through a bundle's source map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalLocation {
    /// The original source's path, as the map names it (bundler prefixes removed).
    pub source: String,
    /// Line in the original source, 1-based.
    pub line: u32,
    /// Column in the original source, 1-based, in UTF-16 code units as source maps count.
    pub column: u32,
    /// The map used: its path, or `inline` for a `data:` URI in the bundle.
    pub map: String,
}

fn is_server_only(exposure: &Exposure) -> bool {
    *exposure == Exposure::ServerOnly
}

//! How a finding relates to the history around it: whether a commit range under review added it,
//! and where else in history the same blob was introduced.

use serde::{Deserialize, Serialize};

/// How a finding in a commit range (`leakguard git --range`) relates to the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Classification {
    /// On a line that a commit of the range added (even if a later commit removed it again: it is
    /// in history now). Fails the check.
    Introduced,
    /// Already present before the range, in a file the range modifies: the author is editing next
    /// to a live secret. A warning; it does not fail the check unless asked.
    PreExisting,
}

impl Classification {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Introduced => "introduced",
            Classification::PreExisting => "pre-existing",
        }
    }
}

/// Another commit and path at which the same blob was introduced (a copy, a rename, a revert, or
/// the same file on another branch).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Occurrence {
    /// The commit whose tree has the blob at `path` while none of its parents does.
    pub commit: String,
    /// The path in that commit.
    pub path: String,
}

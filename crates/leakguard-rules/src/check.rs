//! Why a regex match was not reported. Kept as a value (not a bool) so tests and a future
//! `--explain` can say which check dropped a candidate.

use std::fmt;

use crate::Validator;

/// The check that dropped a candidate secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// Below the rule's `min_entropy`.
    LowEntropy,
    /// The global placeholder filter matched.
    Placeholder,
    /// The rule's `allow` list matched.
    Allowed,
    /// The named validator refused the structure.
    Invalid(Validator),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::LowEntropy => f.write_str("entropy below the rule's minimum"),
            Rejection::Placeholder => f.write_str("placeholder value"),
            Rejection::Allowed => f.write_str("on the rule's allow list"),
            Rejection::Invalid(v) => write!(f, "failed the `{}` check", v.name()),
        }
    }
}

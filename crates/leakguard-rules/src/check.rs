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
    /// A scoped rule's anchor lies where `anchor_in` does not allow (a comment, a string).
    AnchorOutside,
    /// A `call` or `block` scope found no argument list or block after the anchor.
    NoScope,
    /// A `requires` condition does not match in the scope.
    Unmet,
    /// A `forbids` condition matches in the scope.
    Forbidden,
    /// The blob's scope budget is spent (see [`crate::SCOPE_BUDGET_PER_BYTE`]); the anchor was
    /// not checked.
    OverBudget,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::LowEntropy => f.write_str("entropy below the rule's minimum"),
            Rejection::Placeholder => f.write_str("placeholder value"),
            Rejection::Allowed => f.write_str("on the rule's allow list"),
            Rejection::Invalid(v) => write!(f, "failed the `{}` check", v.name()),
            Rejection::AnchorOutside => f.write_str("anchor in a comment or string"),
            Rejection::NoScope => f.write_str("no argument list or block after the anchor"),
            Rejection::Unmet => f.write_str("a `requires` condition does not match in the scope"),
            Rejection::Forbidden => f.write_str("a `forbids` condition matches in the scope"),
            Rejection::OverBudget => f.write_str("the blob's scope budget is spent"),
        }
    }
}

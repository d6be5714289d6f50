//! Rules for leakguard: what a rule file says ([`RuleSpec`]), what runs ([`Rule`]), the checks a
//! match must pass after its regex (entropy, placeholders, allowlists, named [`Validator`]s), and
//! the built-in catalogue embedded from the repository's `rules/` folder. Rules written for
//! gitleaks can be imported from its TOML config ([`RuleLoader::add_gitleaks_toml`]).
//!
//! The crate is shaped around one invariant: a [`RuleSet`] only ever holds rules that were fully
//! validated. Loading fails with a [`RuleError`] naming the file, the rule id and the field, so a
//! bad user rule is reported before any scanning starts. Regexes of built-in rules are compiled
//! lazily, the first time a keyword of theirs occurs, which keeps start-up nearly free; user rules
//! are compiled eagerly so a pattern over the size limit fails at load time with a clear message.
//!
//! Structural rules (CORS, cookies) are rules too: their `pattern` is an anchor (a call, a
//! setting, a header), and a `scope` says where around it their `requires` and `forbids` regexes
//! are checked ([`Scope`]). They see the blob through a [`CodeView`], which tells code from
//! comments and strings by the language the path implies; the matcher builds it lazily, only for
//! blobs where a scoped rule's anchor matched, so the secret scan does not pay for it.

mod allowlist;
mod builtin;
mod candidate;
mod category;
mod check;
mod code_view;
mod entropy;
mod error;
mod escalate;
mod gitleaks;
mod load;
mod placeholder;
mod rule;
mod ruleset;
mod scope;
mod scoped;
mod spec;
mod validator;

pub use candidate::Candidate;
pub use category::{Category, Exposure, Severity};
pub use check::Rejection;
pub use code_view::{Class, CodeView, Language};
pub use entropy::shannon_entropy;
pub use error::RuleError;
pub use gitleaks::{GitleaksImport, GitleaksNote};
pub use load::RuleLoader;
pub use placeholder::is_placeholder;
pub use rule::{Example, Rule, RuleId};
pub use ruleset::RuleSet;
pub use scope::{
    AnchorIn, Scope, FILE_SCOPE_MAX_BYTES, SCOPE_BUDGET_BASE, SCOPE_BUDGET_PER_BYTE,
    SCOPE_MAX_BYTES,
};
pub use spec::{
    AllowSpec, DetailedExample, EscalateSpec, ExampleSpec, PathsSpec, RuleFileSpec, RuleSpec,
};
pub use validator::Validator;

/// Largest rule file accepted, in bytes; protects against a YAML bomb passed with `--rules`.
pub const MAX_RULE_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Compiled-size limit for one rule's regex, in bytes (the `regex` crate's `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 4 * 1024 * 1024;

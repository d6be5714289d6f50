//! What a rule file says, exactly as written: the serde side of a rule.
//!
//! These types are deliberately dumb: every field is what the YAML holds, and unknown fields are
//! errors so that a typo (`keyword:` for `keywords:`) fails loudly instead of silently disabling a
//! check. [`crate::Rule`] is what a spec becomes once it has been validated and compiled.

use serde::Deserialize;

use crate::{AnchorIn, Category, Exposure, Scope, Severity};

/// A whole rule file: a list of rules under `rules:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSpec {
    /// The rules this file defines, in order.
    pub rules: Vec<RuleSpec>,
}

/// One rule as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable, namespaced identifier such as `github.pat-classic`; never reused for another rule.
    pub id: String,
    /// Short human name shown in reports.
    pub name: String,
    /// One or two sentences on what the rule finds and why it matters.
    pub description: String,
    /// What kind of problem the rule reports.
    pub category: Category,
    /// How bad a finding of this rule is.
    pub severity: Severity,
    /// Whether the credential must stay on servers (the default) or is made for browsers.
    #[serde(default)]
    pub exposure: Exposure,
    /// A broad rule (any JWT, any assignment) that yields to a more specific rule reporting an
    /// overlapping secret, as the `generic.` rules do.
    #[serde(default)]
    pub fallback: bool,
    /// CWE numbers the finding maps to (e.g. 798: use of hard-coded credentials).
    #[serde(default)]
    pub cwe: Vec<u32>,
    /// Literals, matched case-insensitively, at least one of which occurs near every match.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regular expression (Rust `regex` syntax, bytes API); the named group `secret`, when present,
    /// is the reported secret, otherwise the whole match is.
    pub pattern: String,
    /// Minimum Shannon entropy of the secret, in bits per byte.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Name of a structural check written in Rust (see [`crate::Validator`]).
    #[serde(default)]
    pub validate: Option<String>,
    /// Path globs limiting where the rule applies.
    #[serde(default)]
    pub paths: Option<PathsSpec>,
    /// Values that look like a match but are known not to be secrets.
    #[serde(default)]
    pub allow: Option<AllowSpec>,
    /// A check of a whole file rather than of places in it (a committed `.env` file, a
    /// `.gitignore` that does not ignore one): the rule runs on every file its `paths.include`
    /// selects, with no keywords, and reports at most one finding per file: its most severe match,
    /// the first among equals.
    #[serde(default)]
    pub whole_file: bool,
    /// For a structural check (CORS, cookies): where `requires` and `forbids` look, relative to the
    /// place `pattern` found (the anchor). A rule without it is a plain pattern rule.
    #[serde(default)]
    pub scope: Option<Scope>,
    /// Regular expressions that must each match inside the scope (comments blanked out).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Regular expressions none of which may match inside the scope (comments blanked out).
    #[serde(default)]
    pub forbids: Vec<String>,
    /// Where the anchor may lie for a scoped rule: in code (the default), in code or a string, or
    /// anywhere (comments included).
    #[serde(default)]
    pub anchor_in: Option<AnchorIn>,
    /// A different severity for matches whose named group matches a pattern (a session cookie
    /// rather than a preference cookie).
    #[serde(default)]
    pub escalate: Option<EscalateSpec>,
    /// What to do about a finding.
    pub remediation: String,
    /// Links to the provider's documentation of the credential.
    #[serde(default)]
    pub references: Vec<String>,
    /// Inputs that must each yield exactly one finding of this rule.
    pub examples: Vec<ExampleSpec>,
    /// Inputs that must yield no finding of this rule.
    pub negative_examples: Vec<ExampleSpec>,
}

/// Path globs for a rule. A path matches when it matches an include glob (or there are none) and
/// no exclude glob.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathsSpec {
    /// Globs a path must match for the rule to run; empty means every path.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs that switch the rule off for a path.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A severity that replaces the rule's when the anchor's named group matches a pattern.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalateSpec {
    /// A named group of the rule's `pattern`.
    pub group: String,
    /// A regular expression matched (unanchored) against the group's text.
    pub pattern: String,
    /// The severity a match takes when the group's text matches.
    pub severity: Severity,
}

/// Per-rule allowlist, checked against the secret after a match.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowSpec {
    /// Regular expressions; a secret that any of them matches is dropped.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Words; a secret containing any of them (case-insensitively) is dropped.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

/// An example input for a rule: either plain text, or text with a path and the expected secret.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExampleSpec {
    /// Just the text; for a positive example the whole text (without a trailing newline) is the
    /// expected secret.
    Text(String),
    /// Text with optional path and expected secret.
    Detailed(DetailedExample),
}

/// The long form of an example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailedExample {
    /// The input scanned.
    pub text: String,
    /// The path the input is scanned as (for rules limited by `paths`).
    #[serde(default)]
    pub path: Option<String>,
    /// For positive examples: the secret the finding must report.
    #[serde(default)]
    pub secret: Option<String>,
}

impl ExampleSpec {
    /// The text scanned.
    pub fn text(&self) -> &str {
        match self {
            ExampleSpec::Text(text) => text,
            ExampleSpec::Detailed(detailed) => &detailed.text,
        }
    }

    /// The path the example is scanned as, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            ExampleSpec::Text(_) => None,
            ExampleSpec::Detailed(detailed) => detailed.path.as_deref(),
        }
    }

    /// The secret a positive example must report.
    pub fn expected_secret(&self) -> &str {
        match self {
            ExampleSpec::Detailed(DetailedExample {
                secret: Some(secret),
                ..
            }) => secret,
            other => other.text().trim_end_matches(['\n', '\r']),
        }
    }
}

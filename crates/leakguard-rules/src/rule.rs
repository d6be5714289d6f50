//! A rule ready to run: validated fields, compiled allowlist and path globs, and a regex compiled
//! on first use; for a structural rule, its scope check and escalation ([`crate::scoped`]).

use std::fmt;
use std::sync::{Arc, OnceLock};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};
use regex::Regex as PathRegex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use serde::{Deserialize, Serialize, Serializer};

use crate::allowlist::{Allowlist, View};
use crate::check::Rejection;
use crate::escalate::Escalation;
use crate::scoped::ScopedCheck;
use crate::spec::{ExampleSpec, RuleSpec};
use crate::{
    is_placeholder, shannon_entropy, AnchorIn, Candidate, Category, CodeView, Exposure, RuleError,
    Scope, Severity, Validator,
};

/// Shortest literal the engine accepts as a prefilter anchor for a rule without keywords.
const MIN_ANCHOR_LEN: usize = 3;

/// A rule's stable identifier, cheap to clone into every finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

impl RuleId {
    /// The id as written, e.g. `github.pat-classic`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> RuleId {
        RuleId(id.into())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        Ok(RuleId(String::deserialize(deserializer)?.into()))
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// An example input of a rule, kept with the rule so the test suite can run it.
#[derive(Debug, Clone)]
pub struct Example {
    /// The text scanned.
    pub text: String,
    /// The path the text is scanned as.
    pub path: Option<String>,
    /// For positive examples, the secret the finding must report.
    pub secret: String,
}

/// A validated rule. Built from a [`RuleSpec`] by [`Rule::compile`].
#[derive(Debug)]
pub struct Rule {
    id: RuleId,
    spec: RuleSpec,
    file: String,
    anchors: Vec<String>,
    max_match_len: Option<usize>,
    regex: OnceLock<Regex>,
    validator: Option<Validator>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    allow_patterns: Vec<Regex>,
    stopwords: Vec<Vec<u8>>,
    path_pattern: Option<PathRegex>,
    allowlists: Vec<Allowlist>,
    scoped: Option<ScopedCheck>,
    escalation: Option<Escalation>,
    /// The severity was set by configuration ([`Rule::set_severity`]): escalation is off.
    severity_overridden: bool,
    examples: Vec<Example>,
    negative_examples: Vec<Example>,
}

/// Checks a YAML rule cannot write but an imported one needs: a path regex instead of globs, and
/// allowlists that look at the match, its line or its path ([`crate::allowlist`]).
#[derive(Debug, Default)]
pub(crate) struct ContextChecks {
    /// A regex the path must match (unanchored, as gitleaks' `path`).
    pub(crate) path: Option<PathRegex>,
    /// Allowlists beyond the spec's `allow:`.
    pub(crate) allowlists: Vec<Allowlist>,
}

impl Rule {
    /// Validates `spec` (read from `file`) and compiles everything but the main regex, whose syntax
    /// is checked here and whose compilation waits for [`Rule::regex`].
    pub fn compile(spec: RuleSpec, file: &str) -> Result<Rule, RuleError> {
        let rule = Rule::compile_with(spec, file, ContextChecks::default())?;
        let missing = |field: &str, message: &str| RuleError::Invalid {
            file: file.to_owned(),
            rule: rule.id.to_string(),
            field: field.to_owned(),
            message: message.to_owned(),
        };
        if rule.examples.is_empty() {
            return Err(missing(
                "examples",
                "every rule needs at least one positive example",
            ));
        }
        if rule.negative_examples.is_empty() {
            return Err(missing(
                "negative_examples",
                "every rule needs at least one negative example",
            ));
        }
        // A path-less example is scanned as `example.txt`: outside `paths.include` a positive
        // example could not fire and a negative one would pass without testing anything, and
        // the code view would not know the language.
        let limited = rule
            .spec
            .paths
            .as_ref()
            .is_some_and(|p| !p.include.is_empty());
        if rule.scoped.is_some() && limited {
            for (field, examples) in [
                ("examples", &rule.spec.examples),
                ("negative_examples", &rule.spec.negative_examples),
            ] {
                if let Some(i) = examples.iter().position(|e| e.path().is_none()) {
                    return Err(missing(
                        &format!("{field}[{i}].path"),
                        "examples of a scoped rule limited by `paths.include` need a `path`, which sets the language their code view is read as",
                    ));
                }
            }
        }
        Ok(rule)
    }

    /// [`Rule::compile`] for a rule imported from another tool's format: every check but the
    /// examples (which such formats do not have), plus the `context` checks.
    pub(crate) fn compile_with(
        spec: RuleSpec,
        file: &str,
        context: ContextChecks,
    ) -> Result<Rule, RuleError> {
        let invalid = |field: &str, message: String| RuleError::Invalid {
            file: file.to_owned(),
            rule: spec.id.clone(),
            field: field.to_owned(),
            message,
        };
        if !is_valid_id(&spec.id) {
            return Err(invalid(
                "id",
                "must be namespaced lowercase words such as `github.pat-classic`".into(),
            ));
        }
        for (field, value) in [
            ("name", &spec.name),
            ("description", &spec.description),
            ("remediation", &spec.remediation),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(field, "must not be empty".into()));
            }
        }
        let hir = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .build()
            .parse(&spec.pattern)
            .map_err(|e| invalid("pattern", e.to_string()))?;
        let max_match_len = hir.properties().maximum_len();
        let anchors = if spec.whole_file {
            if spec.paths.as_ref().is_none_or(|p| p.include.is_empty()) {
                return Err(invalid(
                    "whole_file",
                    "a whole-file rule runs on every file `paths.include` selects; give it some"
                        .to_owned(),
                ));
            }
            if !spec.keywords.is_empty() {
                return Err(invalid(
                    "keywords",
                    "a whole-file rule runs on every file its paths select; keywords would not be used"
                        .to_owned(),
                ));
            }
            Vec::new()
        } else if spec.keywords.is_empty() {
            extract_anchors(&hir).ok_or_else(|| {
                invalid(
                    "keywords",
                    format!(
                        "a rule without keywords needs a pattern that starts with literals of at least {MIN_ANCHOR_LEN} bytes; add keywords"
                    ),
                )
            })?
        } else {
            for (i, keyword) in spec.keywords.iter().enumerate() {
                if keyword.len() < MIN_ANCHOR_LEN {
                    return Err(invalid(
                        &format!("keywords[{i}]"),
                        format!("`{keyword}` is shorter than {MIN_ANCHOR_LEN} bytes and would match almost everywhere"),
                    ));
                }
            }
            spec.keywords.clone()
        };
        if let Some(min) = spec.min_entropy {
            if is_evidence(spec.category) {
                return Err(invalid(
                    "min_entropy",
                    format!(
                        "a `{}` rule reports evidence, not a secret, so entropy does not apply",
                        spec.category
                    ),
                ));
            }
            if !(0.0..=8.0).contains(&min) {
                return Err(invalid(
                    "min_entropy",
                    format!("{min} is outside 0..=8 bits per byte"),
                ));
            }
        }
        let validator = match &spec.validate {
            None => None,
            Some(name) => Some(Validator::from_name(name).ok_or_else(|| {
                let known: Vec<_> = Validator::ALL.iter().map(|v| v.name()).collect();
                invalid(
                    "validate",
                    format!("unknown validator `{name}` (known: {})", known.join(", ")),
                )
            })?),
        };
        let (include, exclude) = match &spec.paths {
            None => (None, None),
            Some(paths) => (
                compile_globs(&paths.include, "paths.include").map_err(|(f, m)| invalid(&f, m))?,
                compile_globs(&paths.exclude, "paths.exclude").map_err(|(f, m)| invalid(&f, m))?,
            ),
        };
        let allow = spec.allow.clone().unwrap_or_default();
        let allow_patterns = allow
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                RegexBuilder::new(p)
                    .size_limit(crate::REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| invalid(&format!("allow.patterns[{i}]"), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let stopwords = allow
            .stopwords
            .iter()
            .map(|w| w.to_ascii_lowercase().into_bytes())
            .collect();
        let scoped = ScopedCheck::from_spec(&spec).map_err(|(f, m)| invalid(&f, m))?;
        let escalation = spec
            .escalate
            .as_ref()
            .map(|e| Escalation::new(e, &hir))
            .transpose()
            .map_err(|(f, m)| invalid(&f, m))?;
        let examples = spec.examples.iter().map(to_example).collect();
        let negative_examples = spec.negative_examples.iter().map(to_example).collect();
        Ok(Rule {
            id: RuleId(Arc::from(spec.id.as_str())),
            file: file.to_owned(),
            anchors,
            max_match_len,
            regex: OnceLock::new(),
            validator,
            include,
            exclude,
            allow_patterns,
            stopwords,
            path_pattern: context.path,
            allowlists: context.allowlists,
            scoped,
            escalation,
            severity_overridden: false,
            examples,
            negative_examples,
            spec,
        })
    }

    /// Compiles the regex now (and the scope conditions and escalation pattern, if any),
    /// reporting a regex over the size limit as an error on its field. Used for user rules, so
    /// their mistakes surface at load time rather than mid-scan.
    pub fn compile_regex(&self) -> Result<&Regex, RuleError> {
        let invalid = |field: String, message: String| RuleError::Invalid {
            file: self.file.clone(),
            rule: self.spec.id.clone(),
            field,
            message,
        };
        if let Some(scoped) = &self.scoped {
            scoped.compile().map_err(|(f, m)| invalid(f, m))?;
        }
        if let Some(escalation) = &self.escalation {
            escalation.compile().map_err(|(f, m)| invalid(f, m))?;
        }
        if let Some(regex) = self.regex.get() {
            return Ok(regex);
        }
        let regex = build_regex(&self.spec.pattern)
            .map_err(|message| invalid("pattern".into(), message))?;
        Ok(self.regex.get_or_init(|| regex))
    }

    /// The regex, compiled the first time it is needed.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build_regex(&self.spec.pattern)
                .expect("rule regexes compile: built-in rules are compiled by the rule test suite and user rules at load time")
        })
    }

    /// The rule's id.
    pub fn id(&self) -> &RuleId {
        &self.id
    }
    /// The short human name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// The longer description.
    pub fn description(&self) -> &str {
        &self.spec.description
    }
    /// What kind of problem the rule reports.
    pub fn category(&self) -> Category {
        self.spec.category
    }
    /// How bad a finding is.
    pub fn severity(&self) -> Severity {
        self.spec.severity
    }

    /// A digest of everything that decides what the rule finds (the spec as written, with any
    /// severity the configuration set, and an imported rule's path regex and allowlists): equal
    /// digests find the same things, so a findings store may reuse a blob's earlier results for
    /// this rule. 32 hex digits.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let described = format!(
            "{:?}\0{}\0{:?}\0{:?}",
            self.spec,
            self.severity_overridden,
            self.path_pattern.as_ref().map(PathRegex::as_str),
            self.allowlists
        );
        Sha256::digest(described.as_bytes())[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// Whether the credential must stay on servers or is made for browsers.
    pub fn exposure(&self) -> Exposure {
        self.spec.exposure
    }

    /// Overrides the severity the rule file gave (a project's configuration may rate a rule
    /// higher or lower for its own code). The project's rating is final: `escalate` no longer
    /// applies.
    pub fn set_severity(&mut self, severity: Severity) {
        self.spec.severity = severity;
        self.severity_overridden = true;
    }

    /// Whether a finding of the rule is evidence of a misconfiguration (`cors`, `cookie`) rather
    /// than a secret (`secret`, `dotenv`). Evidence is not held to the entropy and placeholder
    /// checks, which judge whether a value looks like a real credential.
    pub fn is_evidence(&self) -> bool {
        is_evidence(self.spec.category)
    }

    /// For a structural rule, where `requires` and `forbids` are checked; `None` for a plain
    /// pattern rule.
    pub fn scope(&self) -> Option<Scope> {
        self.scoped.as_ref().map(|s| s.scope)
    }

    /// Where a scoped rule's anchor may lie (meaningless without a scope).
    pub fn anchor_in(&self) -> AnchorIn {
        self.scoped.as_ref().map_or(AnchorIn::Any, |s| s.anchor_in)
    }

    /// The `requires` regexes as written.
    pub fn requires(&self) -> &[String] {
        self.scoped.as_ref().map_or(&[], |s| s.requires())
    }

    /// The `forbids` regexes as written.
    pub fn forbids(&self) -> &[String] {
        self.scoped.as_ref().map_or(&[], |s| s.forbids())
    }

    /// The escalation as written: the named group, its pattern and the severity it gives.
    pub fn escalation(&self) -> Option<(&str, &str, Severity)> {
        self.escalation
            .as_ref()
            .map(|e| (e.group.as_str(), e.pattern.as_str(), e.severity))
    }

    /// The structural check of a scoped rule for one anchor (`matched`, the whole match of
    /// [`Rule::regex`]): the anchor's first byte lies where `anchor_in` allows, its scope exists,
    /// every `requires` matches in the scope and no `forbids` does, comments blanked. `view`
    /// must have been built from the text the match was found in. Always passes for a rule
    /// without a scope.
    pub fn check_scope(
        &self,
        view: &mut CodeView,
        matched: std::ops::Range<usize>,
    ) -> Result<(), Rejection> {
        match &self.scoped {
            None => Ok(()),
            Some(scoped) => scoped.check(&self.id, view, matched),
        }
    }

    /// The severity `escalate` gives a match with these captures of [`Rule::regex`], or `None`
    /// when the rule has no escalation, its group did not match the pattern, or configuration set
    /// the rule's severity.
    pub fn escalated_severity(&self, caps: &regex::bytes::Captures<'_>) -> Option<Severity> {
        if self.severity_overridden {
            return None;
        }
        self.escalation.as_ref()?.severity_for(caps)
    }
    /// CWE numbers.
    pub fn cwe(&self) -> &[u32] {
        &self.spec.cwe
    }
    /// The keywords as written (empty for literal-anchored rules).
    pub fn keywords(&self) -> &[String] {
        &self.spec.keywords
    }
    /// The literals the prefilter looks for: the keywords, or literals extracted from the pattern.
    pub fn anchors(&self) -> &[String] {
        &self.anchors
    }
    /// The longest match the pattern can produce, in bytes, or `None` when it is unbounded
    /// (`*`, `+`, `{n,}`). The matcher sizes its search windows around keyword hits with it.
    pub fn max_match_len(&self) -> Option<usize> {
        self.max_match_len
    }

    /// Whether the rule checks whole files (`whole_file: true`): run on every file its paths
    /// select, one finding per file at most.
    pub fn is_whole_file(&self) -> bool {
        self.spec.whole_file
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.spec.pattern
    }
    /// What to do about a finding.
    pub fn remediation(&self) -> &str {
        &self.spec.remediation
    }
    /// Reference links.
    pub fn references(&self) -> &[String] {
        &self.spec.references
    }
    /// The minimum entropy, if any.
    pub fn min_entropy(&self) -> Option<f64> {
        self.spec.min_entropy
    }
    /// The named validator, if any.
    pub fn validator(&self) -> Option<Validator> {
        self.validator
    }
    /// The file the rule came from (`builtin:rules/…` for embedded rules).
    pub fn file(&self) -> &str {
        &self.file
    }
    /// Positive examples.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }
    /// Negative examples.
    pub fn negative_examples(&self) -> &[Example] {
        &self.negative_examples
    }
    /// Whether the rule is a generic one (id under `generic.`, or marked `fallback: true`), which
    /// yields to any specific rule reporting an overlapping secret.
    pub fn is_generic(&self) -> bool {
        self.id.as_str().starts_with("generic.") || self.spec.fallback
    }

    /// Whether the rule applies to a blob at `path` (`None` for stdin and other path-less input,
    /// where only rules without `paths.include` or a path regex apply). An allowlist that allows
    /// every match at a path switches the rule off there.
    pub fn applies_to(&self, path: Option<&str>) -> bool {
        let Some(path) = path else {
            return self.include.is_none() && self.path_pattern.is_none();
        };
        let path = path.strip_prefix("./").unwrap_or(path);
        self.include.as_ref().is_none_or(|g| g.is_match(path))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(path))
            && self.path_pattern.as_ref().is_none_or(|r| r.is_match(path))
            && !self.allowlists.iter().any(|a| a.allows_path(path))
    }

    /// Runs the checks a match must pass after the regex, in order: entropy, placeholder, allow
    /// list, validator. Allowlists that need more than the secret (the match, its line, its path)
    /// count as not matching here; [`Rule::check_candidate`] runs them too.
    pub fn check(&self, secret: &[u8]) -> Result<(), Rejection> {
        self.check_view(&View {
            secret,
            matched: None,
            line: None,
            path: None,
        })
    }

    /// [`Rule::check`] with the whole candidate, so that every allowlist can run: imported
    /// gitleaks rules may allow a match by the whole match, its line or its path.
    pub fn check_candidate(&self, candidate: &Candidate<'_>) -> Result<(), Rejection> {
        if self.allowlists.is_empty() {
            return self.check(&candidate.text[candidate.secret.clone()]);
        }
        self.check_view(&candidate.view())
    }

    fn check_view(&self, view: &View<'_>) -> Result<(), Rejection> {
        let secret = view.secret;
        if let Some(min) = self.spec.min_entropy {
            if shannon_entropy(secret) < min {
                return Err(Rejection::LowEntropy);
            }
        }
        if !self.is_evidence() && is_placeholder(secret) {
            return Err(Rejection::Placeholder);
        }
        if self.allow_patterns.iter().any(|r| r.is_match(secret)) {
            return Err(Rejection::Allowed);
        }
        if !self.stopwords.is_empty() {
            let lower = secret.to_ascii_lowercase();
            if self
                .stopwords
                .iter()
                .any(|w| lower.windows(w.len()).any(|win| win == w.as_slice()))
            {
                return Err(Rejection::Allowed);
            }
        }
        if self.allowlists.iter().any(|a| a.allows(view)) {
            return Err(Rejection::Allowed);
        }
        if let Some(validator) = self.validator {
            if !validator.accepts(secret) {
                return Err(Rejection::Invalid(validator));
            }
        }
        Ok(())
    }
}

/// Whether a category's findings are evidence of a setting rather than a secret.
fn is_evidence(category: Category) -> bool {
    !matches!(category, Category::Secret | Category::Dotenv)
}

/// Patterns are compiled byte-oriented (Unicode off: `\b`, `\w`, `.` and `(?i)` are ASCII):
/// the lazy DFA cannot evaluate a Unicode `\b` on non-ASCII text and hands the search to the far
/// slower PikeVM, which cost a quarter of the scan time. Secrets are ASCII; a pattern that needs
/// Unicode (a `\p{…}` class, a non-ASCII literal) is compiled with it, as written.
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, String> {
    let ascii = RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(crate::REGEX_SIZE_LIMIT)
        .build();
    if let Ok(regex) = ascii {
        return Ok(regex);
    }
    RegexBuilder::new(pattern)
        .size_limit(crate::REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => format!(
                "the pattern compiles to more than {limit} bytes; simplify it (bounded repetitions like {{1,1000}} and Unicode classes are the usual cause)"
            ),
            other => other.to_string(),
        })
}

pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut parts = id.split('.');
    let valid_part = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !p.starts_with('-')
    };
    parts.clone().count() >= 2 && parts.all(valid_part)
}

/// The literals every match must start with, when the pattern has a small finite set of them, each
/// long enough to be a useful prefilter.
fn extract_anchors(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.len() > 64 {
        return None;
    }
    literals
        .iter()
        .map(|lit| {
            (lit.as_bytes().len() >= MIN_ANCHOR_LEN)
                .then(|| String::from_utf8(lit.as_bytes().to_vec()).ok())
                .flatten()
        })
        .collect()
}

type GlobResult = Result<Option<GlobSet>, (String, String)>;

fn compile_globs(globs: &[String], field: &str) -> GlobResult {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for (i, glob) in globs.iter().enumerate() {
        let compiled = GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|e| (format!("{field}[{i}]"), e.to_string()))?;
        builder.add(compiled);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| (field.to_owned(), e.to_string()))
}

fn to_example(spec: &ExampleSpec) -> Example {
    Example {
        text: spec.text().to_owned(),
        path: spec.path().map(str::to_owned),
        secret: spec.expected_secret().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::RuleFileSpec;

    #[test]
    fn patterns_are_byte_oriented_unless_they_need_unicode() {
        // ASCII word boundaries hold next to non-ASCII text, as secrets need.
        let token = build_regex(r"\btok_[a-z0-9]{8}\b").expect("compiles");
        assert!(token.is_match("clé=tok_a1b2c3d4 ü".as_bytes()));
        // `.` is one byte, so an invalid UTF-8 byte is matched like any other.
        let any = build_regex(r"k=.{3}$").expect("compiles");
        assert!(any.is_match(b"k=\xff\xfeA"));
        // A Unicode class still works: such a pattern is compiled with Unicode on.
        let letters = build_regex(r"\p{Greek}+").expect("compiles with Unicode");
        assert!(letters.is_match("αβγ".as_bytes()));
    }

    fn spec(extra: &str) -> RuleSpec {
        let yaml = format!(
            "rules:\n- id: test.rule\n  name: Test\n  description: A test rule.\n  category: secret\n  severity: high\n  remediation: Fix it.\n  examples: ['tok_abc']\n  negative_examples: ['nope']\n{extra}"
        );
        let mut file: RuleFileSpec = serde_saphyr::from_str(&yaml).expect("test yaml parses");
        file.rules.remove(0)
    }

    #[test]
    fn literal_prefix_stands_in_for_missing_keywords() {
        let rule =
            Rule::compile(spec("  pattern: '(tok|key)_[a-z]+'\n"), "t.yml").expect("compiles");
        let mut anchors = rule.anchors().to_vec();
        anchors.sort();
        assert_eq!(anchors, ["key_", "tok_"]);
    }

    #[test]
    fn rule_without_keywords_or_literal_prefix_is_refused() {
        let err =
            Rule::compile(spec("  pattern: '[a-z]+_[0-9]+'\n"), "t.yml").expect_err("refused");
        let text = err.to_string();
        assert!(
            text.contains("t.yml") && text.contains("test.rule") && text.contains("`keywords`"),
            "{text}"
        );
    }

    #[test]
    fn unknown_validator_names_the_field() {
        let err = Rule::compile(
            spec("  pattern: 'tok_[a-z]+'\n  validate: crc64\n"),
            "t.yml",
        )
        .expect_err("refused");
        assert!(
            err.to_string()
                .contains("field `validate`: unknown validator `crc64`"),
            "{err}"
        );
    }

    #[test]
    fn oversized_pattern_is_refused_with_the_limit() {
        let rule = Rule::compile(spec("  pattern: 'tok_(\\w{1000}){1000}'\n"), "t.yml")
            .expect("syntax is fine");
        let err = rule.compile_regex().expect_err("too big");
        assert!(err.to_string().contains("compiles to more than"), "{err}");
    }

    /// A `cors` rule: `extra` adds fields, `examples` replaces the examples.
    fn cors_spec(extra: &str, examples: &str) -> RuleSpec {
        let yaml = format!(
            "rules:\n- id: cors.test\n  name: T\n  description: d\n  category: cors\n  severity: high\n  keywords: [cors]\n  pattern: '\\b(?P<secret>cors)\\s*\\('\n  remediation: r\n{examples}{extra}"
        );
        let mut file: RuleFileSpec = serde_saphyr::from_str(&yaml).expect("test yaml parses");
        file.rules.remove(0)
    }

    const PATHED: &str = "  examples: [{text: 'cors(x)', path: a.js, secret: cors}]\n  negative_examples: [{text: x, path: a.js}]\n";

    fn refusal(extra: &str, examples: &str) -> String {
        match Rule::compile(cors_spec(extra, examples), "t.yml") {
            Ok(_) => panic!("compiled: {extra}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn scope_fields_without_a_scope_are_refused() {
        for field in ["requires: ['a']", "forbids: ['a']", "anchor_in: code"] {
            let text = refusal(&format!("  {field}\n"), PATHED);
            let name = field.split(':').next().expect("field name");
            assert!(
                text.contains(&format!(
                    "rule `cors.test`: field `{name}`: only applies to a rule with a `scope`"
                )),
                "{text}"
            );
        }
    }

    #[test]
    fn conditions_and_escalation_are_validated_by_field() {
        let text = refusal("  scope: call\n  requires: ['a', '(b']\n", PATHED);
        assert!(text.contains("field `requires[1]`"), "{text}");
        let text = refusal(
            "  escalate: {group: name, pattern: 'sid', severity: high}\n",
            PATHED,
        );
        assert!(
            text.contains("field `escalate.group`: `name` is not a named group of `pattern`"),
            "{text}"
        );
        let rule = Rule::compile(
            cors_spec("  scope: call\n  forbids: ['(x{1000}){1000}']\n", PATHED),
            "t.yml",
        )
        .expect("syntax is fine");
        let err = rule.compile_regex().expect_err("too big");
        assert!(
            err.to_string()
                .contains("field `forbids[0]`: the pattern compiles to more than"),
            "{err}"
        );
    }

    #[test]
    fn evidence_rules_take_no_entropy_and_skip_the_placeholder_check() {
        let text = refusal("  min_entropy: 3.0\n", PATHED);
        assert!(text.contains("field `min_entropy`"), "{text}");
        let rule = Rule::compile(cors_spec("", PATHED), "t.yml").expect("compiles");
        assert!(rule.is_evidence());
        assert_eq!(rule.check(b"example"), Ok(()));
        assert_eq!(
            Rule::compile(spec("  pattern: 'tok_[a-z]+'\n"), "t.yml")
                .expect("compiles")
                .check(b"example"),
            Err(Rejection::Placeholder)
        );
    }

    #[test]
    fn scoped_examples_need_a_path_when_paths_limit_the_rule() {
        let limited = "  scope: call\n  paths: {include: ['**/*.js']}\n";
        let pathless = "  examples: [{text: 'cors(x)', path: a.js, secret: cors}]\n  negative_examples: [{text: x, path: a.js}, 'cors(y)']\n";
        let text = refusal(limited, pathless);
        assert!(
            text.contains("field `negative_examples[1].path`: examples of a scoped rule"),
            "{text}"
        );
        Rule::compile(cors_spec(limited, PATHED), "t.yml").expect("paths given");
        Rule::compile(cors_spec("  scope: call\n", pathless), "t.yml")
            .expect("no paths.include, so a path-less example applies");
    }

    #[test]
    fn scope_accessors_report_what_was_written() {
        let rule = Rule::compile(
            cors_spec(
                "  scope: {lines: 2}\n  requires: ['a']\n  forbids: ['b']\n  anchor_in: code-or-string\n  escalate: {group: secret, pattern: 'c', severity: critical}\n",
                PATHED,
            ),
            "t.yml",
        )
        .expect("compiles");
        assert_eq!(rule.scope(), Some(Scope::Lines(2)));
        assert_eq!(rule.anchor_in(), AnchorIn::CodeOrString);
        assert_eq!(rule.requires(), ["a"]);
        assert_eq!(rule.forbids(), ["b"]);
        assert_eq!(rule.escalation(), Some(("secret", "c", Severity::Critical)));
    }

    #[test]
    fn path_globs_limit_where_a_rule_applies() {
        let rule = Rule::compile(
            spec("  pattern: 'tok_[a-z]+'\n  paths:\n    include: ['**/.npmrc']\n    exclude: ['vendor/**']\n"),
            "t.yml",
        )
        .expect("compiles");
        assert!(rule.applies_to(Some("a/b/.npmrc")));
        assert!(rule.applies_to(Some("./.npmrc")));
        assert!(!rule.applies_to(Some("vendor/.npmrc")));
        assert!(!rule.applies_to(Some("a/npmrc.txt")));
        assert!(!rule.applies_to(None));
    }
}

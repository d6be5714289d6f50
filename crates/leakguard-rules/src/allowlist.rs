//! Allowlists that look beyond the secret: at the whole regex match, its line, or the path, and
//! that can require all of their criteria at once. This is the allowlist model of gitleaks
//! (`[[rules.allowlists]]`), which imported rules keep; a rule's own `allow:` list (secret-only,
//! any criterion) is the special case a YAML rule writes.
//!
//! A criterion whose input is unknown counts as not met, so a caller that only has the secret
//! ([`crate::Rule::check`]) reports a little more than one with the whole candidate
//! ([`crate::Rule::check_candidate`]), never less.

use regex::bytes::Regex as BytesRegex;
use regex::Regex;

/// How the criteria of one allowlist combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    /// Any criterion allows the candidate (gitleaks `OR`, the default).
    Any,
    /// Every criterion given must hold (gitleaks `AND`).
    All,
}

/// What the allowlist's regexes are matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The reported secret (gitleaks' default).
    Secret,
    /// The whole regex match, newlines at its ends trimmed.
    Match,
    /// The line or lines the match lies on, without their final newline.
    Line,
}

/// One compiled allowlist. Stopwords are always looked for in the secret, whatever the target.
#[derive(Debug, Clone)]
pub(crate) struct Allowlist {
    pub(crate) condition: Condition,
    pub(crate) paths: Vec<Regex>,
    pub(crate) target: Target,
    pub(crate) regexes: Vec<BytesRegex>,
    /// Lowercased; compared with the lowercased secret.
    pub(crate) stopwords: Vec<Vec<u8>>,
}

/// What is known about a candidate when an allowlist is asked about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) secret: &'a [u8],
    pub(crate) matched: Option<&'a [u8]>,
    pub(crate) line: Option<&'a [u8]>,
    pub(crate) path: Option<&'a str>,
}

impl Allowlist {
    /// Whether every match at `path` is allowed, whatever its text: an `Any` list with a matching
    /// path, or an `All` list whose only criterion is the path. The rule then does not run there.
    pub(crate) fn allows_path(&self, path: &str) -> bool {
        let path_only = self.regexes.is_empty() && self.stopwords.is_empty();
        let applies = match self.condition {
            Condition::Any => !self.paths.is_empty(),
            Condition::All => !self.paths.is_empty() && path_only,
        };
        applies && self.path_matches(Some(path))
    }

    /// Whether the candidate is allowed.
    pub(crate) fn allows(&self, view: &View<'_>) -> bool {
        let path = || self.path_matches(view.path);
        let regex = || self.regex_matches(view);
        let stopword = || self.has_stopword(view.secret);
        match self.condition {
            Condition::Any => {
                (!self.paths.is_empty() && path())
                    || (!self.regexes.is_empty() && regex())
                    || (!self.stopwords.is_empty() && stopword())
            }
            Condition::All => {
                (self.paths.is_empty() || path())
                    && (self.regexes.is_empty() || regex())
                    && (self.stopwords.is_empty() || stopword())
            }
        }
    }

    fn path_matches(&self, path: Option<&str>) -> bool {
        path.is_some_and(|p| {
            let p = p.strip_prefix("./").unwrap_or(p);
            self.paths.iter().any(|r| r.is_match(p))
        })
    }

    fn regex_matches(&self, view: &View<'_>) -> bool {
        let haystack = match self.target {
            Target::Secret => Some(view.secret),
            Target::Match => view.matched,
            Target::Line => view.line,
        };
        haystack.is_some_and(|h| self.regexes.iter().any(|r| r.is_match(h)))
    }

    fn has_stopword(&self, secret: &[u8]) -> bool {
        let lower = secret.to_ascii_lowercase();
        self.stopwords
            .iter()
            .any(|w| lower.windows(w.len()).any(|win| win == w.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(condition: Condition, paths: &[&str], target: Target, regexes: &[&str]) -> Allowlist {
        Allowlist {
            condition,
            paths: paths
                .iter()
                .map(|p| Regex::new(p).expect("test regex"))
                .collect(),
            target,
            regexes: regexes
                .iter()
                .map(|r| BytesRegex::new(r).expect("test regex"))
                .collect(),
            stopwords: Vec::new(),
        }
    }

    fn view<'a>(secret: &'a str, line: Option<&'a str>, path: Option<&'a str>) -> View<'a> {
        View {
            secret: secret.as_bytes(),
            matched: None,
            line: line.map(str::as_bytes),
            path,
        }
    }

    #[test]
    fn all_needs_every_criterion_given() {
        let all = list(Condition::All, &["^test/"], Target::Secret, &["^fake"]);
        assert!(all.allows(&view("fake123", None, Some("test/a.txt"))));
        assert!(!all.allows(&view("fake123", None, Some("src/a.txt"))));
        assert!(!all.allows(&view("real123", None, Some("test/a.txt"))));
        assert!(!all.allows_path("test/a.txt"), "the regex must still hold");
    }

    #[test]
    fn any_with_a_path_switches_the_rule_off_there() {
        let any = list(Condition::Any, &["^test/"], Target::Secret, &["^fake"]);
        assert!(any.allows_path("./test/a.txt"));
        assert!(!any.allows_path("src/a.txt"));
        assert!(any.allows(&view("fake123", None, None)));
    }

    #[test]
    fn an_unknown_line_is_not_allowed() {
        let line = list(Condition::Any, &[], Target::Line, &["nosecret"]);
        assert!(!line.allows(&view("abc", None, None)));
        assert!(line.allows(&view("abc", Some("k = abc # nosecret"), None)));
    }
}

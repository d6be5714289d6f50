//! What a project has declared not to report: paths and values from its configuration file, and
//! the fingerprints of its baseline. A finding they cover is set aside with the reason (listed by
//! `--audit-allows`), never dropped silently.

use std::collections::HashSet;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use regex::bytes::Regex;

use crate::{Fingerprint, Suppression};

/// Paths, values and fingerprints a scan sets aside.
#[derive(Debug, Clone, Default)]
pub struct Allowances {
    paths: Option<Gitignore>,
    values: HashSet<Vec<u8>>,
    value_patterns: Vec<Regex>,
    baseline: HashSet<String>,
}

/// A pattern in the allowances that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("`{pattern}` in {setting}: {message}")]
pub struct AllowanceError {
    /// The setting that held it, e.g. `allow.paths`.
    pub setting: String,
    /// The pattern as written.
    pub pattern: String,
    /// Why it does not parse.
    pub message: String,
}

impl Allowances {
    /// Sets aside findings in files matching any of `patterns`, in `.gitignore` syntax, matched
    /// against the path as reported (relative to the scan root, or to the repository for git).
    pub fn with_paths(mut self, patterns: &[String]) -> Result<Allowances, AllowanceError> {
        let mut builder = GitignoreBuilder::new("");
        for pattern in patterns {
            builder
                .add_line(None, pattern)
                .map_err(|e| AllowanceError {
                    setting: "allow.paths".into(),
                    pattern: pattern.clone(),
                    message: e.to_string(),
                })?;
        }
        self.paths = Some(builder.build().map_err(|e| AllowanceError {
            setting: "allow.paths".into(),
            pattern: patterns.join(", "),
            message: e.to_string(),
        })?);
        Ok(self)
    }

    /// Sets aside findings whose secret is exactly one of `values`.
    pub fn with_values(mut self, values: &[String]) -> Allowances {
        self.values
            .extend(values.iter().map(|v| v.as_bytes().to_vec()));
        self
    }

    /// Sets aside findings whose secret matches any of `patterns` (regular expressions; anchor
    /// them with `^…$` to match the whole secret).
    pub fn with_value_patterns(
        mut self,
        patterns: &[String],
    ) -> Result<Allowances, AllowanceError> {
        for pattern in patterns {
            self.value_patterns
                .push(Regex::new(pattern).map_err(|e| AllowanceError {
                    setting: "allow.regexes".into(),
                    pattern: pattern.clone(),
                    message: e.to_string(),
                })?);
        }
        Ok(self)
    }

    /// Sets aside findings whose fingerprint the baseline lists.
    pub fn with_baseline(mut self, fingerprints: impl IntoIterator<Item = String>) -> Allowances {
        self.baseline.extend(fingerprints);
        self
    }

    /// Why a finding of `secret` at `path` with `fingerprint` is set aside, if it is.
    pub(crate) fn check(
        &self,
        path: Option<&str>,
        secret: &[u8],
        fingerprint: &Fingerprint,
    ) -> Option<Suppression> {
        let config = |setting: &str| {
            Some(Suppression::Config {
                setting: setting.to_owned(),
            })
        };
        if let (Some(paths), Some(path)) = (&self.paths, path) {
            let path = path.strip_prefix("./").unwrap_or(path);
            if paths.matched_path_or_any_parents(path, false).is_ignore() {
                return config("allow.paths");
            }
        }
        if self.values.contains(secret) {
            return config("allow.values");
        }
        if self.value_patterns.iter().any(|p| p.is_match(secret)) {
            return config("allow.regexes");
        }
        if !self.baseline.is_empty() && self.baseline.contains(&fingerprint.to_string()) {
            return Some(Suppression::Baseline);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp() -> Fingerprint {
        Fingerprint::new("r", b"s", "p")
    }

    #[test]
    fn paths_values_patterns_and_baseline_each_set_aside() {
        let allow = Allowances::default()
            .with_paths(&["tests/fixtures/".into(), "*.snap".into()])
            .expect("paths parse")
            .with_values(&["AKIAFAKEFAKEFAKE0000".into()])
            .with_value_patterns(&["^test_[a-z]+$".into()])
            .expect("regex parses")
            .with_baseline([fp().to_string()]);
        let why = |path: &str, secret: &str, fingerprint: Fingerprint| {
            allow.check(Some(path), secret.as_bytes(), &fingerprint)
        };
        let other = Fingerprint::new("r", b"other", "p");
        assert!(why("tests/fixtures/a/key.pem", "x", other).is_some());
        assert!(why("./ui/__snapshots__/x.snap", "x", other).is_some());
        assert!(why("src/a.rs", "AKIAFAKEFAKEFAKE0000", other).is_some());
        assert!(why("src/a.rs", "test_value", other).is_some());
        assert_eq!(why("src/a.rs", "x", fp()), Some(Suppression::Baseline));
        assert_eq!(why("src/a.rs", "x", other), None);
        assert_eq!(why("src/tests/fixtures.rs", "x", other), None);
    }

    #[test]
    fn a_bad_pattern_names_its_setting() {
        let error = Allowances::default()
            .with_value_patterns(&["(unclosed".into()])
            .expect_err("bad regex");
        assert!(error.to_string().contains("allow.regexes"));
    }
}

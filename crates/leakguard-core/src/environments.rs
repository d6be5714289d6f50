//! Judgements across files about environments: which environment (dev, staging, production…) a
//! configuration file belongs to, so that one secret used in two environments is reported as
//! shared, and whether a `.gitignore` that does not ignore `.env` matters. Which files are
//! environment files is data: the `dotenv.*` rules' paths (rules/dotenv.yml).

use std::collections::{BTreeMap, BTreeSet};

use leakguard_rules::Category;

use crate::origin::file_name;
use crate::{Finding, Fingerprint};

/// Environment names, as they appear in file names (`.env.staging`, `values-prod.yaml`,
/// `appsettings.Production.json`), each with the canonical name reports use.
const ENVIRONMENTS: &[(&str, &str)] = &[
    ("dev", "development"),
    ("develop", "development"),
    ("development", "development"),
    ("local", "local"),
    ("test", "test"),
    ("testing", "test"),
    ("qa", "qa"),
    ("uat", "uat"),
    ("stage", "staging"),
    ("staging", "staging"),
    ("stg", "staging"),
    ("preprod", "preproduction"),
    ("pre-prod", "preproduction"),
    ("preproduction", "preproduction"),
    ("prod", "production"),
    ("production", "production"),
    ("prd", "production"),
    ("live", "production"),
    ("sandbox", "sandbox"),
    ("demo", "demo"),
    ("ci", "ci"),
];

/// The environment a configuration file belongs to, by a name token in its file name
/// (`.env.staging` → staging, `values-prod.yaml` → production), with the file's "family": its
/// directory and name with the environment token removed, so `config/values-dev.yaml` and
/// `config/values-prod.yaml` are one family in two environments.
pub(crate) fn environment_of(path: &str) -> Option<(&'static str, String)> {
    let name = file_name(path);
    let dir = &path[..path.len() - name.len()];
    let lower = name.to_ascii_lowercase();
    let mut family = String::new();
    let mut found = None;
    for token in lower.split_inclusive(['.', '-', '_']) {
        let word = token.trim_end_matches(['.', '-', '_']);
        match ENVIRONMENTS.iter().find(|(alias, _)| *alias == word) {
            Some((_, canonical)) if found.is_none() => {
                found = Some(*canonical);
                family.push('*');
                family.push_str(&token[word.len()..]);
            }
            _ => family.push_str(token),
        }
    }
    found.map(|env| (env, format!("{dir}{family}")))
}

/// The rule that reports a committed environment file.
pub(crate) const ENV_FILE_RULE: &str = "dotenv.env-file";

/// The rule that reports a `.gitignore` that does not ignore `.env`.
const NOT_GITIGNORED_RULE: &str = "dotenv.env-not-gitignored";

/// What can only be judged across files, once every file is scanned:
/// - a secret found in configuration files of two or more environments of one family
///   (`.env.staging` and `.env.production`, `values-dev.yaml` and `values-prod.yaml`) is marked
///   shared, each finding naming the other files: a leak of the weaker environment's file is then
///   a leak of production;
/// - a `.gitignore` that does not ignore `.env` matters only in a project that has environment
///   files, so its finding is dropped when the scan found none in its directory or below.
pub(crate) fn review(findings: &mut Vec<Finding>) {
    let env_dirs: Vec<String> = findings
        .iter()
        .filter(|f| f.rule.as_str() == ENV_FILE_RULE)
        .map(|f| f.origin.display_path())
        .collect();
    findings.retain(|f| {
        if f.rule.as_str() != NOT_GITIGNORED_RULE {
            return true;
        }
        // The project the .gitignore governs: its directory and below.
        let path = f.origin.display_path();
        let dir = &path[..path.len() - file_name(&path).len()];
        env_dirs.iter().any(|env| env.starts_with(dir))
    });
    let mut groups: BTreeMap<(String, Fingerprint), Vec<(&'static str, usize)>> = BTreeMap::new();
    for (at, finding) in findings.iter().enumerate() {
        if finding.category != Category::Secret {
            continue;
        }
        let path = finding.origin.display_path();
        if let Some((environment, family)) = environment_of(&path) {
            groups
                .entry((family, finding.value_key))
                .or_default()
                .push((environment, at));
        }
    }
    for members in groups.values() {
        let environments: BTreeSet<&str> = members.iter().map(|(env, _)| *env).collect();
        if environments.len() < 2 {
            continue;
        }
        let paths: Vec<String> = members
            .iter()
            .map(|(_, at)| findings[*at].origin.display_path())
            .collect();
        for (i, (_, at)) in members.iter().enumerate() {
            let others: BTreeSet<&String> = paths.iter().filter(|p| **p != paths[i]).collect();
            findings[*at].shared_with = others.into_iter().cloned().collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_and_families_come_from_file_names() {
        assert_eq!(
            environment_of(".env.staging"),
            Some(("staging", ".env.*".to_owned()))
        );
        assert_eq!(
            environment_of("helm/values-prod.yaml"),
            Some(("production", "helm/values-*.yaml".to_owned()))
        );
        assert_eq!(
            environment_of("helm/values-dev.yaml").map(|(_, f)| f),
            environment_of("helm/values-prod.yaml").map(|(_, f)| f)
        );
        assert_eq!(
            environment_of("appsettings.Production.json"),
            Some(("production", "appsettings.*.json".to_owned()))
        );
        assert_eq!(environment_of("src/product.rs"), None);
        assert_eq!(environment_of("config/database.yml"), None);
    }
}

//! Environment files and per-environment configuration: which paths are committed `.env` files,
//! which are templates, and which environment (dev, staging, production…) a configuration file
//! belongs to, so that one secret used in two environments can be reported as shared.

use std::collections::{BTreeMap, BTreeSet};

use leakguard_rules::{Category, Rule};

use crate::{Finding, Fingerprint};

/// File names that hold placeholder values for people to copy, never real ones.
const TEMPLATE_SUFFIXES: &[&str] = &[
    ".example", ".sample", ".template", ".dist", ".tmpl", ".tpl", ".defaults", ".schema",
];

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

/// The file name of `path` (after the last `/` or archive `!`).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '!']).next().unwrap_or(path)
}

/// Whether `path` names an environment template (`.env.example`, `config.sample.env`).
pub(crate) fn is_env_template(path: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    TEMPLATE_SUFFIXES
        .iter()
        .any(|suffix| name.ends_with(suffix) || name.contains(&format!("{suffix}.")))
}

/// Whether `path` is an environment file that should not be committed: `.env`, `.env.local`,
/// `.env.production`, `.env.staging.local`, `prod.env`, `.envrc`, `.flaskenv`; templates are not.
pub(crate) fn is_env_file(path: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    let env_like = name == ".env"
        || name.starts_with(".env.")
        || name.ends_with(".env")
        || name == ".envrc"
        || name == ".flaskenv";
    env_like && !is_env_template(path)
}

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

/// One finding of `rule` (the shared-secret rule) for each secret found in configuration files
/// of two or more environments of the same family (`.env.staging` and `.env.production`,
/// `values-dev.yaml` and `values-prod.yaml`): a leak of the weaker environment's file is then a
/// leak of production. Each is placed on the secret in one file and names the other files.
pub(crate) fn shared_across_environments(findings: &[Finding], rule: &Rule) -> Vec<Finding> {
    let mut groups: BTreeMap<(String, Fingerprint), Vec<(&'static str, &Finding)>> =
        BTreeMap::new();
    for finding in findings {
        if !matches!(finding.category, Category::Secret | Category::Dotenv)
            || finding.rule == *rule.id()
        {
            continue;
        }
        let path = finding.origin.display_path();
        if let Some((environment, family)) = environment_of(&path) {
            groups
                .entry((family, finding.value_key))
                .or_default()
                .push((environment, finding));
        }
    }
    let mut shared = Vec::new();
    for members in groups.values() {
        let environments: BTreeSet<&str> = members.iter().map(|(env, _)| *env).collect();
        if environments.len() < 2 {
            continue;
        }
        let mut seen_paths = BTreeSet::new();
        for (_, finding) in members {
            let path = finding.origin.display_path();
            if !seen_paths.insert(path.clone()) {
                continue;
            }
            let others: BTreeSet<String> = members
                .iter()
                .map(|(_, other)| other.origin.display_path())
                .filter(|other| *other != path)
                .collect();
            shared.push(Finding {
                rule: rule.id().clone(),
                rule_name: rule.name().to_owned(),
                severity: rule.severity(),
                category: rule.category(),
                fingerprint: Fingerprint::new(
                    rule.id().as_str(),
                    finding.fingerprint.to_string().as_bytes(),
                    &path,
                ),
                shared_with: others.into_iter().collect(),
                classification: None,
                other_occurrences: Vec::new(),
                suppressed_by: None,
                ..(*finding).clone()
            });
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_and_templates_are_told_apart() {
        for yes in [
            ".env",
            "app/.env.local",
            ".env.production",
            ".env.staging.local",
            "deploy/prod.env",
            ".envrc",
            "api/.flaskenv",
            "a.zip!svc/.env",
        ] {
            assert!(is_env_file(yes), "{yes}");
        }
        for no in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            "config.example.env",
            "src/environment.ts",
            "dotenv.js",
            "venv/bin/activate",
            ".envoy.yaml",
        ] {
            assert!(!is_env_file(no), "{no}");
        }
    }

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

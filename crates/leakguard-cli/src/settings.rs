//! A project's settings: `.leakguard.toml` at the scan root (or `--config FILE`), merged with the
//! command-line flags, which win. Unknown keys are errors naming the key, so a typo never
//! silently turns a setting off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::ValueEnum;
use leakguard_core::{Allowances, ArchiveLimits, ScanConfig};
use leakguard_rules::{RuleLoader, RuleSet, Severity};
use serde::Deserialize;

use crate::args::{CommonArgs, FormatArg, RuleSourceArgs};
use crate::baseline;

/// The file name looked for at the scan root.
pub const CONFIG_FILE: &str = ".leakguard.toml";

/// `.leakguard.toml`, as written (docs/configuration.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectConfig {
    /// Extra rule files or directories, relative to the configuration file.
    #[serde(default)]
    rules: Vec<PathBuf>,
    /// Whether the built-in catalogue runs (default true).
    builtin_rules: Option<bool>,
    /// A gitleaks configuration whose rules to import, relative to the configuration file.
    gitleaks_config: Option<PathBuf>,
    /// Rules to switch off: ids, groups (`jwt`, `jwt.*`).
    #[serde(default)]
    disable: Vec<String>,
    /// Severity overrides by rule id or group.
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    /// The least severity that fails the run.
    fail_on: Option<Severity>,
    /// The default output format.
    format: Option<String>,
    /// The baseline file, relative to the configuration file.
    baseline: Option<PathBuf>,
    /// What not to report.
    #[serde(default)]
    allow: AllowConfig,
    /// How fingerprints are made.
    #[serde(default)]
    fingerprint: FingerprintConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AllowConfig {
    /// Paths in `.gitignore` syntax.
    #[serde(default)]
    paths: Vec<String>,
    /// Exact secret values.
    #[serde(default)]
    values: Vec<String>,
    /// Regular expressions matched against the secret.
    #[serde(default)]
    regexes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FingerprintConfig {
    /// Bind fingerprints to the file path (default true).
    #[serde(default = "yes")]
    include_path: bool,
}

impl Default for FingerprintConfig {
    fn default() -> Self {
        FingerprintConfig { include_path: true }
    }
}

fn yes() -> bool {
    true
}

/// The configuration in force for one run.
#[derive(Debug, Default)]
pub struct Settings {
    project: ProjectConfig,
    /// The configuration file read, if any.
    file: Option<PathBuf>,
}

impl Settings {
    /// Reads `--config FILE`, or `.leakguard.toml` in `root` if there is one.
    pub fn load(explicit: Option<&Path>, root: &Path) -> anyhow::Result<Settings> {
        let file = match explicit {
            Some(path) => path.to_path_buf(),
            None => {
                let candidate = root.join(CONFIG_FILE);
                if !candidate.is_file() {
                    return Ok(Settings::default());
                }
                candidate
            }
        };
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read configuration file {}", file.display()))?;
        let project: ProjectConfig = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("configuration file {}: {e}", file.display()))?;
        if let Some(format) = &project.format {
            FormatArg::from_str(format, true).map_err(|_| {
                anyhow::anyhow!(
                    "configuration file {}: `format = \"{format}\"` is not a format (one of: {})",
                    file.display(),
                    FormatArg::value_variants()
                        .iter()
                        .filter_map(|v| v.to_possible_value())
                        .map(|v| v.get_name().to_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
        }
        Ok(Settings {
            project,
            file: Some(file),
        })
    }

    /// A path from the configuration file, relative to the file's directory.
    fn relative(&self, path: &Path) -> PathBuf {
        match self.file.as_deref().and_then(Path::parent) {
            Some(dir) => dir.join(path),
            None => path.to_path_buf(),
        }
    }

    fn shown(&self) -> String {
        self.file.as_deref().map_or_else(
            || "the command line".to_owned(),
            |f| f.display().to_string(),
        )
    }

    /// The rules to run: built-in unless switched off, then the configuration's and the flags'
    /// rule files, then the configuration's disables and severity overrides.
    pub fn rules(&self, sources: &RuleSourceArgs) -> anyhow::Result<RuleSet> {
        let mut loader = RuleLoader::new();
        let builtin = !sources.no_builtin_rules && self.project.builtin_rules.unwrap_or(true);
        if builtin {
            loader.add_builtin().context("loading the built-in rules")?;
        }
        for path in &self.project.rules {
            loader.add_path(&self.relative(path))?;
        }
        for path in &sources.rules {
            loader.add_path(path)?;
        }
        let gitleaks = self
            .project
            .gitleaks_config
            .as_deref()
            .map(|p| self.relative(p))
            .into_iter()
            .chain(sources.gitleaks_config.iter().cloned());
        for path in gitleaks {
            let import = loader.add_gitleaks_path(&path)?;
            for note in import.notes {
                eprintln!("leakguard: note: {note}");
            }
        }
        let mut rules = loader.finish();
        for selector in &self.project.disable {
            anyhow::ensure!(
                rules.disable(selector) > 0,
                "{}: `disable` names `{selector}`, which matches no rule",
                self.shown()
            );
        }
        for (selector, severity) in &self.project.severity {
            anyhow::ensure!(
                rules.set_severity(selector, *severity) > 0,
                "{}: `severity.\"{selector}\"` matches no rule",
                self.shown()
            );
        }
        anyhow::ensure!(
            !rules.is_empty(),
            "no rules to run: --no-builtin-rules needs --rules PATH"
        );
        Ok(rules)
    }

    /// The scan configuration the flags and the file describe (walk-specific fields at their
    /// defaults), with the project's allowances and baseline.
    pub fn scan_config(&self, common: &CommonArgs) -> anyhow::Result<ScanConfig> {
        let defaults = ScanConfig::default();
        let allow = &self.project.allow;
        let mut allowances = Allowances::default()
            .with_values(&allow.values)
            .with_value_patterns(&allow.regexes)
            .map_err(|e| anyhow::anyhow!("{}: {e}", self.shown()))?;
        if !allow.paths.is_empty() {
            allowances = allowances
                .with_paths(&allow.paths)
                .map_err(|e| anyhow::anyhow!("{}: {e}", self.shown()))?;
        }
        if let Some(file) = self.baseline_file(common) {
            allowances = allowances.with_baseline(baseline::read(&file)?);
        }
        Ok(ScanConfig {
            threads: common.threads.unwrap_or(defaults.threads).max(1),
            max_file_size: common.max_file_size,
            scan_binary: common.binary,
            show_secrets: common.show_secrets,
            fingerprint_paths: self.project.fingerprint.include_path,
            allowances: Arc::new(allowances),
            line_hashes: self.format(common) == FormatArg::Sarif,
            archives: ArchiveLimits {
                max_depth: common.archive_max_depth,
                max_total_bytes: common.archive_max_bytes,
                max_ratio: common.archive_max_ratio,
                max_entries: common.archive_max_entries,
            },
            decode_depth: common.decode_depth,
            blob_time_budget: (!common.blob_time_budget.is_zero())
                .then_some(common.blob_time_budget),
            ..defaults
        })
    }

    /// The baseline in force: `--baseline`, else the configuration's.
    pub fn baseline_file(&self, common: &CommonArgs) -> Option<PathBuf> {
        common
            .baseline
            .clone()
            .or_else(|| self.project.baseline.as_deref().map(|p| self.relative(p)))
    }

    /// The output format: the flag, else the configuration's, else the terminal view.
    pub fn format(&self, common: &CommonArgs) -> FormatArg {
        common
            .format
            .or_else(|| {
                self.project
                    .format
                    .as_deref()
                    .and_then(|f| FormatArg::from_str(f, true).ok())
            })
            .unwrap_or(FormatArg::Human)
    }

    /// The least severity that fails the run: the flag, else the configuration's, else `low`.
    pub fn fail_on(&self, common: &CommonArgs) -> Severity {
        common
            .fail_on
            .or(self.project.fail_on)
            .unwrap_or(Severity::Low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ProjectConfig, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn a_full_configuration_parses() {
        let config = parse(
            r#"
rules = ["rules/"]
disable = ["jwt"]
fail-on = "medium"
format = "sarif"
baseline = ".leakguard-baseline"
[severity]
"generic.assignment" = "low"
[allow]
paths = ["tests/fixtures/"]
values = ["x"]
regexes = ["^test_"]
[fingerprint]
include-path = false
"#,
        )
        .expect("parses");
        assert_eq!(config.fail_on, Some(Severity::Medium));
        assert!(!config.fingerprint.include_path);
        assert_eq!(config.allow.paths, vec!["tests/fixtures/"]);
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let error = parse("fail_on = \"high\"\n").expect_err("snake case is not a key");
        assert!(error.to_string().contains("fail_on"), "{error}");
        let error = parse("[allow]\npath = []\n").expect_err("typo");
        assert!(error.to_string().contains("path"), "{error}");
    }
}

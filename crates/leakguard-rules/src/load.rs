//! Loading rule files: the embedded catalogue, a user file, or a directory of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::spec::RuleFileSpec;
use crate::{builtin, Rule, RuleError, RuleSet, MAX_RULE_FILE_BYTES};

/// Collects rules from several files, refusing a second rule with an id already loaded.
#[derive(Debug, Default)]
pub struct RuleLoader {
    rules: Vec<Rule>,
    files_by_id: HashMap<String, String>,
}

impl RuleLoader {
    /// An empty loader.
    pub fn new() -> RuleLoader {
        RuleLoader::default()
    }

    /// Adds the embedded catalogue. Regexes are compiled lazily: the test suite compiles them all.
    pub fn add_builtin(&mut self) -> Result<&mut Self, RuleError> {
        for (name, text) in builtin::BUILTIN_RULE_FILES {
            self.add_text(text, &builtin::display_name(name), false)?;
        }
        Ok(self)
    }

    /// Adds a user rule file, or every `.yml`/`.yaml` file under a directory (sorted by path).
    /// User regexes are compiled now so a mistake is reported before the scan starts.
    pub fn add_path(&mut self, path: &Path) -> Result<&mut Self, RuleError> {
        let io = |source| RuleError::Io {
            path: path.to_owned(),
            source,
        };
        let metadata = std::fs::metadata(path).map_err(io)?;
        if metadata.is_dir() {
            let mut files = Vec::new();
            collect_yaml_files(path, &mut files)?;
            if files.is_empty() {
                return Err(RuleError::EmptyDirectory {
                    path: path.to_owned(),
                });
            }
            files.sort();
            for file in files {
                self.add_file(&file)?;
            }
        } else {
            self.add_file(path)?;
        }
        Ok(self)
    }

    /// Adds rules from YAML text; `file` names it in errors.
    pub fn add_yaml(&mut self, text: &str, file: &str) -> Result<&mut Self, RuleError> {
        self.add_text(text, file, true)?;
        Ok(self)
    }

    /// The loaded rules.
    pub fn finish(self) -> RuleSet {
        RuleSet::from_rules(self.rules)
    }

    fn add_file(&mut self, path: &Path) -> Result<(), RuleError> {
        let text = read_rule_file(path)?;
        self.add_text(&text, &path.display().to_string(), true)
    }

    /// Adds rules compiled elsewhere (an imported file), all or none: a duplicate id, within
    /// `rules` or with a rule already loaded, adds nothing.
    pub(crate) fn add_rules(&mut self, rules: Vec<Rule>, file: &str) -> Result<(), RuleError> {
        let mut seen = HashMap::new();
        for rule in &rules {
            let id = rule.id().as_str();
            if let Some(first_file) = self.files_by_id.get(id).or(seen.get(id)) {
                return Err(RuleError::DuplicateId {
                    file: file.to_owned(),
                    rule: id.to_owned(),
                    first_file: first_file.clone(),
                });
            }
            seen.insert(id.to_owned(), file.to_owned());
        }
        self.files_by_id.extend(seen);
        self.rules.extend(rules);
        Ok(())
    }

    fn add_text(&mut self, text: &str, file: &str, compile_now: bool) -> Result<(), RuleError> {
        if text.len() > MAX_RULE_FILE_BYTES {
            return Err(RuleError::Parse {
                file: file.to_owned(),
                message: format!(
                    "{} bytes, over the {MAX_RULE_FILE_BYTES}-byte limit",
                    text.len()
                ),
            });
        }
        let spec: RuleFileSpec = serde_saphyr::from_str_with_options(text, yaml_options())
            .map_err(|e| RuleError::Parse {
                file: file.to_owned(),
                message: e.to_string(),
            })?;
        for rule_spec in spec.rules {
            if let Some(first_file) = self.files_by_id.get(&rule_spec.id) {
                return Err(RuleError::DuplicateId {
                    file: file.to_owned(),
                    rule: rule_spec.id,
                    first_file: first_file.clone(),
                });
            }
            let rule = Rule::compile(rule_spec, file)?;
            if compile_now {
                rule.compile_regex()?;
            }
            self.files_by_id
                .insert(rule.id().as_str().to_owned(), file.to_owned());
            self.rules.push(rule);
        }
        Ok(())
    }
}

/// The YAML parser's limits, scaled to [`MAX_RULE_FILE_BYTES`]. The parser's defaults (250,000
/// nodes, a million events) refuse a file of 10,000 ordinary rules, well under the byte limit.
/// A node written out takes at least two bytes (`[a,b]`), so these counts never bind before the
/// byte limit does; aliases, the one way to make nodes without text, keep the parser's own
/// limits on replay.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_RULE_FILE_BYTES / 2;
    budget.max_events = MAX_RULE_FILE_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Reads a rule file as UTF-8 text, refusing one over [`MAX_RULE_FILE_BYTES`].
pub(crate) fn read_rule_file(path: &Path) -> Result<String, RuleError> {
    let io = |source| RuleError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_RULE_FILE_BYTES as u64 {
        return Err(RuleError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_RULE_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| RuleError::Parse {
        file: path.display().to_string(),
        message: format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
    })
}

fn collect_yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RuleError> {
    let io = |source| RuleError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| RuleError::Io {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            collect_yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_is_an_error_naming_the_file_and_field() {
        let yaml = "rules:\n- id: a.b\n  name: A\n  description: d\n  category: secret\n  severity: low\n  keyword: [abc]\n  pattern: abc\n  remediation: r\n  examples: [abc]\n  negative_examples: [x]\n";
        let err = RuleLoader::new()
            .add_yaml(yaml, "mine.yml")
            .map(|_| ())
            .expect_err("unknown field");
        let text = err.to_string();
        assert!(
            text.contains("mine.yml") && text.contains("keyword"),
            "{text}"
        );
    }

    /// 300,000 keywords in flow style: more nodes than the parser's default budget allows, in
    /// a file far under the byte limit.
    #[test]
    fn a_large_rule_file_under_the_byte_limit_is_parsed() {
        let keywords: Vec<String> = (0..300_000).map(|i| format!("k{i}")).collect();
        let yaml = format!(
            "rules:\n- id: a.b\n  name: A\n  description: d\n  category: secret\n  severity: low\n  keywords: [{}]\n  pattern: abc\n  remediation: r\n  examples: [abc]\n  negative_examples: [x]\n",
            keywords.join(",")
        );
        assert!(yaml.len() < MAX_RULE_FILE_BYTES);
        let parsed: Result<RuleFileSpec, _> =
            serde_saphyr::from_str_with_options(&yaml, yaml_options());
        assert!(parsed.is_ok(), "{:?}", parsed.err());
    }

    #[test]
    fn an_alias_bomb_is_still_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let parsed: Result<serde::de::IgnoredAny, _> =
            serde_saphyr::from_str_with_options(&yaml, yaml_options());
        assert!(
            parsed.is_err(),
            "ten billion nodes from a few hundred bytes"
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let yaml = "rules:\n- id: a.b\n  name: A\n  description: d\n  category: secret\n  severity: low\n  keywords: [abc]\n  pattern: abc\n  remediation: r\n  examples: [abc]\n  negative_examples: [x]\n";
        let mut loader = RuleLoader::new();
        loader.add_yaml(yaml, "one.yml").expect("first load");
        let err = loader
            .add_yaml(yaml, "two.yml")
            .map(|_| ())
            .expect_err("duplicate");
        assert!(
            err.to_string().contains("already defined in one.yml"),
            "{err}"
        );
    }
}

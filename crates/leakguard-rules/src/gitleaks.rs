//! Importing a gitleaks (v8) TOML config, so a team moving from gitleaks keeps its custom rules.
//!
//! Each `[[rules]]` table becomes a [`Rule`] with id `gitleaks.<id>` through the same validation
//! as a YAML rule; its allowlists, and the config's global ones, keep gitleaks' semantics
//! (`regexTarget`, `condition`, path regexes). What cannot map is either an error or a
//! [`GitleaksNote`], by one principle: an error when importing would silently drop detection or
//! change what a field means (a path-only rule, a composite rule, `[extend] path`, a regex Rust
//! cannot compile, an unknown key), a note when leakguard reports at least what gitleaks would
//! (commit allowlists are not checked) or the field has no leakguard meaning (`useDefault`,
//! `disabledRules`, several groups without `secretGroup`). Keys are matched case-insensitively, as
//! gitleaks does; unknown keys are errors naming the key, where gitleaks ignores them.
//! `docs/gitleaks-migration.md` is the user-facing account of the mapping.

mod allowlist;
mod fields;
mod pattern;
mod rule;

use std::fmt;
use std::path::Path;

use toml::Table;

use self::fields::{Fields, Scope};
use self::rule::GlobalAllowlist;
use crate::load::read_rule_file;
use crate::{Rule, RuleError, RuleId, RuleLoader, MAX_RULE_FILE_BYTES};

/// Namespace of the ids of imported rules.
const ID_PREFIX: &str = "gitleaks.";

/// Top-level keys of a gitleaks v8 config.
const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "extend",
    "rules",
    "allowlist",
    "allowlists",
];

/// Keys of `[extend]`.
const EXTEND_KEYS: &[&str] = &["useDefault", "path", "url", "disabledRules"];

/// What importing a gitleaks config added, and what it ignored or approximated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitleaksImport {
    /// The ids of the imported rules, in file order.
    pub rules: Vec<RuleId>,
    /// Parts of the config that were ignored or only approximated, in file order. Callers should
    /// show them: each one is a place where leakguard may report differently from gitleaks.
    pub notes: Vec<GitleaksNote>,
}

/// A part of a gitleaks config that was ignored or approximated, named like a [`RuleError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitleaksNote {
    /// The config, as given.
    pub file: String,
    /// The gitleaks rule id, when the note is about a rule.
    pub rule: Option<String>,
    /// The field, e.g. `extend.useDefault` or `allowlists[0].commits`.
    pub field: String,
    /// What was done and why.
    pub message: String,
}

impl fmt::Display for GitleaksNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gitleaks config {}: ", self.file)?;
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

impl RuleLoader {
    /// Adds the rules of a gitleaks (v8) TOML config; `origin_name` names it in errors, in notes
    /// and as each rule's [`Rule::file`]. Rules are compiled now, and added all or none.
    ///
    /// `[extend] useDefault` does not load gitleaks' default rules: leakguard's built-in
    /// catalogue stands in for them and is added separately ([`RuleLoader::add_builtin`]); a note
    /// says so. See the module documentation for what else maps and what does not.
    pub fn add_gitleaks_toml(
        &mut self,
        text: &str,
        origin_name: &str,
    ) -> Result<GitleaksImport, RuleError> {
        let (rules, import) = import(text, origin_name)?;
        self.add_rules(rules, origin_name)?;
        Ok(import)
    }

    /// [`RuleLoader::add_gitleaks_toml`] for a file (e.g. `.gitleaks.toml`), named by its path.
    pub fn add_gitleaks_path(&mut self, path: &Path) -> Result<GitleaksImport, RuleError> {
        let text = read_rule_file(path)?;
        self.add_gitleaks_toml(&text, &path.display().to_string())
    }
}

fn import(text: &str, file: &str) -> Result<(Vec<Rule>, GitleaksImport), RuleError> {
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(RuleError::Parse {
            file: file.to_owned(),
            message: format!(
                "{} bytes, over the {MAX_RULE_FILE_BYTES}-byte limit",
                text.len()
            ),
        });
    }
    let table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| RuleError::Parse {
            file: file.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
    let top = Fields::new(&table, Scope::file(file), TOP_KEYS)?;
    // `title` and `description` only describe the config.
    top.string("title")?;
    top.string("description")?;
    let mut notes = Vec::new();

    let use_default = match top.table("extend")? {
        None => false,
        Some(extend) => read_extend(
            extend.value,
            Scope::file(file).nested(&extend.field),
            &mut notes,
        )?,
    };

    let globals = read_globals(&top, &mut notes)?;
    let tables = top.tables("rules")?;
    let mut rules: Vec<Rule> = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for (index, table) in tables.iter().flat_map(|t| t.value.iter()).enumerate() {
        let id = rule::id(table, index, file)?;
        if let Some(first) = ids
            .iter()
            .find(|first| rule::leakguard_id(first) == rule::leakguard_id(id))
        {
            return Err(Scope::rule(file, id).error(
                "id",
                format!(
                    "becomes `{}`, the id of rule `{first}` too",
                    rule::leakguard_id(id)
                ),
            ));
        }
        ids.push(id);
        rules.extend(rule::convert(table, id, file, &globals.lists, &mut notes)?);
    }

    for (target, field) in &globals.targets {
        if ids.contains(&target.as_str()) {
            continue;
        }
        let scope = Scope::file(file);
        if use_default {
            notes.push(scope.note(
                field,
                format!("targets `{target}`, which is not in this file (a rule of gitleaks' default config is not imported): ignored"),
            ));
        } else {
            return Err(scope.error(field, format!("no rule `{target}` in this file")));
        }
    }
    if use_default && !globals.lists.is_empty() {
        notes.push(Scope::file(file).note(
            &globals.field,
            "applies to this file's rules only, not to leakguard's built-in rules that stand in for gitleaks' defaults",
        ));
    }

    let import = GitleaksImport {
        rules: rules.iter().map(|r| r.id().clone()).collect(),
        notes,
    };
    Ok((rules, import))
}

/// Reads `[extend]`; returns whether it asks for gitleaks' default rules.
fn read_extend(
    table: &Table,
    scope: Scope<'_>,
    notes: &mut Vec<GitleaksNote>,
) -> Result<bool, RuleError> {
    let extend = Fields::new(table, scope.clone(), EXTEND_KEYS)?;
    for key in ["path", "url"] {
        if let Some(value) = extend.string(key)?.filter(|v| !v.value.is_empty()) {
            return Err(scope.error(
                &value.field,
                "extending another gitleaks config is not supported: merge the base config into this one, or import it with its own call if no rule id appears in both",
            ));
        }
    }
    let use_default = extend.boolean("useDefault")?.filter(|u| u.value);
    if let Some(flag) = &use_default {
        notes.push(scope.note(
            &flag.field,
            "gitleaks' default rules are not imported; leakguard's built-in rules stand in for them and are loaded separately (the leakguard CLI loads them unless --no-builtin-rules)",
        ));
    }
    if let Some(disabled) = extend
        .strings("disabledRules")?
        .filter(|d| !d.value.is_empty())
    {
        notes.push(scope.note(
            &disabled.field,
            format!(
                "not applied: {} name rules of gitleaks' default config, which is not imported",
                disabled.value.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok(use_default.is_some())
}

/// The global allowlists of a config, and the rule ids they target with the field naming each.
#[derive(Debug, Default)]
struct Globals {
    lists: Vec<GlobalAllowlist>,
    targets: Vec<(String, String)>,
    /// `allowlist` or `allowlists`, as written.
    field: String,
}

fn read_globals(top: &Fields<'_, '_>, notes: &mut Vec<GitleaksNote>) -> Result<Globals, RuleError> {
    let old = top.table("allowlist")?;
    let new = top.tables("allowlists")?;
    let (field, tables): (String, Vec<(String, &Table)>) = match (old, new) {
        (Some(old), Some(_)) => {
            return Err(top.scope().error(
                &old.field,
                "the older `[allowlist]` cannot be used alongside `[[allowlists]]` (gitleaks refuses this too); move it into the list",
            ))
        }
        (Some(old), None) => (old.field.clone(), vec![(old.field, old.value)]),
        (None, Some(list)) => (
            list.field.clone(),
            (0..list.value.len())
                .map(|i| list.item(i))
                .zip(list.value.iter().copied())
                .collect(),
        ),
        (None, None) => return Ok(Globals::default()),
    };
    let mut globals = Globals {
        field,
        ..Globals::default()
    };
    for (field, table) in tables {
        let fields = Fields::new(table, top.scope().nested(&field), allowlist::GLOBAL_KEYS)?;
        let targets: Vec<String> = match fields.strings("targetRules")? {
            None => Vec::new(),
            Some(list) => {
                for (i, target) in list.value.iter().enumerate() {
                    globals
                        .targets
                        .push(((*target).to_owned(), format!("{field}.{}", list.item(i))));
                }
                list.value.iter().map(|&t| t.to_owned()).collect()
            }
        };
        if let Some(allowlist) = allowlist::convert(&fields, notes)? {
            globals.lists.push(GlobalAllowlist { allowlist, targets });
        }
    }
    Ok(globals)
}

//! One gitleaks `[[rules]]` table as a leakguard [`Rule`], built through the same
//! [`RuleSpec`] → [`Rule`] path as a YAML rule so the same validations apply (keywords or a literal
//! prefix for the prefilter, entropy range, regex size); only the examples, which gitleaks rules do
//! not have, are not required. Errors name the gitleaks rule id and the gitleaks field.

use regex::RegexBuilder;
use toml::Table;

use super::allowlist::{self, RULE_KEYS as ALLOWLIST_KEYS};
use super::fields::{self, Fields, Scope};
use super::{pattern, GitleaksNote, ID_PREFIX};
use crate::allowlist::Allowlist;
use crate::rule::{is_valid_id, ContextChecks};
use crate::spec::RuleSpec;
use crate::{Category, Rule, RuleError, Severity, REGEX_SIZE_LIMIT};

/// Keys of a `[[rules]]` table in gitleaks v8.
const KEYS: &[&str] = &[
    "id",
    "description",
    "path",
    "regex",
    "secretGroup",
    "entropy",
    "keywords",
    "tags",
    "allowlist",
    "allowlists",
    "required",
    "skipReport",
];

const REMEDIATION: &str = "Revoke or rotate the credential, then remove it from the history. (Imported from a gitleaks config, which gives no remediation.)";

/// A global allowlist, and the gitleaks rule ids it is limited to (empty: every rule).
#[derive(Debug)]
pub(super) struct GlobalAllowlist {
    pub(super) allowlist: Allowlist,
    pub(super) targets: Vec<String>,
}

/// The gitleaks id of rule `index`, read before anything else so that every later error names it.
pub(super) fn id<'t>(table: &'t Table, index: usize, file: &str) -> Result<&'t str, RuleError> {
    let scope = Scope::file(file).nested(&format!("rules[{index}]"));
    match fields::find(table, "id") {
        Some((_, value)) => match value.as_str() {
            Some(id) if !id.trim().is_empty() => Ok(id),
            Some(_) => Err(scope.error("id", "must not be empty")),
            None => Err(scope.error("id", "expected a string")),
        },
        None => Err(scope.error("id", "every rule needs an id")),
    }
}

/// The leakguard id of gitleaks rule `id`: `gitleaks.` and the id lowercased, `_` and spaces
/// turned into `-`.
pub(super) fn leakguard_id(id: &str) -> String {
    let normalized: String = id
        .trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    format!("{ID_PREFIX}{normalized}")
}

/// Converts rule `id` (read by [`id`]); `None` for a rule gitleaks never reports on its own.
pub(super) fn convert(
    table: &Table,
    id: &str,
    file: &str,
    globals: &[GlobalAllowlist],
    notes: &mut Vec<GitleaksNote>,
) -> Result<Option<Rule>, RuleError> {
    let scope = Scope::rule(file, id);
    let fields = Fields::new(table, scope.clone(), KEYS)?;
    let description = fields.string("description")?;
    // gitleaks treats an empty `path` or `regex` as absent.
    let path = fields.string("path")?.filter(|p| !p.value.is_empty());
    let regex = fields.string("regex")?.filter(|r| !r.value.is_empty());
    let secret_group = fields.integer("secretGroup")?;
    let entropy = fields.number("entropy")?;
    let keywords = fields.strings("keywords")?;
    // Tags are report metadata with no leakguard counterpart; read only to check their type.
    fields.strings("tags")?;
    let old_allowlist = fields.table("allowlist")?;
    let allowlists = fields.tables("allowlists")?;
    if let Some(required) = fields.get("required") {
        return Err(scope.error(
            &required.field,
            "composite rules (`[[rules.required]]`) are not supported: leakguard reports each rule's matches on their own; import the parts as separate rules, or leave this rule out",
        ));
    }
    if let Some(skip) = fields.boolean("skipReport")?.filter(|s| s.value) {
        notes.push(scope.note(
            &skip.field,
            "the rule only serves other rules' `required`, which leakguard does not support, so it is not imported",
        ));
        return Ok(None);
    }
    let lg_id = leakguard_id(id);
    if !is_valid_id(&lg_id) {
        return Err(scope.error(
            "id",
            format!("becomes `{lg_id}`, not a valid leakguard id: imported ids are `{ID_PREFIX}` and the gitleaks id lowercased with `_` as `-`, and may hold only letters, digits, `-` and `.`"),
        ));
    }

    let Some(regex) = regex else {
        let message = match path {
            Some(_) => "missing: a rule with only `path` reports files by name, and leakguard rules match content, so this rule cannot be imported (give it a `regex`, or leave it out)",
            None => "missing (gitleaks refuses a rule with neither `regex` nor `path` too)",
        };
        return Err(scope.error("regex", message));
    };
    let parsed = pattern::parse(regex.value).map_err(|m| scope.error(&regex.field, m))?;
    let group = match &secret_group {
        None => 0,
        Some(g) => u32::try_from(g.value)
            .map_err(|_| scope.error(&g.field, format!("{} is not a group number", g.value)))?,
    };
    let secret = parsed.name_secret_group(group).map_err(|e| {
        let field = match (&secret_group, e.on_secret_group) {
            (Some(g), true) => g.field.as_str(),
            _ => regex.field.as_str(),
        };
        scope.error(field, e.message)
    })?;
    if let Some(why) = secret.approximation {
        notes.push(scope.note("secretGroup", why));
    }

    let path_regex = match &path {
        None => None,
        Some(p) => {
            pattern::parse(p.value).map_err(|m| scope.error(&p.field, m))?;
            let compiled = RegexBuilder::new(p.value)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| scope.error(&p.field, e.to_string()))?;
            Some(compiled)
        }
    };
    let min_entropy = match &entropy {
        None => None,
        Some(e) if e.value.is_nan() || e.value < 0.0 => {
            return Err(scope.error(&e.field, format!("{} is not an entropy", e.value)))
        }
        // gitleaks reads 0 as "no threshold".
        Some(e) if e.value == 0.0 => None,
        Some(e) => Some(e.value),
    };

    let mut compiled = Vec::new();
    if let (Some(old), Some(_)) = (&old_allowlist, &allowlists) {
        return Err(scope.error(
            &old.field,
            "the older `[rules.allowlist]` cannot be used alongside `[[rules.allowlists]]` (gitleaks refuses this too); move it into the list",
        ));
    }
    let tables: Vec<(String, &Table)> = match (old_allowlist, allowlists) {
        (Some(old), _) => vec![(old.field, old.value)],
        (None, Some(list)) => (0..list.value.len())
            .map(|i| list.item(i))
            .zip(list.value.iter().copied())
            .collect(),
        (None, None) => Vec::new(),
    };
    for (field, table) in tables {
        let fields = Fields::new(table, scope.nested(&field), ALLOWLIST_KEYS)?;
        compiled.extend(allowlist::convert(&fields, notes)?);
    }
    compiled.extend(
        globals
            .iter()
            .filter(|g| g.targets.is_empty() || g.targets.iter().any(|t| t == id))
            .map(|g| g.allowlist.clone()),
    );

    let keywords_field = keywords.as_ref().map(|k| k.field.clone());
    let spec = RuleSpec {
        id: lg_id,
        name: id.to_owned(),
        description: description
            .map(|d| d.value.trim().to_owned())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| format!("Imported from the gitleaks rule `{id}`.")),
        category: Category::Secret,
        severity: Severity::High,
        exposure: crate::Exposure::ServerOnly,
        fallback: false,
        cwe: vec![798],
        keywords: keywords
            .map(|k| k.value.iter().map(|&w| w.to_owned()).collect())
            .unwrap_or_default(),
        pattern: secret.pattern,
        min_entropy,
        validate: None,
        paths: None,
        allow: None,
        whole_file: false,
        scope: None,
        requires: Vec::new(),
        forbids: Vec::new(),
        anchor_in: None,
        escalate: None,
        remediation: REMEDIATION.to_owned(),
        references: Vec::new(),
        examples: Vec::new(),
        negative_examples: Vec::new(),
    };
    let context = ContextChecks {
        path: path_regex,
        allowlists: compiled,
    };
    // Name the gitleaks rule and field in what the shared validation reports.
    let rename = |error: RuleError| match error {
        RuleError::Invalid { field, message, .. } => {
            let field = match field.as_str() {
                "pattern" => regex.field.clone(),
                "min_entropy" => entropy.as_ref().map_or(field, |e| e.field.clone()),
                f if f.starts_with("keywords") => match &keywords_field {
                    Some(written) => f.replacen("keywords", written, 1),
                    None => field,
                },
                _ => field,
            };
            scope.error(&field, message)
        }
        other => other,
    };
    let rule = Rule::compile_with(spec, file, context).map_err(rename)?;
    rule.compile_regex().map_err(rename)?;
    Ok(Some(rule))
}

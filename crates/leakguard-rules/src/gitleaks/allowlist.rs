//! One gitleaks allowlist (`[[rules.allowlists]]`, `[rules.allowlist]`, `[[allowlists]]`,
//! `[allowlist]`) as a compiled [`Allowlist`]. Everything maps except `commits`: leakguard's rules
//! see a blob's contents, never the commit it came from, so a commit criterion cannot be checked.

use regex::bytes::RegexBuilder as BytesRegexBuilder;
use regex::RegexBuilder;

use super::fields::Fields;
use super::{pattern, GitleaksNote};
use crate::allowlist::{Allowlist, Condition, Target};
use crate::{RuleError, REGEX_SIZE_LIMIT};

/// Keys of a rule's allowlist.
pub(super) const RULE_KEYS: &[&str] = &[
    "description",
    "condition",
    "commits",
    "paths",
    "regexTarget",
    "regexes",
    "stopwords",
];

/// Keys of a global allowlist: a rule's, and the rules it is limited to.
pub(super) const GLOBAL_KEYS: &[&str] = &[
    "description",
    "condition",
    "commits",
    "paths",
    "regexTarget",
    "regexes",
    "stopwords",
    "targetRules",
];

/// The allowlist in `fields`, or `None` when it only makes sense with commits (then a note says
/// so). `targetRules` is left to the caller.
pub(super) fn convert(
    fields: &Fields<'_, '_>,
    notes: &mut Vec<GitleaksNote>,
) -> Result<Option<Allowlist>, RuleError> {
    let scope = fields.scope();
    let condition = match fields.string("condition")? {
        None => Condition::Any,
        Some(c) => match c.value.to_ascii_uppercase().as_str() {
            "" | "OR" | "||" => Condition::Any,
            "AND" | "&&" => Condition::All,
            _ => {
                return Err(scope.error(
                    &c.field,
                    format!(
                        "unknown condition `{}` (gitleaks knows `OR` and `AND`)",
                        c.value
                    ),
                ))
            }
        },
    };
    let target = match fields.string("regexTarget")? {
        None => Target::Secret,
        Some(t) => match t.value {
            "" | "secret" => Target::Secret,
            "match" => Target::Match,
            "line" => Target::Line,
            other => {
                return Err(scope.error(
                    &t.field,
                    format!(
                    "unknown regexTarget `{other}` (gitleaks knows `secret`, `match` and `line`)"
                ),
                ))
            }
        },
    };
    let commits = fields.strings("commits")?;
    let mut paths = Vec::new();
    if let Some(list) = fields.strings("paths")? {
        for (i, path) in list.value.iter().enumerate() {
            pattern::parse(path).map_err(|m| scope.error(&list.item(i), m))?;
            let compiled = RegexBuilder::new(path)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| scope.error(&list.item(i), e.to_string()))?;
            paths.push(compiled);
        }
    }
    let mut regexes = Vec::new();
    if let Some(list) = fields.strings("regexes")? {
        for (i, regex) in list.value.iter().enumerate() {
            pattern::parse(regex).map_err(|m| scope.error(&list.item(i), m))?;
            let compiled = BytesRegexBuilder::new(regex)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| scope.error(&list.item(i), e.to_string()))?;
            regexes.push(compiled);
        }
    }
    let mut stopwords = Vec::new();
    if let Some(list) = fields.strings("stopwords")? {
        for (i, word) in list.value.iter().enumerate() {
            if word.is_empty() {
                return Err(
                    scope.error(&list.item(i), "an empty stopword would allow every secret")
                );
            }
            stopwords.push(word.to_ascii_lowercase().into_bytes());
        }
    }
    let has_commits = commits.as_ref().is_some_and(|c| !c.value.is_empty());
    if !has_commits && paths.is_empty() && regexes.is_empty() && stopwords.is_empty() {
        return Err(scope.table_error(
            "an allowlist needs at least one of `commits`, `paths`, `regexes` or `stopwords` (gitleaks refuses an empty one too)",
        ));
    }
    if let Some(commits) = commits.filter(|_| has_commits) {
        let rest_empty = paths.is_empty() && regexes.is_empty() && stopwords.is_empty();
        let message = match condition {
            Condition::All => "not checked, so this AND allowlist is dropped whole: leakguard's rules see file contents, never the commit they came from, and could not tell when all criteria hold; what it would allow is reported",
            Condition::Any if rest_empty => "not checked, so this allowlist, which has nothing else, is dropped: leakguard's rules see file contents, never the commit they came from; what it would allow is reported",
            Condition::Any => "not checked: leakguard's rules see file contents, never the commit they came from; the allowlist's other criteria still apply",
        };
        notes.push(scope.note(&commits.field, message));
        if condition == Condition::All || rest_empty {
            return Ok(None);
        }
    }
    Ok(Some(Allowlist {
        condition,
        paths,
        target,
        regexes,
        stopwords,
    }))
}

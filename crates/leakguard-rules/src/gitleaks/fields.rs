//! Reading one TOML table of a gitleaks config. Keys are matched case-insensitively, as gitleaks'
//! config library (viper) matches them, so `secretgroup` is `secretGroup`; but unlike gitleaks, a
//! key that is not part of the format is an error naming it, so a typo (`regexTarge`) cannot
//! silently switch a check off.

use toml::{Table, Value};

use super::GitleaksNote;
use crate::RuleError;

/// Where the fields being read live: the file, the gitleaks rule id inside a rule, and the path of
/// the table (`allowlists[0].`). Errors and notes name fields through it.
#[derive(Debug, Clone)]
pub(super) struct Scope<'a> {
    file: &'a str,
    rule: Option<&'a str>,
    prefix: String,
}

impl<'a> Scope<'a> {
    /// The top level of `file`.
    pub(super) fn file(file: &'a str) -> Scope<'a> {
        Scope {
            file,
            rule: None,
            prefix: String::new(),
        }
    }

    /// Inside the rule with gitleaks id `rule`; fields are named relative to the rule.
    pub(super) fn rule(file: &'a str, rule: &'a str) -> Scope<'a> {
        Scope {
            file,
            rule: Some(rule),
            prefix: String::new(),
        }
    }

    /// Inside the table at `field` (as named by this scope).
    pub(super) fn nested(&self, field: &str) -> Scope<'a> {
        Scope {
            prefix: format!("{}{field}.", self.prefix),
            ..self.clone()
        }
    }

    /// The table this scope reads, as a field name (`allowlists[0]`).
    pub(super) fn table_field(&self) -> String {
        self.prefix.trim_end_matches('.').to_owned()
    }

    /// An error about `field` of this scope's table.
    pub(super) fn error(&self, field: &str, message: impl Into<String>) -> RuleError {
        self.error_at(format!("{}{field}", self.prefix), message.into())
    }

    /// An error about the table itself.
    pub(super) fn table_error(&self, message: impl Into<String>) -> RuleError {
        self.error_at(self.table_field(), message.into())
    }

    fn error_at(&self, field: String, message: String) -> RuleError {
        match self.rule {
            Some(rule) => RuleError::Invalid {
                file: self.file.to_owned(),
                rule: rule.to_owned(),
                field,
                message,
            },
            None => RuleError::InvalidSetting {
                file: self.file.to_owned(),
                field,
                message,
            },
        }
    }

    /// A note about `field` of this scope's table.
    pub(super) fn note(&self, field: &str, message: impl Into<String>) -> GitleaksNote {
        GitleaksNote {
            file: self.file.to_owned(),
            rule: self.rule.map(str::to_owned),
            field: format!("{}{field}", self.prefix),
            message: message.into(),
        }
    }
}

/// A value and the key it was found under, as written.
#[derive(Debug, Clone)]
pub(super) struct Located<T> {
    pub(super) field: String,
    pub(super) value: T,
}

impl<T> Located<T> {
    /// The name of item `i` of a list field.
    pub(super) fn item(&self, i: usize) -> String {
        format!("{}[{i}]", self.field)
    }
}

/// The fields of one table, every key checked against the format's keys for that table.
#[derive(Debug)]
pub(super) struct Fields<'t, 'a> {
    table: &'t Table,
    scope: Scope<'a>,
}

impl<'t, 'a> Fields<'t, 'a> {
    /// Checks that every key of `table` is one of `known` (case-insensitively) and given once.
    pub(super) fn new(
        table: &'t Table,
        scope: Scope<'a>,
        known: &[&str],
    ) -> Result<Fields<'t, 'a>, RuleError> {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for key in table.keys() {
            let Some(&name) = known.iter().find(|k| k.eq_ignore_ascii_case(key)) else {
                return Err(scope.error(
                    key,
                    format!("unknown key (known here: {})", known.join(", ")),
                ));
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                return Err(scope.error(
                    key,
                    format!("`{name}` is given twice, as `{first}` and `{key}` (gitleaks reads keys case-insensitively)"),
                ));
            }
            seen.push((name, key));
        }
        Ok(Fields { table, scope })
    }

    /// The scope errors and notes about these fields are named in.
    pub(super) fn scope(&self) -> &Scope<'a> {
        &self.scope
    }

    /// The value of `name`, found case-insensitively, with the key as written.
    pub(super) fn get(&self, name: &str) -> Option<Located<&'t Value>> {
        find(self.table, name).map(|(key, value)| Located {
            field: key.to_owned(),
            value,
        })
    }

    pub(super) fn string(&self, name: &str) -> Result<Option<Located<&'t str>>, RuleError> {
        self.typed(name, "a string", Value::as_str)
    }

    pub(super) fn boolean(&self, name: &str) -> Result<Option<Located<bool>>, RuleError> {
        self.typed(name, "true or false", Value::as_bool)
    }

    pub(super) fn integer(&self, name: &str) -> Result<Option<Located<i64>>, RuleError> {
        self.typed(name, "an integer", Value::as_integer)
    }

    /// A float, or an integer (`entropy = 3`), as a float.
    pub(super) fn number(&self, name: &str) -> Result<Option<Located<f64>>, RuleError> {
        self.typed(name, "a number", |v| match v {
            Value::Float(f) => Some(*f),
            // Entropy thresholds are small numbers, exact as f64.
            Value::Integer(i) => Some(*i as f64),
            _ => None,
        })
    }

    pub(super) fn strings(&self, name: &str) -> Result<Option<Located<Vec<&'t str>>>, RuleError> {
        let Some(found) = self.get(name) else {
            return Ok(None);
        };
        let items = self.array(&found)?;
        let strings = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().ok_or_else(|| {
                    self.scope.error(
                        &found.item(i),
                        format!("expected a string, found {}", describe(v)),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Located {
            field: found.field,
            value: strings,
        }))
    }

    pub(super) fn table(&self, name: &str) -> Result<Option<Located<&'t Table>>, RuleError> {
        self.typed(name, "a table", Value::as_table)
    }

    /// An array of tables (`[[rules]]`).
    pub(super) fn tables(&self, name: &str) -> Result<Option<Located<Vec<&'t Table>>>, RuleError> {
        let Some(found) = self.get(name) else {
            return Ok(None);
        };
        let items = self.array(&found)?;
        let tables = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_table().ok_or_else(|| {
                    self.scope.error(
                        &found.item(i),
                        format!("expected a table, found {}", describe(v)),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Located {
            field: found.field,
            value: tables,
        }))
    }

    fn array(&self, found: &Located<&'t Value>) -> Result<&'t Vec<Value>, RuleError> {
        found.value.as_array().ok_or_else(|| {
            self.scope.error(
                &found.field,
                format!("expected an array, found {}", describe(found.value)),
            )
        })
    }

    fn typed<T>(
        &self,
        name: &str,
        expected: &str,
        convert: impl Fn(&'t Value) -> Option<T>,
    ) -> Result<Option<Located<T>>, RuleError> {
        let Some(found) = self.get(name) else {
            return Ok(None);
        };
        match convert(found.value) {
            Some(value) => Ok(Some(Located {
                field: found.field,
                value,
            })),
            None => Err(self.scope.error(
                &found.field,
                format!("expected {expected}, found {}", describe(found.value)),
            )),
        }
    }
}

/// The entry of `table` whose key is `name`, compared case-insensitively.
pub(super) fn find<'t>(table: &'t Table, name: &str) -> Option<(&'t str, &'t Value)> {
    table
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(key, value)| (key.as_str(), value))
}

fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".into(),
        Value::Table(_) => "a table".into(),
        Value::Integer(_) => "an integer".into(),
        other => format!("a {}", other.type_str()),
    }
}

//! The set of rules a scan runs: built-in and user rules together, ids unique.

use crate::{Rule, RuleError};

/// Validated rules, in load order (built-in files sorted by name, then user files as given).
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// The built-in catalogue only.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        let mut loader = crate::load::RuleLoader::new();
        loader.add_builtin()?;
        Ok(loader.finish())
    }

    pub(crate) fn from_rules(rules: Vec<Rule>) -> RuleSet {
        RuleSet { rules }
    }

    /// Every rule, in load order; a rule's index here is its stable number within this set.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id().as_str() == id)
    }

    /// How many rules the set holds.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set holds no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Drops the rules `selector` names (see [`RuleSet::select`]); returns how many.
    pub fn disable(&mut self, selector: &str) -> usize {
        let before = self.rules.len();
        self.rules
            .retain(|rule| !selects(selector, rule.id().as_str()));
        before - self.rules.len()
    }

    /// Sets the severity of the rules `selector` names; returns how many.
    pub fn set_severity(&mut self, selector: &str, severity: crate::Severity) -> usize {
        let mut changed = 0;
        for rule in self
            .rules
            .iter_mut()
            .filter(|r| selects(selector, r.id().as_str()))
        {
            rule.set_severity(severity);
            changed += 1;
        }
        changed
    }

    /// The ids of the rules `selector` names: an exact id (`github.pat-classic`), a group
    /// (`github`, or `github.*`, for every `github.` rule), or `*` for all.
    pub fn select(&self, selector: &str) -> Vec<&str> {
        self.rules
            .iter()
            .map(|r| r.id().as_str())
            .filter(|id| selects(selector, id))
            .collect()
    }
}

fn selects(selector: &str, id: &str) -> bool {
    let group = selector.strip_suffix(".*").unwrap_or(selector);
    selector == "*"
        || id == selector
        || id
            .strip_prefix(group)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_name_ids_groups_or_everything() {
        assert!(selects("github.pat-classic", "github.pat-classic"));
        assert!(selects("github", "github.pat-classic"));
        assert!(selects("github.*", "github.pat-classic"));
        assert!(!selects("git", "github.pat-classic"));
        assert!(!selects("github.pat", "github.pat-classic"));
        assert!(selects("*", "jwt.token"));
    }
}

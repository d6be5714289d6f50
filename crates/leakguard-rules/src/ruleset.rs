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
}

//! The rules and settings a scan runs under, as a store compares them: one line per rule
//! (`id digest`) and one for the settings.

use std::collections::BTreeSet;

use leakguard_core::rules::RuleSet;
use leakguard_core::ScanConfig;

/// The rules and settings of a scan, as the store compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruleset {
    members: BTreeSet<String>,
}

impl Ruleset {
    /// The ruleset of a scan with `rules` under `config`.
    pub fn new(rules: &RuleSet, config: &ScanConfig) -> Ruleset {
        let mut members: BTreeSet<String> = rules
            .rules()
            .iter()
            .map(|rule| format!("{} {}", rule.id(), rule.digest()))
            .collect();
        members.insert(format!("settings {}", config.results_digest()));
        Ruleset { members }
    }

    /// The rule-set version: a digest of every rule's id and digest, without settings. It changes
    /// when a rule is added, removed or edited (or a leakguard upgrade changes the catalogue),
    /// which is what a CI cache of the store is keyed on.
    pub fn version(rules: &RuleSet) -> String {
        let members: Vec<String> = rules
            .rules()
            .iter()
            .map(|rule| format!("{} {}", rule.id(), rule.digest()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        format!("{:016x}", leakguard_core::path_hash(&members.join("\n")))
    }

    /// Reads the `members` column back.
    pub(crate) fn parse(members: &str) -> Ruleset {
        Ruleset {
            members: members.lines().map(str::to_owned).collect(),
        }
    }

    /// The `members` column.
    pub(crate) fn members(&self) -> String {
        self.members.iter().cloned().collect::<Vec<_>>().join("\n")
    }

    /// A short digest of the whole set: the version a CI cache is keyed on.
    pub fn digest(&self) -> String {
        format!("{:016x}", leakguard_core::path_hash(&self.members()))
    }

    /// Whether a blob scanned under `earlier` needs no new scan under this ruleset: every
    /// current rule and the settings were part of that scan.
    pub(crate) fn is_covered_by(&self, earlier: &Ruleset) -> bool {
        self.members.is_subset(&earlier.members)
    }

    /// Whether a finding of rule `id` is still reported under this ruleset.
    pub(crate) fn has_rule(&self, id: &str) -> bool {
        self.members
            .range(format!("{id} ")..)
            .next()
            .is_some_and(|m| m.strip_prefix(id).is_some_and(|rest| rest.starts_with(' ')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(lines: &[&str]) -> Ruleset {
        Ruleset::parse(&lines.join("\n"))
    }

    #[test]
    fn removing_a_rule_keeps_earlier_scans_and_adding_one_does_not() {
        let earlier = set(&["a.key 1", "b.key 2", "settings s"]);
        assert!(set(&["a.key 1", "settings s"]).is_covered_by(&earlier));
        assert!(!set(&["a.key 1", "b.key 2", "c.key 3", "settings s"]).is_covered_by(&earlier));
        assert!(!set(&["a.key 1", "b.key 9", "settings s"]).is_covered_by(&earlier));
        assert!(!set(&["a.key 1", "b.key 2", "settings t"]).is_covered_by(&earlier));
    }

    #[test]
    fn rule_membership_is_by_whole_id() {
        let rules = set(&["aws.key 1", "aws.key-id 2", "settings s"]);
        assert!(rules.has_rule("aws.key"));
        assert!(rules.has_rule("aws.key-id"));
        assert!(!rules.has_rule("aws"));
        assert!(!rules.has_rule("aws.k"));
    }
}

//! One Aho-Corasick automaton over every rule's keywords (or extracted literal anchors), so a blob
//! that mentions no keyword costs a single pass and no regex ever runs on it.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use leakguard_rules::RuleSet;

/// The keyword automaton of a rule set, and which rules each keyword wakes up.
#[derive(Debug)]
pub struct Prefilter {
    automaton: AhoCorasick,
    /// For each automaton pattern, the indices (into the rule set) of the rules it belongs to.
    rules_by_pattern: Vec<Vec<usize>>,
    rule_count: usize,
    /// Rules with no keywords that run on every file their paths select (`whole_file`).
    whole_file: Vec<usize>,
}

impl Prefilter {
    /// Builds the automaton for `rules`. Keywords are matched ASCII-case-insensitively, and a
    /// keyword shared by several rules is searched once.
    pub fn new(rules: &RuleSet) -> Prefilter {
        let mut patterns: Vec<String> = Vec::new();
        let mut rules_by_pattern: Vec<Vec<usize>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (rule_index, rule) in rules.rules().iter().enumerate() {
            for anchor in rule.anchors() {
                let key = anchor.to_ascii_lowercase();
                let pattern = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    rules_by_pattern.push(Vec::new());
                    patterns.len() - 1
                });
                if !rules_by_pattern[pattern].contains(&rule_index) {
                    rules_by_pattern[pattern].push(rule_index);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
            })
            .expect("keywords are plain literals, which always build into an automaton");
        Prefilter {
            automaton,
            rules_by_pattern,
            rule_count: rules.len(),
            whole_file: rules
                .rules()
                .iter()
                .enumerate()
                .filter(|(_, rule)| rule.is_whole_file())
                .map(|(index, _)| index)
                .collect(),
        }
    }

    /// Records, for each rule whose keyword occurs in `text`, the offsets where its keywords end.
    /// `hits` is indexed by rule and must hold `rule_count` lists; `touched` receives each rule
    /// index once, in the order first hit.
    pub(crate) fn find(&self, text: &[u8], hits: &mut [Vec<usize>], touched: &mut Vec<usize>) {
        for m in self.automaton.find_overlapping_iter(text) {
            for &rule in &self.rules_by_pattern[m.pattern().as_usize()] {
                if hits[rule].is_empty() {
                    touched.push(rule);
                }
                hits[rule].push(m.start());
            }
        }
    }

    /// The rules that run on whole files whatever their keywords (`whole_file`).
    pub(crate) fn whole_file_rules(&self) -> &[usize] {
        &self.whole_file
    }

    /// The number of rules the automaton was built for.
    pub fn rule_count(&self) -> usize {
        self.rule_count
    }

    /// The number of distinct keywords searched.
    pub fn keyword_count(&self) -> usize {
        self.rules_by_pattern.len()
    }
}

//! A rule's structural check, compiled: its scope, where its anchor may lie, and the `requires`
//! and `forbids` regexes (compiled on first use, like the rule's own pattern).

use std::ops::Range;
use std::sync::OnceLock;

use regex::bytes::Regex;

use crate::code_view::CodeView;
use crate::scope::{region, AnchorIn, Scope};
use crate::spec::RuleSpec;
use crate::{Rejection, RuleId};

/// The conditions of one scoped rule.
#[derive(Debug)]
pub(crate) struct ScopedCheck {
    pub(crate) scope: Scope,
    pub(crate) anchor_in: AnchorIn,
    requires: Vec<String>,
    forbids: Vec<String>,
    compiled: OnceLock<Conditions>,
}

#[derive(Debug)]
struct Conditions {
    requires: Vec<Regex>,
    forbids: Vec<Regex>,
}

/// A field of the spec and what is wrong with it.
pub(crate) type FieldError = (String, String);

impl ScopedCheck {
    /// The check `spec` asks for (`None` without `scope`). Condition regexes are syntax-checked
    /// here; fields that only make sense with a scope are refused without one.
    pub(crate) fn from_spec(spec: &RuleSpec) -> Result<Option<ScopedCheck>, FieldError> {
        let Some(scope) = spec.scope else {
            let stray = [
                ("requires", !spec.requires.is_empty()),
                ("forbids", !spec.forbids.is_empty()),
                ("anchor_in", spec.anchor_in.is_some()),
            ];
            if let Some((field, _)) = stray.iter().find(|(_, set)| *set) {
                return Err((
                    (*field).to_owned(),
                    "only applies to a rule with a `scope` (call, block, statement, line, file or {lines: N})".to_owned(),
                ));
            }
            return Ok(None);
        };
        for (field, patterns) in [("requires", &spec.requires), ("forbids", &spec.forbids)] {
            for (i, pattern) in patterns.iter().enumerate() {
                check_syntax(pattern).map_err(|m| (format!("{field}[{i}]"), m))?;
            }
        }
        Ok(Some(ScopedCheck {
            scope,
            anchor_in: spec.anchor_in.unwrap_or_default(),
            requires: spec.requires.clone(),
            forbids: spec.forbids.clone(),
            compiled: OnceLock::new(),
        }))
    }

    /// Compiles the condition regexes now, naming the first that is over the size limit.
    pub(crate) fn compile(&self) -> Result<(), FieldError> {
        if self.compiled.get().is_some() {
            return Ok(());
        }
        let build = |field: &str, patterns: &[String]| {
            patterns
                .iter()
                .enumerate()
                .map(|(i, p)| crate::rule::build_regex(p).map_err(|m| (format!("{field}[{i}]"), m)))
                .collect::<Result<Vec<_>, _>>()
        };
        let conditions = Conditions {
            requires: build("requires", &self.requires)?,
            forbids: build("forbids", &self.forbids)?,
        };
        let _ = self.compiled.set(conditions);
        Ok(())
    }

    fn conditions(&self) -> &Conditions {
        self.compiled.get_or_init(|| {
            let build = |patterns: &[String]| {
                patterns
                    .iter()
                    .map(|p| {
                        crate::rule::build_regex(p).expect("condition regexes compile: built-in rules are compiled by the rule test suite and user rules at load time")
                    })
                    .collect()
            };
            Conditions {
                requires: build(&self.requires),
                forbids: build(&self.forbids),
            }
        })
    }

    /// The `requires` patterns as written.
    pub(crate) fn requires(&self) -> &[String] {
        &self.requires
    }

    /// The `forbids` patterns as written.
    pub(crate) fn forbids(&self) -> &[String] {
        &self.forbids
    }

    /// Whether the anchor (the pattern's whole match) passes: its first byte lies where
    /// `anchor_in` allows, its scope exists, and the conditions hold in the scope with comments
    /// blanked. Charges the scope to the view's budget.
    pub(crate) fn check(
        &self,
        rule: &RuleId,
        view: &mut CodeView,
        matched: Range<usize>,
    ) -> Result<(), Rejection> {
        if !self.anchor_in.admits(view.class_at(matched.start)) {
            return Err(Rejection::AnchorOutside);
        }
        if view.budget == 0 {
            return Err(Rejection::OverBudget);
        }
        let region = region(self.scope, view, matched).ok_or(Rejection::NoScope)?;
        if let Some((last_rule, last_region, outcome)) = &view.last {
            if last_rule == rule && *last_region == region {
                return *outcome;
            }
        }
        let conditions = self.conditions();
        let reads = 1 + conditions.requires.len() + conditions.forbids.len();
        view.budget = view
            .budget
            .saturating_sub(region.len().saturating_mul(reads));
        let text = &view.blanked()[region.clone()];
        let outcome = if !conditions.requires.iter().all(|r| r.is_match(text)) {
            Err(Rejection::Unmet)
        } else if conditions.forbids.iter().any(|r| r.is_match(text)) {
            Err(Rejection::Forbidden)
        } else {
            Ok(())
        };
        view.last = Some((rule.clone(), region, outcome));
        outcome
    }
}

pub(crate) fn check_syntax(pattern: &str) -> Result<(), String> {
    regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use crate::spec::RuleFileSpec;
    use crate::{CodeView, Rejection, Rule};

    fn rule(fields: &str) -> Rule {
        let yaml = format!(
            "rules:\n- id: cors.test\n  name: T\n  description: d\n  category: cors\n  severity: high\n  keywords: [allow-origin]\n  pattern: '(?i)access-control-allow-origin'\n  remediation: r\n  examples: [x]\n  negative_examples: [nope]\n{fields}"
        );
        let mut file: RuleFileSpec = serde_saphyr::from_str(&yaml).expect("test yaml parses");
        Rule::compile(file.rules.remove(0), "t.yml").expect("compiles")
    }

    fn check(rule: &Rule, text: &str, path: &str) -> Result<(), Rejection> {
        let mut view = CodeView::new();
        view.build(text.as_bytes(), Some(path));
        let at = text.find("Access").expect("anchor");
        rule.check_scope(&mut view, at..at + "Access-Control-Allow-Origin".len())
    }

    #[test]
    fn anchor_in_decides_whether_strings_and_comments_count() {
        let code = rule("  scope: line\n");
        let strings = rule("  scope: line\n  anchor_in: code-or-string\n");
        let any = rule("  scope: line\n  anchor_in: any\n");
        let in_string = "res.setHeader('Access-Control-Allow-Origin', '*');";
        let in_comment = "// Access-Control-Allow-Origin: *";
        assert_eq!(
            check(&code, in_string, "a.js"),
            Err(Rejection::AnchorOutside)
        );
        assert_eq!(check(&strings, in_string, "a.js"), Ok(()));
        assert_eq!(
            check(&strings, in_comment, "a.js"),
            Err(Rejection::AnchorOutside)
        );
        assert_eq!(check(&any, in_comment, "a.js"), Ok(()));
    }

    #[test]
    fn conditions_see_the_scope_with_comments_blanked_and_strings_kept() {
        let rule = rule(
            "  scope: {lines: 1}\n  anchor_in: code-or-string\n  requires: ['(?i)credentials.{0,10}true']\n  forbids: ['(?i)vary']\n",
        );
        let header = "add_header 'Access-Control-Allow-Origin' $http_origin;\n";
        let with = |next: &str| format!("{header}{next}\n");
        let credentials = "add_header 'Access-Control-Allow-Credentials' 'true';";
        assert_eq!(check(&rule, &with(credentials), "nginx.conf"), Ok(()));
        assert_eq!(
            check(&rule, &with(&format!("# {credentials}")), "nginx.conf"),
            Err(Rejection::Unmet)
        );
        assert_eq!(
            check(
                &rule,
                &format!("{}add_header Vary Origin;", with(credentials)),
                "nginx.conf"
            ),
            Ok(()),
            "the third line is outside {{lines: 1}}"
        );
        assert_eq!(
            check(
                &rule,
                &with(&format!("{credentials} add_header Vary Origin;")),
                "nginx.conf"
            ),
            Err(Rejection::Forbidden)
        );
    }

    #[test]
    fn anchors_sharing_a_scope_are_evaluated_once() {
        let rule = rule("  scope: file\n  anchor_in: any\n  requires: ['credentials']\n");
        let text = "Access-Control-Allow-Origin *\nAccess-Control-Allow-Origin *\ncredentials\n";
        let mut view = CodeView::new();
        view.build(text.as_bytes(), Some("a.conf"));
        let full = view.budget;
        assert_eq!(rule.check_scope(&mut view, 0..27), Ok(()));
        let after_one = view.budget;
        assert!(after_one < full);
        assert_eq!(rule.check_scope(&mut view, 30..57), Ok(()));
        assert_eq!(view.budget, after_one);
    }

    #[test]
    fn a_spent_budget_stops_further_checks() {
        let rule = rule("  scope: line\n  anchor_in: any\n");
        let mut view = CodeView::new();
        view.build(b"Access-Control-Allow-Origin *", Some("a.conf"));
        view.budget = 0;
        assert_eq!(
            rule.check_scope(&mut view, 0..27),
            Err(Rejection::OverBudget)
        );
    }
}

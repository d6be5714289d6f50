//! docs/rules.md, generated from the rules so the reference can never drift from what runs. A
//! test compares the committed file with this output (`LEAKGUARD_BLESS=1` rewrites it).

use std::fmt::Write as _;

use leakguard_core::rules::{AnchorIn, RuleSet};

use crate::sarif::{rule_doc_anchor, security_severity};

/// The rule reference in Markdown: a table of every rule, then one section per rule whose anchor
/// is the one SARIF `helpUri`s point to.
pub fn rules_markdown(rules: &RuleSet) -> String {
    let mut sorted: Vec<_> = rules.rules().iter().collect();
    sorted.sort_by(|a, b| a.id().cmp(b.id()));
    let mut md = String::new();
    md.push_str("# Rules\n\n");
    md.push_str("<!-- Generated from rules/*.yml by `LEAKGUARD_BLESS=1 cargo test -p leakguard-report --test docs`; do not edit by hand. -->\n\n");
    let _ = writeln!(
        md,
        "leakguard ships {} built-in rules. Each links to its section below.\n",
        sorted.len()
    );
    md.push_str("| Rule | Name | Severity | Category |\n|---|---|---|---|\n");
    for rule in &sorted {
        let _ = writeln!(
            md,
            "| [`{}`](#{}) | {} | {} | {} |",
            rule.id(),
            rule_doc_anchor(rule.id().as_str()),
            rule.name(),
            rule.severity(),
            rule.category()
        );
    }
    for rule in &sorted {
        let _ = write!(
            md,
            "\n## `{}`\n\n**{}**. {}\n\n",
            rule.id(),
            rule.name(),
            rule.description().trim()
        );
        let _ = writeln!(
            md,
            "- Severity: {} (SARIF security-severity {})",
            rule.severity(),
            security_severity(rule.severity())
        );
        let _ = writeln!(md, "- Category: {}", rule.category());
        if rule.exposure() == leakguard_core::rules::Exposure::Publishable {
            let _ = writeln!(
                md,
                "- Exposure: publishable (made to ship to browsers; never escalated for being client-side)"
            );
        }
        if !rule.cwe().is_empty() {
            let cwes: Vec<String> = rule.cwe().iter().map(|c| format!("CWE-{c}")).collect();
            let _ = writeln!(md, "- Weakness: {}", cwes.join(", "));
        }
        let anchors: Vec<String> = rule.anchors().iter().map(|k| format!("`{k}`")).collect();
        let label = if rule.keywords().is_empty() {
            "Literal anchors"
        } else {
            "Keywords"
        };
        let _ = writeln!(md, "- {label}: {}", anchors.join(", "));
        if let Some(min) = rule.min_entropy() {
            let _ = writeln!(md, "- Minimum entropy: {min} bits per byte");
        }
        if let Some(validator) = rule.validator() {
            let _ = writeln!(md, "- Structural check: `{}`", validator.name());
        }
        if let Some(scope) = rule.scope() {
            let _ = writeln!(
                md,
                "- Scope: `{scope}` around the anchor, which must lie in {}",
                match rule.anchor_in() {
                    AnchorIn::Code => "code",
                    AnchorIn::CodeOrString => "code or a string",
                    AnchorIn::Any => "code, a string or a comment",
                }
            );
            for (label, patterns) in [("Requires", rule.requires()), ("Forbids", rule.forbids())] {
                for pattern in patterns {
                    let _ = writeln!(md, "- {label} in scope: {}", code_span(pattern));
                }
            }
        }
        if let Some((group, pattern, severity)) = rule.escalation() {
            let _ = writeln!(
                md,
                "- Escalation: {severity} when the group `{group}` matches {}",
                code_span(pattern)
            );
        }
        let _ = write!(md, "\n**Remediation:** {}\n", rule.remediation().trim());
        if !rule.references().is_empty() {
            md.push_str("\n**References:**\n\n");
            for reference in rule.references() {
                let _ = writeln!(md, "- <{reference}>");
            }
        }
    }
    md
}

/// `text` as inline code, fenced with more backticks than it holds in a row (regexes of
/// structural rules often hold a backtick for JavaScript template strings).
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

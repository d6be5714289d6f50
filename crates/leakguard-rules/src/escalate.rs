//! A severity that depends on what the anchor matched: a missing `HttpOnly` on a cookie named
//! `session` or `auth_token` is worse than on one named `theme`.

use std::sync::OnceLock;

use regex::bytes::{Captures, Regex};
use regex_syntax::hir::{Hir, HirKind};

use crate::scoped::{check_syntax, FieldError};
use crate::spec::EscalateSpec;
use crate::Severity;

/// A compiled `escalate:`.
#[derive(Debug)]
pub(crate) struct Escalation {
    pub(crate) group: String,
    pub(crate) pattern: String,
    pub(crate) severity: Severity,
    regex: OnceLock<Regex>,
}

impl Escalation {
    /// Checks that `spec.group` is a named group of the rule's pattern (`hir`) and that the
    /// pattern parses.
    pub(crate) fn new(spec: &EscalateSpec, hir: &Hir) -> Result<Escalation, FieldError> {
        if !has_group(hir, &spec.group) {
            return Err((
                "escalate.group".into(),
                format!("`{}` is not a named group of `pattern`", spec.group),
            ));
        }
        check_syntax(&spec.pattern).map_err(|m| ("escalate.pattern".into(), m))?;
        Ok(Escalation {
            group: spec.group.clone(),
            pattern: spec.pattern.clone(),
            severity: spec.severity,
            regex: OnceLock::new(),
        })
    }

    /// Compiles the pattern now.
    pub(crate) fn compile(&self) -> Result<(), FieldError> {
        if self.regex.get().is_none() {
            let regex = crate::rule::build_regex(&self.pattern)
                .map_err(|m| ("escalate.pattern".to_owned(), m))?;
            let _ = self.regex.set(regex);
        }
        Ok(())
    }

    /// The severity for a match whose captures are `caps`, when its group matches the pattern.
    pub(crate) fn severity_for(&self, caps: &Captures<'_>) -> Option<Severity> {
        let group = caps.name(&self.group)?;
        let regex = self.regex.get_or_init(|| {
            crate::rule::build_regex(&self.pattern).expect("escalation regexes compile: built-in rules are compiled by the rule test suite and user rules at load time")
        });
        regex.is_match(group.as_bytes()).then_some(self.severity)
    }
}

fn has_group(hir: &Hir, name: &str) -> bool {
    match hir.kind() {
        HirKind::Capture(capture) => {
            capture.name.as_deref() == Some(name) || has_group(&capture.sub, name)
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|sub| has_group(sub, name))
        }
        HirKind::Repetition(repetition) => has_group(&repetition.sub, name),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

//! gitleaks' Go regular expressions as leakguard patterns. Go's RE2 syntax and Rust's `regex`
//! agree on nearly everything gitleaks configs use (`(?i)`, `(?-i:…)`, `\x60`, classes, named
//! groups); where they do not, the error says what to change. gitleaks' numbered `secretGroup`
//! becomes leakguard's named `secret` group by renaming that one group in the pattern text, which
//! leaves every group's number unchanged.

use regex_syntax::ast::{self, Ast, ErrorKind, GroupKind, Span};

/// The pattern, checked against the Rust syntax, with its capture groups.
#[derive(Debug)]
pub(super) struct Parsed<'p> {
    pattern: &'p str,
    groups: Vec<Group>,
}

#[derive(Debug)]
struct Group {
    index: u32,
    kind: GroupName,
}

#[derive(Debug)]
enum GroupName {
    /// `(…)`: the byte offset of its `(`.
    Unnamed(usize),
    /// `(?P<name>…)` or `(?<name>…)`: where the name is, and the name.
    Named(Span, String),
}

/// What to report as the secret, and whether that only approximates gitleaks' choice.
#[derive(Debug)]
pub(super) struct SecretPattern {
    /// The pattern with the secret's group named `secret`.
    pub(super) pattern: String,
    /// Set when gitleaks would pick the group per match: why leakguard's choice may differ.
    pub(super) approximation: Option<String>,
}

/// Why the secret group cannot be named: the message, and whether it is about `secretGroup` (or
/// else about the regex).
#[derive(Debug)]
pub(super) struct SecretGroupError {
    pub(super) on_secret_group: bool,
    pub(super) message: String,
}

/// Parses a Go regex with the Rust parser, explaining the differences users meet.
pub(super) fn parse(pattern: &str) -> Result<Parsed<'_>, String> {
    let ast = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| explain(pattern, &e))?;
    let groups = ast::visit(&ast, Groups(Vec::new())).unwrap_or_default();
    Ok(Parsed { pattern, groups })
}

fn explain(pattern: &str, error: &ast::Error) -> String {
    let at = error.span().start.offset;
    match error.kind() {
        ErrorKind::UnsupportedLookAround => format!(
            "look-around at byte {at} (`(?=`, `(?!`, `(?<=`, `(?<!`) is not supported: leakguard's regex engine, like the RE2 syntax gitleaks compiles with, has none; match the context outside a capture group and point `secretGroup` at the secret, or drop unwanted matches with an allowlist"
        ),
        ErrorKind::UnsupportedBackreference => format!(
            "backreference at byte {at} is not supported (nor by the RE2 syntax gitleaks compiles with)"
        ),
        ErrorKind::EscapeUnrecognized if pattern[at..].starts_with("\\Q") => format!(
            "`\\Q…\\E` quoting at byte {at} is Go syntax that Rust's regex lacks; escape each special character with `\\` instead"
        ),
        kind => format!("{kind} at byte {at}"),
    }
}

impl Parsed<'_> {
    /// The pattern with the group gitleaks reports named `secret`. `secret_group` is gitleaks'
    /// `secretGroup`, 0 when unset: then gitleaks reports the first capture group that matched
    /// something, or the whole match when there is no group; leakguard reports group 1.
    pub(super) fn name_secret_group(
        &self,
        secret_group: u32,
    ) -> Result<SecretPattern, SecretGroupError> {
        let count = self.groups.len();
        if secret_group as usize > count {
            return Err(SecretGroupError {
                on_secret_group: true,
                message: format!(
                    "group {secret_group}, but `regex` has {count} capture group{}",
                    if count == 1 { "" } else { "s" }
                ),
            });
        }
        let approximation = (secret_group == 0 && count > 1).then(|| {
            format!(
                "not set, and `regex` has {count} capture groups: gitleaks reports the first that matched something, leakguard reports group 1 (or the whole match when group 1 took no part); set `secretGroup` to choose"
            )
        });
        let target = match (secret_group, count) {
            (0, 0) => {
                return Ok(SecretPattern {
                    pattern: self.pattern.to_owned(),
                    approximation,
                })
            }
            (0, _) => 1,
            (n, _) => n,
        };
        if let Some(other) = self.groups.iter().find(|g| {
            g.index != target && matches!(&g.kind, GroupName::Named(_, name) if name == "secret")
        }) {
            return Err(SecretGroupError {
                on_secret_group: false,
                message: format!(
                    "group {} is named `secret`, which is what leakguard reports, but the secret is group {target}; rename group {}",
                    other.index, other.index
                ),
            });
        }
        let group = self
            .groups
            .iter()
            .find(|g| g.index == target)
            .expect("capture indices run from 1 to the number of groups");
        let mut pattern = self.pattern.to_owned();
        match &group.kind {
            GroupName::Unnamed(open) => pattern.insert_str(open + 1, "?P<secret>"),
            GroupName::Named(span, _) => {
                pattern.replace_range(span.start.offset..span.end.offset, "secret")
            }
        }
        Ok(SecretPattern {
            pattern,
            approximation,
        })
    }
}

/// Collects the capture groups of a pattern.
struct Groups(Vec<Group>);

impl ast::Visitor for Groups {
    type Output = Vec<Group>;
    type Err = ();

    fn finish(self) -> Result<Vec<Group>, ()> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
        if let Ast::Group(group) = ast {
            match &group.kind {
                GroupKind::CaptureIndex(index) => self.0.push(Group {
                    index: *index,
                    kind: GroupName::Unnamed(group.span.start.offset),
                }),
                GroupKind::CaptureName { name, .. } => self.0.push(Group {
                    index: name.index,
                    kind: GroupName::Named(name.span, name.name.clone()),
                }),
                GroupKind::NonCapturing(_) => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(pattern: &str, group: u32) -> String {
        parse(pattern)
            .expect("parses")
            .name_secret_group(group)
            .expect("names")
            .pattern
    }

    #[test]
    fn the_chosen_group_is_named_secret_and_numbers_are_kept() {
        assert_eq!(
            named(r"(?i)(key)\s*=\s*([a-z0-9]{8})", 2),
            r"(?i)(key)\s*=\s*(?P<secret>[a-z0-9]{8})"
        );
        assert_eq!(
            named(r"(?P<k>key)=(?<v>\w+)", 2),
            r"(?P<k>key)=(?<secret>\w+)"
        );
        assert_eq!(named(r"tok_(\w+)", 0), r"tok_(?P<secret>\w+)");
        assert_eq!(named(r"tok_\w+", 0), r"tok_\w+");
    }

    #[test]
    fn several_groups_without_secret_group_is_an_approximation() {
        let parsed = parse(r"(a|b)_(\w+)").expect("parses");
        let named = parsed.name_secret_group(0).expect("names");
        assert!(named.approximation.is_some());
        assert!(parsed
            .name_secret_group(2)
            .expect("names")
            .approximation
            .is_none());
    }

    #[test]
    fn a_group_past_the_last_is_refused() {
        let err = parse(r"tok_(\w+)")
            .expect("parses")
            .name_secret_group(2)
            .expect_err("only one group");
        assert!(err.on_secret_group);
        assert!(
            err.message.contains("has 1 capture group"),
            "{}",
            err.message
        );
    }

    #[test]
    fn look_around_is_explained() {
        let err = parse(r"tok_(?=[a-z])\w+").expect_err("look-ahead");
        assert!(err.contains("look-around at byte 4"), "{err}");
        let err = parse(r"(?<!x)tok_\w+").expect_err("look-behind");
        assert!(err.contains("look-around"), "{err}");
    }
}

//! Where a structural rule looks: the region around its anchor that `requires` and `forbids` are
//! matched in. Regions are found on the code view, so brackets and `;` inside strings and
//! comments do not count.
//!
//! Every region is capped ([`SCOPE_MAX_BYTES`] on each side of the anchor; [`FILE_SCOPE_MAX_BYTES`]
//! for `file`), and each blob has a budget of scope bytes the checks may read (a multiple of its
//! length, [`budget_for`]): once spent, further anchors in that blob are not checked. Together
//! they keep a hostile blob (a megabyte of `cors(cors(cors(…`) linear.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::code_view::{Class, CodeView};

/// Largest distance a scope reaches from its anchor, in each direction, in bytes (64 KiB). An
/// argument list, block or statement that has not closed by then ends there.
pub const SCOPE_MAX_BYTES: usize = 64 * 1024;

/// Largest `file` scope, in bytes (1 MiB): the whole blob when it is smaller, otherwise the
/// mebibyte centred on the anchor.
pub const FILE_SCOPE_MAX_BYTES: usize = 1024 * 1024;

/// Scope bytes the checks may read per blob: this many times the blob's length, plus
/// [`SCOPE_BUDGET_BASE`].
pub const SCOPE_BUDGET_PER_BYTE: usize = 16;

/// Scope bytes every blob may read whatever its length (4 MiB).
pub const SCOPE_BUDGET_BASE: usize = 4 * 1024 * 1024;

pub(crate) fn budget_for(len: usize) -> usize {
    len.saturating_mul(SCOPE_BUDGET_PER_BYTE)
        .saturating_add(SCOPE_BUDGET_BASE)
}

/// Where a scoped rule's conditions are checked, relative to its anchor (the whole match of the
/// rule's `pattern`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The balanced `( … )` the anchor opens (the first `(` inside it that it leaves open, as in
    /// `cors(` or `setCookie('sid'`), or else the one right after it, whitespace and comments
    /// skipped.
    Call,
    /// The balanced `{ … }` or `[ … ]` the anchor opens, or else the one right after it,
    /// whitespace, comments, `=`, `=>` and `:` skipped.
    Block,
    /// The statement holding the anchor: back to the previous `;`, `{`, `}` or unclosed `(`/`[`
    /// at the anchor's depth, forward to the next `;` at that depth or the bracket closing it.
    Statement,
    /// The innermost `( … )`, `[ … ]` or `{ … }` holding the anchor, brackets included: a method
    /// body of setter calls (`config.setAllowCredentials(true); config.addAllowedOrigin("*");`),
    /// a lambda's block, an options object a field of which is the anchor.
    Enclosing,
    /// The line or lines the anchor lies on.
    Line,
    /// The anchor's line and this many lines after it.
    Lines(u32),
    /// The whole blob.
    File,
}

impl Scope {
    /// The scope as a rule file writes it.
    pub fn name(self) -> String {
        match self {
            Scope::Call => "call".into(),
            Scope::Block => "block".into(),
            Scope::Statement => "statement".into(),
            Scope::Enclosing => "enclosing".into(),
            Scope::Line => "line".into(),
            Scope::Lines(n) => format!("{{lines: {n}}}"),
            Scope::File => "file".into(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

const SCOPE_EXPECTED: &str =
    "`call`, `block`, `statement`, `enclosing`, `line`, `file` or `{lines: N}`";

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scope, D::Error> {
        struct ScopeVisitor;
        impl<'de> Visitor<'de> for ScopeVisitor {
            type Value = Scope;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(SCOPE_EXPECTED)
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Scope, E> {
                match name {
                    "call" => Ok(Scope::Call),
                    "block" => Ok(Scope::Block),
                    "statement" => Ok(Scope::Statement),
                    "enclosing" => Ok(Scope::Enclosing),
                    "line" => Ok(Scope::Line),
                    "file" => Ok(Scope::File),
                    other => Err(E::custom(format!(
                        "unknown scope `{other}` (expected {SCOPE_EXPECTED})"
                    ))),
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scope, A::Error> {
                let mut lines = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "lines" || lines.is_some() {
                        return Err(de::Error::custom(format!(
                            "unexpected `{key}` in a scope (expected {SCOPE_EXPECTED})"
                        )));
                    }
                    lines = Some(map.next_value::<u32>()?);
                }
                lines
                    .map(Scope::Lines)
                    .ok_or_else(|| de::Error::custom(format!("expected {SCOPE_EXPECTED}")))
            }
        }
        deserializer.deserialize_any(ScopeVisitor)
    }
}

/// Where a scoped rule's anchor may lie.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorIn {
    /// In code only: a comment or string that mentions the anchor is not a finding (the default).
    #[default]
    Code,
    /// In code or in a string (a header name in `res.setHeader('Access-Control-Allow-Origin', …)`).
    CodeOrString,
    /// Anywhere, comments included.
    Any,
}

impl AnchorIn {
    /// The value as a rule file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorIn::Code => "code",
            AnchorIn::CodeOrString => "code-or-string",
            AnchorIn::Any => "any",
        }
    }

    pub(crate) fn admits(self, class: Class) -> bool {
        match self {
            AnchorIn::Code => class == Class::Code,
            AnchorIn::CodeOrString => class != Class::Comment,
            AnchorIn::Any => true,
        }
    }
}

/// The region `scope` gives the anchor `matched`, or `None` when the anchor has no argument list
/// or block after it (`call`, `block`).
pub(crate) fn region(scope: Scope, view: &CodeView, matched: Range<usize>) -> Option<Range<usize>> {
    let text = view.blanked();
    let len = text.len();
    match scope {
        Scope::Call => {
            let open = match first_unclosed(view, matched.clone(), b"(", b")") {
                Some(open) => open,
                None => {
                    let at = skip(view, matched.end, |b| b.is_ascii_whitespace())?;
                    (text[at] == b'(' && view.is_code(at)).then_some(at)?
                }
            };
            Some(balanced(view, open))
        }
        Scope::Block => {
            let open = match first_unclosed(view, matched.clone(), b"{[", b"}]") {
                Some(open) => open,
                None => {
                    let at = skip(view, matched.end, |b| {
                        b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b':')
                    })?;
                    (matches!(text[at], b'{' | b'[') && view.is_code(at)).then_some(at)?
                }
            };
            Some(balanced(view, open))
        }
        Scope::Statement => Some(statement(view, matched)),
        Scope::Enclosing => Some(enclosing(view, matched)),
        Scope::Line => Some(lines(text, matched, 0)),
        Scope::Lines(n) => Some(lines(text, matched, n)),
        Scope::File => {
            if len <= FILE_SCOPE_MAX_BYTES {
                return Some(0..len);
            }
            let start = matched
                .start
                .saturating_sub(FILE_SCOPE_MAX_BYTES / 2)
                .min(len - FILE_SCOPE_MAX_BYTES);
            Some(start..start + FILE_SCOPE_MAX_BYTES)
        }
    }
}

/// The first of `openers` inside the anchor that the anchor leaves open (`(` in `cors(` or in
/// `setCookie('sid'`), code only.
fn first_unclosed(
    view: &CodeView,
    matched: Range<usize>,
    openers: &[u8],
    closers: &[u8],
) -> Option<usize> {
    let mut open = Vec::new();
    for (i, b) in view.code_bytes(matched) {
        if openers.contains(&b) {
            open.push(i);
        } else if closers.contains(&b) {
            open.pop();
        }
    }
    open.first().copied()
}

/// The first byte at or after `from` (and within the cap) that is neither a comment nor `skipped`.
fn skip(view: &CodeView, from: usize, skipped: impl Fn(u8) -> bool) -> Option<usize> {
    let text = view.blanked();
    let ceil = text.len().min(from.saturating_add(SCOPE_MAX_BYTES));
    (from..ceil).find(|&i| view.class_at(i) != Class::Comment && !skipped(text[i]))
}

/// `open..close + 1` for the bracket at `open` and the code bracket that closes it, counting
/// every kind of bracket as one depth; capped when it does not close.
fn balanced(view: &CodeView, open: usize) -> Range<usize> {
    let ceil = view.len().min(open.saturating_add(SCOPE_MAX_BYTES));
    let mut depth = 0usize;
    for (i, b) in view.code_bytes(open..ceil) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open..i + 1;
                }
            }
            _ => {}
        }
    }
    open..ceil
}

fn statement(view: &CodeView, matched: Range<usize>) -> Range<usize> {
    let floor = matched.start.saturating_sub(SCOPE_MAX_BYTES);
    let mut start = floor;
    let mut depth = 0usize;
    for (i, b) in view.code_bytes(floor..matched.start).rev() {
        match b {
            b')' | b']' | b'}' if depth > 0 => depth += 1,
            b')' | b']' => depth += 1,
            b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
            b'(' | b'[' | b'{' | b'}' | b';' if depth == 0 => {
                start = i + 1;
                break;
            }
            _ => {}
        }
    }
    let ceil = view
        .len()
        .min(matched.start.saturating_add(SCOPE_MAX_BYTES));
    let mut end = ceil.max(matched.end);
    let mut depth = 0usize;
    for (i, b) in view.code_bytes(matched.start..ceil) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => {
                end = i;
                break;
            }
            b')' | b']' | b'}' => depth -= 1,
            b';' if depth == 0 => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    start..end.max(matched.end)
}

fn enclosing(view: &CodeView, matched: Range<usize>) -> Range<usize> {
    let floor = matched.start.saturating_sub(SCOPE_MAX_BYTES);
    let mut start = floor;
    let mut depth = 0usize;
    for (i, b) in view.code_bytes(floor..matched.start).rev() {
        match b {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' if depth == 0 => {
                start = i;
                break;
            }
            b'(' | b'[' | b'{' => depth -= 1,
            _ => {}
        }
    }
    let ceil = view
        .len()
        .min(matched.start.saturating_add(SCOPE_MAX_BYTES));
    let mut end = ceil;
    let mut depth = 0usize;
    for (i, b) in view.code_bytes(matched.start..ceil) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => {
                end = i + 1;
                break;
            }
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    start..end.max(matched.end)
}

/// From the start of the anchor's first line to the end of the `extra`-th line after its last.
fn lines(text: &[u8], matched: Range<usize>, extra: u32) -> Range<usize> {
    let floor = matched.start.saturating_sub(SCOPE_MAX_BYTES);
    let start = text[floor..matched.start]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(floor, |p| floor + p + 1);
    let ceil = text.len().min(matched.end.saturating_add(SCOPE_MAX_BYTES));
    let mut end = matched.end.min(ceil);
    for _ in 0..=extra {
        match text[end..ceil].iter().position(|&c| c == b'\n') {
            Some(p) => end = end + p + 1,
            None => return start..ceil,
        }
    }
    start..end - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The region's text for the anchor `anchor` (its first occurrence) in `text`.
    fn scope_text<'t>(scope: Scope, text: &'t str, path: &str, anchor: &str) -> Option<&'t str> {
        let mut view = CodeView::new();
        view.build(text.as_bytes(), Some(path));
        let start = text.find(anchor).expect("anchor in text");
        region(scope, &view, start..start + anchor.len()).map(|r| &text[r])
    }

    #[test]
    fn call_takes_the_balanced_argument_list_ignoring_brackets_in_strings_and_comments() {
        let text = "app.use(cors({\n  origin: ')', // )\n  credentials: true,\n})); next()";
        assert_eq!(
            scope_text(Scope::Call, text, "a.js", "cors("),
            Some("({\n  origin: ')', // )\n  credentials: true,\n})")
        );
        assert_eq!(
            scope_text(Scope::Call, "cors /* x */ (a)", "a.js", "cors"),
            Some("(a)")
        );
        assert_eq!(scope_text(Scope::Call, "cors.x(a)", "a.js", "cors"), None);
        assert_eq!(
            scope_text(
                Scope::Call,
                "res.cookie('sid', t, { secure: false }); f(x)",
                "a.js",
                "cookie('sid'"
            ),
            Some("('sid', t, { secure: false })")
        );
        assert_eq!(
            scope_text(Scope::Call, "f(g(a), b)", "a.js", "f(g(a)"),
            Some("(g(a), b)")
        );
    }

    #[test]
    fn block_skips_assignment_and_takes_braces_or_brackets() {
        assert_eq!(
            scope_text(
                Scope::Block,
                "CORS = [\n 'a', ']',\n]\nX = 1",
                "a.py",
                "CORS"
            ),
            Some("[\n 'a', ']',\n]")
        );
        assert_eq!(
            scope_text(Scope::Block, "'paths' => ['api/*'],", "a.php", "'paths'"),
            Some("['api/*']")
        );
        assert_eq!(
            scope_text(
                Scope::Block,
                "cors.Config{A: 1} // }",
                "a.go",
                "cors.Config"
            ),
            Some("{A: 1}")
        );
        assert_eq!(scope_text(Scope::Block, "x = f()", "a.py", "x"), None);
    }

    #[test]
    fn statement_spans_a_builder_chain_whichever_call_is_the_anchor() {
        let text =
            "void F() {\n  a();\n  policy.AllowCredentials()\n    .AllowAnyOrigin();\n  b();\n}";
        let chain = "\n  policy.AllowCredentials()\n    .AllowAnyOrigin();";
        assert_eq!(
            scope_text(Scope::Statement, text, "a.cs", "AllowAnyOrigin"),
            Some(chain)
        );
        assert_eq!(
            scope_text(Scope::Statement, text, "a.cs", "AllowCredentials"),
            Some(chain)
        );
        let nested = "o.AddPolicy(\"p\", b => b.AllowAnyOrigin().AllowCredentials());";
        assert_eq!(
            scope_text(Scope::Statement, nested, "a.cs", "AllowAnyOrigin"),
            Some("\"p\", b => b.AllowAnyOrigin().AllowCredentials()")
        );
    }

    #[test]
    fn enclosing_takes_the_innermost_bracket_pair_around_the_anchor() {
        let java = "CorsConfiguration cors() {\n  var c = new CorsConfiguration();\n  c.setAllowCredentials(true); // (\n  c.addAllowedOriginPattern(\"*\");\n  return c;\n}\nvoid other() {}";
        let body = &java[java.find("{\n").expect("body")..java.find("\nvoid").expect("end")];
        assert_eq!(
            scope_text(Scope::Enclosing, java, "A.java", "setAllowCredentials"),
            Some(body)
        );
        assert_eq!(
            scope_text(Scope::Enclosing, "f(a, g(b), c)", "a.js", "c"),
            Some("(a, g(b), c)")
        );
        assert_eq!(
            scope_text(Scope::Enclosing, "top = 1\nlevel = 2", "a.py", "level"),
            Some("top = 1\nlevel = 2")
        );
    }

    #[test]
    fn line_scopes_and_file_scope() {
        let text = "a\nb anchor c\nd\ne";
        assert_eq!(
            scope_text(Scope::Line, text, "a.conf", "anchor"),
            Some("b anchor c")
        );
        assert_eq!(
            scope_text(Scope::Lines(1), text, "a.conf", "anchor"),
            Some("b anchor c\nd")
        );
        assert_eq!(
            scope_text(Scope::Lines(5), text, "a.conf", "anchor"),
            Some("b anchor c\nd\ne")
        );
        assert_eq!(
            scope_text(Scope::File, text, "a.conf", "anchor"),
            Some(text)
        );
    }

    #[test]
    fn an_unclosed_call_is_capped() {
        let text = format!("cors({}", "a".repeat(3 * SCOPE_MAX_BYTES));
        let found = scope_text(Scope::Call, &text, "a.js", "cors(").expect("opens");
        assert_eq!(found.len(), SCOPE_MAX_BYTES);
    }

    #[test]
    fn scope_names_parse_as_written() {
        #[derive(Deserialize)]
        struct Holder {
            scope: Scope,
        }
        let parse = |yaml: &str| serde_saphyr::from_str::<Holder>(yaml).map(|h| h.scope);
        assert_eq!(parse("scope: call").ok(), Some(Scope::Call));
        assert_eq!(parse("scope: {lines: 3}").ok(), Some(Scope::Lines(3)));
        let err = parse("scope: calls").expect_err("unknown");
        assert!(err.to_string().contains("unknown scope `calls`"), "{err}");
        assert!(parse("scope: {line: 3}").is_err());
    }
}

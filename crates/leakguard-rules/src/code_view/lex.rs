//! The lexers behind the code view: one left-to-right pass per blob that marks comment and string
//! bytes, so the cost is linear whatever the input. They are approximations made to fail small:
//! a quote that would open a string closes at the end of its line in languages whose strings
//! cannot span lines, so a stray apostrophe costs one line, never the rest of the file.

use std::ops::Range;

use super::{Class, Language};

/// Where the lexers write: a class per byte, and the comment spans (for blanking).
struct Marks<'a> {
    classes: &'a mut [Class],
    comments: &'a mut Vec<Range<usize>>,
}

impl Marks<'_> {
    fn mark(&mut self, range: Range<usize>, class: Class) {
        self.classes[range.clone()].fill(class);
        if class == Class::Comment {
            self.comments.push(range);
        }
    }
}

/// How a C-like language writes what the shared lexer has to know.
#[derive(Debug, Clone, Copy, Default)]
struct CSyntax {
    /// `#` starts a line comment (PHP, HCL), except `#[` (PHP attributes).
    hash_comments: bool,
    /// Backticks delimit strings: with escapes (JS templates) or raw (Go).
    backtick: Option<Escapes>,
    /// `/…/` after an operator is a regex literal (JavaScript).
    regex_literals: bool,
    /// `'` and `"` strings may span lines (Rust, PHP).
    multiline_quotes: bool,
    /// `"""…"""` is a string (Java text blocks, Kotlin, Scala, Swift, C# raw strings).
    triple_quotes: bool,
    /// `@"…"` is a verbatim string with `""` escapes (C#).
    verbatim: bool,
    /// `r#"…"#` raw strings and `'a` lifetimes (Rust).
    rust: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escapes {
    Backslash,
    None,
}

/// How a `#`-comment language writes what the shared lexer has to know.
#[derive(Debug, Clone, Copy, Default)]
struct HashSyntax {
    /// `#` starts a comment anywhere outside a string; otherwise only at the start of a line or
    /// after whitespace.
    hash_anywhere: bool,
    /// `#` starts a comment only at the start of a line (properties files).
    hash_line_start_only: bool,
    /// Another byte that starts a comment at the start of a line (`;` in INI, `!` in properties).
    line_start_comment: Option<u8>,
    /// `'` and `"` delimit strings (not in properties files, whose values are raw).
    strings: bool,
    /// `'''`/`"""` strings and `r`/`b`/`f`/`u` prefixes (Python).
    python: bool,
}

/// Marks every byte of `text` in `classes` (resized to the text's length) as code, comment or
/// string, and lists the comments' spans in `comments`.
pub(super) fn classify(
    text: &[u8],
    language: Language,
    classes: &mut Vec<Class>,
    comments: &mut Vec<Range<usize>>,
) {
    classes.clear();
    classes.resize(text.len(), Class::Code);
    comments.clear();
    let out = &mut Marks { classes, comments };
    let c = |syntax: CSyntax| Some(syntax);
    let c_syntax = match language {
        Language::JavaScript => c(CSyntax {
            backtick: Some(Escapes::Backslash),
            regex_literals: true,
            ..CSyntax::default()
        }),
        Language::Go => c(CSyntax {
            backtick: Some(Escapes::None),
            ..CSyntax::default()
        }),
        Language::Rust => c(CSyntax {
            multiline_quotes: true,
            rust: true,
            ..CSyntax::default()
        }),
        Language::CSharp => c(CSyntax {
            triple_quotes: true,
            verbatim: true,
            ..CSyntax::default()
        }),
        Language::Php => c(CSyntax {
            hash_comments: true,
            multiline_quotes: true,
            ..CSyntax::default()
        }),
        Language::CFamily => c(CSyntax {
            triple_quotes: true,
            ..CSyntax::default()
        }),
        Language::Hcl => c(CSyntax {
            hash_comments: true,
            ..CSyntax::default()
        }),
        _ => None,
    };
    if let Some(syntax) = c_syntax {
        return c_like(text, syntax, out);
    }
    let hash_syntax = match language {
        Language::Python => HashSyntax {
            hash_anywhere: true,
            strings: true,
            python: true,
            ..HashSyntax::default()
        },
        Language::HashScript => HashSyntax {
            hash_anywhere: true,
            strings: true,
            ..HashSyntax::default()
        },
        Language::Shell => HashSyntax {
            strings: true,
            ..HashSyntax::default()
        },
        Language::Ini => HashSyntax {
            strings: true,
            line_start_comment: Some(b';'),
            ..HashSyntax::default()
        },
        Language::Properties => HashSyntax {
            hash_line_start_only: true,
            line_start_comment: Some(b'!'),
            ..HashSyntax::default()
        },
        Language::Markup => return markup(text, out),
        _ => return,
    };
    hash(text, hash_syntax, out);
}

fn c_like(text: &[u8], syntax: CSyntax, out: &mut Marks<'_>) {
    let mut interesting = table(b"/\"'");
    let extra: [(bool, &[u8]); 4] = [
        (syntax.hash_comments, b"#"),
        (syntax.backtick.is_some(), b"`"),
        (syntax.verbatim, b"@"),
        (syntax.rust, b"rb"),
    ];
    for (on, bytes) in extra {
        if on {
            bytes
                .iter()
                .for_each(|&b| interesting[usize::from(b)] = true);
        }
    }
    let n = text.len();
    let mut i = 0;
    // The last code byte that is not whitespace: decides whether `/` opens a regex literal.
    let mut last = b';';
    while i < n {
        let run = i;
        while i < n && !interesting[usize::from(text[i])] {
            i += 1;
        }
        if let Some(&b) = text[run..i].iter().rev().find(|b| !b.is_ascii_whitespace()) {
            last = b;
        }
        if i == n {
            break;
        }
        let b = text[i];
        let next = text.get(i + 1).copied();
        let span = match b {
            b'/' if next == Some(b'/') => Some((line_end(text, i), Class::Comment)),
            b'/' if next == Some(b'*') => Some((after(text, i + 2, b"*/"), Class::Comment)),
            b'#' if syntax.hash_comments && next != Some(b'[') => {
                Some((line_end(text, i), Class::Comment))
            }
            b'"' if syntax.triple_quotes && text[i..].starts_with(b"\"\"\"") => {
                Some((after(text, i + 3, b"\"\"\""), Class::String))
            }
            b'\'' if syntax.rust && is_lifetime(text, i) => None,
            b'"' | b'\'' => Some((
                quoted(text, i, b, syntax.multiline_quotes, Escapes::Backslash),
                Class::String,
            )),
            b'`' => syntax
                .backtick
                .map(|escapes| (quoted(text, i, b'`', true, escapes), Class::String)),
            b'/' if syntax.regex_literals && b"(,=:[!&|?{};~+-*%<>^".contains(&last) => {
                regex_literal(text, i).map(|end| (end, Class::String))
            }
            b'@' if syntax.verbatim => verbatim(text, i).map(|end| (end, Class::String)),
            b'r' | b'b' if syntax.rust => rust_raw(text, i).map(|end| (end, Class::String)),
            _ => None,
        };
        match span {
            Some((end, class)) => {
                out.mark(i..end, class);
                if class == Class::String {
                    last = b'"';
                }
                i = end;
            }
            None => {
                if !b.is_ascii_whitespace() {
                    last = b;
                }
                i += 1;
            }
        }
    }
}

fn hash(text: &[u8], syntax: HashSyntax, out: &mut Marks<'_>) {
    let mut interesting = table(b"#\"'\n");
    if let Some(b) = syntax.line_start_comment {
        interesting[usize::from(b)] = true;
    }
    let n = text.len();
    let mut i = 0;
    let mut line_start = true;
    while i < n {
        let run = i;
        while i < n && !interesting[usize::from(text[i])] {
            i += 1;
        }
        if line_start {
            line_start = text[run..i].iter().all(|&b| b == b' ' || b == b'\t');
        }
        if i == n {
            break;
        }
        let b = text[i];
        let prev = if i == 0 { b'\n' } else { text[i - 1] };
        let span = match b {
            b'#' if syntax.hash_anywhere
                || line_start
                || (!syntax.hash_line_start_only && prev.is_ascii_whitespace()) =>
            {
                Some((line_end(text, i), Class::Comment))
            }
            _ if line_start && syntax.line_start_comment == Some(b) => {
                Some((line_end(text, i), Class::Comment))
            }
            b'"' | b'\'' if syntax.strings && opens_string(text, i, syntax.python) => {
                let triple = [b, b, b];
                if syntax.python && text[i..].starts_with(&triple) {
                    Some((after(text, i + 3, &triple), Class::String))
                } else {
                    Some((quoted(text, i, b, false, Escapes::Backslash), Class::String))
                }
            }
            _ => None,
        };
        match span {
            Some((end, class)) => {
                out.mark(i..end, class);
                i = end;
                line_start = false;
            }
            None => {
                line_start = b == b'\n' || (line_start && (b == b' ' || b == b'\t'));
                i += 1;
            }
        }
    }
}

fn markup(text: &[u8], out: &mut Marks<'_>) {
    let mut i = 0;
    while let Some(at) = find(text, i, b"<!--") {
        let end = after(text, at + 4, b"-->");
        out.mark(at..end, Class::Comment);
        i = end;
    }
}

/// A lookup table of the bytes at which a lexer has something to decide; runs of other bytes
/// are skipped in a tight loop.
fn table(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    for &b in bytes {
        table[usize::from(b)] = true;
    }
    table
}

/// A quote opens a string unless it follows a letter or digit (`don't` in a YAML value is no
/// string); Python's `r'…'`, `b"…"`, `f'…'` prefixes are let through.
fn opens_string(text: &[u8], at: usize, python: bool) -> bool {
    let word_start = text[..at]
        .iter()
        .rposition(|&c| !is_ident(c))
        .map_or(0, |p| p + 1);
    let word = &text[word_start..at];
    word.is_empty() || (python && word.len() <= 2 && word.iter().all(|c| b"rRbBfFuU".contains(c)))
}

/// End (exclusive) of the string opening at `start` with `quote`: after the closing quote, or at
/// the line's end for a string that cannot span lines, or at the end of the text.
fn quoted(text: &[u8], start: usize, quote: u8, multiline: bool, escapes: Escapes) -> usize {
    let mut j = start + 1;
    while j < text.len() {
        match text[j] {
            b'\\' if escapes == Escapes::Backslash => j += 2,
            b'\n' if !multiline => return j,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    text.len()
}

/// `/…/flags` from `start`, or `None` when no closing `/` lies on the same line (then the `/` was
/// a division after all).
fn regex_literal(text: &[u8], start: usize) -> Option<usize> {
    let mut j = start + 1;
    let mut in_class = false;
    while j < text.len() {
        match text[j] {
            b'\\' => j += 1,
            b'\n' => return None,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'/' if !in_class => {
                j += 1;
                while j < text.len() && text[j].is_ascii_alphabetic() {
                    j += 1;
                }
                return Some(j);
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// C# `@"…"` (also `@$"…"`), where `""` is a quote and backslashes are literal.
fn verbatim(text: &[u8], start: usize) -> Option<usize> {
    let quote = match (text.get(start + 1), text.get(start + 2)) {
        (Some(b'"'), _) => start + 1,
        (Some(b'$'), Some(b'"')) => start + 2,
        _ => return None,
    };
    let mut j = quote + 1;
    while j < text.len() {
        if text[j] == b'"' {
            if text.get(j + 1) == Some(&b'"') {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    Some(text.len())
}

/// Rust `r"…"`, `r#"…"#`, `br"…"`, at a word start.
fn rust_raw(text: &[u8], start: usize) -> Option<usize> {
    if start > 0 && is_ident(text[start - 1]) {
        return None;
    }
    let r = if text[start] == b'b' {
        start + 1
    } else {
        start
    };
    if text.get(r) != Some(&b'r') {
        return None;
    }
    let hashes = text[r + 1..].iter().take_while(|&&c| c == b'#').count();
    let quote = r + 1 + hashes;
    if text.get(quote) != Some(&b'"') {
        return None;
    }
    let mut closing = Vec::with_capacity(hashes + 1);
    closing.push(b'"');
    closing.resize(hashes + 1, b'#');
    Some(after(text, quote + 1, &closing))
}

/// `'a` in `&'a str` or `'static`: a quote, an identifier, and no closing quote right after.
fn is_lifetime(text: &[u8], at: usize) -> bool {
    text.get(at + 1)
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        && text.get(at + 2) != Some(&b'\'')
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The offset of the `\n` ending the line that holds `at` (or the text's end).
fn line_end(text: &[u8], at: usize) -> usize {
    text[at..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(text.len(), |p| at + p)
}

/// The first `needle` (a few bytes) at or after `from`.
fn find(text: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut at = from;
    while at < text.len() {
        let hit = at + text[at..].iter().position(|&c| c == first)?;
        if text[hit + 1..].starts_with(rest) {
            return Some(hit);
        }
        at = hit + 1;
    }
    None
}

/// Just past the first `needle` at or after `from`, or the text's end when there is none.
fn after(text: &[u8], from: usize, needle: &[u8]) -> usize {
    find(text, from, needle).map_or(text.len(), |p| p + needle.len())
}

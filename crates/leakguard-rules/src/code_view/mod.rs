//! A blob's text classified byte by byte into code, comment and string, by the language its path
//! implies, so that a structural rule can tell `cors({ origin: true })` in code from the same
//! words in a comment, and can look for its conditions with comments blanked out.
//!
//! The matcher builds one view per blob, lazily: only once a scoped rule's anchor has matched, so
//! the secret scan never pays for it. Building is one linear pass and two buffers the size of the
//! blob; the view also carries the blob's scope budget ([`crate::scope`]) and remembers the last
//! scope evaluated, so many anchors sharing one scope (a settings file) cost one evaluation.

mod language;
mod lex;

use std::ops::Range;

pub use language::Language;

use crate::{Rejection, RuleId};

/// What a byte of the text is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Class {
    /// Code, or configuration that is not a comment or a quoted string.
    Code,
    /// A comment, its markers included.
    Comment,
    /// A quoted string (or regex literal, or template), its quotes included.
    String,
}

/// The text of one blob as the structural checks see it. Reused across blobs by one matcher.
#[derive(Debug, Default)]
pub struct CodeView {
    classes: Vec<Class>,
    comments: Vec<Range<usize>>,
    blanked: Vec<u8>,
    language: Language,
    /// Bytes of scope the checks may still look at in this blob (see [`crate::scope`]).
    pub(crate) budget: usize,
    /// The last scope evaluated: by which rule, where, and with what outcome.
    pub(crate) last: Option<(RuleId, Range<usize>, Result<(), Rejection>)>,
}

impl CodeView {
    /// An empty view; [`CodeView::build`] fills it.
    pub fn new() -> CodeView {
        CodeView::default()
    }

    /// Classifies `text` by the language `path` implies ([`Language::of_path`]).
    pub fn build(&mut self, text: &[u8], path: Option<&str>) {
        self.build_as(text, Language::of_path(path));
    }

    /// Classifies `text` as `language`, reusing the buffers of the previous blob.
    pub fn build_as(&mut self, text: &[u8], language: Language) {
        lex::classify(text, language, &mut self.classes, &mut self.comments);
        self.blanked.clear();
        self.blanked.extend_from_slice(text);
        for comment in &self.comments {
            for b in &mut self.blanked[comment.clone()] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        self.language = language;
        self.budget = crate::scope::budget_for(text.len());
        self.last = None;
    }

    /// The language the text was classified as.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.blanked.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.blanked.is_empty()
    }

    /// What the byte at `at` is part of (code past the end).
    pub fn class_at(&self, at: usize) -> Class {
        self.classes.get(at).copied().unwrap_or(Class::Code)
    }

    /// The text with every comment byte but newlines replaced by a space, so offsets and line
    /// numbers are those of the text.
    pub fn blanked(&self) -> &[u8] {
        &self.blanked
    }

    /// Whether the byte at `at` is code (brackets and separators count only there).
    pub(crate) fn is_code(&self, at: usize) -> bool {
        self.classes[at] == Class::Code
    }

    /// The code bytes of `range` with their offsets (brackets and separators count only there).
    pub(crate) fn code_bytes(
        &self,
        range: Range<usize>,
    ) -> impl DoubleEndedIterator<Item = (usize, u8)> + '_ {
        let start = range.start;
        self.blanked[range.clone()]
            .iter()
            .zip(&self.classes[range])
            .enumerate()
            .filter(|(_, (_, &class))| class == Class::Code)
            .map(move |(k, (&b, _))| (start + k, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One letter per byte: `c`ode, `#` comment, `s`tring.
    fn marks(text: &str, path: &str) -> String {
        let mut view = CodeView::new();
        view.build(text.as_bytes(), Some(path));
        (0..text.len())
            .map(|i| match view.class_at(i) {
                Class::Code => 'c',
                Class::Comment => '#',
                Class::String => 's',
            })
            .collect()
    }

    #[test]
    fn javascript_comments_strings_templates_and_regexes() {
        assert_eq!(marks("a('x') // c\nb", "a.js"), "ccssscc####cc");
        assert_eq!(marks("a /* c */ b", "a.js"), "cc#######cc");
        assert_eq!(marks("o = `${u}//x`", "a.ts"), "ccccsssssssss");
        assert_eq!(
            marks("origin: /https:\\/\\//, x", "a.js"),
            "ccccccccssssssssssssccc"
        );
        assert_eq!(marks("a = b / c / d", "a.js"), "ccccccccccccc");
    }

    #[test]
    fn a_stray_quote_costs_one_line_at_most() {
        assert_eq!(marks("it's\nx", "a.java"), "ccsscc");
    }

    #[test]
    fn hash_comments_need_whitespace_before_them_in_shell_and_yaml() {
        assert_eq!(marks("u: http://h/#f # c", "a.yml"), "ccccccccccccccc###");
        assert_eq!(marks("a: don't", "a.yml"), "cccccccc");
        assert_eq!(marks("x = 1#c", "a.py"), "ccccc##");
        assert_eq!(marks("f'a#b' # c", "a.py"), "csssssc###");
        assert_eq!(marks("\"\"\"a\n#b\"\"\"", "a.py"), "ssssssssss");
    }

    #[test]
    fn ini_and_properties_comment_only_where_they_can() {
        assert_eq!(marks("; c\nk=v;x", "a.ini"), "###cccccc");
        assert_eq!(marks("! c\nk=a #b 'q", "a.properties"), "###cccccccccc");
    }

    #[test]
    fn language_specific_strings() {
        assert_eq!(marks("x = `a\n//b`", "a.go"), "ccccsssssss");
        assert_eq!(marks("@\"a\\\" // c", "a.cs"), "sssssc####");
        assert_eq!(marks("r#\"a\"b\"# // c", "a.rs"), "ssssssssc####");
        assert_eq!(marks("fn f<'a>(x: &'a str)", "a.rs"), "c".repeat(20));
        assert_eq!(marks("$a = 1; # c", "a.php"), "cccccccc###");
        assert_eq!(marks("#[Attr]", "a.php"), "ccccccc");
    }

    #[test]
    fn markup_comments_and_unknown_files() {
        assert_eq!(marks("<a/><!-- x -->b", "web.config"), "cccc##########c");
        assert_eq!(marks("// x", "notes.txt"), "cccc");
    }

    #[test]
    fn blanked_text_keeps_offsets_and_newlines() {
        let mut view = CodeView::new();
        view.build(b"a /* b\nc */ d // e\nf", Some("x.js"));
        assert_eq!(view.blanked(), b"a     \n     d     \nf");
    }
}

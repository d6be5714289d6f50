//! Escaping for the XML that the JUnit report writes: text and attribute values from findings
//! (paths, rule names, snippets of arbitrary files) must come out as well-formed XML 1.0 whatever
//! they hold. A two-function escaper is all the one XML format needs, so no XML library.

/// Appends `text` to `out` escaped for element content.
pub(crate) fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // Escaped so that `]]>` never appears in content, where XML forbids it.
            '>' => out.push_str("&gt;"),
            c => push_char(out, c),
        }
    }
}

/// Appends `value` to `out` escaped for a double-quoted attribute value. Tabs and line breaks
/// become character references, since a parser would otherwise normalise them to spaces.
pub(crate) fn push_attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => push_char(out, c),
        }
    }
}

/// `c`, or U+FFFD when XML 1.0 cannot hold it even as a character reference: the C0 controls
/// other than tab and line breaks, and U+FFFE and U+FFFF. (Surrogates cannot occur in a `str`.)
fn push_char(out: &mut String, c: char) {
    let allowed =
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}');
    out.push(if allowed { c } else { '\u{FFFD}' });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, s);
        out
    }

    fn attr(s: &str) -> String {
        let mut out = String::new();
        push_attr(&mut out, s);
        out
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(text("a<b>&c]]>"), "a&lt;b&gt;&amp;c]]&gt;");
        assert_eq!(
            attr(r#"say "hi" & <go>"#),
            "say &quot;hi&quot; &amp; &lt;go&gt;"
        );
    }

    #[test]
    fn whitespace_survives_in_attributes_and_text() {
        assert_eq!(attr("a\tb\nc\r"), "a&#9;b&#10;c&#13;");
        assert_eq!(text("a\tb\nc"), "a\tb\nc");
    }

    #[test]
    fn characters_xml_cannot_hold_become_replacement_characters() {
        assert_eq!(
            text("a\u{0}b\u{1b}c\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(attr("\u{8}"), "\u{FFFD}");
        assert_eq!(text("é€😀"), "é€😀");
    }
}

//! A regex match with the text around it: what [`crate::Rule::check_candidate`] needs for the
//! allowlists that look at the whole match, its line or its path (those of imported gitleaks
//! rules).

use std::ops::Range;

use crate::allowlist::View;

/// One match of a rule's regex, as the matcher found it. Both ranges must lie within `text`
/// ([`crate::Rule::check_candidate`] panics otherwise, as slicing does).
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The text searched: the whole blob, so the match's line can be found.
    pub text: &'a [u8],
    /// The whole regex match, a byte range of `text`.
    pub matched: Range<usize>,
    /// The reported secret (the `secret` group, or the whole match), a byte range of `text`.
    pub secret: Range<usize>,
    /// The path the text was read from (`None` for stdin and other path-less input).
    pub path: Option<&'a str>,
}

impl<'a> Candidate<'a> {
    pub(crate) fn view(&self) -> View<'a> {
        let text = self.text;
        let whole = &text[self.matched.clone()];
        // gitleaks trims newlines off the match before it looks at the match or finds its line.
        let lead = whole.iter().take_while(|&&b| b == b'\n').count();
        let trail = whole[lead..]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\n')
            .count();
        let start = self.matched.start + lead;
        let end = self.matched.end - trail;
        let line_start = text[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = text[end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| end + i);
        View {
            secret: &text[self.secret.clone()],
            matched: Some(&text[start..end]),
            line: Some(&text[line_start..line_end]),
            path: self.path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_is_the_whole_line_without_its_newline() {
        let text = b"one\nkey = tok_abc # fake\nthree\n";
        let candidate = Candidate {
            text,
            matched: 4..17,
            secret: 10..17,
            path: None,
        };
        let view = candidate.view();
        assert_eq!(view.secret, b"tok_abc");
        assert_eq!(view.matched, Some(&b"key = tok_abc"[..]));
        assert_eq!(view.line, Some(&b"key = tok_abc # fake"[..]));
    }

    #[test]
    fn a_match_ending_in_a_newline_keeps_to_its_own_line() {
        let text = b"key = tok_abc\nnext line\n";
        let candidate = Candidate {
            text,
            matched: 0..14,
            secret: 6..13,
            path: None,
        };
        let view = candidate.view();
        assert_eq!(view.matched, Some(&b"key = tok_abc"[..]));
        assert_eq!(view.line, Some(&b"key = tok_abc"[..]));
    }
}

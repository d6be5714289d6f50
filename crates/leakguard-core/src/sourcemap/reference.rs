//! Where a bundle says its source map is: the trailing `//# sourceMappingURL=…` comment (also
//! `//@`, the old form, and `/*# … */`, the CSS form).
//!
//! The spec's rule is that the last such comment wins. Telling a comment from a string literal
//! needs a JavaScript parser, so this reader uses the spec's rule for readers without one, as
//! V8 does: the comment must end its line (or, for `/*`, close right after the URL) and the URL
//! must hold no quote, which rules out the `"//# sourceMappingURL=" + url` that bundlers carry in
//! their runtime code. The last comment meeting this wins. A multi-line template literal that
//! ends with such a line would still be taken for one, as browsers take it.
//!
//! Only the tail is searched: the last 4 KiB, plus the whole line reaching into it when that
//! line is short or looks like the data of an inline map (which may be megabytes long). So the
//! cost is bounded by the tail, not the bundle, except for an inline map that is decoded anyway.
//! Inline maps written as raw, unencoded JSON longer than the tail are not found.

use std::borrow::Cow;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use memchr::{memchr, memmem, memrchr};

/// How much of a bundle's end is searched for the comment.
const TAIL_LEN: usize = 4 * 1024;

const KEYWORD: &[u8] = b"sourceMappingURL";

/// Inline maps are written with and without padding; both are read.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Where a bundle says its map is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MapReference {
    /// An inline `data:application/json;base64,…` map (also `;charset=utf-8;base64,`, other
    /// JSON media types, and percent-encoded rather than Base64 data), decoded.
    Inline(Vec<u8>),
    /// A URL or relative path as written, query string and fragment stripped; the caller
    /// resolves it against the bundle's directory.
    Url(String),
}

/// The last `sourceMappingURL` comment at the end of `text`, as described in the module docs.
pub(crate) fn find_reference(text: &[u8]) -> Option<MapReference> {
    let start = search_start(text);
    memmem::rfind_iter(&text[start..], KEYWORD).find_map(|at| reference_at(text, start + at))
}

/// Where the search begins: the start of the line that reaches into the tail, when that line is
/// short or could be an inline map's data; otherwise the start of the next line.
fn search_start(text: &[u8]) -> usize {
    let tail = text.len().saturating_sub(TAIL_LEN);
    if tail == 0 {
        return 0;
    }
    let near = tail.saturating_sub(TAIL_LEN);
    match memrchr(b'\n', &text[near..tail]) {
        Some(newline) => return near + newline + 1,
        None if near == 0 => return 0,
        None => {}
    }
    let line_end = memchr(b'\n', &text[tail..]).map_or(text.len(), |end| tail + end);
    if could_be_inline_data(&text[tail..line_end]) {
        return memrchr(b'\n', &text[..near]).map_or(0, |newline| newline + 1);
    }
    line_end
}

/// Whether the end of a long line is Base64 or percent-encoded data (then `*/` and spaces).
fn could_be_inline_data(fragment: &[u8]) -> bool {
    let fragment = fragment.trim_ascii_end();
    let fragment = fragment
        .strip_suffix(b"*/")
        .unwrap_or(fragment)
        .trim_ascii_end();
    !fragment.is_empty()
        && fragment
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"+/=%-_.~".contains(&b))
}

/// The reference whose keyword starts at `at`, if the comment around it is well formed.
fn reference_at(text: &[u8], at: usize) -> Option<MapReference> {
    let before = trim_spaces_end(&text[..at]);
    let (marker, before) = before.split_last()?;
    if !matches!(marker, b'#' | b'@') {
        return None;
    }
    let before = trim_spaces_end(before);
    let block = if before.ends_with(b"//") {
        false
    } else if before.ends_with(b"/*") {
        true
    } else {
        return None;
    };
    let after = trim_spaces_start(&text[at + KEYWORD.len()..]);
    let after = trim_spaces_start(after.strip_prefix(b"=")?);
    let url_len = after
        .iter()
        .position(|&b| b.is_ascii_whitespace() || (block && b == b'*'))
        .unwrap_or(after.len());
    let (url, rest) = after.split_at(url_len);
    if url.is_empty() || url.iter().any(|b| matches!(b, b'"' | b'\'' | b'`')) {
        return None;
    }
    let rest = trim_spaces_start(rest);
    let closed = if block {
        rest.starts_with(b"*/")
    } else {
        matches!(rest.first(), None | Some(b'\r' | b'\n'))
    };
    if !closed {
        return None;
    }
    parse_url(url)
}

fn parse_url(url: &[u8]) -> Option<MapReference> {
    if let Some(data) = strip_prefix_ignore_case(url, b"data:") {
        return decode_data_uri(data).map(MapReference::Inline);
    }
    let end = url
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(url.len());
    let path = std::str::from_utf8(&url[..end]).ok()?;
    (!path.is_empty()).then(|| MapReference::Url(path.to_owned()))
}

/// The payload of a `data:` URI (what follows `data:`) whose media type is JSON or a source map.
fn decode_data_uri(uri: &[u8]) -> Option<Vec<u8>> {
    let comma = memchr(b',', uri)?;
    let (header, data) = (&uri[..comma], &uri[comma + 1..]);
    let mut params = header.split(|&b| b == b';');
    let media = params.next()?.trim_ascii();
    let is_map = media.len() >= 4 && media[media.len() - 4..].eq_ignore_ascii_case(b"json")
        || media.eq_ignore_ascii_case(b"application/source-map")
        || media.eq_ignore_ascii_case(b"application/x-sourcemap");
    if !is_map {
        return None;
    }
    let base64 = params.any(|param| param.trim_ascii().eq_ignore_ascii_case(b"base64"));
    let data = percent_decode(data);
    if base64 {
        BASE64.decode(&*data).ok()
    } else {
        Some(data.into_owned())
    }
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as written.
fn percent_decode(data: &[u8]) -> Cow<'_, [u8]> {
    if memchr(b'%', data).is_none() {
        return Cow::Borrowed(data);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    while let Some((&byte, tail)) = rest.split_first() {
        let escaped = match tail {
            [high, low, ..] if byte == b'%' => hex_value(*high).zip(hex_value(*low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) => {
                out.push(high << 4 | low);
                rest = &tail[2..];
            }
            None => {
                out.push(byte);
                rest = tail;
            }
        }
    }
    Cow::Owned(out)
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

fn strip_prefix_ignore_case<'a>(text: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn trim_spaces_start(text: &[u8]) -> &[u8] {
    let skip = text
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &text[skip..]
}

fn trim_spaces_end(text: &[u8]) -> &[u8] {
    let skip = text
        .iter()
        .rev()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &text[..text.len() - skip]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Option<MapReference> {
        Some(MapReference::Url(text.to_owned()))
    }

    #[test]
    fn finds_a_trailing_line_comment() {
        let bundle = b"console.log(1);\n//# sourceMappingURL=app.js.map\n";
        assert_eq!(find_reference(bundle), url("app.js.map"));
        assert_eq!(
            find_reference(b"f();\r\n//@ sourceMappingURL=old.js.map?v=3#x\r\n"),
            url("old.js.map")
        );
    }

    #[test]
    fn finds_a_css_block_comment() {
        let sheet = b"body{color:red}\n/*# sourceMappingURL=app.css.map */";
        assert_eq!(find_reference(sheet), url("app.css.map"));
        assert_eq!(
            find_reference(b"a{}\n/*# sourceMappingURL=app.css.map*/\n"),
            url("app.css.map")
        );
    }

    #[test]
    fn decodes_an_inline_base64_map() {
        let map = br#"{"version":3,"sources":["a.ts"],"mappings":"AAAA"}"#;
        let encoded = base64::engine::general_purpose::STANDARD.encode(map);
        for header in [
            "application/json;base64",
            "application/json;charset=utf-8;base64",
        ] {
            let bundle = format!("f();\n//# sourceMappingURL=data:{header},{encoded}\n");
            assert_eq!(
                find_reference(bundle.as_bytes()),
                Some(MapReference::Inline(map.to_vec())),
                "{header}"
            );
        }
        let unpadded = encoded.trim_end_matches('=');
        let bundle = format!("f();\n//# sourceMappingURL=data:application/json;base64,{unpadded}");
        assert_eq!(
            find_reference(bundle.as_bytes()),
            Some(MapReference::Inline(map.to_vec()))
        );
    }

    #[test]
    fn decodes_a_percent_encoded_inline_map() {
        let bundle = b"f();\n//# sourceMappingURL=data:application/json,%7B%22version%22%3A3%7D";
        assert_eq!(
            find_reference(bundle),
            Some(MapReference::Inline(br#"{"version":3}"#.to_vec()))
        );
        let not_a_map = b"f();\n//# sourceMappingURL=data:text/plain;base64,aGVsbG8=";
        assert_eq!(find_reference(not_a_map), None);
    }

    #[test]
    fn finds_an_inline_map_far_longer_than_the_tail() {
        let sources_content = "x".repeat(3 * TAIL_LEN);
        let map = format!(r#"{{"version":3,"sourcesContent":["{sources_content}"]}}"#);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&map);
        let bundle = format!(
            "{}\n//# sourceMappingURL=data:application/json;base64,{encoded}\n//# debugId=1\n",
            "f();".repeat(5000)
        );
        assert_eq!(
            find_reference(bundle.as_bytes()),
            Some(MapReference::Inline(map.into_bytes()))
        );
    }

    #[test]
    fn the_last_comment_wins_and_string_literals_are_not_comments() {
        let two = b"//# sourceMappingURL=first.js.map\nf();\n//# sourceMappingURL=second.js.map\n";
        assert_eq!(find_reference(two), url("second.js.map"));
        // Bundler runtime code builds the comment in a string: the quote after the URL (or in
        // place of it) shows it is not a comment, so the real, earlier-in-the-tail one is found.
        let literal = b"//# sourceMappingURL=real.js.map\n\
            var s = '//# sourceMappingURL=' + u; var t = \"//# sourceMappingURL=fake.map\";\n";
        assert_eq!(find_reference(literal), url("real.js.map"));
        let only_literal = b"var t = \"\\n//# sourceMappingURL=fake.map\";\n";
        assert_eq!(find_reference(only_literal), None);
        let trailing_code = b"//# sourceMappingURL=a.map x\n";
        assert_eq!(find_reference(trailing_code), None);
    }

    #[test]
    fn a_comment_far_from_the_end_is_not_searched_for() {
        let bundle = format!(
            "//# sourceMappingURL=early.js.map\n{}",
            "f();\n".repeat(2 * TAIL_LEN)
        );
        assert_eq!(find_reference(bundle.as_bytes()), None);
        let one_line = format!(
            "/*# sourceMappingURL=early.js.map */{}",
            "f(1);".repeat(TAIL_LEN)
        );
        assert_eq!(find_reference(one_line.as_bytes()), None);
        assert_eq!(
            find_reference(&one_line.as_bytes()[..one_line.len() - 4 * TAIL_LEN]),
            url("early.js.map"),
            "the same comment near the end is found"
        );
    }

    #[test]
    fn no_reference_is_none() {
        assert_eq!(find_reference(b""), None);
        assert_eq!(find_reference(b"console.log('sourceMappingURL');\n"), None);
        assert_eq!(find_reference(b"//# sourceMappingURL=\n"), None);
        assert_eq!(find_reference(b"//# sourceMappingURL=?x\n"), None);
    }
}

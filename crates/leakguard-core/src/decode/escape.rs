//! JSON and JavaScript string escapes: a token in a bundle written `ghp\u005f…`, a URL written
//! `https:\/\/user:pass@host` (PHP's `json_encode` escapes every slash), a key spelled in `\x41`
//! escapes.
//!
//! A run is the maximal stretch of bytes around a backslash that holds no whitespace and no
//! unescaped quote, with each `\X` pair read as one unit. That is the string's contents when the
//! string holds no spaces, which covers credentials, and it needs no parse of the file: the
//! scanner cannot know where strings start in a file of unknown type. Escaped quotes do not end a
//! run, so JSON inside JSON (`{\"password\":\"p\u0040ss\"}`) decodes whole, key and all.
//!
//! Only runs with an escape that can hide a secret are decoded (`\uXXXX`, `\u{…}`, `\xXX`, `\/`):
//! every JSON file is full of `\n` and `\"`, and decoding those would double the work on it for
//! nothing.

use super::{hex_digit, Decoded, Decoding, MAX_RUN_LEN};

/// Bytes that end a run: whitespace, NUL, and quotes unless escaped.
static BOUNDARY: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0 => SPACE,
            b'"' | b'\'' | b'`' => QUOTE,
            _ => 0,
        };
        b += 1;
    }
    table
};
/// Ends a run, and cannot be escaped into it.
const SPACE: u8 = 1;
/// Ends a run unless escaped.
const QUOTE: u8 = 2;

/// Appends the escaped runs of `text` that are worth decoding, in order.
pub(super) fn find(text: &[u8], out: &mut Vec<Decoded>) {
    // No run starts before `floor`. Between `floor` and the next backslash there is no other
    // backslash, so every quote met going backwards is unescaped and ends the run; each byte is
    // scanned backwards at most once and forwards at most once.
    let mut floor = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'\\', &text[at..]) {
        let backslash = at + found;
        let mut start = backslash;
        while start > floor && BOUNDARY[usize::from(text[start - 1])] == 0 {
            start -= 1;
        }
        let (end, worth) = run_end(text, backslash);
        floor = end;
        at = end;
        if worth && end - start <= MAX_RUN_LEN {
            out.push(decode(text, start..end));
        }
    }
}

/// Where the run through the backslash at `from` ends, and whether it holds an escape worth
/// decoding.
fn run_end(text: &[u8], from: usize) -> (usize, bool) {
    let mut worth = false;
    let mut i = from;
    while let Some(&b) = text.get(i) {
        if b == b'\\' {
            match text.get(i + 1) {
                Some(&next) if BOUNDARY[usize::from(next)] != SPACE => {
                    worth = worth || hides(text, i);
                    i += 2;
                }
                // Before whitespace or at the end a backslash is literal, and the run ends.
                _ => i += 1,
            }
        } else if BOUNDARY[usize::from(b)] != 0 {
            break;
        } else {
            i += 1;
        }
    }
    (i, worth)
}

/// Whether the escape at `at` is one that can hide part of a secret.
fn hides(text: &[u8], at: usize) -> bool {
    let hex_at = |i: usize| text.get(i).is_some_and(|&b| hex_digit(b).is_some());
    match text.get(at + 1) {
        Some(b'u') if text.get(at + 2) == Some(&b'{') => hex_at(at + 3),
        Some(b'u') => (at + 2..at + 6).all(hex_at),
        Some(b'x') => (at + 2..at + 4).all(hex_at),
        Some(b'/') => true,
        _ => false,
    }
}

/// Decodes every escape in the run at `span`; an unknown or malformed one stays as written.
fn decode(text: &[u8], span: std::ops::Range<usize>) -> Decoded {
    let text = &text[..span.end];
    let mut decoded = Decoded::mapped(Decoding::Escape, span.clone());
    let mut i = span.start;
    while i < text.len() {
        if text[i] != b'\\' {
            let stop = memchr::memchr(b'\\', &text[i..]).map_or(text.len(), |n| i + n);
            for at in i..stop {
                decoded.push(&text[at..=at], at);
            }
            i = stop;
            continue;
        }
        let simple = |byte: u8| Some((char::from(byte), 2));
        let escape = match text.get(i + 1) {
            Some(b'u') => unicode(text, i),
            // JavaScript reads `\xXX` as the code point U+00XX, not as a byte.
            Some(b'x') => match text.get(i + 2..i + 4) {
                Some(&[hi, lo]) => hex_digit(hi)
                    .zip(hex_digit(lo))
                    .map(|(hi, lo)| (char::from(hi << 4 | lo), 4)),
                _ => None,
            },
            Some(&b @ (b'/' | b'\\' | b'"' | b'\'')) => simple(b),
            Some(b'n') => simple(b'\n'),
            Some(b'r') => simple(b'\r'),
            Some(b't') => simple(b'\t'),
            Some(b'b') => simple(0x08),
            Some(b'f') => simple(0x0c),
            Some(b'0') => simple(0),
            _ => None,
        };
        match escape {
            Some((ch, len)) => {
                decoded.push(ch.encode_utf8(&mut [0; 4]).as_bytes(), i);
                i += len;
            }
            None => {
                // The backslash stays; what follows it is read as ordinary text.
                decoded.push(b"\\", i);
                i += 1;
            }
        }
    }
    decoded.finish()
}

/// The character and length of the `\u` escape at `at`: `\uXXXX`, a surrogate pair of two such
/// escapes, or `\u{X…}` (one to six digits). A lone surrogate becomes U+FFFD; a malformed escape
/// gives `None`.
fn unicode(text: &[u8], at: usize) -> Option<(char, usize)> {
    let hex = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |value, &b| {
            Some(value << 4 | u32::from(hex_digit(b)?))
        })
    };
    if text.get(at + 2) == Some(&b'{') {
        let rest = text.get(at + 3..)?;
        let digits = rest.iter().take(7).position(|&b| b == b'}')?;
        if digits == 0 {
            return None;
        }
        let value = hex(&rest[..digits])?;
        if value > 0x10_FFFF {
            return None;
        }
        let ch = char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER);
        return Some((ch, 3 + digits + 1));
    }
    let unit = hex(text.get(at + 2..at + 6)?)?;
    if (0xD800..0xDC00).contains(&unit) && text.get(at + 6..at + 8) == Some(b"\\u") {
        let low = text.get(at + 8..at + 12).and_then(hex);
        if let Some(low @ 0xDC00..=0xDFFF) = low {
            let value = 0x1_0000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            return Some((char::from_u32(value)?, 12));
        }
    }
    Some((
        char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
        6,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_all(text: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        find(text, &mut out);
        out
    }

    fn only(text: &[u8]) -> Decoded {
        let mut found = find_all(text);
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    #[test]
    fn unicode_escape_in_a_json_value_maps_back_exactly() {
        let text = r#"{"key":"ghp\u005fFak3T0kenF0rTest1ng"}"#;
        let d = only(text.as_bytes());
        assert_eq!(d.kind, Decoding::Escape);
        assert_eq!(&text[d.span.clone()], r"ghp\u005fFak3T0kenF0rTest1ng");
        assert_eq!(d.bytes, b"ghp_Fak3T0kenF0rTest1ng");
        assert_eq!(&text[d.source_range(3..4)], r"\u005f");
        assert_eq!(&text[d.source_range(2..5)], r"p\u005fF");
        assert_eq!(d.source_range(0..d.bytes.len()), d.span);
    }

    #[test]
    fn escaped_slashes_in_a_url_decode() {
        let text = r#"  "https:\/\/u:pw@h.example" "#;
        let d = only(text.as_bytes());
        assert_eq!(d.bytes, b"https://u:pw@h.example");
        assert_eq!(&text[d.span.clone()], r"https:\/\/u:pw@h.example");
        let user = 8..12;
        assert_eq!(&d.bytes[user.clone()], b"u:pw");
        assert_eq!(&text[d.source_range(user)], "u:pw");
        assert_eq!(&text[d.source_range(6..7)], r"\/");
    }

    #[test]
    fn hex_escapes_decode_as_code_points() {
        let text = r"s = '\x41\x42'; t = '\xe9'";
        let found = find_all(text.as_bytes());
        assert_eq!(found[0].bytes, b"AB");
        assert_eq!(&text[found[0].source_range(1..2)], r"\x42");
        assert_eq!(found[1].bytes, "é".as_bytes());
        assert_eq!(&text[found[1].source_range(1..2)], r"\xe9");
    }

    #[test]
    fn everyday_json_escapes_are_left_alone() {
        let json =
            br#"{"description": "First line.\nSecond \"quoted\" line,\tand a \\ path\\to\\file.",
"items": ["a\nb", "c\\d"]}"#;
        assert_eq!(find_all(json), []);
    }

    #[test]
    fn every_escape_decodes_once_a_run_is_kept() {
        let text = r#"\/\\\"\'\n\r\t\b\f\0\q\u0041\u{42}"#;
        let d = only(text.as_bytes());
        assert_eq!(d.bytes, b"/\\\"'\n\r\t\x08\x0c\0\\qAB");
        assert_eq!(d.source_range(0..d.bytes.len()), d.span);
    }

    #[test]
    fn escaped_quotes_keep_nested_json_in_one_run() {
        let text = r#""{\"password\":\"p\u0040ss\"}""#;
        let d = only(text.as_bytes());
        assert_eq!(d.bytes, br#"{"password":"p@ss"}"#);
    }

    #[test]
    fn surrogates_pair_up_or_become_replacement_characters() {
        let d = only(br"x\ud83d\ude00y");
        assert_eq!(d.bytes, "x😀y".as_bytes());
        // All four bytes of the emoji map to the whole pair.
        assert_eq!(d.source_range(1..2), 1..13);
        assert_eq!(d.source_range(2..4), 1..13);

        assert_eq!(only(br"\ud83d.").bytes, "\u{FFFD}.".as_bytes());
        assert_eq!(only(br"\ud83d\u0041").bytes, "\u{FFFD}A".as_bytes());
        assert_eq!(only(br"\ude00").bytes, "\u{FFFD}".as_bytes());
        assert_eq!(only(br"\u{D800}").bytes, "\u{FFFD}".as_bytes());
    }

    #[test]
    fn malformed_escapes_stay_as_written_without_panic() {
        assert_eq!(only(br"\/\u12").bytes, br"/\u12");
        assert_eq!(
            only(br"\/\u{}\u{110000}\u{1234567}\u{41").bytes,
            br"/\u{}\u{110000}\u{1234567}\u{41"
        );
        assert_eq!(only(br"\/\x4").bytes, br"/\x4");
        assert_eq!(only(br"\/\").bytes, br"/\");
        assert_eq!(find_all(br"\u12"), []);
        assert_eq!(find_all(b"\\"), []);
    }

    #[test]
    fn a_run_longer_than_the_cap_is_skipped_whole() {
        let mut text = br"\/".repeat(MAX_RUN_LEN / 2 + 1);
        text.extend_from_slice(br" a\/b");
        let found = find_all(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bytes, b"a/b");
    }

    #[test]
    fn whitespace_ends_a_run_and_quotes_end_it_unless_escaped() {
        let text = br#"a\u0041 b "c\x42" d\ e\/"#;
        let found: Vec<_> = find_all(text).into_iter().map(|d| d.bytes).collect();
        assert_eq!(found, [&b"aA"[..], b"cB", b"e/"]);
    }
}

//! Percent-encoded runs: a password in a connection URL (`postgres://admin:p%40ss@db`), a token
//! in a query string or a form body. A run is the maximal stretch of URL characters around a
//! `%XX`, so the decoded bytes keep the URL's scheme and user for the rules that need them.

use super::{hex_digit, Decoded, Decoding, MAX_RUN_LEN};

/// Bytes that may appear in a URL or form body as written in a file: printable ASCII except the
/// quotes, angle brackets, braces, backslash and the like that delimit a URL in code and markup.
/// Whitespace and non-ASCII bytes end a run too.
static URL_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b'!';
    while b <= b'~' {
        table[b as usize] = !matches!(
            b,
            b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\' | b'{' | b'}' | b'|' | b'^'
        );
        b += 1;
    }
    table
};

/// Appends the percent-encoded runs of `text` that are worth decoding, in order.
pub(super) fn find(text: &[u8], out: &mut Vec<Decoded>) {
    // No run starts before `floor`: the text before it has been judged already. Each byte is
    // scanned backwards at most once and forwards at most once, so the search stays linear.
    let mut floor = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'%', &text[at..]) {
        let percent = at + found;
        if escape_at(text, percent).is_none() {
            at = percent + 1;
            continue;
        }
        let mut start = percent;
        while start > floor && URL_BYTE[usize::from(text[start - 1])] {
            start -= 1;
        }
        let end = text[percent..]
            .iter()
            .position(|&b| !URL_BYTE[usize::from(b)])
            .map_or(text.len(), |n| percent + n);
        floor = end;
        at = end;
        if end - start <= MAX_RUN_LEN {
            out.extend(decode(text, start..end));
        }
    }
}

/// The byte that the `%XX` at `at` encodes, if it is one.
fn escape_at(text: &[u8], at: usize) -> Option<u8> {
    match text.get(at..at + 3)? {
        [b'%', hi, lo] => Some(hex_digit(*hi)? << 4 | hex_digit(*lo)?),
        _ => None,
    }
}

/// Decodes the run at `span`, keeping it only if one of its escapes encodes a printable
/// character, whitespace or a non-ASCII byte (a `%02x` in a printf format encodes a control
/// byte, and is no URL) and the decoded bytes are UTF-8. `+` stays as it is: in tokens and
/// passwords it is literal, and a space in a form body hides nothing.
fn decode(text: &[u8], span: std::ops::Range<usize>) -> Option<Decoded> {
    let mut decoded = Decoded::mapped(Decoding::Percent, span.clone());
    let mut meaningful = false;
    let mut i = span.start;
    while i < span.end {
        match escape_at(&text[..span.end], i) {
            Some(byte) => {
                meaningful |=
                    (byte >= b' ' && byte != 0x7f) || matches!(byte, b'\t' | b'\n' | b'\r');
                decoded.push(&[byte], i);
                i += 3;
            }
            None => {
                decoded.push(&text[i..=i], i);
                i += 1;
            }
        }
    }
    (meaningful && std::str::from_utf8(&decoded.bytes).is_ok()).then(|| decoded.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_all(text: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        find(text, &mut out);
        out
    }

    #[test]
    fn password_in_a_connection_url_maps_back_exactly() {
        let text = "url: postgres://admin:p%40ssw0rd%21@db.example.com/app\n";
        let found = find_all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.kind, Decoding::Percent);
        assert_eq!(
            &text[d.span.clone()],
            "postgres://admin:p%40ssw0rd%21@db.example.com/app"
        );
        assert_eq!(d.bytes, b"postgres://admin:p@ssw0rd!@db.example.com/app");
        let password = b"postgres://admin:".len()..b"postgres://admin:p@ssw0rd!".len();
        assert_eq!(&d.bytes[password.clone()], b"p@ssw0rd!");
        assert_eq!(&text[d.source_range(password)], "p%40ssw0rd%21");
        // A byte inside the password maps to its escape alone.
        let at = b"postgres://admin:p".len();
        assert_eq!(&text[d.source_range(at..at + 1)], "%40");
    }

    #[test]
    fn quotes_and_whitespace_end_a_run() {
        let text = br#"fetch("https://h.example/?q=a%20b", {x: 'c%2Fd'}) e%3Df"#;
        let found: Vec<_> = find_all(text).into_iter().map(|d| d.bytes).collect();
        assert_eq!(found, [&b"https://h.example/?q=a b"[..], b"c/d", b"e=f"]);
    }

    #[test]
    fn plus_is_kept_and_multibyte_escapes_decode() {
        let found = find_all(b"q=caf%C3%A9+au+lait");
        assert_eq!(found[0].bytes, "q=café+au+lait".as_bytes());
    }

    #[test]
    fn invalid_or_meaningless_escapes_are_skipped() {
        for text in [
            &b"width: 100%; height: 50%"[..],
            b"printf(\"%02x%02x\", a, b)",
            b"%zz and 100%",
            b"50%ABoff",
            b"broken %c3%28 utf8",
            b"trailing %4",
            b"%",
        ] {
            assert_eq!(find_all(text), [], "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn a_run_longer_than_the_cap_is_skipped_whole() {
        let mut text = b"a%40".repeat(MAX_RUN_LEN / 4 + 1);
        text.extend_from_slice(b" b%40c");
        let found = find_all(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bytes, b"b@c");
    }
}

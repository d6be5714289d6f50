//! Turning file bytes into the text the matcher searches: UTF-16 files (recognised by their byte
//! order mark) are decoded to UTF-8 so that a key saved by a Windows editor is still found, a
//! UTF-8 byte order mark is dropped, and anything else is searched as raw bytes, so invalid UTF-8
//! never hides the valid secrets around it.

use std::borrow::Cow;

/// How many leading bytes are examined for a NUL when deciding whether a file is binary (the same
/// heuristic as git and ripgrep).
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// The encoding a blob was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 or anything else searched as raw bytes.
    Bytes,
    /// UTF-16 little-endian with a byte order mark.
    Utf16Le,
    /// UTF-16 big-endian with a byte order mark.
    Utf16Be,
}

/// The searchable text of `bytes`, and the encoding it was decoded from.
pub fn decode(bytes: &[u8]) -> (Cow<'_, [u8]>, TextEncoding) {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => (
            Cow::Owned(utf16_to_utf8(rest, u16::from_le_bytes)),
            TextEncoding::Utf16Le,
        ),
        [0xFE, 0xFF, rest @ ..] => (
            Cow::Owned(utf16_to_utf8(rest, u16::from_be_bytes)),
            TextEncoding::Utf16Be,
        ),
        [0xEF, 0xBB, 0xBF, rest @ ..] => (Cow::Borrowed(rest), TextEncoding::Bytes),
        _ => (Cow::Borrowed(bytes), TextEncoding::Bytes),
    }
}

/// Whether `bytes` looks binary: a NUL in the first [`BINARY_SNIFF_LEN`] bytes, UTF-16 text aside.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    memchr::memchr(0, head).is_some()
}

/// Unpaired surrogates and a trailing odd byte become U+FFFD rather than errors: the rest of the
/// file is still worth searching.
fn utf16_to_utf8(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Vec<u8> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => unit([*a, *b]),
        _ => 0xFFFD,
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    for ch in char::decode_utf16(units) {
        out.push(ch.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded_and_not_binary() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("key=ghp_1".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(!looks_binary(&le));
        let (text, enc) = decode(&le);
        assert_eq!(enc, TextEncoding::Utf16Le);
        assert_eq!(&*text, b"key=ghp_1");

        let mut be = vec![0xFE, 0xFF];
        be.extend("é".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(&*decode(&be).0, "é".as_bytes());
    }

    #[test]
    fn nul_in_head_is_binary_and_utf8_bom_is_dropped() {
        assert!(looks_binary(b"\x7fELF\0\0"));
        assert!(!looks_binary(b"plain text"));
        assert_eq!(&*decode(b"\xEF\xBB\xBFabc").0, b"abc");
    }

    #[test]
    fn odd_trailing_byte_and_lone_surrogate_become_replacement_characters() {
        let bytes = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b'];
        let (text, _) = decode(&bytes);
        assert_eq!(String::from_utf8_lossy(&text), "a\u{FFFD}\u{FFFD}");
    }
}

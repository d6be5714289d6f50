//! Whether decoded bytes look like text. Base64 is everywhere in a code base (images, hashes,
//! compressed payloads, identifiers that happen to use only its alphabet) and only base64 that
//! decodes to text can hide a credential a rule recognises, so this check is what keeps base64
//! decoding precise: random bytes pass it with odds of about (95/256)^n for n bytes.

/// The share of characters, in percent, that must be printable or `\n`, `\r`, `\t`.
pub(super) const MIN_PRINTABLE_PERCENT: usize = 95;

/// Whether `bytes` is valid UTF-8 without NUL in which at least [`MIN_PRINTABLE_PERCENT`] of
/// the characters are printable or line/tab whitespace. With `truncated`, `bytes` is the head of
/// a longer decoding, and a character cut at the end is not held against it.
pub(super) fn looks_like_text(bytes: &[u8], truncated: bool) -> bool {
    if bytes.is_empty() || memchr::memchr(0, bytes).is_some() {
        return false;
    }
    if bytes.is_ascii() {
        let bad = bytes.iter().filter(|&&b| !printable_ascii(b)).count();
        return enough_printable(bad, bytes.len());
    }
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) if truncated && error.error_len().is_none() => {
            match std::str::from_utf8(&bytes[..error.valid_up_to()]) {
                Ok(text) => text,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    let (mut total, mut bad) = (0, 0);
    for ch in valid.chars() {
        total += 1;
        let printable = match u8::try_from(ch) {
            Ok(b) if b.is_ascii() => printable_ascii(b),
            // C1 controls are as binary as C0 ones; U+FFFD means the encoder saw garbage.
            _ => !ch.is_control() && ch != char::REPLACEMENT_CHARACTER,
        };
        bad += usize::from(!printable);
    }
    total > 0 && enough_printable(bad, total)
}

fn printable_ascii(b: u8) -> bool {
    matches!(b, b' '..=b'~' | b'\n' | b'\r' | b'\t')
}

fn enough_printable(bad: usize, total: usize) -> bool {
    bad * 100 <= total * (100 - MIN_PRINTABLE_PERCENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_unicode_text_pass() {
        assert!(looks_like_text(b"user:hunter2\n", false));
        assert!(looks_like_text("pässwörd → ключ".as_bytes(), false));
    }

    #[test]
    fn binary_fails() {
        assert!(!looks_like_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", false));
        assert!(!looks_like_text(b"abc\0def", false));
        assert!(!looks_like_text(b"\xff\xfe\xfd", false));
        assert!(!looks_like_text(b"", false));
        // One control character in ten is too many.
        assert!(!looks_like_text(b"abcdefghi\x01", false));
        // One in twenty is tolerated.
        assert!(looks_like_text(b"abcdefghijklmnopqrs\x1b", false));
    }

    #[test]
    fn a_character_cut_at_the_end_passes_only_when_truncated() {
        let cut = &"password é".as_bytes()[..10];
        assert!(looks_like_text(cut, true));
        assert!(!looks_like_text(cut, false));
    }
}

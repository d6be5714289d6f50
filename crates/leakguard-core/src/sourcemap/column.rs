//! Columns as source maps count them: in UTF-16 code units, the unit JavaScript strings use, so a
//! byte offset found by the matcher has to be converted before a lookup.

/// The longest UTF-8 character, in bytes.
const MAX_CHAR_LEN: usize = 4;

/// The 0-based UTF-16 column of byte `byte_offset_in_line` in `line_text`.
///
/// Characters above U+FFFF count 2 (a surrogate pair), every other character 1. Each byte of
/// invalid UTF-8 counts 1, as a decoder that replaces it with U+FFFD would see it. An offset
/// inside a character gives that character's column; one past the end counts the whole line.
/// Saturates at `u32::MAX`.
pub(crate) fn utf16_column(line_text: &[u8], byte_offset_in_line: usize) -> u32 {
    let offset = byte_offset_in_line.min(line_text.len());
    // The character holding the offset ends within this window; nothing after it is decoded.
    let window = &line_text[..line_text.len().min(offset.saturating_add(MAX_CHAR_LEN - 1))];
    let mut units = 0_usize;
    let mut pos = 0_usize;
    'chunks: for chunk in window.utf8_chunks() {
        let valid = chunk.valid();
        let before = &valid.as_bytes()[..valid.len().min(offset - pos)];
        if before.is_ascii() {
            // The common case in bundles: ASCII's byte count is its unit count.
            units += before.len();
            pos += before.len();
        } else {
            for c in valid.chars() {
                if pos + c.len_utf8() > offset {
                    break 'chunks;
                }
                units += c.len_utf16();
                pos += c.len_utf8();
            }
        }
        if pos < offset && before.len() == valid.len() {
            let invalid = chunk.invalid().len().min(offset - pos);
            units += invalid;
            pos += invalid;
        }
        if pos >= offset {
            break;
        }
    }
    u32::try_from(units).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_counts_bytes() {
        assert_eq!(utf16_column(b"const key = 1;", 6), 6);
        assert_eq!(utf16_column(b"", 0), 0);
    }

    #[test]
    fn an_astral_character_counts_two_and_a_bmp_one_counts_one() {
        let line = "a\u{1F600}b\u{e9}c".as_bytes(); // a, 😀 (4 bytes), b, é (2 bytes), c
        assert_eq!(utf16_column(line, 1), 1);
        assert_eq!(utf16_column(line, 5), 3, "after the emoji");
        assert_eq!(utf16_column(line, 6), 4, "after b");
        assert_eq!(utf16_column(line, 8), 5, "after é");
        assert_eq!(utf16_column(line, 9), 6);
    }

    #[test]
    fn invalid_bytes_count_one_each_and_offsets_are_clamped() {
        assert_eq!(utf16_column(b"\xFF\xFEab", 3), 3);
        assert_eq!(utf16_column(b"a\xFFb\xFFc", 4), 4);
        assert_eq!(utf16_column(b"ab", 100), 2);
    }

    #[test]
    fn an_offset_inside_a_character_gives_its_column() {
        let line = "x\u{20AC}y".as_bytes(); // x, € (3 bytes), y
        assert_eq!(utf16_column(line, 2), 1);
        assert_eq!(utf16_column(line, 3), 1);
        assert_eq!(utf16_column(line, 4), 2);
        let emoji = "\u{1F600}z".as_bytes();
        assert_eq!(utf16_column(emoji, 3), 0);
        assert_eq!(utf16_column(emoji, 4), 2);
    }
}

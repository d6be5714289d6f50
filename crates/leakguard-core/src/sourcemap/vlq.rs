//! Base64 VLQ, the number encoding of a source map's `mappings`: each Base64 digit carries five
//! bits of the number, least significant first, and a sixth bit saying another digit follows; the
//! lowest bit of the assembled number is the sign.
//!
//! The numbers a map may hold are 32-bit: a number that needs more digits than 32 bits allow is
//! rejected after at most seven digits, so a hostile run of continuation digits costs nothing and
//! nothing overflows.

/// How many Base64 digits a 32-bit number can take: 5 bits each, 35 bits in all.
const MAX_DIGITS: usize = 7;

/// Set in a digit's value when another digit of the same number follows.
const CONTINUATION: u8 = 0b10_0000;

/// Why a VLQ number could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum VlqError {
    /// A byte outside the Base64 alphabet.
    #[error("`{}` is not a Base64 digit", .byte.escape_ascii())]
    InvalidDigit {
        /// The byte found.
        byte: u8,
    },
    /// The segment ended while a digit promised another.
    #[error("a number ends in the middle")]
    Truncated,
    /// The number needs more than 32 bits.
    #[error("a number does not fit in 32 bits")]
    Overflow,
}

/// Reads the VLQ numbers of one segment (the text between `,` and `;`), calling `field` with each.
///
/// Stops at the first error; the numbers read before it have already been handed over.
pub(crate) fn decode_segment(segment: &[u8], mut field: impl FnMut(i32)) -> Result<(), VlqError> {
    let mut pos = 0;
    while pos < segment.len() {
        let (value, used) = decode_one(&segment[pos..])?;
        field(value);
        pos += used;
    }
    Ok(())
}

/// Reads one number from the start of `bytes`: its value and how many bytes it took.
pub(crate) fn decode_one(bytes: &[u8]) -> Result<(i32, usize), VlqError> {
    let mut raw: u64 = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if index == MAX_DIGITS {
            return Err(VlqError::Overflow);
        }
        let digit = digit_value(byte).ok_or(VlqError::InvalidDigit { byte })?;
        raw |= u64::from(digit & !CONTINUATION) << (5 * index);
        if digit & CONTINUATION == 0 {
            return Ok((to_signed(raw)?, index + 1));
        }
    }
    Err(VlqError::Truncated)
}

/// The sign lives in the lowest bit. A set sign on a zero magnitude ("negative zero", `B`) is how
/// encoders write -2^31, the one 32-bit number whose magnitude does not fit in 31 bits.
fn to_signed(raw: u64) -> Result<i32, VlqError> {
    let raw = u32::try_from(raw).map_err(|_| VlqError::Overflow)?;
    let magnitude = i32::try_from(raw >> 1).map_err(|_| VlqError::Overflow)?;
    Ok(match (raw & 1 == 1, magnitude) {
        (true, 0) => i32::MIN,
        (true, m) => -m,
        (false, m) => m,
    })
}

/// The value of a Base64 digit (standard alphabet, the only one the spec allows).
fn digit_value(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<i32, VlqError> {
        let (value, used) = decode_one(text.as_bytes())?;
        assert_eq!(used, text.len(), "`{text}` should be a single number");
        Ok(value)
    }

    #[test]
    fn decodes_known_values() {
        assert_eq!(one("A"), Ok(0));
        assert_eq!(one("C"), Ok(1));
        assert_eq!(one("D"), Ok(-1));
        assert_eq!(one("2H"), Ok(123));
        // g = 32 (continue, 0), k = 36 (continue, 4), E = 4: (4 << 5 | 4 << 10) >> 1 = 2112.
        assert_eq!(one("gkE"), Ok(2112));
        assert_eq!(one("qxmvrH"), Ok(123_456_789));
    }

    #[test]
    fn decodes_the_32_bit_extremes() {
        assert_eq!(one("+/////D"), Ok(i32::MAX));
        assert_eq!(one("B"), Ok(i32::MIN));
        assert_eq!(one("//////D"), Ok(-i32::MAX));
    }

    #[test]
    fn rejects_numbers_beyond_32_bits() {
        // Seven digits with bit 32 set, and eight digits however small.
        assert_eq!(one("gggggggE"), Err(VlqError::Overflow));
        assert_eq!(decode_one(b"ggggggE"), Err(VlqError::Overflow));
        assert_eq!(decode_one(b"ggggggggggggggggA"), Err(VlqError::Overflow));
    }

    #[test]
    fn rejects_truncated_numbers_and_foreign_bytes() {
        assert_eq!(decode_one(b"g"), Err(VlqError::Truncated));
        assert_eq!(decode_one(b""), Err(VlqError::Truncated));
        assert_eq!(
            decode_one(b"g!"),
            Err(VlqError::InvalidDigit { byte: b'!' })
        );
        assert_eq!(decode_one(b"="), Err(VlqError::InvalidDigit { byte: b'=' }));
    }

    #[test]
    fn decodes_every_field_of_a_segment() {
        let mut fields = Vec::new();
        assert_eq!(decode_segment(b"AACAD", |v| fields.push(v)), Ok(()));
        assert_eq!(fields, [0, 0, 1, 0, -1]);
    }
}

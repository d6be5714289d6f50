//! Base64 runs: a Kubernetes Secret's `data:` values, an `.npmrc` `_auth`, HTTP Basic
//! credentials, the parts of a JWT. (`::base64` below is the crate; this module shares its name.)
//!
//! Most of a source file's bytes are in the base64 alphabet, so runs cannot be found by skipping
//! rare bytes. Instead the scan classifies 64 bytes at a time into a bit mask (comparisons that
//! compile to vector instructions) and finds runs of [`MIN_BASE64_LEN`] set bits with a few
//! shifts, so ordinary text costs a handful of instructions per block. Each run is then judged by
//! its character classes (hashes, one-case words), by decoding its head (an image in a data URI
//! fails after 64 characters) and finally by whether all of it decodes to text: only text can
//! hold a credential a rule knows.
//!
//! A run is maximal over both alphabets together (`A-Za-z0-9+/-_`), so an unpadded URL-safe
//! value is found whole. One that fails whole, or mixes `+/` with `-_`, is retried in pieces:
//! split at `-` and `_` (a value behind `MY_TOKEN_`), then at `/` (a value at the end of a URL
//! path). Padding (`=`, `==`) after a run belongs to its span but is never required.

use ::base64::alphabet;
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ::base64::Engine as _;

use super::text::looks_like_text;
use super::{Decoded, Decoding, MAX_RUN_LEN, MIN_BASE64_LEN};
use std::ops::Range;

/// How many characters of a longer run are decoded and checked first, so that embedded binary
/// (an image in a data URI) is rejected before all of it is decoded. A multiple of 4, so the head
/// decodes on its own.
const HEAD_LEN: usize = 64;

// Character classes, one bit each, so a run's classes are the OR of its bytes'.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
/// A letter that is not a hex digit.
const NON_HEX: u8 = 8;
/// `+` or `/`, only in the standard alphabet.
const STANDARD_ONLY: u8 = 16;
/// `-` or `_`, only in the URL-safe alphabet.
const URL_SAFE_ONLY: u8 = 32;

/// The classes of each byte; zero outside both alphabets.
static CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'F' => UPPER,
            b'G'..=b'Z' => UPPER | NON_HEX,
            b'a'..=b'f' => LOWER,
            b'g'..=b'z' => LOWER | NON_HEX,
            b'0'..=b'9' => DIGIT,
            b'+' | b'/' => STANDARD_ONLY,
            b'-' | b'_' => URL_SAFE_ONLY,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Runs are passed without padding, and a run cut from a longer value may end in stray bits.
const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
static STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
static URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);

/// Whether `b` is in either alphabet; the byte-at-a-time form of [`alphabet_bits`].
fn in_alphabet(b: u8) -> bool {
    CLASS[usize::from(b)] != 0
}

/// Every class that occurs in `run`.
fn classes(run: &[u8]) -> u8 {
    run.iter().fold(0, |bits, &b| bits | CLASS[usize::from(b)])
}

/// How many bytes the scan classifies at once: one bit each in a `u64`.
const BLOCK: usize = 64;

/// Appends the base64 runs of `text` that decode to text, in order.
pub(super) fn find(text: &[u8], out: &mut Vec<Decoded>) {
    // The run of alphabet bytes that reaches `pos` starts at `run_start`.
    let mut run_start = 0;
    let mut pos = 0;
    while let Some(block) = text[pos..].first_chunk::<BLOCK>() {
        let bits = alphabet_bits(block);
        if bits == u64::MAX {
            pos += BLOCK;
            continue;
        }
        // The run coming in from earlier blocks ends at the block's first byte outside the
        // alphabet; the one at the block's end goes on into the next block.
        let head = bits.trailing_ones() as usize;
        let tail = bits.leading_ones() as usize;
        if pos + head - run_start >= MIN_BASE64_LEN {
            judge(text, run_start..pos + head, out);
        }
        let inner = bits & (u64::MAX << head) & (u64::MAX >> tail);
        let mut starts = long_run_starts(inner);
        while starts != 0 {
            let start = starts.trailing_zeros() as usize;
            // Below the tail the block holds a byte outside the alphabet, so `end` < 64.
            let end = start + (!(inner >> start)).trailing_zeros() as usize;
            judge(text, pos + start..pos + end, out);
            starts &= u64::MAX << end;
        }
        run_start = pos + BLOCK - tail;
        pos += BLOCK;
    }
    for (i, &b) in text.iter().enumerate().skip(pos) {
        if !in_alphabet(b) {
            if i - run_start >= MIN_BASE64_LEN {
                judge(text, run_start..i, out);
            }
            run_start = i + 1;
        }
    }
    if text.len() - run_start >= MIN_BASE64_LEN {
        judge(text, run_start..text.len(), out);
    }
}

/// Bit `i` is set when `block[i]` is in either alphabet. Written as comparisons rather than
/// [`CLASS`] lookups so that the compiler turns it into vector instructions: this is where the
/// scan of ordinary text spends its time.
fn alphabet_bits(block: &[u8; BLOCK]) -> u64 {
    let mut flags = [0u8; BLOCK];
    for (flag, &b) in flags.iter_mut().zip(block) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit = b.wrapping_sub(b'0') < 10;
        let symbol = b == b'+' || b == b'/' || b == b'-' || b == b'_';
        *flag = u8::from(letter | digit | symbol);
    }
    let mut bits = 0;
    for (i, chunk) in flags.chunks_exact(8).enumerate() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // Gathers the low bit of each of the eight bytes into the top byte, first byte lowest.
        let packed = u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        bits |= packed << (8 * i);
    }
    bits
}

/// Bit `i` is set when bits `i..i + MIN_BASE64_LEN` of `bits` are all set.
fn long_run_starts(bits: u64) -> u64 {
    let mut starts = bits;
    let mut covered = 1;
    while covered < MIN_BASE64_LEN {
        let step = covered.min(MIN_BASE64_LEN - covered);
        starts &= starts >> step;
        covered += step;
    }
    starts
}

/// Decodes the maximal run at `run` if it is text, whole or in pieces.
fn judge(text: &[u8], run: Range<usize>, out: &mut Vec<Decoded>) {
    let mut run = run;
    // After a backslash the first letter belongs to an escape (`\n` in a JSON string).
    if run.start > 0 && text[run.start - 1] == b'\\' {
        run.start += 1;
    }
    if run.len() < MIN_BASE64_LEN || run.len() > MAX_RUN_LEN {
        return;
    }
    let padding = text[run.end..]
        .iter()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let run_end = run.end;
    let padded = |piece: &Range<usize>| if piece.end == run_end { padding } else { 0 };
    let bits = classes(&text[run.clone()]);
    // A piece has no class its run lacks, so a run in one case has no piece worth trying.
    if bits & (UPPER | LOWER) != UPPER | LOWER {
        return;
    }
    let mixed = bits & (STANDARD_ONLY | URL_SAFE_ONLY) == STANDARD_ONLY | URL_SAFE_ONLY;
    if !mixed && decode(text, run.clone(), bits, padding, out) {
        return;
    }
    let path_parts = |piece: Range<usize>, out: &mut Vec<Decoded>| {
        for part in pieces(piece.clone(), text, |b| b == b'/') {
            if part != piece {
                let bits = classes(&text[part.clone()]);
                decode(text, part.clone(), bits, padded(&part), out);
            }
        }
    };
    if bits & URL_SAFE_ONLY != 0 {
        for piece in pieces(run.clone(), text, |b| b == b'-' || b == b'_') {
            let bits = classes(&text[piece.clone()]);
            if !decode(text, piece.clone(), bits, padded(&piece), out) && bits & STANDARD_ONLY != 0
            {
                path_parts(piece, out);
            }
        }
    } else if bits & STANDARD_ONLY != 0 {
        path_parts(run, out);
    }
}

/// The sub-ranges of `run` between bytes that `split` accepts, at least [`MIN_BASE64_LEN`] long.
fn pieces(
    run: Range<usize>,
    text: &[u8],
    split: fn(u8) -> bool,
) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = run.start;
    std::iter::from_fn(move || {
        while at < run.end {
            let start = at;
            let end = text[start..run.end]
                .iter()
                .position(|&b| split(b))
                .map_or(run.end, |n| start + n);
            at = end + 1;
            if end - start >= MIN_BASE64_LEN {
                return Some(start..end);
            }
        }
        None
    })
}

/// Decodes `run` (characters `bits`, followed by `padding` `=`) and appends it if it is text.
fn decode(
    text: &[u8],
    run: Range<usize>,
    bits: u8,
    padding: usize,
    out: &mut Vec<Decoded>,
) -> bool {
    // Hashes and ids are hex; words and constants are one case. Base64 of text has both cases.
    if bits & UPPER == 0
        || bits & LOWER == 0
        || bits & (NON_HEX | STANDARD_ONLY | URL_SAFE_ONLY) == 0
    {
        return false;
    }
    let chars = &text[run.clone()];
    // One character past a whole group encodes no complete byte; it is dropped.
    let chars = &chars[..chars.len() - usize::from(chars.len() % 4 == 1)];
    if !starts_like_text(chars) {
        return false;
    }
    let engine = if bits & URL_SAFE_ONLY != 0 {
        &URL_SAFE
    } else {
        &STANDARD
    };
    // The head is decoded on the stack: most runs fail here, and allocate nothing.
    let head_len = chars.len().min(HEAD_LEN);
    let mut head = [0; HEAD_LEN / 4 * 3];
    let Ok(n) = engine.decode_slice(&chars[..head_len], &mut head) else {
        return false;
    };
    let whole = head_len == chars.len();
    if !looks_like_text(&head[..n], !whole) {
        return false;
    }
    let bytes = if whole {
        head[..n].to_vec()
    } else {
        match engine.decode(chars) {
            Ok(bytes) if looks_like_text(&bytes, false) => bytes,
            _ => return false,
        }
    };
    out.push(Decoded {
        kind: Decoding::Base64,
        span: run.start..run.end + padding,
        bytes,
        offsets: Vec::new(),
    });
    true
}

/// Whether the first decoded byte of `chars` (at least two characters) can start text: a
/// printable ASCII character or a UTF-8 lead byte. This settles most identifiers and paths
/// (`getElementById` decodes to 0x81 first) before the decoder is called at all.
fn starts_like_text(chars: &[u8]) -> bool {
    let sextet = |b: u8| match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        _ => 63,
    };
    match chars {
        [a, b, ..] => matches!(
            sextet(*a) << 2 | sextet(*b) >> 4,
            b' '..=b'~' | b'\t' | b'\n' | b'\r' | 0xC2..=0xF4
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::base64::engine::general_purpose::{STANDARD as ENCODE, URL_SAFE_NO_PAD as ENCODE_URL};

    fn find_all(text: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        find(text, &mut out);
        out
    }

    fn decoded(text: &str) -> Vec<Vec<u8>> {
        find_all(text.as_bytes())
            .into_iter()
            .map(|d| d.bytes)
            .collect()
    }

    /// A fake credential: the shape of one, no real secret.
    const FAKE: &str = "admin:Fak3-Passw0rd-For-Tests";

    #[test]
    fn npmrc_auth_decodes_and_maps_groups() {
        let encoded = ENCODE.encode(FAKE);
        let text = format!("_auth={encoded}\nalways-auth=true\n");
        let found = find_all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.bytes, FAKE.as_bytes());
        assert_eq!(&text[d.span.clone()], encoded);
        // Bytes 6..11 ("Fak3-") lie in groups 2 and 3 (bytes 6..12).
        assert_eq!(d.source_range(6..11), d.span.start + 8..d.span.start + 16);
        assert_eq!(d.source_range(0..1), d.span.start..d.span.start + 4);
        assert_eq!(d.source_range(0..d.bytes.len()), d.span);
    }

    #[test]
    fn url_safe_and_unpadded_values_decode() {
        // Bytes chosen so the URL-safe encoding uses `-` and `_`.
        let value = "url-safe?>>>~~~ value";
        let url = ENCODE_URL.encode(value);
        assert!(url.contains(['-', '_']), "{url}");
        assert_eq!(decoded(&format!("t: {url}\n")), [value.as_bytes()]);
        let unpadded = ENCODE.encode(FAKE).trim_end_matches('=').to_owned();
        assert_eq!(decoded(&format!("\"{unpadded}\"")), [FAKE.as_bytes()]);
    }

    #[test]
    fn jwt_segments_that_are_json_decode_and_the_signature_does_not() {
        let header = ENCODE_URL.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = ENCODE_URL.encode(r#"{"sub":"1234567890","name":"Test User"}"#);
        let signature = ENCODE_URL.encode([
            0x9b, 0x13, 0xfe, 0x00, 0x42, 0xc7, 0x88, 0x01, 0xee, 0x7f, 0x3a, 0xd0, 0x11, 0x5c,
            0xf0, 0x81, 0x9e, 0x02,
        ]);
        let found = decoded(&format!("Bearer {header}.{payload}.{signature}"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].starts_with(br#"{"sub""#));
    }

    #[test]
    fn binary_payloads_are_skipped() {
        let png = [
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 0x0d, b'I', b'H', b'D',
            b'R', 0, 0, 1, 0,
        ];
        let mut image = png.to_vec();
        image.extend((0..3000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        let uri = format!(
            "<img src=\"data:image/png;base64,{}\">",
            ENCODE.encode(&image)
        );
        assert_eq!(decoded(&uri), Vec::<Vec<u8>>::new());
        let random: Vec<u8> = (0..48u32)
            .map(|i| (i.wrapping_mul(2_246_822_519) >> 7) as u8)
            .collect();
        assert_eq!(decoded(&ENCODE.encode(random)), Vec::<Vec<u8>>::new());
    }

    #[test]
    fn hashes_identifiers_and_paths_are_skipped() {
        for text in [
            "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "\"integrity\": \"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15\"",
            "document.getElementByIdAndSomethingElseEntirely(x)",
            "const transformedRequestConfigurationOptions = {};",
            "import Button from 'src/components/very/long/path/Button';",
            "import { x } from '@scope/package-name/dist/esm/internal/utilities';",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 abcdefghijklmnopqrstuvwxyz0123456789",
            "AKIAFAKEFAKEFAKE1234 ghp_Fak3T0kenF0rTest1ngOnlyAbCdEfGh0123",
            "aGVsbG8gd29ybGQ=",
        ] {
            assert_eq!(decoded(text), Vec::<Vec<u8>>::new(), "{text}");
        }
    }

    #[test]
    fn a_value_behind_a_prefix_or_in_a_url_path_is_found_in_pieces() {
        let encoded = ENCODE.encode(FAKE).trim_end_matches('=').to_owned();
        let text = format!("MY_TOKEN_{encoded} https://h.example/api/v1/{encoded}?x=1");
        let found = find_all(text.as_bytes());
        assert_eq!(found.len(), 2, "{found:?}");
        for d in &found {
            assert_eq!(&text[d.span.clone()], encoded);
            assert_eq!(d.bytes, FAKE.as_bytes());
        }
    }

    #[test]
    fn an_escape_letter_before_a_value_is_not_part_of_it() {
        let encoded = ENCODE.encode(FAKE);
        let text = format!(r#""lines": "first\n{encoded}""#);
        assert_eq!(decoded(&text), [FAKE.as_bytes()]);
    }

    #[test]
    fn a_stray_last_character_is_dropped() {
        let encoded = ENCODE.encode("exactly-fifteen");
        assert_eq!(encoded.len(), 20);
        let text = format!(" {encoded}Q ");
        let found = find_all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].bytes, b"exactly-fifteen");
        assert_eq!(&text[found[0].span.clone()], format!("{encoded}Q"));
    }

    #[test]
    fn long_text_decodes_and_overlong_runs_are_skipped() {
        let config = "[default]\nuser = deploy\npassword = Fak3-Passw0rd\n".repeat(20);
        let encoded = ENCODE.encode(&config);
        assert!(encoded.len() > HEAD_LEN);
        assert_eq!(decoded(&encoded), [config.as_bytes()]);

        let huge = ENCODE.encode("k=v\n".repeat(MAX_RUN_LEN / 4 + 4));
        assert!(huge.len() > MAX_RUN_LEN);
        assert_eq!(decoded(&huge), Vec::<Vec<u8>>::new());
    }

    #[test]
    fn the_block_classifier_agrees_with_the_class_table() {
        for first in (0..=255u8).step_by(BLOCK) {
            let block: [u8; BLOCK] = std::array::from_fn(|i| first.wrapping_add(i as u8));
            let bits = alphabet_bits(&block);
            for (i, &b) in block.iter().enumerate() {
                assert_eq!((bits >> i) & 1 == 1, in_alphabet(b), "byte {b:#04x}");
            }
        }
        assert_eq!(long_run_starts(u64::MAX >> 44), 1);
        assert_eq!(long_run_starts(u64::MAX >> 45), 0);
        assert_eq!(long_run_starts((0b111 << 61) | ((1 << 21) - 1)), 0b11);
    }

    #[test]
    fn the_block_scan_judges_the_same_runs_as_a_byte_by_byte_scan() {
        let encoded = ENCODE.encode(FAKE);
        let pieces: [&[u8]; 8] = [
            encoded.as_bytes(),
            b" ",
            b"\n",
            b"abcdefghij",
            b"Zm9vYmFy",
            b"==",
            b"-",
            b"\xff",
        ];
        let mut seed = 0x853c_49e6_748f_ea9b_u64;
        for _ in 0..2000 {
            let mut text = Vec::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut choices = seed;
            while choices > 7 {
                text.extend_from_slice(pieces[(choices % 8) as usize]);
                choices /= 8;
            }
            let mut expected = Vec::new();
            let mut run_start = 0;
            for i in 0..=text.len() {
                if text.get(i).is_none_or(|&b| !in_alphabet(b)) {
                    if i - run_start >= MIN_BASE64_LEN {
                        judge(&text, run_start..i, &mut expected);
                    }
                    run_start = i + 1;
                }
            }
            assert_eq!(
                find_all(&text),
                expected,
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn runs_at_the_edges_of_the_text_are_found() {
        let encoded = ENCODE.encode(FAKE);
        assert_eq!(decoded(&encoded), [FAKE.as_bytes()]);
        assert_eq!(decoded(&format!("{encoded}\n{encoded}")).len(), 2);
    }
}

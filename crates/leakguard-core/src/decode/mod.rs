//! Encoded text inside a blob (base64, percent-encoding, JSON/JS string escapes), found and
//! decoded so the matcher can search it again: a Kubernetes Secret's `data:` values, an `.npmrc`
//! `_auth`, a `p%40ss` in a connection URL, a `ghp\u005f…` in a bundle.
//!
//! This runs on every blob the scanner reads, so finding runs must cost almost nothing on
//! ordinary text: percent and escape runs start only at a `%` or `\` found by memchr, and base64
//! runs are found by classifying 64 bytes at a time into a bit mask (about 2 GB/s over source
//! text in 64 KiB blobs, on one core of a modest machine). Each run is then judged cheaply, and
//! kept only where decoding can reveal something the raw text hides: base64 that decodes to
//! text, a real `%XX` escape, a string escape other than the everyday `\n` and `\"`.
//!
//! The caller searches each [`Decoded`]'s bytes with every rule, reports a hit at
//! [`Decoded::source_range`] in the file, and calls [`find_encoded`] again on decoded bytes
//! (bounded in depth) for nested encodings. Runs of different kinds may overlap (an escaped URL
//! with a `%40` in it is both); each is reported, and the caller's dedup sees one position.

mod base64;
mod escape;
mod percent;
mod text;

use std::ops::Range;

/// The shortest base64 run decoded, in characters: the base64 of a 15-byte value. Shorter runs
/// are mostly words, and too short to hold a credential worth a rule.
pub(crate) const MIN_BASE64_LEN: usize = 20;

/// The longest run decoded, in bytes of encoded text; longer runs are skipped. Secrets are
/// short, and a megabyte-long run is an embedded file (an image in a data URI) that would cost
/// more to decode and search than it could reveal. It also keeps offsets within a `u32`.
pub(crate) const MAX_RUN_LEN: usize = 1 << 20;

/// Which decoding revealed a value; reported with the finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Decoding {
    /// Standard or URL-safe base64, padded or not.
    Base64,
    /// URL percent-encoding (`%40`).
    Percent,
    /// JSON and JavaScript string escapes (`\u005f`, `\x2F`, `\/`).
    Escape,
}

impl Decoding {
    /// The name used in reports, the same as the serialized form.
    pub fn as_str(self) -> &'static str {
        match self {
            Decoding::Base64 => "base64",
            Decoding::Percent => "percent",
            Decoding::Escape => "escape",
        }
    }
}

/// One encoded run found in a text, with its decoded bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub(crate) kind: Decoding,
    /// The encoded run's byte range in the searched text.
    pub(crate) span: Range<usize>,
    /// The decoded bytes.
    pub(crate) bytes: Vec<u8>,
    /// For percent and escape runs, where each decoded byte's encoding starts, relative to
    /// `span.start`, followed by the span's length; empty for base64, whose mapping is
    /// arithmetic. Bytes of one multi-byte character decoded from one escape share an offset.
    offsets: Vec<u32>,
}

impl Decoded {
    /// An empty run of `kind` at `span`, filled by [`Decoded::push`] and closed by
    /// [`Decoded::finish`]; for the kinds with an offsets table.
    fn mapped(kind: Decoding, span: Range<usize>) -> Decoded {
        let capacity = span.len() + 1;
        Decoded {
            kind,
            span,
            bytes: Vec::with_capacity(capacity),
            offsets: Vec::with_capacity(capacity),
        }
    }

    /// Appends `bytes`, all encoded by the text starting at `at` (an absolute offset inside
    /// the span).
    fn push(&mut self, bytes: &[u8], at: usize) {
        // Runs are capped at MAX_RUN_LEN, so the relative offset always fits.
        let relative = u32::try_from(at - self.span.start).unwrap_or(u32::MAX);
        self.bytes.extend_from_slice(bytes);
        self.offsets
            .extend(std::iter::repeat_n(relative, bytes.len()));
    }

    /// Adds the end sentinel, so every decoded byte has a "next offset".
    fn finish(mut self) -> Decoded {
        let len = u32::try_from(self.span.len()).unwrap_or(u32::MAX);
        self.offsets.push(len);
        self
    }

    /// The range of the searched text that encodes `decoded` (a byte range of `self.bytes`);
    /// always inside `self.span`. Exact for percent and escape decoding; for base64, the
    /// 4-character groups that hold those bytes. An empty range maps to an empty range where
    /// its position is encoded; a range past the end is clamped.
    pub(crate) fn source_range(&self, decoded: Range<usize>) -> Range<usize> {
        let len = self.bytes.len();
        let start = decoded.start.min(len);
        let end = decoded.end.min(len).max(start);
        let span = &self.span;
        match self.kind {
            Decoding::Base64 => {
                let group = |i: usize| span.start.saturating_add(i / 3 * 4).min(span.end);
                let from = group(start);
                if end == start {
                    return from..from;
                }
                from..group(end - 1).saturating_add(4).min(span.end)
            }
            Decoding::Percent | Decoding::Escape => {
                let offset = |i: usize| self.offsets.get(i).map_or(span.len(), |&o| o as usize);
                let from = span.start + offset(start).min(span.len());
                if end == start {
                    return from..from;
                }
                // The encoding of byte `end - 1` ends where the next different offset begins
                // (a multi-byte character from one escape shares one offset).
                let last = offset(end - 1);
                let to = self.offsets[end.min(self.offsets.len())..]
                    .iter()
                    .map(|&o| o as usize)
                    .find(|&o| o != last)
                    .unwrap_or(span.len());
                from..span.start + to.min(span.len())
            }
        }
    }
}

/// The value of an ASCII hex digit; shared by the `%XX`, `\xXX` and `\uXXXX` decoders.
fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Finds the encoded runs in `text` that are worth decoding and appends them, decoded, to `out`
/// in order of position (span start, then end, then kind). Never panics, whatever the bytes.
pub(crate) fn find_encoded(text: &[u8], out: &mut Vec<Decoded>) {
    let first = out.len();
    percent::find(text, out);
    escape::find(text, out);
    base64::find(text, out);
    // Each finder appends in position order; the stable sort merges the three lists.
    out[first..].sort_by_key(|d| (d.span.start, d.span.end, d.kind));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::XorShift;

    fn find(text: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        find_encoded(text, &mut out);
        out
    }

    /// A fake GitHub token: the right shape, no real credential.
    const FAKE_TOKEN: &str = "ghp_Fak3T0kenF0rTest1ngOnlyAbCdEfGh0123";

    #[test]
    fn kubernetes_secret_value_is_decoded_with_its_span() {
        use ::base64::Engine as _;
        let encoded = ::base64::engine::general_purpose::STANDARD.encode(FAKE_TOKEN);
        let manifest = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: github\ntype: Opaque\n\
             data:\n  token: {encoded}\n"
        );
        let found = find(manifest.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.kind, Decoding::Base64);
        assert_eq!(&manifest[d.span.clone()], encoded);
        assert_eq!(d.bytes, FAKE_TOKEN.as_bytes());
        assert_eq!(d.source_range(0..d.bytes.len()), d.span);
    }

    #[test]
    fn runs_of_all_kinds_come_out_in_position_order() {
        let text = br#"a=dXNlcjpodW50ZXIyLXNlY3JldA== b="p\u0040ss" c=https://u:p%40ss@h.example"#;
        let found = find(text);
        let kinds: Vec<_> = found.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [Decoding::Base64, Decoding::Escape, Decoding::Percent],
            "{found:?}"
        );
        assert_eq!(found[0].bytes, b"user:hunter2-secret");
        assert_eq!(found[1].bytes, b"p@ss");
        assert_eq!(found[2].bytes, b"c=https://u:p@ss@h.example");
    }

    #[test]
    fn appends_after_what_out_already_holds() {
        let mut out = find(b"x=p%40ss");
        find_encoded(b"y=q%40rr", &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].bytes, b"x=p@ss");
        assert_eq!(out[1].bytes, b"y=q@rr");
    }

    #[test]
    fn decoding_names_match_their_serialized_form() {
        for kind in [Decoding::Base64, Decoding::Percent, Decoding::Escape] {
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn source_range_clamps_and_maps_empty_ranges() {
        let found = find(b"k=p%40ss");
        let d = &found[0];
        assert_eq!(d.source_range(3..3), 3..3);
        assert_eq!(d.source_range(3..100), 3..8);
        assert_eq!(d.source_range(100..200), 8..8);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = d.source_range(4..2);
        assert_eq!(backwards, 6..6);
    }

    /// Random text built from fragments that exercise every decoder's edge cases.
    fn random_text(rng: &mut XorShift) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"%",
            b"%4",
            b"%41",
            b"%e2%82%ac",
            b"%ff",
            b"%0",
            b"\\",
            b"\\u",
            b"\\u00",
            b"\\u0041",
            b"\\ud83d",
            b"\\ude00",
            b"\\u{",
            b"\\u{1F600}",
            b"\\u{110000}",
            b"\\x4",
            b"\\x41",
            b"\\xe9",
            b"\\/",
            b"\\\\",
            b"\\\"",
            b"\\n",
            b"\"",
            b"'",
            b" ",
            b"\n",
            b"=",
            b"==",
            b"QUJD",
            b"ZGVm",
            b"Z2hp",
            b"amts",
            b"bW5v",
            b"+/",
            b"-_",
            b"dXNlcjpwYXNzd29yZA",
            b"\0",
            b"\xff\xfe",
            b"\xe2\x82",
            b"abc",
            b"/",
            b":",
            b"@",
        ];
        let mut text = Vec::new();
        for _ in 0..rng.below(40) {
            if rng.below(4) == 0 {
                text.push(rng.next() as u8);
            } else {
                text.extend_from_slice(PIECES[rng.below(PIECES.len())]);
            }
        }
        text
    }

    #[test]
    fn random_inputs_give_bounded_ordered_spans_and_source_ranges() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut seen = [0usize; 3];
        for _ in 0..5000 {
            let text = random_text(&mut rng);
            let found = find(&text);
            let mut previous = 0;
            for d in &found {
                seen[d.kind as usize] += 1;
                assert!(
                    d.span.start < d.span.end && d.span.end <= text.len(),
                    "{d:?}"
                );
                assert!(d.span.start >= previous, "out of order: {found:?}");
                previous = d.span.start;
                assert!(!d.bytes.is_empty());
                if d.kind != Decoding::Base64 {
                    assert_eq!(d.source_range(0..d.bytes.len()), d.span, "{d:?}");
                }
                for _ in 0..8 {
                    let a = rng.below(d.bytes.len() + 2);
                    let b = a + rng.below(d.bytes.len() + 2);
                    let r = d.source_range(a..b);
                    assert!(
                        d.span.start <= r.start && r.start <= r.end && r.end <= d.span.end,
                        "{a}..{b} -> {r:?} outside {d:?}"
                    );
                    if a < b && a < d.bytes.len() {
                        assert!(!r.is_empty(), "{a}..{b} -> {r:?} in {d:?}");
                    }
                }
            }
        }
        // The generator must reach every decoder, or the test proves nothing.
        assert!(seen.iter().all(|&n| n > 50), "runs per kind: {seen:?}");
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        let mut text = vec![0u8; 1 << 16];
        for byte in &mut text {
            *byte = rng.next() as u8;
        }
        find(&text);
        // Bytes drawn only from the base64 alphabet: long runs, almost all rejected.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=%\\";
        for byte in &mut text {
            *byte = alphabet[rng.below(alphabet.len())];
        }
        find(&text);
    }

    /// Throughput over 50 MB of generated source-like text, searched in 64 KiB blobs as a scan
    /// of files would; run with `cargo test --release -p leakguard-core --lib
    /// decode::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn throughput() {
        // Ordinary text: long identifiers, paths, a hash, `\n` and `\"`, a percentage.
        let ordinary: &[u8] = br#"import { Button } from "../components/very/long/path/Button";
export function getElementByIdAndSomething(documentElement, identifier) {
  return documentElement.querySelectorAll(`[data-id="${identifier}"]`).length > 0;
}
  - name: registry
    image: "registry.example.com/team/service-name:1.2.3"
    resources: { limits: { cpu: "500m", memory: "256Mi" } }
{"integrity":"sha512-3f9a1c0e4b7d2a6f8e5c1b0d9a7f3e2c4b6d8a0f1e3c5b7d9f0a2c4e6b8d0f1a3c"}
    "description": "Returns the list of items.\nUse \"limit\" to page.",
def render_template(self, template_name, context=None, width="100%"):
    return self.environment.get_template(template_name).render(**(context or {}))
"#;
        // One line of each encoding every 32 ordinary samples (about 25 KB).
        let encoded: &[u8] =
            br#"  url: "https:\/\/api.example.com\/v1" db: "postgres://app:p%40ss@db.internal/app"
auth: dXNlcjpodW50ZXIyLXNlY3JldA==
"#;
        let mut text = Vec::new();
        for sample in 0.. {
            if text.len() >= 50 << 20 {
                break;
            }
            text.extend_from_slice(ordinary);
            if sample % 32 == 31 {
                text.extend_from_slice(encoded);
            }
        }
        let mut out = Vec::new();
        let mut best = f64::MAX;
        for _ in 0..3 {
            out.clear();
            let start = std::time::Instant::now();
            for blob in text.chunks(64 << 10) {
                find_encoded(blob, &mut out);
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        eprintln!(
            "{:.0} MB/s over {} MB, {} runs",
            text.len() as f64 / 1e6 / best,
            text.len() >> 20,
            out.len()
        );
    }
}

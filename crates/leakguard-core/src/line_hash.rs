//! The line fingerprint GitHub code scanning gives a result (`primaryLocationLineHash`), computed
//! the way GitHub's SARIF upload computes it from the checked-out file: a rolling hash over the
//! first 100 characters from each line's start, spaces and tabs skipped, line endings folded to
//! `\n`, characters counted as UTF-16 code units, and a `:n` suffix numbering repeated hashes.
//!
//! Computing it here, from the blob's own bytes, lets code scanning match results across runs
//! even for findings in history whose file is absent from the checkout.

use std::collections::HashMap;

const BLOCK: usize = 100;
const MOD: i64 = 37;
/// What the upload appends after the last character (its end-of-file marker).
const END: i64 = 65535;

/// The fingerprint of each 1-based line in `wanted`, keyed by line.
pub(crate) fn line_hashes(text: &str, wanted: &[usize]) -> HashMap<usize, String> {
    let mut hasher = RollingHash::new();
    let mut prev_cr = false;
    for unit in text.encode_utf16() {
        let unit = i64::from(unit);
        let (space, tab, lf, cr) = (i64::from(b' '), i64::from(b'\t'), 10, 13);
        if unit == space || unit == tab || (prev_cr && unit == lf) {
            prev_cr = false;
            continue;
        }
        prev_cr = unit == cr;
        hasher.push(if unit == cr { lf } else { unit });
    }
    hasher.push(END);
    hasher.flush();
    hasher
        .hashes
        .into_iter()
        .filter(|(line, _)| wanted.contains(line))
        .collect()
}

struct RollingHash {
    window: [i64; BLOCK],
    line_at: [Option<usize>; BLOCK],
    index: usize,
    hash: i64,
    first_mod: i64,
    line: usize,
    line_start: bool,
    counts: HashMap<u64, usize>,
    hashes: HashMap<usize, String>,
}

impl RollingHash {
    fn new() -> RollingHash {
        let first_mod = (0..BLOCK).fold(1i64, |m, _| m.wrapping_mul(MOD));
        RollingHash {
            window: [0; BLOCK],
            line_at: [None; BLOCK],
            index: 0,
            hash: 0,
            first_mod,
            line: 0,
            line_start: true,
            counts: HashMap::new(),
            hashes: HashMap::new(),
        }
    }

    fn push(&mut self, unit: i64) {
        self.emit_if_due();
        if self.line_start {
            self.line_start = false;
            self.line += 1;
            self.line_at[self.index] = Some(self.line);
        }
        if unit == 10 {
            self.line_start = true;
        }
        self.update(unit);
    }

    fn flush(&mut self) {
        for _ in 0..BLOCK {
            self.emit_if_due();
            self.update(0);
        }
    }

    fn update(&mut self, unit: i64) {
        let leaving = self.window[self.index];
        self.window[self.index] = unit;
        self.hash = MOD
            .wrapping_mul(self.hash)
            .wrapping_add(unit)
            .wrapping_sub(self.first_mod.wrapping_mul(leaving));
        self.index = (self.index + 1) % BLOCK;
    }

    /// A full window after a line's first character: that line's hash is ready.
    fn emit_if_due(&mut self) {
        if let Some(line) = self.line_at[self.index].take() {
            let value = self.hash as u64;
            let count = self.counts.entry(value).or_insert(0);
            *count += 1;
            self.hashes.insert(line, format!("{value:x}:{count}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_lines_are_numbered_and_whitespace_does_not_count() {
        let hashes = line_hashes("a\nb\na\nb\n", &[1, 2, 3, 4]);
        // Line 3's window runs into the end of the file sooner than line 1's: different hashes.
        assert_eq!(hashes.len(), 4);
        let indented = line_hashes("  x = 1\n", &[1]);
        let plain = line_hashes("x=1\n", &[1]);
        assert_eq!(indented[&1], plain[&1]);
        let crlf = line_hashes("x=1\r\n", &[1]);
        assert_eq!(crlf[&1], plain[&1]);
        assert!(plain[&1].ends_with(":1"));
    }

    #[test]
    fn repeated_content_gets_increasing_suffixes() {
        let text = "same\n".repeat(300);
        let hashes = line_hashes(&text, &[1, 2, 3]);
        assert_eq!(hashes[&1].split(':').next(), hashes[&2].split(':').next());
        assert!(hashes[&1].ends_with(":1") && hashes[&2].ends_with(":2"));
    }
}

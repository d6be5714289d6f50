//! Byte offsets to lines and columns. Lines are 1-based and split at `\n` (so CRLF files count
//! right); columns are 1-based and count Unicode scalar values (an invalid UTF-8 byte counts as
//! one), which is what SARIF calls `unicodeCodePoints`. End columns are exclusive.

use serde::{Deserialize, Serialize};

/// Where a finding's secret sits in its blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// First line, 1-based.
    pub start_line: usize,
    /// First column, 1-based, in Unicode scalar values.
    pub start_column: usize,
    /// Last line, 1-based.
    pub end_line: usize,
    /// Column just past the secret's last character, 1-based.
    pub end_column: usize,
    /// Byte offset of the secret's start in the searched text.
    pub start_byte: usize,
    /// Byte offset just past the secret.
    pub end_byte: usize,
}

/// Line starts of one blob, computed once and shared by all its findings.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The byte offset where the line holding `offset` starts, and its 1-based number.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        (self.starts[line - 1], line)
    }

    /// The byte range of the 1-based `line`, without its line terminator.
    pub fn line_range(&self, text: &[u8], line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        if end > start && text[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The location of `start..end` in `text`.
    pub fn locate(&self, text: &[u8], start: usize, end: usize) -> Location {
        let (start_line_at, start_line) = self.line_of(start);
        let (end_line_at, end_line) = self.line_of(end.saturating_sub(1).max(start));
        Location {
            start_line,
            start_column: chars(&text[start_line_at..start]) + 1,
            end_line,
            end_column: chars(&text[end_line_at..end]) + 1,
            start_byte: start,
            end_byte: end,
        }
    }
}

/// Unicode scalar values in `bytes`: every byte that is not a UTF-8 continuation byte.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_multibyte_text_locate_right() {
        let text = "a\r\nxé key\r\n".as_bytes();
        let index = LineIndex::new(text);
        let start = text.windows(3).position(|w| w == b"key").expect("present");
        let loc = index.locate(text, start, start + 3);
        assert_eq!(
            (
                loc.start_line,
                loc.start_column,
                loc.end_line,
                loc.end_column
            ),
            (2, 4, 2, 7)
        );
        assert_eq!(&text[index.line_range(text, 2)], "xé key".as_bytes());
    }

    #[test]
    fn multi_line_span_ends_on_its_last_line() {
        let text = b"k=-----BEGIN\nabc\n-----END\n";
        let index = LineIndex::new(text);
        let loc = index.locate(text, 2, 25);
        assert_eq!(
            (
                loc.start_line,
                loc.start_column,
                loc.end_line,
                loc.end_column
            ),
            (1, 3, 3, 9)
        );
    }
}

//! Standard input of any length (a CI log, a database dump piped through), searched in windows so
//! memory stays bounded by the window, not by the input.
//!
//! Each window starts at a line start and overlaps the previous one by [`OVERLAP`] bytes, more
//! than any secret a rule matches, so a secret cut by one window's end lies whole in the next.
//! A finding is kept from the window where it starts before the overlap that the next window
//! repeats; positions are moved to the stream's own lines and bytes. Rules that look at a whole
//! file (committed `.env` files, file-wide scopes) see one window at a time.

use std::io::Read;

use super::Worker;
use crate::{DiagnosticKind, Origin};

/// Bytes held and searched at once.
pub(crate) const WINDOW: usize = 16 << 20;
/// Bytes each window repeats of the one before.
pub(crate) const OVERLAP: usize = 1 << 20;

impl Worker<'_> {
    /// Reads `reader` to its end and searches it window by window. Input that fits one window
    /// (or is an archive, which must be whole to be opened) is scanned as one blob.
    pub(crate) fn scan_stream(&mut self, mut reader: impl Read, origin: Origin) {
        let mut buffer = Vec::with_capacity(WINDOW.min(1 << 20));
        let mut ended = match fill(&mut reader, &mut buffer, WINDOW) {
            Ok(ended) => ended,
            Err(e) => return self.diagnose(origin.display_path(), DiagnosticKind::unreadable(e)),
        };
        if ended {
            return self.scan_blob(&buffer, origin);
        }
        if self.archive_kind(&buffer).is_some() {
            // An archive cannot be opened a window at a time: read it whole, within the limit.
            return self.scan_reader(std::io::Cursor::new(buffer).chain(reader), origin);
        }
        if self.skips_binary(&buffer) {
            self.batch.stats.skipped_binary += 1;
            return;
        }
        let (files_before, bytes_before) = (
            self.batch.stats.files_scanned,
            self.batch.stats.bytes_scanned,
        );
        let mut base = 0usize;
        let mut lines_before = 0usize;
        loop {
            let carry = if ended {
                buffer.len()
            } else {
                carry_start(&buffer)
            };
            let first = self.batch.findings.len();
            let first_suppressed = self.batch.suppressed.len();
            self.scan_blob(&buffer, origin.clone());
            for list in [
                (&mut self.batch.findings, first),
                (&mut self.batch.suppressed, first_suppressed),
            ] {
                let (findings, from) = list;
                let mut at = from;
                while at < findings.len() {
                    if findings[at].location.start_byte >= carry {
                        // In the overlap: the next window finds it whole.
                        findings.swap_remove(at);
                        continue;
                    }
                    let location = &mut findings[at].location;
                    location.start_byte += base;
                    location.end_byte += base;
                    location.start_line += lines_before;
                    location.end_line += lines_before;
                    at += 1;
                }
            }
            if ended {
                break;
            }
            lines_before += buffer[..carry].iter().filter(|&&b| b == b'\n').count();
            base += carry;
            buffer.drain(..carry);
            ended = match fill(&mut reader, &mut buffer, WINDOW) {
                Ok(ended) => ended,
                Err(e) => {
                    return self.diagnose(origin.display_path(), DiagnosticKind::unreadable(e))
                }
            };
        }
        // One input, counted once, its overlaps not twice.
        self.batch.stats.files_scanned = files_before + 1;
        self.batch.stats.bytes_scanned = bytes_before + (base + buffer.len()) as u64;
    }
}

/// Where the next window starts: the start of the line holding the byte `OVERLAP` before the
/// end, or exactly there in a line longer than the overlap.
fn carry_start(buffer: &[u8]) -> usize {
    let at = buffer.len().saturating_sub(OVERLAP);
    match buffer[..at].iter().rposition(|&b| b == b'\n') {
        Some(newline) if at - newline <= OVERLAP => newline + 1,
        _ => at,
    }
}

/// Reads until `buffer` holds `size` bytes or the input ends; returns whether it ended.
fn fill(reader: &mut impl Read, buffer: &mut Vec<u8>, size: usize) -> std::io::Result<bool> {
    let wanted = size.saturating_sub(buffer.len()) as u64;
    let read = reader.by_ref().take(wanted).read_to_end(buffer)?;
    Ok((read as u64) < wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_restart_at_a_line_start_before_the_overlap() {
        let mut buffer = vec![b'a'; WINDOW];
        let newline = WINDOW - OVERLAP - 10;
        buffer[newline] = b'\n';
        assert_eq!(carry_start(&buffer), newline + 1);
        let long_line = vec![b'a'; WINDOW];
        assert_eq!(carry_start(&long_line), WINDOW - OVERLAP);
    }
}

//! Zstandard streams of any number of frames. `ruzstd`'s streaming decoder reads one frame, but
//! a `.zst` may hold several (`pzstd` writes one per chunk, `cat a.zst b.zst` is valid) and
//! skippable frames of metadata, as the `zstd` command accepts.
//!
//! The decoder refuses windows over `ruzstd`'s default limit (128 MiB, the reference decoder's
//! default too) and holds back one window of output until the frame ends, so that much may be
//! decoded before the guard above sees it.

use std::io::{self, BufRead, Read};

use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};

/// Decodes the frames of `source` one after another, one block at a time.
pub(super) struct Frames<R> {
    source: R,
    decoder: FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> Frames<R> {
    pub(super) fn new(source: R) -> Self {
        Frames {
            source,
            decoder: FrameDecoder::new(),
            in_frame: false,
        }
    }

    /// Starts the next frame, skipping skippable ones: false at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        loop {
            if self.source.fill_buf()?.is_empty() {
                return Ok(false);
            }
            match self.decoder.init(&mut self.source) {
                Ok(()) => return Ok(true),
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let length = u64::from(length);
                    let skipped = io::copy(&mut (&mut self.source).take(length), &mut io::sink())?;
                    if skipped < length {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "zstd skippable frame cut short",
                        ));
                    }
                }
                Err(error) => return Err(invalid(error)),
            }
        }
    }
}

impl<R: BufRead> Read for Frames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.in_frame {
                if !self.next_frame()? {
                    return Ok(0);
                }
                self.in_frame = true;
            }
            let n = self.decoder.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if self.decoder.is_finished() {
                self.in_frame = false;
                continue;
            }
            // Every call takes at least a block header from the source or fails, so this
            // loop ends with the input.
            self.decoder
                .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBlocks(1))
                .map_err(invalid)?;
        }
    }
}

fn invalid(error: FrameDecoderError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::fixtures;

    fn decode(bytes: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        Frames::new(bytes).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn one_frame_decodes() {
        let text = b"frame one ".repeat(1000);
        assert_eq!(decode(&fixtures::zst(&text)).expect("valid"), text);
    }

    #[test]
    fn concatenated_and_skippable_frames_decode_as_one_stream() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&0x184D_2A50u32.to_le_bytes());
        bytes.extend_from_slice(&3u32.to_le_bytes());
        bytes.extend_from_slice(b"meta");
        bytes.truncate(bytes.len() - 1);
        bytes.extend_from_slice(&fixtures::zst(b"first, "));
        bytes.extend_from_slice(&fixtures::zst(b"second"));
        assert_eq!(decode(&bytes).expect("valid"), b"first, second");
    }

    #[test]
    fn an_empty_input_is_an_empty_stream() {
        assert_eq!(decode(b"").expect("valid"), b"");
    }

    #[test]
    fn garbage_and_cut_frames_are_errors() {
        let frame = fixtures::zst(&b"abcdefgh".repeat(100));
        assert!(decode(&frame[..frame.len() - 3]).is_err());
        let mut trailing = frame.clone();
        trailing.extend_from_slice(b"junk");
        assert!(decode(&trailing).is_err());
        let mut skip = 0x184D_2A5Fu32.to_le_bytes().to_vec();
        skip.extend_from_slice(&100u32.to_le_bytes());
        assert!(decode(&skip).is_err());
    }
}

//! The readers that enforce the limits while bytes flow, so that no decision ever rests on what
//! a header declares: [`Counting`] sits under a decoder and counts the compressed bytes it
//! takes, [`Guard`] sits over it and stops it when its output outruns the ratio or the budget.

use std::cell::Cell;
use std::io::{self, BufRead, Read, Seek, SeekFrom};

use super::limits::{Budget, RATIO_FLOOR};

/// Counts the bytes a decoder takes from its input into a cell that the [`Guard`] over the
/// same decoder reads. The cell, not a field, because the decoder owns this reader.
pub(super) struct Counting<'c, R> {
    inner: R,
    count: &'c Cell<u64>,
}

impl<'c, R> Counting<'c, R> {
    pub(super) fn new(inner: R, count: &'c Cell<u64>) -> Self {
        Counting { inner, count }
    }

    fn add(&self, n: usize) {
        self.count.set(
            self.count
                .get()
                .saturating_add(u64::try_from(n).unwrap_or(u64::MAX)),
        );
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.add(n);
        Ok(n)
    }
}

/// Buffered decoders take bytes by `consume`, which is what they really used: counting there
/// rather than at `fill_buf` keeps read-ahead out of the ratio.
impl<R: BufRead> BufRead for Counting<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.add(amt);
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Which limit a [`Guard`] stopped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trip {
    /// Output passed [`RATIO_FLOOR`] and the ratio limit.
    Ratio,
    /// The budget's bytes ran out.
    Bytes,
}

/// The error a [`Guard`] fails reads with. Readers above it (tar, zip) may wrap or reword
/// errors, so the trip is also recorded in a cell that the caller consults first.
#[derive(Debug, thiserror::Error)]
#[error("archive limit reached ({0:?})")]
struct LimitReached(Trip);

/// Passes a decoder's output through, spending it from the budget and, when given the
/// decoder's input count, checking its ratio. Once tripped it fails every later read, so a
/// reader that retries cannot get past it.
pub(super) struct Guard<'g, R> {
    inner: R,
    produced: u64,
    ratio: Option<(u64, &'g Cell<u64>)>,
    budget: &'g Budget,
    trip: &'g Cell<Option<Trip>>,
}

impl<'g, R> Guard<'g, R> {
    /// `ratio` is the ratio limit and the count of input the decoder has taken; `None` for
    /// bytes that are not decompressed (a plain tar).
    pub(super) fn new(
        inner: R,
        ratio: Option<(u64, &'g Cell<u64>)>,
        budget: &'g Budget,
        trip: &'g Cell<Option<Trip>>,
    ) -> Self {
        Guard {
            inner,
            produced: 0,
            ratio,
            budget,
            trip,
        }
    }

    fn stop(&self, trip: Trip) -> io::Error {
        self.trip.set(Some(trip));
        io::Error::other(LimitReached(trip))
    }
}

impl<R: Read> Read for Guard<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(trip) = self.trip.get() {
            return Err(self.stop(trip));
        }
        let n = self.inner.read(buf)?;
        let n64 = u64::try_from(n).unwrap_or(u64::MAX);
        self.produced = self.produced.saturating_add(n64);
        // The budget first: when both run out, the exhaustion must be the one reported, since
        // it stops everything and the loops above only see the budget's flag.
        if !self.budget.take_bytes(n64) {
            return Err(self.stop(Trip::Bytes));
        }
        if let Some((max_ratio, consumed)) = self.ratio {
            if self.produced > RATIO_FLOOR
                && self.produced > max_ratio.saturating_mul(consumed.get())
            {
                return Err(self.stop(Trip::Ratio));
            }
        }
        Ok(n)
    }
}

/// Reads until `out` holds `len` bytes or the reader ends.
pub(super) fn fill(reader: &mut dyn Read, len: usize, out: &mut Vec<u8>) -> io::Result<()> {
    let room = len.saturating_sub(out.len());
    read_into(reader, u64::try_from(room).unwrap_or(u64::MAX), out)
}

/// Reads `reader` to its end into `out` (which may already hold its first bytes), keeping no
/// more than `cap + 1` bytes in all: `Ok(true)` when it fit in `cap`. Allocation follows what
/// was actually read, never a declared size.
pub(super) fn read_capped(reader: &mut dyn Read, cap: u64, out: &mut Vec<u8>) -> io::Result<bool> {
    let held = u64::try_from(out.len()).unwrap_or(u64::MAX);
    read_into(reader, cap.saturating_add(1).saturating_sub(held), out)?;
    Ok(u64::try_from(out.len()).unwrap_or(u64::MAX) <= cap)
}

fn read_into(reader: &mut dyn Read, mut room: u64, out: &mut Vec<u8>) -> io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    while room > 0 {
        let want = usize::try_from(room).map_or(chunk.len(), |r| r.min(chunk.len()));
        let n = match reader.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        out.extend_from_slice(&chunk[..n]);
        room = room.saturating_sub(u64::try_from(n).unwrap_or(u64::MAX));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::limits::ArchiveLimits;

    fn budget(max_total_bytes: u64) -> Budget {
        Budget::new(&ArchiveLimits {
            max_total_bytes,
            ..ArchiveLimits::default()
        })
    }

    #[test]
    fn counting_counts_reads_and_consumes_but_not_read_ahead() {
        let count = Cell::new(0);
        let mut input = Counting::new(&b"0123456789"[..], &count);
        let mut four = [0u8; 4];
        input.read_exact(&mut four).expect("in memory");
        assert_eq!(count.get(), 4);
        assert_eq!(input.fill_buf().expect("in memory").len(), 6);
        assert_eq!(count.get(), 4);
        input.consume(2);
        assert_eq!(count.get(), 6);
    }

    #[test]
    fn read_capped_says_whether_the_input_fit() {
        let mut out = Vec::new();
        assert!(read_capped(&mut &b"abc"[..], 3, &mut out).expect("in memory"));
        assert_eq!(out, b"abc");
        let mut out = b"ab".to_vec();
        assert!(!read_capped(&mut &b"cdef"[..], 3, &mut out).expect("in memory"));
        assert_eq!(out, b"abcd", "at most cap + 1 bytes are kept");
    }

    #[test]
    fn fill_stops_at_the_length_or_the_end() {
        let mut out = Vec::new();
        fill(&mut &b"abcdef"[..], 4, &mut out).expect("in memory");
        assert_eq!(out, b"abcd");
        let mut out = Vec::new();
        fill(&mut &b"ab"[..], 4, &mut out).expect("in memory");
        assert_eq!(out, b"ab");
    }

    #[test]
    fn guard_spends_the_budget_and_stays_stopped() {
        let budget = budget(5);
        let trip = Cell::new(None);
        let mut guard = Guard::new(&b"0123456789"[..], None, &budget, &trip);
        let mut out = Vec::new();
        assert!(read_capped(&mut guard, 100, &mut out).is_err());
        assert_eq!(trip.get(), Some(Trip::Bytes));
        assert!(budget.is_exhausted());
        assert!(guard.read(&mut [0u8; 4]).is_err());
    }

    #[test]
    fn guard_allows_any_ratio_below_the_floor_and_stops_above_it() {
        let budget = budget(u64::MAX);
        let zeros = vec![0u8; 3 * RATIO_FLOOR as usize];
        let consumed = Cell::new(1);

        let trip = Cell::new(None);
        let mut guard = Guard::new(
            &zeros[..RATIO_FLOOR as usize],
            Some((100, &consumed)),
            &budget,
            &trip,
        );
        let mut out = Vec::new();
        assert!(read_capped(&mut guard, u64::MAX, &mut out).is_ok());
        assert_eq!(trip.get(), None);

        let trip = Cell::new(None);
        let mut guard = Guard::new(&zeros[..], Some((100, &consumed)), &budget, &trip);
        let mut out = Vec::new();
        assert!(read_capped(&mut guard, u64::MAX, &mut out).is_err());
        assert_eq!(trip.get(), Some(Trip::Ratio));
        assert!(!budget.is_exhausted());

        let trip = Cell::new(None);
        consumed.set(RATIO_FLOOR);
        let mut guard = Guard::new(&zeros[..], Some((100, &consumed)), &budget, &trip);
        let mut out = Vec::new();
        assert!(
            read_capped(&mut guard, u64::MAX, &mut out).is_ok(),
            "3:1 is fine"
        );
    }
}

//! Archives expanded for scanning: zip (and jar, war, apk, whl, docx…), tar, and the single-stream
//! compressors gzip, bzip2, xz and zstd, nested inside one another.
//!
//! Keys leak in a jar committed years ago, a `docker save` tarball, a wheel. The caller hands over
//! a blob's bytes; [`expand`] reports every regular file inside, with the chain of entry names
//! that leads to it, and every problem on the way. Input is hostile (bombs, headers that lie,
//! corrupt data, encrypted entries, names like `../../etc/passwd`), so:
//!
//! - Nothing is written to disk, ever: entry names are only names, reported as given.
//! - Every limit is enforced on bytes actually produced, never on what a header declares:
//!   [`guard`] counts a decoder's input and output as they flow.
//! - Depth, entries and bytes are one [`Budget`] for the whole nest of a top-level archive, and
//!   at most one entry per nesting level is held in memory at a time; tar is read as a stream,
//!   so a `.tar.gz` is never decompressed whole.
//! - A problem is reported and expansion goes on with the next entry where it can; running out
//!   of budget is reported once and stops everything.

mod compressed;
#[cfg(test)]
mod fixtures;
mod guard;
mod limits;
mod tar;
mod zip;
mod zstd;

use std::io;
use std::panic::{self, AssertUnwindSafe};

use guard::Trip;

use limits::Budget;
pub use limits::{ArchiveLimits, ArchiveProblem, MAX_ARCHIVE_DEPTH};

/// The kinds of container recognised, by magic bytes rather than by name: a `.jar` is a zip, a
/// `.docx` too, and a `.tgz` is gzip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArchiveKind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

/// How many leading bytes [`detect`] needs to see everything it looks at (a tar header).
pub(crate) const DETECT_LEN: usize = 512;

/// The container kind of bytes starting with `head` (the first [`DETECT_LEN`] bytes, or all of a
/// shorter blob), or `None`.
///
/// Gzip needs its method byte too (`1F 8B 08`; deflate is the only method gzip defines), since two
/// bytes alone would match one binary file in 65,536. Tar is recognised by `ustar` at offset 257
/// (POSIX and GNU), or as an old v7 header by a valid header checksum over the first 512 bytes.
pub(crate) fn detect(head: &[u8]) -> Option<ArchiveKind> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(ArchiveKind::Zip)
    } else if head.starts_with(&[0x1F, 0x8B, 0x08]) {
        Some(ArchiveKind::Gzip)
    } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|d| (b'1'..=b'9').contains(d)) {
        Some(ArchiveKind::Bzip2)
    } else if head.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0x00]) {
        Some(ArchiveKind::Xz)
    } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Some(ArchiveKind::Zstd)
    } else if tar::is_header(head) {
        Some(ArchiveKind::Tar)
    } else {
        None
    }
}

/// What expansion reports to the caller, in archive order.
#[derive(Debug)]
pub(crate) enum ArchiveEvent<'a> {
    /// A regular file: `path` is the chain of entry names from the outermost archive inward
    /// (e.g. `["lib/app.jar", "com/x/Config.properties"]`); `bytes` its content.
    File { path: &'a [String], bytes: &'a [u8] },
    /// A problem; `path` names the entry chain where it happened (empty: the top-level archive
    /// itself). Expansion goes on with the next entry where it can.
    Problem {
        path: &'a [String],
        problem: ArchiveProblem,
    },
}

/// Expands the archive `bytes` of kind `kind`, recursing into nested archives up to
/// `limits.max_depth`, and passes every regular file and every problem to `visit`.
///
/// `name` is the blob's file name; it only names the content of a single compressed stream
/// (`notes.txt.gz` holds `notes.txt`, see [`compressed`]). Each entry is held in memory whole
/// while it is scanned or expanded, so it is bounded by `max_entry_size` as well as by the
/// remaining budget; at most one entry per nesting level is held at a time.
///
/// A `max_depth` of 0 means archive scanning is off: nothing is reported; one above
/// [`MAX_ARCHIVE_DEPTH`] is taken as that, so that nesting cannot exhaust the stack. Should a
/// decoder panic on malformed data, the panic is caught, reported as corruption of the entry
/// being read, and the expansion ends there, so that one bad archive cannot end a scan; a panic
/// in `visit` itself is passed on.
pub(crate) fn expand(
    kind: ArchiveKind,
    bytes: &[u8],
    name: &str,
    limits: &ArchiveLimits,
    max_entry_size: u64,
    visit: &mut dyn FnMut(ArchiveEvent<'_>),
) {
    if limits.max_depth == 0 {
        return;
    }
    let limits = ArchiveLimits {
        max_depth: limits.max_depth.min(MAX_ARCHIVE_DEPTH),
        ..*limits
    };
    let budget = Budget::new(&limits);
    let mut expander = Expander {
        limits,
        max_entry_size,
        budget: &budget,
        path: Vec::new(),
        visit,
        in_visit: false,
    };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        expander.archive(kind, bytes, name, 1);
    }));
    if let Err(payload) = outcome {
        if expander.in_visit {
            panic::resume_unwind(payload);
        }
        expander.problem(caught_panic());
    }
}

/// What a panic caught in a decoder is reported as.
fn caught_panic() -> ArchiveProblem {
    ArchiveProblem::Corrupt {
        reason: "the decoder failed on malformed data".to_string(),
    }
}

/// The state of one top-level expansion: the limits, the shared budget, and the entry chain
/// from the outermost archive to the entry being read.
struct Expander<'b, 'v> {
    limits: ArchiveLimits,
    max_entry_size: u64,
    /// A shared reference, so that a stream's reader can hold it while the entries read from
    /// that stream are expanded through `&mut self`.
    budget: &'b Budget,
    path: Vec<String>,
    visit: &'v mut dyn FnMut(ArchiveEvent<'_>),
    /// Whether control is inside `visit`, to tell the caller's panics from the decoders'.
    in_visit: bool,
}

impl Expander<'_, '_> {
    /// Expands the in-memory archive `bytes`, itself at nesting `depth`. `name` is its entry
    /// name (or the blob's name at the top).
    fn archive(&mut self, kind: ArchiveKind, bytes: &[u8], name: &str, depth: u32) {
        match kind {
            ArchiveKind::Zip => zip::expand(self, bytes, depth),
            ArchiveKind::Tar => tar::expand_bytes(self, bytes, depth),
            ArchiveKind::Gzip | ArchiveKind::Bzip2 | ArchiveKind::Xz | ArchiveKind::Zstd => {
                compressed::expand(self, kind, bytes, name, depth);
            }
        }
    }

    /// Handles the complete content of the current entry (the last name on the path) of an
    /// archive at `depth`: a nested archive is expanded one level down, or refused beyond the
    /// depth limit, and is never reported as a file (it is binary); anything else is a file.
    fn entry(&mut self, bytes: &[u8], depth: u32) {
        let Some(kind) = detect(bytes.get(..DETECT_LEN).unwrap_or(bytes)) else {
            self.file(bytes);
            return;
        };
        if depth >= self.limits.max_depth {
            self.problem(ArchiveProblem::TooDeep {
                limit: self.limits.max_depth,
            });
            return;
        }
        let name = self.path.last().cloned().unwrap_or_default();
        self.archive(kind, bytes, &name, depth + 1);
    }

    fn file(&mut self, bytes: &[u8]) {
        self.in_visit = true;
        (self.visit)(ArchiveEvent::File {
            path: &self.path,
            bytes,
        });
        self.in_visit = false;
    }

    /// Reports `problem` at the current path.
    fn problem(&mut self, problem: ArchiveProblem) {
        self.in_visit = true;
        (self.visit)(ArchiveEvent::Problem {
            path: &self.path,
            problem,
        });
        self.in_visit = false;
    }

    /// Reports that the budget ran out, once for the whole expansion.
    fn exhausted(&mut self, problem: ArchiveProblem) {
        if self.budget.first_report() {
            self.problem(problem);
        }
    }

    /// Spends one entry of the budget; when none is left, reports it (at the current path,
    /// which is the archive's) and returns false.
    fn take_entry(&mut self) -> bool {
        if self.budget.take_entry() {
            return true;
        }
        self.exhausted(ArchiveProblem::TooManyEntries {
            limit: self.limits.max_entries,
        });
        false
    }

    fn too_many_bytes(&self) -> ArchiveProblem {
        ArchiveProblem::TooManyBytes {
            limit: self.limits.max_total_bytes,
        }
    }

    /// Reports why reading a stream (a decompressor, a tar) failed: the limit its guard
    /// tripped, or else corruption. Either way the stream is over.
    fn stream_failed(&mut self, error: &io::Error, trip: Option<Trip>) {
        match trip {
            Some(Trip::Bytes) => {
                let problem = self.too_many_bytes();
                self.exhausted(problem);
            }
            Some(Trip::Ratio) => self.problem(ArchiveProblem::RatioExceeded {
                limit: self.limits.max_ratio,
            }),
            None => self.problem(ArchiveProblem::Corrupt {
                reason: error.to_string(),
            }),
        }
    }

    fn stopped(&self) -> bool {
        self.budget.is_exhausted()
    }

    /// Runs `f` with `name` pushed on the path.
    fn within<T>(&mut self, name: String, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(name);
        let out = f(self);
        self.path.pop();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{self, run, run_with, Event};
    use super::*;

    #[test]
    fn detect_recognises_each_magic() {
        let cases: [(&[u8], ArchiveKind); 7] = [
            (b"PK\x03\x04rest", ArchiveKind::Zip),
            (b"PK\x05\x06\0\0", ArchiveKind::Zip),
            (&[0x1F, 0x8B, 0x08, 0x00], ArchiveKind::Gzip),
            (b"BZh91AY&SY", ArchiveKind::Bzip2),
            (&[0xFD, b'7', b'z', b'X', b'Z', 0x00, 0x00], ArchiveKind::Xz),
            (&[0x28, 0xB5, 0x2F, 0xFD, 0x00], ArchiveKind::Zstd),
            (&fixtures::tar(&[("a.txt", b"x")]), ArchiveKind::Tar),
        ];
        for (head, kind) in cases {
            assert_eq!(detect(head), Some(kind), "{head:?}");
        }
    }

    #[test]
    fn detect_refuses_lookalikes_and_short_input() {
        for head in [
            &b""[..],
            b"P",
            b"PK",
            b"PK\x01\x02",
            &[0x1F, 0x8B],
            &[0x1F, 0x8B, 0x07],
            b"BZh",
            b"BZh0",
            b"plain text that is long enough to be anything at all",
            &[0u8; 512],
            &[b' '; 1024],
        ] {
            assert_eq!(detect(head), None, "{head:?}");
        }
    }

    #[test]
    fn a_jar_in_a_tar_gz_in_a_zip_gives_a_chain_of_three_names() {
        let jar = fixtures::zip(&[("com/x/Config.properties", b"db.password=fake-not-real")]);
        let tar_gz = fixtures::gz(&fixtures::tar(&[
            ("app/README", b"hello"),
            ("app/lib.jar", &jar),
        ]));
        let outer = fixtures::zip(&[("lib/bundle.tar.gz", &tar_gz)]);
        assert_eq!(
            run(&outer, "outer.zip"),
            [
                Event::file(&["lib/bundle.tar.gz", "app/README"], b"hello"),
                Event::file(
                    &[
                        "lib/bundle.tar.gz",
                        "app/lib.jar",
                        "com/x/Config.properties"
                    ],
                    b"db.password=fake-not-real"
                ),
            ]
        );
    }

    #[test]
    fn nesting_beyond_the_depth_limit_is_refused_and_not_reported_as_a_file() {
        let inner = fixtures::zip(&[("deep.txt", b"too deep")]);
        let middle = fixtures::zip(&[("inner.zip", &inner), ("mid.txt", b"mid")]);
        let outer = fixtures::zip(&[("middle.zip", &middle)]);
        let limits = ArchiveLimits {
            max_depth: 2,
            ..ArchiveLimits::default()
        };
        assert_eq!(
            run_with(&outer, "outer.zip", &limits, u64::MAX),
            [
                Event::problem(
                    &["middle.zip", "inner.zip"],
                    ArchiveProblem::TooDeep { limit: 2 }
                ),
                Event::file(&["middle.zip", "mid.txt"], b"mid"),
            ]
        );
    }

    #[test]
    fn depth_zero_turns_archives_off() {
        let zip = fixtures::zip(&[("a.txt", b"a")]);
        let limits = ArchiveLimits {
            max_depth: 0,
            ..ArchiveLimits::default()
        };
        assert!(run_with(&zip, "a.zip", &limits, u64::MAX).is_empty());
    }

    /// A 42.zip in small: 4 copies of 4 copies of 4 copies of a 2 MiB entry of zeros, 128 MiB in
    /// all from a few KiB. With the ratio limit out of the way, the byte budget stops it once.
    #[test]
    fn a_nest_of_copies_runs_out_of_bytes_once_and_stops() {
        let leaf = fixtures::zip(&[("zeros.bin", &vec![0u8; 2 << 20])]);
        let copies = |inner: &[u8]| {
            let names = ["0.zip", "1.zip", "2.zip", "3.zip"];
            let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, inner)).collect();
            fixtures::zip(&entries)
        };
        let bomb = copies(&copies(&copies(&leaf)));
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        let limits = ArchiveLimits {
            max_depth: 5,
            max_total_bytes: 16 << 20,
            max_ratio: 1 << 20,
            ..ArchiveLimits::default()
        };
        let events = run_with(&bomb, "42.zip", &limits, u64::MAX);
        let problems: Vec<&Event> = events.iter().filter(|e| e.is_problem()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(matches!(
            events.last(),
            Some(Event::Problem(_, ArchiveProblem::TooManyBytes { limit })) if *limit == 16 << 20
        ));
        assert!(events.len() < 12, "{}", events.len());
    }

    #[test]
    fn the_entry_budget_covers_nested_archives_too() {
        let inner = fixtures::zip(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let outer = fixtures::zip(&[("one.zip", &inner), ("two.zip", &inner)]);
        let limits = ArchiveLimits {
            max_entries: 6,
            ..ArchiveLimits::default()
        };
        let events = run_with(&outer, "outer.zip", &limits, u64::MAX);
        // one.zip, a, b, c, two.zip, a: six entries; b of two.zip is the seventh.
        assert_eq!(events.len(), 5, "{events:?}");
        assert_eq!(
            events[4],
            Event::problem(&["two.zip"], ArchiveProblem::TooManyEntries { limit: 6 })
        );
    }

    #[test]
    fn a_panic_in_the_visitor_is_not_swallowed() {
        let zip = fixtures::zip(&[("a.txt", b"a")]);
        let outcome = panic::catch_unwind(|| {
            expand(
                ArchiveKind::Zip,
                &zip,
                "a.zip",
                &ArchiveLimits::default(),
                u64::MAX,
                &mut |_| panic!("the visitor's own bug"),
            );
        });
        assert!(outcome.is_err());
    }

    /// Mutated archives must never panic, hang or allocate beyond the limits.
    #[test]
    fn mutated_archives_never_panic() {
        let text = b"token = \"fake-0123456789abcdef\"\n".repeat(40);
        let tar = fixtures::tar(&[("dir/a.txt", &text), ("dir/b.txt", b"short")]);
        let seeds = [
            fixtures::zip(&[("a.txt", &text), ("b/c.txt", b"short")]),
            fixtures::zip_stored(&[("a.txt", &text)]),
            fixtures::gz(&tar),
            fixtures::gz(&text),
            fixtures::bz2(&tar),
            fixtures::zst(&tar),
            tar.clone(),
        ];
        let limits = ArchiveLimits {
            max_total_bytes: 64 << 20,
            ..ArchiveLimits::default()
        };
        let mut rng = crate::test_rng::XorShift(0x9E37_79B9_7F4A_7C15);
        let started = std::time::Instant::now();
        for round in 0..5000 {
            let seed = &seeds[round % seeds.len()];
            let mut bytes = seed.clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len());
                match rng.below(4) {
                    0 => bytes[at] ^= 1 << rng.below(8),
                    1 => bytes[at] = rng.next() as u8,
                    2 => bytes.truncate(at),
                    _ => bytes.insert(at, rng.next() as u8),
                }
                if bytes.is_empty() {
                    bytes.push(0);
                }
            }
            if let Some(kind) = detect(bytes.get(..DETECT_LEN).unwrap_or(&bytes)) {
                let mut total = 0usize;
                expand(
                    kind,
                    &bytes,
                    "fuzz",
                    &limits,
                    1 << 20,
                    &mut |event| match event {
                        ArchiveEvent::File { bytes, .. } => total += bytes.len(),
                        ArchiveEvent::Problem { problem, .. } => {
                            assert_ne!(problem, caught_panic(), "a decoder panicked on {bytes:?}");
                        }
                    },
                );
                assert!(total <= 64 << 20);
            }
        }
        assert!(started.elapsed().as_secs() < 120, "{:?}", started.elapsed());
    }
}

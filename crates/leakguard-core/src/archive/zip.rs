//! Zip and its kin (jar, war, apk, whl, docx…), read from memory through the central directory.
//!
//! A zip is its central directory: when that cannot be read the archive is corrupt and nothing
//! is read, but a damaged, encrypted or unsupported entry is reported and the next one read.
//! Sizes in the headers are hints the `zip` crate checks (it fails an entry that outgrows its
//! declared size, and checks the CRC at the end); this module never allocates by them.

use std::cell::Cell;
use std::io::{self, Cursor};

use ::zip::result::ZipError;
use ::zip::{CompressionMethod, ZipArchive, SUPPORTED_COMPRESSION_METHODS};

use super::guard::{read_capped, Counting, Guard, Trip};
use super::{ArchiveProblem, Expander};

type Archive<'a, 'c> = ZipArchive<Counting<'c, Cursor<&'a [u8]>>>;

/// What reading one entry came to, short of its bytes.
enum Unread {
    Problem(ArchiveProblem),
    /// The budget ran out: stop everything.
    Exhausted,
}

/// Expands the zip `bytes`, at nesting `depth`.
pub(super) fn expand(ex: &mut Expander<'_, '_>, bytes: &[u8], depth: u32) {
    // The compressed bytes each entry's decoder takes, for the ratio: counted under the
    // archive's reader, since the zip crate owns the decoder.
    let consumed = Cell::new(0);
    let mut archive = match ZipArchive::new(Counting::new(Cursor::new(bytes), &consumed)) {
        Ok(archive) => archive,
        Err(error) => {
            ex.problem(ArchiveProblem::Corrupt {
                reason: error.to_string(),
            });
            return;
        }
    };
    let mut content = Vec::new();
    for index in 0..archive.len() {
        if ex.stopped() || !ex.take_entry() {
            return;
        }
        let Ok(entry) = archive.by_index_data(index) else {
            continue;
        };
        // Symlinks hold their target's name, directories nothing; neither is followed, as
        // nothing is ever on disk to follow.
        if entry.is_dir() || entry.is_symlink() {
            continue;
        }
        let name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
        };
        let encrypted = entry.encrypted();
        let method = entry.compression();
        content.clear();
        let outcome = if encrypted {
            Err(Unread::Problem(ArchiveProblem::Encrypted))
        } else if !SUPPORTED_COMPRESSION_METHODS.contains(&method) {
            Err(unsupported(method))
        } else {
            read_entry(ex, &mut archive, index, &consumed, &mut content)
        };
        match outcome {
            Ok(()) => ex.within(name, |ex| ex.entry(&content, depth)),
            Err(Unread::Problem(problem)) => ex.within(name, |ex| ex.problem(problem)),
            Err(Unread::Exhausted) => {
                // Reported on the archive, where the budget ran out.
                let problem = ex.too_many_bytes();
                ex.exhausted(problem);
                return;
            }
        }
    }
}

/// Reads entry `index` whole into `out`, through a [`Guard`] and no further than the entry
/// size limit.
fn read_entry(
    ex: &Expander<'_, '_>,
    archive: &mut Archive<'_, '_>,
    index: usize,
    consumed: &Cell<u64>,
    out: &mut Vec<u8>,
) -> Result<(), Unread> {
    let method = archive
        .by_index_data(index)
        .map(|entry| entry.compression())
        .ok();
    let file = archive.by_index(index).map_err(|error| match error {
        ZipError::CompressionMethodNotSupported(_) => unsupported_or(method),
        ZipError::UnsupportedArchive(msg) if msg == ZipError::PASSWORD_REQUIRED => {
            Unread::Problem(ArchiveProblem::Encrypted)
        }
        error => corrupt(&error),
    })?;
    // Reading the local header counted too; only the entry's data is compressed input.
    consumed.set(0);
    let trip = Cell::new(None);
    let mut guard = Guard::new(
        file,
        Some((ex.limits.max_ratio, consumed)),
        ex.budget,
        &trip,
    );
    match read_capped(&mut guard, ex.max_entry_size, out) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Unread::Problem(ArchiveProblem::EntryTooLarge {
            limit: ex.max_entry_size,
        })),
        Err(error) => Err(match trip.get() {
            Some(Trip::Bytes) => Unread::Exhausted,
            Some(Trip::Ratio) => Unread::Problem(ArchiveProblem::RatioExceeded {
                limit: ex.limits.max_ratio,
            }),
            // The decoder is made at the first read; a method it lacks shows up here.
            None if error.kind() == io::ErrorKind::Unsupported => unsupported_or(method),
            None => corrupt(&error),
        }),
    }
}

fn unsupported(method: CompressionMethod) -> Unread {
    Unread::Problem(ArchiveProblem::UnsupportedMethod {
        method: method.to_string(),
    })
}

fn unsupported_or(method: Option<CompressionMethod>) -> Unread {
    match method {
        Some(method) => unsupported(method),
        None => Unread::Problem(ArchiveProblem::UnsupportedMethod {
            method: "unknown".to_string(),
        }),
    }
}

fn corrupt(error: &dyn std::fmt::Display) -> Unread {
    Unread::Problem(ArchiveProblem::Corrupt {
        reason: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self, run, run_with, Event};
    use super::super::ArchiveLimits;
    use super::*;

    /// Offsets of every occurrence of `needle` in `haystack`.
    fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
        (0..haystack.len().saturating_sub(needle.len() - 1))
            .filter(|&i| haystack[i..].starts_with(needle))
            .collect()
    }

    const LOCAL: &[u8] = b"PK\x03\x04";
    const CENTRAL: &[u8] = b"PK\x01\x02";

    fn patch_u16(bytes: &mut [u8], at: usize, value: u16) {
        bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
    }

    fn patch_u32(bytes: &mut [u8], at: usize, value: u32) {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    #[test]
    fn files_are_reported_and_directories_are_not() {
        let zip = fixtures::zip(&[
            ("conf/", b""),
            ("conf/app.env", b"API_KEY=fake-key-for-tests"),
            ("README.md", b"# hello"),
        ]);
        assert_eq!(
            run(&zip, "app.zip"),
            [
                Event::file(&["conf/app.env"], b"API_KEY=fake-key-for-tests"),
                Event::file(&["README.md"], b"# hello"),
            ]
        );
    }

    #[test]
    fn an_empty_zip_reports_nothing() {
        assert_eq!(run(&fixtures::zip(&[]), "empty.zip"), []);
    }

    #[test]
    fn traversal_and_absolute_names_are_reported_as_given() {
        let zip = fixtures::zip(&[("../../etc/passwd", b"root"), ("/abs/path", b"abs")]);
        assert_eq!(
            run(&zip, "evil.zip"),
            [
                Event::file(&["../../etc/passwd"], b"root"),
                Event::file(&["/abs/path"], b"abs"),
            ]
        );
    }

    /// 50 MB of zeros deflates about 1000:1; it stops a little past 1 MiB of output, and the
    /// entry after it is still read.
    #[test]
    fn a_bomb_entry_is_stopped_by_the_ratio_and_the_next_entry_read() {
        let zeros = vec![0u8; 50_000_000];
        let zip = fixtures::zip(&[("bomb.bin", &zeros), ("after.txt", b"still here")]);
        assert!(zip.len() < 100_000);
        assert_eq!(
            run(&zip, "bomb.zip"),
            [
                Event::problem(&["bomb.bin"], ArchiveProblem::RatioExceeded { limit: 100 }),
                Event::file(&["after.txt"], b"still here"),
            ]
        );
    }

    #[test]
    fn the_entry_limit_stops_after_that_many_entries_with_one_problem() {
        let names: Vec<String> = (0..200).map(|i| format!("f{i:03}.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let limits = ArchiveLimits {
            max_entries: 50,
            ..ArchiveLimits::default()
        };
        let events = run_with(&fixtures::zip(&entries), "many.zip", &limits, u64::MAX);
        assert_eq!(events.len(), 51);
        assert!(events[..50].iter().all(|e| !e.is_problem()));
        assert_eq!(
            events[50],
            Event::problem(&[], ArchiveProblem::TooManyEntries { limit: 50 })
        );
    }

    #[test]
    fn an_entry_over_the_size_limit_is_skipped() {
        let zip = fixtures::zip(&[("big.txt", &[b'a'; 1000]), ("small.txt", b"ok")]);
        assert_eq!(
            run_with(&zip, "a.zip", &ArchiveLimits::default(), 999),
            [
                Event::problem(&["big.txt"], ArchiveProblem::EntryTooLarge { limit: 999 }),
                Event::file(&["small.txt"], b"ok"),
            ]
        );
    }

    #[test]
    fn a_truncated_central_directory_is_corrupt() {
        let zip = fixtures::zip(&[("a.txt", b"aaaa"), ("b.txt", b"bbbb")]);
        let central = find_all(&zip, CENTRAL)[0];
        let events = run(&zip[..central + 30], "cut.zip");
        assert!(
            matches!(&events[..], [Event::Problem(path, ArchiveProblem::Corrupt { .. })] if path.is_empty()),
            "{events:?}"
        );
    }

    #[test]
    fn a_damaged_entry_is_corrupt_and_the_next_one_is_read() {
        let mut zip = fixtures::zip_stored(&[("a.txt", b"first file"), ("b.txt", b"second")]);
        let data = find_all(&zip, b"first file")[0];
        zip[data] = b'F';
        let events = run(&zip, "crc.zip");
        assert!(
            matches!(&events[0], Event::Problem(path, ArchiveProblem::Corrupt { .. }) if path == &["a.txt"]),
            "{events:?}"
        );
        assert_eq!(events[1..], [Event::file(&["b.txt"], b"second")]);
    }

    /// The writer here cannot encrypt, so the flag (general purpose bit 0) is set by hand in
    /// the local and the central header of a stored entry.
    #[test]
    fn an_encrypted_entry_is_reported_and_the_next_one_read() {
        let mut zip = fixtures::zip_stored(&[("secret.txt", b"ciphertext"), ("plain.txt", b"p")]);
        let local = find_all(&zip, LOCAL)[0];
        let central = find_all(&zip, CENTRAL)[0];
        zip[local + 6] |= 1;
        zip[central + 8] |= 1;
        assert_eq!(
            run(&zip, "enc.zip"),
            [
                Event::problem(&["secret.txt"], ArchiveProblem::Encrypted),
                Event::file(&["plain.txt"], b"p"),
            ]
        );
    }

    #[test]
    fn an_unsupported_method_is_reported_and_the_next_entry_read() {
        let mut zip = fixtures::zip_stored(&[("a.bin", b"lzma bytes"), ("b.txt", b"b")]);
        let local = find_all(&zip, LOCAL)[0];
        let central = find_all(&zip, CENTRAL)[0];
        patch_u16(&mut zip, local + 8, 14);
        patch_u16(&mut zip, central + 10, 14);
        assert_eq!(
            run(&zip, "lzma.zip"),
            [
                Event::problem(
                    &["a.bin"],
                    ArchiveProblem::UnsupportedMethod {
                        method: "Lzma".into()
                    }
                ),
                Event::file(&["b.txt"], b"b"),
            ]
        );
    }

    /// A central directory that claims almost 4 GB for a 10-byte entry: nothing is allocated
    /// by the claim (this would be slow or fail otherwise) and the real bytes come out.
    #[test]
    fn a_header_claiming_gigabytes_allocates_nothing_by_it() {
        for method in ["stored", "deflated"] {
            let entries: [(&str, &[u8]); 1] = [("small.txt", b"ten bytes!")];
            let mut zip = if method == "stored" {
                fixtures::zip_stored(&entries)
            } else {
                fixtures::zip(&entries)
            };
            let central = find_all(&zip, CENTRAL)[0];
            patch_u32(&mut zip, central + 24, 0xFFFF_FFF0);
            let events = run(&zip, "liar.zip");
            assert!(
                events == [Event::file(&["small.txt"], b"ten bytes!")]
                    || matches!(
                        &events[..],
                        [Event::Problem(_, ArchiveProblem::Corrupt { .. })]
                    ),
                "{method}: {events:?}"
            );
        }
    }

    /// A header that claims 0 bytes for a 10-byte entry is caught by what is read.
    #[test]
    fn a_header_claiming_too_little_is_corrupt() {
        let mut zip = fixtures::zip(&[("small.txt", b"ten bytes!")]);
        let central = find_all(&zip, CENTRAL)[0];
        patch_u32(&mut zip, central + 24, 0);
        let events = run(&zip, "liar.zip");
        assert!(
            matches!(&events[..], [Event::Problem(path, ArchiveProblem::Corrupt { .. })] if path == &["small.txt"]),
            "{events:?}"
        );
    }
}

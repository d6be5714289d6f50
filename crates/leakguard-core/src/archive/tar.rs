//! Tar, read as a stream: over the decompressor for a `.tar.gz` (which is never decompressed
//! whole) or over the bytes of a plain tar.
//!
//! Only regular files are reported (contiguous files and GNU sparse files are regular files
//! too). Directories, devices and FIFOs hold nothing; a symlink or hard link holds only the name
//! of another entry, and is not followed, since nothing is on disk to follow. PAX and GNU long
//! names are honoured by the `tar` crate.

use std::cell::Cell;
use std::io::{self, Read};

use super::guard::{read_capped, Guard, Trip};
use super::{ArchiveProblem, Expander};

/// Bytes of header records (the header, GNU long names, PAX records) allowed before an entry.
/// The `tar` crate reads long names and PAX records into memory whole, so a record declaring a
/// gigabyte would otherwise be held whole; real ones are a few hundred bytes.
const HEADER_WINDOW: u64 = 1024 * 1024;

/// Whether `head` starts with a tar header: `ustar` at offset 257 (POSIX and GNU), or an old v7
/// header, which has no magic and is recognised by its checksum, a name and a size field.
pub(super) fn is_header(head: &[u8]) -> bool {
    let Some(block) = head.get(..512) else {
        return false;
    };
    if block[257..262] == *b"ustar" {
        return true;
    }
    block[0] != 0 && octal(&block[124..136]).is_some() && checksum_matches(block)
}

/// The header checksum: the sum of the header's bytes with the checksum field read as spaces.
/// Old tars summed signed bytes, so either sum is accepted, as GNU tar does.
fn checksum_matches(block: &[u8]) -> bool {
    let Some(stored) = octal(&block[148..156]) else {
        return false;
    };
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (at, &byte) in block.iter().enumerate() {
        let byte = if (148..156).contains(&at) { b' ' } else { byte };
        unsigned += u64::from(byte);
        signed += i64::from(i8::from_ne_bytes([byte]));
    }
    stored == unsigned || i64::try_from(stored) == Ok(signed)
}

/// A numeric field as tar writes it: leading spaces, octal digits, then NULs or spaces.
fn octal(field: &[u8]) -> Option<u64> {
    let start = field.iter().take_while(|&&b| b == b' ').count();
    let field = &field[start..];
    let digits = field
        .iter()
        .take_while(|b| (b'0'..=b'7').contains(*b))
        .count();
    if digits == 0 || !field[digits..].iter().all(|&b| b == 0 || b == b' ') {
        return None;
    }
    field[..digits].iter().try_fold(0u64, |n, &d| {
        n.checked_mul(8)?.checked_add(u64::from(d - b'0'))
    })
}

/// Expands the plain tar `bytes`, at nesting `depth`.
pub(super) fn expand_bytes(ex: &mut Expander<'_, '_>, bytes: &[u8], depth: u32) {
    let trip = Cell::new(None);
    let stream = Guard::new(bytes, None, ex.budget, &trip);
    expand(ex, stream, depth, &trip);
}

/// Expands the tar read from `stream`, at nesting `depth`. `trip` is the cell of the [`Guard`]
/// in `stream`, which says whether a failed read was a limit.
pub(super) fn expand(
    ex: &mut Expander<'_, '_>,
    stream: impl Read,
    depth: u32,
    trip: &Cell<Option<Trip>>,
) {
    let window = Cell::new(Some(HEADER_WINDOW));
    let mut archive = ::tar::Archive::new(Window {
        inner: stream,
        left: &window,
    });
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(error) => return ex.stream_failed(&quiet(error), trip.get()),
    };
    let mut content = Vec::new();
    for entry in entries {
        if ex.stopped() {
            return;
        }
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(error) => return ex.stream_failed(&quiet(error), trip.get()),
        };
        window.set(None);
        if !ex.take_entry() {
            return;
        }
        let kind = entry.header().entry_type();
        if kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse() {
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            match read_file(ex, &mut entry, &mut content) {
                Ok(None) => {
                    // A sparse file's holes are made by the reader, not read from the stream,
                    // so the guard never saw them.
                    if kind.is_gnu_sparse() && !ex.budget.take_bytes(content.len() as u64) {
                        let problem = ex.too_many_bytes();
                        return ex.exhausted(problem);
                    }
                    ex.within(name, |ex| ex.entry(&content, depth));
                }
                Ok(Some(problem)) => ex.within(name, |ex| ex.problem(problem)),
                Err(error) => return ex.stream_failed(&quiet(error), trip.get()),
            }
            if ex.stopped() {
                return;
            }
        }
        // What is left of the entry is read here, so that the window covers only the headers
        // of the next one.
        if let Err(error) = io::copy(&mut entry, &mut io::sink()) {
            return ex.stream_failed(&quiet(error), trip.get());
        }
        window.set(Some(HEADER_WINDOW));
    }
}

/// Reads a regular entry whole into `out`: `Ok(Some(problem))` when it is not to be scanned,
/// `Err` when the stream itself failed.
fn read_file(
    ex: &Expander<'_, '_>,
    entry: &mut ::tar::Entry<'_, impl Read>,
    out: &mut Vec<u8>,
) -> io::Result<Option<ArchiveProblem>> {
    out.clear();
    let too_large = ArchiveProblem::EntryTooLarge {
        limit: ex.max_entry_size,
    };
    // Unlike a zip's, a tar's sizes are what the stream is cut by, so one too large can be
    // skipped before it is read.
    let size = entry.size();
    if size > ex.max_entry_size || !read_capped(entry, ex.max_entry_size, out)? {
        return Ok(Some(too_large));
    }
    let read = out.len() as u64;
    if read < size {
        return Ok(Some(ArchiveProblem::Corrupt {
            reason: format!("entry cut short after {read} of its {size} bytes"),
        }));
    }
    Ok(None)
}

/// The error with any quoted header bytes left out. The `tar` crate quotes a malformed numeric
/// field and the entry's path in some messages ("numeric field was not a number: … when getting
/// size for …"); in a corrupt archive that "header" may be file content, and file content may be
/// a secret, which must not reach a diagnostic.
fn quiet(error: io::Error) -> io::Error {
    if error.to_string().contains("numeric field") {
        io::Error::new(
            error.kind(),
            "a numeric field of a tar header is not a number",
        )
    } else {
        error
    }
}

/// Limits the bytes read while `left` is `Some`: set between entries, so that only header
/// records are counted.
struct Window<'w, R> {
    inner: R,
    left: &'w Cell<Option<u64>>,
}

impl<R: Read> Read for Window<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(left) = self.left.get() {
            match left.checked_sub(n as u64) {
                Some(left) => self.left.set(Some(left)),
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("tar header records longer than {HEADER_WINDOW} bytes"),
                    ))
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self, run, run_with, Event};
    use super::super::{expand as expand_archive, ArchiveKind, ArchiveLimits};
    use super::*;
    use ::tar::{Builder, EntryType, Header};

    fn append(builder: &mut Builder<Vec<u8>>, kind: EntryType, name: &str, data: &[u8]) {
        let mut header = Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, name, data)
            .expect("in memory");
    }

    #[test]
    fn only_regular_files_are_reported() {
        let mut builder = Builder::new(Vec::new());
        append(&mut builder, EntryType::Directory, "etc/", b"");
        append(
            &mut builder,
            EntryType::Regular,
            "etc/app.conf",
            b"password=fake",
        );
        let mut link = Header::new_gnu();
        link.set_entry_type(EntryType::Symlink);
        link.set_size(0);
        builder
            .append_link(&mut link, "etc/link", "/etc/shadow")
            .expect("in memory");
        let mut hard = Header::new_gnu();
        hard.set_entry_type(EntryType::Link);
        hard.set_size(0);
        builder
            .append_link(&mut hard, "etc/hard", "etc/app.conf")
            .expect("in memory");
        append(&mut builder, EntryType::Fifo, "etc/fifo", b"");
        append(&mut builder, EntryType::Char, "dev/null", b"");
        append(&mut builder, EntryType::Continuous, "etc/contiguous", b"c");
        let tar = builder.into_inner().expect("in memory");
        assert_eq!(
            run(&tar, "a.tar"),
            [
                Event::file(&["etc/app.conf"], b"password=fake"),
                Event::file(&["etc/contiguous"], b"c"),
            ]
        );
    }

    #[test]
    fn gnu_and_pax_long_names_are_honoured() {
        let long = format!("{}/config.yml", "very-long-directory-name".repeat(8));
        let mut builder = Builder::new(Vec::new());
        append(&mut builder, EntryType::Regular, &long, b"gnu");
        builder
            .append_pax_extensions([("path", b"pax/named/by/a/record.txt".as_slice())])
            .expect("in memory");
        append(&mut builder, EntryType::Regular, "short", b"pax");
        let tar = builder.into_inner().expect("in memory");
        assert_eq!(
            run(&tar, "long.tar"),
            [
                Event::file(&[&long], b"gnu"),
                Event::file(&["pax/named/by/a/record.txt"], b"pax"),
            ]
        );
    }

    #[test]
    fn traversal_and_absolute_names_are_reported_as_given() {
        let tar = fixtures::tar(&[("../../etc/passwd", b"root"), ("/abs/path", b"abs")]);
        assert_eq!(
            run(&tar, "evil.tar"),
            [
                Event::file(&["../../etc/passwd"], b"root"),
                Event::file(&["/abs/path"], b"abs"),
            ]
        );
    }

    #[test]
    fn an_empty_tar_reports_nothing() {
        let tar = Builder::new(Vec::new()).into_inner().expect("in memory");
        let mut events = 0;
        expand_archive(
            ArchiveKind::Tar,
            &tar,
            "empty.tar",
            &ArchiveLimits::default(),
            u64::MAX,
            &mut |_| events += 1,
        );
        assert_eq!(events, 0);
    }

    #[test]
    fn an_old_v7_header_is_recognised_by_its_checksum() {
        let mut header = Header::new_old();
        header.set_path("old.txt").expect("short name");
        header.set_size(3);
        header.set_mode(0o644);
        header.set_cksum();
        let mut builder = Builder::new(Vec::new());
        builder.append(&header, &b"v7!"[..]).expect("in memory");
        let tar = builder.into_inner().expect("in memory");
        assert!(is_header(&tar));
        assert_eq!(run(&tar, "old.tar"), [Event::file(&["old.txt"], b"v7!")]);

        let mut damaged = tar.clone();
        damaged[0] = b'O';
        assert!(!is_header(&damaged), "a wrong checksum is not a tar");
    }

    #[test]
    fn an_entry_over_the_size_limit_is_skipped() {
        let tar = fixtures::tar(&[("big", &[b'b'; 600]), ("small", b"s")]);
        assert_eq!(
            run_with(&tar, "a.tar", &ArchiveLimits::default(), 599),
            [
                Event::problem(&["big"], ArchiveProblem::EntryTooLarge { limit: 599 }),
                Event::file(&["small"], b"s"),
            ]
        );
    }

    #[test]
    fn a_tar_cut_inside_an_entry_reports_what_came_before() {
        let tar = fixtures::tar(&[("first", b"complete"), ("second", &[b'x'; 2000])]);
        let cut = &tar[..512 * 3 + 100];
        let events = run(cut, "cut.tar");
        assert_eq!(events[0], Event::file(&["first"], b"complete"));
        assert!(
            matches!(&events[1], Event::Problem(path, ArchiveProblem::Corrupt { .. }) if path == &["second"]),
            "{events:?}"
        );
        assert!(events[1..].iter().all(Event::is_problem));
    }

    #[test]
    fn header_records_over_the_window_are_corrupt() {
        let mut builder = Builder::new(Vec::new());
        let long_name = vec![b'n'; 2 * HEADER_WINDOW as usize];
        let mut header = Header::new_gnu();
        header.as_gnu_mut().expect("gnu").name[..13].copy_from_slice(b"././@LongLink");
        header.set_entry_type(EntryType::GNULongName);
        header.set_size(long_name.len() as u64);
        header.set_cksum();
        builder.append(&header, &long_name[..]).expect("in memory");
        append(&mut builder, EntryType::Regular, "x", b"x");
        let tar = builder.into_inner().expect("in memory");
        let events = run(&tar, "huge-name.tar");
        assert!(
            matches!(&events[..], [Event::Problem(path, ArchiveProblem::Corrupt { reason })]
                if path.is_empty() && reason.contains("header records")),
            "{events:?}"
        );
    }

    #[test]
    fn header_bytes_are_not_quoted_in_problems() {
        let mut tar = fixtures::tar(&[("a", b"a")]);
        tar[124..136].copy_from_slice(b"fake-secret!");
        let header = ::tar::Header::from_byte_slice(&tar[..512]).clone();
        let mut fixed = header;
        fixed.set_cksum();
        tar[..512].copy_from_slice(fixed.as_bytes());
        let events = run(&tar, "bad.tar");
        assert!(
            matches!(&events[..], [Event::Problem(_, ArchiveProblem::Corrupt { reason })]
                if !reason.contains("fake-secret")),
            "{events:?}"
        );
    }

    #[test]
    fn octal_fields_are_read_as_tar_writes_them() {
        assert_eq!(octal(b"0000644\0"), Some(0o644));
        assert_eq!(octal(b"   12 \0\0"), Some(0o12));
        assert_eq!(octal(b"\0\0\0\0"), None);
        assert_eq!(octal(b"12x4\0"), None);
        assert_eq!(octal(b"9\0"), None);
        assert_eq!(octal(&[b'7'; 40]), None, "overflow");
    }
}

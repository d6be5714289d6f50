//! Single-stream compressors (gzip, bzip2, xz, zstd), which are transparent: what they hold is
//! what is expanded.
//!
//! - A tar inside is read as a stream straight off the decoder, its entries reported directly
//!   (`app.tar.gz` gives `dir/file.js`), at the same depth: the compression is no nesting level.
//! - A zip inside is expanded in place in the same way (its entries need random access, so it
//!   is decompressed into memory first, within the entry size limit).
//! - Anything else is the stream's one file, named after the stream with its compression suffix
//!   taken off (see [`content_name`]). If that file is itself compressed (`x.gz.gz`), it is a
//!   nested archive one level down, so that a chain of compressors is bounded by the depth limit.
//!
//! Multi-member gzip, multi-stream bzip2 and xz, and multi-frame zstd are read whole, as their
//! command-line tools read them. Every decoder reads from a [`Counting`] input under a [`Guard`],
//! so the ratio is measured on the compressed bytes actually taken.

use std::cell::Cell;
use std::io::{Cursor, Read};

use super::guard::{fill, read_capped, Counting, Guard};
use super::{detect, zip, ArchiveKind, ArchiveProblem, Expander, DETECT_LEN};

/// Memory an xz block's decoder may ask for (its dictionary, mostly). `xz -9` needs 65 MiB;
/// a header may ask for 4 GiB.
const XZ_MEMORY_LIMIT_KIB: u32 = 256 * 1024;

/// Expands the compressed stream `bytes` of kind `kind`, itself at nesting `depth`. `name` is
/// the stream's own name, from which its content's is made.
pub(super) fn expand(
    ex: &mut Expander<'_, '_>,
    kind: ArchiveKind,
    bytes: &[u8],
    name: &str,
    depth: u32,
) {
    let consumed = Cell::new(0);
    let input = Counting::new(bytes, &consumed);
    let decoder: Box<dyn Read + '_> = match kind {
        ArchiveKind::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(input)),
        ArchiveKind::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(input)),
        ArchiveKind::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(
            input,
            true,
            XZ_MEMORY_LIMIT_KIB,
        )),
        ArchiveKind::Zstd => Box::new(super::zstd::Frames::new(input)),
        ArchiveKind::Zip | ArchiveKind::Tar => return,
    };
    let trip = Cell::new(None);
    let mut stream = Guard::new(
        decoder,
        Some((ex.limits.max_ratio, &consumed)),
        ex.budget,
        &trip,
    );

    let mut content = Vec::with_capacity(DETECT_LEN);
    if let Err(error) = fill(&mut stream, DETECT_LEN, &mut content) {
        return ex.stream_failed(&error, trip.get());
    }
    let inner = detect(&content);
    if inner == Some(ArchiveKind::Tar) {
        let stream = Cursor::new(content).chain(stream);
        return super::tar::expand(ex, stream, depth, &trip);
    }
    match read_capped(&mut stream, ex.max_entry_size, &mut content) {
        Ok(true) => {}
        Ok(false) => {
            let problem = ArchiveProblem::EntryTooLarge {
                limit: ex.max_entry_size,
            };
            return ex.within(content_name(name, kind), |ex| ex.problem(problem));
        }
        Err(error) => return ex.stream_failed(&error, trip.get()),
    }
    // The decoder's state goes before anything nested is opened.
    drop(stream);
    match inner {
        Some(ArchiveKind::Zip) => zip::expand(ex, &content, depth),
        _ if content.is_empty() => {}
        _ => {
            if ex.take_entry() {
                ex.within(content_name(name, kind), |ex| ex.entry(&content, depth));
            }
        }
    }
}

/// The name of what a stream named `name` holds: the final component of `name` with the
/// suffix of its compression taken off (`notes.txt.gz` → `notes.txt`, `app.tgz` → `app.tar`,
/// any case), or, when it has none, `name` + `~decompressed` (`blob` → `blob~decompressed`), so
/// that the content is never mistaken for the stream.
pub(super) fn content_name(name: &str, kind: ArchiveKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let suffixes: &[(&str, &str)] = match kind {
        ArchiveKind::Gzip => &[(".tgz", ".tar"), (".taz", ".tar"), (".gz", ""), (".z", "")],
        ArchiveKind::Bzip2 => &[
            (".tbz2", ".tar"),
            (".tbz", ".tar"),
            (".bz2", ""),
            (".bz", ""),
        ],
        ArchiveKind::Xz => &[(".txz", ".tar"), (".xz", "")],
        ArchiveKind::Zstd => &[(".tzst", ".tar"), (".zst", ""), (".zstd", "")],
        ArchiveKind::Zip | ArchiveKind::Tar => &[],
    };
    let lower = base.to_ascii_lowercase();
    for (suffix, replacement) in suffixes {
        if lower.ends_with(suffix) && base.len() > suffix.len() {
            // The suffix is ASCII, so the cut falls on a character boundary.
            let stem = &base[..base.len() - suffix.len()];
            return format!("{stem}{replacement}");
        }
    }
    format!("{base}~decompressed")
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self, run, run_with, Event};
    use super::super::ArchiveLimits;
    use super::*;

    fn two_file_tar() -> Vec<u8> {
        fixtures::tar(&[("dir/file.js", b"const key = 'fake';"), ("dir/b.txt", b"b")])
    }

    fn two_file_events() -> [Event; 2] {
        [
            Event::file(&["dir/file.js"], b"const key = 'fake';"),
            Event::file(&["dir/b.txt"], b"b"),
        ]
    }

    #[test]
    fn gzip_of_a_file_gives_the_file_under_its_own_name() {
        let gz = fixtures::gz(b"password: fake-for-tests\n");
        assert_eq!(
            run(&gz, "dir/notes.txt.gz"),
            [Event::file(&["notes.txt"], b"password: fake-for-tests\n")]
        );
    }

    #[test]
    fn each_compressor_of_a_tar_gives_the_entries_directly() {
        let tar = two_file_tar();
        assert_eq!(run(&fixtures::gz(&tar), "app.tar.gz"), two_file_events());
        assert_eq!(run(&fixtures::bz2(&tar), "app.tar.bz2"), two_file_events());
        assert_eq!(run(&fixtures::zst(&tar), "app.tar.zst"), two_file_events());
        if let Some(xz) = fixtures::xz_cli(&tar) {
            assert_eq!(run(&xz, "app.tar.xz"), two_file_events());
        }
    }

    #[test]
    fn each_compressor_of_a_file_gives_the_file() {
        let text = b"aws_secret = fake\n".repeat(3);
        assert_eq!(
            run(&fixtures::bz2(&text), "a.env.bz2"),
            [Event::file(&["a.env"], &text)]
        );
        assert_eq!(
            run(&fixtures::zst(&text), "a.env.zst"),
            [Event::file(&["a.env"], &text)]
        );
        if let Some(xz) = fixtures::xz_cli(&text) {
            assert_eq!(run(&xz, "a.env.xz"), [Event::file(&["a.env"], &text)]);
        }
    }

    #[test]
    fn a_multi_member_gzip_is_read_whole() {
        let mut gz = fixtures::gz(b"first half, ");
        gz.extend_from_slice(&fixtures::gz(b"second half"));
        assert_eq!(
            run(&gz, "log.gz"),
            [Event::file(&["log"], b"first half, second half")]
        );
    }

    #[test]
    fn a_zip_inside_is_expanded_in_place_and_a_gzip_inside_one_level_down() {
        let zip = fixtures::zip(&[("inner.txt", b"in")]);
        assert_eq!(
            run(&fixtures::gz(&zip), "x.zip.gz"),
            [Event::file(&["inner.txt"], b"in")]
        );
        let twice = fixtures::gz(&fixtures::gz(b"deep"));
        assert_eq!(
            run(&twice, "x.gz.gz"),
            [Event::file(&["x.gz", "x"], b"deep")]
        );
        let limits = ArchiveLimits {
            max_depth: 1,
            ..ArchiveLimits::default()
        };
        assert_eq!(
            run_with(&twice, "x.gz.gz", &limits, u64::MAX),
            [Event::problem(
                &["x.gz"],
                ArchiveProblem::TooDeep { limit: 1 }
            )]
        );
    }

    #[test]
    fn an_empty_stream_reports_nothing() {
        assert_eq!(run(&fixtures::gz(b""), "empty.gz"), []);
    }

    #[test]
    fn a_gzip_bomb_is_stopped_by_the_ratio() {
        let bomb = fixtures::gz(&vec![0u8; 50_000_000]);
        assert_eq!(
            run(&bomb, "zeros.gz"),
            [Event::problem(
                &[],
                ArchiveProblem::RatioExceeded { limit: 100 }
            )]
        );
    }

    #[test]
    fn content_over_the_size_limit_is_skipped() {
        let gz = fixtures::gz(&[b'a'; 1000]);
        assert_eq!(
            run_with(&gz, "a.txt.gz", &ArchiveLimits::default(), 999),
            [Event::problem(
                &["a.txt"],
                ArchiveProblem::EntryTooLarge { limit: 999 }
            )]
        );
    }

    #[test]
    fn a_tar_gz_cut_midway_reports_the_entries_before_the_cut_then_corrupt() {
        let big = b"0123456789abcdef".repeat(4096);
        let tar = fixtures::tar(&[("one", b"1"), ("two", b"2"), ("big", &big)]);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
        std::io::Write::write_all(&mut encoder, &tar).expect("in memory");
        let gz = encoder.finish().expect("in memory");
        let events = run(&gz[..gz.len() / 2], "cut.tar.gz");
        assert_eq!(
            events[..2],
            [Event::file(&["one"], b"1"), Event::file(&["two"], b"2")]
        );
        assert!(
            matches!(&events[2..], [Event::Problem(path, ArchiveProblem::Corrupt { .. })] if path.is_empty()),
            "{events:?}"
        );
    }

    #[test]
    fn random_bytes_after_a_gzip_magic_are_corrupt() {
        let mut rng = crate::test_rng::XorShift(7);
        let mut bytes = vec![0x1F, 0x8B, 0x08];
        bytes.extend((0..4096).map(|_| rng.next() as u8));
        let events = run(&bytes, "noise.gz");
        assert!(
            matches!(&events[..], [Event::Problem(path, ArchiveProblem::Corrupt { .. })] if path.is_empty()),
            "{events:?}"
        );
    }

    #[test]
    fn content_names_drop_the_compression_suffix() {
        let cases = [
            ("notes.txt.gz", ArchiveKind::Gzip, "notes.txt"),
            ("a/b/App.TGZ", ArchiveKind::Gzip, "App.tar"),
            ("x.tbz2", ArchiveKind::Bzip2, "x.tar"),
            ("dump.sql.bz2", ArchiveKind::Bzip2, "dump.sql"),
            ("data.xz", ArchiveKind::Xz, "data"),
            ("layer.tar.zst", ArchiveKind::Zstd, "layer.tar"),
            ("layer.zstd", ArchiveKind::Zstd, "layer"),
            ("blob", ArchiveKind::Gzip, "blob~decompressed"),
            (
                "mislabelled.xz",
                ArchiveKind::Gzip,
                "mislabelled.xz~decompressed",
            ),
            (".gz", ArchiveKind::Gzip, ".gz~decompressed"),
            ("", ArchiveKind::Zstd, "~decompressed"),
            ("ünïcode.gz", ArchiveKind::Gzip, "ünïcode"),
        ];
        for (name, kind, expected) in cases {
            assert_eq!(content_name(name, kind), expected, "{name}");
        }
    }
}

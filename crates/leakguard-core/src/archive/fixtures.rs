//! Archives built by the tests with the same crates that read them, and a collector of events.
//! Every secret-looking value here is invented.

use std::io::{Cursor, Write};
use std::process::{Command, Stdio};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, ZipWriter};

use super::{detect, expand, ArchiveEvent, ArchiveLimits, ArchiveProblem, DETECT_LEN};

/// An owned [`ArchiveEvent`], for comparing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Event {
    File(Vec<String>, Vec<u8>),
    Problem(Vec<String>, ArchiveProblem),
}

impl Event {
    pub(super) fn file(path: &[&str], bytes: &[u8]) -> Event {
        Event::File(owned(path), bytes.to_vec())
    }

    pub(super) fn problem(path: &[&str], problem: ArchiveProblem) -> Event {
        Event::Problem(owned(path), problem)
    }

    pub(super) fn is_problem(&self) -> bool {
        matches!(self, Event::Problem(..))
    }
}

fn owned(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| (*s).to_string()).collect()
}

/// Expands `bytes` with the default limits and no entry size limit.
pub(super) fn run(bytes: &[u8], name: &str) -> Vec<Event> {
    run_with(bytes, name, &ArchiveLimits::default(), u64::MAX)
}

pub(super) fn run_with(
    bytes: &[u8],
    name: &str,
    limits: &ArchiveLimits,
    max_entry_size: u64,
) -> Vec<Event> {
    let kind = detect(bytes.get(..DETECT_LEN).unwrap_or(bytes)).expect("a fixture is an archive");
    let mut events = Vec::new();
    expand(kind, bytes, name, limits, max_entry_size, &mut |event| {
        events.push(match event {
            ArchiveEvent::File { path, bytes } => Event::File(path.to_vec(), bytes.to_vec()),
            ArchiveEvent::Problem { path, problem } => Event::Problem(path.to_vec(), problem),
        });
    });
    events
}

/// A zip of deflated entries; a name ending in `/` is a directory.
pub(super) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Deflated)
}

/// A zip of stored entries, whose bytes are easy to patch.
pub(super) fn zip_stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Stored)
}

fn zip_with(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, options).expect("in memory");
        } else {
            writer.start_file(*name, options).expect("in memory");
            writer.write_all(bytes).expect("in memory");
        }
    }
    writer.finish().expect("in memory").into_inner()
}

/// A ustar archive of regular files, names written as given (`..` and `/` included).
pub(super) fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = ::tar::Builder::new(Vec::new());
    for (name, bytes) in entries {
        let mut header = ::tar::Header::new_ustar();
        header.as_mut_bytes()[..name.len()].copy_from_slice(name.as_bytes());
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(::tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, *bytes).expect("in memory");
    }
    builder.into_inner().expect("in memory")
}

pub(super) fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

pub(super) fn bz2(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

pub(super) fn zst(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

/// xz has no encoder in this build (lzma-rust2's needs a feature we do not enable), so the `xz`
/// command makes one; `None`, with a note, where it is not installed.
pub(super) fn xz_cli(bytes: &[u8]) -> Option<Vec<u8>> {
    let child = Command::new("xz")
        .args(["--compress", "--stdout", "--format=xz"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        // CI installs xz (.ci/run), so there the xz cases always run.
        assert!(
            std::env::var_os("CI").is_none(),
            "the xz command is missing; .ci/run installs it"
        );
        eprintln!("note: no `xz` command; skipping the xz case");
        return None;
    };
    let mut stdin = child.stdin.take().expect("piped");
    let input = bytes.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("xz runs");
    feeder
        .join()
        .expect("no panic")
        .expect("xz reads its input");
    assert!(output.status.success(), "xz failed");
    Some(output.stdout)
}

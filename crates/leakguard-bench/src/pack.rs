//! Packing files into the containers a release folder holds: zip (jars, wheels, release
//! bundles), tar (source tarballs, `docker save` images and their layers) and gzip.
//!
//! Every timestamp, owner and host field is fixed, so the same entries give the same bytes on
//! any machine and on any day.

use std::io::{Cursor, Write as _};

use anyhow::{Context, Result};
use flate2::{Compression, GzBuilder};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// The modification time of every entry: 2026-11-30 12:00:00 UTC.
const MTIME: u64 = 1_796_040_000;

/// How a zip stores an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Deflated at the default level, as `jar` and `zip` write text and class files.
    Deflated,
    /// Stored as is, as Spring Boot stores the jars inside a jar.
    Stored,
}

/// One file to pack.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) method: Method,
}

impl Entry {
    /// A file that a zip deflates.
    pub(crate) fn deflated(name: impl Into<String>, bytes: Vec<u8>) -> Entry {
        Entry {
            name: name.into(),
            bytes,
            method: Method::Deflated,
        }
    }

    /// A file that a zip stores uncompressed (an archive already compressed).
    pub(crate) fn stored(name: impl Into<String>, bytes: Vec<u8>) -> Entry {
        Entry {
            name: name.into(),
            bytes,
            method: Method::Stored,
        }
    }
}

/// A zip archive of `entries`, in order.
pub(crate) fn zip(entries: &[Entry]) -> Result<Vec<u8>> {
    let size: usize = entries.iter().map(|e| e.bytes.len() / 2 + 100).sum();
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    let time = DateTime::from_date_and_time(2026, 11, 30, 12, 0, 0).unwrap_or_default();
    for entry in entries {
        let method = match entry.method {
            Method::Deflated => CompressionMethod::Deflated,
            Method::Stored => CompressionMethod::Stored,
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .system(System::Unix)
            .unix_permissions(0o644)
            .large_file(entry.bytes.len() as u64 >= u64::from(u32::MAX));
        writer
            .start_file(entry.name.as_str(), options)
            .with_context(|| format!("cannot start zip entry {}", entry.name))?;
        writer
            .write_all(&entry.bytes)
            .with_context(|| format!("cannot write zip entry {}", entry.name))?;
    }
    Ok(writer
        .finish()
        .context("cannot finish a zip archive")?
        .into_inner())
}

/// A tar archive (GNU format, as GNU tar and Docker write it) of `entries`, in order.
pub(crate) fn tar(entries: &[Entry]) -> Result<Vec<u8>> {
    let size: usize = entries.iter().map(|e| e.bytes.len() + 1024).sum();
    let mut builder = tar::Builder::new(Vec::with_capacity(size + 1024));
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(entry.bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(MTIME);
        header.set_uid(0);
        header.set_gid(0);
        header
            .set_username("root")
            .and_then(|()| header.set_groupname("root"))
            .context("cannot name a tar entry's owner")?;
        builder
            .append_data(&mut header, &entry.name, entry.bytes.as_slice())
            .with_context(|| format!("cannot add tar entry {}", entry.name))?;
    }
    builder.into_inner().context("cannot finish a tar archive")
}

/// `bytes` gzip-compressed at the default level, with `name` recorded as the original file
/// name (as `gzip` does) when given.
pub(crate) fn gzip(bytes: &[u8], name: Option<&str>) -> Result<Vec<u8>> {
    let mut builder = GzBuilder::new().mtime(MTIME as u32);
    if let Some(name) = name {
        builder = builder.filename(name);
    }
    let mut encoder = builder.write(Vec::with_capacity(bytes.len() / 3), Compression::new(6));
    encoder.write_all(bytes).context("cannot gzip")?;
    encoder.finish().context("cannot gzip")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn sample() -> Vec<Entry> {
        vec![
            Entry::deflated(
                "META-INF/MANIFEST.MF",
                b"Manifest-Version: 1.0\r\n".to_vec(),
            ),
            Entry::stored("BOOT-INF/lib/x.jar", b"PK\x05\x06".to_vec()),
            Entry::deflated(format!("{}/long.txt", "d".repeat(120)), b"long".to_vec()),
        ]
    }

    #[test]
    fn zips_read_back_and_are_reproducible() {
        let bytes = zip(&sample()).expect("zips");
        assert_eq!(bytes, zip(&sample()).expect("zips again"));
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).expect("reads back");
        assert_eq!(archive.len(), 3);
        let mut text = String::new();
        archive
            .by_name("META-INF/MANIFEST.MF")
            .expect("entry")
            .read_to_string(&mut text)
            .expect("reads");
        assert_eq!(text, "Manifest-Version: 1.0\r\n");
        let stored = archive.by_name("BOOT-INF/lib/x.jar").expect("entry");
        assert_eq!(stored.compression(), CompressionMethod::Stored);
    }

    #[test]
    fn tars_keep_long_names_and_gzip_round_trips() {
        let bytes = tar(&sample()).expect("tars");
        assert_eq!(&bytes[257..262], b"ustar");
        let mut archive = tar::Archive::new(bytes.as_slice());
        let names: Vec<String> = archive
            .entries()
            .expect("entries")
            .map(|e| {
                e.expect("entry")
                    .path()
                    .expect("path")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names[2], format!("{}/long.txt", "d".repeat(120)));

        let gz = gzip(b"line\n", Some("app.log")).expect("gzips");
        assert_eq!(&gz[..3], &[0x1f, 0x8b, 0x08]);
        let mut back = String::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_string(&mut back)
            .expect("gunzips");
        assert_eq!(back, "line\n");
    }
}

//! Real archives for the tests, built in memory with the same crates a user's tools produce.

use std::io::{Cursor, Write};

/// A zip (deflated) holding `entries` as (path, bytes).
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in entries {
        writer.start_file(*path, options).expect("zip entry starts");
        writer.write_all(bytes).expect("zip entry is written");
    }
    writer.finish().expect("zip is finished").into_inner()
}

/// A tar holding `entries`.
pub fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, path, *bytes)
            .expect("tar entry is written");
    }
    builder.into_inner().expect("tar is finished")
}

/// `bytes` gzip-compressed.
pub fn gz_of(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip accepts the bytes");
    encoder.finish().expect("gzip is finished")
}

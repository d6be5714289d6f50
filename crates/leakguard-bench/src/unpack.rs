//! Test support: follows a path as leakguard names it (`a.zip!b.tar.gz!c.jar!x.properties`,
//! `logs/app.log.gz!app.log`, `dist/app.js.map!src/config.ts`, `dist/chunk.js!src/a.ts`)
//! through a generated corpus to the bytes it names, with the standard readers, so that a test
//! can check every manifest row against the files actually written.

use std::io::{Cursor, Read as _};
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine as _;

use crate::json::Json;

/// The bytes `path` names under `dir`.
pub(crate) fn resolve(dir: &Path, path: &str) -> Result<Vec<u8>> {
    let mut parts = path.split('!');
    let first = parts.next().ok_or_else(|| anyhow!("empty path"))?;
    let mut bytes =
        std::fs::read(dir.join(first)).with_context(|| format!("cannot read {first}"))?;
    let mut name = first.to_owned();
    for entry in parts {
        bytes = open(&bytes, &name, entry).with_context(|| format!("{name}!{entry}"))?;
        name = entry.to_owned();
    }
    Ok(bytes)
}

const INLINE: &str = "sourceMappingURL=data:application/json;charset=utf-8;base64,";

fn open(container: &[u8], name: &str, entry: &str) -> Result<Vec<u8>> {
    if name.ends_with(".map") {
        return map_source(&String::from_utf8_lossy(container), entry);
    }
    if name.ends_with(".js") {
        let text = String::from_utf8_lossy(container);
        let at = text.find(INLINE).ok_or_else(|| anyhow!("no inline map"))?;
        let encoded = text[at + INLINE.len()..].trim_end();
        let map = base64::engine::general_purpose::STANDARD.decode(encoded)?;
        return map_source(&String::from_utf8_lossy(&map), entry);
    }
    if container.starts_with(b"PK\x03\x04") {
        let mut archive = zip::ZipArchive::new(Cursor::new(container))?;
        let mut out = Vec::new();
        archive.by_name(entry)?.read_to_end(&mut out)?;
        return Ok(out);
    }
    if container.starts_with(&[0x1f, 0x8b, 0x08]) {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(container).read_to_end(&mut plain)?;
        if is_tar(&plain) {
            return tar_entry(&plain, entry);
        }
        let base = name.rsplit('/').next().unwrap_or(name);
        if base.strip_suffix(".gz") != Some(entry) {
            bail!("a gzip stream holds `{}`, not `{entry}`", base);
        }
        return Ok(plain);
    }
    if is_tar(container) {
        return tar_entry(container, entry);
    }
    bail!("`{name}` is not a container")
}

fn is_tar(bytes: &[u8]) -> bool {
    bytes.get(257..262) == Some(b"ustar")
}

fn tar_entry(bytes: &[u8], wanted: &str) -> Result<Vec<u8>> {
    let mut archive = tar::Archive::new(bytes);
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.path()?.to_string_lossy() == wanted {
            let mut out = Vec::new();
            entry.read_to_end(&mut out)?;
            return Ok(out);
        }
    }
    bail!("no tar entry `{wanted}`")
}

fn map_source(text: &str, source: &str) -> Result<Vec<u8>> {
    let map = Json::parse(text)?;
    let sources = map
        .get("sources")
        .and_then(Json::as_array)
        .ok_or_else(|| anyhow!("no sources"))?;
    let wanted = format!("webpack:///./{source}");
    let index = sources
        .iter()
        .position(|s| s.as_str() == Some(wanted.as_str()))
        .ok_or_else(|| anyhow!("no source `{wanted}`"))?;
    let content = map
        .get("sourcesContent")
        .and_then(Json::as_array)
        .and_then(|c| c.get(index))
        .and_then(Json::as_str)
        .ok_or_else(|| anyhow!("no content for `{wanted}`"))?;
    Ok(content.as_bytes().to_vec())
}

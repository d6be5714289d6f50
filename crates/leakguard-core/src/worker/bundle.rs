//! Findings in generated code (a minified bundle) traced back to the original source through
//! the bundle's source map: an inline `data:` map, the file its `sourceMappingURL` names, or a
//! `.map` file beside it. Only bundles with findings pay for this, once per bundle.

use std::path::{Path, PathBuf};

use crate::location::LineIndex;
use crate::sourcemap::{find_reference, utf16_column, MapReference, SourceMap};
use crate::{Finding, Origin, OriginalLocation, ScanConfig};

/// File extensions of generated code that source maps describe.
const GENERATED: &[&str] = &[".js", ".mjs", ".cjs", ".css", ".jsx", ".ts"];

/// Fills each finding's `original` from the source map of `text`, when it has one.
pub(super) fn map_to_original(
    findings: &mut [Finding],
    text: &[u8],
    index: &LineIndex,
    origin: &Origin,
    config: &ScanConfig,
) {
    if findings.is_empty() {
        return;
    }
    let Some((map, shown)) = load_map(text, origin, config) else {
        return;
    };
    for finding in findings {
        let line_range = index.line_range(text, finding.location.start_line);
        let in_line = finding.location.start_byte.saturating_sub(line_range.start);
        let line_text = &text[line_range];
        let column = utf16_column(line_text, in_line);
        let Ok(line) = u32::try_from(finding.location.start_line) else {
            continue;
        };
        if let Some(position) = map.original_position(line, column) {
            finding.original = Some(OriginalLocation {
                source: position.source,
                line: position.line,
                column: position.column,
                map: shown.clone(),
            });
        }
    }
}

/// The map for `text` and how to name it: inline, the referenced file, or `<file>.map` beside a
/// generated file on disk. A map that cannot be read or parsed is simply not used: the finding
/// stands at its place in the bundle, and the map itself is scanned (and diagnosed) on its own.
fn load_map(text: &[u8], origin: &Origin, config: &ScanConfig) -> Option<(SourceMap, String)> {
    let bundle_path = match origin {
        Origin::File { path } => Some(path.as_path()),
        _ => None,
    };
    match find_reference(text) {
        Some(MapReference::Inline(bytes)) => {
            SourceMap::parse(&bytes).ok().map(|map| (map, "inline".to_owned()))
        }
        Some(MapReference::Url(url)) => {
            let path = resolve(bundle_path?, &url)?;
            read_map(&path, config)
        }
        None => {
            let path = bundle_path?;
            let name = path.file_name()?.to_str()?;
            if !GENERATED.iter().any(|ext| name.ends_with(ext)) {
                return None;
            }
            let mut beside = path.as_os_str().to_owned();
            beside.push(".map");
            read_map(Path::new(&beside), config)
        }
    }
}

/// The referenced map's path beside the bundle; none for remote URLs, which are never fetched.
fn resolve(bundle: &Path, url: &str) -> Option<PathBuf> {
    if url.contains("://") || url.starts_with("//") || url.starts_with('/') {
        return None;
    }
    Some(bundle.parent().unwrap_or(Path::new("")).join(url))
}

fn read_map(path: &Path, config: &ScanConfig) -> Option<(SourceMap, String)> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > config.max_file_size {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let map = SourceMap::parse(&bytes).ok()?;
    let shown = Origin::File {
        path: path.to_owned(),
    }
    .display_path();
    Some((map, shown))
}

//! Findings in generated code (a minified bundle) traced back to the original source through
//! the bundle's source map: an inline `data:` map, the file its `sourceMappingURL` names, or a
//! `.map` file beside it. Only bundles with findings read an external map, once per bundle.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::location::LineIndex;
use crate::origin::file_name;
use crate::sourcemap::{find_reference, utf16_column, MapReference, SourceMap, SourceMapError};
use crate::{Finding, Origin, OriginalLocation, ScanConfig};

/// File extensions of generated code that source maps describe.
const GENERATED: &[&str] = &[".js", ".mjs", ".cjs", ".jsx", ".css"];

/// The comment that names a map inline.
const INLINE_MARKER: &[u8] = b"sourceMappingURL=data:";

/// Whether a file at `path` is generated code that may carry a source map. Text without a path
/// (standard input) is treated as it: a `sourceMappingURL` comment is what decides then.
pub(super) fn is_generated(path: Option<&str>) -> bool {
    path.is_none_or(|path| {
        let name = file_name(path);
        GENERATED.iter().any(|ext| name.ends_with(ext))
    })
}

/// The bundle's inline map, parsed, and the byte range of its data URI in `text`.
pub(super) fn inline_map(text: &[u8]) -> Option<(Result<SourceMap, SourceMapError>, Range<usize>)> {
    let Some(MapReference::Inline(bytes)) = find_reference(text) else {
        return None;
    };
    let start = memchr::memmem::rfind(text, INLINE_MARKER)?;
    let end = memchr::memchr2(b'\n', b'\r', &text[start..]).map_or(text.len(), |i| start + i);
    Some((SourceMap::parse(&bytes), start..end))
}

/// The map an on-disk bundle names with `sourceMappingURL`, or `<bundle>.map` beside it, and
/// the map's path as shown. A map that cannot be read or parsed is not used here: the finding
/// stands at its place in the bundle, and the map itself is scanned (and diagnosed) on its own.
pub(super) fn external_map(
    text: &[u8],
    origin: &Origin,
    config: &ScanConfig,
) -> Option<(SourceMap, String)> {
    let Origin::File { path: bundle } = origin else {
        return None;
    };
    let path = match find_reference(text) {
        Some(MapReference::Url(url)) => resolve(bundle, &url)?,
        Some(MapReference::Inline(_)) => return None,
        None => {
            let mut beside = bundle.as_os_str().to_owned();
            beside.push(".map");
            PathBuf::from(beside)
        }
    };
    let size = std::fs::metadata(&path).ok()?.len();
    if size > config.max_file_size {
        return None;
    }
    let map = SourceMap::parse(&std::fs::read(&path).ok()?).ok()?;
    Some((map, Origin::File { path }.display_path()))
}

/// The referenced map's path beside the bundle; none for remote URLs, which are never fetched.
fn resolve(bundle: &Path, url: &str) -> Option<PathBuf> {
    if url.contains("://") || url.starts_with("//") || url.starts_with('/') {
        return None;
    }
    Some(bundle.parent().unwrap_or(Path::new("")).join(url))
}

/// The path of `file` (a map's `file`, the bundle it describes) beside the map at `map`.
pub(super) fn beside(map: &Origin, file: &str) -> String {
    let shown = map.display_path();
    let dir = &shown[..shown.len() - file_name(&shown).len()];
    format!("{dir}{file}")
}

/// Fills each finding's `original` through `map` (named `shown` in reports).
pub(super) fn map_to_original(
    findings: &mut [Finding],
    text: &[u8],
    index: &LineIndex,
    map: &SourceMap,
    shown: &str,
) {
    for finding in findings {
        let line_range = index.line_range(text, finding.location.start_line);
        let in_line = finding.location.start_byte.saturating_sub(line_range.start);
        let column = utf16_column(&text[line_range], in_line);
        let Ok(line) = u32::try_from(finding.location.start_line) else {
            continue;
        };
        if let Some(position) = map.original_position(line, column) {
            finding.original = Some(OriginalLocation {
                source: position.source,
                line: position.line,
                column: position.column,
                map: shown.to_owned(),
            });
        }
    }
}

//! Telling a source map from other files by its first bytes, before paying for a JSON parse.

use memchr::memmem;

/// How much of a blob is looked at when its name does not say it is a map.
const HEAD_LEN: usize = 4 * 1024;

/// Whether a blob at `path` with these first bytes is a source map worth parsing.
///
/// After a byte order mark, whitespace and the `)]}'` prefix, the text must open a JSON object.
/// A path ending in `.map` then suffices. Otherwise the first 4 KiB must hold `"version"` with
/// the value 3 and one of `"mappings"`, `"sources"` or `"sections"`: bundlers write `mappings`
/// either first (webpack) or after every source (esbuild), so requiring it alone would miss maps.
pub(crate) fn looks_like_source_map(path: Option<&str>, text: &[u8]) -> bool {
    let head = &text[..text.len().min(HEAD_LEN)];
    let body = strip_preamble(head);
    if !body.starts_with(b"{") {
        return false;
    }
    if path.is_some_and(has_map_extension) {
        return true;
    }
    has_version_3(body)
        && [&b"\"mappings\""[..], b"\"sources\"", b"\"sections\""]
            .iter()
            .any(|key| memmem::find(body, key).is_some())
}

/// `text` without a UTF-8 byte order mark, leading whitespace and the `)]}'` prefix that servers
/// put before JSON against cross-site script inclusion (the spec tells readers to skip it).
pub(super) fn strip_preamble(text: &[u8]) -> &[u8] {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let text = text.trim_ascii_start();
    match text.strip_prefix(b")]}") {
        Some(rest) => rest.strip_prefix(b"'").unwrap_or(rest).trim_ascii_start(),
        None => text,
    }
}

fn has_map_extension(path: &str) -> bool {
    path.len() >= 4
        && path
            .get(path.len() - 4..)
            .is_some_and(|end| end.eq_ignore_ascii_case(".map"))
}

/// Whether some `"version"` key is followed by `: 3` (and no further digit).
fn has_version_3(body: &[u8]) -> bool {
    memmem::find_iter(body, b"\"version\"").any(|at| {
        let rest = body[at + b"\"version\"".len()..].trim_ascii_start();
        let Some(value) = rest.strip_prefix(b":").map(<[u8]>::trim_ascii_start) else {
            return false;
        };
        value.first() == Some(&b'3')
            && value
                .get(1)
                .is_none_or(|next| !next.is_ascii_digit() && *next != b'.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_object_named_map_is_a_map() {
        assert!(looks_like_source_map(
            Some("dist/app.js.map"),
            b"  {\"x\":1}"
        ));
        assert!(looks_like_source_map(Some("dist/APP.JS.MAP"), b"{}"));
        assert!(looks_like_source_map(
            Some("app.js.map"),
            b"\xEF\xBB\xBF)]}'\n{\"version\":3}"
        ));
        assert!(!looks_like_source_map(Some("app.js.map"), b"[1, 2]"));
        assert!(!looks_like_source_map(Some("world.map"), b"P3 640 480"));
    }

    #[test]
    fn an_unnamed_map_needs_version_3_and_a_map_key() {
        let esbuild = br#"{
  "version": 3,
  "sources": ["src/config.ts"],
  "sourcesContent": ["export const x = 1;\n"],
  "mappings": "AAAO"
}"#;
        assert!(looks_like_source_map(None, esbuild));
        assert!(looks_like_source_map(
            Some("app.js.map.txt"),
            br#"{"version":3,"mappings":"AAAA"}"#
        ));
        assert!(!looks_like_source_map(
            Some("package.json"),
            br#"{"name":"app","version":"3.0.0","sources":[]}"#
        ));
        assert!(!looks_like_source_map(
            None,
            br#"{"version":30,"mappings":""}"#
        ));
        assert!(!looks_like_source_map(None, br#"{"version":3,"name":"x"}"#));
        assert!(!looks_like_source_map(None, b""));
    }

    #[test]
    fn the_preamble_is_skipped() {
        assert_eq!(strip_preamble(b")]}'\n{}"), b"{}");
        assert_eq!(strip_preamble(b")]}{}"), b"{}");
        assert_eq!(strip_preamble(b"\xEF\xBB\xBF \t{}"), b"{}");
        assert_eq!(strip_preamble(b"{}"), b"{}");
    }
}

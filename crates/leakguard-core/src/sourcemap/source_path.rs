//! The names of a map's sources as users should see them: `sourceRoot` joined on, and the
//! bundler's decorations (`webpack://app/./`, `file://`, leading `../`) taken off, so that a
//! finding reads `dist/app.js.map!src/config.ts` and not `webpack://app/./src/config.ts`.

/// Joins `sourceRoot` onto `source` as bundlers and browsers do: a source that is already
/// absolute (has a scheme, or starts with `/`) is left alone, since prefixing it would make a
/// path that exists nowhere.
pub(super) fn join_root(root: Option<&str>, source: &str) -> String {
    match root {
        Some(root) if !root.is_empty() && scheme(source).is_none() && !source.starts_with('/') => {
            if root.ends_with('/') {
                format!("{root}{source}")
            } else {
                format!("{root}/{source}")
            }
        }
        _ => source.to_owned(),
    }
}

/// The shown form of a (joined) source path:
/// - `http(s)://` and `data:` URLs are kept whole: they say where the file is served from;
/// - `file:///abs/path` becomes `/abs/path` (`file:///C:/x` becomes `C:/x`);
/// - any other scheme is a bundler's namespace (`webpack://app/`, `webpack-internal:///`,
///   `turbopack:///`, `ng://`): scheme and authority are dropped, leaving a relative path;
/// - leading `./` and `../` segments are dropped, as they only say where the bundler ran, and
///   inner `/./` segments are collapsed (`sourceRoot` joins make them).
///
/// A path that would become empty is kept as written.
pub(super) fn clean(path: &str) -> String {
    let mut relative = match scheme(path) {
        Some(name) if is_kept_scheme(name) => return path.to_owned(),
        Some(name) => {
            let rest = &path[name.len() + 1..];
            let local = strip_authority(rest);
            if name.eq_ignore_ascii_case("file") {
                return nonempty_or(strip_drive_slash(local), path);
            }
            local.trim_start_matches('/')
        }
        None => path,
    };
    loop {
        let shorter = relative
            .strip_prefix("./")
            .or_else(|| relative.strip_prefix("../"));
        match shorter {
            Some(rest) => relative = rest.trim_start_matches('/'),
            None => break,
        }
    }
    let mut shown = relative.to_owned();
    while shown.contains("/./") {
        shown = shown.replace("/./", "/");
    }
    nonempty_or(&shown, path)
}

fn nonempty_or(cleaned: &str, original: &str) -> String {
    if cleaned.is_empty() {
        original.to_owned()
    } else {
        cleaned.to_owned()
    }
}

fn is_kept_scheme(name: &str) -> bool {
    ["http", "https", "data"]
        .iter()
        .any(|kept| name.eq_ignore_ascii_case(kept))
}

/// The URL scheme `path` starts with (`webpack` in `webpack:///x`), if any. One letter is taken
/// for a Windows drive (`C:\x`), not a scheme.
fn scheme(path: &str) -> Option<&str> {
    let colon = path.find(':')?;
    let name = &path[..colon];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && name.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(name)
}

/// `//authority/path` → `/path`; anything not starting with `//` is returned as is.
fn strip_authority(rest: &str) -> &str {
    match rest.strip_prefix("//") {
        Some(after) => after.find('/').map_or("", |slash| &after[slash..]),
        None => rest,
    }
}

/// `/C:/x` → `C:/x`: a `file:` URL's path puts a slash before a Windows drive letter.
fn strip_drive_slash(path: &str) -> &str {
    let bytes = path.as_bytes();
    match bytes {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &path[1..],
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundler_namespaces_are_dropped() {
        assert_eq!(clean("webpack:///./src/a.ts"), "src/a.ts");
        assert_eq!(clean("webpack://app/./src/a.ts"), "src/a.ts");
        assert_eq!(clean("webpack:///src/a.ts"), "src/a.ts");
        assert_eq!(clean("webpack-internal:///./src/a.ts"), "src/a.ts");
        assert_eq!(
            clean("turbopack:///[project]/src/a.ts"),
            "[project]/src/a.ts"
        );
        assert_eq!(clean("webpack:///webpack/bootstrap"), "webpack/bootstrap");
    }

    #[test]
    fn leading_dot_segments_are_dropped() {
        assert_eq!(clean("./src/a.ts"), "src/a.ts");
        assert_eq!(clean("../../src/a.ts"), "src/a.ts");
        assert_eq!(clean("src/../a.ts"), "src/../a.ts");
        assert_eq!(clean("./"), "./");
    }

    #[test]
    fn file_urls_become_paths_and_web_urls_stay() {
        assert_eq!(clean("file:///abs/path/a.ts"), "/abs/path/a.ts");
        assert_eq!(clean("file:///C:/work/a.ts"), "C:/work/a.ts");
        assert_eq!(clean("/abs/path/a.ts"), "/abs/path/a.ts");
        assert_eq!(
            clean("https://cdn.example.com/a.js"),
            "https://cdn.example.com/a.js"
        );
        assert_eq!(clean(r"C:\work\a.ts"), r"C:\work\a.ts");
    }

    #[test]
    fn source_root_is_joined_onto_relative_sources_only() {
        assert_eq!(join_root(Some("src/"), "a.ts"), "src/a.ts");
        assert_eq!(join_root(Some("src"), "a.ts"), "src/a.ts");
        assert_eq!(join_root(Some(""), "a.ts"), "a.ts");
        assert_eq!(join_root(None, "a.ts"), "a.ts");
        assert_eq!(join_root(Some("src"), "/abs/a.ts"), "/abs/a.ts");
        assert_eq!(
            join_root(Some("src"), "webpack:///./a.ts"),
            "webpack:///./a.ts"
        );
        assert_eq!(clean(&join_root(Some("../lib/"), "./a.ts")), "lib/a.ts");
        assert_eq!(
            clean(&join_root(Some("webpack:///"), "./src/a.ts")),
            "src/a.ts"
        );
        assert_eq!(clean(&join_root(Some("/"), "./src/a.ts")), "/src/a.ts");
    }
}

//! Server secrets handed to the browser. Front-end build tools inline every variable with a
//! public prefix (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, …) into the JavaScript they ship, and
//! whatever sits in built output (`dist/`, `.next/static/`, …) is downloaded by every visitor. A
//! server-only credential in either place is public, whatever its rule's usual severity.

/// Variable prefixes that front-end toolchains expose to the browser, with the toolchain.
const PUBLIC_PREFIXES: &[(&str, &str)] = &[
    ("NEXT_PUBLIC_", "Next.js"),
    ("NUXT_PUBLIC_", "Nuxt"),
    ("EXPO_PUBLIC_", "Expo"),
    ("REACT_APP_", "Create React App"),
    ("VITE_", "Vite"),
    ("GATSBY_", "Gatsby"),
    ("PUBLIC_", "SvelteKit and Astro"),
];

/// Directories of built front-end output, matched as path components.
const BUILD_DIRS: &[&str] = &[
    "dist", "build", ".next", "out", "public", ".output", ".nuxt",
];

/// Script and map files a browser downloads.
const BROWSER_FILES: &[&str] = &[".js", ".mjs", ".cjs", ".map", ".html"];

/// Why a secret at `secret_start` in `line_before` (the text of its line before the secret) and
/// `path` is exposed to browsers, if it is.
pub(crate) fn client_exposure(line_before: &[u8], path: Option<&str>) -> Option<String> {
    if let Some(reason) = public_variable(line_before) {
        return Some(reason);
    }
    let path = path?;
    let in_build = path
        .split('/')
        .any(|component| BUILD_DIRS.contains(&component));
    let browser_file = BROWSER_FILES.iter().any(|ext| path.ends_with(ext));
    (in_build && browser_file).then(|| {
        format!("it is in built front-end output ({path}), which every visitor's browser downloads")
    })
}

/// The public-prefixed variable the secret is assigned to on its line, named with its toolchain.
fn public_variable(line_before: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(line_before);
    // The identifier closest before the assignment: `NAME=`, `NAME: `, `"NAME": "`, `NAME := `.
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '=' | ':' | '(' | ',')
    });
    let name: String = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    PUBLIC_PREFIXES
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix) && name.len() > prefix.len())
        .map(|(prefix, tool)| {
            format!("it is assigned to {name}, and {tool} inlines `{prefix}` variables into the browser bundle")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_prefixed_assignments_are_exposed() {
        for line in [
            "NEXT_PUBLIC_STRIPE_SECRET=",
            "export VITE_OPENAI_KEY=\"",
            "  REACT_APP_TOKEN: '",
            "\"EXPO_PUBLIC_KEY\": \"",
            "PUBLIC_SUPABASE_SERVICE_KEY = ",
        ] {
            assert!(client_exposure(line.as_bytes(), None).is_some(), "{line}");
        }
        for line in [
            "STRIPE_SECRET=",
            "VITE=",
            "const next_public = '",
            "SERVER_VITE_KEY=",
        ] {
            assert!(client_exposure(line.as_bytes(), None).is_none(), "{line}");
        }
    }

    #[test]
    fn built_browser_files_are_exposed_and_sources_are_not() {
        assert!(client_exposure(b"x=", Some("dist/assets/index-3f2a.js")).is_some());
        assert!(client_exposure(b"x=", Some("apps/web/.next/static/chunks/main.js")).is_some());
        assert!(client_exposure(b"x=", Some("src/build.rs")).is_none());
        assert!(client_exposure(b"x=", Some("src/app.js")).is_none());
        assert!(client_exposure(b"x=", Some("build/server.py")).is_none());
    }
}

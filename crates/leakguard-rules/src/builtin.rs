//! The built-in catalogue: the repository's `rules/` folder, embedded at build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Name under which embedded files appear in error messages and reports.
pub(crate) fn display_name(file: &str) -> String {
    format!("builtin:rules/{file}")
}

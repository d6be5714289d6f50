//! A parsed source map: its embedded sources, ready to scan, and its mappings, decoded on the
//! first lookup so that a map read only for `sourcesContent` never pays for them.
//!
//! Index maps (`sections`) are flattened when parsed: each section's sources are appended to one
//! list and its `mappings` kept with the section's start, so lookups see a single map.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::error::Category;

use super::error::{SourceMapError, MAX_SECTION_DEPTH, MAX_VALUE};
use super::mappings::{Mappings, Part};
use super::sniff::strip_preamble;
use super::source_path;

/// How much of an unsupported `version` value an error message repeats.
const MAX_SHOWN_VERSION: usize = 40;

/// A parsed source map (version 3).
#[derive(Debug)]
pub(crate) struct SourceMap {
    file: Option<String>,
    sources: Vec<Source>,
    parts: Vec<Part>,
    sectioned: bool,
    mappings: OnceLock<Mappings>,
}

/// Where generated code came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OriginalPosition {
    /// The source's path as shown to users (see [`SourceMap::sources_with_content`]).
    pub(crate) source: String,
    /// 1-based.
    pub(crate) line: u32,
    /// 1-based, in UTF-16 code units as the map counts them.
    pub(crate) column: u32,
}

#[derive(Debug)]
struct Source {
    shown: String,
    content: Option<String>,
}

/// A map as written. Unknown fields (`names`, `ignoreList`, vendor extensions) are skipped.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a source map object")]
struct RawMap {
    version: Option<serde_json::Value>,
    file: Option<String>,
    source_root: Option<String>,
    sources: Option<Vec<Option<String>>>,
    sources_content: Option<Vec<Option<String>>>,
    mappings: Option<String>,
    sections: Option<Vec<RawSection>>,
}

/// A section of an index map. A section that gives a `url` instead of a `map` (allowed by old
/// drafts) is skipped: following it would mean fetching.
#[derive(Deserialize)]
struct RawSection {
    #[serde(default)]
    offset: RawOffset,
    map: Option<Box<RawMap>>,
}

#[derive(Deserialize, Default, Clone, Copy)]
struct RawOffset {
    #[serde(default)]
    line: u64,
    #[serde(default)]
    column: u64,
}

impl SourceMap {
    /// Parses a source map. Accepts the `)]}'` prefix; index maps (`sections`) are flattened
    /// with each section's offset applied; `sourceRoot` is joined onto sources.
    pub(crate) fn parse(bytes: &[u8]) -> Result<SourceMap, SourceMapError> {
        let mut raw: RawMap = serde_json::from_slice(strip_preamble(bytes)).map_err(|error| {
            match error.classify() {
                Category::Data => SourceMapError::NotSourceMap {
                    reason: error.to_string(),
                },
                Category::Io | Category::Syntax | Category::Eof => SourceMapError::NotJson {
                    reason: error.to_string(),
                },
            }
        })?;
        let mut map = SourceMap {
            file: raw.file.take(),
            sources: Vec::new(),
            parts: Vec::new(),
            sectioned: false,
            mappings: OnceLock::new(),
        };
        map.add(raw, 0, (0, 0))?;
        Ok(map)
    }

    /// The map's `file` (the generated bundle's name), if given.
    pub(crate) fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// Each source that has embedded content: its path as shown to users, and the content.
    ///
    /// The path is cleaned (see `source_path::clean`: `webpack:///./src/a.ts` → `src/a.ts`).
    /// A `null` content is skipped; content whose source name is `null` or missing is kept under
    /// `<source N>` (its index), since a secret in it is no less a secret.
    pub(crate) fn sources_with_content(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .filter_map(|source| Some((source.shown.as_str(), source.content.as_deref()?)))
    }

    /// The original position of a generated one (`line` 1-based, `column` 0-based in UTF-16
    /// code units): that of the segment with the greatest generated column at or before `column`
    /// on that line. `None` when the line has no such segment or it maps to no source.
    pub(crate) fn original_position(&self, line: u32, column: u32) -> Option<OriginalPosition> {
        let hit = self.mappings().lookup(line.checked_sub(1)?, column)?;
        let source = self.sources.get(hit.source)?;
        Some(OriginalPosition {
            source: source.shown.clone(),
            line: hit.line.saturating_add(1),
            column: hit.column.saturating_add(1),
        })
    }

    /// The first segment of `mappings` that could not be used, if any (decoding them if not yet
    /// done). Such segments are skipped and the others still map, so this is for a diagnostic,
    /// not a reason to drop the map. Only the tests read it for now.
    #[cfg(test)]
    pub(crate) fn mappings_error(&self) -> Option<&SourceMapError> {
        self.mappings().first_error()
    }

    fn mappings(&self) -> &Mappings {
        self.mappings
            .get_or_init(|| Mappings::decode(&self.parts, self.sectioned))
    }

    /// Adds `raw`, at nesting `depth`, whose generated code starts at `start` (0-based line and
    /// column) in the bundle.
    fn add(&mut self, raw: RawMap, depth: usize, start: (u32, u32)) -> Result<(), SourceMapError> {
        check_version(raw.version.as_ref())?;
        if let Some(sections) = raw.sections {
            self.sectioned = true;
            let depth = depth + 1;
            if depth > MAX_SECTION_DEPTH {
                return Err(SourceMapError::SectionsTooDeep { depth });
            }
            for (index, section) in sections.into_iter().enumerate() {
                let offset = section.offset;
                let at = place(start, offset).ok_or(SourceMapError::SectionOffset {
                    section: index,
                    line: offset.line,
                    column: offset.column,
                })?;
                if let Some(map) = section.map {
                    self.add(*map, depth, at)?;
                }
            }
            return Ok(());
        }
        let names = raw.sources.unwrap_or_default();
        let contents = raw.sources_content.unwrap_or_default();
        let first_source = self.sources.len();
        let source_count = names.len();
        let root = raw.source_root.as_deref();
        let mut names = names.into_iter();
        let mut contents = contents.into_iter();
        for index in 0..source_count.max(contents.len()) {
            let shown = match names.next().flatten() {
                Some(name) => source_path::clean(&source_path::join_root(root, &name)),
                None => format!("<source {}>", first_source + index),
            };
            self.sources.push(Source {
                shown,
                content: contents.next().flatten(),
            });
        }
        self.parts.push(Part {
            mappings: raw.mappings.unwrap_or_default(),
            line: start.0,
            column: start.1,
            first_source,
            source_count,
        });
        Ok(())
    }
}

/// Where a section starts in the bundle: its offset is relative to its parent's start, and its
/// column counts from the parent's column only when it starts on the parent's first line.
fn place(parent: (u32, u32), offset: RawOffset) -> Option<(u32, u32)> {
    let (line, column) = if offset.line == 0 {
        (
            u64::from(parent.0),
            u64::from(parent.1).checked_add(offset.column)?,
        )
    } else {
        (u64::from(parent.0).checked_add(offset.line)?, offset.column)
    };
    let bounded = |value: u64| u32::try_from(value).ok().filter(|&v| v <= MAX_VALUE);
    Some((bounded(line)?, bounded(column)?))
}

fn check_version(version: Option<&serde_json::Value>) -> Result<(), SourceMapError> {
    match version {
        Some(value) if value.as_u64() == Some(3) => Ok(()),
        Some(value) => {
            let mut found = value.to_string();
            if found.len() > MAX_SHOWN_VERSION {
                let cut = (0..=MAX_SHOWN_VERSION)
                    .rev()
                    .find(|&at| found.is_char_boundary(at))
                    .unwrap_or(0);
                found.truncate(cut);
                found.push('…');
            }
            Err(SourceMapError::Version { found })
        }
        None => Err(SourceMapError::Version {
            found: "missing".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> SourceMap {
        match SourceMap::parse(json.as_bytes()) {
            Ok(map) => map,
            Err(error) => panic!("{json} should parse: {error}"),
        }
    }

    fn contents(map: &SourceMap) -> Vec<(&str, &str)> {
        map.sources_with_content().collect()
    }

    fn position(source: &str, line: u32, column: u32) -> Option<OriginalPosition> {
        Some(OriginalPosition {
            source: source.to_owned(),
            line,
            column,
        })
    }

    #[test]
    fn reads_file_sources_and_contents() {
        let map = parse(
            r#"{"version":3,"file":"app.js","sources":["webpack:///./src/a.ts","b.ts",null],
               "sourcesContent":["const a = 1;",null,"lost name"],"names":[],"mappings":"AAAA"}"#,
        );
        assert_eq!(map.file(), Some("app.js"));
        assert_eq!(
            contents(&map),
            [("src/a.ts", "const a = 1;"), ("<source 2>", "lost name")]
        );
        assert_eq!(map.original_position(1, 0), position("src/a.ts", 1, 1));
    }

    #[test]
    fn source_root_is_joined_before_cleaning() {
        let map = parse(
            r#"{"version":3,"sourceRoot":"../app/","sources":["src/a.ts","/abs/b.ts"],
               "sourcesContent":["A","B"],"mappings":"AAAA,CCAA"}"#,
        );
        assert_eq!(contents(&map), [("app/src/a.ts", "A"), ("/abs/b.ts", "B")]);
        assert_eq!(map.original_position(1, 1), position("/abs/b.ts", 1, 1));
    }

    #[test]
    fn the_xssi_prefix_is_skipped() {
        let map = parse(")]}'\n{\"version\":3,\"sources\":[],\"mappings\":\"\"}");
        assert_eq!(map.file(), None);
        assert_eq!(map.original_position(1, 0), None);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let error = |json: &str| SourceMap::parse(json.as_bytes()).err();
        assert!(matches!(
            error("{nope"),
            Some(SourceMapError::NotJson { .. })
        ));
        assert!(matches!(
            error("[1]"),
            Some(SourceMapError::NotSourceMap { .. })
        ));
        assert!(matches!(
            error(r#"{"version":3,"sources":[1]}"#),
            Some(SourceMapError::NotSourceMap { .. })
        ));
        assert_eq!(
            error(r#"{"version":2,"sources":[]}"#),
            Some(SourceMapError::Version {
                found: "2".to_owned()
            })
        );
        assert_eq!(
            error(r#"{"sources":[]}"#),
            Some(SourceMapError::Version {
                found: "missing".to_owned()
            })
        );
        let long = format!(r#"{{"version":"{}"}}"#, "9".repeat(1000));
        assert!(matches!(
            error(&long),
            Some(SourceMapError::Version { found }) if found.len() < 50
        ));
    }

    #[test]
    fn index_map_sections_are_flattened_with_their_offsets() {
        let map = parse(
            r#"{"version":3,"file":"bundle.js","sections":[
                {"offset":{"line":0,"column":0},"map":{"version":3,"sources":["one.ts"],
                    "sourcesContent":["first"],"mappings":"AAAA;AACA"}},
                {"offset":{"line":1,"column":0},"map":{"version":3,"sources":["two.ts"],
                    "sourcesContent":["second"],"mappings":"EAAE"}}
            ]}"#,
        );
        assert_eq!(map.file(), Some("bundle.js"));
        assert_eq!(contents(&map), [("one.ts", "first"), ("two.ts", "second")]);
        assert_eq!(map.original_position(1, 7), position("one.ts", 1, 1));
        // Line 2 belongs to the second section, which maps nothing before its column 2, even
        // though the first section's mappings also reach line 2.
        assert_eq!(map.original_position(2, 1), None);
        assert_eq!(map.original_position(2, 2), position("two.ts", 1, 3));
        assert_eq!(map.mappings_error(), None);
    }

    #[test]
    fn nested_sections_add_their_offsets() {
        let inner = r#"{"version":3,"sources":["deep.ts"],"mappings":"AAAA"}"#;
        let middle = format!(
            r#"{{"version":3,"sections":[{{"offset":{{"line":0,"column":5}},"map":{inner}}}]}}"#
        );
        let outer = format!(
            r#"{{"version":3,"sections":[{{"offset":{{"line":2,"column":10}},"map":{middle}}}]}}"#
        );
        let map = parse(&outer);
        assert_eq!(map.original_position(3, 14), None);
        assert_eq!(map.original_position(3, 15), position("deep.ts", 1, 1));
    }

    fn nested(depth: usize) -> String {
        let open = r#"{"version":3,"sections":[{"offset":{},"map":"#;
        let inner = r#"{"version":3,"sources":["x.ts"],"mappings":"AAAA"}"#;
        [open.repeat(depth), inner.to_owned(), "}]}".repeat(depth)].concat()
    }

    #[test]
    fn a_section_nesting_bomb_is_rejected() {
        assert!(SourceMap::parse(nested(MAX_SECTION_DEPTH).as_bytes()).is_ok());
        assert_eq!(
            SourceMap::parse(nested(MAX_SECTION_DEPTH + 1).as_bytes()).err(),
            Some(SourceMapError::SectionsTooDeep {
                depth: MAX_SECTION_DEPTH + 1
            })
        );
        // Far deeper than the JSON parser's own recursion limit: an error, not a stack overflow.
        assert!(SourceMap::parse(nested(10_000).as_bytes()).is_err());
    }

    #[test]
    fn section_offsets_beyond_32_bits_are_rejected() {
        let json = r#"{"version":3,"sections":[{"offset":{"line":0,"column":4294967296},
            "map":{"version":3,"sources":[],"mappings":""}}]}"#;
        assert!(matches!(
            SourceMap::parse(json.as_bytes()),
            Err(SourceMapError::SectionOffset { section: 0, .. })
        ));
    }

    #[test]
    fn bad_mappings_keep_the_map_and_are_reported() {
        let map = parse(r#"{"version":3,"sources":["a.ts"],"mappings":"AAAA,gggggggggA;AACA"}"#);
        assert_eq!(map.original_position(1, 3), position("a.ts", 1, 1));
        assert_eq!(map.original_position(2, 0), position("a.ts", 2, 1));
        assert!(matches!(
            map.mappings_error(),
            Some(SourceMapError::Mappings { at: 5, .. })
        ));
    }
}

//! Source maps (version 3, <https://tc39.es/ecma426/>): the original sources a frontend build
//! ships inside `app.js.map`, and the way back from a minified bundle to the file and line a
//! secret was written on.
//!
//! A map's `sourcesContent` holds every original file whole, so the scanner scans each entry as a
//! file of its own ([`SourceMap::sources_with_content`]); a finding in the bundle itself is
//! mapped back through `mappings` ([`SourceMap::original_position`], with [`utf16_column`] to
//! turn the matcher's byte offset into the column maps count). [`find_reference`] reads the
//! bundle's `sourceMappingURL` comment, [`looks_like_source_map`] picks maps out of a tree.
//!
//! Written here rather than taken from a crate so that every input bound is ours and can be
//! fuzzed: maps are attacker-controlled files in the repositories we scan. Parsing never panics;
//! numbers are 32-bit and checked, sums saturate, index maps nest at most
//! [`error::MAX_SECTION_DEPTH`] levels, memory stays a small multiple of the input, and
//! `mappings` are decoded only on the first lookup, so a map read only for its sources costs one
//! JSON parse.

mod column;
mod error;
mod map;
mod mappings;
mod reference;
mod sniff;
mod source_path;
mod vlq;

pub(crate) use column::utf16_column;
pub(crate) use error::SourceMapError;
pub(crate) use map::SourceMap;
pub(crate) use reference::{find_reference, MapReference};
pub(crate) use sniff::looks_like_source_map;

#[cfg(test)]
mod tests {
    use super::map::OriginalPosition;
    use super::*;
    use crate::test_rng::XorShift;

    /// `src/config.ts` (two lines) bundled into one line behind a banner holding an emoji, so
    /// that byte offsets and UTF-16 columns differ. Checked against Node's own `SourceMap`.
    const BUNDLE: &str = "/*\u{1F600}*/const a=\"fake_0123456789abcdef\",b=\"eu-west-1\";\n\
        //# sourceMappingURL=app.js.map\n";
    const CONFIG_TS: &str =
        "export const apiKey = \"fake_0123456789abcdef\";\nexport const region = \"eu-west-1\";\n";

    fn bundle_map() -> String {
        let content = serde_json::to_string(CONFIG_TS).unwrap_or_default();
        format!(
            r#"{{"version":3,"file":"app.js","sources":["webpack:///./src/config.ts"],
               "sourcesContent":[{content}],"names":[],
               "mappings":"MAAA,MAAa,EAAS,uB,CACT,EAAS"}}"#
        )
    }

    fn at(line: u32, column: u32) -> Option<OriginalPosition> {
        Some(OriginalPosition {
            source: "src/config.ts".to_owned(),
            line,
            column,
        })
    }

    #[test]
    fn a_secret_in_a_bundle_maps_back_to_its_source_line() {
        assert_eq!(
            find_reference(BUNDLE.as_bytes()),
            Some(MapReference::Url("app.js.map".to_owned()))
        );
        let map_text = bundle_map();
        assert!(looks_like_source_map(
            Some("dist/app.js.map"),
            map_text.as_bytes()
        ));
        let map = SourceMap::parse(map_text.as_bytes()).map_err(|e| e.to_string());
        let Ok(map) = map else {
            panic!("the map should parse: {map:?}");
        };
        assert_eq!(
            map.sources_with_content().collect::<Vec<_>>(),
            [("src/config.ts", CONFIG_TS)]
        );

        let line = BUNDLE.lines().next().unwrap_or_default().as_bytes();
        let secret_offset = BUNDLE.find("fake_").unwrap_or_default();
        let column = utf16_column(line, secret_offset);
        assert_eq!(column, 15, "the emoji is 4 bytes but 2 UTF-16 units");
        // Inside the string literal's segment, which starts at the quote on line 1, column 23.
        assert_eq!(map.original_position(1, column), at(1, 23));
        let region = utf16_column(line, BUNDLE.find("eu-west").unwrap_or_default());
        assert_eq!(map.original_position(1, region), at(2, 23));
        // `b=` maps to `region`, and the comma before it to nothing.
        assert_eq!(map.original_position(1, 39), at(2, 14));
        assert_eq!(map.original_position(1, 37), None);
        // The banner comes before the first segment.
        assert_eq!(map.original_position(1, 0), None);
        assert_eq!(map.original_position(1, 5), None);
        assert_eq!(map.original_position(2, 0), None);
        assert_eq!(map.original_position(0, 10), None);
        assert_eq!(map.mappings_error(), None);
    }

    /// Bytes that matter to JSON, VLQ and the reference finder, so mutations reach past the
    /// first check.
    const INTERESTING: &[u8] = b"{}[],:;\"\\ \n0123456789-+/=ABCDgkz!@#*)]}'\xF0\x9F\xFF";

    fn exercise(bytes: &[u8]) {
        if let Ok(map) = SourceMap::parse(bytes) {
            let _ = map.file();
            let _ = map.sources_with_content().count();
            for line in [0, 1, 2, 3, 1000, u32::MAX] {
                for column in [0, 1, 5, 17, 100, u32::MAX] {
                    let _ = map.original_position(line, column);
                }
            }
            let _ = map.mappings_error().map(ToString::to_string);
        }
        let _ = looks_like_source_map(Some("a.map"), bytes);
        let _ = looks_like_source_map(None, bytes);
        let _ = find_reference(bytes);
        for offset in [0, 1, 7, bytes.len() / 2, bytes.len(), usize::MAX] {
            let _ = utf16_column(bytes, offset);
        }
    }

    fn mutate(rng: &mut XorShift, bytes: &mut Vec<u8>) {
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(5) {
                0 if at < bytes.len() => bytes[at] = rng.pick(INTERESTING),
                1 => bytes.insert(at, rng.pick(INTERESTING)),
                2 if at < bytes.len() => {
                    bytes.remove(at);
                }
                3 => {
                    let end = (at + rng.below(16)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    let to = rng.below(bytes.len() + 1);
                    bytes.splice(to..to, copy);
                }
                _ if at < bytes.len() => bytes[at] = u8::try_from(rng.below(256)).unwrap_or(0),
                _ => {}
            }
        }
    }

    #[test]
    fn mutated_maps_never_panic() {
        let index_map = r#"{"version":3,"sections":[{"offset":{"line":0,"column":3},
            "map":{"version":3,"sources":["a.ts",null],"sourcesContent":["x",null],
            "mappings":"AAAA,CAAC;ACAE,gkE"}},{"offset":{"line":1,"column":0},
            "map":{"version":3,"sourceRoot":"webpack://app/","sources":["./b.ts"],
            "mappings":";;AAAA"}}]}"#;
        let seeds = [bundle_map(), index_map.to_owned(), BUNDLE.to_owned()];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for round in 0..3000 {
            let mut bytes = seeds[round % seeds.len()].clone().into_bytes();
            mutate(&mut rng, &mut bytes);
            exercise(&bytes);
        }
    }

    #[test]
    fn random_bytes_and_random_mappings_never_panic() {
        let mut rng = XorShift(0xD1B5_4A32_D192_ED03);
        const VLQ: &[u8] = b"ABCDEFghijkz0189+/,,;;;!=";
        for _ in 0..2000 {
            let len = rng.below(200);
            let noise: Vec<u8> = (0..len).map(|_| rng.pick(INTERESTING)).collect();
            exercise(&noise);
            let mappings: String = (0..len).map(|_| char::from(rng.pick(VLQ))).collect();
            let map = format!(r#"{{"version":3,"sources":["a","b"],"mappings":"{mappings}"}}"#);
            exercise(map.as_bytes());
            let sectioned = format!(
                r#"{{"version":3,"sections":[{{"offset":{{"line":{},"column":{}}},"map":{map}}}]}}"#,
                rng.next() % 4_000_000_000,
                rng.next() % 4_000_000_000,
            );
            exercise(sectioned.as_bytes());
        }
    }
}

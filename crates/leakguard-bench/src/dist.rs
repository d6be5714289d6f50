//! Built front-end output: minified single-line bundles with their source maps (version 3,
//! <https://tc39.es/ecma426/>), whose `sourcesContent` holds the original sources whole.
//!
//! A bundle either names `app.js.map` beside it or carries its map inline
//! (`//# sourceMappingURL=data:application/json;base64,…`). Fakes go in the bundle itself and
//! in the application's sources (`webpack:///./src/…`, reported by leakguard as
//! `dist/app.js.map!src/…`, or `dist/app.js!src/…` for an inline map); the vendored sources
//! (`node_modules/…`) hold none. `mappings` is valid but synthetic: one segment every few dozen
//! bundle columns, pointing at a line of some source, as a bundler's would.

use crate::artifact::{split, Plant};
use crate::content::{self, FileKind};
use crate::encode::base64;
use crate::fakes::FakeKind;
use crate::rng::Rng;
use crate::words::{camel, ident, pascal, LIB_WORDS, NAMESPACES, NOUNS};

/// A file of the corpus, by path relative to the corpus.
pub(crate) type File = (String, Vec<u8>);

/// One original source of a map.
struct Source {
    name: String,
    content: String,
    lines: usize,
}

/// The sources a bundle of `bundle_size` bytes was built from (about `ratio` times its size),
/// with `fakes` in the application's own files.
fn sources(
    bundle_size: usize,
    ratio: f64,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> (Vec<Source>, Vec<Plant>) {
    let target = (bundle_size as f64 * ratio) as usize;
    let mut planned: Vec<(String, FileKind, usize)> = Vec::new();
    let mut total = 0;
    while total < target || planned.is_empty() {
        let len = rng.log_uniform(600, 60_000).min(target.max(600));
        total += len;
        let entry = if rng.chance(0.35) {
            let lib = crate::words::join(rng, LIB_WORDS, 1, 2, "-");
            (
                format!("node_modules/{lib}/dist/{}.js", camel(&ident(rng))),
                FileKind::Js,
                len,
            )
        } else {
            let dir = rng.pick(&[
                "components",
                "hooks",
                "services",
                "api",
                "store",
                "utils",
                "config",
            ]);
            let (kind, ext) = *rng.pick(&[
                (FileKind::Ts, "ts"),
                (FileKind::Ts, "tsx"),
                (FileKind::Js, "js"),
                (FileKind::Js, "jsx"),
            ]);
            let file = if *dir == "components" {
                pascal(rng.word(NOUNS))
            } else {
                camel(&ident(rng))
            };
            (
                format!("src/{dir}/{}/{file}.{ext}", rng.pick(NAMESPACES)),
                kind,
                len,
            )
        };
        if !planned.iter().any(|p| p.0 == entry.0) {
            planned.push(entry);
        }
    }
    let own: Vec<usize> = (0..planned.len())
        .filter(|&i| planned[i].0.starts_with("src/"))
        .collect();
    let mut given: Vec<Vec<FakeKind>> = vec![Vec::new(); planned.len()];
    if own.is_empty() {
        // Every map has at least one application file to hold its fakes.
        planned.push(("src/config/index.ts".to_owned(), FileKind::Ts, 2_000));
        given.push(Vec::new());
    }
    let own: Vec<usize> = (0..planned.len())
        .filter(|&i| planned[i].0.starts_with("src/"))
        .collect();
    for (slot, group) in own.iter().zip(split(fakes, &vec![1.0; own.len()], rng)) {
        given[*slot] = group;
    }
    let mut out = Vec::new();
    let mut plants = Vec::new();
    for ((name, kind, len), fakes) in planned.into_iter().zip(given) {
        let (bytes, planted) = content::generate(kind, len, &fakes, rng);
        let content = String::from_utf8_lossy(&bytes).into_owned();
        plants.extend(planted.into_iter().map(|planted| Plant {
            path: name.clone(),
            via: Vec::new(),
            planted,
        }));
        out.push(Source {
            lines: content.lines().count().max(1),
            name,
            content,
        });
    }
    (out, plants)
}

/// Appends the Base64 VLQ of `value` (the source-map spec's number encoding).
fn vlq(out: &mut String, value: i64) {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rest = if value < 0 {
        ((-value) << 1) | 1
    } else {
        value << 1
    } as u64;
    loop {
        let mut digit = (rest & 31) as usize;
        rest >>= 5;
        if rest > 0 {
            digit |= 32;
        }
        out.push(char::from(DIGITS[digit]));
        if rest == 0 {
            break;
        }
    }
}

/// `mappings` for a bundle whose first line is `width` columns long (its second line, the
/// `sourceMappingURL` comment, maps to nothing): runs of segments through one source.
fn mappings(width: usize, sources: &[Source], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(width / 5);
    let (mut column, mut source, mut line, mut orig_column) = (0i64, 0i64, 0i64, 0i64);
    let (mut at, mut src, mut src_line) = (0usize, 0usize, 0usize);
    let mut first = true;
    while at < width {
        if rng.chance(0.02) {
            src = rng.below(sources.len());
            src_line = rng.below(sources[src].lines);
        } else if rng.chance(0.3) {
            src_line = (src_line + rng.range(1, 3)).min(sources[src].lines - 1);
        }
        let col = rng.below(60) as i64;
        if !first {
            out.push(',');
        }
        first = false;
        vlq(&mut out, at as i64 - column);
        vlq(&mut out, src as i64 - source);
        vlq(&mut out, src_line as i64 - line);
        vlq(&mut out, col - orig_column);
        (column, source, line, orig_column) = (at as i64, src as i64, src_line as i64, col);
        at += rng.log_uniform(4, 120);
    }
    out.push(';');
    out
}

/// `text` as a JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn source_map(file: &str, mappings: &str, sources: &[Source], rng: &mut Rng) -> String {
    let size: usize = sources.iter().map(|s| s.content.len() + 64).sum();
    let mut map = String::with_capacity(size + mappings.len() + 256);
    map.push_str(&format!(
        "{{\"version\":3,\"file\":{},\"mappings\":\"{mappings}\",\"sources\":[",
        json_string(file)
    ));
    for (i, s) in sources.iter().enumerate() {
        if i > 0 {
            map.push(',');
        }
        map.push_str(&json_string(&format!("webpack:///./{}", s.name)));
    }
    map.push_str("],\"sourcesContent\":[");
    for (i, s) in sources.iter().enumerate() {
        if i > 0 {
            map.push(',');
        }
        map.push_str(&json_string(&s.content));
    }
    map.push_str("],\"names\":[");
    for i in 0..rng.range(5, 40) {
        if i > 0 {
            map.push(',');
        }
        map.push_str(&json_string(&camel(&ident(rng))));
    }
    map.push_str("],\"sourceRoot\":\"\"}");
    map
}

/// A bundle `dir/name.js` of about `size` bytes and its map: beside it (`name.js.map`), or
/// inline if `inline`. A third of the fakes go in the bundle, the rest in the sources.
pub(crate) fn bundle(
    dir: &str,
    name: &str,
    size: usize,
    inline: bool,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> (Vec<File>, Vec<Plant>) {
    let groups = split(fakes, &[1.0, 2.0], rng);
    let bundle_path = format!("{dir}/{name}.js");
    let (mut bytes, planted) = content::generate(FileKind::MinJs, size, &groups[0], rng);
    let width = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let mut plants: Vec<Plant> = planted
        .into_iter()
        .map(|planted| Plant {
            path: bundle_path.clone(),
            via: vec!["bundle"],
            planted,
        })
        .collect();
    let ratio = if inline { 1.2 } else { 1.8 };
    let (sources, source_plants) = sources(size, ratio, &groups[1], rng);
    let map = source_map(
        &format!("{name}.js"),
        &mappings(width, &sources, rng),
        &sources,
        rng,
    );
    let mut files = Vec::new();
    if inline {
        bytes
            .extend_from_slice(b"//# sourceMappingURL=data:application/json;charset=utf-8;base64,");
        bytes.extend_from_slice(base64(map.as_bytes()).as_bytes());
        bytes.push(b'\n');
        plants.extend(
            source_plants
                .into_iter()
                .map(|p| p.inside(&bundle_path, "inline-map")),
        );
    } else {
        bytes.extend_from_slice(format!("//# sourceMappingURL={name}.js.map\n").as_bytes());
        let map_path = format!("{bundle_path}.map");
        plants.extend(
            source_plants
                .into_iter()
                .map(|p| p.inside(&map_path, "map")),
        );
        files.push((map_path, map.into_bytes()));
    }
    files.insert(0, (bundle_path, bytes));
    (files, plants)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vlq_decode(text: &str) -> Vec<i64> {
        const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let (mut out, mut value, mut shift) = (Vec::new(), 0i64, 0);
        for c in text.chars() {
            let digit = DIGITS.find(c).expect("a base64 digit") as i64;
            value |= (digit & 31) << shift;
            shift += 5;
            if digit & 32 == 0 {
                out.push(if value & 1 == 1 {
                    -(value >> 1)
                } else {
                    value >> 1
                });
                (value, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn vlq_matches_the_spec_examples() {
        let mut s = String::new();
        for v in [0, 1, -1, 15, 16, -16, 1000] {
            vlq(&mut s, v);
        }
        assert_eq!(s, "ACDegBhBw+B");
        assert_eq!(vlq_decode(&s), [0, 1, -1, 15, 16, -16, 1000]);
    }

    #[test]
    fn mappings_stay_inside_the_bundle_and_the_sources() {
        let mut rng = Rng::new(6);
        let (sources, _) = sources(20_000, 1.8, &[], &mut rng);
        let text = mappings(20_000, &sources, &mut rng);
        let line = text.strip_suffix(';').expect("two lines");
        let (mut col, mut src, mut orig) = (0i64, 0i64, 0i64);
        for segment in line.split(',') {
            let fields = vlq_decode(segment);
            assert_eq!(fields.len(), 4);
            (col, src, orig) = (col + fields[0], src + fields[1], orig + fields[2]);
            assert!((0..20_000).contains(&col));
            let source = &sources[src as usize];
            assert!((0..source.lines as i64).contains(&orig));
        }
    }

    #[test]
    fn maps_hold_the_planted_sources_and_bundles_name_their_maps() {
        let mut rng = Rng::new(12);
        let fakes = vec![FakeKind::Github; 9];
        let (files, plants) = bundle(
            "dist/assets",
            "app.0a1b2c3d",
            60_000,
            false,
            &fakes,
            &mut rng,
        );
        assert_eq!(plants.len(), 9);
        assert_eq!(files[1].0, "dist/assets/app.0a1b2c3d.js.map");
        let text = String::from_utf8_lossy(&files[0].1);
        assert!(text.ends_with("//# sourceMappingURL=app.0a1b2c3d.js.map\n"));
        let map = String::from_utf8_lossy(&files[1].1);
        assert!(map.starts_with("{\"version\":3,\"file\":\"app.0a1b2c3d.js\",\"mappings\":\""));
        for plant in &plants {
            match plant.via.as_slice() {
                ["bundle"] => assert_eq!(plant.path, "dist/assets/app.0a1b2c3d.js"),
                ["map"] => {
                    let source = plant.path.split('!').nth(1).expect("a source");
                    assert!(source.starts_with("src/"), "{source}");
                    assert!(map.contains(&format!("\"webpack:///./{source}\"")));
                }
                other => panic!("{other:?}"),
            }
        }
        let (files, plants) = bundle("dist/assets", "chunk", 30_000, true, &fakes, &mut rng);
        assert_eq!(files.len(), 1);
        assert!(plants
            .iter()
            .all(|p| p.via == ["bundle"] || p.via == ["inline-map"]));
        assert!(
            String::from_utf8_lossy(&files[0].1).contains("sourceMappingURL=data:application/json")
        );
    }
}

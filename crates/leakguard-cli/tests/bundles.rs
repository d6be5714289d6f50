//! Built front-end output through the binary: source maps' embedded sources, minified bundles
//! traced back to their original lines, inline maps, megabyte lines, ignored build folders.

mod common;

use base64::Engine as _;
use common::repo::{git, init};
use common::{code, github_findings, json, leakguard_in, write, Fake};

/// The original source the maps below describe: the token is on line 2.
fn original_source(token: &str) -> String {
    format!("// settings\nexport const token = \"{token}\";\n")
}

/// A one-line bundle of [`original_source`], the token at column 18 (1-based).
fn bundle(token: &str) -> String {
    format!("var a=1;const t=\"{token}\";console.log(t);")
}

/// A map from [`bundle`] to [`original_source`]: generated column 0 maps to line 1, column 0;
/// generated column 8 (`const`) to line 2, column 7 (`const` after `export `).
fn source_map(token: &str) -> String {
    serde_json::json!({
        "version": 3,
        "file": "app.js",
        "sources": ["webpack:///./src/config.ts"],
        "sourcesContent": [original_source(token)],
        "names": [],
        "mappings": "AAAA,QACO",
    })
    .to_string()
}

fn by_path(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    github_findings(report)
        .into_iter()
        .map(|f| {
            (
                f["origin"]["path"].as_str().unwrap_or_default().to_owned(),
                f,
            )
        })
        .collect()
}

#[test]
fn a_key_in_a_maps_embedded_source_is_reported_at_the_original_path_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(11).github_token();
    write(dir.path(), "dist/app.js.map", source_map(&token));
    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    let found = by_path(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let (path, finding) = &found[0];
    assert_eq!(path, "dist/app.js.map!src/config.ts");
    assert_eq!(finding["origin"]["kind"], "mapsource");
    assert_eq!(finding["origin"]["source"], "src/config.ts");
    assert_eq!(
        finding["origin"]["bundle"], "dist/app.js",
        "the map's `file`, beside it"
    );
    assert_eq!(finding["location"]["start_line"], 2);
    assert_eq!(finding["location"]["start_column"], 23);
}

#[test]
fn a_key_in_a_minified_bundle_is_traced_back_through_the_map_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(12).github_token();
    write(
        dir.path(),
        "dist/app.js",
        format!("{}\n//# sourceMappingURL=app.js.map\n", bundle(&token)),
    );
    write(dir.path(), "dist/app.js.map", source_map(&token));
    // A second bundle names no map: the `.map` beside it is used.
    write(dir.path(), "dist/vendor.js", bundle(&token));
    write(dir.path(), "dist/vendor.js.map", source_map(&token));

    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    let found = by_path(&report);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "dist/app.js",
            "dist/app.js.map!src/config.ts",
            "dist/vendor.js",
            "dist/vendor.js.map!src/config.ts"
        ]
    );
    for (bundle, map) in [
        (&found[0].1, "dist/app.js.map"),
        (&found[2].1, "dist/vendor.js.map"),
    ] {
        assert_eq!(bundle["location"]["start_line"], 1);
        assert_eq!(bundle["location"]["start_column"], 18);
        assert_eq!(
            bundle["original"],
            serde_json::json!({"source": "src/config.ts", "line": 2, "column": 8, "map": map})
        );
    }

    let human = common::stdout(&leakguard_in(dir.path(), &["scan", "dist/app.js"], b""));
    assert!(
        human.contains("original source src/config.ts:2:8 (through dist/app.js.map)"),
        "{human}"
    );
}

#[test]
fn an_inline_data_uri_map_traces_the_bundle_and_its_sources_are_scanned_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(13).github_token();
    let inline = base64::engine::general_purpose::STANDARD.encode(source_map(&token));
    write(
        dir.path(),
        "out/app.js",
        format!(
            "{}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,{inline}\n",
            bundle(&token)
        ),
    );
    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    let found = by_path(&report);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["out/app.js", "out/app.js!src/config.ts"],
        "{report:#}"
    );
    assert_eq!(found[0].1["original"]["map"], "inline");
    assert_eq!(found[0].1["original"]["line"], 2);
    assert_eq!(found[1].1["location"]["start_line"], 2);
    assert!(
        found[1].1["origin"].get("bundle").is_none(),
        "the bundle is the map's origin"
    );
    assert!(found.iter().all(|(_, f)| f.get("decoding").is_none()));
}

#[test]
fn a_five_megabyte_single_line_bundle_reports_line_column_and_a_short_snippet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(14).github_token();
    let mut line = String::with_capacity(5 * 1024 * 1024 + 100);
    let mut n = 0u64;
    while line.len() < 4 * 1024 * 1024 {
        line.push_str(&format!("function f{n}(a,b){{return a*{n}+b}};"));
        n += 1;
    }
    let column = line.chars().count() + 1 + "const k=\"".len();
    line.push_str(&format!("const k=\"{token}\";"));
    while line.len() < 5 * 1024 * 1024 {
        line.push_str(&format!("var v{n}={n};"));
        n += 1;
    }
    write(dir.path(), "build/static/js/main.js", &line);

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    let found = by_path(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let finding = &found[0].1;
    assert_eq!(finding["location"]["start_line"], 1);
    assert_eq!(finding["location"]["start_column"], column as u64);
    let snippet = finding["snippet"].as_str().unwrap_or_default();
    assert!(snippet.len() < 300, "{} bytes", snippet.len());
    assert!(!snippet.contains(&token), "{snippet}");
}

#[test]
fn a_build_folder_that_gitignore_lists_is_scanned_when_named() {
    let repo = init();
    let token = Fake::new(15).github_token();
    write(repo.path(), ".gitignore", "dist/\n");
    write(repo.path(), "dist/app.js", bundle(&token));
    git(repo.path(), &["add", ".gitignore"]);

    let whole = json(&leakguard_in(
        repo.path(),
        &["scan", ".", "-f", "json"],
        b"",
    ));
    assert!(github_findings(&whole).is_empty(), "{whole:#}");

    let named = leakguard_in(repo.path(), &["scan", "dist/", "-f", "json"], b"");
    let report = json(&named);
    assert_eq!(code(&named), 1);
    let found = by_path(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(found[0].0.ends_with("dist/app.js"), "{}", found[0].0);
}

#[test]
fn a_file_named_map_that_is_not_a_source_map_is_scanned_as_text_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(16).github_token();
    write(
        dir.path(),
        "routes.map",
        format!("{{ broken json\ntoken {token}\n"),
    );
    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1);
    assert_eq!(by_path(&report)[0].0, "routes.map");
    assert_eq!(report["diagnostics"][0]["kind"], "source-map");
    assert_eq!(report["incomplete"], false);
}

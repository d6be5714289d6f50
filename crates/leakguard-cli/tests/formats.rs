//! Report formats through the real binary: SARIF validated against the official 2.1.0 schema,
//! and the fields GitHub code scanning relies on.

mod common;

use std::fs;

use common::{code, json, leakguard_in, sarif_schema_validator, Fake};

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(100);
    fs::create_dir_all(dir.path().join("src dir")).expect("mkdir");
    fs::write(
        dir.path().join("src dir/app.js"),
        format!("const t = \"{}\";\n", fake.github_token()),
    )
    .expect("write");
    fs::write(
        dir.path().join("b.txt"),
        format!("\n\nx={}\n", fake.github_token()),
    )
    .expect("write");
    let out = leakguard_in(dir.path(), &["scan", "--format", "sarif"], b"");
    assert_eq!(code(&out), 1);
    let sarif = json(&out);
    let validator = sarif_schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );

    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    for result in results {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule_id);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().is_some());
        assert!(result["partialFingerprints"]
            .as_object()
            .is_some_and(|o| !o.is_empty()));
    }
    let uris: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert_eq!(uris, ["b.txt", "src%20dir/app.js"]);
    let rule = &rules[0];
    let severity: f64 = rule["properties"]["security-severity"]
        .as_str()
        .expect("string")
        .parse()
        .expect("number");
    assert!((0.0..=10.0).contains(&severity));
    assert!(rule["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.contains("Remediation")));
    assert!(rule["helpUri"]
        .as_str()
        .is_some_and(|u| u.contains("docs/rules.md#")));
    assert!(rule["properties"]["tags"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "security")));
}

#[test]
fn clean_scan_sarif_is_valid_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.txt"), "nothing\n").expect("write");
    let out = leakguard_in(dir.path(), &["scan", "--format", "sarif"], b"");
    assert_eq!(code(&out), 0);
    let sarif = json(&out);
    assert!(sarif_schema_validator().is_valid(&sarif));
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn sarif_carries_the_line_hash_a_category_and_no_personal_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = common::Fake::new(950).github_token();
    std::fs::write(
        dir.path().join("k.js"),
        format!("  const t = \"{token}\";\n"),
    )
    .expect("write");
    let out = common::leakguard_in(dir.path(), &["scan", ".", "--format", "sarif"], b"");
    let sarif = common::json(&out);
    let run = &sarif["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "leakguard/files/");
    let hash = run["results"][0]["partialFingerprints"]["primaryLocationLineHash"]
        .as_str()
        .expect("line hash");
    let (value, count) = hash.split_once(':').expect("hash:count");
    assert!(
        u64::from_str_radix(value, 16).is_ok() && count == "1",
        "{hash}"
    );
    assert!(common::sarif_schema_validator().is_valid(&sarif));
}

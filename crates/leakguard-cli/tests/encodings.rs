//! Secrets hidden by an encoding, through the binary: base64 (a Kubernetes Secret), percent-encoding
//! (a URL's password), JSON string escapes; each reported at the encoded text with the decoding
//! that revealed it.

mod common;

use base64::Engine as _;
use common::{code, github_findings, json, leakguard_in, write, Fake};

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn a_kubernetes_secret_with_a_base64_token_is_found_at_the_encoded_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(21).github_token();
    let encoded = b64(&token);
    let manifest = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ntype: Opaque\ndata:\n  GITHUB_TOKEN: {encoded}\n"
    );
    write(dir.path(), "k8s/secret.yaml", &manifest);

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    let found = github_findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let finding = &found[0];
    assert_eq!(finding["decoding"], serde_json::json!(["base64"]));
    assert_eq!(finding["location"]["start_line"], 7);
    assert_eq!(finding["location"]["start_column"], 17);
    assert_eq!(
        finding["location"]["end_column"],
        17 + encoded.len() as u64,
        "the location covers the encoded value"
    );
    assert_eq!(finding["secret"], format!("{}…", &token[..4]));
    let snippet = finding["snippet"].as_str().unwrap_or_default();
    assert!(
        !snippet.contains(&encoded),
        "the encoded secret is redacted too: {snippet}"
    );

    let shown = json(&leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "json", "--show-secrets"],
        b"",
    ));
    assert_eq!(github_findings(&shown)[0]["secret"], token.as_str());

    let off = leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "json", "--decode-depth", "0"],
        b"",
    );
    assert!(github_findings(&json(&off)).is_empty());
}

#[test]
fn a_percent_encoded_password_in_a_url_is_reported_decoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "deploy.sh",
        "psql 'postgres://billing:Qx7%40vR2%21mZp9%23Lk@db.internal.example:5432/billing'\n",
    );
    let out = leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "json", "--show-secrets"],
        b"",
    );
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{report:#}");
    let finding = &findings[0];
    assert!(
        finding["rule"]
            .as_str()
            .is_some_and(|r| r.contains("postgres")),
        "{finding:#}"
    );
    assert_eq!(finding["secret"], "Qx7@vR2!mZp9#Lk");
    assert_eq!(finding["decoding"], serde_json::json!(["percent"]));
    let start = "psql 'postgres://billing:".len() + 1;
    assert_eq!(finding["location"]["start_column"], start as u64);
    assert_eq!(
        finding["location"]["end_column"],
        (start + "Qx7%40vR2%21mZp9%23Lk".len()) as u64
    );
}

#[test]
fn a_json_escaped_key_is_found_at_its_escaped_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(22).github_token();
    let escaped = token.replacen('_', "\\u005f", 1);
    write(
        dir.path(),
        "public/config.json",
        format!(
            "{{\n  \"api\": \"https:\\/\\/api.example.com\",\n  \"token\": \"{escaped}\"\n}}\n"
        ),
    );
    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    let found = github_findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["decoding"], serde_json::json!(["escape"]));
    assert_eq!(found[0]["location"]["start_line"], 3);
    assert_eq!(found[0]["location"]["start_column"], 13);
    assert_eq!(
        found[0]["location"]["end_column"],
        13 + escaped.len() as u64
    );
}

#[test]
fn base64_inside_an_escaped_json_string_is_found_two_decodings_deep() {
    let dir = tempfile::tempdir().expect("tempdir");
    let token = Fake::new(23).github_token();
    let encoded = b64(&format!("auth={token}"));
    // The first character written as a `\u` escape: only the escape decoding gives the base64
    // run back whole.
    let first = encoded.chars().next().expect("not empty");
    let hidden = format!("\\u{:04x}{}", first as u32, &encoded[1..]);
    write(
        dir.path(),
        "settings.json",
        format!("{{\"blob\": \"{hidden}\"}}\n"),
    );

    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    let found = github_findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        found[0]["decoding"],
        serde_json::json!(["escape", "base64"])
    );
    // `auth=` is five bytes, so the token starts in the second base64 group: encoded character
    // 4, which is raw column 11 (the string's start) + 6 (`\u00XX`) + 3.
    assert_eq!(found[0]["location"]["start_column"], 20);

    let shallow = leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "json", "--decode-depth", "1"],
        b"",
    );
    assert!(github_findings(&json(&shallow)).is_empty());
}

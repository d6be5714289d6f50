//! Rules imported from a gitleaks config, run through the whole engine next to the built-in
//! catalogue. The config is written for this test; every value is a made-up `myco_` token.

use std::path::PathBuf;

use leakguard_core::rules::RuleLoader;
use leakguard_core::{scan_bytes, Engine, Origin, ScanConfig};

const CONFIG: &str = r#"
title = "myco"

[extend]
useDefault = true

[allowlist]
description = "global"
paths = ['''(^|/)third_party/''']
stopwords = ["sandbox"]

[[rules]]
id = "myco-api-token"
description = "MyCo API token"
regex = '''(?i)(token|secret)\s*[:=]\s*["']?(myco_[a-z0-9]{32})\b'''
secretGroup = 2
entropy = 3.5
keywords = ["myco_"]

[[rules]]
id = "myco-env-password"
path = '''(^|/)\.env$'''
regex = '''MYCO_PASSWORD=(\S{12,})'''
keywords = ["myco_password"]
[[rules.allowlists]]
regexes = ['''^hunter''']
"#;

const TOKEN: &str = "myco_q8Zt3LmW9vKp2RxN7cYb4HjD6sFa1GeU";

fn engine() -> Engine {
    let mut loader = RuleLoader::new();
    loader.add_builtin().expect("built-in rules load");
    let import = loader
        .add_gitleaks_toml(CONFIG, "myco.toml")
        .expect("gitleaks config imports");
    assert_eq!(import.rules.len(), 2);
    assert_eq!(import.notes.len(), 2, "{:?}", import.notes);
    Engine::new(loader.finish())
}

/// (rule id, secret) of every finding of an imported rule in `text` read from `path`.
fn found(engine: &Engine, text: &str, path: &str) -> Vec<(String, String)> {
    let config = ScanConfig {
        threads: 1,
        show_secrets: true,
        ..ScanConfig::default()
    };
    let origin = Origin::File {
        path: PathBuf::from(path),
    };
    scan_bytes(engine, text.as_bytes(), origin, &config)
        .findings
        .iter()
        .filter(|f| f.rule.as_str().starts_with("gitleaks."))
        .map(|f| (f.rule.to_string(), f.secret.as_str().to_owned()))
        .collect()
}

#[test]
fn imported_rules_report_their_secret_group() {
    let engine = engine();
    let text = format!("[api]\ntoken = \"{TOKEN}\"\n");
    assert_eq!(
        found(&engine, &text, "conf/app.toml"),
        [("gitleaks.myco-api-token".to_owned(), TOKEN.to_owned())]
    );
    let finding = scan_bytes(
        &engine,
        text.as_bytes(),
        Origin::File {
            path: PathBuf::from("conf/app.toml"),
        },
        &ScanConfig::default(),
    )
    .findings
    .into_iter()
    .find(|f| f.rule.as_str() == "gitleaks.myco-api-token")
    .expect("found");
    assert_eq!(finding.rule_name, "myco-api-token");
    assert_eq!(finding.location.start_line, 2);
}

#[test]
fn entropy_and_near_misses_are_not_reported() {
    let engine = engine();
    let low = "token = myco_abababababcdcdcdcdabababababcdcdcd\n";
    assert!(found(&engine, low, "a.toml").is_empty());
    let short = format!("token = {}\n", &TOKEN[..TOKEN.len() - 1]);
    assert!(found(&engine, &short, "a.toml").is_empty());
}

#[test]
fn path_rules_and_allowlists_follow_the_path() {
    let engine = engine();
    let env = "MYCO_PASSWORD=Zq7#mW2v!pL9xR\n";
    assert_eq!(
        found(&engine, env, "deploy/.env"),
        [(
            "gitleaks.myco-env-password".to_owned(),
            "Zq7#mW2v!pL9xR".to_owned()
        )]
    );
    assert!(found(&engine, env, "deploy/env.txt").is_empty());
    assert!(found(&engine, "MYCO_PASSWORD=hunter2hunter2\n", "deploy/.env").is_empty());
    let token = format!("token = {TOKEN}\n");
    assert!(found(&engine, &token, "lib/third_party/keys.txt").is_empty());
    let sandbox = "token = myco_sandboxq8zt3lmw9vkp2rxn7cyb4hjd6\n";
    assert!(found(&engine, sandbox, "a.toml").is_empty());
}

#[test]
fn match_and_line_allowlists_run_in_the_engine() {
    let mut loader = RuleLoader::new();
    loader
        .add_gitleaks_toml(
            "[[rules]]\nid = \"t\"\nregex = '''token\\s*=\\s*(myco_\\w{32})'''\n[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''#\\s*rotated''']\n",
            "line.toml",
        )
        .expect("imports");
    let engine = Engine::new(loader.finish());
    let text = format!("token = {TOKEN} # rotated\n");
    assert!(found(&engine, &text, "a.toml").is_empty());
}

//! CORS and cookie checks through the binary, on the shapes of a real app (OWASP juice-shop's:
//! `app.use(cors())`, `res.cookie('token', token)` with no flags, tokens in `localStorage`), in
//! the same pass as the secret scan, with evidence shown and SARIF that validates.

mod common;

use common::{code, json, leakguard_in, write};

/// (rule, severity, path, line) of every cors/cookie finding.
fn config_findings(report: &serde_json::Value) -> Vec<(String, String, String, u64)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["category"] == "cors" || f["category"] == "cookie")
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["severity"].as_str().unwrap_or_default().to_owned(),
                f["origin"]["path"].as_str().unwrap_or_default().to_owned(),
                f["location"]["start_line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn juice_shop_like(dir: &std::path::Path) {
    write(
        dir,
        "server.ts",
        "import express from 'express'\nimport cors from 'cors'\n\nconst app = express()\n\
         app.options('*', cors())\napp.use(cors())\n",
    );
    write(
        dir,
        "routes/login.ts",
        "export function login () {\n  return (req: Request, res: Response) => {\n    \
         const token = security.authorize(user)\n    res.cookie('token', token)\n    \
         res.json({ authentication: { token, bid: 1 } })\n  }\n}\n",
    );
    write(
        dir,
        "frontend/src/app/login/login.component.ts",
        "onLogin (authentication) {\n  localStorage.setItem('token', authentication.token)\n  \
         sessionStorage.setItem('bid', authentication.bid)\n}\n",
    );
    write(
        dir,
        "frontend/src/app/oauth/oauth.component.ts",
        "login (profile) {\n  localStorage.setItem('token', profile.token)\n}\n",
    );
    write(
        dir,
        "frontend/src/app/two-factor/two-factor.component.ts",
        "verify (t) {\n  localStorage.setItem('token', t.authentication.token)\n}\n",
    );
    write(
        dir,
        "frontend/src/app/change/change.component.ts",
        "update (r) {\n  localStorage.setItem('token', r.token)\n}\n",
    );
}

#[test]
fn juice_shop_shapes_are_found_with_severity_by_what_they_risk() {
    let dir = tempfile::tempdir().expect("tempdir");
    juice_shop_like(dir.path());
    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1, "{report:#}");
    let found = config_findings(&report);

    let cors: Vec<_> = found.iter().filter(|f| f.2 == "server.ts").collect();
    assert!(!cors.is_empty(), "app.use(cors()) is reported: {found:#?}");
    assert!(
        cors.iter().all(|f| f.1 == "low"),
        "a wildcard without credentials is low at most: {cors:#?}"
    );

    let cookie: Vec<_> = found
        .iter()
        .filter(|f| f.2 == "routes/login.ts" && f.3 == 4)
        .collect();
    assert!(
        cookie.iter().any(|f| f.1 == "high"),
        "a session cookie without HttpOnly is high: {found:#?}"
    );

    let storage: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "cookie.web-storage-session-token")
        .map(|f| (f.2.as_str(), f.3))
        .collect();
    assert_eq!(
        storage,
        [
            ("frontend/src/app/change/change.component.ts", 2),
            ("frontend/src/app/login/login.component.ts", 2),
            ("frontend/src/app/oauth/oauth.component.ts", 2),
            ("frontend/src/app/two-factor/two-factor.component.ts", 2),
        ],
        "the four localStorage tokens, and not the `bid`: {found:#?}"
    );

    let evidence = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["category"] == "cors")
        .expect("a cors finding");
    assert_eq!(
        evidence["secret"], "cors",
        "evidence is shown, not redacted"
    );
}

#[test]
fn credentials_with_any_origin_is_high_and_a_comment_or_an_allowlist_is_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "api/app.js",
        "const app = express();\napp.use(\n  cors({\n    origin: true,\n    credentials: true,\n  })\n);\n",
    );
    write(
        dir.path(),
        "api/safe.js",
        "// was: app.use(cors({ origin: true, credentials: true }));\n\
         app.use(cors({ origin: ['https://app.example.com'], credentials: true }));\n",
    );
    write(
        dir.path(),
        "docs/cors.md",
        "Never write `app.use(cors({ origin: true, credentials: true }))`.\n",
    );
    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    let found = config_findings(&report);
    assert_eq!(
        found,
        [(
            "cors.express-credentials-any-origin".to_owned(),
            "high".to_owned(),
            "api/app.js".to_owned(),
            3
        )],
        "{report:#}"
    );
}

#[test]
fn sarif_with_config_findings_validates_and_tags_the_category() {
    let dir = tempfile::tempdir().expect("tempdir");
    juice_shop_like(dir.path());
    let sarif = json(&leakguard_in(
        dir.path(),
        &["scan", ".", "-f", "sarif"],
        b"",
    ));
    let errors: Vec<String> = common::sarif_schema_validator()
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let storage = rules
        .iter()
        .find(|r| r["id"] == "cookie.web-storage-session-token")
        .expect("the rule is described");
    let tags = storage["properties"]["tags"].to_string();
    assert!(
        tags.contains("cookie") && tags.contains("external/cwe/cwe-922"),
        "{tags}"
    );
}

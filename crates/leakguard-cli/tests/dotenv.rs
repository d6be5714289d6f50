//! Committed environment files through the binary: in the work tree and in history, templates
//! left alone, severity by content, secrets shared across environments, and `.gitignore`.

mod common;

use common::repo::{commit, git, init};
use common::{code, json, leakguard_in, write, Fake};

fn by_rule<'r>(report: &'r serde_json::Value, rule: &str) -> Vec<&'r serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn path_of(finding: &serde_json::Value) -> &str {
    finding["origin"]["path"].as_str().unwrap_or_default()
}

#[test]
fn env_files_are_reported_once_each_with_severity_by_content_and_templates_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), ".env", "NODE_ENV=development\nPORT=3000\n");
    write(
        dir.path(),
        "api/.env.production",
        "APP_NAME=shop\nSESSION_SECRET=Zr8qLw2Xv9TbN4keP7\nLOG_LEVEL=info\n",
    );
    let token = Fake::new(31).github_token();
    write(
        dir.path(),
        "ci/.env.local",
        format!("DEPLOY_USER=ci\nGH={token}\n"),
    );
    write(
        dir.path(),
        ".env.example",
        "SESSION_SECRET=changeme\nAPI_KEY=your-api-key\n",
    );

    let out = leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b"");
    let report = json(&out);
    assert_eq!(code(&out), 1);
    let files: Vec<(&str, &str)> = by_rule(&report, "dotenv.env-file")
        .into_iter()
        .map(|f| (path_of(f), f["severity"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        files,
        [
            (".env", "low"),
            ("api/.env.production", "high"),
            ("ci/.env.local", "high"),
        ],
        "{report:#}"
    );
    let production = &by_rule(&report, "dotenv.env-file")[1];
    assert_eq!(
        production["location"]["start_line"], 2,
        "the secret-named line"
    );
    assert_eq!(production["secret"], "Zr8q…", "values are redacted");
}

#[test]
fn an_env_file_committed_once_and_deleted_is_reported_with_its_commit() {
    let repo = init();
    write(repo.path(), "README.md", "# app\n");
    commit(repo.path(), "start", 1);
    write(
        repo.path(),
        ".env",
        "DATABASE_HOST=db.internal\nSTRIPE_API_KEY=Qm7vTz2LxW9kRp4N8c\n",
    );
    let added = commit(repo.path(), "add settings", 2);
    git(repo.path(), &["rm", "-q", ".env"]);
    commit(repo.path(), "oops, remove .env", 3);

    let out = leakguard_in(repo.path(), &["git", "-f", "json"], b"");
    let report = json(&out);
    let found = by_rule(&report, "dotenv.env-file");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["origin"]["commit"], added.as_str());
    assert_eq!(found[0]["severity"], "high");
}

#[test]
fn the_same_secret_in_two_environments_files_is_marked_shared() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(32);
    let (shared, own) = (fake.github_token(), fake.github_token());
    write(
        dir.path(),
        "helm/values-dev.yaml",
        format!("image: app\nci:\n  token: {shared}\n"),
    );
    write(
        dir.path(),
        "helm/values-prod.yaml",
        format!("image: app\nci:\n  token: {shared}\n"),
    );
    write(
        dir.path(),
        "helm/values-staging.yaml",
        format!("image: app\nci:\n  token: {own}\n"),
    );
    write(
        dir.path(),
        "scripts/release.sh",
        format!("TOKEN={shared}\n"),
    );

    let report = json(&leakguard_in(dir.path(), &["scan", ".", "-f", "json"], b""));
    let marked: Vec<(&str, serde_json::Value)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "github.pat-classic")
        .map(|f| (path_of(f), f["shared_with"].clone()))
        .collect();
    assert_eq!(
        marked,
        [
            (
                "helm/values-dev.yaml",
                serde_json::json!(["helm/values-prod.yaml"])
            ),
            (
                "helm/values-prod.yaml",
                serde_json::json!(["helm/values-dev.yaml"])
            ),
            ("helm/values-staging.yaml", serde_json::Value::Null),
            ("scripts/release.sh", serde_json::Value::Null),
        ]
    );
    let human = common::stdout(&leakguard_in(dir.path(), &["scan", "helm"], b""));
    assert!(
        human.contains("same value in another environment: helm/values-prod.yaml"),
        "{human}"
    );
}

#[test]
fn a_gitignore_without_env_is_reported_only_where_env_files_exist() {
    let repo = init();
    write(repo.path(), ".gitignore", "node_modules/\ndist/\n");
    write(repo.path(), "src/app.js", "console.log('hi');\n");
    let clean = json(&leakguard_in(
        repo.path(),
        &["scan", ".", "-f", "json"],
        b"",
    ));
    assert!(
        by_rule(&clean, "dotenv.env-not-gitignored").is_empty(),
        "{clean:#}"
    );

    write(repo.path(), ".env", "PORT=8080\n");
    let report = json(&leakguard_in(
        repo.path(),
        &["scan", ".", "-f", "json"],
        b"",
    ));
    let found = by_rule(&report, "dotenv.env-not-gitignored");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(path_of(found[0]), ".gitignore");
    assert_eq!(found[0]["severity"], "low");

    write(repo.path(), ".gitignore", "node_modules/\ndist/\n.env\n");
    let fixed = json(&leakguard_in(
        repo.path(),
        &["scan", ".", "-f", "json", "--no-ignore"],
        b"",
    ));
    assert!(
        by_rule(&fixed, "dotenv.env-not-gitignored").is_empty(),
        "{fixed:#}"
    );
    assert_eq!(by_rule(&fixed, "dotenv.env-file").len(), 1);
}

//! The HTML report through the binary, opened in headless Chromium: the page renders without a
//! script error, lists every finding the JSON report has, draws the months the secrets were
//! committed in, filters by the `#q=` in its URL, and shows hostile paths and rule names as text.
//!
//! Chromium (Debian package `chromium`) is found on PATH as `chromium` or `chromium-browser`, or
//! at /usr/bin/chromium. Without it the browser tests skip with a banner on stderr, except under
//! `CI` (set by .ci/run, which installs it), where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::repo::{git, git_at, init};
use common::{code, json, leakguard_in, stderr, write, Fake};

/// A path no file should have, and a rule name no rule should: both must show as text.
const IMG_PATH: &str = "<img src=x onerror=alert(1)>.env";
const SCRIPT_PATH: &str = "a</script><script>document.body.dataset.pwned='path'</script>.env";
const HOSTILE_RULE_NAME: &str =
    "</script><script>document.body.dataset.pwned='rule'</script><img src=y onerror=alert(2)>";

/// A user rule with a hostile name, so that rule names from a stranger's configuration are
/// covered too.
fn hostile_rule() -> String {
    format!(
        r#"rules:
  - id: acme.internal-token
    name: "{HOSTILE_RULE_NAME}"
    description: A token for ACME's internal API.
    category: secret
    severity: critical
    keywords: [acme_]
    pattern: '\b(?P<secret>acme_[a-z0-9]{{20}})\b'
    remediation: Rotate it in the ACME console.
    examples:
      - text: 'key = acme_q8v2lp0rt5wz1m3k9n7b'
        secret: acme_q8v2lp0rt5wz1m3k9n7b
    negative_examples: ['acme_short']
"#
    )
}

/// A repository with findings of every category in two commits, one in January 2024 and one in
/// February, and the HTML and JSON reports of its history scan.
struct Fixture {
    _repo: tempfile::TempDir,
    _dir: tempfile::TempDir,
    report: PathBuf,
    findings: Vec<serde_json::Value>,
}

impl Fixture {
    fn build() -> Fixture {
        let repo = init();
        let mut fake = Fake::new(2024);
        write(
            repo.path(),
            "config/settings.py",
            format!("GITHUB_TOKEN = \"{}\"\n", fake.github_token()),
        );
        write(
            repo.path(),
            ".env",
            "DATABASE_HOST=db.internal\nSESSION_SECRET=Zr8qLw2Xv9TbN4keP7\n",
        );
        write(
            repo.path(),
            "server/app.js",
            "const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n",
        );
        write(
            repo.path(),
            IMG_PATH,
            format!("GH={}\n", fake.github_token()),
        );
        git(repo.path(), &["add", "-A"]);
        git_at(
            repo.path(),
            &["commit", "-q", "-m", "start"],
            Some("2024-01-10T12:00:00Z"),
        );
        write(
            repo.path(),
            "server/session.js",
            "res.setHeader('Set-Cookie', 'sid=' + sid + '; Path=/; Secure');\n",
        );
        write(
            repo.path(),
            SCRIPT_PATH,
            format!("token: {}\n", fake.github_token()),
        );
        write(
            repo.path(),
            "deploy/acme.txt",
            format!(
                "key = acme_{}\n",
                fake.chars(b"abcdefghijklmnopqrstuvwxyz0123456789", 20)
            ),
        );
        git(repo.path(), &["add", "-A"]);
        git_at(
            repo.path(),
            &["commit", "-q", "-m", "session and deploy"],
            Some("2024-02-20T12:00:00Z"),
        );

        let dir = tempfile::tempdir().expect("tempdir");
        let rules = dir.path().join("acme.yml");
        std::fs::write(&rules, hostile_rule()).expect("write the rule file");
        let rules = rules.to_str().expect("a UTF-8 temporary path");
        let out = leakguard_in(
            repo.path(),
            &["git", ".", "--rules", rules, "--format", "json"],
            b"",
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let findings = json(&out)["findings"]
            .as_array()
            .expect("findings array")
            .clone();
        let report = dir.path().join("report.html");
        let report_arg = report.to_str().expect("a UTF-8 temporary path");
        let out = leakguard_in(
            repo.path(),
            &[
                "git", ".", "--rules", rules, "--format", "html", "-o", report_arg,
            ],
            b"",
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        Fixture {
            _repo: repo,
            _dir: dir,
            report,
            findings,
        }
    }

    /// How many findings `matches` accepts.
    fn count(&self, matches: impl Fn(&str, &str) -> bool) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                matches(
                    f["rule"].as_str().unwrap_or_default(),
                    f["origin"]["path"].as_str().unwrap_or_default(),
                )
            })
            .count()
    }
}

/// The browser, or None (with a banner) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).find_map(|dir| {
            ["chromium", "chromium-browser"]
                .iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
    });
    let found = on_path.or_else(|| {
        let fixed = PathBuf::from("/usr/bin/chromium");
        fixed.is_file().then_some(fixed)
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing, and CI must load the HTML report in a browser: install it \
             (Debian: apt-get install chromium)"
        );
        eprintln!(
            "\n{banner}\nSKIPPED: the HTML report's browser test needs chromium (Debian: apt-get \
             install chromium).\n{banner}\n",
            banner = "!".repeat(78)
        );
    }
    found
}

/// `text` as a URL fragment may hold it: unreserved characters as they are, the rest as UTF-8
/// percent escapes.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The DOM of `page` after its scripts ran, opened with `#q=query` when a query is given.
fn dump_dom(browser: &Path, page: &Path, query: Option<&str>) -> String {
    let mut url = format!("file://{}", page.display());
    if let Some(query) = query {
        url.push_str("#q=");
        url.push_str(&percent_encode(query));
    }
    let profile = tempfile::tempdir().expect("tempdir for the browser profile");
    let mut child = Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=2000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    while child
        .try_wait()
        .expect("chromium can be waited for")
        .is_none()
    {
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().expect("a hung chromium can be killed");
            panic!("chromium did not finish loading {url} in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("chromium's output");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the DOM is UTF-8")
}

/// The opening tag of `<body>`.
fn body_tag(dom: &str) -> &str {
    let start = dom.find("<body").expect("a body element");
    &dom[start..start + dom[start..].find('>').expect("the tag ends")]
}

/// The text of the element with `id`, which must hold text only.
fn text_of<'d>(dom: &'d str, id: &str) -> &'d str {
    let open = format!("id=\"{id}\">");
    let start = dom
        .find(&open)
        .unwrap_or_else(|| panic!("#{id} in the DOM"))
        + open.len();
    &dom[start..start + dom[start..].find('<').expect("the element ends")]
}

/// The findings table's rows as (hidden, markup).
fn finding_rows(dom: &str) -> Vec<(bool, &str)> {
    dom.match_indices("<tr class=\"finding\"")
        .map(|(start, _)| {
            let row = &dom[start..start + dom[start..].find("</tr>").expect("rows end")];
            let tag = &row[..row.find('>').expect("the tag ends")];
            (tag.contains(" hidden"), row)
        })
        .collect()
}

fn visible_rows(dom: &str) -> Vec<&str> {
    finding_rows(dom)
        .into_iter()
        .filter(|(hidden, _)| !hidden)
        .map(|(_, row)| row)
        .collect()
}

/// Asserts the page rendered: ready, and no script error recorded.
fn assert_rendered(dom: &str) {
    let body = body_tag(dom);
    assert!(
        body.contains("data-ready=\"1\""),
        "not rendered: {body}\n{dom}"
    );
    assert!(!body.contains("data-errors"), "script errors: {dom}");
}

/// `dom` without attribute values, so that a check for injected elements sees only markup.
fn markup_only(dom: &str) -> String {
    let mut out = String::with_capacity(dom.len());
    let mut rest = dom;
    while let Some(at) = rest.find("=\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + 2..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn the_page_lists_every_finding_and_draws_two_months() {
    let Some(browser) = chromium() else { return };
    let fixture = Fixture::build();
    for category in ["secret", "dotenv", "cors", "cookie"] {
        assert!(
            fixture.findings.iter().any(|f| f["category"] == category),
            "the fixture has a {category} finding: {:#?}",
            fixture.findings
        );
    }
    let dom = dump_dom(&browser, &fixture.report, None);
    assert_rendered(&dom);
    let total = fixture.findings.len();
    assert_eq!(finding_rows(&dom).len(), total, "one row per finding");
    assert_eq!(visible_rows(&dom).len(), total, "none hidden");
    assert_eq!(text_of(&dom, "shown-count"), total.to_string());
    assert_eq!(text_of(&dom, "total-count"), total.to_string());
    let months: Vec<&str> = dom
        .match_indices("data-month=\"")
        .map(|(at, m)| &dom[at + m.len()..at + m.len() + 7])
        .collect();
    assert_eq!(months, ["2024-01", "2024-02"]);
    assert!(!dom.contains("data-undated"), "every finding has a commit");
}

#[test]
fn a_query_in_the_url_shows_only_the_matching_rows() {
    let Some(browser) = chromium() else { return };
    let fixture = Fixture::build();
    const CORS: &str = "cors.express-credentials-any-origin";
    let cases = [
        // A rule id.
        (CORS, fixture.count(|rule, _| rule == CORS), CORS),
        // Two words, in any case: both must match, in different cells.
        (
            "GITHUB.pat-classic  SETTINGS",
            fixture.count(|rule, path| rule == "github.pat-classic" && path.contains("settings")),
            "config/settings.py",
        ),
        // A path with markup characters, percent-encoded in the URL.
        (
            "onerror=alert(1)>.env",
            fixture.count(|_, path| path == IMG_PATH),
            "onerror=alert(1)&gt;.env",
        ),
    ];
    for (query, expected, in_every_row) in cases {
        assert!(expected > 0, "`{query}` matches a finding");
        assert!(
            expected < fixture.findings.len(),
            "`{query}` leaves some out"
        );
        let dom = dump_dom(&browser, &fixture.report, Some(query));
        assert_rendered(&dom);
        assert_eq!(finding_rows(&dom).len(), fixture.findings.len());
        let visible = visible_rows(&dom);
        assert_eq!(
            visible.len(),
            expected,
            "rows shown for `{query}`: {visible:#?}"
        );
        assert!(
            visible.iter().all(|row| row.contains(in_every_row)),
            "{visible:#?}"
        );
        assert_eq!(text_of(&dom, "shown-count"), expected.to_string());
    }
}

#[test]
fn hostile_paths_and_rule_names_show_as_text() {
    let Some(browser) = chromium() else { return };
    let fixture = Fixture::build();
    let dom = dump_dom(&browser, &fixture.report, None);
    assert_rendered(&dom);
    assert!(!body_tag(&dom).contains("pwned"), "a script ran: {dom}");
    let markup = markup_only(&dom);
    assert_eq!(markup.matches("<script").count(), 2, "data and code only");
    assert!(!markup.contains("<img"), "an element got in: {markup}");
    let as_text = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for shown in [
        format!("{}:1", as_text(IMG_PATH)),
        format!("{}:1", as_text(SCRIPT_PATH)),
        as_text(HOSTILE_RULE_NAME),
    ] {
        assert!(
            dom.contains(&format!(">{shown}</td>")),
            "`{shown}` as a cell's text"
        );
    }
}

#[test]
fn files_outside_history_are_counted_without_a_date() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fake = Fake::new(7);
    write(
        dir.path(),
        "a/config.yml",
        format!("token: {}\n", fake.github_token()),
    );
    write(dir.path(), "b/.env", "SESSION_SECRET=Zr8qLw2Xv9TbN4keP7\n");
    let out = leakguard_in(dir.path(), &["scan", "a", "b", "--format", "json"], b"");
    let total = json(&out)["findings"].as_array().expect("findings").len();
    assert!(total >= 2, "{}", stderr(&out));
    let out = leakguard_in(
        dir.path(),
        &["scan", "a", "b", "--format", "html", "-o", "report.html"],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let dom = dump_dom(&browser, &dir.path().join("report.html"), None);
    assert_rendered(&dom);
    assert_eq!(finding_rows(&dom).len(), total);
    assert!(!dom.contains("data-month="), "no month without a commit");
    let undated = dom.find("data-undated").expect("an undated bar");
    let bar = &dom[dom[..undated].rfind("<div").expect("the bar's element")..];
    assert!(bar.contains(&format!("data-count=\"{total}\"")), "{bar}");
    assert!(bar.contains("no date (files)"), "{bar}");
}

#[test]
fn a_sweep_reported_from_the_store_lists_every_repository_and_filters_by_one() {
    let Some(browser) = chromium() else { return };
    let work = tempfile::tempdir().expect("tempdir");
    let mut names = Vec::new();
    let mut repos = Vec::new();
    for (i, planted) in [true, true, false].into_iter().enumerate() {
        let repo = init();
        let token = Fake::new(900 + i as u64).github_token();
        let text = if planted {
            format!("GITHUB_TOKEN={token}\n")
        } else {
            "nothing to see\n".to_owned()
        };
        write(repo.path(), &format!("svc{i}.cfg"), text);
        git(repo.path(), &["add", "-A"]);
        git_at(
            repo.path(),
            &["commit", "-qm", "one"],
            Some("2024-03-01T12:00:00Z"),
        );
        names.push(repo.path().display().to_string());
        repos.push(repo);
    }
    let dir = work.path();
    let mut args = vec!["git", "--store", "store.db", "-f", "json"];
    args.extend(names.iter().map(String::as_str));
    let swept = leakguard_in(dir, &args, b"");
    assert_eq!(code(&swept), 1, "{}", stderr(&swept));
    let findings = json(&swept)["findings"].as_array().expect("findings").len();
    let out = leakguard_in(
        dir,
        &[
            "report",
            "--store",
            "store.db",
            "-f",
            "html",
            "-o",
            "sweep.html",
        ],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let page = dir.join("sweep.html");

    let dom = dump_dom(&browser, &page, None);
    assert_rendered(&dom);
    assert_eq!(finding_rows(&dom).len(), findings);
    let table = &dom[dom
        .find("id=\"repository-table\"")
        .expect("the repository table")..];
    let table = &table[..table.find("</table>").expect("the table ends")];
    for name in &names {
        assert!(
            table.contains(name.as_str()),
            "{name} listed, findings or not: {table}"
        );
    }
    let only = dump_dom(&browser, &page, Some(&names[1]));
    assert_rendered(&only);
    let shown = visible_rows(&only);
    assert!(
        !shown.is_empty() && shown.len() < findings,
        "{}",
        shown.len()
    );
    assert!(shown.iter().all(|row| row.contains(names[1].as_str())));
}

//! The HTML report: one page a person would rather read than a JSON file, for a sweep of many
//! repositories as much as for one scan (docs/html-report.md). It shows totals by severity and
//! category, findings by repository and by rule, a timeline of when secrets were introduced, and
//! a searchable, sortable table of every finding.
//!
//! The page is built to be opened from an untrusted scan, whose paths, rule names and values
//! were written by strangers:
//! - It is self-contained: the style and script are inline, nothing is fetched, and its
//!   Content-Security-Policy forbids every fetch (`default-src 'none'`), so opening it tells no
//!   server anything.
//! - The report's data goes in once, as JSON inside `<script type="application/json">`, with
//!   `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`, so that no string can close
//!   the element or open another; the script then inserts every string with `textContent`.
//! - The policy allows the page's own script and style by hash alone, so markup that got in
//!   anyway could still run no script.
//!
//! Like every format, the page is a function of the report alone: no clock, no random ids.

mod model;

use std::io::{self, Write};

use base64::Engine as _;
use leakguard_core::ScanReport;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The page's style; its hash goes in the policy.
const STYLE: &str = include_str!("html/report.css");
/// The page's script; its hash goes in the policy.
const SCRIPT: &str = include_str!("html/report.js");
/// The page's fixed markup: the sections the script fills.
const BODY: &str = include_str!("html/body.html");

/// The `id` of the element holding the report's data.
const DATA_ID: &str = "leakguard-data";

pub(crate) fn write(out: &mut dyn Write, report: &ScanReport) -> io::Result<()> {
    let data = script_json(&model::Page::new(report))?;
    let policy = format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    );
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n\
         <title>leakguard report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{BODY}\
         <script type=\"application/json\" id=\"{DATA_ID}\">{data}</script>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        crate::TOOL_NAME,
        crate::TOOL_VERSION,
    )
}

/// `value` as JSON that can sit inside a `<script>` element: the characters that could end the
/// element (`</script>`), start a comment (`<!--`) or be read as markup are escaped. They can only
/// occur inside JSON strings, where `\uXXXX` means the same character, so the JSON is unchanged.
fn script_json(value: &impl Serialize) -> io::Result<String> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators end lines in older JavaScript parsers.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The Content-Security-Policy source that allows an inline element with exactly `text`.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use leakguard_core::{Diagnostic, DiagnosticKind};

    use super::model::tests::{file, finding, git};
    use super::*;

    const HOSTILE_PATHS: [&str; 3] = [
        "<img src=x onerror=alert(1)>.env",
        "a</script><script>alert(1)</script>.env",
        "<!--<script>x&amp;\u{2028}.env",
    ];

    fn render(report: &ScanReport) -> String {
        let mut out = Vec::new();
        write(&mut out, report).expect("writing to memory succeeds");
        String::from_utf8(out).expect("the page is UTF-8")
    }

    fn hostile_report() -> ScanReport {
        let mut findings: Vec<_> = HOSTILE_PATHS
            .iter()
            .map(|path| finding("a.one", "high", file(path)))
            .collect();
        findings.push(finding("a.two", "low", git('a', "ok.env", 1_704_067_200)));
        findings[0].rule_name = "</script><b onmouseover=alert(1)>name</b>".to_owned();
        ScanReport {
            findings,
            diagnostics: vec![Diagnostic::new(
                "<svg onload=alert(1)>",
                DiagnosticKind::TooLarge { size: 2, limit: 1 },
            )],
            ..ScanReport::default()
        }
    }

    /// The text of the data element, as the browser's parser would find it.
    fn data_of(page: &str) -> &str {
        let open = format!("<script type=\"application/json\" id=\"{DATA_ID}\">");
        let start = page.find(&open).expect("the data element is there") + open.len();
        let end = start
            + page[start..]
                .find("</script>")
                .expect("the element is closed");
        &page[start..end]
    }

    #[test]
    fn hostile_strings_cannot_leave_the_data_element() {
        let page = render(&hostile_report());
        assert_eq!(page.matches("<script").count(), 2, "data and code only");
        assert_eq!(page.matches("</script").count(), 2);
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("<svg"), "{page}");
        assert!(!page.contains("<b "), "{page}");
        assert!(!page.contains("<!--"), "{page}");
        assert!(!page.contains('\u{2028}'), "{page}");
        let data: serde_json::Value =
            serde_json::from_str(data_of(&page)).expect("the data element holds JSON");
        let paths: Vec<&str> = data["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["path"].as_str())
            .collect();
        assert_eq!(paths[..3], HOSTILE_PATHS, "escaping keeps every character");
        let diagnostic = data["diagnostics"][0]["text"].as_str().unwrap_or_default();
        assert!(
            diagnostic.starts_with("<svg onload=alert(1)>: "),
            "{diagnostic}"
        );
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        let report = hostile_report();
        assert_eq!(render(&report), render(&report));
    }

    #[test]
    fn the_page_fetches_nothing() {
        // Hostile data would hold `src=` as text; this checks the page's own markup and code.
        let report = ScanReport {
            findings: vec![
                finding("a.one", "high", file("config/.env")),
                finding("a.two", "low", git('a', "ci/deploy.sh", 1_704_067_200)),
            ],
            ..ScanReport::default()
        };
        let page = render(&report);
        for fetching in [
            " src=", "<link", "url(", "@import", "http:", "https:", "//cdn",
        ] {
            assert!(!page.contains(fetching), "`{fetching}` in the page");
        }
        assert!(page.contains("default-src 'none'"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style() {
        let page = render(&ScanReport::default());
        let policy_start = page.find("script-src '").expect("a script policy") + 12;
        let script_hash =
            &page[policy_start..policy_start + page[policy_start..].find('\'').expect("quoted")];
        let code_start = page.rfind("<script>").expect("the code element") + "<script>".len();
        let code_end = code_start + page[code_start..].find("</script>").expect("closed");
        assert_eq!(script_hash, csp_hash(&page[code_start..code_end]));
        let style_start = page.find("<style>").expect("a style element") + "<style>".len();
        let style_end = style_start + page[style_start..].find("</style>").expect("closed");
        assert!(page.contains(&format!(
            "style-src '{}'",
            csp_hash(&page[style_start..style_end])
        )));
    }

    #[test]
    fn assets_cannot_close_their_own_elements() {
        assert!(!SCRIPT.to_lowercase().contains("</script"));
        assert!(!STYLE.to_lowercase().contains("</style"));
        assert!(!SCRIPT.contains("innerHTML"), "strings go in as text");
    }
}

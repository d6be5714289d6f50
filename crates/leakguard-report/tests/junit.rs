//! The JUnit XML report, validated against the JUnit schema of Jenkins' xUnit plugin (vendored in
//! testdata/junit) with `xmllint --schema` (Debian package libxml2-utils), and read back by a
//! small strict reader here so that escaping is checked even where xmllint is missing.
//!
//! Without xmllint the schema test skips with a banner on stderr, except under `CI` (set by
//! .ci/run), where it fails: CI must validate.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{render, with_unscanned_input, Scenario};
use leakguard_core::ScanReport;
use leakguard_report::Format;

fn xsd() -> PathBuf {
    common::workspace_root().join("testdata/junit/junit-10.xsd")
}

fn xmllint() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("xmllint"))
            .find(|candidate| candidate.is_file())
    })
}

/// Validates `xml` against the vendored schema with xmllint; false when xmllint is missing
/// outside CI.
fn validate_with_xmllint(xml: &str) -> bool {
    let Some(xmllint) = xmllint() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing, and CI must validate the JUnit report against its schema: \
             install it (Debian: apt-get install libxml2-utils)"
        );
        eprintln!(
            "\n{banner}\nSKIPPED: JUnit schema validation needs xmllint (Debian: apt-get install \
             libxml2-utils).\nOnly the built-in well-formedness check ran.\n{banner}\n",
            banner = "!".repeat(78)
        );
        return false;
    };
    let mut child = Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(xsd())
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xmllint starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(xml.as_bytes())
        .expect("xmllint reads the report");
    let output = child.wait_with_output().expect("xmllint finishes");
    assert!(
        output.status.success(),
        "xmllint rejects the report:\n{}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
    true
}

#[test]
fn reports_validate_against_the_junit_schema() {
    let mixed = Scenario::mixed(false).report;
    let reports = [
        mixed.clone(),
        with_unscanned_input(mixed),
        ScanReport::default(),
        with_unscanned_input(ScanReport::default()),
    ]
    .map(|report| render(Format::Junit, &report));
    for xml in &reports {
        read(xml);
    }
    for xml in &reports {
        if !validate_with_xmllint(xml) {
            return;
        }
    }
}

#[test]
fn a_failure_per_finding_and_pre_existing_ones_skipped() {
    let xml = render(Format::Junit, &Scenario::mixed(false).report);
    let events = read(&xml);
    let suite = start(&events, "testsuite");
    assert_eq!(attr(suite, "name"), "leakguard");
    assert_eq!(attr(suite, "tests"), "5");
    assert_eq!(attr(suite, "failures"), "4");
    assert_eq!(attr(suite, "errors"), "0");
    assert_eq!(attr(suite, "skipped"), "1");
    assert_eq!(count(&events, "testsuite"), 1);
    assert_eq!(count(&events, "testcase"), 5);
    assert_eq!(count(&events, "failure"), 4);
    let skipped = start(&events, "skipped");
    assert!(attr(skipped, "message").contains("already in this file before the change"));
    let failure = start(&events, "failure");
    assert_eq!(attr(failure, "type"), "github.pat-classic");
    assert_eq!(
        attr(failure, "message"),
        "GitHub personal access token (classic) found: ghp_…"
    );
}

#[test]
fn names_paths_and_snippets_round_trip_through_escaping() {
    let xml = render(Format::Junit, &Scenario::mixed(false).report);
    let events = read(&xml);
    let case = start(&events, "testcase");
    assert_eq!(attr(case, "classname"), "config/a&b <\"c\">.py");
    assert_eq!(
        attr(case, "name"),
        "github.pat-classic at config/a&b <\"c\">.py:2:41"
    );
    let text = texts(&events).join("");
    assert!(
        text.contains("line: link = \"<a href='x'>&amp;</a>\" token = \"ghp_…\""),
        "{text}"
    );
    assert!(text.contains("commit: 1111111111111111111111111111111111111111"));
}

#[test]
fn clean_scan_is_one_passing_test() {
    assert_eq!(
        render(Format::Junit, &ScanReport::default()),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="leakguard" tests="1" failures="0" errors="0">
  <testsuite name="leakguard" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="no secrets found" classname="leakguard"/>
  </testsuite>
</testsuites>
"#
    );
}

#[test]
fn incomplete_scan_adds_an_error() {
    let xml = render(Format::Junit, &with_unscanned_input(ScanReport::default()));
    let events = read(&xml);
    assert_eq!(attr(start(&events, "testsuite"), "errors"), "1");
    assert_eq!(attr(start(&events, "testsuite"), "tests"), "2");
    let error = start(&events, "error");
    assert_eq!(attr(error, "type"), "incomplete");
    assert!(texts(&events)
        .iter()
        .any(|t| t.starts_with("big/blob.bin: not scanned")));
}

#[test]
fn no_secret_in_full_and_no_author_even_when_secrets_are_shown() {
    for show in [false, true] {
        let scenario = Scenario::mixed(show);
        let xml = render(Format::Junit, &scenario.report);
        scenario.assert_leaks_nothing(&xml);
        read(&xml);
    }
}

#[test]
fn same_scan_gives_same_bytes() {
    let first = render(Format::Junit, &Scenario::mixed(false).report);
    let second = render(Format::Junit, &Scenario::mixed(false).report);
    assert_eq!(first, second);
}

// A strict reader for the XML this format writes: an XML declaration, then elements, attributes
// in double quotes and text, with the five predefined entities and numeric references. It
// rejects anything else (a bare `&` or `<`, an unclosed or mismatched tag, a control character).

#[derive(Debug)]
enum Event {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End,
    Text(String),
}

fn read(xml: &str) -> Vec<Event> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration first");
    let mut events = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').expect("a closing tag ends");
            let name = &after[..end];
            assert_eq!(open.pop().as_deref(), Some(name), "tags nest");
            events.push(Event::End);
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let (name, attrs, empty, tail) = start_tag(after);
            events.push(Event::Start {
                name: name.clone(),
                attrs,
            });
            if empty {
                events.push(Event::End);
            } else {
                open.push(name);
            }
            rest = tail;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = unescape(&rest[..end]);
            if !text.trim().is_empty() {
                assert!(!open.is_empty(), "text inside the root element");
            }
            events.push(Event::Text(text));
            rest = &rest[end..];
        }
    }
    assert!(open.is_empty(), "every element closes: {open:?}");
    events
}

/// Reads `name a="v" …>` or `…/>`: the name, the attributes unescaped, whether the element is
/// empty, and what follows.
fn start_tag(after_lt: &str) -> (String, Vec<(String, String)>, bool, &str) {
    let name_end = after_lt.find([' ', '>', '/']).expect("a tag name ends");
    let name = after_lt[..name_end].to_owned();
    assert!(is_name(&name), "a valid element name: {name:?}");
    let mut rest = &after_lt[name_end..];
    let mut attrs = Vec::new();
    loop {
        if let Some(tail) = rest.strip_prefix("/>") {
            return (name, attrs, true, tail);
        }
        if let Some(tail) = rest.strip_prefix('>') {
            return (name, attrs, false, tail);
        }
        rest = rest
            .strip_prefix(' ')
            .expect("attributes are space-separated");
        let eq = rest
            .find("=\"")
            .expect("attribute values are double-quoted");
        let key = &rest[..eq];
        assert!(is_name(key), "a valid attribute name: {key:?}");
        let value_and_more = &rest[eq + 2..];
        let close = value_and_more.find('"').expect("an attribute value ends");
        let raw = &value_and_more[..close];
        assert!(!raw.contains('<'), "no `<` in an attribute value: {raw:?}");
        attrs.push((key.to_owned(), unescape(raw)));
        rest = &value_and_more[close + 1..];
    }
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').expect("an entity ends with `;`");
        let entity = &after[..end];
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = entity
                    .strip_prefix('#')
                    .and_then(|n| n.parse::<u32>().ok())
                    .and_then(char::from_u32);
                code.unwrap_or_else(|| panic!("an unknown entity: &{entity};"))
            }
        });
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    for c in out.chars() {
        assert!(
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}'),
            "a character XML 1.0 allows: {c:?}"
        );
    }
    out
}

fn starts<'a>(events: &'a [Event], element: &str) -> Vec<&'a [(String, String)]> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Start { name, attrs } if name == element => Some(attrs.as_slice()),
            _ => None,
        })
        .collect()
}

fn start<'a>(events: &'a [Event], element: &str) -> &'a [(String, String)] {
    starts(events, element)
        .first()
        .copied()
        .unwrap_or_else(|| panic!("a <{element}> element"))
}

fn count(events: &[Event], element: &str) -> usize {
    starts(events, element).len()
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> &'a str {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("attribute {key} in {attrs:?}"))
}

fn texts(events: &[Event]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(text) if !text.trim().is_empty() => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn two_secrets_on_one_line_leave_the_line_out() {
    let mut fake = common::Fake::new(5);
    let (first, second) = (fake.github_token(), fake.github_token());
    let report = common::scan(
        &common::engine(),
        &format!("a = \"{first}\" b = \"{second}\"\n"),
        common::file("two.py"),
        false,
    );
    let xml = render(Format::Junit, &report);
    assert!(!xml.contains(&first) && !xml.contains(&second), "{xml}");
    assert!(!xml.contains("line: "), "{xml}");
    read(&xml);
}

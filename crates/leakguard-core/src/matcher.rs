//! Running rules over one blob's text: prefilter, then each woken rule's regex over the windows
//! around its keyword hits, then the rule's checks. A scoped (structural) rule's match is then
//! checked against the code view, which is built at most once per blob and only when such a
//! match exists, so blobs that wake no scoped rule cost exactly what they did before.

use std::ops::Range;

use leakguard_rules::{CodeView, Rejection, RuleSet, Severity};

use crate::Prefilter;

/// Largest distance searched on each side of a keyword hit, for rules whose matches are unbounded
/// (private key blocks, JWTs). A match must lie within this distance of one of its rule's keywords.
pub const WINDOW_RADIUS: usize = 64 * 1024;

/// Smallest distance searched on each side of a keyword hit, so that context a pattern needs
/// around a short match (a name before `=`, a quote after) is always inside the window.
pub const MIN_WINDOW_RADIUS: usize = 512;

/// How far a window edge may move to reach a line boundary, so patterns anchored with `^`/`$`
/// see whole lines without a minified megabyte line being searched whole.
const LINE_SNAP: usize = 1024;

/// One accepted match, positions in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the [`RuleSet`].
    pub rule: usize,
    /// The secret's byte range (for `cors` and `cookie` rules, the evidence's: the anchor).
    pub secret: Range<usize>,
    /// The severity the rule's `escalate` gave this match; `None` means the rule's own
    /// [`leakguard_rules::Rule::severity`].
    pub severity: Option<Severity>,
}

impl Match {
    /// The severity to report: the escalated one, or the rule's.
    pub fn severity_in(&self, rules: &RuleSet) -> Severity {
        self.severity
            .unwrap_or_else(|| rules.rules()[self.rule].severity())
    }
}

/// A worker's matcher: borrows the shared rules and automaton, owns its scratch buffers.
#[derive(Debug)]
pub struct Matcher<'r> {
    rules: &'r RuleSet,
    prefilter: &'r Prefilter,
    hits: Vec<Vec<usize>>,
    touched: Vec<usize>,
    windows: Vec<Range<usize>>,
    /// Spans that a specific rule matched but its validator refuted, in the current blob.
    refuted: Vec<Range<usize>>,
    /// The current blob's code view, valid once `view_built` is set.
    view: CodeView,
    view_built: bool,
    /// When the current blob's search must stop (the per-blob time budget), if it must.
    deadline: Option<std::time::Instant>,
    /// Whether a search stopped at the deadline since the last [`Matcher::set_deadline`].
    out_of_time: bool,
}

impl<'r> Matcher<'r> {
    /// A matcher over `rules`, whose automaton is `prefilter`.
    pub fn new(rules: &'r RuleSet, prefilter: &'r Prefilter) -> Matcher<'r> {
        Matcher {
            rules,
            prefilter,
            hits: vec![Vec::new(); prefilter.rule_count()],
            touched: Vec::new(),
            windows: Vec::new(),
            refuted: Vec::new(),
            view: CodeView::new(),
            view_built: false,
            deadline: None,
            out_of_time: false,
        }
    }

    /// Stops every search from now until the next call once `deadline` passes: a pathological
    /// blob (millions of keyword hits, a regex that backtracks through a huge window) cannot
    /// stall a scan. The matches found until then are kept.
    pub fn set_deadline(&mut self, deadline: Option<std::time::Instant>) {
        self.deadline = deadline;
        self.out_of_time = false;
    }

    /// Whether a search stopped at the deadline since it was set.
    pub fn ran_out_of_time(&self) -> bool {
        self.out_of_time
    }

    /// Checks the clock (a vDSO call, tens of nanoseconds: cheap beside a regex search).
    fn past_deadline(&mut self) -> bool {
        if !self.out_of_time
            && self
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d)
        {
            self.out_of_time = true;
        }
        self.out_of_time
    }

    /// Every accepted match of every rule that applies at `path`, in order of position then
    /// rule. A generic rule's match is dropped when a specific rule's secret overlaps it.
    pub fn find(&mut self, text: &[u8], path: Option<&str>, out: &mut Vec<Match>) {
        let first = out.len();
        self.view_built = false;
        self.prefilter.find(text, &mut self.hits, &mut self.touched);
        self.touched
            .extend_from_slice(self.prefilter.whole_file_rules());
        self.touched.sort_unstable();
        let touched = std::mem::take(&mut self.touched);
        'rules: for &rule_index in &touched {
            let rule = &self.rules.rules()[rule_index];
            if !rule.applies_to(path) {
                continue;
            }
            if rule.is_whole_file() {
                self.windows.clear();
                self.windows.push(0..text.len());
            } else {
                let radius = rule.max_match_len().map_or(WINDOW_RADIUS, |len| {
                    len.clamp(MIN_WINDOW_RADIUS, WINDOW_RADIUS)
                });
                windows_around(&mut self.hits[rule_index], text, radius, &mut self.windows);
            }
            let regex = rule.regex();
            let secret_group = regex.capture_names().position(|n| n == Some("secret"));
            let windows = std::mem::take(&mut self.windows);
            for window in &windows {
                let haystack = &text[..window.end];
                let mut at = window.start;
                while at <= haystack.len() {
                    if self.past_deadline() {
                        self.windows = windows;
                        break 'rules;
                    }
                    let Some(caps) = regex.captures_at(haystack, at) else {
                        break;
                    };
                    let whole = caps.get(0).expect("group 0 always participates");
                    at = if whole.end() > whole.start() {
                        whole.end()
                    } else {
                        whole.end() + 1
                    };
                    let secret = secret_group.and_then(|g| caps.get(g)).unwrap_or(whole);
                    if secret.is_empty() {
                        continue;
                    }
                    let candidate = leakguard_rules::Candidate {
                        text,
                        matched: whole.range(),
                        secret: secret.range(),
                        path,
                    };
                    let checked = rule.check_candidate(&candidate).and_then(|()| {
                        if rule.scope().is_none() {
                            return Ok(());
                        }
                        if !self.view_built {
                            self.view.build(text, path);
                            self.view_built = true;
                        }
                        rule.check_scope(&mut self.view, whole.range())
                    });
                    match checked {
                        Ok(()) => out.push(Match {
                            rule: rule_index,
                            secret: secret.range(),
                            severity: rule.escalated_severity(&caps),
                        }),
                        // A value whose provider format is right but whose checksum or structure is
                        // wrong is a test fixture; the generic rules must not report it either.
                        Err(Rejection::Invalid(_))
                            if !rule.is_generic()
                                && rule.validator().is_none_or(|v| v.refutes()) =>
                        {
                            self.refuted.push(secret.range())
                        }
                        Err(_) => {}
                    }
                }
            }
            self.windows = windows;
        }
        for &rule_index in &touched {
            self.hits[rule_index].clear();
        }
        self.touched = touched;
        self.touched.clear();
        let mut found = out.split_off(first);
        keep_best_whole_file_match(self.rules, &mut found);
        suppress_generic_overlaps(self.rules, &mut found, &self.refuted);
        out.append(&mut found);
        self.refuted.clear();
    }
}

/// Merged windows of `radius` bytes around each keyword hit, edges moved to line boundaries when
/// one is near; the whole blob when the windows would cover most of it anyway.
fn windows_around(hits: &mut [usize], text: &[u8], radius: usize, windows: &mut Vec<Range<usize>>) {
    windows.clear();
    let len = text.len();
    if len <= 4 * radius {
        windows.push(0..len);
        return;
    }
    hits.sort_unstable();
    for &hit in hits.iter() {
        let start = snap_back(text, hit.saturating_sub(radius));
        let end = snap_forward(text, (hit + radius).min(len));
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(start..end),
        }
    }
}

fn snap_back(text: &[u8], at: usize) -> usize {
    let floor = at.saturating_sub(LINE_SNAP);
    memchr::memrchr(b'\n', &text[floor..at]).map_or(at, |i| floor + i + 1)
}

fn snap_forward(text: &[u8], at: usize) -> usize {
    let ceil = (at + LINE_SNAP).min(text.len());
    memchr::memchr(b'\n', &text[at..ceil]).map_or(at, |i| at + i)
}

/// A whole-file rule reports one finding per file: its most severe match, the first among equals.
fn keep_best_whole_file_match(rules: &RuleSet, found: &mut Vec<Match>) {
    let mut best: Vec<(usize, usize)> = Vec::new();
    for (at, m) in found.iter().enumerate() {
        if !rules.rules()[m.rule].is_whole_file() {
            continue;
        }
        match best.iter_mut().find(|(rule, _)| *rule == m.rule) {
            Some((_, kept)) => {
                let current = &found[*kept];
                if (m.severity_in(rules), std::cmp::Reverse(m.secret.start))
                    > (
                        current.severity_in(rules),
                        std::cmp::Reverse(current.secret.start),
                    )
                {
                    *kept = at;
                }
            }
            None => best.push((m.rule, at)),
        }
    }
    if best.is_empty() {
        return;
    }
    let mut at = 0;
    found.retain(|m| {
        let keep = !rules.rules()[m.rule].is_whole_file() || best.iter().any(|(_, k)| *k == at);
        at += 1;
        keep
    });
}

/// Keeps the specific finding when a generic rule (`generic.*`) reports an overlapping secret:
/// `postgres://u:p@h` is a database URL, not also a URL with credentials. A generic match that
/// overlaps a value a specific rule's validator refuted (a `ghp_` token with a wrong checksum) is
/// dropped too.
fn suppress_generic_overlaps(rules: &RuleSet, found: &mut Vec<Match>, refuted: &[Range<usize>]) {
    found.sort_by_key(|m| (m.secret.start, m.rule));
    let is_generic = |m: &Match| rules.rules()[m.rule].is_generic();
    let kept: Vec<Match> = found
        .iter()
        .filter(|m| {
            !is_generic(m)
                || !found.iter().any(|other| {
                    !is_generic(other)
                        && other.secret.start < m.secret.end
                        && m.secret.start < other.secret.end
                }) && !refuted
                    .iter()
                    .any(|r| r.start < m.secret.end && m.secret.start < r.end)
        })
        .cloned()
        .collect();
    *found = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use leakguard_rules::RuleLoader;

    fn rules(yaml: &str) -> RuleSet {
        let mut loader = RuleLoader::new();
        loader.add_yaml(yaml, "test.yml").expect("test rules load");
        loader.finish()
    }

    const TOKEN_RULE: &str = "rules:\n- id: t.tok\n  name: T\n  description: d\n  category: secret\n  severity: high\n  keywords: [tok_]\n  pattern: '\\btok_(?P<secret>[a-z0-9]{12})\\b'\n  remediation: r\n  examples: [{text: 'tok_q8v2lp0rt5wz', secret: q8v2lp0rt5wz}]\n  negative_examples: [x]\n- id: generic.any\n  name: G\n  description: d\n  category: secret\n  severity: low\n  keywords: [tok_]\n  pattern: 'tok_[a-z0-9]{12}'\n  remediation: r\n  examples: [{text: 'x', secret: x}]\n  negative_examples: [x]\n";

    #[test]
    fn matches_far_apart_in_a_large_blob_are_all_found() {
        let rules = rules(TOKEN_RULE);
        let prefilter = Prefilter::new(&rules);
        let mut matcher = Matcher::new(&rules, &prefilter);
        let mut text = vec![b'a'; 3 * 1024 * 1024];
        text.push(b'\n');
        let positions = [10usize, 1_500_000, text.len() - 40];
        for &p in &positions {
            text[p..p + 18].copy_from_slice(b" tok_q8v2lp0rt5wz ");
        }
        let mut out = Vec::new();
        matcher.find(&text, None, &mut out);
        let specific: Vec<usize> = out
            .iter()
            .filter(|m| m.rule == 0)
            .map(|m| m.secret.start)
            .collect();
        assert_eq!(
            specific,
            positions.iter().map(|p| p + 5).collect::<Vec<_>>()
        );
    }

    #[test]
    fn generic_match_overlapping_a_specific_one_is_dropped() {
        let rules = rules(TOKEN_RULE);
        let prefilter = Prefilter::new(&rules);
        let mut matcher = Matcher::new(&rules, &prefilter);
        let mut out = Vec::new();
        matcher.find(b"key = tok_q8v2lp0rt5wz\n", None, &mut out);
        assert_eq!(
            out,
            vec![Match {
                rule: 0,
                secret: 10..22,
                severity: None,
            }]
        );
    }

    const COOKIE_RULE: &str = "rules:\n- id: t.cookie\n  name: C\n  description: d\n  category: cookie\n  severity: medium\n  keywords: [setcookie]\n  pattern: 'setCookie\\(\\s*[\"''](?P<secret>[a-z_]+)[\"'']'\n  scope: call\n  requires: ['\\bsecure\\s*:\\s*false\\b']\n  escalate: {group: secret, pattern: '(?i)sess|token', severity: high}\n  remediation: r\n  examples: [{text: x, secret: x}]\n  negative_examples: [x]\n";

    fn cookie_matches(rules: &RuleSet, text: &str) -> Vec<(String, Option<Severity>)> {
        let prefilter = Prefilter::new(rules);
        let mut matcher = Matcher::new(rules, &prefilter);
        let mut out = Vec::new();
        matcher.find(text.as_bytes(), Some("web/cookies.js"), &mut out);
        out.iter()
            .map(|m| (text[m.secret.clone()].to_owned(), m.severity))
            .collect()
    }

    #[test]
    fn scoped_rule_fires_in_code_only_and_escalates_by_its_group() {
        let rules = rules(COOKIE_RULE);
        let text = "// setCookie('sid', v, { secure: false })\n\
                    setCookie('theme', v, { secure: false });\n\
                    setCookie('session_id', v, {\n  secure: false, // for now\n});\n\
                    setCookie('token', v, { secure: true /* secure: false */ });\n\
                    log('setCookie(\"auth\", v, { secure: false })');\n";
        assert_eq!(
            cookie_matches(&rules, text),
            [
                ("theme".to_owned(), None),
                ("session_id".to_owned(), Some(Severity::High))
            ]
        );
    }

    #[test]
    fn configured_severity_switches_escalation_off() {
        let mut rules = rules(COOKIE_RULE);
        rules.set_severity("t.cookie", Severity::Low);
        let text = "setCookie('session_id', v, { secure: false });";
        assert_eq!(
            cookie_matches(&rules, text),
            [("session_id".to_owned(), None)]
        );
        let prefilter = Prefilter::new(&rules);
        let mut out = Vec::new();
        Matcher::new(&rules, &prefilter).find(text.as_bytes(), Some("a.js"), &mut out);
        assert_eq!(out[0].severity_in(&rules), Severity::Low);
    }

    #[test]
    fn the_code_view_is_built_only_for_blobs_where_a_scoped_anchor_matched() {
        let yaml = format!("{COOKIE_RULE}{}", TOKEN_RULE.trim_start_matches("rules:\n"));
        let rules = rules(&yaml);
        let prefilter = Prefilter::new(&rules);
        let mut matcher = Matcher::new(&rules, &prefilter);
        let mut out = Vec::new();
        matcher.find(b"key = tok_q8v2lp0rt5wz\n", Some("a.js"), &mut out);
        assert!(!matcher.view_built, "no scoped keyword");
        matcher.find(
            b"see setCookie below; tok_q8v2lp0rt5wz\n",
            Some("a.js"),
            &mut out,
        );
        assert!(!matcher.view_built, "scoped keyword but no anchor");
        matcher.find(b"setCookie('a', v, {})\n", Some("a.js"), &mut out);
        assert!(matcher.view_built);
        matcher.find(b"key = tok_q8v2lp0rt5wz\n", Some("a.js"), &mut out);
        assert!(!matcher.view_built, "reset for the next blob");
    }

    #[test]
    fn hostile_nesting_is_bounded_by_the_scope_budget() {
        // 100,000 unclosed calls: each scope runs to the 64 KiB cap, which without the budget
        // would be some 13 GB of regex search.
        let rules = rules(COOKIE_RULE);
        let text = "setCookie('a', ".repeat(100_000);
        assert_eq!(cookie_matches(&rules, &text), []);
    }

    #[test]
    fn a_passed_deadline_stops_the_search_and_says_so() {
        let rules = rules(TOKEN_RULE);
        let prefilter = Prefilter::new(&rules);
        let mut matcher = Matcher::new(&rules, &prefilter);
        let text = b"x = tok_q8v2lp0rt5wz\n".repeat(1000);
        let mut found = Vec::new();
        matcher.set_deadline(Some(std::time::Instant::now()));
        matcher.find(&text, None, &mut found);
        assert!(matcher.ran_out_of_time());
        assert!(found.is_empty());
        matcher.set_deadline(None);
        matcher.find(&text, None, &mut found);
        assert!(!matcher.ran_out_of_time());
        assert_eq!(found.len(), 1000, "the next blob is searched whole");
    }

    #[test]
    fn windows_merge_and_snap_to_lines() {
        let mut text = Vec::new();
        for i in 0..2000 {
            text.extend(format!("line {i:05}\n").as_bytes());
        }
        let mut hits = vec![12_000, 5_000, 5_100];
        let mut windows = Vec::new();
        windows_around(&mut hits, &text, 512, &mut windows);
        assert_eq!(windows.len(), 2);
        for w in &windows {
            assert!(w.start == 0 || text[w.start - 1] == b'\n');
            assert!(w.end == text.len() || text[w.end] == b'\n');
        }
        assert!(windows[0].start <= 5_000 - 512 && windows[0].end >= 5_100 + 512);
    }
}

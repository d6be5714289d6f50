//! Running rules over one blob's text: prefilter, then each woken rule's regex over the windows
//! around its keyword hits, then the rule's checks.

use std::ops::Range;

use leakguard_rules::RuleSet;

use crate::Prefilter;

/// Blobs up to this size are searched whole by every rule whose keyword occurs in them; larger
/// ones only in windows around the keyword hits.
pub const WHOLE_BLOB_LIMIT: usize = 1024 * 1024;

/// Bytes searched on each side of a keyword hit in a large blob. A match must lie within this
/// distance of one of its rule's keywords (a private key block is a few KiB; 64 KiB is ample).
pub const WINDOW_RADIUS: usize = 64 * 1024;

/// One accepted match, positions in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the [`RuleSet`].
    pub rule: usize,
    /// The secret's byte range.
    pub secret: Range<usize>,
}

/// A worker's matcher: borrows the shared rules and automaton, owns its scratch buffers.
#[derive(Debug)]
pub struct Matcher<'r> {
    rules: &'r RuleSet,
    prefilter: &'r Prefilter,
    hits: Vec<Vec<usize>>,
    touched: Vec<usize>,
    windows: Vec<Range<usize>>,
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
        }
    }

    /// Every accepted match of every rule that applies at `path`, in order of position then
    /// rule. A generic rule's match is dropped when a specific rule's secret overlaps it.
    pub fn find(&mut self, text: &[u8], path: Option<&str>, out: &mut Vec<Match>) {
        let first = out.len();
        self.prefilter.find(text, &mut self.hits, &mut self.touched);
        self.touched.sort_unstable();
        for &rule_index in &self.touched {
            let rule = &self.rules.rules()[rule_index];
            if !rule.applies_to(path) {
                continue;
            }
            windows_around(&mut self.hits[rule_index], text.len(), &mut self.windows);
            let regex = rule.regex();
            let secret_group = regex.capture_names().position(|n| n == Some("secret"));
            for window in &self.windows {
                let haystack = &text[..window.end];
                let mut at = window.start;
                while at <= haystack.len() {
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
                    if secret.is_empty() || rule.check(secret.as_bytes()).is_err() {
                        continue;
                    }
                    out.push(Match {
                        rule: rule_index,
                        secret: secret.range(),
                    });
                }
            }
        }
        for &rule_index in &self.touched {
            self.hits[rule_index].clear();
        }
        self.touched.clear();
        let mut found = out.split_off(first);
        suppress_generic_overlaps(self.rules, &mut found);
        out.append(&mut found);
    }
}

/// Merged windows around keyword hits; the whole blob when it is small.
fn windows_around(hits: &mut [usize], len: usize, windows: &mut Vec<Range<usize>>) {
    windows.clear();
    if len <= WHOLE_BLOB_LIMIT {
        windows.push(0..len);
        return;
    }
    hits.sort_unstable();
    for &hit in hits.iter() {
        let window = hit.saturating_sub(WINDOW_RADIUS)..(hit + WINDOW_RADIUS).min(len);
        match windows.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => windows.push(window),
        }
    }
}

/// Keeps the specific finding when a generic rule (`generic.*`) reports an overlapping secret:
/// `postgres://u:p@h` is a database URL, not also a URL with credentials.
fn suppress_generic_overlaps(rules: &RuleSet, found: &mut Vec<Match>) {
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
                })
        })
        .cloned()
        .collect();
    *found = kept;
}

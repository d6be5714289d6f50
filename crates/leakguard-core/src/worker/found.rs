//! The matches of one text, including those that only appear once encoded runs in it are
//! decoded (a base64 Kubernetes value, a percent-encoded password, a `\u002F`-escaped key), each
//! placed at the encoded text it came from.

use std::ops::Range;

use leakguard_rules::RuleSet;

use crate::decode::{find_encoded, Decoded};
use crate::{Decoding, Match, Matcher};

/// One accepted match, placed in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Index of the rule in the rule set.
    pub(crate) rule: usize,
    /// Where the secret is in the text: the secret itself, or the encoded run that holds it.
    pub(crate) span: Range<usize>,
    /// The decoded secret, when a decoding revealed it.
    pub(crate) decoded: Option<Vec<u8>>,
    /// The decodings that revealed it, outermost first; empty for text as is.
    pub(crate) decoding: Vec<Decoding>,
    /// The severity a rule's `escalate` gave the match, if any.
    pub(crate) severity: Option<leakguard_rules::Severity>,
}

impl Found {
    /// The secret's value: decoded, or the text at its span.
    pub(crate) fn value<'t>(&'t self, text: &'t [u8]) -> &'t [u8] {
        self.decoded.as_deref().unwrap_or(&text[self.span.clone()])
    }
}

/// Every match in `text` and, `depth` decodings deep, in the encoded runs inside it, in order of
/// position then rule. A decoded match is dropped when the text as is already gave the same
/// rule there (but a secret percent-encoded as a whole is reported decoded); a generic match in
/// the text as is yields to a specific one found by decoding the same run (the base64 blob is
/// not "a high-entropy string" once it is known to be a GitHub token).
pub(crate) fn find(
    matcher: &mut Matcher<'_>,
    rules: &RuleSet,
    text: &[u8],
    path: Option<&str>,
    depth: u32,
    out: &mut Vec<Found>,
) {
    let mut matches = Vec::new();
    matcher.find(text, path, &mut matches);
    out.extend(matches.into_iter().map(|m: Match| Found {
        rule: m.rule,
        span: m.secret,
        decoded: None,
        decoding: Vec::new(),
        severity: m.severity,
    }));
    if depth == 0 {
        return;
    }
    for found in out.iter_mut() {
        percent_decode_secret(text, found);
    }
    let mut decoded = Vec::new();
    find_decoded(matcher, text, path, depth, &mut decoded);
    if decoded.is_empty() {
        return;
    }
    let is_generic = |f: &Found| rules.rules()[f.rule].is_generic();
    let overlaps = |a: &Found, b: &Found| a.span.start < b.span.end && b.span.start < a.span.end;
    let mut kept: Vec<Found> = Vec::with_capacity(decoded.len());
    for candidate in decoded {
        // The text as is wins where the same rule matched it: a URL's structure is read right
        // only before its `%40` becomes an `@`.
        let known = out
            .iter()
            .chain(kept.iter())
            .any(|f| f.rule == candidate.rule && overlaps(f, &candidate));
        if !known {
            kept.push(candidate);
        }
    }
    out.retain(|f| !is_generic(f) || !kept.iter().any(|d| !is_generic(d) && overlaps(f, d)));
    out.extend(kept);
    out.sort_by_key(|f| (f.span.start, f.rule));
}

/// A secret that is percent-encoded as a whole (a URL's password, a SAS signature) is reported
/// decoded: `p%40ss` is the password `p@ss`. A secret that is a whole URL (a webhook) stays as
/// written, the form people search their code for.
fn percent_decode_secret(text: &[u8], found: &mut Found) {
    let secret = &text[found.span.clone()];
    if memchr::memchr(b'%', secret).is_none() || memchr::memmem::find(secret, b"://").is_some() {
        return;
    }
    let mut runs = Vec::new();
    find_encoded(secret, &mut runs);
    if let Some(run) = runs
        .into_iter()
        .find(|r| r.kind == Decoding::Percent && r.span == (0..secret.len()))
    {
        found.decoded = Some(run.bytes);
        found.decoding = vec![Decoding::Percent];
    }
}

/// Matches inside the encoded runs of `text`, `depth` decodings deep, mapped back to `text`.
fn find_decoded(
    matcher: &mut Matcher<'_>,
    text: &[u8],
    path: Option<&str>,
    depth: u32,
    out: &mut Vec<Found>,
) {
    let mut layers = Vec::new();
    find_encoded(text, &mut layers);
    let mut matches = Vec::new();
    for layer in &layers {
        matches.clear();
        matcher.find(&layer.bytes, path, &mut matches);
        for m in &matches {
            out.push(Found {
                rule: m.rule,
                span: layer.source_range(m.secret.clone()),
                decoded: Some(layer.bytes[m.secret.clone()].to_vec()),
                decoding: vec![layer.kind],
                severity: m.severity,
            });
        }
        if depth > 1 {
            let mut inner = Vec::new();
            find_decoded(matcher, &layer.bytes, path, depth - 1, &mut inner);
            out.extend(inner.into_iter().map(|f| outer_found(layer, f)));
        }
    }
}

/// A match found inside `layer`'s decoded bytes, placed in the text `layer` was decoded from.
fn outer_found(layer: &Decoded, inner: Found) -> Found {
    let mut decoding = Vec::with_capacity(inner.decoding.len() + 1);
    decoding.push(layer.kind);
    decoding.extend(inner.decoding);
    Found {
        span: layer.source_range(inner.span),
        decoding,
        ..inner
    }
}

//! A short excerpt of the line a finding is on. Bounded on both sides of the secret, so a finding
//! in a 2 MB minified line costs a few hundred bytes of report, and built with the secret already
//! redacted, so the snippet never leaks what the secret field hides.

use crate::location::LineIndex;

/// Bytes of context kept on each side of the secret.
pub const CONTEXT_BYTES: usize = 60;

/// Longest secret shown whole in a snippet when secrets are shown; longer ones are cut with `…`.
const MAX_SHOWN_SECRET: usize = 120;

/// The excerpt of the line holding `secret` (a byte range of `text`), with the secret replaced by
/// `shown`. Only the first line of a multi-line secret is used. Any of `mask` (the other secrets
/// found in the same text) that falls in the context is redacted too: a line holding two keys
/// must not show one in full in the other's snippet.
pub fn snippet(
    text: &[u8],
    index: &LineIndex,
    secret: std::ops::Range<usize>,
    shown: &str,
    mask: &[std::ops::Range<usize>],
) -> String {
    let (_, line) = index.line_of(secret.start);
    let line_range = index.line_range(text, line);
    let before_start = floor_char(
        text,
        secret
            .start
            .saturating_sub(CONTEXT_BYTES)
            .max(line_range.start),
    );
    let secret_line_end = secret.end.min(line_range.end.max(secret.start));
    let after_end = ceil_char(text, (secret_line_end + CONTEXT_BYTES).min(line_range.end));
    let mut out = String::new();
    if before_start > line_range.start {
        out.push('…');
    }
    out.push_str(masked(text, before_start..secret.start, mask).trim_start());
    if shown.chars().count() > MAX_SHOWN_SECRET {
        out.extend(shown.chars().take(MAX_SHOWN_SECRET));
        out.push('…');
    } else {
        out.push_str(shown.lines().next().unwrap_or(""));
    }
    if secret.end <= line_range.end {
        out.push_str(&masked(text, secret.end..after_end.max(secret.end), mask));
        if after_end < line_range.end {
            out.push('…');
        }
    }
    out.trim_end().to_owned()
}

/// `text[range]` as text, with every part of it that lies in one of `mask` redacted.
fn masked(text: &[u8], range: std::ops::Range<usize>, mask: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    let mut spans: Vec<_> = mask
        .iter()
        .filter(|m| m.start < range.end && m.end > range.start)
        .collect();
    spans.sort_by_key(|m| m.start);
    for span in spans {
        if span.end <= at {
            continue;
        }
        if span.start > at {
            out.push_str(&String::from_utf8_lossy(&text[at..span.start]));
            out.push_str(&crate::secret::redact(&text[span.start..span.end]));
        } else {
            out.push('…');
        }
        at = span.end.min(range.end);
    }
    if at < range.end {
        out.push_str(&String::from_utf8_lossy(&text[at..range.end]));
    }
    out
}

/// Moves `at` back to the start of a UTF-8 character, so a cut never splits one.
fn floor_char(text: &[u8], mut at: usize) -> usize {
    while at > 0 && at < text.len() && (text[at] & 0xC0) == 0x80 {
        at -= 1;
    }
    at
}

fn ceil_char(text: &[u8], mut at: usize) -> usize {
    while at < text.len() && (text[at] & 0xC0) == 0x80 {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_secret() {
        let mut text = "x".repeat(5000);
        let start = text.len();
        text.push_str("SECRET");
        text.push_str(&"y".repeat(5000));
        let index = LineIndex::new(text.as_bytes());
        let s = snippet(text.as_bytes(), &index, start..start + 6, "SECR…", &[]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.len() < 200, "{}", s.len());
        assert!(s.contains("SECR…") && !s.contains("SECRET"));
    }

    #[test]
    fn short_line_is_whole_with_secret_replaced() {
        let text = b"  token = \"abc123\"\nnext";
        let index = LineIndex::new(text);
        let s = snippet(text, &index, 11..17, "abc1…", &[]);
        assert_eq!(s, "token = \"abc1…\"");
    }

    #[test]
    fn another_secret_on_the_line_is_redacted_too() {
        let text = b"a = 'FIRSTSECRET', b = 'OTHERSECRET' # end";
        let index = LineIndex::new(text);
        let s = snippet(text, &index, 5..16, "FIRS…", &[5..16, 24..35]);
        assert_eq!(s, "a = 'FIRS…', b = 'OTHE…' # end");
        let s = snippet(text, &index, 24..35, "OTHE…", &[5..16, 24..35]);
        assert!(!s.contains("FIRSTSECRET"), "{s}");
    }
}

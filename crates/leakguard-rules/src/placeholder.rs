//! The global placeholder filter: values that documentation, templates and tests put where a
//! secret would go. It runs on every rule's secret, because a placeholder is never a leak whatever
//! the provider, and every false positive it prevents is one a user would otherwise have to allow.

/// Substrings (compared case-insensitively) that mark a value as a placeholder.
const MARKERS: &[&str] = &[
    "example",
    "xxxx",
    "your_",
    "your-",
    "process.env.",
    "changeme",
    "change_me",
    "placeholder",
    "dummy",
    "redacted",
];

/// Whole values (compared case-insensitively) that are placeholders on their own.
const WORDS: &[&str] = &[
    "password", "passwd", "pass", "secret", "token", "none", "null",
];

/// Whether `secret` is a placeholder rather than a real value.
///
/// Covers documented example values (`EXAMPLE`, `xxxx…`, `your_…_here`), template syntax
/// (`${…}`, `{{ … }}`, `<…>`, `%(…)s`), environment lookups (`process.env.…`), masked values
/// (`****`), and shapes no random generator produces (a run of identical characters six long and
/// a quarter of the value, or an ascending run of eight such as `12345678`). Long tokens with a
/// fixed reserved block (Azure DevOps PATs hold `AAAAAA…`) are not placeholders for it.
pub fn is_placeholder(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    if MARKERS.iter().any(|m| contains(&lower, m.as_bytes())) {
        return true;
    }
    if contains(&lower, b"insert") && contains(&lower, b"here") {
        return true;
    }
    if WORDS.iter().any(|w| lower == w.as_bytes()) {
        return true;
    }
    if !secret.is_empty() && secret.iter().all(|&b| b == b'*') {
        return true;
    }
    // Runs only mark short values: long structured secrets (an OpenSSH key holds `AAAAAAAAAA`,
    // DER bodies hold runs of zero bytes) have them by construction.
    let short = secret.len() <= MAX_RUN_CHECKED_LEN;
    has_template(secret)
        || (short
            && (longest_repeat(secret) >= (secret.len() / 4).max(6)
                || longest_ascending(secret) >= 8))
}

/// Longest secret that the repeated-run and ascending-run checks apply to.
const MAX_RUN_CHECKED_LEN: usize = 128;

/// `${…}`, `{{…}}`, `<…>` and `%(…)s`: the value is a variable to be filled in.
fn has_template(s: &[u8]) -> bool {
    let pairs: [(&[u8], &[u8]); 4] = [(b"${", b"}"), (b"{{", b"}}"), (b"<", b">"), (b"%(", b")s")];
    pairs.iter().any(|(open, close)| {
        find(s, open).is_some_and(|start| contains(&s[start + open.len()..], close))
    })
}

fn longest_repeat(s: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in s {
        run = if Some(b) == prev { run + 1 } else { 1 };
        prev = Some(b);
        best = best.max(run);
    }
    best
}

fn longest_ascending(s: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev: Option<u8> = None;
    for &b in s {
        let continues = b.is_ascii_alphanumeric()
            && prev.is_some_and(|p| {
                p.is_ascii_alphanumeric() && p.to_ascii_lowercase() + 1 == b.to_ascii_lowercase()
            });
        run = if continues { run + 1 } else { 1 };
        prev = Some(b);
        best = best.max(run);
    }
    best
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_and_template_values_are_placeholders() {
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "your_api_key_here",
            "${DB_PASSWORD}",
            "{{ .Values.token }}",
            "<your-token>",
            "%(password)s",
            "process.env.STRIPE_KEY",
            "changeme",
            "********",
            "sk_live_000000000000000000000000",
            "abc12345678xyz",
            "Password",
        ] {
            assert!(
                is_placeholder(value.as_bytes()),
                "{value} should be a placeholder"
            );
        }
    }

    #[test]
    fn random_values_are_not_placeholders() {
        for value in [
            "ghp_R8mVq2LzT7wYx0NcKp4sHd9JfUe3Ab6GiO1k",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Hk2Lm3N",
            "hunter2-Zq81",
            &format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAAAAAAA{}\n",
                "Qm9keQ".repeat(40)
            ),
        ] {
            assert!(
                !is_placeholder(value.as_bytes()),
                "{value} is not a placeholder"
            );
        }
    }

    #[test]
    fn a_reserved_block_in_a_long_token_is_not_a_placeholder() {
        let pat = format!(
            "{}AAAAAAAAAAAAJQQJ99BKACAAAAAA{}",
            "q8Vn2LpX0rT5wZ7cK4mB9dX2kE5nP1sJ3hG6fA0y9Tq2Lx7Vb4N", "Nw8RzAZDO3kLm"
        );
        assert!(!is_placeholder(pat.as_bytes()));
        assert!(is_placeholder(b"AKIA000000001234"));
    }
}

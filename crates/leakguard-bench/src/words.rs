//! Vocabulary for synthetic code: nouns, verbs and adjectives of a typical web application, with
//! the credential words (token, password, secret, key) that a scanner's keyword prefilter reacts
//! to mixed in at roughly the rate they appear in real code.

use crate::rng::Rng;

pub(crate) const NOUNS: &[&str] = &[
    "user",
    "account",
    "order",
    "invoice",
    "payment",
    "session",
    "token",
    "password",
    "secret",
    "key",
    "api",
    "auth",
    "config",
    "request",
    "response",
    "record",
    "item",
    "product",
    "customer",
    "address",
    "email",
    "message",
    "notification",
    "subscription",
    "plan",
    "team",
    "project",
    "repository",
    "build",
    "job",
    "queue",
    "event",
    "cache",
    "client",
    "server",
    "handler",
    "service",
    "provider",
    "credential",
    "cookie",
    "header",
    "policy",
    "role",
    "permission",
    "report",
    "export",
    "import",
    "upload",
    "attachment",
    "comment",
    "post",
    "article",
    "tag",
    "category",
    "search",
    "filter",
    "page",
    "cart",
    "checkout",
    "coupon",
    "discount",
    "shipment",
    "warehouse",
    "stock",
    "price",
    "tax",
    "refund",
    "webhook",
    "integration",
    "organization",
    "member",
    "invite",
    "device",
    "profile",
    "avatar",
    "setting",
    "preference",
    "audit",
    "log",
    "metric",
    "schedule",
    "reminder",
    "calendar",
    "document",
    "template",
    "workflow",
    "task",
    "ticket",
    "label",
    "milestone",
    "release",
    "deployment",
    "environment",
    "signature",
    "digest",
    "nonce",
    "otp",
    "mfa",
    "oauth",
    "grant",
    "scope",
    "claim",
    "certificate",
    "keypair",
    "hash",
];

pub(crate) const VERBS: &[&str] = &[
    "find",
    "create",
    "update",
    "delete",
    "fetch",
    "load",
    "save",
    "build",
    "parse",
    "validate",
    "render",
    "handle",
    "process",
    "sync",
    "refresh",
    "generate",
    "verify",
    "encode",
    "decode",
    "sign",
    "rotate",
    "revoke",
    "issue",
    "expire",
    "notify",
    "send",
    "receive",
    "publish",
    "subscribe",
    "schedule",
    "cancel",
    "retry",
    "archive",
    "restore",
    "import",
    "export",
    "merge",
    "split",
    "normalize",
    "serialize",
    "authorize",
    "authenticate",
    "encrypt",
    "decrypt",
    "lookup",
    "resolve",
    "compute",
    "apply",
    "reset",
    "register",
    "track",
    "enqueue",
    "flush",
    "prune",
];

pub(crate) const ADJECTIVES: &[&str] = &[
    "current",
    "new",
    "old",
    "default",
    "active",
    "pending",
    "valid",
    "encrypted",
    "raw",
    "cached",
    "remote",
    "local",
    "primary",
    "secondary",
    "temporary",
    "expired",
    "signed",
    "public",
    "private",
    "internal",
    "external",
    "legacy",
    "next",
    "previous",
    "last",
    "first",
    "shared",
];

pub(crate) const NAMESPACES: &[&str] = &[
    "billing",
    "accounts",
    "admin",
    "api",
    "auth",
    "integrations",
    "notifications",
    "reporting",
    "search",
    "storage",
    "webhooks",
    "payments",
    "analytics",
    "inventory",
    "shipping",
    "support",
    "identity",
    "catalog",
    "checkout",
    "marketing",
    "compliance",
    "onboarding",
];

pub(crate) const LIB_WORDS: &[&str] = &[
    "fast",
    "deep",
    "json",
    "stream",
    "async",
    "path",
    "glob",
    "color",
    "string",
    "array",
    "object",
    "event",
    "emitter",
    "parse",
    "merge",
    "clone",
    "util",
    "core",
    "http",
    "proxy",
    "agent",
    "cookie",
    "jwt",
    "token",
    "auth",
    "crypto",
    "hash",
    "base64",
    "url",
    "query",
    "schema",
    "validate",
    "react",
    "vue",
    "babel",
    "plugin",
    "preset",
    "loader",
    "webpack",
    "eslint",
    "config",
    "types",
    "node",
    "fs",
    "extra",
    "mime",
    "semver",
    "debug",
    "chalk",
    "yargs",
    "commander",
    "rimraf",
    "mkdirp",
    "lodash",
    "uuid",
    "dotenv",
    "axios",
    "express",
    "body",
    "parser",
    "cors",
    "helmet",
    "passport",
    "session",
    "redis",
    "pg",
    "mysql",
    "knex",
    "mongo",
    "graphql",
    "apollo",
    "socket",
    "ws",
    "buffer",
    "inherits",
    "safe",
    "is",
    "has",
    "define",
    "property",
    "symbols",
    "iterator",
    "promise",
    "retry",
    "queue",
    "cache",
    "lru",
    "signal",
    "exit",
    "cross",
    "spawn",
    "which",
    "env",
    "dom",
    "jsx",
    "runtime",
    "regenerator",
];

pub(crate) const PROSE: &[&str] = &[
    "the", "a", "to", "of", "and", "in", "is", "for", "with", "this", "that", "when", "if", "it",
    "returns", "option", "value", "default", "used", "by", "from", "on", "be", "can", "an", "not",
    "will", "set", "call", "see", "also", "before", "after", "each", "every", "only", "must",
    "should", "may", "note", "function", "module", "object", "string", "number", "list",
];

/// Between `min` and `max` words of `list`, joined by `sep`.
pub(crate) fn join(rng: &mut Rng, list: &[&str], min: usize, max: usize, sep: &str) -> String {
    let mut out = String::new();
    for i in 0..rng.range(min, max) {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(rng.word(list));
    }
    out
}

/// A sentence of prose with some application nouns mixed in.
pub(crate) fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        let w = if rng.chance(0.3) {
            rng.pick(NOUNS)
        } else {
            rng.pick(PROSE)
        };
        out.push_str(w);
    }
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out.push('.');
    out
}

/// `snake_case` to `camelCase`.
pub(crate) fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `snake_case` to `PascalCase`.
pub(crate) fn pascal(snake: &str) -> String {
    let c = camel(snake);
    let mut chars = c.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A snake_case identifier of one to three words.
pub(crate) fn ident(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => rng.pick(NOUNS).to_string(),
        1 | 2 => format!("{}_{}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
        3 => format!("{}_{}", rng.pick(NOUNS), rng.pick(NOUNS)),
        4 => format!(
            "{}_{}_{}",
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(NOUNS)
        ),
        _ => format!(
            "{}_{}",
            rng.pick(NOUNS),
            rng.pick(&["id", "ids", "count", "name", "url", "at", "list"])
        ),
    }
}

/// `len` lower-case hex digits.
pub(crate) fn hex(rng: &mut Rng, len: usize) -> String {
    rng.string_from(b"0123456789abcdef", len)
}

/// A random version-4-shaped UUID.
pub(crate) fn uuid(rng: &mut Rng) -> String {
    format!(
        "{}-{}-4{}-a{}-{}",
        hex(rng, 8),
        hex(rng, 4),
        hex(rng, 3),
        hex(rng, 3),
        hex(rng, 12)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(camel("api_token_key"), "apiTokenKey");
        assert_eq!(pascal("api_token"), "ApiToken");
        assert_eq!(pascal(""), "");
    }
}

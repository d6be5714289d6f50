//! Named structural checks written in Rust, referenced from rule files by `validate: NAME`.
//!
//! A validator sees only the secret and answers whether its structure is what the format
//! promises: a checksum that adds up, base64 that decodes, JSON where JSON must be. Each one turns
//! a whole class of look-alikes (test fixtures with invented tokens, truncated keys, hashes) into
//! non-findings without guessing.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// A named structural check on a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Validator {
    /// `<prefix>_<30 base62><6 base62 CRC32>`, as in GitHub's token formats.
    GithubChecksum,
    /// npm's `npm_` tokens, which use GitHub's checksum scheme.
    NpmChecksum,
    /// A JSON Web Token whose header and payload decode to JSON objects, the header naming `alg`.
    Jwt,
    /// Standard or URL-safe base64 decoding to at least 16 bytes.
    Base64,
    /// A PyPI API token: `pypi-` then a base64url macaroon that names `pypi.org`.
    PypiMacaroon,
    /// An armored private key whose body decodes to at least 64 bytes.
    PrivateKey,
    /// A generic assigned value that is not a UUID, an integrity hash, a number or a phrase.
    GenericSecret,
    /// Cloudflare's `cfut_`/`cfat_`/`cfk_` tokens: 40 characters, then the CRC32 of those 40 in
    /// 8 hex digits.
    CloudflareChecksum,
    /// Atlassian's `ATATT`/`ATCTT`/`ATSTT`/`ATBB` tokens: everything, then the CRC32 of all that
    /// precedes in 8 hex digits.
    AtlassianChecksum,
    /// A Supabase JWT whose payload says `"role": "service_role"` (bypasses row-level security).
    SupabaseServiceRole,
    /// A Supabase JWT whose payload says `"role": "anon"` (made for browsers).
    SupabaseAnon,
}

impl Validator {
    /// Every validator, for documentation and error messages.
    pub const ALL: [Validator; 11] = [
        Validator::GithubChecksum,
        Validator::NpmChecksum,
        Validator::Jwt,
        Validator::Base64,
        Validator::PypiMacaroon,
        Validator::PrivateKey,
        Validator::GenericSecret,
        Validator::SupabaseServiceRole,
        Validator::SupabaseAnon,
        Validator::CloudflareChecksum,
        Validator::AtlassianChecksum,
    ];

    /// The name rule files use.
    pub fn name(self) -> &'static str {
        match self {
            Validator::GithubChecksum => "github-checksum",
            Validator::NpmChecksum => "npm-checksum",
            Validator::Jwt => "jwt",
            Validator::Base64 => "base64",
            Validator::PypiMacaroon => "pypi-macaroon",
            Validator::PrivateKey => "private-key",
            Validator::GenericSecret => "generic-secret",
            Validator::SupabaseServiceRole => "supabase-service-role",
            Validator::SupabaseAnon => "supabase-anon",
            Validator::CloudflareChecksum => "cloudflare-checksum",
            Validator::AtlassianChecksum => "atlassian-checksum",
        }
    }

    /// Whether a value this validator rejects is a decoy that no other rule should report either
    /// (a token with a wrong checksum is a test fixture). Validators that only sort valid values
    /// into kinds (a Supabase JWT's role) refute nothing: what they reject may be another kind.
    pub fn refutes(self) -> bool {
        !matches!(
            self,
            Validator::SupabaseServiceRole | Validator::SupabaseAnon
        )
    }

    /// The validator a rule file names, if any has that name.
    pub fn from_name(name: &str) -> Option<Validator> {
        Validator::ALL.into_iter().find(|v| v.name() == name)
    }

    /// Whether `secret` has the structure this validator demands.
    pub fn accepts(self, secret: &[u8]) -> bool {
        match self {
            Validator::GithubChecksum | Validator::NpmChecksum => base62_crc32_token(secret),
            Validator::Jwt => jwt(secret),
            Validator::Base64 => decode_base64(secret).is_some_and(|d| d.len() >= 16),
            Validator::PypiMacaroon => pypi_macaroon(secret),
            Validator::PrivateKey => private_key(secret),
            Validator::GenericSecret => generic_secret(secret),
            Validator::SupabaseServiceRole => supabase_role(secret, "service_role"),
            Validator::SupabaseAnon => supabase_role(secret, "anon"),
            Validator::CloudflareChecksum => cloudflare_checksum(secret),
            Validator::AtlassianChecksum => {
                crc32_hex_suffix(secret, secret.len().saturating_sub(8))
            }
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The token part after the last `_` is 30 random base62 characters followed by the CRC32 of
/// those 30, in base62, left-padded with `0` to six characters.
/// GitHub's scheme (also Vercel's, on a longer body): after the last `_`, random base62, then
/// the CRC32 of that random part in 6 base62 digits.
fn base62_crc32_token(secret: &[u8]) -> bool {
    let body = match secret.iter().rposition(|&b| b == b'_') {
        Some(i) => &secret[i + 1..],
        None => secret,
    };
    if body.len() < 7 + 6 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, checksum) = body.split_at(body.len() - 6);
    base62_6(crc32fast::hash(random)) == checksum
}

/// The 40 characters after the prefix's `_`, then their CRC32 in 8 hex digits.
fn cloudflare_checksum(secret: &[u8]) -> bool {
    let Some(start) = secret.iter().position(|&b| b == b'_') else {
        return false;
    };
    let body = &secret[start + 1..];
    body.len() == 48 && crc32_hex_suffix(body, 40)
}

/// `secret[..at]`, then its CRC32 as 8 hex digits (either case) filling the rest.
fn crc32_hex_suffix(secret: &[u8], at: usize) -> bool {
    if secret.len() != at + 8 || at == 0 {
        return false;
    }
    let expected = format!("{:08x}", crc32fast::hash(&secret[..at]));
    secret[at..].eq_ignore_ascii_case(expected.as_bytes())
}

fn base62_6(mut n: u32) -> [u8; 6] {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// Decodes standard or URL-safe base64, with or without padding.
pub(crate) fn decode_base64(input: &[u8]) -> Option<Vec<u8>> {
    const LENIENT: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STANDARD_LENIENT: GeneralPurpose =
        GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
    const URL_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);
    STANDARD_LENIENT
        .decode(input)
        .or_else(|_| URL_LENIENT.decode(input))
        .ok()
}

fn json_object(part: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let decoded = decode_base64(part)?;
    match serde_json::from_slice(&decoded) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn jwt(secret: &[u8]) -> bool {
    let mut parts = secret.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let header_ok =
        json_object(header).is_some_and(|h| h.get("alg").is_some_and(|a| a.is_string()));
    let signature_ok = signature.is_empty() || decode_base64(signature).is_some();
    header_ok && json_object(payload).is_some() && signature_ok
}

/// A JWT issued by Supabase (`"iss": "supabase"`, or a project `ref`) for `role`.
fn supabase_role(secret: &[u8], role: &str) -> bool {
    if !jwt(secret) {
        return false;
    }
    let Some(payload) = secret.split(|&b| b == b'.').nth(1).and_then(json_object) else {
        return false;
    };
    let issued_by_supabase = payload
        .get("iss")
        .and_then(|i| i.as_str())
        .is_some_and(|i| i.contains("supabase"))
        || payload.get("ref").is_some_and(|r| r.is_string());
    issued_by_supabase && payload.get("role").and_then(|r| r.as_str()) == Some(role)
}

fn pypi_macaroon(secret: &[u8]) -> bool {
    secret
        .strip_prefix(b"pypi-")
        .and_then(decode_base64)
        .is_some_and(|d| d.windows(8).any(|w| w == b"pypi.org"))
}

/// Joins the base64 body of an armored block, skipping the BEGIN/END lines, `Key: value` headers
/// (PEM `Proc-Type`, PGP `Version`), blank lines and the PGP `=abcd` checksum line. Literal `\n`
/// escapes (a key inside a JSON string) count as line breaks.
fn private_key(secret: &[u8]) -> bool {
    let text = String::from_utf8_lossy(secret)
        .replace("\\n", "\n")
        .replace("\\r", "")
        .replace("\\/", "/");
    let mut body = String::new();
    for line in text.lines().map(str::trim) {
        let skip = line.is_empty()
            || line.starts_with("-----")
            || line.contains(": ")
            || (line.starts_with('=') && line.len() <= 5);
        if !skip {
            body.push_str(line);
        }
    }
    if body.contains("...") {
        return false;
    }
    decode_base64(body.as_bytes()).is_some_and(|d| d.len() >= 64)
}

fn generic_secret(secret: &[u8]) -> bool {
    let is_uuid = secret.len() == 36
        && secret.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    let lower = secret.to_ascii_lowercase();
    let integrity = [&b"sha1-"[..], b"sha256-", b"sha384-", b"sha512-"]
        .iter()
        .any(|p| lower.starts_with(p));
    let has_digit = secret.iter().any(u8::is_ascii_digit);
    let only_digits = secret.iter().all(u8::is_ascii_digit);
    let has_space = secret.iter().any(u8::is_ascii_whitespace);
    // A relative path (`./certs/key9.pem`) is where a secret lives, not the secret.
    let relative_path = secret.starts_with(b"./") || secret.starts_with(b"../");
    !(is_uuid || integrity || !has_digit || only_digits || has_space || relative_path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE;

    fn github_token(prefix: &str, random: &str) -> String {
        let checksum = base62_6(crc32fast::hash(random.as_bytes()));
        format!("{prefix}_{random}{}", String::from_utf8_lossy(&checksum))
    }

    #[test]
    fn github_checksum_accepts_only_matching_crc() {
        let good = github_token("ghp", "Zq81LmV0c7TnWb2Rk5YpXe9HsJd4Ga");
        assert!(Validator::GithubChecksum.accepts(good.as_bytes()));
        let mut bad = good.into_bytes();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == b'A' { b'B' } else { b'A' };
        assert!(!Validator::GithubChecksum.accepts(&bad));
    }

    #[test]
    fn base62_padding_keeps_six_digits() {
        assert_eq!(&base62_6(0), b"000000");
        assert_eq!(&base62_6(61), b"00000z");
        assert_eq!(&base62_6(62), b"000010");
    }

    #[test]
    fn jwt_needs_json_header_with_alg() {
        let header = URL_SAFE.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE.encode(br#"{"sub":"42"}"#);
        let token = format!(
            "{}.{}.c2lnbmF0dXJl",
            header.trim_end_matches('='),
            payload.trim_end_matches('=')
        );
        assert!(Validator::Jwt.accepts(token.as_bytes()));
        let no_alg = URL_SAFE.encode(br#"{"typ":"JWT"}"#);
        let token = format!("{no_alg}.{payload}.c2ln");
        assert!(!Validator::Jwt.accepts(token.as_bytes()));
    }

    #[test]
    fn generic_secret_rejects_ids_and_hashes() {
        assert!(!Validator::GenericSecret.accepts(b"123e4567-e89b-12d3-a456-426614174000"));
        assert!(!Validator::GenericSecret.accepts(b"sha512-AbCdEf0123"));
        assert!(!Validator::GenericSecret.accepts(b"onlyletterswordsvalue"));
        assert!(!Validator::GenericSecret.accepts(b"12345678901234"));
        assert!(Validator::GenericSecret.accepts(b"q8Vn2LpX0rT5wZ"));
        assert!(!Validator::GenericSecret.accepts(b"./certs/server2024.key"));
    }

    #[test]
    fn every_validator_name_round_trips() {
        for v in Validator::ALL {
            assert_eq!(Validator::from_name(v.name()), Some(v));
        }
    }

    #[test]
    fn hex_crc32_suffixes_check_their_body() {
        let body = "q8Vn2LpX0rT5wZ7cK4mB9dX2kE5nP1sJ3hG6fA0y";
        let good = format!("cfut_{body}{:08x}", crc32fast::hash(body.as_bytes()));
        assert!(Validator::CloudflareChecksum.accepts(good.as_bytes()));
        let bad = format!("cfut_{body}00000000");
        assert!(!Validator::CloudflareChecksum.accepts(bad.as_bytes()));
        let head = "ATATT3xFfGF0q8Vn2LpX0rT5wZ7cK4mB9dX2kE5nP1sJ3hG6fA0y=";
        let good = format!("{head}{:08X}", crc32fast::hash(head.as_bytes()));
        assert!(Validator::AtlassianChecksum.accepts(good.as_bytes()));
        assert!(!Validator::AtlassianChecksum.accepts(format!("{head}0000000A").as_bytes()));
    }

    #[test]
    fn the_github_scheme_works_on_longer_bodies() {
        let random = "Zq81LmV0c7TnWb2Rk5YpXe9HsJd4GaZq81LmV0c7TnWb2Rk5Yp";
        let token = format!(
            "vcp_{random}{}",
            String::from_utf8_lossy(&base62_6(crc32fast::hash(random.as_bytes())))
        );
        assert!(Validator::GithubChecksum.accepts(token.as_bytes()));
        assert!(!Validator::GithubChecksum
            .accepts(b"vcp_Zq81LmV0c7TnWb2Rk5YpXe9HsJd4GaZq81LmV0c7TnWb2Rk5Yp000000"));
    }
}

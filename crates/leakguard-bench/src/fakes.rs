//! Fake credentials planted in the corpus. Every value is drawn from the PRNG, so none is a real
//! credential; each has the structure a careful scanner checks (GitHub's CRC32 checksum, base64
//! that decodes, JWT parts that are JSON), and none looks like a placeholder (`EXAMPLE`, `xxxx`,
//! runs of one character), so a scanner should report every one of them.

use crate::encode::{base62_6, base64, base64url, crc32, BASE62};
use crate::rng::Rng;
use crate::words;

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";
const AWS_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PASSWORD_ALPHABET: &[u8] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_!@%*+=.";

/// The formats of planted fakes, named as in `manifest.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FakeKind {
    /// `ghp_` + 30 base62 + 6-character base62 CRC32.
    Github,
    /// `AKIA` + 16 characters of `[A-Z2-7]`.
    Aws,
    /// `xoxb-<digits>-<digits>-<24 alnum>`.
    Slack,
    /// `sk_live_` + 24 alnum.
    Stripe,
    /// An armored RSA, EC or OpenSSH private key.
    PrivateKey,
    /// A signed JSON Web Token.
    Jwt,
    /// `postgres://user:<password>@db.internal:5432/app`.
    Postgres,
    /// `password = "<20 random characters>"`.
    Password,
}

impl FakeKind {
    /// Every kind, in report order.
    pub(crate) const ALL: [FakeKind; 8] = [
        FakeKind::Github,
        FakeKind::Aws,
        FakeKind::Slack,
        FakeKind::Stripe,
        FakeKind::PrivateKey,
        FakeKind::Jwt,
        FakeKind::Postgres,
        FakeKind::Password,
    ];

    /// The name used in the manifest and the report.
    pub(crate) fn name(self) -> &'static str {
        match self {
            FakeKind::Github => "github",
            FakeKind::Aws => "aws",
            FakeKind::Slack => "slack",
            FakeKind::Stripe => "stripe",
            FakeKind::PrivateKey => "private-key",
            FakeKind::Jwt => "jwt",
            FakeKind::Postgres => "postgres",
            FakeKind::Password => "password",
        }
    }

    /// The kind named `name` in a manifest.
    pub(crate) fn from_name(name: &str) -> Option<FakeKind> {
        FakeKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Relative frequency among planted fakes.
    fn weight(self) -> u32 {
        match self {
            FakeKind::Github | FakeKind::Password => 20,
            FakeKind::Aws => 15,
            FakeKind::Slack
            | FakeKind::Stripe
            | FakeKind::PrivateKey
            | FakeKind::Jwt
            | FakeKind::Postgres => 9,
        }
    }

    /// A kind drawn by weight.
    pub(crate) fn random(rng: &mut Rng) -> FakeKind {
        let total: u32 = FakeKind::ALL.iter().map(|k| k.weight()).sum();
        let mut n = rng.below(total as usize) as u32;
        for kind in FakeKind::ALL {
            if n < kind.weight() {
                return kind;
            }
            n -= kind.weight();
        }
        FakeKind::Github
    }

    /// Identifier (snake_case) a developer would give a variable holding this credential.
    pub(crate) fn identifier(self, rng: &mut Rng) -> &'static str {
        let names: &[&str] = match self {
            FakeKind::Github => &[
                "github_token",
                "gh_token",
                "github_access_token",
                "octokit_token",
            ],
            FakeKind::Aws => &["aws_access_key_id", "access_key_id", "aws_key_id"],
            FakeKind::Slack => &["slack_token", "slack_bot_token", "bot_token"],
            FakeKind::Stripe => &["stripe_secret_key", "stripe_api_key", "stripe_key"],
            FakeKind::PrivateKey => &["private_key", "signing_key", "rsa_private_key"],
            FakeKind::Jwt => &["auth_token", "jwt", "id_token", "bearer_token"],
            FakeKind::Postgres => &["database_url", "db_url", "pg_url", "primary_database_url"],
            FakeKind::Password => &["password", "db_password", "admin_password", "smtp_password"],
        };
        rng.word(names)
    }

    /// A fresh fake value. Private keys come back as lines joined by `\n`, without a final one.
    pub(crate) fn generate(self, rng: &mut Rng) -> String {
        loop {
            let value = match self {
                FakeKind::Github => github_token(rng),
                FakeKind::Aws => format!("AKIA{}", rng.string_from(AWS_ALPHABET, 16)),
                FakeKind::Slack => {
                    let team_len = rng.range(10, 12);
                    let team = nonzero_digits(rng, team_len);
                    let bot = nonzero_digits(rng, 13);
                    format!("xoxb-{team}-{bot}-{}", rng.string_from(ALNUM, 24))
                }
                FakeKind::Stripe => format!("sk_live_{}", rng.string_from(ALNUM, 24)),
                FakeKind::PrivateKey => private_key(rng),
                FakeKind::Jwt => jwt(rng),
                FakeKind::Postgres => {
                    let user = rng.pick(&["user", "app", "rails", "deploy", "billing"]);
                    let len = rng.range(16, 24);
                    format!(
                        "postgres://{user}:{}@db.internal:5432/app",
                        password(rng, ALNUM, len)
                    )
                }
                FakeKind::Password => password(rng, PASSWORD_ALPHABET, 20),
            };
            // A key's armour lines hold runs of dashes; only its random body is checked.
            let random_part: String = value.lines().filter(|l| !l.starts_with("-----")).collect();
            if !looks_like_placeholder(&random_part) {
                return value;
            }
        }
    }
}

/// `ghp_` + 30 random base62 characters + their CRC32 in six base62 digits.
pub(crate) fn github_token(rng: &mut Rng) -> String {
    let random = rng.string_from(BASE62, 30);
    let checksum = base62_6(crc32(random.as_bytes()));
    format!("ghp_{random}{checksum}")
}

fn nonzero_digits(rng: &mut Rng, len: usize) -> String {
    let first = char::from(*rng.pick(&DIGITS[1..]));
    format!("{first}{}", rng.string_from(DIGITS, len - 1))
}

/// A password-like value with at least one digit and one letter.
fn password(rng: &mut Rng, alphabet: &[u8], len: usize) -> String {
    loop {
        let value = rng.string_from(alphabet, len);
        if value.bytes().any(|b| b.is_ascii_digit())
            && value.bytes().any(|b| b.is_ascii_alphabetic())
        {
            return value;
        }
    }
}

fn private_key(rng: &mut Rng) -> String {
    let (label, der_prefix, len): (&str, &[u8], usize) = match rng.below(3) {
        // SEQUENCE, INTEGER 0, INTEGER (modulus): what `openssl genrsa` output starts with.
        0 => (
            "RSA PRIVATE KEY",
            &[
                0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00,
            ],
            1192,
        ),
        1 => (
            "EC PRIVATE KEY",
            &[0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20],
            121,
        ),
        _ => ("OPENSSH PRIVATE KEY", b"openssh-key-v1\0", 400),
    };
    let mut der = vec![0u8; len];
    rng.fill(&mut der);
    der[..der_prefix.len()].copy_from_slice(der_prefix);
    let body = base64(&der);
    let width = if label.starts_with("OPENSSH") { 70 } else { 64 };
    let mut out = format!("-----BEGIN {label}-----");
    for chunk in body.as_bytes().chunks(width) {
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(chunk));
    }
    out.push_str(&format!("\n-----END {label}-----"));
    out
}

fn jwt(rng: &mut Rng) -> String {
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = format!(
        r#"{{"sub":"{}","name":"{}","iat":{},"exp":{}}}"#,
        rng.range(1000, 9_999_999),
        rng.pick(words::NOUNS),
        1_600_000_000 + rng.below(100_000_000),
        1_700_000_000 + rng.below(100_000_000)
    );
    let mut signature = [0u8; 32];
    rng.fill(&mut signature);
    format!(
        "{header}.{}.{}",
        base64url(payload.as_bytes()),
        base64url(&signature)
    )
}

/// What scanners' placeholder filters drop: documentation markers and shapes no random generator
/// produces (six identical characters in a row, an ascending run of eight).
fn looks_like_placeholder(value: &str) -> bool {
    const MARKERS: &[&str] = &[
        "example",
        "xxxx",
        "your_",
        "your-",
        "changeme",
        "change_me",
        "placeholder",
        "dummy",
        "redacted",
        "test",
        "fake",
        "sample",
    ];
    let lower = value.to_ascii_lowercase();
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let bytes = lower.as_bytes();
    let (mut repeat, mut ascending) = (1, 1);
    for pair in bytes.windows(2) {
        repeat = if pair[0] == pair[1] { repeat + 1 } else { 1 };
        ascending = if pair[0].is_ascii_alphanumeric() && pair[0] + 1 == pair[1] {
            ascending + 1
        } else {
            1
        };
        if repeat >= 5 || ascending >= 6 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_fakes_carry_a_valid_checksum() {
        let mut rng = Rng::new(42);
        for _ in 0..100 {
            let token = github_token(&mut rng);
            assert_eq!(token.len(), 40);
            let body = &token[4..];
            assert!(body.bytes().all(|b| b.is_ascii_alphanumeric()));
            let (random, checksum) = body.split_at(30);
            assert_eq!(base62_6(crc32(random.as_bytes())), checksum);
        }
    }

    #[test]
    fn fakes_have_their_documented_shapes() {
        let mut rng = Rng::new(1);
        for _ in 0..50 {
            let aws = FakeKind::Aws.generate(&mut rng);
            assert!(aws.starts_with("AKIA") && aws.len() == 20);
            let password = FakeKind::Password.generate(&mut rng);
            assert_eq!(password.len(), 20);
            assert!(password.bytes().any(|b| b.is_ascii_digit()));
            let key = FakeKind::PrivateKey.generate(&mut rng);
            assert!(key.starts_with("-----BEGIN ") && key.ends_with(" PRIVATE KEY-----"));
            let jwt = FakeKind::Jwt.generate(&mut rng);
            assert_eq!(jwt.split('.').count(), 3);
            assert!(jwt.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
        }
        assert!(looks_like_placeholder("AKIAIOSFODNN7EXAMPLE"));
        assert!(looks_like_placeholder("sk_live_aaaaaaQ"));
        assert!(!looks_like_placeholder(
            "ghp_R8mVq2LzT7wYx0NcKp4sHd9JfUe3Ab6GiO1k"
        ));
        assert_eq!(
            FakeKind::from_name("private-key"),
            Some(FakeKind::PrivateKey)
        );
    }
}

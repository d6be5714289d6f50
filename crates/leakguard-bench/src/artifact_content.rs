//! Contents of the files that release artifacts hold besides ordinary source: Java `.properties`
//! and XML configuration, application logs, Kubernetes Secrets (values in base64), Docker image
//! configurations, and binaries (class files, shared objects). Fakes are planted through
//! [`Out`], so their recorded lines and columns are right by construction.

use crate::content::{self, FileKind, Out, Planted};
use crate::encode::base64;
use crate::fakes::FakeKind;
use crate::rng::Rng;
use crate::words::{self, camel, hex, ident, pascal, sentence, uuid, ADJECTIVES, NOUNS, VERBS};

/// What an entry of an artifact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// One of the ordinary corpus kinds (source, YAML, `.env`, keys, images…).
    File(FileKind),
    /// Java `key=value` properties.
    Properties,
    /// Spring-style XML bean configuration.
    Xml,
    /// An application log.
    Log,
    /// Kubernetes `Secret` documents whose `data:` values are base64.
    K8sSecret,
    /// A Docker image configuration (one line of JSON) whose `Env` may hold fakes.
    ImageConfig,
    /// A compiled Java class: a constant pool of names among binary fields.
    Class,
    /// An ELF shared object or executable: random bytes behind a real header.
    SharedObject,
}

impl EntryKind {
    /// Whether a fake of `fake` can be planted in an entry of this kind in a way a reader
    /// (and a scanner) would see: a log does not hold a multi-line key, and a Secret's value
    /// without its name would be only a random string.
    pub(crate) fn accepts(self, fake: FakeKind) -> bool {
        match self {
            EntryKind::File(FileKind::Pem) => fake == FakeKind::PrivateKey,
            EntryKind::File(kind) => kind.takes_fakes(),
            EntryKind::Properties | EntryKind::Xml => true,
            EntryKind::Log | EntryKind::ImageConfig => fake != FakeKind::PrivateKey,
            EntryKind::K8sSecret => fake != FakeKind::Password,
            EntryKind::Class | EntryKind::SharedObject => false,
        }
    }

    /// About how many times deflate shrinks it, to size archives before they are written.
    pub(crate) fn deflate_ratio(self) -> f64 {
        match self {
            EntryKind::File(FileKind::Png | FileKind::Jpeg | FileKind::Woff2 | FileKind::Gzip)
            | EntryKind::SharedObject => 1.0,
            EntryKind::File(FileKind::MinJs) => 2.4,
            EntryKind::File(FileKind::Pem) => 1.3,
            EntryKind::Class => 1.55,
            EntryKind::Log => 4.5,
            _ => 3.5,
        }
    }
}

/// The bytes of an entry of `kind`, about `size` long, with `fakes` planted (each must be
/// accepted by the kind), and where they went.
pub(crate) fn generate(
    kind: EntryKind,
    size: usize,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> (Vec<u8>, Vec<Planted>) {
    debug_assert!(fakes.iter().all(|&f| kind.accepts(f)), "{kind:?} {fakes:?}");
    if let EntryKind::File(kind) = kind {
        return content::generate(kind, size, fakes, rng);
    }
    let mut out = Out::new(size, fakes, rng);
    match kind {
        EntryKind::Properties => properties(&mut out, rng),
        EntryKind::Xml => xml(&mut out, rng),
        EntryKind::Log => log(&mut out, rng),
        EntryKind::K8sSecret => k8s_secret(&mut out, rng),
        EntryKind::ImageConfig => image_config(&mut out, rng),
        EntryKind::Class => return (class_file(size, rng), Vec::new()),
        EntryKind::SharedObject => return (shared_object(size, rng), Vec::new()),
        EntryKind::File(_) => {}
    }
    out.finish()
}

/// A JSON or JS string escape of a key's line breaks, so it fits on one line.
fn escaped(value: &str) -> String {
    value.replace('\n', "\\n")
}

fn properties(out: &mut Out, rng: &mut Rng) {
    const PREFIXES: &[&str] = &[
        "spring.datasource",
        "spring.jpa.properties.hibernate",
        "server",
        "management.endpoints.web",
        "logging.level.com.acme",
        "app",
        "app.feature",
        "spring.kafka.consumer",
        "resilience4j.retry.instances",
    ];
    out.line(&format!("# {}", sentence(rng, 8)));
    out.line(&format!("spring.application.name={}", rng.pick(NOUNS)));
    out.line(&format!("server.port={}", rng.range(8000, 9100)));
    while !out.full() || out.pending() {
        if out.due() || (out.full() && out.pending()) {
            out.plant_with(rng, false, |rng, kind, value| {
                let key = match kind {
                    FakeKind::Github => "github.api.token",
                    FakeKind::Aws => "cloud.aws.credentials.access-key",
                    FakeKind::Slack => "notify.slack.bot-token",
                    FakeKind::Stripe => "payments.stripe.secret-key",
                    FakeKind::PrivateKey => "jwt.signing.private-key",
                    FakeKind::Jwt => "client.service.auth-token",
                    FakeKind::Postgres => "app.database.url",
                    FakeKind::Password => rng.word(&[
                        "spring.datasource.password",
                        "spring.mail.password",
                        "ldap.manager.password",
                    ]),
                };
                (format!("{key}={}", escaped(value)), value.to_owned())
            });
            continue;
        }
        if rng.chance(0.06) {
            out.line("");
            out.line(&format!("# {}", sentence(rng, 7)));
        }
        let key = format!(
            "{}.{}",
            rng.pick(PREFIXES),
            ident(rng).replace('_', rng.word(&["-", "."]))
        );
        let value = match rng.below(8) {
            0 => rng.range(0, 60_000).to_string(),
            1 => rng.word(&["true", "false"]).to_owned(),
            2 => format!("${{{}}}", ident(rng).to_ascii_uppercase()),
            3 => format!(
                "https://{}.internal/api/v{}",
                rng.pick(NOUNS),
                rng.range(1, 3)
            ),
            4 => format!("{}ms", rng.range(50, 30_000)),
            5 => rng.word(&["INFO", "DEBUG", "WARN"]).to_owned(),
            _ => format!("{}-{}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
        };
        out.line(&format!("{key}={value}"));
    }
}

fn xml(out: &mut Out, rng: &mut Rng) {
    out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    out.line("<beans xmlns=\"http://www.springframework.org/schema/beans\"");
    out.line("       xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    while !out.full() || out.pending() {
        let noun = *rng.pick(NOUNS);
        out.line(&format!(
            "  <bean id=\"{}{}\" class=\"com.acme.{}.{}{}\">",
            camel(noun),
            rng.pick(&["Service", "Client", "Repository"]),
            rng.pick(words::NAMESPACES),
            pascal(noun),
            rng.pick(&["Service", "Client", "Repository"])
        ));
        for _ in 0..rng.range(2, 8) {
            if out.due() || (out.full() && out.pending()) {
                out.plant_with(rng, false, |rng, kind, value| {
                    let text = match kind {
                        FakeKind::Password => format!("    <password>{value}</password>"),
                        FakeKind::PrivateKey => {
                            format!("    <property name=\"signingKey\">\n{value}\n    </property>")
                        }
                        _ => format!(
                            "    <property name=\"{}\" value=\"{value}\"/>",
                            camel(kind.identifier(rng))
                        ),
                    };
                    (text, value.to_owned())
                });
                continue;
            }
            let value = match rng.below(5) {
                0 => rng.range(1, 5000).to_string(),
                1 => format!("${{{}.{}}}", rng.pick(NOUNS), rng.pick(NOUNS)),
                2 => format!("classpath:{}/{}.xml", rng.pick(NOUNS), rng.pick(NOUNS)),
                _ => format!("{}_{}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
            };
            out.line(&format!(
                "    <property name=\"{}\" value=\"{value}\"/>",
                camel(&ident(rng))
            ));
        }
        out.line("  </bean>");
    }
    out.line("</beans>");
}

fn log(out: &mut Out, rng: &mut Rng) {
    let service = *rng.pick(NOUNS);
    let day = rng.range(1, 28);
    let mut millis: u64 = rng.below(3_600_000) as u64;
    while !out.full() || out.pending() {
        millis += rng.below(900) as u64;
        let (h, m, s, ms) = (
            (millis / 3_600_000) % 24,
            (millis / 60_000) % 60,
            (millis / 1000) % 60,
            millis % 1000,
        );
        let stamp = format!("2026-11-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z");
        let thread = format!("http-nio-8080-exec-{}", rng.range(1, 40));
        let logger = format!(
            "c.a.{}.{}{}",
            service,
            pascal(rng.word(NOUNS)),
            rng.pick(&["Service", "Controller", "Client", "Job"])
        );
        if out.due() || (out.full() && out.pending()) {
            out.plant_with(rng, false, |rng, kind, value| {
                let message = match kind {
                    FakeKind::Github => {
                        format!("cloning https://github.com/acme/{service}.git with token {value}")
                    }
                    FakeKind::Aws => format!("S3 upload to acme-artifacts with access key {value}"),
                    FakeKind::Slack => format!("posting alert with slack token={value}"),
                    FakeKind::Stripe => format!("payment client configured apiKey={value}"),
                    FakeKind::Jwt => format!("outgoing request Authorization: Bearer {value}"),
                    FakeKind::Postgres => format!("HikariPool-1 - connecting to {value}"),
                    FakeKind::Password | FakeKind::PrivateKey => format!(
                        "login retry for user={} password={value}",
                        rng.pick(&["deploy", "admin", "svc_billing", "ops"])
                    ),
                };
                (
                    format!("{stamp} DEBUG [{thread}] {logger} - {message}"),
                    value.to_owned(),
                )
            });
            continue;
        }
        let level = rng.word(&["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]);
        let message = match rng.below(6) {
            0 => format!(
                "Completed {} /api/v1/{}s/{} in {} ms",
                rng.pick(&["GET", "POST", "PUT", "DELETE"]),
                rng.pick(NOUNS),
                rng.range(1, 999_999),
                rng.range(1, 900)
            ),
            1 => format!(
                "{} {} for request {}",
                rng.pick(VERBS),
                rng.pick(NOUNS),
                uuid(rng)
            ),
            2 => format!(
                "cache {} ratio={}.{:02} size={}",
                rng.pick(&["hit", "miss"]),
                rng.range(0, 1),
                rng.range(0, 99),
                rng.range(0, 100_000)
            ),
            3 => format!(
                "retrying {} after {} ms (attempt {}/5)",
                rng.pick(NOUNS),
                rng.range(10, 5000),
                rng.range(1, 5)
            ),
            4 => format!("token refreshed for session {}", hex(rng, 32)),
            _ => {
                let words = rng.range(5, 14);
                sentence(rng, words)
            }
        };
        out.line(&format!(
            "{stamp} {level:<5} [{thread}] {logger} - {message}"
        ));
        if level == "ERROR" && rng.chance(0.5) {
            for _ in 0..rng.range(3, 12) {
                out.line(&format!(
                    "\tat com.acme.{}.{}.{}({}.java:{})",
                    service,
                    pascal(rng.word(NOUNS)),
                    camel(&format!("{}_{}", rng.pick(VERBS), rng.pick(NOUNS))),
                    pascal(rng.word(NOUNS)),
                    rng.range(10, 900)
                ));
            }
        }
    }
}

/// Services that Secrets name in their configuration keys.
const SERVICES: &[&str] = &[
    "billing",
    "catalog",
    "search",
    "inventory",
    "shipping",
    "analytics",
    "media",
    "report",
    "notification",
    "profile",
];

/// The Secret key a fake of `kind` is stored under.
fn secret_key(kind: FakeKind) -> &'static str {
    match kind {
        FakeKind::Github => "GITHUB_TOKEN",
        FakeKind::Aws => "AWS_ACCESS_KEY_ID",
        FakeKind::Slack => "SLACK_BOT_TOKEN",
        FakeKind::Stripe => "STRIPE_SECRET_KEY",
        FakeKind::PrivateKey => "tls.key",
        FakeKind::Jwt => "SERVICE_AUTH_JWT",
        FakeKind::Postgres => "DATABASE_URL",
        FakeKind::Password => "SMTP_PASSWORD",
    }
}

fn k8s_secret(out: &mut Out, rng: &mut Rng) {
    let app = *rng.pick(NOUNS);
    let env = rng.word(&["production", "staging", "preview"]);
    let mut first = true;
    while first || !out.full() || out.pending() {
        if !first {
            out.line("---");
        }
        first = false;
        let component = rng.word(&["api", "worker", "web", "scheduler", "gateway"]);
        out.line("apiVersion: v1");
        out.line("kind: Secret");
        out.line("metadata:");
        out.line(&format!("  name: {app}-{component}-secrets"));
        out.line(&format!("  namespace: {env}"));
        out.line("  labels:");
        out.line(&format!("    app.kubernetes.io/name: {app}-{component}"));
        out.line(&format!("    app.kubernetes.io/part-of: {app}"));
        out.line("type: Opaque");
        out.line("data:");
        for _ in 0..rng.range(4, 12) {
            if out.due() || (out.full() && out.pending()) {
                out.plant_with(rng, false, |_, kind, value| {
                    let encoded = base64(value.as_bytes());
                    (format!("  {}: {encoded}", secret_key(kind)), encoded)
                });
                continue;
            }
            // Service names without a credential word: a key named `TOKEN_ID` would be a
            // credential's name, whatever its value.
            let noun = *rng.pick(SERVICES);
            let (key, value) = match rng.below(8) {
                0 => ("DATABASE_HOST".to_owned(), "db.internal".to_owned()),
                1 => (
                    "REDIS_URL".to_owned(),
                    format!("redis://cache.internal:6379/{}", rng.range(0, 15)),
                ),
                2 => ("ENVIRONMENT".to_owned(), env.to_owned()),
                3 => (
                    format!("{}_SERVICE_URL", noun.to_ascii_uppercase()),
                    format!("https://{noun}.{env}.svc.cluster.local:8443"),
                ),
                4 => ("S3_BUCKET".to_owned(), format!("acme-{app}-{env}-uploads")),
                5 => ("tls.crt".to_owned(), certificate(rng)),
                6 => (format!("{}_ID", noun.to_ascii_uppercase()), uuid(rng)),
                _ => (
                    "LOG_LEVEL".to_owned(),
                    rng.word(&["info", "debug", "warn"]).to_owned(),
                ),
            };
            out.line(&format!("  {key}: {}", base64(value.as_bytes())));
        }
    }
}

/// An armored certificate with a random body: public, so nothing a scanner should report.
fn certificate(rng: &mut Rng) -> String {
    let mut der = vec![0u8; rng.range(600, 1100)];
    rng.fill(&mut der);
    der[..4].copy_from_slice(&[0x30, 0x82, 0x03, 0x5a]);
    let body = base64(&der);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(chunk));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// The environment variable a fake of `kind` is passed in.
fn env_name(kind: FakeKind) -> &'static str {
    match kind {
        FakeKind::Github => "GITHUB_TOKEN",
        FakeKind::Aws => "AWS_ACCESS_KEY_ID",
        FakeKind::Slack => "SLACK_BOT_TOKEN",
        FakeKind::Stripe => "STRIPE_SECRET_KEY",
        FakeKind::PrivateKey => "SIGNING_KEY",
        FakeKind::Jwt => "SERVICE_AUTH_TOKEN",
        FakeKind::Postgres => "DATABASE_URL",
        FakeKind::Password => "DB_PASSWORD",
    }
}

/// `docker inspect`'s configuration of an image, on one line as Docker writes it.
fn image_config(out: &mut Out, rng: &mut Rng) {
    out.push("{\"architecture\":\"amd64\",\"config\":{\"Env\":[");
    out.push("\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"");
    for _ in 0..rng.range(2, 6) {
        let noun = rng.pick(NOUNS).to_ascii_uppercase();
        out.push(&format!(
            ",\"{noun}_{}={}\"",
            rng.pick(&["HOST", "PORT", "MODE"]),
            rng.range(1, 9000)
        ));
    }
    while out.pending() {
        out.push(",");
        out.plant_with(rng, true, |_, kind, value| {
            (format!("\"{}={value}\"", env_name(kind)), value.to_owned())
        });
    }
    let app = rng.pick(NOUNS);
    out.push(&format!(
        "],\"Cmd\":[\"/app/bin/{app}\",\"serve\"],\"WorkingDir\":\"/app\",\"ExposedPorts\":{{\"8080/tcp\":{{}}}}}},"
    ));
    out.push("\"created\":\"2026-11-30T12:00:00Z\",\"history\":[");
    let steps = rng.range(4, 12);
    for i in 0..steps {
        let step = match rng.below(4) {
            0 => format!("COPY dir:{} in /app", hex(rng, 64)),
            1 => format!("RUN /bin/sh -c apt-get install -y {}", rng.pick(NOUNS)),
            2 => "WORKDIR /app".to_owned(),
            _ => format!(
                "RUN /bin/sh -c bundle exec rake {}:{}",
                rng.pick(NOUNS),
                rng.pick(VERBS)
            ),
        };
        out.push(&format!(
            "{}{{\"created\":\"2026-11-30T11:{:02}:00Z\",\"created_by\":\"{step}\"}}",
            if i == 0 { "" } else { "," },
            rng.range(0, 59)
        ));
    }
    out.push("],\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
    for i in 0..rng.range(2, 5) {
        out.push(&format!(
            "{}\"sha256:{}\"",
            if i == 0 { "" } else { "," },
            hex(rng, 64)
        ));
    }
    out.push("]}}\n");
}

/// A class file: magic and version, then a constant pool of names among binary fields and
/// bytecode. Deflate shrinks these about 1.5 times.
fn class_file(size: usize, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = vec![0xCA, 0xFE, 0xBA, 0xBE, 0x00, 0x00, 0x00, 0x41];
    bytes.extend_from_slice(&(rng.range(20, 900) as u16).to_be_bytes());
    while bytes.len() < size {
        match rng.below(4) {
            0 | 1 => {
                let name = match rng.below(5) {
                    0 => format!(
                        "com/acme/{}/{}",
                        rng.pick(words::NAMESPACES),
                        pascal(rng.word(NOUNS))
                    ),
                    1 => format!(
                        "(Ljava/lang/String;L{}/{};)V",
                        rng.pick(NOUNS),
                        pascal(rng.word(NOUNS))
                    ),
                    2 => camel(&format!("{}_{}", rng.pick(VERBS), ident(rng))),
                    3 => rng
                        .pick(&[
                            "Code",
                            "LineNumberTable",
                            "StackMapTable",
                            "SourceFile",
                            "Ljava/lang/Object;",
                            "<init>",
                        ])
                        .to_string(),
                    _ => sentence(rng, 4),
                };
                bytes.push(1);
                bytes.extend_from_slice(&(name.len() as u16).to_be_bytes());
                bytes.extend_from_slice(name.as_bytes());
            }
            2 => {
                bytes.push(*rng.pick(&[7u8, 8, 9, 10, 12]));
                bytes.extend_from_slice(&(rng.below(600) as u16).to_be_bytes());
                bytes.extend_from_slice(&(rng.below(600) as u16).to_be_bytes());
            }
            _ => {
                // Bytecode: common opcodes, some with a constant-pool index.
                for _ in 0..rng.range(8, 60) {
                    bytes.push(*rng.pick(OPCODES));
                    if rng.chance(0.3) {
                        bytes.extend_from_slice(&(rng.below(600) as u16).to_be_bytes());
                    }
                }
            }
        }
    }
    bytes
}

/// The JVM opcodes most frequent in compiled code (loads, stores, field access, calls,
/// branches, returns).
const OPCODES: &[u8] = &[
    0x2a, 0x2b, 0x2c, 0x2d, 0x4c, 0x4d, 0x4e, 0x19, 0x3a, 0xb4, 0xb5, 0xb2, 0xb3, 0xb6, 0xb7, 0xb8,
    0xb9, 0xbb, 0x59, 0x12, 0x13, 0x03, 0x04, 0x05, 0x10, 0x11, 0x99, 0x9a, 0xa7, 0xc6, 0xc7, 0xb0,
    0xac, 0xb1, 0xc0, 0xbf, 0x57, 0x84, 0x15, 0x36,
];

/// An ELF shared object: a real 64-bit header, then random bytes (machine code does not
/// compress much either).
fn shared_object(size: usize, rng: &mut Rng) -> Vec<u8> {
    let mut bytes =
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00\x01\x00\x00\x00"
            .to_vec();
    let start = bytes.len();
    bytes.resize(size.max(start + 64), 0);
    rng.fill(&mut bytes[start..]);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_at(text: &str, line: usize) -> &str {
        text.lines().nth(line - 1).unwrap_or("")
    }

    #[test]
    fn planted_spans_point_at_the_fakes_or_their_base64() {
        let mut rng = Rng::new(11);
        let kinds = [
            FakeKind::Github,
            FakeKind::Password,
            FakeKind::Postgres,
            FakeKind::Jwt,
            FakeKind::PrivateKey,
        ];
        for entry in [
            EntryKind::Properties,
            EntryKind::Xml,
            EntryKind::Log,
            EntryKind::K8sSecret,
            EntryKind::ImageConfig,
        ] {
            let fakes: Vec<FakeKind> = kinds
                .iter()
                .copied()
                .filter(|&k| entry.accepts(k))
                .collect();
            let (bytes, planted) = generate(entry, 6_000, &fakes, &mut rng);
            assert_eq!(planted.len(), fakes.len(), "{entry:?}");
            let text = String::from_utf8(bytes).expect("text");
            for p in &planted {
                let start = &line_at(&text, p.line)[p.column - 1..];
                let end = &line_at(&text, p.end_line)[..p.end_column - 1];
                match (entry, p.kind) {
                    (EntryKind::K8sSecret, FakeKind::Github) => {
                        assert!(start.starts_with("Z2hwX"), "{start}")
                    }
                    (EntryKind::K8sSecret, _) => {}
                    (_, FakeKind::Github) => {
                        assert!(start.starts_with("ghp_"), "{entry:?}: {start}")
                    }
                    (_, FakeKind::Postgres) => assert!(start.starts_with("postgres://"), "{start}"),
                    (_, FakeKind::PrivateKey) => {
                        assert!(start.starts_with("-----BEGIN "), "{entry:?}: {start}");
                        assert!(end.ends_with("PRIVATE KEY-----"), "{entry:?}: {end}");
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn binaries_look_binary_and_reach_their_size() {
        let mut rng = Rng::new(2);
        let (class, _) = generate(EntryKind::Class, 4000, &[], &mut rng);
        assert!(class.starts_with(&[0xCA, 0xFE, 0xBA, 0xBE]) && class.len() >= 4000);
        assert!(class[..64].contains(&0));
        let (elf, _) = generate(EntryKind::SharedObject, 3000, &[], &mut rng);
        assert_eq!(elf.len(), 3000);
    }
}

#!/usr/bin/env python3
"""Writes leakguard's accuracy corpus: small, realistic files in many languages and formats, with
fake credentials planted the way real code writes them and hard negatives beside them, and
manifest.tsv, which labels both.

    python3 testdata/accuracy/generate.py

Deterministic (its own seeded PRNG, no dependency beyond the standard library), so the output is
the same on every machine; commit it. The script deletes every other file under its directory
before writing, so a file dropped here disappears from the corpus too.

manifest.tsv has a header, then one row per label: path, line, kind, expect. `secret` rows are
planted fake credentials: a finding must start on that line (the BEGIN line for an armored key).
`none` rows are hard negatives (placeholders, documented example keys, hashes, public keys, test
fixtures with wrong checksums...): no finding may start there. Lines with neither hold no
credential either, so a finding on them is a false positive too.

Every planted value comes from the PRNG: none is a real credential. Values that look like
placeholders (`example`, `xxxx`, `test`, runs of one character, ascending runs) are redrawn.

Templates below write `<<name>>` where a value goes and end a line with `⟪S:kind⟫` (a planted
secret) or `⟪N:kind⟫` (a hard negative) to label it; neither marker reaches the output. Values a
scanner might report (the fakes, and look-alikes such as the jwt.io sample) are only ever
substituted, never written in a template, so scanning this script finds nothing: the corpus's
figures count findings in it as false positives like any other.
"""

import base64
import os
import re
import sys
import textwrap
import zlib

SEED = 20261202
MASK = (1 << 64) - 1

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
HEX = "0123456789abcdef"
BASE62 = DIGITS + UPPER + LOWER
B64 = UPPER + LOWER + DIGITS + "+/"
URLSAFE = BASE62 + "-_"
AWS_ID = UPPER + "234567"
PASSWORD_CHARS = BASE62 + "-_!@%*+=.#"
# What a password in a URL's userinfo or an unquoted shell word can hold without escaping.
URL_PASSWORD_CHARS = BASE62 + "-_.~!*"
BCRYPT = "./" + UPPER + LOWER + DIGITS


class Rng:
    """splitmix64: the same sequence on every Python version and platform."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chars(self, alphabet, n):
        return "".join(alphabet[self.below(len(alphabet))] for _ in range(n))

    def raw(self, n):
        return bytes(self.below(256) for _ in range(n))


rng = Rng(SEED)

PLACEHOLDER_MARKERS = (
    "example", "xxxx", "your_", "your-", "changeme", "change_me", "placeholder", "dummy",
    "redacted", "test", "fake", "sample", "insert",
)


def looks_like_placeholder(value):
    lower = value.lower()
    if any(m in lower for m in PLACEHOLDER_MARKERS):
        return True
    if len(value) > 128:
        return False
    repeat = ascending = 1
    for a, b in zip(lower, lower[1:]):
        repeat = repeat + 1 if a == b else 1
        ascending = ascending + 1 if a.isalnum() and ord(a) + 1 == ord(b) else 1
        if repeat >= 5 or ascending >= 6:
            return True
    return False


def fresh(make):
    """A value from `make` that no placeholder filter would drop."""
    while True:
        value = make()
        if not looks_like_placeholder(value):
            return value


def chars(alphabet, n):
    return fresh(lambda: rng.chars(alphabet, n))


def b64(data):
    return base64.b64encode(data).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def crc_base62(text):
    n = zlib.crc32(text.encode()) & 0xFFFFFFFF
    out = []
    for _ in range(6):
        out.append(BASE62[n % 62])
        n //= 62
    return "".join(reversed(out))


# ---------------------------------------------------------------- positives


def github(prefix="ghp"):
    body = chars(BASE62, 30)
    return f"{prefix}_{body}{crc_base62(body)}"


def github_fine_grained():
    return "github_pat_11" + chars(UPPER + DIGITS, 20) + "_" + chars(BASE62, 59)


def aws_key_id(prefix="AKIA"):
    return prefix + chars(AWS_ID, 16)


def aws_secret():
    return chars(BASE62 + "+/", 40)


def slack_bot():
    return f"xoxb-{rng.between(1, 9)}{rng.chars(DIGITS, 10)}-{rng.between(1, 9)}{rng.chars(DIGITS, 12)}-{chars(BASE62, 24)}"


def slack_user():
    return (f"xoxp-{rng.between(1, 9)}{rng.chars(DIGITS, 10)}-{rng.between(1, 9)}{rng.chars(DIGITS, 11)}"
            f"-{rng.between(1, 9)}{rng.chars(DIGITS, 12)}-{chars(HEX, 32)}")


def slack_webhook():
    return (f"https://hooks.slack.com/services/T{chars(UPPER + DIGITS, 8)}/B{chars(UPPER + DIGITS, 10)}"
            f"/{chars(BASE62, 24)}")


def stripe(prefix="sk_live"):
    return f"{prefix}_51{chars(BASE62, 97)}"


def stripe_short(prefix="sk_live"):
    return f"{prefix}_{chars(BASE62, 24)}"


def stripe_webhook_secret():
    return "whsec_" + chars(BASE62, 32)


def openai_project():
    return "sk-proj-" + chars(URLSAFE, 74) + "T3BlbkFJ" + chars(URLSAFE, 74)


def openai_service_account():
    return "sk-svcacct-" + chars(URLSAFE, 74) + "T3BlbkFJ" + chars(URLSAFE, 74)


def openai_legacy():
    return "sk-" + chars(BASE62, 20) + "T3BlbkFJ" + chars(BASE62, 20)


def anthropic():
    return "sk-ant-api03-" + chars(URLSAFE, 93) + "AA"


def gitlab():
    return "glpat-" + chars(URLSAFE, 20)


def gitlab_trigger():
    return "glptt-" + chars(HEX, 40)


def npm():
    body = chars(BASE62, 30)
    return f"npm_{body}{crc_base62(body)}"


def pypi():
    identifier = uuid().encode()
    caveat = b'[1,2,"' + chars(HEX, 32).encode() + b'"]'
    macaroon = (b"\x02\x01\x08pypi.org\x02\x24" + identifier + b"\x00\x02\x2a" + caveat
                + b"\x00\x00\x06\x20" + rng.raw(32))
    return fresh(lambda: "pypi-" + b64url(macaroon))


def sendgrid():
    return "SG." + chars(URLSAFE, 22) + "." + chars(URLSAFE, 43)


def twilio_sid():
    return "AC" + chars(HEX, 32)


def twilio_api_key():
    return "SK" + chars(HEX, 32)


def gcp_api_key():
    return "AIza" + chars(URLSAFE, 35)


def azure_storage_key():
    return fresh(lambda: b64(rng.raw(64)))


def jwt(payload, alg="HS256", sig_len=32):
    header = b64url(('{"alg":"%s","typ":"JWT"}' % alg).encode())
    return f"{header}.{b64url(payload.encode())}.{b64url(rng.raw(sig_len))}"


def jwt_claims(subject, issuer, audience):
    iat = 1_700_000_000 + rng.below(40_000_000)
    return jwt('{"sub":"%s","iss":"%s","aud":"%s","iat":%d,"exp":%d}'
               % (subject, issuer, audience, iat, iat + 86400 * rng.between(30, 400)))


def password(n=None, alphabet=PASSWORD_CHARS):
    n = n or rng.between(16, 24)

    def make():
        value = rng.chars(alphabet, n)
        ok = (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
              and value[0] in BASE62)
        return value if ok else "example"
    return fresh(make)


def url_password():
    return password(alphabet=URL_PASSWORD_CHARS)


WORDS = (
    "marigold", "tractor", "harbor", "kestrel", "copper", "lantern", "glacier", "orchid",
    "falcon", "meadow", "granite", "saffron", "compass", "thistle", "juniper", "cobalt",
    "walnut", "ember", "quarry", "violet", "bramble", "osprey", "pewter", "tundra",
)


def human_password():
    a, b = rng.pick(WORDS), rng.pick(WORDS)
    digits = rng.chars(DIGITS, rng.between(2, 4))
    style = rng.below(3)
    if style == 0:
        return fresh(lambda: f"{a.capitalize()}-{b.capitalize()}-{digits}")
    if style == 1:
        return fresh(lambda: f"{a.capitalize()}{rng.pick('#!@$%')}{digits}{b}")
    return fresh(lambda: f"{a}{b.capitalize()}{digits}{rng.pick('!?*')}")


def hex_secret(n):
    return chars(HEX, n)


def alnum(n):
    return chars(BASE62, n)


def django_secret():
    return fresh(lambda: rng.chars(LOWER + DIGITS + "!@#%^&*(-_=+)", 50))


# ---------------------------------------------------------------- armored keys


def wrap(text, width):
    return [text[i:i + width] for i in range(0, len(text), width)]


def der(prefix, length):
    body = bytearray(rng.raw(length))
    body[:len(prefix)] = prefix
    return bytes(body)


RSA_PREFIX = bytes([0x30, 0x82, 0x04, 0xA4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00])
EC_PREFIX = bytes([0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20])
PKCS8_PREFIX = bytes([0x30, 0x82, 0x04, 0xBD, 0x02, 0x01, 0x00, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86,
                      0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82, 0x04, 0xA7])
OPENSSH_PREFIX = (b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00"
                  b"\x00\x00\x00\x01\x00\x00\x00\x33\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20")
SPKI_PREFIX = bytes([0x30, 0x82, 0x01, 0x22, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7,
                     0x0D, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x82, 0x01, 0x0F, 0x00, 0x30, 0x82,
                     0x01, 0x0A, 0x02, 0x82, 0x01, 0x01, 0x00])
CERT_PREFIX = bytes([0x30, 0x82, 0x03, 0x5D, 0x30, 0x82, 0x02, 0x45, 0xA0, 0x03, 0x02, 0x01, 0x02,
                     0x02, 0x14])

KEY_SHAPES = {
    "RSA PRIVATE KEY": (RSA_PREFIX, 1192, 64),
    "EC PRIVATE KEY": (EC_PREFIX, 121, 64),
    "PRIVATE KEY": (PKCS8_PREFIX, 1217, 64),
    "OPENSSH PRIVATE KEY": (OPENSSH_PREFIX, 400, 70),
    "PUBLIC KEY": (SPKI_PREFIX, 294, 64),
    "CERTIFICATE": (CERT_PREFIX, 865, 64),
}


def armor_lines(label):
    prefix, length, width = KEY_SHAPES[label]
    body = fresh(lambda: b64(der(prefix, length)))
    return [f"-----BEGIN {label}-----", *wrap(body, width), f"-----END {label}-----"]


def armored(label, indent=""):
    """An armored block, its lines after the first indented by `indent`."""
    return ("\n" + indent).join(armor_lines(label))


def armored_escaped(label):
    """An armored block inside a JSON string: `\\n` escapes, a final one included."""
    return "\\n".join(armor_lines(label)) + "\\n"


def ssh_public_key(comment):
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rng.raw(32)
    return f"ssh-ed25519 {b64(blob)} {comment}"


# ---------------------------------------------------------------- look-alikes


# jwt.io's documented sample token (HS256, "your-256-bit-secret"), assembled so that this script
# does not hold it verbatim.
JWT_IO_SAMPLE = ".".join([
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
])


def github_bad_checksum(prefix="ghp"):
    token = github(prefix)
    last = token[-1]
    return token[:-1] + BASE62[(BASE62.index(last) + 1 + rng.below(60)) % 62]


def uuid():
    h = rng.chars(HEX, 32)
    h = h[:12] + "4" + h[13:16] + rng.pick("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def git_sha():
    return rng.chars(HEX, 40)


def sha256_hex():
    return rng.chars(HEX, 64)


def sri(bits=512):
    return f"sha{bits}-" + b64(rng.raw(bits // 8))


def h1():
    return "h1:" + b64(rng.raw(32))


def bcrypt():
    return "$2b$12$" + rng.chars(BCRYPT, 53)


def argon2():
    return ("$argon2id$v=19$m=65536,t=3,p=4$" + b64(rng.raw(16)).rstrip("=") + "$"
            + b64(rng.raw(32)).rstrip("="))


def png_base64(size):
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    return b64(header + rng.raw(size))


def svg_base64():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#%s" '
           'd="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm0 %d.5a.5.5 0 0 1 .5.5v5a.5.5 0 0 1-1 0V3a.5.5 0 0 1 .5-.5z"/></svg>'
           % (rng.chars(HEX, 6), rng.between(2, 4)))
    return b64(svg.encode())


# ---------------------------------------------------------------- writing

HERE = os.path.dirname(os.path.abspath(__file__))
VALUE = re.compile(r"<<(\w+)>>")
LABEL = re.compile(r"[ \t]*⟪([SN]):([a-z0-9-]+)⟫")
files = {}
labels = []


def emit(path, template, **values):
    """Adds a file: `template` dedented, values substituted, labels recorded and stripped."""
    if path in files:
        raise SystemExit(f"{path} written twice")
    text = textwrap.dedent(template).lstrip("\n")

    def value(m):
        if m.group(1) not in values:
            raise SystemExit(f"{path}: no value for <<{m.group(1)}>>")
        return values[m.group(1)]

    out = []
    for raw_line in text.split("\n"):
        # A label in the template names the first line its values expand to; a value made of
        # labelled lines (generated rows) carries its own.
        pending = LABEL.findall(raw_line)
        for line in VALUE.sub(value, LABEL.sub("", raw_line)).split("\n"):
            found = pending + LABEL.findall(line)
            pending = []
            if len(found) > 1:
                raise SystemExit(f"{path}: two labels on one line: {raw_line!r}")
            out.append(LABEL.sub("", line))
            if found:
                expect, kind = found[0]
                labels.append((path, len(out), kind, "secret" if expect == "S" else "none"))
    body = "\n".join(out)
    if not body.endswith("\n"):
        body += "\n"
    files[path] = body


def clean_and_write():
    keep = {os.path.join(HERE, "generate.py")}
    for root, dirs, names in os.walk(HERE, topdown=False):
        for name in names:
            full = os.path.join(root, name)
            if full not in keep:
                os.remove(full)
        for name in dirs:
            full = os.path.join(root, name)
            if not os.listdir(full):
                os.rmdir(full)
    for path, body in sorted(files.items()):
        full = os.path.join(HERE, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(body)
    rows = sorted(labels, key=lambda r: (r[0], r[1]))
    seen = set()
    for path, line, _, _ in rows:
        if (path, line) in seen:
            raise SystemExit(f"{path}:{line} labelled twice")
        seen.add((path, line))
    with open(os.path.join(HERE, "manifest.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("path\tline\tkind\texpect\n")
        for path, line, kind, expect in rows:
            f.write(f"{path}\t{line}\t{kind}\t{expect}\n")
    size = sum(len(b.encode()) for b in files.values())
    secrets = sum(1 for r in rows if r[3] == "secret")
    print(f"wrote {len(files)} files ({size} bytes), {secrets} secret and "
          f"{len(rows) - secrets} none labels", file=sys.stderr)


# ================================================================ python: a billing service


def python_project():
    emit("python/billing/settings.py", r'''
        """Django settings for the billing service (staging)."""

        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent

        SECRET_KEY = "<<django>>"  ⟪S:generic-secret⟫
        DEBUG = False
        ALLOWED_HOSTS = ["billing.staging.acme-internal.net", "localhost"]

        INSTALLED_APPS = [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "rest_framework",
            "billing.invoices",
            "billing.webhooks",
        ]

        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "billing",
                "USER": "billing_app",
                "PASSWORD": "<<db_password>>",  ⟪S:password⟫
                "HOST": "billing-db.staging.acme-internal.net",
                "PORT": "5432",
                "CONN_MAX_AGE": 60,
            }
        }

        AUTH_PASSWORD_VALIDATORS = [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        ]
        PASSWORD_RESET_TIMEOUT = 259200  ⟪N:non-secret-value⟫

        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = "smtp.mailgun.org"
        EMAIL_HOST_USER = "postmaster@mg.acme-billing.io"
        EMAIL_HOST_PASSWORD = "<<smtp_password>>"  ⟪S:password⟫
        EMAIL_PORT = 587

        # S3 for invoice PDFs
        AWS_STORAGE_BUCKET_NAME = "acme-billing-invoices-staging"
        AWS_S3_REGION_NAME = "eu-west-1"
        AWS_ACCESS_KEY_ID = "<<aws_id>>"  ⟪S:aws⟫
        AWS_SECRET_ACCESS_KEY = "<<aws_secret>>"  ⟪S:aws⟫

        STRIPE_PUBLISHABLE_KEY = "<<pk>>"  ⟪N:publishable-key⟫
        STRIPE_WEBHOOK_SECRET = "<<whsec>>"  ⟪S:stripe⟫

        SESSION_COOKIE_NAME = "billing_session"
        CSRF_COOKIE_SECURE = True
        LANGUAGE_CODE = "en-us"
        TIME_ZONE = "UTC"
        ''',
         django=django_secret(), db_password=password(), smtp_password=password(),
         aws_id=aws_key_id(), aws_secret=aws_secret(), pk=stripe("pk_live"),
         whsec=stripe_webhook_secret())

    emit("python/billing/settings_prod.py", r'''
        """Production settings: every secret comes from the environment (see deploy/README)."""

        import os

        from .settings import *  # noqa: F401,F403

        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  ⟪N:env-reference⟫
        DEBUG = False
        ALLOWED_HOSTS = ["billing.acme.io"]

        DATABASES["default"].update(
            {
                "HOST": os.environ.get("DB_HOST", "billing-db.prod.acme-internal.net"),
                "PASSWORD": os.environ.get("DB_PASSWORD", ""),  ⟪N:env-reference⟫
            }
        )

        EMAIL_HOST_PASSWORD = os.getenv("SMTP_PASSWORD")  ⟪N:env-reference⟫
        AWS_ACCESS_KEY_ID = None  # the task role provides credentials
        AWS_SECRET_ACCESS_KEY = None
        STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]  ⟪N:env-reference⟫
        SENTRY_DSN = os.environ.get("SENTRY_DSN", "")

        # Secret Manager resource holding the signing key (the key itself is never in code).
        SIGNING_KEY_SECRET_VERSION = "<<secret_version>>"  ⟪N:non-secret-value⟫
        ''', secret_version="/".join(["projects", "480213377129", "secrets", "billing-signing-key",
                                      "versions", "7"]))

    emit("python/billing/clients/llm.py", r'''
        """Summarises disputed invoices for the support team."""

        import logging

        import anthropic
        from openai import OpenAI

        log = logging.getLogger(__name__)

        # TODO(mira): move to Vault before the pilot ends
        OPENAI_API_KEY = "<<openai>>"  ⟪S:openai⟫
        ANTHROPIC_API_KEY = "<<anthropic>>"  ⟪S:anthropic⟫

        MODEL = "gpt-4o-mini"
        tokenizer_name = "o200k_base"  ⟪N:non-secret-value⟫
        max_tokens = 1024


        def summarise(invoice_text: str) -> str:
            client = OpenAI(api_key=OPENAI_API_KEY)
            reply = client.chat.completions.create(
                model=MODEL,
                messages=[
                    {"role": "system", "content": "Summarise the dispute in two sentences."},
                    {"role": "user", "content": invoice_text},
                ],
                max_tokens=max_tokens,
            )
            return reply.choices[0].message.content


        def second_opinion(invoice_text: str) -> str:
            client = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY)
            message = client.messages.create(
                model="claude-3-5-sonnet-latest",
                max_tokens=max_tokens,
                messages=[{"role": "user", "content": invoice_text}],
            )
            log.info("anthropic usage: %s", message.usage)
            return message.content[0].text
        ''', openai=openai_project(), anthropic=anthropic())

    emit("python/billing/clients/payments.py", r'''
        import stripe

        from billing.invoices.models import Invoice

        stripe.api_key = "<<stripe>>"  ⟪S:stripe⟫
        stripe.api_version = "2024-06-20"

        # Publishable keys are meant for browsers; this one is rendered into checkout.html.
        CHECKOUT_PUBLISHABLE_KEY = "<<pk>>"  ⟪N:publishable-key⟫


        def charge(invoice: Invoice) -> str:
            intent = stripe.PaymentIntent.create(
                amount=invoice.total_cents,
                currency=invoice.currency.lower(),
                customer=invoice.customer.stripe_id,
                idempotency_key="<<idem>>",  ⟪N:uuid⟫
                metadata={"invoice": invoice.number},
            )
            return intent.id


        def refund(charge_id: str, reason: str = "requested_by_customer") -> None:
            stripe.Refund.create(charge=charge_id, reason=reason)
        ''', stripe=stripe(), pk=stripe("pk_live"), idem=uuid())

    emit("python/billing/tests/test_redaction.py", r'''
        """The log redactor must mask anything token-shaped, real or not."""

        import pytest

        from billing.logging import redact

        # Checksums deliberately wrong: these are not GitHub tokens, only shaped like them.
        BOGUS_CLASSIC = "<<bad1>>"  ⟪N:github-bad-checksum⟫
        BOGUS_OAUTH = "<<bad2>>"  ⟪N:github-bad-checksum⟫


        @pytest.mark.parametrize(
            "line",
            [
                f"cloning with {BOGUS_CLASSIC}",
                f"Authorization: token {BOGUS_OAUTH}",
                "aws_access_key_id=AKIAIOSFODNN7EXAMPLE",  ⟪N:aws-example⟫
                "password=changeme",  ⟪N:placeholder⟫
                "api_key=your-api-key-here",  ⟪N:placeholder⟫
            ],
        )
        def test_token_shapes_are_masked(line):
            assert "***" in redact(line)


        def test_request_ids_are_kept():
            line = "request_id=<<rid>> status=200"  ⟪N:uuid⟫
            assert redact(line) == line


        def test_commit_shas_are_kept():
            line = "deployed <<sha>> to staging"  ⟪N:git-sha⟫
            assert redact(line) == line
        ''', bad1=github_bad_checksum(), bad2=github_bad_checksum("gho"), rid=uuid(), sha=git_sha())

    emit("python/scripts/backfill_invoices.py", r'''
        #!/usr/bin/env python3
        """One-off: copy invoices from the legacy MySQL into Postgres. Run from the bastion."""

        import argparse

        import psycopg2
        import pymysql

        LEGACY = dict(
            host="legacy-db-01.dc1.acme-internal.net",
            user="report_ro",
            password="<<mysql_pw>>",  ⟪S:password⟫
            database="billing_legacy",
        )
        TARGET_DSN = "postgresql://billing_app:<<pg_pw>>@billing-db.prod.acme-internal.net:5432/billing"  ⟪S:database-url⟫


        def main() -> None:
            parser = argparse.ArgumentParser()
            parser.add_argument("--since", required=True)
            parser.add_argument("--dry-run", action="store_true")
            args = parser.parse_args()

            src = pymysql.connect(**LEGACY)
            dst = psycopg2.connect(TARGET_DSN)
            with src.cursor() as cur:
                cur.execute("SELECT id, number, total_cents FROM invoices WHERE created_at >= %s", (args.since,))
                rows = cur.fetchall()
            print(f"{len(rows)} invoices to copy")
            if args.dry_run:
                return
            with dst, dst.cursor() as cur:
                cur.executemany(
                    "INSERT INTO invoices (legacy_id, number, total_cents) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    rows,
                )


        if __name__ == "__main__":
            main()
        ''', mysql_pw=password(), pg_pw=url_password())

    packages = [("requests", "2.31.0"), ("urllib3", "2.2.1"), ("certifi", "2024.2.2"),
                ("idna", "3.6"), ("charset-normalizer", "3.3.2"), ("django", "5.0.4"),
                ("psycopg2-binary", "2.9.9"), ("stripe", "9.6.0"), ("openai", "1.30.1")]
    req = ["#", "# This file is autogenerated by pip-compile with Python 3.12", "#",
           "#    pip-compile --generate-hashes requirements.in", "#"]
    for name, version in packages:
        req.append(f"{name}=={version} \\")
        req.append(f"    --hash=sha256:{sha256_hex()} \\  ⟪N:integrity-hash⟫")
        req.append(f"    --hash=sha256:{sha256_hex()}  ⟪N:integrity-hash⟫")
        req.append("    # via -r requirements.in")
    emit("python/requirements.txt", "\n".join(req))

    lock = []
    for name, version in packages[:7]:
        lock += ["[[package]]", f'name = "{name}"', f'version = "{version}"',
                 'description = ""', 'optional = false', 'python-versions = ">=3.8"', "files = [",
                 f'    {{file = "{name.replace("-", "_")}-{version}-py3-none-any.whl", hash = "sha256:{sha256_hex()}"}},  ⟪N:integrity-hash⟫',
                 f'    {{file = "{name.replace("-", "_")}-{version}.tar.gz", hash = "sha256:{sha256_hex()}"}},  ⟪N:integrity-hash⟫',
                 "]", ""]
    lock += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.12"',
             f'content-hash = "{sha256_hex()}"  ⟪N:integrity-hash⟫']
    emit("python/poetry.lock", "\n".join(lock))

    emit("python/notebooks/churn_analysis.ipynb", r'''
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": [
            "# Churn by plan, Q3\n",
            "Pulls invoices from the warehouse export in S3 and asks the LLM to label cancellation reasons."
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 3,
           "metadata": {},
           "outputs": [],
           "source": [
            "import boto3\n",
            "import pandas as pd\n",
            "\n",
            "s3 = boto3.client(\n",
            "    \"s3\",\n",
            "    aws_access_key_id=\"<<aws_id>>\",\n",  ⟪S:aws⟫
            "    aws_secret_access_key=\"<<aws_secret>>\",\n",  ⟪S:aws⟫
            ")\n",
            "obj = s3.get_object(Bucket=\"acme-warehouse-exports\", Key=\"invoices/2024-q3.parquet\")\n",
            "df = pd.read_parquet(obj[\"Body\"])"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 7,
           "metadata": {},
           "outputs": [],
           "source": [
            "from openai import OpenAI\n",
            "client = OpenAI(api_key=\"<<openai>>\")\n",  ⟪S:openai⟫
            "labels = [client.responses.create(model=\"gpt-4o-mini\", input=r).output_text for r in df.reason.head(50)]"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 9,
           "metadata": {},
           "outputs": [
            {
             "data": {
              "image/png": "<<png>>",  ⟪N:base64-image⟫
              "text/plain": [
               "<Figure size 640x480 with 1 Axes>"
              ]
             },
             "metadata": {},
             "output_type": "display_data"
            }
           ],
           "source": [
            "df.groupby(\"plan\").churned.mean().plot.bar()"
           ]
          }
         ],
         "metadata": {
          "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python", "version": "3.12.2"}
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }
        ''', aws_id=aws_key_id(), aws_secret=aws_secret(), openai=openai_service_account(),
         png=png_base64(4200))

    emit("python/airflow/dags/sync_warehouse.py", r'''
        from datetime import datetime, timedelta

        from airflow import DAG
        from airflow.providers.slack.operators.slack_webhook import SlackWebhookOperator
        from airflow.providers.snowflake.operators.snowflake import SnowflakeOperator

        SNOWFLAKE_CONN = {
            "account": "acme-eu1",
            "user": "AIRFLOW_SVC",
            "password": "<<sf_pw>>",  ⟪S:password⟫
            "warehouse": "TRANSFORM_WH",
        }
        ALERTS_WEBHOOK = "<<webhook>>"  ⟪S:slack⟫

        default_args = {"owner": "data-eng", "retries": 2, "retry_delay": timedelta(minutes=10)}

        with DAG(
            "sync_warehouse",
            start_date=datetime(2024, 1, 1),
            schedule="0 3 * * *",
            default_args=default_args,
            catchup=False,
        ) as dag:
            load = SnowflakeOperator(task_id="load_invoices", sql="sql/load_invoices.sql")
            notify = SlackWebhookOperator(
                task_id="notify",
                slack_webhook_conn_id="slack_alerts",
                message="warehouse sync finished",
            )
            load >> notify
        ''', sf_pw=human_password(), webhook=slack_webhook())

    emit("python/.pypirc", r'''
        [distutils]
        index-servers =
            pypi
            internal

        [pypi]
        username = __token__
        password = <<pypi>>  ⟪S:pypi⟫

        [internal]
        repository = https://pypi.acme-internal.net/simple/
        username = ci-publisher
        password = <<internal_pw>>  ⟪S:password⟫
        ''', pypi=pypi(), internal_pw=password())

    emit("python/alembic.ini", r'''
        [alembic]
        script_location = migrations
        prepend_sys_path = .
        version_path_separator = os

        sqlalchemy.url = postgresql+psycopg2://billing_migrator:<<pw>>@billing-db.staging.acme-internal.net/billing  ⟪S:database-url⟫

        [loggers]
        keys = root,sqlalchemy,alembic

        [handlers]
        keys = console

        [formatters]
        keys = generic

        [logger_root]
        level = WARN
        handlers = console

        [logger_sqlalchemy]
        level = WARN
        handlers =
        qualname = sqlalchemy.engine

        [logger_alembic]
        level = INFO
        handlers =
        qualname = alembic

        [handler_console]
        class = StreamHandler
        args = (sys.stderr,)
        level = NOTSET
        formatter = generic

        [formatter_generic]
        format = %(levelname)-5.5s [%(name)s] %(message)s
        ''', pw=url_password())

    emit("python/pyproject.toml", r'''
        [tool.poetry]
        name = "billing"
        version = "3.8.1"
        description = "Invoices, payments and dunning"
        authors = ["Billing Team <billing@acme.io>"]

        [tool.poetry.dependencies]
        python = "^3.12"
        django = "^5.0"
        stripe = "^9.6"
        openai = "^1.30"
        acme-auth = { git = "https://github.com/acme/acme-auth.git", rev = "<<sha>>" }  ⟪N:git-sha⟫

        [tool.pytest.ini_options]
        DJANGO_SETTINGS_MODULE = "billing.settings"
        env = ["STRIPE_API_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"]  ⟪N:placeholder⟫
        ''', sha=git_sha())


# ================================================================ node: a storefront


def minified_chunk(n_statements):
    """Minified JavaScript: short names, hashes and base64 that mean nothing secret."""
    parts = []
    for _ in range(n_statements):
        a, b, c = (rng.pick(LOWER) + rng.pick(["", rng.pick(LOWER + UPPER + "$_")]) for _ in range(3))
        kind = rng.below(9)
        if kind == 0:
            parts.append(f'{a}.exports={{id:"{rng.chars(HEX, 8)}",hash:"{rng.chars(HEX, 20)}"}}')
        elif kind == 1:
            parts.append(f'function {a}({b},{c}){{return {b}.token?{c}({b}.token):{b}.refreshToken&&{c}({b}.refreshToken)}}')
        elif kind == 2:
            parts.append(f'var {a}="{rng.chars(BASE62 + "_$", rng.between(24, 40))}"')
        elif kind == 3:
            parts.append(f'{a}.headers.Authorization="Bearer "+{b}.accessToken')
        elif kind == 4:
            parts.append(f'{a}[{rng.between(100, 9999)}]=function({b},{c}){{"use strict";{c}.d({b},{{Z:function(){{return {rng.pick(LOWER)}}}}})}}')
        elif kind == 5:
            parts.append(f'const {a}={{password:{b}.password,remember:!0,csrf:{c}}}')
        elif kind == 6:
            parts.append(f'{a}.p+"static/js/"+{b}+"."+{{{rng.between(10, 999)}:"{rng.chars(HEX, 8)}",{rng.between(10, 999)}:"{rng.chars(HEX, 8)}"}}[{b}]+".chunk.js"')
        elif kind == 7:
            parts.append(f'{a}.integrity="{sri(384)}"')
        else:
            parts.append(f'if(!{a}.ok)throw new Error("HTTP "+{a}.status+": "+{b})')
    return ";".join(parts) + ";"


def node_project():
    emit("node/.env", r'''
        # Local overrides for the storefront. Do not commit. (It was committed.)
        NODE_ENV=development
        PORT=3000
        DATABASE_URL=postgres://storefront:<<pg_pw>>@localhost:5432/storefront_dev  ⟪S:database-url⟫
        REDIS_URL=redis://default:<<redis_pw>>@redis-14532.c250.eu-central-1-1.ec2.cloud.redislabs.com:14532  ⟪S:database-url⟫
        SESSION_SECRET=<<session>>  ⟪S:generic-secret⟫
        JWT_SIGNING_SECRET="<<jwt_secret>>"  ⟪S:generic-secret⟫
        STRIPE_SECRET_KEY=<<stripe>>  ⟪S:stripe⟫
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=<<pk>>  ⟪N:publishable-key⟫
        SENDGRID_API_KEY=<<sendgrid>>  ⟪S:sendgrid⟫
        GITHUB_TOKEN=<<github>>  ⟪S:github⟫
        OPENAI_API_KEY=<<openai>>  ⟪S:openai⟫
        SLACK_BOT_TOKEN=<<slack>>  ⟪S:slack⟫
        SLACK_SIGNING_SECRET=<<slack_signing>>  ⟪S:slack⟫
        ALGOLIA_APP_ID=K7QW3ZP2MN
        ALGOLIA_ADMIN_API_KEY=<<algolia>>  ⟪S:generic-secret⟫
        SENTRY_DSN=https://<<sentry_key>>@o4506712.ingest.sentry.io/4506712334  ⟪N:publishable-key⟫
        FEATURE_FLAGS=checkout_v2,gift_cards
        ''', pg_pw=url_password(), redis_pw=alnum(32), session=alnum(48), jwt_secret=password(40),
         stripe=stripe(), pk=stripe("pk_live"), sendgrid=sendgrid(), github=github(),
         openai=openai_legacy(), slack=slack_bot(), slack_signing=hex_secret(32),
         algolia=hex_secret(32), sentry_key=hex_secret(32))

    emit("node/.env.example", r'''
        # Copy to .env and fill in. Never commit real values.
        NODE_ENV=development
        PORT=3000
        DATABASE_URL=postgres://storefront:<password>@localhost:5432/storefront_dev  ⟪N:placeholder⟫
        REDIS_URL=redis://localhost:6379
        SESSION_SECRET=changeme  ⟪N:placeholder⟫
        JWT_SIGNING_SECRET=your-jwt-secret-here  ⟪N:placeholder⟫
        STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX  ⟪N:placeholder⟫
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_test_...
        SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  ⟪N:placeholder⟫
        GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  ⟪N:placeholder⟫
        OPENAI_API_KEY=<your OpenAI key>  ⟪N:placeholder⟫
        SLACK_BOT_TOKEN=xoxb-your-token  ⟪N:placeholder⟫
        SLACK_SIGNING_SECRET=
        ALGOLIA_ADMIN_API_KEY=${ALGOLIA_ADMIN_API_KEY}  ⟪N:env-reference⟫
        ''')

    emit("node/src/config/index.js", r'''
        'use strict';

        const required = (name) => {
          const value = process.env[name];
          if (!value) throw new Error(`missing environment variable ${name}`);
          return value;
        };

        module.exports = {
          port: Number(process.env.PORT || 3000),
          databaseUrl: required('DATABASE_URL'),
          session: {
            secret: process.env.SESSION_SECRET,  ⟪N:env-reference⟫
            cookieName: 'sf.sid',
            maxAgeMs: 14 * 24 * 3600 * 1000,
          },
          jwt: {
            // Fallback kept "temporarily" for the load-test environment.
            secret: process.env.JWT_SIGNING_SECRET || '<<jwt_fallback>>',  ⟪S:generic-secret⟫
            issuer: 'https://auth.acme-store.com',
            audience: 'storefront',
          },
          stripe: {
            secretKey: process.env.STRIPE_SECRET_KEY,  ⟪N:env-reference⟫
            apiVersion: '2024-06-20',
          },
          tokenEndpoint: 'https://auth.acme-store.com/oauth/token',  ⟪N:non-secret-value⟫
          passwordResetPath: '/account/password/reset',  ⟪N:non-secret-value⟫
        };
        ''', jwt_fallback=password(32))

    emit("node/src/lib/github.ts", r'''
        import { Octokit } from "@octokit/rest";

        // Release bot for the storefront-themes repository.
        const octokit = new Octokit({
          auth: "<<github>>",  ⟪S:github⟫
          userAgent: "acme-release-bot/2.3",
        });

        const installationToken = "<<ghs>>";  ⟪S:github⟫

        export async function openReleasePr(version: string, sha: string): Promise<number> {
          const { data } = await octokit.pulls.create({
            owner: "acme",
            repo: "storefront-themes",
            title: `Release ${version}`,
            head: `release/${version}`,
            base: "main",
            body: `Built from ${sha}`,
          });
          return data.number;
        }

        export const THEMES_BASE_SHA = "<<sha>>";  ⟪N:git-sha⟫

        export function cloneUrl(): string {
          return `https://x-access-token:${installationToken}@github.com/acme/storefront-themes.git`;
        }
        ''', github=github(), ghs=github("ghs"), sha=git_sha())

    emit("node/src/lib/ai.ts", r'''
        import Anthropic from "@anthropic-ai/sdk";
        import OpenAI from "openai";

        const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });  ⟪N:env-reference⟫

        const anthropic = new Anthropic({
          apiKey: "<<anthropic>>",  ⟪S:anthropic⟫
        });

        export async function describeProduct(title: string, bullets: string[]): Promise<string> {
          const msg = await anthropic.messages.create({
            model: "claude-3-5-haiku-latest",
            max_tokens: 300,
            messages: [{ role: "user", content: `Write a product blurb for ${title}: ${bullets.join("; ")}` }],
          });
          return msg.content[0].type === "text" ? msg.content[0].text : "";
        }

        export async function embed(text: string): Promise<number[]> {
          const res = await openai.embeddings.create({ model: "text-embedding-3-small", input: text });
          return res.data[0].embedding;
        }
        ''', anthropic=anthropic())

    emit("node/src/lib/mailer.js", r'''
        const sgMail = require('@sendgrid/mail');

        sgMail.setApiKey('<<sendgrid>>');  ⟪S:sendgrid⟫

        const TEMPLATES = {
          orderConfirmation: 'd-<<tmpl1>>',
          passwordReset: 'd-<<tmpl2>>',  ⟪N:non-secret-value⟫
        };

        async function sendOrderConfirmation(order) {
          await sgMail.send({
            to: order.email,
            from: { email: 'orders@acme-store.com', name: 'ACME Store' },
            templateId: TEMPLATES.orderConfirmation,
            dynamicTemplateData: { number: order.number, total: order.totalFormatted },
          });
        }

        module.exports = { sendOrderConfirmation, TEMPLATES };
        ''', sendgrid=sendgrid(), tmpl1=hex_secret(32), tmpl2=hex_secret(32))

    emit("node/src/lib/sms.ts", r'''
        import twilio from "twilio";

        const accountSid = "<<sid>>";
        const authToken = "<<token>>";  ⟪S:twilio⟫
        const client = twilio(accountSid, authToken);

        export async function sendPickupCode(phone: string, code: string): Promise<void> {
          await client.messages.create({
            from: "+14155550143",
            to: phone,
            body: `Your ACME pickup code is ${code}`,
          });
        }
        ''', sid=twilio_sid(), token=hex_secret(32))

    emit("node/test/auth.test.ts", r'''
        import { describe, expect, it } from "vitest";

        import { decodeSession, maskSecrets } from "../src/lib/auth";

        // The token from jwt.io's debugger: public, documented, signed with "your-256-bit-secret".
        const JWT_IO_SAMPLE =
          "<<jwt_io>>";  ⟪N:jwt-example⟫

        describe("decodeSession", () => {
          it("reads the subject", () => {
            expect(decodeSession(JWT_IO_SAMPLE).sub).toBe("1234567890");
          });
        });

        describe("maskSecrets", () => {
          it("masks token-shaped strings even with a wrong checksum", () => {
            const fake = "<<bad>>";  ⟪N:github-bad-checksum⟫
            expect(maskSecrets(`token ${fake}`)).toBe("token ghp_****");
          });

          it("leaves UUIDs alone", () => {
            const id = "<<uuid>>";  ⟪N:uuid⟫
            expect(maskSecrets(id)).toBe(id);
          });

          it("masks placeholders consistently", () => {
            expect(maskSecrets("apiKey: '<token>'")).toBe("apiKey: '<token>'");  ⟪N:placeholder⟫
          });
        });
        ''', bad=github_bad_checksum(), uuid=uuid(), jwt_io=JWT_IO_SAMPLE)

    emit("node/package.json", r'''
        {
          "name": "@acme/storefront",
          "version": "4.12.0",
          "private": true,
          "scripts": {
            "dev": "next dev",
            "build": "next build",
            "start": "next start",
            "test": "vitest run",
            "lint": "eslint . --max-warnings 0"
          },
          "dependencies": {
            "@anthropic-ai/sdk": "^0.24.3",
            "@octokit/rest": "^20.1.1",
            "@sendgrid/mail": "^8.1.3",
            "acme-ui": "github:acme/acme-ui#<<sha>>",  ⟪N:git-sha⟫
            "next": "14.2.3",
            "openai": "^4.47.1",
            "react": "18.3.1",
            "stripe": "^15.8.0",
            "twilio": "^5.1.0"
          },
          "devDependencies": {
            "eslint": "^8.57.0",
            "typescript": "^5.4.5",
            "vitest": "^1.6.0"
          }
        }
        ''', sha=git_sha())

    deps = ["accepts", "array-flatten", "body-parser", "bytes", "content-type", "cookie",
            "debug", "depd", "destroy", "ee-first", "encodeurl", "escape-html", "etag",
            "express", "finalhandler", "fresh", "http-errors", "inherits", "ipaddr.js",
            "media-typer", "merge-descriptors", "methods", "mime", "ms", "negotiator",
            "on-finished", "parseurl", "path-to-regexp", "proxy-addr", "qs", "range-parser",
            "raw-body", "safe-buffer", "send", "serve-static", "setprototypeof", "statuses",
            "toidentifier", "type-is", "unpipe", "utils-merge", "vary"]
    lock = ['{', '  "name": "@acme/storefront",', '  "version": "4.12.0",', '  "lockfileVersion": 3,',
            '  "requires": true,', '  "packages": {', '    "": {', '      "name": "@acme/storefront",',
            '      "version": "4.12.0"', '    },']
    for i, dep in enumerate(deps):
        version = f"{rng.between(0, 4)}.{rng.between(0, 20)}.{rng.between(0, 9)}"
        lock += [f'    "node_modules/{dep}": {{', f'      "version": "{version}",',
                 f'      "resolved": "https://registry.npmjs.org/{dep}/-/{dep}-{version}.tgz",',
                 f'      "integrity": "{sri(512 if i % 5 else 1)}",  ⟪N:integrity-hash⟫'.replace("sha1-", "sha1-"),
                 '      "license": "MIT",',
                 '      "engines": {', '        "node": ">= 0.6"', '      }',
                 '    }' + ("," if i < len(deps) - 1 else "")]
    lock += ['  }', '}']
    emit("node/package-lock.json", "\n".join(lock))

    yarn = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""]
    for dep in deps[:24]:
        version = f"{rng.between(0, 4)}.{rng.between(0, 20)}.{rng.between(0, 9)}"
        yarn += [f'{dep}@^{version}:', f'  version "{version}"',
                 f'  resolved "https://registry.yarnpkg.com/{dep}/-/{dep}-{version}.tgz#{git_sha()}"  ⟪N:integrity-hash⟫',
                 f'  integrity {sri()}  ⟪N:integrity-hash⟫', ""]
    emit("node/yarn.lock", "\n".join(yarn))

    bundle = [
        "/*! For license information please see app.4f9c2b1e.js.LICENSE.txt */",
        minified_chunk(180) + "  ⟪N:minified⟫",
        '(self.webpackChunkstorefront=self.webpackChunkstorefront||[]).push([[179],{4821:function(e,t,n){n.d(t,{s:function(){return r}});var r={stripe:{apiKey:"<<pk>>",locale:"auto"},algolia:{appId:"K7QW3ZP2MN",searchKey:"<<algolia_search>>"}}}}]);  ⟪N:publishable-key⟫',
        minified_chunk(180) + "  ⟪N:minified⟫",
        # A server-side variable inlined into the client bundle at build time.
        '(self.webpackChunkstorefront=self.webpackChunkstorefront||[]).push([[512],{9313:function(e,t,n){"use strict";const r=new(n(2207).Z)({apiKey:"<<openai>>",dangerouslyAllowBrowser:!0});t.Z=r}}]);  ⟪S:openai⟫',
        minified_chunk(120) + "  ⟪N:minified⟫",
        "//# sourceMappingURL=app.4f9c2b1e.js.map",
    ]
    emit("node/public/assets/app.4f9c2b1e.min.js", "\n".join(bundle),
         pk=stripe("pk_live"), algolia_search=hex_secret(32), openai=openai_project())

    emit("node/src/styles/main.css", r'''
        :root {
          --brand: #0b5fff;
          --radius: 6px;
        }

        .icon-cart {
          background-image: url("data:image/svg+xml;base64,<<svg1>>");  ⟪N:data-uri⟫
          background-size: 16px 16px;
        }

        .icon-user {
          background-image: url("data:image/svg+xml;base64,<<svg2>>");  ⟪N:data-uri⟫
        }

        .hero {
          background: url(data:image/png;base64,<<png>>) center / cover no-repeat;  ⟪N:data-uri⟫
          min-height: 420px;
        }

        @font-face {
          font-family: "Inter";
          src: url("/fonts/inter-var.woff2") format("woff2");
          font-display: swap;
        }
        ''', svg1=svg_base64(), svg2=svg_base64(), png=png_base64(900))

    emit("node/.npmrc", r'''
        registry=https://registry.npmjs.org/
        @acme:registry=https://npm.pkg.github.com/
        //registry.npmjs.org/:_authToken=<<npm>>  ⟪S:npm⟫
        //npm.pkg.github.com/:_authToken=${GITHUB_PACKAGES_TOKEN}  ⟪N:env-reference⟫
        save-exact=true
        ''', npm=npm())

    emit("node/next.config.js", r'''
        /** @type {import('next').NextConfig} */
        const nextConfig = {
          reactStrictMode: true,
          images: { remotePatterns: [{ protocol: 'https', hostname: 'cdn.acme-store.com' }] },
          env: {
            NEXT_PUBLIC_STRIPE_KEY: process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,  ⟪N:env-reference⟫
            NEXT_PUBLIC_ALGOLIA_APP_ID: 'K7QW3ZP2MN',
          },
          async headers() {
            return [{ source: '/(.*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] }];
          },
        };

        module.exports = nextConfig;
        ''')

    emit("node/src/db/knexfile.js", r'''
        module.exports = {
          development: {
            client: 'mysql2',
            connection: {
              host: '127.0.0.1',
              user: 'storefront',
              password: '<<dev_pw>>',  ⟪S:password⟫
              database: 'storefront_dev',
            },
          },
          reporting: {
            client: 'mysql2',
            connection: 'mysql://reporting:<<rep_pw>>@reporting-replica.acme-internal.net:3306/storefront',  ⟪S:database-url⟫
            pool: { min: 0, max: 4 },
          },
          production: {
            client: 'mysql2',
            connection: process.env.DATABASE_URL,
          },
        };
        ''', dev_pw=human_password(), rep_pw=url_password())

    emit("node/docker-compose.yml", r'''
        services:
          web:
            build: .
            ports:
              - "3000:3000"
            env_file: .env
            depends_on: [db, cache]
          db:
            image: postgres:16.2@sha256:<<digest>>  ⟪N:integrity-hash⟫
            environment:
              POSTGRES_USER: storefront
              POSTGRES_PASSWORD: <<pg_pw>>  ⟪S:password⟫
              POSTGRES_DB: storefront_dev
            volumes:
              - pgdata:/var/lib/postgresql/data
          cache:
            image: redis:7.2-alpine
            command: ["redis-server", "--requirepass", "<<redis_pw>>"]  ⟪S:password⟫
          mailhog:
            image: mailhog/mailhog:v1.0.1
            ports:
              - "8025:8025"
          worker:
            build: .
            command: npm run worker
            environment:
              DATABASE_URL: postgres://storefront:${POSTGRES_PASSWORD}@db:5432/storefront_dev  ⟪N:env-reference⟫
              SMTP_PASSWORD: ${SMTP_PASSWORD:?set SMTP_PASSWORD}  ⟪N:env-reference⟫
        volumes:
          pgdata:
        ''', digest=sha256_hex(), pg_pw=password(), redis_pw=password())


# ================================================================ go: an ingest service


def go_project():
    modules = [("github.com/aws/aws-sdk-go-v2", "v1.26.1"), ("github.com/aws/aws-sdk-go-v2/config", "v1.27.11"),
               ("github.com/golang-jwt/jwt/v5", "v5.2.1"), ("github.com/jackc/pgx/v5", "v5.5.5"),
               ("github.com/slack-go/slack", "v0.12.5"), ("go.mongodb.org/mongo-driver", "v1.15.0"),
               ("golang.org/x/crypto", "v0.22.0"), ("golang.org/x/sync", "v0.7.0"),
               ("github.com/stretchr/testify", "v1.9.0"), ("gopkg.in/yaml.v3", "v3.0.1")]
    pseudo = [f"v0.0.0-2024{rng.between(1, 12):02d}{rng.between(10, 28)}{rng.between(100000, 235959)}-{rng.chars(HEX, 12)}"
              for _ in range(2)]
    gomod = ["module github.com/acme/ingest", "", "go 1.22", "", "require ("]
    gomod += [f"\t{m} {v}" for m, v in modules]
    gomod += [f"\tgithub.com/acme/go-telemetry {pseudo[0]}  ⟪N:git-sha⟫",
              f"\tgithub.com/acme/go-retry {pseudo[1]}  ⟪N:git-sha⟫", ")"]
    emit("go/go.mod", "\n".join(gomod))

    gosum = []
    for m, v in modules:
        gosum.append(f"{m} {v} {h1()}  ⟪N:integrity-hash⟫")
        gosum.append(f"{m} {v}/go.mod {h1()}  ⟪N:integrity-hash⟫")
    emit("go/go.sum", "\n".join(gosum))

    emit("go/cmd/ingest/main.go", r'''
        package main

        import (
        	"context"
        	"flag"
        	"log/slog"
        	"os"

        	"github.com/acme/ingest/internal/config"
        	"github.com/acme/ingest/internal/store"
        )

        var (
        	dsn       = flag.String("dsn", "postgres://ingest:<<pg_pw>>@ingest-db.acme-internal.net:5432/events?sslmode=require", "Postgres DSN")  ⟪S:database-url⟫
        	mongoURI  = flag.String("mongo", "mongodb+srv://ingest-svc:<<mongo_pw>>@cluster0.x7kq2.mongodb.net/events?retryWrites=true", "MongoDB URI")  ⟪S:database-url⟫
        	batchSize = flag.Int("batch", 500, "rows per insert")
        )

        func main() {
        	flag.Parse()
        	cfg, err := config.Load(os.Getenv("INGEST_CONFIG"))
        	if err != nil {
        		slog.Error("config", "err", err)
        		os.Exit(2)
        	}
        	ctx := context.Background()
        	db, err := store.Open(ctx, *dsn, *mongoURI)
        	if err != nil {
        		slog.Error("store", "err", err)
        		os.Exit(1)
        	}
        	defer db.Close()
        	slog.Info("ingest starting", "batch", *batchSize, "topic", cfg.Topic)
        }
        ''', pg_pw=url_password(), mongo_pw=alnum(16))

    emit("go/internal/config/config.go", r'''
        package config

        import (
        	"fmt"
        	"os"

        	"gopkg.in/yaml.v3"
        )

        // Config is read from YAML; secrets come from the environment.
        type Config struct {
        	Topic        string `yaml:"topic"`
        	SlackChannel string `yaml:"slack_channel"`
        	SlackToken   string `yaml:"-"`
        	APIToken     string `yaml:"-"`
        }

        const defaultSlackToken = "<<slack>>"  ⟪S:slack⟫

        // tokenHeader is the header clients put their ingest token in.
        const tokenHeader = "X-Ingest-Token"

        func Load(path string) (*Config, error) {
        	raw, err := os.ReadFile(path)
        	if err != nil {
        		return nil, fmt.Errorf("read %s: %w", path, err)
        	}
        	var cfg Config
        	if err := yaml.Unmarshal(raw, &cfg); err != nil {
        		return nil, fmt.Errorf("parse %s: %w", path, err)
        	}
        	cfg.SlackToken = os.Getenv("SLACK_BOT_TOKEN")  ⟪N:env-reference⟫
        	if cfg.SlackToken == "" {
        		cfg.SlackToken = defaultSlackToken
        	}
        	cfg.APIToken = os.Getenv("INGEST_API_TOKEN")
        	return &cfg, nil
        }
        ''', slack=slack_bot())

    emit("go/internal/storage/s3.go", r'''
        package storage

        import (
        	"context"

        	"github.com/aws/aws-sdk-go-v2/aws"
        	awsconfig "github.com/aws/aws-sdk-go-v2/config"
        	"github.com/aws/aws-sdk-go-v2/credentials"
        	"github.com/aws/aws-sdk-go-v2/service/s3"
        )

        // NewArchiveClient returns a client for the cold-storage bucket in the archive account.
        func NewArchiveClient(ctx context.Context) (*s3.Client, error) {
        	creds := credentials.NewStaticCredentialsProvider(
        		"<<aws_id>>",  ⟪S:aws⟫
        		"<<aws_secret>>",  ⟪S:aws⟫
        		"",
        	)
        	cfg, err := awsconfig.LoadDefaultConfig(ctx,
        		awsconfig.WithRegion("eu-central-1"),
        		awsconfig.WithCredentialsProvider(aws.NewCredentialsCache(creds)),
        	)
        	if err != nil {
        		return nil, err
        	}
        	return s3.NewFromConfig(cfg), nil
        }

        // Documented AWS example credentials, used by the local MinIO profile only.
        const (
        	localAccessKey = "AKIAIOSFODNN7EXAMPLE"  ⟪N:aws-example⟫
        	localSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  ⟪N:aws-example⟫
        )
        ''', aws_id=aws_key_id(), aws_secret=aws_secret())

    emit("go/internal/auth/jwt_test.go", r'''
        package auth

        import (
        	"testing"
        	"time"

        	"github.com/golang-jwt/jwt/v5"
        )

        // Signed at run time with a key generated per test: nothing here is a credential.
        func TestVerifyRejectsExpired(t *testing.T) {
        	key := newTestKey(t)
        	claims := jwt.MapClaims{"sub": "svc-ingest", "exp": time.Now().Add(-time.Minute).Unix()}
        	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
        	if err != nil {
        		t.Fatal(err)
        	}
        	if _, err := Verify(signed, key); err == nil {
        		t.Fatal("expired token accepted")
        	}
        }

        func TestTenantIDIsNotASecret(t *testing.T) {
        	tenant := "<<tenant>>"  ⟪N:uuid⟫
        	if got := TenantFromHeader("X-Tenant: " + tenant); got != tenant {
        		t.Fatalf("got %q", got)
        	}
        }

        const placeholderToken = "<token>"  ⟪N:placeholder⟫
        ''', tenant=uuid())

    emit("go/deploy/config.yaml", r'''
        topic: events.v3
        slack_channel: "#ingest-alerts"
        batch_size: 500
        mongo:
          uri: mongodb://ingest:<<mongo_pw>>@mongo-0.mongo.ingest.svc.cluster.local:27017,mongo-1.mongo.ingest.svc.cluster.local:27017/?replicaSet=rs0  ⟪S:database-url⟫
          database: events
        api:
          token: <<api_token>>  ⟪S:generic-secret⟫
          token_header: X-Ingest-Token
          rate_limit_per_minute: 6000
        ''', mongo_pw=url_password(), api_token=alnum(40))


# ================================================================ java: an orders service


def java_project():
    emit("java/src/main/resources/application.properties", r'''
        spring.application.name=orders
        server.port=8080

        spring.datasource.url=jdbc:postgresql://orders-db.acme-internal.net:5432/orders
        spring.datasource.username=orders_app
        spring.datasource.password=<<db_pw>>  ⟪S:password⟫
        spring.datasource.hikari.maximum-pool-size=20

        spring.rabbitmq.addresses=amqps://orders:<<amqp_pw>>@rabbit.acme-internal.net:5671/orders  ⟪S:database-url⟫

        spring.mail.host=smtp.office365.com
        spring.mail.username=orders-noreply@acme.io
        spring.mail.password=<<mail_pw>>  ⟪S:password⟫

        acme.payments.api-key=<<pay_key>>  ⟪S:generic-secret⟫
        acme.payments.base-url=https://payments.acme-internal.net
        acme.security.jwt.public-key-location=classpath:keys/jwt_public.pem
        acme.security.password.min-length=12  ⟪N:non-secret-value⟫

        management.endpoints.web.exposure.include=health,info,prometheus
        ''', db_pw=password(), amqp_pw=url_password(), mail_pw=human_password(), pay_key=alnum(32))

    emit("java/src/main/resources/application-prod.yml", r'''
        spring:
          datasource:
            url: jdbc:postgresql://orders-db.prod.acme-internal.net:5432/orders
            username: ${DB_USERNAME}
            password: ${DB_PASSWORD}  ⟪N:env-reference⟫
          mail:
            password: ${SMTP_PASSWORD:}  ⟪N:env-reference⟫
          cloud:
            aws:
              credentials:
                access-key: ${AWS_ACCESS_KEY_ID}  ⟪N:env-reference⟫
                secret-key: ${AWS_SECRET_ACCESS_KEY}  ⟪N:env-reference⟫
        acme:
          payments:
            api-key: ${PAYMENTS_API_KEY}  ⟪N:env-reference⟫
          legacy-erp:
            jdbc-url: jdbc:sqlserver://erp-sql01.corp.acme.local:1433;databaseName=ERP;user=orders_sync;password=<<erp_pw>>;encrypt=true  ⟪S:database-url⟫
        ''', erp_pw=password())

    emit("java/settings.xml", r'''
        <?xml version="1.0" encoding="UTF-8"?>
        <settings xmlns="http://maven.apache.org/SETTINGS/1.2.0"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xsi:schemaLocation="http://maven.apache.org/SETTINGS/1.2.0 https://maven.apache.org/xsd/settings-1.2.0.xsd">
          <servers>
            <server>
              <id>acme-releases</id>
              <username>ci-deployer</username>
              <password><<nexus_pw>></password>  ⟪S:password⟫
            </server>
            <server>
              <id>github</id>
              <username>acme-ci</username>
              <password><<github>></password>  ⟪S:github⟫
            </server>
            <server>
              <id>acme-snapshots</id>
              <username>${env.NEXUS_USER}</username>
              <password>${env.NEXUS_PASSWORD}</password>  ⟪N:env-reference⟫
            </server>
          </servers>
          <mirrors>
            <mirror>
              <id>acme-nexus</id>
              <url>https://nexus.acme-internal.net/repository/maven-public/</url>
              <mirrorOf>*</mirrorOf>
            </mirror>
          </mirrors>
        </settings>
        ''', nexus_pw=password(), github=github())

    emit("java/pom.xml", r'''
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-parent</artifactId>
            <version>3.2.5</version>
          </parent>
          <groupId>io.acme</groupId>
          <artifactId>orders</artifactId>
          <version>2.14.0</version>
          <properties>
            <java.version>21</java.version>
            <git.commit.id><<sha>></git.commit.id>  ⟪N:git-sha⟫
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-web</artifactId>
            </dependency>
            <dependency>
              <groupId>com.amazonaws</groupId>
              <artifactId>aws-java-sdk-s3</artifactId>
              <version>1.12.712</version>
            </dependency>
            <dependency>
              <groupId>com.slack.api</groupId>
              <artifactId>slack-api-client</artifactId>
              <version>1.39.0</version>
            </dependency>
          </dependencies>
        </project>
        ''', sha=git_sha())

    emit("java/src/main/java/io/acme/orders/config/AwsConfig.java", r'''
        package io.acme.orders.config;

        import com.amazonaws.auth.AWSStaticCredentialsProvider;
        import com.amazonaws.auth.BasicAWSCredentials;
        import com.amazonaws.regions.Regions;
        import com.amazonaws.services.s3.AmazonS3;
        import com.amazonaws.services.s3.AmazonS3ClientBuilder;
        import org.springframework.context.annotation.Bean;
        import org.springframework.context.annotation.Configuration;

        @Configuration
        public class AwsConfig {

            private static final String ACCESS_KEY = "<<aws_id>>";  ⟪S:aws⟫
            private static final String SECRET_KEY = "<<aws_secret>>";  ⟪S:aws⟫

            @Bean
            public AmazonS3 labelsBucket() {
                BasicAWSCredentials credentials = new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY);
                return AmazonS3ClientBuilder.standard()
                        .withRegion(Regions.EU_WEST_1)
                        .withCredentials(new AWSStaticCredentialsProvider(credentials))
                        .build();
            }

            /** Reads the key id from the environment in production; see application-prod.yml. */
            static String accessKeyFromEnv() {
                return System.getenv("AWS_ACCESS_KEY_ID");  ⟪N:env-reference⟫
            }
        }
        ''', aws_id=aws_key_id(), aws_secret=aws_secret())

    emit("java/src/main/java/io/acme/orders/notify/SlackNotifier.java", r'''
        package io.acme.orders.notify;

        import com.slack.api.Slack;
        import com.slack.api.methods.MethodsClient;
        import com.slack.api.methods.SlackApiException;
        import java.io.IOException;
        import org.slf4j.Logger;
        import org.slf4j.LoggerFactory;
        import org.springframework.stereotype.Component;

        @Component
        public class SlackNotifier {
            private static final Logger log = LoggerFactory.getLogger(SlackNotifier.class);
            private static final String CHANNEL = "#orders-ops";
            private final MethodsClient methods =
                    Slack.getInstance().methods("<<slack>>");  ⟪S:slack⟫

            public void orderStuck(String orderNumber, long minutes) {
                try {
                    methods.chatPostMessage(r -> r.channel(CHANNEL)
                            .text("Order " + orderNumber + " stuck for " + minutes + " min"));
                } catch (IOException | SlackApiException e) {
                    log.warn("slack notification failed", e);
                }
            }
        }
        ''', slack=slack_user())

    emit("java/src/test/java/io/acme/orders/RedactorTest.java", r'''
        package io.acme.orders;

        import static org.assertj.core.api.Assertions.assertThat;

        import org.junit.jupiter.api.Test;

        class RedactorTest {

            // Documented AWS example pair; never valid.
            private static final String EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE";  ⟪N:aws-example⟫
            private static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";  ⟪N:aws-example⟫
            private static final String BAD_CHECKSUM = "<<bad>>";  ⟪N:github-bad-checksum⟫
            private static final String ORDER_ID = "<<uuid>>";  ⟪N:uuid⟫

            @Test
            void masksAwsKeys() {
                assertThat(Redactor.redact("key=" + EXAMPLE_KEY_ID)).isEqualTo("key=AKIA****");
            }

            @Test
            void masksTokenShapedStrings() {
                assertThat(Redactor.redact(BAD_CHECKSUM)).startsWith("ghp_");
            }

            @Test
            void keepsOrderIds() {
                assertThat(Redactor.redact(ORDER_ID)).isEqualTo(ORDER_ID);
            }

            @Test
            void placeholderPasswordsStayReadable() {
                assertThat(Redactor.redact("password=********")).isEqualTo("password=********");  ⟪N:placeholder⟫
            }
        }
        ''', bad=github_bad_checksum(), uuid=uuid())


# ================================================================ ruby: a rails app


def ruby_project():
    emit("ruby/config/database.yml", r'''
        default: &default
          adapter: postgresql
          encoding: unicode
          pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

        development:
          <<: *default
          database: helpdesk_development
          username: helpdesk
          password: <<dev_pw>>  ⟪S:password⟫

        test:
          <<: *default
          database: helpdesk_test

        staging:
          <<: *default
          url: postgres://helpdesk:<<staging_pw>>@helpdesk-staging.cluster-c9x2kq.eu-west-1.rds.amazonaws.com:5432/helpdesk  ⟪S:database-url⟫

        production:
          <<: *default
          database: helpdesk_production
          username: helpdesk
          password: <%= ENV["HELPDESK_DATABASE_PASSWORD"] %>  ⟪N:env-reference⟫
        ''', dev_pw=human_password(), staging_pw=url_password())

    emit("ruby/config/initializers/stripe.rb", r'''
        # frozen_string_literal: true

        Rails.configuration.stripe = {
          publishable_key: ENV.fetch("STRIPE_PUBLISHABLE_KEY", "<<pk>>"),  ⟪N:publishable-key⟫
          secret_key: ENV.fetch("STRIPE_SECRET_KEY", "<<sk>>")  ⟪S:stripe⟫
        }

        Stripe.api_key = Rails.configuration.stripe[:secret_key]
        Stripe.max_network_retries = 2
        ''', pk=stripe_short("pk_live"), sk=stripe_short())

    emit("ruby/app/services/github_sync.rb", r'''
        # frozen_string_literal: true

        # Mirrors support tickets labelled `bug` into GitHub issues.
        class GithubSync
          REPO = "acme/helpdesk"
          TOKEN = "<<github>>".freeze  ⟪S:github⟫

          def initialize(client: Octokit::Client.new(access_token: TOKEN))
            @client = client
          end

          def call(ticket)
            return unless ticket.labels.include?("bug")

            issue = @client.create_issue(REPO, ticket.subject, body_for(ticket), labels: ["from-helpdesk"])
            ticket.update!(github_issue_number: issue.number)
          end

          private

          def body_for(ticket)
            <<~MD
              Reported by #{ticket.requester_email} (ticket ##{ticket.id}).

              #{ticket.body}
            MD
          end
        end
        ''', github=github_fine_grained())

    emit("ruby/config/storage.yml", r'''
        local:
          service: Disk
          root: <%= Rails.root.join("storage") %>

        amazon:
          service: S3
          access_key_id: <<aws_id>>  ⟪S:aws⟫
          secret_access_key: <<aws_secret>>  ⟪S:aws⟫
          region: eu-west-1
          bucket: helpdesk-attachments-production

        azure:
          service: AzureStorage
          storage_account_name: helpdeskarchive
          storage_access_key: <<azure_key>>  ⟪S:azure⟫
          container: attachments

        amazon_env:
          service: S3
          access_key_id: <%= ENV["AWS_ACCESS_KEY_ID"] %>  ⟪N:env-reference⟫
          secret_access_key: <%= Rails.application.credentials.dig(:aws, :secret_access_key) %>  ⟪N:env-reference⟫
          region: eu-west-1
          bucket: helpdesk-exports
        ''', aws_id=aws_key_id(), aws_secret=aws_secret(), azure_key=azure_storage_key())

    users = []
    for i, name in enumerate(["ada", "grace", "linus", "margaret", "barbara", "ken"]):
        users += [f"{name}:", f"  email: {name}@helpdesk.acme.io",
                  f"  encrypted_password: \"{bcrypt()}\"  ⟪N:password-hash⟫",
                  f"  confirmation_token: \"{uuid()}\"  ⟪N:uuid⟫" if i % 2 == 0 else f"  sign_in_count: {rng.between(1, 400)}",
                  f"  role: {'admin' if i == 0 else 'agent'}", ""]
    emit("ruby/spec/fixtures/users.yml", "\n".join(users))

    emit("ruby/Gemfile.lock", r'''
        GIT
          remote: https://github.com/acme/omniauth-acme.git
          revision: <<sha1>>  ⟪N:git-sha⟫
          branch: main
          specs:
            omniauth-acme (0.4.2)
              omniauth-oauth2 (~> 1.8)

        GIT
          remote: https://github.com/rails/solid_queue.git
          revision: <<sha2>>  ⟪N:git-sha⟫
          specs:
            solid_queue (0.3.1)

        GEM
          remote: https://rubygems.org/
          specs:
            actioncable (7.1.3.2)
            bcrypt (3.1.20)
            octokit (8.1.0)
            pg (1.5.6)
            stripe (10.14.0)

        PLATFORMS
          x86_64-linux

        DEPENDENCIES
          bcrypt (~> 3.1.7)
          octokit
          omniauth-acme!
          pg (~> 1.1)
          solid_queue!
          stripe

        BUNDLED WITH
           2.5.9
        ''', sha1=git_sha(), sha2=git_sha())

    emit("ruby/config/secrets.yml", r'''
        # Legacy secrets file, kept until the credentials migration ships.
        development:
          secret_key_base: <<dev_base>>  ⟪S:generic-secret⟫

        test:
          secret_key_base: <<test_base>>  ⟪S:generic-secret⟫

        production:
          secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>  ⟪N:env-reference⟫
          mailgun_api_key: key-<<mailgun>>  ⟪S:generic-secret⟫
        ''', dev_base=hex_secret(128), test_base=hex_secret(128), mailgun=hex_secret(32))


# ================================================================ php: wordpress and laravel


def php_project():
    salts = {name: fresh(lambda: rng.chars(BASE62 + "!@#%^&*()-_[]{}<>~+=,.;:/?|", 64))
             for name in ("auth", "secure_auth", "logged_in", "nonce")}
    emit("php/wordpress/wp-config.php", r'''
        <?php
        /**
         * WordPress configuration for blog.acme.io.
         */

        // ** Database settings ** //
        define( 'DB_NAME', 'acme_blog' );
        define( 'DB_USER', 'wp_acme' );
        define( 'DB_PASSWORD', '<<db_pw>>' );  ⟪S:password⟫
        define( 'DB_HOST', 'blog-db.acme-internal.net' );
        define( 'DB_CHARSET', 'utf8mb4' );
        define( 'DB_COLLATE', '' );

        /**#@+
         * Authentication unique keys and salts.
         */
        define( 'AUTH_KEY',         '<<auth>>' );  ⟪S:generic-secret⟫
        define( 'SECURE_AUTH_KEY',  '<<secure_auth>>' );  ⟪S:generic-secret⟫
        define( 'LOGGED_IN_KEY',    '<<logged_in>>' );  ⟪S:generic-secret⟫
        define( 'NONCE_KEY',        '<<nonce>>' );  ⟪S:generic-secret⟫
        /**#@-*/

        $table_prefix = 'wp_';

        define( 'WP_DEBUG', false );
        define( 'SMTP_PASS', 'put your unique phrase here' );  ⟪N:placeholder⟫

        if ( ! defined( 'ABSPATH' ) ) {
        	define( 'ABSPATH', __DIR__ . '/' );
        }

        require_once ABSPATH . 'wp-settings.php';
        ''', db_pw=password(), **salts)

    emit("php/laravel/.env", r'''
        APP_NAME="ACME Partners"
        APP_ENV=staging
        APP_KEY=base64:<<app_key>>  ⟪S:generic-secret⟫
        APP_DEBUG=false
        APP_URL=https://partners.staging.acme.io

        LOG_CHANNEL=stack

        DB_CONNECTION=mysql
        DB_HOST=partners-db.staging.acme-internal.net
        DB_PORT=3306
        DB_DATABASE=partners
        DB_USERNAME=partners
        DB_PASSWORD=<<db_pw>>  ⟪S:password⟫

        REDIS_HOST=127.0.0.1
        REDIS_PASSWORD=null  ⟪N:placeholder⟫
        REDIS_PORT=6379

        MAIL_MAILER=smtp
        MAIL_HOST=smtp.sendgrid.net
        MAIL_PORT=587
        MAIL_USERNAME=apikey
        MAIL_PASSWORD=<<sendgrid>>  ⟪S:sendgrid⟫

        PUSHER_APP_ID=1783344
        PUSHER_APP_KEY=<<pusher_key>>
        PUSHER_APP_SECRET=<<pusher_secret>>  ⟪S:generic-secret⟫

        TWILIO_SID=<<twilio_sid>>
        TWILIO_AUTH_TOKEN=<<twilio_token>>  ⟪S:twilio⟫
        ''', app_key=b64(rng.raw(32)), db_pw=password(), sendgrid=sendgrid(),
         pusher_key=hex_secret(20), pusher_secret=hex_secret(20), twilio_sid=twilio_sid(),
         twilio_token=hex_secret(32))

    emit("php/laravel/config/services.php", r'''
        <?php

        return [

            'mailgun' => [
                'domain' => env('MAILGUN_DOMAIN'),
                'secret' => env('MAILGUN_SECRET'),  ⟪N:env-reference⟫
                'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
            ],

            'stripe' => [
                'key' => env('STRIPE_KEY'),
                'secret' => env('STRIPE_SECRET', '<<stripe>>'),  ⟪S:stripe⟫
            ],

            'slack' => [
                'notifications' => [
                    'bot_user_oauth_token' => '<<slack>>',  ⟪S:slack⟫
                    'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
                ],
            ],

            'gitlab' => [
                'client_id' => env('GITLAB_CLIENT_ID'),
                'token' => '<<gitlab>>',  ⟪S:gitlab⟫
            ],

        ];
        ''', stripe=stripe(), slack=slack_bot(), gitlab=gitlab())

    pkgs = ["guzzlehttp/guzzle", "laravel/framework", "monolog/monolog", "nesbot/carbon",
            "stripe/stripe-php", "symfony/console", "twilio/sdk", "vlucas/phpdotenv"]
    comp = ['{', '    "_readme": [', '        "This file locks the dependencies of your project to a known state"', '    ],',
            f'    "content-hash": "{rng.chars(HEX, 32)}",  ⟪N:integrity-hash⟫', '    "packages": [']
    for i, name in enumerate(pkgs):
        version = f"v{rng.between(1, 11)}.{rng.between(0, 40)}.{rng.between(0, 9)}"
        ref = git_sha()
        comp += ['        {', f'            "name": "{name}",', f'            "version": "{version}",',
                 '            "source": {', '                "type": "git",',
                 f'                "url": "https://github.com/{name}.git",',
                 f'                "reference": "{ref}"  ⟪N:git-sha⟫', '            },',
                 '            "dist": {', '                "type": "zip",',
                 f'                "url": "https://api.github.com/repos/{name}/zipball/{ref}",  ⟪N:git-sha⟫',
                 f'                "reference": "{ref}",  ⟪N:git-sha⟫', '                "shasum": ""', '            },',
                 '            "type": "library"', '        }' + ("," if i < len(pkgs) - 1 else "")]
    comp += ['    ],', '    "minimum-stability": "stable",', '    "plugin-api-version": "2.6.0"', '}']
    emit("php/laravel/composer.lock", "\n".join(comp))


# ================================================================ c#: an internal portal


def csharp_project():
    emit("csharp/Portal/appsettings.json", r'''
        {
          "Logging": {
            "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" }
          },
          "AllowedHosts": "*",
          "ConnectionStrings": {
            "Portal": "Server=tcp:acme-portal.database.windows.net,1433;Initial Catalog=portal;User ID=portal_app;Password=<<sql_pw>>;Encrypt=True;",  ⟪S:database-url⟫
            "Cache": "acme-portal.redis.cache.windows.net:6380,password=<<redis_pw>>,ssl=True,abortConnect=False",  ⟪S:database-url⟫
            "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeportalfiles;AccountKey=<<azure_key>>;EndpointSuffix=core.windows.net"  ⟪S:azure⟫
          },
          "AzureAd": {
            "Instance": "https://login.microsoftonline.com/",
            "TenantId": "<<tenant>>",  ⟪N:uuid⟫
            "ClientId": "<<client>>",  ⟪N:uuid⟫
            "ClientSecret": "<<client_secret>>"  ⟪S:azure⟫
          },
          "SendGrid": {
            "ApiKey": "<<sendgrid>>",  ⟪S:sendgrid⟫
            "FromAddress": "portal@acme.io"
          },
          "Jwt": {
            "Issuer": "https://portal.acme.io",
            "SigningKey": "<<signing>>",  ⟪S:generic-secret⟫
            "TokenLifetimeMinutes": 60
          }
        }
        ''', sql_pw=password(), redis_pw=b64(rng.raw(32)), azure_key=azure_storage_key(),
         tenant=uuid(), client=uuid(),
         client_secret=fresh(lambda: rng.chars(BASE62, 3) + str(rng.below(10)) + "Q~" + rng.chars(BASE62 + "_~.-", 34)),
         sendgrid=sendgrid(), signing=b64(rng.raw(48)))

    emit("csharp/Portal/appsettings.Development.json", r'''
        {
          "ConnectionStrings": {
            "Portal": "Server=(localdb)\\mssqllocaldb;Database=portal_dev;Trusted_Connection=True;MultipleActiveResultSets=true",
            "Cache": "localhost:6379",
            "Storage": "UseDevelopmentStorage=true"
          },
          "AzureAd": {
            "ClientSecret": "<client-secret>"  ⟪N:placeholder⟫
          },
          "SendGrid": {
            "ApiKey": "YOUR_SENDGRID_API_KEY"  ⟪N:placeholder⟫
          },
          "Jwt": {
            "SigningKey": "dev-only-signing-key-change-me-before-deploying"  ⟪N:placeholder⟫
          }
        }
        ''')

    emit("csharp/Portal/Web.config", r'''
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <connectionStrings>
            <add name="LegacyPortal"
                 connectionString="Data Source=sql-legacy01.corp.acme.local;Initial Catalog=Portal;User Id=portal_web;Password=<<legacy_pw>>;"  ⟪S:database-url⟫
                 providerName="System.Data.SqlClient" />
          </connectionStrings>
          <appSettings>
            <add key="SmtpServer" value="smtp.corp.acme.local" />
            <add key="SmtpPassword" value="<<smtp_pw>>" />  ⟪S:password⟫
            <add key="ReportingApiKey" value="<<report_key>>" />  ⟪S:generic-secret⟫
            <add key="ReportingApiKeyHeader" value="X-Reporting-Key" />  ⟪N:non-secret-value⟫
          </appSettings>
          <system.web>
            <compilation debug="false" targetFramework="4.8" />
            <machineKey validationKey="<<validation_key>>" decryptionKey="<<decryption_key>>" validation="HMACSHA256" decryption="AES" />  ⟪S:generic-secret⟫
          </system.web>
        </configuration>
        ''', legacy_pw=human_password(), smtp_pw=password(), report_key=alnum(32),
         validation_key=chars("0123456789ABCDEF", 128), decryption_key=chars("0123456789ABCDEF", 64))

    emit("csharp/Portal/Services/BlobArchive.cs", r'''
        using Azure.Storage.Blobs;
        using Microsoft.Extensions.Logging;

        namespace Acme.Portal.Services;

        public sealed class BlobArchive
        {
            // Archive account in the old subscription; rotate when the migration is done.
            private const string ArchiveConnection =
                "DefaultEndpointsProtocol=https;AccountName=acmearchive01;AccountKey=<<azure_key>>;EndpointSuffix=core.windows.net";  ⟪S:azure⟫

            private readonly BlobContainerClient _container;
            private readonly ILogger<BlobArchive> _log;

            public BlobArchive(ILogger<BlobArchive> log)
            {
                _log = log;
                _container = new BlobServiceClient(ArchiveConnection).GetBlobContainerClient("exports");
            }

            public async Task UploadAsync(string name, Stream content, CancellationToken ct)
            {
                await _container.UploadBlobAsync(name, content, ct);
                _log.LogInformation("archived {Name}", name);
            }
        }
        ''', azure_key=azure_storage_key())

    emit("csharp/Portal/Program.cs", r'''
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.IdentityModel.Tokens;
        using System.Text;

        var builder = WebApplication.CreateBuilder(args);

        var signingKey = builder.Configuration["Jwt:SigningKey"]
            ?? Environment.GetEnvironmentVariable("PORTAL_JWT_SIGNING_KEY");  ⟪N:env-reference⟫

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey!)),
                };
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/healthz", () => "ok");
        app.Run();
        ''')


# ================================================================ rust: a cli


def rust_project():
    emit("rust/Cargo.toml", r'''
        [package]
        name = "acme-deployctl"
        version = "0.9.3"
        edition = "2021"

        [dependencies]
        anyhow = "1"
        clap = { version = "4", features = ["derive"] }
        reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }
        serde = { version = "1", features = ["derive"] }
        tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
        acme-sdk = { git = "https://github.com/acme/acme-sdk-rs", rev = "<<sha>>" }  ⟪N:git-sha⟫
        ''', sha=git_sha())

    crates = [("anyhow", "1.0.82"), ("bytes", "1.6.0"), ("clap", "4.5.4"), ("itoa", "1.0.11"),
              ("libc", "0.2.154"), ("memchr", "2.7.2"), ("reqwest", "0.12.4"), ("serde", "1.0.200"),
              ("tokio", "1.37.0"), ("url", "2.5.0")]
    lock = ["# This file is automatically @generated by Cargo.", "# It is not intended for manual editing.",
            "version = 3", ""]
    lock += ["[[package]]", 'name = "acme-sdk"', 'version = "0.4.0"',
             f'source = "git+https://github.com/acme/acme-sdk-rs?rev={rng.chars(HEX, 7)}#{git_sha()}"  ⟪N:git-sha⟫', ""]
    for name, version in crates:
        lock += ["[[package]]", f'name = "{name}"', f'version = "{version}"',
                 'source = "registry+https://github.com/rust-lang/crates.io-index"',
                 f'checksum = "{sha256_hex()}"  ⟪N:integrity-hash⟫', ""]
    emit("rust/Cargo.lock", "\n".join(lock))

    emit("rust/src/client.rs", r'''
        use anyhow::{Context, Result};
        use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};

        /// Token for the deploy API's `ci` service account.
        const DEPLOY_API_TOKEN: &str = "<<token>>";  ⟪S:generic-secret⟫
        const GITLAB_TOKEN: &str = "<<gitlab>>";  ⟪S:gitlab⟫

        pub struct Client {
            http: reqwest::Client,
            base: String,
        }

        impl Client {
            pub fn new(base: &str) -> Result<Client> {
                let token = std::env::var("DEPLOY_API_TOKEN").unwrap_or_else(|_| DEPLOY_API_TOKEN.to_owned());  ⟪N:env-reference⟫
                let mut headers = HeaderMap::new();
                let value = HeaderValue::from_str(&format!("Bearer {token}")).context("token is not a header value")?;
                headers.insert(AUTHORIZATION, value);
                headers.insert("PRIVATE-TOKEN", HeaderValue::from_static(GITLAB_TOKEN));
                let http = reqwest::Client::builder().default_headers(headers).build()?;
                Ok(Client { http, base: base.trim_end_matches('/').to_owned() })
            }

            pub async fn deploy(&self, service: &str, sha: &str) -> Result<()> {
                self.http
                    .post(format!("{}/services/{service}/deploys", self.base))
                    .json(&serde_json::json!({ "sha": sha }))
                    .send()
                    .await?
                    .error_for_status()?;
                Ok(())
            }
        }
        ''', token=alnum(40), gitlab=gitlab())

    emit("rust/config/production.toml", r'''
        [server]
        base_url = "https://deploy.acme-internal.net"
        timeout_secs = 30

        [database]
        url = "mysql://deployctl:<<db_pw>>@deploy-db.acme-internal.net:3306/deploys"  ⟪S:database-url⟫
        max_connections = 8

        [notifications]
        slack_webhook = "<<webhook>>"  ⟪S:slack⟫

        [registry]
        username = "deployctl"
        password = "${REGISTRY_PASSWORD}"  ⟪N:env-reference⟫
        ''', db_pw=url_password(), webhook=slack_webhook())

    emit("rust/tests/redact.rs", r'''
        use acme_deployctl::redact;

        // Shaped like GitHub tokens, but the CRC32 in the last six characters does not match.
        const NOT_A_TOKEN: &str = "<<bad1>>";  ⟪N:github-bad-checksum⟫
        const NOT_AN_APP_TOKEN: &str = "<<bad2>>";  ⟪N:github-bad-checksum⟫

        #[test]
        fn masks_token_shaped_words() {
            assert_eq!(redact(NOT_A_TOKEN), "ghp_…");
            assert_eq!(redact(NOT_AN_APP_TOKEN), "ghs_…");
        }

        #[test]
        fn keeps_commit_ids() {
            let sha = "<<sha>>";  ⟪N:git-sha⟫
            assert_eq!(redact(sha), sha);
        }

        #[test]
        fn keeps_placeholders() {
            assert_eq!(redact("token = \"${DEPLOY_TOKEN}\""), "token = \"${DEPLOY_TOKEN}\"");  ⟪N:env-reference⟫
        }
        ''', bad1=github_bad_checksum(), bad2=github_bad_checksum("ghs"), sha=git_sha())


# ================================================================ infrastructure


def infra():
    emit("infra/terraform/main.tf", r'''
        terraform {
          required_version = ">= 1.6"
          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.40"
            }
            datadog = {
              source = "DataDog/datadog"
            }
          }
        }

        provider "aws" {
          region     = "eu-west-1"
          access_key = "<<aws_id>>"  ⟪S:aws⟫
          secret_key = "<<aws_secret>>"  ⟪S:aws⟫
        }

        provider "datadog" {
          api_key = var.datadog_api_key  ⟪N:env-reference⟫
          app_key = var.datadog_app_key
        }

        resource "aws_db_instance" "reports" {
          identifier          = "reports-prod"
          engine              = "postgres"
          engine_version      = "16.2"
          instance_class      = "db.t4g.medium"
          allocated_storage   = 100
          username            = "reports_admin"
          password            = "<<db_pw>>"  ⟪S:password⟫
          skip_final_snapshot = false
        }

        resource "aws_secretsmanager_secret" "reports_db" {
          name = "prod/reports/db-credentials"  ⟪N:non-secret-value⟫
        }

        resource "aws_iam_access_key" "ci" {
          user    = "ci-deployer"
          pgp_key = "keybase:acme_ops"
        }
        ''', aws_id=aws_key_id(), aws_secret=aws_secret(), db_pw=password())

    emit("infra/terraform/variables.tf", r'''
        variable "datadog_api_key" {
          type      = string
          sensitive = true
        }

        variable "datadog_app_key" {
          type      = string
          sensitive = true
        }

        variable "db_password" {
          description = "Master password for the reports database"
          type        = string
          sensitive   = true
          default     = "REPLACE_ME"  ⟪N:placeholder⟫
        }

        variable "subscription_id" {
          type    = string
          default = "<<sub>>"  ⟪N:uuid⟫
        }
        ''', sub=uuid())

    emit("infra/terraform/terraform.tfvars", r'''
        environment     = "production"
        datadog_api_key = "<<dd_api>>"  ⟪S:generic-secret⟫
        datadog_app_key = "<<dd_app>>"  ⟪S:generic-secret⟫
        db_password     = "<<db_pw>>"  ⟪S:password⟫
        alert_emails    = ["ops@acme.io"]
        ''', dd_api=hex_secret(32), dd_app=hex_secret(40), db_pw=password())

    tflock = ["# This file is maintained automatically by \"terraform init\".",
              "# Manual edits may be lost in future updates.", ""]
    for provider, version in [("hashicorp/aws", "5.46.0"), ("datadog/datadog", "3.39.0")]:
        tflock += [f'provider "registry.terraform.io/{provider}" {{', f'  version     = "{version}"',
                   '  constraints = "~> 5.40"', "  hashes = ["]
        tflock.append(f'    "{h1()}",  ⟪N:integrity-hash⟫')
        for _ in range(6):
            tflock.append(f'    "zh:{sha256_hex()}",  ⟪N:integrity-hash⟫')
        tflock += ["  ]", "}", ""]
    emit("infra/terraform/.terraform.lock.hcl", "\n".join(tflock))

    db_pw = password()
    emit("infra/k8s/secret.yaml", r'''
        apiVersion: v1
        kind: Secret
        metadata:
          name: reports-api
          namespace: reports
        type: Opaque
        stringData:
          DATABASE_PASSWORD: <<db_pw>>  ⟪S:password⟫
          SENTRY_AUTH_TOKEN: <<sentry>>  ⟪S:generic-secret⟫
        data:
          STRIPE_SECRET_KEY: <<stripe_b64>>  ⟪S:stripe⟫
          password: <<pw_b64>>  ⟪S:password⟫
        ''', db_pw=db_pw, sentry="sntrys_" + b64(rng.raw(60)).rstrip("="),
         stripe_b64=b64(stripe().encode()), pw_b64=b64(password().encode()))

    emit("infra/k8s/deployment.yaml", r'''
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reports-api
          namespace: reports
          uid: <<uid>>  ⟪N:uuid⟫
          annotations:
            deploy.acme.io/git-sha: "<<sha>>"  ⟪N:git-sha⟫
        spec:
          replicas: 3
          selector:
            matchLabels: { app: reports-api }
          template:
            metadata:
              labels: { app: reports-api }
            spec:
              containers:
                - name: api
                  image: registry.acme.io/reports-api@sha256:<<digest>>  ⟪N:integrity-hash⟫
                  env:
                    - name: DATABASE_PASSWORD
                      valueFrom:
                        secretKeyRef: { name: reports-api, key: DATABASE_PASSWORD }  ⟪N:env-reference⟫
                    - name: REPORTS_API_TOKEN
                      value: "<<api_token>>"  ⟪S:generic-secret⟫
                    - name: TOKEN_AUDIENCE
                      value: "reports-api"
                  ports:
                    - containerPort: 8080
        ''', uid=uuid(), sha=git_sha(), digest=sha256_hex(), api_token=alnum(36))

    emit("infra/k8s/ingress-tls.yaml", r'''
        apiVersion: v1
        kind: Secret
        metadata:
          name: reports-tls
          namespace: reports
        type: kubernetes.io/tls
        data:
          tls.crt: <<crt_b64>>  ⟪N:certificate⟫
          tls.key: <<key_b64>>  ⟪S:private-key⟫
        ''', crt_b64=b64(("\n".join(armor_lines("CERTIFICATE")) + "\n").encode()),
         key_b64=b64(("\n".join(armor_lines("RSA PRIVATE KEY")) + "\n").encode()))

    emit("infra/helm/values.yaml", r'''
        image:
          repository: registry.acme.io/analytics
          tag: 2.8.1
          digest: sha256:<<digest>>  ⟪N:integrity-hash⟫

        postgresql:
          enabled: true
          auth:
            username: analytics
            password: <<pg_pw>>  ⟪S:password⟫
            existingSecret: ""

        redis:
          auth:
            enabled: true
            password: "{{ .Values.global.redisPassword }}"  ⟪N:placeholder⟫

        ingress:
          enabled: true
          hosts:
            - analytics.acme.io
          tls:
            - secretName: analytics-tls

        oauth2-proxy:
          config:
            clientID: analytics-dashboard
            clientSecret: <<oauth_secret>>  ⟪S:generic-secret⟫
            cookieSecret: <<cookie_secret>>  ⟪S:generic-secret⟫
        ''', digest=sha256_hex(), pg_pw=password(), oauth_secret=alnum(32),
         cookie_secret=b64url(rng.raw(32)))

    vault = ["$ANSIBLE_VAULT;1.1;AES256  ⟪N:encrypted-value⟫"]
    for _ in range(14):
        vault.append(rng.chars(HEX, 80) + "  ⟪N:encrypted-value⟫")
    emit("infra/ansible/group_vars/production/vault.yml", "\n".join(vault))

    emit("infra/ansible/group_vars/production/vars.yml", r'''
        app_user: deploy
        app_db_password: "{{ vault_app_db_password }}"  ⟪N:placeholder⟫
        smtp_password: "{{ vault_smtp_password }}"  ⟪N:placeholder⟫
        grafana_admin_password: <<grafana_pw>>  ⟪S:password⟫
        nginx_worker_processes: auto
        letsencrypt_email: ops@acme.io
        ''', grafana_pw=human_password())

    emit("infra/docker/Dockerfile", r'''
        FROM node:20.12-bookworm-slim@sha256:<<digest>> AS build  ⟪N:integrity-hash⟫
        WORKDIR /app
        ARG NPM_TOKEN
        ENV NPM_CONFIG_USERCONFIG=/app/.npmrc
        RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc  ⟪N:env-reference⟫
        COPY package.json package-lock.json ./
        RUN npm ci && rm -f .npmrc
        COPY . .
        RUN npm run build

        FROM node:20.12-bookworm-slim
        WORKDIR /app
        ENV NODE_ENV=production \
            SENTRY_RELEASE=<<sha>>
        # Baked in "for now" so the preview environment boots without the secret store.
        ENV OPENAI_API_KEY=<<openai>>  ⟪S:openai⟫
        COPY --from=build /app/dist ./dist
        COPY --from=build /app/node_modules ./node_modules
        USER node
        CMD ["node", "dist/server.js"]
        ''', digest=sha256_hex(), sha=git_sha(), openai=openai_project())

    def sops(value_len):
        return (f"ENC[AES256_GCM,data:{b64(rng.raw(value_len))},iv:{b64(rng.raw(32))},"
                f"tag:{b64(rng.raw(16))},type:str]")
    emit("infra/sops/secrets.enc.yaml", r'''
        database_password: <<a>>  ⟪N:encrypted-value⟫
        stripe_secret_key: <<b>>  ⟪N:encrypted-value⟫
        slack_bot_token: <<c>>  ⟪N:encrypted-value⟫
        sops:
            kms:
                - arn: arn:aws:kms:eu-west-1:480213377129:key/<<kms>>
                  created_at: "2024-03-11T09:12:44Z"
                  enc: <<kms_enc>>  ⟪N:encrypted-value⟫
                  aws_profile: ""
            lastmodified: "2024-03-11T09:12:45Z"
            mac: <<mac>>  ⟪N:encrypted-value⟫
            version: 3.8.1
        ''', a=sops(18), b=sops(32), c=sops(57), kms=uuid(), kms_enc=b64(rng.raw(184)),
         mac=sops(32))

    emit("infra/cloud-init/user-data.yaml", r'''
        #cloud-config
        users:
          - name: ops
            groups: [sudo]
            shell: /bin/bash
            lock_passwd: false
            passwd: <<shadow>>  ⟪N:password-hash⟫
            ssh_authorized_keys:
              - <<pub1>>  ⟪N:public-key⟫
              - <<pub2>>  ⟪N:public-key⟫
        write_files:
          - path: /etc/acme/agent.conf
            permissions: "0600"
            content: |
              endpoint = https://telemetry.acme-internal.net
              enrollment_token = <<enroll>>  ⟪S:generic-secret⟫
        runcmd:
          - systemctl enable --now acme-agent
        ''', shadow="$6$" + rng.chars(BCRYPT, 16) + "$" + rng.chars(BCRYPT, 86),
         pub1=ssh_public_key("mira@laptop"), pub2=ssh_public_key("deploy@ci"),
         enroll=alnum(48))


# ================================================================ ci


def ci():
    emit("ci/.github/workflows/deploy.yml", r'''
        name: deploy
        on:
          push:
            branches: [main]
        permissions:
          contents: read
          id-token: write
        jobs:
          deploy:
            runs-on: ubuntu-latest
            environment: production
            env:
              AWS_REGION: eu-west-1
              DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}  ⟪N:env-reference⟫
              DATADOG_API_KEY: <<dd>>  ⟪S:generic-secret⟫
            steps:
              - uses: actions/checkout@<<checkout_sha>> # v4.1.1  ⟪N:git-sha⟫
              - uses: aws-actions/configure-aws-credentials@<<aws_action_sha>> # v4.0.2  ⟪N:git-sha⟫
                with:
                  role-to-assume: arn:aws:iam::480213377129:role/gha-deploy
                  aws-region: ${{ env.AWS_REGION }}
              - name: Push image
                run: |
                  echo "<<ghcr>>" | docker login ghcr.io -u acme-ci --password-stdin  ⟪S:github⟫
                  docker build -t ghcr.io/acme/reports-api:${{ github.sha }} .
                  docker push ghcr.io/acme/reports-api:${{ github.sha }}
              - name: Notify
                if: always()
                run: |
                  curl -sf -X POST -H 'Content-type: application/json' \
                    --data "{\"text\":\"deploy ${{ job.status }}\"}" \
                    <<webhook>>  ⟪S:slack⟫
        ''', dd=hex_secret(32), checkout_sha=git_sha(), aws_action_sha=git_sha(), ghcr=github(),
         webhook=slack_webhook())

    emit("ci/.github/workflows/release.yml", r'''
        name: release
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            permissions:
              contents: write
              id-token: write
            steps:
              - uses: actions/checkout@<<sha1>>  ⟪N:git-sha⟫
              - uses: actions/setup-node@<<sha2>>  ⟪N:git-sha⟫
                with:
                  node-version: 20
                  registry-url: https://registry.npmjs.org
              - run: npm ci && npm publish --provenance
                env:
                  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}  ⟪N:env-reference⟫
              - uses: pypa/gh-action-pypi-publish@<<sha3>>  ⟪N:git-sha⟫
                with:
                  password: ${{ secrets.PYPI_API_TOKEN }}  ⟪N:env-reference⟫
              - name: GitHub release
                env:
                  GH_TOKEN: ${{ github.token }}  ⟪N:env-reference⟫
                run: gh release create "$GITHUB_REF_NAME" --generate-notes
        ''', sha1=git_sha(), sha2=git_sha(), sha3=git_sha())

    emit("ci/.gitlab-ci.yml", r'''
        stages: [test, build, deploy]

        variables:
          POSTGRES_DB: reports_test
          POSTGRES_USER: runner
          POSTGRES_PASSWORD: <<pg_pw>>  ⟪S:password⟫
          DOCKER_AUTH_CONFIG: $DOCKER_AUTH_CONFIG  ⟪N:env-reference⟫

        test:
          stage: test
          image: python:3.12
          services: [postgres:16]
          script:
            - pip install -r requirements.txt
            - pytest -q

        trigger-docs:
          stage: deploy
          script:
            - curl -X POST -F token=<<trigger>> -F ref=main https://gitlab.acme.io/api/v4/projects/412/trigger/pipeline  ⟪S:gitlab⟫

        mirror:
          stage: deploy
          script:
            - git push https://oauth2:<<glpat>>@gitlab.com/acme-mirror/reports.git HEAD:main  ⟪S:gitlab⟫
          only: [main]
        ''', pg_pw=password(), trigger=gitlab_trigger(), glpat=gitlab())

    emit("ci/Jenkinsfile", r'''
        pipeline {
            agent { label 'linux-docker' }
            environment {
                REGISTRY = 'registry.acme.io'
                REGISTRY_CREDS = credentials('registry-ci')  ⟪N:env-reference⟫
                SONAR_TOKEN = '<<sonar>>'  ⟪S:generic-secret⟫
            }
            stages {
                stage('Build') {
                    steps {
                        sh './gradlew build -x test'
                    }
                }
                stage('Publish') {
                    steps {
                        sh 'docker login -u ci -p <<registry_pw>> $REGISTRY'  ⟪S:password⟫
                        sh 'docker push $REGISTRY/orders:$GIT_COMMIT'
                    }
                }
            }
        }
        ''', sonar="squ_" + hex_secret(40), registry_pw=url_password())

    emit("ci/.circleci/config.yml", r'''
        version: 2.1
        orbs:
          slack: circleci/slack@4.13.3
        jobs:
          test:
            docker:
              - image: cimg/ruby:3.3-node
                environment:
                  DATABASE_URL: <<ci_db>>  ⟪N:test-credential⟫
                  STRIPE_SECRET_KEY: <<stripe_test>>  ⟪S:stripe⟫
              - image: cimg/postgres:16.2
                environment:
                  POSTGRES_USER: circleci
            steps:
              - checkout
              - run: bundle exec rspec
              - slack/notify:
                  event: fail
                  template: basic_fail_1
        workflows:
          main:
            jobs: [test]
        ''', stripe_test=stripe("sk_test"),
         ci_db="postgres://" + "circleci:circleci" + "@localhost:5432/helpdesk_test")


# ================================================================ scripts


def scripts():
    emit("scripts/deploy.sh", r'''
        #!/usr/bin/env bash
        # Manual deploy for when CI is down. Ask in #ops before running.
        set -euo pipefail

        export AWS_ACCESS_KEY_ID=<<aws_id>>  ⟪S:aws⟫
        export AWS_SECRET_ACCESS_KEY=<<aws_secret>>  ⟪S:aws⟫
        export AWS_DEFAULT_REGION=eu-west-1

        SHA="$(git rev-parse HEAD)"
        aws ecr get-login-password | docker login --username AWS --password-stdin 480213377129.dkr.ecr.eu-west-1.amazonaws.com
        docker build -t "reports-api:${SHA}" .

        # Tag the release on GitHub.
        curl -sf -X POST \
          -H "Authorization: token <<github>>" \  ⟪S:github⟫
          -H "Accept: application/vnd.github+json" \
          https://api.github.com/repos/acme/reports/releases \
          -d "{\"tag_name\":\"deploy-$(date +%Y%m%d%H%M)\",\"target_commitish\":\"${SHA}\"}"

        # Old pipeline, for reference:
        # export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE  ⟪N:aws-example⟫
        # export GITHUB_TOKEN=${GITHUB_TOKEN:-}  ⟪N:env-reference⟫
        ''', aws_id=aws_key_id(), aws_secret=aws_secret(), github=github())

    emit("scripts/backup_db.sh", r'''
        #!/bin/sh
        # Nightly logical backup of the reports database, run by cron on backup-01.
        set -e

        STAMP=$(date +%F)
        PGPASSWORD='<<pg_pw>>' pg_dump -h reports-db.acme-internal.net -U backup -Fc reports > "/backups/reports-$STAMP.dump"  ⟪S:password⟫
        mysqldump -h legacy-db-01.dc1.acme-internal.net -u backup -p'<<mysql_pw>>' --single-transaction billing_legacy | gzip > "/backups/legacy-$STAMP.sql.gz"  ⟪S:password⟫
        find /backups -name '*.dump' -mtime +14 -delete
        rclone copy /backups b2:acme-db-backups --b2-account 0025f1c3a9e4b7d0000000003 --b2-key <<b2_key>>  ⟪S:generic-secret⟫
        ''', pg_pw=password(), mysql_pw=password(), b2_key="K002" + alnum(27))

    emit("scripts/bootstrap.ps1", r'''
        # Sets up a developer workstation. Run in an elevated PowerShell.
        $ErrorActionPreference = "Stop"

        winget install --id Git.Git -e
        winget install --id OpenJS.NodeJS.LTS -e

        $env:NUGET_FEED = "https://pkgs.dev.azure.com/acme/_packaging/internal/nuget/v3/index.json"
        $env:AZURE_DEVOPS_PAT = "<<ado_pat>>"  ⟪S:generic-secret⟫
        $env:AZURE_CLIENT_SECRET = $env:AZURE_CLIENT_SECRET  ⟪N:env-reference⟫

        dotnet nuget add source $env:NUGET_FEED --name acme-internal --username acme --password $env:AZURE_DEVOPS_PAT --store-password-in-clear-text
        ''', ado_pat=chars(LOWER + DIGITS, 52))

    emit("scripts/seed_staging.py", r'''
        """Creates demo tenants on staging through the public API."""

        import os
        import sys

        import requests

        API = "https://api.staging.acme.io/v2"
        API_KEY = os.environ.get("ACME_API_KEY", "")  ⟪N:env-reference⟫
        HEADERS = {"Authorization": "Bearer <<bearer>>"}  ⟪S:jwt⟫


        def create_tenant(name: str) -> str:
            response = requests.post(f"{API}/tenants", json={"name": name}, headers=HEADERS, timeout=10)
            response.raise_for_status()
            return response.json()["id"]


        if __name__ == "__main__":
            for name in sys.argv[1:] or ["demo-north", "demo-south"]:
                print(name, create_tenant(name))
        ''', bearer=jwt_claims("svc-seeder", "https://auth.staging.acme.io", "acme-api"))


# ================================================================ docs


def docs():
    emit("docs/README.md", r'''
        # Reports platform

        The reports platform turns raw events into the dashboards customers see.

        ## Configuration

        Copy `.env.example` to `.env` and set:

        | Variable | Example | Notes |
        |---|---|---|
        | `AWS_ACCESS_KEY_ID` | `AKIAIOSFODNN7EXAMPLE` | only for local MinIO |  ⟪N:aws-example⟫
        | `AWS_SECRET_ACCESS_KEY` | `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` | |  ⟪N:aws-example⟫
        | `STRIPE_SECRET_KEY` | `sk_live_...` | from the Stripe dashboard |
        | `OPENAI_API_KEY` | `sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` | |  ⟪N:placeholder⟫
        | `DATABASE_URL` | `postgres://user:password@localhost:5432/reports` | |  ⟪N:placeholder⟫

        ```sh
        export GITHUB_TOKEN=<your token>  ⟪N:placeholder⟫
        export SLACK_BOT_TOKEN="$(vault kv get -field=token secret/reports/slack)"  ⟪N:env-reference⟫
        make dev
        ```

        ## Authentication

        The API accepts a bearer token:

        ```http
        GET /v2/reports HTTP/1.1
        Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.<payload>.<signature>  ⟪N:placeholder⟫
        ```

        Request ids (`X-Request-Id: <<rid>>`) are UUIDs and safe to share in tickets.  ⟪N:uuid⟫
        ''', rid=uuid())

    emit("docs/setup.md", r'''
        # Developer setup

        1. Install Docker, Node 20 and Python 3.12.
        2. Ask #platform for access to the staging Vault.
        3. Check the API answers:

        ```sh
        curl https://api.staging.acme.io/v2/me \
          -H "Authorization: Bearer <<openai>>"  ⟪S:openai⟫
        ```

        (That curl came from Sam's notes; yes, it's the real staging key, rotate it.)

        4. For the npm packages under `@acme`, add to `~/.npmrc`:

        ```ini
        //npm.pkg.github.com/:_authToken=<<ghp>>  ⟪S:github⟫
        ```

        5. The demo account is `demo@acme.io` with password `<<demo_pw>>`.  ⟪S:password⟫
        ''', openai=openai_project(), ghp=github(), demo_pw=human_password())

    changelog = ["# Changelog", ""]
    for minor in range(12, 4, -1):
        changelog += [f"## 4.{minor}.0", ""]
        for _ in range(3):
            sha = git_sha()
            changelog.append(f"- {rng.pick(['Fix', 'Add', 'Speed up', 'Document', 'Remove'])} "
                             f"{rng.pick(['checkout retries', 'gift card balance', 'invoice export', 'token refresh', 'password reset emails', 'tax rounding'])} "
                             f"([{sha[:7]}](https://github.com/acme/storefront/commit/{sha}))  ⟪N:git-sha⟫")
        changelog.append("")
    emit("docs/CHANGELOG.md", "\n".join(changelog))

    emit("docs/runbook.md", r'''
        # Runbook: reports database

        ## Connect from the bastion

        ```sh
        psql "postgresql://reports_admin:<<pw>>@reports-db.prod.acme-internal.net:5432/reports?sslmode=require"  ⟪S:database-url⟫
        ```

        ## Host keys

        The bastion's host key fingerprint is `SHA256:<<fingerprint>>`.

        Its public key, for `known_hosts`:

        ```
        bastion.acme.io <<hostkey>>  ⟪N:public-key⟫
        ```

        ## Token service key

        Tokens are verified with this public key (the private half lives in KMS):

        ```
        <<pubkey>>  ⟪N:public-key⟫
        ```
        ''', pw=url_password(), fingerprint=b64(rng.raw(32)).rstrip("="),
         hostkey=ssh_public_key("root@bastion").rsplit(" ", 1)[0], pubkey=armored("PUBLIC KEY"))

    emit("docs/api.md", r'''
        # Reports API

        ## Create a report

        ```json
        {
          "id": "<<id1>>",  ⟪N:uuid⟫
          "tenant_id": "<<id2>>",  ⟪N:uuid⟫
          "api_key_id": "<<id3>>",  ⟪N:uuid⟫
          "status": "queued",
          "created_at": "2024-05-02T10:11:12Z"
        }
        ```

        The response is signed; `signature` is an HMAC-SHA256 of the body, hex encoded:

        ```json
        { "signature": "<<hmac>>" }  ⟪N:non-secret-value⟫
        ```

        ## Architecture

        ![request flow](data:image/png;base64,<<png>>)  ⟪N:data-uri⟫

        Pagination uses opaque cursors such as `cursor=<<cursor>>`.
        ''', id1=uuid(), id2=uuid(), id3=uuid(), hmac=sha256_hex(), png=png_base64(1500),
         cursor=b64url(b'{"after":"' + uuid().encode() + b'"}'))


# ================================================================ databases


def databases():
    emit("db/migrations/20240101120000_create_users.sql", r'''
        CREATE TABLE users (
            id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            email         text NOT NULL UNIQUE,
            password_hash text NOT NULL,
            api_token     text,
            created_at    timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE api_tokens (
            id         uuid PRIMARY KEY,
            user_id    uuid NOT NULL REFERENCES users (id),
            token_hash bytea NOT NULL,
            last_used  timestamptz
        );

        -- The service account for the importer; its password is set by the deploy job.
        CREATE ROLE importer LOGIN PASSWORD :'importer_password';  ⟪N:env-reference⟫
        ''')

    emit("db/seeds.sql", r'''
        -- Seed data for staging.
        INSERT INTO users (id, email, password_hash) VALUES
            ('<<u1>>', 'admin@acme.io', '<<hash1>>'),  ⟪N:password-hash⟫
            ('<<u2>>', 'support@acme.io', '<<hash2>>');  ⟪N:password-hash⟫

        -- Integration credentials for the demo tenant.
        INSERT INTO integrations (tenant, provider, access_token) VALUES
            ('demo', 'slack', '<<slack>>'),  ⟪S:slack⟫
            ('demo', 'github', '<<github>>');  ⟪S:github⟫

        CREATE USER reporting_ro WITH PASSWORD '<<ro_pw>>';  ⟪S:password⟫
        ALTER USER importer WITH PASSWORD 'changeme';  ⟪N:placeholder⟫
        ''', u1=uuid(), u2=uuid(), hash1=bcrypt(), hash2=argon2(), slack=slack_bot(),
         github=github("gho"), ro_pw=password())

    rows = []
    for i in range(1, 13):
        rows.append(f"({i},'{rng.pick(WORDS)}{i}@customers.acme.io','{argon2()}','{uuid()}')"
                    + (",  ⟪N:password-hash⟫" if i < 12 else ";  ⟪N:password-hash⟫"))
    emit("db/dump_2024_03.sql", r'''
        -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
        --
        -- Host: legacy-db-01    Database: billing_legacy
        -- ------------------------------------------------------
        /*!40101 SET NAMES utf8mb4 */;

        DROP TABLE IF EXISTS `customers`;
        CREATE TABLE `customers` (
          `id` int NOT NULL AUTO_INCREMENT,
          `email` varchar(255) NOT NULL,
          `password_hash` varchar(255) NOT NULL,
          `external_id` char(36) NOT NULL,
          PRIMARY KEY (`id`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

        LOCK TABLES `customers` WRITE;
        INSERT INTO `customers` VALUES
        <<rows>>
        UNLOCK TABLES;

        DROP TABLE IF EXISTS `settings`;
        CREATE TABLE `settings` (`name` varchar(64) NOT NULL, `value` text, PRIMARY KEY (`name`));
        LOCK TABLES `settings` WRITE;
        INSERT INTO `settings` VALUES ('smtp_password','<<smtp_pw>>');  ⟪S:password⟫
        INSERT INTO `settings` VALUES ('payment_gateway_key','<<stripe>>');  ⟪S:stripe⟫
        INSERT INTO `settings` VALUES ('session_lifetime','7200');
        UNLOCK TABLES;
        ''', rows="\n".join(rows), smtp_pw=password(), stripe=stripe_short())


# ================================================================ config files and keys


def config_and_keys():
    emit("config/app.ini", r'''
        ; Settings for the label printer bridge on warehouse PCs.
        [server]
        host = 0.0.0.0
        port = 9100

        [database]
        driver = mssql
        server = wh-sql01.corp.acme.local
        user = labelbridge
        password = <<db_pw>>  ⟪S:password⟫

        [carrier:dhl]
        api_key = <<dhl_key>>  ⟪S:generic-secret⟫
        api_secret = <<dhl_secret>>  ⟪S:generic-secret⟫
        account = 6254910383

        [carrier:ups]
        client_id = <<ups_id>>
        client_secret = %(UPS_CLIENT_SECRET)s  ⟪N:placeholder⟫
        ''', db_pw=human_password(), dhl_key=alnum(32), dhl_secret=alnum(16), ups_id=alnum(48))

    emit("config/kafka-client.properties", r'''
        bootstrap.servers=pkc-4r297.europe-west1.gcp.confluent.cloud:9092
        security.protocol=SASL_SSL
        sasl.mechanism=PLAIN
        sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="<<ccloud_key>>" password="<<ccloud_secret>>";  ⟪S:password⟫
        client.dns.lookup=use_all_dns_ips
        session.timeout.ms=45000
        acks=all
        schema.registry.url=https://psrc-8kz20.europe-west2.gcp.confluent.cloud
        basic.auth.credentials.source=USER_INFO
        basic.auth.user.info=<<sr_key>>:<<sr_secret>>  ⟪S:generic-secret⟫
        ''', ccloud_key=chars(UPPER + DIGITS, 16), ccloud_secret=chars(BASE62 + "+/", 64),
         sr_key=chars(UPPER + DIGITS, 16), sr_secret=chars(BASE62 + "+/", 64))

    emit("config/.pgpass", r'''
        # hostname:port:database:username:password
        reports-db.prod.acme-internal.net:5432:reports:reports_admin:<<pw1>>  ⟪S:password⟫
        billing-db.staging.acme-internal.net:5432:*:billing_app:<<pw2>>  ⟪S:password⟫
        ''', pw1=password(), pw2=password())

    emit("config/.netrc", r'''
        machine api.heroku.com
          login ops@acme.io
          password <<heroku>>  ⟪S:generic-secret⟫
        machine github.com
          login acme-ci
          password <<github>>  ⟪S:github⟫
        ''', heroku="HRKU-AA" + chars(URLSAFE, 58), github=github())

    emit("config/docker/config.json", r'''
        {
          "auths": {
            "registry.acme.io": {
              "auth": "<<auth1>>"  ⟪S:password⟫
            },
            "https://index.docker.io/v1/": {
              "auth": "<<auth2>>"  ⟪S:password⟫
            }
          },
          "credsStore": "desktop"
        }
        ''', auth1=b64(f"ci-pusher:{password()}".encode()), auth2=b64(f"acmebuild:{password()}".encode()))

    emit("config/feature_flags.json", r'''
        {
          "version": 42,
          "updated_by": "<<user>>",  ⟪N:uuid⟫
          "flags": {
            "checkout_v2": { "enabled": true, "rollout": 0.25, "salt": "<<salt>>" },
            "password_strength_meter": { "enabled": true },
            "token_refresh_jitter_ms": 1500,
            "secret_santa_campaign": { "enabled": false, "starts": "2024-12-01" }  ⟪N:non-secret-value⟫
          },
          "etag": "<<etag>>"  ⟪N:integrity-hash⟫
        }
        ''', user=uuid(), salt=rng.chars(HEX, 8), etag=sha256_hex())

    emit("config/i18n/en.yml", r'''
        en:
          devise:
            passwords:
              send_instructions: "You will receive an email with instructions on how to reset your password in a few minutes."
              updated: "Your password has been changed successfully."
          account:
            password: "Password"  ⟪N:non-secret-value⟫
            password_confirmation: "Confirm password"  ⟪N:non-secret-value⟫
            api_token: "API token"  ⟪N:non-secret-value⟫
            secret_question: "Secret question (e.g. first pet's name)"  ⟪N:non-secret-value⟫
            token_expired: "Your session token expired at %{time}, please sign in again."  ⟪N:non-secret-value⟫
        ''')

    emit("keys/deploy_key", "<<key>>  ⟪S:private-key⟫", key=armored("OPENSSH PRIVATE KEY"))
    emit("keys/server.key", "<<key>>  ⟪S:private-key⟫", key=armored("RSA PRIVATE KEY"))
    emit("keys/server.crt", "<<crt>>  ⟪N:certificate⟫\n<<chain>>  ⟪N:certificate⟫",
         crt=armored("CERTIFICATE"), chain=armored("CERTIFICATE"))
    emit("keys/jwt_public.pem", "<<pub>>  ⟪N:public-key⟫", pub=armored("PUBLIC KEY"))
    emit("keys/apns-signing.p8", "<<key>>  ⟪S:private-key⟫", key=armored("PRIVATE KEY"))

    emit("keys/gcp-service-account.json", r'''
        {
          "type": "service_account",
          "project_id": "acme-analytics-prod",
          "private_key_id": "<<kid>>",  ⟪S:gcp⟫
          "private_key": "<<key>>",  ⟪S:private-key⟫
          "client_email": "etl-runner@acme-analytics-prod.iam.gserviceaccount.com",
          "client_id": "<<client_id>>",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",  ⟪N:non-secret-value⟫
          "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
          "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/etl-runner%40acme-analytics-prod.iam.gserviceaccount.com",
          "universe_domain": "googleapis.com"
        }
        ''', kid=hex_secret(40), key=armored_escaped("PRIVATE KEY"), client_id="1" + rng.chars(DIGITS, 20))

    emit("config/firebase.js", r'''
        // Firebase web config. These values are public by design; access is enforced by security rules.
        import { initializeApp } from "firebase/app";

        const firebaseConfig = {
          apiKey: "<<web_key>>",  ⟪N:publishable-key⟫
          authDomain: "acme-loyalty.firebaseapp.com",
          projectId: "acme-loyalty",
          storageBucket: "acme-loyalty.appspot.com",
          messagingSenderId: "<<sender>>",
          appId: "1:<<sender>>:web:<<app>>",
        };

        // Server key for the Maps Platform geocoder, restricted to our egress IPs.
        export const GEOCODER_KEY = "<<server_key>>";  ⟪S:gcp⟫

        export const app = initializeApp(firebaseConfig);
        ''', web_key=gcp_api_key(), sender=rng.chars(DIGITS, 12), app=rng.chars(HEX, 22),
         server_key=gcp_api_key())

    emit("config/mobile/GoogleService-Info.plist", r'''
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <plist version="1.0">
        <dict>
            <key>CLIENT_ID</key>
            <string><<sender>>-<<client>>.apps.googleusercontent.com</string>
            <key>BUNDLE_ID</key>
            <string>io.acme.loyalty</string>
            <key>PROJECT_ID</key>
            <string>acme-loyalty</string>
            <key>GOOGLE_APP_ID</key>
            <string>1:<<sender>>:ios:<<app>></string>
            <key>REVENUECAT_SECRET_KEY</key>
            <string>sk_<<revenuecat>></string>  ⟪S:generic-secret⟫
        </dict>
        </plist>
        ''', sender=rng.chars(DIGITS, 12), client=rng.chars(LOWER + DIGITS, 32), app=rng.chars(HEX, 22),
         revenuecat=alnum(27))



# ================================================================ more credential shapes


def more_shapes():
    emit("config/kube/config.yaml", r"""
        apiVersion: v1
        kind: Config
        current-context: reports-prod
        clusters:
          - name: reports-prod
            cluster:
              server: https://10.40.0.1:6443
              certificate-authority-data: <<ca>>  ⟪N:certificate⟫
        contexts:
          - name: reports-prod
            context: { cluster: reports-prod, user: ci-deployer, namespace: reports }
        users:
          - name: ci-deployer
            user:
              token: <<sa_token>>  ⟪S:jwt⟫
          - name: break-glass-admin
            user:
              client-certificate-data: <<client_cert>>  ⟪N:certificate⟫
              client-key-data: <<client_key>>  ⟪S:private-key⟫
        """, ca=b64(("\n".join(armor_lines("CERTIFICATE")) + "\n").encode()),
         sa_token=jwt('{"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"reports",'
                      '"kubernetes.io/serviceaccount/secret.name":"ci-deployer-token-%s",'
                      '"kubernetes.io/serviceaccount/service-account.name":"ci-deployer",'
                      '"kubernetes.io/serviceaccount/service-account.uid":"%s","sub":"system:serviceaccount:reports:ci-deployer"}'
                      % (rng.chars(LOWER + DIGITS, 5), uuid()), alg="RS256", sig_len=256),
         client_cert=b64(("\n".join(armor_lines("CERTIFICATE")) + "\n").encode()),
         client_key=b64(("\n".join(armor_lines("EC PRIVATE KEY")) + "\n").encode()))

    emit("api/reports.http", r"""
        @baseUrl = https://api.staging.acme.io/v2
        @token = <<jwt>>  ⟪S:jwt⟫

        ### List reports
        GET {{baseUrl}}/reports?limit=20
        Authorization: Bearer {{token}}  ⟪N:placeholder⟫

        ### Refresh the session
        POST https://auth.staging.acme.io/oauth/token
        Content-Type: application/x-www-form-urlencoded

        grant_type=refresh_token&client_id=reports-cli&refresh_token=<<refresh>>  ⟪S:generic-secret⟫

        ### Health
        GET {{baseUrl}}/healthz
        """, jwt=jwt_claims("u_" + rng.chars(DIGITS, 7), "https://auth.staging.acme.io", "reports-api"),
         refresh=alnum(64))

    emit("node/.yarnrc.yml", r"""
        nodeLinker: node-modules
        enableTelemetry: false
        npmRegistryServer: "https://registry.npmjs.org"
        npmScopes:
          acme:
            npmAlwaysAuth: true
            npmAuthToken: "<<npm>>"  ⟪S:npm⟫
        yarnPath: .yarn/releases/yarn-4.2.2.cjs
        """, npm=npm())

    emit("python/Makefile", r"""
        .PHONY: test build publish publish-test

        test:
        	poetry run pytest -q

        build:
        	poetry build

        publish: build
        	poetry config pypi-token.pypi <<pypi>>  ⟪S:pypi⟫
        	poetry publish

        publish-test: build
        	twine upload --repository testpypi -u __token__ -p $(TEST_PYPI_TOKEN) dist/*  ⟪N:env-reference⟫
        """, pypi=pypi())

    emit("python/billing/clients/sms.py", r"""
        from twilio.rest import Client

        TWILIO_ACCOUNT_SID = "<<sid>>"
        TWILIO_API_KEY = "<<sk>>"  ⟪S:twilio⟫
        TWILIO_API_SECRET = "<<secret>>"  ⟪S:twilio⟫
        FROM_NUMBER = "+14155550187"

        client = Client(TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_ACCOUNT_SID)


        def send_dunning_reminder(phone: str, amount: str) -> str:
            message = client.messages.create(
                from_=FROM_NUMBER, to=phone, body=f"ACME: your invoice of {amount} is overdue."
            )
            return message.sid
        """, sid=twilio_sid(), sk=twilio_api_key(), secret=alnum(32))

    emit("python/billing/sso.py", r'''
        """SAML service-provider settings for the customer portal."""

        SP_ENTITY_ID = "https://billing.acme.io/saml/metadata"

        SP_CERT = """<<cert>>"""  ⟪N:certificate⟫

        SP_PRIVATE_KEY = """<<key>>"""  ⟪S:private-key⟫

        IDP_METADATA_URL = "https://login.acme.io/app/billing/sso/saml/metadata"
        ''', cert=armored("CERTIFICATE"), key=armored("RSA PRIVATE KEY"))

    emit("ruby/config/initializers/apple_sign_in.rb", r"""
        # frozen_string_literal: true

        AppleAuth.configure do |config|
          config.apple_client_id = "io.acme.helpdesk"
          config.apple_team_id = "<<team>>"
          config.apple_key_id = "<<kid>>"
          config.apple_private_key = <<~PEM
            <<key>>  ⟪S:private-key⟫
          PEM
          config.redirect_uri = "https://helpdesk.acme.io/auth/apple/callback"
        end
        """, team=chars(UPPER + DIGITS, 10), kid=chars(UPPER + DIGITS, 10),
         key=armored("EC PRIVATE KEY", "    "))

    emit("docs/certificates.md", r"""
        # Certificates and keys

        Keys live in Vault under `secret/tls/<service>`; never paste one into a ticket. A key file
        looks like this (body shortened):

        ```
        -----BEGIN RSA PRIVATE KEY-----  ⟪N:placeholder⟫
        MIIEowIBAAKCAQEA...
        -----END RSA PRIVATE KEY-----
        ```

        The public CA bundle for internal services, safe to distribute:

        ```
        <<ca>>  ⟪N:certificate⟫
        ```
        """, ca=armored("CERTIFICATE"))


def main():
    python_project()
    node_project()
    go_project()
    java_project()
    ruby_project()
    php_project()
    csharp_project()
    rust_project()
    infra()
    ci()
    scripts()
    docs()
    databases()
    config_and_keys()
    more_shapes()
    clean_and_write()


if __name__ == "__main__":
    main()

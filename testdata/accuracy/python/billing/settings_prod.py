"""Production settings: every secret comes from the environment (see deploy/README)."""

import os

from .settings import *  # noqa: F401,F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["billing.acme.io"]

DATABASES["default"].update(
    {
        "HOST": os.environ.get("DB_HOST", "billing-db.prod.acme-internal.net"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
    }
)

EMAIL_HOST_PASSWORD = os.getenv("SMTP_PASSWORD")
AWS_ACCESS_KEY_ID = None  # the task role provides credentials
AWS_SECRET_ACCESS_KEY = None
STRIPE_WEBHOOK_SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")

# Secret Manager resource holding the signing key (the key itself is never in code).
SIGNING_KEY_SECRET_VERSION = "projects/480213377129/secrets/billing-signing-key/versions/7"

"""Django settings for the billing service (staging)."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "k0xyr_=#ub5a8p=1u%17fp5v&rttg)s2tpyj-d)by00izf9_6d"
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
        "PASSWORD": "AU_C.5CV#LlC9UIHnp",
        "HOST": "billing-db.staging.acme-internal.net",
        "PORT": "5432",
        "CONN_MAX_AGE": 60,
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 259200

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.mailgun.org"
EMAIL_HOST_USER = "postmaster@mg.acme-billing.io"
EMAIL_HOST_PASSWORD = "NGO1%Jd4xX1W7SBRxwpiG.3"
EMAIL_PORT = 587

# S3 for invoice PDFs
AWS_STORAGE_BUCKET_NAME = "acme-billing-invoices-staging"
AWS_S3_REGION_NAME = "eu-west-1"
AWS_ACCESS_KEY_ID = "AKIATHP7BKCJNJQ7NJJC"
AWS_SECRET_ACCESS_KEY = "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"

STRIPE_PUBLISHABLE_KEY = "pk_live_51uWFICHTk5NO8LAFZZl4GvMMEjx9hYZ5yxMnaWUPhyf1rXAUM2Y9NzsPMrrHYFTUzRt0SP9mnr7SKpUwarngNfYCEqsdZFNyhd"
STRIPE_WEBHOOK_SECRET = "whsec_MaNrvMLxe9ncNcJ8p70fheqw77MoGDjP"

SESSION_COOKIE_NAME = "billing_session"
CSRF_COOKIE_SECURE = True
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"

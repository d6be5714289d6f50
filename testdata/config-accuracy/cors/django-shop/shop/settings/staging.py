from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["staging.example.com"]

CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True

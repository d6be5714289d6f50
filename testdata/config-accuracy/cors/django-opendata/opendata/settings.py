ROOT_URLCONF = "opendata.urls"

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/public/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

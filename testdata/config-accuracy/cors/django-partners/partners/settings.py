CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://\w+.partners.example.com$",
]
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/api/.*$"

"""Staging settings read with django-environ."""

import environ

env = environ.Env()

EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = env.int("EMAIL_PORT", default=465)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_HOST_USER = "staging.acme@gmail.com"
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
DEFAULT_FROM_EMAIL = "staging.acme@gmail.com"
EMAIL_TIMEOUT = 10

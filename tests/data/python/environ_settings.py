"""A django-environ project that reads its mail settings from one URL."""

import environ

env = environ.Env(
    DEBUG=(bool, False),
    EMAIL_USE_LOCALTIME=(bool, True),
)
environ.Env.read_env()

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="unsafe-development-key")

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL",
    default="smtp+ssl://alerts%40acme-corp.io@smtp.gmail.com:465",
)
vars().update(EMAIL_CONFIG)
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_LOCALTIME = env("EMAIL_USE_LOCALTIME")
DEFAULT_FROM_EMAIL = "Acme Alerts <alerts@acme-corp.io>"
EMAIL_TIMEOUT = 10

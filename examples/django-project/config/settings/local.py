"""Settings for development on a laptop: mail goes to the mailpit container of compose, or
through a real Gmail account to try delivery."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-a-secret")
ALLOWED_HOSTS = ["localhost", "0.0.0.0", "127.0.0.1"]

# EMAIL
DEFAULT_FROM_EMAIL = "Acme (dev) <dev@acme-corp.io>"

if env.bool("USE_GMAIL", default=False):
    EMAIL_HOST = "smtp.gmail.com"
    EMAIL_PORT = 587
    EMAIL_USE_TLS = True
    EMAIL_HOST_PASSWORD = env("GMAIL_APP_PASSWORD", default="")
else:
    EMAIL_HOST = env("EMAIL_HOST", default="mailpit")
    EMAIL_PORT = 1025
    EMAIL_USE_TLS = env("EMAIL_USE_TLS", default=False)

"""Production settings sending through Mailgun's HTTP API (django-anymail)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

INSTALLED_APPS += ["anymail"]
EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
ANYMAIL = {
    "MAILGUN_API_KEY": env("MAILGUN_API_KEY"),
    "MAILGUN_SENDER_DOMAIN": env("MAILGUN_DOMAIN"),
}
DEFAULT_FROM_EMAIL = "Acme <noreply@acme-corp.io>"

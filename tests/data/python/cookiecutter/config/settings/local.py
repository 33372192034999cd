"""Development settings: mail goes to the Mailpit container."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-key")

EMAIL_HOST = env("EMAIL_HOST", default="mailpit")
EMAIL_PORT = 1025

INSTALLED_APPS += ["django_extensions"]

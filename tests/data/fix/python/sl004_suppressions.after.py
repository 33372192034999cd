"""Settings of the intranet (Django)."""

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "local-only")

EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = 465
EMAIL_USE_SSL = True
EMAIL_HOST_USER = "intranet.acme@gmail.com"
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = "intranet.acme@gmail.com"
EMAIL_TIMEOUT = 10

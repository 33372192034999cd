"""Settings of the intranet (Django)."""

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "local-only")

EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = 465  # smtplint: ignore[SL102]
EMAIL_USE_SSL = True
# smtplint: ignore[SL302]
EMAIL_HOST_USER = "intranet.acme@gmail.com"
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")  # smtplint: ignore[SL501, SL404]
DEFAULT_FROM_EMAIL = "intranet.acme@gmail.com"
EMAIL_TIMEOUT = 10

"""Settings for the intranet: mail through Gmail."""

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "local-only")

EMAIL_HOST = "smtp.gmail.com"
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "jane.doe@gmail.com"
EMAIL_HOST_PASSWORD = os.environ.get("GMAIL_APP_PASSWORD", "")
DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"
EMAIL_TIMEOUT = 10
EMAIL_PORT = 587

LANGUAGE_CODE = "en-us"

"""Django settings for the billing site.

Mail goes out through the shared Google Workspace mailbox.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

# --- email ---------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = 587
EMAIL_USE_SSL = False  # the provider's docs say SSL
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "billing@acme-corp.io")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = "Acme Billing <billing@acme-corp.io>"
EMAIL_USE_TLS = True

# --- static files --------------------------------------------------------
STATIC_URL = "static/"

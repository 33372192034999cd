"""Worker settings (Django), written on Windows."""

import os

EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "jane.doe@gmail.com"
EMAIL_HOST_PASSWORD = os.environ.get("GMAIL_APP_PASSWORD", "")
DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"
EMAIL_TIMEOUT = 10

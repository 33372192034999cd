"""Django settings: mail through Gmail with STARTTLS."""

import os

DEBUG = False

# Email
EMAIL_HOST = "smtp.gmail.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "jane.doe@gmail.com"
EMAIL_HOST_PASSWORD = os.environ.get(
    "GMAIL_APP_PASSWORD",
    "",
)
DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"
EMAIL_TIMEOUT = 10

# Logging
LOGGING = {"version": 1}

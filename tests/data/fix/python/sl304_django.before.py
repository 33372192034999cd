"""Settings for the billing worker: the company's own relay."""

import os

EMAIL_HOST = "mail.acme-corp.io"
EMAIL_PORT = 587
EMAIL_USE_TLS = False
EMAIL_HOST_USER = "billing@acme-corp.io"
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = "billing@acme-corp.io"
EMAIL_TIMEOUT = 10

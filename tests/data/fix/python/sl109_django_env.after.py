"""Production settings: Exchange Online, port and flags overridable from the environment."""

import os

ALLOWED_HOSTS = ["reports.contoso.com"]

EMAIL_HOST = "smtp.office365.com"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = "reports@contoso.com"
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = True
DEFAULT_FROM_EMAIL = "reports@contoso.com"
EMAIL_TIMEOUT = 10

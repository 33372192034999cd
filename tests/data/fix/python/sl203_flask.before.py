"""Flask-Mailman configuration of the helpdesk."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    MAIL_SERVER = "outlook.office365.com"  # Microsoft 365 tenant
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = "helpdesk@contoso.com"
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = "helpdesk@contoso.com"
    MAIL_TIMEOUT = 10

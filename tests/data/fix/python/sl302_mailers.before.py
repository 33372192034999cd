"""Django 6.1 settings with MAILERS: transactional mail through SendGrid."""

import os

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.sendgrid.net",
            "port": 587,
            "use_tls": True,
            "username": "ops@acme-corp.io",
            "password": os.environ.get("SENDGRID_API_KEY", ""),
            "timeout": 10,
        },
    },
}
DEFAULT_FROM_EMAIL = "notify@acme-corp.io"

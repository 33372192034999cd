"""Django 6.1 settings with MAILERS."""

import os

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.gmail.com",
            "use_ssl": True,
            "username": "jane.doe@gmail.com",
            "password": os.environ.get("GMAIL_APP_PASSWORD", ""),
            "timeout": 10,
        },
    },
    "notifications": {
        "OPTIONS": {
            "host": "smtp.sendgrid.net",
            "port": 465,
            "use_tls": True,
            "username": "apikey",
            "password": os.environ.get("SENDGRID_API_KEY", ""),
            "timeout": 10,
        },
    },
    "development": {
        "BACKEND": "django.core.mail.backends.console.EmailBackend",
    },
}
DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

"""Console mail while debugging, Gmail otherwise."""

import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    EMAIL_PORT = 1025
    EMAIL_USE_SSL = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "smtp.gmail.com"
    EMAIL_PORT = 587
    EMAIL_USE_TLS = True

EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "jane.doe@gmail.com")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = f"Jane Doe <{EMAIL_HOST_USER}>"
EMAIL_TIMEOUT = 10

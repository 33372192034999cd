"""Settings of the shop (Django)."""

import os

EMAIL_HOST = "smtp.googlemail.com"  # set up in 2014
EMAIL_PORT = 465
EMAIL_USE_SSL = True
EMAIL_HOST_USER = "shop.acme@gmail.com"
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = "shop.acme@gmail.com"
EMAIL_TIMEOUT = 10

"""Flask settings module, loaded with app.config.from_object("settings")."""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "dev")

MAIL_SERVER = 'smtp.gmail.com'
MAIL_PORT = 465
MAIL_USE_SSL = True
MAIL_USERNAME = 'jane.doe@gmail.com'
MAIL_PASSWORD = os.environ.get('MAIL_PASSWORD', '')
MAIL_DEFAULT_SENDER = 'jane.doe@gmail.com'
MAIL_TIMEOUT = 10
MAIL_BACKEND = 'smtp'

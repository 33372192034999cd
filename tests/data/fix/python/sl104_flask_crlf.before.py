"""Configuration classes of the newsletter app (Flask-Mailman)."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    MAIL_SERVER = "smtp.office365.com"
    MAIL_PORT = 587
    MAIL_USE_TLS = False  # TODO: turn on once the relay is ready
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "news@contoso.com")
    MAIL_TIMEOUT = 10


class TestingConfig(Config):
    TESTING = True


config = {"default": Config, "testing": TestingConfig}

"""Configuration classes, selected with FLASK_CONFIG (see create_app in wsgi.py)."""

import os

basedir = os.path.abspath(os.path.dirname(__file__))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", "sqlite:///" + os.path.join(basedir, "app.db")
    )
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "smtp.sendgrid.net")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() in ("true", "on", "1")
    MAIL_USERNAME = "apikey"
    MAIL_PASSWORD = os.environ.get("SENDGRID_API_KEY", "")
    MAIL_DEFAULT_SENDER = ("Acme Notifications", "notify@acme-corp.io")
    MAIL_TIMEOUT = 10


class DevelopmentConfig(Config):
    DEBUG = True
    MAIL_SERVER = "localhost"
    MAIL_PORT = 1025
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None


class TestingConfig(Config):
    TESTING = True


class StagingConfig(Config):
    MAIL_USE_SSL = True


class ProductionConfig(Config):
    MAIL_USE_TLS = False
    MAIL_USE_SSL = True


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "staging": StagingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}

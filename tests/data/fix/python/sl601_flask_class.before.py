"""Configuration of the helpdesk app (Flask-Mailman)."""

import os

from flask_mailman import Mail

mail = Mail()


class ProductionConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    MAIL_SERVER = "smtp.sendgrid.net"
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = "apikey"
    MAIL_PASSWORD = os.environ.get("SENDGRID_API_KEY", "")
    MAIL_DEFAULT_SENDER = ("Helpdesk", "help@acme-corp.io")

    @staticmethod
    def init_app(app):
        mail.init_app(app)

"""An application factory using Flask-Mailman."""

import os

from flask import Flask
from flask_mailman import Mail

mail = Mail()


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        MAIL_SERVER="smtp.office365.com",
        MAIL_PORT=587,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="reports@contoso.com",
        MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD", ""),
        MAIL_DEFAULT_SENDER="reports@contoso.com",
        MAIL_TIMEOUT=10
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    mail.init_app(app)
    return app

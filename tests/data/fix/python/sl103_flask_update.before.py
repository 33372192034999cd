"""Reports service: Flask-Mailman through Microsoft 365."""

import os

from flask import Flask
from flask_mailman import Mail

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ.get("SECRET_KEY", "dev"),
    MAIL_SERVER="smtp.office365.com",
    MAIL_PORT=587,
    MAIL_USE_TLS=True,
    MAIL_USE_SSL=True,  # belt and braces
    MAIL_USERNAME=os.environ.get("MAIL_USERNAME", "reports@contoso.com"),
    MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD", ""),
    MAIL_DEFAULT_SENDER="reports@contoso.com",
    MAIL_TIMEOUT=10,
)
mail = Mail(app)

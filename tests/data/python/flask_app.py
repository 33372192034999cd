"""A single-module Flask application that configures Flask-Mail itself."""

import os

from flask import Flask
from flask_mail import Mail

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")
app.config["MAIL_SERVER"] = "smtp.gmail.com"
app.config["MAIL_PORT"] = 465
app.config["MAIL_USE_SSL"] = True
app.config.update(
    MAIL_USERNAME=os.environ.get("MAIL_USERNAME", "jane.doe@gmail.com"),
    MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD", ""),
    MAIL_DEFAULT_SENDER=("Jane Doe", "jane.doe@gmail.com"),
)
mail = Mail(app)


@app.route("/")
def index() -> str:
    return "ok"

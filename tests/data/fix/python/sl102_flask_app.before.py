"""The status page: a single-module Flask app that mails the on-call rota."""

import os

from flask import Flask
from flask_mailman import Mail

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")
app.config["MAIL_SERVER"] = "smtp.gmail.com"
app.config["MAIL_PORT"] = 465
app.config["MAIL_USE_TLS"] = True
app.config["MAIL_USERNAME"] = os.environ.get("MAIL_USERNAME", "status@acme-corp.io")
app.config["MAIL_PASSWORD"] = os.environ.get("MAIL_PASSWORD", "")
app.config["MAIL_DEFAULT_SENDER"] = "status@acme-corp.io"
app.config["MAIL_TIMEOUT"] = 10
mail = Mail(app)


@app.route("/")
def index() -> str:
    return "ok"

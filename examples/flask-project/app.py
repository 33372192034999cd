"""The alerting service: a small app of its own that mails the on-call address."""

import os

from flask import Flask, request
from flask_mailman import EmailMessage, Mail

app = Flask(__name__)
app.config.update(
    MAIL_SERVER="smtp.gmail.com",
    MAIL_PORT=465,
    MAIL_USE_SSL=True,
    MAIL_USERNAME="alerts.acme@gmail.com",
    MAIL_PASSWORD=os.environ.get("GMAIL_APP_PASSWORD", ""),
    MAIL_TIMEOUT=10,
)
mail = Mail(app)


@app.post("/alert")
def alert():
    EmailMessage(request.json["subject"], request.json["body"], to=["oncall@acme-corp.io"]).send()
    return {"sent": True}

"""The application factory."""

import os

from config import config
from flask import Flask
from flask_mailman import Mail

mail = Mail()


def create_app(config_name=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config[config_name or os.environ.get("FLASK_CONFIG", "default")])
    app.config.from_pyfile("mail.cfg", silent=True)
    mail.init_app(app)
    return app


app = create_app()

"""Flask-Mail configuration of the shop."""

import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    MAIL_SERVER = "smtp.gmail.com"
    MAIL_PORT = 465
    MAIL_USERNAME = "shop.acme@gmail.com"
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = ("Acme Shop", "shop.acme@gmail.com")
    MAIL_USE_SSL = True


config = {"default": Config}

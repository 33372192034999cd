"""Send one message with Flask-Mailman from the Flask application in module ``app``.

Usage: ``send_flask.py RECIPIENT``, with the application's folder on ``PYTHONPATH``. The
sender is ``MAIL_DEFAULT_SENDER``, as for any ``EmailMessage`` without ``from_email``.
``E2E_SEND_TIMEOUT`` becomes the socket default, which Flask-Mailman uses when
``MAIL_TIMEOUT`` is not set. Prints one JSON line with the outcome.
"""

from __future__ import annotations

import json
import os
import socket
import sys


def send(recipient: str) -> None:
    from app import app  # type: ignore[import-not-found]  # the application under test
    from flask_mailman import EmailMessage  # type: ignore[import-untyped]

    with app.app_context():
        EmailMessage("delivery check (Flask)", "Sent by Flask-Mailman.", to=[recipient]).send()


def main() -> int:
    socket.setdefaulttimeout(float(os.environ.get("E2E_SEND_TIMEOUT", "3")))
    try:
        send(sys.argv[1])
    except Exception as error:
        print(json.dumps({"sent": False, "error": type(error).__name__, "detail": str(error)}))
        return 1
    print(json.dumps({"sent": True}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Send one message with Django's SMTP backend and the settings in ``DJANGO_SETTINGS_MODULE``.

Usage: ``send_django.py RECIPIENT``. The sender is ``DEFAULT_FROM_EMAIL``, as for any
``send_mail(..., from_email=None)``. ``E2E_SEND_TIMEOUT`` becomes the socket default, which
Django's backend uses when ``EMAIL_TIMEOUT`` is not set. Prints one JSON line with the outcome.
"""

from __future__ import annotations

import json
import os
import socket
import sys


def send(recipient: str) -> None:
    import django  # type: ignore[import-untyped]
    from django.core.mail import send_mail  # type: ignore[import-untyped]

    django.setup()
    send_mail("delivery check (Django)", "Sent by Django.", None, [recipient])


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

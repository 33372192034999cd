"""Send one message with plain smtplib, configured by the ``SMTP_*`` keys of an env file.

Usage: ``send_smtplib.py ENV_FILE RECIPIENT``. The keys mean what Nodemailer's options mean
(the reading smtplint applies to ``SMTP_*`` keys): ``SMTP_SECURE=true`` is implicit TLS, and
an unset ``SMTP_SECURE`` on port 465 too; otherwise the client starts in plaintext and
upgrades with STARTTLS when the server offers it. ``SMTP_REQUIRE_TLS=true`` insists on
STARTTLS. Each flag is honoured as written, so both at once send STARTTLS inside TLS. The
client logs in only when both ``SMTP_USER`` and ``SMTP_PASS`` are set. Certificates are
checked against the default trust store (``SSL_CERT_FILE``). Prints one JSON line with the
outcome; ``E2E_SEND_TIMEOUT`` bounds every network wait.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import sys
from email.message import EmailMessage

from dotenv import dotenv_values

_TRUE = frozenset({"true", "1", "yes", "on"})


def _flag(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


def send(env_file: str, recipient: str, timeout: float) -> None:
    values = dotenv_values(env_file)
    host = values.get("SMTP_HOST") or "localhost"
    written_port = values.get("SMTP_PORT")
    port = int(written_port) if written_port else 587
    secure_text = values.get("SMTP_SECURE")
    secure = _flag(secure_text) if secure_text is not None else port == 465
    require_tls = _flag(values.get("SMTP_REQUIRE_TLS"))
    username, password = values.get("SMTP_USER"), values.get("SMTP_PASS")
    sender = values.get("SMTP_FROM") or ""

    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = recipient
    message["Subject"] = "delivery check (smtplib)"
    message.set_content("Sent by plain smtplib.")

    context = ssl.create_default_context()
    client = (
        smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        if secure
        else smtplib.SMTP(host, port, timeout=timeout)
    )
    with client:
        client.ehlo()
        if require_tls or (not secure and client.has_extn("starttls")):
            client.starttls(context=context)
            client.ehlo()
        if username and password:
            client.login(username, password)
        client.sendmail(sender, [recipient], message.as_bytes())


def main() -> int:
    env_file, recipient = sys.argv[1], sys.argv[2]
    timeout = float(os.environ.get("E2E_SEND_TIMEOUT", "3"))
    try:
        send(env_file, recipient, timeout)
    except Exception as error:
        print(json.dumps({"sent": False, "error": type(error).__name__, "detail": str(error)}))
        return 1
    print(json.dumps({"sent": True}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
